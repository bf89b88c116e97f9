"""What readers see instead of slugs and raw numbers: labels, outcome words, published values.

Every view labels a slug with ``label`` and shows a value with ``published``: ``c`` where it
is withheld, ``z`` where it does not apply (the percent of an empty row), as in DfE statistics.
Importing this module loads neither pandas nor Graphviz.

Outcomes and facts are labelled as the edition in use words them: a view rendering a summary
says which edition classified it (``using``), and every label inside takes its words.

>>> label("agency", "childrens_social_care"), label("subtype", "all")
("Children's social care", 'All')
>>> from policy_model.editions import PROPOSED
>>> with using(PROPOSED):
...     label("pathway", "adult_image_abuse")[:48]
'18+ route: nobody under 18 involved (Sexual Offe'
>>> label("pathway", "adult_image_abuse") == PATHWAY["adult_image_abuse"].label
True
>>> published(1500), published(51.06), published(None), published(3, withheld=True)
('1,500', '51.1', 'z', 'c')
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Concatenate, Final, ParamSpec, TypeVar

from ..editions import AS_WRITTEN, PATHWAY, TYPOLOGY, known
from ..model.columns import COLUMNS
from ..model.graph import Node, Outcome
from ..model.guidance import Guidance
from ..model.vocab import SUBTYPE_CATEGORY, Category, Pathway
from ..stats.conventions import AGE_BANDS, ALL, NOT_APPLICABLE, NOT_KNOWN, SUPPRESSED, UNDETERMINED

if TYPE_CHECKING:
    import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "LABELS",
    "NOT_APPLICABLE",
    "OUTCOME_WORDS",
    "SUPPRESSED",
    "label",
    "labelled",
    "outcome_words",
    "published",
    "published_frame",
    "using",
]

_SUBTYPES: Final = {o.id: o.label for o in TYPOLOGY.outcomes}
_PATHWAYS: Final = {o.id: o.label for o in PATHWAY.outcomes}
_NOT_YET: Final = "Not yet determined (facts not known)"

LABELS: Final[dict[str, dict[str, str]]] = {
    "subtype": {**_SUBTYPES, UNDETERMINED: _NOT_YET},
    "recorded_subtype": _SUBTYPES,
    "recorded_pathway": _PATHWAYS,
    "pathway": {**_PATHWAYS, UNDETERMINED: _NOT_YET},
    "precautionary_pathway": _PATHWAYS,
    "category": {
        "experimental": "Experimental",
        "aggravated": "Aggravated",
        "not_youth_produced": "Not youth produced (18+)",
        UNDETERMINED: _NOT_YET,
    },
    "age_band": {**{slug: text for slug, text, _, _ in AGE_BANDS}, NOT_KNOWN: "Age not known"},
    "column": {name: column.label for name, column in COLUMNS.items()},
    "agency": dict(COLUMNS["agency"].value_labels),
    "platform": dict(COLUMNS["platform"].value_labels),
    "gender": dict(COLUMNS["gender_pictured"].value_labels),
}
"""Plain-English labels for the slugs of each dimension, for readers, in the words of the
guidance as written (``label`` takes the edition in use)."""

OUTCOME_WORDS: Final[dict[str, str]] = {
    # Response pathway: urgency, most urgent first.
    Pathway.REFER_IMMEDIATELY: "URGENCY: IMMEDIATE",
    Pathway.SPECIALIST_DISCUSSION: "URGENCY: HIGH",
    Pathway.SAFEGUARDING_PROCEDURES: "URGENCY: RAISED",
    Pathway.MANAGE_WITHIN_AGENCY: "URGENCY: MANAGED IN AGENCY",
    Pathway.ADULT_IMAGE_ABUSE: "ADULT (18+) ROUTE",
    # Typology: the subtype's category.
    **{
        subtype: {
            Category.AGGRAVATED: "AGGRAVATED",
            Category.EXPERIMENTAL: "EXPERIMENTAL",
            Category.NOT_YOUTH_PRODUCED: "NOT YOUTH PRODUCED",
        }[category]
        for subtype, category in SUBTYPE_CATEGORY.items()
    },
}
"""The words that say what an outcome's colour says: its urgency, or its category."""


_IN_USE: Final = contextvars.ContextVar[Mapping[str, Mapping[str, str]]](
    "labels_in_use", default=LABELS
)
"""The labels of the edition in use (``using``): by default the guidance as written's."""


def _labels_of(guidance: Guidance) -> dict[str, dict[str, str]]:
    subtypes = {o.id: o.label for o in guidance.typology.outcomes}
    pathways = {o.id: o.label for o in guidance.pathway.outcomes}
    return {
        **LABELS,
        "subtype": {**subtypes, UNDETERMINED: _NOT_YET},
        "recorded_subtype": subtypes,
        "recorded_pathway": pathways,
        "pathway": {**pathways, UNDETERMINED: _NOT_YET},
        "precautionary_pathway": pathways,
        "column": {**LABELS["column"], **{n: c.label for n, c in guidance.columns.items()}},
    }


def edition_of(version: str) -> Guidance:
    """The edition a ``guidance_version`` names (``redbridge-2024-proposed: ...; model 3.0``):
    a built-in one, or a what-if loaded in this session; else the guidance as written."""
    found = known(version.partition(":")[0].strip())
    return found if found is not None else AS_WRITTEN


@contextlib.contextmanager
def using(edition: Guidance | str) -> Iterator[Guidance]:
    """Labels in the words of ``edition`` (or of the edition a ``guidance_version`` names)
    while a ``with`` block runs."""
    guidance = edition_of(edition) if isinstance(edition, str) else edition
    token = _IN_USE.set(_labels_of(guidance))
    try:
        yield guidance
    finally:
        _IN_USE.reset(token)


def labelled(fn: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[Any, P], R]:
    """A view of a summary (or of a paper) labelled in the words of its edition: its first
    argument's ``guidance``, or the edition its ``guidance_version`` names."""

    @functools.wraps(fn)
    def in_its_words(first: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        edition: Guidance | str = getattr(first, "guidance", None) or str(
            getattr(first, "guidance_version", "")
        )
        with using(edition):
            return fn(first, *args, **kwargs)

    return in_its_words


def label(dim: str, value: str, *, total: str = "All") -> str:
    """The reader's label of a slug in the words of the edition in use (``using``; the slug
    itself if it has none); ``all`` is ``total``."""
    if value == ALL:
        return total
    return _IN_USE.get().get(dim, {}).get(value, value)


def outcome_words(node: Node) -> str | None:
    """The words an outcome's box adds to its label (its urgency), or None if it needs none.

    >>> outcome_words(PATHWAY["refer_immediately"]), outcome_words(TYPOLOGY["romantic"])
    ('URGENCY: IMMEDIATE', None)
    """
    words = OUTCOME_WORDS.get(node.id) if isinstance(node, Outcome) else None
    if words is None or _says_it(node.label, words):
        return None
    return words


def _says_it(text: str, words: str) -> bool:
    """Whether the label already begins with the outcome's words ("Aggravated: ...")."""
    head, colon, _ = text.partition(": ")
    return bool(colon) and head.upper() == words


def _missing(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pd = sys.modules.get("pandas")  # only a caller that loaded pandas can hold its NA
    return pd is not None and value is pd.NA


def published(value: object, *, withheld: bool = False, spec: str | None = None) -> str:
    """One value as published: ``c`` if withheld, ``z`` if missing, else the value.

    ``spec`` is a format spec for the value (``".2f"``); by default a whole number gets
    thousands separators and a fraction one decimal place.
    """
    if withheld:
        return SUPPRESSED
    if _missing(value):
        return NOT_APPLICABLE
    if spec is not None:
        return format(value, spec)
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def published_frame(frame: pd.DataFrame, withheld: pd.DataFrame) -> pd.DataFrame:
    """A table as published in CSV: for each column of ``withheld``, its values as plain text,
    ``c`` where withheld and ``z`` where missing."""
    out = frame.copy()
    for name in withheld.columns:
        text = out[name].astype("str")
        missing = out[name].isna().to_numpy()
        gone = withheld[name].to_numpy(dtype=bool)
        text[missing & ~gone] = NOT_APPLICABLE
        text[gone] = SUPPRESSED
        out[name] = text
    return out
