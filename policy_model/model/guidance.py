"""The guidance as a value: an edition, with its graphs, parameters, actions and sources.

Nothing reads a global version: whatever assesses takes a ``Guidance`` (by default
``AS_WRITTEN``, the guidance as written) and names it in its output.

>>> str(AS_WRITTEN)
'redbridge-2018: Redbridge LSCB sexting guidance, c. 2018; model 3.0'
>>> AS_WRITTEN.lines.young_child
12
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Final

from .citations import (
    BROOK_2016,
    COLLEGE_OF_POLICING_2016,
    GUIDANCE,
    UKCCIS_2016,
    UKCIS_2020,
    Source,
)
from .conditions import AllOf
from .constraints import Constraint, consistent, constraints
from .graph import Action, DecisionGraph
from .key_questions import Consideration, considerations
from .parameters import AS_WRITTEN_LINES, PARAMETERS, Lines, Parameter
from .pathway import COMMON_ACTIONS, pathway
from .readings import AS_WRITTEN_READINGS, Reading
from .typology import typology
from .vocab import SUBTYPE_CATEGORY, Category, Subtype

__all__ = ["AS_WRITTEN", "MODEL_REVISION", "PATHWAY", "TYPOLOGY", "Guidance", "Status", "build"]

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


def build(
    *,
    id: str,
    title: str,
    date: str,
    status: Status,
    sources: tuple[Source, ...],
    lines: Lines,
    base: str | None = None,
    readings: tuple[Reading, ...] = AS_WRITTEN_READINGS,
) -> Guidance:
    """An edition whose graphs are the guidance's, drawn with its own age lines."""
    return Guidance(
        id=id,
        title=title,
        date=date,
        status=status,
        sources=sources,
        lines=lines,
        parameters=PARAMETERS,
        typology=typology(lines),
        pathway=pathway(lines),
        subtype_category=SUBTYPE_CATEGORY,
        common_actions=COMMON_ACTIONS,
        considerations=considerations(lines),
        base=base,
        readings=readings,
        # the data's own meaning (adult_involved is recorded for an adult of 18 or over),
        # whatever age lines the edition's rules draw
        constraints=constraints(AS_WRITTEN_LINES),
    )


AS_WRITTEN: Final = build(
    id="redbridge-2018",
    title="Redbridge LSCB sexting guidance",
    date="c. 2018",
    status=Status.AS_WRITTEN,
    sources=(
        GUIDANCE,
        UKCCIS_2016,
        UKCIS_2020,
        COLLEGE_OF_POLICING_2016,
        BROOK_2016,
    ),
    lines=AS_WRITTEN_LINES,
)
"""The guidance as written (undated; it cites sources of March and September 2018)."""

TYPOLOGY: Final = AS_WRITTEN.typology
"""The typology of the guidance as written."""
PATHWAY: Final = AS_WRITTEN.pathway
"""The response pathway of the guidance as written."""
