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

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..editions import AS_WRITTEN
from ..model import conditions as c
from ..model.columns import COLUMNS, OUTPUT_COLUMNS
from ..model.constraints import Constraint
from ..model.guidance import Guidance
from ..model.incident import ASSUMED, SAME_AS_AGE_PICTURED
from ..model.vocab import Category, Pathway, Subtype
from .assess import ASSUMED_YOUNGEST, UNDETERMINED, brief
from .codes import Codes, Mask, from_codes
from .patterns import _Answers, _evaluate, _patterns
from .possibilities import joined, lines_of, possible
from .readings import read_frame, with_notes
from .walk import FrameWalk, _dense, _kleene, walk_frame

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


_SUBTYPES: Final = tuple(s.value for s in Subtype)
_PATHWAYS: Final = tuple(p.value for p in Pathway)
"""The outcomes' orders: the graphs' answers are bitmasks over them (and the pattern tables
are kept by them)."""


def build_pattern_tables(guidance: Guidance = AS_WRITTEN) -> None:
    """Build ``guidance``'s pattern tables now, not at their first use (once a process
    either way), so that ``assess_frame(by_pattern=True)`` only looks rows up: the
    streaming engine builds them while its first block is read."""
    _patterns(guidance.typology, guidance.consistent, _SUBTYPES)
    _patterns(guidance.pathway, guidance.consistent, _PATHWAYS)


def assess_frame(
    df: pd.DataFrame, *, guidance: Guidance = AS_WRITTEN, by_pattern: bool = False
) -> pd.DataFrame:
    """``df`` with the output columns (``OUTPUT_COLUMNS``), exactly as ``assess`` gives them.

    ``df`` holds typed facts, as ``load_incidents`` returns them: nullable booleans, nullable
    integer ages and the categorical slugs (missing: not known); an age known only as a
    range in its ``_min`` and ``_max`` columns (``columns.range_columns``). A frame without
    ``age_youngest_involved`` has it not known, unless ``df.attrs`` says the loader assumed
    it (``incident.ASSUMED``), and then every row's reasons say so. Rows whose known facts
    contradict each other (``guidance.constraints``) are refused, naming row and columns.

    From ``patterns.TABLE_FROM_ROWS`` rows on (or with ``by_pattern``, however few, as a
    file classified block by block wants), each graph is evaluated once over every pattern
    of the values it reads, once a process, and each row's pattern is looked up; the outputs
    are the same either way.
    """
    n = len(df)
    recorded, df = df, read_frame(df, guidance)
    codes = Codes(df, (guidance.typology, guidance.pathway))
    refuse_contradictions(codes, guidance)
    subtypes, pathways = _SUBTYPES, _PATHWAYS
    consistent = guidance.consistent
    typology = _evaluate(guidance.typology, codes, n, subtypes, consistent, by_pattern=by_pattern)
    pathway = _evaluate(guidance.pathway, codes, n, pathways, consistent, by_pattern=by_pattern)

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
