"""Decision graphs: steps, questions and outcomes, and walking one incident through them."""

from __future__ import annotations

import dataclasses
import enum
import itertools
from collections.abc import Iterator, Mapping

from .citations import Citation
from .columns import COLUMNS, MAX_AGE, MIN_AGE, Kind
from .conditions import (
    AllOf,
    Condition,
    Term,
    age_bounds,
    age_thresholds,
    conjoin,
    facts_used,
    open_reads,
    terms,
)
from .constraints import settled

__all__ = [
    "Action",
    "DecisionGraph",
    "Edge",
    "Explored",
    "Node",
    "Outcome",
    "Question",
    "Stage",
    "Step",
    "Walk",
    "explore",
    "targets",
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
    when: Condition | None = None
    """Asked for only where this holds (or may hold: it is shown while not known)."""


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

    @property
    def reads(self) -> tuple[str, ...]:
        """The facts the question reads, in order: the first not known is the one to ask."""
        return facts_used(self.when)


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """Where a walk ends: a subtype or a pathway, with the actions asked for there."""

    id: str
    label: str
    cite: Citation
    actions: tuple[Action, ...] = ()
    stage: Stage = Stage.OUTCOME


Node = Step | Question | Outcome


def targets(node: Node) -> tuple[str, ...]:
    """Where a node leads: a step to its next node, a question to yes then no, an outcome
    nowhere."""
    match node:
        case Step():
            return (node.next,)
        case Question():
            return (node.yes, node.no)
    return ()


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
        return frozenset(name for q in self.questions for name in q.reads)

    def age_lines(self) -> tuple[int, ...]:
        """The ages at which some question's answer can change, ascending."""
        return tuple(sorted(frozenset().union(*(age_thresholds(q.when) for q in self.questions))))

    def paths(self) -> Iterator[tuple[tuple[str, ...], tuple[tuple[Question, bool], ...]]]:
        """Every path from the start to an outcome, with the answers taken on the way."""

        def go(
            node_id: str, path: tuple[str, ...], answers: tuple[tuple[Question, bool], ...]
        ) -> Iterator[tuple[tuple[str, ...], tuple[tuple[Question, bool], ...]]]:
            node = self[node_id]
            path = (*path, node_id)
            match node:
                case Outcome():
                    yield path, answers
                case Step():
                    yield from go(node.next, path, answers)
                case Question():
                    yield from go(node.yes, path, (*answers, (node, True)))
                    yield from go(node.no, path, (*answers, (node, False)))

        yield from go(self.start, (), ())

    def outcome_terms(self, consistent: Condition | None = None) -> dict[str, list[Term]]:
        """For each outcome, the terms any of which leads there: the paths' conditions, each
        question taken as answered on the path, multiplied out. Exact: a term is a
        conjunction of per-variable constraints, and contradictory terms are dropped.
        ``consistent``: what every incident must meet (``constraints.consistent``); each term
        is taken together with it, so that only consistent incidents reach an outcome."""
        allowed: list[Term] = [{}] if consistent is None else terms(consistent)
        found: dict[str, list[Term]] = {o.id: [] for o in self.outcomes}
        for path, path_terms in self.path_terms():
            for term in path_terms:
                met = [both for each in allowed if (both := conjoin(term, each)) is not None]
                if term in met:  # the term alone already keeps the constraints
                    met = [term]
                for both in met:
                    if both not in found[path[-1]]:
                        found[path[-1]].append(both)
        return found

    def path_terms(self) -> Iterator[tuple[tuple[str, ...], list[Term]]]:
        """Every path (``paths``) with its answers' conditions multiplied out into terms; no
        terms when the answers cannot all hold together."""
        for path, answers in self.paths():
            partial: list[Term] = [{}]
            for question, answer in answers:
                partial = [
                    t
                    for a in partial
                    for b in terms(question.when, answer)
                    if (t := conjoin(a, b)) is not None
                ]
            yield path, partial

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
                answer = node.when.value(facts)
                if answer is None:
                    raise ValueError(f"{graph.id}: {node.id!r} reads a fact that is not known")
                answers.append((node, answer))
                node = graph[node.yes if answer else node.no]


@dataclasses.dataclass(frozen=True, slots=True)
class Explored:
    """One incident's way through a graph when some facts may be not known.

    ``outcomes``: every outcome still possible over all ways the unknown facts could turn out
    (one when the known facts settle it). ``path`` and ``answers``: the walk as far as the
    known facts take it; it ends at an outcome, or at ``open``, the first question they do
    not answer, whose first not-known fact is ``ask``.
    """

    outcomes: frozenset[str]
    path: tuple[str, ...]
    answers: tuple[tuple[Question, bool], ...]
    open: Question | None
    ask: str | None


def _candidates(name: str, value: object, lines: tuple[int, ...]) -> list[object]:
    """Values standing for every way the unknown ``name`` (now ``value``: not known, or an age
    range) could turn out: one per answer any question could give."""
    column = COLUMNS[name]
    if column.kind == Kind.FACT:
        return [True, False]
    if column.kind != Kind.AGE:
        return list(column.values)
    bounds = age_bounds(value)
    assert bounds is not None
    low, high = bounds
    edges = [MIN_AGE, *lines, MAX_AGE + 1]
    spans = [(lo, hi - 1) for lo, hi in itertools.pairwise(edges) if lo < hi]
    return [max(lo, low) for lo, hi in spans if lo <= high and hi >= low]


def explore(
    graph: DecisionGraph, facts: Mapping[str, object], *, consistent: AllOf | None = None
) -> Explored:
    """Walk as far as the known facts go, and find every outcome still possible.

    Where a question's answer is not known, the search splits on the first fact it leaves
    open (``open_reads``), trying every value that fact could take, and goes on from the same
    question: a fact read again further down keeps the value it was given (no
    over-approximation). ``consistent``: an outcome counts only where some completion of the
    facts still open meets it (``constraints.consistent``); the search splits on its facts
    too until it is settled. The walk follows the only answer a consistent incident can give
    (``constraints.settled``): an adult involved, ages not known, is not the 18+ route.
    """
    lines = tuple(
        sorted(set(graph.age_lines()) | (age_thresholds(consistent) if consistent else set()))
    )

    def split(node_id: str, values: dict[str, object], name: str) -> frozenset[str]:
        return frozenset().union(
            *(reach(node_id, {**values, name: v}) for v in _candidates(name, values[name], lines))
        )

    def reach(node_id: str, values: dict[str, object]) -> frozenset[str]:
        node = graph[str(node_id)]
        while not isinstance(node, Outcome):
            if isinstance(node, Step):
                node = graph[node.next]
                continue
            answer = node.when.value(values)
            if answer is None:
                return split(node.id, values, open_reads(node.when, values)[0])
            node = graph[node.yes if answer else node.no]
        if consistent is not None:
            met = consistent.value(values)
            if met is None:
                return split(node.id, values, open_reads(consistent, values)[0])
            if not met:
                return frozenset()
        return frozenset({str(node.id)})

    path: list[str] = []
    answers: list[tuple[Question, bool]] = []
    node = graph[graph.start]
    values = dict(facts)
    while True:
        path.append(str(node.id))
        match node:
            case Outcome():
                return Explored(reach(node.id, values), tuple(path), tuple(answers), None, None)
            case Step():
                node = graph[node.next]
            case Question():
                answer = settled(node.when, values, consistent)
                if answer is None:
                    ask = open_reads(node.when, values)[0]
                    return Explored(reach(node.id, values), tuple(path), tuple(answers), node, ask)
                answers.append((node, answer))
                node = graph[node.yes if answer else node.no]
