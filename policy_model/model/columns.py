"""The dataset's columns, each declared once: everything that lists columns reads this registry.

The record's own columns (the incident, when and where, the two ages, what was recorded) are
declared here; each edition declares the facts it adds in its folder's ``facts.yaml``
(``folders``). ``COLUMNS`` is every one of them in dataset order: the record's head, then
each edition's facts (bases first), then the record's tail. An edition carries its own
columns (``Guidance.columns``); nothing changes a registry once built.

``Incident``, the loader and its messages, the command line's fact options, the explorer's
form, the value labels, the synthetic generator and the data dictionary all read ``COLUMNS``.
A column added after model 1 is optional: a file without it still loads.

>>> str(COLUMNS["sharing"].kind), COLUMNS["sharing"].values
('category', ('none', 'partner', 'peers', 'public'))
>>> COLUMNS["coercion"].label
'Coercion, blackmail, threats or grooming'
>>> "financial_extortion" in columns_of(("redbridge-2018",))
False
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from .column import (
    CONTEXT,
    MAX_AGE,
    MIN_AGE,
    MODEL_VERSIONS,
    OPEN_VALUE,
    OPEN_VALUE_TEXT,
    Column,
    Kind,
    Registry,
)
from .folders import folders
from .vocab import Agency, Gender, KeyQuestion, Pathway, Platform, Subtype

__all__ = [
    "AGE_RANGE_COLUMNS",
    "COLUMNS",
    "CONTEXT",
    "MAX_AGE",
    "MIN_AGE",
    "MODEL_VERSIONS",
    "OPEN_VALUE",
    "OPEN_VALUE_TEXT",
    "OUTPUT_COLUMNS",
    "RECORD_HEAD",
    "RECORD_TAIL",
    "Column",
    "Kind",
    "Registry",
    "columns_of",
    "range_columns",
]

_K = KeyQuestion
_AGENCY_LABELS: Final = {
    "school": "School",
    "college": "College",
    "police": "Police",
    "childrens_social_care": "Children's social care",
    "health": "Health",
    "youth_service": "Youth service",
    "other": "Other agency",
}
_PLATFORM_LABELS: Final = {
    "snapchat": "Snapchat",
    "instagram": "Instagram",
    "whatsapp": "WhatsApp",
    "tiktok": "TikTok",
    "other_app": "Other app",
    "unknown": "Not known",
}
_GENDER_LABELS: Final = {
    "female": "Female",
    "male": "Male",
    "other": "Other",
    "unknown": "Not known",
}


RECORD_HEAD: Final = (
    Column("incident_id", Kind.ID, "Incident id",
           "opaque and unique; never a name or a case number that identifies a child",
           may_be_unknown=False, default="example"),
    Column("reported_month", Kind.MONTH, "Month reported",
           "month the incident came to the agency's attention (YYYY-MM)",
           may_be_unknown=False, default="2024-01"),
    Column("agency", Kind.CATEGORY, "Agency", "the agency that recorded the incident",
           vocabulary=Agency, value_labels=_AGENCY_LABELS, may_be_unknown=False,
           default="school"),
    Column("age_pictured", Kind.AGE, "Age pictured",
           "age in whole years of the youngest person pictured when the imagery was made; "
           "known only as a range (a school year group: Year 8 is 12 or 13), blank here "
           "with the range in age_pictured_min and age_pictured_max",
           _K.KNOWN, default=15),
    Column("age_youngest_involved", Kind.AGE, "Youngest involved",
           "age of the youngest person involved in any way (pictured, making, sending, "
           "receiving, asked for or shown the imagery) when the incident came to light: "
           "two ages at two times, so it may be above age pictured (an image made at 17 "
           "can come to light at 19); a range in age_youngest_involved_min and _max; a "
           "file without the column has it not known, unless a mapping states the "
           "assumption that it is the age pictured",
           _K.KNOWN, required=False, since="2", default=None),
    Column("gender_pictured", Kind.CATEGORY, "Gender pictured",
           "gender of the person pictured", vocabulary=Gender,
           value_labels=_GENDER_LABELS, may_be_unknown=False, default="unknown"),
    Column("platform", Kind.CATEGORY, "Platform", "the app or service used",
           _K.SHARED, vocabulary=Platform, value_labels=_PLATFORM_LABELS,
           may_be_unknown=False, default="unknown"),
)  # fmt: skip
"""The record's own columns before the editions' facts: the incident, when, where, who."""

RECORD_TAIL: Final = (
    Column("recorded_subtype", Kind.CATEGORY, "Recorded subtype",
           "what the professional recorded, for agreement analysis", vocabulary=Subtype,
           required=False, default=None),
    Column("recorded_pathway", Kind.CATEGORY, "Recorded pathway",
           "the response the professional recorded (e.g. referred to MASH, managed in "
           "school), as a pathway, for agreement analysis", vocabulary=Pathway,
           required=False, since="2", default=None),
    Column("area", Kind.CATEGORY, "Area",
           "the area of the borough (a locality, ward or district, as the partnership "
           "divides it) the incident is counted in, as named in the population file; for "
           "rates and funnel plots by area; open vocabulary (short names or codes)",
           required=False, since="2", default=None),
)  # fmt: skip
"""The record's own columns after the editions' facts: what was recorded, and where."""


def columns_of(editions: Iterable[str]) -> Registry:
    """The columns of a line of editions (an edition and those it derives from): the
    record's, and the facts those editions' folders declare."""
    wanted = set(editions)
    facts = (c for f in folders() if f.id in wanted for c in f.facts)
    return Registry((*RECORD_HEAD, *facts, *RECORD_TAIL))


COLUMNS: Final = columns_of(f.id for f in folders())
"""Every dataset column, in the order a dataset holds them."""


OUTPUT_COLUMNS: Final = (
    "category",
    "subtype",
    "pathway",
    "possible_subtypes",
    "possible_pathways",
    "precautionary_pathway",
    "ask_next",
    "reasons",
    "guidance_version",
)
"""The columns classify adds to a dataset, in order (docs/design.md, "Outputs of classify")."""


def range_columns(name: str) -> tuple[str, str]:
    """The two columns that hold an age known only as a range: lowest and highest.

    >>> range_columns("age_pictured")
    ('age_pictured_min', 'age_pictured_max')
    """
    return f"{name}_min", f"{name}_max"


AGE_RANGE_COLUMNS: Final = tuple(
    n for c in COLUMNS.of_kind(Kind.AGE) for n in range_columns(c.name)
)
"""Where a dataset holds ages known as a range (a school year group): optional columns, blank
wherever the age itself is known, read by every engine as partial knowledge."""
