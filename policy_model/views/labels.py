"""What readers see instead of slugs and raw numbers: labels, outcome words, published values.

Every view labels a slug with ``label`` and shows a value with ``published``: ``c`` where it
is withheld, ``z`` where it does not apply (the percent of an empty row), as in DfE statistics.
Importing this module loads neither pandas nor Graphviz.

>>> label("agency", "childrens_social_care"), label("subtype", "all")
("Children's social care", 'All')
>>> published(1500), published(51.06), published(None), published(3, withheld=True)
('1,500', '51.1', 'z', 'c')
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Final

from ..model.columns import COLUMNS
from ..model.graph import Node, Outcome
from ..model.guidance import PATHWAY, TYPOLOGY
from ..model.vocab import SUBTYPE_CATEGORY, Category, Pathway
from ..stats.conventions import AGE_BANDS, ALL, NOT_APPLICABLE, NOT_KNOWN, SUPPRESSED, UNDETERMINED

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LABELS",
    "NOT_APPLICABLE",
    "OUTCOME_WORDS",
    "SUPPRESSED",
    "label",
    "outcome_words",
    "published",
    "published_frame",
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
"""Plain-English labels for the slugs of each dimension, for readers."""

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


def label(dim: str, value: str, *, total: str = "All") -> str:
    """The reader's label of a slug (the slug itself if it has none); ``all`` is ``total``."""
    if value == ALL:
        return total
    return LABELS.get(dim, {}).get(value, value)


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
