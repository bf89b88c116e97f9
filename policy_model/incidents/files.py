"""Reading tables as text and writing outputs atomically, with pyarrow for speed."""

from __future__ import annotations

import csv
import datetime as dt
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .paths import InputError, atomic_path, sniff_binary

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "InputError",
    "atomic_path",
    "is_spreadsheet",
    "read_text_table",
    "sniff_binary",
    "write_table",
]

_CSV_BLOCK_ROWS: Final = 1 << 16
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


def read_text_table(path: Path, *, sheet: str | None = None) -> pa.Table:
    """Every column of a CSV, Parquet or spreadsheet file, as text, exactly as written.

    A spreadsheet (``.xlsx``, ``.ods``...) is read from its first sheet, or ``sheet``; its
    cells become the text a person typed (whole numbers without ``.0``, dates as YYYY-MM-DD).
    """
    if not path.exists():
        raise InputError(path, "no such file")
    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty")
    if is_spreadsheet(path):
        return _read_spreadsheet(path, sheet)
    if sheet is not None:
        raise InputError(path, "--sheet is for spreadsheets (.xlsx, .ods); this is not one")
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
            f"not a text table but {kind}; this toolkit reads incident data as CSV, Parquet "
            "or a spreadsheet (.xlsx, .ods) only"
            + ("" if "image" not in kind else ", and never handles imagery"),
        )
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader([f.readline()]), [])
    if not any(name.strip() for name in header):
        raise InputError(path, "the first line should name the columns, but it is empty")
    try:
        return pa_csv.read_csv(
            path,
            # an empty line is a blank row: counted and skipped later, rows keeping their numbers
            parse_options=pa_csv.ParseOptions(ignore_empty_lines=False),
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
