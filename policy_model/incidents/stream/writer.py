"""Blocks of rows as typed Arrow batches, written block by block to a CSV or Parquet file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ...model.columns import AGE_RANGE_COLUMNS, COLUMNS, OUTPUT_COLUMNS, Kind
from .. import files

__all__ = ["Writer", "arrow_types", "as_arrow", "encoders", "is_parquet", "output_schema"]


def arrow_types(df: pd.DataFrame, integers: Sequence[str] = ()) -> pa.Schema:
    """Each column's Arrow type: ages int8, facts boolean, ``integers`` int64, else text."""
    fields = []
    for name in df.columns:
        column = COLUMNS.get(name)
        kind = column.kind if column is not None else None
        if kind == Kind.AGE or name in AGE_RANGE_COLUMNS:
            fields.append(pa.field(name, pa.int8()))
        elif kind == Kind.FACT:
            fields.append(pa.field(name, pa.bool_()))
        elif name in integers:
            fields.append(pa.field(name, pa.int64()))
        else:
            fields.append(pa.field(name, pa.string()))
    return pa.schema(fields)


def as_arrow(df: pd.DataFrame, schema: pa.Schema) -> pa.RecordBatch:
    """``df``'s rows as one batch of ``schema`` (categories and months as text)."""
    columns: list[pa.Array] = []
    for field in schema:
        values = df[field.name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            columns.append(pa.array(values, from_pandas=True).dictionary_decode())
        elif isinstance(values.dtype, pd.PeriodDtype):
            codes, months = pd.factorize(values)
            text = pa.array(months.astype(str).tolist(), pa.string())
            columns.append(text.take(pa.array(codes, mask=codes < 0)))
        else:
            columns.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def output_schema(schema: pa.Schema, order: Sequence[str]) -> pa.Schema:
    """The output's schema: ``schema``'s columns and the outputs (text), in ``order``."""
    types = {f.name: f.type for f in schema} | dict.fromkeys(OUTPUT_COLUMNS, pa.string())
    return pa.schema([pa.field(n, types[n]) for n in order])


_SLICE_ROWS: Final = files.CSV_WRITE_BATCH
"""Rows encoded at a time, each slice a task of its own."""
_WAITING: Final = 4
"""Slices waiting to be encoded or written, an encoder (half a block: with 8, 40 MB more
at the peak; with 2, no faster)."""


def encoders() -> int:
    """How many CSV slices are encoded at once, each on its own thread: the cores but the two
    the reading and the classifying mostly keep busy, and at least one. On 2 cores one
    encoder beside them took 1.8-1.9 s for 1M rows against 1.9-2.6 s with two: a second
    competes for the cores, and holds more fresh memory for the system to clear."""
    return max(1, (os.cpu_count() or 1) - 2)


def is_parquet(path: Path) -> bool:
    """Whether ``path`` is written as Parquet (else CSV)."""
    return path.suffix.lower() == ".parquet"


class Writer:
    """A CSV or Parquet file written block by block (CSV encoded on ``pool`` in slices of
    ``_SLICE_ROWS``, at most ``_WAITING`` slices an encoder waiting)."""

    def __init__(self, path: Path, pool: ThreadPoolExecutor, *, parquet: bool) -> None:
        self.path, self.pool, self.parquet = path, pool, parquet
        self.file = path.open("wb")
        self.pending: list[Future[pa.Buffer]] = []
        self.schema: pa.Schema | None = None
        self.parquet_writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        """Add ``table``'s rows (cast to the first table's schema; a dictionary column is
        written as its values)."""
        if self.parquet:
            table = _decoded(table)
        if self.schema is None:
            self.schema = table.schema
        table = table.cast(self.schema)
        if self.parquet:
            if self.parquet_writer is None:
                self.parquet_writer = pq.ParquetWriter(self.file, self.schema)
            self.parquet_writer.write_table(table)
            return
        # a slice at a time: encoding whole blocks (47 MB of CSV each, grown by doubling)
        # took 0.1 s more and 150 MB more at the peak on 1M rows, with 40% more page faults
        for start in range(0, max(table.num_rows, 1), _SLICE_ROWS):
            header = not self.pending and self.file.tell() == 0
            piece = table.slice(start, _SLICE_ROWS)
            self.pending.append(self.pool.submit(_encode_csv, piece, header))
        while len(self.pending) > encoders() * _WAITING:  # the next waits its turn
            self.file.write(self.pending.pop(0).result())

    def close(self, empty: pa.Schema) -> None:
        """Write what is pending and close; with no rows written, a file of ``empty``'s."""
        if self.schema is None:
            self.write(empty.empty_table())
        for future in self.pending:
            self.file.write(future.result())
        if self.parquet_writer is not None:
            self.parquet_writer.close()
        self.file.close()


def _decoded(table: pa.Table) -> pa.Table:
    for i, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            values = table.column(i).cast(field.type.value_type)
            table = table.set_column(i, field.name, values)
    return table


def _encode_csv(table: pa.Table, header: bool) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    options = pa_csv.WriteOptions(
        include_header=header, quoting_style="needed", batch_size=files.CSV_WRITE_BATCH
    )
    pa_csv.write_csv(files.csv_safe(table), sink, options)
    return sink.getvalue()
