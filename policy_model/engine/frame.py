"""The same decision graphs evaluated over whole columns, unknowns and all: no loop over rows.

Each fact becomes a small integer code per row (1 yes, 0 no, -1 not known; category codes);
each age its lowest and highest possible value (``ages.read_bounds``: exact, a range, or 0 to
99 when not known). Two things are computed from the graphs:

- the walk as far as the known facts go, in three-valued logic: each row's path (packed into
  an integer), the question it stops at, and the first fact that question leaves open; a
  question the edition's constraints settle (only one answer is consistent) is answered;
- the outcomes still possible, as a bitmask per row: each outcome's terms (``DecisionGraph.
  outcome_terms``: its paths' conditions multiplied out into per-variable constraints, each
  taken with the constraints) hold possibly for a row when every constraint does: the known
  value meets it, the value is not known, or an age's range reaches into the term's. The two
  ages are of two times and are checked each on its own.

Rows with the same possible outcomes and the same path share one answer (``_Answers``); the
output columns are made once per answer and looked up. Large frames skip the evaluation too:
each graph's answers are worked out once for every pattern of the values it reads
(``_Patterns``) and the rows look their patterns up.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..model import conditions as c
from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, OUTPUT_COLUMNS, Kind, range_columns
from ..model.conditions import AllOf
from ..model.constraints import Constraint, settling_terms
from ..model.graph import DecisionGraph, Explored, Outcome, Question, Step
from ..model.guidance import AS_WRITTEN, Guidance
from ..model.incident import ASSUMED, SAME_AS_AGE_PICTURED
from ..model.vocab import Category, Pathway, Subtype
from . import ages
from .assess import ASSUMED_YOUNGEST, UNDETERMINED, brief
from .readings import read_frame, with_notes

__all__ = [
    "OUTPUT_COLUMNS",
    "Codes",
    "FrameWalk",
    "assess_frame",
    "contradictions",
    "from_codes",
    "joined",
    "lines_of",
    "possible",
    "refuse_contradictions",
    "version_of",
    "walk_frame",
    "youngest_assumed",
]


Mask = npt.NDArray[np.bool_]
Code = npt.NDArray[np.int16]


def from_codes(
    codes: npt.NDArray[np.integer[Any]], categories: Sequence[str], *, validate: bool = True
) -> pd.Categorical[str]:
    """A Categorical over ``categories`` (plain strings) from integer codes; -1 is missing.
    ``validate=False``: the codes are known to lie in range (made here), not checked again."""
    dtype = _dtype(tuple(str(c) for c in categories))
    found = pd.Categorical.from_codes(codes, dtype=dtype, validate=validate)
    return cast("pd.Categorical[str]", found)


@functools.lru_cache(maxsize=256)
def _dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(categories))


class Codes:
    """Each column a rule reads as integer codes, -1 where not known; read once, on demand.
    An age is read as each row's lowest and highest possible age (``ages.read_bounds``): a
    missing ``age_youngest_involved`` column is not known, never the age pictured."""

    def __init__(
        self,
        df: pd.DataFrame | Mapping[str, npt.NDArray[np.uint8]],
        graphs: tuple[DecisionGraph, ...] = (),
        *,
        bounds: Mapping[str, ages.Bounds] | None = None,
    ) -> None:
        """``df``: a frame, or the facts already read as ``shifted`` gives them, with the
        ages' ``bounds``."""
        self.graphs = graphs
        """Graphs evaluated together: they share one packed word of known values."""
        self._cache: dict[str, Code] = {}
        self._shifted: dict[str, npt.NDArray[np.uint8]] = {}
        self._bounds: dict[str, ages.Bounds] = dict(bounds or {})
        self.df: pd.DataFrame | None = None
        if isinstance(df, pd.DataFrame):
            self.df, self.n = df, len(df)
        else:
            self._shifted.update(df)
            self.n = len(next(iter(self._bounds.values()))[0])
        self._ages: dict[tuple[int, ...], Code] = {}
        self._classes: dict[tuple[str, tuple[int, ...]], Code] = {}
        self._words: dict[int, npt.NDArray[np.uint64]] = {}

    def word(self, layout: _Layout, n: int) -> npt.NDArray[np.uint64]:
        """The rows' known values packed as ``layout`` says, made once per layout."""
        if id(layout) not in self._words:
            self._words[id(layout)] = layout.word(self, n)
        return self._words[id(layout)]

    def __call__(self, name: str) -> Code:
        """The column's codes: a fact 1 yes, 0 no; a category its index in the registry;
        -1 not known (an age: ``bounds``)."""
        if name not in self._cache:
            self._cache[name] = self.shifted(name).astype(np.int16) - np.int16(1)
        return self._cache[name]

    def shifted(self, name: str) -> npt.NDArray[np.uint8]:
        """The column's codes plus one (0 not known), as small unsigned integers."""
        if name not in self._shifted:
            assert self.df is not None, name
            self._shifted[name] = _shifted(self.df[name], name)
        return self._shifted[name]

    def bounds(self, name: str) -> ages.Bounds:
        """Each row's lowest and highest possible age ``name``."""
        if name not in self._bounds:
            assert self.df is not None, name
            self._bounds[name] = ages.read_bounds(self.df, name)
        return self._bounds[name]

    def age_class(self, name: str, lines: tuple[int, ...]) -> Code:
        """Each row's class of age ``name`` (``ages.classes``)."""
        if (name, lines) not in self._classes:
            df = self.df
            if df is not None and not set(range_columns(name)) & set(df.columns):
                # known exactly or not at all: one lookup of its codes (0 not known)
                shifted = (
                    _shifted(df[name], name) if name in df.columns else np.zeros(self.n, np.uint8)
                )
                found: Code = np.take(ages.exact_classes(lines), shifted)
            else:
                found = ages.class_of(self.bounds(name), lines)
            self._classes[(name, lines)] = found
        return self._classes[(name, lines)]

    def ages(self, lines: tuple[int, ...]) -> Code:
        """Each row's pair of age classes as one small code: the age pictured's class times
        the number of classes, plus the youngest involved's."""
        if lines not in self._ages:
            width = np.int16(len(ages.classes(lines)))
            pictured, youngest = (
                self.age_class(c.PICTURED, lines),
                self.age_class(c.YOUNGEST, lines),
            )
            self._ages[lines] = pictured * width + youngest
        return self._ages[lines]


def _shifted(column: pd.Series[Any], name: str) -> npt.NDArray[np.uint8]:
    """The column's codes plus one: 0 where not known, else 1 + the value's code (a fact: 1 no,
    2 yes; a category: its index in the registry; an age: the age)."""
    kind = COLUMNS[name].kind
    if kind == Kind.CATEGORY:
        wanted = list(COLUMNS[name].values)
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(pd.CategoricalDtype())
        categories = list(column.cat.categories)
        codes = column.cat.codes.to_numpy()
        if categories == wanted[: len(categories)]:
            return (codes + 1).astype(np.uint8)
        lookup = np.array([0] + [wanted.index(v) + 1 if v in wanted else -1 for v in categories])
        found = np.take(lookup, codes + 1)
        if (found < 0).any():
            row = int(np.argmax(found < 0))
            raise ValueError(
                f"{name}: {column.iloc[row]!r} (row {row}) is not one of {', '.join(wanted)}"
            )
        return found.astype(np.uint8)
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    array = column.array
    data, missing = getattr(array, "_data", None), getattr(array, "_mask", None)
    if not isinstance(array, pd.arrays.BooleanArray | pd.arrays.IntegerArray) or (
        data is None or missing is None
    ):  # plain values, with None or NaN where not known
        values = column.to_numpy(dtype=object)
        missing = pd.isna(values)
        data = np.where(missing, 0, values).astype(np.int64)
    if data.dtype != np.bool_:
        top = MAX_AGE if kind == Kind.AGE else 1
        bad = ~missing & ((data < MIN_AGE) | (data > top))
        if bad.any():
            row = int(np.argmax(bad))
            meant = f"an age from {MIN_AGE} to {MAX_AGE}" if kind == Kind.AGE else "yes or no"
            raise ValueError(f"{name}: {data[row]} (row {row}) is not {meant}")
    known = missing.view(np.uint8) - np.uint8(1)  # 0 where not known, else all ones
    shifted: npt.NDArray[np.uint8] = (data.astype(np.uint8) + np.uint8(1)) & known
    return shifted


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
) -> _Answers:
    """A graph's answers for every row: looked up in the graph's pattern table when it has
    one, else evaluated over the columns."""
    table = _patterns(graph, consistent, tuple(order)) if n >= TABLE_FROM_ROWS else None
    if table is None:
        bits = possible(graph, codes, n, order, consistent)
        return _Answers.of(bits, FrameWalk(graph, codes, n, consistent), len(order))
    return table.answers.look_up(table.keys(codes))


def _labelled(
    answers: _Answers,
    width: int,
    label: Callable[[int], str],
    categories: Sequence[str] = (),
) -> pd.Categorical[str]:
    """A Categorical of the label of each row's possible outcomes, over ``categories`` (by
    default the labels rows have, in bitmask order)."""
    shown = np.unique(answers.bits if categories else answers.bits[answers.present])
    labels = [label(int(b)) for b in shown]
    order = list(categories) or list(dict.fromkeys(labels))
    by_bits = np.full(1 << width, -1, dtype=np.int16)
    by_bits[shown] = [order.index(x) for x in labels]
    return from_codes(np.take(np.take(by_bits, answers.bits), answers.row), order, validate=False)


def _ask_next(typology: _Answers, pathway: _Answers) -> pd.Categorical[str]:
    """The pathway's fact to ask while the pathway is open, else the typology's while it is."""
    facts = sorted(set(typology.walk.facts) | set(pathway.walk.facts), key=list(COLUMNS).index)

    def open_asks(answers: _Answers) -> npt.NDArray[np.int16]:
        lookup = np.array([facts.index(f) for f in answers.walk.facts] + [-1], dtype=np.int16)
        is_open = (answers.bits & (answers.bits - 1)) != 0
        found = np.where(is_open, lookup[answers.asks()], np.int16(-1)).astype(np.int16)
        return np.take(found, answers.row)

    asked = open_asks(pathway)
    return from_codes(np.where(asked >= 0, asked, open_asks(typology)), facts, validate=False)


@functools.cache
def _briefs(typology: FrameWalk, pathway: FrameWalk, assumed: bool) -> dict[tuple[int, int], str]:
    """The reasons already written for pairs of two pattern tables' walks (by their keys)."""
    return {}


def _reasons(typology: _Answers, pathway: _Answers, assumed: bool) -> pd.Categorical[str]:
    """Each row's reasons (``brief``), written once per distinct pair of walks, in the order of
    the walks' keys."""
    width = len(pathway.bits)
    pair = typology.row.astype(np.int64) * width + pathway.row
    present, row = _dense(pair, len(typology.bits) * width)
    t = typology.walk.keys[typology.path[present // width]]
    p = pathway.walk.keys[pathway.path[present % width]]
    walks, which = np.unique(np.stack([t, p], axis=1), axis=0, return_inverse=True)
    tables = typology.looked_up and pathway.looked_up
    memo = _briefs(typology.walk, pathway.walk, assumed) if tables else {}
    texts = []
    for t_key, p_key in walks.tolist():
        if (t_key, p_key) not in memo:
            memo[(t_key, p_key)] = brief(
                typology.walk.explored_key(t_key),
                pathway.walk.explored_key(p_key),
                youngest_assumed=assumed,
            )
        texts.append(memo[(t_key, p_key)])
    return from_codes(np.take(which.reshape(-1).astype(np.int32), row), texts, validate=False)


def version_of(guidance: Guidance, *, assumed: bool = False) -> str:
    """The ``guidance_version`` written beside each row: the edition, and the assumption a
    mapping stated, so that every output naming the edition says it (summaries, papers)."""
    return f"{guidance}; {ASSUMED_YOUNGEST}" if assumed else str(guidance)


def youngest_assumed(df: pd.DataFrame) -> bool:
    """Whether the loader assumed the youngest involved the same as the age pictured, as a
    mapping stated (``df.attrs``)."""
    return bool(df.attrs.get(ASSUMED, {}).get(c.YOUNGEST) == SAME_AS_AGE_PICTURED)


def contradictions(codes: Codes, rules: Sequence[Constraint]) -> Iterator[tuple[Constraint, Mask]]:
    """Each constraint some rows' known facts surely break, with those rows."""
    for rule in rules:
        _, broken = _kleene(rule.holds, codes)
        if broken.any():
            yield rule, broken


def refuse_contradictions(codes: Codes, guidance: Guidance) -> None:
    """Refuse rows whose known facts surely break a constraint, naming row and columns."""
    for rule, broken in contradictions(codes, guidance.constraints):
        row = int(np.argmax(broken))
        raise ValueError(
            f"{', '.join(rule.columns)} (row {row}) contradict each other: {rule.message}"
        )


def assess_frame(df: pd.DataFrame, *, guidance: Guidance = AS_WRITTEN) -> pd.DataFrame:
    """``df`` with the output columns (``OUTPUT_COLUMNS``), exactly as ``assess`` gives them.

    ``df`` holds typed facts, as ``load_incidents`` returns them: nullable booleans, nullable
    integer ages and the categorical slugs (missing: not known); an age known only as a
    range in its ``_min`` and ``_max`` columns (``columns.range_columns``). A frame without
    ``age_youngest_involved`` has it not known, unless ``df.attrs`` says the loader assumed
    it (``incident.ASSUMED``), and then every row's reasons say so. Rows whose known facts
    contradict each other (``guidance.constraints``) are refused, naming row and columns.
    """
    n = len(df)
    recorded, df = df, read_frame(df, guidance)
    codes = Codes(df, (guidance.typology, guidance.pathway))
    refuse_contradictions(codes, guidance)
    subtypes = [s.value for s in Subtype]
    pathways = [p.value for p in Pathway]
    consistent = guidance.consistent
    typology = _evaluate(guidance.typology, codes, n, subtypes, consistent)
    pathway = _evaluate(guidance.pathway, codes, n, pathways, consistent)

    categories = [c_.value for c_ in Category]
    category_bit = [1 << categories.index(guidance.category(s)) for s in subtypes]

    def category_of(bits: int) -> str:
        found = 0
        for i, bit in enumerate(category_bit):
            if bits >> i & 1:
                found |= bit
        single_one = found and found & (found - 1) == 0
        return categories[found.bit_length() - 1] if single_one else UNDETERMINED

    def single(order: Sequence[str]) -> Callable[[int], str]:
        return lambda b: order[b.bit_length() - 1] if b and b & (b - 1) == 0 else UNDETERMINED

    def first(b: int) -> str:
        return pathways[(b & -b).bit_length() - 1]

    k, w = len(subtypes), len(pathways)
    out = recorded.copy(deep=False)
    out["category"] = _labelled(typology, k, category_of, [*categories, UNDETERMINED])
    out["subtype"] = _labelled(typology, k, single(subtypes), [*subtypes, UNDETERMINED])
    out["pathway"] = _labelled(pathway, w, single(pathways), [*pathways, UNDETERMINED])
    out["possible_subtypes"] = _labelled(typology, k, lambda b: joined(b, subtypes))
    out["possible_pathways"] = _labelled(pathway, w, lambda b: joined(b, pathways))
    out["precautionary_pathway"] = _labelled(pathway, w, first, pathways)
    out["ask_next"] = _ask_next(typology, pathway)
    assumed = youngest_assumed(recorded)
    out["reasons"] = with_notes(_reasons(typology, pathway, assumed), recorded, guidance)
    version = [version_of(guidance, assumed=assumed)]
    out["guidance_version"] = from_codes(np.zeros(n, dtype=np.int8), version, validate=False)
    return out
