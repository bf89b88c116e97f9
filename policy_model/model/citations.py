"""Where each rule comes from: the guidance, or the national advice it cites."""

from __future__ import annotations

import dataclasses
from typing import Final

__all__ = [
    "GUIDANCE",
    "Citation",
    "Source",
    "cite",
    "reconstructed",
]


@dataclasses.dataclass(frozen=True, slots=True)
class Source:
    """A document a rule rests on."""

    key: str
    title: str
    publisher: str
    date: str


@dataclasses.dataclass(frozen=True, slots=True)
class Citation:
    """The text a rule encodes.

    A rule that rests on the guidance quotes it verbatim (tests check the quote is there).
    A rule the guidance implies but does not state, because its flowchart (Appendix A) is
    lost, is ``reconstructed`` from a national source and says so; its text is a paraphrase
    of that source, and is shown as one, not in quotation marks.
    """

    quote: str
    section: str
    source: Source
    reconstructed: bool = False
    note: str = ""
    """How the model reads the text where it is ambiguous (the more protective reading), or
    what was not checked; shown after the citation."""

    def __str__(self) -> str:
        note = f" Note: {self.note}" if self.note else ""
        if self.reconstructed:  # a paraphrase of a national source, never in quotation marks
            return (
                f"Paraphrase of {self.source.key}, {self.section}: {self.quote} [reconstructed]"
                + note
            )
        return f'"{self.quote}" ({self.source.key}, {self.section}){note}'


GUIDANCE: Final = Source(
    key="Redbridge guidance",
    title=(
        "Multi-Agency Guidance for Professionals on Responding to Youth Produced "
        "Sexual Imagery ('Sexting')"
    ),
    publisher="Redbridge Local Safeguarding Children Board",
    date="undated; cites sources of March and September 2018",
)


def cite(quote: str, section: str, *, note: str = "") -> Citation:
    """A verbatim quote from the guidance (``note``: how the model reads it, if ambiguous)."""
    return Citation(quote=quote, section=section, source=GUIDANCE, note=note)


def reconstructed(
    quote: str, source: Source, section: str = "Appendix A (reconstructed)"
) -> Citation:
    """A step of the lost Appendix A flowchart, rebuilt from a national source."""
    return Citation(quote=quote, section=section, source=source, reconstructed=True)
