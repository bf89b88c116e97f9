"""A graph's distinct answers for a frame's rows, evaluated over the columns or looked up by pattern."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..model.conditions import AllOf
from ..model.graph import DecisionGraph
from . import ages
from .codes import Code, Codes, Mask
from .possibilities import AGES, _read, _values, lines_of, possible
from .walk import FrameWalk, _dense

__all__ = ["TABLE_FROM_ROWS"]


TABLE_FROM_ROWS: Final = 1 << 18
"""From this many rows on, a graph's pattern table (built once) is cheaper than the columns."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Answers:
    """A graph's answers for a frame's rows, as a code per row (``row``) into a few distinct
    answers: for each, the outcomes still possible (``bits``, a bitmask over the outcomes'
    order) and the path as far as the facts go (``path``, an index into ``walk.keys``)."""

    walk: FrameWalk
    bits: npt.NDArray[np.int64]
    path: npt.NDArray[np.int64]
    row: npt.NDArray[np.integer[Any]]
    present: Mask
    """The answers some row has."""
    looked_up: bool = False
    """From a pattern table: ``walk`` is the table's, kept for the life of the process."""

    @classmethod
    def of(cls, bits: Code, walk: FrameWalk, outcomes: int) -> _Answers:
        """The distinct answers of rows evaluated over the columns."""
        paths = len(walk.keys)
        found, row = _dense(bits.astype(np.int64) * paths + walk.path, (1 << outcomes) * paths)
        return cls(walk, found // paths, found % paths, row, np.ones(len(found), dtype=bool))

    def look_up(self, key: npt.NDArray[np.integer[Any]]) -> _Answers:
        """The answers of the patterns ``key`` indexes, these being a pattern table's."""
        row = np.take(self.row, key)
        present = np.bincount(row, minlength=len(self.bits)) > 0
        return dataclasses.replace(self, row=row, present=present, looked_up=True)

    def asks(self) -> npt.NDArray[np.int64]:
        """Each answer's fact to ask next (an index into ``walk.facts``, -1 none)."""
        found: npt.NDArray[np.int64] = self.walk.keys[self.path] % (len(self.walk.facts) + 1)
        return found - 1


class _Patterns:
    """One graph evaluated once over every pattern of the values it reads (each fact yes, no
    or not known, each category value or not known, each pair of age classes), so that a
    frame only has to look its rows' patterns up. Exact: a graph's answers depend on nothing
    else."""

    LIMIT: Final = 1 << 21
    """The most patterns worth a table; a graph reading more facts is evaluated row by row."""

    def __init__(
        self, graph: DecisionGraph, consistent: AllOf | None, order: tuple[str, ...]
    ) -> None:
        self.lines = lines_of((graph,), consistent)
        self.variables = _read((graph,), consistent)
        self.sizes = [len(_values(v)) + 1 for v in self.variables]
        width = len(ages.classes(self.lines))
        grid = np.indices([*self.sizes, width, width], dtype=np.int16).reshape(
            len(self.sizes) + 2, -1
        )
        columns = dict(zip(self.variables, grid[:-2].astype(np.uint8), strict=True))
        lows, highs = ages.representatives(self.lines)
        bounds = {
            name: (lows[grid[i]], highs[grid[i]]) for name, i in zip(AGES, (-2, -1), strict=True)
        }
        codes = Codes(columns, bounds=bounds)
        walk = FrameWalk(graph, codes, codes.n, consistent)
        bits = possible(graph, codes, codes.n, order, consistent)
        answers = _Answers.of(bits, walk, len(order))
        self.answers = dataclasses.replace(answers, row=answers.row.astype(np.int32))

    def keys(self, codes: Codes) -> npt.NDArray[np.uint32]:
        """Each row's pattern, as an index into this table."""
        key = np.zeros(codes.n, dtype=np.uint32)
        for name, size in zip(self.variables, self.sizes, strict=True):
            key *= np.uint32(size)
            key += codes.shifted(name)
        width = len(ages.classes(self.lines))
        key *= np.uint32(width * width)
        key += codes.ages(self.lines).astype(np.uint32)
        return key


@functools.cache
def _patterns(
    graph: DecisionGraph, consistent: AllOf | None, order: tuple[str, ...]
) -> _Patterns | None:
    width = len(ages.classes(lines_of((graph,), consistent)))
    total = int(np.prod([len(_values(v)) + 1 for v in _read((graph,), consistent)]))
    total *= width * width
    return _Patterns(graph, consistent, order) if total <= _Patterns.LIMIT else None


def _evaluate(
    graph: DecisionGraph,
    codes: Codes,
    n: int,
    order: Sequence[str],
    consistent: AllOf | None,
    *,
    by_pattern: bool = False,
) -> _Answers:
    """A graph's answers for every row: looked up in the graph's pattern table when it has
    one and the rows are many (or ``by_pattern``), else evaluated over the columns."""
    wanted = by_pattern or n >= TABLE_FROM_ROWS
    table = _patterns(graph, consistent, tuple(order)) if wanted else None
    if table is None:
        bits = possible(graph, codes, n, order, consistent)
        return _Answers.of(bits, FrameWalk(graph, codes, n, consistent), len(order))
    return table.answers.look_up(table.keys(codes))
