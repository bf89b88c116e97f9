"""Policy change: two editions (or a what-if with other age lines) compared live, for policy
authors and board analysts: the flowchart with the changes marked, the changed steps, the
scenario cases whose outcome changes, and the impact on a dataset (the pathway transitions
and the change in referrals by quarter, with small-number suppression).

All the logic is here; notebooks/04-policy-change.ipynb only shows it. Every control can be
set from code (``set_editions``, ``set_lines``), which is how the tests drive it.

>>> view = PolicyChange(pipe=lambda dot: b"")
>>> view
PolicyChange: redbridge-2018 -> redbridge-2024-proposed: 8 changed steps, 1 scenario changes
>>> view.set_lines(young_child=13)
>>> view.new.lines.young_child, len(view.changes) > 8
(13, True)
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import ipywidgets as w
import pandas as pd

from ..editions import DEFAULT, EDITIONS, EditionError
from ..model.diff import Change, diff, marks
from ..model.guidance import Guidance
from ..model.parameters import Lines
from ..stats.impact import Impact, impact
from .diagrams import draw
from .diff import ScenarioChange, labelled, scenario_changes
from .edition_choices import EditionChoices
from .impact_labels import ImpactLabels
from .render import render

if TYPE_CHECKING:
    import graphviz

__all__ = ["LINES", "SHOWN", "PolicyChange", "find_whatifs"]

LINES: Final = ("adult", "young_child", "sexual_acts_under")
"""The age lines a policy author can move (``Lines``)."""
_LINE_LABELS: Final = {
    "adult": "Adult from age",
    "young_child": "Young child: aged at most",
    "sexual_acts_under": "Sexual acts: any child under",
}
_GRAPHS: Final = {"response_pathway": "Response pathway", "typology": "Typology"}
_PROPOSED: Final = "redbridge-2024-proposed"
SHOWN: Final = ("pathways", "subtypes", "referrals")
"""The impact tables the page shows, protected together with its headline (a reader who
sees the changed steps can tell whether subtypes can move, so the subtype transitions are
shown and protected too)."""


def find_whatifs(*folders: Path) -> tuple[Path, ...]:
    """The what-if files (``*.yaml``) in these folders, by folder then name."""
    return tuple(p for folder in folders for p in sorted(Path(folder).glob("*.yaml")))


def _png(dot: graphviz.Digraph) -> bytes:
    return draw(dot, "png")


def _table_html(table: pd.DataFrame, empty: str) -> str:
    if table.empty:
        return f"<p>{html.escape(empty)}</p>"
    return str(table.to_html(index=False, escape=True, border=0, classes="pm-table"))


class PolicyChange(EditionChoices):
    """The editions chosen, the age lines of the second, and what changes, kept in step.

    ``whatifs`` adds what-if files to both choices; ``data`` (a loaded incident frame) adds
    the impact; ``pipe`` turns a ``graphviz.Digraph`` into the PNG bytes shown (Graphviz's
    ``dot`` by default; tests pass a stand-in).
    """

    def __init__(
        self,
        *,
        old: str = DEFAULT,
        new: str = _PROPOSED,
        whatifs: Sequence[Path] = (),
        data: pd.DataFrame | None = None,
        profile: str = "standard",
        pipe: Callable[[graphviz.Digraph], bytes] = _png,
    ) -> None:
        self.data = data
        self.profile = profile
        self._pipe = pipe
        self._built: dict[tuple[str, Lines | None], Guidance] = {}
        self.sources: dict[str, Path | None] = dict.fromkeys(EDITIONS)
        self.texts: dict[str, str] = {}
        """What-ifs opened from text (an upload), by choice key; their ``sources`` are None."""
        for path in whatifs:
            self.sources[str(path)] = Path(path)
        options = [(self._label(key), key) for key in self.sources]
        self.old_choice = w.Dropdown(
            options=options, description="Compare (A)", style={"description_width": "8em"},
            layout=w.Layout(width="34em"),
        )  # fmt: skip
        self.new_choice = w.Dropdown(
            options=options, description="with (B)", style={"description_width": "8em"},
            layout=w.Layout(width="34em"),
        )  # fmt: skip
        self.line_inputs: dict[str, w.BoundedIntText] = {
            name: w.BoundedIntText(
                min=1,
                max=25,
                description=_LINE_LABELS[name],
                style={"description_width": "13em"},
                layout=w.Layout(width="18em"),
            )
            for name in LINES
        }
        self.reset_button = w.Button(
            description="B's own age lines", tooltip="Put back the age lines edition B sets",
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.graph_choice = w.ToggleButtons(
            options=[(title, gid) for gid, title in _GRAPHS.items()], value="response_pathway",
            style={"button_width": "auto"},
        )  # fmt: skip
        self.side_choice = w.ToggleButtons(
            options=[("B, added and changed steps marked", "new"),
                     ("A, removed steps marked", "old")],
            value="new", style={"button_width": "auto"},
        )  # fmt: skip
        self.message_html = w.HTML()
        self.heading_html = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="60em"))
        self.changes_html = w.HTML()
        self.scenarios_html = w.HTML()
        self.transitions_html = w.HTML()
        self.referrals_html = w.HTML()
        self.old: Guidance = EDITIONS[DEFAULT]
        self.new: Guidance = EDITIONS[DEFAULT]
        self.changes: list[Change] = []
        self.scenarios: list[ScenarioChange] = []
        self.impact: Impact | None = None
        with self._hold():
            self.old_choice.value = self._key(old)
            self.new_choice.value = self._key(new)
            self._show_lines(self._edition(self.new_choice.value, None).lines)
        self.old_choice.observe(self._on_change, names="value")
        self.new_choice.observe(self._on_new, names="value")
        for control in self.line_inputs.values():
            control.observe(self._on_change, names="value")
        self.reset_button.on_click(lambda _: self.reset_lines())
        self.graph_choice.observe(lambda _: self._draw(), names="value")
        self.side_choice.observe(lambda _: self._draw(), names="value")
        self.widget = self._layout()
        self.update()

    def lines(self) -> Lines:
        """The age lines on the form (a ``ValueError`` if they do not fit together)."""
        return Lines(**{name: int(c.value) for name, c in self.line_inputs.items()})

    def set_editions(self, old: str | Path, new: str | Path) -> None:
        """Compare edition ``old`` with ``new`` (ids, or what-if files by path or name); the
        age lines go back to ``new``'s own. An unknown edition is an ``EditionError``."""
        a, b = self._key(old), self._key(new)
        with self._hold():
            self.old_choice.value = a
            self.new_choice.value = b
            self._show_lines(self._edition(b, None).lines)
        self.update()

    def set_lines(self, **lines: int) -> None:
        """Move some of edition B's age lines (``adult``, ``young_child``,
        ``sexual_acts_under``), then update once. Lines that do not fit together are a
        ``ValueError`` and change nothing."""
        unknown = sorted(set(lines) - set(LINES))
        if unknown:
            raise ValueError(f"unknown age line {unknown[0]!r}: one of {list(LINES)}")
        wanted = Lines(**(dataclasses.asdict(self.lines()) | lines))
        with self._hold():
            self._show_lines(wanted)
        self.update()

    def reset_lines(self) -> None:
        """Edition B's own age lines."""
        with self._hold():
            self._show_lines(self._edition(self.new_choice.value, None).lines)
        self.update()

    def _show_lines(self, lines: Lines) -> None:
        for name, control in self.line_inputs.items():
            control.value = getattr(lines, name)

    # ---- updating --------------------------------------------------------------------------

    def update(self) -> None:
        """Build both editions and redraw everything; age lines or a what-if that do not
        work leave a note and what was shown before."""
        if self._quiet:
            return
        try:
            old = self._edition(self.old_choice.value, None)
            new = self._edition(self.new_choice.value, self.lines())
        except (ValueError, EditionError) as error:
            self.message_html.value = (
                '<div class="pm-message" role="alert">Please check: '
                f"{html.escape(str(error))}. What is shown below is from before this change."
                "</div>"
            )
            return
        self.message_html.value = ""
        self.old, self.new = old, new
        self.changes = diff(old, new)
        self.scenarios = scenario_changes(old, new)
        self.impact = (
            None
            if self.data is None
            else impact(self.data, old, new, profile=self.profile, tables=SHOWN)
        )
        self.heading_html.value = self._heading()
        self.changes_html.value = _table_html(self.changes_table(), "No step changes.")
        self.scenarios_html.value = _table_html(
            self.scenarios_table(), "No scenario case changes its outcome."
        )
        if self.impact is None:
            self.transitions_html.value = "<p>No data given: no impact to show.</p>"
            self.referrals_html.value = ""
        else:
            shown = labelled(self.impact, ImpactLabels(old, new))
            self.transitions_html.value = (
                f"<p>{self.impact.headline['incidents']} incidents; pathway under A (rows) and "
                f"B (columns); c = withheld ({self.impact.profile} small-number suppression, "
                "applied to these tables and the figures above together).</p>"
                + _table_html(shown.pathways, "")
                + "<p>Subtype under A (rows) and B (columns).</p>"
                + _table_html(shown.subtypes, "")
            )
            self.referrals_html.value = (
                "<p>Incidents referred to children's social care and/or the police "
                "(refer immediately, specialist discussion), by quarter.</p>"
                + _table_html(shown.referrals, "")
            )
        self._draw()

    def _heading(self) -> str:
        own = self._edition(self.new_choice.value, None).lines
        moved = [
            f"{name} {getattr(self.new.lines, name)}"
            for name in LINES
            if getattr(self.new.lines, name) != getattr(own, name)
        ]
        moved_text = f" with age lines {', '.join(moved)}" if moved else ""
        parts = [
            f"<b>A</b>: {html.escape(str(self.old))} ({self.old.status})<br>",
            f"<b>B</b>: {html.escape(str(self.new))} ({self.new.status}){moved_text}<br>",
            f"{len(self.changes)} changed steps; {len(self.scenarios)} scenario cases change "
            "their outcome",
        ]
        if self.impact is not None:
            shown = self.impact.headline
            parts.append(
                f"; of {shown['incidents']} incidents, {shown['changes']} change and "
                f"{shown['might change']} might change (a fact B reads is not known in the "
                "data)"
            )
        return '<div class="pm-heading">' + "".join(parts) + ".</div>"

    def chart_dot(self, graph: str | None = None, side: str | None = None) -> graphviz.Digraph:
        """One flowchart with the changes marked: ``side`` "new" is edition B with added and
        changed steps marked, "old" edition A with removed steps marked."""
        graph = graph or self.graph_choice.value
        side = side or self.side_choice.value
        g = self.new if side == "new" else self.old
        return render(g.graphs[graph], guidance=g, marks=marks(self.changes, graph, side=side))

    def png(self, graph: str | None = None, side: str | None = None) -> bytes:
        """The flowchart as ``chart_dot`` draws it, as PNG bytes."""
        return self._pipe(self.chart_dot(graph, side))

    def _draw(self) -> None:
        if not self._quiet:
            self.chart.value = self.png()

    def changes_table(self) -> pd.DataFrame:
        """One row per changed step (and per moved age line): graph, step, what changed,
        before and after."""
        rows = [
            {"graph": "age lines", "step": name, "change": "moved",
             "before": str(getattr(self.old.lines, name)),
             "after": str(getattr(self.new.lines, name))}
            for name in LINES
            if getattr(self.old.lines, name) != getattr(self.new.lines, name)
        ]  # fmt: skip
        rows += [
            {"graph": _GRAPHS[c.graph], "step": c.node, "change": ", ".join(c.kinds),
             "before": c.before, "after": c.after}
            for c in self.changes
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=["graph", "step", "change", "before", "after"])

    def scenarios_table(self) -> pd.DataFrame:
        """The scenario cases whose subtype or pathway differs: under A, under B."""
        rows = [
            {"scenario": s.name, "file": s.file, "under A": s.old, "under B": s.new}
            for s in self.scenarios
        ]
        return pd.DataFrame(rows, columns=["scenario", "file", "under A", "under B"])

    def displayed(self) -> dict[str, str]:
        """What the page shows, as text: the heading, the tables and any message."""
        return {
            "heading": self.heading_html.value,
            "message": self.message_html.value,
            "changes": self.changes_html.value,
            "scenarios": self.scenarios_html.value,
            "transitions": self.transitions_html.value,
            "referrals": self.referrals_html.value,
        }

    def _on_change(self, _: Mapping[str, Any]) -> None:
        self.update()

    def _on_new(self, change: Mapping[str, Any]) -> None:
        if self._quiet:
            return
        with self._hold():
            self._show_lines(self._edition(change["new"], None).lines)
        self.update()

    # ---- layout ----------------------------------------------------------------------------

    def _layout(self) -> Any:
        note = w.HTML(
            "<small>Choose the edition to compare from (A) and to (B), or open a what-if file "
            "from any folder (its path, or an upload) as B; move B's age lines to try a "
            "change. Facts only: no image is ever asked for or shown.</small>"
        )
        lines = w.VBox(
            [w.HTML("<b>Age lines of B</b>"), *self.line_inputs.values(), self.reset_button]
        )
        tabs = w.Tab(
            [
                w.VBox([self.graph_choice, self.side_choice, self.chart]),
                self.changes_html,
                self.scenarios_html,
                w.VBox([self.transitions_html, self.referrals_html]),
            ],
            titles=("Flowchart", "Changed steps", "Scenarios", "Impact on the data"),
        )
        choices = w.HBox(
            [w.VBox([self.old_choice, self.new_choice]), lines],
            layout=w.Layout(flex_flow="row wrap"),
        )
        from .whatif_open import WhatIfOpener

        self.opener = WhatIfOpener(self)
        return w.VBox(
            [note, choices, self.opener.widget, self.message_html, self.heading_html, tabs]
        )

    # ---- display ---------------------------------------------------------------------------

    def __repr__(self) -> str:
        n = len(self.scenarios)
        cases = "1 scenario changes" if n == 1 else f"{n} scenarios change"
        text = f"PolicyChange: {self.old.id} -> {self.new.id}: {len(self.changes)} changed steps, {cases}"
        if self.impact is not None:
            shown = self.impact.headline
            text += f", {shown['changes']} of {shown['incidents']} incidents change"
        return text

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle
