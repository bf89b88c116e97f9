"""The explorer's form controls, one per column of the registry, each holding its fact as
``Incident`` holds it: ``True`` / ``False`` / ``None`` (not known), an age or ``None``, a
category value or ``None``.

Each control's ``value`` is the fact itself, so code sets it (``control.value = None``) as a
click does, and observers see the typed value.

>>> from policy_model.model.columns import COLUMNS
>>> control = input_for(COLUMNS["coercion"])
>>> control.value is None, control.buttons.value
(True, 'not known')
>>> control.value = "yes"  # read as the data files read it
>>> control.value, control.buttons.value
(True, 'yes')
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterator
from typing import Any, Final

import ipywidgets as w
import traitlets

from ..model.columns import MAX_AGE, MIN_AGE, Column, Kind
from ..model.conditions import YOUNGEST
from ..model.incident import parse_value

__all__ = [
    "AS_PICTURED",
    "NOT_KNOWN",
    "AgeInput",
    "CategoryInput",
    "FactInput",
    "Holds",
    "input_for",
]

NOT_KNOWN: Final = "not known"
AS_PICTURED: Final = "as age pictured"
"""The youngest involved not given: taken as the age pictured (``Incident.youngest_assumed``)."""
_AGE: Final = "this age"
_YES_NO: Final = {"yes": True, "no": False, NOT_KNOWN: None}


def _heading(column: Column) -> w.HTML:
    return w.HTML(
        f'<span title="{html.escape(column.help)}">{html.escape(column.label)}</span>',
        layout=w.Layout(margin="0.35em 0 0 0"),
    )


class _Input(w.VBox):  # type: ignore[misc]
    """A labelled control whose ``value`` is one column's fact."""

    value = traitlets.Any(None, allow_none=True)

    def __init__(self, column: Column, *children: Any) -> None:
        super().__init__([_heading(column), *children], layout=w.Layout(margin="0 0 0.2em 0"))
        self.column = column
        self.add_class(f"pm-input-{column.name}")

    @traitlets.validate("value")
    def _valid(self, proposal: Any) -> object:
        return parse_value(self.column, proposal["value"])


class FactInput(_Input):
    """A yes / no / not known fact, as three toggle buttons."""

    def __init__(self, column: Column) -> None:
        self.buttons = w.ToggleButtons(
            options=list(_YES_NO),
            value=NOT_KNOWN,
            style={"button_width": "6.5em"},
            tooltips=[f"yes: {column.help}", "no", "not known yet"],
        )
        super().__init__(column, self.buttons)
        self.buttons.observe(self._on_buttons, names="value")

    def _on_buttons(self, change: Any) -> None:
        self.value = _YES_NO[change["new"]]

    @traitlets.observe("value")
    def _show(self, change: Any) -> None:
        self.buttons.value = next(k for k, v in _YES_NO.items() if v is change["new"])


class CategoryInput(_Input):
    """A category, as a dropdown of its values in plain words, with "not known" if allowed."""

    def __init__(self, column: Column) -> None:
        options = [(column.value_label(v), v) for v in column.values]
        if column.may_be_unknown:
            options.append((NOT_KNOWN, ""))
        self.dropdown = w.Dropdown(options=options, layout=w.Layout(width="22em"))
        super().__init__(column, self.dropdown)
        self.value = self.dropdown.value or None
        self.dropdown.observe(self._on_dropdown, names="value")

    def _on_dropdown(self, change: Any) -> None:
        self.value = change["new"] or None

    @traitlets.observe("value")
    def _show(self, change: Any) -> None:
        self.dropdown.value = change["new"] or ""


class AgeInput(_Input):
    """An age: a slider from 0 to 99, and whether it is known (for the youngest involved,
    also "as age pictured", its value ``AS_PICTURED``). Moving the slider gives the age."""

    def __init__(self, column: Column, *, may_follow_pictured: bool = False) -> None:
        states = [_AGE, NOT_KNOWN] + ([AS_PICTURED] if may_follow_pictured else [])
        self.slider = w.IntSlider(
            value=15,
            min=MIN_AGE,
            max=MAX_AGE,
            continuous_update=False,
            readout=False,
            layout=w.Layout(width="10em"),
        )
        self.state = w.ToggleButtons(
            options=states, value=NOT_KNOWN, style={"button_width": "auto"}
        )
        super().__init__(column, w.HBox([self.slider, self.state]))
        self.slider.observe(self._on_slider, names="value")
        self.state.observe(self._on_state, names="value")

    @traitlets.validate("value")
    def _valid(self, proposal: Any) -> object:
        if proposal["value"] == AS_PICTURED and AS_PICTURED in self.state.options:
            return AS_PICTURED
        return parse_value(self.column, proposal["value"])

    def _on_slider(self, change: Any) -> None:
        self.value = change["new"]

    def _on_state(self, change: Any) -> None:
        self.value = {_AGE: self.slider.value, NOT_KNOWN: None}.get(change["new"], change["new"])

    @traitlets.observe("value")
    def _show(self, change: Any) -> None:
        value = change["new"]
        if isinstance(value, int):
            self.slider.value = value
        self.state.value = _AGE if isinstance(value, int) else (value or NOT_KNOWN)
        self.slider.readout = isinstance(value, int)


def input_for(column: Column) -> _Input:
    """The control that asks one column, starting at not known (or its first value)."""
    match column.kind:
        case Kind.FACT:
            return FactInput(column)
        case Kind.AGE:
            return AgeInput(column, may_follow_pictured=column.name == YOUNGEST)
        case Kind.CATEGORY:
            return CategoryInput(column)
    raise ValueError(f"the form does not ask {column.kind} columns such as {column.name!r}")


class Holds:
    """A view whose observers stay quiet (``_quiet``) while its own code sets its controls:
    ``with self._hold(): ...``."""

    _quiet: bool = False

    @contextlib.contextmanager
    def _hold(self) -> Iterator[None]:
        self._quiet, quiet = True, self._quiet
        try:
            yield
        finally:
            self._quiet = quiet
