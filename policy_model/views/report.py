"""The summary as a board-paper report: Markdown tables and PNG charts of published values only.

Charts are drawn from the protected tables, never from raw counts: a withheld count is not
drawn, and where a bar's published total is larger than its drawn parts, the difference is
shown as a hatched "withheld" segment (a reader could work it out from the tables anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
import pandas as pd

from ..model.guidance import PATHWAY, TYPOLOGY
from ..stats import disclosure, summary

__all__ = ["CHARTS", "LABELS", "label", "write_report"]

LABELS: Final[dict[str, dict[str, str]]] = {
    "subtype": {o.id: o.label for o in TYPOLOGY.outcomes},
    "pathway": {o.id: o.label for o in PATHWAY.outcomes},
    "category": {
        "experimental": "Experimental",
        "aggravated": "Aggravated",
        "not_youth_produced": "Not youth produced (18+)",
    },
    "age_band": {slug: text for slug, text, _, _ in summary.AGE_BANDS},
    "agency": {
        "school": "School",
        "college": "College",
        "police": "Police",
        "childrens_social_care": "Children's social care",
        "health": "Health",
        "youth_service": "Youth service",
        "other": "Other agency",
    },
    "platform": {
        "snapchat": "Snapchat",
        "instagram": "Instagram",
        "whatsapp": "WhatsApp",
        "tiktok": "TikTok",
        "other_app": "Other app",
        "unknown": "Not known",
    },
    "gender": {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not known"},
}
"""Plain-English labels for the slugs, for readers of the report."""

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
_COLOURS: Final = ("#56B4E9", "#009E73", "#F0E442", "#E69F00", "#D55E00", "#CC79A7", "#0072B2")
_WITHHELD_COLOUR: Final = "#dddddd"

FloatArray = npt.NDArray[np.float64]

CHARTS: Final = (
    ("subtype_by_quarter", "quarter", "Incidents by quarter and subtype"),
    ("subtype_by_age_band", "age_band", "Incidents by age of the youngest person pictured"),
    ("subtype_by_agency", "agency", "Incidents by the agency that recorded them"),
    ("subtype_by_platform", "platform", "Incidents by platform"),
    ("pathway", "pathway", "Incidents by response pathway"),
)


def label(dim: str, value: str) -> str:
    """The reader's label of a slug (the slug itself if it has none); ``all`` is "All"."""
    if value == summary.ALL:
        return "All incidents"
    return LABELS.get(dim, {}).get(value, value)


def _cell(value: object, withheld: bool) -> str:
    if withheld:
        return disclosure.SUPPRESSED
    if value is pd.NA or value is None or (isinstance(value, float) and np.isnan(value)):
        return summary.NOT_APPLICABLE
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _wide(
    table: pd.DataFrame, withheld: pd.DataFrame, dim: str, value: str = "count"
) -> pd.DataFrame:
    """A dimension x subtype table as rows x columns of published text."""
    text = [
        _cell(v, bool(w)) for v, w in zip(table[value].astype(object), withheld[value], strict=True)
    ]
    shown = table[[dim, "subtype"]].assign(text=text)
    wide = shown.pivot(index=dim, columns="subtype", values="text")
    return wide.loc[list(dict.fromkeys(table[dim])), list(dict.fromkeys(table["subtype"]))]


def _markdown(frame: pd.DataFrame, dim: str, columns_dim: str = "subtype") -> str:
    heads = [dim.replace("_", " ").capitalize()]
    heads += [label(columns_dim, c) if c != summary.ALL else "All" for c in frame.columns]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" + "---:|" * len(frame.columns)]
    for index, row in frame.iterrows():
        cells = [label(dim, str(index)), *(str(v) for v in row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _one_way(table: pd.DataFrame, withheld: pd.DataFrame, dim: str) -> str:
    lines = [f"| {dim.replace('_', ' ').capitalize()} | Incidents | Percent |", "|---|---:|---:|"]
    for value, count, percent, count_gone, percent_gone in zip(
        table[dim],
        table["count"].astype(object),
        table["percent"].astype(object),
        withheld["count"],
        withheld["percent"],
        strict=True,
    ):
        lines.append(
            f"| {label(dim, str(value))} | {_cell(count, bool(count_gone))} "
            f"| {_cell(percent, bool(percent_gone))} |"
        )
    return "\n".join(lines)


# ---- charts ----------------------------------------------------------------------------------


def _segment(
    ax: Any, horizontal: bool, start: FloatArray, heights: FloatArray, **style: Any
) -> None:
    position = np.arange(len(start))
    if horizontal:
        ax.barh(position, heights, 0.7, left=start, **style)
    else:
        ax.bar(position, heights, 0.7, bottom=start, **style)


def _stacked(table: pd.DataFrame, dim: str, title: str, footnote: str, path: Path) -> None:
    rows = [r for r in dict.fromkeys(table[dim]) if r != summary.ALL]
    subtypes = [s for s in dict.fromkeys(table["subtype"]) if s != summary.ALL]
    counts = table.set_index([dim, "subtype"])["count"].astype("Float64").fillna(0)
    totals = table.set_index([dim, "subtype"])["count"].xs(summary.ALL, level="subtype")
    horizontal = dim != "quarter"
    fig, ax = plt.subplots(figsize=(10, 5.5) if not horizontal else (10, 1.9 + 0.55 * len(rows)))
    bottom = np.zeros(len(rows))
    for colour, subtype in zip(_COLOURS, subtypes, strict=False):
        heights: FloatArray = np.asarray(
            counts.xs(subtype, level="subtype").reindex(rows), dtype=np.float64
        )
        _segment(
            ax, horizontal, bottom.copy(), heights, color=colour, label=label("subtype", subtype)
        )
        bottom += heights
    published = totals.reindex(rows).astype("Float64").fillna(0).to_numpy(dtype=float)
    gap = np.clip(published - bottom, 0, None)
    _segment(
        ax,
        horizontal,
        bottom.copy(),
        gap,
        color=_WITHHELD_COLOUR,
        hatch="///",
        edgecolor="#888888",
        linewidth=0,
        label="Small numbers withheld (c)",
    )
    ends = bottom + gap
    for p, total in enumerate(totals.reindex(rows).astype(object)):
        text = disclosure.SUPPRESSED if pd.isna(total) else f"{int(total):,}"
        if horizontal:
            ax.text(float(ends[p]), p, f" {text}", va="center", fontsize=9)
        elif len(rows) <= 24:
            ax.text(p, float(ends[p]), text, ha="center", va="bottom", fontsize=8)
    names = [label(dim, r) for r in rows]
    position = np.arange(len(rows))
    if horizontal:
        ax.set_yticks(position, names)
        ax.invert_yaxis()
        ax.set_xlabel("Incidents")
        ax.set_xlim(0, max(1.0, float(ends.max())) * 1.12)
    else:
        ax.set_xticks(
            position,
            names,
            rotation=45 if len(rows) > 8 else 0,
            ha="right" if len(rows) > 8 else "center",
        )
        ax.set_ylabel("Incidents")
        ax.margins(y=0.08)
    _finish(fig, ax, title, footnote, path, legend=True)


def _finish(fig: Any, ax: Any, title: str, footnote: str, path: Path, *, legend: bool) -> None:
    ax.set_title(title, loc="left", fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.text(0.01, 0.01, footnote, fontsize=7, color="#555555", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, dpi=150)
    plt.close(fig)


def _bars(table: pd.DataFrame, dim: str, title: str, footnote: str, path: Path) -> None:
    rows = table[table[dim] != summary.ALL]
    names = [label(dim, v) for v in rows[dim]]
    values = rows["count"].astype("Float64").fillna(0).to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.55 * len(rows)))
    position = np.arange(len(rows))
    ax.barh(position, values, 0.7, color=_COLOURS[0])
    for p, (count, v) in enumerate(zip(rows["count"].astype(object), values, strict=True)):
        ax.text(
            float(v),
            p,
            f" {disclosure.SUPPRESSED if pd.isna(count) else f'{int(count):,}'}",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(position, names)
    ax.invert_yaxis()
    ax.set_xlabel("Incidents")
    ax.set_xlim(0, max(1.0, float(values.max())) * 1.15)
    _finish(fig, ax, title, footnote, path, legend=False)


# ---- the report ------------------------------------------------------------------------------


def _latest_trend(s: summary.Summary) -> str:
    trends = s.trends
    if trends.empty:
        return "There is not yet a full quarter before the latest one to compare with."
    latest = trends["quarter"].iloc[-1]
    lines = [
        f"Latest quarter: **{latest}**, compared with the quarter before and the same quarter "
        "a year earlier.",
        "",
        "| Subtype | Incidents | Change on previous quarter | Change on a year earlier |",
        "|---|---:|---:|---:|",
    ]
    hidden = s.withheld["trends"]
    for subtype in dict.fromkeys(trends["subtype"]):
        parts = []
        count = "c"
        for comparison in ("quarter_on_quarter", "year_on_year"):
            rows = trends.index[
                (trends["quarter"] == latest)
                & (trends["subtype"] == subtype)
                & (trends["comparison"] == comparison)
            ]
            if len(rows) == 0:
                parts.append(summary.NOT_APPLICABLE)
                continue
            i = rows[0]
            count = _cell(trends.at[i, "count"], bool(hidden.at[i, "count"]))
            change = _cell(trends.at[i, "change"], bool(hidden.at[i, "change"]))
            pct = _cell(trends.at[i, "percent_change"], bool(hidden.at[i, "percent_change"]))
            if change not in (disclosure.SUPPRESSED, summary.NOT_APPLICABLE):
                change = f"{int(str(trends.at[i, 'change'])):+,}"
            parts.append(f"{change} ({pct}%)" if pct not in ("c", "z") else change)
        lines.append(f"| {label('subtype', subtype)} | {count} | {parts[0]} | {parts[1]} |")
    return "\n".join(lines)


def _suppression_section(s: summary.Summary) -> str:
    assert s.profile is not None
    table = s.suppression
    lines = [
        f"Suppression profile: **{s.profile.name}** ({s.profile.label}). Rule: "
        f"{s.profile.reference}.",
        "",
        f"- `{disclosure.SUPPRESSED}`: withheld. *Primary*: a count from 1 to "
        f"{s.profile.threshold}. *Secondary*: a further count withheld so that a primary one "
        "cannot be worked out by subtracting from a total. Percentages and changes that rest "
        "on a withheld count are withheld too.",
        f"- `{summary.NOT_APPLICABLE}`: does not apply (for example the percentage of an empty "
        "row).",
        "- 0 is a true zero.",
        f"- Cohen's kappa is shown only where at least {s.profile.min_base} incidents have a "
        "recorded subtype.",
        "",
    ]
    if table.empty:
        lines.append("No cell needed to be withheld.")
        return "\n".join(lines)
    counts = table.groupby(["table", "reason"], sort=False).size().unstack(fill_value=0)
    lines += [
        f"{len(table)} values were withheld. By table:",
        "",
        "| Table | " + " | ".join(str(c).replace("_", " ") for c in counts.columns) + " |",
        "|---|" + "---:|" * len(counts.columns),
    ]
    for name, row in counts.iterrows():
        lines.append(f"| {name} | " + " | ".join(str(v) for v in row.tolist()) + " |")
    lines += ["", "Every withheld value, and why:", ""]
    lines += ["| Table | Cell | Value | Reason |", "|---|---|---|---|"]
    limit = 300
    for name, cell, column, reason, why in table.head(limit).itertuples(index=False):
        lines.append(f"| {name} | {cell} | {column} | {reason}: {why} |")
    if len(table) > limit:
        lines.append(f"| ... | {len(table) - limit} more in `suppression.csv` | | |")
    return "\n".join(lines)


def write_report(s: summary.Summary, directory: Path) -> None:
    """Write ``report.md`` and ``charts/*.png`` for a protected summary into ``directory``."""
    if s.profile is None:
        raise ValueError("an unprotected summary cannot be reported")
    charts = directory / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    footnote = (
        f"Incidents reported {s.first_month} to {s.last_month}; classified with "
        f"{s.guidance_version}. c: a small number withheld "
        f"({s.profile.name} profile)."
    )
    for name, dim, title in CHARTS:
        table = getattr(s, dim)
        if dim == "pathway":
            _bars(table, dim, title, footnote, charts / f"{name}.png")
        else:
            _stacked(table, dim, title, footnote, charts / f"{name}.png")
    n = f"{s.n_incidents:,}" if s.n_incidents is not None else disclosure.SUPPRESSED
    w = s.withheld
    sections: Sequence[str] = (
        "# Youth produced sexual imagery: incidents reported to agencies",
        "",
        f"- Period: **{s.first_month} to {s.last_month}** (by the month an incident came to an "
        "agency's attention)",
        f"- Incidents: **{n}**",
        f"- Classified with: {s.guidance_version}",
        f"- Disclosure control: **{s.profile.name}** profile ({s.profile.label})",
        "",
        "These figures count incidents that came to the attention of agencies. They are not a "
        "measure of how often children and young people share images, and a rise can reflect "
        "better awareness and recording. The typology describes incidents, not children: it "
        "helps professionals choose a proportionate response that safeguards the young people "
        "involved and avoids criminalising them. Small numbers are withheld so that no child or "
        "young person can be identified (see *About these figures*).",
        "",
        "## By category and subtype",
        "",
        _one_way(s.category, w["category"], "category"),
        "",
        _one_way(s.subtype, w["subtype"], "subtype"),
        "",
        "## By response pathway",
        "",
        "The pathway the guidance indicates for each incident, from the facts recorded.",
        "",
        _one_way(s.pathway, w["pathway"], "pathway"),
        "",
        "![Incidents by response pathway](charts/pathway.png)",
        "",
        "## Over time",
        "",
        "![Incidents by quarter and subtype](charts/subtype_by_quarter.png)",
        "",
        _markdown(_wide(s.quarter, w["quarter"], "quarter"), "quarter"),
        "",
        _latest_trend(s),
        "",
        "Quarters at the start and end of the period may be part quarters. Monthly and yearly "
        "figures are in `month.csv` and `year.csv`; every comparison is in `trends.csv`.",
        "",
        "## By age of the youngest person pictured",
        "",
        "![Incidents by age band and subtype](charts/subtype_by_age_band.png)",
        "",
        _markdown(_wide(s.age_band, w["age_band"], "age_band"), "age_band"),
        "",
        "## By gender of the youngest person pictured",
        "",
        _markdown(_wide(s.gender, w["gender"], "gender"), "gender"),
        "",
        "## By agency",
        "",
        "![Incidents by agency and subtype](charts/subtype_by_agency.png)",
        "",
        _markdown(_wide(s.agency, w["agency"], "agency"), "agency"),
        "",
        "## By platform",
        "",
        "![Incidents by platform and subtype](charts/subtype_by_platform.png)",
        "",
        _markdown(_wide(s.platform, w["platform"], "platform"), "platform"),
        "",
        "## Agreement with the subtype professionals recorded",
        "",
        "Where a professional recorded a subtype, how often the model's subtype matches it "
        "(rows: recorded; columns: the model's). Cohen's kappa is 1 for full agreement and 0 "
        "for agreement no better than chance; disagreement is a prompt to look at recording "
        "practice or at the facts recorded, not a judgement on any decision.",
        "",
        _markdown(_wide(s.agreement, w["agreement"], "recorded_subtype"), "recorded_subtype"),
        "",
        _kappa_table(s),
        "",
        "## About these figures",
        "",
        _suppression_section(s),
        "",
    )
    (directory / "report.md").write_text("\n".join(sections), encoding="utf-8")


def _kappa_table(s: summary.Summary) -> str:
    hidden = s.withheld["kappa"]
    lines = ["| Agency | Incidents with a recorded subtype | Cohen's kappa |", "|---|---:|---:|"]
    for i, row in s.kappa.iterrows():
        n = _cell(
            row["incidents_with_recorded_subtype"],
            bool(hidden.at[i, "incidents_with_recorded_subtype"]),
        )
        kappa = row["kappa"]
        k = (
            disclosure.SUPPRESSED
            if hidden.at[i, "kappa"]
            else (summary.NOT_APPLICABLE if pd.isna(kappa) else f"{float(kappa):.2f}")
        )
        lines.append(f"| {label('agency', str(row['agency']))} | {n} | {k} |")
    return "\n".join(lines)
