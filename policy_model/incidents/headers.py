"""Headers as the registry names them: any case, spacing or punctuation, or a column's label."""

from __future__ import annotations

from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from ..engine import frame
from ..model.columns import AGE_RANGE_COLUMNS, COLUMNS
from . import files
from .mapping import header_key

__all__ = ["known", "standard_headers"]

_HEADERS: Final = {header_key(c.label): c.name for c in COLUMNS.values()} | {
    header_key(name): name for name in (*COLUMNS, *AGE_RANGE_COLUMNS)
}


def known() -> tuple[str, ...]:
    """The registry's columns, and the range columns of its ages (``columns.range_columns``)."""
    return (*COLUMNS, *AGE_RANGE_COLUMNS)


_OUTPUTS: Final = frozenset(header_key(name) for name in frame.OUTPUT_COLUMNS)


def standard_headers(table: pa.Table, allowed_extra: tuple[str, ...]) -> pa.Table:
    """Headers in any case, spacing or punctuation, or a column's label, as the registry
    names them; classify's own output columns read past (classify recomputes them).
    """
    names = table.column_names
    metadata = table.schema.metadata or {}
    keep = [
        i
        for i, name in enumerate(names)
        if name in allowed_extra or name in known() or header_key(name) not in _OUTPUTS
    ]
    if len(keep) < len(names):
        table = table.select(keep)
        names = table.column_names
    renamed = [
        name if name in known() or name in allowed_extra else _HEADERS.get(header_key(name), name)
        for name in names
    ]
    table = table.rename_columns(renamed) if renamed != names else table
    if metadata.get(files.SPREADSHEET) and "reported_month" in table.column_names:
        # A spreadsheet turns a typed 2024-01 into the date 1 January 2024: read it back.
        i = table.column_names.index("reported_month")
        months = pc.replace_substring_regex(table[i], r"^((?:19|20)\d\d-\d\d)-01$", r"\1")
        table = table.set_column(i, "reported_month", months)
    return table
