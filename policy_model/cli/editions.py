"""The edition commands: ``editions`` lists them, ``diff`` compares two (and their impact)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import (
    Failure,
    SubParsers,
    add_max_rows,
    checked,
    edition,
    edition_file,
    guarded,
)

__all__ = ["add_commands"]


def _editions(args: argparse.Namespace) -> None:
    from ..editions import DEFAULT, EDITIONS
    from ..model.folders import folders

    where = {f.id: f.path for f in folders()}
    for guidance in EDITIONS.values():
        default = " (default)" if guidance.id == DEFAULT else ""
        base = f"; derived from {guidance.base}" if guidance.base else ""
        print(f"{guidance.id}  {guidance.status}{default}: {guidance.title}, {guidance.date}{base}")
        if guidance.id in where:
            print(f"    folder: {_shown(where[guidance.id])}")


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory where it can be."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _diff(args: argparse.Namespace) -> None:
    from ..views.diff import diff_markdown, diff_text, write_diff, write_impact

    if args.data is not None and args.output is None:
        raise Failure("--data needs -o DIR, the directory for the impact tables and report")
    guarded(
        inputs=[edition_file(args.old), edition_file(args.new), args.data],
        directories=[args.output],
    )
    old, new = edition(args.old), edition(args.new)
    if args.output is None:
        print(diff_markdown(old, new) if args.markdown else diff_text(old, new), end="")
        return
    impact = None
    if args.data is not None:
        from ..stats.impact import impact as measure

        result = checked(args.data, args.allow_column, None, max_rows=args.max_rows)
        impact = measure(result.frame, old, new, profile=args.profile)
    written = write_diff(old, new, args.output)
    if impact is not None:
        from ..views.impact_labels import ImpactLabels

        written += write_impact(impact, args.output, words=ImpactLabels(old, new), codes=args.codes)
    print(diff_text(old, new), end="")
    for path in written:
        print(path, file=sys.stderr)
    print(f"{len(written)} files written to {args.output}", file=sys.stderr)


def add_commands(sub: SubParsers) -> None:
    """Add ``editions`` and ``diff``."""
    p = sub.add_parser("editions", help="list the editions of the guidance, one a line")
    p.set_defaults(handler=_editions)

    p = sub.add_parser(
        "diff",
        help="compare two editions: changed steps, marked flowcharts, scenarios, impact on data",
        description="Compare edition A with edition B (ids, or what-if .yaml files): the steps "
        "added, removed, reworded, re-cited or rerouted, and the scenarios whose outcome "
        "changes. With -o DIR, also both flowcharts with the changes marked; with --data IN, "
        "the impact on a dataset as protected tables, charts and a Markdown report.",
        epilog="example: policy-model diff redbridge-2018 redbridge-2024-proposed "
        "--data data/sample_incidents.csv -o impact/",
    )
    p.add_argument("old", metavar="A", help="the edition to compare from")
    p.add_argument("new", metavar="B", help="the edition to compare to")
    p.add_argument("--markdown", action="store_true", help="print Markdown rather than text")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="write the files here")
    p.add_argument("--data", type=Path, metavar="IN", help="incident data, CSV or Parquet")
    add_max_rows(p)
    p.add_argument(
        "--allow-column", action="append", default=[], metavar="NAME",
        help="accept an extra column in IN (repeatable)",
    )  # fmt: skip
    p.add_argument(
        "--profile", choices=("standard", "strict"), default="standard",
        help="suppression rule for the impact tables [standard]",
    )  # fmt: skip
    p.add_argument(
        "--codes", action="store_true",
        help="keep slugs (refer_immediately) in the impact tables rather than labels",
    )  # fmt: skip
    p.set_defaults(handler=_diff)
