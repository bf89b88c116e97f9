"""Each row's pattern of the values its classification reads: rows alike in it are alike."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import numpy as np
import numpy.typing as npt
import pandas as pd

from ...engine.frame import Codes, lines_of
from ...engine.readings import note_keys
from ...model.columns import COLUMNS, Kind, range_columns
from ...model.conditions import PICTURED, YOUNGEST
from ...model.guidance import Guidance

__all__ = ["Known", "Patterns", "patterns", "read_by"]

_SPAN_LIMIT = 1 << 62
"""The packed key is renumbered densely before its span would pass this."""


@dataclasses.dataclass(frozen=True, slots=True)
class Patterns:
    """A block's distinct patterns: the first row of each (``first``), each row's pattern
    (``inverse``, an index into ``first``) and each pattern's values (``values``, the same
    for the same pattern in every block of a file)."""

    first: npt.NDArray[np.intp]
    inverse: npt.NDArray[np.intp]
    values: list[bytes]


def read_by(guidance: Guidance) -> frozenset[str]:
    """The columns the edition's classification reads: its graphs' facts, its constraints',
    its readings' and the two ages (the reasons' notes are keyed apart, ``note_keys``)."""
    read = set(guidance.typology.facts_used()) | set(guidance.pathway.facts_used())
    read |= {name for rule in guidance.constraints for name in rule.columns}
    read |= {name for r in guidance.readings for name in (r.fact, r.reads_as)}
    return frozenset(read | {PICTURED, YOUNGEST})


def _parts(
    df: pd.DataFrame, guidance: Guidance, read: Collection[str]
) -> list[npt.NDArray[np.int64]]:
    codes = Codes(df)
    lines = lines_of((guidance.typology, guidance.pathway), guidance.consistent)
    ages = {a: (a, *range_columns(a)) for a in (PICTURED, YOUNGEST)}
    aged = {n for names in ages.values() for n in names}
    parts: list[npt.NDArray[np.int64]] = []
    for name in sorted(n for n in read if n in df.columns and n not in aged):
        column = COLUMNS.get(name)
        if column is None or column.kind not in (Kind.FACT, Kind.CATEGORY):
            # the query reads only facts, categories and ages (engine.sql); a column keyed by
            # its values block by block would not be the same pattern in every block
            raise TypeError(f"the query reads {name!r}: neither a fact, a category nor an age")
        parts.append(codes.shifted(name).astype(np.int64))
    for age, names in ages.items():
        if set(names) & set(read):  # an age read only by its class between the age lines
            parts.append(codes.age_class(age, lines).astype(np.int64))
    parts.append(np.asarray(note_keys(df, guidance)[1], dtype=np.int64))
    return parts


def patterns(df: pd.DataFrame, guidance: Guidance, read: Collection[str]) -> Patterns:
    """``df``'s rows grouped by the facts and categories in ``read`` (as recorded), each age
    by its class between the edition's age lines (exact age or range), and the notes their
    reasons carry: the classification and the reasons read nothing else."""
    n = len(df)
    key = np.zeros(n, dtype=np.int64)
    span = 1
    parts = _parts(df, guidance, read)
    for part in parts:
        size = int(part.max()) + 1 if n else 1
        if span * size >= _SPAN_LIMIT:
            _, key = np.unique(key, return_inverse=True)
            key = key.reshape(-1).astype(np.int64)
            span = int(key.max()) + 1
        key = key * size + part
        span *= size
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    values = np.ascontiguousarray(np.stack(parts, axis=1)[first])
    as_bytes = values.view(np.dtype((np.void, values.dtype.itemsize * len(parts))))
    return Patterns(first, inverse.reshape(-1), [v.tobytes() for v in as_bytes.reshape(-1)])


class Known:
    """The patterns met so far in a file, numbered in the order met: each is classified
    once, whichever block it recurs in (they are bounded by the values read, not the rows)."""

    def __init__(self) -> None:
        self.number: dict[bytes, int] = {}

    def add(self, found: Patterns) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
        """The block's patterns not met before (indices into ``found.first``), numbered
        from ``len(self.number)`` on, and the number of each of the block's patterns (each
        row's is this at ``found.inverse``)."""
        numbers = np.empty(len(found.values), dtype=np.int64)
        new: list[int] = []
        for i, value in enumerate(found.values):
            number = self.number.get(value)
            if number is None:
                number = self.number[value] = len(self.number)
                new.append(i)
            numbers[i] = number
        return np.array(new, dtype=np.intp), numbers
