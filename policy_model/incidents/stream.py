"""Classify a file larger than memory: checked block by block, classified in DuckDB.

``classify_file`` reads a CSV or Parquet file in blocks of text, checks each block with
``dataset.validate_table`` (rows numbered as in the whole file, and ids repeated across blocks
found as in the whole file), and streams the good rows through DuckDB running the query
``engine.sql`` compiles from the graphs; the reasons come from each row's walk
(``frame.FrameWalk``), looked up once per distinct pair of paths. The output, and the rejects,
are written block by block to temporary files beside them, renamed only when all is well:
the same columns, values and messages as ``classify`` with pandas, in bounded memory.

Repeated ids are found by a compact hash of every id (8 bytes a row); only when two blocks
share a hash is the file read a second time, to name those rows exactly.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Final

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..engine.assess import brief
from ..engine.frame import OUTPUT_COLUMNS, Codes, FrameWalk
from ..engine.readings import note_keys, note_text, read_frame
from ..engine.sql import expression, ranged
from ..model.columns import AGE_RANGE_COLUMNS, COLUMNS, Kind
from ..model.conditions import YOUNGEST
from ..model.guidance import AS_WRITTEN, Guidance
from ..model.incident import SAME_AS_AGE_PICTURED
from . import blanks, files, guard, limits
from .dataset import (
    FIRST_DATA_ROW,
    UNKNOWN_COLUMN,
    DatasetError,
    Problem,
    _standard_headers,
    validate_table,
)
from .mapping import Mapping, apply_mapping, read_mapping
from .paths import temporary_beside

__all__ = ["BLOCK_BYTES", "Classified", "Tally", "classify_file", "text_blocks"]

BLOCK_BYTES: Final = files.CSV_BLOCK_BYTES
"""The CSV block read at a time (some 100,000 incidents); as ``read_text_table`` reads."""
_PARQUET_ROWS: Final = 1 << 17
_SHOWN_ROWS: Final = 3
_REASON: Final = "__reason"
_ROW: Final = "__row"


# ---- reading in blocks ---------------------------------------------------------------------


def text_blocks(
    path: Path, *, sheet: str | None = None, max_rows: int = limits.MAX_ROWS
) -> Iterator[pa.Table]:
    """Every column of a CSV or Parquet file as text, block by block, as
    ``files.read_text_table`` reads it whole (a spreadsheet is read whole, as one block), with
    the same limits and refusals.

    At least one block is given, perhaps with no rows; a file that cannot be read raises
    ``files.InputError`` with ``read_text_table``'s message.
    """
    if (
        sheet is not None
        or not path.is_file()
        or path.stat().st_size == 0
        or files.is_spreadsheet(path)
    ):
        yield files.read_text_table(path, sheet=sheet, max_rows=max_rows)  # or its refusal
        return
    with path.open("rb") as f:
        is_parquet = f.read(4) == b"PAR1"
    if is_parquet:
        limits.check_parquet(path, max_rows)
        yield from _parquet_blocks(path)
    else:
        files.refuse_binary(path)
        yield from _csv_blocks(path)


def _parquet_blocks(path: Path) -> Iterator[pa.Table]:
    try:
        source = pq.ParquetFile(path)
        batches = source.iter_batches(batch_size=_PARQUET_ROWS)
        empty = True
        row = FIRST_DATA_ROW
        for batch in batches:
            empty = False
            table = pa.table(
                {n: files._as_text(pa.chunked_array([batch[n]])) for n in batch.schema.names}
            )
            yield files.checked_text(table, path, row)
            row += batch.num_rows
        if empty:
            schema = source.schema_arrow
            yield pa.table({n: pa.array([], pa.string()) for n in schema.names})
    except (pa.ArrowException, OSError) as error:
        raise files.InputError(path, f"not a readable Parquet file ({error})") from None


def _csv_blocks(path: Path) -> Iterator[pa.Table]:
    header = files.csv_header(path)
    try:
        reader = pa_csv.open_csv(
            path,
            read_options=pa_csv.ReadOptions(block_size=BLOCK_BYTES),
            parse_options=files.CSV_PARSE,  # an empty line is a blank row, counted
            convert_options=files.csv_convert_options(header),
        )
        empty = True
        row = FIRST_DATA_ROW
        nul = files.has_nul(path)
        for batch in reader:
            empty = False
            yield files.checked_text(pa.Table.from_batches([batch]), path, row, nul=nul)
            row += batch.num_rows
        if empty:
            yield pa.table({n: pa.array([], pa.string()) for n in reader.schema.names})
    except pa.ArrowInvalid as error:
        raise files.InputError(
            path, f"not a well-formed CSV file ({files.csv_problem(error)})"
        ) from None


# ---- problems, counted as dataset's report groups them ------------------------------------


@dataclasses.dataclass
class Tally:
    """The problems of a file read in blocks, kept as ``DatasetError.report`` shows them: one
    entry per file problem and per distinct (column, value, message), with its count and
    first rows; memory grows with the distinct bad values, not with the rows."""

    lines: list[Problem | tuple[str | None, str | None, str]] = dataclasses.field(
        default_factory=list
    )
    groups: dict[tuple[str | None, str | None, str], list[int]] = dataclasses.field(
        default_factory=dict
    )
    counts: dict[tuple[str | None, str | None, str], int] = dataclasses.field(default_factory=dict)
    problems: int = 0
    columns: set[str] = dataclasses.field(default_factory=set)
    rows: int = 0
    file_problems: bool = False

    def add(self, problems: Sequence[Problem]) -> None:
        """Add one block's problems (in row order; a row in one block only)."""
        self.problems += len(problems)
        self.rows += len({p.row for p in problems if p.row is not None})
        for problem in problems:
            if problem.column:
                self.columns.add(problem.column)
            if problem.row is None:
                self.file_problems = True
                self.lines.append(problem)
                continue
            key = (problem.column, problem.value, problem.message)
            if key not in self.groups:
                self.groups[key] = []
                self.counts[key] = 0
                self.lines.append(key)
            self.counts[key] += 1
            if len(self.groups[key]) < _SHOWN_ROWS + 1:
                self.groups[key].append(problem.row)

    def report(self, source: str, limit: int = 50) -> str:
        """``DatasetError(source, problems).report(limit)``, word for word."""
        out: list[str] = []
        for line in self.lines:
            if isinstance(line, Problem):
                out.append(str(line))
                continue
            rows, count = self.groups[line], self.counts[line]
            column, value, message = line
            if count == 1:
                out.append(str(Problem(rows[0], column, value, message)))
                continue
            shown = ", ".join(str(r) for r in rows[:_SHOWN_ROWS])
            more = ", …" if count > _SHOWN_ROWS else ""
            said = guard.shown(value) if value is not None else "None"
            out.append(f"{column}: {said} in {count} rows (rows {shown}{more}) {message}")
        lines = [f"{source}: {line}" for line in out]
        if len(lines) > limit:
            lines = [*lines[:limit], f"{source}: ... and {len(lines) - limit} more lines"]
        if any(isinstance(p, Problem) and UNKNOWN_COLUMN in p.message for p in self.lines):
            lines.append(f"{source}: the known columns are {', '.join(COLUMNS)}")
        said = f"{self.problems} problem{'s' * (self.problems != 1)}"
        if self.columns:
            said += f" in {len(self.columns)} column{'s' * (len(self.columns) != 1)}"
        if self.rows:
            said += f"; {self.rows} row{'s' * (self.rows != 1)} affected"
        lines.append(f"{source}: {said}")
        return "\n".join(lines)


# ---- the reasons, once per distinct pair of walks -------------------------------------------


class _Reasons:
    """Each row's pair of walks (``FrameWalk``: path and fact asked, in each graph) as a code
    into ``texts``, the reasons ``brief`` writes for it, and ``asks``, the fact each walk
    stops at; computed once per distinct pair across every block."""

    def __init__(self, guidance: Guidance, *, assumed: bool = False) -> None:
        self.guidance = guidance
        self.assumed = assumed
        """The youngest involved assumed the same as the age pictured (a mapping said so)."""
        self.code: dict[tuple[int, int, tuple[str, ...]], int] = {}
        self.texts: list[str] = []
        self.asks: tuple[list[str | None], list[str | None]] = ([], [])

    def codes(self, df: pd.DataFrame) -> npt.NDArray[np.int32]:
        codes = Codes(read_frame(df, self.guidance))
        n = len(df)
        typology = FrameWalk(self.guidance.typology, codes, n, self.guidance.consistent)
        pathway = FrameWalk(self.guidance.pathway, codes, n, self.guidance.consistent)
        width = len(pathway.keys)
        names, noted = note_keys(df, self.guidance)
        notes_width = 1 << len(names)
        pair = (typology.path.astype(np.int64) * width + pathway.path) * notes_width + noted
        distinct, inverse = np.unique(pair, return_inverse=True)
        found = np.empty(len(distinct), dtype=np.int32)
        for i, p in enumerate(distinct.tolist()):
            p, bits = divmod(p, notes_width)
            t, w = divmod(p, width)
            notes = note_text(self.guidance, names, bits)
            key = (int(typology.keys[t]), int(pathway.keys[w]), notes)
            if key not in self.code:
                self.code[key] = len(self.texts)
                walks = typology.explored(t), pathway.explored(w)
                self.texts.append(brief(*walks, youngest_assumed=self.assumed, notes=notes))
                self.asks[0].append(walks[0].ask)
                self.asks[1].append(walks[1].ask)
            found[i] = self.code[key]
        result: npt.NDArray[np.int32] = found[inverse.reshape(-1)]
        return result


# ---- classify -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Classified:
    """What ``classify_file`` did: rows classified and set aside, and the problems found."""

    accepted: int
    rejected: int
    problems: int
    skipped: blanks.Skipped = dataclasses.field(default_factory=blanks.Skipped)
    """Blank rows and a trailing totals row: not incidents, neither classified nor rejected."""


def _arrow_types(df: pd.DataFrame) -> pa.Schema:
    fields = []
    for name in df.columns:
        column = COLUMNS.get(name)
        kind = column.kind if column is not None else None
        if kind == Kind.AGE or name in AGE_RANGE_COLUMNS:
            fields.append(pa.field(name, pa.int8()))
        elif kind == Kind.FACT:
            fields.append(pa.field(name, pa.bool_()))
        elif name == _REASON:
            fields.append(pa.field(name, pa.int32()))
        elif name == _ROW:
            fields.append(pa.field(name, pa.int64()))
        else:
            fields.append(pa.field(name, pa.string()))
    return pa.schema(fields)


def _as_arrow(df: pd.DataFrame, schema: pa.Schema) -> pa.RecordBatch:
    columns: list[pa.Array] = []
    for field in schema:
        values = df[field.name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            columns.append(pa.array(values, from_pandas=True).dictionary_decode())
        elif isinstance(values.dtype, pd.PeriodDtype):
            codes, months = pd.factorize(values)
            text = pa.array(months.astype(str).tolist(), pa.string())
            columns.append(text.take(pa.array(codes, mask=codes < 0)))
        else:
            columns.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


class _Writer:
    """A CSV or Parquet file written block by block (CSV blocks encoded on every core, as
    ``files.write_table`` does)."""

    def __init__(self, path: Path, pool: ThreadPoolExecutor, *, parquet: bool) -> None:
        self.path, self.pool, self.parquet = path, pool, parquet
        self.file = path.open("wb")
        self.pending: list[Future[pa.Buffer]] = []
        self.schema: pa.Schema | None = None
        self.parquet_writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        if self.schema is None:
            self.schema = table.schema
        table = table.cast(self.schema)
        if self.parquet:
            if self.parquet_writer is None:
                self.parquet_writer = pq.ParquetWriter(self.file, self.schema)
            self.parquet_writer.write_table(table)
            return
        header = not self.pending and self.file.tell() == 0
        self.pending.append(self.pool.submit(_encode_csv, table, header))
        while len(self.pending) > 2 * (os.cpu_count() or 1):
            self.file.write(self.pending.pop(0).result())

    def close(self, empty: pa.Schema) -> None:
        if self.schema is None:
            self.write(empty.empty_table())
        for future in self.pending:
            self.file.write(future.result())
        if self.parquet_writer is not None:
            self.parquet_writer.close()
        self.file.close()


def _encode_csv(table: pa.Table, header: bool) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    options = pa_csv.WriteOptions(include_header=header, quoting_style="needed")
    pa_csv.write_csv(files.csv_safe(table), sink, options)
    return sink.getvalue()


class _Run:
    """One pass over the file: check, classify, write."""

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
        assumed = mapping is not None and mapping.assume.get(YOUNGEST) == SAME_AS_AGE_PICTURED
        self.reasons = _Reasons(guidance, assumed=assumed)
        self.schema: pa.Schema | None = None
        self.error: Exception | None = None

    def blocks(self, rejects: _Writer | None) -> Iterator[pa.RecordBatch]:
        """The good rows of each block, typed, with their reason codes; file problems stop."""
        row = FIRST_DATA_ROW
        totals: blanks.Totals | None = None
        blocks = text_blocks(self.path, sheet=self.sheet, max_rows=self.max_rows)
        for block, last in _with_last(blocks):
            if totals is None:
                renamed = self.mapping.columns if self.mapping is not None else None
                totals = blanks.Totals(tuple(blanks.id_columns(block.column_names, renamed)))
            skip = blanks.find_in_block(block, totals, last=last, first_row=row)
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
            good = _with_facts(checked.frame, self.guidance)
            if self.schema is None:
                self.schema = _arrow_types(good.assign(**{_REASON: 0, _ROW: 0}))
            if not len(good):
                continue
            good[_REASON] = self.reasons.codes(good)
            good[_ROW] = np.arange(self.accepted, self.accepted + len(good), dtype=np.int64)
            self.accepted += len(good)
            yield _as_arrow(good, self.schema)

    def _ids(self, block: pa.Table) -> pa.Array | None:
        if "incident_id" not in block.column_names:
            return None
        return block["incident_id"].combine_chunks()

    def _earlier(self, block: pa.Table) -> dict[str, int] | None:
        """First pass: hash the block's ids. Second: the repeated ids seen in earlier blocks."""
        ids = self._ids(block)
        if ids is None:
            return None
        hashed = pd.util.hash_array(ids.to_numpy(zero_copy_only=False))
        if self.repeated is None:
            self.hashes.append(np.unique(hashed))
            return None
        return self.earlier

    def _remember(self, block: pa.Table, first_row: int) -> None:
        ids = self._ids(block)
        if ids is None or not self.repeated:
            return
        hashed = pd.util.hash_array(ids.to_numpy(zero_copy_only=False))
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


def _with_last(blocks: Iterator[pa.Table]) -> Iterator[tuple[pa.Table, bool]]:
    """Each block, and whether it is the last (where a totals row would be). A totals row
    followed by a whole block of blank rows is not looked for, and so is checked as a row."""
    held: pa.Table | None = None
    for block in blocks:
        if held is not None:
            yield held, False
        held = block
    if held is not None:
        yield held, True


def _with_facts(df: pd.DataFrame, guidance: Guidance) -> pd.DataFrame:
    """``stats.impact.with_facts``: every fact the edition reads, not known where absent."""
    used = guidance.typology.facts_used() | guidance.pathway.facts_used()
    missing = [n for n in used if n not in df.columns and COLUMNS[n].kind == Kind.FACT]
    df = df.copy(deep=False)
    for name in missing:
        df[name] = pd.array([pd.NA] * len(df), dtype="boolean")
    return df


class StreamError(DatasetError):
    """``DatasetError`` for a file read in blocks: its report is the ``Tally``'s."""

    def __init__(self, source: str, tally: Tally) -> None:
        self.source, self.problems, self.tally = source, [], tally
        Exception.__init__(self, self.report())

    def report(self, limit: int = 50) -> str:
        return self.tally.report(self.source, limit)


def classify_file(
    path: Path,
    output: Path,
    *,
    guidance: Guidance = AS_WRITTEN,
    allow_columns: Sequence[str] = (),
    rejects: Path | None = None,
    mapping: Path | Mapping | None = None,
    sheet: str | None = None,
    max_rows: int = limits.MAX_ROWS,
) -> Classified:
    """Classify ``path`` into ``output`` (.csv or .parquet) as ``classify`` does, in DuckDB.

    A problem with the file as a whole, or a bad row without ``rejects``, raises
    ``dataset.DatasetError`` and writes nothing; bad rows go to ``rejects`` when it is given.
    """
    if output.suffix.lower() not in (".csv", ".parquet"):
        raise files.InputError(output, "the output must end in .csv or .parquet")
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)

    def run(repeated: set[int] | None) -> _Run:
        return _Run(
            path,
            guidance=guidance,
            allow_columns=allow_columns,
            mapping=mapping,
            sheet=sheet,
            repeated=repeated,
            max_rows=max_rows,
        )

    first = run(None)
    try:
        done = _classify(first, output, rejects)
    except files.InputError as error:  # as validate_incidents reports it
        tally = Tally()
        tally.add([Problem(None, None, None, error.reason)])
        raise StreamError(str(path), tally) from None
    repeated = first.repeated_hashes()
    if repeated:  # ids repeated across blocks: read again, naming those rows exactly
        again = run(repeated)
        done = _classify(again, output, rejects)
        if done is None:
            raise StreamError(str(path), again.tally)
    elif done is None:
        raise StreamError(str(path), first.tally)
    return done


def _classify(run: _Run, output: Path, rejects: Path | None) -> Classified | None:
    """One pass; None when rows have problems and there is no ``rejects`` (nothing written)."""
    try:
        with (
            files.atomic_path(output) as out_path,
            ThreadPoolExecutor(max_workers=os.cpu_count()) as pool,
        ):
            rejects_path = _beside(rejects) if rejects is not None else None
            try:
                reject_writer = (
                    _Writer(rejects_path, pool, parquet=_is_parquet(rejects))
                    if rejects is not None and rejects_path is not None
                    else None
                )
                writer = _Writer(out_path, pool, parquet=_is_parquet(output))
                try:
                    _stream(run, writer, reject_writer)
                finally:
                    writer.file.close()
                    if reject_writer is not None:
                        reject_writer.file.close()
                if run.tally.problems and rejects is None:
                    raise _Refused  # atomic_path removes the output unwritten
                if rejects is not None and rejects_path is not None and run.rejected:
                    os.replace(rejects_path, rejects)
            finally:
                if rejects_path is not None:
                    rejects_path.unlink(missing_ok=True)
    except _Refused:
        return None
    return Classified(run.accepted, run.rejected, run.tally.problems, run.skipped)


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


class _Refused(Exception):
    """Rows with problems and nowhere to set them aside."""


def _beside(target: Path) -> Path:
    """A new temporary file beside ``target`` (renamed onto it by the caller)."""
    return temporary_beside(target)


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE: Final = object()


def _prefetched(items: Iterator[pa.RecordBatch], depth: int = 2) -> Iterator[pa.RecordBatch]:
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
            assert isinstance(item, pa.RecordBatch)
            yield item
    finally:
        stop.set()
        worker.join()


def _stream(run: _Run, writer: _Writer, rejects: _Writer | None) -> None:
    blocks = _prefetched(run.blocks(rejects))
    first = next(blocks, None)
    assert run.schema is not None
    schema = run.schema

    def all_blocks() -> Iterator[pa.RecordBatch]:
        if first is None:
            return
        try:
            yield from _whole_vectors(itertools.chain([first], blocks), schema)
        except Exception as error:  # DuckDB would wrap it: keep it to raise as it is
            run.error = error
            raise

    columns = [n for n in schema.names if n not in (_REASON, _ROW)]
    sql = expression(
        run.guidance,
        table="incidents",
        youngest_column=YOUNGEST in columns,
        age_ranges=ranged(columns),
        youngest_assumed=run.reasons.assumed,
        columns=[*columns, _REASON, _ROW],
        absent=[r.fact for r in run.guidance.readings if r.fact not in columns],
    ).sql(dialect="duckdb")
    order = [*columns, *OUTPUT_COLUMNS]
    # one thread: the rows come from one stream, and must leave in the order they came
    con = duckdb.connect(config={"threads": 1})
    con.execute("SET enable_progress_bar = false")
    try:
        # through the Arrow C stream interface: DuckDB reads it in order, batch by batch
        incidents = _CStream(pa.RecordBatchReader.from_batches(schema, all_blocks()))
        con.register("incidents", incidents)
        following = 0
        try:
            result = con.sql(sql).to_arrow_reader(1 << 16)
            for batch in result:
                following = _in_order(batch.column(_ROW), following)
                table = _walked(pa.Table.from_batches([batch]), run.reasons).select(order)
                writer.write(table)
        except Exception:
            if run.error is not None:
                raise run.error from None
            raise
    finally:
        con.close()
    writer.close(_output_schema(schema, order))
    if rejects is not None and run.rejected:
        rejects.close(pa.schema([]))


def _walked(table: pa.Table, reasons: _Reasons) -> pa.Table:
    """The reasons, and ``ask_next`` as ``assess_frame`` gives it, from each row's walks:
    the pathway's fact while the pathway is open, else the typology's while the subtype is."""
    code = table[_REASON]
    asks = [pa.array(a, pa.string()).take(code) for a in reasons.asks]
    nothing = pa.nulls(len(table), pa.string())
    ask_next = pc.coalesce(
        pc.if_else(pc.match_substring(table["possible_pathways"], "|"), asks[1], nothing),
        pc.if_else(pc.match_substring(table["possible_subtypes"], "|"), asks[0], nothing),
    )
    table = table.set_column(table.column_names.index("ask_next"), "ask_next", ask_next)
    texts = pa.array(reasons.texts, pa.string()).take(code)
    return table.drop_columns([_REASON, _ROW]).append_column("reasons", texts)


_VECTOR: Final = 2048
"""DuckDB's vector size: its streamed Arrow result can hand on a batch's last, partial
vector after later full ones, so batches of whole vectors go in (the last may be partial)."""


def _whole_vectors(
    batches: Iterator[pa.RecordBatch], schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """The same rows in batches of whole DuckDB vectors, the last excepted."""
    held: list[pa.RecordBatch] = []
    rows = 0
    for batch in batches:
        held.append(batch)
        rows += batch.num_rows
        whole = rows // _VECTOR * _VECTOR
        if whole:
            table = pa.Table.from_batches(held, schema=schema)
            yield from table.slice(0, whole).combine_chunks().to_batches()
            rest = table.slice(whole)
            held = rest.combine_chunks().to_batches() if rest.num_rows else []
            rows -= whole
    if rows:
        yield from pa.Table.from_batches(held, schema=schema).combine_chunks().to_batches()


class _CStream:
    """An Arrow stream seen only through ``__arrow_c_stream__``."""

    def __init__(self, reader: pa.RecordBatchReader) -> None:
        self.reader = reader

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self.reader.__arrow_c_stream__(requested_schema)


def _in_order(rows: pa.Array, following: int) -> int:
    """Check the rows come back in the order they went in; the next row number expected."""
    numbers = rows.to_numpy()
    expected = np.arange(following, following + len(numbers))
    if not np.array_equal(numbers, expected):  # pragma: no cover - DuckDB keeps the order
        raise RuntimeError("DuckDB returned the rows out of order; nothing was written")
    return following + len(numbers)


def _output_schema(schema: pa.Schema, order: list[str]) -> pa.Schema:
    types = {f.name: f.type for f in schema} | dict.fromkeys(OUTPUT_COLUMNS, pa.string())
    return pa.schema([pa.field(n, types[n]) for n in order])
