"""The board paper's content: a dataset, a period and an edition made into readable sections.

``build`` loads and assesses the incidents, summarises the chosen period (disclosure control
applied) and takes the board's figures from ``stats.board`` (the month-by-month SPC series of
the whole file, rates, the funnel of areas, ranges); each method of ``Paper`` returns
one section as accessible HTML (``paper_html``): headline, trend, category, subtype, pathway,
age, gender, agency, platform, completeness, exclusions, the edition, and *About these
figures*. Labels, never slugs; every chart with alt text that says what it shows and its table
beneath. The report notebook calls these and ``policy-model report`` renders the notebook.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Final

import pandas as pd

from ..editions import edition as find_edition
from ..incidents import files
from ..incidents.dataset import DatasetError, validate_incidents
from ..model.guidance import Guidance
from ..stats.board import Board, board
from ..stats.conventions import ALL, SUPPRESSED, UNDETERMINED
from ..stats.funnel import Funnel
from ..stats.periods import Period, parse_period
from ..stats.population import load_population
from ..stats.summary import Summary, summarise
from . import charts, paper_notes, stats_charts
from . import paper_html as h
from .labels import label, labelled, published
from .paper_categories import category_section, chart, not_shown, period_signals, series_results
from .paper_rates import (
    funnel_section,
    range_column,
    rate_headline,
    rates_section,
)
from .trends import board_table

__all__ = ["SAMPLE", "SAMPLE_SHA256", "Paper", "build", "digest", "is_bundled_sample"]

SAMPLE: Final = Path(__file__).resolve().parents[2] / "data" / "sample_incidents.csv"
SAMPLE_SHA256: Final = frozenset(
    {"10817b613407e2f0b92d48b4c820b6241945e6ee7065210533ae52af347662ad"}
)
"""SHA-256 of the bundled synthetic sample's bytes (a test checks this against the file)."""

_NOTICE: Final = (
    "These figures are drawn from entirely synthetic data: the invented incidents bundled "
    "with the toolkit as a sample. They describe no real child, agency or area."
)
_ONE_WAY: Final = ("category", "subtype", "pathway")
_BY_SUBTYPE: Final = (
    ("age_band", "Age", "age of the youngest person pictured"),
    ("gender", "Gender", "gender of the youngest person pictured"),
    ("agency", "Agency", "agency that recorded the incident"),
    ("platform", "Platform", "platform the imagery was shared on"),
)


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    sha = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def is_bundled_sample(path: Path) -> bool:
    """Whether ``path`` holds the bundled synthetic sample, byte for byte (by content, not
    name: a copy anywhere is the sample; another synthetic file is not)."""
    return path.is_file() and digest(path) in SAMPLE_SHA256


@dataclasses.dataclass(frozen=True)
class Paper:
    """What the paper reports: the period's summary, the board's figures, and where they came
    from."""

    source: str
    period: Period | None
    summary: Summary
    guidance: Guidance
    sample: bool
    board: Board
    """The board's figures (``stats.board``): SPC series, rates, funnel, ranges."""

    @property
    def rates(self) -> pd.DataFrame | None:
        return self.board.rates

    @property
    def funnel(self) -> Funnel | None:
        return self.board.funnel

    # ----- the title block and the headline
    @property
    def period_text(self) -> str:
        if self.period is None:
            return f"{self.summary.first_month} to {self.summary.last_month} (the whole file)"
        return self.period.label

    def lead(self) -> str:
        notice = (
            f'<p class="notice" role="note"><strong>Synthetic data.</strong> {_NOTICE}</p>'
            if self.sample
            else ""
        )
        return (
            "<h1>Youth-produced sexual imagery: incidents and responses</h1>\n"
            + h.paragraphs(
                f"Board paper for {self.period_text}. Incidents classified by "
                f"{self.guidance.title} ({self.guidance.id})."
            )
            + f"\n{notice}\n{h.CONTENTS}"
        )

    def _count(self, name: str, where: dict[str, str], field: str = "count") -> str:
        table, withheld = getattr(self.summary, name), self.summary.withheld[name]
        rows = pd.Series(True, index=table.index)
        for column, value in where.items():
            rows &= table[column] == value
        if not rows.any():
            return "0"
        i = rows.idxmax()
        value = table.at[i, field]
        return published(
            None if pd.isna(value) else value,
            withheld=bool(withheld.at[i, field]),
            spec=".1f" if field == "percent" else ",",
        )

    def _share(self, name: str, value: str) -> str:
        count = self._count(name, {name: value})
        percent = self._count(name, {name: value}, "percent")
        return count if SUPPRESSED in (count, percent) else f"{count} ({percent}%)"

    def _range_sentences(self) -> list[str]:
        table, withheld = self.summary.category, self.summary.withheld["category"]
        ups = range_column(table, withheld, self.board.ranges, "category")
        out = []
        for value, count, gone, up in zip(
            table["category"], table["count"], withheld["count"], ups, strict=True
        ):
            if value in (ALL, UNDETERMINED):
                continue
            settled = SUPPRESSED if gone else f"{int(count):,}"
            out.append(f"{label('category', str(value))}: {settled} settled, up to {up}")
        return out

    def rates_and_areas(self) -> str:
        """Rates per 10,000 children, and areas compared, when a population was given."""
        if self.rates is None:
            return ""
        areas = funnel_section(self.funnel) if self.funnel is not None else ""
        return rates_section(self.rates, self.board.about[1:]) + areas

    @labelled
    def headline(self) -> str:
        s = self.summary
        incidents = published(s.n_incidents, withheld=s.n_incidents is None)
        kind = self.period.year_kind if self.period else "the months the file covers"
        items = [
            f"Period: {self.period_text}; {kind}.",
            f"Incidents reported: {incidents}.",
            f"Aggravated incidents: {self._share('category', 'aggravated')}.",
            f"Referred immediately to children's social care or the police: "
            f"{self._share('pathway', 'refer_immediately')}.",
            f"Not yet known: the recorded facts do not yet settle the response pathway of "
            f"{self._share('pathway', UNDETERMINED)} incidents, nor the subtype of "
            f"{self._share('subtype', UNDETERMINED)}.",
            "Month by month (statistical process control): " + "; ".join(self.signals()) + ".",
            rate_headline(self.rates)
            if self.rates is not None
            else "Rates per 10,000 children need a population file (--population); none was "
            "given, so this paper reports counts.",
            "Once the open facts are known: " + "; ".join(self._range_sentences()) + ".",
            f"Set aside: {s.set_aside}.",
        ]
        body = "".join(f"<li>{_escape(i)}</li>" for i in items)
        return f'{h.heading("Headline")}<div class="headline"><ul>{body}</ul></div>'

    # ----- the trend: every month of the file, as an XmR chart
    def monthly(self) -> pd.DataFrame | None:
        """The XmR chart of all incidents a month over the whole file; None when a month is
        a small number (it would be drawn)."""
        return series_results(self.board).get(ALL)

    def signals(self) -> list[str]:
        """The SPC signals in words, all incidents and by category, in the period's months."""
        start, end = (self.period.start, self.period.end) if self.period else (None, None)
        hidden = [label("category", s) for s in not_shown(self.board) if s != ALL]
        skipped = (
            [f"not drawn for {' and '.join(hidden)}: some months are small numbers"]
            if hidden
            else []
        )
        return period_signals(series_results(self.board), start, end) + skipped

    @labelled
    def categories(self) -> str:
        """The month-by-month XmR charts by category."""
        return category_section(series_results(self.board), not_shown(self.board))

    @labelled
    def comparison(self) -> str:
        """Incidents in the period, the period before and a year earlier, as counts (no
        two-point percentages: the SPC chart says whether a change is signal or noise)."""
        if self.period is None:
            return ""
        table = self.board.comparison
        periods = list(dict.fromkeys(table["period"].astype(str)))
        rows = []
        for category in dict.fromkeys(table["category"].astype(str)):
            mine = table[table["category"].astype(str) == category]
            values = dict(zip(mine["period"].astype(str), mine["incidents"], strict=True))
            name = "All incidents" if category == ALL else label("category", category)
            rows.append([name, *(_figure(values.get(p)) for p in periods)])
        return h.heading("The period and the periods before it") + h.table(
            rows,
            ["Category", *periods],
            caption="Incidents in the period, the period before it and the same months a year "
            "earlier (z: the file does not cover that period; c: withheld)",
        )

    @labelled
    def trend(self) -> str:
        result = self.monthly()
        head = h.heading("Incidents month by month") + h.paragraphs(
            "Every month of the file, drawn as a statistical process control (XmR) chart, as "
            "NHS England's Making Data Count recommends: the mean, and process limits within "
            "which month-to-month variation is usual. A point outside the limits, 7 points "
            "rising or falling, 7 points on one side of the mean, or 2 of 3 points near a limit "
            "is a signal that something has changed; anything else is noise. A rise is not "
            "necessarily worse: it can mean better recognition and recording."
            + (
                f" This paper reports {self.period.start} to {self.period.end}."
                if self.period
                else ""
            )
        )
        if result is None:
            why = not_shown(self.board).get(ALL, "a month is a small number")
            return head + h.paragraphs(f"The chart is {why}.")
        return head + chart(ALL, result)

    # ----- one-way and two-way tables
    @labelled
    def one_way(self, name: str) -> str:
        title = {"category": "Category", "subtype": "Subtype", "pathway": "Response pathway"}[name]
        frame = board_table(self.summary, name)
        ups = range_column(
            getattr(self.summary, name), self.summary.withheld[name], self.board.ranges, name
        )
        rows = [
            [str(i), *map(str, r), up]
            for i, r, up in zip(frame.index, frame.to_numpy(), ups, strict=True)
        ]
        fig = stats_charts.range_bars(
            self.board.ranges, name, title=f"Incidents by {title.lower()}: settled, and up to"
        )
        alt = stats_charts.range_alt_text(self.board.ranges, name)
        return (
            h.heading(title)
            + h.figure(fig, alt=alt, caption=f"Incidents by {title.lower()}, {self.period_text}.")
            + h.table(
                rows,
                [title, "Incidents", "Percent", "Up to, once open facts are known"],
                caption=f"Incidents by {title.lower()}: settled, and the most once open facts "
                "are known",
            )
        )

    @labelled
    def by_subtype(self, name: str) -> str:
        _, title, words = next(d for d in _BY_SUBTYPE if d[0] == name)
        frame = board_table(self.summary, name)
        rows = [[str(i), *map(str, r)] for i, r in zip(frame.index, frame.to_numpy(), strict=True)]
        fig = charts.stacked_bars(
            getattr(self.summary, name), name, title=f"Incidents by {words}", style=charts.REPORT
        )
        totals = [[r[0], r[-1]] for r in rows if r[0] != "All"]
        alt = "Stacked bar chart by subtype. " + h.bars_alt(
            totals, f"incidents by {words}", self.period_text
        )
        return (
            h.heading(title)
            + h.figure(
                fig, alt=alt, caption=f"Incidents by {words} and subtype, {self.period_text}."
            )
            + h.table(
                rows, [title, *map(str, frame.columns)], caption=f"Incidents by {words} and subtype"
            )
        )

    # ----- completeness, exclusions, the edition, about (paper_notes)
    @labelled
    def completeness(self) -> str:
        return paper_notes.completeness(self.summary)

    @labelled
    def exclusions(self) -> str:
        return paper_notes.exclusions(self.summary)

    def edition(self) -> str:
        return paper_notes.edition(self.guidance, self.summary.guidance_version)

    def about(self) -> str:
        return paper_notes.about(self.summary, self.source, population=self.rates is not None)


def _figure(value: object) -> str:
    """A published count: a number with thousands separators, or its marker (c, z)."""
    return f"{value:,}" if isinstance(value, int) else str(value)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def build(
    data: str | Path,
    *,
    mapping: str | Path | None = None,
    sheet: str | None = None,
    population: str | Path | None = None,
    period: str | None = None,
    edition: str = "redbridge-2018",
    profile: str = "standard",
    phase_starts: tuple[str, ...] = (),
) -> Paper:
    """Load, check and assess ``data`` (through ``mapping``), then summarise ``period`` (all
    the file when None) and take the board's figures; with a ``population`` file, rates per 10,000
    children (and areas compared where the incidents and the population have areas). Bad rows
    are an error listing them: nothing is set aside silently."""
    from ..engine.facts import with_facts
    from ..engine.frame import assess_frame

    path = Path(data) if data else SAMPLE
    chosen = parse_period(period) if period else None
    guidance = find_edition(edition)
    result = validate_incidents(path, mapping=mapping, sheet=sheet)
    if result.problems:
        raise DatasetError(str(path), result.problems)
    frame = assess_frame(with_facts(result.frame, guidance), guidance=guidance)
    inside = frame
    if chosen is not None:
        months = frame["reported_month"].astype("string")
        inside = frame[chosen.contains(months).to_numpy()]
        if inside.empty:
            raise files.InputError(
                path,
                f"no incidents in {chosen.label}: the file covers {months.min()} to {months.max()}",
            )
    summary = summarise(inside, profile=profile)
    people = load_population(population) if population else None
    try:
        figures = board(
            frame,
            period=chosen,
            population=people,
            profile=profile,
            summary=summary,
            phase_starts=phase_starts,
        )
    except ValueError as error:  # the population file lacks the period's mid-year estimate
        raise files.InputError(Path(population or path), str(error)) from None
    return Paper(
        source=path.name,
        period=chosen,
        summary=summary,
        guidance=guidance,
        sample=is_bundled_sample(path),
        board=figures,
    )
