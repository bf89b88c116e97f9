"""Limits on what a file may expand to, checked from its directory or metadata before reading.

A small file from a partner agency must not take the machine: a workbook is a zip archive whose
directory says how large each part unpacks, a Parquet file's footer says how many rows it
holds, and both are read before the data. ``--max-rows`` raises the limit.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

import pyarrow as pa
import pyarrow.parquet as pq

from .paths import InputError

__all__ = [
    "BYTES_PER_ROW",
    "MAX_RATIO",
    "MAX_ROWS",
    "check_parquet",
    "check_workbook",
    "text_type",
]

MAX_ROWS: Final = 2_000_000
"""Rows a Parquet file or a workbook may hold unless ``--max-rows`` says more."""
BYTES_PER_ROW: Final = 4096
"""A workbook may unpack to ``max_rows`` times this many bytes (its XML, all parts)."""
MAX_RATIO: Final = 200
"""A part larger than ``_RATIO_FLOOR`` that unpacks to more than this many times its packed size
is a zip bomb: real worksheets pack some 5 to 20 times."""
_RATIO_FLOOR: Final = 16 << 20
_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_CELL: Final = re.compile(r"([A-Z]+)(\d+)")


def _raise_hint(max_rows: int) -> str:
    return f"(the limit is {max_rows:,} rows; --max-rows N raises it if the file is genuine)"


def check_parquet(path: Path, max_rows: int = MAX_ROWS) -> None:
    """Refuse a Parquet file holding more than ``max_rows`` rows (from its footer), or a column
    of a type that is not text, a number, yes/no or a date."""
    try:
        metadata = pq.read_metadata(path)
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError) as error:
        raise InputError(path, f"not a readable Parquet file ({error})") from None
    if metadata.num_rows > max_rows:
        raise InputError(
            path, f"holds {metadata.num_rows:,} rows, more than this toolkit reads by default "
            f"{_raise_hint(max_rows)}",
        )  # fmt: skip
    for field in schema:
        if not text_type(field.type):
            raise InputError(
                path, f"column {field.name!r} is of type {field.type}; incident data holds "
                "text, whole numbers, yes/no and dates only",
            )  # fmt: skip


def text_type(kind: pa.DataType) -> bool:
    """Whether a Parquet column's type reads as text (strings, numbers, booleans, dates)."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_date(kind)
        or pa.types.is_timestamp(kind)
        or pa.types.is_null(kind)
        or pa.types.is_decimal(kind)
    )


def check_workbook(path: Path, sheet: str | None, max_rows: int = MAX_ROWS) -> None:
    """Refuse a workbook that would unpack to more than ``max_rows`` rows' worth of bytes, any
    part of it packed like a zip bomb, a sheet over ``max_rows`` rows, or (for .xlsx) a
    formula cell with no stored value (its value would be read as blank: not known)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > max_rows * BYTES_PER_ROW:
                raise InputError(
                    path, f"unpacks to {unpacked:,} bytes, more than a workbook of "
                    f"{max_rows:,} rows should {_raise_hint(max_rows)}",
                )  # fmt: skip
            for part in parts:
                if part.file_size > _RATIO_FLOOR and part.file_size > MAX_RATIO * max(
                    part.compress_size, 1
                ):
                    raise InputError(
                        path, f"its part {part.filename} unpacks {part.file_size:,} bytes from "
                        f"{part.compress_size:,}: not a genuine workbook (a zip bomb)",
                    )  # fmt: skip
            names = {p.filename for p in parts}
            if "xl/workbook.xml" in names:
                _check_xlsx_sheet(archive, path, sheet, max_rows)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError) as error:
        raise InputError(path, f"not a readable spreadsheet ({error})") from None


def _sheet_part(archive: zipfile.ZipFile, sheet: str | None) -> str | None:
    """The worksheet part (``xl/worksheets/sheet1.xml``) of ``sheet``, or of the first sheet."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = book.findall(f"{{{_MAIN}}}sheets/{{{_MAIN}}}sheet")
    chosen = [s for s in sheets if sheet is None or s.get("name") == sheet][:1]
    if not chosen:
        return None  # calamine says the sheet is missing
    rel_id = chosen[0].get(f"{{{_REL}}}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.findall(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _check_xlsx_sheet(
    archive: zipfile.ZipFile, path: Path, sheet: str | None, max_rows: int
) -> None:
    part = _sheet_part(archive, sheet)
    if part is None or part not in archive.namelist():
        return
    rows = 0
    parent: ElementTree.Element | None = None
    with archive.open(part) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                if tag == "sheetData":
                    parent = element
                continue
            if tag == "dimension":
                last = _CELL.fullmatch(element.get("ref", "").rpartition(":")[2])
                if last and int(last.group(2)) > max_rows + 1:
                    raise InputError(
                        path, f"its sheet holds {int(last.group(2)):,} rows "
                        f"{_raise_hint(max_rows)}",
                    )  # fmt: skip
            elif tag == "c":
                _check_cell(element, path)
            elif tag == "row":
                rows += 1
                if rows > max_rows + 1:
                    raise InputError(path, f"its sheet holds more rows {_raise_hint(max_rows)}")
                if parent is not None:
                    parent.remove(element)  # bounded memory: each row is let go once read


def _check_cell(element: ElementTree.Element, path: Path) -> None:
    """A formula cell must carry its stored value (what the spreadsheet last computed)."""
    children = {child.tag.rpartition("}")[2]: child for child in element}
    if "f" in children and not ("v" in children and (children["v"].text or "")):
        cell = element.get("r", "?")
        match = _CELL.fullmatch(cell)
        where = f"row {match.group(2)}, column {match.group(1)}" if match else f"cell {cell}"
        raise InputError(
            path, f"{where}: a formula with no stored value, which would be read as blank (not "
            "known); open the workbook in a spreadsheet program and save it, or paste the values",
        )  # fmt: skip
