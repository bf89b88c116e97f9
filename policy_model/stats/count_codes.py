"""Columns as integer codes for counting: age bands, and categories in a given order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .conventions import AGE_BANDS

__all__ = ["IntArray", "age_band_codes", "codes_of"]


IntArray = npt.NDArray[np.int64]


def age_band_codes(ages: Any) -> npt.NDArray[np.int8]:
    """The age band (index into ``AGE_BANDS``) of each age; ``len(AGE_BANDS)`` (the "not
    known" row) where the age is not known (a nullable integer column's NA)."""
    lookup = np.zeros(max(b[3] for b in AGE_BANDS) + 2, dtype=np.int8)
    for i, (_, _, low, high) in enumerate(AGE_BANDS):
        lookup[low : high + 1] = i
    lookup[-1] = len(AGE_BANDS)
    if isinstance(ages, pd.Series | pd.api.extensions.ExtensionArray):
        values = pd.Series(ages).astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
    else:
        values = np.asarray(ages, dtype=np.int64)
    banded: npt.NDArray[np.int8] = lookup[values]
    return banded


def codes_of(column: pd.Series, labels: Sequence[str] | None = None) -> npt.NDArray[np.int64]:
    """Each row's index into ``labels`` (default: the column's categories); -1 if missing."""
    codes = np.asarray(column.cat.codes.to_numpy(), dtype=np.int64)
    if labels is None or list(column.cat.categories) == list(labels):
        return codes
    lookup = np.array([list(labels).index(str(c)) for c in column.cat.categories] + [-1])
    return np.asarray(lookup[codes], dtype=np.int64)
