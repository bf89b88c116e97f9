"""The summary as a board-paper report: published CSV tables, Markdown and PNG charts.

Charts are drawn from the protected tables, never from raw counts, with the same chart
functions as the notebooks (``charts``, in its ``REPORT`` style): a withheld count is not
drawn, and where a bar's published total is larger than its drawn parts, the difference is
shown as a hatched "withheld" segment (a reader could work it out from the tables anyway).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from ..stats.conventions import ALL, NOT_APPLICABLE, SUPPRESSED
from ..stats.summary import Summary
from . import charts
from .labels import labelled, published
from .report_tables import (
    _completeness,
    _markdown,
    _one_way,
    _row_label,
    _wide,
    partial_note,
    set_aside_sentence,
    undetermined_sentences,
)

__all__ = [
    "CHARTS",
    "MARKER",
    "partial_note",
    "set_aside_sentence",
    "undetermined_sentences",
    "write_report",
]

MARKER: Final = ".policy-model-summary"
"""A file that marks a directory written by ``policy-model summarise`` (safe to replace)."""

CHARTS: Final = (
    ("subtype_by_quarter", "quarter", "Incidents by quarter and subtype"),
    ("subtype_by_age_band", "age_band", "Incidents by age of the youngest person pictured"),
    ("subtype_by_agency", "agency", "Incidents by the agency that recorded them"),
    ("subtype_by_platform", "platform", "Incidents by platform"),
    ("pathway", "pathway", "Incidents by response pathway"),
    (
        "precautionary_pathway",
        "precautionary_pathway",
        "Precautionary pathway, while facts are not known",
    ),
)


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
        f"{s.profile.threshold}. *Secondary*: a further count withheld so that no withheld "
        "count can be worked out by adding or subtracting any of the figures here, totals "
        "included (checked by linear programming over every table together). Percentages "
        "and changes that rest on a withheld count are withheld too.",
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


@labelled
def write_report(s: Summary, directory: Path) -> None:
    """Write ``report.md`` and ``charts/*.png`` for a protected summary into ``directory``."""
    if s.profile is None:
        raise ValueError("an unprotected summary cannot be reported")
    folder = directory / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    partial = partial_note(s)
    notes = [
        f"c: a small number withheld ({s.profile.name} profile)",
        *([partial] if partial else []),
        *([str(s.set_aside)] if s.set_aside.count else []),
    ]
    footnote = (
        f"Incidents reported {s.first_month} to {s.last_month}; classified with "
        f"{s.guidance_version}.\n" + "; ".join(notes) + "."
    )
    style = dataclasses.replace(charts.REPORT, footnote=footnote, footnote_band=0.07)
    for name, dim, title in CHARTS:
        if dim == "precautionary_pathway":
            table = s.precautionary[s.precautionary["quarter"] == ALL]
            figure = charts.bars(table, dim, title=title, style=style)
        elif dim == "pathway":
            figure = charts.bars(s.pathway, dim, title=title, style=style)
        else:
            figure = charts.stacked_bars(getattr(s, dim), dim, title=title, style=style)
        charts.save(figure, folder / f"{name}.png")
    n = published(s.n_incidents, withheld=s.n_incidents is None)
    w = s.withheld
    sections: Sequence[str] = (
        "# Youth produced sexual imagery: incidents reported to agencies",
        "",
        f"- Period: **{s.first_month} to {s.last_month}** (by the month an incident came to an "
        "agency's attention)",
        f"- Incidents: **{n}**",
        f"- {set_aside_sentence(s)}",
        *(f"- {line}" for line in undetermined_sentences(s)),
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
        "Where the subtype is not yet determined, the category may still be: all the subtypes "
        "still possible can share one. Incidents with a subtype not yet determined, by "
        "category:",
        "",
        _one_way(s.undetermined_subtype, w["undetermined_subtype"], "category"),
        "",
        "## By response pathway",
        "",
        "The pathway the guidance indicates for each incident, from the facts recorded. Where "
        "a fact it needs is not known, the pathway is not yet determined.",
        "",
        _one_way(s.pathway, w["pathway"], "pathway"),
        "",
        "![Incidents by response pathway](charts/pathway.png)",
        "",
        "### While facts are not known",
        "",
        "For each incident whose pathway is not yet determined, the precautionary pathway: the "
        "most urgent pathway still possible, followed until the missing facts are known. By "
        "quarter:",
        "",
        "![Precautionary pathway](charts/precautionary_pathway.png)",
        "",
        _markdown(
            _wide(s.precautionary, w["precautionary"], "quarter", columns="precautionary_pathway"),
            "quarter",
            "precautionary_pathway",
        ),
        "",
        "## Over time",
        "",
        "![Incidents by quarter and subtype](charts/subtype_by_quarter.png)",
        "",
        _markdown(_wide(s.quarter, w["quarter"], "quarter"), "quarter"),
        "",
        _latest_trend(s),
        "",
        _partial_sentence(s),
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
        "## Agreement with the action professionals recorded",
        "",
        "Where a professional recorded the action taken (referred to MASH, managed in school, "
        "...), read as one of the guidance's pathways: how often the model's pathway matches "
        "it (rows: recorded; columns: the model's, with the incidents whose pathway the known "
        "facts leave open). As for the subtype, disagreement is a prompt to look at the facts "
        "recorded and at practice, not a judgement on any decision.",
        "",
        _markdown(
            _wide(
                s.pathway_agreement, w["pathway_agreement"], "recorded_pathway", columns="pathway"
            ),
            "recorded_pathway",
            "pathway",
        ),
        "",
        "## How complete the records are",
        "",
        "How many incidents had each value recorded as not known (blank), out of the incidents "
        "each agency, and each quarter, recorded: where recording could improve. A value not "
        "known is not an error; it can leave an incident's subtype or pathway open.",
        "",
        "### By agency",
        "",
        _completeness(s, "completeness_agency", "agency"),
        "",
        "### By quarter",
        "",
        _completeness(s, "completeness_quarter", "quarter"),
        "",
        "## About these figures",
        "",
        _suppression_section(s),
        "",
    )
    (directory / "report.md").write_text("\n".join(sections), encoding="utf-8")


def _partial_sentence(s: Summary) -> str:
    lines = []
    if s.partial_quarters:
        lines.append(
            "The period covers only part of "
            + ", ".join(s.partial_quarters)
            + ": compare those quarters with care."
        )
    else:
        lines.append("The period covers whole quarters.")
    if s.partial_years:
        lines.append(
            "Years are calendar years (`year.csv`); the period covers only part of "
            + " and ".join(s.partial_years)
            + "."
        )
    lines.append(
        "Monthly and yearly figures are in `month.csv` and `year.csv`; every comparison is in "
        "`trends.csv`."
    )
    return " ".join(lines)


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
