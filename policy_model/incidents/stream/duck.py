"""The checked blocks classified in DuckDB: each block's distinct patterns once, joined back.

Each block's rows are grouped by the values the query reads (``patterns``); DuckDB runs the
query ``engine.sql`` compiles from the graphs over one row of each pattern, and every row
takes its pattern's answers, in the order the rows came. The next block is checked on
another thread meanwhile; memory holds a few blocks, whatever the size of the file.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Iterator
from typing import Final

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
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
_INCOMING: Final = "incoming"
_PREPARED: Final = "answers"
_KNOWN_LIMIT: Final = 1 << 18
"""The most patterns kept with their answers: beyond, they are forgotten and met afresh
(memory is bounded by this, not by the rows; real files repeat far fewer)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Block:
    """A block's good rows (``rows``), one row of each pattern not met in earlier blocks
    (``patterns``, with their reason codes and numbers), and each row's pattern number
    (``inverse``)."""

    rows: pa.RecordBatch
    patterns: pa.RecordBatch
    inverse: pa.Array
    fresh: bool
    """The patterns are numbered afresh from this block on (earlier ones forgotten)."""


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
    for df in frames:
        assert run.schema is not None
        if not compiled:
            compiled.append(_Query(run, run.schema))
        query = compiled[0]
        fresh = len(known.number) > _KNOWN_LIMIT
        if fresh:
            known = Known()
        found = patterns(df, run.guidance, query.reads)
        new, numbers = known.add(found)
        first = df.iloc[found.first[new]]
        start = len(known.number) - len(new)
        first = first.copy(deep=False)
        first[REASON] = reasons.codes(first)
        first[_ROW] = np.arange(start, start + len(first), dtype=np.int64)
        yield _Block(
            as_arrow(df, run.schema), as_arrow(first, query.schema), pa.array(numbers), fresh
        )


def stream(run: Run, writer: Writer, rejects: Writer | None) -> None:
    """Classify ``run``'s blocks into ``writer`` (and its rejects into ``rejects``)."""
    reasons = Reasons(run.guidance, assumed=run.assumed)
    compiled: list[_Query] = []
    blocks = _prefetched(_blocks(run, run.blocks(rejects), reasons, compiled))
    first = next(blocks, None)
    assert run.schema is not None
    schema = run.schema
    order = [*schema.names, *OUTPUT_COLUMNS]
    # one thread: each query reads a block's few patterns
    con = duckdb.connect(config={"threads": 1})
    con.execute("SET enable_progress_bar = false")
    answers: pa.Table | None = None
    try:
        if first is not None:
            _prepared(con, compiled[0])
            for block in _chained(first, blocks):
                answers = _answered(con, block, reasons, None if block.fresh else answers)
                table = pa.Table.from_batches([block.rows])
                for name in OUTPUT_COLUMNS:
                    table = table.append_column(name, answers[name].take(block.inverse))
                writer.write(table.select(order))
    finally:
        con.close()
    writer.close(output_schema(schema, order))
    if rejects is not None and run.rejected:
        rejects.close(pa.schema([]))


def _chained(first: _Block, rest: Iterator[_Block]) -> Iterator[_Block]:
    yield first
    yield from rest


def _prepared(con: duckdb.DuckDBPyConnection, query: _Query) -> None:
    """The query prepared once, over a table the patterns of each block are put in: DuckDB
    plans the long query once, not once a block."""
    con.register(_INCOMING, query.schema.empty_table())
    try:
        con.execute(f"CREATE TEMP TABLE {_TABLE} AS SELECT * FROM {_INCOMING}")
    finally:
        con.unregister(_INCOMING)
    con.execute(f"PREPARE {_PREPARED} AS {query.sql}")


def _answered(
    con: duckdb.DuckDBPyConnection,
    block: _Block,
    reasons: Reasons,
    answers: pa.Table | None,
) -> pa.Table:
    """The outputs of every pattern met so far, by number: ``answers`` and the block's new."""
    if answers is not None and not len(block.patterns):
        return answers
    con.execute(f"DELETE FROM {_TABLE}")
    con.register(_INCOMING, block.patterns)
    try:
        con.execute(f"INSERT INTO {_TABLE} SELECT * FROM {_INCOMING}")
    finally:
        con.unregister(_INCOMING)
    found = con.sql(f"EXECUTE {_PREPARED}").to_arrow_table().sort_by(_ROW)
    start = len(answers) if answers is not None else 0
    numbers = found[_ROW].to_numpy()
    if not np.array_equal(numbers, np.arange(start, start + len(block.patterns))):
        raise RuntimeError(
            "DuckDB lost or repeated a pattern; nothing was written"
        )  # pragma: no cover
    found = walked(found.select([REASON, *SQL_OUTPUT_COLUMNS]), reasons).select(OUTPUT_COLUMNS)
    if answers is None:
        return found.combine_chunks()
    return pa.concat_tables([answers, found]).combine_chunks()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE: Final = object()


def _prefetched(items: Iterator[_Block], depth: int = 2) -> Iterator[_Block]:
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

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            assert isinstance(item, _Block)
            yield item
    finally:
        stop.set()
        worker.join()
