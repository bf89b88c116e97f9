"""Each column a rule reads as small integer codes per row, read once, on demand."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..model import conditions as c
from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, Kind, range_columns
from ..model.graph import DecisionGraph
from . import ages

if TYPE_CHECKING:
    from .possibilities import _Layout

__all__ = ["Code", "Codes", "Mask", "from_codes"]


Mask = npt.NDArray[np.bool_]
Code = npt.NDArray[np.int16]


def from_codes(
    codes: npt.NDArray[np.integer[Any]], categories: Sequence[str], *, validate: bool = True
) -> pd.Categorical[str]:
    """A Categorical over ``categories`` (plain strings) from integer codes; -1 is missing.
    ``validate=False``: the codes are known to lie in range (made here), not checked again."""
    dtype = _dtype(tuple(str(c) for c in categories))
    found = pd.Categorical.from_codes(codes, dtype=dtype, validate=validate)
    return cast("pd.Categorical[str]", found)


@functools.lru_cache(maxsize=256)
def _dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(categories))


class Codes:
    """Each column a rule reads as integer codes, -1 where not known; read once, on demand.
    An age is read as each row's lowest and highest possible age (``ages.read_bounds``): a
    missing ``age_youngest_involved`` column is not known, never the age pictured."""

    def __init__(
        self,
        df: pd.DataFrame | Mapping[str, npt.NDArray[np.uint8]],
        graphs: tuple[DecisionGraph, ...] = (),
        *,
        bounds: Mapping[str, ages.Bounds] | None = None,
    ) -> None:
        """``df``: a frame, or the facts already read as ``shifted`` gives them, with the
        ages' ``bounds``."""
        self.graphs = graphs
        """Graphs evaluated together: they share one packed word of known values."""
        self._cache: dict[str, Code] = {}
        self._shifted: dict[str, npt.NDArray[np.uint8]] = {}
        self._bounds: dict[str, ages.Bounds] = dict(bounds or {})
        self.df: pd.DataFrame | None = None
        if isinstance(df, pd.DataFrame):
            self.df, self.n = df, len(df)
        else:
            self._shifted.update(df)
            self.n = len(next(iter(self._bounds.values()))[0])
        self._ages: dict[tuple[int, ...], Code] = {}
        self._classes: dict[tuple[str, tuple[int, ...]], Code] = {}
        self._words: dict[int, npt.NDArray[np.uint64]] = {}

    def word(self, layout: _Layout, n: int) -> npt.NDArray[np.uint64]:
        """The rows' known values packed as ``layout`` says, made once per layout."""
        if id(layout) not in self._words:
            self._words[id(layout)] = layout.word(self, n)
        return self._words[id(layout)]

    def __call__(self, name: str) -> Code:
        """The column's codes: a fact 1 yes, 0 no; a category its index in the registry;
        -1 not known (an age: ``bounds``)."""
        if name not in self._cache:
            self._cache[name] = self.shifted(name).astype(np.int16) - np.int16(1)
        return self._cache[name]

    def shifted(self, name: str) -> npt.NDArray[np.uint8]:
        """The column's codes plus one (0 not known), as small unsigned integers."""
        if name not in self._shifted:
            assert self.df is not None, name
            self._shifted[name] = _shifted(self.df[name], name)
        return self._shifted[name]

    def bounds(self, name: str) -> ages.Bounds:
        """Each row's lowest and highest possible age ``name``."""
        if name not in self._bounds:
            assert self.df is not None, name
            self._bounds[name] = ages.read_bounds(self.df, name)
        return self._bounds[name]

    def age_class(self, name: str, lines: tuple[int, ...]) -> Code:
        """Each row's class of age ``name`` (``ages.classes``)."""
        if (name, lines) not in self._classes:
            df = self.df
            if df is not None and not set(range_columns(name)) & set(df.columns):
                # known exactly or not at all: one lookup of its codes (0 not known)
                shifted = (
                    _shifted(df[name], name) if name in df.columns else np.zeros(self.n, np.uint8)
                )
                found: Code = np.take(ages.exact_classes(lines), shifted)
            else:
                found = ages.class_of(self.bounds(name), lines)
            self._classes[(name, lines)] = found
        return self._classes[(name, lines)]

    def ages(self, lines: tuple[int, ...]) -> Code:
        """Each row's pair of age classes as one small code: the age pictured's class times
        the number of classes, plus the youngest involved's."""
        if lines not in self._ages:
            width = np.int16(len(ages.classes(lines)))
            pictured, youngest = (
                self.age_class(c.PICTURED, lines),
                self.age_class(c.YOUNGEST, lines),
            )
            self._ages[lines] = pictured * width + youngest
        return self._ages[lines]


def _shifted(column: pd.Series[Any], name: str) -> npt.NDArray[np.uint8]:
    """The column's codes plus one: 0 where not known, else 1 + the value's code (a fact: 1 no,
    2 yes; a category: its index in the registry; an age: the age)."""
    kind = COLUMNS[name].kind
    if kind == Kind.CATEGORY:
        wanted = list(COLUMNS[name].values)
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(pd.CategoricalDtype())
        categories = list(column.cat.categories)
        codes = column.cat.codes.to_numpy()
        if categories == wanted[: len(categories)]:
            return (codes + 1).astype(np.uint8)
        lookup = np.array([0] + [wanted.index(v) + 1 if v in wanted else -1 for v in categories])
        found = np.take(lookup, codes + 1)
        if (found < 0).any():
            row = int(np.argmax(found < 0))
            raise ValueError(
                f"{name}: {column.iloc[row]!r} (row {row}) is not one of {', '.join(wanted)}"
            )
        return found.astype(np.uint8)
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    array = column.array
    data, missing = getattr(array, "_data", None), getattr(array, "_mask", None)
    if not isinstance(array, pd.arrays.BooleanArray | pd.arrays.IntegerArray) or (
        data is None or missing is None
    ):  # plain values, with None or NaN where not known
        values = column.to_numpy(dtype=object)
        missing = pd.isna(values)
        data = np.where(missing, 0, values).astype(np.int64)
    if data.dtype != np.bool_:
        top = MAX_AGE if kind == Kind.AGE else 1
        bad = ~missing & ((data < MIN_AGE) | (data > top))
        if bad.any():
            row = int(np.argmax(bad))
            meant = f"an age from {MIN_AGE} to {MAX_AGE}" if kind == Kind.AGE else "yes or no"
            raise ValueError(f"{name}: {data[row]} (row {row}) is not {meant}")
    known = missing.view(np.uint8) - np.uint8(1)  # 0 where not known, else all ones
    shifted: npt.NDArray[np.uint8] = (data.astype(np.uint8) + np.uint8(1)) & known
    return shifted
