"""What changed between two editions: steps added, removed, reworded, re-cited, rerouted.

>>> from policy_model.editions import AS_WRITTEN, PROPOSED
>>> changes = diff(AS_WRITTEN, PROPOSED)
>>> [(c.graph, c.node, [str(k) for k in c.kinds]) for c in changes if c.node == "financial_extortion"]
[('response_pathway', 'financial_extortion', ['added'])]
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence

from .graph import DecisionGraph, Node, Outcome, Question, targets
from .guidance import Guidance

__all__ = ["Change", "Kind", "diff", "marks"]


class Kind(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    RECITED = "re-cited"
    REROUTED = "rerouted"
    RULE = "rule changed"
    ACTIONS = "actions changed"


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    graph: str
    node: str
    kinds: tuple[str, ...]
    before: str
    after: str

    @property
    def mark(self) -> str:
        """How the flowcharts mark it: added, removed or changed."""
        if Kind.ADDED in self.kinds:
            return "added"
        if Kind.REMOVED in self.kinds:
            return "removed"
        return "changed"


def _kinds(a: Node, b: Node) -> tuple[str, ...]:
    kinds: list[str] = []
    if a.label != b.label:
        kinds.append(Kind.REWORDED)
    if a.cite != b.cite:
        kinds.append(Kind.RECITED)
    if targets(a) != targets(b):
        kinds.append(Kind.REROUTED)
    if isinstance(a, Question) and isinstance(b, Question) and a.when != b.when:
        kinds.append(Kind.RULE)
    if isinstance(a, Outcome) and isinstance(b, Outcome) and a.actions != b.actions:
        kinds.append(Kind.ACTIONS)
    return tuple(kinds)


def _graph(a: DecisionGraph, b: DecisionGraph) -> list[Change]:
    found: list[Change] = []
    for node in b.nodes:
        if node.id not in a.by_id:
            found.append(Change(b.id, str(node.id), (Kind.ADDED,), "", node.label))
        else:
            kinds = _kinds(a[node.id], node)
            if kinds:
                found.append(Change(b.id, str(node.id), kinds, a[node.id].label, node.label))
    for node in a.nodes:
        if node.id not in b.by_id:
            found.append(Change(a.id, str(node.id), (Kind.REMOVED,), node.label, ""))
    return found


def diff(a: Guidance, b: Guidance) -> list[Change]:
    """Every changed node of the two graphs, the response pathway first."""
    return _graph(a.pathway, b.pathway) + _graph(a.typology, b.typology)


def marks(changes: Sequence[Change], graph_id: str, *, side: str) -> dict[str, str]:
    """Node id -> mark for one graph: ``side`` "old" marks the removed, "new" the rest."""
    wanted = {"old": ("removed",), "new": ("added", "changed")}[side]
    return {c.node: c.mark for c in changes if c.graph == graph_id and c.mark in wanted}
