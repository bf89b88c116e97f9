"""XmR charts agree point for point with NHSRplotthedots 0.2.2 (its tests, ported)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from policy_model.stats import spc
from policy_model.stats.spc import describe_signals, xmr

# R: set.seed(123); rnorm(20) -- the series of NHSRplotthedots' tests/testthat/test-ptd_spc*.R
RNORM_123: list[float] = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def _first(result: pd.DataFrame) -> tuple[float, float, float]:
    row = result.iloc[0]
    return round(row["mean"], 6), round(row["lower_limit"], 5), round(row["upper_limit"], 5)


def test_limits_match_ptd_spc_standard_snapshot() -> None:
    """_snaps/ptd_spc_standard.md r1: mean 0.1416238, lpl -3.01138, upl 3.294627."""
    assert _first(xmr(RNORM_123)) == (0.141624, -3.01138, 3.29463)


def test_screening_matches_snapshot_r2() -> None:
    """y[15] <- 10: the moving ranges around it are screened out (lpl -2.383666)."""
    y = list(RNORM_123)
    y[14] = 10
    assert _first(xmr(y)) == (0.669416, -2.38367, 3.7225)


def test_without_screening_the_limits_would_be_those_of_snapshot_r3() -> None:
    """r3 (screen_outliers = FALSE): lpl -4.596625, upl 5.935457, so screening changed them."""
    y = np.array(RNORM_123)
    y[14] = 10
    mean, amr = y.mean(), np.abs(np.diff(y)).mean()
    assert round(mean - 2.66 * amr, 5) == -4.59663
    assert _first(xmr(list(y)))[1] != round(mean - 2.66 * amr, 5)


def test_phases_recalculate_the_limits_as_summary_snapshot_facets() -> None:
    """_snaps/ptd_spc.md, facet = rep(c(0, 1), each = 10): 0.0746 -2.60 2.75; 0.209 -3.28 3.70."""
    frame = pd.DataFrame({"period": range(20), "value": RNORM_123})
    for result in (xmr(frame, phase_starts=["10"]), xmr(frame.assign(phase=[0] * 10 + [1] * 10))):
        firsts = result.groupby("phase")[["mean", "lower_limit", "upper_limit"]].first().round(2)
        assert firsts.to_numpy().tolist() == [[0.07, -2.6, 2.75], [0.21, -3.28, 3.7]]


def _v(*xs: int) -> np.ndarray:
    return np.array(xs, dtype=np.int64)


@pytest.mark.parametrize(
    ("side", "expected"),
    [
        ([1] * 6, [0] * 6),
        ([1] * 6 + [-1], [0] * 7),
        ([1] * 8 + [-1], [0] * 6 + [1, 1, 0]),
        ([-1] * 8 + [1], [0] * 6 + [1, 1, 0]),
    ],
)
def test_seven_point_one_side_mean(side: list[int], expected: list[int]) -> None:
    assert spc._seven_one_side(_v(*side)).tolist() == expected


def test_a_point_on_the_mean_breaks_a_run_on_one_side() -> None:
    assert spc._seven_one_side(_v(1, 1, 1, 0, 1, 1, 1, 1)).tolist() == [0] * 8


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([0] * 6, [0] * 6),
        ([0] * 6 + [1, 0], [1] * 7 + [0]),
        ([0] * 7 + [1, 0], [0] + [1] * 7 + [0]),
        ([0] * 6 + [-1, 0], [1] * 7 + [0]),
    ],
)
def test_part_of_seven_trend(flags: list[int], expected: list[int]) -> None:
    assert spc._part_of_seven(_v(*flags)).tolist() == expected


@pytest.mark.parametrize(
    ("y", "expected"),
    [
        (list(range(1, 7)), [0] * 6),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7),
        (list(range(1, 8)), [0] * 6 + [1]),
        ([2, *range(1, 8), 3], [0] * 7 + [1, 0]),
        (list(range(7, 0, -1)), [0] * 6 + [-1]),
        ([2, *range(7, 0, -1), 3], [0] * 7 + [-1, 0]),
    ],
)
def test_seven_point_trend(y: list[int], expected: list[int]) -> None:
    assert spc._seven_trend(np.array(y, dtype=float)).tolist() == expected


@pytest.mark.parametrize(
    ("close", "side", "expected"),
    [
        ([1, 0, 1], [1, 1, 1], [1, 1, 1]),
        ([0, 1, 1], [1, 1, 1], [1, 1, 1]),
        ([1, 1, 0], [1, 1, 1], [1, 1, 1]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 1, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 1, 1, 1, 1, 0, 0]),
        ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    ],
)
def test_two_in_three(close: list[int], side: list[int], expected: list[int]) -> None:
    assert spc._two_in_three(_v(*close), _v(*side)).tolist() == expected


def test_only_the_close_points_are_part_of_two_in_three() -> None:
    """ptd_part_of_two_in_three: c(1, 0, 0, 1, 1) -> c(0, 0, 0, 1, 1)."""
    close = _v(1, 0, 0, 1, 1)
    assert (spc._two_in_three(close, _v(1, 1, 1, 1, 1)) * close).tolist() == [0, 0, 0, 1, 1]


def test_two_close_points_on_opposite_sides_are_common_cause() -> None:
    """test-ptd_spc_standard.R: 5.5 then -5.5 after alternating 1, -1 is not 2 of 3."""
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    assert xmr(y)["signal"].tail(2).tolist() == ["common_cause", "common_cause"]


def test_outside_limits_beats_a_run_and_a_run_beats_one_side() -> None:
    """The precedence of ptd_special_cause_type: limits, then trend, then 2 of 3, then side."""
    y = [10.0, 10, 11, 9, 10, 10, 11, 9, 10, 10, 11, 9, 10, 10, 11, 12, 13, 14, 15, 16, 40]
    out = xmr(y)
    assert set(out["rule"].iloc[18:]) == {"above_upper_limit"}  # also the end of the rise
    assert set(out["rule"].iloc[13:18]) == {"run_rising"}
    assert out["rule"].iloc[2] == "run_below_mean"  # not close to a limit, but 7 below
    assert out["signal"].iloc[13:].eq("special_cause_high").all()


def test_a_peak_between_a_rise_and_a_fall_is_read_with_the_fall() -> None:
    """ptd_special_cause_type uses the step after a point when the next point is in a run."""
    y = [0.0, 10, 0, 10, 0, 10, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    out = xmr(y)
    assert set(out["rule"].iloc[6:12]) == {"run_rising"}
    assert out["rule"].iloc[12] == "run_falling"  # the peak, 7
    assert set(out["rule"].iloc[13:]) == {"run_falling"}


def test_seven_below_then_above_the_mean() -> None:
    y = [5.0, 6, 4, 5, 6, 5, 4, 8, 9, 8, 9, 8, 9, 8, 9]
    out = xmr(pd.DataFrame({"period": [f"2024-{m:02d}" for m in range(1, 13)]
                                      + ["2025-01", "2025-02", "2025-03"], "value": y}))  # fmt: skip
    assert out["signal"].iloc[:7].eq("special_cause_low").all()
    assert out["signal"].iloc[7:].eq("special_cause_high").all()
    assert describe_signals(out)[:2] == [
        "lower than usual: 7 months below the mean 2024-01 to 2024-07",
        "higher than usual: 8 months above the mean since 2024-08",
    ]


def test_too_few_points_have_no_limits_and_say_so() -> None:
    out = xmr([4.0])
    assert out["lower_limit"].isna().all() and out["signal"].eq("common_cause").all()
    assert any("no process limits" in line for line in describe_signals(out))


def test_short_phases_have_trial_limits() -> None:
    assert xmr([1.0, 2.0] * 6)["trial_limits"].all()
    assert not xmr([1.0, 2.0] * 7)["trial_limits"].any()


def test_unsorted_periods_are_put_in_order() -> None:
    frame = pd.DataFrame({"period": ["2024-02", "2024-01"], "value": [2, 1]})
    assert xmr(frame)["value"].tolist() == [1.0, 2.0]


def test_a_repeated_period_is_refused() -> None:
    with pytest.raises(ValueError, match="more than once"):
        xmr(pd.DataFrame({"period": ["2024-01", "2024-01"], "value": [1, 2]}))
