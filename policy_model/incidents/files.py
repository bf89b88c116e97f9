"""Reading tables as text and writing outputs atomically, with pyarrow for speed."""

from __future__ import annotations

import csv
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .paths import InputError, atomic_path, sniff_binary

__all__ = [
    "InputError",
    "atomic_path",
    "read_text_table",
    "sniff_binary",
    "write_table",
]

_CSV_BLOCK_ROWS: Final = 1 << 16


def read_text_table(path: Path) -> pa.Table:
    """Every column of a CSV or Parquet file, as text, exactly as written."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty")
    with path.open("rb") as f:
        is_parquet = f.read(4) == b"PAR1"
    if is_parquet:
        try:
            table = pq.read_table(path)
        except (pa.ArrowException, OSError) as error:
            raise InputError(path, f"not a readable Parquet file ({error})") from None
        return pa.table({name: _as_text(table[name]) for name in table.column_names})
    kind = sniff_binary(path)
    if kind:
        raise InputError(
            path,
            f"not a text table but {kind}; this toolkit reads CSV or Parquet incident "
            "data only and never handles imagery",
        )
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader([f.readline()]), [])
    if not any(name.strip() for name in header):
        raise InputError(path, "the first line should name the columns, but it is empty")
    try:
        return pa_csv.read_csv(
            path,
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as error:
        raise InputError(path, f"not a well-formed CSV file ({error})") from None


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.cast(pa.string()).fill_null("")


def _write_csv(table: pa.Table, target: Path) -> None:
    """CSV, encoded in row blocks on every core (pyarrow's writer alone uses one)."""
    blocks = table.to_batches(max_chunksize=_CSV_BLOCK_ROWS) or [table.schema.empty_table()]

    def encode(numbered: tuple[int, pa.RecordBatch | pa.Table]) -> pa.Buffer:
        number, block = numbered
        sink = pa.BufferOutputStream()
        options = pa_csv.WriteOptions(include_header=number == 0, quoting_style="needed")
        pa_csv.write_csv(block, sink, options)
        return sink.getvalue()

    with target.open("wb") as f, ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        for encoded in pool.map(encode, enumerate(blocks)):
            f.write(encoded)


def write_table(table: pa.Table | pd.DataFrame, target: Path) -> None:
    """Write CSV or Parquet, by ``target``'s extension, atomically."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(target, "the output must end in .csv or .parquet")
    with atomic_path(target) as temporary:
        if suffix == ".parquet":
            pq.write_table(table, temporary)
        else:
            _write_csv(table, temporary)
