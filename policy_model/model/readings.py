"""Facts an edition reads through the question another fact answers (a *reading*).

A dataset may carry a fact that an edition has no question of its own for, though its words
cover it: the guidance as written asks about "Coercion or blackmail" and lists "extortion"
among aggravated conduct, so a recorded sextortion (``financial_extortion``) is a yes to its
coercion question. A reading turns a recorded yes into a yes for the fact it is read as; a
no or a blank adds nothing (the ``coercion`` column's own definition already covers
blackmail and extortion), so a dataset without the column reads as it always did.

An edition declares its readings (``redbridge_2018/readings.py``; editions derived from it
inherit them):

>>> from policy_model.model.citations import cite
>>> r = (Reading("financial_extortion", "coercion", "read as coercion", cite("q", "s")),)
>>> read(r, {"coercion": False, "financial_extortion": True})["coercion"]
True
>>> read(r, {"coercion": None, "financial_extortion": None})["coercion"] is None
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .citations import Citation

__all__ = ["Reading", "applied", "read"]


@dataclasses.dataclass(frozen=True, slots=True)
class Reading:
    """A recorded yes in ``fact`` answers yes wherever the edition reads ``reads_as``."""

    fact: str
    reads_as: str
    text: str
    """How the reading is told in an incident's reasons."""
    cite: Citation


def applied(readings: tuple[Reading, ...], facts: Mapping[str, object]) -> tuple[Reading, ...]:
    """The readings a set of facts triggers (their fact recorded yes)."""
    return tuple(r for r in readings if facts.get(r.fact) is True)


def read(readings: tuple[Reading, ...], facts: Mapping[str, object]) -> dict[str, object]:
    """``facts`` as the edition reads them: each triggered reading's fact set to yes."""
    found = dict(facts)
    for reading in applied(readings, facts):
        found[reading.reads_as] = True
    return found
