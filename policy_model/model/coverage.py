"""Which recorded facts an edition reads, and which it does not: nothing recorded is ignored
in silence.

An edition reads a column when a question of its graphs, an action's condition, a key
question's point or a reading (``readings``) looks at it. Every other column that describes
the incident (all but the record-keeping ones, ``CONTEXT``) is *not read* by that edition, and
wherever such a column is recorded yes for an incident, every output says so.

>>> from policy_model.editions import AS_WRITTEN
>>> "financial_extortion" in facts_read(AS_WRITTEN)
True
>>> "ai_generated" in not_read(AS_WRITTEN)
True
>>> recorded_not_read(AS_WRITTEN, {"ai_generated": True})
('ai_generated',)
"""

from __future__ import annotations

from collections.abc import Mapping

from .columns import COLUMNS, CONTEXT
from .conditions import facts_used
from .guidance import Guidance
from .readings import applied

__all__ = ["facts_read", "not_read", "not_read_note", "notes", "recorded_not_read"]


def facts_read(guidance: Guidance) -> frozenset[str]:
    """Every column the edition looks at, anywhere."""
    found: set[str] = set(guidance.typology.facts_used() | guidance.pathway.facts_used())
    actions = [*guidance.common_actions]
    actions += [a for o in guidance.pathway.outcomes for a in o.actions]
    found |= {n for a in actions if a.when is not None for n in facts_used(a.when)}
    for point in guidance.considerations:
        found |= set(facts_used(point.when))
        if point.unknown is not None:
            found |= set(facts_used(point.unknown))
    found |= {r.fact for r in guidance.readings}
    return frozenset(found)


def not_read(guidance: Guidance) -> tuple[str, ...]:
    """The columns describing an incident that the edition does not read, in dataset order."""
    read = facts_read(guidance)
    return tuple(
        name for name, column in COLUMNS.items() if column.group != CONTEXT and name not in read
    )


def recorded_not_read(guidance: Guidance, facts: Mapping[str, object]) -> tuple[str, ...]:
    """The columns the edition does not read that these facts record (yes, or a value)."""
    return tuple(n for n in not_read(guidance) if facts.get(n) not in (None, False))


def not_read_note(names: tuple[str, ...]) -> str:
    """How the reasons say that recorded facts were not read."""
    return f"recorded, not read by this edition: {', '.join(names)}"


def notes(guidance: Guidance, facts: Mapping[str, object]) -> tuple[str, ...]:
    """The short notes an incident's one-line reasons carry: readings applied, and recorded
    facts the edition does not read."""
    found = [f"{r.fact} read as {r.reads_as}" for r in applied(guidance.readings, facts)]
    unread = recorded_not_read(guidance, facts)
    if unread:
        found.append(not_read_note(unread))
    return tuple(found)
