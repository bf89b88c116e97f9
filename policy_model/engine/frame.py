"""The same decision graphs evaluated over whole columns: no Python loop over rows."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..model import conditions as c
from ..model.citations import VERSION
from ..model.graph import DecisionGraph, Outcome, Question, Step, Walk
from ..model.pathway import PATHWAY
from ..model.typology import TYPOLOGY
from ..model.vocab import SUBTYPE_CATEGORY, Category, Pathway, Subtype
from .assess import brief

__all__ = ["OUTPUT_COLUMNS", "FrameWalk", "assess_frame", "from_codes", "mask", "walk_frame"]

OUTPUT_COLUMNS = ("category", "subtype", "pathway", "reasons", "guidance_version")

Mask = npt.NDArray[np.bool_]


def from_codes(
    codes: npt.NDArray[np.integer[Any]], categories: Sequence[str]
) -> pd.Categorical[str]:
    """A Categorical over ``categories`` (plain strings) from integer codes; -1 is missing."""
    dtype = pd.CategoricalDtype([str(c) for c in categories])
    return cast("pd.Categorical[str]", pd.Categorical.from_codes(codes, dtype=dtype))


Columns = Callable[[str], "pd.Series[Any]"]  # a column by name, e.g. a DataFrame's __getitem__


def mask(condition: c.Condition, columns: Columns) -> Mask:
    """Where ``condition`` holds, row by row, as a boolean array."""
    match condition:
        case c.Fact(name):
            facts: Mask = columns(name).to_numpy(dtype=bool)
            return facts
        case c.Is(name, values):
            return _is_in(columns(name), values)
        case c.AgeAtLeast(years):
            return columns("age_pictured").to_numpy() >= years
        case c.AgeAtMost(years):
            return columns("age_pictured").to_numpy() <= years
        case c.Not(operand):
            return ~mask(operand, columns)
        case c.AnyOf(operands):
            return functools.reduce(np.logical_or, (mask(o, columns) for o in operands))
        case c.AllOf(operands):
            return functools.reduce(np.logical_and, (mask(o, columns) for o in operands))
    raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover


def _is_in(column: pd.Series[Any], values: tuple[str, ...]) -> Mask:
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Look the few categories up once, then index by code (-1, missing, maps to False).
        hit = np.append(column.cat.categories.isin(values), False)
        found: Mask = hit[column.cat.codes.to_numpy()]
        return found
    found = column.isin(values).to_numpy(dtype=bool)
    return found


def _dense(
    keys: npt.NDArray[Any], bound: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """The distinct keys (sorted) and each row's index into them; keys lie in [0, bound)."""
    present = np.flatnonzero(np.bincount(keys, minlength=bound))
    lookup = np.zeros(bound, dtype=np.intp)
    lookup[present] = np.arange(len(present))
    return present.astype(np.int64), lookup[keys]


class FrameWalk:
    """Every row's walk through one graph: its outcome and its path, as small integer codes."""

    def __init__(self, graph: DecisionGraph, columns: Columns, n: int) -> None:
        self.graph = graph
        self.order = graph.topological_order()
        self.outcomes = graph.outcomes
        if len(self.order) > 63:  # pragma: no cover - the guidance's graphs are far smaller
            raise ValueError(f"{graph.id}: too many nodes to pack a path into 64 bits")
        # A row's path is the set of nodes it reaches, packed as bits into one integer.
        reach = {node_id: np.zeros(n, dtype=bool) for node_id in self.order}
        reach[graph.start][:] = True
        word = np.uint32 if len(self.order) <= 32 else np.uint64
        bits = np.zeros(n, dtype=word)
        for bit, node_id in enumerate(self.order):
            here = reach[node_id]
            np.add(bits, np.left_shift(here, bit, dtype=word), out=bits)
            match graph[node_id]:
                case Step(next=target):
                    reach[target] |= here
                case Question(when=when, yes=yes, no=no):
                    answer = mask(when, columns)
                    reach[yes] |= here & answer
                    reach[no] |= here & ~answer
        # The distinct paths are few: number them densely, and read each one's outcome.
        if len(self.order) <= 24:  # a counting table of 2**24 entries at most
            self.path_bits, self.path = _dense(bits, 1 << len(self.order))
        else:  # pragma: no cover
            self.path_bits, self.path = np.unique(bits, return_inverse=True)
        ends = [self.walk_of(code).outcome for code in range(len(self.path_bits))]
        self.outcome = np.array([self.outcomes.index(end) for end in ends], dtype=np.int8)[
            self.path
        ]

    def walk_of(self, path_code: int) -> Walk:
        """Rebuild the single-incident ``Walk`` for one distinct path."""
        bits = int(self.path_bits[path_code])
        path = tuple(node_id for i, node_id in enumerate(self.order) if bits >> i & 1)
        answers = tuple(
            (node, node.yes == following)
            for node_id, following in itertools.pairwise(path)
            if isinstance(node := self.graph[node_id], Question)
        )
        end = self.graph[path[-1]]
        assert isinstance(end, Outcome)
        return Walk(end, path, answers)


def walk_frame(df: pd.DataFrame) -> tuple[FrameWalk, FrameWalk]:
    """The typology over every row, then the response pathway reading its category."""
    typology = FrameWalk(TYPOLOGY, df.__getitem__, len(df))
    category_of = [SUBTYPE_CATEGORY[Subtype(o.id)] for o in typology.outcomes]
    category = pd.Series(_categorical(typology.outcome, category_of, list(Category)))

    def column(name: str) -> pd.Series[Any]:
        return category if name == "category" else df[name]

    return typology, FrameWalk(PATHWAY, column, len(df))


def _categorical(
    codes: npt.NDArray[np.integer[Any]], labels: Sequence[str], categories: Sequence[str]
) -> pd.Categorical[str]:
    lookup = np.array([list(categories).index(label) for label in labels], dtype=np.int16)
    return from_codes(lookup[codes], categories)


def assess_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``category``, ``subtype``, ``pathway``, ``reasons`` and ``guidance_version``.

    ``df`` holds typed facts, as ``load_incidents`` returns them: booleans, integer ages and
    the categorical slugs.
    """
    typology, pathway = walk_frame(df)
    subtypes = [o.id for o in typology.outcomes]
    categories = [SUBTYPE_CATEGORY[Subtype(s)] for s in subtypes]
    n_paths = len(pathway.path_bits)
    pair = typology.path.astype(np.int64) * n_paths + pathway.path
    pairs, pair_code = _dense(pair, len(typology.path_bits) * n_paths)
    reasons = [
        brief(typology.walk_of(int(p) // n_paths), pathway.walk_of(int(p) % n_paths)) for p in pairs
    ]
    out = df.copy(deep=False)
    out["category"] = _categorical(typology.outcome, categories, list(Category))
    out["subtype"] = _categorical(typology.outcome, subtypes, list(Subtype))
    out["pathway"] = _categorical(pathway.outcome, [o.id for o in pathway.outcomes], list(Pathway))
    out["reasons"] = from_codes(pair_code, reasons)
    out["guidance_version"] = from_codes(np.zeros(len(df), dtype=np.int8), [str(VERSION)])
    return out
