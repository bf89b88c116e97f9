"""The points under the guidance's four key questions that an incident's facts flag."""

from __future__ import annotations

from ...model.citations import cite
from ...model.conditions import PICTURED, YOUNGEST, AgeAtMost, Condition, Fact, Is, Not, any_of
from ...model.key_questions import Consideration
from ...model.parameters import Lines
from ...model.vocab import KeyQuestion

__all__ = ["considerations"]

_RISK = "Risk Management: key questions"


def _c(
    id: str,
    key: KeyQuestion,
    label: str,
    when: Condition,
    quote: str,
    unknown: Condition | None = None,
) -> Consideration:
    return Consideration(id, key, label, when, cite(quote, _RISK), unknown)


def considerations(lines: Lines) -> tuple[Consideration, ...]:
    """Every point under the four key questions, with the edition's age lines."""
    k = KeyQuestion
    aggravating = any_of(
        Fact("adult_involved"),
        Fact("intent_to_harm"),
        Fact("coercion"),
        Not(Fact("pictured_willing")),
    )
    return (
        _c("young_child", k.KNOWN, f"A child aged {lines.young_child} or under is involved",
           any_of(AgeAtMost(lines.young_child, of=YOUNGEST),
                  AgeAtMost(lines.young_child, of=PICTURED)),
           "Age of child(ren) or young people"),
        _c("previous_involvement", k.KNOWN, "Previous or current agency involvement",
           Fact("previous_agency_involvement"), "Previous/current agency involvement"),
        _c("vulnerable", k.KNOWN, "The young person is vulnerable (e.g. looked after, SEND)",
           Fact("vulnerable"), "Vulnerability e.g. looked after, SEND"),
        _c("immediate_risk", k.KNOWN, "Immediate risk of harm",
           Fact("immediate_risk"), "Immediate risk of harm"),
        _c("multiple_incidents", k.KNOWN, "Repeated incidents involving the same young people",
           Fact("multiple_incidents"), "Multiple incidents"),
        _c("public_sharing", k.SHARED, "Shared publicly (posted online or to groups)",
           Is("sharing", ("public",)), "Public or private"),
        _c("apps_services", k.SHARED, "The apps or services involved",
           Not(Is("platform", ("unknown",))), "Apps/services involved",
           unknown=Is("platform", ("unknown",))),
        _c("adult_involvement", k.INTENT, "An adult is involved",
           Fact("adult_involved"), "Adult involvement"),
        _c("coercion", k.INTENT, "Coercion, blackmail, threats or deception",
           Fact("coercion"), "Coercion or blackmail"),
        _c("capacity", k.INTENT, "Concern about the ability to consent",
           Fact("capacity_concern"), "Ability to “consent”"),
        _c("extreme", k.INTENT, "The imagery is extreme or violent",
           Fact("extreme_content"), "Image is extreme or violent"),
        _c("emotional_impact", k.IMPACT,
           "Shared to cause harm, or without the pictured young person's willing participation",
           any_of(Fact("intent_to_harm"), Not(Fact("pictured_willing"))), "Emotional impact"),
        _c("criminal_consequences", k.IMPACT,
           "Aggravating conduct: police may be involved; weigh the criminal consequences for "
           "the children", aggravating, "Criminal consequences"),
        _c("long_term_impact", k.IMPACT, "Imagery online may circulate for a long time",
           Is("sharing", ("public",)), "Potential long term impact"),
    )  # fmt: skip
