"""The board paper's closing sections: how complete the records are, what was left out and
withheld, the edition of the guidance, and *About these figures*."""

from __future__ import annotations

import html

from ..model.guidance import Guidance
from ..stats.summary import Summary
from . import paper_html as h
from .trends import completeness_table

__all__ = ["about", "completeness", "edition", "exclusions"]


def completeness(summary: Summary) -> str:
    """How many incidents had each value not known, by agency."""
    frame = completeness_table(summary, "agency")
    rows = [[str(i), *map(str, r)] for i, r in zip(frame.index, frame.to_numpy(), strict=True)]
    return (
        h.heading("How complete the records are")
        + h.paragraphs(
            "How many incidents had each value not known, by the agency that recorded them: "
            "where recording could improve. Not known is never guessed: those incidents are "
            "counted as not yet determined."
        )
        + h.table(
            rows,
            ["Value not known", *map(str, frame.columns)],
            caption="Values not known, by agency",
        )
    )


def exclusions(summary: Summary) -> str:
    """What was set aside, what the rates leave out, and how many figures are withheld."""
    n = len(summary.suppression)
    return h.heading("Exclusions and withheld figures") + h.paragraphs(
        f"{str(summary.set_aside).capitalize()}.",
        f"Small numbers are withheld to protect the children involved: {n:,} figures of this "
        "paper are shown as c (withheld), and figures from which one could be worked out are "
        "withheld too. z marks a value that does not apply. The list of withheld figures is in "
        "the CSV file beside this paper, not in it.",
    )


def edition(guidance: Guidance, version: str) -> str:
    """Which edition of the guidance classified the incidents, and its sources."""
    sources = "".join(f"<li>{html.escape(s.title)}</li>" for s in guidance.sources)
    return (
        h.heading("The edition of the guidance")
        + h.paragraphs(
            f"Every incident is classified by {guidance.title} ({guidance.id}, "
            f"{guidance.date}), model revision {guidance.model_revision}: {version}."
        )
        + (f"<p>Its sources:</p><ul>{sources}</ul>" if sources else "")
    )


def about(summary: Summary, source: str, *, population: bool) -> str:
    """What the figures count, how they are made, and what they cannot say."""
    profile = summary.profile
    rule = f" ({profile.name} suppression)" if profile is not None else ""
    rates = (
        "Rates are incidents in the period per 10,000 children aged 0 to 17 of the mid-year "
        "population estimate inside the period (a financial year uses the mid-year inside "
        "it), with exact Poisson 95% intervals, as OHID Fingertips publishes them; no rate "
        "from fewer than 3 incidents, and a rate from fewer than 20 is marked u (low "
        "reliability), as ONS does."
        if population
        else ""
    )
    return h.heading("About these figures") + h.paragraphs(
        f"Source: {source}. One row is one incident that came to an agency's attention in the "
        "month given; an incident is counted once, by the agency that recorded it.",
        "The subtype and response pathway are the model's reading of the recorded facts under "
        "the guidance named above, not a professional's judgement; where a fact is not known "
        "the incident is counted as not yet determined, and the most urgent pathway still "
        "possible is followed meanwhile. Each count says how high it could go once the open "
        "facts are known.",
        "Change is read from statistical process control (XmR) charts as NHS England's Making "
        "Data Count draws them (the rules of NHSRplotthedots 0.2.2), not from a comparison of "
        "two periods. A rise may reflect better recognition and recording as much as more "
        "harm.",
        rates,
        f"Disclosure control{rule}: counts from 1 to the profile's threshold, and figures from "
        "which one could be derived, are withheld (c).",
    )
