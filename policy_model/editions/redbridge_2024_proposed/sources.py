"""What the proposed 2024 edition rests on, beyond its base's sources (docs/guidance/
sources-checked.md says what was seen of each, and where)."""

from __future__ import annotations

from typing import Final

from ...model.citations import Source

__all__ = [
    "COLLEGE_OF_POLICING_2024",
    "IWF_SEXTORTION",
    "NCA_2024",
    "NSPCC_REPORT_REMOVE",
    "ONLINE_SAFETY_ACT_2023",
    "SOURCES",
    "TELEGRAPH_2024",
    "UKCIS_2024",
]

# Sources of the proposed 2024 edition (docs/guidance/sources-checked.md says what was checked).
ONLINE_SAFETY_ACT_2023: Final = Source(
    key="Online Safety Act 2023",
    title="Online Safety Act 2023, s.188: Sexual Offences Act 2003 s.66B, sharing or "
    "threatening to share intimate photograph or film",
    publisher="UK Parliament",
    date="26 October 2023; s.66B in force 31 January 2024",
)
COLLEGE_OF_POLICING_2024: Final = Source(
    key="College of Policing 2024",
    title="Sharing photographs or films of people in an intimate state (guidance on the Online "
    "Safety Act 2023 amendments to the Sexual Offences Act 2003)",
    publisher="College of Policing",
    date="2024",
)
UKCIS_2024: Final = Source(
    key="UKCIS 2024",
    title="Sharing nudes and semi-nudes: advice for education settings working with children "
    "and young people (updated March 2024)",
    publisher="UK Council for Internet Safety",
    date="December 2020, updated 11 March 2024",
)
NCA_2024: Final = Source(
    key="NCA 2024",
    title="Financially motivated sexual extortion: alert for education settings",
    publisher="National Crime Agency (CEOP Education)",
    date="29 April 2024",
)

# Sources of actions (docs/guidance/sources-checked.md quotes what was seen, and where).
NSPCC_REPORT_REMOVE: Final = Source(
    key="NSPCC Report Remove",
    title="Supporting young people to take down nudes shared online: using the Report Remove "
    "tool (Childline and the Internet Watch Foundation)",
    publisher="NSPCC Learning",
    date="seen 2026-12-04",
)
IWF_SEXTORTION: Final = Source(
    key="IWF 2024",
    title="Advice for parents or carers of children who are being sexually extorted or 'sextorted'",
    publisher="Internet Watch Foundation",
    date="seen 2026-12-04",
)
TELEGRAPH_2024: Final = Source(
    key="Daily Telegraph 2024",
    title="Children creating AI nudes and sharing among friends (reporting the UKCIS 2024 update)",
    publisher="The Daily Telegraph",
    date="22 March 2024",
)

SOURCES: Final = (
    ONLINE_SAFETY_ACT_2023,
    COLLEGE_OF_POLICING_2024,
    UKCIS_2024,
    NCA_2024,
    IWF_SEXTORTION,
    TELEGRAPH_2024,
    NSPCC_REPORT_REMOVE,
)
"""In the order the edition lists them."""
