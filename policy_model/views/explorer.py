"""The classification explorer: an incident's facts as a form grouped by the guidance's key
questions, and, on every change, what the guidance says so far: the outcome if the facts
settle it, else the outcomes still possible, the pathway to follow meanwhile and the question
to ask next; the reasons with the guidance behind them, the actions, the key questions, and
the flowchart with the path in bold and the branches still possible dashed.

The form is built from the column registry (``COLUMNS``): every fact is yes / no / not known,
and "your own facts" start with everything not known. It works on facts only: it never
accepts, shows or links an image. The user chooses the edition of the guidance; a question
the chosen edition does not read is marked "not used by this edition" and not asked (its
buttons are disabled), and a value recorded for it before is named in the reasons.

>>> explorer = Explorer(pipe=lambda dot: b"<svg></svg>")
>>> print(explorer.assessment.subtype, explorer.assessment.pathway)
undetermined undetermined
>>> explorer.set_facts(age_pictured=14, age_youngest_involved=14, intent_to_harm=True)
>>> explorer
Explorer: undetermined, undetermined (ask next: adult involved)
>>> explorer.set_facts(adult_involved=True)
>>> explorer
Explorer: adult_involved, refer_immediately
>>> explorer.set_edition("redbridge-2018")
>>> "ai_generated" in explorer.unused()
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import graphviz
import ipywidgets as w

from ..editions import AS_WRITTEN, EDITIONS
from ..editions.examples import Example, examples
from ..engine.assess import Assessment, assess
from ..model.columns import CONTEXT
from ..model.conditions import YOUNGEST
from ..model.coverage import facts_read
from ..model.graph import DecisionGraph
from ..model.guidance import Guidance
from ..model.incident import FactError, Incident
from .explorer_html import fact_words, headline_html, outcome_html
from .form_fields import FIELDS, Field, form_fields
from .inputs import AS_PICTURED, Holds, input_for
from .render import render

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


_NO_EXAMPLE: Final = "(your own facts)"
_SVG_HEAD: Final = re.compile(r'<svg width="([\d.]+)pt" height="[\d.]+pt"')
_SVG_PROLOG: Final = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


def svg_text(data: bytes) -> str:
    """Graphviz's SVG made fit to embed in a page: no prolog, comments or version; it scales
    down with the page's width and keeps its proportions."""
    text = _SVG_PROLOG.sub("", data.decode("utf-8"), count=1)
    return _SVG_HEAD.sub(
        lambda m: f'<svg width="100%" style="max-width:{m.group(1)}pt; height:auto"', text, count=1
    )


def _pipe(dot: graphviz.Digraph) -> bytes:
    return bytes(dot.pipe(format="svg"))


def _polite(error: FactError) -> str:
    """A ``FactError`` as a note on the form."""
    label = fact_words(error.field)
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
        self.editions: dict[str, Guidance] = {guidance.id: guidance, **EDITIONS}
        self._cache = cache
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
        self.edition_choice = w.Dropdown(
            options=[(f"{g.id} ({g.status.value})", gid) for gid, g in self.editions.items()],
            value=guidance.id,
            description="Edition",
            style={"description_width": "9em"},
            layout=w.Layout(width="100%"),
        )
        self.unused_notes: dict[str, Any] = {f.fact: w.HTML() for f in self.fields}
        self.group_headings: dict[str, Any] = {}
        self.header_html = w.HTML()
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
        self.edition_choice.observe(self._on_edition, names="value")
        self.widget = self._layout()
        self._mark_unused()
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

    def unused(self) -> tuple[str, ...]:
        """The form's questions the chosen edition does not read (marked, not asked)."""
        read = facts_read(self.guidance)
        return tuple(f.fact for f in self.fields if f.group != CONTEXT and f.fact not in read)

    def set_edition(self, edition_id: str) -> None:
        """Assess under another edition (an id of ``self.editions``), as the dropdown does."""
        if edition_id not in self.editions:
            raise ValueError(
                f"unknown edition: {edition_id!r} (must be one of {list(self.editions)})"
            )
        self.edition_choice.value = edition_id

    def _on_edition(self, change: Mapping[str, Any]) -> None:
        self.guidance = self.editions[change["new"]]
        self.graphs = self.guidance.graphs
        self._charts = {} if self._cache else None
        with self._hold():
            chosen = self.graph_choice.value
            self.graph_choice.options = [
                (g.title.split(" (")[0], gid) for gid, g in self.graphs.items()
            ]
            self.graph_choice.value = chosen if chosen in self.graphs else self.guidance.pathway.id
        self._mark_unused()
        self.update()

    def _mark_unused(self) -> None:
        """Mark the questions the edition does not read, disable their controls, and say which
        groups no rule of the edition reads; the header names the edition."""
        unused = set(self.unused())
        read = facts_read(self.guidance)
        for field in self.fields:
            off = field.fact in unused
            self.unused_notes[field.fact].value = (
                '<small class="pm-unused">Not used by this edition: not asked; a value given '
                "is reported, never read.</small>"
                if off
                else ""
            )
            for child in self.controls[field.fact].children:
                if not isinstance(child, w.HTML) and hasattr(child, "disabled"):
                    child.disabled = off
        for title, heading in self.group_headings.items():
            note = (
                "<br><small>Recorded for analysis; no rule of this edition reads these.</small>"
                if not any(f.fact in read for f in self.fields if f.group == title)
                else ""
            )
            heading.value = f"<b>{html.escape(title)}</b>{note}"
        self.header_html.value = (
            f"<small>Edition {html.escape(str(self.guidance))}. "
            "Facts only: no image is ever asked for or shown. Each fact is yes, no or not "
            "known; the outcome shows what the facts known so far settle.</small>"
        )

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
        groups: dict[str, list[Any]] = {}
        for field in self.fields:
            control = self.controls[field.fact]
            control.children = (*control.children, self.unused_notes[field.fact])
            groups.setdefault(str(field.group), []).append(control)
        sections = []
        for title, controls in groups.items():
            heading = self.group_headings[title] = w.HTML(f"<b>{html.escape(title)}</b>")
            sections.append(w.VBox([heading, *controls], layout=w.Layout(margin="0 0 0.8em 0")))
        header = self.header_html
        form = w.VBox(
            [self.example_choice, self.edition_choice, self.clear_button, *sections],
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
