"""Checks across columns: an age range holding its age, and known facts that do not contradict."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..engine import frame
from ..model.columns import AGE_RANGE_COLUMNS, COLUMNS, MAX_AGE, MIN_AGE, Kind, range_columns
from ..model.conditions import PICTURED, YOUNGEST
from ..model.incident import CONSTRAINTS
from .problems import Checks

__all__ = ["check_contradictions", "check_ranges"]


def check_ranges(columns: dict[str, Any], checks: Checks) -> None:
    """An age's range the right way round, holding the age where both are given; a bad
    range is flagged and read as not known for the checks that follow."""
    for name in (PICTURED, YOUNGEST):
        low_name, high_name = range_columns(name)
        if low_name not in columns and high_name not in columns:
            continue
        n = checks.n
        none = pd.arrays.IntegerArray(np.zeros(n, dtype=np.int8), np.ones(n, dtype=bool))
        low = pd.Series(columns.get(low_name, none))
        high = pd.Series(columns.get(high_name, none))
        exact = pd.Series(columns.get(name, none))
        wrong = (low > high).fillna(False).to_numpy(dtype=bool)
        outside = ((exact < low) | (exact > high)).fillna(False).to_numpy(dtype=bool) & ~wrong
        for bad, message in (
            (wrong, f"is above {high_name}: a range runs from the lowest age to the highest"),
            (outside, f"and {name} disagree: the age must lie within its range"),
        ):
            rows = np.flatnonzero(bad)
            checks.flag(rows, low_name, (str(low[r]) for r in rows), message)
            for column in (low_name, high_name):
                if column in columns:
                    columns[column] = pd.array(
                        pd.Series(columns[column]).mask(bad), dtype=columns[column].dtype
                    )


def _shown_age(typed: pd.DataFrame, name: str, row: int) -> str:
    """An age as a message shows it: the age, its range, or not known."""
    value = typed[name].iloc[row] if name in typed.columns else None
    if not pd.isna(value):
        return str(value)
    low, high = (typed[x].iloc[row] if x in typed.columns else None for x in range_columns(name))
    if pd.isna(low) and pd.isna(high):
        return "not known"
    return f"{MIN_AGE if pd.isna(low) else low}-{MAX_AGE if pd.isna(high) else high}"


def check_contradictions(columns: dict[str, Any], checks: Checks) -> None:
    """Known facts that contradict each other (``incident.CONSTRAINTS``): flagged on the
    first column each constraint reads, the message naming every column and its value."""
    typed = pd.DataFrame(
        {n: v for n, v in columns.items() if n in COLUMNS or n in AGE_RANGE_COLUMNS}
    )
    codes = frame.Codes(typed)
    for rule in CONSTRAINTS:
        if any(n not in typed.columns and COLUMNS[n].kind != Kind.AGE for n in rule.columns):
            continue  # a column the file lacks is not known: nothing to contradict
        for _, broken in frame.contradictions(codes, (rule,)):
            rows = np.flatnonzero(broken)
            messages = [
                "contradicts "
                + " and ".join(f"{n} {_shown_age(typed, n, int(r))}" for n in rule.columns[1:])
                + f": {rule.message}"
                for r in rows
            ]
            checks.flag(rows, rule.columns[0], ("yes" for _ in rows), messages)
