"""Conditions on the facts of an incident, declared as data so they can be shown and compiled.

A condition reads facts that may be not known (``None``): ``value`` answers in three-valued
(Kleene) logic, ``True``, ``False`` or ``None`` when the known facts do not settle it.
``terms`` turns a condition into a disjunction of terms, each a constraint per variable, which
is how the frame and SQL evaluations decide exactly what is still possible.

>>> from policy_model.model.conditions import AgeAtMost, Fact, any_of
>>> rule = any_of(Fact("vulnerable"), AgeAtMost(12))
>>> rule.value({"vulnerable": False, "age_pictured": 12})
True
>>> rule.value({"vulnerable": None, "age_pictured": 14}) is None
True
>>> rule.describe()
'vulnerable or age pictured is 12 or under'
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from typing import Final

from .columns import COLUMNS, MAX_AGE, MIN_AGE, Kind

__all__ = [
    "PICTURED",
    "YOUNGEST",
    "AgeAtLeast",
    "AgeAtMost",
    "AllOf",
    "AnyOf",
    "Condition",
    "Constraint",
    "Fact",
    "Is",
    "Not",
    "Term",
    "age_thresholds",
    "all_of",
    "any_of",
    "conjoin",
    "facts_used",
    "terms",
]

Facts = Mapping[str, object]
PICTURED: Final = "age_pictured"
YOUNGEST: Final = "age_youngest_involved"
_AGE_WORDS: Final = {PICTURED: "age pictured", YOUNGEST: "youngest involved"}


@dataclasses.dataclass(frozen=True, slots=True)
class Fact:
    """A yes/no fact is yes."""

    name: str

    def value(self, facts: Facts) -> bool | None:
        found = facts[self.name]
        return None if found is None else found is True

    def describe(self) -> str:
        return self.name.replace("_", " ")


@dataclasses.dataclass(frozen=True, slots=True)
class Is:
    """A categorical fact has one of some values."""

    name: str
    values: tuple[str, ...]

    def value(self, facts: Facts) -> bool | None:
        found = facts[self.name]
        return None if found is None else found in self.values

    def describe(self) -> str:
        return f"{self.name.replace('_', ' ')} is {' or '.join(self.values)}"


def _bounds(of: str, facts: Facts) -> tuple[int, int]:
    """The ages a not-known age could be, given the other age: the youngest involved is at
    most the age pictured, and the age pictured at least the youngest involved."""
    other = facts.get(YOUNGEST if of == PICTURED else PICTURED)
    if not isinstance(other, int) or isinstance(other, bool):
        return MIN_AGE, MAX_AGE
    return (other, MAX_AGE) if of == PICTURED else (MIN_AGE, other)


@dataclasses.dataclass(frozen=True, slots=True)
class AgeAtLeast:
    """An age (``of``: the youngest pictured, or the youngest involved) is at least ``years``."""

    years: int
    of: str = PICTURED

    def value(self, facts: Facts) -> bool | None:
        age = facts[self.of]
        if age is None:  # the youngest involved is never older than the youngest pictured
            low, high = _bounds(self.of, facts)
            return True if low >= self.years else (False if high < self.years else None)
        return bool(age >= self.years)  # type: ignore[operator]

    def describe(self) -> str:
        return f"{_AGE_WORDS[self.of]} is {self.years} or over"


@dataclasses.dataclass(frozen=True, slots=True)
class AgeAtMost:
    """An age (``of``: the youngest pictured, or the youngest involved) is at most ``years``."""

    years: int
    of: str = PICTURED

    def value(self, facts: Facts) -> bool | None:
        age = facts[self.of]
        if age is None:
            low, high = _bounds(self.of, facts)
            return True if high <= self.years else (False if low > self.years else None)
        return bool(age <= self.years)  # type: ignore[operator]

    def describe(self) -> str:
        return f"{_AGE_WORDS[self.of]} is {self.years} or under"


@dataclasses.dataclass(frozen=True, slots=True)
class Not:
    operand: Condition

    def value(self, facts: Facts) -> bool | None:
        found = self.operand.value(facts)
        return None if found is None else not found

    def describe(self) -> str:
        return f"not ({self.operand.describe()})"


@dataclasses.dataclass(frozen=True, slots=True)
class AnyOf:
    operands: tuple[Condition, ...]

    def value(self, facts: Facts) -> bool | None:
        found = [c.value(facts) for c in self.operands]
        return True if True in found else (None if None in found else False)

    def describe(self) -> str:
        return " or ".join(c.describe() for c in self.operands)


@dataclasses.dataclass(frozen=True, slots=True)
class AllOf:
    operands: tuple[Condition, ...]

    def value(self, facts: Facts) -> bool | None:
        found = [c.value(facts) for c in self.operands]
        return False if False in found else (None if None in found else True)

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


def facts_used(condition: Condition) -> tuple[str, ...]:
    """The names of the facts a condition reads, in the order it reads them."""
    names: dict[str, None] = {}
    for c in _walk(condition):
        match c:
            case Fact(name) | Is(name, _):
                names[name] = None
            case AgeAtLeast(_, of) | AgeAtMost(_, of):
                names[of] = None
    return tuple(names)


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


# ---- terms: a condition as a disjunction of per-variable constraints ------------------------

Constraint = frozenset[object] | tuple[int, int]
"""The values a term allows one variable: a set of values, or an age range ``(lo, hi)``."""
Term = Mapping[str, Constraint]
"""A conjunction: every variable named must meet its constraint; the others are free."""


def _domain(name: str) -> Constraint:
    column = COLUMNS[name]
    if column.kind == Kind.AGE:
        return (MIN_AGE, MAX_AGE)
    if column.kind == Kind.FACT:
        return frozenset({True, False})
    return frozenset(column.values)


def _meet(a: Constraint, b: Constraint) -> Constraint | None:
    if isinstance(a, tuple) and isinstance(b, tuple):
        lo, hi = max(a[0], b[0]), min(a[1], b[1])
        return (lo, hi) if lo <= hi else None
    assert isinstance(a, frozenset) and isinstance(b, frozenset)
    both = a & b
    return both or None


def conjoin(a: Term, b: Term) -> Term | None:
    """Both terms at once, or None when they contradict each other."""
    out = dict(a)
    for name, constraint in b.items():
        met = _meet(out[name], constraint) if name in out else constraint
        if met is None:
            return None
        out[name] = met
    return out


def _atom(condition: Condition, positive: bool) -> list[dict[str, Constraint]]:
    match condition:
        case Fact(name):
            return [{name: frozenset({positive})}]
        case Is(name, values):
            domain = _domain(name)
            assert isinstance(domain, frozenset)
            allowed = frozenset(values) if positive else domain - frozenset(values)
            return [{name: allowed}] if allowed else []
        case AgeAtLeast(years, of):
            return [{of: (years, MAX_AGE)}] if positive else [{of: (MIN_AGE, years - 1)}]
        case AgeAtMost(years, of):
            return [{of: (MIN_AGE, years)}] if positive else [{of: (years + 1, MAX_AGE)}]
    raise TypeError(condition)  # pragma: no cover


def terms(condition: Condition, positive: bool = True) -> list[Term]:
    """``condition`` (or, with ``positive=False``, its negation) as a list of terms, any of
    which makes it hold; contradictory terms are dropped."""
    match condition:
        case Not(operand):
            return terms(operand, not positive)
        case AnyOf(operands) | AllOf(operands):
            parts = [terms(o, positive) for o in operands]
            if isinstance(condition, AnyOf) == positive:  # a disjunction: any part
                return [t for part in parts for t in part]
            found: list[Term] = []
            for combination in itertools.product(*parts):
                term: Term | None = {}
                for t in combination:
                    term = conjoin(term, t) if term is not None else None
                if term is not None:
                    found.append(term)
            return found
    return list(_atom(condition, positive))
