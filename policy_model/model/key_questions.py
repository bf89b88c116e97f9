"""The guidance's key questions, and which facts of an incident each one flags for attention."""

from __future__ import annotations

import dataclasses
import enum
from typing import Final

from .citations import Citation, cite
from .conditions import AgeAtMost, Condition, Fact, Is, Not, any_of

__all__ = ["CONSIDERATIONS", "Consideration", "KeyQuestion"]

_RISK = "Risk Management: key questions"


class KeyQuestion(enum.StrEnum):
    """The four key questions, in the guidance's words."""

    KNOWN = "What is already known about the child(ren) or young people involved?"
    SHARED = "How has the imagery been shared?"
    INTENT = (
        "What do we know about the intent or motivation behind creating or sharing the imagery?"
    )
    IMPACT = "What is the impact on the child(ren) or young people involved?"


@dataclasses.dataclass(frozen=True, slots=True)
class Consideration:
    """A point under a key question that the facts of an incident bring to attention."""

    id: str
    key_question: KeyQuestion
    label: str
    when: Condition
    cite: Citation


def _c(id: str, key: KeyQuestion, label: str, when: Condition, quote: str) -> Consideration:
    return Consideration(id, key, label, when, cite(quote, _RISK))


CONSIDERATIONS: Final = (
    _c("young_child", KeyQuestion.KNOWN, "A child aged 12 or under is pictured",
       AgeAtMost(12), "Age of child(ren) or young people"),
    _c("previous_involvement", KeyQuestion.KNOWN, "Previous or current agency involvement",
       Fact("previous_agency_involvement"), "Previous/current agency involvement"),
    _c("vulnerable", KeyQuestion.KNOWN, "The young person is vulnerable (e.g. looked after, SEND)",
       Fact("vulnerable"), "Vulnerability e.g. looked after, SEND"),
    _c("immediate_risk", KeyQuestion.KNOWN, "Immediate risk of harm",
       Fact("immediate_risk"), "Immediate risk of harm"),
    _c("multiple_incidents", KeyQuestion.KNOWN, "Repeated incidents involving the same young people",
       Fact("multiple_incidents"), "Multiple incidents"),
    _c("public_sharing", KeyQuestion.SHARED, "Shared publicly (posted online or to groups)",
       Is("sharing", ("public",)), "Public or private"),
    _c("adult_involvement", KeyQuestion.INTENT, "An adult is involved",
       Fact("adult_involved"), "Adult involvement"),
    _c("coercion", KeyQuestion.INTENT, "Coercion, blackmail, threats or deception",
       Fact("coercion"), "Coercion or blackmail"),
    _c("capacity", KeyQuestion.INTENT, "Concern about the ability to consent",
       Fact("capacity_concern"), "Ability to “consent”"),
    _c("extreme", KeyQuestion.INTENT, "The imagery is extreme or violent",
       Fact("extreme_content"), "Image is extreme or violent"),
    _c("emotional_impact", KeyQuestion.IMPACT,
       "Shared to cause harm, or without the pictured young person's willing participation",
       any_of(Fact("intent_to_harm"), Not(Fact("pictured_willing"))), "Emotional impact"),
    _c("long_term_impact", KeyQuestion.IMPACT, "Imagery online may circulate for a long time",
       Is("sharing", ("public",)), "Potential long term impact"),
)  # fmt: skip
