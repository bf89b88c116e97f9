"""Incidents as a typed frame, as the loader gives one: the bridge from ``assess`` to
``assess_frame``.

An age known as a range goes to its two range columns (``columns.range_columns``), the age
itself left blank; an ``Incident`` whose youngest involved was assumed the same as the age
pictured gives that value, and the frame's ``attrs`` say it was assumed.

>>> from policy_model import Incident
>>> df = incidents_frame([Incident(age_pictured=(12, 13), age_youngest_involved=14)])
>>> df[["age_pictured", "age_pictured_min", "age_pictured_max", "age_youngest_involved"]].iloc[0].tolist()
[<NA>, 12, 13, 14]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..model.columns import COLUMNS, Kind, range_columns
from ..model.conditions import YOUNGEST, AgeRange
from ..model.incident import ASSUMED, SAME_AS_AGE_PICTURED, Incident

__all__ = ["incidents_frame"]


def incidents_frame(incidents: Iterable[Incident]) -> pd.DataFrame:
    """The incidents as typed columns (nullable booleans and Int8 ages, categoricals), with
    range columns for the ages some incident knows as a range. Their youngest involved must
    be given, or assumed for all of them alike."""
    rows = list(incidents)
    assumed = {i.youngest_assumed for i in rows}
    if len(assumed) > 1:
        raise ValueError("the youngest involved is assumed for some incidents and not others")
    columns: dict[str, Any] = {}
    for name, column in COLUMNS.items():
        values: list[Any] = [i.facts()[name] for i in rows]
        if column.kind == Kind.AGE:
            ranges = [v if isinstance(v, AgeRange) else None for v in values]
            exact: list[Any] = [None if isinstance(v, AgeRange) else v for v in values]
            columns[name] = pd.array(exact, dtype="Int8")
            if any(ranges):
                low, high = range_columns(name)
                columns[low] = pd.array([r.low if r else None for r in ranges], dtype="Int8")
                columns[high] = pd.array([r.high if r else None for r in ranges], dtype="Int8")
        elif column.kind == Kind.FACT:
            columns[name] = pd.array(values, dtype="boolean")
        elif column.kind == Kind.CATEGORY:
            columns[name] = pd.Categorical(values, categories=list(column.values))
        else:
            columns[name] = values
    df = pd.DataFrame(columns)
    if assumed == {True}:
        df.attrs[ASSUMED] = {YOUNGEST: SAME_AS_AGE_PICTURED}
    return df
