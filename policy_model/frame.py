"""The same decision graphs evaluated over whole columns: no Python loop over rows."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from . import conditions as c
from .assess import brief
from .citations import VERSION
from .graph import DecisionGraph, Outcome, Question, Step, Walk
from .pathway import PATHWAY
from .typology import TYPOLOGY
from .vocab import SUBTYPE_CATEGORY, Category, Pathway, Subtype

__all__ = ["OUTPUT_COLUMNS", "FrameWalk", "assess_frame", "from_codes", "mask", "walk_frame"]

OUTPUT_COLUMNS = ("category", "subtype", "pathway", "reasons", "guidance_version")

Mask = npt.NDArray[np.bool_]


def from_codes(
    codes: npt.NDArray[np.integer[Any]], categories: Sequence[str]
) -> pd.Categorical[str]:
    """A Categorical over ``categories`` (plain strings) from integer codes; -1 is missing."""
    dtype = pd.CategoricalDtype([str(c) for c in categories])
    return cast("pd.Categorical[str]", pd.Categorical.from_codes(codes, dtype=dtype))


def mask(condition: c.Condition, df: pd.DataFrame) -> Mask:
    """Where ``condition`` holds, row by row, as a boolean array."""
    match condition:
        case c.Fact(name):
            facts: Mask = df[name].to_numpy(dtype=bool)
            return facts
        case c.Is(name, values):
            found: Mask = df[name].isin(values).to_numpy(dtype=bool)
            return found
        case c.AgeAtLeast(years):
            return df["age_pictured"].to_numpy() >= years
        case c.AgeAtMost(years):
            return df["age_pictured"].to_numpy() <= years
        case c.Not(operand):
            return ~mask(operand, df)
        case c.AnyOf(operands):
            return functools.reduce(np.logical_or, (mask(o, df) for o in operands))
        case c.AllOf(operands):
            return functools.reduce(np.logical_and, (mask(o, df) for o in operands))
    raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover


class FrameWalk:
    """Every row's walk through one graph: its outcome and its path, as small integer codes."""

    def __init__(self, graph: DecisionGraph, df: pd.DataFrame) -> None:
        self.graph = graph
        self.order = graph.topological_order()
        n = len(df)
        reach = {node_id: np.zeros(n, dtype=bool) for node_id in self.order}
        reach[graph.start][:] = True
        bits = np.zeros(n, dtype=np.int64)
        self.outcomes = graph.outcomes
        outcome = np.full(n, -1, dtype=np.int8)
        for bit, node_id in enumerate(self.order):
            here = reach[node_id]
            bits |= here.astype(np.int64) << bit
            match graph[node_id]:
                case Step(next=target):
                    reach[target] |= here
                case Question(when=when, yes=yes, no=no):
                    answer = mask(when, df)
                    reach[yes] |= here & answer
                    reach[no] |= here & ~answer
                case Outcome() as node:
                    outcome[here] = self.outcomes.index(node)
        self.outcome = outcome
        # Paths are few: number the distinct ones densely.
        self.path_bits, self.path = np.unique(bits, return_inverse=True)

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
    typology = FrameWalk(TYPOLOGY, df)
    category_of = np.array([SUBTYPE_CATEGORY[Subtype(o.id)] for o in typology.outcomes])
    with_category = df.assign(category=category_of[typology.outcome])
    return typology, FrameWalk(PATHWAY, with_category)


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
    pairs, pair_code = np.unique(pair, return_inverse=True)
    reasons = [
        brief(typology.walk_of(int(p) // n_paths), pathway.walk_of(int(p) % n_paths)) for p in pairs
    ]
    out = df.copy()
    out["category"] = _categorical(typology.outcome, categories, list(Category))
    out["subtype"] = _categorical(typology.outcome, subtypes, list(Subtype))
    out["pathway"] = _categorical(pathway.outcome, [o.id for o in pathway.outcomes], list(Pathway))
    out["reasons"] = from_codes(pair_code, reasons)
    out["guidance_version"] = from_codes(np.zeros(len(df), dtype=np.int8), [str(VERSION)])
    return out
