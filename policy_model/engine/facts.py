"""Every fact an edition reads, present in a frame: a fact the data lacks is not known."""

from __future__ import annotations

import pandas as pd

from ..model.columns import COLUMNS, Kind
from ..model.guidance import Guidance

__all__ = ["with_facts"]


def with_facts(df: pd.DataFrame, guidance: Guidance) -> pd.DataFrame:
    """``df`` with every fact the edition reads: one the data lacks is not known in every row."""
    used = guidance.typology.facts_used() | guidance.pathway.facts_used()
    missing = [n for n in used if n not in df.columns and COLUMNS[n].kind == Kind.FACT]
    if not missing:
        return df
    return df.assign(**{n: pd.array([pd.NA] * len(df), dtype="boolean") for n in missing})
