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
    "AgeRange",
    "AllOf",
    "AnyOf",
    "Condition",
    "Constraint",
    "Fact",
    "Is",
    "Not",
    "Term",
    "age_atoms",
    "age_bounds",
    "age_thresholds",
    "all_of",
    "any_of",
    "conjoin",
    "facts_used",
    "may_hold",
    "open_reads",
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


@dataclasses.dataclass(frozen=True, slots=True)
class AgeRange:
    """An age known only to lie from ``low`` to ``high`` (a school year group: Year 8 is 12
    or 13): partial knowledge, neither a guess nor not known."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not MIN_AGE <= self.low <= self.high <= MAX_AGE:
            raise ValueError(f"an age range from {MIN_AGE} to {MAX_AGE}: {self.low}-{self.high}")

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


def age_bounds(value: object) -> tuple[int, int] | None:
    """The ages an age fact allows, lowest and highest; None when it is not an age at all.

    >>> age_bounds(14), age_bounds(AgeRange(12, 13)), age_bounds(None)
    ((14, 14), (12, 13), (0, 99))
    """
    if value is None:
        return MIN_AGE, MAX_AGE
    if isinstance(value, AgeRange):
        return value.low, value.high
    if isinstance(value, int) and not isinstance(value, bool):
        return value, value
    return None


def _age(facts: Facts, of: str) -> tuple[int, int]:
    found = age_bounds(facts[of])
    assert found is not None, (of, facts[of])
    return found


@dataclasses.dataclass(frozen=True, slots=True)
class AgeAtLeast:
    """An age (``of``: the youngest pictured when the imagery was made, or the youngest
    involved when it came to light) is at least ``years``. The two ages are of two times:
    neither bounds the other."""

    years: int
    of: str = PICTURED

    def value(self, facts: Facts) -> bool | None:
        low, high = _age(facts, self.of)
        return True if low >= self.years else (False if high < self.years else None)

    def describe(self) -> str:
        return f"{_AGE_WORDS[self.of]} is {self.years} or over"


@dataclasses.dataclass(frozen=True, slots=True)
class AgeAtMost:
    """An age (``of``: the youngest pictured, or the youngest involved) is at most ``years``."""

    years: int
    of: str = PICTURED

    def value(self, facts: Facts) -> bool | None:
        low, high = _age(facts, self.of)
        return True if high <= self.years else (False if low > self.years else None)

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


def age_atoms(condition: Condition, of: str) -> tuple[AgeAtLeast | AgeAtMost, ...]:
    """The comparisons of the age ``of`` inside ``condition``."""
    return tuple(
        a for a in _walk(condition) if isinstance(a, AgeAtLeast | AgeAtMost) and a.of == of
    )


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


def open_reads(condition: Condition, facts: Facts) -> tuple[str, ...]:
    """The facts ``condition`` reads whose answer the known facts leave open, in the order it
    reads them: a fact not known, or an age whose known range straddles one of the
    condition's age lines (Year 8, 12 or 13, is open for "12 or under", settled for "18 or
    over"). The first is the question to ask next."""
    names: dict[str, None] = {}
    for c in _walk(condition):
        match c:
            case Fact(name) | Is(name, _):
                if facts[name] is None:
                    names[name] = None
            case AgeAtLeast(_, of) | AgeAtMost(_, of):
                if c.value(facts) is None:
                    names[of] = None
    order = facts_used(condition)
    return tuple(n for n in order if n in names)


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


def may_hold(term: Term, facts: Facts) -> bool:
    """Whether some completion of the facts not known (an age: within its range) meets every
    constraint of ``term``."""
    for name, constraint in term.items():
        value = facts[name]
        if isinstance(constraint, tuple):
            low, high = _age(facts, name)
            if high < constraint[0] or low > constraint[1]:
                return False
        elif value is not None and value not in constraint:
            return False
    return True


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
