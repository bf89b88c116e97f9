"""Two editions compared: the changed steps as text and Markdown, both flowcharts with the
changes marked, the scenarios whose outcome changes, and the impact on a dataset.

>>> from policy_model.editions import AS_WRITTEN, PROPOSED
>>> print(diff_text(AS_WRITTEN, PROPOSED).splitlines()[0])
Changes from redbridge-2018 to redbridge-2024-proposed
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..editions.examples import examples
from ..engine.assess import assess
from ..model.diff import Change, diff, marks
from ..model.guidance import Guidance
from .diagrams import draw, need_dot, write_diagram
from .render import render

if TYPE_CHECKING:
    import graphviz
    import pandas as pd

    from ..stats.impact import Impact
    from .impact_labels import ImpactLabels

__all__ = [
    "ScenarioChange",
    "diff_charts",
    "diff_markdown",
    "diff_text",
    "labelled",
    "scenario_changes",
    "write_diff",
    "write_impact",
]

_GRAPH_NAMES: Final = {"response_pathway": "Response pathway", "typology": "Typology"}


@dataclasses.dataclass(frozen=True, slots=True)
class ScenarioChange:
    name: str
    file: str
    old: str
    new: str


def scenario_changes(a: Guidance, b: Guidance) -> list[ScenarioChange]:
    """The scenario cases whose subtype or pathway differs between the editions."""
    found: list[ScenarioChange] = []
    for case in examples():
        x, y = assess(case.incident(), guidance=a), assess(case.incident(), guidance=b)
        old, new = f"{x.subtype} / {x.pathway}", f"{y.subtype} / {y.pathway}"
        if old != new:
            found.append(ScenarioChange(case.name, case.file, old, new))
    return found


def _lines(a: Guidance, b: Guidance, changes: list[Change], markdown: bool) -> list[str]:
    out: list[str] = []
    if a.lines != b.lines:
        for name in ("adult", "young_child", "sexual_acts_under"):
            x, y = getattr(a.lines, name), getattr(b.lines, name)
            if x != y:
                out.append(
                    f"- age line `{name}`: {x} -> {y}"
                    if markdown
                    else f"  age line {name}: {x} -> {y}"
                )
    for change in changes:
        graph = _GRAPH_NAMES[change.graph]
        kinds = ", ".join(change.kinds)
        node = b.graphs[change.graph].by_id.get(change.node) or a.graphs[change.graph][change.node]
        if markdown:
            out.append(f"- **{graph}, `{change.node}`** ({kinds})")
            if change.before and change.before != change.after:
                out.append(f"  - before: {change.before}")
            if change.after:
                out.append(f"  - {'after' if change.before else 'new'}: {change.after}")
            out.append(f"  - source: {node.cite}")
        else:
            out.append(f"  {graph}: {change.node} ({kinds})")
            if change.before and change.before != change.after:
                out.append(f"      before: {change.before}")
            if change.after:
                out.append(f"      {'after' if change.before else 'new'}: {change.after}")
            out.append(f"      source: {node.cite}")
    return out


def diff_text(a: Guidance, b: Guidance) -> str:
    """The changes as plain text, with the scenarios whose outcome changes."""
    changes = diff(a, b)
    out = [f"Changes from {a.id} to {b.id}", f"  from: {a}", f"  to:   {b}", ""]
    out += _lines(a, b, changes, False) or ["  (no change to the steps)"]
    scenarios = scenario_changes(a, b)
    out += ["", f"Scenarios whose outcome changes: {len(scenarios)}"]
    out += [f"  {s.name} ({s.file}): {s.old} -> {s.new}" for s in scenarios]
    return "\n".join(out) + "\n"


def diff_markdown(a: Guidance, b: Guidance) -> str:
    """The changes as Markdown, with the scenarios whose outcome changes."""
    changes = diff(a, b)
    out = [
        f"# Changes from {a.id} to {b.id}",
        "",
        f"From **{a}** ({a.status}) to **{b}** ({b.status}).",
        "",
        "## Changed steps",
        "",
        *(_lines(a, b, changes, True) or ["No change to the steps."]),
        "",
        "## Scenarios whose outcome changes",
        "",
    ]
    scenarios = scenario_changes(a, b)
    if scenarios:
        out += ["| scenario | file | before | after |", "|---|---|---|---|"]
        out += [f"| {s.name} | {s.file} | {s.old} | {s.new} |" for s in scenarios]
    else:
        out.append("None.")
    return "\n".join(out) + "\n"


def diff_charts(a: Guidance, b: Guidance) -> dict[str, graphviz.Digraph]:
    """Both editions' flowcharts with the changes marked, by file stem: the old with removed
    steps dashed, the new with added and changed steps marked."""
    changes = diff(a, b)
    charts: dict[str, graphviz.Digraph] = {}
    for graph_id in ("response_pathway", "typology"):
        old = marks(changes, graph_id, side="old")
        new = marks(changes, graph_id, side="new")
        if not (old or new) and a.lines == b.lines:
            continue
        charts[f"{graph_id}-{a.id}"] = render(a.graphs[graph_id], guidance=a, marks=old)
        charts[f"{graph_id}-{b.id}"] = render(b.graphs[graph_id], guidance=b, marks=new)
    return charts


def write_diff(
    a: Guidance, b: Guidance, out_dir: Path, formats: tuple[str, ...] = ("svg", "png", "dot")
) -> list[Path]:
    """diff.md, diff.txt and the marked flowcharts, each written atomically."""
    need_dot(formats)
    outputs: dict[Path, bytes] = {
        out_dir / "diff.md": diff_markdown(a, b).encode(),
        out_dir / "diff.txt": diff_text(a, b).encode(),
    }
    for stem, dot in diff_charts(a, b).items():
        for fmt in formats:
            outputs[out_dir / f"{stem}.{fmt}"] = draw(dot, fmt)
    for path, data in outputs.items():
        write_diagram(path, data)
    return list(outputs)


def _long(table: pd.DataFrame, rows: str, columns: str) -> pd.DataFrame:
    import pandas as pd

    from ..stats.conventions import ALL, SUPPRESSED

    body = table[table[rows] != ALL].drop(columns=[ALL])
    long = body.melt(id_vars=rows, var_name=columns, value_name="count")
    long["count"] = pd.array(
        [None if v == SUPPRESSED else int(v) for v in long["count"]], dtype="Int64"
    )
    return long


_WRAP: Final = 26
"""Characters a line of a label on a chart's axis."""
_AXES: Final = {
    "pathway_transitions": ("old_pathway", "new_pathway"),
    "subtype_transitions": ("old_subtype", "new_subtype"),
    "status_by_quarter": ("quarter", "status"),
    "status_by_agency": ("agency", "status"),
    "referrals_by_quarter": ("quarter", None),
}
"""Each impact table's row dimension and column dimension (None: named figures)."""


def labelled(impact: Impact, words: ImpactLabels) -> Impact:
    """The impact with its published tables in labels rather than slugs (``--codes`` keeps
    the slugs); the row-level data are left as they are."""
    fields = {
        "pathway_transitions": "pathways",
        "subtype_transitions": "subtypes",
        "status_by_quarter": "by_quarter",
        "status_by_agency": "by_agency",
        "referrals_by_quarter": "referrals",
    }
    tables: dict[str, Any] = {
        fields[n]: words.table(table, *_AXES[n]) for n, table in impact.tables()
    }
    return dataclasses.replace(impact, **tables)  # only the tables the impact shows


def write_impact(
    impact: Impact, out_dir: Path, *, words: ImpactLabels | None = None, codes: bool = False
) -> list[Path]:
    """The impact tables as CSV, their charts as PNG, and impact.md, each written atomically.

    ``words`` labels slugs and headings with each edition's own labels (without it, the
    charts label what the guidance as written labels); ``codes`` keeps the slugs in the CSV
    files and the Markdown tables."""
    from ..incidents import files, paths
    from . import charts

    shown = impact if codes or words is None else labelled(impact, words)
    written: list[Path] = []
    for name, table in shown.tables():
        target = out_dir / f"{name}.csv"
        files.write_table(table.astype(str), target)
        written.append(target)

    def grid(table: pd.DataFrame, rows: str, columns: str) -> pd.DataFrame:
        long = _long(table, rows, columns)
        if words is None:
            return long
        return words.long(long, rows, columns, wrap=_WRAP).rename(
            columns={rows: words.heading(rows), columns: words.heading(columns)}
        )

    def dim(name: str) -> str:
        return name if words is None else words.heading(name)

    figures = {
        "pathway_transitions.png": charts.heat_map(
            grid(impact.pathways, "old_pathway", "new_pathway"),
            dim("old_pathway"),
            dim("new_pathway"),
            title=f"Pathway under {impact.old} (rows)\nand under {impact.new} (columns)",
            style=charts.REPORT,
        ),
        "subtype_transitions.png": charts.heat_map(
            grid(impact.subtypes, "old_subtype", "new_subtype"),
            dim("old_subtype"),
            dim("new_subtype"),
            title=f"Subtype under {impact.old} (rows)\nand under {impact.new} (columns)",
            style=charts.REPORT,
        ),
        "status_by_quarter.png": charts.heat_map(
            grid(impact.by_quarter, "quarter", "status"),
            dim("quarter"),
            dim("status"),
            title="Incidents whose outcome changes, by quarter",
            style=charts.REPORT,
        ),
    }
    for name, fig in figures.items():
        if words is not None:  # room for labels of up to four lines on each row
            rows = len(fig.axes[0].get_yticks())
            fig.set_figheight(max(fig.get_figheight(), 3.2 + 0.75 * rows))
            fig.tight_layout(rect=(0, charts.REPORT.footnote_band, 1, 1))
        with paths.atomic_path(out_dir / name) as temporary:
            fig.savefig(temporary, dpi=120, format="png", metadata={"Software": None})
        written.append(out_dir / name)
    report = out_dir / "impact.md"
    with paths.atomic_path(report) as temporary:
        temporary.write_text(impact_markdown(shown), encoding="utf-8")
    written.append(report)
    return written


def _table_md(table: pd.DataFrame) -> str:
    head = "| " + " | ".join(str(c) for c in table.columns) + " |"
    rule = "|" + "---|" * len(table.columns)
    rows = ["| " + " | ".join(str(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


def impact_markdown(impact: Impact) -> str:
    """The impact report: what changes, how many, where, and the referrals by quarter."""
    return "\n".join(
        [
            f"# Impact of {impact.new} on {impact.headline['incidents']} incidents "
            f"(compared with {impact.old})",
            "",
            f"{impact.headline['changes']} incidents change, {impact.headline['might change']} "
            f"might change and {impact.headline['unchanged']} are unchanged.",
            "",
            "Each incident is assessed under both editions. *changes*: its subtype or pathway is "
            "settled under both and differs; *might change*: what is still possible differs "
            "(a fact the new edition reads is not known in the data); *unchanged*: neither.",
            f"Tables apply {impact.profile} small-number suppression (c = withheld; "
            f"{impact.suppressed} cells withheld). The tables and the figures above are "
            "protected together: no withheld count can be worked out from them. Comparing "
            "them with another run's figures (another period, filter or edition) can reveal "
            "one: see the README's *Disclosure control*.",
            "",
            "## Pathway: old (rows) by new (columns)",
            "",
            _table_md(impact.pathways),
            "",
            "![Pathway transitions](pathway_transitions.png)",
            "",
            "## Subtype: old (rows) by new (columns)",
            "",
            _table_md(impact.subtypes),
            "",
            "![Subtype transitions](subtype_transitions.png)",
            "",
            "## By quarter",
            "",
            _table_md(impact.by_quarter),
            "",
            "![Status by quarter](status_by_quarter.png)",
            "",
            "## By agency",
            "",
            _table_md(impact.by_agency),
            "",
            "## Referrals to children's social care and/or police by quarter",
            "",
            "Incidents whose pathway is refer_immediately or specialist_discussion.",
            "",
            _table_md(impact.referrals),
            "",
        ]
    )
