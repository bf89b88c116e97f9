"""Assess one incident: its subtype, its pathway, and why, with the guidance behind each step.

>>> from policy_model import Incident, assess
>>> a = assess(Incident(age_pictured=14, intent_to_harm=True, sharing="peers"))
>>> print(a.category, a.subtype, a.pathway)
aggravated youth_intent_to_harm specialist_discussion
>>> a.path["typology"]
('pictured_is_adult', 'involves_adult', 'intent_to_harm', 'youth_intent_to_harm')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..model.citations import VERSION, Citation, GuidanceVersion
from ..model.graph import Action, DecisionGraph, Question, Walk, walk
from ..model.incident import Incident
from ..model.key_questions import CONSIDERATIONS, Consideration
from ..model.pathway import COMMON_ACTIONS, PATHWAY
from ..model.typology import TYPOLOGY
from ..model.vocab import SUBTYPE_CATEGORY, Category, Pathway, Subtype

__all__ = ["Assessment", "Reason", "assess", "brief", "reason_text", "walk_both"]


@dataclasses.dataclass(frozen=True, slots=True)
class Reason:
    """One answered question on the way to the outcome."""

    node_id: str
    text: str
    cite: Citation


@dataclasses.dataclass(frozen=True, slots=True)
class Assessment:
    """What the guidance says about one incident, and why."""

    incident: Incident
    category: Category
    subtype: Subtype
    pathway: Pathway
    path: Mapping[str, tuple[str, ...]]
    reasons: tuple[Reason, ...]
    actions: tuple[Action, ...]
    considerations: tuple[Consideration, ...]
    brief: str
    guidance_version: GuidanceVersion = VERSION

    def summary(self) -> str:
        """A plain-text account: outcome, reasons with citations, actions, considerations."""
        lines = [
            f"Category: {self.category}",
            f"Subtype:  {self.subtype} ({TYPOLOGY[self.subtype].label})",
            f"Pathway:  {self.pathway} ({PATHWAY[self.pathway].label})",
            "",
            "Why:",
        ]
        for reason in self.reasons:
            lines += [f"  - {reason.text}", f"      {reason.cite}"]
        lines += ["", "Actions:"]
        lines += [f"  - {action.text}" for action in self.actions]
        if self.considerations:
            lines += ["", "Key questions to consider:"]
            lines += [f"  - {c.key_question}: {c.label}" for c in self.considerations]
        lines += ["", f"Guidance: {self.guidance_version}"]
        return "\n".join(lines)


def reason_text(question: Question, answer: bool) -> str:
    """How one answered question reads in an explanation."""
    return f"{question.label} {'Yes' if answer else 'No'}."


def walk_both(facts: Mapping[str, object]) -> tuple[Walk, Walk]:
    """The typology walk, then the pathway walk (which reads the typology's category)."""
    typology = walk(TYPOLOGY, facts)
    category = SUBTYPE_CATEGORY[Subtype(typology.outcome.id)]
    pathway = walk(PATHWAY, {**facts, "category": category})
    return typology, pathway


def _reasons(graph: DecisionGraph, w: Walk) -> list[Reason]:
    reasons = [Reason(q.id, reason_text(q, answer), q.cite) for q, answer in w.answers]
    outcome = w.outcome
    reasons.append(Reason(outcome.id, f"{graph.title}: {outcome.label}.", outcome.cite))
    return reasons


def assess(incident: Incident) -> Assessment:
    """Walk the typology and the response pathway for one incident."""
    facts = incident.facts()
    typology, pathway = walk_both(facts)
    subtype = Subtype(typology.outcome.id)
    outcome = pathway.outcome
    return Assessment(
        incident=incident,
        category=SUBTYPE_CATEGORY[subtype],
        subtype=subtype,
        pathway=Pathway(outcome.id),
        path={TYPOLOGY.id: typology.path, PATHWAY.id: pathway.path},
        reasons=tuple(_reasons(TYPOLOGY, typology) + _reasons(PATHWAY, pathway)),
        actions=COMMON_ACTIONS + outcome.actions,
        considerations=tuple(c for c in CONSIDERATIONS if c.when.holds(facts)),
        brief=brief(typology, pathway),
    )


def brief(typology: Walk, pathway: Walk) -> str:
    """The one-line reasons written beside each row by ``assess_frame``.

    Each graph is a list of questions where the first "yes" decides, so the questions answered
    "yes" say why (the outcome itself has its own column).
    """
    parts = []
    for name, w in (("typology", typology), ("pathway", pathway)):
        yes = [q.id.replace("_", " ") for q, answer in w.answers if answer]
        parts.append(f"{name}: {', '.join(yes) or 'no concern applied'}")
    return "; ".join(parts)
