"""Charts of a summary's published tables, for notebooks: stacked bars, bars and heat maps.

Drawn from the tables ``summarise`` returns, so a withheld count (``<NA>``) is never drawn:
a stacked bar shows the part of its published total that was withheld as a hatched grey
segment, and a heat map cell shows ``c``. Figures are made without pyplot, so drawing does
not depend on (or change) the notebook's matplotlib backend; ``png`` turns one into an image.

>>> from policy_model import load_incidents, summarise
>>> s = summarise(load_incidents("data/sample_incidents.csv"))
>>> fig = stacked_bars(s.quarter, "quarter", title="Incidents by quarter and subtype")
>>> png(fig).data[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import io
from typing import Any, Final

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..stats import disclosure, summary
from .report import LABELS

__all__ = ["COLOURS", "bars", "heat_map", "label", "png", "stacked_bars"]

# Okabe-Ito: distinguishable with the common colour-vision deficiencies (as the report's).
COLOURS: Final = ("#56B4E9", "#009E73", "#F0E442", "#E69F00", "#D55E00", "#CC79A7", "#0072B2")
_WITHHELD: Final = "#dddddd"
_LABELS: Final = {**LABELS, "recorded_subtype": LABELS["subtype"]}


def label(dim: str, value: str) -> str:
    """The plain-English label of a slug (the slug itself if it has none)."""
    return _LABELS.get(dim, {}).get(value, value)


def _rows(table: pd.DataFrame, dim: str) -> list[str]:
    return [str(v) for v in dict.fromkeys(table[dim]) if v != summary.ALL]


def _counts(table: pd.DataFrame, dims: tuple[str, str]) -> pd.Series:
    return table.set_index(list(dims))["count"].astype("Float64")


def _finish(fig: Figure, ax: Any, title: str, *, legend: bool) -> Figure:
    ax.set_title(title, loc="left", fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.text(0.01, 0.01, "c: withheld (small numbers)", fontsize=7, color="#555555", ha="left")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def _segment(ax: Any, horizontal: bool, start: Any, heights: Any, **style: Any) -> None:
    position = np.arange(len(start))
    if horizontal:
        ax.barh(position, heights, 0.7, left=start, **style)
    else:
        ax.bar(position, heights, 0.7, bottom=start, **style)


def stacked_bars(table: pd.DataFrame, dim: str, *, title: str) -> Figure:
    """One bar per value of ``dim`` (columns for quarters, rows otherwise), stacked by subtype."""
    rows = _rows(table, dim)
    subtypes = _rows(table, "subtype")
    counts = _counts(table, (dim, "subtype"))
    horizontal = dim != "quarter"
    fig = Figure(figsize=(10, 5) if not horizontal else (10, 1.8 + 0.5 * len(rows)))
    ax = fig.add_subplot()
    position = np.arange(len(rows))
    start = np.zeros(len(rows))
    for colour, subtype in zip(COLOURS, subtypes, strict=False):
        heights = counts.xs(subtype, level="subtype").reindex(rows).fillna(0).to_numpy(float)
        _segment(
            ax, horizontal, start.copy(), heights, color=colour, label=label("subtype", subtype)
        )
        start += heights
    totals = counts.xs(summary.ALL, level="subtype").reindex(rows)
    gap = np.clip(totals.fillna(0).to_numpy(float) - start, 0, None)
    _segment(ax, horizontal, start.copy(), gap, color=_WITHHELD, hatch="///", label="Withheld (c)")
    for p, total in enumerate(totals.astype(object)):
        text = disclosure.SUPPRESSED if pd.isna(total) else f"{int(total):,}"
        end = float(start[p] + gap[p])
        if horizontal:
            ax.text(end, p, f" {text}", va="center", fontsize=8)
        else:
            ax.text(p, end, text, ha="center", va="bottom", fontsize=7)
    names = [label(dim, r) for r in rows]
    if horizontal:
        ax.set_yticks(position, names)
        ax.invert_yaxis()
        ax.set_xlabel("Incidents")
        ax.margins(x=0.1)
    else:
        ax.set_xticks(position, names, rotation=45 if len(rows) > 8 else 0, ha="right")
        ax.set_ylabel("Incidents")
    return _finish(fig, ax, title, legend=True)


def bars(table: pd.DataFrame, dim: str, *, title: str) -> Figure:
    """One horizontal bar per value of a one-way table."""
    rows = _rows(table, dim)
    counts = table.set_index(dim)["count"].reindex(rows)
    values = counts.astype("Float64").fillna(0).to_numpy(float)
    fig = Figure(figsize=(10, 1.6 + 0.5 * len(rows)))
    ax = fig.add_subplot()
    position = np.arange(len(rows))
    ax.barh(position, values, 0.7, color=COLOURS[6])
    for p, count in enumerate(counts.astype(object)):
        text = disclosure.SUPPRESSED if pd.isna(count) else f"{int(count):,}"
        ax.text(values[p], p, f" {text}", va="center", fontsize=9)
    ax.set_yticks(position, [label(dim, r) for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("Incidents")
    ax.margins(x=0.12)
    return _finish(fig, ax, title, legend=False)


def heat_map(table: pd.DataFrame, rows_dim: str, columns_dim: str, *, title: str) -> Figure:
    """Counts of a two-way table as a grid of shaded cells, each with its number (or ``c``)."""
    rows, columns = _rows(table, rows_dim), _rows(table, columns_dim)
    grid = (
        _counts(table, (rows_dim, columns_dim))
        .unstack(columns_dim)
        .reindex(index=rows, columns=columns)
        .astype("float64")
    )
    values = grid.to_numpy()
    fig = Figure(figsize=(10, 1.8 + 0.55 * len(rows)))
    ax = fig.add_subplot()
    shown = np.ma.masked_invalid(values)
    ax.imshow(shown, cmap="Blues", aspect="auto", vmin=0)
    ax.set_facecolor(_WITHHELD)
    top = np.nanmax(values) if np.isfinite(values).any() else 1.0
    for (i, j), value in np.ndenumerate(values):
        text = disclosure.SUPPRESSED if np.isnan(value) else f"{int(value):,}"
        dark = not np.isnan(value) and value > 0.6 * top
        ax.text(
            j, i, text, ha="center", va="center", fontsize=9, color="white" if dark else "black"
        )
    ax.set_xticks(np.arange(len(columns)), [label(columns_dim, c) for c in columns])
    ax.tick_params(axis="x", labelrotation=30)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    ax.set_yticks(np.arange(len(rows)), [label(rows_dim, r) for r in rows])
    ax.set_xlabel(label("dims", columns_dim) if columns_dim != "subtype" else "Subtype (model)")
    ax.spines[:].set_visible(False)
    ax.set_title(title, loc="left", fontsize=12)
    fig.text(0.01, 0.01, "c: withheld (small numbers)", fontsize=7, color="#555555", ha="left")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def png(fig: Figure, *, dpi: int = 100) -> Any:
    """The figure as an ``IPython.display.Image``, without the version stamp matplotlib adds."""
    from IPython.display import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return Image(data=buffer.getvalue(), format="png")  # type: ignore[no-untyped-call]
