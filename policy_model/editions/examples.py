"""Worked examples: each edition folder's scenario files (``scenarios/*.yaml``).

The same files are the model's tests (tests/test_model.py) and the explorer's examples.

>>> first = examples()[0]
>>> print(first.name, first.subtype, first.pathway, sep=" | ")
two 16 year olds in a relationship | romantic | manage_within_agency
>>> first.incident().age_pictured
16

A case may say what another edition expects where it differs (``editions``); under an edition
it does not name, a case expects what it expects as written:

>>> case = next(e for e in examples() if e.editions)
>>> case.expected_under("redbridge-2024-proposed")["pathway"] != case.pathway
True
>>> case.expected_under("some-other-edition") == case.expected
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

import yaml

from ..model.columns import OUTPUT_COLUMNS
from ..model.folders import folders
from ..model.incident import Incident
from ..model.vocab import Pathway, Subtype
from . import DEFAULT, EDITIONS, known

__all__ = ["FIRST_FILE", "Example", "examples"]

FIRST_FILE: Final = "worked_examples.yaml"
"""The guidance's own examples, listed first; the other files follow by name."""


EXPECTATIONS: Final = OUTPUT_COLUMNS[:7]
"""What a scenario may expect, besides its subtype and pathway (``undetermined`` while more
than one is possible)."""
LISTS: Final = ("actions", "not_read")
"""What a scenario may also expect: action ids that must be among the actions asked for (the
guidance's required steps), and the recorded facts the edition does not read, in order."""
UNDETERMINED: Final = "undetermined"


@dataclasses.dataclass(frozen=True, slots=True)
class Example:
    """One scenario: a name, the facts that differ from the defaults, the expected outcome,
    and the guidance sentence it checks."""

    name: str
    facts: Mapping[str, object]
    subtype: str
    pathway: str
    checks: str
    file: str
    expected: Mapping[str, object] = dataclasses.field(default_factory=dict)
    """Every expectation the case states (``EXPECTATIONS``), subtype and pathway included."""
    editions: Mapping[str, Mapping[str, object]] = dataclasses.field(default_factory=dict)
    """Edition id -> the expectations that differ under that edition (the rest as written)."""

    def expected_under(self, edition: str) -> Mapping[str, object]:
        """What the case expects under an edition: as written, with the overrides of that
        edition or, if the case does not name it, of the nearest edition it derives from.

        An edition derived from one the case names inherits that one's expectations (its
        changes elsewhere leave the case alone, or the case says otherwise); an edition with
        no named ancestor expects exactly what the guidance as written gives: a fact the
        case does not mention takes its column's default (the 2024 facts: no), so only a
        case that gives a new fact, or leaves it not known, can differ, and then it names
        the edition."""
        found = known(edition)
        while edition not in self.editions and found is not None and found.base is not None:
            edition, found = found.base, known(found.base)
        return {**self.expected, **self.editions.get(edition, {})}

    def incident(self) -> Incident:
        return Incident.from_raw(self.facts)


def _slug(value: object, allowed: type[Subtype] | type[Pathway], where: str) -> str:
    text = str(value)
    if text != UNDETERMINED and text not in {e.value for e in allowed}:
        raise ValueError(f"{where}: {text!r} is not one of {[e.value for e in allowed]}")
    return text


def _example(case: Mapping[str, Any], file: str) -> Example:
    where = f"{file}: {case.get('name')!r}"
    unknown = set(case) - {"name", "checks", "facts", "editions", *EXPECTATIONS, *LISTS}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    expected = {k: case[k] for k in (*EXPECTATIONS, *LISTS) if k in case}
    editions: dict[str, dict[str, object]] = {}
    raw_editions = case.get("editions") or {}
    if not isinstance(raw_editions, Mapping):
        raise ValueError(f"{where}: editions is a mapping of edition id -> expectations")
    for edition_id, overrides in raw_editions.items():
        if edition_id not in EDITIONS:
            raise ValueError(f"{where}: editions: {edition_id!r} is not one of {sorted(EDITIONS)}")
        if edition_id == DEFAULT:
            raise ValueError(f"{where}: editions: {edition_id!r} is the case's own expectations")
        if not isinstance(overrides, Mapping) or not overrides:
            raise ValueError(f"{where}: editions: {edition_id!r} takes the expectations it changes")
        bad = sorted(set(overrides) - {*EXPECTATIONS, *LISTS})
        if bad:
            raise ValueError(f"{where}: editions: {edition_id!r}: unknown keys {bad}")
        for key, allowed in (("subtype", Subtype), ("pathway", Pathway)):
            if key in overrides:
                _slug(overrides[key], allowed, f"{where}: editions: {edition_id!r}")
        editions[str(edition_id)] = dict(overrides)
    return Example(
        name=str(case["name"]),
        facts=dict(case.get("facts") or {}),
        subtype=_slug(case["subtype"], Subtype, where),
        pathway=_slug(case["pathway"], Pathway, where),
        checks=str(case.get("checks", "")),
        file=file,
        expected=expected,
        editions=editions,
    )


def examples() -> tuple[Example, ...]:
    """Every scenario of every edition folder's ``scenarios/``, in file order (the guidance's
    own examples first)."""
    found: list[Example] = []
    files = sorted(
        (f for folder in folders() for f in folder.scenarios),
        key=lambda f: (f.name != FIRST_FILE, f.name),
    )
    for file in files:
        cases = yaml.safe_load(file.read_text(encoding="utf-8"))
        found += [_example(case, file.name) for case in cases]
    return tuple(found)
