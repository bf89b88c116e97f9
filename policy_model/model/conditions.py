"""Conditions on the facts of an incident, declared as data so they can be shown and vectorised.

>>> from policy_model.model.conditions import AgeAtMost, Fact, any_of
>>> rule = any_of(Fact("vulnerable"), AgeAtMost(12))
>>> rule.holds({"vulnerable": False, "age_pictured": 12})
True
>>> rule.describe()
'vulnerable or age pictured is 12 or under'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

__all__ = [
    "AgeAtLeast",
    "AgeAtMost",
    "AllOf",
    "AnyOf",
    "Condition",
    "Fact",
    "Is",
    "Not",
    "age_thresholds",
    "all_of",
    "any_of",
    "facts_used",
]

Facts = Mapping[str, object]


@dataclasses.dataclass(frozen=True, slots=True)
class Fact:
    """A boolean fact is true."""

    name: str

    def holds(self, facts: Facts) -> bool:
        return facts[self.name] is True

    def describe(self) -> str:
        return self.name.replace("_", " ")


@dataclasses.dataclass(frozen=True, slots=True)
class Is:
    """A categorical fact (or the derived ``category``) has one of some values."""

    name: str
    values: tuple[str, ...]

    def holds(self, facts: Facts) -> bool:
        return facts[self.name] in self.values

    def describe(self) -> str:
        return f"{self.name.replace('_', ' ')} is {' or '.join(self.values)}"


@dataclasses.dataclass(frozen=True, slots=True)
class AgeAtLeast:
    """The youngest person pictured is at least this age."""

    years: int

    def holds(self, facts: Facts) -> bool:
        age = facts["age_pictured"]
        assert isinstance(age, int)
        return age >= self.years

    def describe(self) -> str:
        return f"age pictured is {self.years} or over"


@dataclasses.dataclass(frozen=True, slots=True)
class AgeAtMost:
    """The youngest person pictured is at most this age."""

    years: int

    def holds(self, facts: Facts) -> bool:
        age = facts["age_pictured"]
        assert isinstance(age, int)
        return age <= self.years

    def describe(self) -> str:
        return f"age pictured is {self.years} or under"


@dataclasses.dataclass(frozen=True, slots=True)
class Not:
    operand: Condition

    def holds(self, facts: Facts) -> bool:
        return not self.operand.holds(facts)

    def describe(self) -> str:
        return f"not ({self.operand.describe()})"


@dataclasses.dataclass(frozen=True, slots=True)
class AnyOf:
    operands: tuple[Condition, ...]

    def holds(self, facts: Facts) -> bool:
        return any(c.holds(facts) for c in self.operands)

    def describe(self) -> str:
        return " or ".join(c.describe() for c in self.operands)


@dataclasses.dataclass(frozen=True, slots=True)
class AllOf:
    operands: tuple[Condition, ...]

    def holds(self, facts: Facts) -> bool:
        return all(c.holds(facts) for c in self.operands)

    def describe(self) -> str:
        return " and ".join(c.describe() for c in self.operands)


Condition = Fact | Is | AgeAtLeast | AgeAtMost | Not | AnyOf | AllOf


def any_of(*operands: Condition) -> AnyOf:
    return AnyOf(operands)


def all_of(*operands: Condition) -> AllOf:
    return AllOf(operands)


def _children(condition: Condition) -> tuple[Condition, ...]:
    match condition:
        case Not(operand):
            return (operand,)
        case AnyOf(operands) | AllOf(operands):
            return operands
        case _:
            return ()


def _walk(condition: Condition) -> list[Condition]:
    found = [condition]
    for child in _children(condition):
        found.extend(_walk(child))
    return found


def facts_used(condition: Condition) -> frozenset[str]:
    """The names of the facts a condition reads."""
    names: set[str] = set()
    for c in _walk(condition):
        match c:
            case Fact(name) | Is(name, _):
                names.add(name)
            case AgeAtLeast() | AgeAtMost():
                names.add("age_pictured")
    return frozenset(names)


def age_thresholds(condition: Condition) -> frozenset[int]:
    """Each age at which the condition can change its answer (the first age of the new answer)."""
    found: set[int] = set()
    for c in _walk(condition):
        match c:
            case AgeAtLeast(years):
                found.add(years)
            case AgeAtMost(years):
                found.add(years + 1)
    return frozenset(found)
