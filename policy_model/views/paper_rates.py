"""The board paper's rates per 10,000 children, areas compared (a funnel plot), and counts as
ranges while facts are not known: each as accessible HTML.

Drawn from ``stats.rates``, ``stats.funnel`` and ``stats.ranges``; labels, never slugs.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Final

import pandas as pd

from ..stats.conventions import ALL, NOT_KNOWN, SUPPRESSED
from ..stats.funnel import Funnel
from . import paper_html as h
from .labels import label
from .stats_charts import funnel_alt_text, funnel_chart

__all__ = [
    "funnel_section",
    "range_column",
    "rate_headline",
    "rates_section",
]

_DIMENSION: Final = {ALL: "All children", "age_band": "Age", "sex": "Sex", "area": "Area"}
_SEX: Final = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not known"}
_POSITION: Final = {
    "within": "Within the limits",
    "above_95": "Above the 95% limit",
    "below_95": "Below the 95% limit",
    "above_99_8": "Above the 99.8% limit",
    "below_99_8": "Below the 99.8% limit",
}
_MARKER: Final = {
    "": "",
    "u": "u (low reliability: fewer than 20 incidents)",
    "x": "x (not calculated: fewer than 3 incidents)",
    "c": "c (withheld)",
    "z": "z (no matching population)",
}


def _number(value: Any, spec: str) -> str:
    return "" if value is None or pd.isna(value) else format(value, spec)


def _group(dimension: str, group: str) -> str:
    if dimension == ALL:
        return "Children aged 0 to 17"
    if group == NOT_KNOWN:
        return "Not known"
    if dimension == "sex":
        return _SEX.get(group, group.replace("_", " ").capitalize())
    if dimension == "age_band":
        return label("age_band", group)
    return group


def rate_headline(rates: pd.DataFrame) -> str:
    """The headline rate, in a sentence: the rate, its interval and any marker."""
    row = rates[rates["dimension"] == ALL].iloc[0]
    marker = str(row["marker"] or "")
    if pd.isna(row["rate_per_10000"]):
        return (
            f"Rate per 10,000 children aged 0 to 17: not published ({_MARKER.get(marker, marker)})."
        )
    note = f"; {_MARKER[marker]}" if marker in ("u",) else ""
    return (
        f"Rate: {row['rate_per_10000']:.1f} incidents per 10,000 children aged 0 to 17 "
        f"(95% interval {row['lower_95']:.1f} to {row['upper_95']:.1f}){note}."
    )


def rates_section(rates: pd.DataFrame, notes: Sequence[str]) -> str:
    """The rates table (overall, by age, sex and area) with what it counts and leaves out."""
    rows = []
    for r in rates.itertuples(index=False):
        dim, group = str(r.dimension), str(r.group)
        withheld = str(r.marker) == SUPPRESSED
        rows.append(
            [
                _DIMENSION.get(dim, dim),
                _group(dim, group),
                SUPPRESSED if withheld else _number(r.incidents, ","),
                _number(r.population, ",.0f") or "z",
                _number(r.rate_per_10000, ".1f"),
                _number(r.lower_95, ".1f"),
                _number(r.upper_95, ".1f"),
                _MARKER.get(str(r.marker or ""), str(r.marker)),
            ]
        )
    return (
        h.heading("Rates per 10,000 children")
        + "<ul>"
        + "".join(f"<li>{html.escape(n[0].upper() + n[1:])}.</li>" for n in notes)
        + "</ul>"
        + h.table(
            rows,
            [
                "Group",
                "",
                "Incidents",
                "Children",
                "Rate per 10,000",
                "Lower 95%",
                "Upper 95%",
                "Note",
            ],
            caption="Incidents per 10,000 children aged 0 to 17, with exact Poisson 95% intervals",
            row_headers=2,
        )
    )


def funnel_section(f: Funnel) -> str:
    """The funnel plot, the areas outside the 99.8% limits, and every plotted area's figures;
    an area whose count is withheld is neither plotted nor named."""
    if f.areas.empty:
        return ""
    outside = f.outside()
    named = "; ".join(
        f"{a.area} ({_POSITION[str(a.position)].lower()})" for a in outside.itertuples(index=False)
    )
    alt = funnel_alt_text(f)
    rows = [
        [
            str(a.area),
            f"{a.incidents:,}",
            f"{a.population:,.0f}",
            f"{a.rate_per_10000:.1f}",
            _POSITION[str(a.position)],
        ]
        for a in f.areas.itertuples(index=False)
    ]
    left_out = (
        f" {f.not_shown} areas are not shown: their counts are withheld or too small for a rate."
        if f.not_shown
        else ""
    )
    return (
        h.heading("Areas compared")
        + h.paragraphs(
            "A funnel plot (Spiegelhalter 2005, exact Poisson limits): an area outside the "
            "99.8% limits differs from the rate for all children by more than chance would "
            "usually explain; between the 95% and 99.8% limits it may." + left_out,
            "Outside the 99.8% limits: " + (named or "none") + ".",
        )
        + h.figure(
            funnel_chart(f, title="Areas compared: rates against population"),
            alt=alt,
            caption=f"Areas compared, {f.period}.",
        )
        + h.table(
            rows,
            ["Area", "Incidents", "Children", "Rate per 10,000", "Position"],
            caption="Rates by area",
        )
    )


def range_column(
    table: pd.DataFrame, withheld: pd.DataFrame, ranges: pd.DataFrame, dimension: str
) -> list[str]:
    """For each row of a summary table, the most it could reach once open facts are known:
    published only where the table publishes the settled count and ``ranges`` the upper end;
    ``z`` for the not-yet-determined and total rows."""
    mine = ranges[ranges["dimension"] == dimension].set_index("group")["up_to"]
    out = []
    for value, gone in zip(
        table[dimension].astype(str), withheld["count"].to_numpy(dtype=bool), strict=True
    ):
        if value not in mine.index or value in (ALL, "undetermined"):
            out.append("z")
        elif gone or pd.isna(mine[value]):
            out.append(SUPPRESSED)
        else:
            out.append(f"{mine[value]:,}")
    return out
