"""Synthetic incident data with realistic proportions: seeded, vectorised, entirely invented.

Each row is made in three steps. First a latent *intended* subtype is drawn for the row's
agency; then facts consistent with that subtype (so that the model's typology, applied to the
facts, gives it back); then recording noise, and what the professional recorded. Every
proportion is declared in ``LONDON_BOROUGH`` and sourced in data/README.md.

>>> frame = synthesise(5, seed=1)
>>> list(frame.columns) == list(COLUMNS)
True
>>> frame["incident_id"].tolist()
['SYN-000001', 'SYN-000002', 'SYN-000003', 'SYN-000004', 'SYN-000005']
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
from ..model.incident import COLUMNS, MONTH_PATTERN
from ..model.vocab import Agency, Gender, Platform, Sharing, Subtype

__all__ = [
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


def _of(
    vocabulary: type[Gender] | type[Platform] | type[Sharing], *shares: float
) -> dict[Any, float]:
    return dict(zip(vocabulary, shares, strict=True))


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """Every assumption behind the synthetic data. data/README.md gives the source of each."""

    name: str
    # Share of all returns made by each agency.
    agency_mix: Mapping[Agency, float]
    # The intended subtype mix of each agency's returns.
    subtype_mix: Mapping[Agency, Table]
    # Age of the youngest person pictured (10-17) in each agency's youth produced returns.
    youth_ages: Mapping[Agency, Mapping[int, float]]
    # Age pictured in not-youth-produced (18+) returns.
    adult_ages: Mapping[int, float]
    # Relative volume by calendar month (1-12) for schools and colleges; other agencies
    # follow the school year more weakly, by ``other_agency_seasonality``.
    school_seasonality: Mapping[int, float]
    other_agency_seasonality: float
    annual_growth: float
    gender: Mapping[Subtype, Mapping[Gender, float]]
    platform: Mapping[Subtype, Mapping[Platform, float]]
    sharing: Mapping[Subtype, Mapping[Sharing, float]]
    # Chance of each boolean fact, given the intended subtype (where the subtype leaves it free).
    rates: Mapping[str, Table]
    # Vulnerability: the subtype's rate times the agency's factor.
    vulnerable_by_agency: Mapping[Agency, float]
    capacity_concern_if_vulnerable: tuple[float, float]  # (vulnerable, not vulnerable)
    previous_involvement_if_vulnerable: tuple[float, float]
    previous_involvement_by_agency: Mapping[Agency, float]
    # Pre-adolescents (12 or under) with no apparent sexual motive, among "other" and the
    # aggravated subtypes.
    no_sexual_motive_other: float
    no_sexual_motive_aggravated: float
    # Intent-to-harm cases: shares with intent only, coercion only, both.
    intent_coercion_split: tuple[float, float, float]
    # Share of rows with one deciding fact recorded differently from what happened.
    recording_noise: float
    # What professionals record instead of the intended subtype, and how often.
    recorded_confusion: Mapping[Subtype, Table]
    # Share of each agency's returns with no subtype recorded.
    recorded_blank: Mapping[Agency, float]


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
        OTHER: _of(Sharing, 0.25, 0.10, 0.55, 0.10),  # pre-adolescent, no sexual motive
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
    no_sexual_motive_other=0.75,
    no_sexual_motive_aggravated=0.25,
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
)

_SUBTYPES: Final = tuple(Subtype)
_AGENCIES: Final = tuple(Agency)
_NOT_SENT: Final = tuple(Sharing).index(Sharing.NONE)
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
    """For each row, a category code drawn from its group's distribution."""
    u = rng.random(len(group))
    codes: Codes = (u[:, None] >= cdf[group]).sum(axis=1)
    return codes


def _rate(profile: Profile, fact: str) -> Floats:
    return np.array([profile.rates[fact][s] for s in _SUBTYPES], dtype=np.float64)


@dataclasses.dataclass(frozen=True, slots=True)
class _Tables:
    """A profile compiled to arrays indexed by code, once per call."""

    subtype: Floats  # agency x subtype cdf
    age: Floats  # agency x age (10..21) cdf, youth rows
    adult_age: Floats
    gender: Floats
    platform: Floats
    sharing: Floats
    confusion: Floats  # subtype x subtype cdf: what is recorded

    @classmethod
    def of(cls, p: Profile) -> _Tables:
        confusion = []
        for s in _SUBTYPES:
            row = [p.recorded_confusion[s].get(t, 0.0) for t in _SUBTYPES]
            row[_SUBTYPES.index(s)] = 1.0 - sum(row)
            confusion.append(row)
        return cls(
            subtype=_cdf([[p.subtype_mix[a][s] for s in _SUBTYPES] for a in _AGENCIES]),
            age=_cdf([[p.youth_ages[a].get(age, 0.0) for age in range(10, 22)] for a in _AGENCIES]),
            adult_age=_cdf([[p.adult_ages.get(age, 0.0) for age in range(10, 22)]]),
            gender=_cdf([[p.gender[s][g] for g in Gender] for s in _SUBTYPES]),
            platform=_cdf([[p.platform[s][x] for x in Platform] for s in _SUBTYPES]),
            sharing=_cdf([[p.sharing[s][x] for x in Sharing] for s in _SUBTYPES]),
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
    """Facts for one chunk of rows, given each row's agency code."""
    n = len(agency)
    subtype = _choose(rng, tables.subtype, agency)
    youth = subtype != _SUBTYPES.index(N)
    age = 10 + np.where(
        youth,
        _choose(rng, tables.age, agency),
        _choose(rng, tables.adult_age, np.zeros(n, np.intp)),
    )
    pre_adolescent = age <= 12

    def chance(p: Floats | float) -> Bools:
        hit: Bools = rng.random(n) < p
        return hit

    def by_subtype(fact: str) -> Bools:
        return chance(_rate(profile, fact)[subtype])

    is_ = {s: subtype == _SUBTYPES.index(s) for s in _SUBTYPES}

    # Deciding facts, consistent with the intended subtype.
    adult_involved = is_[A]
    only_intent, only_coercion, _ = np.cumsum(profile.intent_coercion_split)
    u = rng.random(n)
    intent_to_harm = by_subtype("intent_to_harm") | (
        is_[H] & ((u < only_intent) | (u >= only_coercion))
    )
    coercion = by_subtype("coercion") | (is_[H] & (u >= only_intent))
    pictured_willing = by_subtype("pictured_willing")
    sharing = _choose(rng, tables.sharing, subtype)
    sexual_motive = ~(
        pre_adolescent
        & (
            (is_[OTHER] & chance(profile.no_sexual_motive_other))
            | ((is_[A] | is_[H] | is_[M]) & chance(profile.no_sexual_motive_aggravated))
        )
    )
    # "Other" without the pre-adolescent route: made for oneself, not sent to anyone.
    sharing = np.where(is_[OTHER] & sexual_motive, _NOT_SENT, sharing)

    # Recording noise: one deciding fact recorded differently from what happened.
    noisy = youth & chance(profile.recording_noise)
    which = rng.integers(0, 3, size=n)
    pictured_willing = np.where(noisy & (which == 0), ~pictured_willing, pictured_willing)
    intent_to_harm = np.where(noisy & (which == 1), ~intent_to_harm, intent_to_harm)
    sharing = np.where(noisy & (which == 2), rng.integers(0, len(Sharing), size=n), sharing)

    # Facts the typology does not decide on, correlated with the subtype and the agency.
    vulnerable_p = (
        _rate(profile, "vulnerable")[subtype]
        * np.array([profile.vulnerable_by_agency[a] for a in _AGENCIES])[agency]
    )
    vulnerable = chance(np.minimum(vulnerable_p, 0.95))
    capacity = chance(np.where(vulnerable, *profile.capacity_concern_if_vulnerable))
    previous_p = (
        np.where(vulnerable, *profile.previous_involvement_if_vulnerable)
        * np.array([profile.previous_involvement_by_agency[a] for a in _AGENCIES])[agency]
    )
    previous = chance(np.minimum(previous_p, 0.95))

    recorded = _choose(rng, tables.confusion, subtype)
    blank = chance(np.array([profile.recorded_blank[a] for a in _AGENCIES])[agency])
    return {
        "age_pictured": age.astype(np.int8),
        "gender_pictured": _choose(rng, tables.gender, subtype),
        "platform": _choose(rng, tables.platform, subtype),
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
        "recorded_subtype": np.where(blank, -1, recorded),
    }


def incident_ids(numbers: npt.NDArray[np.integer[Any]], *, total: int) -> pa.Array:
    """Opaque ids for row numbers out of ``total``: the prefix and the zero-padded number.

    >>> incident_ids(np.array([7, 1500]), total=1500).to_pylist()
    ['SYN-000007', 'SYN-001500']
    """
    text = pa.array(numbers).cast(pa.string())
    padded = pc.utf8_lpad(text, width=max(6, len(str(total))), padding="0")
    return pc.binary_join_element_wise(ID_PREFIX, padded, "")


def _frame(
    month: Codes, labels: list[str], agency: Codes, facts: Mapping[str, Any]
) -> pd.DataFrame:
    """The contract's columns, in order, from codes and flags."""
    n = len(month)
    columns: dict[str, Any] = {
        "incident_id": pd.array(incident_ids(np.arange(1, n + 1), total=n), dtype="str"),
        "reported_month": frame.from_codes(month, labels),
        "agency": frame.from_codes(agency, [a.value for a in Agency]),
    }
    vocabularies: dict[str, type[StrEnum]] = {
        "gender_pictured": Gender,
        "platform": Platform,
        "sharing": Sharing,
        "recorded_subtype": Subtype,
    }
    for name, values in facts.items():
        if name in vocabularies:
            columns[name] = frame.from_codes(values, [v.value for v in vocabularies[name]])
        else:
            columns[name] = values
    return pd.DataFrame(columns)[[c for c in COLUMNS if c in columns]]


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

    The columns are the dataset contract's (``COLUMNS``), text-ready: ``incident_id`` and
    ``reported_month`` (YYYY-MM) as text, ``age_pictured`` as int8, the boolean facts as bool,
    the categorical facts and ``recorded_subtype`` (blank where none was recorded) as
    Categoricals over their slugs. Rows are in month order. ``progress`` shows a progress bar
    on stderr; by default only when the rows are made in more than one chunk.
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
    facts = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    return _frame(month, labels, agency, facts)
