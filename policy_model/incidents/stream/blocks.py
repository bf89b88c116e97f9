"""A CSV or Parquet file read as text, block by block, as ``files.read_text_table`` reads it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .. import files, limits
from ..dataset import FIRST_DATA_ROW

__all__ = ["BLOCK_BYTES", "text_blocks", "with_last"]

BLOCK_BYTES: Final = files.CSV_BLOCK_BYTES
"""The CSV block read at a time (some 100,000 incidents); as ``read_text_table`` reads."""
_PARQUET_ROWS: Final = 1 << 17


def text_blocks(
    path: Path, *, sheet: str | None = None, max_rows: int = limits.MAX_ROWS
) -> Iterator[pa.Table]:
    """Every column of a CSV or Parquet file as text, block by block, as
    ``files.read_text_table`` reads it whole (a spreadsheet is read whole, as one block), with
    the same limits and refusals.

    At least one block is given, perhaps with no rows; a file that cannot be read raises
    ``files.InputError`` with ``read_text_table``'s message.
    """
    if (
        sheet is not None
        or not path.is_file()
        or path.stat().st_size == 0
        or files.is_spreadsheet(path)
    ):
        yield files.read_text_table(path, sheet=sheet, max_rows=max_rows)  # or its refusal
        return
    with path.open("rb") as f:
        is_parquet = f.read(4) == b"PAR1"
    if is_parquet:
        limits.check_parquet(path, max_rows)
        yield from _parquet_blocks(path)
    else:
        files.refuse_binary(path)
        yield from _csv_blocks(path)


def _parquet_blocks(path: Path) -> Iterator[pa.Table]:
    try:
        source = pq.ParquetFile(path)
        batches = source.iter_batches(batch_size=_PARQUET_ROWS)
        empty = True
        row = FIRST_DATA_ROW
        for batch in batches:
            empty = False
            table = pa.table(
                {n: files._as_text(pa.chunked_array([batch[n]])) for n in batch.schema.names}
            )
            yield files.checked_text(table, path, row)
            row += batch.num_rows
        if empty:
            schema = source.schema_arrow
            yield pa.table({n: pa.array([], pa.string()) for n in schema.names})
    except (pa.ArrowException, OSError) as error:
        raise files.InputError(path, f"not a readable Parquet file ({error})") from None


def _csv_blocks(path: Path) -> Iterator[pa.Table]:
    header = files.csv_header(path)
    # a Python file, not the path: given a path, pyarrow reads blocks ahead as fast as it
    # can, whatever the pace they are taken at (memory grew with the file: 0.2 GB more at
    # 1M rows, 0.6 GB at 10M); from a Python file it reads a block when one is taken
    with path.open("rb") as source:
        try:
            reader = pa_csv.open_csv(
                source,
                # one thread: the streaming reader parses a block at a time anyway, and its
                # thread pool made the first block wait 0.2-0.4 s to start (0.03 s without)
                read_options=pa_csv.ReadOptions(block_size=BLOCK_BYTES, use_threads=False),
                parse_options=files.CSV_PARSE,  # an empty line is a blank row, counted
                convert_options=files.csv_convert_options(header),
            )
            empty = True
            row = FIRST_DATA_ROW
            nul = files.has_nul(path)
            for batch in reader:
                empty = False
                yield files.checked_text(pa.Table.from_batches([batch]), path, row, nul=nul)
                row += batch.num_rows
            if empty:
                yield pa.table({n: pa.array([], pa.string()) for n in reader.schema.names})
        except pa.ArrowInvalid as error:
            raise files.InputError(
                path, f"not a well-formed CSV file ({files.csv_problem(error)})"
            ) from None


def with_last(blocks: Iterator[pa.Table]) -> Iterator[tuple[pa.Table, bool]]:
    """Each block, and whether it is the last (where a totals row would be). A totals row
    followed by a whole block of blank rows is not looked for, and so is checked as a row."""
    held: pa.Table | None = None
    for block in blocks:
        if held is not None:
            yield held, False
        held = block
    if held is not None:
        yield held, True
