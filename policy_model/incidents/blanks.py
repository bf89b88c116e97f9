"""Blank rows and a trailing totals row: recognised in a table of text, skipped and counted.

A spreadsheet log often has empty rows between incidents and a totals row at the foot. They
are not incidents: the loader skips them and says how many, instead of setting them aside as
bad incidents. A row is **blank** when every cell is empty or spaces. The **totals row** is the
last row that is not blank, and only that one (a ``Total`` in the middle is a row like any
other), when its first non-blank cell reads ``Total``, ``Totals``, ``Grand total`` (or
``Overall total``, ``Sum``), or when every cell it fills is a number, not all zero, equal to
the sum or the count of the cells above it (its id and date cells: blank, or a count)::

    >>> import pyarrow as pa
    >>> table = pa.table({"id": ["a", "", "b", "Total"], "n": ["1", "", "2", "3"]})
    >>> mask, skipped = find(table, ids=["id"])
    >>> mask.tolist(), str(skipped)
    ([False, True, False, True], '1 blank row and 1 totals row skipped (rows 3, 5)')
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..model.columns import COLUMNS
from .mapping import header_key

__all__ = ["Skipped", "Totals", "blank_rows", "find", "find_in_block", "id_columns"]

_TOTAL_WORDS: Final = re.compile(r"(?:grand |overall |sub-?)?(?:totals?|sum)\b.*", re.IGNORECASE)
_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?")
_YES: Final = frozenset(("y", "yes", "true", "1", "x"))
_SHOWN: Final = 5


@dataclasses.dataclass(frozen=True, slots=True)
class Skipped:
    """Rows skipped as not incidents: how many blank, how many totals, and their file rows
    (counting the header as row 1, as a spreadsheet does)."""

    blank: int = 0
    totals: int = 0
    rows: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        return self.blank + self.totals

    def __add__(self, other: Skipped) -> Skipped:
        return Skipped(
            self.blank + other.blank, self.totals + other.totals, (*self.rows, *other.rows)
        )

    def __bool__(self) -> bool:
        return self.count > 0

    def __str__(self) -> str:
        if not self.count:
            return "no blank or totals rows"
        parts = []
        if self.blank:
            parts.append(f"{self.blank:,} blank row{'s' * (self.blank != 1)}")
        if self.totals:
            parts.append(f"{self.totals} totals row{'s' * (self.totals != 1)}")
        shown = ", ".join(str(r) for r in self.rows[:_SHOWN])
        more = ", …" if len(self.rows) > _SHOWN else ""
        where = f" (row{'s' * (len(self.rows) != 1)} {shown}{more})" if self.rows else ""
        return f"{' and '.join(parts)} skipped{where}"


def _filled(column: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.bool_]:
    trimmed = pc.utf8_trim_whitespace(column)
    filled = pc.greater(pc.utf8_length(trimmed), 0)
    return np.asarray(pc.fill_null(filled, False).to_numpy(zero_copy_only=False), dtype=bool)


def blank_rows(table: pa.Table) -> npt.NDArray[np.bool_]:
    """Whether each row is blank: every cell empty or spaces (a table with no columns: none)."""
    blank = np.zeros(table.num_rows, dtype=bool)
    if not table.num_columns:
        return blank
    candidates = np.arange(table.num_rows)  # rows blank in every column looked at so far
    for column in table.columns:
        if not len(candidates):
            break
        cells = column if len(candidates) == table.num_rows else column.take(candidates)
        candidates = candidates[~_filled(cells)]
    blank[candidates] = True
    return blank


@dataclasses.dataclass
class Totals:
    """Each column's sum of numbers, count of filled cells and count of yes-like cells over
    the rows seen so far (block by block), to recognise a totals row when the last comes."""

    ids: tuple[str, ...] = ()
    """The columns that hold the id or the date: in a totals row without a label, blank or
    the count of the cells above (Excel's COUNTA under the ids)."""
    sums: dict[str, float] = dataclasses.field(default_factory=dict)
    filled: dict[str, int] = dataclasses.field(default_factory=dict)
    yes: dict[str, int] = dataclasses.field(default_factory=dict)

    def add(self, table: pa.Table) -> None:
        """Count ``table``'s rows in (its blank rows add nothing)."""
        for name in table.column_names:
            if name in self.ids:  # many distinct values: counted only
                self.filled[name] = self.filled.get(name, 0) + int(_filled(table[name]).sum())
                continue
            for entry in pc.value_counts(table[name]).to_pylist():
                word, n = str(entry["values"] or "").strip(), int(entry["counts"])
                if not word:
                    continue
                self.filled[name] = self.filled.get(name, 0) + n
                if _NUMBER.fullmatch(word):
                    self.sums[name] = self.sums.get(name, 0.0) + float(word) * n
                if word.lower() in _YES:
                    self.yes[name] = self.yes.get(name, 0) + n

    def could_be(self, row: dict[str, str]) -> bool:
        """Whether ``row`` looks like a totals row before its sums are checked."""
        filled = [(n, str(v or "").strip()) for n, v in row.items() if str(v or "").strip()]
        if not filled:
            return False
        if _TOTAL_WORDS.fullmatch(filled[0][1]):
            return True
        return bool(self.ids) and all(_NUMBER.fullmatch(w) for _, w in filled)

    def is_totals(self, row: dict[str, str]) -> bool:
        """Whether ``row``, the last row that is not blank and already ``add``-ed, totals the
        rows above it: a total's label first, or only sums or counts (ids blank or counted)."""
        cells = [(name, str(value or "").strip()) for name, value in row.items()]
        filled = [(name, word) for name, word in cells if word]
        if not filled:
            return False
        if _TOTAL_WORDS.fullmatch(filled[0][1]):
            return True
        if not self.ids:
            return False
        if not all(_NUMBER.fullmatch(word) for _, word in filled):
            return False
        if not any(float(word) for _, word in filled):
            return False  # nothing but zeros: no total to recognise
        for name, word in filled:
            value = float(word)
            counted = self.filled.get(name, 0) - 1
            above = (
                (counted,)
                if name in self.ids
                else (
                    self.sums.get(name, 0.0) - value,  # the row's own number is in the sum
                    counted,
                    self.yes.get(name, 0) - (word.lower() in _YES),
                )
            )
            if not any(abs(value - a) < 1e-9 for a in above):
                return False
        return True


def find(
    table: pa.Table, *, ids: Iterable[str] = (), first_row: int = 2
) -> tuple[npt.NDArray[np.bool_], Skipped]:
    """Which rows of a whole table to skip (blank, or the trailing totals row), and a count.

    ``ids`` names the columns holding each incident's id or date (blank in a totals row that
    has no label); ``first_row`` is the file row of the table's first row.
    """
    return find_in_block(table, Totals(tuple(ids)), last=True, first_row=first_row)


def find_in_block(
    table: pa.Table,
    totals: Totals,
    *,
    last: bool,
    first_row: int,
    earlier: Callable[[], Iterable[pa.Table]] | None = None,
) -> tuple[npt.NDArray[np.bool_], Skipped]:
    """``find`` for one block of a file read in blocks: ``totals`` carries the blocks before
    (and is brought up to date); the totals row is looked for only in the ``last`` block.

    With ``earlier`` (the blocks before the last, read again), ``totals`` counts nothing as
    the blocks pass: the blocks before are counted from ``earlier`` only when the last row
    could be a totals row, which a file's last incident seldom could.
    """
    blank = blank_rows(table)
    skip = blank.copy()
    filled = np.flatnonzero(~blank)
    n_totals = 0
    if last and len(filled):
        row = table.slice(int(filled[-1]), 1).to_pylist()[0]
        if totals.could_be(row):
            for before in earlier() if earlier is not None else ():
                totals.add(before)
            totals.add(table)
            if totals.is_totals(row):
                skip[filled[-1]] = True
                n_totals = 1
    elif not last and earlier is None:
        totals.add(table)
    rows = tuple((np.flatnonzero(skip) + first_row).tolist())
    return skip, Skipped(int(blank.sum()), n_totals, rows)


def id_columns(headers: Sequence[str], renamed: dict[str, str] | None = None) -> list[str]:
    """The headers that hold the id or the month: by a mapping's ``columns`` (local ->
    dataset column) when it names them, else by the dataset's own names and labels."""
    wanted = ("incident_id", "reported_month")
    by_mapping = {header_key(k): v for k, v in (renamed or {}).items()}
    own = {header_key(n) for n in wanted} | {header_key(COLUMNS[n].label) for n in wanted}
    out = []
    for header in headers:
        key = header_key(header)
        if by_mapping.get(key) in wanted or (key not in by_mapping and key in own):
            out.append(header)
    return out
