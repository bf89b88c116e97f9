"""The board's figures as files beside the summary: CSV tables, PNG charts and a note of
what they cover (``about.txt``, and a section added to ``report.md``), each written by a
function of its path."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd

from ..stats.board import Board
from . import stats_charts
from .labels import label

__all__ = ["board_files"]

Writer = Callable[[Path], None]


def _csv(table: pd.DataFrame) -> Writer:
    def write(path: Path) -> None:
        table.to_csv(path, index=False)

    return write


def _png(make: Callable[[], object]) -> Writer:
    def write(path: Path) -> None:
        fig = make()
        fig.savefig(path, dpi=120)  # type: ignore[attr-defined]

    return write


def _text(lines: list[str]) -> Writer:
    def write(path: Path) -> None:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return write


def _appended(heading: str, lines: list[str]) -> Writer:
    """Add a section to a file already written (the summary's report.md)."""

    def write(path: Path) -> None:
        with path.open("a", encoding="utf-8") as f:
            f.write(f"\n## {heading}\n\n" + "".join(f"- {line}\n" for line in lines))

    return write


def board_files(b: Board) -> dict[str, Writer]:
    """Every file of the board's figures, by name."""
    files: dict[str, Writer] = {name: _csv(t) for name, t in b.tables().items()}
    for series, rows in b.spc.groupby("series", sort=False):
        what = "all incidents" if series == "all" else label("category", str(series))
        title = f"Incidents a month: {what}"
        series_rows = rows.reset_index(drop=True).assign(phase_number=1)  # one phase each
        files[f"spc_{series}.png"] = _png(partial(stats_charts.spc_chart, series_rows, title=title))
    for dim in ("category", "subtype", "pathway"):
        title = f"Incidents by {dim}, {b.period.label}: settled and up to"
        files[f"ranges_{dim}.png"] = _png(
            partial(stats_charts.range_bars, b.ranges, dim, title=title)
        )
    if b.funnel is not None:
        f = b.funnel
        files["funnel.png"] = _png(
            lambda: stats_charts.funnel_chart(
                f, title=f"Incidents per 10,000 children by area, {b.period.label}"
            )
        )
    about = list(b.about)
    about += [f"{row.series}: {row.sentence}" for row in b.signals.itertuples()]
    if b.funnel is not None:
        about.append(stats_charts.funnel_alt_text(b.funnel))
    files["about.txt"] = _text(about)
    files["report.md"] = _appended(
        "Period, rates and signals",
        [*about, "Tables: rates.csv, spc.csv, spc_signals.csv, comparison.csv, ranges.csv"
         + (", funnel.csv" if b.funnel is not None else "") + "."],
    )  # fmt: skip
    return files
