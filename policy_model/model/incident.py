"""The facts of one incident: the dataset columns of DESIGN.md, validated.

>>> incident = Incident.from_raw({"age_pictured": "14", "sharing": "partner"})
>>> incident.age_pictured, incident.sharing
(14, <Sharing.PARTNER: 'partner'>)
>>> Incident.from_raw({"sharing": "frends"})
Traceback (most recent call last):
...
policy_model.model.incident.FactError: unknown sharing: 'frends' (must be one of ['none', 'partner', 'peers', 'public'])
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any, Final

from .vocab import (
    BOOLEAN_FACTS,
    CATEGORICAL_FACTS,
    MAX_AGE,
    MIN_AGE,
    Agency,
    Gender,
    Platform,
    Sharing,
    Subtype,
)

__all__ = [
    "COLUMNS",
    "FACT_COLUMNS",
    "FALSE_WORDS",
    "ID_PATTERN",
    "MONTH_PATTERN",
    "TRUE_WORDS",
    "FactError",
    "Incident",
    "parse_age",
    "parse_bool",
    "parse_month",
]

TRUE_WORDS: Final = frozenset({"true", "yes", "1"})
FALSE_WORDS: Final = frozenset({"false", "no", "0"})
MONTH_PATTERN: Final = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")
AGE_PATTERN: Final = re.compile(r"[0-9]{1,2}")
ID_PATTERN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class FactError(ValueError):
    """A fact with a value the model does not allow."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field, self.value, self.allowed = field, value, allowed
        super().__init__(f"{self.kind} {field}: {value!r} ({allowed})")

    @property
    def kind(self) -> str:
        return "unknown" if self.allowed.startswith("must be one of") else "invalid"


def parse_bool(field: str, value: object) -> bool:
    """``true/false``, ``yes/no`` or ``1/0`` in any case; anything else is an error."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FactError(field, value, "must be true/false, yes/no or 1/0")


def parse_month(value: object) -> str:
    """A month as ``YYYY-MM`` (surrounding spaces ignored)."""
    if not isinstance(value, str) or not MONTH_PATTERN.fullmatch(value.strip()):
        raise FactError("reported_month", value, "must be a month as YYYY-MM")
    return value.strip()


def parse_age(value: object) -> int:
    text = str(value).strip()
    if (
        isinstance(value, bool)
        or not AGE_PATTERN.fullmatch(text)
        or not MIN_AGE <= int(text) <= MAX_AGE
    ):
        raise FactError(
            "age_pictured", value, f"must be a whole number from {MIN_AGE} to {MAX_AGE}"
        )
    return int(text)


def _choices(enum_type: type[Any]) -> str:
    return f"must be one of {[e.value for e in enum_type]}"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """One incident, anonymised. Defaults describe a 15 year old's romantic exchange."""

    incident_id: str = "example"
    reported_month: str = "2024-01"
    agency: Agency = Agency.SCHOOL
    age_pictured: int = 15
    gender_pictured: Gender = Gender.UNKNOWN
    platform: Platform = Platform.UNKNOWN
    adult_involved: bool = False
    intent_to_harm: bool = False
    coercion: bool = False
    pictured_willing: bool = True
    sharing: Sharing = Sharing.PARTNER
    sexual_motive: bool = True
    vulnerable: bool = False
    capacity_concern: bool = False
    sexual_acts: bool = False
    extreme_content: bool = False
    immediate_risk: bool = False
    multiple_incidents: bool = False
    previous_agency_involvement: bool = False
    recorded_subtype: Subtype | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.incident_id, str) or not ID_PATTERN.fullmatch(self.incident_id):
            raise FactError(
                "incident_id",
                self.incident_id,
                "must be 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit",
            )
        object.__setattr__(self, "reported_month", parse_month(self.reported_month))
        if isinstance(self.age_pictured, bool) or not isinstance(self.age_pictured, int):
            raise FactError("age_pictured", self.age_pictured, "must be a whole number")
        parse_age(self.age_pictured)
        for name in BOOLEAN_FACTS:
            if not isinstance(getattr(self, name), bool):
                raise FactError(name, getattr(self, name), "must be True or False")
        for name, enum_type in CATEGORICAL_FACTS.items():
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, enum_type(str(value).strip()))
            except ValueError:
                raise FactError(name, value, _choices(enum_type)) from None
        if self.recorded_subtype is not None:
            try:
                object.__setattr__(
                    self, "recorded_subtype", Subtype(str(self.recorded_subtype).strip())
                )
            except ValueError:
                raise FactError(
                    "recorded_subtype", self.recorded_subtype, _choices(Subtype)
                ) from None

    @classmethod
    def from_raw(cls, raw: Mapping[str, object]) -> Incident:
        """Build from text values (a CSV row, a form, JSON); unknown keys are an error."""
        unknown = sorted(set(raw) - set(COLUMNS))
        if unknown:
            raise FactError(unknown[0], raw[unknown[0]], f"must be one of {list(COLUMNS)}")
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if name in BOOLEAN_FACTS:
                values[name] = parse_bool(name, value)
            elif name == "age_pictured":
                values[name] = parse_age(value)
            elif name == "recorded_subtype":
                values[name] = None if value is None or str(value).strip() == "" else value
            else:
                values[name] = value
        return cls(**values)

    def facts(self) -> dict[str, object]:
        """The facts as plain values, keyed by column name."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


COLUMNS: Final = tuple(f.name for f in dataclasses.fields(Incident))
FACT_COLUMNS: Final = tuple(c for c in COLUMNS if c not in ("incident_id", "recorded_subtype"))
