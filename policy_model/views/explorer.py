"""The classification explorer: an incident's facts as a form grouped by the guidance's key
questions, and, on every change, the outcome, its reasons with the guidance behind them, the
actions, and the flowchart with this incident's path in bold.

It works on facts only: it never accepts, shows or links an image.

>>> explorer = Explorer(pipe=lambda dot: b"<svg></svg>")
>>> explorer.set_facts(age_pictured=14, sharing="peers", intent_to_harm=True)
>>> print(explorer.assessment.subtype, explorer.assessment.pathway)
youth_intent_to_harm specialist_discussion
>>> explorer
Explorer: youth_intent_to_harm, specialist_discussion
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import graphviz
import ipywidgets as w

from ..engine.assess import Assessment, assess
from ..model.citations import Citation
from ..model.examples import Example, examples
from ..model.graph import DecisionGraph, Question
from ..model.guidance import AS_WRITTEN, PATHWAY, TYPOLOGY
from ..model.incident import FactError, Incident
from ..model.key_questions import KeyQuestion
from ..model.vocab import BOOLEAN_FACTS, CATEGORICAL_FACTS, MAX_AGE, MIN_AGE, Sharing
from .labels import LABELS
from .render import OUTCOME_LOOKS, outcome_words, render

__all__ = ["CONTEXT", "FIELDS", "GRAPHS", "Explorer", "Field", "svg_text"]

CONTEXT: Final = "About the record"
"""The form's last group: facts recorded for analysis that no rule reads."""


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    """One fact on the form: the key question it answers and how the form asks it."""

    fact: str
    group: str
    label: str


FIELDS: Final = (
    Field("age_pictured", KeyQuestion.KNOWN, "Age pictured"),
    Field("vulnerable", KeyQuestion.KNOWN, "Vulnerable (e.g. looked after, SEND, on a plan)"),
    Field("previous_agency_involvement", KeyQuestion.KNOWN, "Previous or current agency involvement"),
    Field("multiple_incidents", KeyQuestion.KNOWN, "Repeated incidents, the same young people"),
    Field("immediate_risk", KeyQuestion.KNOWN, "Immediate risk of harm (e.g. self-harm)"),
    Field("sharing", KeyQuestion.SHARED, "Shared with"),
    Field("platform", KeyQuestion.SHARED, "Platform"),
    Field("adult_involved", KeyQuestion.INTENT, "An adult (18+) is involved"),
    Field("coercion", KeyQuestion.INTENT, "Coercion, blackmail, threats or grooming"),
    Field("intent_to_harm", KeyQuestion.INTENT, "Shared to cause harm or distress (e.g. revenge, bullying)"),
    Field("pictured_willing", KeyQuestion.INTENT, "The young person pictured took part willingly"),
    Field("capacity_concern", KeyQuestion.INTENT, "Concern about capacity to consent (e.g. SEND)"),
    Field("sexual_motive", KeyQuestion.INTENT, "A sexual motive (untick: a young child, none apparent)"),
    Field("sexual_acts", KeyQuestion.INTENT, "The imagery depicts sexual acts"),
    Field("extreme_content", KeyQuestion.INTENT, "Extreme or violent content, unusual for their age"),
    Field("agency", CONTEXT, "Agency"),
    Field("gender_pictured", CONTEXT, "Gender pictured"),
)  # fmt: skip
"""Every fact of the form, in the order it asks them."""

_SHARING: Final[dict[str, str]] = {
    Sharing.NONE: "not sent to anyone",
    Sharing.PARTNER: "only between romantic partners",
    Sharing.PEERS: "young people who are not partners",
    Sharing.PUBLIC: "posted online or to groups",
}
_VALUE_LABELS: Final[dict[str, Mapping[str, str]]] = {
    "sharing": _SHARING,
    "platform": LABELS["platform"],
    "agency": LABELS["agency"],
    "gender_pictured": LABELS["gender"],
}
GRAPHS: Final = {PATHWAY.id: PATHWAY, TYPOLOGY.id: TYPOLOGY}
_GRAPH_NAMES: Final = {PATHWAY.id: "Response pathway", TYPOLOGY.id: "Typology"}
_NO_EXAMPLE: Final = "(your own facts)"
_SVG_HEAD: Final = re.compile(r'<svg width="([\d.]+)pt" height="[\d.]+pt"')
_SVG_PROLOG: Final = re.compile(r"\A.*?(?=<svg)", re.DOTALL)
_STYLE: Final = """<style>
.pm-outcome {font-size: 14px; line-height: 1.45; max-width: 60em}
.pm-outcome h4 {margin: 0.9em 0 0.3em 0}
.pm-badge {display: inline-block; padding: 0.15em 0.6em; border-radius: 4px;
           border: 1px solid #555; margin: 0.1em 0}
.pm-outcome blockquote {margin: 0.15em 0 0.5em 1.2em; padding-left: 0.6em;
                        border-left: 3px solid #bbb; color: #333; font-size: 12.5px}
.pm-reconstructed {font-style: italic; color: #7a4b00}
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


def _value_label(fact: str, value: str) -> str:
    return _VALUE_LABELS[fact].get(value, value.replace("_", " "))


def _control(field: Field, default: object) -> Any:
    wide = w.Layout(width="auto")
    if field.fact == "age_pictured":
        return w.IntSlider(
            value=default,
            min=MIN_AGE,
            max=MAX_AGE,
            description=field.label,
            continuous_update=False,
            style={"description_width": "11em"},
            layout=w.Layout(width="30em"),
        )
    if field.fact in BOOLEAN_FACTS:
        return w.Checkbox(value=default, description=field.label, indent=False, layout=wide)
    options = [(_value_label(field.fact, e.value), e.value) for e in CATEGORICAL_FACTS[field.fact]]
    return w.Dropdown(
        options=options,
        value=str(default),
        description=field.label,
        style={"description_width": "11em"},
        layout=w.Layout(width="30em"),
    )


def _quote(cite: Citation) -> str:
    where = f"{cite.source.key}, {cite.section}"
    mark = (
        f' <span class="pm-reconstructed">reconstructed from {html.escape(cite.source.key)}: '
        "not stated in the guidance</span>"
        if cite.reconstructed
        else ""
    )
    return f"<blockquote>“{html.escape(cite.quote)}” ({html.escape(where)}){mark}</blockquote>"


def _badge(node_id: str, text: str, css_class: str) -> str:
    look = OUTCOME_LOOKS.get(node_id)
    colours = f"background:{look.fill}; color:{look.font}" if look else ""
    return (
        f'<span class="pm-badge {css_class}" data-value="{html.escape(node_id)}" '
        f'style="{colours}">{html.escape(text)}</span>'
    )


def headline_html(a: Assessment) -> str:
    """The category, the subtype and the pathway, coloured as on the flowcharts."""
    subtype, pathway = TYPOLOGY[a.subtype], PATHWAY[a.pathway]
    urgency = outcome_words(pathway)
    parts = [
        _STYLE,
        '<div class="pm-outcome pm-headline">',
        f"<div>Category: <b>{html.escape(a.category.replace('_', ' '))}</b></div>",
        f"<div>Subtype: {_badge(a.subtype, subtype.label, 'pm-subtype')}</div>",
        "<div>Pathway: "
        + _badge(
            a.pathway,
            f"{pathway.label} ({urgency.lower()})" if urgency else pathway.label,
            "pm-pathway",
        )
        + "</div></div>",
    ]
    return "\n".join(parts)


def outcome_html(a: Assessment) -> str:
    """Why (each answered question with the guidance behind it), the actions, and the key
    questions the facts bring to attention, as HTML."""
    parts = [_STYLE, '<div class="pm-outcome">']
    typology_steps = sum(isinstance(TYPOLOGY[n], Question) for n in a.path[TYPOLOGY.id]) + 1
    for title, reasons in (
        ("Why: the typology", a.reasons[:typology_steps]),
        ("Why: the response pathway", a.reasons[typology_steps:]),
    ):
        parts.append(f"<h4>{title}</h4><ol>")
        parts += [f"<li>{html.escape(r.text)}{_quote(r.cite)}</li>" for r in reasons]
        parts.append("</ol>")
    parts += ["<h4>Actions</h4><ol>"]
    parts += [f"<li>{html.escape(x.text)}{_quote(x.cite)}</li>" for x in a.actions]
    parts.append("</ol>")
    if a.considerations:
        parts.append("<h4>Key questions these facts bring to attention</h4><ul>")
        parts += [
            f"<li><b>{html.escape(c.key_question)}</b> {html.escape(c.label)}.</li>"
            for c in a.considerations
        ]
        parts.append("</ul>")
    parts.append(f"<p><small>Model of the {html.escape(str(a.guidance_version))}.</small></p>")
    parts.append("</div>")
    return "\n".join(parts)


class Explorer:
    """The form, the outcome and the chart, kept in step.

    ``pipe`` turns a ``graphviz.Digraph`` into SVG bytes (Graphviz's ``dot`` by default;
    tests and the benchmark pass a stand-in). Charts are kept by path unless ``cache`` is off.
    """

    def __init__(
        self,
        *,
        graph: str = PATHWAY.id,
        pipe: Callable[[graphviz.Digraph], bytes] = _pipe,
        cache: bool = True,
    ) -> None:
        self._pipe = pipe
        self._charts: dict[tuple[str, tuple[str, ...]], str] | None = {} if cache else None
        self._quiet = False
        self.examples: tuple[Example, ...] = examples()
        defaults = Incident().facts()
        self.controls: dict[str, Any] = {f.fact: _control(f, defaults[f.fact]) for f in FIELDS}
        self.example_choice = w.Dropdown(
            options=[(_NO_EXAMPLE, -1)] + [(e.name, i) for i, e in enumerate(self.examples)],
            value=-1,
            description="Worked example",
            style={"description_width": "9em"},
            layout=w.Layout(width="100%"),
        )
        self.graph_choice = w.ToggleButtons(
            options=[(_GRAPH_NAMES[g], g) for g in GRAPHS], value=graph
        )
        self.headline_html = w.HTML()
        self.outcome_html = w.HTML()
        self.chart_html = w.HTML(layout=w.Layout(width="100%"))
        self.assessment: Assessment = assess(Incident())
        for control in self.controls.values():
            control.observe(self._on_fact, names="value")
        self.example_choice.observe(self._on_example, names="value")
        self.graph_choice.observe(lambda _: self.update(), names="value")
        self.widget = self._layout()
        self.update()

    # ---- state ---------------------------------------------------------------------------

    def facts(self) -> dict[str, object]:
        """The facts as the form shows them."""
        return self._typed_facts()

    def set_facts(self, **facts: object) -> None:
        """Set some facts (values as ``Incident.from_raw`` reads them), then update once.

        A fact the form does not ask, or a value the model does not allow, is a ``FactError``.
        """
        unknown = sorted(set(facts) - set(self.controls))
        if unknown:
            raise FactError(unknown[0], facts[unknown[0]], f"must be one of {list(self.controls)}")
        incident = Incident.from_raw(self._typed_facts() | dict(facts))
        with self._hold():
            for fact in facts:
                self.controls[fact].value = getattr(incident, fact)
        self.update()

    def reset(self) -> None:
        """Every fact back to its default."""
        defaults = Incident().facts()
        self.set_facts(**{fact: defaults[fact] for fact in self.controls})

    def choose_example(self, name: str) -> None:
        """Choose a worked example by its name, as the dropdown does."""
        names = [e.name for e in self.examples]
        if name not in names:
            raise ValueError(f"unknown example: {name!r} (must be one of {names})")
        self.example_choice.value = names.index(name)

    def displayed(self) -> dict[str, str]:
        """What the page shows, read back from its HTML: subtype, pathway, chart, path."""
        shown = {
            name: m.group(1)
            for name in ("subtype", "pathway")
            if (
                m := re.search(
                    f'class="pm-badge pm-{name}" data-value="([^"]*)"', self.headline_html.value
                )
            )
        }
        chart = re.search(r'data-graph="([^"]*)" data-path="([^"]*)"', self.chart_html.value)
        if chart:
            shown.update(chart=chart.group(1), path=chart.group(2))
        return shown

    @property
    def chart_path(self) -> tuple[str, ...]:
        """The node ids drawn in bold on the chart shown."""
        return tuple(self.assessment.path[self.graph_choice.value])

    # ---- updating ------------------------------------------------------------------------

    def update(self) -> None:
        """Assess the facts on the form and redraw the outcome and the chart."""
        if self._quiet:
            return
        self.assessment = assess(Incident(**self._typed_facts()))
        chosen = self.example_choice.value
        if chosen >= 0 and not self._matches(self.examples[chosen]):
            with self._hold():  # the facts no longer are the example's
                self.example_choice.value = -1
        self.headline_html.value = headline_html(self.assessment)
        self.outcome_html.value = outcome_html(self.assessment)
        self.chart_html.value = self.chart_svg(GRAPHS[self.graph_choice.value], self.chart_path)

    def chart_svg(self, graph: DecisionGraph, path: tuple[str, ...]) -> str:
        """The flowchart with ``path`` in bold, as SVG text."""
        key = (graph.id, path)
        if self._charts is not None and key in self._charts:
            return self._charts[key]
        svg = (
            f'<div class="pm-chart" data-graph="{graph.id}" data-path="{" ".join(path)}">'
            f"{svg_text(self._pipe(render(graph, path=path)))}</div>"
        )
        if self._charts is not None:
            self._charts[key] = svg
        return svg

    def _typed_facts(self) -> dict[str, Any]:
        return {fact: control.value for fact, control in self.controls.items()}

    @contextlib.contextmanager
    def _hold(self) -> Iterator[None]:
        self._quiet, quiet = True, self._quiet
        try:
            yield
        finally:
            self._quiet = quiet

    def _on_fact(self, _: Mapping[str, Any]) -> None:
        if not self._quiet:
            self.update()

    def _matches(self, example: Example) -> bool:
        wanted = example.incident().facts()
        return all(wanted[fact] == value for fact, value in self._typed_facts().items())

    def _on_example(self, change: Mapping[str, Any]) -> None:
        if self._quiet or change["new"] < 0:
            return
        example = self.examples[change["new"]]
        wanted = example.incident().facts()
        with self._hold():
            for fact, control in self.controls.items():
                control.value = wanted[fact]
        self.update()

    # ---- layout --------------------------------------------------------------------------

    def _layout(self) -> Any:
        used = TYPOLOGY.facts_used() | PATHWAY.facts_used()
        groups: dict[str, list[Any]] = {}
        for field in FIELDS:
            groups.setdefault(str(field.group), []).append(self.controls[field.fact])
        sections = []
        for title, controls in groups.items():
            note = (
                "<br><small>Recorded for analysis; no rule of the guidance reads these.</small>"
                if not any(f.fact in used for f in FIELDS if f.group == title)
                else ""
            )
            heading = w.HTML(f"<b>{html.escape(title)}</b>{note}")
            sections.append(w.VBox([heading, *controls], layout=w.Layout(margin="0 0 0.8em 0")))
        header = w.HTML(
            f"<small>Model of the {html.escape(str(AS_WRITTEN))}. "
            "Facts only: no image is ever asked for or shown.</small>"
        )
        form = w.VBox(
            [self.example_choice, *sections],
            layout=w.Layout(width="31em", flex="0 0 auto", margin="0 1.5em 0 0"),
        )
        tabs = w.Tab(
            [w.VBox([self.graph_choice, self.chart_html]), self.outcome_html],
            titles=("Flowchart", "Why, and what to do"),
        )
        result = w.VBox(
            [self.headline_html, tabs], layout=w.Layout(flex="1 1 30em", min_width="24em")
        )
        return w.VBox([header, w.HBox([form, result], layout=w.Layout(flex_flow="row wrap"))])

    # ---- display -------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Explorer: {self.assessment.subtype}, {self.assessment.pathway}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle
