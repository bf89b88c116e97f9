"""The facts the guidance as written reads through another fact's question (``Reading``)."""

from __future__ import annotations

from typing import Final

from ...model.citations import cite
from ...model.readings import Reading

__all__ = ["AS_WRITTEN_READINGS", "SEXTORTION_AS_COERCION"]


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
