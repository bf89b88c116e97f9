"""The dataset commands: classify, validate, synth and summarise.

Their handlers import pandas (and the rest) only when they run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .common import (
    Failure,
    SubParsers,
    add_edition,
    add_input,
    add_max_rows,
    add_phase_start,
    checked,
    edition,
    edition_file,
    guarded,
    report_counts,
    skipped_note,
)

if TYPE_CHECKING:
    import pandas as pd

    from ..incidents.dataset import Validation
    from ..stats.summary import Summary

__all__ = ["ENGINES", "PROFILES", "SYNTH_MONTHS", "SYNTH_START", "add_commands"]

ENGINES: Final = ("pandas", "duckdb")
"""How classify reads the file: in memory with pandas, or streamed block by block (the
engine's name is historical: each distinct pattern is classified by the pandas engine)."""

# Copies of values from modules that import numpy and pandas, so that building the parser
# does not; tests/test_layers.py checks they agree.
PROFILES: Final = ("standard", "strict")
"""``stats.disclosure.PROFILES``, sorted."""
SYNTH_START: Final = "2022-04"
"""``incidents.synth.DEFAULT_START``."""
SYNTH_MONTHS: Final = 36
"""``incidents.synth.DEFAULT_MONTHS``."""


def _read(args: argparse.Namespace) -> Validation:
    """The dataset the command's options name, validated (``common.checked``)."""
    return checked(
        args.input,
        args.allow_column,
        args.rejects,
        mapping=args.mapping,
        sheet=args.sheet,
        max_rows=args.max_rows,
    )


def _classify(args: argparse.Namespace) -> None:
    guarded(
        inputs=[args.input, args.mapping, edition_file(args.edition)],
        outputs=[args.output, args.rejects],
        tables=[args.output, args.rejects],
    )
    if args.engine == "duckdb":
        _classify_duckdb(args)
        return
    import pandas as pd

    from ..engine.facts import with_facts
    from ..engine.frame import assess_frame
    from ..incidents import files

    guidance = edition(args.edition)
    result = _read(args)
    out = assess_frame(with_facts(result.frame, guidance), guidance=guidance)
    codes, months = pd.factorize(out["reported_month"])
    out["reported_month"] = pd.Categorical.from_codes(codes, categories=months.astype(str))
    files.write_table(out, args.output)
    report_counts(result, args.rejects)
    print(
        f"{len(out)} incidents classified under {guidance.id}{skipped_note(result.skipped)} "
        f"-> {args.output}",
        file=sys.stderr,
    )


def _classify_duckdb(args: argparse.Namespace) -> None:
    from ..incidents import dataset, stream

    guidance = edition(args.edition)
    try:
        done = stream.classify_file(
            args.input,
            args.output,
            guidance=guidance,
            allow_columns=args.allow_column,
            rejects=args.rejects,
            mapping=args.mapping,
            sheet=args.sheet,
            max_rows=args.max_rows,
        )
    except dataset.DatasetError as error:
        raise Failure(error.report()) from None
    if done.rejected:
        print(
            f"{done.accepted} rows accepted, {done.rejected} rejected "
            f"({done.problems} problems) -> {args.rejects}",
            file=sys.stderr,
        )
    print(
        f"{done.accepted} incidents classified under {guidance.id}{skipped_note(done.skipped)} "
        f"-> {args.output}",
        file=sys.stderr,
    )


def _validate(args: argparse.Namespace) -> None:
    guarded(inputs=[args.input, args.mapping], outputs=[args.rejects], tables=[args.rejects])
    result = _read(args)
    report_counts(result, args.rejects)
    print(
        f"{args.input}: {len(result.frame)} incidents, valid and anonymised"
        f"{skipped_note(result.skipped)}",
        file=sys.stderr,
    )


def _synth(args: argparse.Namespace) -> None:
    from ..incidents import files
    from ..incidents.synth import synthesise

    guarded(outputs=[args.output], tables=[args.output])
    try:
        incidents = synthesise(args.n, seed=args.seed, start=args.start, months=args.months)
    except ValueError as error:
        raise files.InputError(args.output, f"not written: {error}") from None
    files.write_table(incidents, args.output)
    months = incidents["reported_month"].cat.categories
    print(
        f"{len(incidents)} synthetic incidents, {months[0]} to {months[-1]}, seed {args.seed} "
        f"-> {args.output}",
        file=sys.stderr,
    )


def _summarise(args: argparse.Namespace) -> None:
    from ..engine.facts import with_facts
    from ..engine.frame import assess_frame
    from ..incidents import files
    from ..stats.summary import SetAside, summarise
    from ..views.summary_files import write_summary

    guarded(
        inputs=[args.input, args.mapping, edition_file(args.edition)],
        outputs=[args.rejects],
        directories=[args.output],
        tables=[args.rejects],
    )
    guidance = edition(args.edition)
    result = _read(args)
    frame = result.frame
    if len(frame):
        frame = assess_frame(with_facts(frame, guidance), guidance=guidance)
    set_aside = SetAside(
        len(result.rejects), args.rejects if len(result.rejects) else None, result.skipped
    )
    tables = frame
    if args.period is not None and len(frame):
        tables = frame[args.period.contains(frame["reported_month"].astype("string")).to_numpy()]
        if tables.empty:
            raise files.InputError(args.input, f"no incidents were reported in {args.period}")
    summary = summarise(tables, profile=args.profile, set_aside=set_aside)
    extra = _board(args, frame, summary) if len(frame) else None
    write_summary(summary, args.output, extra=extra)
    report_counts(result, args.rejects)
    profile = summary.profile.name if summary.profile else ""
    print(
        f"{len(tables)} incidents{' in ' + args.period.label if args.period else ''} "
        f"summarised; {set_aside} ({profile} suppression, "
        f"{len(summary.suppression)} cells suppressed) -> {args.output}",
        file=sys.stderr,
    )
    unread = _recorded_not_read(result.frame, guidance)
    if unread:
        print(
            f"recorded in the data, not read by {guidance.id}: {', '.join(unread)} "
            "(no figure uses them; each row's reasons name them)",
            file=sys.stderr,
        )


def _recorded_not_read(frame: Any, guidance: Any) -> list[str]:
    """The columns the data records (a fact yes, another value given) that the edition does
    not read."""
    from ..engine.readings import note_keys
    from ..model.coverage import not_read

    names, key = note_keys(frame, guidance)
    unread = set(not_read(guidance))
    return [n for i, n in enumerate(names) if n in unread and bool((key >> i & 1).any())]


def _period(text: str) -> object:
    """``--period``'s value, parsed (argparse reports a ValueError as a usage error, exit 2)."""
    from ..stats.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _board(
    args: argparse.Namespace, frame: pd.DataFrame, summary: Summary
) -> dict[str, Callable[[Path], None]]:
    """The board's files (rates, SPC series, funnel, ranges, comparisons) for ``summarise``."""
    from ..incidents import files
    from ..stats.board import board
    from ..stats.population import load_population
    from ..views.board_files import board_files

    population = None
    if args.population is not None:
        population = load_population(
            args.population, mapping=args.population_mapping, sheet=args.population_sheet
        )
    try:
        b = board(
            frame,
            period=args.period,
            population=population,
            profile=args.profile,
            summary=summary,
            phase_starts=args.phase_start,
        )
    except ValueError as error:
        where = args.population if "population" in str(error) else args.input
        raise files.InputError(where, str(error)) from None
    return dict(board_files(b))


def _map(args: argparse.Namespace) -> None:
    from ..incidents import files
    from ..incidents.propose import propose_mapping

    if args.output.suffix.lower() not in (".yaml", ".yml"):
        raise files.InputError(args.output, "the mapping must end in .yaml or .yml")
    guarded(inputs=[args.input], outputs=[args.output])
    if args.output.exists() and not args.force:
        raise files.InputError(
            args.output,
            "exists, and may have been edited by hand: map never replaces it unless --force "
            "is given; choose a new name",
        )
    table = files.read_text_table(args.input, sheet=args.sheet, max_rows=args.max_rows)
    proposal = propose_mapping(table, source=args.input.name)
    with files.atomic_path(args.output) as temporary:
        temporary.write_text(proposal.text, encoding="utf-8")
    todo = f"; {proposal.todo} TODO lines to settle by hand" if proposal.todo else ""
    added = f", {proposal.constants} given a constant" if proposal.constants else ""
    added += f", {proposal.not_known} declared not known" if proposal.not_known else ""
    print(
        f"{proposal.mapped} columns mapped, {proposal.dropped} dropped{added}{todo} "
        f"-> {args.output}\n"
        f"check it, then: policy-model classify {args.input} --mapping {args.output} -o OUT",
        file=sys.stderr,
    )


def add_commands(sub: SubParsers) -> None:
    """Add ``classify``, ``validate``, ``synth``, ``summarise`` and ``map``."""
    p = sub.add_parser("classify", help="add category, subtype, pathway and reasons to a dataset")
    add_input(p)
    add_edition(p)
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help=".csv or .parquet"
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="pandas",
        help="pandas (default): the file in memory; duckdb: CSV or Parquet larger than memory, "
        "checked block by block, each distinct pattern of facts classified once by the "
        "pandas engine; the same columns (reasons included), values and messages",
    )
    p.set_defaults(handler=_classify)

    p = sub.add_parser("validate", help="schema and anonymity checks only")
    add_input(p)
    p.set_defaults(handler=_validate)

    p = sub.add_parser(
        "synth",
        help="write a synthetic incident dataset with realistic proportions",
        description="Write N synthetic incidents (entirely invented; see data/README.md for "
        "every assumption). The same seed and options give a byte-identical file.",
    )
    p.add_argument("-n", dest="n", type=int, required=True, metavar="N", help="number of incidents")
    p.add_argument("--seed", type=int, required=True, metavar="S", help="random seed (0 or more)")
    p.add_argument(
        "--start",
        default=SYNTH_START,
        metavar="YYYY-MM",
        help=f"first reported month (default {SYNTH_START})",
    )
    p.add_argument(
        "--months",
        type=int,
        default=SYNTH_MONTHS,
        metavar="M",
        help=f"number of months (default {SYNTH_MONTHS})",
    )
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help=".csv or .parquet"
    )
    p.set_defaults(handler=_synth)

    p = sub.add_parser(
        "summarise",
        help="published tables, a Markdown report and charts, with small-number suppression",
    )
    add_input(p)
    add_edition(p)
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="a new directory"
    )
    p.add_argument(
        "--profile",
        choices=PROFILES,
        default="standard",
        help="suppression rule: standard (counts 1 to 5 hidden, as DfE) or strict (1 to 10)",
    )
    p.add_argument(
        "--period",
        type=_period,
        metavar="PERIOD",
        help="the tables cover this period: a quarter (2025Q1), a financial year (2024-25, "
        "April to March), a calendar year (2024) or months (2024-04..2024-09); SPC series and "
        "comparisons still use the whole file",
    )
    add_phase_start(p)
    p.add_argument(
        "--population",
        type=Path,
        metavar="FILE",
        help="mid-year population estimates (year,area,sex,age,population, or ONS's "
        "population_YYYY layout): adds rates.csv per 10,000 children and, with areas, "
        "funnel.csv",
    )
    p.add_argument(
        "--population-mapping",
        type=Path,
        metavar="M",
        help="YAML renaming the population file's columns (columns: {Header: year, ...})",
    )
    p.add_argument(
        "--population-sheet", metavar="NAME", help="the population spreadsheet's sheet [the first]"
    )
    p.set_defaults(handler=_summarise)

    p = sub.add_parser(
        "map",
        help="propose a mapping file for a local export (its headers, labels and dates)",
        description="Match a local export's headers and values to the dataset's columns and "
        "write a mapping for you to check: identifying or free-text columns are dropped, and "
        "what could not be matched is left as # TODO lines, which classify refuses until "
        "they are settled.",
    )
    p.add_argument("input", type=Path, metavar="IN", help="the local export: CSV, .xlsx or .ods")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of a spreadsheet [the first]")
    add_max_rows(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="mapping.yaml")
    p.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (it may hold hand edits)"
    )
    p.set_defaults(handler=_map)
