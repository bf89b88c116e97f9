"""Facts not yet known, proven exact over the whole space, under every edition.

For each graph: every yes/no/not-known combination of the facts the graph and the
constraints read, with the categories known or not, and every pair of ages, each age known
exactly (one age per span between age lines), as a range across lines (a school year group:
Year 8 is 12 or 13) or not known. The two ages are of two times, so every pair is a pattern;
ages matter only through the lines, so a class of ages stands for all its ages. About 700,000
patterns for the response pathway as written. The possible outcomes are a bitmask per
pattern, and the proof is by induction on the number of facts not settled:

- a pattern with every fact known and exact ages has exactly one possible outcome, the one
  the walk reaches, when its facts are consistent (``guidance.constraints``, checked here
  one incident at a time), and none when they contradict each other;
- a pattern with an unknown fact (or an age range) has, as its possible outcomes, the union
  of those of the patterns where that fact takes each value it could take (each exact age
  class the range allows).

So the possible set is exactly the set of outcomes over every *consistent* completion: no
more, no less.

It runs for every built-in edition and for the what-if files in data/, each whole (the
proposed 2024 revision's pathway, reading two more facts, has about 6.4 million patterns:
about 30 s and 2.4 GB). Where a graph's space has more than ``LIMIT`` patterns it runs over
a seeded random sample of ``SAMPLE`` patterns (a few fewer once repeats are dropped) together
with their children: each step of the induction holds pattern by pattern, so every sampled
pattern is checked exactly as in the full proof, and every child that is complete is checked
against the walk; what is not proven for such a graph is the patterns outside the sample.
"""

from __future__ import annotations

import dataclasses
import re
import sys

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from policy_model import Incident, assess, assess_frame
from policy_model.editions import EDITIONS, edition
from policy_model.engine import ages
from policy_model.engine.assess import ASSUMED_YOUNGEST
from policy_model.engine.frame import Codes, FrameWalk, contradictions, lines_of, possible
from policy_model.engine.rows import incidents_frame
from policy_model.model.columns import COLUMNS, Kind, range_columns
from policy_model.model.conditions import PICTURED, YOUNGEST, AgeRange, facts_used
from policy_model.model.graph import DecisionGraph
from policy_model.model.guidance import Guidance
from policy_model.model.vocab import Pathway, Subtype

from .helpers import ROOT

NONE = -1
LIMIT = 6_500_000
"""The most patterns checked exhaustively; a bigger space is sampled."""
SAMPLE = 300_000
"""Patterns drawn (seeded) from a space bigger than ``LIMIT``, checked with their children."""
WHAT_IFS = sorted((ROOT / "data").glob("whatif-*.yaml"))
GUIDANCES: dict[str, Guidance] = {
    **EDITIONS,
    **{path.stem: edition(path) for path in WHAT_IFS},
}
AGES = (PICTURED, YOUNGEST)


def read(graph: DecisionGraph, guidance: Guidance) -> list[str]:
    """The facts and categories the graph and the constraints read, in column order."""
    used = set(graph.facts_used())
    if guidance.consistent is not None:
        used |= set(facts_used(guidance.consistent))
    return [n for n in COLUMNS if n in used and COLUMNS[n].kind != Kind.AGE]


@dataclasses.dataclass
class Space:
    """Patterns as codes: one axis per fact (0 no, 1 yes, -1 not known), per category (value
    index, -1) and per age (an index into ``ages.classes``: exact, a range, or every span,
    not known). ``index`` numbers the patterns held, in C order over ``sizes``."""

    guidance: Guidance
    graph: DecisionGraph
    axes: list[str]
    sizes: list[int]
    lines: tuple[int, ...]
    index: npt.NDArray[np.int64]
    codes: dict[str, npt.NDArray[np.int8]] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.codes = {}
        rest = self.index.copy()
        for i in range(len(self.axes) - 1, -1, -1):
            values = (rest % self.sizes[i]).astype(np.int8)
            rest //= self.sizes[i]
            name = self.axes[i]
            if name in AGES:
                self.codes[name] = values
            else:  # the last value of each axis stands for not known
                self.codes[name] = np.where(values == self.sizes[i] - 1, NONE, values).astype(
                    np.int8
                )

    @property
    def classes(self) -> tuple[tuple[int, int], ...]:
        return ages.classes(self.lines)

    @property
    def n(self) -> int:
        """Every pattern of the space (held or not)."""
        return int(np.prod(self.sizes, dtype=np.int64))

    @property
    def sampled(self) -> bool:
        return len(self.index) < self.n

    def subset(self, index: npt.NDArray[np.int64]) -> Space:
        return Space(self.guidance, self.graph, self.axes, self.sizes, self.lines, index)

    def open(self, name: str) -> npt.NDArray[np.bool_]:
        """Where the axis is not settled: a fact not known, an age not exact."""
        if name in AGES:
            exact = np.array([a == b for a, b in self.classes])
            return ~exact[self.codes[name]]
        return self.codes[name] == NONE

    def frame(self) -> pd.DataFrame:
        """The patterns as the loader types a dataset: an age range in its range columns, a
        class of every span as not known."""
        columns: dict[str, object] = {}
        for name in self.axes:
            code = self.codes[name].astype(np.int16)
            if name in AGES:
                low, high = ages.representatives(self.lines)
                a, b = low[code], high[code]
                exact = a == b
                whole = code == self.classes.index((0, len(self.lines)))  # not known
                ranged = ~exact & ~whole
                columns[name] = pd.arrays.IntegerArray(a.astype(np.int8), ~exact)
                for bound, values in zip(range_columns(name), (a, b), strict=True):
                    columns[bound] = pd.arrays.IntegerArray(values.astype(np.int8), ~ranged)
            elif COLUMNS[name].values:
                columns[name] = pd.Categorical.from_codes(code, list(COLUMNS[name].values))
            else:
                columns[name] = pd.arrays.BooleanArray(code == 1, code < 0)
        return pd.DataFrame(columns)


def build(guidance: Guidance, graph: DecisionGraph) -> Space:
    """The graph's whole space, or a seeded sample of it when it has more than ``LIMIT``."""
    variables = read(graph, guidance)
    lines = lines_of((graph,), guidance.consistent)
    width = len(ages.classes(lines))
    axes = [*variables, *AGES]
    sizes = [len(COLUMNS[v].values) + 1 if COLUMNS[v].values else 3 for v in variables]
    sizes += [width, width]
    n = int(np.prod(sizes, dtype=np.int64))
    if n <= LIMIT:
        index = np.arange(n, dtype=np.int64)
    else:
        rng = np.random.default_rng(11)
        index = np.unique(rng.integers(0, n, SAMPLE, dtype=np.int64))
    return Space(guidance, graph, axes, sizes, lines, index)


def _children(space: Space) -> tuple[npt.NDArray[np.intp], list[npt.NDArray[np.int64]]]:
    """For each pattern held that is not settled (its position), the patterns (their numbers
    in the whole space) where its first open axis takes each value it could take: a fact
    yes or no, a category each value, an age each exact class its range allows; -1 where
    there are fewer."""
    n = len(space.index)
    stride = np.cumprod([1, *space.sizes[::-1]], dtype=np.int64)[:-1][::-1]
    index = space.index
    chosen = np.full(n, -1, dtype=np.int8)
    for i, name in enumerate(space.axes):
        chosen[(chosen < 0) & space.open(name)] = i
    open_rows = np.flatnonzero(chosen >= 0)
    width = max(space.sizes)
    kids = [np.full(len(open_rows), -1, dtype=np.int64) for _ in range(width)]
    exact = {a: k for k, (a, b) in enumerate(space.classes) if a == b}
    for i, name in enumerate(space.axes):
        rows = open_rows[chosen[open_rows] == i]
        where = np.flatnonzero(chosen[open_rows] == i)
        current = index[rows] // stride[i] % space.sizes[i]
        base = index[rows] - current * stride[i]
        if name not in AGES:
            for v in range(space.sizes[i] - 1):
                kids[v][where] = base + v * stride[i]
            continue
        for code, (a, b) in enumerate(space.classes):
            hit = current == code
            for v, span in enumerate(range(a, b + 1) if a < b else ()):
                kids[v][where[hit]] = base[hit] + exact[span] * stride[i]
    return open_rows, kids


def _consistent(
    space: Space, df: pd.DataFrame, rows: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Whether each complete pattern's facts meet the constraints, one incident at a time
    (``Condition.value``: independent of the frame's terms)."""
    consistent = space.guidance.consistent
    if consistent is None:
        return np.ones(len(rows), dtype=bool)
    found = []
    for r in rows.tolist():
        facts: dict[str, object] = {}
        for name in space.axes:
            value = df[name].iloc[r]
            facts[name] = (
                None if pd.isna(value) else (value.item() if hasattr(value, "item") else value)
            )
        met = consistent.value(facts)
        assert met is not None, facts
        found.append(met)
    return np.array(found, dtype=bool)


def _check(space: Space, order: list[str]) -> None:
    graph = space.graph
    open_rows, kids = _children(space)
    if space.sampled:  # the sampled patterns and their children
        held = np.unique(np.concatenate([space.index, *(k[k >= 0] for k in kids)]))
        closure = space.subset(held)
    else:
        closure = space
    df = closure.frame()
    codes = Codes(df)
    bits = possible(graph, codes, len(df), order, space.guidance.consistent)
    settled = np.ones(len(df), dtype=bool)
    settled[_children(closure)[0]] = False
    complete = np.flatnonzero(settled)
    # base: with every fact known, one outcome (the walk's) if consistent, else none
    counts = np.array([bin(b).count("1") for b in range(1 << len(order))])[bits]
    consistent = _consistent(space, df, complete)
    assert consistent.any() and (counts[complete[consistent]] == 1).all(), graph.id
    assert (counts[complete[~consistent]] == 0).all(), graph.id
    walked = FrameWalk(graph, codes, len(df), space.guidance.consistent)
    ends = np.array(
        [
            1 << order.index(e.path[-1]) if e.open is None else 0
            for e in map(walked.explored, range(len(walked.keys)))
        ]
    )
    good = complete[consistent]
    assert (ends[walked.path][good] == bits[good]).all(), graph.id
    # step: an open fact's outcomes are the union over the values it could take
    position = np.searchsorted(closure.index, space.index[open_rows])
    union = np.zeros(len(open_rows), dtype=np.int16)
    for kid in kids:
        present = kid >= 0
        union[present] |= bits[np.searchsorted(closure.index, kid[present])]
    bad = np.flatnonzero(union != bits[position])
    assert len(bad) == 0, (graph.id, df.iloc[position[bad[:3]]].to_dict("records"))


CASES = [(name, graph) for name in GUIDANCES for graph in ("typology", "pathway")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{name}, {graph}" for name, graph in CASES])
def space(request: pytest.FixtureRequest) -> Space:
    name, graph = request.param
    guidance = GUIDANCES[name]
    return build(guidance, guidance.typology if graph == "typology" else guidance.pathway)


def _order(space: Space) -> list[str]:
    if space.graph is space.guidance.typology:
        return [s.value for s in Subtype]
    return [p.value for p in Pathway]


def test_the_space_is_every_pattern_once(space: Space) -> None:
    df = space.frame()
    assert len(df) == len(space.index) == len(np.unique(space.index))
    assert not df.duplicated().any()
    if space.sampled:
        assert space.n > LIMIT and len(df) > SAMPLE * 0.9
    # every age class: exact, not known, and a range across a line short of every span
    for name in AGES:
        low, high = range_columns(name)
        assert df[name].notna().any() and (df[name].isna() & df[low].isna()).any()
        ranges = len(space.lines) >= 2
        assert df[low].notna().any() == ranges and df[high].notna().any() == ranges


def test_every_built_in_edition_is_proven_whole() -> None:
    """Graph by graph, every built-in edition's space is under the limit: nothing sampled."""
    for guidance in EDITIONS.values():
        for graph in (guidance.typology, guidance.pathway):
            assert not build(guidance, graph).sampled, (guidance.id, graph.id)


def test_a_space_over_the_limit_is_sampled_and_checked_with_its_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bigger space (a what-if reading many facts) is sampled, seeded, and each sampled
    pattern is checked exactly, with its children."""
    monkeypatch.setattr(sys.modules[__name__], "LIMIT", 10_000)
    monkeypatch.setattr(sys.modules[__name__], "SAMPLE", 3_000)
    proposed = EDITIONS["redbridge-2024-proposed"]
    space = build(proposed, proposed.typology)
    assert space.sampled and 2_500 < len(space.index) <= 3_000
    _check(space, _order(space))


def test_possible_outcomes_are_exactly_those_of_every_consistent_completion(space: Space) -> None:
    _check(space, _order(space))


def _row(df: pd.DataFrame, i: int) -> dict[str, object]:
    found: dict[str, object] = {}
    for name in df.columns:
        value = df[name].iloc[i]
        found[name] = (
            None if pd.isna(value) else (value.item() if hasattr(value, "item") else value)
        )
    for name in AGES:
        low, high = (found.pop(b) for b in range_columns(name))
        if low is not None:
            assert found[name] is None
            found[name] = AgeRange(int(low), int(high))  # type: ignore[call-overload]
    return found


def test_assess_and_assess_frame_agree_on_a_sample_with_unknowns(space: Space) -> None:
    """The exact search of one incident and the frame's terms agree, row by row, on
    consistent patterns (a contradiction is refused by both)."""
    rng = np.random.default_rng(7)
    picked = np.sort(rng.choice(len(space.index), 1500, replace=False))
    df = space.subset(space.index[picked]).frame()
    broken = np.zeros(len(df), dtype=bool)
    for _, rows in contradictions(Codes(df), space.guidance.constraints):
        broken |= rows
    assert broken.any()
    df = df[~broken].reset_index(drop=True)
    for name in ("agency", "gender_pictured", "platform"):
        df[name] = pd.Categorical([COLUMNS[name].values[0]] * len(df), list(COLUMNS[name].values))
    for name in COLUMNS.facts:
        if name not in df:
            df[name] = pd.array([False] * len(df), dtype="boolean")
    if "sharing" not in df:
        df["sharing"] = pd.Categorical(["partner"] * len(df), list(COLUMNS["sharing"].values))
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


VARIANTS = ("youngest given", "column absent", "age ranges")


def _variant(variant: str, n: int, seed: int, unknown: float) -> pd.DataFrame:
    """Random incidents: with a youngest involved of its own (either age may be the older),
    without the column, or with both ages sometimes known as ranges; facts that would
    contradict each other are made not known."""
    from .conftest import random_incidents

    df = random_incidents(n, seed=seed, unknown=unknown)
    if variant == "column absent":
        return df
    rng = np.random.default_rng(seed)
    youngest = rng.integers(8, 26, n).astype(np.int8)
    df.insert(4, YOUNGEST, pd.arrays.IntegerArray(youngest, rng.random(n) < unknown))
    if variant == "age ranges":
        for name in AGES:
            low = rng.integers(8, 25, n).astype(np.int8)
            ranged = rng.random(n) < 0.3
            df[name] = df[name].mask(ranged)
            for bound, values in zip(range_columns(name), (low, low + 1 + (low % 3)), strict=True):
                df[bound] = pd.arrays.IntegerArray(values.astype(np.int8), ~ranged)
    for _, rows in contradictions(Codes(df), EDITIONS["redbridge-2018"].constraints):
        df.loc[rows, "adult_involved"] = pd.NA
    return df


@pytest.mark.parametrize("asked", ["many-rows", "by-pattern"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_a_large_frame_looked_up_in_pattern_tables_equals_the_columns(
    variant: str, asked: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From TABLE_FROM_ROWS rows on, or with ``by_pattern`` (as the streaming engine asks for
    each block), each graph is evaluated once per pattern and looked up; every output column
    (and its categories) is what evaluating the columns gives."""
    from policy_model.engine import frame as engine
    from policy_model.engine import patterns

    df = _variant(variant, 20_000, seed=11, unknown=0.15)
    patterns._patterns.cache_clear()
    if asked == "many-rows":
        monkeypatch.setattr(patterns, "TABLE_FROM_ROWS", 1)
        looked_up = assess_frame(df)
    else:
        looked_up = assess_frame(df, by_pattern=True)
    assert patterns._patterns.cache_info().currsize == 2  # a table for each graph
    monkeypatch.setattr(patterns, "TABLE_FROM_ROWS", 1 << 62)
    evaluated = assess_frame(df)
    for column in engine.OUTPUT_COLUMNS:
        assert list(looked_up[column].cat.categories) == list(evaluated[column].cat.categories)
        assert looked_up[column].astype(object).fillna("").tolist() == (
            evaluated[column].astype(object).fillna("").tolist()
        ), column


@pytest.mark.parametrize("variant", VARIANTS)
def test_terms_checked_one_by_one_equal_the_packed_word(
    variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph reading more values than a word holds checks each term over the columns; that
    route gives what the packed word gives."""
    from policy_model.engine import patterns, possibilities

    df = _variant(variant, 5_000, seed=12, unknown=0.2)
    monkeypatch.setattr(patterns, "TABLE_FROM_ROWS", 1 << 62)
    packed = assess_frame(df)
    monkeypatch.setattr(possibilities, "WORD_BITS", 0)
    one_by_one = assess_frame(df)
    pd.testing.assert_frame_equal(one_by_one, packed)
    assert packed["pathway"].eq("undetermined").any()  # unknowns reached the terms


def test_a_frame_without_the_youngest_column_has_it_not_known() -> None:
    """Never copied from the age pictured: a 15 year old's romantic exchange may have a 12
    year old involved, so safeguarding procedures stay possible ("If children or young
    people engaging in experimental incidents are aged 12 or under")."""
    df = incidents_frame([Incident(age_pictured=15, age_youngest_involved=None)])
    out = assess_frame(df.drop(columns=YOUNGEST)).iloc[0]
    assert out["possible_pathways"] == "safeguarding_procedures|manage_within_agency"
    assert out["ask_next"] == YOUNGEST


def test_a_stated_assumption_is_said_in_every_row() -> None:
    """A mapping may assume the youngest involved is the age pictured; the reasons say so."""
    df = incidents_frame([Incident(age_pictured=15), Incident(age_pictured=19)])
    assert df.attrs
    out = assess_frame(df)
    assert out["pathway"].tolist() == ["manage_within_agency", "adult_image_abuse"]
    assert all(ASSUMED_YOUNGEST in r for r in out["reasons"])
    assert not any(ASSUMED_YOUNGEST in r for r in assess_frame(df.copy().pipe(_forget))["reasons"])


def _forget(df: pd.DataFrame) -> pd.DataFrame:
    df.attrs.clear()
    return df


@pytest.mark.parametrize(
    ("facts", "said"),
    [
        (
            {"adult_involved": True, "age_pictured": 19, "age_youngest_involved": 19},
            "adult_involved, age_pictured, age_youngest_involved (row 0) contradict each other",
        ),
        (
            {"adult_involved": True, "age_pictured": AgeRange(18, 19), "age_youngest_involved": 30},
            "contradict each other: an adult involved with or of a child needs a child",
        ),
    ],
)
def test_contradicting_facts_are_refused_by_assess_frame(
    facts: dict[str, object], said: str
) -> None:
    """ "An adult ... with or of a child" needs a child: an adult involved where everyone is
    18 or over is a contradiction, refused, never read as an immediate referral."""
    incident = Incident.not_known(age_pictured=20, age_youngest_involved=20)
    df = incidents_frame([incident])
    for name, value in facts.items():
        if isinstance(value, AgeRange):
            df[name] = pd.array([None], dtype="Int8")
            low, high = range_columns(name)
            df[low], df[high] = (
                pd.array([value.low], dtype="Int8"),
                pd.array([value.high], dtype="Int8"),
            )
        else:
            df[name] = pd.array([value], dtype="boolean" if isinstance(value, bool) else "Int8")
    with pytest.raises(ValueError, match=re.escape(said)):
        assess_frame(df)
    with pytest.raises(ValueError, match="contradicts"):
        Incident(**{**dict(incident.given()), **facts})


def test_a_range_the_wrong_way_round_is_refused_by_assess_frame() -> None:
    df = incidents_frame([Incident(age_pictured=(12, 13))])
    df["age_pictured_min"] = pd.array([14], dtype="Int8")
    with pytest.raises(ValueError, match=r"age_pictured: not known .* \(row 0\) is not a range"):
        assess_frame(df)


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
