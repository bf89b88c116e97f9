"""Problems found in an incident file: gathered row by row, reported by column and value."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from typing import Final

import numpy as np
import numpy.typing as npt

from ..model.columns import COLUMNS
from . import guard

__all__ = [
    "FIRST_DATA_ROW",
    "UNKNOWN_COLUMN",
    "Checks",
    "DatasetError",
    "Problem",
    "group_problems",
    "summary_line",
]


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


@dataclasses.dataclass
class Checks:
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
