"""The ``policy-model`` command line: classify, validate, synth, summarise, flowchart, explain,
editions, diff, sql, spc, report, and for policy authors steps, edition new and appendix.

The top floor of the package: every command's parser and handler lives under ``cli``, and
nothing else in ``policy_model`` imports it. Bad input never produces a traceback: every
problem is listed with its row and column, the command exits 2, and no output file is
written. Building the parser imports neither pandas nor Graphviz nor matplotlib; a command
imports what it needs when it runs, so ``--help`` and ``explain`` start quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..model.folders import FolderError
from .common import EXIT_BAD_INPUT, Failure, Handler, is_bad_input

try:
    from . import authoring, data, editions, flowcharts, report, spc, sql
except FolderError as broken:  # an edition folder of the package cannot be read or built
    _BROKEN: FolderError | None = broken
else:
    _BROKEN = None

__all__ = ["EXIT_BAD_INPUT", "Failure", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """Every command's parser; each sets ``handler``, the function that runs it."""
    parser = argparse.ArgumentParser(
        prog="policy-model",
        description="The Redbridge guidance on youth produced sexual imagery, as a model you "
        "can run: classify incidents, check datasets, draw the flowcharts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data.add_commands(sub)
    flowcharts.add_commands(sub)
    editions.add_commands(sub)
    sql.add_commands(sub)
    authoring.add_commands(sub)
    spc.add_commands(sub)
    report.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # NumPy's OpenBLAS starts a thread a core when NumPy is imported, and they spin waiting
    # for work no command gives them (3% of the processor samples of a classify): 0.1 s of
    # processor time, and a core's share taken from the threads that do the work. NumPy is
    # not imported yet (building the parser does not); a setting of the caller's own wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # No transparent huge pages: pyarrow's allocator (mimalloc) turns them off for the
    # process when told so before pyarrow loads, which building the parser does not do.
    # Where the system grants them on request, as on this project's machines, mimalloc and
    # NumPy ask for them, and the kernel zeroing and compacting 2 MB pages cost more than
    # it saved: classify --engine duckdb, which takes and frees memory block after block,
    # took 2.1-2.9 s on 1M rows with them, 1.8-1.9 s without; the pandas engine 0.1 s longer
    # (medians of 10-12 alternated runs; docs/performance.md).
    os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")
    if _BROKEN is not None:
        print(
            f"policy-model: error: {_BROKEN}; mend or remove that edition folder "
            "(docs/changing-the-policy.md)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        handler(args)
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    except OSError as error:  # the disk is full, a folder cannot be written...
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}; the command stopped", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:
        if not is_bad_input(error):
            raise
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
