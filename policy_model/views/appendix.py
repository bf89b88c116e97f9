"""The flowchart as the guidance's appendix: one self-contained HTML (or PDF) document.

For the policy author to attach to the guidance: both charts (the changes since the parent
edition marked), their accessible text version with every step's id and source, the sources
behind the steps, which steps are reconstructed, and what changed since the parent edition.
The charts are SVG embedded as ``data:`` URIs, the styles inline: the file opens alone, with
no network. ``policy-model appendix EDITION -o appendix.html|appendix.pdf`` writes it.

>>> from policy_model.editions import PROPOSED
>>> model = appendix_model(PROPOSED, draw=lambda dot: b"<svg/>")
>>> model.parent.id, len(model.changes) > 0, [f.graph for f in model.figures]
('redbridge-2018', True, ['response_pathway', 'typology'])
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ..editions import EDITIONS
from ..model.citations import Citation, Source
from ..model.diff import Change, diff, marks
from ..model.graph import DecisionGraph, Node, Outcome, Question, Stage, Step
from ..model.guidance import Guidance
from .labels import outcome_words
from .render import render

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "FORMATS",
    "AppendixModel",
    "Figure",
    "TextNode",
    "appendix_html",
    "appendix_model",
    "write_appendix",
]

FORMATS: Final = (".html", ".pdf")
TEMPLATE: Final = Path(__file__).with_name("templates") / "appendix.html.j2"
_GRAPH_NAMES: Final = {"response_pathway": "Response pathway", "typology": "Typology"}
_STAGE_TITLES: Final = {
    Stage.FIRST_RESPONSE: "First response",
    Stage.INITIAL_REVIEW: "Initial review",
    Stage.DECISION: "Decision",
    Stage.OUTCOME: "Outcomes",
}


@dataclasses.dataclass(frozen=True, slots=True)
class Figure:
    """One chart: its SVG as a ``data:`` URI, its alt text and caption."""

    graph: str
    number: int
    title: str
    uri: str
    alt: str
    caption: str


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    answer: str  # "Yes", "No" or "Then"
    anchor: str
    number: int
    id: str
    label: str
    outcome: bool


@dataclasses.dataclass(frozen=True, slots=True)
class TextNode:
    """One step of the text version, with where it leads and its source."""

    anchor: str
    number: int
    id: str
    kind: str
    label: str
    words: str | None
    reconstructed: bool
    mark: str | None
    links: tuple[Link, ...]
    actions: tuple[tuple[str, str], ...]
    source: str


@dataclasses.dataclass(frozen=True, slots=True)
class TextStage:
    number: int
    title: str
    nodes: tuple[TextNode, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class TextGraph:
    id: str
    title: str
    start: int
    stages: tuple[TextStage, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class SourceRow:
    source: Source
    steps: tuple[tuple[str, int, str], ...]
    """(graph name, step number, anchor) of every step and action resting on it."""


@dataclasses.dataclass(frozen=True, slots=True)
class ChangeRow:
    graph: str
    id: str
    anchor: str | None
    kinds: str
    before: str
    after: str
    source: str


@dataclasses.dataclass(frozen=True, slots=True)
class AppendixModel:
    """Everything the appendix shows, ready for the template."""

    guidance: Guidance
    parent: Guidance | None
    generated: str
    figures: tuple[Figure, ...]
    texts: tuple[TextGraph, ...]
    changes: tuple[ChangeRow, ...]
    lines_moved: tuple[tuple[str, int, int], ...]
    reconstructed: tuple[tuple[str, int, str, str, str], ...]
    sources: tuple[SourceRow, ...]


def _anchor(graph: DecisionGraph, node_id: str) -> str:
    return f"{graph.id}--{node_id}"


def _cited(cite: Citation) -> str:
    return str(cite)


def _kind(node: Node) -> str:
    return (
        "outcome"
        if isinstance(node, Outcome)
        else "question"
        if isinstance(node, Question)
        else "step"
    )


def _text_graph(
    graph: DecisionGraph, guidance: Guidance, numbers: dict[str, int], marked: dict[str, str]
) -> TextGraph:
    common = guidance.common_actions if graph is guidance.pathway else ()

    def link(answer: str, target: str) -> Link:
        node = graph[target]
        return Link(
            answer, _anchor(graph, target), numbers[target], target, node.label,
            isinstance(node, Outcome),
        )  # fmt: skip

    stages: list[TextStage] = []
    present = [stage for stage in Stage if any(n.stage == stage for n in graph.nodes)]
    for number, stage in enumerate(present, start=1):
        nodes: list[TextNode] = []
        for node in (n for n in graph.nodes if n.stage == stage):
            match node:
                case Question():
                    links: tuple[Link, ...] = (link("Yes", node.yes), link("No", node.no))
                case Step():
                    links = (link("Then", node.next),)
                case _:
                    links = ()
            actions = (
                tuple((a.text, _cited(a.cite)) for a in (*common, *node.actions))
                if isinstance(node, Outcome)
                else ()
            )
            nodes.append(
                TextNode(
                    anchor=_anchor(graph, node.id),
                    number=numbers[node.id],
                    id=str(node.id),
                    kind=_kind(node),
                    label=node.label,
                    words=outcome_words(node),
                    reconstructed=node.cite.reconstructed,
                    mark=marked.get(node.id),
                    links=links,
                    actions=actions,
                    source=_cited(node.cite),
                )
            )
        stages.append(TextStage(number, _STAGE_TITLES[stage], tuple(nodes)))
    return TextGraph(graph.id, graph.title, numbers[graph.start], tuple(stages))


def _alt(graph: DecisionGraph, marked: dict[str, str], parent: Guidance | None) -> str:
    questions, outcomes = len(graph.questions), len(graph.outcomes)
    first = graph[graph.start].label
    text = (
        f"Flowchart of {graph.title.lower() if graph.title[:1].isupper() else graph.title}: "
        f"starting from '{first}', {questions} yes or no questions lead to {outcomes} "
        f"outcomes: {'; '.join(o.label for o in graph.outcomes)}."
    )
    if parent is not None:
        text += (
            f" {len(marked)} steps are marked as added or changed since {parent.id}."
            if marked
            else f" No step changed since {parent.id}."
        )
    return text + " The text version below gives every step."


def _svg_uri(data: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def _svg(dot: graphviz.Digraph) -> bytes:
    from .diagrams import draw

    return draw(dot, "svg")


def appendix_model(
    guidance: Guidance,
    *,
    parent: Guidance | None = None,
    draw: Callable[[graphviz.Digraph], bytes] = _svg,
    today: str | None = None,
) -> AppendixModel:
    """What the appendix of ``guidance`` shows; ``parent`` is the edition it is compared with
    (by default the one it derives from, if that is built in); ``draw`` turns a chart into
    SVG bytes (Graphviz's ``dot`` by default)."""
    if parent is None and guidance.base is not None:
        parent = EDITIONS.get(guidance.base)
    changes: list[Change] = diff(parent, guidance) if parent is not None else []
    figures: list[Figure] = []
    texts: list[TextGraph] = []
    numbers_by: dict[str, dict[str, int]] = {}
    for number, graph in enumerate(guidance.graphs.values(), start=1):
        marked = marks(changes, graph.id, side="new")
        numbers = {node.id: i for i, node in enumerate(graph.nodes, start=1)}
        numbers_by[graph.id] = numbers
        svg = draw(render(graph, guidance=guidance, marks=marked or None))
        caption = f"Figure {number}. {graph.title} ({guidance.id})."
        if marked:
            caption += (
                f" Steps added since {parent.id if parent else 'the parent edition'} have a "
                "thick green border and the word ADDED; changed steps a thick blue border "
                "and the word CHANGED."
            )
        figures.append(
            Figure(
                graph.id, number, graph.title, _svg_uri(svg), _alt(graph, marked, parent), caption
            )
        )
        texts.append(_text_graph(graph, guidance, numbers, marked))
    rows: list[ChangeRow] = []
    for change in changes:
        graph = guidance.graphs[change.graph]
        present = change.node in graph.by_id
        node = graph[change.node] if present else parent.graphs[change.graph][change.node]  # type: ignore[union-attr]
        rows.append(
            ChangeRow(
                graph=_GRAPH_NAMES.get(change.graph, change.graph),
                id=change.node,
                anchor=_anchor(graph, change.node) if present else None,
                kinds=", ".join(change.kinds),
                before=change.before,
                after=change.after,
                source=_cited(node.cite),
            )
        )
    moved = tuple(
        (p.label, getattr(parent.lines, p.name), getattr(guidance.lines, p.name))
        for p in guidance.parameters
        if parent is not None and getattr(parent.lines, p.name) != getattr(guidance.lines, p.name)
    )
    return AppendixModel(
        guidance=guidance,
        parent=parent,
        generated=today or datetime.date.today().isoformat(),
        figures=tuple(figures),
        texts=tuple(texts),
        changes=tuple(rows),
        lines_moved=moved,
        reconstructed=_reconstructed(guidance, numbers_by),
        sources=_sources(guidance, numbers_by),
    )


def _reconstructed(
    guidance: Guidance, numbers: dict[str, dict[str, int]]
) -> tuple[tuple[str, int, str, str, str], ...]:
    """(graph name, step number, anchor, label, source) of every reconstructed step."""
    return tuple(
        (
            _GRAPH_NAMES.get(graph.id, graph.id),
            numbers[graph.id][node.id],
            _anchor(graph, node.id),
            node.label,
            f"{node.cite.source.key}, {node.cite.section}",
        )
        for graph in guidance.graphs.values()
        for node in graph.nodes
        if node.cite.reconstructed
    )


def _sources(guidance: Guidance, numbers: dict[str, dict[str, int]]) -> tuple[SourceRow, ...]:
    """Every source a step or action rests on, with the steps resting on it."""
    found: dict[Source, list[tuple[str, int, str]]] = {}
    for graph in guidance.graphs.values():
        common = guidance.common_actions if graph is guidance.pathway else ()
        for node in graph.nodes:
            cites = [node.cite]
            if isinstance(node, Outcome):
                cites += [a.cite for a in (*common, *node.actions)]
            where = (
                _GRAPH_NAMES.get(graph.id, graph.id),
                numbers[graph.id][node.id],
                _anchor(graph, node.id),
            )
            for cite in cites:
                steps = found.setdefault(cite.source, [])
                if where not in steps:
                    steps.append(where)
    return tuple(SourceRow(source, tuple(steps)) for source, steps in found.items())


def appendix_html(model: AppendixModel) -> str:
    """The appendix as one HTML document (styles inline, charts as ``data:`` URIs)."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template(TEMPLATE.name).render(m=model, names=_GRAPH_NAMES)


def write_appendix(guidance: Guidance, target: Path, *, parent: Guidance | None = None) -> Path:
    """Write the appendix of ``guidance`` to ``target`` (``.html`` or ``.pdf``, printed by
    headless Chromium), atomically. An input is a ``.yaml`` what-if, so the suffix check
    keeps the appendix off it."""
    from ..incidents import paths
    from .document import DocumentError, html_to_pdf, self_contained

    if target.suffix.lower() not in FORMATS:
        raise DocumentError(f"{target}: the appendix is written as .html or .pdf")
    html = self_contained(appendix_html(appendix_model(guidance, parent=parent)), Path("."))
    if target.suffix.lower() == ".html":
        with paths.atomic_path(target) as temporary:
            temporary.write_text(html, encoding="utf-8")
        return target
    with tempfile.TemporaryDirectory(prefix="policy-model-appendix-") as folder:
        source = Path(folder) / "appendix.html"
        source.write_text(html, encoding="utf-8")
        html_to_pdf(source, target)
    return target
