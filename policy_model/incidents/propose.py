"""Propose a mapping file for a local export: match its headers and values to the registry's.

What matches is written; identifying or free-text columns are dropped with the reason; what
could not be matched is left as ``# TODO`` lines (which ``read_mapping`` refuses until they are
settled by hand), with the distinct local values listed unless the column could identify
someone. Dates are never listed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from ..model.columns import COLUMNS, Kind
from . import blanks, guard
from .guesses import guess_agency, guess_target, guess_value, is_accepted
from .mapping import month_of
from .synonyms import HEADER_SYNONYMS, VALUE_SYNONYMS
from .year_groups import SCHEMES, year_group_range

__all__ = ["HEADER_SYNONYMS", "VALUE_SYNONYMS", "Proposal", "propose_mapping"]

_LISTED: Final = 20
_LOOKED_AT: Final = 200_000  # rows whose values are looked at; enough to see the categories


@dataclasses.dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed mapping's text and what it did."""

    text: str
    mapped: int
    dropped: int
    todo: int
    constants: int = 0
    """Columns given one value for every row (``constants:``)."""
    not_known: int = 0
    """Columns declared not known for every row (``not_known:``)."""


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text``."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 _'()&/+.-]*[A-Za-z0-9)]|[A-Za-z]", text) and not (
        ": " in text or " #" in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _distinct(column: pa.ChunkedArray) -> list[str]:
    head = column.slice(0, _LOOKED_AT)
    counts = pc.value_counts(head).to_pylist()
    counts.sort(key=lambda c: -c["counts"])
    return [c["values"] for c in counts]


def _listing(values: list[str]) -> str:
    shown = ", ".join(_q(v) if v else '""' for v in values[:_LISTED])
    more = f", and {len(values) - _LISTED} more" if len(values) > _LISTED else ""
    return f"{shown}{more}"


def _looks_identifying(column: pa.ChunkedArray, distinct: list[str]) -> bool:
    head = column.slice(0, _LOOKED_AT)
    if guard.identifying_values(head.combine_chunks()) or guard.initials_column(head):
        return True
    return len(distinct) > _LISTED and len(distinct) > len(head) // 2


def propose_mapping(table: pa.Table, *, source: str = "the export") -> Proposal:
    """A mapping (YAML text, with comments) for ``table``'s headers and values; blank rows
    and a trailing totals row are not looked at (the loader skips them too)."""
    ids = [h for h in table.column_names if guess_target(h)[0] in ("incident_id", "reported_month")]
    skip, skipped = blanks.find(table, ids=ids)
    if skipped.count:
        table = table.filter(pa.array(~skip))
    columns: list[str] = []
    drops: list[str] = []
    values: list[str] = []
    todo_columns: list[str] = []
    date_format: str | None = None
    used: dict[str, str] = {}
    ranges: list[str] = []
    mapped = 0
    for header in table.column_names:
        target, note = guess_target(header)
        if target is None and "age_pictured" not in used and _year_groups(table[header]):
            used["age_pictured"] = header
            ranges.append(f"  {_q(header)}: {{column: age_pictured, scheme: {SCHEMES[0]}}}")
            continue
        if target is not None and target in used:
            todo_columns.append(
                f"  # TODO: {header!r} also looks like {target} (already mapped from "
                f"{used[target]!r}): map it to another column, or drop it"
            )
            continue
        if target is None:
            what = guard.identifying_column(header)
            if what:
                drops.append(f"  - {_q(header)}   # may hold {what}: never read")
                continue
            distinct = _distinct(table[header])
            todo_columns.append(
                f"  # TODO: {header!r} matches no dataset column: map it "
                f"({_q(header)}: COLUMN) or add it to drop"
            )
            if _looks_identifying(table[header], distinct):
                todo_columns.append(
                    "  #   (values not listed: they may identify someone or be free text; drop "
                    "it unless it is a category)"
                )
            else:
                todo_columns.append(f"  #   values seen: {_listing(distinct)}")
            continue
        used[target] = header
        mapped += 1
        column = COLUMNS[target]
        comment = ""
        if target == "reported_month":
            comment = "   # exact dates are cut to YYYY-MM on reading, never kept"
        elif note:
            comment = f"   # {note}: check this is {column.label.lower()}"
        if header != target or comment:
            columns.append(f"  {_q(header)}: {target}{comment}")
        if column.kind == Kind.MONTH:
            date_format = _dates(table[header], values) or date_format
            continue
        if column.kind == Kind.ID:
            continue
        entries: list[str] = []
        unmatched: list[str] = []
        for word in _distinct(table[header]):
            if is_accepted(column, word):
                continue
            value, why = guess_value(column, word)
            if value is None:
                unmatched.append(word)
            else:
                guess = f"   # {why}: check" if why else ""
                entries.append(f"    {_q(word)}: {_q(value)}{guess}")
        if entries or unmatched:
            values.append(f"  {target}:")
            values.extend(entries)
            if unmatched:
                optional = column.may_be_unknown or not column.required
                extra = ["unknown"] if optional and "unknown" not in column.values else []
                choices = [*column.values, *extra]
                expected = {Kind.FACT: "yes, no or unknown", Kind.AGE: "an age or unknown"}.get(
                    column.kind, f"one of {choices}"
                )
                values.append(
                    f"    # TODO: {len(unmatched)} value(s) of {header!r} not matched; map each "
                    f"to {expected}:"
                )
                values.append(f"    #   {_listing(unmatched)}")
    missing = [n for n in COLUMNS.required if n not in used and n not in table.column_names]
    lacking = [n for n in missing if COLUMNS[n].kind in (Kind.ID, Kind.MONTH)]
    constants, not_known = _added(missing, table.column_names)
    lines = [
        f"# Mapping proposed by `policy-model map` for {source}: check every line.",
        "# Identifying and free-text columns are dropped (never read). Settle every TODO line",
        "# (map, drop, or delete it): classify refuses a mapping with a TODO left.",
        "columns:",
        *columns,
        *todo_columns,
        *(f"  # TODO: no column found for {n} ({COLUMNS[n].label}), which is required"
          for n in lacking),
    ]  # fmt: skip
    if len(lines) == 4:
        lines.append("  {}")  # pragma: no cover - every export has some column
    if values:
        lines += ["values:", *values]
    if drops:
        lines += ["drop:", *drops]
    if date_format:
        lines.append(f'date_format: "{date_format}"')
    if ranges:
        lines += [
            "age_ranges:   # school year groups, read as the ages a pupil of that year can be",
            "              # (England: Year 9 is 13 or 14); the model keeps both possible",
            *ranges,
        ]
    if constants:
        lines += [
            "constants:   # columns the export lacks: the value every row takes",
            *constants,
        ]
    if not_known:
        lines += [
            "not_known:   # columns the export does not record: not known for every row, so",
            "             # the model keeps open every outcome they could lead to. If the export",
            "             # does record one, map its column instead (columns:) and delete it here.",
            *not_known,
        ]
    text = "\n".join(lines) + "\n"
    todo = sum(1 for line in lines if "# TODO" in line)
    return Proposal(
        text,
        mapped,
        len(drops),
        todo,
        constants=sum(1 for line in constants if not line.lstrip().startswith("#")),
        not_known=len(not_known),
    )


def _added(missing: list[str], headers: list[str]) -> tuple[list[str], list[str]]:
    """Lines for ``constants:`` and ``not_known:`` giving the required columns the export
    lacks: the agency when the headers show it (else a TODO), ``unknown`` for a category
    that is never blank, not known for every fact, age and category that may be."""
    constants: list[str] = []
    not_known: list[str] = []
    for name in missing:
        column = COLUMNS[name]
        if column.kind in (Kind.ID, Kind.MONTH):
            continue
        if name == "agency":
            agency, by = guess_agency(headers)
            if agency is None:
                constants.append(
                    f"  # TODO: no column found for agency: give the agency that recorded "
                    f"these, one of {list(column.values)} (e.g. agency: school)"
                )
            else:
                shown = ", ".join(repr(h) for h in by[:3])
                constants.append(
                    f"  agency: {agency}   # the headers ({shown}) look like a {agency}'s: check"
                )
        elif column.may_be_unknown:
            not_known.append(f"  - {name}   # {column.label}")
        elif "unknown" in column.values:
            constants.append(f"  {name}: unknown   # {column.label}: no column found")
        else:  # pragma: no cover - every required category may be unknown or is the agency
            constants.append(f"  # TODO: no column found for {name} ({column.label})")
    return constants, not_known


def _year_groups(column: pa.ChunkedArray) -> bool:
    """Whether a column holds school year groups (``Year 8``, ``Y10``, ``Reception``): most of
    its values are, and some name a year (a column of small numbers alone is not enough)."""
    distinct = [w for w in _distinct(column) if w.strip()]
    if not distinct:
        return False
    read = [w for w in distinct if year_group_range(w) is not None]
    named = any(not w.strip().isdigit() for w in read)
    return named and len(read) >= 0.8 * len(distinct)


def _dates(column: pa.ChunkedArray, values: list[str]) -> str | None:
    """A date_format if the dates read month first only; unreadable dates are a TODO, unlisted."""
    words = [w for w in _distinct(column) if w.strip()]
    unread = [w for w in words if month_of(w, dates=True) is None]
    if not unread:
        return None
    if all(month_of(w, dates=True, date_format="%m/%d/%Y") for w in words):
        return "%m/%d/%Y"
    values.append(
        f"  # TODO: {len(unread)} distinct value(s) of the date column could not be read as dates "
        '(not listed: they may be exact dates); set date_format (e.g. "%d/%m/%Y") or fix them'
    )
    return None
