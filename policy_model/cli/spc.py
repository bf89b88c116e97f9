"""The ``spc`` command: an XmR chart's mean, limits and signals for any series."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .common import SubParsers

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SERIES_COLUMNS", "add_commands", "read_series"]

SERIES_COLUMNS: Final = ("period", "value", "phase")
"""The columns of a series file: ``period`` and ``value`` required, ``phase`` optional."""
_PERIOD_FORMS: Final = {
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "day": re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"),
    "quarter": re.compile(r"\d{4}Q[1-4]"),
}


def read_series(path: Path, *, sheet: str | None = None) -> pd.DataFrame:
    """A series file (CSV or spreadsheet) as ``period``, ``value`` (float) and ``phase``,
    or a ``DatasetError`` naming every bad row and column."""
    import math

    import pandas as pd

    from ..incidents import files
    from ..incidents.dataset import FIRST_DATA_ROW, DatasetError, Problem

    table = files.read_text_table(path, sheet=sheet).to_pandas()
    table.columns = [str(c).strip().lower() for c in table.columns]
    problems: list[Problem] = []
    for name in table.columns:
        if name not in SERIES_COLUMNS:
            problems.append(
                Problem(None, name, None, f"unknown column (must be one of {list(SERIES_COLUMNS)})")
            )
    for name in ("period", "value"):
        if name not in table.columns:
            problems.append(Problem(None, name, None, "required column missing"))
    if problems:
        raise DatasetError(str(path), problems)
    if len(table) == 0:
        raise DatasetError(str(path), [Problem(None, None, None, "the series has no rows")])
    periods = [str(p).strip() for p in table["period"]]
    forms = {next((k for k, rx in _PERIOD_FORMS.items() if rx.fullmatch(p)), None) for p in periods}
    first_form = next((f for f in forms if f), None)
    values: list[float] = []
    seen: dict[str, int] = {}
    for i, (period, raw) in enumerate(zip(periods, table["value"], strict=True)):
        row = i + FIRST_DATA_ROW
        form = next((k for k, rx in _PERIOD_FORMS.items() if rx.fullmatch(period)), None)
        if form is None:
            message = "not a period (YYYY-MM, YYYY-MM-DD or YYYYQn)"
            problems.append(Problem(row, "period", period, message))
        elif form != first_form:
            problems.append(Problem(row, "period", period, f"not a {first_form} like the others"))
        elif period in seen:
            problems.append(
                Problem(row, "period", period, f"repeats row {seen[period]} (one value a period)")
            )
        seen.setdefault(period, row)
        text = str(raw).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems.append(Problem(row, "value", str(raw), "not a number"))
        values.append(number)
    if problems:
        raise DatasetError(str(path), problems)
    out = pd.DataFrame({"period": periods, "value": values})
    if "phase" in table.columns:
        out["phase"] = [str(p).strip() for p in table["phase"]]
    return out


def _spc(args: argparse.Namespace) -> None:
    from ..incidents import files
    from ..stats.spc import describe_signals, xmr

    if args.output.suffix.lower() not in (".csv", ".parquet"):
        raise files.InputError(args.output, "the output must end in .csv or .parquet")
    if args.output.resolve() == args.input.resolve():
        raise files.InputError(args.output, "would overwrite the input; choose another name")
    series = read_series(args.input, sheet=args.sheet)
    for start in args.phase_start:
        if start not in set(series["period"]):
            raise files.InputError(
                args.input, f"--phase-start {start}: no such period in the series"
            )
    result = xmr(series, phase_starts=args.phase_start)
    columns = [
        "period",
        "value",
        *(["phase"] if "phase" in series.columns else []),
        "mean",
        "lower_limit",
        "upper_limit",
        "signal",
    ]
    files.write_table(result[columns].round(6), args.output)
    unit = {7: "month", 6: "quarter"}.get(len(str(series["period"].iloc[0])), "point")
    for line in describe_signals(result, unit=unit):
        print(line, file=sys.stderr)
    print(f"{len(result)} points -> {args.output}", file=sys.stderr)


def add_commands(sub: SubParsers) -> None:
    """Add ``spc``."""
    p = sub.add_parser(
        "spc",
        help="an XmR (SPC) chart's mean, process limits and signals for a series",
        description="Read SERIES (columns period,value and optionally phase) and write it "
        "with mean, lower_limit, upper_limit and signal (common_cause, special_cause_high, "
        "special_cause_low), as NHS Making Data Count and NHSRplotthedots 0.2.2 compute them. "
        "A new phase, with its own limits, starts at each --phase-start and wherever the "
        "phase column changes.",
    )
    p.add_argument("input", type=Path, metavar="SERIES", help="CSV or spreadsheet")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of a spreadsheet [the first]")
    p.add_argument(
        "--phase-start",
        action="append",
        default=[],
        metavar="PERIOD",
        help="a period (YYYY-MM) at which a new phase starts; may be repeated",
    )
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help=".csv or .parquet"
    )
    p.set_defaults(handler=_spc)
