"""The explorer's outcome as HTML: the headline (category, subtype, pathway, or what is still
possible, what to follow meanwhile and what to ask next) and the reasons, actions and key
questions, each with the guidance behind it."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Final

from ..engine.assess import UNDETERMINED, Assessment
from ..model.citations import Citation
from ..model.columns import COLUMNS
from ..model.graph import Question
from ..model.guidance import Guidance
from .render import OUTCOME_LOOKS, outcome_words

__all__ = ["STYLE", "fact_words", "headline_html", "outcome_html"]

STYLE: Final = """<style>
.pm-outcome {font-size: 14px; line-height: 1.45; max-width: 60em}
.pm-outcome h4 {margin: 0.9em 0 0.3em 0}
.pm-badge {display: inline-block; padding: 0.15em 0.6em; border-radius: 4px;
           border: 1px solid #555; margin: 0.1em 0.2em 0.1em 0}
.pm-possible .pm-badge {border: 2px dashed #1f5fa8}
.pm-undetermined {color: #1f5fa8; font-weight: bold}
.pm-outcome blockquote {margin: 0.15em 0 0.5em 1.2em; padding-left: 0.6em;
                        border-left: 3px solid #bbb; color: #333; font-size: 12.5px}
.pm-reconstructed {font-style: italic; color: #7a4b00}
.pm-not-known {color: #555}
.pm-message {padding: 0.4em 0.7em; border-left: 4px solid #b26b00; background: #fff6e5}
.pm-unused {color: #6b4a00; font-style: italic}
.pm-outcome ol, .pm-outcome ul {margin-top: 0.2em; padding-left: 1.4em}
</style>"""


def _quote(cite: Citation) -> str:
    """The citation as ``str(cite)`` words it: a quote in quotation marks, or a paraphrase of
    a reconstructed step without them, marked."""
    css = ' class="pm-reconstructed"' if cite.reconstructed else ""
    return f"<blockquote{css}>{html.escape(str(cite))}</blockquote>"


def _badge(node_id: str, text: str, css_class: str) -> str:
    look = OUTCOME_LOOKS.get(node_id)
    colours = f"background:{look.fill}; color:{look.font}" if look else ""
    return (
        f'<span class="pm-badge {css_class}" data-value="{html.escape(node_id)}" '
        f'style="{colours}">{html.escape(text)}</span>'
    )


def _pathway_text(g: Guidance, slug: str) -> str:
    node = g.pathway[slug]
    urgency = outcome_words(node)
    return f"{node.label} ({urgency.lower()})" if urgency else node.label


def _outcome_line(
    name: str, chosen: str, possible: tuple[str, ...], text: Callable[[str], str]
) -> str:
    css = f"pm-{name.lower()}"
    if chosen != UNDETERMINED:
        return f"<div>{name}: {_badge(chosen, text(chosen), css)}</div>"
    badges = "".join(_badge(p, text(p), "pm-possible-outcome") for p in possible)
    return (
        f'<div>{name}: <span class="pm-badge {css} pm-undetermined" data-value="{UNDETERMINED}"'
        f">not yet determined</span></div>"
        f'<div class="pm-possible" data-for="{css}">Still possible: {badges}</div>'
    )


def fact_words(fact: str) -> str:
    return COLUMNS[fact].label if fact in COLUMNS else fact.replace("_", " ")


def _ask_question(a: Assessment) -> Question | None:
    """The open question that reads the fact to ask next (or the first open one)."""
    opened = [q for q in list(a.open.values())[::-1] if q is not None]  # the pathway's first
    return next((q for q in opened if a.ask_next in q.reads), opened[0] if opened else None)


def headline_html(a: Assessment) -> str:
    """The category, the subtype and the pathway, coloured as on the flowcharts; while not
    determined, the ones still possible, the pathway to follow meanwhile, what to ask next."""
    g = a.guidance
    parts = [
        STYLE,
        '<div class="pm-outcome pm-headline">',
        "<div>Category: <b>"
        + html.escape(
            "not yet determined" if a.category == UNDETERMINED else a.category.replace("_", " ")
        )
        + "</b></div>",
        _outcome_line("Subtype", a.subtype, a.possible_subtypes, lambda s: g.typology[s].label),
        _outcome_line("Pathway", a.pathway, a.possible_pathways, lambda p: _pathway_text(g, p)),
    ]
    if a.pathway == UNDETERMINED:
        parts.append(
            "<div>Follow meanwhile (the precautionary pathway, the most urgent still possible): "
            + _badge(
                a.precautionary_pathway,
                _pathway_text(g, a.precautionary_pathway),
                "pm-precaution",
            )
            + "</div>"
        )
    if a.ask_next is not None:
        question = _ask_question(a)
        asked = f" <small>({html.escape(question.label)})</small>" if question else ""
        parts.append(
            f'<div>Ask next: <b class="pm-ask" data-value="{html.escape(a.ask_next)}">'
            f"{html.escape(fact_words(a.ask_next))}</b>{asked}</div>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def _reason_groups(a: Assessment) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    g = a.guidance
    typology_path = a.path[g.typology.id]
    steps = sum(isinstance(g.typology[n], Question) for n in typology_path)
    steps += 0 if a.open[g.typology.id] is not None else 1
    return (
        ("Why: the typology", a.reasons[:steps]),
        ("Why: the response pathway", a.reasons[steps:]),
    )


def outcome_html(a: Assessment) -> str:
    """Why (each answered or open question with the guidance behind it), the actions, all
    four key questions with what the facts flag and what is not known yet, the edition."""
    parts = [STYLE, '<div class="pm-outcome">']
    for title, reasons in _reason_groups(a):
        parts.append(f"<h4>{title}</h4><ol>")
        parts += [f"<li>{html.escape(r.text)}{_quote(r.cite)}</li>" for r in reasons]
        parts.append("</ol>")
    heading = "Actions" if a.determined else "Actions (precautionary, until the facts are known)"
    parts += [f"<h4>{heading}</h4><ol>"]
    parts += [f"<li>{html.escape(x.text)}{_quote(x.cite)}</li>" for x in a.actions]
    parts += ["</ol>", "<h4>The key questions</h4><ul>"]
    for key, points in a.key_questions.items():
        flagged = [html.escape(p.consideration.label) for p in points if p.known]
        unknown = [html.escape(p.consideration.label) for p in points if not p.known]
        item = f"<li><b>{html.escape(key)}</b><br>Flagged: "
        item += "; ".join(flagged) or "nothing in the facts given"
        if unknown:
            item += f'<br><span class="pm-not-known">Not known yet: {"; ".join(unknown)}</span>'
        parts.append(item + "</li>")
    parts.append("</ul>")
    if a.not_read:
        names = "; ".join(html.escape(fact_words(n)) for n in a.not_read)
        parts.append(
            f'<p class="pm-not-read">Recorded, but not used by this edition (no rule of it reads '
            f"them): {names}.</p>"
        )
    if a.incident.youngest_assumed:
        parts.append("<p>Age of the youngest involved not given: taken as the age pictured.</p>")
    parts.append(
        f'<p><small class="pm-edition">Guidance: {html.escape(a.guidance_version)}</small></p>'
    )
    parts.append("</div>")
    return "\n".join(parts)
