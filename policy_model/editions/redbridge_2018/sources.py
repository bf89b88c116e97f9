"""What the guidance as written rests on: itself, and the national advice it cites."""

from __future__ import annotations

from typing import Final

from ...model.citations import GUIDANCE, Source

__all__ = [
    "BROOK_2016",
    "COLLEGE_OF_POLICING_2016",
    "SOURCES",
    "UKCCIS_2016",
    "UKCIS_2020",
]

UKCCIS_2016: Final = Source(
    key="UKCCIS 2016",
    title="Sexting in schools and colleges: responding to incidents and safeguarding young people",
    publisher="UK Council for Child Internet Safety",
    date="2016",
)
UKCIS_2020: Final = Source(
    key="UKCIS 2020",
    title="Sharing nudes and semi-nudes: advice for education settings working with children",
    publisher="UK Council for Internet Safety",
    date="December 2020",
)
COLLEGE_OF_POLICING_2016: Final = Source(
    key="College of Policing 2016",
    title="Police action in response to youth produced sexual imagery ('Sexting'), briefing note",
    publisher="College of Policing",
    date="November 2016",
)
BROOK_2016: Final = Source(
    key="Brook 2016",
    title="Sexual Behaviours Traffic Light Tool",
    publisher="Brook",
    date="2016",
)

SOURCES: Final = (GUIDANCE, UKCCIS_2016, UKCIS_2020, COLLEGE_OF_POLICING_2016, BROOK_2016)
"""In the order the edition lists them."""
