"""The impact tables of ``diff`` for readers: every slug and heading as a label, each edition's
outcomes in that edition's own words (the old edition's for rows, the new one's for columns).

>>> from policy_model.editions import AS_WRITTEN, PROPOSED
>>> words = ImpactLabels(AS_WRITTEN, PROPOSED)
>>> words.value("new_pathway", "adult_image_abuse").startswith("18+ route: nobody under 18")
True
>>> words.heading("old_pathway"), words.value("status", "might change")
('Pathway under redbridge-2018', 'Might change')
"""

from __future__ import annotations

import dataclasses
import textwrap
from typing import TYPE_CHECKING

from ..model.guidance import Guidance
from ..stats.conventions import ALL
from .labels import label

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ImpactLabels"]

_NOT_YET = "Not yet determined (facts not known)"


@dataclasses.dataclass(frozen=True, slots=True)
class ImpactLabels:
    """Labels for the impact tables of a change from ``old`` to ``new``."""

    old: Guidance
    new: Guidance

    def _edition(self, dim: str) -> Guidance | None:
        side = dim.split("_", 1)[0]
        return {"old": self.old, "new": self.new}.get(side)

    def heading(self, dim: str) -> str:
        """A column heading: ``old_pathway`` -> ``Pathway under redbridge-2018``; ``old`` and
        ``new`` (the referral counts) -> ``Referred under ...``; others capitalised."""
        side, _, what = dim.partition("_")
        if side in ("old", "new") and what in ("pathway", "subtype"):
            return f"{what.capitalize()} under {(self.old if side == 'old' else self.new).id}"
        if dim in ("old", "new"):
            return f"Referred under {(self.old if dim == 'old' else self.new).id}"
        return dim.replace("_", " ").capitalize()

    def value(self, dim: str, value: str) -> str:
        """A cell's value (a slug) as a reader's label; numbers and ``c`` stay as they are."""
        if value == ALL:
            return "All"
        if value == "undetermined":
            return _NOT_YET
        guidance = self._edition(dim)
        if guidance is not None:
            graph = guidance.pathway if dim.endswith("pathway") else guidance.typology
            node = graph.by_id.get(value)
            if node is not None:
                return node.label
        if dim == "status":
            return value.capitalize()
        if dim == "agency":
            return label("agency", value)
        return value

    def table(self, table: pd.DataFrame, rows: str, columns: str | None = None) -> pd.DataFrame:
        """``table`` (as ``Impact`` publishes it: a ``rows`` column of slugs, then one column
        per value of ``columns``, or per named figure) with labels for slugs and headings."""
        out = table.copy()
        out[rows] = [self.value(rows, str(v)) for v in out[rows]]
        names = {
            c: (self.value(columns, str(c)) if columns is not None else self.heading(str(c)))
            for c in out.columns
            if c != rows
        }
        names[rows] = self.heading(rows)
        return out.rename(columns=names)

    def long(
        self, table: pd.DataFrame, rows: str, columns: str, *, wrap: int | None = None
    ) -> pd.DataFrame:
        """A long (``rows``, ``columns``, ``count``) table with its slugs as labels, wrapped
        at ``wrap`` characters a line for a chart's axes."""
        out = table.copy()
        for dim in (rows, columns):
            labels = (self.value(dim, str(v)) for v in out[dim])
            out[dim] = [textwrap.fill(t, wrap) if wrap else t for t in labels]
        return out
