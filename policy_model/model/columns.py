"""The dataset's columns, each declared once: everything that lists columns reads this registry.

``Incident``, the loader and its messages, the command line's fact options, the explorer's
form, the value labels, the synthetic generator and the data dictionary all read ``COLUMNS``.
A column added after model 1 is optional: a file without it still loads.

>>> str(COLUMNS["sharing"].kind), COLUMNS["sharing"].values
('category', ('none', 'partner', 'peers', 'public'))
>>> COLUMNS["coercion"].label
'Coercion, blackmail, threats or grooming'
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import re
from collections.abc import Iterator, Mapping
from typing import Final

from .vocab import Agency, Gender, KeyQuestion, Pathway, Platform, Sharing, Subtype

__all__ = [
    "AGE_RANGE_COLUMNS",
    "COLUMNS",
    "CONTEXT",
    "MAX_AGE",
    "MIN_AGE",
    "OPEN_VALUE",
    "OUTPUT_COLUMNS",
    "Column",
    "Kind",
    "Registry",
    "declared",
    "range_columns",
]

MODEL_VERSIONS: Final = ("1", "2")
"""The model versions whose columns every dataset may hold; an edition may declare more."""
MIN_AGE: Final = 0
MAX_AGE: Final = 99

OPEN_VALUE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.,'&()/-]{0,47}")
"""A value of a category column with no vocabulary (``area``): a short name or code."""
OPEN_VALUE_TEXT: Final = (
    "must be a short name or code (1 to 48 letters, digits, spaces or _.,'&()/-, starting "
    "with a letter or digit)"
)

CONTEXT: Final = "About the record"
"""The group of columns recorded for analysis that no key question covers."""


class Kind(enum.StrEnum):
    """What a column holds, and so how it is read, checked and shown."""

    ID = "id"
    MONTH = "month"
    CATEGORY = "category"
    AGE = "age"
    FACT = "fact"  # yes / no / not known


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """One dataset column (in the spirit of an OpenFisca variable)."""

    name: str
    kind: Kind
    label: str
    help: str
    group: str = CONTEXT
    """The key question it informs (or ``CONTEXT``); the explorer groups its form by this."""
    vocabulary: type[enum.StrEnum] | None = None
    value_labels: Mapping[str, str] = dataclasses.field(default_factory=dict)
    required: bool = True
    may_be_unknown: bool = True
    """Whether a blank cell (not known) is allowed."""
    since: str = "1"
    """The model version the column appeared in; columns after "1" are optional."""
    default: object = None
    """The value a new incident starts with (``Incident()``'s defaults)."""

    @property
    def core(self) -> bool:
        """Declared by the model itself (model 1 or 2), not by a later edition of the guidance."""
        return self.since in MODEL_VERSIONS

    @property
    def open(self) -> bool:
        """A category with no vocabulary (``area``): any short name or code (``OPEN_VALUE``)."""
        return self.kind is Kind.CATEGORY and self.vocabulary is None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(v.value for v in self.vocabulary) if self.vocabulary else ()

    def value_label(self, value: str) -> str:
        """A category value in plain words."""
        return self.value_labels.get(value, value.replace("_", " "))

    @property
    def option(self) -> str:
        """The command line option that gives this column (``--intent-to-harm``)."""
        return "--" + self.name.replace("_", "-")


class Registry(Mapping[str, Column]):
    """The columns in dataset order, by name; ``declared`` extends it for a while."""

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self._columns: dict[str, Column] = {}
        for column in columns:
            self._add(column)

    def _add(self, column: Column) -> None:
        if column.name in self._columns:
            raise ValueError(f"column {column.name!r} is declared twice")
        if column.since != MODEL_VERSIONS[0] and column.required:
            raise ValueError(f"column {column.name!r} appeared after model 1, so is optional")
        self._columns[column.name] = column

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def of_kind(self, *kinds: Kind) -> tuple[Column, ...]:
        return tuple(c for c in self._columns.values() if c.kind in kinds)

    @property
    def facts(self) -> tuple[str, ...]:
        """The yes / no / not known columns."""
        return tuple(c.name for c in self.of_kind(Kind.FACT))

    @property
    def core(self) -> tuple[str, ...]:
        """The columns the model itself declares, in order (``Column.core``)."""
        return tuple(c.name for c in self._columns.values() if c.core)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self._columns.values() if c.required)

    @contextlib.contextmanager
    def extended(self, *columns: Column) -> Iterator[Registry]:
        """The registry with more columns for the length of a ``with`` block (tests, editions)."""
        before = dict(self._columns)
        try:
            for column in columns:
                self._add(column)
            yield self
        finally:
            self._columns = before


_K = KeyQuestion
_SHARING_LABELS: Final = {
    "none": "not sent to anyone",
    "partner": "only between romantic partners",
    "peers": "young people who are not partners",
    "public": "posted online or to groups",
}
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


def _fact(name: str, group: str, label: str, help: str, default: bool) -> Column:
    return Column(name, Kind.FACT, label, help, group, default=default)


COLUMNS: Final = Registry(
    (
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
        _fact("adult_involved", _K.INTENT, "An adult (18+) is involved",
              "an adult made, solicited, sent, received or shared sexual imagery with or of "
              "a child, or developed a relationship with or coerced a child; not an adult who "
              "only passed the imagery on to report it. Needs a child: yes where everyone is "
              "18 or over (both ages) is refused as a contradiction", False),
        _fact("intent_to_harm", _K.INTENT,
              "Shared to cause harm or distress (e.g. revenge, bullying)",
              "imagery shared to cause harm or distress (revenge, bullying, humiliation)", False),
        _fact("coercion", _K.INTENT, "Coercion, blackmail, threats or grooming",
              "coercion, blackmail, threats, extortion, deception or grooming", False),
        _fact("pictured_willing", _K.INTENT, "The young person pictured took part willingly",
              "created and shared with the knowledge and willing participation of the person "
              "pictured", True),
        Column("sharing", Kind.CATEGORY, "Shared with",
               "none (not sent to anyone), partner (only between romantic partners), peers "
               "(to young people who are not partners), public (posted online or to groups)",
               _K.SHARED, vocabulary=Sharing, value_labels=_SHARING_LABELS, default="partner"),
        _fact("sexual_motive", _K.INTENT, "An apparent sexual motive",
              "an apparent sexual motive (no: e.g. a pre-adolescent child with none, or an "
              "image sent as a joke)", True),
        _fact("vulnerable", _K.KNOWN, "Vulnerable (e.g. looked after, SEND, on a plan)",
              "e.g. looked after, SEND, child protection plan", False),
        _fact("capacity_concern", _K.INTENT, "Concern about capacity to consent (e.g. SEND)",
              "concerns about capacity to consent (e.g. special educational needs)", False),
        _fact("sexual_acts", _K.INTENT, "The imagery depicts sexual acts",
              "the imagery depicts sexual acts", False),
        _fact("extreme_content", _K.INTENT, "Extreme or violent content, unusual for their age",
              "acts unusual for the young person's developmental stage, or violent", False),
        _fact("immediate_risk", _K.KNOWN, "Immediate risk of harm (e.g. self-harm)",
              "immediate risk of harm (e.g. suicidal, self-harming)", False),
        _fact("multiple_incidents", _K.KNOWN, "Repeated incidents, the same young people",
              "repeated incidents involving the same young people", False),
        _fact("previous_agency_involvement", _K.KNOWN, "Previous or current agency involvement",
              "previous or current agency involvement", False),
        Column("financial_extortion", Kind.FACT,
               "Threatened for money with nude imagery (sextortion)",
               "a young person is threatened with the release of nude or semi-nude imagery of "
               "them, real or fake, to make them pay money or meet another financial demand",
               _K.INTENT, required=False, since="2024-proposed", default=False),
        Column("ai_generated", Kind.FACT, "The imagery is AI-generated or manipulated",
               "the imagery was made or altered (e.g. by AI, a 'nudify' app) to appear to show "
               "a young person", _K.INTENT, required=False, since="2024-proposed",
               default=False),
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
    )
)  # fmt: skip
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


def declared(*columns: Column) -> contextlib.AbstractContextManager[Registry]:
    """``COLUMNS`` with more columns while a ``with`` block runs."""
    return COLUMNS.extended(*columns)
