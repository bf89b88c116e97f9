"""Rates per 10,000 children aged 0-17, with exact Poisson 95% intervals, as OHID Fingertips
publishes them, and ONS's rules for small numbers.

- The numerator is every incident reported in the period, as the summary counts them: the
  rate is of incidents reported to agencies per 10,000 children. An incident whose person
  pictured is 18 or over (not youth produced: an adult's image sent to a child, say) is
  counted in the total and in its own ``18_and_over`` row, which has no rate; one whose age
  is not known is counted in the total and in a ``not_known`` row, never guessed into a band.
  So every count here is one the summary tables publish (or withhold) too, and a rate can
  never be used to work out a count the summary withholds.
- The denominator is the mid-year estimate the period uses (``population.mid_year_for``) of
  children aged 0-17, or of the matching group: an age band over the children of those ages,
  a sex over the children of that sex, an area over the children of that area. Incidents
  whose gender is other or not known, or whose area is not known, have a row with their count
  and no rate (marker ``z``: there is no matching population); so do 18 and over and an
  age not known.
- The interval is the exact Poisson one (Garwood 1936; the chi-squared form OHID uses for
  small counts): lower ``chi2.ppf(0.025, 2k) / 2``, upper ``chi2.ppf(0.975, 2k + 2) / 2``,
  each over the population.
- ONS practice: no rate from fewer than 3 incidents (marker ``x``); a rate from fewer than 20
  is marked ``u`` (low reliability). A count withheld by disclosure control (and so its rate
  and interval) is ``c``; the groups of each dimension add up to the total, so secondary
  suppression protects them together (``disclosure.protect``).
- A rate is the incidents in the period per 10,000 children; it is not annualised, so the
  ``period`` column says which period (and kind of year) it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import numpy as np
import pandas as pd
from scipy.stats import chi2

from . import disclosure, linked
from .conventions import AGE_BANDS, ALL, NOT_APPLICABLE, NOT_KNOWN, SUPPRESSED
from .periods import Period
from .population import SEXES, population_for

__all__ = [
    "CHILD_AGES",
    "FEWEST_FOR_RATE",
    "FEWEST_RELIABLE",
    "NOT_CALCULATED",
    "PER",
    "RATE_COLUMNS",
    "UNRELIABLE",
    "notes",
    "poisson_interval",
    "rates",
]

PER: Final = 10_000
CHILD_AGES: Final = (0, 17)
FEWEST_FOR_RATE: Final = 3
"""No rate is published from fewer incidents than this (ONS)."""
FEWEST_RELIABLE: Final = 20
"""A rate from fewer incidents than this is marked ``u``, low reliability (ONS)."""
UNRELIABLE: Final = "u"
NOT_CALCULATED: Final = "x"
RATE_COLUMNS: Final = (
    "period",
    "dimension",
    "group",
    "incidents",
    "population",
    "rate_per_10000",
    "lower_95",
    "upper_95",
    "marker",
)


def poisson_interval(
    count: float | np.ndarray, *, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """The exact Poisson interval of a count (Garwood): for 10, (4.795, 18.390).

    >>> lo, hi = poisson_interval(np.array([0, 1, 10]))
    >>> [round(float(x), 3) for x in lo], [round(float(x), 3) for x in hi]
    ([0.0, 0.025, 4.795], [3.689, 5.572, 18.39])
    """
    k = np.asarray(count, dtype=np.float64)
    alpha = 1 - level
    lower = np.where(k > 0, chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    upper = chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


def _in_period(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    return frame[period.contains(frame["reported_month"].astype("string")).to_numpy()]


def notes(frame: pd.DataFrame, period: Period, population: pd.DataFrame) -> list[str]:
    """What the rates of ``period`` count, in sentences."""
    from .population import mid_year_for

    del frame  # the counts are in rates.csv, withheld where they must be; never here
    return [
        f"{period.label} ({period.year_kind}); denominators are the mid-{mid_year_for(period)} "
        "population estimates of children aged 0-17",
        "the overall rate counts every incident reported in the period, as the summary does; "
        "those with a person pictured aged 18 or over, and those whose age pictured is not "
        "known, are in it and each in their own row, without a rate",
        "rates are per 10,000 children over the whole period (not annualised); 95% intervals "
        "are exact Poisson; no rate from fewer than 3 incidents (x); u: fewer than 20, low "
        "reliability; c: withheld; z: no matching population",
    ]


def rates(
    frame: pd.DataFrame,
    population: pd.DataFrame,
    period: Period,
    *,
    profile: str = "standard",
    withheld: Iterable[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Incidents per 10,000 children aged 0-17 in ``period``: overall, by age band, by sex and
    (where both the incidents and the population have areas) by area; columns
    ``RATE_COLUMNS``. ``frame`` holds ``reported_month``, ``age_pictured``,
    ``gender_pictured`` and optionally ``area``; ``population`` is ``load_population``'s.
    ``withheld``: given when the summary's tables are published beside these, the
    (``age_band``, band) and (``sex``, gender) counts they withhold: the same counts, so
    withheld here exactly as there (the areas, which the summary does not count, are
    protected here, their complements never a count published there)."""
    everyone = _in_period(frame, period)
    pop = population_for(population, period)
    pop = pop[pop["age"].between(*CHILD_AGES)]
    age = everyone["age_pictured"].astype("Float64")
    rows: list[tuple[str, str, int, float]] = [
        (ALL, ALL, len(everyone), float(pop["population"].sum()))
    ]
    for slug, _label, lo, hi in AGE_BANDS:
        n = int(age.between(lo, hi).fillna(False).sum())
        child = hi <= CHILD_AGES[1]
        people = float(pop.loc[pop["age"].between(lo, hi), "population"].sum())
        rows.append(("age_band", slug, n, people if child else np.nan))
    rows.append(("age_band", NOT_KNOWN, int(age.isna().sum()), np.nan))
    gender = everyone["gender_pictured"].astype("string")
    for sex in SEXES:
        people = float(pop.loc[pop["sex"] == sex, "population"].sum())
        rows.append(("sex", sex, int((gender == sex).sum()), people))
    for other in sorted(set(gender.dropna()) - set(SEXES)):
        rows.append(("sex", str(other), int((gender == other).sum()), np.nan))
    areas = sorted(set(pop["area"]) - {ALL})
    if "area" in everyone.columns and areas:
        area = everyone["area"].astype("string")
        for name in areas:
            people = float(pop.loc[pop["area"] == name, "population"].sum())
            rows.append(("area", name, int((area == name).sum()), people))
        for name in sorted(set(area.dropna()) - set(areas)):
            rows.append(("area", str(name), int((area == name).sum()), np.nan))
        rows.append(("area", NOT_KNOWN, int(area.isna().sum()), np.nan))
    out = pd.DataFrame(rows, columns=["dimension", "group", "incidents", "population"])
    out = out[(out["incidents"] > 0) | out["population"].notna() | (out["group"] == NOT_KNOWN)]
    out = out.reset_index(drop=True)
    hidden = _withheld(out, disclosure.profile(profile), withheld)
    return _with_rates(out, hidden, period)


def _withheld(
    out: pd.DataFrame,
    rule: disclosure.Profile,
    linked_cells: Iterable[tuple[str, str]] | None,
) -> np.ndarray:
    cells = disclosure.Cells()
    keys: list[disclosure.Key] = []
    for dim, group, n in zip(out["dimension"], out["group"], out["incidents"], strict=True):
        key: disclosure.Key = () if dim == ALL else ((str(dim), str(group)),)
        cells.add(key, int(n))
        keys.append(key)
    for dim in out["dimension"].unique():
        if dim != ALL:
            cells.relate((), [k for k, d in zip(keys, out["dimension"], strict=True) if d == dim])
    hidden = set(disclosure.protect(cells, rule))
    if linked_cells is not None:  # the summary publishes the total, age bands and genders
        forced = {((d, g),) for d, g in linked_cells}
        theirs = {k for k in keys if not k or k[0][0] in ("age_band", "sex")}
        public = theirs - forced
        hidden = linked.with_forced(cells, (hidden - theirs) | forced, public=public)
    return np.array([k in hidden for k in keys], dtype=bool)


def _with_rates(out: pd.DataFrame, hidden: np.ndarray, period: Period) -> pd.DataFrame:
    n = out["incidents"].to_numpy(dtype=np.float64)
    pop = out["population"].to_numpy(dtype=np.float64)
    has_pop = np.nan_to_num(pop) > 0
    lower, upper = poisson_interval(n)
    scale = np.where(has_pop, PER / np.where(has_pop, pop, 1.0), np.nan)
    enough = n >= FEWEST_FOR_RATE
    shown = has_pop & enough & ~hidden
    marker = np.select(
        [hidden, ~has_pop, ~enough, n < FEWEST_RELIABLE],
        [SUPPRESSED, NOT_APPLICABLE, NOT_CALCULATED, UNRELIABLE],
        default="",
    )

    def rate(values: np.ndarray) -> pd.arrays.FloatingArray:
        return pd.array(np.where(shown, np.round(values * scale, 2), np.nan), dtype="Float64")

    return pd.DataFrame(
        {
            "period": period.label,
            "dimension": out["dimension"],
            "group": out["group"],
            "incidents": out["incidents"].astype("Int64").mask(hidden),
            "population": pd.array(np.where(has_pop, pop, np.nan), dtype="Float64").astype("Int64"),
            "rate_per_10000": rate(n),
            "lower_95": rate(lower),
            "upper_95": rate(upper),
            "marker": marker,
        },
        columns=list(RATE_COLUMNS),
    )
