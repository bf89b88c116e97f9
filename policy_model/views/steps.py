"""Every step of an edition, by id: what ``policy-model steps`` lists for policy authors.

A what-if names steps by id (``before: aggravating_conduct``); this is where an author finds
them, with each step's label, where it leads and the source it rests on.

>>> rows = step_rows()
>>> rows[0].graph, rows[0].id, rows[0].kind
('response_pathway', 'never_view', 'step')
>>> print(steps_text(width=200).splitlines()[0])
Steps of redbridge-2018: Redbridge LSCB sexting guidance, c. 2018; model 3.0
"""

from __future__ import annotations

import csv
import dataclasses
import io
import textwrap
from typing import Final

from ..editions import AS_WRITTEN
from ..model.graph import Node, Outcome, Question, Step
from ..model.guidance import Guidance

__all__ = ["FORMATS", "StepRow", "step_rows", "steps_csv", "steps_markdown", "steps_text"]

FORMATS: Final = ("text", "csv", "md")
_KINDS: Final = {Step: "step", Question: "question", Outcome: "outcome"}
_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")


@dataclasses.dataclass(frozen=True, slots=True)
class StepRow:
    """One step of one graph, as a policy author needs it."""

    graph: str
    id: str
    kind: str
    stage: str
    label: str
    leads_to: str
    """``yes: X; no: Y`` for a question, the next step's id for a step, blank for an outcome."""
    reconstructed: bool
    citation: str


def _leads_to(node: Node) -> str:
    match node:
        case Question():
            return f"yes: {node.yes}; no: {node.no}"
        case Step():
            return node.next
    return ""


def step_rows(guidance: Guidance = AS_WRITTEN) -> list[StepRow]:
    """Every node of both graphs, the response pathway first, each in its graph's order."""
    return [
        StepRow(
            graph=graph.id,
            id=str(node.id),
            kind=_KINDS[type(node)],
            stage=node.stage.value,
            label=node.label,
            leads_to=_leads_to(node),
            reconstructed=node.cite.reconstructed,
            citation=str(node.cite),
        )
        for graph in guidance.graphs.values()
        for node in graph.nodes
    ]


def steps_text(guidance: Guidance = AS_WRITTEN, *, width: int = 100) -> str:
    """The steps for a terminal: a block per graph, a few wrapped lines per step."""
    width = max(width, 60)
    out = [f"Steps of {guidance}", "Ids are what a what-if file names (before:, node:, to:)."]
    rows = step_rows(guidance)
    for graph in guidance.graphs.values():
        out += ["", f"{graph.id}: {graph.title} (starts at {graph.start})", ""]
        for row in (r for r in rows if r.graph == graph.id):
            about = [row.kind, *([row.stage] if row.stage != row.kind else [])]
            about += ["reconstructed"] if row.reconstructed else []
            out.append(f"  {row.id}  ({', '.join(about)})")
            wrap = textwrap.TextWrapper(
                width=width, initial_indent="      ", subsequent_indent="      "
            )
            out += wrap.wrap(row.label)
            if row.leads_to:
                out += wrap.wrap(f"-> {row.leads_to}")
            wrap.subsequent_indent = "        "
            out += wrap.wrap(f"Source: {row.citation}")
    return "\n".join(out) + "\n"


def _cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (a what-if's label is anyone's text)."""
    return f"'{value}" if value.startswith(_FORMULA) else value


def steps_csv(guidance: Guidance = AS_WRITTEN) -> str:
    """The steps as CSV, one row per step, with a header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [f.name for f in dataclasses.fields(StepRow)]
    writer.writerow(["edition", *names])
    for row in step_rows(guidance):
        values = [getattr(row, n) for n in names]
        writer.writerow(
            [
                guidance.id,
                *(("yes" if v else "no") if isinstance(v, bool) else _cell(v) for v in values),
            ]
        )
    return buffer.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def steps_markdown(guidance: Guidance = AS_WRITTEN) -> str:
    """The steps as Markdown: a table per graph."""
    out = [f"# Steps of {guidance.id}", "", f"{guidance}."]
    rows = step_rows(guidance)
    for graph in guidance.graphs.values():
        out += [
            "",
            f"## {graph.title} (`{graph.id}`)",
            "",
            "| id | kind | step | leads to | source |",
            "|---|---|---|---|---|",
        ]
        for row in (r for r in rows if r.graph == graph.id):
            kind = f"{row.kind}, *reconstructed*" if row.reconstructed else row.kind
            out.append(
                f"| `{row.id}` | {kind} | {_md(row.label)} | {_md(row.leads_to)} "
                f"| {_md(row.citation)} |"
            )
    return "\n".join(out) + "\n"
