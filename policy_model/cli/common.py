"""What the commands share: the user-facing failure, the input options, the checked dataset."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from ..incidents import dataset
    from ..model.guidance import Guidance

__all__ = [
    "EXIT_BAD_INPUT",
    "Failure",
    "Handler",
    "SubParsers",
    "add_edition",
    "add_input",
    "add_mapping",
    "add_max_rows",
    "add_phase_start",
    "checked",
    "edition",
    "edition_file",
    "guarded",
    "is_bad_input",
    "report_counts",
    "skipped_note",
]

EXIT_BAD_INPUT: Final = 2

Handler = Callable[[argparse.Namespace], None]
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class Failure(Exception):
    """A user-facing failure: its message is printed, without a traceback."""


def is_bad_input(error: Exception) -> bool:
    """Whether an error is the user's input at fault: its message is all they need to see.

    The layers below raise their own errors (``files.InputError``, ``dataset.DatasetError``,
    ``diagrams.DiagramError``); they are imported here only once something has gone wrong.
    """
    from ..incidents import dataset, files
    from ..views.diagrams import DiagramError

    return isinstance(error, Failure | files.InputError | dataset.DatasetError | DiagramError)


def add_input(parser: argparse.ArgumentParser, *, rejects: bool = True) -> None:
    """The dataset argument, ``--mapping``, ``--sheet``, ``--allow-column`` and (optionally)
    ``--rejects``."""
    parser.add_argument(
        "input", type=Path, metavar="IN", help="incident data: CSV, Parquet, .xlsx or .ods"
    )
    add_mapping(parser)
    parser.add_argument(
        "--allow-column",
        action="append",
        default=[],
        metavar="NAME",
        help="accept an extra column the schema does not know (repeatable); it is still "
        "checked for identifying values",
    )
    add_max_rows(parser)
    if rejects:
        parser.add_argument(
            "--rejects",
            type=Path,
            metavar="FILE",
            help="write bad rows with their reasons to FILE and carry on with the good ones",
        )


MAX_ROWS: Final = 2_000_000
"""``incidents.limits.MAX_ROWS`` (a copy, so that building the parser imports no pyarrow)."""


def add_max_rows(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--max-rows N``: how many rows a Parquet file or workbook may expand to."""
    parser.add_argument(
        "--max-rows",
        type=_positive,
        default=MAX_ROWS,
        metavar="N",
        help="refuse, unread, a Parquet file or workbook that would expand to more rows than "
        f"this (checked from its metadata, against zip and run-length bombs) [{MAX_ROWS:,}]",
    )


def _positive(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_mapping(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--mapping FILE`` and ``--sheet NAME``, for every command that reads a dataset."""
    parser.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="read a local export through a mapping file (YAML; `policy-model map` proposes one)",
    )
    parser.add_argument(
        "--sheet", metavar="NAME", help="the sheet of a spreadsheet to read [the first]"
    )


def checked(
    path: Path,
    allow: Sequence[str],
    rejects: Path | None,
    *,
    mapping: Path | None = None,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
) -> dataset.Validation:
    """The validated dataset; bad rows fail the command unless ``rejects`` takes them."""
    from ..incidents import dataset, files

    result = dataset.validate_incidents(
        path, allow_columns=allow, mapping=mapping, sheet=sheet, max_rows=max_rows
    )
    if result.file_problems or (result.problems and rejects is None):
        raise Failure(dataset.DatasetError(str(path), result.problems).report())
    if rejects is not None and len(result.rejects):
        files.write_table(result.rejects, rejects)
    return result


def skipped_note(skipped: object) -> str:
    """``; 2 blank rows and 1 totals row skipped (rows 13, 29, 44)``, or nothing."""
    return f"; {skipped}" if skipped else ""


def report_counts(result: dataset.Validation, rejects: Path | None) -> None:
    """Say how many rows were accepted and rejected, when some were rejected."""
    n_bad = len(result.rejects)
    if n_bad:
        print(
            f"{len(result.frame)} rows accepted, {n_bad} rejected "
            f"({len(result.problems)} problems) -> {rejects}",
            file=sys.stderr,
        )


def add_edition(parser: argparse.ArgumentParser) -> None:
    """``--edition ID|FILE``: which edition of the guidance assesses (the one as written)."""
    parser.add_argument(
        "--edition",
        default="redbridge-2018",
        metavar="ID|FILE",
        help="the edition of the guidance: an id from `policy-model editions`, or a what-if "
        ".yaml file [redbridge-2018, the guidance as written]",
    )


def _month(text: str) -> str:
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month as YYYY-MM")
    return text


def add_phase_start(parser: argparse.ArgumentParser) -> None:
    """``--phase-start YYYY-MM``, repeatable: where the SPC limits are worked out afresh."""
    parser.add_argument(
        "--phase-start",
        action="append",
        default=[],
        type=_month,
        metavar="YYYY-MM",
        help="a month from which the SPC charts' limits start afresh (a new recording "
        "system, an edition of the guidance taking effect); may be repeated",
    )


def edition_file(name: str | None) -> Path | None:
    """The what-if file ``--edition`` names, if it names a file rather than an id."""
    return Path(name) if name is not None and Path(name).is_file() else None


def guarded(
    *,
    inputs: Sequence[Path | None] = (),
    outputs: Sequence[Path | None] = (),
    directories: Sequence[Path | None] = (),
    tables: Sequence[Path | None] = (),
) -> None:
    """Refuse, before anything is read or written, an output over an input or another
    output, or one that cannot be written (``incidents.paths.check_outputs``); ``tables``
    are outputs that must end in .csv or .parquet."""
    from ..incidents.paths import InputError, check_outputs

    check_outputs(inputs, outputs, directories=directories)
    for path in tables:
        if path is not None and path.suffix.lower() not in (".csv", ".parquet"):
            raise InputError(path, "the output must end in .csv or .parquet")


def edition(name: str) -> Guidance:
    """The edition by id or what-if path; an unknown one, or a broken file, fails the command."""
    from ..editions import EditionError
    from ..editions import edition as find

    try:
        return find(name)
    except EditionError as error:
        raise Failure(str(error)) from None
