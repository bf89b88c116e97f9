"""Facts that constrain each other, declared once: what no incident can be.

The engines read these and nothing else: ``Incident`` and the loader refuse known facts that
break one (naming the row and the columns), ``explore`` and the terms behind ``assess_frame``
and the SQL query count only the completions of the unknown facts that keep every one, and
the exhaustive proofs check exactly that.

>>> from policy_model.model.parameters import AS_WRITTEN_LINES
>>> (rule,) = constraints(AS_WRITTEN_LINES)
>>> rule.holds.value({"adult_involved": True, "age_pictured": 19, "age_youngest_involved": 19})
False
>>> adults = {"age_pictured": 19, "age_youngest_involved": 19}
>>> rule.holds.value({"adult_involved": None, **adults}) is None  # only "no" is consistent
True
>>> rule.holds.value({"adult_involved": True, "age_pictured": 19, "age_youngest_involved": 12})
True
>>> rule.columns
('adult_involved', 'age_pictured', 'age_youngest_involved')
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping

from .citations import Citation, cite
from .conditions import (
    PICTURED,
    YOUNGEST,
    AgeAtMost,
    AllOf,
    AnyOf,
    Condition,
    Fact,
    Not,
    Term,
    all_of,
    any_of,
    facts_used,
    may_hold,
    terms,
)
from .parameters import Lines

__all__ = ["Constraint", "consistent", "constraints", "settled", "settling_terms", "violated"]


@dataclasses.dataclass(frozen=True, slots=True)
class Constraint:
    """Where ``when`` holds, ``requires`` must hold too; the sentence that says so."""

    id: str
    when: Condition
    requires: Condition
    message: str
    """Why the two cannot both be so, in plain words (for the loader's refusal)."""
    cite: Citation

    @property
    def holds(self) -> AnyOf:
        """The constraint as one condition: not ``when``, or ``requires``."""
        return any_of(Not(self.when), self.requires)

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns it reads, ``when``'s first: a refusal names them all."""
        return tuple(dict.fromkeys(facts_used(self.when) + facts_used(self.requires)))


def constraints(lines: Lines) -> tuple[Constraint, ...]:
    """The constraints between the facts, with the age lines the data is recorded by (every
    edition uses the guidance's own, 18: ``adult_involved`` records an adult of 18 or over,
    so a what-if that moves its adult line does not make a dataset contradict itself)."""
    child = lines.adult - 1
    return (
        Constraint(
            id="adult_involved_needs_a_child",
            when=Fact("adult_involved"),
            requires=any_of(AgeAtMost(child, of=PICTURED), AgeAtMost(child, of=YOUNGEST)),
            message=f"an adult involved with or of a child needs a child: someone pictured "
            f"under {lines.adult} when the imagery was made, or someone involved under "
            f"{lines.adult} now",
            cite=cite(
                "This may include the involvement of adults, for example soliciting sexual "
                "images from children and young people, or other illegal adult involvement.",
                "What is 'Sexting'?",
            ),
        ),
    )


def consistent(rules: tuple[Constraint, ...]) -> AllOf | None:
    """Every constraint at once (None: there are none)."""
    return all_of(*(r.holds for r in rules)) if rules else None


def violated(rules: tuple[Constraint, ...], facts: Mapping[str, object]) -> Constraint | None:
    """The first constraint the known facts surely break, if any."""
    return next((r for r in rules if r.holds.value(facts) is False), None)


@functools.cache
def settling_terms(condition: Condition, rules: AllOf) -> tuple[list[Term], list[Term]] | None:
    """The terms of ``condition`` and of its negation, each taken with the constraints; None
    when the two read no fact in common (the constraints then never settle it)."""
    if not set(facts_used(condition)) & set(facts_used(rules)):
        return None
    return terms(all_of(condition, rules)), terms(all_of(Not(condition), rules))


def settled(condition: Condition, facts: Mapping[str, object], rules: AllOf | None) -> bool | None:
    """``condition``'s answer where the facts leave it open but only one answer is possible
    for a consistent incident (an adult involved, ages not known: nobody can be 18 or over
    and everyone involved an adult), else its three-valued answer.

    >>> from policy_model.model.parameters import AS_WRITTEN_LINES
    >>> from policy_model.model.conditions import AgeAtLeast
    >>> rules = consistent(constraints(AS_WRITTEN_LINES))
    >>> both = all_of(AgeAtLeast(18, of=PICTURED), AgeAtLeast(18, of=YOUNGEST))
    >>> facts = {"adult_involved": True, PICTURED: None, YOUNGEST: None}
    >>> both.value(facts) is None, settled(both, facts, rules)
    (True, False)
    """
    found = condition.value(facts)
    if found is not None or rules is None:
        return found
    split = settling_terms(condition, rules)
    if split is None:
        return None
    yes = any(may_hold(t, facts) for t in split[0])
    no = any(may_hold(t, facts) for t in split[1])
    return None if yes == no else yes
