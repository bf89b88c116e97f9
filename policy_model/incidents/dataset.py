"""Load an incident dataset: schema checks, the anonymity guard, typed columns.

Every problem is reported with its row (counting the header as row 1, as a spreadsheet does),
its column and its value. Nothing is dropped silently: a file with problems is refused, or, on
request, its bad rows are set aside with their reasons and counted. Blank rows and a trailing
totals row are not incidents: they are skipped and counted (``blanks``), rows keeping their
numbers.

Without a mapping, what a spreadsheet makes of the dataset is accepted: headers in any case,
spacing or punctuation (``Age Pictured``), a column's label for its name, category values by
slug or label in any case (``Children's social care``), a month as ``Jan-24`` or ``January
2024``, and classify's own output columns (read past: classify recomputes them).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from ..model.columns import AGE_RANGE_COLUMNS, COLUMNS
from ..model.incident import ASSUMED
from . import blanks, files, guard, limits
from .consistency import check_contradictions, check_ranges
from .headers import known, standard_headers
from .id_checks import check_identifying, check_ids
from .mapping import Mapping, apply_mapping, read_mapping
from .mapping import suggest as _suggest
from .problems import FIRST_DATA_ROW as FIRST_DATA_ROW  # kept importable from here
from .problems import UNKNOWN_COLUMN as UNKNOWN_COLUMN
from .problems import Checks, DatasetError, Problem
from .typed_columns import RANGE_MESSAGE, ages, encode, typed

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "DatasetError",
    "Problem",
    "Validation",
    "load_incidents",
    "validate_incidents",
    "validate_table",
]

REQUIRED_COLUMNS: Final = COLUMNS.required
OPTIONAL_COLUMNS: Final = tuple(c for c in COLUMNS if c not in REQUIRED_COLUMNS)
_standard_headers = standard_headers  # kept importable from here (incidents/stream.py)


@dataclasses.dataclass(frozen=True)
class Validation:
    """A checked dataset: the good rows, typed; the bad rows, with their reasons."""

    frame: pd.DataFrame
    rejects: pd.DataFrame
    problems: list[Problem]
    skipped: blanks.Skipped = dataclasses.field(default_factory=blanks.Skipped)
    """Blank rows and a trailing totals row, skipped: neither incidents nor set aside."""

    @property
    def file_problems(self) -> list[Problem]:
        """Problems with the file as a whole (columns, format): no row can be set aside."""
        return [p for p in self.problems if p.row is None]


def validate_table(
    table: pa.Table,
    *,
    allow_columns: Iterable[str] = (),
    first_row: int = FIRST_DATA_ROW,
    earlier_ids: dict[str, int] | None = None,
    skip: tuple[npt.NDArray[np.bool_], blanks.Skipped] | None = None,
) -> Validation:
    """Check a table of text columns; return the typed good rows and the rejected ones.

    A file read in blocks is checked block by block: ``first_row`` is the block's first row
    in the file, and ``earlier_ids`` the ids of earlier blocks that recur, with their first
    row, so that every row is named and every repeated id found as in the whole file.
    ``skip`` gives the rows that are not incidents (``blanks.find`` on the file as read,
    before any mapping); without it, the blank rows and trailing totals row of ``table``.
    """
    allowed_extra = tuple(allow_columns)
    table = standard_headers(table, allowed_extra)
    names = table.column_names
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(
                Problem(
                    None,
                    name,
                    None,
                    "appears more than once in the header (headers are compared ignoring "
                    "case, spaces and punctuation)",
                )
            )
        seen.add(name)
        if name in known():
            continue
        refusal = guard.column_refusal(name)
        if refusal:
            problems.append(Problem(None, name, None, refusal))
        elif name not in allowed_extra:
            problems.append(
                Problem(
                    None,
                    name,
                    None,
                    f"{UNKNOWN_COLUMN}{_suggest(name, COLUMNS)}; remove it, map it in a "
                    "mapping (--mapping), or allow it by name if it holds no identifying "
                    "information",
                )
            )
        elif guard.initials_column(table[name]):
            problems.append(
                Problem(
                    None,
                    name,
                    None,
                    "holds values that look like people's initials, which could identify a "
                    "child even when allowed; remove the column (or list it under drop: in a "
                    "mapping)",
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in names:
            problems.append(Problem(None, name, None, "is a required column and is missing"))
    if skip is None:
        ids = [n for n in ("incident_id", "reported_month") if n in names]
        skip = blanks.find(table, ids=ids, first_row=first_row)
    skipped_rows, skipped = skip
    if table.num_rows == skipped.count and not problems and first_row == FIRST_DATA_ROW:
        only = f": {skipped}" if skipped.count else ""
        problems.append(Problem(None, None, None, f"the file has a header but no incidents{only}"))
    if problems:
        return Validation(pd.DataFrame(), pd.DataFrame(), problems, skipped)

    checks = Checks(table.num_rows, first_row)
    # The id checks and the encoding of every other column run side by side, on every core
    # (pyarrow releases the GIL); only the id checks flag problems meanwhile.
    to_encode = [n for n in known() if n in names and n != "incident_id"]
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        ids_checked = pool.submit(check_ids, table["incident_id"], checks, earlier_ids)
        coded = dict(zip(to_encode, pool.map(lambda n: encode(table[n]), to_encode), strict=True))
        ids_checked.result()
    columns: dict[str, Any] = {"incident_id": table["incident_id"].to_pandas()}
    for name in to_encode:
        if name in AGE_RANGE_COLUMNS:
            columns[name] = ages(coded[name], name, checks, RANGE_MESSAGE)
        else:
            columns[name] = typed(COLUMNS[name], coded[name], checks)
    check_ranges(columns, checks)
    check_contradictions(columns, checks)
    for name in allowed_extra:
        if name in names:
            check_identifying(table[name], name, checks)
            columns[name] = table[name].to_pandas()

    frame = pd.DataFrame(columns)
    ordered = [c for c in names if c in frame.columns]
    frame = frame[ordered]
    if skipped.count:  # not incidents: nothing said about them, and never set aside
        rows = set(skipped.rows)
        checks.problems = [p for p in checks.problems if p.row not in rows]
        checks.bad &= ~skipped_rows
    checks.problems.sort(
        key=lambda p: (p.row or 0, names.index(p.column) if p.column in names else 0)
    )
    good = ~checks.bad & ~skipped_rows
    rejects = table.filter(pa.array(checks.bad)).to_pandas() if checks.bad.any() else pd.DataFrame()
    if len(rejects):
        bad_rows = np.flatnonzero(checks.bad)
        for row, column in checks.withheld:
            rejects.loc[int(np.searchsorted(bad_rows, row)), column] = guard.WITHHELD
        rejects.insert(0, "row", bad_rows + first_row)
        rejects["problems"] = ["; ".join(checks.reasons[r]) for r in bad_rows.tolist()]
    if good.all():
        return Validation(frame, rejects, checks.problems, skipped)
    return Validation(frame[good].reset_index(drop=True), rejects, checks.problems, skipped)


def validate_incidents(
    path: str | Path,
    *,
    allow_columns: Iterable[str] = (),
    mapping: str | Path | Mapping | None = None,
    sheet: str | None = None,
    max_rows: int = limits.MAX_ROWS,
) -> Validation:
    """Read and check a CSV, Parquet or spreadsheet incident file (see ``validate_table``).

    ``mapping`` (a mapping file, or a ``Mapping``) is applied to the text before any check; a
    mistake in the mapping raises ``mapping.MappingError``, naming its line.
    """
    path = Path(path)
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)
    try:
        table = files.read_text_table(path, sheet=sheet, max_rows=max_rows)
    except files.InputError as error:
        return Validation(pd.DataFrame(), pd.DataFrame(), [Problem(None, None, None, error.reason)])
    renamed = mapping.columns if mapping is not None else None
    skip = blanks.find(table, ids=blanks.id_columns(table.column_names, renamed))
    if mapping is not None:
        table = apply_mapping(table, mapping)
    checked = validate_table(table, allow_columns=allow_columns, skip=skip)
    if mapping is not None and mapping.assume:
        checked.frame.attrs[ASSUMED] = dict(mapping.assume)
    return checked


def load_incidents(
    path: str | Path,
    *,
    allow_columns: Iterable[str] = (),
    mapping: str | Path | Mapping | None = None,
    sheet: str | None = None,
) -> pd.DataFrame:
    """The incidents in a CSV, Parquet or spreadsheet file, typed; any problem raises
    ``DatasetError`` (and a mistake in ``mapping``, ``mapping.MappingError``).

    Columns: ``incident_id`` (text), ``reported_month`` (monthly Period), the ages (nullable
    Int8), the facts (nullable boolean), and the categorical columns as pandas Categoricals
    over their slugs; a missing value (pd.NA / NaN) is not known. Blank rows and a trailing
    totals row are skipped: ``frame.attrs["skipped"]`` (a ``blanks.Skipped``) says how many.
    """
    checked = validate_incidents(path, allow_columns=allow_columns, mapping=mapping, sheet=sheet)
    if checked.problems:
        raise DatasetError(str(path), checked.problems)
    frame = checked.frame
    frame.attrs["skipped"] = checked.skipped
    return frame
