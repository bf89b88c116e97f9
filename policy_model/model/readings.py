"""Facts an edition reads through the question another fact answers (a *reading*).

A dataset may carry a fact that an edition has no question of its own for, though its words
cover it: the guidance as written asks about "Coercion or blackmail" and lists "extortion"
among aggravated conduct, so a recorded sextortion (``financial_extortion``) is a yes to its
coercion question. A reading turns a recorded yes into a yes for the fact it is read as; a
no or a blank adds nothing (the ``coercion`` column's own definition already covers
blackmail and extortion), so a dataset without the column reads as it always did.

>>> facts = {"coercion": False, "financial_extortion": True}
>>> read(AS_WRITTEN_READINGS, facts)["coercion"]
True
>>> read(AS_WRITTEN_READINGS, {"coercion": None, "financial_extortion": None})["coercion"] is None
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Final

from .citations import Citation, cite

__all__ = ["AS_WRITTEN_READINGS", "SEXTORTION_AS_COERCION", "Reading", "applied", "read"]


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


SEXTORTION_AS_COERCION: Final = Reading(
    fact="financial_extortion",
    reads_as="coercion",
    text="A young person threatened for money with nude imagery (sextortion) is recorded: "
    "read as coercion or blackmail, which the guidance counts as aggravated and refers "
    "immediately.",
    cite=cite(
        "It may also involve criminal or abusive behaviour by minors such as sexual abuse, "
        "extortion, deception or threats",
        "Aggravated 'Sexting'",
        note="The guidance has no question of its own for sextortion; the model takes the more "
        "protective reading, that a young person blackmailed for money is the 'extortion' and "
        "'Coercion or blackmail' it names (UKCCIS 2016 refers a young person 'coerced, "
        "blackmailed or groomed' immediately).",
    ),
)
"""The guidance as written reads a recorded sextortion as "Coercion or blackmail" (a key
question) and "extortion" (aggravated conduct); UKCCIS 2016 refers a young person "coerced,
blackmailed or groomed" immediately. The more protective reading of an ambiguous text: a
sextortion is never experimental."""

AS_WRITTEN_READINGS: Final = (SEXTORTION_AS_COERCION,)
"""The readings of the guidance as written (editions derived from it inherit them)."""
