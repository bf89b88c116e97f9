"""An XmR chart as Making Data Count draws it: the series, its mean and process limits, and
special-cause points marked by shape as well as colour (higher: orange triangles up; lower:
purple triangles down), with alt text that states the signals in words.

Drawn from ``stats.spc.xmr``'s result; made without pyplot, like ``charts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..stats.spc import Signal, describe_signals

__all__ = ["SIGNAL_WORDS", "alt_text", "figure", "rows"]

SIGNAL_WORDS: Final = {
    Signal.COMMON_CAUSE: "Usual variation",
    Signal.SPECIAL_CAUSE_HIGH: "Higher than usual",
    Signal.SPECIAL_CAUSE_LOW: "Lower than usual",
}
_LINE: Final = "#0072B2"
_HIGH: Final = "#E69F00"
_LOW: Final = "#CC79A7"


def figure(
    result: pd.DataFrame, *, title: str, unit: str, shade: tuple[str, str] | None = None
) -> Figure:
    """The chart of ``xmr``'s result; ``shade`` (first, last period) greys the reported
    period."""
    periods = result["period"].astype(str).tolist()
    x = np.arange(len(periods))
    fig = Figure(figsize=(8.5, 3.6))
    ax = fig.add_subplot()
    if shade is not None:
        inside = [i for i, p in enumerate(periods) if shade[0] <= p <= shade[1]]
        if inside and len(inside) < len(periods):
            ax.axvspan(inside[0] - 0.5, inside[-1] + 0.5, color="#ececec", zorder=0)
    ax.plot(x, result["value"], color=_LINE, linewidth=1.4, marker="o", markersize=3, zorder=2)
    ax.plot(x, result["mean"], color="#333333", linewidth=1, label="Mean")
    ax.plot(
        x,
        result["upper_limit"],
        color="#555555",
        linewidth=1,
        linestyle="--",
        label="Process limits",
    )
    ax.plot(x, result["lower_limit"], color="#555555", linewidth=1, linestyle="--")
    for signal, colour, marker, name in (
        (Signal.SPECIAL_CAUSE_HIGH, _HIGH, "^", "Higher than usual"),
        (Signal.SPECIAL_CAUSE_LOW, _LOW, "v", "Lower than usual"),
    ):
        at = (result["signal"] == signal).to_numpy()
        if at.any():
            ax.scatter(
                x[at], result["value"][at], color=colour, marker=marker, s=46, zorder=3, label=name
            )
    step = max(1, len(periods) // 12)
    ax.set_xticks(list(x[::step]), periods[::step], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(unit)
    ax.set_ylim(bottom=0)
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.28), ncols=4)
    fig.tight_layout()
    return fig


def alt_text(result: pd.DataFrame, *, what: str, unit: str = "month") -> str:
    """What the chart shows: the span, the range of values, the mean and every signal."""
    values = result["value"]
    periods = result["period"].astype(str)
    signals = "; ".join(describe_signals(result, unit=unit))
    return (
        f"Statistical process control chart of {what}, {periods.iloc[0]} to {periods.iloc[-1]}: "
        f"between {values.min():,.0f} and {values.max():,.0f} a {unit}, mean "
        f"{result['mean'].iloc[-1]:,.1f}. Signals: {signals}."
    )


def rows(result: pd.DataFrame) -> list[Sequence[str]]:
    """The chart's figures as table rows: period, value, mean, limits, signal in words."""

    def num(v: Any, spec: str = ",.1f") -> str:
        return "z" if pd.isna(v) else format(v, spec)

    return [
        [
            str(r.period),
            num(r.value, ",.0f"),
            num(r.mean),
            num(r.lower_limit),
            num(r.upper_limit),
            SIGNAL_WORDS[Signal(str(r.signal))],
        ]
        for r in result.itertuples(index=False)
    ]
