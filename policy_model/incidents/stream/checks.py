"""A file's blocks checked as the whole file would be: rows numbered, ids repeated across
blocks found (a compact hash of every id, 8 bytes a row, ``id_checks.hashes``), problems
tallied."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from ...engine.facts import with_facts
from ...model.conditions import YOUNGEST
from ...model.guidance import Guidance
from ...model.incident import SAME_AS_AGE_PICTURED
from .. import blanks, limits
from ..dataset import FIRST_DATA_ROW, DatasetError, _standard_headers, validate_table
from ..id_checks import hashes
from ..mapping import Mapping, apply_mapping
from .blocks import text_blocks, with_last
from .tally import Tally
from .writer import Writer, arrow_types

__all__ = ["Run"]


class Run:
    """One pass over the file: each block checked, its rejects set aside, its good rows given."""

    def __init__(
        self,
        path: Path,
        *,
        guidance: Guidance,
        allow_columns: Sequence[str],
        mapping: Mapping | None,
        sheet: str | None,
        repeated: set[int] | None,
        max_rows: int = limits.MAX_ROWS,
    ) -> None:
        self.path, self.guidance, self.allow = path, guidance, tuple(allow_columns)
        self.mapping, self.sheet, self.max_rows = mapping, sheet, max_rows
        self.repeated = repeated  # hashes of ids in more than one block (second pass)
        self.earlier: dict[str, int] = {}
        self.hashes: list[npt.NDArray[np.uint64]] = []
        self.tally = Tally()
        self.accepted = self.rejected = 0
        self.skipped = blanks.Skipped()
        self.assumed = mapping is not None and mapping.assume.get(YOUNGEST) == SAME_AS_AGE_PICTURED
        """The youngest involved assumed the same as the age pictured (a mapping said so)."""
        self.schema: pa.Schema | None = None
        """The good rows' columns, typed: set by the first block."""

    def blocks(self, rejects: Writer | None) -> Iterator[pd.DataFrame]:
        """The good rows of each block (none empty), typed; file problems stop."""
        row = FIRST_DATA_ROW
        totals: blanks.Totals | None = None
        blocks = text_blocks(self.path, sheet=self.sheet, max_rows=self.max_rows)
        for block, last in with_last(blocks):
            if totals is None:
                renamed = self.mapping.columns if self.mapping is not None else None
                totals = blanks.Totals(tuple(blanks.id_columns(block.column_names, renamed)))
            only = last and row == FIRST_DATA_ROW  # one block: nothing before it to read again
            skip = blanks.find_in_block(
                block,
                totals,
                last=last,
                first_row=row,
                earlier=None if only else self._blocks_before_last,
            )
            self.skipped += skip[1]
            if self.mapping is not None:
                block = apply_mapping(block, self.mapping)
            block = _standard_headers(block, self.allow)
            if block.num_rows == 0 and row > FIRST_DATA_ROW:
                continue
            earlier = self._earlier(block)
            checked = validate_table(
                block, allow_columns=self.allow, first_row=row, earlier_ids=earlier, skip=skip
            )
            self.tally.add(checked.problems)
            if checked.file_problems:
                raise DatasetError(str(self.path), checked.problems)
            if self.repeated is not None:
                self._remember(block, row)
            row += block.num_rows
            if len(checked.rejects):
                self.rejected += len(checked.rejects)
                if rejects is not None:
                    rejects.write(pa.Table.from_pandas(checked.rejects, preserve_index=False))
            good = with_facts(checked.frame, self.guidance)
            if self.schema is None:
                self.schema = arrow_types(good)
            if not len(good):
                continue
            self.accepted += len(good)
            yield good

    def _blocks_before_last(self) -> Iterator[pa.Table]:
        """The file's blocks but the last, read again (to count them up to a totals row)."""
        blocks = text_blocks(self.path, sheet=self.sheet, max_rows=self.max_rows)
        for block, last in with_last(blocks):
            if not last:
                yield block

    def _ids(self, block: pa.Table) -> pa.Array | None:
        if "incident_id" not in block.column_names:
            return None
        return block["incident_id"].combine_chunks()

    def _earlier(self, block: pa.Table) -> dict[str, int] | None:
        """First pass: hash the block's ids. Second: the repeated ids seen in earlier blocks."""
        if self.repeated is not None:
            return self.earlier
        ids = self._ids(block)
        if ids is not None:
            self.hashes.append(_distinct(hashes(ids)))
        return None

    def _remember(self, block: pa.Table, first_row: int) -> None:
        ids = self._ids(block)
        if ids is None or not self.repeated:
            return
        hashed = hashes(ids)
        rows = np.flatnonzero(np.isin(hashed, np.fromiter(self.repeated, np.uint64)))
        values = ids.take(pa.array(rows)).to_pylist()
        for r, value in zip(rows.tolist(), values, strict=True):
            self.earlier.setdefault(value, r + first_row)

    def repeated_hashes(self) -> set[int]:
        """Hashes of ids found in more than one block (each block's own were deduplicated)."""
        if len(self.hashes) < 2:
            return set()
        every = np.concatenate(self.hashes)
        self.hashes = []
        every.sort()  # in place: no hash table as large as the file
        return set(every[1:][every[1:] == every[:-1]].tolist())


def _distinct(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """``values`` sorted, each once (a sort: ``np.unique`` hashes, several times slower here)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
