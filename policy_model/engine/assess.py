"""Assess one incident: what is settled, what is still possible, what to follow meanwhile,
what to ask next, and why, with the guidance behind each step.

>>> from policy_model import Incident, assess
>>> a = assess(Incident(age_pictured=14, intent_to_harm=True, sharing="peers"))
>>> print(a.category, a.subtype, a.pathway)
aggravated youth_intent_to_harm specialist_discussion
>>> a.path["typology"]
('pictured_is_adult', 'involves_adult', 'intent_to_harm', 'youth_intent_to_harm')
>>> b = assess(Incident.not_known(age_pictured=15, age_youngest_involved=15))
>>> print(b.pathway, b.precautionary_pathway, b.ask_next)
undetermined refer_immediately adult_involved
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Final

from ..editions import AS_WRITTEN
from ..model.citations import Citation
from ..model.coverage import notes, recorded_not_read
from ..model.graph import Action, DecisionGraph, Explored, Question, explore
from ..model.guidance import Guidance
from ..model.incident import Incident
from ..model.key_questions import KeyQuestion, Point, review
from ..model.readings import applied, read
from ..model.vocab import Category, Pathway, Subtype

__all__ = [
    "ASSUMED_YOUNGEST",
    "UNDETERMINED",
    "Assessment",
    "Reason",
    "ask_next",
    "assess",
    "brief",
    "explore_both",
    "reason_text",
]

ASSUMED_YOUNGEST: Final = "age_youngest_involved assumed the same as age_pictured"
"""What every output says when the youngest involved was assumed the same as the age
pictured (an ``Incident`` without it, or a mapping that states the assumption)."""

UNDETERMINED: Final = "undetermined"
"""The value of ``category``, ``subtype`` or ``pathway`` while more than one is possible."""


@dataclasses.dataclass(frozen=True, slots=True)
class Reason:
    """One step on the way to the outcome: an answered question, an open one, or the end."""

    node_id: str
    text: str
    cite: Citation


@dataclasses.dataclass(frozen=True, slots=True)
class Assessment:
    """What the guidance says about one incident, and why, given what is known so far."""

    incident: Incident
    guidance: Guidance
    category: str
    subtype: str
    pathway: str
    possible_subtypes: tuple[Subtype, ...]
    possible_pathways: tuple[Pathway, ...]
    precautionary_pathway: Pathway
    ask_next: str | None
    path: Mapping[str, tuple[str, ...]]
    """Each graph's path as far as the known facts determine it."""
    open: Mapping[str, Question | None]
    """Each graph's first question the known facts do not answer (None: none)."""
    reasons: tuple[Reason, ...]
    actions: tuple[Action, ...]
    key_questions: Mapping[KeyQuestion, tuple[Point, ...]]
    brief: str
    not_read: tuple[str, ...] = ()
    """Facts recorded for this incident that the edition does not read (``coverage``)."""

    @property
    def determined(self) -> bool:
        return self.subtype != UNDETERMINED and self.pathway != UNDETERMINED

    @property
    def guidance_version(self) -> str:
        return str(self.guidance)

    def summary(self) -> str:
        """A plain-text account: outcome or what is possible, reasons, actions, key questions."""
        g = self.guidance
        lines = [f"Category: {self.category}"]
        if self.subtype == UNDETERMINED:
            lines.append(
                f"Subtype:  not yet determined; possible: {', '.join(self.possible_subtypes)}"
            )
        else:
            lines.append(f"Subtype:  {self.subtype} ({g.typology[self.subtype].label})")
        if self.pathway == UNDETERMINED:
            lines += [
                f"Pathway:  not yet determined; possible: {', '.join(self.possible_pathways)}",
                f"Follow meanwhile (precautionary pathway): {self.precautionary_pathway} "
                f"({g.pathway[self.precautionary_pathway].label})",
            ]
        else:
            lines.append(f"Pathway:  {self.pathway} ({g.pathway[self.pathway].label})")
        if self.ask_next:
            lines.append(f"Ask next: {_question_for(self, self.ask_next)}")
        lines += ["", "Why:"]
        for reason in self.reasons:
            lines += [f"  - {reason.text}", f"      {reason.cite}"]
        lines += ["", "Actions:" if self.determined else "Actions (precautionary, until known):"]
        lines += [f"  - {action.text}" for action in self.actions]
        lines += ["", "Key questions:"]
        for key, points in self.key_questions.items():
            lines.append(f"  {key}")
            flagged = [p.consideration.label for p in points if p.known]
            unknown = [p.consideration.label for p in points if not p.known]
            lines.append(f"    flagged: {'; '.join(flagged) or 'nothing in the facts given'}")
            if unknown:
                lines.append(f"    not known yet: {'; '.join(unknown)}")
        if self.incident.youngest_assumed:
            lines += ["", f"Note: {ASSUMED_YOUNGEST} (not given)."]
        if self.not_read:
            lines += ["", "Recorded, but not read by this edition (no rule of it looks at them):"]
            lines += [f"  - {name.replace('_', ' ')}" for name in self.not_read]
        lines += ["", f"Guidance: {self.guidance_version}"]
        return "\n".join(lines)


def _question_for(assessment: Assessment, fact: str) -> str:
    opened = [q for q in reversed(list(assessment.open.values())) if q is not None]
    question = next((q for q in opened if fact in q.reads), opened[0])
    return f"{fact.replace('_', ' ')} ({question.label})"


def reason_text(question: Question, answer: bool) -> str:
    """How one answered question reads in an explanation."""
    return f"{question.label} {'Yes' if answer else 'No'}."


def explore_both(facts: Mapping[str, object], guidance: Guidance) -> tuple[Explored, Explored]:
    """The typology and the response pathway, each as far as the facts go; possible outcomes
    over the completions that meet the edition's constraints only."""
    consistent = guidance.consistent
    return (
        explore(guidance.typology, facts, consistent=consistent),
        explore(guidance.pathway, facts, consistent=consistent),
    )


def _reasons(graph: DecisionGraph, e: Explored) -> list[Reason]:
    reasons = [Reason(q.id, reason_text(q, answer), q.cite) for q, answer in e.answers]
    if e.open is not None:
        ask = e.ask or ""
        reasons.append(
            Reason(
                e.open.id, f"{e.open.label} Not known yet ({ask.replace('_', ' ')}).", e.open.cite
            )
        )
    else:
        outcome = graph[e.path[-1]]
        reasons.append(Reason(outcome.id, f"{graph.title}: {outcome.label}.", outcome.cite))
    return reasons


def ask_next(typology: Explored, pathway: Explored) -> str | None:
    """The question to answer next: the pathway's first not-known fact while the pathway is
    open, else the typology's while the subtype is."""
    if len(pathway.outcomes) > 1:
        return pathway.ask
    if len(typology.outcomes) > 1:
        return typology.ask
    return None


def _single(possible: tuple[str, ...]) -> str:
    return possible[0] if len(possible) == 1 else UNDETERMINED


def assess(incident: Incident, *, guidance: Guidance = AS_WRITTEN) -> Assessment:
    """Walk the typology and the response pathway for one incident, known facts and all."""
    recorded = incident.facts()
    facts = read(guidance.readings, recorded)
    typology, pathway = explore_both(facts, guidance)
    subtypes = tuple(s for s in Subtype if s in typology.outcomes)
    pathways = tuple(p for p in Pathway if p in pathway.outcomes)
    categories = tuple(dict.fromkeys(guidance.category(s) for s in subtypes))
    precaution = pathways[0]
    actions = [
        a
        for a in guidance.common_actions + guidance.pathway[precaution].actions  # type: ignore[union-attr]
        if a.when is None or a.when.value(facts) is not False
    ]
    return Assessment(
        incident=incident,
        guidance=guidance,
        category=_single(tuple(Category(c) for c in categories)),
        subtype=_single(subtypes),
        pathway=_single(pathways),
        possible_subtypes=subtypes,
        possible_pathways=pathways,
        precautionary_pathway=precaution,
        ask_next=ask_next(typology, pathway),
        path={guidance.typology.id: typology.path, guidance.pathway.id: pathway.path},
        open={guidance.typology.id: typology.open, guidance.pathway.id: pathway.open},
        reasons=tuple(
            [Reason(r.fact, r.text, r.cite) for r in applied(guidance.readings, recorded)]
            + _reasons(guidance.typology, typology)
            + _reasons(guidance.pathway, pathway)
        ),
        actions=tuple(actions),
        key_questions=review(guidance.considerations, facts),
        brief=brief(
            typology,
            pathway,
            youngest_assumed=incident.youngest_assumed,
            notes=notes(guidance, recorded),
        ),
        not_read=recorded_not_read(guidance, recorded),
    )


def brief(
    typology: Explored,
    pathway: Explored,
    *,
    youngest_assumed: bool = False,
    notes: tuple[str, ...] = (),
) -> str:
    """The one-line reasons written beside each row by ``assess_frame``.

    Each graph is a list of questions where the first "yes" decides, so the questions answered
    "yes" say why (the outcome has its own column); an open question says what is not known.
    """
    parts = []
    for name, e in (("typology", typology), ("pathway", pathway)):
        yes = [q.id.replace("_", " ") for q, answer in e.answers if answer]
        part = f"{name}: {', '.join(yes) or 'no concern applied'}"
        if e.open is not None:
            part += f", then {e.open.id.replace('_', ' ')}? not known ({e.ask})"
        parts.append(part)
    if youngest_assumed:
        parts.append(ASSUMED_YOUNGEST)
    parts += notes
    return "; ".join(parts)
