"""The guidance as a value: an edition, with its graphs, parameters, actions and sources.

Nothing reads a global version: whatever assesses takes a ``Guidance`` (by default the
guidance as written, ``policy_model.editions.AS_WRITTEN``) and names it in its output. The
editions themselves live in their folders (``policy_model/editions/``).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from typing import Final

from .citations import Source
from .column import Registry
from .columns import COLUMNS
from .conditions import AllOf
from .constraints import Constraint, consistent
from .graph import Action, DecisionGraph
from .key_questions import Consideration
from .parameters import Lines, Parameter
from .readings import Reading
from .vocab import Category, Subtype

__all__ = ["MODEL_REVISION", "Guidance", "Status"]

MODEL_REVISION: Final = "3.0"


class Status(enum.StrEnum):
    AS_WRITTEN = "as written"
    PROPOSED = "proposed"
    WHAT_IF = "what-if"


@dataclasses.dataclass(frozen=True, slots=True)
class Guidance:
    """One edition of the guidance: everything the model reads to assess an incident."""

    id: str
    title: str
    date: str
    status: Status
    sources: tuple[Source, ...]
    lines: Lines
    parameters: tuple[Parameter, ...]
    typology: DecisionGraph
    pathway: DecisionGraph
    subtype_category: Mapping[Subtype, Category]
    common_actions: tuple[Action, ...]
    considerations: tuple[Consideration, ...]
    model_revision: str = MODEL_REVISION
    base: str | None = None
    """The edition this one derives from."""
    readings: tuple[Reading, ...] = ()
    """Facts read through another fact's question (``readings``): a recorded yes in
    ``financial_extortion`` is a yes to "Coercion or blackmail"."""
    constraints: tuple[Constraint, ...] = ()
    """What no incident can be (``constraints.constraints``): facts that contradict each
    other are refused, and possible outcomes count consistent incidents only."""
    columns: Registry = dataclasses.field(default_factory=lambda: COLUMNS)
    """The dataset columns this edition declares or inherits (its folder's ``facts.yaml`` and
    its bases'), with the record's own; a dataset may carry more (``COLUMNS``), which the
    engine reads as facts this edition does not read."""
    redraw: Callable[[Lines], Guidance] | None = dataclasses.field(
        default=None, compare=False, repr=False
    )
    """The edition drawn with other age lines (None: it cannot be; a what-if is drawn from
    its base's)."""

    def __str__(self) -> str:
        return f"{self.id}: {self.title}, {self.date}; model {self.model_revision}"

    @property
    def graphs(self) -> dict[str, DecisionGraph]:
        """The two graphs by id, the response pathway first."""
        return {self.pathway.id: self.pathway, self.typology.id: self.typology}

    @property
    def consistent(self) -> AllOf | None:
        """Every constraint as one condition (None: none)."""
        return consistent(self.constraints)

    def category(self, subtype: str) -> Category:
        return self.subtype_category[Subtype(subtype)]

    def with_lines(self, lines: Lines) -> Guidance:
        """This edition with other age lines (``EditionError`` if it cannot be redrawn)."""
        if lines == self.lines:
            return self
        if self.redraw is None:
            from .derivation import EditionError

            raise EditionError(f"{self.id}: only an edition with rules can take other age lines")
        return self.redraw(lines)
