"""A flowchart's key, and the marks of the steps one edition changes from another."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

from ..model.citations import Source
from ..model.graph import DecisionGraph
from .flowchart_style import (
    FADED_INK,
    NOT_KNOWN_YET,
    OUTCOME_LOOKS,
    POSSIBLE_INK,
    STILL_POSSIBLE,
    _small,
    _wrap,
)

__all__ = ["MARK_LOOKS"]


def _cell(content: str, *, fill: str | None = None, span: int = 1) -> str:
    colour = f' BGCOLOR="{fill}"' if fill else ""
    return f'<TD COLSPAN="{span}" ALIGN="LEFT" BALIGN="LEFT"{colour}>{content}</TD>'


def _legend(
    graph: DecisionGraph, notes: Sequence[Source], highlighted: bool, open_question: bool
) -> str:
    """The key: shapes and borders, outcome colours with their words, the notes."""
    looks = [OUTCOME_LOOKS[o.id] for o in graph.outcomes if o.id in OUTCOME_LOOKS]
    looks = list(dict.fromkeys(looks))
    meaning = ["<B>Key.</B> Diamond: a question, answered yes or no. Box: a step or an outcome."]
    if highlighted and open_question:
        meaning += [
            "<B>Bold, dark:</B> the path as far as the facts known so far take it.",
            f'<FONT COLOR="{POSSIBLE_INK}"><B>Blue, {NOT_KNOWN_YET.lower()}:</B></FONT> the'
            " question whose answer is not known yet.",
            f'<FONT COLOR="{POSSIBLE_INK}"><B>Dashed blue arrows, blue borders:</B></FONT> '
            f"{STILL_POSSIBLE.lower()},",
            "the ways on to the outcomes the facts known so far still allow.",
            "<B>Grey:</B> not taken, or ruled out by the facts known so far.",
        ]
    elif highlighted:
        meaning.append("<B>Bold, dark:</B> the path this incident takes; grey: not taken.")
    if notes:
        meaning += [
            "<B>Dashed border and [n]:</B> reconstructed, not stated in the guidance but rebuilt",
            "from the national advice it cites (note n), as its Appendix A flowchart is lost.",
        ]
    for number, source in enumerate(notes, start=1):
        note = (
            f"Note {number}: reconstructed from {source.title} ({source.publisher}, {source.date})."
        )
        meaning += [html.escape(line, quote=False) for line in _wrap(note, 84)]
    hint = "Each box encodes one sentence of its source: in the SVG, hover over a box to read it."
    meaning.append(_small(hint))
    text = f'<TD ROWSPAN="{len(looks)}" ALIGN="LEFT" BALIGN="LEFT">{"<BR/>".join(meaning)}</TD>'
    rows = [
        "<TR>"
        + _cell(
            f'<FONT COLOR="{look.font}"><B>{html.escape(look.words, quote=False)}</B></FONT>',
            fill=look.fill,
        )
        + (text if i == 0 else "")
        + "</TR>"
        for i, look in enumerate(looks)
    ]
    return (
        '<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="3" CELLPADDING="3" COLOR="#7a7a7a">'
        + "".join(rows)
        + "</TABLE>>"
    )


MARK_LOOKS: Final = {
    "added": {"color": "#1b7f3b", "penwidth": "4"},
    "changed": {"color": "#1f5fbf", "penwidth": "4"},
    "removed": {"color": "#7a7a7a", "penwidth": "2.5", "fillcolor": "#f4f4f4"},
}
_MARK_KEY: Final = (
    '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Changes:</B> '
    '<FONT COLOR="#1b7f3b"><B>ADDED</B></FONT>: thick green border; '
    '<FONT COLOR="#1f5fbf"><B>CHANGED</B></FONT>: thick blue border; '
    "<B>REMOVED</B>: dashed, grey.</TD></TR>"
)


def _mark(attrs: dict[str, str], mark: str) -> None:
    """Mark a node as added, removed or changed between two editions."""
    attrs.update(MARK_LOOKS[mark])
    if mark == "removed":
        attrs["style"] = ",".join([*attrs["style"].split(","), "dashed"])
        attrs["fontcolor"] = FADED_INK
    label = attrs["label"]
    attrs["label"] = f'<<FONT POINT-SIZE="10"><B>[{mark.upper()}]</B></FONT><BR/>{label[1:-1]}>'
