"""The problems of a file read in blocks, counted and reported as ``DatasetError`` does."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Final

from ...model.columns import COLUMNS
from .. import guard
from ..dataset import UNKNOWN_COLUMN, DatasetError, Problem

__all__ = ["StreamError", "Tally"]

_SHOWN_ROWS: Final = 3


@dataclasses.dataclass
class Tally:
    """The problems of a file read in blocks, kept as ``DatasetError.report`` shows them: one
    entry per file problem and per distinct (column, value, message), with its count and
    first rows; memory grows with the distinct bad values, not with the rows."""

    lines: list[Problem | tuple[str | None, str | None, str]] = dataclasses.field(
        default_factory=list
    )
    groups: dict[tuple[str | None, str | None, str], list[int]] = dataclasses.field(
        default_factory=dict
    )
    counts: dict[tuple[str | None, str | None, str], int] = dataclasses.field(default_factory=dict)
    problems: int = 0
    columns: set[str] = dataclasses.field(default_factory=set)
    rows: int = 0
    file_problems: bool = False

    def add(self, problems: Sequence[Problem]) -> None:
        """Add one block's problems (in row order; a row in one block only)."""
        self.problems += len(problems)
        self.rows += len({p.row for p in problems if p.row is not None})
        for problem in problems:
            if problem.column:
                self.columns.add(problem.column)
            if problem.row is None:
                self.file_problems = True
                self.lines.append(problem)
                continue
            key = (problem.column, problem.value, problem.message)
            if key not in self.groups:
                self.groups[key] = []
                self.counts[key] = 0
                self.lines.append(key)
            self.counts[key] += 1
            if len(self.groups[key]) < _SHOWN_ROWS + 1:
                self.groups[key].append(problem.row)

    def report(self, source: str, limit: int = 50) -> str:
        """``DatasetError(source, problems).report(limit)``, word for word."""
        out: list[str] = []
        for line in self.lines:
            if isinstance(line, Problem):
                out.append(str(line))
                continue
            rows, count = self.groups[line], self.counts[line]
            column, value, message = line
            if count == 1:
                out.append(str(Problem(rows[0], column, value, message)))
                continue
            shown = ", ".join(str(r) for r in rows[:_SHOWN_ROWS])
            more = ", …" if count > _SHOWN_ROWS else ""
            said = guard.shown(value) if value is not None else "None"
            out.append(f"{column}: {said} in {count} rows (rows {shown}{more}) {message}")
        lines = [f"{source}: {line}" for line in out]
        if len(lines) > limit:
            lines = [*lines[:limit], f"{source}: ... and {len(lines) - limit} more lines"]
        if any(isinstance(p, Problem) and UNKNOWN_COLUMN in p.message for p in self.lines):
            lines.append(f"{source}: the known columns are {', '.join(COLUMNS)}")
        said = f"{self.problems} problem{'s' * (self.problems != 1)}"
        if self.columns:
            said += f" in {len(self.columns)} column{'s' * (len(self.columns) != 1)}"
        if self.rows:
            said += f"; {self.rows} row{'s' * (self.rows != 1)} affected"
        lines.append(f"{source}: {said}")
        return "\n".join(lines)


class StreamError(DatasetError):
    """``DatasetError`` for a file read in blocks: its report is the ``Tally``'s."""

    def __init__(self, source: str, tally: Tally) -> None:
        self.source, self.problems, self.tally = source, [], tally
        Exception.__init__(self, self.report())

    def report(self, limit: int = 50) -> str:
        return self.tally.report(self.source, limit)
