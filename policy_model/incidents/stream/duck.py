"""The checked blocks classified in DuckDB: each distinct pattern once, joined back.

Each block's rows are grouped by the values the query reads (``patterns``); the query
``engine.sql`` compiles from the graphs runs over one row of each pattern not met before, a
few blocks' at a time (DuckDB plans the long query afresh each run, even prepared), and
every row takes its pattern's answers, in the order the rows came. The next block is checked on
another thread meanwhile; memory holds a few blocks, whatever the size of the file.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Iterator
from typing import Final, TypeVar, cast

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from ...engine.sql import SQL_OUTPUT_COLUMNS, expression, ranged
from ...model.columns import OUTPUT_COLUMNS
from ...model.conditions import YOUNGEST
from .checks import Run
from .patterns import Known, patterns
from .reasons import REASON, Reasons, walked
from .writer import Writer, as_arrow, output_schema

__all__ = ["stream"]

_ROW: Final = "__row"
_TABLE: Final = "patterns"
_VIEW: Final = "answers"
_HELD: Final = 6
"""The most blocks held back while their new patterns wait to be answered together."""
_GROUP: Final = 1 << 16
"""Enough new patterns to answer at once, however few blocks hold them."""
_KNOWN_LIMIT: Final = 1 << 18
"""The most patterns kept with their answers: beyond, they are forgotten and met afresh
(memory is bounded by this, not by the rows; real files repeat far fewer)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Block:
    """A block's good rows (``rows``), one row of each pattern not met in earlier blocks
    (``patterns``, with their reason codes and numbers), and each row's pattern number
    (``numbers``). Numbers run on through the file; ``base`` is the first one still kept
    (patterns are forgotten past ``_KNOWN_LIMIT``) and ``end`` one past this block's last."""

    rows: pa.RecordBatch
    patterns: pa.RecordBatch
    numbers: pa.Array
    base: int
    end: int


class _Query:
    """The query over one row of each pattern, and the columns it reads."""

    def __init__(self, run: Run, schema: pa.Schema) -> None:
        columns = list(schema.names)
        found = expression(
            run.guidance,
            table=_TABLE,
            youngest_column=YOUNGEST in columns,
            age_ranges=ranged(columns),
            youngest_assumed=run.assumed,
            columns=[REASON, _ROW],
            absent=[r.fact for r in run.guidance.readings if r.fact not in columns],
        )
        self.reads = {c.name for c in found.find_all(exp.Column)} - {REASON, _ROW}
        self.sql = found.sql(dialect="duckdb")
        self.schema = schema.append(pa.field(REASON, pa.int32())).append(pa.field(_ROW, pa.int64()))


def _blocks(
    run: Run, frames: Iterator[pd.DataFrame], reasons: Reasons, compiled: list[_Query]
) -> Iterator[_Block]:
    """Each block of good rows with its new patterns, and their reasons; the query compiled
    once, into ``compiled``."""
    known = Known()
    base = 0  # the number of the first pattern ``known`` holds
    for df in frames:
        assert run.schema is not None
        if not compiled:
            compiled.append(_Query(run, run.schema))
        query = compiled[0]
        if len(known.number) > _KNOWN_LIMIT:
            base += len(known.number)
            known = Known()
        found = patterns(df, run.guidance, query.reads)
        new, numbers = known.add(found)
        first = df.iloc[found.first[new]]
        start = base + len(known.number) - len(new)
        first = first.copy(deep=False)
        first[REASON] = reasons.codes(first)
        first[_ROW] = np.arange(start, start + len(first), dtype=np.int64)
        yield _Block(
            as_arrow(df, run.schema),
            as_arrow(first, query.schema),
            pa.array(numbers + base),
            base,
            base + len(known.number),
        )


class _Answers:
    """The outputs of the patterns still kept, by number (from ``base``), as DuckDB gives
    them: each checked to come once, in the order the patterns went in."""

    def __init__(self, reasons: Reasons) -> None:
        self.reasons = reasons
        self.base = self.end = 0
        self.table: pa.Table | None = None

    def add(self, found: pa.Table) -> None:
        numbers = found[_ROW].to_numpy()
        if not np.array_equal(numbers, np.arange(self.end, self.end + len(found))):
            raise RuntimeError(
                "DuckDB lost, repeated or reordered a pattern; nothing was written"
            )  # pragma: no cover
        answered = walked(found.select([REASON, *SQL_OUTPUT_COLUMNS]), self.reasons)
        answered = answered.select(OUTPUT_COLUMNS)
        if self.table is None:
            self.table = answered.combine_chunks()
        else:
            self.table = pa.concat_tables([self.table, answered]).combine_chunks()
        self.end += len(found)

    def forget_before(self, base: int) -> None:
        """Drop the patterns numbered below ``base`` (a block numbered them afresh)."""
        if base > self.base and self.table is not None:
            self.table = self.table.slice(base - self.base)
        self.base = max(self.base, base)

    def of(self, block: _Block) -> list[pa.DictionaryArray]:
        """Each of ``block``'s rows' outputs, a column each (coded into the answers: the
        writer decodes them, on its threads)."""
        self.forget_before(block.base)
        assert self.table is not None and block.end <= self.end
        codes = pc.subtract(block.numbers, self.base)
        return [
            pa.DictionaryArray.from_arrays(codes, self.table[name].combine_chunks())
            for name in OUTPUT_COLUMNS
        ]


def stream(run: Run, writer: Writer, rejects: Writer | None) -> None:
    """Classify ``run``'s blocks into ``writer`` (and its rejects into ``rejects``)."""
    reasons = Reasons(run.guidance, assumed=run.assumed)
    compiled: list[_Query] = []
    # three stages, each on its own thread: reading and checking, finding the patterns, and
    # classifying and writing (numpy, pyarrow and DuckDB work without holding the GIL)
    blocks = _prefetched(_blocks(run, _prefetched(run.blocks(rejects)), reasons, compiled))
    first = next(blocks, None)
    assert run.schema is not None
    schema = run.schema
    order = [*schema.names, *OUTPUT_COLUMNS]
    # one thread: each query reads a few blocks' patterns
    con = duckdb.connect(config={"threads": 1})
    try:
        con.execute("SET enable_progress_bar = false")
        if first is not None:
            _viewed(con, compiled[0])
            answers = _Answers(reasons)
            held: list[_Block] = []
            waiting = 0
            for block in _chained(first, blocks):
                held.append(block)
                waiting += len(block.patterns)
                if waiting and len(held) < _HELD and waiting < _GROUP:
                    continue  # DuckDB plans the query afresh each run: fewer, longer runs
                if waiting:
                    answers.add(_answered(con, compiled[0], [b.patterns for b in held]))
                for done in held:
                    writer.write(_joined(done, answers, order))
                held, waiting = [], 0
            if waiting:
                answers.add(_answered(con, compiled[0], [b.patterns for b in held]))
            for done in held:
                writer.write(_joined(done, answers, order))
    finally:
        con.close()
    writer.close(output_schema(schema, order))
    if rejects is not None and run.rejected:
        rejects.close(pa.schema([]))


def _answered(
    con: duckdb.DuckDBPyConnection, query: _Query, batches: list[pa.RecordBatch]
) -> pa.Table:
    """The query's outputs for the patterns in ``batches``, in the order of their numbers."""
    con.register(_TABLE, pa.Table.from_batches(batches, schema=query.schema))
    try:
        return con.sql(f"SELECT * FROM {_VIEW}").to_arrow_table().sort_by(_ROW)
    finally:
        con.unregister(_TABLE)


def _viewed(con: duckdb.DuckDBPyConnection, query: _Query) -> None:
    """The query as a view over the patterns' table, given to DuckDB once: each run then
    sends a short statement (the client reads a long one through before DuckDB plans it)."""
    con.register(_TABLE, query.schema.empty_table())
    try:
        con.execute(f"CREATE TEMP VIEW {_VIEW} AS {query.sql}")
    finally:
        con.unregister(_TABLE)


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
