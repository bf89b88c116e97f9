"""The guidance as written, built from this folder: its graphs drawn with its age lines."""

from __future__ import annotations

from ...model.column import Registry
from ...model.constraints import constraints
from ...model.folders import Folder
from ...model.guidance import Guidance, Status
from ...model.parameters import AS_WRITTEN_LINES, Lines
from ...model.vocab import SUBTYPE_CATEGORY
from .actions import COMMON_ACTIONS
from .key_questions import considerations
from .parameters import PARAMETERS
from .pathway import pathway
from .readings import AS_WRITTEN_READINGS
from .sources import SOURCES
from .typology import typology

__all__ = ["build"]


def build(folder: Folder, columns: Registry, lines: Lines, base: Guidance | None) -> Guidance:
    """The guidance as written, its graphs drawn with ``lines``."""
    del base  # the guidance as written derives from nothing
    return Guidance(
        id=folder.id,
        title=str(folder.meta["title"]),
        date=str(folder.meta["date"]),
        status=Status(folder.meta["status"]),
        sources=SOURCES,
        lines=lines,
        parameters=PARAMETERS,
        typology=typology(lines),
        pathway=pathway(lines),
        subtype_category=SUBTYPE_CATEGORY,
        common_actions=COMMON_ACTIONS,
        considerations=considerations(lines),
        readings=AS_WRITTEN_READINGS,
        # the data's own meaning (adult_involved is recorded for an adult of 18 or over),
        # whatever age lines the edition's rules draw
        constraints=constraints(AS_WRITTEN_LINES),
        columns=columns,
    )
