"""The facts of one incident, as the column registry declares them, validated.

A fact is ``True``, ``False`` or ``None`` (not known); ages and ``sharing`` may be ``None`` too.

>>> incident = Incident.from_raw({"age_pictured": "14", "sharing": "partner", "coercion": ""})
>>> incident.age_pictured, incident.sharing, incident.coercion
(14, 'partner', None)
>>> Incident.from_raw({"sharing": "frends"})
Traceback (most recent call last):
...
policy_model.model.incident.FactError: unknown sharing: 'frends' (must be one of ['none', 'partner', 'peers', 'public'])
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from .columns import COLUMNS, MAX_AGE, MIN_AGE, OPEN_VALUE, OPEN_VALUE_TEXT, Column, Kind
from .conditions import AgeRange
from .constraints import Constraint, constraints, violated
from .parameters import AS_WRITTEN_LINES

__all__ = [
    "ASSUMED",
    "CONSTRAINTS",
    "FALSE_WORDS",
    "ID_PATTERN",
    "MONTH_PATTERN",
    "SAME_AS_AGE_PICTURED",
    "TRUE_WORDS",
    "UNKNOWN_WORDS",
    "FactError",
    "Incident",
    "parse_age",
    "parse_fact",
    "parse_month",
    "parse_value",
]

TRUE_WORDS: Final = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS: Final = frozenset({"false", "no", "n", "0"})
UNKNOWN_WORDS: Final = frozenset({"", "unknown", "not known"})
MONTH_PATTERN: Final = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")
AGE_PATTERN: Final = re.compile(r"[0-9]{1,2}")
ID_PATTERN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
YOUNGEST: Final = "age_youngest_involved"
ASSUMED: Final = "assumed"
"""The key in a loaded frame's ``attrs`` of what a mapping assumed: ``{column: assumption}``."""
SAME_AS_AGE_PICTURED: Final = "same_as_age_pictured"
"""The one assumption a mapping may state: the youngest involved is the age pictured."""
RANGE_PATTERN: Final = re.compile(r"([0-9]{1,2})\s*(?:-|–|to)\s*([0-9]{1,2})")
CONSTRAINTS: Final = constraints(AS_WRITTEN_LINES)
"""The constraints every incident is checked against, whatever the edition."""


class FactError(ValueError):
    """A fact with a value the model does not allow."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field, self.value, self.allowed = field, value, allowed
        super().__init__(f"{self.kind} {field}: {value!r} ({allowed})")

    @property
    def kind(self) -> str:
        return "unknown" if self.allowed.startswith("must be one of") else "invalid"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS)


def parse_fact(field: str, value: object) -> bool | None:
    """yes/no, y/n, true/false or 1/0 in any case; blank, ``unknown`` or ``not known`` is None."""
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if word in UNKNOWN_WORDS:
        return None
    raise FactError(field, value, "must be yes/no, y/n, true/false, 1/0, or blank if not known")


def parse_month(value: object) -> str:
    """A month as ``YYYY-MM`` (surrounding spaces ignored)."""
    if not isinstance(value, str) or not MONTH_PATTERN.fullmatch(value.strip()):
        raise FactError("reported_month", value, "must be a month as YYYY-MM")
    return value.strip()


def parse_age(value: object, field: str = "age_pictured") -> int | None:
    """A whole number of years from 0 to 99; blank or ``unknown`` is None (not known)."""
    if _blank(value):
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not AGE_PATTERN.fullmatch(text):
        raise FactError(field, value, f"must be a whole number from {MIN_AGE} to {MAX_AGE}")
    return int(text)


def _age_or_range(field: str, value: object) -> int | AgeRange | None:
    """An age, or a range of ages (``AgeRange``, a ``(low, high)`` pair, or ``"12-13"``):
    partial knowledge; a range of one age is that age."""
    bad = f"must be a whole number from {MIN_AGE} to {MAX_AGE}, or a range such as 12-13"
    if isinstance(value, int) and not isinstance(value, bool):
        if not MIN_AGE <= value <= MAX_AGE:
            raise FactError(field, value, bad)
        return value
    low_high: tuple[object, object] | None = None
    if isinstance(value, AgeRange):
        low_high = (value.low, value.high)
    elif isinstance(value, tuple) and len(value) == 2:
        low_high = value
    elif isinstance(value, str) and (found := RANGE_PATTERN.fullmatch(value.strip())):
        low_high = (int(found[1]), int(found[2]))
    if low_high is None:
        return parse_age(value, field)
    low, high = low_high
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in low_high):
        raise FactError(field, value, bad)
    try:
        found_range = AgeRange(low, high)  # type: ignore[arg-type]
    except ValueError:
        raise FactError(field, value, bad) from None
    return found_range.low if found_range.low == found_range.high else found_range


def _contradiction(rule: Constraint, values: dict[str, object]) -> FactError:
    first = rule.columns[0]
    said = " and ".join(f"{name} {_shown(values[name])}" for name in rule.columns[1:])
    return FactError(first, values[first], f"contradicts {said}: {rule.message}")


def _shown(value: object) -> str:
    return "not known" if value is None else ("yes" if value is True else str(value))


def _choices(column: Column) -> str:
    return f"must be one of {list(column.values)}"


def parse_value(column: Column, value: object) -> object:
    """One column's value, from text or Python, as ``Incident`` holds it."""
    match column.kind:
        case Kind.FACT:
            return parse_fact(column.name, value)
        case Kind.AGE:
            return _age_or_range(column.name, value)
        case Kind.MONTH:
            return parse_month(value)
        case Kind.ID:
            if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
                raise FactError(
                    column.name,
                    value,
                    "must be 1 to 64 letters, digits, '-', '_' or '.', starting with a letter "
                    "or digit",
                )
            return value
        case Kind.CATEGORY:
            if _blank(value) and (column.may_be_unknown or not column.required):
                return None
            word = str(value).strip()
            if column.open:
                if not OPEN_VALUE.fullmatch(word):
                    raise FactError(column.name, value, OPEN_VALUE_TEXT)
                return word
            if word not in column.values:
                raise FactError(column.name, value, _choices(column))
            return word
    raise AssertionError(column.kind)  # pragma: no cover


class Incident:
    """One incident, anonymised: a value for every column of the registry.

    Columns not given take their declared defaults (a 15 year old's romantic exchange with no
    concerns); ``Incident.not_known()`` starts from every fact not known instead.
    ``age_youngest_involved`` not given is assumed the same as ``age_pictured``
    (``youngest_assumed``), and every output says so; given as None it is not known. The
    two ages are of two times (the age pictured when the imagery was made, the youngest
    involved when it came to light): neither bounds the other. An age may be a range
    (``AgeRange``). Facts that contradict each other (``CONSTRAINTS``) are refused.
    """

    __slots__ = ("_values", "youngest_assumed")
    _values: dict[str, object]
    youngest_assumed: bool

    def __init__(self, **values: object) -> None:
        unknown = sorted(set(values) - set(COLUMNS))
        if unknown:
            raise FactError(unknown[0], values[unknown[0]], f"must be one of {list(COLUMNS)}")
        parsed: dict[str, object] = {}
        for name, column in COLUMNS.items():
            value = values.get(name, column.default)
            if value is not None:
                parsed[name] = parse_value(column, value)
            elif column.may_be_unknown or not column.required:
                parsed[name] = None
            else:
                raise FactError(name, value, "must be given")
        assumed = YOUNGEST not in values
        facts = parsed | ({YOUNGEST: parsed["age_pictured"]} if assumed else {})
        rule = violated(CONSTRAINTS, facts)
        if rule is not None:
            raise _contradiction(rule, facts)
        object.__setattr__(self, "_values", parsed)
        object.__setattr__(self, "youngest_assumed", assumed)

    @classmethod
    def from_raw(cls, raw: Mapping[str, object]) -> Incident:
        """Build from text values (a CSV row, a form, JSON); unknown keys are an error."""
        return cls(**{str(k): v for k, v in raw.items()})

    @classmethod
    def not_known(cls, **values: object) -> Incident:
        """Every fact, age and ``sharing`` not known, except those given."""
        blank = {
            c.name: None
            for c in COLUMNS.values()
            if c.may_be_unknown and c.kind in (Kind.FACT, Kind.AGE, Kind.CATEGORY)
        }
        return cls(**(blank | values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("an Incident is immutable; use replace()")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Incident):
            return NotImplemented
        return (self._values, self.youngest_assumed) == (other._values, other.youngest_assumed)

    def __hash__(self) -> int:
        return hash((tuple(self._values.items()), self.youngest_assumed))

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"Incident({given})"

    def __iter__(self) -> Iterator[tuple[str, object]]:
        return iter(self._values.items())

    def replace(self, **values: object) -> Incident:
        """A copy with some values changed."""
        keep = dict(self._values)
        if self.youngest_assumed:
            keep.pop(YOUNGEST, None)
        return Incident(**(keep | values))

    def given(self) -> dict[str, object]:
        """The values as given: ``age_youngest_involved`` left out when it was assumed."""
        out = dict(self._values)
        if self.youngest_assumed:
            del out[YOUNGEST]
        return out

    def facts(self) -> dict[str, object]:
        """What the rules read, by column name: ``age_youngest_involved`` assumed the same as
        ``age_pictured`` when it was not given."""
        out = dict(self._values)
        if self.youngest_assumed:
            out[YOUNGEST] = out["age_pictured"]
        return out
