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
import itertools
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, Final, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..engine import frame
from ..model.columns import (
    AGE_RANGE_COLUMNS,
    COLUMNS,
    MAX_AGE,
    MIN_AGE,
    OPEN_VALUE,
    Column,
    Kind,
    range_columns,
)
from ..model.conditions import PICTURED, YOUNGEST
from ..model.incident import (
    ASSUMED,
    CONSTRAINTS,
    ID_PATTERN,
    UNKNOWN_WORDS,
    FactError,
    parse_age,
    parse_fact,
)
from . import blanks, files, guard, limits
from .mapping import REDACTED_DATE, Mapping, apply_mapping, header_key, month_of, read_mapping
from .mapping import suggest as _suggest
from .mapping import value_key as _value_key
from .year_groups import YEAR_GROUPS

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
FIRST_DATA_ROW: Final = 2  # the header is row 1
_SHOWN_ROWS: Final = 3
UNKNOWN_COLUMN: Final = "is not a known column"


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file; ``row`` is None for the file as a whole."""

    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else "", self.column or ""]
        place = ", ".join(w for w in where if w)
        shown = f" {guard.shown(self.value)}" if self.value is not None else ""
        return f"{place}:{shown} {self.message}" if place else self.message


class DatasetError(Exception):
    """A dataset that cannot be used as it is, with every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source, self.problems = source, problems
        super().__init__(self.report())

    def report(self, limit: int = 50) -> str:
        """The problems, each prefixed with the file name: one line per distinct bad value in
        a column (its count and first rows), the known columns once if a header was not
        known, and a summary line.
        """
        lines = [f"{self.source}: {line}" for line in group_problems(self.problems)]
        if len(lines) > limit:
            lines = [*lines[:limit], f"{self.source}: ... and {len(lines) - limit} more lines"]
        if any(p.row is None and UNKNOWN_COLUMN in p.message for p in self.problems):
            lines.append(f"{self.source}: the known columns are {', '.join(COLUMNS)}")
        lines.append(f"{self.source}: {summary_line(self.problems)}")
        return "\n".join(lines)


def group_problems(problems: list[Problem]) -> list[str]:
    """One line per file problem, and per distinct (column, value, message) among rows."""
    groups: dict[tuple[str | None, str | None, str], list[int]] = {}
    lines: list[str | tuple[str | None, str | None, str]] = []
    for problem in problems:
        if problem.row is None:
            lines.append(str(problem))
            continue
        key = (problem.column, problem.value, problem.message)
        if key not in groups:
            groups[key] = []
            lines.append(key)
        groups[key].append(problem.row)
    out = []
    for line in lines:
        if isinstance(line, str):
            out.append(line)
            continue
        rows = groups[line]
        column, value, message = line
        if len(rows) == 1:
            out.append(str(Problem(rows[0], column, value, message)))
            continue
        shown = ", ".join(str(r) for r in rows[:_SHOWN_ROWS])
        more = ", …" if len(rows) > _SHOWN_ROWS else ""
        what = "" if value is None else f"{guard.shown(value)} "  # None: never echoed
        out.append(f"{column}: {what}in {len(rows)} rows (rows {shown}{more}) {message}")
    return out


def summary_line(problems: list[Problem]) -> str:
    """``3 problems in 2 columns; 41 rows affected``."""
    columns = {p.column for p in problems if p.column}
    rows = {p.row for p in problems if p.row is not None}
    said = f"{len(problems)} problem{'s' * (len(problems) != 1)}"
    if columns:
        said += f" in {len(columns)} column{'s' * (len(columns) != 1)}"
    if rows:
        said += f"; {len(rows)} row{'s' * (len(rows) != 1)} affected"
    return said


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


@dataclasses.dataclass
class _Checks:
    """Row problems gathered column by column, as (mask, messages) pairs."""

    n: int
    first_row: int = FIRST_DATA_ROW
    problems: list[Problem] = dataclasses.field(default_factory=list)
    bad: npt.NDArray[np.bool_] = dataclasses.field(init=False)
    reasons: dict[int, list[str]] = dataclasses.field(default_factory=dict)
    withheld: set[tuple[int, str]] = dataclasses.field(default_factory=set)

    def __post_init__(self) -> None:
        self.bad = np.zeros(self.n, dtype=bool)

    def flag(
        self,
        rows: npt.NDArray[np.intp],
        column: str,
        values: Iterable[str],
        message: str | list[str],
    ) -> None:
        messages = itertools.repeat(message) if isinstance(message, str) else iter(message)
        for row, value, text in zip(rows.tolist(), values, messages, strict=False):
            if isinstance(value, str) and guard.looks_identifying(value):
                value = guard.WITHHELD  # never echoed: not in a message, nor the rejects
                self.withheld.add((row, column))
            self.problems.append(Problem(row + self.first_row, column, value, text))
            self.reasons.setdefault(row, []).append(f"{column}: {guard.shown(value)} {text}")
        self.bad[rows] = True


TextColumn: TypeAlias = "pa.ChunkedArray | pa.DictionaryArray"  # text, or its dictionary encoding


def _encode(column: TextColumn) -> pa.DictionaryArray:
    """The column's distinct values and each row's code into them."""
    if isinstance(column, pa.DictionaryArray):
        return column
    return pc.dictionary_encode(column.combine_chunks())


def _decode(
    column: TextColumn,
    name: str,
    parse: Callable[[str], object],
    checks: _Checks,
    message: str | Callable[[str], str],
) -> tuple[npt.NDArray[np.intp], list[object]]:
    """Dictionary-encode a text column and parse each distinct value once, as ``Incident`` does.

    Returns the per-row codes into the parsed values; rows whose value does not parse are
    flagged, and their parsed value is None. ``message`` may depend on the value.
    """
    encoded = _encode(column)
    words = encoded.dictionary.to_pylist()
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    parsed: list[object] = []
    for word in words:
        try:
            parsed.append(parse(word))
        except (FactError, ValueError, KeyError):
            parsed.append(None)
    invalid = [i for i, value in enumerate(parsed) if value is None]
    if invalid:
        rows = np.flatnonzero(np.isin(codes, invalid))
        if callable(message):
            said = {i: message(words[i]) for i in invalid}
            checks.flag(rows, name, (words[codes[r]] for r in rows), [said[codes[r]] for r in rows])
        else:
            checks.flag(rows, name, (words[codes[r]] for r in rows), message)
    return codes, parsed


_NOT_KNOWN: Final = object()


def _decode_known(
    column: TextColumn,
    name: str,
    parse: Callable[[str], object],
    checks: _Checks,
    message: str | Callable[[str], str],
) -> tuple[npt.NDArray[np.intp], list[object]]:
    """As ``_decode``, where a parsed None means not known, not invalid."""

    def parsed(word: str) -> object:
        try:
            value = parse(word)
        except (FactError, ValueError, KeyError):
            return None
        return _NOT_KNOWN if value is None else value

    codes, values = _decode(column, name, parsed, checks, message)
    return codes, [None if v is _NOT_KNOWN else v for v in values]


def _booleans(column: TextColumn, name: str, checks: _Checks) -> pd.arrays.BooleanArray:
    codes, parsed = _decode_known(
        column,
        name,
        partial(parse_fact, name),
        checks,
        "is not yes/no, y/n, true/false, 1/0, or blank if not known",
    )
    value = np.array([p is True for p in parsed], dtype=bool)
    unknown = np.array([p is None for p in parsed], dtype=bool)
    return pd.arrays.BooleanArray(value[codes], unknown[codes])


def _categorical(
    column: TextColumn,
    name: str,
    allowed: list[str],
    checks: _Checks,
    *,
    optional: bool = False,
) -> pd.Categorical[str]:
    position: dict[str, int | None] = {}
    if optional:
        position.update(dict.fromkeys(map(_value_key, UNKNOWN_WORDS)))
    for i, value in enumerate(allowed):  # by slug or label, in any case
        position[_value_key(COLUMNS[name].value_label(value))] = i
        position[_value_key(value)] = i
    expected = f"is not one of {allowed}" + (", or blank if not known" if optional else "")

    def said(word: str) -> str:
        labels = [*(COLUMNS[name].value_label(v) for v in allowed), *allowed]
        return expected + _suggest(word, labels)

    codes, parsed = _decode_known(column, name, lambda w: position[_value_key(w)], checks, said)
    lookup = np.array([-1 if p is None else p for p in parsed], dtype=np.int16)
    return frame.from_codes(lookup[codes], allowed)


def _open_categorical(column: TextColumn, name: str, checks: _Checks) -> pd.Categorical[str]:
    """A category with no vocabulary (``area``): short names or codes, blank if not known;
    its categories are the values found, sorted."""

    def parse(word: str) -> str | None:
        text = word.strip()
        if text.lower() in UNKNOWN_WORDS:
            return None
        if not OPEN_VALUE.fullmatch(text):
            raise ValueError(word)
        return text

    message = (
        "is not a short name or code (1 to 48 letters, digits, spaces or _.,'&()/-); "
        "the value is not shown, as free text may identify someone"
    )
    encoded = _encode(column)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    parsed: list[str | None] = []
    invalid: list[int] = []
    for i, word in enumerate(encoded.dictionary.to_pylist()):
        try:
            parsed.append(parse(word))
        except ValueError:
            parsed.append(None)
            invalid.append(i)
    rows = np.flatnonzero(np.isin(codes, invalid))
    for row in rows.tolist():  # the value itself is never echoed
        checks.problems.append(Problem(row + checks.first_row, name, None, message))
        checks.reasons.setdefault(row, []).append(f"{name}: {message}")
    checks.bad[rows] = True
    found = sorted({str(p) for p in parsed if p is not None})
    index = {v: i for i, v in enumerate(found)}
    lookup = np.array([-1 if p is None else index[str(p)] for p in parsed], dtype=np.int32)
    return frame.from_codes(lookup[codes], found)


_RANGE_MESSAGE: Final = (
    f"is not a whole number from {MIN_AGE} to {MAX_AGE} (an end of an age range), nor a "
    f"school year group a mapping's age_ranges reads ({YEAR_GROUPS}), nor blank"
)


def _ages(
    column: TextColumn, name: str, checks: _Checks, message: str | None = None
) -> pd.arrays.IntegerArray:
    codes, parsed = _decode_known(
        column,
        name,
        partial(parse_age, field=name),
        checks,
        message or f"is not a whole number from {MIN_AGE} to {MAX_AGE}, or blank if not known",
    )
    value = np.array([0 if p is None else p for p in parsed], dtype=np.int8)
    unknown = np.array([p is None for p in parsed], dtype=bool)
    return pd.arrays.IntegerArray(value[codes], unknown[codes])


def _month_problem(word: str) -> str:
    if word == REDACTED_DATE:
        return "is not a date the mapping can read (give date_format, or the month as YYYY-MM)"
    if month_of(word, dates=True):
        return (
            "is an exact date, and a dataset holds the month only: give it as YYYY-MM, or read "
            "the file through a mapping (--mapping), which cuts dates to the month"
        )
    return "is not a month as YYYY-MM (or Jan-24, January 2024)"


def _months(column: TextColumn, checks: _Checks) -> pd.PeriodIndex:
    def parse(word: str) -> str:
        month = month_of(word)
        if month is None:
            raise ValueError(word)
        return month

    codes, parsed = _decode(column, "reported_month", parse, checks, _month_problem)
    return pd.PeriodIndex(parsed, freq="M")[codes]


def _typed(column: Column, coded: TextColumn, checks: _Checks) -> Any:
    """One column's values, typed as its kind says; bad values are flagged."""
    match column.kind:
        case Kind.MONTH:
            return _months(coded, checks)
        case Kind.AGE:
            return _ages(coded, column.name, checks)
        case Kind.FACT:
            return _booleans(coded, column.name, checks)
        case Kind.CATEGORY if column.open:
            return _open_categorical(coded, column.name, checks)
        case Kind.CATEGORY:
            optional = column.may_be_unknown or not column.required
            return _categorical(coded, column.name, list(column.values), checks, optional=optional)
    raise AssertionError(column)  # pragma: no cover


def _ranges(columns: dict[str, Any], checks: _Checks) -> None:
    """An age's range the right way round, holding the age where both are given; a bad
    range is flagged and read as not known for the checks that follow."""
    for name in (PICTURED, YOUNGEST):
        low_name, high_name = range_columns(name)
        if low_name not in columns and high_name not in columns:
            continue
        n = checks.n
        none = pd.arrays.IntegerArray(np.zeros(n, dtype=np.int8), np.ones(n, dtype=bool))
        low = pd.Series(columns.get(low_name, none))
        high = pd.Series(columns.get(high_name, none))
        exact = pd.Series(columns.get(name, none))
        wrong = (low > high).fillna(False).to_numpy(dtype=bool)
        outside = ((exact < low) | (exact > high)).fillna(False).to_numpy(dtype=bool) & ~wrong
        for bad, message in (
            (wrong, f"is above {high_name}: a range runs from the lowest age to the highest"),
            (outside, f"and {name} disagree: the age must lie within its range"),
        ):
            rows = np.flatnonzero(bad)
            checks.flag(rows, low_name, (str(low[r]) for r in rows), message)
            for column in (low_name, high_name):
                if column in columns:
                    columns[column] = pd.array(
                        pd.Series(columns[column]).mask(bad), dtype=columns[column].dtype
                    )


def _shown_age(typed: pd.DataFrame, name: str, row: int) -> str:
    """An age as a message shows it: the age, its range, or not known."""
    value = typed[name].iloc[row] if name in typed.columns else None
    if not pd.isna(value):
        return str(value)
    low, high = (typed[x].iloc[row] if x in typed.columns else None for x in range_columns(name))
    if pd.isna(low) and pd.isna(high):
        return "not known"
    return f"{MIN_AGE if pd.isna(low) else low}-{MAX_AGE if pd.isna(high) else high}"


def _contradictions(columns: dict[str, Any], checks: _Checks) -> None:
    """Known facts that contradict each other (``incident.CONSTRAINTS``): flagged on the
    first column each constraint reads, the message naming every column and its value."""
    typed = pd.DataFrame(
        {n: v for n, v in columns.items() if n in COLUMNS or n in AGE_RANGE_COLUMNS}
    )
    codes = frame.Codes(typed)
    for rule in CONSTRAINTS:
        if any(n not in typed.columns and COLUMNS[n].kind != Kind.AGE for n in rule.columns):
            continue  # a column the file lacks is not known: nothing to contradict
        for _, broken in frame.contradictions(codes, (rule,)):
            rows = np.flatnonzero(broken)
            messages = [
                "contradicts "
                + " and ".join(f"{n} {_shown_age(typed, n, int(r))}" for n in rule.columns[1:])
                + f": {rule.message}"
                for r in rows
            ]
            checks.flag(rows, rule.columns[0], ("yes" for _ in rows), messages)


def _identifiers(
    column: pa.ChunkedArray, checks: _Checks, earlier: dict[str, int] | None = None
) -> None:
    text = column.combine_chunks()
    well_formed = pc.match_substring_regex(text, f"^{ID_PATTERN.pattern}$").to_numpy(
        zero_copy_only=False
    )
    rows = np.flatnonzero(~well_formed)
    values = text.to_pylist() if len(rows) else []
    checks.flag(
        rows,
        "incident_id",
        (values[r] for r in rows),
        "is not an opaque id (1 to 64 letters, digits, '-', '_' or '.')",
    )
    seen_before = (
        pc.is_in(text, value_set=pa.array(list(earlier), pa.string())).to_numpy(
            zero_copy_only=False
        )
        if earlier
        else None
    )
    if len(pc.unique(text)) == len(text) and (seen_before is None or not seen_before.any()):
        return
    ids = pd.Series(text.to_numpy(zero_copy_only=False))
    is_repeat = ids.duplicated(keep="first").to_numpy()
    if seen_before is not None:
        is_repeat = is_repeat | seen_before
    is_repeat = is_repeat & (ids != "").to_numpy()  # a blank id is no id (said), not a repeat
    repeated = np.flatnonzero(is_repeat)
    if len(repeated):
        first = ids.drop_duplicates(keep="first")
        first_row = dict(
            zip(first.tolist(), (first.index.to_numpy() + checks.first_row).tolist(), strict=True)
        )
        if earlier:  # an id from an earlier block: its first row is there
            first_row.update({k: v for k, v in earlier.items() if k in first_row})
        values = ids.iloc[repeated].tolist()
        checks.flag(
            repeated,
            "incident_id",
            values,
            [f"is a duplicate of the id in row {first_row[v]}" for v in values],
        )


def _check_ids(
    column: pa.ChunkedArray, checks: _Checks, earlier: dict[str, int] | None = None
) -> None:
    _identifiers(column, checks, earlier)
    _identifying(column, "incident_id", checks)


def _identifying(column: pa.ChunkedArray, name: str, checks: _Checks) -> None:
    found = guard.identifying_values(column)
    checks.flag(
        np.array([row for row, _, _ in found], dtype=np.intp),
        name,
        [value for _, value, _ in found],
        [f"looks like {what}; datasets must be anonymised" for _, _, what in found],
    )


_HEADERS: Final = {header_key(c.label): c.name for c in COLUMNS.values()} | {
    header_key(name): name for name in (*COLUMNS, *AGE_RANGE_COLUMNS)
}


def _known() -> tuple[str, ...]:
    """The registry's columns, and the range columns of its ages (``columns.range_columns``)."""
    return (*COLUMNS, *AGE_RANGE_COLUMNS)


_OUTPUTS: Final = frozenset(header_key(name) for name in frame.OUTPUT_COLUMNS)


def _standard_headers(table: pa.Table, allowed_extra: tuple[str, ...]) -> pa.Table:
    """Headers in any case, spacing or punctuation, or a column's label, as the registry
    names them; classify's own output columns read past (classify recomputes them).
    """
    names = table.column_names
    metadata = table.schema.metadata or {}
    keep = [
        i
        for i, name in enumerate(names)
        if name in allowed_extra or name in _known() or header_key(name) not in _OUTPUTS
    ]
    if len(keep) < len(names):
        table = table.select(keep)
        names = table.column_names
    renamed = [
        name if name in _known() or name in allowed_extra else _HEADERS.get(header_key(name), name)
        for name in names
    ]
    table = table.rename_columns(renamed) if renamed != names else table
    if metadata.get(files.SPREADSHEET) and "reported_month" in table.column_names:
        # A spreadsheet turns a typed 2024-01 into the date 1 January 2024: read it back.
        i = table.column_names.index("reported_month")
        months = pc.replace_substring_regex(table[i], r"^((?:19|20)\d\d-\d\d)-01$", r"\1")
        table = table.set_column(i, "reported_month", months)
    return table


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
    table = _standard_headers(table, allowed_extra)
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
        if name in _known():
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

    checks = _Checks(table.num_rows, first_row)
    # The id checks and the encoding of every other column run side by side, on every core
    # (pyarrow releases the GIL); only the id checks flag problems meanwhile.
    to_encode = [n for n in _known() if n in names and n != "incident_id"]
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        ids_checked = pool.submit(_check_ids, table["incident_id"], checks, earlier_ids)
        coded = dict(zip(to_encode, pool.map(lambda n: _encode(table[n]), to_encode), strict=True))
        ids_checked.result()
    columns: dict[str, Any] = {"incident_id": table["incident_id"].to_pandas()}
    for name in to_encode:
        if name in AGE_RANGE_COLUMNS:
            columns[name] = _ages(coded[name], name, checks, _RANGE_MESSAGE)
        else:
            columns[name] = _typed(COLUMNS[name], coded[name], checks)
    _ranges(columns, checks)
    _contradictions(columns, checks)
    for name in allowed_extra:
        if name in names:
            _identifying(table[name], name, checks)
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
