"""The outcomes still possible for each row, whatever its unknown facts are: a bitmask per row."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Final, cast

import numpy as np
import numpy.typing as npt

from ..model import conditions as c
from ..model.columns import COLUMNS, Kind
from ..model.conditions import AllOf
from ..model.graph import DecisionGraph
from . import ages
from .codes import Code, Codes, Mask

__all__ = ["AGES", "WORD_BITS", "joined", "lines_of", "possible"]


AGES: Final = (c.PICTURED, c.YOUNGEST)


def _age_may_hold(term: c.Term, name: str, bounds: ages.Bounds) -> Mask | None:
    """Where some age within the bounds meets the term's range for ``name`` (None: any)."""
    if name not in term:
        return None
    lo, hi = cast("tuple[int, int]", term[name])
    return (bounds[0] <= hi) & (bounds[1] >= lo)


def _may_hold(term: c.Term, codes: Codes, n: int) -> Mask:
    """Rows where some completion of the unknown facts meets every constraint of ``term``."""
    found = np.ones(n, dtype=bool)
    for name, constraint in term.items():
        if name in AGES:
            may = _age_may_hold(term, name, codes.bounds(name))
            assert may is not None
            found &= may
            continue
        v = codes(name)
        assert isinstance(constraint, frozenset)
        if COLUMNS[name].kind == Kind.FACT:
            if len(constraint) == 2:
                continue
            found &= v != (0 if True in constraint else 1)
        else:
            wanted = list(COLUMNS[name].values)
            ok = np.ones(len(wanted) + 1, dtype=bool)  # the last entry: -1, not known
            ok[: len(wanted)] = [x in constraint for x in wanted]
            found &= ok[v]
    return found


def lines_of(graphs: Sequence[DecisionGraph], consistent: AllOf | None) -> tuple[int, ...]:
    """The age lines of the graphs and of the constraints, ascending."""
    found = {line for g in graphs for line in g.age_lines()}
    if consistent is not None:
        found |= c.age_thresholds(consistent)
    return tuple(sorted(found))


@functools.cache
def _terms(graph: DecisionGraph, consistent: AllOf | None) -> dict[str, list[c.Term]]:
    return graph.outcome_terms(consistent)


class _Layout:
    """One bit per known value of each variable a graph reads, packed into one word per row:
    a yes/no fact has a bit for "known yes" and one for "known no", a category a bit per
    value, each age a bit per class (``ages.classes``). A term may hold for a row exactly
    when the row's word has none of the bits of the values the term forbids (the two ages
    are of two times, so each is checked on its own)."""

    def __init__(self, graphs: tuple[DecisionGraph, ...], consistent: AllOf | None) -> None:
        self.lines = lines_of(graphs, consistent)
        self.bit: dict[tuple[str, object], int] = {}
        self.variables = _read(graphs, consistent)
        for name in self.variables:
            for value in _values(name):
                self.bit[(name, value)] = len(self.bit)
        self.classes = len(ages.classes(self.lines))
        self.first_age = len(self.bit)
        self.width = len(self.bit) + len(AGES) * self.classes

    def _bits(self, name: str) -> list[int]:
        """The bits of a variable's values by code (-1, not known, is the first: no bit)."""
        found = [0] * (len(_values(name)) + 1)
        for value in _values(name):
            code = (1 if value else 0) if isinstance(value, bool) else _values(name).index(value)
            found[code + 1] = 1 << self.bit[(name, value)]
        return found

    def word(self, codes: Codes, n: int) -> npt.NDArray[np.uint64]:
        """Each row's known values as bits. A few variables at a time are combined into one
        index into a table of their bits, so that building the word takes few gathers."""
        word = np.zeros(n, dtype=np.uint64)
        group: list[str] = []
        for name in [*self.variables, None]:
            size = 1
            for member in group:
                size *= len(_values(member)) + 1
            if name is not None and size * (len(_values(name)) + 1) <= 1024:
                group.append(name)
                continue
            if group:
                index = np.zeros(n, dtype=np.int32)
                table = np.zeros(1, dtype=np.uint64)
                for member in group:
                    bits = np.array(self._bits(member), dtype=np.uint64)
                    index = index * len(bits) + (codes(member) + 1)
                    table = (table[:, None] | bits[None, :]).ravel()
                word |= table[index]
            group = [name] if name is not None else []
        for i, name in enumerate(AGES):
            first = self.first_age + i * self.classes
            age_bits = np.uint64(1) << np.arange(first, first + self.classes, dtype=np.uint64)
            word |= age_bits[codes.age_class(name, self.lines)]
        return word

    def forbidden(self, term: c.Term) -> np.uint64:
        mask = 0
        for name, constraint in term.items():
            if name in AGES:
                continue
            assert isinstance(constraint, frozenset)
            for (variable, value), bit in self.bit.items():
                if variable == name and value not in constraint:
                    mask |= 1 << bit
        for i, name in enumerate(AGES):
            may = _age_may_hold(term, name, ages.representatives(self.lines))
            if may is None:
                continue
            first = self.first_age + i * self.classes
            for code, ok in enumerate(may.tolist()):
                if not ok:
                    mask |= 1 << (first + code)
        return np.uint64(mask)


def _read(graphs: Sequence[DecisionGraph], consistent: AllOf | None = None) -> list[str]:
    """The facts and categories the graphs and the constraints read (not the ages), in column
    order."""
    read = {name for g in graphs for name in g.facts_used()}
    read |= set(c.facts_used(consistent)) if consistent is not None else set()
    return [n for n in COLUMNS if n in read and COLUMNS[n].kind != Kind.AGE]


def _values(name: str) -> list[object]:
    return [True, False] if COLUMNS[name].kind == Kind.FACT else list(COLUMNS[name].values)


@functools.cache
def _layout(graphs: tuple[DecisionGraph, ...], consistent: AllOf | None) -> _Layout:
    return _Layout(graphs, consistent)


WORD_BITS: Final = 64
"""The most known-value bits a packed word holds (``_Layout``)."""


def possible(
    graph: DecisionGraph,
    codes: Codes,
    n: int,
    order: Sequence[str],
    consistent: AllOf | None = None,
) -> Code:
    """Each row's possible outcomes as a bitmask: bit i set when ``order[i]`` is possible for
    some completion of the row's unknown facts that meets ``consistent``."""
    bits = np.zeros(n, dtype=np.int16)
    layout = _layout(codes.graphs if graph in codes.graphs else (graph,), consistent)
    if layout.width > WORD_BITS:  # a graph reading very many facts: term by term
        for outcome, terms in _terms(graph, consistent).items():
            if terms:
                may = functools.reduce(np.logical_or, (_may_hold(t, codes, n) for t in terms))
                bits |= may.astype(np.int16) << order.index(outcome)
        return bits
    word = codes.word(layout, n)
    zero = np.uint64(0)
    for outcome, terms in _terms(graph, consistent).items():
        if not terms:
            continue
        may = functools.reduce(np.logical_or, ((word & layout.forbidden(t)) == zero for t in terms))
        bits |= may.astype(np.int16) << order.index(outcome)
    return bits


def joined(bits: int, order: Sequence[str]) -> str:
    """The outcomes of a bitmask, ``|``-joined in ``order``."""
    return "|".join(o for i, o in enumerate(order) if bits >> i & 1)
