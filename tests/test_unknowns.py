"""Facts not yet known, proven exact over the whole space.

Every yes/no/not-known combination of the facts the rules read, with sharing known or not,
and every pair of ages (one per span between age lines, or not known) with the youngest
involved never older than the youngest pictured: about four million patterns, and a million
more with no youngest-involved column. For each graph the possible outcomes are a bitmask per
pattern, and the proof is by induction on the number of unknown facts:

- a pattern with no unknown fact has exactly one possible outcome, the one the walk reaches;
- a pattern with an unknown fact has, as its possible outcomes, the union of those of the
  patterns where that fact takes each value it could take.

So the possible set is exactly the set of outcomes over every completion: no more, no less.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from policy_model import Incident, assess, assess_frame
from policy_model.engine.frame import Codes, FrameWalk, possible
from policy_model.model.columns import COLUMNS
from policy_model.model.conditions import PICTURED, YOUNGEST
from policy_model.model.graph import DecisionGraph
from policy_model.model.guidance import AS_WRITTEN
from policy_model.model.vocab import Pathway, Subtype

from .helpers import class_ages, read_facts

NONE = -1


@dataclasses.dataclass
class Space:
    """Patterns as codes: one axis a fact (0 no, 1 yes, -1 not known), the category axes
    (value index, -1), and one axis for the pair of ages."""

    axes: list[str]
    sizes: list[int]
    codes: dict[str, npt.NDArray[np.int8]]
    pairs: list[tuple[int, int]]  # (age pictured, youngest involved); -1 not known
    linked: bool

    @property
    def n(self) -> int:
        return int(np.prod(self.sizes))

    def frame(self) -> pd.DataFrame:
        columns: dict[str, object] = {}
        for name in self.axes[:-1]:
            c = self.codes[name].astype(np.int16)
            column = COLUMNS[name]
            if column.values:
                columns[name] = pd.Categorical.from_codes(c, list(column.values))
            else:
                columns[name] = pd.arrays.BooleanArray(c == 1, c < 0)
        pair = self.codes["ages"]
        pictured = np.array([p for p, _ in self.pairs], dtype=np.int8)[pair]
        columns[PICTURED] = pd.arrays.IntegerArray(np.maximum(pictured, 0), pictured < 0)
        if not self.linked:
            youngest = np.array([y for _, y in self.pairs], dtype=np.int8)[pair]
            columns[YOUNGEST] = pd.arrays.IntegerArray(np.maximum(youngest, 0), youngest < 0)
        return pd.DataFrame(columns)


def build(linked: bool) -> Space:
    facts, categories = read_facts()
    ages = [NONE, *class_ages()]
    if linked:
        pairs = [(p, p) for p in ages]
    else:
        pairs = [(p, y) for p in ages for y in ages if p == NONE or y == NONE or y <= p]
    axes = [*facts, *categories, "ages"]
    sizes = [3] * len(facts) + [len(COLUMNS[c].values) + 1 for c in categories] + [len(pairs)]
    grid = np.indices(sizes, dtype=np.int8).reshape(len(sizes), -1)
    codes: dict[str, npt.NDArray[np.int8]] = {}
    for i, name in enumerate(axes):
        values = grid[i]
        if name == "ages":
            codes[name] = values
        else:  # the last value of each axis stands for not known
            codes[name] = np.where(values == sizes[i] - 1, NONE, values).astype(np.int8)
    return Space(axes, sizes, codes, pairs, linked)


def _children(space: Space) -> tuple[npt.NDArray[np.intp], list[npt.NDArray[np.intp]]]:
    """For each pattern with an unknown fact, the patterns where its first unknown fact (in
    axis order) takes each value it could take; -1 where there are fewer."""
    n = space.n
    stride = np.cumprod([1, *space.sizes[::-1]])[:-1][::-1]
    index = np.arange(n, dtype=np.intp)
    chosen = np.full(n, -1, dtype=np.int8)
    for i, name in enumerate(space.axes):
        if name == "ages":
            unknown = np.array([NONE in pair for pair in space.pairs])[space.codes[name]]
        else:
            unknown = space.codes[name] == NONE
        chosen[(chosen < 0) & unknown] = i
    open_rows = np.flatnonzero(chosen >= 0)
    width = max(space.sizes) + 4
    kids = [np.full(len(open_rows), -1, dtype=np.intp) for _ in range(width)]
    for i, name in enumerate(space.axes):
        rows = open_rows[chosen[open_rows] == i]
        where = np.flatnonzero(chosen[open_rows] == i)
        current = index[rows] // stride[i] % space.sizes[i]
        base = index[rows] - current * stride[i]
        if name != "ages":
            for v in range(space.sizes[i] - 1):
                kids[v][where] = base + v * stride[i]
            continue
        # an unknown age takes each span's age, the youngest never older than the pictured
        for code, (p, y) in enumerate(space.pairs):
            if NONE not in (p, y):
                continue
            if space.linked or (y != NONE and p == NONE):  # the pictured age, at least y
                split = [
                    k
                    for k, (p2, y2) in enumerate(space.pairs)
                    if p2 != NONE and (y2 == p2 if space.linked else y2 == y and p2 >= y)
                ]
            elif p == NONE:  # both not known: the pictured age first
                split = [k for k, (p2, y2) in enumerate(space.pairs) if p2 != NONE and y2 == NONE]
            else:  # the pictured age known: the youngest, at most it
                split = [k for k, (p2, y2) in enumerate(space.pairs) if p2 == p and y2 != NONE]
            hit = current == code
            for v, k in enumerate(split):
                kids[v][where[hit]] = base[hit] + k * stride[i]
    return open_rows, kids


def _check(graph: DecisionGraph, space: Space, order: list[str]) -> None:
    df = space.frame()
    codes = Codes(df)
    bits = possible(graph, codes, len(df), order)
    open_rows, kids = _children(space)
    settled = np.ones(len(df), dtype=bool)
    settled[open_rows] = False
    # base: with every fact known, one outcome, the one the walk reaches
    counts = np.array([bin(b).count("1") for b in range(1 << len(order))])[bits]
    assert (counts[settled] == 1).all(), (
        f"{graph.id}: a complete pattern with {counts[settled].max()} outcomes"
    )
    walked = FrameWalk(graph, codes, len(df))
    ends = np.array(
        [
            1 << order.index(e.path[-1]) if e.open is None else 0
            for e in map(walked.explored, range(len(walked.keys)))
        ]
    )
    assert (ends[walked.path][settled] == bits[settled]).all(), graph.id
    # step: an unknown fact's outcomes are the union over the values it could take
    union = np.zeros(len(open_rows), dtype=np.int16)
    for kid in kids:
        present = kid >= 0
        union[present] |= bits[kid[present]]
    bad = np.flatnonzero(union != bits[open_rows])
    assert len(bad) == 0, (graph.id, df.iloc[open_rows[bad[:3]]].to_dict("records"))


@pytest.fixture(scope="module", params=[False, True], ids=["youngest given", "column absent"])
def space(request: pytest.FixtureRequest) -> Space:
    return build(linked=request.param)


def test_the_space_is_every_pattern_once(space: Space) -> None:
    df = space.frame()
    assert len(df) == space.n > 1_000_000
    assert not df.duplicated().any()


def test_possible_subtypes_are_exactly_the_outcomes_of_every_completion(space: Space) -> None:
    _check(AS_WRITTEN.typology, space, [s.value for s in Subtype])


def test_possible_pathways_are_exactly_the_outcomes_of_every_completion(space: Space) -> None:
    _check(AS_WRITTEN.pathway, space, [p.value for p in Pathway])


def _row(df: pd.DataFrame, i: int) -> dict[str, object]:
    found = {}
    for name in df.columns:
        value = df[name].iloc[i]
        found[name] = (
            None if pd.isna(value) else (value.item() if hasattr(value, "item") else value)
        )
    return found


def test_assess_and_assess_frame_agree_on_a_sample_with_unknowns(space: Space) -> None:
    """The exact search of one incident and the frame's terms agree, row by row."""
    rng = np.random.default_rng(7)
    df = space.frame().iloc[rng.choice(space.n, 4000, replace=False)].reset_index(drop=True)
    for name in ("agency", "gender_pictured", "platform"):
        df[name] = pd.Categorical([COLUMNS[name].values[0]] * len(df), list(COLUMNS[name].values))
    for name in COLUMNS.facts:
        if name not in df:
            df[name] = pd.array([False] * len(df), dtype="boolean")
    df.insert(0, "incident_id", [f"S{i}" for i in range(len(df))])
    df.insert(1, "reported_month", "2024-01")
    out = assess_frame(df)
    for i in range(len(df)):
        a = assess(Incident(**_row(df, i)))
        o = out.iloc[i]
        assert (
            a.category,
            a.subtype,
            a.pathway,
            "|".join(a.possible_subtypes),
            "|".join(a.possible_pathways),
            a.precautionary_pathway,
            a.ask_next,
            a.brief,
        ) == (
            o["category"],
            o["subtype"],
            o["pathway"],
            o["possible_subtypes"],
            o["possible_pathways"],
            o["precautionary_pathway"],
            None if pd.isna(o["ask_next"]) else o["ask_next"],
            o["reasons"],
        ), _row(df, i)
