"""The guidance's age lines: what each means, and the text it comes from."""

from __future__ import annotations

from typing import Final

from ...model.citations import cite, reconstructed
from ...model.parameters import Parameter
from .sources import UKCCIS_2016

__all__ = ["PARAMETERS"]

PARAMETERS: Final = (
    Parameter(
        "adult",
        "age from which a person is an adult (imagery of anyone younger is of a child)",
        cite(
            "indecent images (including films) of any person below the age of 18",
            "What is 'Sexting'?",
        ),
    ),
    Parameter(
        "young_child",
        "oldest age at which a child engaging in an experimental incident goes to existing "
        "safeguarding procedures",
        cite(
            "If children or young people engaging in experimental incidents are aged 12 or under",
            "Experimental 'Sexting'",
        ),
    ),
    Parameter(
        "sexual_acts_under",
        "age under which imagery of sexual acts is an immediate referral",
        reconstructed(
            "The imagery involves sexual acts and any child in the imagery is under 13.",
            UKCCIS_2016,
            "Appendix A (reconstructed): immediate referral criteria",
        ),
    ),
)
"""Every parameter of ``Lines``, in its order, with its source."""
