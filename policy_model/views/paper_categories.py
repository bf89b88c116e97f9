"""The board paper's month-by-month XmR charts, all incidents and by category, each with its
signals in words and its table, from ``stats.board``'s series.

``stats.board`` publishes a series only when none of its months is a small number (a month
would be drawn); the others are named with the reason. Each published series is read back
through ``spc.xmr`` (the same figures, with the phases and rules the charts and the words
need).
"""

from __future__ import annotations

import html
from typing import Final

import pandas as pd

from ..model.vocab import Category
from ..stats.board import Board
from ..stats.conventions import ALL, UNDETERMINED
from ..stats.spc import describe_signals, xmr
from . import paper_html as h
from . import spc_table, stats_charts
from .labels import label

__all__ = ["SERIES", "category_section", "not_shown", "period_signals", "series_results"]

SERIES: Final = (ALL, *(c.value for c in Category), UNDETERMINED)
_COLUMNS: Final = ["Month", "Incidents", "Mean", "Lower limit", "Upper limit", "Signal"]


def series_results(board: Board) -> dict[str, pd.DataFrame]:
    """Each published series' XmR result, by series (``all`` or a category slug)."""
    out = {}
    for series in SERIES:
        rows = board.spc[board.spc["series"] == series]
        if len(rows):
            out[series] = xmr(rows[["period", "value"]].reset_index(drop=True))
    return out


def not_shown(board: Board) -> dict[str, str]:
    """Each series not published, and why."""
    said = board.signals
    rows = said[said["sentence"].astype(str).str.startswith("not shown")]
    return dict(zip(rows["series"].astype(str), rows["sentence"].astype(str), strict=True))


def _name(series: str) -> str:
    return "All" if series == ALL else label("category", series)


def period_signals(
    results: dict[str, pd.DataFrame], start: str | None, end: str | None
) -> list[str]:
    """The signals of every published series in the months ``start`` to ``end`` (all the
    file when None), each named by its series; a sentence when there is none."""
    out = []
    for series, result in results.items():
        rows = result
        if start is not None and end is not None:
            period = result["period"].astype(str)
            rows = result[(period >= start) & (period <= end)]
        said = [s for s in describe_signals(rows) if "than usual" in s] if len(rows) else []
        out += [f"{_name(series)}: {s}" for s in said]
    return out or ["no signal: every month within the usual (common cause) variation"]


def chart(series: str, result: pd.DataFrame) -> str:
    """One series' signals in words, its XmR chart and its table."""
    name = _name(series)
    title = "All incidents" if series == ALL else f"{name} incidents"
    items = "".join(
        f"<li>{html.escape(w[0].upper() + w[1:])}.</li>" for w in describe_signals(result)
    )
    return (
        f"<ul>{items}</ul>"
        + h.figure(
            stats_charts.spc_chart(result, title=f"{title} reported each month"),
            alt=stats_charts.spc_alt_text(result, what=f"{title} reported each month"),
            caption=f"{title} reported each month, whole file, with the mean and "
            "process limits (dashed).",
        )
        + h.table(
            spc_table.rows(result),
            _COLUMNS,
            caption=f"{title} reported each month, with the process limits",
        )
    )


def category_section(results: dict[str, pd.DataFrame], hidden: dict[str, str]) -> str:
    """A chart for each category published; the others named, with the reason."""
    parts = [h.heading(_name(s), 3) + chart(s, r) for s, r in results.items() if s != ALL]
    skipped = [f"{_name(s)} ({why})" for s, why in hidden.items() if s != ALL]
    note = h.paragraphs("Not drawn: " + "; ".join(skipped) + ".") if skipped else ""
    return h.heading("Month by month, by category") + note + "".join(parts)
