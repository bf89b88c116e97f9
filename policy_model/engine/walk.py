"""Every row's walk through a decision graph as far as its known facts go, in three-valued logic."""

from __future__ import annotations

import functools
import itertools
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..editions import AS_WRITTEN
from ..model import conditions as c
from ..model.columns import COLUMNS
from ..model.conditions import AllOf
from ..model.constraints import settling_terms
from ..model.graph import DecisionGraph, Explored, Outcome, Question, Step
from ..model.guidance import Guidance
from .codes import Codes, Mask
from .possibilities import AGES, _may_hold

__all__ = ["FrameWalk", "walk_frame"]


def _kleene(condition: c.Condition, codes: Codes) -> tuple[Mask, Mask]:
    """Where ``condition`` is surely true, and where surely false; elsewhere not known."""
    match condition:
        case c.Fact(name):
            v = codes(name)
            return v == 1, v == 0
        case c.Is(name, values):
            v = codes(name)
            wanted = list(COLUMNS[name].values)
            hit = np.zeros(len(wanted) + 1, dtype=bool)
            hit[[wanted.index(x) for x in values]] = True
            known = v >= 0
            found = hit[v]  # -1 reads the last, False
            return found, known & ~found
        case c.AgeAtLeast(years, of):
            low, high = codes.bounds(of)
            return low >= years, high < years
        case c.AgeAtMost(years, of):
            low, high = codes.bounds(of)
            return high <= years, low > years
        case c.Not(operand):
            yes, no = _kleene(operand, codes)
            return no, yes
        case c.AnyOf(operands):
            parts = [_kleene(o, codes) for o in operands]
            return (
                functools.reduce(np.logical_or, (p[0] for p in parts)),
                functools.reduce(np.logical_and, (p[1] for p in parts)),
            )
        case c.AllOf(operands):
            parts = [_kleene(o, codes) for o in operands]
            return (
                functools.reduce(np.logical_and, (p[0] for p in parts)),
                functools.reduce(np.logical_or, (p[1] for p in parts)),
            )
    raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover


# ---- what is possible --------------------------------------------------------------------


# ---- the walk as far as the facts go -----------------------------------------------------


def _dense(
    keys: npt.NDArray[Any], bound: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """The distinct keys (sorted) and each row's index into them; keys lie in [0, bound)."""
    if bound > 2 * len(keys) + 4096:  # a counting table would be mostly empty: hash instead
        index, found = pd.factorize(keys, sort=True)
        return np.asarray(found, dtype=np.int64), index
    present = np.flatnonzero(np.bincount(keys, minlength=bound))
    lookup = np.zeros(bound, dtype=np.intp)
    lookup[present] = np.arange(len(present))
    return present.astype(np.int64), np.take(lookup, keys)


def _open(condition: c.Condition, name: str, codes: Codes) -> Mask:
    """Where ``condition`` leaves ``name`` open (``conditions.open_reads``): a fact not known,
    or an age whose bounds straddle one of the condition's lines for it."""
    if name not in AGES:
        return codes(name) < 0
    found = np.zeros(codes.n, dtype=bool)
    for atom in c.age_atoms(condition, name):
        yes, no = _kleene(atom, codes)
        found |= ~yes & ~no
    return found


def _settled(condition: c.Condition, codes: Codes, consistent: AllOf | None) -> tuple[Mask, Mask]:
    """``_kleene``, where rows it leaves open are settled when a consistent incident can
    answer only one way (``constraints.settled``)."""
    true, false = _kleene(condition, codes)
    split = settling_terms(condition, consistent) if consistent is not None else None
    if split is None:
        return true, false
    open_ = ~true & ~false
    if not open_.any():
        return true, false
    yes, no = (
        functools.reduce(np.logical_or, (_may_hold(t, codes, codes.n) for t in ts), zeros)
        for ts, zeros in ((split[0], np.zeros(codes.n, bool)), (split[1], np.zeros(codes.n, bool)))
    )
    return true | (open_ & yes & ~no), false | (open_ & no & ~yes)


class FrameWalk:
    """Every row's walk through one graph as far as its known facts go: its path as a small
    integer code, the question it stops at (if any) and the fact to ask there."""

    def __init__(
        self, graph: DecisionGraph, codes: Codes, n: int, consistent: AllOf | None = None
    ) -> None:
        """``consistent``: the walk follows the only answer a consistent incident can give
        (``constraints.settled``)."""
        self.graph = graph
        self.order = graph.topological_order()
        if len(self.order) > 63:  # pragma: no cover - the guidance's graphs are far smaller
            raise ValueError(f"{graph.id}: too many nodes to pack a path into 64 bits")
        self.facts = sorted(graph.facts_used(), key=list(COLUMNS).index)
        reach = {node_id: np.zeros(n, dtype=bool) for node_id in self.order}
        reach[graph.start][:] = True
        word = np.uint32 if len(self.order) <= 32 else np.uint64
        bits = np.zeros(n, dtype=word)
        ask = np.full(n, -1, dtype=np.int8)  # index into self.facts
        for bit, node_id in enumerate(self.order):
            here = reach[node_id]
            np.add(bits, np.left_shift(here, bit, dtype=word), out=bits)
            match graph[node_id]:
                case Step(next=target):
                    reach[target] |= here
                case Question(when=when, yes=yes, no=no) as q:
                    true, false = _settled(when, codes, consistent)
                    reach[yes] |= here & true
                    reach[no] |= here & false
                    stuck = here & ~true & ~false
                    if stuck.any():
                        for name in q.reads:  # the first it reads that it leaves open
                            fill = stuck & _open(when, name, codes) & (ask < 0)
                            ask[fill] = self.facts.index(name)
        self.ask = ask
        key = bits.astype(np.int64) * (len(self.facts) + 1) + (ask.astype(np.int64) + 1)
        bound = (1 << len(self.order)) * (len(self.facts) + 1)
        self.keys, self.path = _dense(key, bound)

    def explored(self, path_code: int) -> Explored:
        """The single-incident ``Explored`` (less its possible outcomes) for one distinct path."""
        return self.explored_key(int(self.keys[path_code]))

    def explored_key(self, key: int) -> Explored:
        """``explored`` for a path's key (its node bits and fact asked)."""
        bits, ask_code = divmod(key, len(self.facts) + 1)
        path = tuple(node_id for i, node_id in enumerate(self.order) if bits >> i & 1)
        answers = tuple(
            (node, node.yes == following)
            for node_id, following in itertools.pairwise(path)
            if isinstance(node := self.graph[node_id], Question)
        )
        end = self.graph[path[-1]]
        if isinstance(end, Outcome):
            return Explored(frozenset({end.id}), path, answers, None, None)
        assert isinstance(end, Question)
        return Explored(frozenset(), path, answers, end, self.facts[ask_code - 1])


def walk_frame(df: pd.DataFrame, guidance: Guidance = AS_WRITTEN) -> tuple[FrameWalk, FrameWalk]:
    """The typology and the response pathway over every row, as far as the facts go (the
    graphs alone: the edition's readings are not applied, as ``assess_frame`` applies them)."""
    codes = Codes(df)
    return (
        FrameWalk(guidance.typology, codes, len(df), guidance.consistent),
        FrameWalk(guidance.pathway, codes, len(df), guidance.consistent),
    )
