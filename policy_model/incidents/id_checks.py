"""Checks of identifiers: well-formed, unrepeated incident ids, and no identifying value."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..model.incident import ID_PATTERN
from . import guard
from .problems import Checks

__all__ = ["all_distinct", "check_identifying", "check_ids", "hashes"]


def _identifiers(
    column: pa.ChunkedArray, checks: Checks, earlier: dict[str, int] | None = None
) -> None:
    text = column.combine_chunks()
    well_formed = pc.match_substring_regex(text, f"^{ID_PATTERN.pattern}$").to_numpy(
        zero_copy_only=False
    )
    rows = np.flatnonzero(~well_formed)
    values = text.to_pylist() if len(rows) else []
    checks.flag(
        rows,
        "incident_id",
        (values[r] for r in rows),
        "is not an opaque id (1 to 64 letters, digits, '-', '_' or '.')",
    )
    seen_before = (
        pc.is_in(text, value_set=pa.array(list(earlier), pa.string())).to_numpy(
            zero_copy_only=False
        )
        if earlier
        else None
    )
    if all_distinct(text) and (seen_before is None or not seen_before.any()):
        return
    ids = pd.Series(text.to_numpy(zero_copy_only=False))
    is_repeat = ids.duplicated(keep="first").to_numpy()
    if seen_before is not None:
        is_repeat = is_repeat | seen_before
    is_repeat = is_repeat & (ids != "").to_numpy()  # a blank id is no id (said), not a repeat
    repeated = np.flatnonzero(is_repeat)
    if len(repeated):
        first = ids.drop_duplicates(keep="first")
        first_row = dict(
            zip(first.tolist(), (first.index.to_numpy() + checks.first_row).tolist(), strict=True)
        )
        if earlier:  # an id from an earlier block: its first row is there
            first_row.update({k: v for k, v in earlier.items() if k in first_row})
        values = ids.iloc[repeated].tolist()
        checks.flag(
            repeated,
            "incident_id",
            values,
            [f"is a duplicate of the id in row {first_row[v]}" for v in values],
        )


_PRIME: Final = np.uint64(0x100000001B3)  # FNV-1's 64-bit prime


def hashes(text: pa.Array) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each value's UTF-8 bytes (a missing value as ""): equal values,
    equal hashes, whatever array, slice or block they come in. Each value's bytes are
    summed weighted by the prime's powers, its length added and the sum mixed (SplitMix64's
    finisher), all in numpy: some 5 ms for 100,000 ids. A collision is rare, and must cost
    its caller no more than a second look."""
    text = pc.fill_null(text.cast(pa.large_string()), "")
    n = len(text)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset : text.offset + n + 1]
    lengths = np.diff(offsets)
    summed = np.zeros(n, dtype=np.uint64)
    total = int(offsets[-1] - offsets[0]) if n else 0
    if total:  # an array's values lie one after another in its data buffer
        data = np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        firsts = offsets[:-1] - offsets[0]
        position = np.arange(total, dtype=np.int64) - np.repeat(firsts, lengths)
        longest = int(lengths.max())
        if longest <= 1 << 12:  # the powers looked up, not raised one by one
            powers = np.cumprod(np.full(longest, _PRIME, dtype=np.uint64))
            weighted = data * powers[position]
        else:
            weighted = data * np.power(_PRIME, position.astype(np.uint64) + np.uint64(1))
        filled = lengths > 0  # reduceat would give an empty value its neighbour's byte
        summed[filled] = np.add.reduceat(weighted, firsts[filled])
    z = summed + lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: npt.NDArray[np.uint64] = z ^ (z >> np.uint64(31))
    return mixed


def all_distinct(text: pa.Array) -> bool:
    """Whether no value of ``text`` repeats. Ids all of one width whose bytes differ in at
    most 8 places ("SYN-0000001"...) are compared as whole numbers of those bytes, sorted (a
    few times faster than hashing every string); others are hashed (``pc.unique``)."""
    n = len(text)
    if n < 2:
        return True
    if text.null_count or not pa.types.is_string(text.type):
        return len(pc.unique(text)) == n
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset : text.offset + n + 1]
    width = int(offsets[1] - offsets[0])
    if not width or not (np.diff(offsets) == width).all():
        return len(pc.unique(text)) == n
    start = int(offsets[0])
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8)[start : start + n * width]
    cells = data.reshape(n, width)
    varying = np.flatnonzero((cells != cells[0]).any(axis=0))
    if len(varying) > 8:
        return len(pc.unique(text)) == n
    packed = np.zeros((n, 8), dtype=np.uint8)
    packed[:, : len(varying)] = cells[:, varying]
    keys = np.sort(packed.view(np.uint64).reshape(-1))
    return not bool((keys[1:] == keys[:-1]).any())


def check_ids(
    column: pa.ChunkedArray, checks: Checks, earlier: dict[str, int] | None = None
) -> None:
    _identifiers(column, checks, earlier)
    check_identifying(column, "incident_id", checks)


def check_identifying(column: pa.ChunkedArray, name: str, checks: Checks) -> None:
    found = guard.identifying_values(column)
    checks.flag(
        np.array([row for row, _, _ in found], dtype=np.intp),
        name,
        [value for _, value, _ in found],
        [f"looks like {what}; datasets must be anonymised" for _, _, what in found],
    )
