"""Funnel plots of areas' rates against their populations (Spiegelhalter 2005, exact Poisson).

The target is the rate of all children in the period (the ``all`` row of ``rates``, which is
published anyway): a target computed from the areas alone would, with the areas that are
shown, give away a withheld area's count. For an area of ``n`` children the limits at
probability ``p`` are the exact Poisson quantiles of the expected count ``target x n``,
interpolated so that they are smooth in ``n`` (Spiegelhalter, *Funnel plots for comparing
institutional performance*, Statistics in Medicine 2005, appendix A.1.1):
``r_p = qpois(p, lambda)``, ``alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1))``, limit
``(r_p - alpha) / n``. The 95% limits are p = 0.025 and 0.975, the 99.8% limits 0.001 and
0.999. An area whose count is withheld is neither plotted nor named.
"""

from __future__ import annotations

import dataclasses
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import poisson

from .conventions import ALL
from .rates import PER

__all__ = ["LEVELS", "Funnel", "funnel", "funnel_limits"]

LEVELS: Final = {"95": (0.025, 0.975), "99_8": (0.001, 0.999)}
"""The limits drawn, by name: two-sided 95% and 99.8%."""

Floats = npt.NDArray[np.float64]


def funnel_limits(target: float, population: npt.ArrayLike, p: float) -> Floats:
    """The rate per 10,000 at probability ``p`` for areas of ``population`` children.

    >>> [round(float(x), 2) for x in funnel_limits(0.01, [1000, 10000], 0.975)]
    [161.6, 119.58]
    """
    n = np.asarray(population, dtype=np.float64)
    lam = target * n
    r = poisson.ppf(p, lam)
    f_r = poisson.cdf(r, lam)
    f_below = poisson.cdf(r - 1, lam)
    alpha = np.where(f_r > f_below, (f_r - p) / np.where(f_r > f_below, f_r - f_below, 1), 0.0)
    return np.asarray(np.maximum(r - alpha, 0.0) / n * PER, dtype=np.float64)


@dataclasses.dataclass(frozen=True)
class Funnel:
    """The areas of a funnel plot and its target.

    ``areas``: one row per area whose rate is published, with ``area, incidents, population,
    rate_per_10000`` and each limit at its population, and ``position``: ``within``,
    ``above_95``/``below_95`` (outside 95% but not 99.8%) or ``above_99_8``/``below_99_8``.
    ``not_shown``: how many areas are left out because their count is withheld or too small
    for a rate (never which).
    """

    period: str
    target: float
    """Incidents per 10,000 children, all areas."""
    areas: pd.DataFrame
    not_shown: int

    def outside(self) -> pd.DataFrame:
        """The areas outside the 99.8% limits."""
        return self.areas[self.areas["position"].str.endswith("99_8")].reset_index(drop=True)

    def curves(self, points: int = 200) -> pd.DataFrame:
        """The limits as curves over the populations of the plot, for drawing."""
        pops = self.areas["population"].astype(float)
        lo = max(1.0, float(pops.min()) * 0.5) if len(pops) else 100.0
        hi = float(pops.max()) * 1.2 if len(pops) else 10_000.0
        grid = np.geomspace(lo, hi, points)
        out = {"population": grid}
        for name, (low, high) in LEVELS.items():
            out[f"lower_{name}"] = funnel_limits(self.target / PER, grid, low)
            out[f"upper_{name}"] = funnel_limits(self.target / PER, grid, high)
        return pd.DataFrame(out)


def funnel(rate_table: pd.DataFrame) -> Funnel:
    """The funnel of the ``area`` rows of a ``rates`` table, against its ``all`` rate."""
    overall = rate_table[(rate_table["dimension"] == ALL) & (rate_table["group"] == ALL)]
    if overall.empty or pd.isna(overall["rate_per_10000"].iloc[0]):
        raise ValueError("no overall rate to compare the areas with (it is withheld or missing)")
    target = float(overall["rate_per_10000"].iloc[0])
    areas = rate_table[(rate_table["dimension"] == "area") & rate_table["population"].notna()]
    shown = areas[areas["rate_per_10000"].notna()]
    out = pd.DataFrame(
        {
            "area": shown["group"].astype(str).to_numpy(),
            "incidents": shown["incidents"].astype(int).to_numpy(),
            "population": shown["population"].astype(int).to_numpy(),
            "rate_per_10000": shown["rate_per_10000"].astype(float).to_numpy(),
        }
    )
    pops = out["population"].to_numpy(dtype=np.float64)
    rate = out["incidents"].to_numpy(dtype=np.float64) / np.where(pops > 0, pops, 1) * PER
    position = np.full(len(out), "within", dtype=object)
    for name, (low, high) in LEVELS.items():
        lower = funnel_limits(target / PER, pops, low)
        upper = funnel_limits(target / PER, pops, high)
        out[f"lower_{name}"], out[f"upper_{name}"] = lower.round(2), upper.round(2)
        position = np.where(rate > upper, f"above_{name}", position)
        position = np.where(rate < lower, f"below_{name}", position)
    out["position"] = position
    period = str(rate_table["period"].iloc[0]) if len(rate_table) else ""
    return Funnel(period, target, out, int(len(areas) - len(shown)))
