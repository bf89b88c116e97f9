"""The explorer's form fields: the columns it asks, grouped by the guidance's key questions."""

from __future__ import annotations

import dataclasses
from typing import Final

from ..model.columns import COLUMNS, CONTEXT, Column, Kind
from ..model.vocab import KeyQuestion, Pathway, Subtype

__all__ = ["FIELDS", "Field", "form_fields"]


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
