"""Synthetic rows drawn chunk by chunk from a profile: subtypes, facts, ages, noise, blanks."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, Kind
from ..model.parameters import AS_WRITTEN_LINES
from ..model.vocab import Agency, Gender, Platform, Sharing, Subtype
from .synth_profile import OTHER, A, H, M, N, Profile, S

__all__ = [
    "ADULT",
    "AGENCIES",
    "BLANKABLE",
    "Bools",
    "Codes",
    "Floats",
    "Tables",
    "cells",
    "draw_chunk",
]

ADULT: Final = AS_WRITTEN_LINES.adult
BLANKABLE: Final = tuple(
    c.name
    for c in COLUMNS.of_kind(Kind.AGE, Kind.FACT, Kind.CATEGORY)
    if c.core and (c.kind is not Kind.CATEGORY or (c.may_be_unknown and c.required))
)
"""The columns the generator may leave blank (not known): the ages, the facts and ``sharing``."""

_SUBTYPES: Final = tuple(Subtype)
AGENCIES: Final = tuple(Agency)
_AGES: Final = range(MIN_AGE, MAX_AGE + 1)
_NOT_SENT: Final = tuple(Sharing).index(Sharing.NONE)
Codes = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


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
    return np.array([shares[a] for a in AGENCIES], dtype=np.float64)


@dataclasses.dataclass(frozen=True, slots=True)
class Tables:
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
    def of(cls, p: Profile) -> Tables:
        confusion = []
        for s in _SUBTYPES:
            row = [p.recorded_confusion.get(s, {}).get(t, 0.0) for t in _SUBTYPES]
            row[_SUBTYPES.index(s)] = 1.0 - sum(row)
            confusion.append(row)

        def ages(shares: Mapping[int, float]) -> list[float]:
            return [shares.get(age, 0.0) for age in _AGES]

        return cls(
            subtype=_cdf([[p.subtype_mix[a][s] for s in _SUBTYPES] for a in AGENCIES]),
            age=_cdf([ages(p.youth_ages[a]) for a in AGENCIES]),
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


def cells(profile: Profile, months: int, start: str) -> Floats:
    """The chance of each (month, agency) cell: agency mix x season x trend."""
    first_month = int(start[5:]) - 1
    calendar = (first_month + np.arange(months)) % 12
    school = np.array([profile.school_seasonality[m] for m in range(1, 13)], dtype=np.float64)
    school /= school.mean()
    other = 1.0 + profile.other_agency_seasonality * (school - 1.0)
    trend = (1.0 + profile.annual_growth) ** (np.arange(months) / 12.0)
    weights = np.empty((months, len(AGENCIES)))
    for j, agency in enumerate(AGENCIES):
        season = school if agency in (Agency.SCHOOL, Agency.COLLEGE) else other
        weights[:, j] = profile.agency_mix[agency] * season[calendar] * trend
    flat: Floats = (weights / weights.sum()).ravel()
    return flat


def draw_chunk(
    rng: np.random.Generator, agency: Codes, profile: Profile, tables: Tables
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
    # Any other fact the profile gives a rate for, by the subtype (a fact declared later
    # needs only its rate in the profile: ``Profile.rates``).
    for name in profile.rates:
        if name not in facts:
            facts[name] = by_subtype(name)
    missing = [name for name in BLANKABLE if name not in facts]
    if missing:
        raise ValueError(
            f"synthetic data: no rate for {', '.join(missing)}; give each a rate by subtype in "
            "the profile (incidents/synth_profile.py, rates)"
        )

    # Not known: blanks in incomplete returns, drawn last.
    incomplete = chance(_per_agency(profile.incomplete_return)[agency])
    for name in BLANKABLE:
        blank = incomplete & chance(profile.not_known_if_incomplete.get(name, 0.0))
        facts[name] = (facts[name], blank)
    return facts
