"""A corpus of hostile files, made at test time in a temporary folder (nothing large is
committed): zip-bomb and lying workbooks, run-length Parquet, NUL and non-UTF-8 bytes, a long
header, a header starting "BM", a 10 MB field. Each builds in well under a second.

``python -m tests.hostile DIR`` writes them all into DIR, to try by hand.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .spreadsheets import _FILES, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_incidents.csv"
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>'
)


def sample_lines(rows: int = 20) -> list[str]:
    """The header and the first ``rows`` incidents of the sample dataset, as CSV lines."""
    return SAMPLE.read_text(encoding="utf-8").splitlines()[: rows + 1]


def _workbook(path: Path, sheet: str, *, level: int = 6) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, text in _FILES.items():
            z.writestr(name, text)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def zip_bomb_xlsx(folder: Path, megabytes: int = 32) -> Path:
    """A workbook of about 70 kB whose sheet unpacks to ``megabytes`` MB of XML (blank space
    between rows, which XML allows)."""
    padding = " " * (megabytes << 20)
    sheet = _SHEET.format(dimension="", rows=f'<row r="1"><c r="A1"><v>1</v></c></row>{padding}')
    return _workbook(folder / "bomb.xlsx", sheet, level=1)


def lying_dimension_xlsx(folder: Path, rows: int = 30_000_000) -> Path:
    """A small workbook whose sheet declares ``rows`` rows."""
    sheet = _SHEET.format(
        dimension=f'<dimension ref="A1:M{rows}"/>',
        rows='<row r="1"><c r="A1" t="inlineStr"><is><t>incident_id</t></is></c></row>',
    )
    return _workbook(folder / "tall.xlsx", sheet)


def formula_without_value_xlsx(folder: Path) -> Path:
    """The sample's first rows as a workbook, with one age a formula with no stored value."""
    header, *rows = [line.replace('"', "").split(",") for line in sample_lines(5)]
    path = write_xlsx(folder / "formula.xlsx", [header, *rows])
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("age_pictured")]
    start = sheet.index(f'<c r="{column}4"')
    end = sheet.index("</c>", start) + len("</c>")
    sheet = sheet[:start] + f'<c r="{column}4"><f>B2+1</f></c>' + sheet[end:]
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def run_length_parquet(folder: Path, rows: int, *, columns: int | None = 1) -> Path:
    """``rows`` copies of one incident (its first ``columns`` columns; None: all of them),
    dictionary and run-length encoded: some 60 kB a million rows a column."""
    header = [h.strip('"') for h in sample_lines(1)[0].split(",")][:columns]
    first = [v.strip('"') for v in sample_lines(1)[1].split(",")][:columns]
    indices = pa.array(np.zeros(min(rows, 1 << 20), dtype=np.int8))
    block = pa.table(
        {
            name: pa.DictionaryArray.from_arrays(indices, pa.array([value]))
            for name, value in zip(header, first, strict=True)
        }
    )
    path = folder / "many.parquet"
    with pq.ParquetWriter(path, block.schema) as writer:
        left = rows
        while left:
            writer.write_table(block.slice(0, min(left, block.num_rows)))
            left -= min(left, block.num_rows)
    return path


def struct_parquet(folder: Path) -> Path:
    """The sample's first rows with ``platform`` a struct column."""
    header = [h.strip('"') for h in sample_lines(3)[0].split(",")]
    rows = [[v.strip('"') for v in line.split(",")] for line in sample_lines(3)[1:]]
    columns: dict[str, pa.Array] = {
        name: pa.array([r[i] for r in rows]) for i, name in enumerate(header)
    }
    columns["platform"] = pa.array([{"a": 1}] * len(rows))
    path = folder / "struct.parquet"
    pq.write_table(pa.table(columns), path)
    return path


def binary_parquet(folder: Path) -> Path:
    """The sample's first rows with ``agency`` raw bytes, one of them not UTF-8."""
    header = [h.strip('"') for h in sample_lines(3)[0].split(",")]
    rows = [[v.strip('"') for v in line.split(",")] for line in sample_lines(3)[1:]]
    columns: dict[str, pa.Array] = {
        name: pa.array([r[i] for r in rows]) for i, name in enumerate(header)
    }
    columns["agency"] = pa.array([b"school", b"scho\xffol", b"police"], pa.binary())
    path = folder / "binary.parquet"
    pq.write_table(pa.table(columns), path)
    return path


def _csv(folder: Path, name: str, lines: list[bytes]) -> Path:
    path = folder / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def nul_byte_csv(folder: Path, row: int = 15) -> Path:
    """The sample with a NUL byte in ``incident_id`` in file row ``row`` (header = 1)."""
    lines = [line.encode() for line in sample_lines(row + 5)]
    lines[row - 1] = lines[row - 1].replace(b'",', b'\x00",', 1)
    return _csv(folder, "nul.csv", lines)


def latin1_csv(folder: Path, row: int = 3000) -> Path:
    """The sample (repeated as need be), with a Latin-1 byte in ``incident_id`` in file row
    ``row``."""
    header, *rows = sample_lines(1000)
    lines = [header.encode()] + [rows[i % len(rows)].encode() for i in range(row + 10)]
    lines[row - 1] = lines[row - 1].replace(b'"', b'"\xe9', 1)  # into incident_id's cell
    return _csv(folder, "latin1.csv", lines)


def long_header_csv(folder: Path) -> Path:
    """A header over 8 kB long with a byte that is not UTF-8 near its end."""
    lines = [line.encode() for line in sample_lines(3)]
    lines[0] += b"," + b"x" * 9000 + b",caf\xe9"
    lines[1:] = [line + b",," for line in lines[1:]]
    return _csv(folder, "long_header.csv", lines)


def bm_header_csv(folder: Path) -> Path:
    """A CSV whose first header starts "BM" (a BMP image's first two bytes)."""
    lines = [line.encode() for line in sample_lines(3)]
    lines[0] = b"BM_ref," + lines[0]
    lines[1:] = [b"x," + line for line in lines[1:]]
    return _csv(folder, "bm.csv", lines)


def long_field_csv(folder: Path, megabytes: int = 10) -> Path:
    """A valid CSV with one field of ``megabytes`` MB (in an allowed extra column, ``extra``)."""
    lines = [line.encode() for line in sample_lines(3)]
    lines[0] += b",extra"
    lines[1] += b',"' + b"x" * (megabytes << 20) + b'"'
    lines[2:] = [line + b",y" for line in lines[2:]]
    return _csv(folder, "long_field.csv", lines)


CORPUS: dict[str, Callable[[Path], Path]] = {
    "zip_bomb_xlsx": zip_bomb_xlsx,
    "lying_dimension_xlsx": lying_dimension_xlsx,
    "formula_without_value_xlsx": formula_without_value_xlsx,
    "run_length_parquet": lambda folder: run_length_parquet(folder, 3_000_000),
    "struct_parquet": struct_parquet,
    "binary_parquet": binary_parquet,
    "nul_byte_csv": nul_byte_csv,
    "latin1_csv": latin1_csv,
    "long_header_csv": long_header_csv,
    "bm_header_csv": bm_header_csv,
    "long_field_csv": long_field_csv,
}


if __name__ == "__main__":  # pragma: no cover - by hand
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for make in CORPUS.values():
        print(make(target))
