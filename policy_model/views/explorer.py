"""The classification explorer: an incident's facts as a form grouped by the guidance's key
questions, and, on every change, what the guidance says so far: the outcome if the facts
settle it, else the outcomes still possible, the pathway to follow meanwhile and the question
to ask next; the reasons with the guidance behind them, the actions, the key questions, and
the flowchart with the path in bold and the branches still possible dashed.

The form is built from the column registry (``COLUMNS``): every fact is yes / no / not known,
and "your own facts" start with everything not known. It works on facts only: it never
accepts, shows or links an image.

>>> explorer = Explorer(pipe=lambda dot: b"<svg></svg>")
>>> print(explorer.assessment.subtype, explorer.assessment.pathway)
undetermined undetermined
>>> explorer.set_facts(age_pictured=14, age_youngest_involved=14, intent_to_harm=True)
>>> explorer
Explorer: undetermined, undetermined (ask next: adult involved)
>>> explorer.set_facts(adult_involved=True)
>>> explorer
Explorer: adult_involved, refer_immediately
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import graphviz
import ipywidgets as w

from ..engine.assess import UNDETERMINED, Assessment, assess
from ..model.citations import Citation
from ..model.columns import COLUMNS, CONTEXT, Column, Kind
from ..model.conditions import YOUNGEST
from ..model.examples import Example, examples
from ..model.graph import DecisionGraph, Question
from ..model.guidance import AS_WRITTEN, Guidance
from ..model.incident import FactError, Incident
from ..model.vocab import KeyQuestion, Pathway, Subtype
from .inputs import AS_PICTURED, Holds, input_for
from .render import OUTCOME_LOOKS, outcome_words, render

__all__ = [
    "CONTEXT",
    "FIELDS",
    "Explorer",
    "Field",
    "form_fields",
    "headline_html",
    "outcome_html",
    "svg_text",
]


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    """One column on the form, under the key question it informs (``column.group``)."""

    column: Column

    @property
    def fact(self) -> str:
        return self.column.name

    @property
    def group(self) -> str:
        return self.column.group

    @property
    def label(self) -> str:
        return self.column.label


_ASKED: Final = (Kind.FACT, Kind.AGE, Kind.CATEGORY)
_CONCLUSIONS: Final = (Subtype, Pathway)
"""Vocabularies of what someone concluded (``recorded_subtype``): not facts to ask."""


def form_fields() -> tuple[Field, ...]:
    """The columns the form asks, read from ``COLUMNS`` now: grouped by the key questions in
    the guidance's order, then any other group, ``CONTEXT`` last; in registry order within."""
    asked = [
        c
        for c in COLUMNS.values()
        if c.kind in _ASKED and c.vocabulary not in _CONCLUSIONS and not c.open
    ]
    groups = list(dict.fromkeys([*KeyQuestion, *(c.group for c in asked), CONTEXT]))
    return tuple(Field(c) for g in groups for c in asked if c.group == g)


FIELDS: Final = form_fields()
"""The form's fields as the registry stood on import (``Explorer`` re-reads it when built)."""

_NO_EXAMPLE: Final = "(your own facts)"
_SVG_HEAD: Final = re.compile(r'<svg width="([\d.]+)pt" height="[\d.]+pt"')
_SVG_PROLOG: Final = re.compile(r"\A.*?(?=<svg)", re.DOTALL)
_STYLE: Final = """<style>
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
.pm-outcome ol, .pm-outcome ul {margin-top: 0.2em; padding-left: 1.4em}
</style>"""


def svg_text(data: bytes) -> str:
    """Graphviz's SVG made fit to embed in a page: no prolog, comments or version; it scales
    down with the page's width and keeps its proportions."""
    text = _SVG_PROLOG.sub("", data.decode("utf-8"), count=1)
    return _SVG_HEAD.sub(
        lambda m: f'<svg width="100%" style="max-width:{m.group(1)}pt; height:auto"', text, count=1
    )


def _pipe(dot: graphviz.Digraph) -> bytes:
    return bytes(dot.pipe(format="svg"))


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


def _fact_words(fact: str) -> str:
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
        _STYLE,
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
            f"{html.escape(_fact_words(a.ask_next))}</b>{asked}</div>"
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
    parts = [_STYLE, '<div class="pm-outcome">']
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
    if a.incident.youngest_assumed:
        parts.append("<p>Age of the youngest involved not given: taken as the age pictured.</p>")
    parts.append(
        f'<p><small class="pm-edition">Guidance: {html.escape(a.guidance_version)}</small></p>'
    )
    parts.append("</div>")
    return "\n".join(parts)


def _polite(error: FactError) -> str:
    """A ``FactError`` as a note on the form."""
    label = _fact_words(error.field)
    return (
        f'<div class="pm-message" role="alert">Please check <b>{html.escape(label)}</b>: '
        f"{html.escape(str(error.value))} {html.escape(error.allowed)}. "
        "What is shown below is for the facts before this change.</div>"
    )


class Explorer(Holds):
    """The form, the outcome and the chart, kept in step.

    ``pipe`` turns a ``graphviz.Digraph`` into SVG bytes (Graphviz's ``dot`` by default;
    tests and the benchmark pass a stand-in). Charts are kept by what they draw unless
    ``cache`` is off.
    """

    def __init__(
        self,
        *,
        graph: str | None = None,
        guidance: Guidance = AS_WRITTEN,
        pipe: Callable[[graphviz.Digraph], bytes] = _pipe,
        cache: bool = True,
    ) -> None:
        self.guidance = guidance
        self.graphs: dict[str, DecisionGraph] = guidance.graphs
        self._pipe = pipe
        self._charts: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] | None = (
            {} if cache else None
        )
        self.examples: tuple[Example, ...] = examples()
        self.fields = form_fields()
        self.controls: dict[str, Any] = {f.fact: input_for(f.column) for f in self.fields}
        self.example_choice = w.Dropdown(
            options=[(_NO_EXAMPLE, -1)] + [(e.name, i) for i, e in enumerate(self.examples)],
            value=-1,
            description="Worked example",
            style={"description_width": "9em"},
            layout=w.Layout(width="100%"),
        )
        self.clear_button = w.Button(
            description="Start again: nothing known",
            tooltip="Every fact back to not known",
            layout=w.Layout(width="auto"),
        )
        self.graph_choice = w.ToggleButtons(
            options=[(g.title.split(" (")[0], gid) for gid, g in self.graphs.items()],
            value=graph or guidance.pathway.id,
            style={"button_width": "auto"},
        )
        self.message_html = w.HTML()
        self.headline_html = w.HTML()
        self.outcome_html = w.HTML()
        self.chart_html = w.HTML(layout=w.Layout(width="100%"))
        start = Incident.not_known()
        self.assessment: Assessment = assess(start, guidance=guidance)
        self._show_incident(start)
        for control in self.controls.values():
            control.observe(self._on_fact, names="value")
        self.example_choice.observe(self._on_example, names="value")
        self.clear_button.on_click(lambda _: self.reset())
        self.graph_choice.observe(lambda _: self.update(), names="value")
        self.widget = self._layout()
        self.update()

    # ---- state ---------------------------------------------------------------------------

    def facts(self) -> dict[str, object]:
        """The facts as the form shows them, as ``Incident`` takes them: the youngest
        involved left out while it is taken as the age pictured."""
        shown = {fact: control.value for fact, control in self.controls.items()}
        if shown.get(YOUNGEST) == AS_PICTURED:
            del shown[YOUNGEST]
        return shown

    def incident(self) -> Incident:
        """The incident on the form (a ``FactError`` if its facts do not fit together)."""
        return Incident(**self.facts())

    def set_facts(self, **facts: object) -> None:
        """Set some facts (values as ``Incident.from_raw`` reads them; None: not known), then
        update once. A fact the form does not ask, or a value or a combination the model
        does not allow, is a ``FactError`` and changes nothing."""
        unknown = sorted(set(facts) - set(self.controls))
        if unknown:
            raise FactError(unknown[0], facts[unknown[0]], f"must be one of {list(self.controls)}")
        given = {k: v for k, v in (self.facts() | facts).items() if v != AS_PICTURED}
        incident = Incident.from_raw(given)
        with self._hold():
            for fact in facts:
                self.controls[fact].value = incident.given().get(fact, AS_PICTURED)
        self.update()

    def reset(self) -> None:
        """Every fact back to not known ("your own facts", from the start)."""
        with self._hold():
            self.example_choice.value = -1
            self._show_incident(Incident.not_known())
        self.update()

    def choose_example(self, name: str) -> None:
        """Choose a worked example by its name, as the dropdown does."""
        names = [e.name for e in self.examples]
        if name not in names:
            raise ValueError(f"unknown example: {name!r} (must be one of {names})")
        self.example_choice.value = names.index(name)

    def displayed(self) -> dict[str, str]:
        """What the page shows, read back from its HTML: subtype, pathway (``undetermined``
        while not settled), precaution and ask (while not settled), chart, path, possible."""
        shown = {
            name: m.group(1)
            for name in ("subtype", "pathway", "precaution")
            if (m := re.search(f'class="pm-badge pm-{name}[^"]*" data-value="([^"]*)"', self.headline_html.value))
        }  # fmt: skip
        ask = re.search(r'class="pm-ask" data-value="([^"]*)"', self.headline_html.value)
        if ask:
            shown["ask"] = ask.group(1)
        chart = re.search(
            r'data-graph="([^"]*)" data-path="([^"]*)" data-possible="([^"]*)"',
            self.chart_html.value,
        )
        if chart:
            shown.update(chart=chart.group(1), path=chart.group(2), possible=chart.group(3))
        return shown

    @property
    def chart_path(self) -> tuple[str, ...]:
        """The node ids drawn in bold on the chart shown."""
        return tuple(str(n) for n in self.assessment.path[self.graph_choice.value])

    @property
    def chart_possible(self) -> tuple[str, ...]:
        """The outcomes of the chart shown that are still possible."""
        a = self.assessment
        if self.graph_choice.value == self.guidance.pathway.id:
            return tuple(str(p) for p in a.possible_pathways)
        return tuple(str(s) for s in a.possible_subtypes)

    # ---- updating ------------------------------------------------------------------------

    def update(self) -> None:
        """Assess the facts on the form and redraw the outcome and the chart; facts that do
        not fit together leave a note on the form and the last outcome shown."""
        if self._quiet:
            return
        try:
            incident = self.incident()
        except FactError as error:
            self.message_html.value = _polite(error)
            return
        self.message_html.value = ""
        self.assessment = assess(incident, guidance=self.guidance)
        chosen = self.example_choice.value
        if chosen >= 0 and self.examples[chosen].incident() != incident:
            with self._hold():  # the facts no longer are the example's
                self.example_choice.value = -1
        self.headline_html.value = headline_html(self.assessment)
        self.outcome_html.value = outcome_html(self.assessment)
        graph = self.graphs[self.graph_choice.value]
        self.chart_html.value = self.chart_svg(graph, self.chart_path, self.chart_possible)

    def chart_svg(
        self, graph: DecisionGraph, path: tuple[str, ...], possible: tuple[str, ...] = ()
    ) -> str:
        """The flowchart with ``path`` in bold and the branches to ``possible`` (when the path
        stops at a question) dashed, as SVG text."""
        key = (graph.id, path, possible)
        if self._charts is not None and key in self._charts:
            return self._charts[key]
        dot = render(graph, path=path, guidance=self.guidance, possible=possible or None)
        svg = (
            f'<div class="pm-chart" data-graph="{graph.id}" data-path="{" ".join(path)}" '
            f'data-possible="{" ".join(possible)}">{svg_text(self._pipe(dot))}</div>'
        )
        if self._charts is not None:
            self._charts[key] = svg
        return svg

    def _show_incident(self, incident: Incident) -> None:
        """Put an incident's facts on the form, without updating."""
        given = incident.given()
        with self._hold():
            for fact, control in self.controls.items():
                control.value = given.get(fact, AS_PICTURED)

    def _on_fact(self, _: Mapping[str, Any]) -> None:
        if not self._quiet:
            self.update()

    def _on_example(self, change: Mapping[str, Any]) -> None:
        if self._quiet or change["new"] < 0:
            return
        self._show_incident(self.examples[change["new"]].incident())
        self.update()

    # ---- layout --------------------------------------------------------------------------

    def _layout(self) -> Any:
        used = self.guidance.typology.facts_used() | self.guidance.pathway.facts_used()
        groups: dict[str, list[Any]] = {}
        for field in self.fields:
            groups.setdefault(str(field.group), []).append(self.controls[field.fact])
        sections = []
        for title, controls in groups.items():
            note = (
                "<br><small>Recorded for analysis; no rule of the guidance reads these.</small>"
                if not any(f.fact in used for f in self.fields if f.group == title)
                else ""
            )
            heading = w.HTML(f"<b>{html.escape(title)}</b>{note}")
            sections.append(w.VBox([heading, *controls], layout=w.Layout(margin="0 0 0.8em 0")))
        header = w.HTML(
            f"<small>Edition {html.escape(str(self.guidance))}. "
            "Facts only: no image is ever asked for or shown. Each fact is yes, no or not "
            "known; the outcome shows what the facts known so far settle.</small>"
        )
        form = w.VBox(
            [self.example_choice, self.clear_button, *sections],
            layout=w.Layout(width="31em", flex="0 0 auto", margin="0 1.5em 0 0"),
        )
        tabs = w.Tab(
            [w.VBox([self.graph_choice, self.chart_html]), self.outcome_html],
            titles=("Flowchart", "Why, and what to do"),
        )
        result = w.VBox(
            [self.message_html, self.headline_html, tabs],
            layout=w.Layout(flex="1 1 30em", min_width="24em"),
        )
        return w.VBox([header, w.HBox([form, result], layout=w.Layout(flex_flow="row wrap"))])

    # ---- display -------------------------------------------------------------------------

    def __repr__(self) -> str:
        a = self.assessment
        ask = f" (ask next: {a.ask_next.replace('_', ' ')})" if a.ask_next else ""
        return f"Explorer: {a.subtype}, {a.pathway}{ask}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle
