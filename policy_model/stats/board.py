"""The figures a board paper adds to the summary tables: rates, SPC series and their signals,
the funnel of areas, settled-to-possible ranges and the period's comparisons.

The period's own figures (rates, ranges, the funnel) cover the chosen period; the SPC series
and the comparisons come from the whole file, so choosing a period cuts no trend short. Each
table names its period and the kind of year it uses.

Disclosure control: the rates, ranges and comparisons withhold their own small counts
(``rates``, ``ranges``; the comparisons as a total and its categories). An SPC series is
published only if none of its months has a count from 1 to the threshold: a withheld month
could be worked out from the mean and the others, so such a series is listed in
``signals`` as not shown, with the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import pandas as pd

from ..model.vocab import Category
from . import disclosure, linked
from .conventions import ALL, NOT_APPLICABLE, NOT_KNOWN, SUPPRESSED, UNDETERMINED
from .funnel import Funnel, funnel
from .periods import Period, PeriodKind
from .ranges import ranges
from .rates import notes, rates
from .spc import describe_signals, xmr
from .summary import Summary

__all__ = ["Board", "board", "comparisons", "monthly_series", "whole_file"]

_SERIES = [ALL, *(c.value for c in Category), UNDETERMINED]


@dataclasses.dataclass(frozen=True)
class Board:
    """The tables (and the SPC results) a board paper draws, for one period."""

    period: Period
    spc: pd.DataFrame
    """Every published series' XmR chart: ``series, period, value, mean, lower_limit,
    upper_limit, signal``."""
    signals: pd.DataFrame
    """Each series' signals in words: ``series, sentence``."""
    comparison: pd.DataFrame
    ranges: pd.DataFrame
    rates: pd.DataFrame | None = None
    funnel: Funnel | None = None
    about: tuple[str, ...] = ()
    """Sentences saying what the figures cover: the period, its kind of year, the population
    estimate, what is counted where."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The CSV tables by file name, values as published (``c``, ``z``)."""
        out = {
            "spc.csv": self.spc,
            "spc_signals.csv": self.signals,
            "comparison.csv": _published(self.comparison),
            "ranges.csv": _published(self.ranges).assign(period=self.period.label)[
                ["period", *self.ranges.columns]
            ],
        }
        if self.rates is not None:
            out["rates.csv"] = _published(self.rates)
        if self.funnel is not None:
            areas = self.funnel.areas
            out["funnel.csv"] = areas.assign(period=self.period.label)[["period", *areas.columns]]
        return out


def _published(frame: pd.DataFrame) -> pd.DataFrame:
    """Withheld counts as ``c`` (a rate without a value keeps its marker column)."""
    out = frame.copy()
    for name in ("incidents", "settled", "up_to"):
        if name in out.columns:
            out[name] = out[name].astype("object").where(out[name].notna(), SUPPRESSED)
    return out


def _withheld_in(summary: Summary | None, period: Period) -> dict[str, set[str]]:
    """The values each one-way margin of the summary withholds: by category, subtype,
    pathway, age band, and the months (of the period) whose total is withheld."""
    out: dict[str, set[str]] = {
        d: set()
        for d in (
            "category",
            "subtype",
            "pathway",
            "age_band",
            "month",
            "gender",
        )
    }
    if summary is None:
        return out
    for dim in out:
        table, mask = getattr(summary, dim), summary.withheld[dim]["count"]
        two_way = dim in ("age_band", "month", "gender")
        rows = (table["subtype"] == ALL) if two_way else table[dim].notna()
        for value, hidden in zip(table.loc[rows, dim], mask[rows.to_numpy()], strict=True):
            if bool(hidden):
                out[dim].add(str(value))
    out["month"] = {m for m in out["month"] if period.start <= m <= period.end or m == ALL}
    return out


def whole_file(frame: pd.DataFrame) -> Period:
    """The months the file covers, as a period."""
    months = frame["reported_month"].astype("string")
    return Period(PeriodKind.MONTHS, str(months.min()), str(months.max()), "")


def monthly_series(
    frame: pd.DataFrame,
    *,
    profile: str = "standard",
    excluded: Mapping[str, str] | None = None,
    phase_starts: Iterable[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Incidents a month over the whole file, all and by category, as XmR charts, and their
    signals in words (see the module docstring for the series not shown). ``excluded``: series
    not to publish, with the reason (a linked table withholds a sum of their months);
    ``phase_starts``: months ('YYYY-MM') from which the limits are worked out afresh (a new
    recording system, an edition of the guidance taking effect)."""
    starts = tuple(phase_starts)
    rule = disclosure.profile(profile)
    months = pd.period_range(
        str(frame["reported_month"].astype("string").min()),
        str(frame["reported_month"].astype("string").max()),
        freq="M",
    ).astype(str)
    month_text = frame["reported_month"].astype("string")
    category = frame["category"].astype("string")
    parts, said = [], []
    for series in _SERIES:
        if series in (excluded or {}):
            said.append((series, f"not shown: {(excluded or {})[series]}"))
            continue
        rows = month_text if series == ALL else month_text[(category == series).fillna(False)]
        counts = rows.value_counts().reindex(list(months), fill_value=0)
        small = counts.between(1, rule.threshold)
        if small.any():
            said.append(
                (
                    series,
                    f"not shown: {int(small.sum())} months have from 1 to {rule.threshold} incidents",
                )
            )
            continue
        series_frame = pd.DataFrame({"period": list(months), "value": counts.to_numpy()})
        result = xmr(series_frame, phase_starts=starts)
        parts.append(result.assign(series=series))
        said.extend((series, s) for s in describe_signals(result))
    columns = ["series", "period", "value", "mean", "lower_limit", "upper_limit", "signal"]
    spc = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    spc[["mean", "lower_limit", "upper_limit"]] = spc[["mean", "lower_limit", "upper_limit"]].round(
        2
    )
    return spc, pd.DataFrame(said, columns=["series", "sentence"])


def comparisons(
    frame: pd.DataFrame,
    period: Period,
    *,
    profile: str = "standard",
    withheld: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Incidents in the period, the period before and the same period a year earlier, all and
    by category, from the whole file; a comparison period the file does not wholly cover is
    ``z`` (not applicable), small counts ``c``. ``withheld``: the categories (or ``all``)
    the period's own tables withhold, withheld here too for the chosen period."""
    rule = disclosure.profile(profile)
    covered = whole_file(frame)
    months = frame["reported_month"].astype("string")
    category = frame["category"].astype("string")
    rows = []
    for name, p in (
        ("chosen", period),
        ("previous", period.previous()),
        ("year_earlier", period.year_earlier()),
    ):
        inside = p.contains(months).to_numpy()
        whole = p.start >= covered.start and p.end <= covered.end
        counts = {ALL: int(inside.sum())}
        for c in _SERIES[1:]:
            counts[c] = int((inside & (category == c).fillna(False).to_numpy()).sum())
        hidden: set[str] = set()
        if whole:
            cells = disclosure.Cells()
            for key, n in counts.items():
                cells.add(() if key == ALL else (("category", key),), n)
            cells.relate((), [(("category", c),) for c in _SERIES[1:]])
            found = set(disclosure.protect(cells, rule))
            if name == "chosen" and withheld is not None:  # the summary's cells: as it has them
                forced = {() if v == ALL else (("category", v),) for v in withheld}
                found = linked.with_forced(cells, forced, public=set(cells.values) - forced)
            hidden = {ALL if not k else k[0][1] for k in found}
        for key, n in counts.items():
            value: object = (
                n if whole and key not in hidden else SUPPRESSED if whole else NOT_APPLICABLE
            )
            rows.append((name, p.label, p.year_kind, p.start, p.end, key, value))
    return pd.DataFrame(
        rows, columns=["comparison", "period", "year_kind", "start", "end", "category", "incidents"]
    )


def board(
    frame: pd.DataFrame,
    *,
    period: Period | None = None,
    population: pd.DataFrame | None = None,
    profile: str = "standard",
    summary: Summary | None = None,
    phase_starts: Iterable[str] = (),
) -> Board:
    """The board's figures for ``period`` (default: the whole file) of an assessed frame;
    ``phase_starts``: months where the SPC limits start afresh (``monthly_series``).

    ``summary``: the period's summary tables published beside these; a count they withhold
    is withheld here too where the same count appears (a category's settled count, the
    period's categories, an age band), and an SPC series whose months would add up to one
    is not published.
    """
    if period is None:
        covered = whole_file(frame)
        period = dataclasses.replace(covered, label=f"{covered.start} to {covered.end}")
    inside = frame[period.contains(frame["reported_month"].astype("string")).to_numpy()]
    if inside.empty:
        raise ValueError(f"no incidents were reported in {period.label}")
    shared = _withheld_in(summary, period)
    comparison = comparisons(
        frame, period, profile=profile, withheld=None if summary is None else shared["category"]
    )
    excluded = {
        str(c): "a count it adds up to is withheld in the period's or a comparison's tables"
        for c in comparison.loc[comparison["incidents"] == SUPPRESSED, "category"]
    }
    for c in shared["category"]:
        excluded[c] = "a count it adds up to is withheld in the period's tables"
    if shared["month"]:
        excluded[ALL] = "a month's count is withheld in the period's tables"
    spc, signals = monthly_series(
        frame, profile=profile, excluded=excluded, phase_starts=phase_starts
    )
    covered = whole_file(frame)
    about = [
        f"The period is {period.label} ({period.year_kind}); SPC series and comparisons use every month of the file."
    ]
    if period.start < covered.start or period.end > covered.end:
        about.append(
            f"The file covers only {max(period.start, covered.start)} to "
            f"{min(period.end, covered.end)} of {period.label}."
        )
    rate_table = area_funnel = None
    if population is not None:
        rate_table = rates(
            frame,
            population,
            period,
            profile=profile,
            withheld=None
            if summary is None
            else [
                *(("age_band", b) for b in shared["age_band"]),
                *(("sex", g) for g in shared["gender"]),
            ],
        )
        about += notes(frame, period, population)
        areas = rate_table[rate_table["dimension"] == "area"]
        strays = areas.loc[areas["population"].isna() & (areas["group"] != NOT_KNOWN), "group"]
        if len(strays):
            about.append(
                "areas in the incidents but not in the population file (no rate; check the "
                f"spelling): {', '.join(map(str, strays))}"
            )
        elif "area" in frame.columns and areas.empty:
            about.append("no rates by area: the population file has no areas")
        if (rate_table["dimension"] == "area").any():
            try:
                area_funnel = funnel(rate_table)
            except ValueError as error:
                about.append(f"no funnel plot: {error}")
    return Board(
        period=period,
        spc=spc,
        signals=signals,
        comparison=comparison,
        ranges=ranges(
            inside,
            profile=profile,
            withheld=None
            if summary is None
            else {d: shared[d] for d in ("category", "subtype", "pathway")},
        ),
        rates=rate_table,
        funnel=area_funnel,
        about=tuple(about),
    )
