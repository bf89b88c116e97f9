"""Draw a decision graph as a Graphviz flowchart, optionally with one incident's path in bold.

Where the facts known so far stop the walk at a question ("not known yet"), the branches from
that question to the outcomes still possible are drawn dashed in blue, and the rest faded.
Rendering maps the model to a ``graphviz.Digraph`` and never touches disk; saving is the
caller's step (see ``flowchart``). The DOT text depends only on the model, so it is stable.

>>> from policy_model import PATHWAY, render
>>> dot = render(PATHWAY)
>>> 'never_view [' in dot.source and "shape=diamond" in dot.source
True
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from ..editions import AS_WRITTEN
from ..model.citations import Source
from ..model.graph import DecisionGraph, Outcome, Stage, Step
from ..model.guidance import Guidance
from .flowchart_legend import _MARK_KEY, MARK_LOOKS, _legend, _mark
from .flowchart_style import (
    _STAGE_TITLES,
    FADED_FILL,
    FADED_INK,
    FADED_LINE,
    FONT,
    INK,
    NOT_KNOWN_YET,
    OUTCOME_LOOKS,
    PATH_PEN,
    POSSIBLE_FILL,
    POSSIBLE_INK,
    POSSIBLE_PEN,
    STILL_POSSIBLE,
    WARNING_FILL,
    Look,
    State,
    _html,
    _node_attrs,
    _width,
    _wrap,
)
from .labels import outcome_words

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "FADED_FILL",
    "FADED_LINE",
    "MARK_LOOKS",
    "NOT_KNOWN_YET",
    "OUTCOME_LOOKS",
    "PATH_PEN",
    "POSSIBLE_FILL",
    "POSSIBLE_INK",
    "STILL_POSSIBLE",
    "WARNING_FILL",
    "Look",
    "State",
    "outcome_words",
    "reconstructed_sources",
    "render",
    "still_possible",
]


def reconstructed_sources(graph: DecisionGraph) -> tuple[Source, ...]:
    """The sources of the graph's reconstructed nodes, in order of first use."""
    seen = dict.fromkeys(n.cite.source for n in graph.nodes if n.cite.reconstructed)
    return tuple(seen)


def _check_path(graph: DecisionGraph, path: Sequence[str]) -> None:
    unknown = [node_id for node_id in path if node_id not in graph.by_id]
    if unknown:
        raise ValueError(
            f"{graph.id}: the path names unknown node {unknown[0]!r} "
            f"(must be one of {[str(n.id) for n in graph.nodes]})"
        )
    edges = {(e.source, e.target) for e in graph.edges()}
    for source, target in itertools.pairwise(path):
        if (source, target) not in edges:
            raise ValueError(f"{graph.id}: the path goes {source!r} -> {target!r}, not an edge")


def _rank(graph: DecisionGraph) -> dict[str, int]:
    order = graph.topological_order()
    return {node_id: i for i, node_id in enumerate(order)}


def _spine(graph: DecisionGraph) -> tuple[str, ...]:
    """The nodes from the start, following steps and "no" answers, to the last outcome."""
    spine: list[str] = []
    node = graph[graph.start]
    while True:
        spine.append(node.id)
        if isinstance(node, Outcome):
            return tuple(spine)
        node = graph[node.next if isinstance(node, Step) else node.no]


def _rows(graph: DecisionGraph, spine: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Nodes that share a rank, so that the chart reads as a list.

    The "no" answers run down one column; an outcome reached by "yes" sits level with the
    last question that leads to it, to the right; first-response steps share one row.
    """
    position = _rank(graph)
    first = tuple(
        n.id for n in graph.nodes if isinstance(n, Step) and n.stage == Stage.FIRST_RESPONSE
    )
    rows: list[tuple[str, ...]] = [first] if len(first) > 1 else []
    for outcome in graph.outcomes:
        sources = [e.source for e in graph.edges() if e.target == outcome.id and e.answer == "yes"]
        if sources and outcome.id not in spine:
            rows.append((max(sources, key=position.__getitem__), outcome.id))
    return tuple(rows)


def still_possible(
    graph: DecisionGraph, path: Sequence[str], possible: Collection[str] | None = None
) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The nodes and edges from where ``path`` stops to the outcomes still ``possible``.

    Nothing when the path ends at an outcome. ``possible`` is every outcome still possible
    (``Explored.outcomes``); None takes every outcome below the open question. A node counts
    when some way from the open question through it reaches one of them.

    >>> from policy_model import PATHWAY
    >>> stop = ("never_view", "immediate_response", "tell_dsl", "initial_review", "everyone_adult")
    >>> nodes, edges = still_possible(PATHWAY, stop, {"adult_image_abuse"})
    >>> sorted(nodes), sorted(edges)
    (['adult_image_abuse'], [('everyone_adult', 'adult_image_abuse')])
    >>> nodes, _ = still_possible(PATHWAY, stop, {"refer_immediately"})
    >>> sorted(nodes)[:3]
    ['coerced_or_capacity', 'extreme_content', 'immediate_risk']
    """
    if not path or isinstance(graph[path[-1]], Outcome):
        return frozenset(), frozenset()
    edges = tuple(graph.edges())
    below: set[str] = set()
    todo = [path[-1]]
    while todo:
        source = todo.pop()
        fresh = [e.target for e in edges if e.source == source and e.target not in below]
        below.update(fresh)
        todo += fresh
    wanted = {o.id for o in graph.outcomes if o.id in below}
    if possible is not None:
        wanted &= set(possible)
    leads = set(wanted)
    for node_id in reversed(graph.topological_order()):  # outcomes first
        if any(e.source == node_id and e.target in leads for e in edges):
            leads.add(node_id)
    nodes = frozenset(str(n) for n in below & leads)
    return nodes, frozenset(
        (str(e.source), str(e.target))
        for e in edges
        if e.target in nodes and (e.source in nodes or e.source == path[-1])
    )


def _check_possible(graph: DecisionGraph, path: Sequence[str], possible: Collection[str]) -> None:
    outcomes = [str(o.id) for o in graph.outcomes]
    unknown = sorted(str(p) for p in possible if p not in outcomes)
    if unknown:
        raise ValueError(
            f"{graph.id}: {unknown[0]!r} is not an outcome (must be one of {outcomes})"
        )
    if path and isinstance(graph[path[-1]], Outcome) and set(possible) != {path[-1]}:
        raise ValueError(
            f"{graph.id}: the path ends at {path[-1]!r}, so no other outcome is possible"
        )


def render(
    graph: DecisionGraph,
    *,
    path: Sequence[str] | None = None,
    guidance: Guidance = AS_WRITTEN,
    possible: Collection[str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> graphviz.Digraph:
    """The graph as a flowchart; with ``path`` (node ids, as in ``Assessment.path``), that
    path is drawn bold and everything else faded.

    A path that stops at a question (``Assessment.open``: its answer is not known yet) has
    that question marked "not known yet", and the branches from it to the outcomes still
    ``possible`` (``Assessment.possible_pathways`` or ``possible_subtypes``; None: every
    outcome below it) drawn dashed in blue, with those outcomes marked "still possible".

    >>> from policy_model import TYPOLOGY, Incident, assess
    >>> a = assess(Incident(age_pictured=16, sharing="partner"))
    >>> src = render(TYPOLOGY, path=a.path[TYPOLOGY.id]).source
    >>> [line.split(" [")[0].strip() for line in src.splitlines() if "penwidth=3.5" in line][-1]
    'between_partners -> romantic'
    >>> "between_partners -> sexual_attention_seeking [color=#c8c8c8" in src.replace('"', "")
    True
    >>> b = assess(Incident.not_known(age_pictured=15, sharing="peers"))
    >>> src = render(TYPOLOGY, path=b.path[TYPOLOGY.id], possible=b.possible_subtypes).source
    >>> "involves_adult -> adult_involved [color=#1f5fa8" in src.replace('"', "")
    True

    ``marks`` (node id -> ``added``, ``removed`` or ``changed``) draws a comparison of two
    editions: added nodes with a thick green border, removed ones dashed and grey, changed
    ones with a thick blue border, each with its mark in its label.
    """
    if path is not None:
        _check_path(graph, path)
    elif possible is not None:
        raise ValueError(f"{graph.id}: what is still possible is drawn from a path; give one")
    if path is not None and possible is not None:
        _check_possible(graph, path, possible)
    on_path = set(path) if path is not None else set()
    path_edges = set(itertools.pairwise(path)) if path is not None else set()
    open_id = path[-1] if path and not isinstance(graph[path[-1]], Outcome) else None
    maybe_nodes, maybe_edges = still_possible(graph, path, possible) if path else ((), ())
    notes = reconstructed_sources(graph)
    spine = _spine(graph)
    rows = _rows(graph, spine)
    level = {pair for row in rows for pair in itertools.pairwise(row)}
    title = (
        f'<<FONT POINT-SIZE="18"><B>{html.escape(graph.title, quote=False)}</B></FONT><BR/>'
        f'<FONT POINT-SIZE="11">{_html(_wrap(f"Edition {guidance}", 100))}</FONT><BR/> >'
    )
    import graphviz  # only when drawing: importing this module stays cheap

    dot = graphviz.Digraph(
        name=graph.id,
        graph_attr={
            "label": title,
            "labelloc": "t",
            "fontname": FONT,
            "rankdir": "TB",
            "nodesep": "0.3",
            "ranksep": "0.25",
            "newrank": "true",
            "size": "8.3,11.7",
            "ratio": "compress",
            "pad": "0.3",
            "tooltip": graph.title,
        },
        node_attr={"fontname": FONT, "fontsize": "12", "color": INK, "penwidth": "1.2"},
        edge_attr={
            "labelfontname": FONT,
            "labelfontsize": "11",
            "color": "#4d4d4d",
            "arrowsize": "0.8",
        },
    )
    stages = [stage for stage in Stage if any(n.stage == stage for n in graph.nodes)]
    for number, stage in enumerate(stages, start=1):
        with dot.subgraph(name=f"cluster_{stage.name.lower()}") as cluster:
            cluster.attr(
                label=f"<<B>{number}. {_STAGE_TITLES[stage]}</B>>",
                labeljust="l",
                style="rounded",
                color="#b0b0b0",
                fontsize="13",
                tooltip=_STAGE_TITLES[stage],
            )
            for node in graph.nodes:
                if node.stage != stage:
                    continue
                note = notes.index(node.cite.source) + 1 if node.cite.reconstructed else None
                if path is None:
                    state = State.PLAIN
                elif node.id == open_id:
                    state = State.OPEN
                elif node.id in on_path:
                    state = State.PATH
                else:
                    state = State.POSSIBLE if node.id in maybe_nodes else State.FADED
                attrs = _node_attrs(node, state, note, _width(graph, node))
                if marks and node.id in marks:
                    _mark(attrs, marks[node.id])
                if node.id in spine:
                    attrs["group"] = "spine"
                cluster.node(str(node.id), **attrs)
    for edge in graph.edges():
        attrs = {"tooltip": f"{edge.source} -> {edge.target}"}
        if edge.answer is not None:
            attrs.update(taillabel=edge.answer, labeldistance="1.8", labelangle="40")
            if (edge.source, edge.target) in level:  # short: keep the answer off the outcome
                attrs.update(labeldistance="1.2", labelangle="60")
            else:  # (dot misplaces ports on level edges)
                attrs["tailport"] = "e" if edge.answer == "yes" else "s"
        if path is not None:
            if (edge.source, edge.target) in path_edges:
                attrs.update(color=INK, penwidth=PATH_PEN, labelfontcolor=INK, arrowsize="1.1")
                if edge.answer is not None:
                    attrs["taillabel"] = f"<<B>{edge.answer.upper()}</B>>"
            elif (edge.source, edge.target) in maybe_edges:
                attrs.update(
                    color=POSSIBLE_INK,
                    style="dashed",
                    penwidth=POSSIBLE_PEN,
                    labelfontcolor=POSSIBLE_INK,
                )
            else:
                attrs.update(color=FADED_LINE, labelfontcolor=FADED_INK)
        dot.edge(edge.source, edge.target, **attrs)
    legend = _legend(graph, notes, path is not None, open_id is not None)
    if marks:
        legend = legend.replace("</TABLE>>", _MARK_KEY + "</TABLE>>")
    dot.node("key", label=legend, shape="plaintext", tooltip="Key")
    for row in rows:
        with dot.subgraph() as same:
            same.attr(rank="same")
            for node_id in row:
                same.node(str(node_id))
    # The key goes under everything, below the column of questions.
    for outcome in graph.outcomes:
        dot.edge(str(outcome.id), "key", style="invis", weight="0")
    dot.edge(spine[-2], "key", style="invis", weight="10")
    return dot
