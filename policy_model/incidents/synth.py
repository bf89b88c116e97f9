"""Synthetic incident data with realistic proportions: seeded, vectorised, entirely invented.

Each row is made in four steps. First a latent *intended* subtype is drawn for the row's
agency; then facts consistent with that subtype (so that the model's typology, applied to the
facts, gives it back), including who was involved at what age; then recording noise, and what
the professional recorded; last, some facts are left blank (not known), more often in some
agencies' returns than others. Every proportion is declared in ``LONDON_BOROUGH`` and stated,
as a source or as an assumption, in data/README.md.

>>> frame = synthesise(5, seed=1)
>>> list(frame.columns) == list(COLUMNS.core)
True
>>> frame["incident_id"].tolist()
['SYN-000001', 'SYN-000002', 'SYN-000003', 'SYN-000004', 'SYN-000005']
>>> str(frame["adult_involved"].dtype), str(frame["age_youngest_involved"].dtype)
('boolean', 'Int8')
>>> synthesise(0, seed=1)
Traceback (most recent call last):
...
ValueError: invalid n: 0 (must be a whole number of incidents from 1 to 50000000)
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from ..engine import frame
from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, Kind
from ..model.incident import MONTH_PATTERN
from ..model.parameters import AS_WRITTEN_LINES
from ..model.vocab import Agency, Gender, Platform, Sharing, Subtype
from .synth_areas import AREAS, draw_areas

__all__ = [
    "BLANKABLE",
    "CHUNK_ROWS",
    "DEFAULT_MONTHS",
    "DEFAULT_START",
    "ID_PREFIX",
    "LONDON_BOROUGH",
    "MAX_ROWS",
    "Profile",
    "incident_ids",
    "month_range",
    "synthesise",
]

DEFAULT_START: Final = "2022-04"  # a London borough's financial years: April to March
DEFAULT_MONTHS: Final = 36
CHUNK_ROWS: Final = 200_000  # rows per chunk; part of the seed's meaning, so fixed
MAX_ROWS: Final = 50_000_000  # ids stay at most 8 digits: never a phone or NHS number
ID_PREFIX: Final = "SYN-"
ADULT: Final = AS_WRITTEN_LINES.adult

BLANKABLE: Final = tuple(
    c.name
    for c in COLUMNS.of_kind(Kind.AGE, Kind.FACT, Kind.CATEGORY)
    if c.core and (c.kind is not Kind.CATEGORY or (c.may_be_unknown and c.required))
)
"""The columns the generator may leave blank (not known): the ages, the facts and ``sharing``."""

R, S, OTHER = Subtype.ROMANTIC, Subtype.SEXUAL_ATTENTION_SEEKING, Subtype.OTHER
A, H, M = Subtype.ADULT_INVOLVED, Subtype.YOUTH_INTENT_TO_HARM, Subtype.YOUTH_RECKLESS_MISUSE
N = Subtype.NOT_YOUTH_PRODUCED

Table = Mapping[Subtype, float]


def _by_subtype(*shares: float) -> dict[Subtype, float]:
    """One value for each subtype, in the order R S O A H M N of the column comments."""
    return dict(zip(Subtype, shares, strict=True))


def _by_age(*shares: float) -> dict[int, float]:
    """One share for each age from 10 to 17."""
    return dict(zip(range(10, 18), shares, strict=True))


def _bands(bands: Mapping[tuple[int, int], float]) -> dict[int, float]:
    """Shares for age bands (first, last), spread evenly over the years of each band."""
    return {
        age: share / (last - first + 1)
        for (first, last), share in bands.items()
        for age in range(first, last + 1)
    }


def _of(
    vocabulary: type[Gender] | type[Platform] | type[Sharing], *shares: float
) -> dict[Any, float]:
    return dict(zip(vocabulary, shares, strict=True))


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """Every assumption behind the synthetic data. data/README.md states each one."""

    name: str
    # Share of all returns made by each agency.
    agency_mix: Mapping[Agency, float]
    # The intended subtype mix of each agency's returns.
    subtype_mix: Mapping[Agency, Table]
    # Age of the youngest person pictured (10-17) in each agency's youth produced returns;
    # also the child's age where an adult sent his own image to a child.
    youth_ages: Mapping[Agency, Mapping[int, float]]
    # Age pictured in not-youth-produced returns where everyone involved is an adult.
    adult_ages: Mapping[int, float]
    # Not youth produced: the share of each agency's 18+ returns in which an adult sent his
    # own sexual image to a child (adult involved, a child the youngest involved); the rest
    # involve adults only.
    adult_to_child: Mapping[Agency, float]
    # The adult pictured, in those returns: age, gender, how the image reached the child.
    adult_sender_ages: Mapping[int, float]
    adult_sender_gender: Mapping[Gender, float]
    adult_sender_sharing: Mapping[Sharing, float]
    # Youngest involved against age pictured, by intended subtype: chances of (the same age,
    # a year younger, ``much_younger`` years younger), never below ``youngest_floor``.
    # The 18+ row applies to adults-only returns, whose youngest is 18 or over.
    youngest_gap: Mapping[Subtype, tuple[float, float, float]]
    much_younger: tuple[int, int]
    youngest_floor: int
    # Relative volume by calendar month (1-12) for schools and colleges; other agencies
    # follow the school year more weakly, by ``other_agency_seasonality``.
    school_seasonality: Mapping[int, float]
    other_agency_seasonality: float
    annual_growth: float
    gender: Mapping[Subtype, Mapping[Gender, float]]
    platform: Mapping[Subtype, Mapping[Platform, float]]
    sharing: Mapping[Subtype, Mapping[Sharing, float]]
    # Chance of each yes/no fact, given the intended subtype (where the subtype leaves it free).
    rates: Mapping[str, Table]
    # Vulnerability: the subtype's rate times the agency's factor.
    vulnerable_by_agency: Mapping[Agency, float]
    capacity_concern_if_vulnerable: tuple[float, float]  # (vulnerable, not vulnerable)
    previous_involvement_if_vulnerable: tuple[float, float]
    previous_involvement_by_agency: Mapping[Agency, float]
    # No apparent sexual motive, (12 or under, 13 or over), among "other" (the rest of "other"
    # is imagery not sent to anyone) and among the aggravated subtypes.
    no_sexual_motive_other: tuple[float, float]
    no_sexual_motive_aggravated: tuple[float, float]
    # Intent-to-harm cases: shares with intent only, coercion only, both.
    intent_coercion_split: tuple[float, float, float]
    # Share of youth produced rows with one deciding fact recorded differently from what
    # happened.
    recording_noise: float
    # What professionals record instead of the intended subtype, and how often.
    recorded_confusion: Mapping[Subtype, Table]
    # Share of each agency's returns with no subtype recorded.
    recorded_blank: Mapping[Agency, float]
    # Not known: a return is incomplete with its agency's chance; in an incomplete return
    # each column of ``not_known_if_incomplete`` is blank with its own chance, independently.
    incomplete_return: Mapping[Agency, float]
    not_known_if_incomplete: Mapping[str, float]


LONDON_BOROUGH: Final = Profile(
    name="one London borough (illustrative)",
    agency_mix={
        Agency.SCHOOL: 0.42,
        Agency.COLLEGE: 0.08,
        Agency.POLICE: 0.20,
        Agency.CHILDRENS_SOCIAL_CARE: 0.14,
        Agency.HEALTH: 0.06,
        Agency.YOUTH_SERVICE: 0.05,
        Agency.OTHER: 0.05,
    },
    subtype_mix={
        #                        R     S     O     A     H     M     N
        Agency.SCHOOL: _by_subtype(0.30, 0.22, 0.13, 0.07, 0.13, 0.14, 0.01),
        Agency.COLLEGE: _by_subtype(0.28, 0.20, 0.07, 0.08, 0.13, 0.14, 0.10),
        Agency.POLICE: _by_subtype(0.14, 0.10, 0.07, 0.36, 0.19, 0.12, 0.02),
        Agency.CHILDRENS_SOCIAL_CARE: _by_subtype(0.15, 0.12, 0.08, 0.28, 0.17, 0.16, 0.04),
        Agency.HEALTH: _by_subtype(0.22, 0.18, 0.12, 0.18, 0.12, 0.14, 0.04),
        Agency.YOUTH_SERVICE: _by_subtype(0.26, 0.22, 0.12, 0.12, 0.13, 0.13, 0.02),
        Agency.OTHER: _by_subtype(0.22, 0.18, 0.12, 0.18, 0.13, 0.13, 0.04),
    },
    youth_ages={
        #                          10    11    12    13    14    15    16    17
        Agency.SCHOOL: _by_age(0.03, 0.06, 0.11, 0.19, 0.23, 0.21, 0.12, 0.05),
        Agency.COLLEGE: _by_age(0.0, 0.0, 0.0, 0.0, 0.01, 0.06, 0.40, 0.53),
        Agency.POLICE: _by_age(0.02, 0.03, 0.08, 0.17, 0.22, 0.22, 0.15, 0.11),
        Agency.CHILDRENS_SOCIAL_CARE: _by_age(0.03, 0.05, 0.10, 0.18, 0.21, 0.20, 0.13, 0.10),
        Agency.HEALTH: _by_age(0.02, 0.04, 0.09, 0.17, 0.21, 0.21, 0.15, 0.11),
        Agency.YOUTH_SERVICE: _by_age(0.02, 0.04, 0.09, 0.18, 0.22, 0.21, 0.14, 0.10),
        Agency.OTHER: _by_age(0.02, 0.04, 0.09, 0.17, 0.21, 0.21, 0.15, 0.11),
    },
    adult_ages={18: 0.60, 19: 0.25, 20: 0.10, 21: 0.05},
    adult_to_child={
        Agency.SCHOOL: 0.70,
        Agency.COLLEGE: 0.20,
        Agency.POLICE: 0.60,
        Agency.CHILDRENS_SOCIAL_CARE: 0.70,
        Agency.HEALTH: 0.40,
        Agency.YOUTH_SERVICE: 0.50,
        Agency.OTHER: 0.50,
    },
    adult_sender_ages=_bands({(18, 24): 0.30, (25, 34): 0.35, (35, 49): 0.25, (50, 64): 0.10}),
    #                              female male  other unknown
    adult_sender_gender=_of(Gender, 0.08, 0.87, 0.01, 0.04),
    #                               none partner peers public
    adult_sender_sharing=_of(Sharing, 0.0, 0.30, 0.65, 0.05),
    youngest_gap={
        #    same  a year younger  2-5 years younger
        R: (0.85, 0.13, 0.02),
        S: (0.80, 0.12, 0.08),
        OTHER: (0.85, 0.08, 0.07),
        A: (0.92, 0.05, 0.03),
        H: (0.78, 0.12, 0.10),
        M: (0.80, 0.12, 0.08),
        N: (0.85, 0.15, 0.0),
    },
    much_younger=(2, 5),
    youngest_floor=8,
    school_seasonality=dict(
        #     Jan   Feb   Mar   Apr   May   Jun   Jul   Aug   Sep   Oct   Nov   Dec
        zip(
            range(1, 13),
            (1.05, 0.95, 1.10, 0.90, 1.05, 1.05, 0.90, 0.50, 1.05, 1.10, 1.15, 0.85),
            strict=True,
        )
    ),
    other_agency_seasonality=0.35,
    annual_growth=0.10,
    gender={
        #        female male  other unknown
        R: _of(Gender, 0.62, 0.34, 0.01, 0.03),
        S: _of(Gender, 0.58, 0.38, 0.01, 0.03),
        OTHER: _of(Gender, 0.55, 0.40, 0.01, 0.04),
        A: _of(Gender, 0.70, 0.26, 0.01, 0.03),
        H: _of(Gender, 0.75, 0.21, 0.01, 0.03),
        M: _of(Gender, 0.68, 0.28, 0.01, 0.03),
        N: _of(Gender, 0.70, 0.26, 0.01, 0.03),
    },
    platform={
        #        snapchat instagram whatsapp tiktok other_app unknown
        R: _of(Platform, 0.46, 0.16, 0.14, 0.07, 0.07, 0.10),
        S: _of(Platform, 0.44, 0.20, 0.10, 0.10, 0.06, 0.10),
        OTHER: _of(Platform, 0.40, 0.16, 0.12, 0.10, 0.07, 0.15),
        A: _of(Platform, 0.36, 0.24, 0.10, 0.06, 0.14, 0.10),
        H: _of(Platform, 0.46, 0.18, 0.14, 0.08, 0.05, 0.09),
        M: _of(Platform, 0.46, 0.17, 0.15, 0.07, 0.05, 0.10),
        N: _of(Platform, 0.34, 0.22, 0.18, 0.04, 0.12, 0.10),
    },
    sharing={
        #        none  partner peers public
        R: _of(Sharing, 0.0, 1.0, 0.0, 0.0),
        S: _of(Sharing, 0.0, 0.0, 0.75, 0.25),
        OTHER: _of(Sharing, 0.25, 0.10, 0.55, 0.10),  # no apparent sexual motive
        A: _of(Sharing, 0.10, 0.30, 0.45, 0.15),
        H: _of(Sharing, 0.0, 0.05, 0.50, 0.45),
        M: _of(Sharing, 0.0, 0.15, 0.60, 0.25),
        N: _of(Sharing, 0.05, 0.35, 0.40, 0.20),
    },
    rates={
        #                          R     S     O     A     H     M     N
        "pictured_willing": _by_subtype(1.0, 1.0, 1.0, 0.55, 0.25, 0.0, 0.6),
        "coercion": _by_subtype(0.0, 0.0, 0.0, 0.55, 0.0, 0.0, 0.20),
        "intent_to_harm": _by_subtype(0.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.35),
        "sexual_acts": _by_subtype(0.12, 0.15, 0.05, 0.35, 0.20, 0.15, 0.20),
        "extreme_content": _by_subtype(0.01, 0.02, 0.01, 0.08, 0.04, 0.02, 0.03),
        "immediate_risk": _by_subtype(0.02, 0.03, 0.02, 0.12, 0.10, 0.05, 0.05),
        "multiple_incidents": _by_subtype(0.08, 0.15, 0.05, 0.30, 0.20, 0.12, 0.10),
        "vulnerable": _by_subtype(0.10, 0.14, 0.15, 0.30, 0.18, 0.16, 0.15),
    },
    vulnerable_by_agency={
        Agency.SCHOOL: 1.0,
        Agency.COLLEGE: 1.0,
        Agency.POLICE: 1.2,
        Agency.CHILDRENS_SOCIAL_CARE: 2.5,
        Agency.HEALTH: 1.5,
        Agency.YOUTH_SERVICE: 1.3,
        Agency.OTHER: 1.2,
    },
    capacity_concern_if_vulnerable=(0.35, 0.02),
    previous_involvement_if_vulnerable=(0.65, 0.15),
    previous_involvement_by_agency={
        Agency.SCHOOL: 1.0,
        Agency.COLLEGE: 1.0,
        Agency.POLICE: 1.3,
        Agency.CHILDRENS_SOCIAL_CARE: 1.4,
        Agency.HEALTH: 1.2,
        Agency.YOUTH_SERVICE: 1.2,
        Agency.OTHER: 1.0,
    },
    no_sexual_motive_other=(0.75, 0.35),
    no_sexual_motive_aggravated=(0.25, 0.08),
    intent_coercion_split=(0.60, 0.15, 0.25),
    recording_noise=0.03,
    recorded_confusion={
        R: {S: 0.08, OTHER: 0.02},
        S: {R: 0.08, M: 0.03},
        OTHER: {S: 0.04, R: 0.03},
        A: {H: 0.04, M: 0.02},
        H: {M: 0.12, A: 0.02},
        M: {H: 0.12, S: 0.03},
        N: {A: 0.06, S: 0.04},
    },
    recorded_blank={
        Agency.SCHOOL: 0.08,
        Agency.COLLEGE: 0.10,
        Agency.POLICE: 0.04,
        Agency.CHILDRENS_SOCIAL_CARE: 0.06,
        Agency.HEALTH: 0.25,
        Agency.YOUTH_SERVICE: 0.20,
        Agency.OTHER: 0.25,
    },
    incomplete_return={
        Agency.SCHOOL: 0.45,
        Agency.COLLEGE: 0.40,
        Agency.POLICE: 0.12,
        Agency.CHILDRENS_SOCIAL_CARE: 0.15,
        Agency.HEALTH: 0.35,
        Agency.YOUTH_SERVICE: 0.40,
        Agency.OTHER: 0.45,
    },
    not_known_if_incomplete={
        "age_pictured": 0.03,
        "age_youngest_involved": 0.30,
        "adult_involved": 0.20,
        "intent_to_harm": 0.40,
        "coercion": 0.30,
        "pictured_willing": 0.25,
        "sharing": 0.15,
        "sexual_motive": 0.40,
        "vulnerable": 0.08,
        "capacity_concern": 0.30,
        "sexual_acts": 0.20,
        "extreme_content": 0.20,
        "immediate_risk": 0.10,
        "multiple_incidents": 0.15,
        "previous_agency_involvement": 0.08,
    },
)

_SUBTYPES: Final = tuple(Subtype)
_AGENCIES: Final = tuple(Agency)
_AGES: Final = range(MIN_AGE, MAX_AGE + 1)
_NOT_SENT: Final = tuple(Sharing).index(Sharing.NONE)
_CATEGORIES: Final[dict[str, type[StrEnum]]] = {
    "agency": Agency,
    "gender_pictured": Gender,
    "platform": Platform,
    "sharing": Sharing,
    "recorded_subtype": Subtype,
}
Codes = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


def month_range(start: str, months: int) -> list[str]:
    """``months`` consecutive months from ``start``, as YYYY-MM.

    >>> month_range("2024-11", 3)
    ['2024-11', '2024-12', '2025-01']
    """
    if not isinstance(start, str) or not MONTH_PATTERN.fullmatch(start):
        raise ValueError(f"invalid start: {start!r} (must be a month as YYYY-MM)")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ValueError(f"invalid months: {months!r} (must be a whole number, at least 1)")
    year, month = int(start[:4]), int(start[5:])
    first = year * 12 + month - 1
    last = first + months - 1
    if last // 12 > 2099:
        raise ValueError(f"invalid months: {months} (the last month must be before 2100)")
    return [f"{t // 12:04d}-{t % 12 + 1:02d}" for t in range(first, last + 1)]


def _cdf(rows: Sequence[Sequence[float]]) -> Floats:
    """Cumulative distributions, one a row, each normalised to end at exactly 1."""
    table = np.asarray(rows, dtype=np.float64)
    cdf = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
    cdf[:, -1] = 1.0
    return cdf


def _choose(rng: np.random.Generator, cdf: Floats, group: Codes) -> Codes:
    """For each row, a category code drawn from its group's distribution (one draw a row)."""
    u = rng.random(len(group))
    codes: Codes = np.zeros(len(group), dtype=np.intp)
    for g in range(len(cdf)):  # a handful of groups, each searched as a whole
        rows = group == g
        codes[rows] = np.searchsorted(cdf[g], u[rows], side="right")
    return codes


def _rate(profile: Profile, fact: str) -> Floats:
    return np.array([profile.rates[fact][s] for s in _SUBTYPES], dtype=np.float64)


def _per_agency(shares: Mapping[Agency, float]) -> Floats:
    return np.array([shares[a] for a in _AGENCIES], dtype=np.float64)


@dataclasses.dataclass(frozen=True, slots=True)
class _Tables:
    """A profile compiled to arrays indexed by code, once per call."""

    subtype: Floats  # agency x subtype cdf
    age: Floats  # agency x age (0..99) cdf, youth rows
    adult_age: Floats  # 1 x age cdf
    sender_age: Floats  # 1 x age cdf
    youngest_gap: Floats  # subtype x (same, a year younger, much younger) cdf
    gender: Floats  # subtype x gender, and a last row for adult senders
    platform: Floats
    sharing: Floats  # subtype x sharing, and a last row for adult senders
    confusion: Floats  # subtype x subtype cdf: what is recorded

    @classmethod
    def of(cls, p: Profile) -> _Tables:
        confusion = []
        for s in _SUBTYPES:
            row = [p.recorded_confusion.get(s, {}).get(t, 0.0) for t in _SUBTYPES]
            row[_SUBTYPES.index(s)] = 1.0 - sum(row)
            confusion.append(row)

        def ages(shares: Mapping[int, float]) -> list[float]:
            return [shares.get(age, 0.0) for age in _AGES]

        return cls(
            subtype=_cdf([[p.subtype_mix[a][s] for s in _SUBTYPES] for a in _AGENCIES]),
            age=_cdf([ages(p.youth_ages[a]) for a in _AGENCIES]),
            adult_age=_cdf([ages(p.adult_ages)]),
            sender_age=_cdf([ages(p.adult_sender_ages)]),
            youngest_gap=_cdf([p.youngest_gap[s] for s in _SUBTYPES]),
            gender=_cdf(
                [[p.gender[s][g] for g in Gender] for s in _SUBTYPES]
                + [[p.adult_sender_gender[g] for g in Gender]]
            ),
            platform=_cdf([[p.platform[s][x] for x in Platform] for s in _SUBTYPES]),
            sharing=_cdf(
                [[p.sharing[s][x] for x in Sharing] for s in _SUBTYPES]
                + [[p.adult_sender_sharing[x] for x in Sharing]]
            ),
            confusion=_cdf(confusion),
        )


def _cells(profile: Profile, months: int, start: str) -> Floats:
    """The chance of each (month, agency) cell: agency mix x season x trend."""
    first_month = int(start[5:]) - 1
    calendar = (first_month + np.arange(months)) % 12
    school = np.array([profile.school_seasonality[m] for m in range(1, 13)], dtype=np.float64)
    school /= school.mean()
    other = 1.0 + profile.other_agency_seasonality * (school - 1.0)
    trend = (1.0 + profile.annual_growth) ** (np.arange(months) / 12.0)
    weights = np.empty((months, len(_AGENCIES)))
    for j, agency in enumerate(_AGENCIES):
        season = school if agency in (Agency.SCHOOL, Agency.COLLEGE) else other
        weights[:, j] = profile.agency_mix[agency] * season[calendar] * trend
    flat: Floats = (weights / weights.sum()).ravel()
    return flat


def _chunk(
    rng: np.random.Generator, agency: Codes, profile: Profile, tables: _Tables
) -> dict[str, Any]:
    """Facts for one chunk of rows, given each row's agency code.

    Every draw is of a fixed size, in a fixed order, so a profile that changes only rates gives
    the same rows; the blanks are drawn last, so a profile with no blanks gives the same facts.
    """
    n = len(agency)
    subtype = _choose(rng, tables.subtype, agency)
    is_ = {s: subtype == _SUBTYPES.index(s) for s in _SUBTYPES}
    youth = ~is_[N]

    def chance(p: Floats | float) -> Bools:
        hit: Bools = rng.random(n) < p
        return hit

    # Not youth produced: an adult's own image sent to a child, or adults only.
    to_child = is_[N] & chance(_per_agency(profile.adult_to_child)[agency])
    adults_only = is_[N] & ~to_child
    child_age = _choose(rng, tables.age, agency)
    age = np.select(
        [youth, to_child],
        [child_age, _choose(rng, tables.sender_age, np.zeros(n, np.intp))],
        _choose(rng, tables.adult_age, np.zeros(n, np.intp)),
    )
    pre_adolescent = age <= AS_WRITTEN_LINES.young_child
    # An adult's image sent to a child draws its free facts as adult involvement does.
    facts_as = np.where(to_child, _SUBTYPES.index(A), subtype)

    def by_subtype(fact: str) -> Bools:
        return chance(_rate(profile, fact)[facts_as])

    # Deciding facts, consistent with the intended subtype.
    adult_involved = is_[A] | to_child
    only_intent, only_coercion, _ = np.cumsum(profile.intent_coercion_split)
    u = rng.random(n)
    intent_to_harm = by_subtype("intent_to_harm") | (
        is_[H] & ((u < only_intent) | (u >= only_coercion))
    )
    coercion = by_subtype("coercion") | (is_[H] & (u >= only_intent))
    pictured_willing = by_subtype("pictured_willing") | to_child  # his own image
    sender_row = len(_SUBTYPES)  # the tables' last row
    sharing = _choose(rng, tables.sharing, np.where(to_child, sender_row, subtype))
    other_rate = np.where(pre_adolescent, *profile.no_sexual_motive_other)
    aggravated_rate = np.where(pre_adolescent, *profile.no_sexual_motive_aggravated)
    sexual_motive = ~(
        (is_[OTHER] & chance(other_rate)) | ((is_[A] | is_[H] | is_[M]) & chance(aggravated_rate))
    )
    # "Other" with a sexual motive: made for oneself, not sent to anyone.
    sharing = np.where(is_[OTHER] & sexual_motive, _NOT_SENT, sharing)

    # Who was involved: the youngest, never above the age pictured.
    step = _choose(rng, tables.youngest_gap, subtype)
    low, high = profile.much_younger
    gap = np.select([step == 1, step == 2], [1, rng.integers(low, high + 1, size=n)], 0)
    floor = np.where(adults_only, ADULT, profile.youngest_floor)
    youngest = np.minimum(np.maximum(age - gap, floor), age)
    youngest = np.where(to_child, child_age, youngest)
    youngest = np.where(sharing == _NOT_SENT, age, youngest)  # nobody else saw it

    # Recording noise: one deciding fact recorded differently from what happened.
    noisy = youth & chance(profile.recording_noise)
    which = rng.integers(0, 3, size=n)
    pictured_willing = np.where(noisy & (which == 0), ~pictured_willing, pictured_willing)
    intent_to_harm = np.where(noisy & (which == 1), ~intent_to_harm, intent_to_harm)
    sharing = np.where(noisy & (which == 2), rng.integers(0, len(Sharing), size=n), sharing)

    # Facts the typology does not decide on, correlated with the subtype and the agency.
    vulnerable_p = (
        _rate(profile, "vulnerable")[facts_as] * _per_agency(profile.vulnerable_by_agency)[agency]
    )
    vulnerable = chance(np.minimum(vulnerable_p, 0.95))
    capacity = chance(np.where(vulnerable, *profile.capacity_concern_if_vulnerable))
    previous_p = (
        np.where(vulnerable, *profile.previous_involvement_if_vulnerable)
        * _per_agency(profile.previous_involvement_by_agency)[agency]
    )
    previous = chance(np.minimum(previous_p, 0.95))

    recorded = _choose(rng, tables.confusion, subtype)
    # Attention seeking is recorded only where there was a sexual motive.
    recorded = np.where((recorded == _SUBTYPES.index(S)) & ~sexual_motive, subtype, recorded)
    no_record = chance(_per_agency(profile.recorded_blank)[agency])
    facts: dict[str, Any] = {
        "age_pictured": age,
        "age_youngest_involved": youngest,
        "gender_pictured": _choose(rng, tables.gender, np.where(to_child, sender_row, subtype)),
        "platform": _choose(rng, tables.platform, facts_as),
        "adult_involved": adult_involved,
        "intent_to_harm": intent_to_harm,
        "coercion": coercion,
        "pictured_willing": pictured_willing,
        "sharing": sharing,
        "sexual_motive": sexual_motive,
        "vulnerable": vulnerable,
        "capacity_concern": capacity,
        "sexual_acts": by_subtype("sexual_acts"),
        "extreme_content": by_subtype("extreme_content"),
        "immediate_risk": by_subtype("immediate_risk"),
        "multiple_incidents": by_subtype("multiple_incidents"),
        "previous_agency_involvement": previous,
        "recorded_subtype": np.where(no_record, -1, recorded),
    }

    # Not known: blanks in incomplete returns, drawn last.
    incomplete = chance(_per_agency(profile.incomplete_return)[agency])
    for name in BLANKABLE:
        blank = incomplete & chance(profile.not_known_if_incomplete.get(name, 0.0))
        facts[name] = (facts[name], blank)
    return facts


def incident_ids(numbers: npt.NDArray[np.integer[Any]], *, total: int) -> pa.Array:
    """Opaque ids for row numbers out of ``total``: the prefix and the zero-padded number.

    >>> incident_ids(np.array([7, 1500]), total=1500).to_pylist()
    ['SYN-000007', 'SYN-001500']
    """
    text = pa.array(numbers).cast(pa.string())
    padded = pc.utf8_lpad(text, width=max(6, len(str(total))), padding="0")
    return pc.binary_join_element_wise(ID_PREFIX, padded, "")


def _column(name: str, values: Any) -> Any:
    """One column, typed as the loader types it, from codes or flags (and blanks)."""
    if isinstance(values, pd.Categorical):
        return values
    values, blank = values if isinstance(values, tuple) else (values, None)
    kind = COLUMNS[name].kind
    if kind is Kind.CATEGORY:
        codes = values if blank is None else np.where(blank, -1, values)
        return frame.from_codes(codes, [v.value for v in _CATEGORIES[name]])
    mask = np.zeros(len(values), dtype=bool) if blank is None else blank
    if kind is Kind.AGE:
        return pd.arrays.IntegerArray(values.astype(np.int8), mask)
    return pd.arrays.BooleanArray(values.astype(bool), mask)


def _frame(
    month: Codes, labels: list[str], agency: Codes, facts: Mapping[str, Any]
) -> pd.DataFrame:
    """The registry's columns, in order, from codes and flags."""
    n = len(month)
    columns: dict[str, Any] = {
        "incident_id": pd.array(incident_ids(np.arange(1, n + 1), total=n), dtype="str"),
        "reported_month": frame.from_codes(month, labels),
        "agency": _column("agency", agency),
    }
    for name, values in facts.items():
        columns[name] = _column(name, values)
    return pd.DataFrame(columns)[list(COLUMNS.core)]


def _areas(seed: int, n: int) -> pd.Categorical[str]:
    """Each incident's area, from a random stream of its own (so adding areas changed no
    other column of a seed's file)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    names = [a for a, _, _ in AREAS]
    ordered = sorted(names)  # as the loader orders an open category's values
    remap = np.array([ordered.index(a) for a in names] + [-1])
    return frame.from_codes(remap[draw_areas(rng, n)], ordered)


def synthesise(
    n: int,
    *,
    seed: int,
    start: str = DEFAULT_START,
    months: int = DEFAULT_MONTHS,
    profile: Profile = LONDON_BOROUGH,
    progress: bool | None = None,
) -> pd.DataFrame:
    """``n`` synthetic incidents over ``months`` months from ``start``, reproducible by ``seed``.

    The columns are the registry's (``COLUMNS``), in its order, typed as ``load_incidents``
    types them: ``incident_id`` and ``reported_month`` (YYYY-MM, a Categorical) as text, the
    ages as nullable Int8, the facts as nullable boolean, the categorical columns and
    ``recorded_subtype`` as Categoricals over their slugs; a missing value (pd.NA, NaN) is not
    known. Rows are in month order. ``progress`` shows a progress bar on stderr; by default
    only when the rows are made in more than one chunk.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= MAX_ROWS:
        raise ValueError(
            f"invalid n: {n!r} (must be a whole number of incidents from 1 to {MAX_ROWS})"
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"invalid seed: {seed!r} (must be a whole number, 0 or more)")
    labels = month_range(start, months)
    n_chunks = -(-int(n) // CHUNK_ROWS)
    cell_seed, *chunk_seeds = np.random.SeedSequence(int(seed)).spawn(1 + n_chunks)
    rng = np.random.default_rng(cell_seed)
    cell = np.repeat(
        np.arange(months * len(_AGENCIES)), rng.multinomial(n, _cells(profile, months, start))
    )
    # Agencies interleaved within each month; months in order.
    shuffled = rng.permutation(cell)
    cell = shuffled[np.argsort(shuffled // len(_AGENCIES), kind="stable")]
    month, agency = np.divmod(cell, len(_AGENCIES))
    tables = _Tables.of(profile)
    parts = []
    show = n_chunks > 1 if progress is None else progress
    with tqdm(
        total=int(n),
        desc="synth",
        unit=" incidents",
        unit_scale=True,
        file=sys.stderr,
        disable=not show,
        leave=False,
    ) as bar:
        for k, chunk_seed in enumerate(chunk_seeds):
            rows = agency[k * CHUNK_ROWS : (k + 1) * CHUNK_ROWS]
            parts.append(_chunk(np.random.default_rng(chunk_seed), rows, profile, tables))
            bar.update(len(rows))
    facts: dict[str, Any] = {}
    for name, first in parts[0].items():
        if isinstance(first, tuple):
            facts[name] = tuple(np.concatenate([part[name][i] for part in parts]) for i in (0, 1))
        else:
            facts[name] = np.concatenate([part[name] for part in parts])
    facts["area"] = _areas(int(seed), int(n))
    return _frame(month, labels, agency, facts)
