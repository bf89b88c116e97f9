"""Charts for a board: an XmR (SPC) chart, a funnel plot of areas, and range bars of what is
settled and what is still possible.

Drawn without pyplot (as ``charts``), in the Okabe-Ito colours, each with labelled axes and
units; a withheld value is never drawn: a range whose end is withheld shows ``c`` and a
withheld area is not on the funnel. ``alt_text`` of each says what the chart shows.
"""

from __future__ import annotations

import textwrap
from typing import Final

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..stats.funnel import Funnel
from ..stats.ranges import sentence
from ..stats.spc import describe_signals
from .charts import COLOURS
from .labels import label

__all__ = [
    "funnel_alt_text",
    "funnel_chart",
    "range_alt_text",
    "range_bars",
    "spc_alt_text",
    "spc_chart",
]

_HIGH: Final = COLOURS[3]  # orange
_LOW: Final = COLOURS[6]  # blue
_COMMON: Final = "#7f7f7f"
_LIMIT: Final = "#555555"


def _positions(periods: pd.Series) -> tuple[np.ndarray, list[str]]:
    labels = [str(p) for p in periods]
    return np.arange(len(labels)), labels


def spc_chart(result: pd.DataFrame, *, title: str, y_label: str = "Incidents a month") -> Figure:
    """``spc.xmr``'s result as an XmR chart: the values, the mean and the process limits of
    each phase, special-cause points coloured (orange higher, blue lower)."""
    fig = Figure(figsize=(9, 4.2))
    ax = fig.add_subplot()
    x, labels = _positions(result["period"])
    ax.plot(x, result["value"], color=_COMMON, linewidth=1.2, zorder=2)
    for _, rows in result.groupby("phase_number", sort=False):
        xs = x[rows.index.to_numpy()]
        ax.plot(
            xs, rows["mean"], color="#000000", linewidth=1, label="Mean" if xs[0] == 0 else None
        )
        for edge in ("lower_limit", "upper_limit"):
            ax.plot(
                xs, rows[edge], color=_LIMIT, linewidth=1, linestyle="--",
                label="Process limits" if (xs[0] == 0 and edge == "upper_limit") else None,
            )  # fmt: skip
    colour = result["signal"].map(
        {"special_cause_high": _HIGH, "special_cause_low": _LOW, "common_cause": _COMMON}
    )
    for signal, name, mark in (
        ("common_cause", "Common cause", "o"),
        ("special_cause_high", "Higher than usual (special cause)", "^"),
        ("special_cause_low", "Lower than usual (special cause)", "v"),
    ):
        hit = (result["signal"] == signal).to_numpy()
        if hit.any():
            ax.scatter(x[hit], result["value"][hit], color=colour[hit], marker=mark, s=28,
                       zorder=3, label=name)  # fmt: skip
    step = max(1, len(labels) // 12)
    ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=8)
    ax.set_xlabel("Month reported")
    ax.set_ylabel(y_label)
    ax.set_title(title, loc="left", fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def spc_alt_text(result: pd.DataFrame, *, what: str) -> str:
    """What the SPC chart shows, in words: the span, the mean and every signal."""
    first, last = str(result["period"].iloc[0]), str(result["period"].iloc[-1])
    mean = float(result["mean"].iloc[-1])
    said = "; ".join(describe_signals(result))
    return (
        f"XmR chart of {what}, {first} to {last}, latest mean {mean:.1f}, "
        f"with process limits. {said[0].upper()}{said[1:]}."
    )


def funnel_chart(f: Funnel, *, title: str) -> Figure:
    """The areas' rates against their child populations, with the target and the 95% and
    99.8% limits; every area shown is labelled (a withheld one is not shown)."""
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    curves = f.curves()
    ax.axhline(f.target, color="#000000", linewidth=1, label=f"All children: {f.target:.1f}")
    for name, style, text in (("95", ":", "95% limits"), ("99_8", "--", "99.8% limits")):
        ax.plot(
            curves["population"], curves[f"upper_{name}"], color=_LIMIT, linestyle=style, label=text
        )
        ax.plot(curves["population"], curves[f"lower_{name}"], color=_LIMIT, linestyle=style)
    ax.scatter(f.areas["population"], f.areas["rate_per_10000"], color=COLOURS[6], s=36, zorder=3,
               label="Area")  # fmt: skip
    for _, row in f.areas.iterrows():
        ax.annotate(str(row["area"]), (row["population"], row["rate_per_10000"]),
                    textcoords="offset points", xytext=(6, 4), fontsize=8)  # fmt: skip
    ax.set_xlabel("Children aged 0-17 in the area (mid-year estimate)")
    ax.set_ylabel("Incidents per 10,000 children aged 0-17")
    ax.set_title(title, loc="left", fontsize=12)
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    if f.not_shown:
        fig.text(0.01, 0.01, f"{f.not_shown} area(s) not shown: count withheld or too small",
                 fontsize=7, color="#555555")  # fmt: skip
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def funnel_alt_text(f: Funnel) -> str:
    """What the funnel plot shows: how many areas, the target, and which lie outside 99.8%."""
    out = f.outside()
    named = ", ".join(
        f"{area} ({str(position).split('_')[0]})"
        for area, position in zip(out["area"], out["position"], strict=True)
    )
    outside = f"outside the 99.8% limits: {named}" if named else "none outside the 99.8% limits"
    return (
        f"Funnel plot of {len(f.areas)} areas' rates per 10,000 children against their "
        f"populations, {f.period}, around the all-children rate of {f.target:.1f}; {outside}."
    )


def range_bars(table: pd.DataFrame, dimension: str, *, title: str) -> Figure:
    """``ranges``' rows of one dimension as bars: settled solid, up to as a lighter extension;
    a withheld end is marked ``c`` and not drawn."""
    rows = table[(table["dimension"] == dimension) & (table["group"] != "undetermined")]
    fig = Figure(figsize=(10, 2.2 + 0.6 * len(rows)))
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    names = [textwrap.fill(label(dimension, str(g)), 36) for g in rows["group"]]
    settled = rows["settled"].astype("Float64").fillna(0).to_numpy(dtype=float)
    up_to = rows["up_to"].astype("Float64")
    ax.barh(y, settled, 0.6, color=COLOURS[6], label="Settled")
    extension = (up_to.fillna(0).to_numpy(dtype=float) - settled).clip(min=0)
    ax.barh(y, extension, 0.6, left=settled, color=COLOURS[0], alpha=0.5, hatch="//",
            edgecolor="#555555", linewidth=0, label="Still possible (up to)")  # fmt: skip
    widest = float(np.nanmax(np.r_[settled + extension, 1]))
    ends = settled + extension
    for yi, end, s, u in zip(y, ends, rows["settled"], up_to, strict=True):
        text = sentence("", s, u).lstrip(": ")
        ax.text(end + widest * 0.02, yi, text, va="center", fontsize=8)
    ax.set_yticks(y, names, fontsize=9)
    ax.set_xlim(0, widest * 1.35)
    ax.set_xlabel("Incidents")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    fig.text(0.01, 0.01, "c: withheld (small numbers)", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def range_alt_text(table: pd.DataFrame, dimension: str) -> str:
    """The range bars in words: every group's settled count and how high it could go."""
    rows = table[(table["dimension"] == dimension) & (table["group"] != "undetermined")]
    parts = [
        sentence(label(dimension, str(g)), s, u)
        for g, s, u in zip(rows["group"], rows["settled"], rows["up_to"], strict=True)
    ]
    return (
        f"Incidents by {dimension}, settled and up to how many once open facts are known: "
        + "; ".join(parts)
        + "."
    )
