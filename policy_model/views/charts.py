"""Charts of a summary's published tables, for notebooks and the report: stacked bars, bars
and heat maps.

Drawn from the tables ``summarise`` returns, so a withheld count (``<NA>``) is never drawn:
a stacked bar shows the part of its published total that was withheld as a hatched grey
segment, and a heat map cell shows ``c``. Figures are made without pyplot, so drawing does
not depend on (or change) matplotlib's backend; ``png`` turns one into an image for a
notebook, ``save`` writes one to a file. ``REPORT`` is the look of the report's charts.

>>> from policy_model import load_incidents, summarise
>>> s = summarise(load_incidents("data/sample_incidents.csv"))
>>> fig = stacked_bars(s.quarter, "quarter", title="Incidents by quarter and subtype")
>>> png(fig).data[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..stats.conventions import ALL, UNDETERMINED
from .labels import label, published

__all__ = [
    "COLOURS",
    "NOTEBOOK",
    "REPORT",
    "Style",
    "bars",
    "heat_map",
    "label",
    "png",
    "save",
    "stacked_bars",
]

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COLOURS: Final = ("#56B4E9", "#009E73", "#F0E442", "#E69F00", "#D55E00", "#CC79A7", "#0072B2")
_WITHHELD: Final = "#dddddd"
_UNDETERMINED: Final = "#8c8c8c"
"""Incidents whose subtype is not yet determined: a plain mid grey, drawn after the subtypes."""
_FOOTNOTE: Final = "c: withheld (small numbers)"


@dataclasses.dataclass(frozen=True, slots=True)
class Style:
    """How a chart is laid out: sizes, fonts and wording, for a notebook or the report."""

    row_height: float = 0.5
    """Inches per bar of a horizontal chart (plus ``base_height``)."""
    base_height: float = 1.8
    bars_base_height: float = 1.6
    column_height: float = 5.0
    """Height of a chart whose bars stand up (quarters)."""
    value_size: int = 8
    column_value_size: int = 7
    max_column_values: int | None = None
    """Label standing bars with their totals only up to this many bars (None: always)."""
    bar_colour: str = COLOURS[6]
    withheld_label: str = "Withheld (c)"
    withheld_edge: bool = False
    """Draw the withheld segment's hatching in a mid grey, without an outline."""
    fixed_extent: bool = False
    """End the value axis a little after the longest bar (else: matplotlib's margins)."""
    footnote: str = _FOOTNOTE
    footnote_band: float = 0.03
    footnote_on_baseline: bool = True


NOTEBOOK: Final = Style()
REPORT: Final = Style(
    row_height=0.55,
    base_height=1.9,
    column_height=5.5,
    value_size=9,
    column_value_size=8,
    max_column_values=24,
    bar_colour=COLOURS[0],
    withheld_label="Small numbers withheld (c)",
    withheld_edge=True,
    fixed_extent=True,
    footnote_band=0.04,
    footnote_on_baseline=False,
)


def _rows(table: pd.DataFrame, dim: str) -> list[str]:
    return [str(v) for v in dict.fromkeys(table[dim]) if v != ALL]


def _counts(table: pd.DataFrame, dims: tuple[str, str]) -> pd.Series:
    return table.set_index(list(dims))["count"].astype("Float64")


def _count_text(count: Any) -> str:
    """A drawn count: ``c`` where withheld (missing), else the whole number."""
    withheld = bool(pd.isna(count))
    return published(None if withheld else int(count), withheld=withheld)


def _finish(fig: Figure, ax: Any, title: str, style: Style, *, legend: bool) -> Figure:
    ax.set_title(title, loc="left", fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _footnote(fig, style)
    return fig


def _footnote(fig: Figure, style: Style) -> None:
    where: dict[str, Any] = {} if style.footnote_on_baseline else {"va": "bottom"}
    fig.text(0.01, 0.01, style.footnote, fontsize=7, color="#555555", ha="left", **where)
    fig.tight_layout(rect=(0, style.footnote_band, 1, 1))


def _segment(ax: Any, horizontal: bool, start: Any, heights: Any, **look: Any) -> None:
    position = np.arange(len(start))
    if horizontal:
        ax.barh(position, heights, 0.7, left=start, **look)
    else:
        ax.bar(position, heights, 0.7, bottom=start, **look)


def stacked_bars(table: pd.DataFrame, dim: str, *, title: str, style: Style = NOTEBOOK) -> Figure:
    """One bar per value of ``dim`` (columns for quarters, rows otherwise), stacked by subtype."""
    rows = _rows(table, dim)
    subtypes = _rows(table, "subtype")
    counts = _counts(table, (dim, "subtype"))
    horizontal = dim != "quarter"
    fig = Figure(
        figsize=(10, style.base_height + style.row_height * len(rows))
        if horizontal
        else (10, style.column_height)
    )
    ax = fig.add_subplot()
    position = np.arange(len(rows))
    start = np.zeros(len(rows))
    colours = iter(COLOURS)
    for subtype in subtypes:
        colour = _UNDETERMINED if subtype == UNDETERMINED else next(colours, _UNDETERMINED)
        heights = counts.xs(subtype, level="subtype").reindex(rows).fillna(0).to_numpy(float)
        _segment(
            ax, horizontal, start.copy(), heights, color=colour, label=label("subtype", subtype)
        )
        start += heights
    totals = counts.xs(ALL, level="subtype").reindex(rows)
    gap = np.clip(totals.fillna(0).to_numpy(float) - start, 0, None)
    edge = {"edgecolor": "#888888", "linewidth": 0} if style.withheld_edge else {}
    _segment(
        ax,
        horizontal,
        start.copy(),
        gap,
        color=_WITHHELD,
        hatch="///",
        label=style.withheld_label,
        **edge,
    )
    ends = start + gap
    limit = style.max_column_values
    for p, total in enumerate(totals.astype(object)):
        text = _count_text(total)
        if horizontal:
            ax.text(float(ends[p]), p, f" {text}", va="center", fontsize=style.value_size)
        elif limit is None or len(rows) <= limit:
            ax.text(
                p, float(ends[p]), text, ha="center", va="bottom", fontsize=style.column_value_size
            )
    names = [label(dim, r) for r in rows]
    if horizontal:
        ax.set_yticks(position, names)
        ax.invert_yaxis()
        ax.set_xlabel("Incidents")
        if style.fixed_extent:
            ax.set_xlim(0, max(1.0, float(ends.max())) * 1.12)
        else:
            ax.margins(x=0.1)
    else:
        many = len(rows) > 8
        centred = style.fixed_extent and not many
        ax.set_xticks(
            position, names, rotation=45 if many else 0, ha="center" if centred else "right"
        )
        ax.set_ylabel("Incidents")
        if style.fixed_extent:
            ax.margins(y=0.08)
    return _finish(fig, ax, title, style, legend=True)


def bars(table: pd.DataFrame, dim: str, *, title: str, style: Style = NOTEBOOK) -> Figure:
    """One horizontal bar per value of a one-way table."""
    rows = _rows(table, dim)
    counts = table.set_index(dim)["count"].reindex(rows)
    values = counts.astype("Float64").fillna(0).to_numpy(float)
    fig = Figure(figsize=(10, style.bars_base_height + style.row_height * len(rows)))
    ax = fig.add_subplot()
    position = np.arange(len(rows))
    colours = [_UNDETERMINED if r == UNDETERMINED else style.bar_colour for r in rows]
    ax.barh(position, values, 0.7, color=colours)
    for p, count in enumerate(counts.astype(object)):
        ax.text(float(values[p]), p, f" {_count_text(count)}", va="center", fontsize=9)
    ax.set_yticks(position, [label(dim, r) for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("Incidents")
    if style.fixed_extent:
        ax.set_xlim(0, max(1.0, float(values.max())) * 1.15)
    else:
        ax.margins(x=0.12)
    return _finish(fig, ax, title, style, legend=False)


def heat_map(
    table: pd.DataFrame, rows_dim: str, columns_dim: str, *, title: str, style: Style = NOTEBOOK
) -> Figure:
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
        text = _count_text(value)
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
    _footnote(fig, style)
    return fig


def save(fig: Figure, path: Path, *, dpi: int = 150) -> None:
    """Write the figure as a PNG file."""
    fig.savefig(path, dpi=dpi)


def png(fig: Figure, *, dpi: int = 100) -> Any:
    """The figure as an ``IPython.display.Image``, without the version stamp matplotlib adds."""
    from IPython.display import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return Image(data=buffer.getvalue(), format="png")  # type: ignore[no-untyped-call]
