"""The ``policy-model`` command line: classify, validate, explain, flowchart, synth, summarise.

Bad input never produces a traceback: every problem is listed with its row and column, the
command exits non-zero, and no output file is written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from .incidents import dataset, files

__all__ = ["main"]

EXIT_BAD_INPUT = 2


class Failure(Exception):
    """A user-facing failure: its message is printed, without a traceback."""


def _checked(path: Path, allow: Sequence[str], rejects: Path | None) -> dataset.Validation:
    checked = dataset.validate_incidents(path, allow_columns=allow)
    if checked.file_problems or (checked.problems and rejects is None):
        raise Failure(dataset.DatasetError(str(path), checked.problems).report())
    if rejects is not None and len(checked.rejects):
        files.write_table(checked.rejects, rejects)
    return checked


def _report_counts(checked: dataset.Validation, rejects: Path | None) -> None:
    n_bad = len(checked.rejects)
    if n_bad:
        print(
            f"{len(checked.frame)} rows accepted, {n_bad} rejected "
            f"({len(checked.problems)} problems) -> {rejects}",
            file=sys.stderr,
        )


def _classify(args: argparse.Namespace) -> None:
    from .engine.frame import assess_frame

    checked = _checked(args.input, args.allow_column, args.rejects)
    if args.output.suffix.lower() not in (".csv", ".parquet"):
        raise files.InputError(args.output, "the output must end in .csv or .parquet")
    out = assess_frame(checked.frame)
    codes, months = pd.factorize(out["reported_month"])
    out["reported_month"] = pd.Categorical.from_codes(codes, categories=months.astype(str))
    files.write_table(out, args.output)
    _report_counts(checked, args.rejects)
    print(f"{len(out)} incidents classified -> {args.output}", file=sys.stderr)


def _validate(args: argparse.Namespace) -> None:
    checked = _checked(args.input, args.allow_column, args.rejects)
    _report_counts(checked, args.rejects)
    print(f"{args.input}: {len(checked.frame)} incidents, valid and anonymised", file=sys.stderr)


def _add_input(parser: argparse.ArgumentParser, *, rejects: bool = True) -> None:
    parser.add_argument("input", type=Path, metavar="IN", help="incident data, CSV or Parquet")
    parser.add_argument(
        "--allow-column",
        action="append",
        default=[],
        metavar="NAME",
        help="accept an extra column the schema does not know (repeatable); it is still "
        "checked for identifying values",
    )
    if rejects:
        parser.add_argument(
            "--rejects",
            type=Path,
            metavar="FILE",
            help="write bad rows with their reasons to FILE and carry on with the good ones",
        )


Handler = Callable[[argparse.Namespace], None]

# Modules that add their own sub-commands with ``add_commands(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = ("incidents.synth", "stats.summary", "views.flowchart")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-model",
        description="The Redbridge guidance on youth produced sexual imagery, as a model you "
        "can run: classify incidents, check datasets, draw the flowcharts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("classify", help="add category, subtype, pathway and reasons to a dataset")
    _add_input(p)
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help=".csv or .parquet"
    )
    p.set_defaults(handler=_classify)

    p = sub.add_parser("validate", help="schema and anonymity checks only")
    _add_input(p)
    p.set_defaults(handler=_validate)

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}").add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        handler(args)
    except (Failure, files.InputError, dataset.DatasetError) as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
