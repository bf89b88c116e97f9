"""An edition derived from another: its base's graphs with nodes changed, then checked."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Final

from .citations import Citation
from .column import Registry
from .graph import Action, DecisionGraph, Node, Outcome, targets
from .guidance import Guidance, Status
from .parameters import Lines
from .vocab import Pathway, Subtype

__all__ = ["NO_CHANGES", "Changes", "EditionError", "check", "derive"]


class EditionError(ValueError):
    """An edition that cannot be built or does not check: the message says where and why."""


@dataclasses.dataclass(frozen=True, slots=True)
class Changes:
    """What a derived edition does to one graph of its base."""

    replace: Mapping[str, Node] = dataclasses.field(default_factory=dict)
    """Nodes by id, each taking the place of the base's node with that id."""
    add: tuple[Node, ...] = ()
    """New nodes; each is placed just before the first node it leads to."""
    remove: tuple[str, ...] = ()
    """Node ids to leave out (nothing may still lead to them)."""
    title: str | None = None
    start: str | None = None


NO_CHANGES: Final = Changes()


def _apply(graph: DecisionGraph, changes: Changes, where: str) -> DecisionGraph:
    ids = set(graph.by_id)
    for node_id in (*changes.replace, *changes.remove):
        if node_id not in ids:
            raise EditionError(f"{where}: {graph.id} has no node {node_id!r} to change")
    for node in changes.add:
        if node.id in ids and node.id not in changes.remove:
            raise EditionError(f"{where}: {graph.id} already has a node {node.id!r}")
    nodes: list[Node] = [
        changes.replace.get(n.id, n) for n in graph.nodes if n.id not in changes.remove
    ]
    for node in changes.add:
        leads_to = targets(node)
        at = next((i for i, n in enumerate(nodes) if n.id in leads_to), len(nodes))
        nodes.insert(at, node)
    try:
        return DecisionGraph(
            id=graph.id,
            title=changes.title or graph.title,
            start=changes.start or graph.start,
            nodes=tuple(nodes),
        )
    except ValueError as error:
        raise EditionError(f"{where}: {error}") from None


def _actions(actions: tuple[Action, ...], replace: Mapping[str, Action]) -> tuple[Action, ...]:
    return tuple(replace.get(a.id, a) for a in actions)


def derive(
    base: Guidance,
    *,
    id: str,
    title: str,
    date: str,
    status: Status,
    sources: Sequence[object] = (),
    lines: Lines | None = None,
    pathway: Changes = NO_CHANGES,
    typology: Changes = NO_CHANGES,
    actions: Mapping[str, Action] | None = None,
    columns: Registry | None = None,
    where: str | None = None,
) -> Guidance:
    """A new edition from ``base``: its graphs changed, perhaps with other age lines.

    ``actions`` replaces common actions by id (and the same action wherever an outcome asks
    for it). With ``lines``, the base is drawn with those lines first (``with_lines``);
    ``columns``: the edition's own (by default its base's).
    """
    where = where or id
    if lines is not None:
        base = base.with_lines(lines)
    replace = dict(actions or {})

    def with_actions(graph: DecisionGraph) -> DecisionGraph:
        if not replace:
            return graph
        nodes = tuple(
            dataclasses.replace(n, actions=_actions(n.actions, replace))
            if isinstance(n, Outcome)
            else n
            for n in graph.nodes
        )
        return DecisionGraph(id=graph.id, title=graph.title, start=graph.start, nodes=nodes)

    guidance = dataclasses.replace(
        base,
        id=id,
        title=title,
        date=date,
        status=status,
        sources=tuple(dict.fromkeys((*base.sources, *sources))),  # type: ignore[arg-type]
        typology=with_actions(_apply(base.typology, typology, where)),
        pathway=with_actions(_apply(base.pathway, pathway, where)),
        common_actions=_actions(base.common_actions, replace),
        base=base.id,
        columns=columns or base.columns,
        redraw=None,
    )
    check(guidance, where=where)
    return guidance


def _satisfiable_nodes(graph: DecisionGraph) -> set[str]:
    """Nodes on some path whose answers can all hold together."""
    return {node_id for path, path_terms in graph.path_terms() if path_terms for node_id in path}


def check(guidance: Guidance, *, where: str | None = None) -> None:
    """Raise ``EditionError`` unless every node is reachable and cited, every fact a rule reads
    is a dataset column, and the outcomes are exactly the subtypes and the pathways."""
    where = where or guidance.id
    problems: list[str] = []
    for graph, slugs in ((guidance.typology, Subtype), (guidance.pathway, Pathway)):
        outcomes = {o.id for o in graph.outcomes}
        if outcomes != {s.value for s in slugs}:
            problems.append(
                f"{graph.id}: its outcomes must be {sorted(s.value for s in slugs)}, "
                f"not {sorted(outcomes)}"
            )
        unknown = sorted(graph.facts_used() - set(guidance.columns))
        if unknown:
            problems.append(f"{graph.id}: reads {unknown}, not columns of the edition (facts.yaml)")
        reachable = _satisfiable_nodes(graph)
        for node in graph.nodes:
            if node.id not in reachable:
                problems.append(f"{graph.id}: no incident can reach {str(node.id)!r}")
            cites: list[tuple[str, Citation | None]] = [(node.id, node.cite)]
            if isinstance(node, Outcome):
                cites += [(f"{node.id}: {a.id}", a.cite) for a in node.actions]
            for name, cite in cites:
                if cite is None or not (cite.quote.strip() and cite.section.strip()):
                    problems.append(f"{graph.id}: {name} cites no source")
    if problems:
        raise EditionError(f"{where}: " + "; ".join(problems))
