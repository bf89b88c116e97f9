"""The guidance's four key questions, and the points under each that an incident's facts flag,
or leave not known."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .citations import Citation, cite
from .conditions import PICTURED, YOUNGEST, AgeAtMost, Condition, Fact, Is, Not, any_of
from .parameters import Lines
from .vocab import KeyQuestion

__all__ = ["Consideration", "KeyQuestion", "Point", "considerations", "review"]

_RISK = "Risk Management: key questions"


@dataclasses.dataclass(frozen=True, slots=True)
class Consideration:
    """A point under a key question: flagged where ``when`` holds, not known where it may."""

    id: str
    key_question: KeyQuestion
    label: str
    when: Condition
    cite: Citation
    unknown: Condition | None = None
    """Where the point is not known though ``when`` answers (e.g. platform recorded unknown)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    """One consideration as it stands for an incident."""

    consideration: Consideration
    known: bool
    """False: the facts that decide it are not known yet."""


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


def review(
    points: tuple[Consideration, ...], facts: Mapping[str, object]
) -> dict[KeyQuestion, tuple[Point, ...]]:
    """All four key questions, each with the points its facts flag or leave not known."""
    found: dict[KeyQuestion, list[Point]] = {k: [] for k in KeyQuestion}
    for c in points:
        value = c.when.value(facts)
        if (c.unknown is not None and c.unknown.value(facts)) or value is None:
            found[c.key_question].append(Point(c, known=False))
        elif value:
            found[c.key_question].append(Point(c, known=True))
    return {k: tuple(v) for k, v in found.items()}
