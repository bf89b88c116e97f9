"""Reading tables as text and writing outputs atomically, with pyarrow for speed."""

from __future__ import annotations

import csv
import datetime as dt
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from . import limits
from .csv_safety import csv_safe, csv_safe_frame
from .paths import (
    InputError,
    atomic_path,
    check_outputs,
    remove_stale,
    sniff_binary,
    sniff_bytes,
)

__all__ = [
    "CSV_BLOCK_BYTES",
    "CSV_WRITE_BATCH",
    "SPREADSHEET_SUFFIXES",
    "InputError",
    "atomic_path",
    "check_outputs",
    "checked_text",
    "csv_convert_options",
    "csv_header",
    "csv_problem",
    "csv_safe",
    "csv_safe_frame",
    "has_nul",
    "is_spreadsheet",
    "read_text_table",
    "refuse_binary",
    "remove_stale",
    "sniff_binary",
    "write_table",
]

_CSV_BLOCK_ROWS: Final = 1 << 16
CSV_WRITE_BATCH: Final = 1 << 14
"""Rows pyarrow's CSV writer encodes at a time (its default, 1,024, is some 15% slower)."""
SPREADSHEET_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
SPREADSHEET: Final = b"policy_model.spreadsheet"
"""Schema metadata key set on a table read from a spreadsheet (its cells were typed)."""


def is_spreadsheet(path: Path) -> bool:
    """Whether ``path`` is a workbook (Excel or OpenDocument), by its content."""
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary .xls format (or a .doc)
        return path.suffix.lower() in SPREADSHEET_SUFFIXES
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    return bool(names & {"xl/workbook.xml", "xl/workbook.bin", "content.xml"})


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person typed: 14 not 14.0, a date as YYYY-MM-DD."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_spreadsheet(path: Path, sheet: str | None) -> pa.Table:
    """The first sheet (or ``sheet``) of a workbook, every cell as text; no type guessing."""
    try:
        raw = pd.read_excel(
            path, engine="calamine", sheet_name=sheet or 0, header=None, dtype=object,
            na_filter=False,
        )  # fmt: skip
    except ImportError:  # pragma: no cover - python-calamine is a dependency
        raise InputError(path, "reading spreadsheets needs python-calamine") from None
    except ValueError as error:
        if sheet is not None and "not found" in str(error).lower():
            raise InputError(path, f"has no sheet named {sheet!r}") from None
        raise InputError(path, f"not a readable spreadsheet ({error})") from None
    except Exception as error:  # calamine's own errors for corrupt workbooks
        raise InputError(path, f"not a readable spreadsheet ({error})") from None
    rows = [[_cell_text(v) for v in row] for row in raw.itertuples(index=False)]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise InputError(
            path, "the first row of the sheet should name the columns, but it is empty"
        )
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    columns = {}
    for i, name in enumerate(header):
        if name in columns:
            name = f"{name}\x00{i}"  # kept apart here; the header check reports the repeat
        columns[name] = pa.array([r[i] if i < len(r) else "" for r in rows[1:]], pa.string())
    table = pa.table(columns)
    table = table.rename_columns([n.split("\x00")[0] for n in table.column_names])
    return table.replace_schema_metadata({SPREADSHEET: b"1"})


def read_text_table(
    path: Path, *, sheet: str | None = None, max_rows: int = limits.MAX_ROWS
) -> pa.Table:
    """Every column of a CSV, Parquet or spreadsheet file, as text, exactly as written.

    A spreadsheet (``.xlsx``, ``.ods``...) is read from its first sheet, or ``sheet``; its
    cells become the text a person typed (whole numbers without ``.0``, dates as YYYY-MM-DD).
    A workbook or Parquet file that would expand past ``max_rows`` rows is refused unread
    (``limits``); so is a NUL byte, or a byte that is not UTF-8, anywhere (naming its row and
    column).
    """
    if not path.exists():
        raise InputError(path, "no such file")
    if not path.is_file():
        raise InputError(path, "not a file")
    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty")
    if is_spreadsheet(path):
        if zipfile.is_zipfile(path):
            limits.check_workbook(path, sheet, max_rows)
        return checked_text(_read_spreadsheet(path, sheet), path)
    if sheet is not None:
        raise InputError(path, "--sheet is for spreadsheets (.xlsx, .ods); this is not one")
    with path.open("rb") as f:
        is_parquet = f.read(4) == b"PAR1"
    if is_parquet:
        limits.check_parquet(path, max_rows)
        try:
            table = pq.read_table(path)
            return checked_text(
                pa.table({name: _as_text(table[name]) for name in table.column_names}), path
            )
        except (pa.ArrowException, OSError) as error:
            raise InputError(path, f"not a readable Parquet file ({error})") from None
    refuse_binary(path)
    header = csv_header(path)
    table = None
    for block_size in (None, CSV_BLOCK_BYTES):  # small blocks read on every core; a long field
        try:  # needs a block that holds it
            table = pa_csv.read_csv(
                path,
                read_options=pa_csv.ReadOptions(block_size=block_size) if block_size else None,
                parse_options=CSV_PARSE,
                convert_options=csv_convert_options(header),
            )
            break
        except pa.ArrowInvalid as error:
            if block_size is None and "straddling" in str(error):
                continue
            raise InputError(path, f"not a well-formed CSV file ({csv_problem(error)})") from None
    assert table is not None
    return checked_text(table, path, nul=has_nul(path))


def has_nul(path: Path) -> bool:
    """Whether the file holds a NUL byte anywhere: read a block at a time into one buffer
    (mapping the whole file counted all of it in the process's memory, 1.6 GB at 10M rows)."""
    buffer = bytearray(CSV_BLOCK_BYTES)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(view):
            if buffer.find(b"\x00", 0, n) != -1:
                return True
    return False


CSV_BLOCK_BYTES: Final = 1 << 24
"""CSV is read in blocks of this many bytes; one field may be at most this long."""


def refuse_binary(path: Path) -> None:
    """Refuse a file that is not text (an image, a document...), saying what it looks like."""
    kind = sniff_binary(path)
    if kind == "a binary file":  # a NUL in text: checked_text names its row and column
        with path.open("rb") as f:
            kind = sniff_bytes(f.read(8192).replace(b"\x00", b""))
    if kind and kind != "not UTF-8 text":
        raise InputError(
            path,
            f"not a text table but {kind}; this toolkit reads incident data as CSV, Parquet "
            "or a spreadsheet (.xlsx, .ods) only"
            + ("" if "image" not in kind else ", and never handles imagery"),
        )


def csv_header(path: Path) -> list[str]:
    """The CSV's header row; a byte that is not UTF-8 in it is refused naming the column."""
    with path.open("rb") as f:
        line = f.readline().removeprefix(b"\xef\xbb\xbf")
    raw = next(csv.reader([line.decode("latin-1")]), [])
    header = []
    for number, name in enumerate(raw, start=1):
        try:
            header.append(name.encode("latin-1").decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError(
                path, f"row 1 (the header), column {number}: a byte that is not UTF-8 text; "
                "save the file as UTF-8 CSV",
            ) from None  # fmt: skip
        if "\x00" in name:
            raise InputError(path, f"row 1 (the header), column {number}: a NUL byte")
    if not any(name.strip() for name in header):
        raise InputError(path, "the first line should name the columns, but it is empty")
    return header


CSV_PARSE: Final = pa_csv.ParseOptions(ignore_empty_lines=False)
"""An empty line is a blank row, counted and skipped later, so rows keep their numbers."""


def csv_convert_options(header: list[str]) -> pa_csv.ConvertOptions:
    """Every column read as bytes, checked as UTF-8 text by ``checked_text``."""
    return pa_csv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.binary()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )


def csv_problem(error: Exception) -> str:
    """pyarrow's reason a CSV cannot be read, in words an analyst can act on."""
    said = str(error)
    if "straddling" in said:
        return f"a field is longer than {CSV_BLOCK_BYTES >> 20} MB"
    return said


def checked_text(table: pa.Table, path: Path, first_row: int = 2, *, nul: bool = True) -> pa.Table:
    """``table`` with every column as UTF-8 text; a byte that is not UTF-8, or a NUL byte, is
    refused naming its row (``first_row`` is the table's first row in the file) and column.
    ``nul=False``: the caller knows the file holds no NUL byte (``has_nul``)."""
    columns = []
    for name in table.column_names:
        column = table[name]
        if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
            try:
                column = column.cast(pa.string())
            except pa.ArrowInvalid:
                row = _first_not_utf8(column)
                raise InputError(
                    path, f"row {row + first_row}, {name}: a byte that is not UTF-8 text; "
                    "save the file as UTF-8",
                ) from None  # fmt: skip
        found = pc.match_substring(column, "\x00") if nul else None
        if found is not None and pc.any(found).as_py():
            row = int(np.flatnonzero(found.to_numpy(zero_copy_only=False))[0])
            raise InputError(
                path, f"row {row + first_row}, {name}: a NUL byte, which no text table holds "
                "(the file may be damaged, or not a CSV file)",
            )  # fmt: skip
        columns.append(column)
    return pa.table(columns, names=table.column_names).replace_schema_metadata(
        table.schema.metadata
    )


def _first_not_utf8(column: pa.ChunkedArray) -> int:
    for row, value in enumerate(column.to_pylist()):
        try:
            (value or b"").decode("utf-8")
        except UnicodeDecodeError:
            return row
    return 0


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.cast(pa.string()).fill_null("")


def _write_csv(table: pa.Table, target: Path) -> None:
    """CSV, encoded in row blocks on every core (pyarrow's writer alone uses one), with
    formulas neutralised (``csv_safe``, block by block on the same cores)."""
    blocks = table.to_batches(max_chunksize=_CSV_BLOCK_ROWS) or [table.schema.empty_table()]

    def encode(numbered: tuple[int, pa.RecordBatch | pa.Table]) -> pa.Buffer:
        number, block = numbered
        sink = pa.BufferOutputStream()
        options = pa_csv.WriteOptions(
            include_header=number == 0, quoting_style="needed", batch_size=CSV_WRITE_BATCH
        )
        if isinstance(block, pa.RecordBatch):
            block = pa.Table.from_batches([block])
        pa_csv.write_csv(csv_safe(block), sink, options)
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
