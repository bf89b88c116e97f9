"""XmR (statistical process control) charts as NHS England's *Making Data Count* draws them.

A port of NHSRplotthedots 0.2.2 (the NHS-R community's R package) with its defaults and a
neutral improvement direction, point for point:

- the centre line is the mean of the phase;
- the moving ranges are the absolute differences of consecutive points; those at or above
  3.267 times their mean are screened out and the mean moving range recomputed without them;
  the process limits are the mean plus or minus 2.66 times that mean moving range;
- a point is special cause when it lies outside the limits (strictly); is part of 7 points
  each higher (or each lower) than the one before (a tie breaks the run); is one of at least
  2 of 3 consecutive points all on one side of the mean that lie beyond two thirds of the
  way to a limit but inside it; or is part of 7 points on one side of the mean (a point
  equal to the mean is on neither side and breaks the run);
- one rule decides a point, in that order: outside the limits, then the run of 7 rising or
  falling, then 2 of 3, then 7 on one side. So a point that ends a rising run and starts a
  falling one is read with the run after it, as NHSRplotthedots does;
- a phase (the limits recalculated) starts at each date given, or where the ``phase``
  column changes. NHSRplotthedots calculates limits from 2 points (one moving range) and
  warns that a phase of fewer than 13 points (its default ``warning_threshold``) has only
  trial limits; here ``trial_limits`` marks those phases and ``describe_signals`` says so.
  A phase of one point, or of identical points, has no limits and no signal.

The improvement direction is neutral (more reports can mean better recognition), so a signal
is ``special_cause_high`` or ``special_cause_low``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "LIMIT",
    "MIN_POINTS",
    "SCREEN",
    "TRIAL_BELOW",
    "Rule",
    "Signal",
    "describe_signals",
    "xmr",
]

LIMIT: Final = 2.66
"""Process limits are the mean plus or minus this times the mean moving range."""
SCREEN: Final = 3.267
"""Moving ranges at or above this times their mean are left out of the mean moving range."""
MIN_POINTS: Final = 2
"""The fewest points a phase needs for limits (one moving range)."""
TRIAL_BELOW: Final = 13
"""A phase with fewer points has trial limits (NHSRplotthedots' default warning_threshold)."""
_RUN: Final = 7


class Signal(enum.StrEnum):
    COMMON_CAUSE = "common_cause"
    SPECIAL_CAUSE_HIGH = "special_cause_high"
    SPECIAL_CAUSE_LOW = "special_cause_low"


class Rule(enum.StrEnum):
    """Which rule made a point special cause (NHSRplotthedots' ``special_cause_type``)."""

    NONE = ""
    ABOVE_LIMIT = "above_upper_limit"
    BELOW_LIMIT = "below_lower_limit"
    RISING = "run_rising"
    FALLING = "run_falling"
    TWO_OF_THREE_HIGH = "two_of_three_high"
    TWO_OF_THREE_LOW = "two_of_three_low"
    RUN_ABOVE = "run_above_mean"
    RUN_BELOW = "run_below_mean"


_HIGH: Final = {Rule.ABOVE_LIMIT, Rule.RISING, Rule.TWO_OF_THREE_HIGH, Rule.RUN_ABOVE}
_LOW: Final = {Rule.BELOW_LIMIT, Rule.FALLING, Rule.TWO_OF_THREE_LOW, Rule.RUN_BELOW}

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


# ---- the rules, one function each (NHSRplotthedots' names in the docstrings) -------------------


def _seven_one_side(side: Ints) -> Ints:
    """``ptd_seven_point_one_side_mean``: 1 at the 7th of 7 points on one side of the mean."""
    out = np.zeros(len(side), dtype=np.int64)
    for i in range(_RUN - 1, len(side)):
        window = side[i - _RUN + 1 : i + 1]
        out[i] = int(side[i] != 0 and bool(np.all(window == side[i])))
    return out


def _part_of_seven(flags: Ints) -> Ints:
    """``ptd_part_of_seven_trend``: 1 where the point or one of the 6 after it is flagged."""
    out = np.zeros(len(flags), dtype=np.int64)
    for i in range(len(flags)):
        out[i] = int(bool(np.any(np.abs(flags[i : i + _RUN]) == 1)))
    return out


def _seven_trend(y: Floats) -> Ints:
    """``ptd_seven_point_trend``: 1 (or -1) at the 7th of 7 points each higher (lower)."""
    out = np.zeros(len(y), dtype=np.int64)
    steps = np.sign(np.diff(y))
    for i in range(_RUN - 1, len(y)):
        window = steps[i - _RUN + 1 : i]
        if np.all(window == 1):
            out[i] = 1
        elif np.all(window == -1):
            out[i] = -1
    return out


def _two_in_three(close: Ints, side: Ints) -> Ints:
    """``ptd_two_in_three``: 1 where a window of 3 holding the point has 2 or more points
    close to a limit and all 3 on one side of the mean."""
    n = len(close)
    vp = np.concatenate([[0, 0], close, [0, 0]])
    sp = np.concatenate([[0, 0], side, [0, 0]])
    out = np.zeros(n, dtype=np.int64)
    for i in range(n):
        out[i] = int(
            any(
                vp[i + k : i + k + 3].sum() >= 2 and abs(sp[i + k : i + k + 3].sum()) == 3
                for k in range(3)
            )
        )
    return out


def _rules(y: Floats, side: Ints, close: Ints, outside: Ints) -> list[Rule]:
    """``ptd_special_cause_type``: the rule that decides each point, by precedence."""
    trend = _seven_trend(y)
    part_trend = _part_of_seven(trend)
    part_two = _two_in_three(close, side) * (np.abs(close) == 1)
    part_side = _part_of_seven(_seven_one_side(side))
    steps = np.sign(np.diff(y))
    # A point in a run is read with the step after it if the next point is in a run too.
    follows = np.concatenate([part_trend[1:], [0]]).astype(bool) & part_trend.astype(bool)
    forward = np.concatenate([steps, steps[-1:]]) if len(steps) else np.zeros(len(y))
    backward = np.concatenate([[0.0], steps])
    direction = np.where(follows, forward, backward)
    out: list[Rule] = []
    for i in range(len(y)):
        above = side[i] > 0
        if outside[i]:
            out.append(Rule.ABOVE_LIMIT if side[i] == 1 else Rule.BELOW_LIMIT)
        elif part_trend[i]:
            out.append(Rule.RISING if direction[i] == 1 else Rule.FALLING)
        elif part_two[i]:
            out.append(Rule.TWO_OF_THREE_HIGH if above else Rule.TWO_OF_THREE_LOW)
        elif part_side[i]:
            out.append(Rule.RUN_ABOVE if above else Rule.RUN_BELOW)
        else:
            out.append(Rule.NONE)
    return out


def _limits(y: Floats) -> tuple[float, float]:
    """The mean and the screened mean moving range of one phase (NaN when there are none)."""
    mean = float(y.mean()) if len(y) else float("nan")
    if len(y) < MIN_POINTS:
        return mean, float("nan")
    mr = np.abs(np.diff(y))
    kept = mr[mr < SCREEN * mr.mean()]
    return mean, float(kept.mean()) if len(kept) else float("nan")


def _phase(y: Floats) -> pd.DataFrame:
    mean, amr = _limits(y)
    lower, upper = mean - LIMIT * amr, mean + LIMIT * amr
    near = 2 * (LIMIT / 3) * amr
    side = np.sign(y - mean).astype(np.int64)
    if np.isnan(amr):
        outside = close = np.zeros(len(y), dtype=np.int64)
    else:
        outside = ((y > upper) | (y < lower)).astype(np.int64)
        close = ((outside == 0) & ((y < mean - near) | (y > mean + near))).astype(np.int64)
    rules = _rules(y, side, close, outside)
    signal = [
        Signal.SPECIAL_CAUSE_HIGH
        if r in _HIGH
        else Signal.SPECIAL_CAUSE_LOW
        if r in _LOW
        else Signal.COMMON_CAUSE
        for r in rules
    ]
    return pd.DataFrame(
        {
            "mean": mean,
            "lower_limit": lower,
            "upper_limit": upper,
            "signal": [str(s) for s in signal],
            "rule": [str(r) for r in rules],
            "trial_limits": len(y) < TRIAL_BELOW,
        },
        index=range(len(y)),
    )


def xmr(
    frame_or_values: pd.DataFrame | pd.Series | Sequence[float],
    *,
    phase_starts: Iterable[str] = (),
) -> pd.DataFrame:
    """The XmR chart of a series: its rows in period order, with ``mean``, ``lower_limit``,
    ``upper_limit`` and ``signal`` added (and ``phase`` if absent, ``phase_number`` counting
    the phases from 1, ``rule`` and ``trial_limits``).

    ``frame_or_values`` is a frame with columns ``period`` and ``value`` (and optionally
    ``phase``: a new phase wherever it changes), or the values alone (numbered from 1).
    ``phase_starts``: the periods at which a new phase begins.

    >>> out = xmr([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 9])
    >>> out["signal"].iloc[-1], float(round(out["upper_limit"].iloc[0], 2))
    ('special_cause_high', 4.74)
    """
    if isinstance(frame_or_values, pd.DataFrame):
        missing = {"period", "value"} - set(frame_or_values.columns)
        if missing:
            raise ValueError(f"the series needs the columns period and value (missing {missing})")
        frame = frame_or_values.copy()
    else:
        values = list(frame_or_values)
        frame = pd.DataFrame({"period": range(1, len(values) + 1), "value": values})
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    if frame["value"].isna().any():
        raise ValueError("the series has a missing value")
    if frame["period"].duplicated().any():
        raise ValueError("the series has a period more than once")
    frame = frame.sort_values("period", kind="stable").reset_index(drop=True)
    starts = {str(s) for s in phase_starts}
    new = frame["period"].astype(str).isin(starts).to_numpy().copy()
    if "phase" in frame.columns:
        phase = ["" if pd.isna(v) else str(v) for v in frame["phase"]]
        changed = [k > 0 and phase[k] != phase[k - 1] for k in range(len(phase))]
        new = new | np.array(changed, dtype=bool)
    new[:1] = False
    number = np.cumsum(new)
    parts = []
    for p in np.unique(number):
        rows = np.flatnonzero(number == p)
        part = _phase(frame["value"].to_numpy()[rows])
        part.index = rows
        parts.append(part)
    computed = pd.concat(parts) if parts else _phase(np.array([], dtype=np.float64))
    if "phase" not in frame.columns:
        frame["phase"] = number + 1
    frame["phase_number"] = number + 1
    return pd.concat([frame, computed], axis=1)


# ---- in words -------------------------------------------------------------------------------

_WORDS: Final = {
    Rule.ABOVE_LIMIT: "above the upper process limit",
    Rule.BELOW_LIMIT: "below the lower process limit",
    Rule.RISING: "rising in a row",
    Rule.FALLING: "falling in a row",
    Rule.TWO_OF_THREE_HIGH: "2 of 3 near the upper limit",
    Rule.TWO_OF_THREE_LOW: "2 of 3 near the lower limit",
    Rule.RUN_ABOVE: "above the mean",
    Rule.RUN_BELOW: "below the mean",
}


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def describe_signals(result: pd.DataFrame, *, unit: str = "month") -> list[str]:
    """Every signal of ``xmr``'s result in words, one sentence per run of points that one
    rule flags ("higher than usual: 7 months above the mean since 2024-04"), then a sentence
    for any phase whose limits are only trial limits or missing. No signal says so.
    """
    lines: list[str] = []
    periods = result["period"].astype(str).tolist()
    rules = result["rule"].tolist()
    phases = result["phase_number"].tolist()
    last = len(rules) - 1
    i = 0
    while i <= last:
        rule = Rule(rules[i])
        j = i
        while j < last and rules[j + 1] == rules[i] and phases[j + 1] == phases[i]:
            j += 1
        if rule is not Rule.NONE:
            word = "higher" if rule in _HIGH else "lower"
            n = j - i + 1
            if i == j:
                what = f"{periods[i]} {_WORDS[rule]}"
            else:
                span = f"since {periods[i]}" if j == last else f"{periods[i]} to {periods[j]}"
                what = f"{_plural(n, unit)} {_WORDS[rule]} {span}"
            lines.append(f"{word} than usual: {what}")
        i = j + 1
    if not lines:
        lines.append("no signal: every point within the usual (common cause) variation")
    for _, rows in result.groupby("phase_number", sort=False):
        first, final = str(rows["period"].iloc[0]), str(rows["period"].iloc[-1])
        span = first if first == final else f"{first} to {final}"
        if rows["lower_limit"].isna().all():
            lines.append(
                f"no process limits for {span}: too few points, or all the same "
                f"(limits need at least {MIN_POINTS} points that vary)"
            )
        elif bool(rows["trial_limits"].iloc[0]):
            lines.append(
                f"trial limits for {span}: {_plural(len(rows), 'point')}, fewer than "
                f"{TRIAL_BELOW}, so the limits will move as more are added"
            )
    return lines
