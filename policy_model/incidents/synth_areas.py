"""The synthetic borough's areas and population: invented, at a realistic scale, seeded.

A borough of about 310,000 people, about 75,000 of them children aged 0-17 (a London
borough's scale: ONS mid-2022 estimates put most outer London boroughs at 250,000-400,000
people, a quarter of them under 18), split over five areas of different sizes. Mid-year
estimates for 2022 to 2025 by area, sex and single year of age (0 to 90, 90 meaning 90 and
over), in the tidy layout ``year,area,sex,age,population``. Every figure is an assumption
stated here and in data/README.md:

- children's share of each area, and the areas' relative rates of reported incidents
  (``AREAS``): two areas differ on purpose, so the funnel plot has something to show;
- 51.2% of children male, 48.8% female (the ratio at birth, about 105 boys to 100 girls);
- about 4,150 children in each single year of age 0-17, fewer at the youngest ages (falling
  births), adults thinning out after 60;
- growth of 0.4% a year; each cell then varied by up to 2%, seeded.

>>> pop = synthesise_population()
>>> int(pop.loc[(pop["year"] == 2024) & (pop["age"] <= 17), "population"].sum()) // 1000
75
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["AREAS", "AREA_BLANK", "POPULATION_YEARS", "draw_areas", "synthesise_population"]

AREAS: Final = (
    # (area, share of the borough's children, relative rate of reported incidents)
    ("north", 0.26, 1.0),
    ("central", 0.22, 1.45),
    ("east", 0.20, 1.0),
    ("south", 0.18, 1.0),
    ("west", 0.14, 0.6),
)
AREA_BLANK: Final = 0.02
"""The share of synthetic incidents whose area is not recorded."""
POPULATION_YEARS: Final = (2022, 2023, 2024, 2025)
_CHILDREN_2022: Final = 74_500
_ADULTS_2022: Final = 236_000
_MALE: Final = 0.512
_GROWTH: Final = 0.004


def draw_areas(rng: np.random.Generator, n: int) -> npt.NDArray[np.int64]:
    """Each incident's area as an index into ``AREAS`` (-1: not recorded), in proportion to
    the areas' children times their relative rates."""
    weights = np.array([share * rate for _, share, rate in AREAS])
    codes = rng.choice(len(AREAS), size=n, p=weights / weights.sum()).astype(np.int64)
    blank = rng.random(n) < AREA_BLANK
    return np.where(blank, -1, codes)


def _age_profile() -> npt.NDArray[np.float64]:
    """Relative numbers by single year of age 0-90 (90: 90 and over)."""
    ages = np.arange(91, dtype=np.float64)
    child = np.where(ages < 5, 0.94 + 0.012 * ages, 1.0)[:18]
    adult = np.where(ages[18:] < 60, 1.0, np.exp(-(ages[18:] - 60) / 14.0))
    adult[-1] *= 2.5  # 90 and over
    return np.concatenate(
        [child / child.sum() * _CHILDREN_2022, adult / adult.sum() * _ADULTS_2022]
    )


def synthesise_population(*, seed: int = 2024) -> pd.DataFrame:
    """The synthetic borough's mid-year estimates, tidy, sorted by year, area, sex, age."""
    rng = np.random.default_rng(seed)
    base = _age_profile()
    rows = []
    for year in POPULATION_YEARS:
        growth = (1 + _GROWTH) ** (year - POPULATION_YEARS[0])
        for area, share, _ in AREAS:
            for sex, part in (("female", 1 - _MALE), ("male", _MALE)):
                counts = base * share * part * growth * rng.uniform(0.98, 1.02, len(base))
                for age, count in enumerate(np.rint(counts).astype(int).tolist()):
                    rows.append((year, area, sex, age, count))
    return pd.DataFrame(rows, columns=["year", "area", "sex", "age", "population"])
