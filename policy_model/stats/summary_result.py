"""A summary as published: its tables, what each withholds, and the input rows set aside."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pandas as pd

from ..incidents.blanks import Skipped
from .disclosure import Cells, Key, Profile, Reason

__all__ = ["SetAside", "Summary"]


@dataclasses.dataclass(frozen=True, slots=True)
class SetAside:
    """Rows of the input set aside (invalid values) before summarising, and where they went.

    Every output built from the rest says so: the report's headline, the notebook's, the
    command's summary line.
    """

    count: int = 0
    path: Path | str | None = None
    skipped: Skipped = dataclasses.field(default_factory=Skipped)
    """Blank rows and a trailing totals row: not incidents, so neither counted nor set aside."""

    def __str__(self) -> str:
        skipped = f"; {self.skipped}" if self.skipped else ""
        if not self.count:
            return f"no incidents set aside{skipped}"
        noun = "incident" if self.count == 1 else "incidents"
        where = f"; see {Path(self.path).name}" if self.path is not None else ""
        return f"{self.count:,} {noun} set aside for invalid values{where}{skipped}"


@dataclasses.dataclass(frozen=True)
class Summary:
    """The published tables, tidy: one row per cell, totals labelled ``all``.

    A value is ``<NA>`` where it is withheld (``withheld`` says which; published as ``c``)
    or where it does not apply, such as the percent of an empty row (published as ``z``).
    ``profile`` is None only for an unprotected summary, for analysis inside a notebook; it
    cannot be written out. Incidents whose subtype, category or pathway the known facts do not
    settle are counted in their own ``undetermined`` row; ``precautionary`` counts, for those
    whose pathway is open, the most urgent pathway still possible (what is followed until the
    facts are known); the ``completeness_*`` tables count the values not known.
    """

    profile: Profile | None
    guidance_version: str
    n_incidents: int | None
    first_month: str
    last_month: str
    category: pd.DataFrame
    subtype: pd.DataFrame
    undetermined_subtype: pd.DataFrame
    pathway: pd.DataFrame
    precautionary: pd.DataFrame
    month: pd.DataFrame
    quarter: pd.DataFrame
    year: pd.DataFrame
    age_band: pd.DataFrame
    gender: pd.DataFrame
    agency: pd.DataFrame
    platform: pd.DataFrame
    trends: pd.DataFrame
    completeness_agency: pd.DataFrame
    completeness_quarter: pd.DataFrame
    agreement: pd.DataFrame
    kappa: pd.DataFrame
    pathway_agreement: pd.DataFrame
    """The recorded pathway (the action taken) against the model's, where one was recorded."""
    suppression: pd.DataFrame

    withheld: dict[str, pd.DataFrame]
    """For each table, a boolean frame: True where a value is withheld (shown as ``c``)."""

    set_aside: SetAside = SetAside()
    """The input rows left out (invalid values): every output states this."""
    partial_quarters: tuple[str, ...] = ()
    """The first and last quarters, where the period starts or ends part way through them."""
    partial_years: tuple[str, ...] = ()
    """The first and last calendar years, where the period starts or ends part way through."""
    cells: Cells | None = dataclasses.field(default=None, repr=False, compare=False)
    """Every count of every table and the relations among them (raw: never published), so
    that ``audit`` can check the protection of the output as a whole."""
    hidden: dict[Key, Reason] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """The withheld cells and why (``disclosure.protect``)."""

    TABLES: ClassVar[tuple[str, ...]] = (
        "category",
        "subtype",
        "undetermined_subtype",
        "pathway",
        "precautionary",
        "month",
        "quarter",
        "year",
        "age_band",
        "gender",
        "agency",
        "platform",
        "trends",
        "completeness_agency",
        "completeness_quarter",
        "agreement",
        "kappa",
        "pathway_agreement",
        "suppression",
    )

    def tables(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """Every table, by name, in reading order."""
        for name in self.TABLES:
            yield name, getattr(self, name)
