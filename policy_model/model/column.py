"""One dataset column, declared once, and a registry of columns in dataset order.

>>> r = Registry((Column("incident_id", Kind.ID, "Incident id", "opaque"),))
>>> list(r), r["incident_id"].label
(['incident_id'], 'Incident id')
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterator, Mapping
from typing import Final

__all__ = [
    "CONTEXT",
    "MAX_AGE",
    "MIN_AGE",
    "MODEL_VERSIONS",
    "OPEN_VALUE",
    "OPEN_VALUE_TEXT",
    "Column",
    "Kind",
    "Registry",
]

MODEL_VERSIONS: Final = ("1", "2")
"""The model versions whose columns every dataset may hold; an edition may declare more."""
MIN_AGE: Final = 0
MAX_AGE: Final = 99

OPEN_VALUE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.,'&()/-]{0,47}")
"""A value of a category column with no vocabulary (``area``): a short name or code."""
OPEN_VALUE_TEXT: Final = (
    "must be a short name or code (1 to 48 letters, digits, spaces or _.,'&()/-, starting "
    "with a letter or digit)"
)

CONTEXT: Final = "About the record"
"""The group of columns recorded for analysis that no key question covers."""


class Kind(enum.StrEnum):
    """What a column holds, and so how it is read, checked and shown."""

    ID = "id"
    MONTH = "month"
    CATEGORY = "category"
    AGE = "age"
    FACT = "fact"  # yes / no / not known


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """One dataset column (in the spirit of an OpenFisca variable)."""

    name: str
    kind: Kind
    label: str
    help: str
    group: str = CONTEXT
    """The key question it informs (or ``CONTEXT``); the explorer groups its form by this."""
    vocabulary: type[enum.StrEnum] | None = None
    value_labels: Mapping[str, str] = dataclasses.field(default_factory=dict)
    required: bool = True
    may_be_unknown: bool = True
    """Whether a blank cell (not known) is allowed."""
    since: str = "1"
    """The model version the column appeared in; columns after "1" are optional."""
    default: object = None
    """The value a new incident starts with (``Incident()``'s defaults)."""
    synonyms: tuple[str, ...] = ()
    """Local names exports give the column (compared without case, spaces or punctuation)."""

    @property
    def core(self) -> bool:
        """Declared by the model itself (model 1 or 2), not by a later edition of the guidance."""
        return self.since in MODEL_VERSIONS

    @property
    def open(self) -> bool:
        """A category with no vocabulary (``area``): any short name or code (``OPEN_VALUE``)."""
        return self.kind is Kind.CATEGORY and self.vocabulary is None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(v.value for v in self.vocabulary) if self.vocabulary else ()

    def value_label(self, value: str) -> str:
        """A category value in plain words."""
        return self.value_labels.get(value, value.replace("_", " "))

    @property
    def option(self) -> str:
        """The command line option that gives this column (``--intent-to-harm``)."""
        return "--" + self.name.replace("_", "-")


class Registry(Mapping[str, Column]):
    """The columns in dataset order, by name; never changed once built."""

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self._columns: dict[str, Column] = {}
        for column in columns:
            self._add(column)

    def _add(self, column: Column) -> None:
        if column.name in self._columns:
            raise ValueError(f"column {column.name!r} is declared twice")
        if column.since != MODEL_VERSIONS[0] and column.required:
            raise ValueError(f"column {column.name!r} appeared after model 1, so is optional")
        self._columns[column.name] = column

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def of_kind(self, *kinds: Kind) -> tuple[Column, ...]:
        return tuple(c for c in self._columns.values() if c.kind in kinds)

    @property
    def facts(self) -> tuple[str, ...]:
        """The yes / no / not known columns."""
        return tuple(c.name for c in self.of_kind(Kind.FACT))

    @property
    def core(self) -> tuple[str, ...]:
        """The columns the model itself declares, in order (``Column.core``)."""
        return tuple(c.name for c in self._columns.values() if c.core)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self._columns.values() if c.required)
