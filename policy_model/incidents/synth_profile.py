"""Every assumption behind the synthetic data, declared as one profile: LONDON_BOROUGH."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

from ..model.vocab import Agency, Gender, Platform, Sharing, Subtype

__all__ = ["LONDON_BOROUGH", "Profile", "Table"]


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
