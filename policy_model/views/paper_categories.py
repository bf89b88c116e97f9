"""The board paper's month-by-month XmR charts by category, each with its signals in words
and its table; a category is drawn only when no month of it is a small number (a month would
be drawn, so none may be one that disclosure control withholds).

>>> frame = pd.DataFrame({"reported_month": pd.PeriodIndex(["2024-01", "2024-03"], freq="M"),
...                       "category": ["aggravated", "aggravated"]})
>>> monthly_by_category(frame).loc["2024-02", "aggravated"]
np.int64(0)
"""

from __future__ import annotations

import html
from typing import Final

import pandas as pd

from ..model.vocab import Category
from ..stats.conventions import UNDETERMINED
from ..stats.spc import describe_signals, xmr
from . import paper_html as h
from . import spc_table, stats_charts
from .labels import label

__all__ = ["CATEGORIES", "category_section", "category_signals", "monthly_by_category"]

CATEGORIES: Final = (*(c.value for c in Category), UNDETERMINED)


def monthly_by_category(frame: pd.DataFrame) -> pd.DataFrame:
    """Incidents a month by category (columns), every month from the first to the last."""
    months = frame["reported_month"]
    index = pd.period_range(months.min(), months.max(), freq="M")
    counts = (
        pd.crosstab(months, frame["category"].astype("string"))
        .reindex(index=index, columns=list(CATEGORIES), fill_value=0)
        .fillna(0)
        .astype("int64")
    )
    counts.index = counts.index.astype(str)
    return counts


def _series(counts: pd.DataFrame, category: str, threshold: int) -> pd.DataFrame | None:
    values = counts[category]
    if ((values >= 1) & (values <= threshold)).any() or (values == 0).all():
        return None
    return xmr(pd.DataFrame({"period": counts.index, "value": values.to_numpy()}))


def category_signals(
    counts: pd.DataFrame, threshold: int, start: str | None, end: str | None
) -> list[str]:
    """Each drawn category's signals in the months from ``start`` to ``end``."""
    out = []
    for category in CATEGORIES:
        result = _series(counts, category, threshold)
        if result is None:
            continue
        if start is not None and end is not None:
            period = result["period"].astype(str)
            result = result[(period >= start) & (period <= end)]
        said = [s for s in describe_signals(result) if "than usual" in s] if len(result) else []
        if said:
            out.append(f"{label('category', category)}: " + "; ".join(said))
    return out


def category_section(counts: pd.DataFrame, threshold: int) -> str:
    """A chart, its signals and its table for each category with no small month; the others
    named, with the reason they are not drawn."""
    parts, skipped = [], []
    for category in CATEGORIES:
        name = label("category", category)
        result = _series(counts, category, threshold)
        if result is None:
            skipped.append(name)
            continue
        words = describe_signals(result)
        items = "".join(f"<li>{html.escape(w[0].upper() + w[1:])}.</li>" for w in words)
        parts.append(
            h.heading(name, 3)
            + f"<ul>{items}</ul>"
            + h.figure(
                stats_charts.spc_chart(result, title=f"{name}: incidents reported each month"),
                alt=stats_charts.spc_alt_text(result, what=f"{name} incidents each month"),
                caption=f"{name}: incidents reported each month, whole file.",
            )
            + h.table(
                spc_table.rows(result),
                ["Month", "Incidents", "Mean", "Lower limit", "Upper limit", "Signal"],
                caption=f"{name}: incidents reported each month, with the process limits",
            )
        )
    note = (
        h.paragraphs(
            "Not drawn, because some months have small numbers that are withheld: "
            + ", ".join(skipped)
            + "."
        )
        if skipped
        else ""
    )
    return h.heading("Month by month, by category") + note + "".join(parts)
