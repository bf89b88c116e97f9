"""Funnel plots: Spiegelhalter's interpolated exact Poisson limits, and no withheld area named."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from policy_model.stats.funnel import funnel, funnel_limits


def _cdf(r: int, lam: float) -> float:
    return sum(math.exp(-lam) * lam**k / math.factorial(k) for k in range(r + 1))


def test_limit_is_the_interpolated_poisson_quantile() -> None:
    """Expected 10 (rate 0.01, 1,000 children): qpois(0.975, 10) = 17, interpolated down by
    (F(17) - 0.975) / (F(17) - F(16)), per 10,000."""
    alpha = (_cdf(17, 10) - 0.975) / (_cdf(17, 10) - _cdf(16, 10))
    assert funnel_limits(0.01, [1000], 0.975)[0] == pytest.approx((17 - alpha) / 1000 * 1e4)


def test_limits_narrow_as_the_population_grows() -> None:
    upper = funnel_limits(0.01, [500, 5000, 50000], 0.999)
    lower = funnel_limits(0.01, [500, 5000, 50000], 0.001)
    assert np.all(np.diff(upper) < 0) and np.all(np.diff(lower) > 0)


def _rates(areas: list[tuple[str, int | None, int, str]]) -> pd.DataFrame:
    rows = [("p", "all", "all", 600, 100_000, 60.0, "")]
    for name, n, pop, marker in areas:
        rate = None if n is None else n / pop * 1e4
        rows.append(("p", "area", name, n, pop, rate, marker))
    frame = pd.DataFrame(
        rows,
        columns=[
            "period",
            "dimension",
            "group",
            "incidents",
            "population",
            "rate_per_10000",
            "marker",
        ],
    )
    frame["incidents"] = frame["incidents"].astype("Int64")
    frame["rate_per_10000"] = frame["rate_per_10000"].astype("Float64")
    return frame


def test_areas_outside_the_998_limits_are_listed() -> None:
    f = funnel(
        _rates([("high", 200, 20_000, ""), ("usual", 120, 20_000, ""), ("low", 60, 20_000, "")])
    )
    positions = dict(zip(f.areas["area"], f.areas["position"], strict=True))
    assert positions == {"high": "above_99_8", "usual": "within", "low": "below_99_8"}
    assert f.outside()["area"].tolist() == ["high", "low"]


def test_a_withheld_area_is_neither_plotted_nor_named() -> None:
    f = funnel(_rates([("tiny", None, 300, "c"), ("high", 200, 20_000, "")]))
    assert "tiny" not in set(f.areas["area"]) and "tiny" not in set(f.outside()["area"])
    assert f.not_shown == 1


def test_no_overall_rate_no_funnel() -> None:
    frame = _rates([("a", 200, 20_000, "")])
    frame.loc[0, "rate_per_10000"] = pd.NA
    with pytest.raises(ValueError, match="no overall rate"):
        funnel(frame)
