"""Ages as partial knowledge over whole columns: each row's lowest and highest possible age,
and the class of ages the rules cannot tell apart.

A row knows an age exactly, as a range (a school year group: Year 8 is 12 or 13; the frame
holds it in two columns, ``age_pictured_min`` and ``age_pictured_max``), or not at all (0 to
99). The rules read an age only through their age lines, so an age is one of the spans
between lines, and what a row knows is an interval of spans (``classes``): exact, a range
across a line, or not known (every span). Every age in a class answers every rule alike.

>>> lows, highs = representatives((13, 18))
>>> list(zip(lows.tolist(), highs.tolist()))
[(0, 0), (0, 13), (0, 18), (13, 13), (13, 18), (18, 18)]
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..model.columns import MAX_AGE, MIN_AGE, range_columns

__all__ = ["Bounds", "class_of", "classes", "exact_classes", "read_bounds", "representatives"]

Age = npt.NDArray[np.int16]
Bounds = tuple[Age, Age]
"""Each row's lowest and highest possible age."""


@functools.cache
def classes(lines: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """Every interval of spans between ``lines`` (first span, last span), in order."""
    spans = len(lines) + 1
    return tuple((a, b) for a in range(spans) for b in range(a, spans))


@functools.cache
def _index(lines: tuple[int, ...]) -> npt.NDArray[np.int16]:
    spans = len(lines) + 1
    index = np.full((spans, spans), -1, dtype=np.int16)
    for i, (a, b) in enumerate(classes(lines)):
        index[a, b] = i
    return index


@functools.cache
def _span_of(lines: tuple[int, ...]) -> npt.NDArray[np.int16]:
    """The span each age 0 to 99 falls in."""
    ages = np.arange(MIN_AGE, MAX_AGE + 1)
    return np.searchsorted(np.asarray(lines), ages, side="right").astype(np.int16)


def class_of(bounds: Bounds, lines: tuple[int, ...]) -> Age:
    """Each row's class (an index into ``classes``)."""
    span = _span_of(lines)
    found: Age = _index(lines)[np.take(span, bounds[0]), np.take(span, bounds[1])]
    return found


@functools.cache
def exact_classes(lines: tuple[int, ...]) -> npt.NDArray[np.int16]:
    """The class of each age code plus one (0 not known: every span; else the age's own
    span): one lookup for a column known exactly or not at all, the usual case."""
    span = _span_of(lines)
    index = _index(lines)
    found = np.concatenate([[index[0, len(lines)]], index[span, span]])
    return found.astype(np.int16)


@functools.cache
def representatives(lines: tuple[int, ...]) -> Bounds:
    """For each class: a lowest and a highest age standing for it (the first age of its first
    and of its last span). A rule's age line is the first age of a span, so these answer
    every rule and every term as any ages of the class do."""
    first = [MIN_AGE, *lines]
    found = classes(lines)
    return (
        np.array([first[a] for a, _ in found], dtype=np.int16),
        np.array([first[b] for _, b in found], dtype=np.int16),
    )


def _values(
    column: pd.Series[Any] | None, n: int
) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.bool_]]:
    """An age column's values and where they are known (nothing known when absent)."""
    if column is None:
        return np.zeros(n, dtype=np.int16), np.zeros(n, dtype=bool)
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    array = column.array
    data, missing = getattr(array, "_data", None), getattr(array, "_mask", None)
    if not isinstance(array, pd.arrays.IntegerArray) or data is None or missing is None:
        values = column.to_numpy(dtype=object)
        missing = pd.isna(values)
        data = np.where(missing, 0, values).astype(np.int64)
    known = ~np.asarray(missing, dtype=bool)
    bad = known & ((data < MIN_AGE) | (data > MAX_AGE))
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(
            f"{column.name}: {data[row]} (row {row}) is not an age from {MIN_AGE} to {MAX_AGE}"
        )
    return np.where(known, data, 0).astype(np.int16), known


def read_bounds(df: pd.DataFrame, name: str) -> Bounds:
    """Each row's lowest and highest possible ``name``: the age where it is known, else the
    range its ``_min`` and ``_max`` columns give (either may be blank), else 0 to 99. A
    missing column is not known. A range the wrong way round, or an age outside its range,
    is refused naming the column and the row."""
    n = len(df)
    low_name, high_name = range_columns(name)
    exact, known = _values(df[name] if name in df.columns else None, n)
    low, has_low = _values(df[low_name] if low_name in df.columns else None, n)
    high, has_high = _values(df[high_name] if high_name in df.columns else None, n)
    lowest = np.where(has_low, low, np.int16(MIN_AGE)).astype(np.int16)
    highest = np.where(has_high, high, np.int16(MAX_AGE)).astype(np.int16)
    bad = (lowest > highest) | (known & ((exact < lowest) | (exact > highest)))
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(
            f"{name}: {int(exact[row]) if known[row] else 'not known'} with {low_name} "
            f"{int(lowest[row])} and {high_name} {int(highest[row])} (row {row}) is not a range "
            "from the lowest age to the highest, holding the age where it is known"
        )
    return np.where(known, exact, lowest).astype(np.int16), np.where(known, exact, highest).astype(
        np.int16
    )
