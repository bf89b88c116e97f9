"""Classify a file larger than memory: checked block by block, each pattern looked up.

``classify_file`` reads a CSV or Parquet file in blocks of text (``blocks``), checks each
block with ``dataset.validate_table`` (``checks``: rows numbered as in the whole file, and ids
repeated across blocks found as in the whole file; problems kept by ``tally``), and
classifies it with the pandas engine's ``assess_frame``, each row's pattern looked up in
the edition's pattern tables (``pipeline``: every pattern classified once a process). The
output, and the rejects, are written block by block to temporary files beside them
(``writer``), renamed only when all is well: the same columns, values and messages as
``classify`` with pandas, in bounded memory.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...editions import AS_WRITTEN
from ...model.guidance import Guidance
from .. import blanks, files, limits
from ..dataset import Problem
from ..mapping import Mapping, read_mapping
from ..paths import temporary_beside
from .blocks import BLOCK_BYTES, text_blocks
from .checks import Run
from .pipeline import stream
from .tally import StreamError, Tally
from .writer import Writer, encoders, is_parquet

__all__ = ["BLOCK_BYTES", "Classified", "StreamError", "Tally", "classify_file", "text_blocks"]


@dataclasses.dataclass(frozen=True, slots=True)
class Classified:
    """What ``classify_file`` did: rows classified and set aside, and the problems found."""

    accepted: int
    rejected: int
    problems: int
    skipped: blanks.Skipped = dataclasses.field(default_factory=blanks.Skipped)
    """Blank rows and a trailing totals row: not incidents, neither classified nor rejected."""


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
    """Classify ``path`` into ``output`` (.csv or .parquet) as ``classify`` does, streamed.

    A problem with the file as a whole, or a bad row without ``rejects``, raises
    ``dataset.DatasetError`` and writes nothing; bad rows go to ``rejects`` when it is given.
    """
    if output.suffix.lower() not in (".csv", ".parquet"):
        raise files.InputError(output, "the output must end in .csv or .parquet")
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)

    def run(repeated: set[int] | None) -> Run:
        return Run(
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


def _classify(run: Run, output: Path, rejects: Path | None) -> Classified | None:
    """One pass; None when rows have problems and there is no ``rejects`` (nothing written)."""
    try:
        with (
            files.atomic_path(output) as out_path,
            ThreadPoolExecutor(max_workers=encoders()) as pool,
        ):
            rejects_path = temporary_beside(rejects) if rejects is not None else None
            try:
                reject_writer = (
                    Writer(rejects_path, pool, parquet=is_parquet(rejects))
                    if rejects is not None and rejects_path is not None
                    else None
                )
                writer = Writer(out_path, pool, parquet=is_parquet(output))
                try:
                    stream(run, writer, reject_writer)
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


class _Refused(Exception):
    """Rows with problems and nowhere to set them aside."""
