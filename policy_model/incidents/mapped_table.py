"""A mapping applied to a table of text: renamed, values mapped, dates cut to months."""

from __future__ import annotations

import dataclasses
import re
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from ..model.columns import COLUMNS, Column
from ..model.incident import UNKNOWN_WORDS
from .mapping_spec import Mapping, MappingError
from .matching import header_key, suggest, value_key
from .months import month_of
from .year_groups import apply_age_rules

__all__ = ["REDACTED_DATE", "apply_mapping"]

REDACTED_DATE: Final = "<date>"
"""What a message shows instead of a date it could not read (it may be an exact date)."""

# -- months and dates ---------------------------------------------------------------------


def _cut_months(column: pa.ChunkedArray, date_format: str | None) -> pa.Array:
    """Each value as its month; one that cannot be read becomes ``REDACTED_DATE`` if it has a
    digit (it may be an exact date), else stays as it is (``TBC``), for the month check to name.
    """
    encoded = pc.dictionary_encode(column.combine_chunks())
    words = encoded.dictionary.to_pylist()
    months = []
    for word in words:
        month = month_of(word, dates=True, date_format=date_format)
        if month is None:
            month = REDACTED_DATE if re.search(r"\d", word) else word
        months.append(month)
    return pc.take(pa.array(months, pa.string()), encoded.indices)


def _map_values(column: pa.ChunkedArray, target: Column, mapped: dict[str, str]) -> pa.Array:
    """Each value replaced as ``mapped`` says (exactly, else by ``value_key``); others kept."""
    keyed = {value_key(k): v for k, v in mapped.items()}
    encoded = pc.dictionary_encode(column.combine_chunks())
    out = []
    for word in encoded.dictionary.to_pylist():
        new = mapped.get(word.strip(), keyed.get(value_key(word)))
        if new is None:
            out.append(word)
        elif new.lower() in UNKNOWN_WORDS and new not in target.values:
            out.append("")
        else:
            out.append(new)
    return pc.take(pa.array(out, pa.string()), encoded.indices)


def _find(name: str, headers: list[str]) -> str | None:
    if name in headers:
        return name
    keyed = [h for h in headers if header_key(h) == header_key(name)]
    return keyed[0] if len(keyed) == 1 else None


def apply_mapping(table: pa.Table, mapping: Mapping) -> pa.Table:
    """The table as the dataset's columns: dropped columns gone, renamed, values mapped,
    ``reported_month`` cut to months, constant and not-known columns added. A mapped column
    the file lacks, or an added one it has, is a ``MappingError``.
    """
    headers = table.column_names
    mistakes: list[tuple[int | None, str]] = []
    rename: dict[str, str] = {}
    for local, target in mapping.columns.items():
        found = _find(local, headers)
        if found is None:
            mistakes.append(
                (mapping.lines.get(f"columns.{local}"),
                 f"columns: the file has no column {local!r}{suggest(local, headers)}")
            )  # fmt: skip
        else:
            rename[found] = target
    dropped = {found for name in mapping.drop if (found := _find(name, headers)) is not None}
    kept = [h for h in headers if h not in dropped]
    for header in kept:
        if header not in rename and header in mapping.columns.values():
            local = next(k for k, v in mapping.columns.items() if v == header)
            mistakes.append(
                (mapping.lines.get(f"columns.{local}"),
                 f"columns: {local!r} maps to {header!r}, but the file has a {header!r} "
                 "column too; map or drop one of them")
            )  # fmt: skip
    for added in mapping.added:
        section = "constants" if added in mapping.constants else "not_known"
        label = COLUMNS[added].label
        clash = [h for h in kept if h not in rename and header_key(h) in (
            header_key(added), header_key(label))]  # fmt: skip
        if clash:
            mistakes.append(
                (mapping.lines.get(f"{section}.{added}"),
                 f"{section}: the file has a {clash[0]!r} column already; map it, or drop it")
            )  # fmt: skip
    if mistakes:
        raise MappingError(mapping.source, mistakes)
    names = [rename.get(h, h) for h in kept]
    arrays: list[pa.ChunkedArray | pa.Array] = [table[h] for h in kept]
    for i, name in enumerate(names):
        if name in mapping.values and name in COLUMNS:
            arrays[i] = _map_values(table[kept[i]], COLUMNS[name], mapping.values[name])
        elif name == "reported_month":
            arrays[i] = _cut_months(table[kept[i]], mapping.date_format)
    for name in mapping.added:
        value = mapping.constants.get(name, "")
        names.append(name)
        arrays.append(pa.repeat(pa.scalar(value, pa.string()), table.num_rows))
    rules = []
    for rule in mapping.age_ranges:
        found = _find(rule.local, kept)
        if found is None:
            mistakes.append(
                (None, f"age_ranges: the file has no column {rule.local!r}{suggest(rule.local, headers)}")
            )  # fmt: skip
        else:
            rules.append(dataclasses.replace(rule, local=found))
    for name in mapping.assume:
        if name in names:
            mistakes.append(
                (None, f"assume: the file has a {name} column: the assumption is only for a "
                       "file without it; delete it from the mapping")
            )  # fmt: skip
    if mistakes:
        raise MappingError(mapping.source, mistakes)
    out = pa.table(arrays, names=names) if arrays else pa.table({})
    out = apply_age_rules(out, tuple(rules), mapping.assume)
    return out.replace_schema_metadata(table.schema.metadata)
