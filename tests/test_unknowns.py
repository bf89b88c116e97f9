"""Facts not yet known, proven exact over the whole space, under every edition.

Every yes/no/not-known combination of the facts the rules read, with sharing known or not,
and every pair of ages (one per span between age lines, or not known) with the youngest
involved never older than the youngest pictured: about four million patterns for the guidance
as written, and a million more with no youngest-involved column. For each graph the possible
outcomes are a bitmask per pattern, and the proof is by induction on the number of unknown
facts:

- a pattern with no unknown fact has exactly one possible outcome, the one the walk reaches;
- a pattern with an unknown fact has, as its possible outcomes, the union of those of the
  patterns where that fact takes each value it could take.

So the possible set is exactly the set of outcomes over every completion: no more, no less.

It runs for every built-in edition and for the what-if files in data/. Where an edition's
space has more than ``LIMIT`` patterns (the proposed 2024 revision reads two more facts,
financial_extortion and ai_generated: nine times the patterns, about 40 million), it runs
over a seeded random sample of ``SAMPLE`` patterns (a few thousand fewer once repeats are dropped) together with their children: each step of
the induction holds pattern by pattern, so every sampled pattern is checked exactly as in the
full proof, and every child that is complete is checked against the walk; what is not proven
for such an edition is the patterns outside the sample.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from policy_model import Incident, assess, assess_frame
from policy_model.engine.frame import Codes, FrameWalk, possible
from policy_model.model.columns import COLUMNS
from policy_model.model.conditions import PICTURED, YOUNGEST
from policy_model.model.editions import EDITIONS, edition
from policy_model.model.graph import DecisionGraph
from policy_model.model.guidance import Guidance
from policy_model.model.vocab import Pathway, Subtype

from .helpers import ROOT, class_ages, read_facts

NONE = -1
LIMIT = 6_000_000
"""The most patterns checked exhaustively; a bigger space is sampled."""
SAMPLE = 300_000
"""Patterns drawn (seeded) from a space bigger than ``LIMIT``, checked with their children."""
WHAT_IFS = sorted((ROOT / "data").glob("whatif-*.yaml"))
GUIDANCES: dict[str, Guidance] = {
    **EDITIONS,
    **{path.stem: edition(path) for path in WHAT_IFS},
}


@dataclasses.dataclass
class Space:
    """Patterns as codes: one axis a fact (0 no, 1 yes, -1 not known), the category axes
    (value index, -1), and one axis for the pair of ages. ``index`` numbers the patterns
    held, in C order over ``sizes`` (all of them, unless sampled)."""

    guidance: Guidance
    axes: list[str]
    sizes: list[int]
    pairs: list[tuple[int, int]]  # (age pictured, youngest involved); -1 not known
    linked: bool
    index: npt.NDArray[np.int64]
    codes: dict[str, npt.NDArray[np.int8]] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.codes = {}
        rest = self.index.copy()
        for i in range(len(self.axes) - 1, -1, -1):
            values = (rest % self.sizes[i]).astype(np.int8)
            rest //= self.sizes[i]
            name = self.axes[i]
            if name == "ages":
                self.codes[name] = values
            else:  # the last value of each axis stands for not known
                self.codes[name] = np.where(values == self.sizes[i] - 1, NONE, values).astype(
                    np.int8
                )

    @property
    def n(self) -> int:
        """Every pattern of the space (held or not)."""
        return int(np.prod(self.sizes, dtype=np.int64))

    @property
    def sampled(self) -> bool:
        return len(self.index) < self.n

    def subset(self, index: npt.NDArray[np.int64]) -> Space:
        return Space(self.guidance, self.axes, self.sizes, self.pairs, self.linked, index)

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


def build(linked: bool, guidance: Guidance) -> Space:
    """The edition's whole space, or a seeded sample of it when it has more than ``LIMIT``."""
    facts, categories = read_facts(guidance)
    ages = [NONE, *class_ages(guidance)]
    if linked:
        pairs = [(p, p) for p in ages]
    else:
        pairs = [(p, y) for p in ages for y in ages if p == NONE or y == NONE or y <= p]
    axes = [*facts, *categories, "ages"]
    sizes = [3] * len(facts) + [len(COLUMNS[c].values) + 1 for c in categories] + [len(pairs)]
    n = int(np.prod(sizes, dtype=np.int64))
    if n <= LIMIT:
        index = np.arange(n, dtype=np.int64)
    else:
        rng = np.random.default_rng(11)
        index = np.unique(rng.integers(0, n, SAMPLE, dtype=np.int64))
    return Space(guidance, axes, sizes, pairs, linked, index)


def _children(space: Space) -> tuple[npt.NDArray[np.intp], list[npt.NDArray[np.int64]]]:
    """For each pattern held with an unknown fact (its position), the patterns (their
    numbers in the whole space) where its first unknown fact (in axis order) takes each value
    it could take; -1 where there are fewer."""
    n = len(space.index)
    stride = np.cumprod([1, *space.sizes[::-1]], dtype=np.int64)[:-1][::-1]
    index = space.index
    chosen = np.full(n, -1, dtype=np.int8)
    for i, name in enumerate(space.axes):
        if name == "ages":
            unknown = np.array([NONE in pair for pair in space.pairs])[space.codes[name]]
        else:
            unknown = space.codes[name] == NONE
        chosen[(chosen < 0) & unknown] = i
    open_rows = np.flatnonzero(chosen >= 0)
    width = max(space.sizes) + 4
    kids = [np.full(len(open_rows), -1, dtype=np.int64) for _ in range(width)]
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
    open_rows, kids = _children(space)
    if space.sampled:  # the sampled patterns and their children
        held = np.unique(np.concatenate([space.index, *(k[k >= 0] for k in kids)]))
        closure = space.subset(held)
    else:
        closure = space
    df = closure.frame()
    codes = Codes(df)
    bits = possible(graph, codes, len(df), order)
    settled = np.ones(len(df), dtype=bool)
    settled[_children(closure)[0]] = False
    # base: with every fact known, one outcome, the one the walk reaches
    counts = np.array([bin(b).count("1") for b in range(1 << len(order))])[bits]
    assert settled.any() and (counts[settled] == 1).all(), (
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
    position = np.searchsorted(closure.index, space.index[open_rows])
    union = np.zeros(len(open_rows), dtype=np.int16)
    for kid in kids:
        present = kid >= 0
        union[present] |= bits[np.searchsorted(closure.index, kid[present])]
    bad = np.flatnonzero(union != bits[position])
    assert len(bad) == 0, (graph.id, df.iloc[position[bad[:3]]].to_dict("records"))


CASES = [(name, linked) for name in GUIDANCES for linked in (False, True)]


@pytest.fixture(
    scope="module",
    params=CASES,
    ids=[f"{name}, {'column absent' if linked else 'youngest given'}" for name, linked in CASES],
)
def space(request: pytest.FixtureRequest) -> Space:
    name, linked = request.param
    return build(linked, GUIDANCES[name])


def test_the_space_is_every_pattern_once(space: Space) -> None:
    df = space.frame()
    assert len(df) == len(space.index) == len(np.unique(space.index))
    assert not df.duplicated().any()
    if space.sampled:
        assert space.n > LIMIT and len(df) > SAMPLE * 0.9
    else:
        assert len(df) == space.n > 1_000_000


def test_a_bigger_edition_is_sampled_and_the_others_are_whole() -> None:
    """The proposed edition's space is too big to check whole; the others are checked whole."""
    assert build(False, EDITIONS["redbridge-2024-proposed"]).sampled
    assert not build(True, EDITIONS["redbridge-2018"]).sampled


def test_possible_subtypes_are_exactly_the_outcomes_of_every_completion(space: Space) -> None:
    _check(space.guidance.typology, space, [s.value for s in Subtype])


def test_possible_pathways_are_exactly_the_outcomes_of_every_completion(space: Space) -> None:
    _check(space.guidance.pathway, space, [p.value for p in Pathway])


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
    picked = np.sort(rng.choice(len(space.index), 1000, replace=False))
    df = space.subset(space.index[picked]).frame()
    for name in ("agency", "gender_pictured", "platform"):
        df[name] = pd.Categorical([COLUMNS[name].values[0]] * len(df), list(COLUMNS[name].values))
    for name in COLUMNS.facts:
        if name not in df:
            df[name] = pd.array([False] * len(df), dtype="boolean")
    df.insert(0, "incident_id", [f"S{i}" for i in range(len(df))])
    df.insert(1, "reported_month", "2024-01")
    out = assess_frame(df, guidance=space.guidance)
    for i in range(len(df)):
        a = assess(Incident(**_row(df, i)), guidance=space.guidance)
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


@pytest.mark.parametrize("linked", [False, True], ids=["youngest given", "column absent"])
def test_a_large_frame_looked_up_in_pattern_tables_equals_the_columns(
    linked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From TABLE_FROM_ROWS rows on, each graph is evaluated once per pattern and looked up;
    every output column (and its categories) is what evaluating the columns gives."""
    from policy_model.engine import frame as engine

    from .conftest import random_incidents

    df = random_incidents(20_000, seed=11, unknown=0.15)
    if not linked:
        df.insert(4, "age_youngest_involved", df["age_pictured"])
        df.loc[::7, "age_youngest_involved"] = pd.NA
    monkeypatch.setattr(engine, "TABLE_FROM_ROWS", 1)
    looked_up = assess_frame(df)
    monkeypatch.setattr(engine, "TABLE_FROM_ROWS", 1 << 62)
    evaluated = assess_frame(df)
    for column in engine.OUTPUT_COLUMNS:
        assert list(looked_up[column].cat.categories) == list(evaluated[column].cat.categories)
        assert looked_up[column].astype(object).fillna("").tolist() == (
            evaluated[column].astype(object).fillna("").tolist()
        ), column


@pytest.mark.parametrize("linked", [False, True], ids=["youngest given", "column absent"])
def test_terms_checked_one_by_one_equal_the_packed_word(
    linked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph reading more values than a word holds checks each term over the columns; that
    route gives what the packed word gives."""
    from policy_model.engine import frame as engine

    from .conftest import random_incidents

    df = random_incidents(5_000, seed=12, unknown=0.2)
    if not linked:
        df.insert(4, YOUNGEST, df["age_pictured"])
        df.loc[::5, YOUNGEST] = pd.NA
    monkeypatch.setattr(engine, "TABLE_FROM_ROWS", 1 << 62)
    packed = assess_frame(df)
    monkeypatch.setattr(engine, "WORD_BITS", 0)
    one_by_one = assess_frame(df)
    pd.testing.assert_frame_equal(one_by_one, packed)
    assert packed["pathway"].eq("undetermined").any()  # unknowns reached the terms


@pytest.mark.parametrize(
    ("column", "values", "said"),
    [
        ("age_pictured", pd.array([14, 300, None], dtype="Int16"), "300 (row 1) is not an age"),
        ("age_pictured", [14, None, 100], "100 (row 2) is not an age from 0 to 99"),
        ("coercion", pd.array([0, 2, None], dtype="Int8"), "2 (row 1) is not yes or no"),
        ("sharing", ["peers", None, "peer"], "'peer' (row 2) is not one of none, partner"),
        ("sharing", pd.Categorical(["public", "everyone", None]), "'everyone' (row 1)"),
    ],
)
def test_a_frame_with_a_value_outside_the_facts_is_refused_naming_it(
    column: str, values: object, said: str
) -> None:
    """assess_frame never wraps, guesses or drops a value the loader would refuse: an age of
    300 read as a small integer would be someone else's age, and a misspelt category read as
    not known would make the answer less certain than the facts are."""
    from .conftest import random_incidents

    df = random_incidents(3, seed=3)
    df[column] = values
    with pytest.raises(ValueError, match=re.escape(f"{column}: {said}")):
        assess_frame(df)
