"""Decision graphs: steps, questions and outcomes, and walking one incident through them."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator, Mapping

from .citations import Citation
from .conditions import Condition, facts_used

__all__ = [
    "Action",
    "DecisionGraph",
    "Edge",
    "Node",
    "Outcome",
    "Question",
    "Stage",
    "Step",
    "Walk",
    "walk",
]


class Stage(enum.StrEnum):
    """The stages the flowcharts group their nodes into."""

    FIRST_RESPONSE = "first response"
    INITIAL_REVIEW = "initial review"
    DECISION = "decision"
    OUTCOME = "outcome"


@dataclasses.dataclass(frozen=True, slots=True)
class Action:
    """Something the guidance asks professionals to do at an outcome."""

    id: str
    text: str
    cite: Citation


@dataclasses.dataclass(frozen=True, slots=True)
class Step:
    """An instruction on the way through; it always leads on to ``next``."""

    id: str
    label: str
    cite: Citation
    next: str
    stage: Stage = Stage.FIRST_RESPONSE


@dataclasses.dataclass(frozen=True, slots=True)
class Question:
    """A yes/no question answered from the facts by ``when``."""

    id: str
    label: str
    cite: Citation
    when: Condition
    yes: str
    no: str
    stage: Stage = Stage.DECISION


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """Where a walk ends: a subtype or a pathway, with the actions asked for there."""

    id: str
    label: str
    cite: Citation
    actions: tuple[Action, ...] = ()
    stage: Stage = Stage.OUTCOME


Node = Step | Question | Outcome


@dataclasses.dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    answer: str | None  # "yes" / "no" for a question, None for a step


@dataclasses.dataclass(frozen=True, slots=True)
class Walk:
    """One incident's way through a graph: the outcome and the nodes visited, in order."""

    outcome: Outcome
    path: tuple[str, ...]
    answers: tuple[tuple[Question, bool], ...]


@dataclasses.dataclass(frozen=True, slots=True)
class DecisionGraph:
    """A rooted, acyclic graph of steps and questions ending in outcomes."""

    id: str
    title: str
    start: str
    nodes: tuple[Node, ...]
    by_id: Mapping[str, Node] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Node] = {}
        for node in self.nodes:
            if node.id in by_id:
                raise ValueError(f"{self.id}: duplicate node id {node.id!r}")
            by_id[node.id] = node
        object.__setattr__(self, "by_id", by_id)
        for edge in self.edges():
            if edge.target not in by_id:
                raise ValueError(
                    f"{self.id}: {edge.source!r} leads to unknown node {edge.target!r}"
                )
        if self.start not in by_id:
            raise ValueError(f"{self.id}: unknown start node {self.start!r}")
        self._check_acyclic()

    def __getitem__(self, node_id: str) -> Node:
        return self.by_id[node_id]

    def edges(self) -> Iterator[Edge]:
        for node in self.nodes:
            match node:
                case Step():
                    yield Edge(node.id, node.next, None)
                case Question():
                    yield Edge(node.id, node.yes, "yes")
                    yield Edge(node.id, node.no, "no")

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(n for n in self.nodes if isinstance(n, Question))

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(n for n in self.nodes if isinstance(n, Outcome))

    def facts_used(self) -> frozenset[str]:
        """Every fact any question of this graph reads."""
        return frozenset().union(*(facts_used(q.when) for q in self.questions))

    def topological_order(self) -> tuple[str, ...]:
        """Node ids such that every edge points forward."""
        order: list[str] = []
        seen: set[str] = set()

        def visit(node_id: str) -> None:
            if node_id in seen:
                return
            seen.add(node_id)
            for edge in self.edges():
                if edge.source == node_id:
                    visit(edge.target)
            order.append(node_id)

        for node in self.nodes:
            visit(node.id)
        return tuple(reversed(order))

    def _check_acyclic(self) -> None:
        position = {node_id: i for i, node_id in enumerate(self.topological_order())}
        for edge in self.edges():
            if position[edge.source] >= position[edge.target]:
                raise ValueError(f"{self.id}: cycle through {edge.source!r} -> {edge.target!r}")


def walk(graph: DecisionGraph, facts: Mapping[str, object]) -> Walk:
    """Follow the graph from its start, answering each question from the facts."""
    path: list[str] = []
    answers: list[tuple[Question, bool]] = []
    node = graph[graph.start]
    while True:
        path.append(str(node.id))
        match node:
            case Outcome():
                return Walk(node, tuple(path), tuple(answers))
            case Step():
                node = graph[node.next]
            case Question():
                answer = node.when.holds(facts)
                answers.append((node, answer))
                node = graph[node.yes if answer else node.no]
