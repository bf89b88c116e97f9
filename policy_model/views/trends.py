"""Incident trends for a notebook: headline figures, and a filtered view (months, agencies,
age bands) whose figures and chart are drawn from the disclosure-controlled summary.

>>> from policy_model import load_incidents
>>> view = TrendsView(load_incidents("data/sample_incidents.csv"))
>>> view.set_filters(agencies=["police"], months=("2023-04", "2024-03"))
>>> view.headline()["incidents"]
'98'
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterable, Sequence
from typing import Any, Final

import ipywidgets as w
import numpy as np
import pandas as pd

from ..model.vocab import Agency, Category, Pathway
from ..stats.conventions import AGE_BANDS, ALL, NOT_KNOWN, SUPPRESSED, UNDETERMINED
from ..stats.summary import SetAside, Summary, age_band_codes, summarise
from . import charts
from .labels import label, labelled, published, using
from .notebook_load import Loaded, load

__all__ = [
    "Loaded",
    "TrendsView",
    "board_table",
    "chart_style",
    "completeness_table",
    "headline",
    "headline_table",
    "load",
    "most_common",
]

_AGENCIES: Final = [(label("agency", a.value), a.value) for a in Agency]
_BANDS: Final = [
    *((text, slug) for slug, text, _, _ in AGE_BANDS),
    (label("age_band", NOT_KNOWN), NOT_KNOWN),
]


def _value(table: pd.DataFrame, column: str, row: str, field: str = "count") -> Any:
    values = table.loc[table[column] == row, field]
    return values.iloc[0] if len(values) else pd.NA


def _shown(value: Any, suffix: str = "") -> str:
    """A headline figure: ``c`` where it is missing (withheld)."""
    withheld = bool(pd.isna(value))
    return published(value, withheld=withheld, spec=",") + ("" if withheld else suffix)


@labelled
def headline(s: Summary) -> dict[str, str]:
    """The headline figures of a summary, as published (``c`` where withheld)."""
    aggravated = _value(s.category, "category", Category.AGGRAVATED, "percent")
    refer = _value(s.pathway, "pathway", Pathway.REFER_IMMEDIATELY, "percent")
    kappa = _value(s.kappa, "agency", ALL, "kappa")
    pathway_open = _value(s.pathway, "pathway", UNDETERMINED, "percent")
    subtype_open = _value(s.subtype, "subtype", UNDETERMINED, "percent")
    return {
        "incidents": published(s.n_incidents, withheld=s.n_incidents is None),
        "set_aside": f"{s.set_aside.count:,}"
        + (f" (see {s.set_aside.path})" if s.set_aside.count and s.set_aside.path else ""),
        "months": f"{s.first_month} to {s.last_month}",
        "pathway_undetermined": _shown(pathway_open, "%"),
        "subtype_undetermined": _shown(subtype_open, "%"),
        "aggravated": _shown(aggravated, "%"),
        "referred_immediately": _shown(refer, "%"),
        "most_common_subtype": most_common(s),
        "agreement_kappa": _shown(kappa),
    }


@labelled
def most_common(s: Summary) -> str:
    """The subtype with the most incidents, named only where the published figures settle
    it: its count is published, and larger than any other subtype's could be (a withheld
    count is at most the published total less the published counts). ``c`` otherwise, so
    that the name gives nothing away about a withheld count; two or more equal: all named.

    >>> from policy_model import load_incidents, summarise
    >>> most_common(summarise(load_incidents("data/sample_incidents.csv")))
    'Aggravated: adult involved'
    """
    table, gone = s.subtype, s.withheld["subtype"]["count"].to_numpy()
    rows = table["subtype"] != ALL
    shown = rows & ~gone
    total = table.loc[~rows, "count"]
    if gone[~rows.to_numpy()].any() or not len(total):
        return SUPPRESSED
    withheld_sum = int(total.iloc[0]) - int(table.loc[shown, "count"].sum())
    settled = shown & (table["subtype"] != UNDETERMINED)
    if not settled.any():
        return SUPPRESSED
    top = int(table.loc[settled, "count"].max())
    if top == 0 or (gone[rows.to_numpy()].any() and top <= withheld_sum):
        return SUPPRESSED
    names = table.loc[settled & (table["count"] == top), "subtype"]
    return " and ".join(label("subtype", str(n)) for n in names)


def chart_style(s: Summary, style: charts.Style = charts.NOTEBOOK) -> charts.Style:
    """The notebook's chart look, its note saying what the figures leave out: part quarters
    at the ends of the period, and the incidents set aside for invalid values."""
    notes = [style.footnote]
    if s.partial_quarters:
        notes.append("part quarters: " + ", ".join(s.partial_quarters))
    if s.set_aside.count:
        notes.append(str(s.set_aside))
    return dataclasses.replace(style, footnote="; ".join(notes))


def _text(value: Any, withheld: bool, *, percent: bool = False) -> str:
    return published(value, withheld=withheld, spec=".1f" if percent else ",")


@labelled
def board_table(s: Summary, name: str) -> pd.DataFrame:
    """One published table, ready for a board paper: plain-English labels, withheld counts
    as ``c``, values that do not apply as ``z``. A two-way table has a column per subtype.

    >>> from policy_model import load_incidents, summarise
    >>> table = board_table(summarise(load_incidents("data/sample_incidents.csv")), "category")
    >>> table.loc["Not youth produced (18+)"].tolist(), table.loc["All"].tolist()
    (['42', '2.8'], ['1,500', '100.0'])
    """
    table, withheld = getattr(s, name), s.withheld[name]
    dims = [c for c in table.columns if c not in ("count", "percent")]
    counts = [
        _text(v, bool(gone))
        for v, gone in zip(table["count"].astype(object), withheld["count"], strict=True)
    ]
    if len(dims) == 1:
        (dim,) = dims
        percents = [
            _text(v, bool(gone), percent=True)
            for v, gone in zip(table["percent"].astype(object), withheld["percent"], strict=True)
        ]
        out = pd.DataFrame(
            {"Incidents": counts, "Percent": percents},
            index=pd.Index([label(dim, str(v)) for v in table[dim]], name=_title_case(dim)),
        )
        return out
    rows_dim, columns_dim = dims
    pivot = (
        table[dims].assign(text=counts).pivot(index=rows_dim, columns=columns_dim, values="text")
    )
    wide: pd.DataFrame = pivot.loc[
        list(dict.fromkeys(table[rows_dim])), list(dict.fromkeys(table[columns_dim]))
    ]
    wide.index = pd.Index([label(rows_dim, str(v)) for v in wide.index], name=_title_case(rows_dim))
    wide.columns = pd.Index([label(columns_dim, str(v)) for v in wide.columns])
    return wide


@labelled
def completeness_table(s: Summary, by: str = "agency") -> pd.DataFrame:
    """How many incidents had each value not known, by agency or quarter, for a board paper:
    a row per column of the dataset, a column per group; each cell the count not known and
    its share of the group's incidents (the first row), ``c`` where withheld.

    >>> from policy_model import load_incidents, summarise
    >>> table = completeness_table(summarise(load_incidents("data/sample_incidents.csv")))
    >>> table.loc["Incidents recorded", "All"], table.loc["Shared with", "All"]
    ('1,500', '62 (4.1%)')
    """
    table, withheld = getattr(s, f"completeness_{by}"), s.withheld[f"completeness_{by}"]
    groups = list(dict.fromkeys(table[by]))

    def cell(i: Any) -> str:
        count = _text(table.at[i, "count"], bool(withheld.at[i, "count"]))
        percent = _text(table.at[i, "percent"], bool(withheld.at[i, "percent"]), percent=True)
        return count if percent in (SUPPRESSED, "z") else f"{count} ({percent}%)"

    rows: dict[str, list[str]] = {}
    for column in dict.fromkeys(table["column"]):
        at = table.index[table["column"] == column]
        if not rows:
            rows["Incidents recorded"] = [
                _text(table.at[i, "incidents"], bool(withheld.at[i, "incidents"])) for i in at
            ]
        rows[label("column", str(column))] = [cell(i) for i in at]
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=[label(by, str(g)) for g in groups]
    ).rename_axis("Not known")


def _title_case(dim: str) -> str:
    return dim.replace("_", " ").capitalize()


_HEADLINE_NAMES: Final = {
    "incidents": "Incidents",
    "set_aside": "Set aside (invalid values)",
    "months": "Reported",
    "pathway_undetermined": "Pathway not yet determined",
    "subtype_undetermined": "Subtype not yet determined",
    "aggravated": "Aggravated",
    "referred_immediately": "Referred immediately",
    "most_common_subtype": "Most common subtype",
    "agreement_kappa": "Recorded vs model subtype (Cohen's kappa)",
}


def headline_table(figures: dict[str, str]) -> str:
    """The headline figures as a small HTML table."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(_HEADLINE_NAMES[k])}</th>"
        f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
        for k, v in figures.items()
    )
    return f"<table>{rows}</table>"


class TrendsView:
    """Filters (a range of months, agencies, age bands) and, for the incidents they keep,
    the headline figures and the subtype-by-quarter chart, all from the protected summary."""

    def __init__(
        self, df: pd.DataFrame, *, profile: str = "standard", set_aside: SetAside | int = 0
    ) -> None:
        self.df = df
        self.profile = profile
        self.set_aside = set_aside
        months = pd.period_range(df["reported_month"].min(), df["reported_month"].max(), freq="M")
        self.month_range = w.SelectionRangeSlider(
            options=[str(m) for m in months],
            index=(0, len(months) - 1),
            description="Months",
            continuous_update=False,
            layout=w.Layout(width="40em"),
        )
        self.agencies = w.SelectMultiple(
            options=_AGENCIES, value=[a for _, a in _AGENCIES], description="Agencies", rows=7
        )
        self.age_bands = w.SelectMultiple(
            options=_BANDS, value=[b for _, b in _BANDS], description="Age bands", rows=5
        )
        self.headline_html = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="60em"))
        self.summary: Summary | None = None
        for control in (self.month_range, self.agencies, self.age_bands):
            control.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox(
            [
                w.HBox([self.agencies, self.age_bands]),
                self.month_range,
                self.headline_html,
                self.chart,
            ]
        )
        self.update()

    def set_filters(
        self,
        *,
        months: tuple[str, str] | None = None,
        agencies: Iterable[str] | None = None,
        age_bands: Iterable[str] | None = None,
    ) -> None:
        """Set the filters as the widgets would be set; ``None`` leaves one as it is."""
        if months is not None:
            self.month_range.value = months
        if agencies is not None:
            self.agencies.value = tuple(agencies)
        if age_bands is not None:
            self.age_bands.value = tuple(age_bands)

    def filtered(self) -> pd.DataFrame:
        """The incidents the filters keep."""
        first, last = (pd.Period(m, freq="M") for m in self.month_range.value)
        months = self.df["reported_month"]
        bands = [slug for _, slug in _BANDS]
        chosen = np.isin(
            age_band_codes(self.df["age_pictured"]),
            [bands.index(b) for b in self.age_bands.value],
        )
        keep = (
            (months >= first)
            & (months <= last)
            & self.df["agency"].isin(list(self.agencies.value))
            & chosen
        )
        return self.df[keep.to_numpy()]

    def headline(self) -> dict[str, str]:
        """The headline figures shown for the current filters (empty if nothing is kept)."""
        return headline(self.summary) if self.summary is not None else {}

    def update(self) -> None:
        df = self.filtered()
        if len(df) == 0:
            self.summary = None
            self.headline_html.value = "<p>No incidents match these filters.</p>"
            self.chart.value = b""
            return
        self.summary = summarise(
            df, profile=self.profile, set_aside=self.set_aside, span=self.month_range.value
        )
        self.headline_html.value = headline_table(self.headline())
        with using(self.summary.guidance_version):
            figure = charts.stacked_bars(
                self.summary.quarter,
                "quarter",
                title=_title(self.agencies.value, self.age_bands.value),
                style=chart_style(self.summary),
            )
        self.chart.value = charts.png(figure).data

    def __repr__(self) -> str:
        return f"TrendsView: {self.headline().get('incidents', 0)} incidents"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle


def _title(agencies: Sequence[str], bands: Sequence[str]) -> str:
    who = (
        "all agencies"
        if len(agencies) == len(_AGENCIES)
        else ", ".join(label("agency", a) for a in agencies)
    )
    ages = (
        "all ages"
        if len(bands) == len(_BANDS)
        else ", ".join({s: t for t, s in _BANDS}[b] for b in bands)
    )
    return f"Incidents by quarter and subtype: {who}; {ages}"
