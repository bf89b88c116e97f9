"""The checked blocks classified and written, in three stages side by side.

Each block of good rows goes to the pandas engine's ``assess_frame`` with ``by_pattern``:
every distinct pattern of the values the edition reads was classified once, in its pattern
tables (built once a process), and each row looks its pattern up, so a block costs a lookup,
not a classification, and its outputs are the pandas engine's by construction. Reading and
checking, classifying, and writing each run on their own thread; memory holds a few
blocks, whatever the size of the file.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Final, TypeVar, cast

import pandas as pd
import pyarrow as pa

from ...engine.frame import assess_frame, build_pattern_tables
from ...model.columns import OUTPUT_COLUMNS
from ...model.conditions import YOUNGEST
from ...model.incident import ASSUMED, SAME_AS_AGE_PICTURED
from .checks import Run
from .writer import Writer, as_arrow, output_schema

__all__ = ["stream"]

_CODED: Final = pa.dictionary(pa.int32(), pa.string())
"""An output column as the writer takes it: coded into its block's distinct values (every
block alike, however many), decoded on the writer's threads."""


def _classified(
    run: Run, tables: Future[None], frames: Iterator[pd.DataFrame]
) -> Iterator[pa.Table]:
    """Each block of good rows with its outputs, as ``assess_frame`` gives them, once the
    edition's pattern tables are built (``tables``)."""
    for df in frames:
        assert run.schema is not None
        tables.result()
        if run.assumed:  # as the loader marks a frame whose mapping assumed the youngest
            df.attrs[ASSUMED] = {YOUNGEST: SAME_AS_AGE_PICTURED}
        out = assess_frame(df, guidance=run.guidance, by_pattern=True)
        table = pa.Table.from_batches([as_arrow(df, run.schema)])
        for name in OUTPUT_COLUMNS:
            coded = pa.array(out[name], from_pandas=True).cast(_CODED)
            table = table.append_column(name, coded)
        yield table


def stream(run: Run, writer: Writer, rejects: Writer | None) -> None:
    """Classify ``run``'s blocks into ``writer`` (and its rejects into ``rejects``)."""
    # three stages, each on its own thread: reading and checking, classifying, and writing
    # (numpy and pyarrow work without holding the GIL); the pattern tables are built
    # on the writer's thread while the first block is read (the writer has nothing to do yet)
    tables = writer.pool.submit(build_pattern_tables, run.guidance)
    blocks = _prefetched(run.blocks(rejects))
    for table in _prefetched(_classified(run, tables, blocks)):
        writer.write(table)
    assert run.schema is not None  # set by the first block, if only of column names
    writer.close(output_schema(run.schema, [*run.schema.names, *OUTPUT_COLUMNS]))
    if rejects is not None and run.rejected:
        rejects.close(pa.schema([]))


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE: Final = object()
_T = TypeVar("_T")


def _prefetched(items: Iterator[_T], depth: int = 2) -> Iterator[_T]:
    """``items``, made ahead on another thread: the next block is checked while this one
    is classified."""
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
