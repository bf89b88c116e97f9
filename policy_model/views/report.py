"""The summary as a board-paper report: published CSV tables, Markdown and PNG charts.

Charts are drawn from the protected tables, never from raw counts, with the same chart
functions as the notebooks (``charts``, in its ``REPORT`` style): a withheld count is not
drawn, and where a bar's published total is larger than its drawn parts, the difference is
shown as a hatched "withheld" segment (a reader could work it out from the tables anyway).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pandas as pd

from ..incidents import files
from ..stats.conventions import ALL, NOT_APPLICABLE, SUPPRESSED
from ..stats.summary import Summary
from . import charts
from .labels import label, published, published_frame

__all__ = ["CHARTS", "MARKER", "write_report", "write_summary"]

MARKER: Final = ".policy-model-summary"
"""A file that marks a directory written by ``policy-model summarise`` (safe to replace)."""

CHARTS: Final = (
    ("subtype_by_quarter", "quarter", "Incidents by quarter and subtype"),
    ("subtype_by_age_band", "age_band", "Incidents by age of the youngest person pictured"),
    ("subtype_by_agency", "agency", "Incidents by the agency that recorded them"),
    ("subtype_by_platform", "platform", "Incidents by platform"),
    ("pathway", "pathway", "Incidents by response pathway"),
)


def _wide(
    table: pd.DataFrame, withheld: pd.DataFrame, dim: str, value: str = "count"
) -> pd.DataFrame:
    """A dimension x subtype table as rows x columns of published text."""
    text = [
        published(v, withheld=bool(w))
        for v, w in zip(table[value].astype(object), withheld[value], strict=True)
    ]
    shown = table[[dim, "subtype"]].assign(text=text)
    wide = shown.pivot(index=dim, columns="subtype", values="text")
    return wide.loc[list(dict.fromkeys(table[dim])), list(dict.fromkeys(table["subtype"]))]


def _row_label(dim: str, value: str) -> str:
    # The agreement table's rows have always shown the recorded subtypes' slugs.
    shown = label(dim, value, total="All incidents")
    return value if dim == "recorded_subtype" and value != ALL else shown


def _markdown(frame: pd.DataFrame, dim: str, columns_dim: str = "subtype") -> str:
    heads = [dim.replace("_", " ").capitalize()]
    heads += [label(columns_dim, c) for c in frame.columns]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" + "---:|" * len(frame.columns)]
    for index, row in frame.iterrows():
        cells = [_row_label(dim, str(index)), *(str(v) for v in row)]
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
            f"| {_row_label(dim, str(value))} | {published(count, withheld=bool(count_gone))} "
            f"| {published(percent, withheld=bool(percent_gone))} |"
        )
    return "\n".join(lines)


# ---- the report ------------------------------------------------------------------------------


def _latest_trend(s: Summary) -> str:
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
        count = SUPPRESSED
        for comparison in ("quarter_on_quarter", "year_on_year"):
            rows = trends.index[
                (trends["quarter"] == latest)
                & (trends["subtype"] == subtype)
                & (trends["comparison"] == comparison)
            ]
            if len(rows) == 0:
                parts.append(NOT_APPLICABLE)
                continue
            i = rows[0]
            count = published(trends.at[i, "count"], withheld=bool(hidden.at[i, "count"]))
            change = published(trends.at[i, "change"], withheld=bool(hidden.at[i, "change"]))
            pct = published(
                trends.at[i, "percent_change"], withheld=bool(hidden.at[i, "percent_change"])
            )
            if change not in (SUPPRESSED, NOT_APPLICABLE):
                change = f"{int(str(trends.at[i, 'change'])):+,}"
            parts.append(
                f"{change} ({pct}%)" if pct not in (SUPPRESSED, NOT_APPLICABLE) else change
            )
        lines.append(f"| {_row_label('subtype', subtype)} | {count} | {parts[0]} | {parts[1]} |")
    return "\n".join(lines)


def _suppression_section(s: Summary) -> str:
    assert s.profile is not None
    table = s.suppression
    lines = [
        f"Suppression profile: **{s.profile.name}** ({s.profile.label}). Rule: "
        f"{s.profile.reference}.",
        "",
        f"- `{SUPPRESSED}`: withheld. *Primary*: a count from 1 to "
        f"{s.profile.threshold}. *Secondary*: a further count withheld so that a primary one "
        "cannot be worked out by subtracting from a total. Percentages and changes that rest "
        "on a withheld count are withheld too.",
        f"- `{NOT_APPLICABLE}`: does not apply (for example the percentage of an empty row).",
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


def write_report(s: Summary, directory: Path) -> None:
    """Write ``report.md`` and ``charts/*.png`` for a protected summary into ``directory``."""
    if s.profile is None:
        raise ValueError("an unprotected summary cannot be reported")
    folder = directory / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    footnote = (
        f"Incidents reported {s.first_month} to {s.last_month}; classified with "
        f"{s.guidance_version}. c: a small number withheld "
        f"({s.profile.name} profile)."
    )
    style = dataclasses.replace(charts.REPORT, footnote=footnote)
    for name, dim, title in CHARTS:
        draw = charts.bars if dim == "pathway" else charts.stacked_bars
        charts.save(draw(getattr(s, dim), dim, title=title, style=style), folder / f"{name}.png")
    n = published(s.n_incidents, withheld=s.n_incidents is None)
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


def _kappa_table(s: Summary) -> str:
    hidden = s.withheld["kappa"]
    lines = ["| Agency | Incidents with a recorded subtype | Cohen's kappa |", "|---|---:|---:|"]
    for i, row in s.kappa.iterrows():
        n = published(
            row["incidents_with_recorded_subtype"],
            withheld=bool(hidden.at[i, "incidents_with_recorded_subtype"]),
        )
        k = published(row["kappa"], withheld=bool(hidden.at[i, "kappa"]), spec=".2f")
        lines.append(f"| {_row_label('agency', str(row['agency']))} | {n} | {k} |")
    return "\n".join(lines)


def write_summary(summary: Summary, directory: Path) -> None:
    """Write the tables (CSV), ``report.md`` and its charts into ``directory``, atomically.

    Everything is written into a temporary directory beside it, which then replaces
    ``directory``; an existing directory is replaced only if it is empty or was written by
    this command.
    """
    if summary.profile is None:
        raise ValueError("an unprotected summary (profile=None) cannot be written out")
    if directory.exists() and (
        not directory.is_dir() or (any(directory.iterdir()) and not (directory / MARKER).exists())
    ):
        raise files.InputError(
            directory,
            "exists and was not written by policy-model summarise; choose a new directory "
            "(it is replaced as a whole)",
        )
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        for name, table in summary.tables():
            published_frame(table, summary.withheld[name]).to_csv(
                staging / f"{name}.csv", index=False
            )
        write_report(summary, staging)
        (staging / MARKER).write_text(f"{summary.guidance_version}\n", encoding="utf-8")
        if directory.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=directory.parent))
            os.replace(directory, old / directory.name)
            os.replace(staging, directory)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
