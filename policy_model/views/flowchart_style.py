"""How a flowchart looks: its colours and pens, and each node's label and attributes."""

from __future__ import annotations

import dataclasses
import enum
import html
import textwrap
from collections.abc import Iterable
from typing import Final

from ..editions.redbridge_2018.pathway import NEVER_VIEW
from ..model.citations import Citation
from ..model.graph import DecisionGraph, Node, Outcome, Question, Stage, Step
from ..model.vocab import SUBTYPE_CATEGORY, Category, Pathway
from .labels import OUTCOME_WORDS, outcome_words

__all__ = [
    "FADED_FILL",
    "FADED_INK",
    "FADED_LINE",
    "NOT_KNOWN_YET",
    "OUTCOME_LOOKS",
    "PATH_PEN",
    "POSSIBLE_FILL",
    "POSSIBLE_INK",
    "STILL_POSSIBLE",
    "WARNING_FILL",
    "Look",
    "State",
]

FONT: Final = "Helvetica,Arial,sans-serif"
INK: Final = "#1a1a1a"
FADED_INK: Final = "#9a9a9a"
FADED_LINE: Final = "#c8c8c8"
FADED_FILL: Final = "#f4f4f4"
STEP_FILL: Final = "#eef2f7"
QUESTION_FILL: Final = "#ffffff"
WARNING_FILL: Final = "#1f3a5f"
PATH_PEN: Final = "3.5"
POSSIBLE_INK: Final = "#1f5fa8"
"""Still possible: the branches from an open question to the outcomes the facts still allow."""
POSSIBLE_FILL: Final = "#e3eefb"
POSSIBLE_PEN: Final = "2.2"
NOT_KNOWN_YET: Final = "NOT KNOWN YET"
STILL_POSSIBLE: Final = "STILL POSSIBLE"
WRAP: Final = {Step: 30, Question: 30, Outcome: 28}
WIDE_STEP: Final = 46  # a step alone on its rank may be wider
# A long list of questions gets wider, flatter diamonds, so that the chart still fits A4.
LONG_LIST: Final = 6
WIDE_QUESTION: Final = 38


@dataclasses.dataclass(frozen=True, slots=True)
class Look:
    """How an outcome is drawn: a fill, the words that say the same, and the text colour."""

    fill: str
    words: str
    font: str = INK
    peripheries: int = 1


OUTCOME_LOOKS: Final[dict[str, Look]] = {
    # Response pathway: urgency, most urgent first. The words carry the meaning; colour and
    # the double border of the most urgent only repeat it (greyscale print, colour blindness).
    Pathway.REFER_IMMEDIATELY: Look(
        "#c62828", OUTCOME_WORDS[Pathway.REFER_IMMEDIATELY], "#ffffff", 2
    ),
    Pathway.SPECIALIST_DISCUSSION: Look("#f59e42", OUTCOME_WORDS[Pathway.SPECIALIST_DISCUSSION]),
    Pathway.SAFEGUARDING_PROCEDURES: Look(
        "#fde68a", OUTCOME_WORDS[Pathway.SAFEGUARDING_PROCEDURES]
    ),
    Pathway.MANAGE_WITHIN_AGENCY: Look("#a7d99b", OUTCOME_WORDS[Pathway.MANAGE_WITHIN_AGENCY]),
    Pathway.ADULT_IMAGE_ABUSE: Look("#d4d4d4", OUTCOME_WORDS[Pathway.ADULT_IMAGE_ABUSE]),
    # Typology: by category (orange / purple stay apart for red-green colour blindness).
    **{
        subtype: {
            Category.AGGRAVATED: Look("#f5b971", OUTCOME_WORDS[subtype], peripheries=2),
            Category.EXPERIMENTAL: Look("#c5bfe3", OUTCOME_WORDS[subtype]),
            Category.NOT_YOUTH_PRODUCED: Look("#d4d4d4", OUTCOME_WORDS[subtype]),
        }[category]
        for subtype, category in SUBTYPE_CATEGORY.items()
    },
}

_STAGE_TITLES: Final = {
    Stage.FIRST_RESPONSE: "First response",
    Stage.INITIAL_REVIEW: "Initial review by the DSL",
    Stage.DECISION: "Decision",
    Stage.OUTCOME: "Outcome",
}


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _html(lines: Iterable[str]) -> str:
    return "<BR/>".join(html.escape(line, quote=False) for line in lines)


def _small(text: str, colour: str | None = None) -> str:
    colour_attr = f' COLOR="{colour}"' if colour else ""
    return f'<FONT POINT-SIZE="9"{colour_attr}><I>{html.escape(text, quote=False)}</I></FONT>'


def _width(graph: DecisionGraph, node: Node) -> int:
    if isinstance(node, Question) and len(graph.questions) > LONG_LIST:
        return WIDE_QUESTION
    if isinstance(node, Step) and node.stage != Stage.FIRST_RESPONSE:
        return WIDE_STEP  # first-response steps share a row; later steps have one each
    return WRAP[type(node)]


def _is_warning(node: Node) -> bool:
    """The step that says never to view, print, forward or save the imagery."""
    return isinstance(node, Step) and (node.cite == NEVER_VIEW.cite or node.id == NEVER_VIEW.id)


class State(enum.Enum):
    """How one node stands in a highlighted chart."""

    PLAIN = "plain"  # nothing highlighted
    PATH = "path"  # on the path the known facts take
    OPEN = "open"  # the question the path stops at: its answer is not known yet
    POSSIBLE = "possible"  # on a branch to an outcome still possible
    FADED = "faded"  # not taken, or no longer possible


def _label(node: Node, note: int | None, font: str, width: int, state: State) -> str:
    marker = f' <FONT POINT-SIZE="10"><I>[{note}]</I></FONT>' if note is not None else ""
    if _is_warning(node):
        return (
            f'<<B><FONT POINT-SIZE="14">{_html(_wrap(node.label.upper(), 30))}</FONT></B>'
            f"<BR/>{_small('first, always: everyone, at every stage', font)}{marker}>"
        )
    text = _html(_wrap(node.label, width)) + marker
    words = outcome_words(node)
    if words is not None:
        text = f"<B>{html.escape(words, quote=False)}</B><BR/>{text}"
    elif isinstance(node, Outcome) and node.id in OUTCOME_LOOKS:  # embolden "Aggravated:"
        head, _, rest = node.label.partition(": ")
        text = f"<B>{html.escape(head, quote=False)}:</B><BR/>{_html(_wrap(rest, width))}{marker}"
    if state is State.OPEN:
        text = f'<FONT COLOR="{POSSIBLE_INK}"><B>{NOT_KNOWN_YET}</B></FONT><BR/>{text}'
    elif state is State.POSSIBLE and isinstance(node, Outcome):
        text = f'<FONT POINT-SIZE="10"><B>{STILL_POSSIBLE}</B></FONT><BR/>{text}'
    return f"<{text}>"


def _tooltip(cite: Citation) -> str:
    return str(cite).replace("\\", "/")


def _node_attrs(node: Node, state: State, note: int | None, width: int) -> dict[str, str]:
    look = OUTCOME_LOOKS.get(node.id) if isinstance(node, Outcome) else None
    font = INK
    style = ["filled"]
    attrs: dict[str, str] = {"tooltip": _tooltip(node.cite)}
    if isinstance(node, Question):
        attrs.update(shape="diamond", fillcolor=QUESTION_FILL, margin="0.02")
    elif _is_warning(node):
        font = "#ffffff"
        attrs.update(shape="box", fillcolor=WARNING_FILL, penwidth="3", margin="0.2,0.12")
        style.append("bold")
    elif look is not None:
        font = look.font
        attrs.update(shape="box", fillcolor=look.fill, peripheries=str(look.peripheries))
        style.append("rounded")
    else:
        attrs.update(shape="box", fillcolor=STEP_FILL)
        style.append("rounded")
    if node.cite.reconstructed:  # dashed borders mean reconstructed, and nothing else
        style.append("dashed")
    match state:
        case State.FADED:
            font = FADED_INK
            attrs.update(color=FADED_LINE, fillcolor=FADED_FILL, penwidth="1")
        case State.PATH:
            attrs.update(color=INK, penwidth=PATH_PEN)
        case State.OPEN:
            attrs.update(color=POSSIBLE_INK, fillcolor=POSSIBLE_FILL, penwidth=PATH_PEN)
        case State.POSSIBLE:
            attrs.update(color=POSSIBLE_INK, penwidth=POSSIBLE_PEN)
    attrs.update(
        style=",".join(style), fontcolor=font, label=_label(node, note, font, width, state)
    )
    return attrs
