"""The checked blocks classified by pattern: each distinct pattern once, joined back.

Each block's rows are grouped by the values the classification reads (``patterns``); one
row of each pattern not met before is classified by the pandas engine's ``assess_frame``
(the same code, so the same outputs), and every row takes its pattern's answers, in the
order the rows came. Reading and checking (DuckDB and pyarrow), classifying and writing run
on three threads; memory holds a few blocks, whatever the size of the file.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Iterator
from typing import Final, TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ...engine.frame import assess_frame
from ...model.columns import OUTPUT_COLUMNS
from ...model.conditions import YOUNGEST
from ...model.guidance import Guidance
from ...model.incident import ASSUMED, SAME_AS_AGE_PICTURED
from .checks import Run
from .patterns import Known, patterns, read_by
from .writer import Writer, as_arrow, output_schema

__all__ = ["stream"]

_KNOWN_LIMIT: Final = 1 << 18
"""The most patterns kept with their answers: beyond, they are forgotten and met afresh
(memory is bounded by this, not by the rows; real files repeat far fewer)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Block:
    """A block's good rows (``rows``), the outputs of each pattern not met in earlier blocks
    (``answers``, in the order of their numbers), the number of each of the block's
    patterns (``numbers``) and each row's index into them (``row``). Numbers run on through
    the file; ``base`` is the first one still kept (patterns are forgotten past
    ``_KNOWN_LIMIT``) and ``end`` one past this block's last."""

    rows: pa.RecordBatch
    answers: pa.Table
    numbers: pa.Array
    row: pa.Array
    base: int
    end: int


def _answered(first: pd.DataFrame, guidance: Guidance, assumed: bool) -> pa.Table:
    """The outputs of one row of each new pattern, as ``assess_frame`` gives them (text)."""
    if not len(first):  # every pattern met before
        return pa.table({name: pa.array([], pa.string()) for name in OUTPUT_COLUMNS})
    if assumed:  # as the loader marks a frame whose mapping assumed the youngest involved
        first.attrs[ASSUMED] = {YOUNGEST: SAME_AS_AGE_PICTURED}
    out = assess_frame(first, guidance=guidance)
    columns = []
    for name in OUTPUT_COLUMNS:
        column = pa.array(out[name], from_pandas=True)
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        columns.append(column.cast(pa.string()))
    return pa.Table.from_arrays(columns, names=list(OUTPUT_COLUMNS))


def _blocks(run: Run, frames: Iterator[pd.DataFrame]) -> Iterator[_Block]:
    """Each block of good rows with the outputs of its new patterns."""
    known = Known()
    base = 0  # the number of the first pattern ``known`` holds
    reads = read_by(run.guidance)
    for df in frames:
        assert run.schema is not None
        if len(known.number) > _KNOWN_LIMIT:
            base += len(known.number)
            known = Known()
        found = patterns(df, run.guidance, reads)
        new, numbers = known.add(found)
        first = df.iloc[found.first[new]].copy(deep=False)
        yield _Block(
            as_arrow(df, run.schema),
            _answered(first, run.guidance, run.assumed),
            pa.array(numbers + base),
            pa.array(found.inverse.astype(np.int32)),
            base,
            base + len(known.number),
        )


class _Answers:
    """The outputs of the patterns still kept, by number (from ``base``), a chunk a block."""

    def __init__(self) -> None:
        self.base = self.end = 0
        self.table = pa.table({name: pa.array([], pa.string()) for name in OUTPUT_COLUMNS})

    def add(self, block: _Block) -> None:
        """``block``'s new patterns' outputs, numbered on from the last."""
        if block.base > self.base:  # a block numbered the patterns afresh: forget the old
            self.table = self.table.slice(block.base - self.base)
            self.base = self.end = block.base
        if block.end - len(block.answers) != self.end:
            raise RuntimeError(
                "a pattern lost or repeated; nothing was written"
            )  # pragma: no cover
        self.table = pa.concat_tables([self.table, block.answers])  # no copy: a chunk more
        self.end = block.end

    def of(self, block: _Block) -> list[pa.DictionaryArray]:
        """Each of ``block``'s rows' outputs, a column each, coded into the outputs of the
        block's own patterns (the writer decodes them, on its threads)."""
        assert block.end <= self.end
        found = self.table.take(pc.subtract(block.numbers, self.base))
        return [
            pa.DictionaryArray.from_arrays(block.row, found[name].combine_chunks())
            for name in OUTPUT_COLUMNS
        ]


def stream(run: Run, writer: Writer, rejects: Writer | None) -> None:
    """Classify ``run``'s blocks into ``writer`` (and its rejects into ``rejects``)."""
    # three stages, each on its own thread: reading and checking, finding and classifying
    # the patterns, and writing (numpy, pyarrow and DuckDB work without holding the GIL)
    blocks = _prefetched(_blocks(run, _prefetched(run.blocks(rejects))))
    first = next(blocks, None)
    assert run.schema is not None
    schema = run.schema
    order = [*schema.names, *OUTPUT_COLUMNS]
    if first is not None:
        answers = _Answers()
        for block in _chained(first, blocks):
            answers.add(block)
            writer.write(_joined(block, answers, order))
    writer.close(output_schema(schema, order))
    if rejects is not None and run.rejected:
        rejects.close(pa.schema([]))


def _joined(block: _Block, answers: _Answers, order: list[str]) -> pa.Table:
    """``block``'s rows with their outputs, in ``order``."""
    table = pa.Table.from_batches([block.rows])
    for name, column in zip(OUTPUT_COLUMNS, answers.of(block), strict=True):
        table = table.append_column(name, column)
    return table.select(order)


def _chained(first: _Block, rest: Iterator[_Block]) -> Iterator[_Block]:
    yield first
    yield from rest


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE: Final = object()
_T = TypeVar("_T")


def _prefetched(items: Iterator[_T], depth: int = 2) -> Iterator[_T]:
    """``items``, made ahead on another thread: the next block is checked while DuckDB
    classifies this one."""
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            for item in items:
                put(item)
                if stop.is_set():
                    return
            put(_DONE)
        except BaseException as error:  # handed to the consumer, raised there
            put(_Failed(error))
        finally:
            close = getattr(items, "close", None)
            if close is not None:  # an earlier stage on its own thread stops too
                close()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield cast("_T", item)
    finally:
        stop.set()
        worker.join()
