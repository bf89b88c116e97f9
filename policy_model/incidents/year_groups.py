"""Ages a mapping derives: a school year group as an age range, and a stated assumption.

A school records a pupil's year group, not an age. In England a pupil in Year N is N + 4 or
N + 5 during the school year (Reception: 4 or 5; Nursery: 3 or 4), so a year group is an age
*range*, partial knowledge that the model keeps as such (Year 8, 12 or 13, keeps both the
12-and-under and the 13-and-over routes open until the age is known). A mapping says which
local column holds the year group and which age it gives::

    age_ranges:
      Year group: {column: age_pictured, scheme: england_year_group}

A file without ``age_youngest_involved`` has it not known. A mapping may state the
assumption that it is the age pictured, and every output then says it was assumed::

    assume:
      age_youngest_involved: same_as_age_pictured

>>> year_group_range("Year 8"), year_group_range("Y11"), year_group_range("reception")
((12, 13), (15, 16), (4, 5))
>>> year_group_range("Year 15") is None, year_group_range("") is None
(True, True)
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from ..model.columns import range_columns
from ..model.incident import SAME_AS_AGE_PICTURED, UNKNOWN_WORDS, YOUNGEST

__all__ = [
    "ASSUMPTIONS",
    "SCHEMES",
    "YEAR_GROUPS",
    "AgeRangeRule",
    "apply_age_rules",
    "year_group_range",
]

PICTURED: Final = "age_pictured"
SCHEMES: Final = ("england_year_group",)
"""The year-group schemes a mapping may name."""
ASSUMPTIONS: Final = {YOUNGEST: (SAME_AS_AGE_PICTURED,)}
"""What a mapping may assume, by column."""
YEAR_GROUPS: Final = "Year 1 to Year 13, Reception or Nursery"
"""What the scheme reads, for messages. A value it does not read goes on to the range
columns as written, where the loader refuses it, naming the row and the column."""

_YEAR: Final = re.compile(r"(?:year|yr|y)?\s*([0-9]{1,2})")
_NAMED: Final = {"reception": (4, 5), "r": (4, 5), "rec": (4, 5), "nursery": (3, 4), "n": (3, 4)}


@dataclasses.dataclass(frozen=True, slots=True)
class AgeRangeRule:
    """A local column of year groups read as a range of one age."""

    local: str
    column: str
    scheme: str = SCHEMES[0]


def year_group_range(text: str) -> tuple[int, int] | None:
    """The ages of an English year group during the school year; None if not a year group
    (or blank: not known)."""
    word = text.strip().lower()
    if word in _NAMED:
        return _NAMED[word]
    found = _YEAR.fullmatch(word)
    if found is None or not 1 <= int(found[1]) <= 13:
        return None
    year = int(found[1])
    return year + 4, year + 5


def _ranges(column: pa.ChunkedArray) -> tuple[pa.Array, pa.Array]:
    """The lowest and highest age of each row's year group, as text (blank: not known)."""
    text = pc.fill_null(pc.cast(column.combine_chunks(), pa.string()), "")
    encoded = pc.dictionary_encode(text)
    lows, highs = [], []
    for word in encoded.dictionary.to_pylist():
        text = "" if word is None else str(word)
        if text.strip().lower() in UNKNOWN_WORDS:
            lows.append("")
            highs.append("")
            continue
        found = year_group_range(text)
        lows.append(str(found[0]) if found else text)  # refused by the loader, as written
        highs.append(str(found[1]) if found else text)
    indices = encoded.indices
    return (
        pc.take(pa.array(lows, pa.string()), indices),
        pc.take(pa.array(highs, pa.string()), indices),
    )


def apply_age_rules(
    table: pa.Table, rules: tuple[AgeRangeRule, ...], assume: dict[str, str]
) -> pa.Table:
    """The table with each rule's year groups as its age's range columns (the local column
    gone; the age itself added, blank, when the file lacks it), and the assumed columns
    added as copies of what they are assumed to be."""
    for rule in rules:
        low, high = _ranges(table[rule.local])
        table = table.drop_columns([rule.local])
        if rule.column not in table.column_names:
            blank = pa.array([""] * table.num_rows, pa.string())
            table = table.append_column(rule.column, blank)
        for name, values in zip(range_columns(rule.column), (low, high), strict=True):
            table = table.append_column(name, values)
    if assume.get(YOUNGEST) == SAME_AS_AGE_PICTURED:
        for source, target in zip(
            (PICTURED, *range_columns(PICTURED)), (YOUNGEST, *range_columns(YOUNGEST)), strict=True
        ):
            if source in table.column_names:
                table = table.append_column(target, table[source])
    return table
