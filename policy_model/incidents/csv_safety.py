"""Text a spreadsheet would run as a formula, neutralised before any CSV is written."""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["csv_safe", "csv_safe_frame"]

_FORMULA: Final = r"^[=+\-@\t\r]"
_NUMBER: Final = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"


_LEADS: Final = np.zeros(256, dtype=bool)
_LEADS[[ord(c) for c in "=+-@\t\r"]] = True
"""The first bytes ``_FORMULA`` matches."""


def _may_be_formula(array: pa.Array) -> bool:
    """Whether any cell of a text ``array`` starts with a byte ``_FORMULA`` matches: its first
    bytes read from the buffers at once, not a regular expression run on every cell."""
    n = len(array)
    if not n:
        return False
    wide = pa.types.is_large_string(array.type)
    every = np.frombuffer(array.buffers()[1], dtype=np.int64 if wide else np.int32)
    offsets: npt.NDArray[np.int64] = every[array.offset : array.offset + n + 1].astype(np.int64)
    data = array.buffers()[2]
    if data is None:
        return False
    starts = offsets[:-1]
    filled = offsets[1:] > starts
    first = np.frombuffer(data, dtype=np.uint8)[starts[filled]]
    return bool(_LEADS[first].any())


def _neutralised(column: pa.Array) -> pa.Array:
    live = pc.and_(
        pc.match_substring_regex(column, _FORMULA),
        pc.invert(pc.match_substring_regex(column, _NUMBER)),
    )
    if not pc.any(live).as_py():
        return column
    quoted = pc.binary_join_element_wise(
        pa.scalar("'", column.type), column, pa.scalar("", column.type)
    )
    return pc.if_else(live, quoted, column)


def _csv_safe_array(array: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(array.type):  # each distinct value checked once
        assert isinstance(array, pa.DictionaryArray)
        values = _csv_safe_array(array.dictionary)
        return values.take(array.indices)
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return array
    if not _may_be_formula(array):
        return array
    return _neutralised(array)


def _csv_safe_column(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    if isinstance(column, pa.ChunkedArray):
        chunks = [_csv_safe_array(c) for c in column.chunks]
        value_type = column.type
        if pa.types.is_dictionary(value_type):
            value_type = value_type.value_type
        return pa.chunked_array(chunks, type=value_type)
    return _csv_safe_array(column)


def csv_safe(table: pa.Table) -> pa.Table:
    """``table`` with every text cell a spreadsheet would take for a formula (one starting
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) prefixed with ``'``, as OWASP
    advises against CSV injection; numbers (``-3``, ``+1.5``) stay numbers."""
    return pa.table(
        [_csv_safe_column(table[name]) for name in table.column_names],
        names=[str(_csv_safe_cell(name)) for name in table.column_names],  # headers too
    )


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``csv_safe`` for a small DataFrame about to be written with ``to_csv``."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or isinstance(
            out[name].dtype, pd.StringDtype | pd.CategoricalDtype
        ):
            cells = [_csv_safe_cell(v) for v in out[name]]
            out[name] = pd.Series(cells, index=out.index, dtype=object)
    out.columns = [_csv_safe_cell(name) for name in out.columns]
    return out


def _csv_safe_cell(value: object) -> object:
    if isinstance(value, str) and re.match(_FORMULA, value) and not re.match(_NUMBER, value):
        return "'" + value
    return value
