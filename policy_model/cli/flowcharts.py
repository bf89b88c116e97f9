"""The flowchart commands: ``flowchart`` draws every diagram, ``explain`` one incident's path.

``explain`` with facts given as options needs neither pandas nor Graphviz.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from ..editions import PATHWAY
from ..engine.assess import assess
from ..incidents.paths import sniff_binary
from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, Kind
from ..model.incident import FactError, Incident
from ..views.diagrams import (
    DEFAULT_FORMATS,
    FORMATS,
    GRAPHS,
    draw,
    need_dot,
    parse_formats,
    write_diagram,
    write_diagrams,
)
from ..views.text import explain_text, fact_defaults, shown
from .common import (
    MAX_ROWS,
    Failure,
    SubParsers,
    add_edition,
    add_mapping,
    add_max_rows,
    edition,
    edition_file,
    guarded,
)

__all__ = ["add_commands"]

_ALIASES: Final = {"age_pictured": ("--age",)}
_MAX_JSON_BYTES: Final = 1 << 20


def _flowchart(args: argparse.Namespace) -> None:
    from ..editions import EDITIONS
    from ..views.diagrams import edition_dir

    formats = parse_formats(args.format)
    guarded(inputs=[edition_file(args.edition)], directories=[args.output])
    started = time.perf_counter()
    chosen = [edition(args.edition)] if args.edition else list(EDITIONS.values())
    written: list[Path] = []
    for guidance in chosen:
        written += write_diagrams(edition_dir(args.output, guidance), formats, guidance=guidance)
    seconds = time.perf_counter() - started
    for path in written:
        print(path)
    print(f"{len(written)} files written to {args.output} in {seconds:.2f} s", file=sys.stderr)


# ---- explain: one incident, its reasons, and its path highlighted ---------------------------


def _fact_columns() -> list[str]:
    return [n for n in fact_defaults() if n in COLUMNS]


def _add_fact_options(parser: argparse.ArgumentParser) -> None:
    """One option per column of the registry (but the id and the recorded subtype)."""
    group = parser.add_argument_group(
        "facts",
        "One option per column of the incident dataset (see docs/design.md). A yes/no "
        "fact given alone means yes (--intent-to-harm); or give its value (--pictured-willing "
        "no; yes/no, y/n, true/false, 1/0, or unknown if not known yet). Facts not given take "
        "their default, shown in brackets (a 15 year old's romantic exchange with no "
        "concerns), or with --rest-not-known are not known.",
    )
    group.add_argument(
        "--rest-not-known",
        action="store_true",
        help="facts, ages and sharing not given are not known yet, instead of their defaults",
    )
    defaults = fact_defaults()
    for name in _fact_columns():
        column = COLUMNS[name]
        names = (column.option, *_ALIASES.get(name, ()))
        default = f"{column.help} [{shown(defaults[name])}]"
        match column.kind:
            case Kind.FACT:
                group.add_argument(
                    *names, dest=name, nargs="?", const="yes", metavar="yes|no|unknown",
                    help=default,
                )  # fmt: skip
            case Kind.CATEGORY:
                allowed = ",".join(column.values)
                group.add_argument(*names, dest=name, metavar=f"{{{allowed}}}", help=default)
            case Kind.AGE:
                group.add_argument(
                    *names, dest=name, metavar="YEARS",
                    help=f"{MIN_AGE} to {MAX_AGE}, or unknown: {default}",
                )  # fmt: skip
            case _:
                group.add_argument(*names, dest=name, metavar="YYYY-MM", help=default)


def _given_facts(args: argparse.Namespace) -> dict[str, str]:
    return {c: getattr(args, c) for c in _fact_columns() if getattr(args, c) is not None}


def _from_json(path: Path) -> Incident:
    if not path.exists():
        raise Failure(f"{path}: no such file")
    kind = sniff_binary(path)
    if kind:
        raise Failure(f"{path}: not JSON text but {kind}; give the incident's facts as JSON")
    if not path.is_file():
        raise Failure(f"{path}: not a file")
    if path.stat().st_size > _MAX_JSON_BYTES:
        raise Failure(f"{path}: larger than {_MAX_JSON_BYTES >> 10} kB; not one incident's facts")
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise Failure(f"{path}: not valid JSON ({error})") from None
    except UnicodeDecodeError as error:
        raise Failure(f"{path}: not UTF-8 text (byte {error.start + 1})") from None
    except RecursionError:
        raise Failure(f"{path}: nested too deeply to be one incident's facts") from None
    if not isinstance(raw, dict):
        raise Failure(f"{path}: must hold one JSON object, mapping fact names to values")
    return _incident(raw, where=f"{path}: ")


def _from_table(
    path: Path,
    incident_id: str,
    *,
    mapping: Path | None = None,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
) -> Incident:
    from ..incidents import dataset

    result = dataset.validate_incidents(path, mapping=mapping, sheet=sheet, max_rows=max_rows)
    if result.file_problems:
        raise Failure(dataset.DatasetError(str(path), result.file_problems).report())
    frame = result.frame
    match = frame[frame["incident_id"] == incident_id] if len(frame) else frame
    if len(match):
        row = match.iloc[0]
        raw = {str(c): "" if _missing(v) else str(v) for c, v in row.items() if c in COLUMNS}
        for age in ("age_pictured", "age_youngest_involved"):  # a range: "12-13"
            low, high = (f"{age}_min", f"{age}_max")
            if not raw.get(age) and low in row.index and not _missing(row[low]):
                raw[age] = f"{row[low]}-{99 if _missing(row.get(high)) else row[high]}"
        if frame.attrs.get("assumed"):  # the mapping's assumption: Incident makes and says it
            raw.pop("age_youngest_involved", None)
        elif "age_youngest_involved" not in raw:
            raw["age_youngest_involved"] = ""  # a file without the column: not known
        return _incident(raw, where=f"{path}: ")
    rejects = result.rejects
    if len(rejects) and incident_id in set(rejects["incident_id"]):
        row_number = int(rejects.loc[rejects["incident_id"] == incident_id, "row"].iloc[0])
        problems = [p for p in result.problems if p.row == row_number]
        raise Failure(dataset.DatasetError(str(path), problems).report())
    raise Failure(f"{path}: no incident with incident_id {incident_id!r}")


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _incident(raw: Mapping[str, object], *, where: str = "") -> Incident:
    try:
        return Incident.from_raw(raw)
    except FactError as error:
        raise Failure(f"{where}{error}") from None


def _chosen_incident(args: argparse.Namespace) -> Incident:
    given = _given_facts(args)
    sources = [s for s in (given, args.json, args.csv) if s]
    if args.rest_not_known and (args.json or args.csv):
        raise Failure("--rest-not-known goes with facts given as options")
    if len(sources) > 1:
        raise Failure("give the facts as options, or --json FILE, or --csv FILE: only one of them")
    if args.csv is not None:
        if args.incident_id is None:
            raise Failure("--csv needs --incident-id ID to say which incident to explain")
        return _from_table(
            args.csv,
            args.incident_id,
            mapping=args.mapping,
            sheet=args.sheet,
            max_rows=args.max_rows,
        )
    if args.json is not None:
        return _from_json(args.json)
    if args.incident_id is not None:
        given["incident_id"] = args.incident_id
    if args.rest_not_known:
        try:
            return Incident.not_known(**given)
        except FactError as error:
            raise Failure(str(error)) from None
    return _incident(given)


def _check_output(path: Path | None) -> str | None:
    if path is None:
        return None
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise Failure(f"{path}: the chart must end in one of {['.' + f for f in FORMATS]}")
    need_dot([fmt])
    return fmt


def _explain(args: argparse.Namespace) -> None:
    from ..views.render import render

    fmt = _check_output(args.output)
    guarded(
        inputs=[args.json, args.csv, args.mapping, edition_file(args.edition)],
        outputs=[args.output],
    )
    guidance = edition(args.edition)
    assessment = assess(_chosen_incident(args), guidance=guidance)
    graph = guidance.graphs[GRAPHS[args.graph].id]
    data = None
    if args.output is not None and fmt is not None:
        data = draw(render(graph, path=assessment.path[graph.id], guidance=guidance), fmt)
    print(explain_text(assessment))
    if args.output is not None and data is not None:
        write_diagram(args.output, data)
        print(f"{graph.title}, with this incident's path in bold -> {args.output}", file=sys.stderr)


def add_commands(sub: SubParsers) -> None:
    """Add ``flowchart`` and ``explain``."""
    p = sub.add_parser(
        "flowchart",
        help="regenerate every diagram (and its Markdown text version) from the model",
        description="Draw the response pathway and the typology from the model into DIR: "
        "each as DOT text and in the formats asked for, plus a Markdown text version.",
    )
    p.add_argument(
        "-o", "--output", type=Path, default=Path("diagrams"), metavar="DIR", help="[diagrams]"
    )
    p.add_argument(
        "--format",
        default=",".join(DEFAULT_FORMATS),
        metavar="LIST",
        help=f"comma-separated, from {','.join(FORMATS)} [{','.join(DEFAULT_FORMATS)}]",
    )
    p.add_argument(
        "--edition",
        metavar="ID|FILE",
        help="only this edition (an id, or a what-if .yaml file) [every built-in edition: the "
        "guidance as written in DIR, each other in DIR/<edition>]",
    )
    p.set_defaults(handler=_flowchart)

    p = sub.add_parser(
        "explain",
        help="one incident's subtype, pathway, reasons and actions; optionally its path drawn",
        description="Assess one incident, given as options, as a JSON object, or as a row of "
        "a CSV or Parquet dataset; print its outcome, the reasons with the guidance behind "
        "them, and the actions; with -o, draw the flowchart with its path in bold.",
        epilog="example: policy-model explain --age 14 --sharing peers --intent-to-harm "
        "-o explained.png",
    )
    source = p.add_argument_group("or take the facts from a file")
    source.add_argument("--json", type=Path, metavar="FILE", help="a JSON object of facts")
    source.add_argument(
        "--csv", type=Path, metavar="FILE", help="an incident dataset: CSV, Parquet, .xlsx or .ods"
    )
    source.add_argument("--incident-id", metavar="ID", help="the incident to explain (with --csv)")
    add_edition(p)
    add_mapping(source)
    add_max_rows(source)
    _add_fact_options(p)
    chart = p.add_argument_group("chart")
    chart.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="draw the flowchart with this incident's path in bold: .svg, .png, .pdf or .dot",
    )
    chart.add_argument(
        "--graph",
        choices=list(GRAPHS),
        default=PATHWAY.id,
        help=f"which flowchart to draw [{PATHWAY.id}]",
    )
    p.set_defaults(handler=_explain)
