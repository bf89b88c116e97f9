"""Incident trends for a notebook: headline figures, and a filtered view (months, agencies,
age bands) whose figures and chart are drawn from the disclosure-controlled summary.

>>> from policy_model import load_incidents
>>> view = TrendsView(load_incidents("data/sample_incidents.csv"))
>>> view.set_filters(agencies=["police"], months=("2023-04", "2024-03"))
>>> view.headline()["incidents"]
'98'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any, Final

import ipywidgets as w
import numpy as np
import pandas as pd

from ..model.vocab import Agency, Category, Pathway
from ..stats.conventions import AGE_BANDS, ALL, SUPPRESSED
from ..stats.summary import Summary, age_band_codes, summarise
from . import charts
from .labels import label, published

__all__ = ["TrendsView", "board_table", "headline"]

_AGENCIES: Final = [(label("agency", a.value), a.value) for a in Agency]
_BANDS: Final = [(text, slug) for slug, text, _, _ in AGE_BANDS]


def _value(table: pd.DataFrame, column: str, row: str, field: str = "count") -> Any:
    values = table.loc[table[column] == row, field]
    return values.iloc[0] if len(values) else pd.NA


def _shown(value: Any, suffix: str = "") -> str:
    """A headline figure: ``c`` where it is missing (withheld)."""
    withheld = bool(pd.isna(value))
    return published(value, withheld=withheld, spec=",") + ("" if withheld else suffix)


def headline(s: Summary) -> dict[str, str]:
    """The headline figures of a summary, as published (``c`` where withheld)."""
    aggravated = _value(s.category, "category", Category.AGGRAVATED, "percent")
    refer = _value(s.pathway, "pathway", Pathway.REFER_IMMEDIATELY, "percent")
    kappa = _value(s.kappa, "agency", ALL, "kappa")
    subtypes = s.subtype[s.subtype["subtype"] != ALL].dropna(subset=["count"])
    top = subtypes.sort_values("count", ascending=False, kind="stable")
    return {
        "incidents": published(s.n_incidents, withheld=s.n_incidents is None),
        "months": f"{s.first_month} to {s.last_month}",
        "aggravated": _shown(aggravated, "%"),
        "referred_immediately": _shown(refer, "%"),
        "most_common_subtype": label("subtype", str(top["subtype"].iloc[0]))
        if len(top)
        else SUPPRESSED,
        "agreement_kappa": _shown(kappa),
    }


def _text(value: Any, withheld: bool, *, percent: bool = False) -> str:
    return published(value, withheld=withheld, spec=".1f" if percent else ",")


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


def _title_case(dim: str) -> str:
    return dim.replace("_", " ").capitalize()


_HEADLINE_NAMES: Final = {
    "incidents": "Incidents",
    "months": "Reported",
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

    def __init__(self, df: pd.DataFrame, *, profile: str = "standard") -> None:
        self.df = df
        self.profile = profile
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
            options=_BANDS, value=[b for _, b in _BANDS], description="Age bands", rows=4
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
        bands = [slug for slug, _, _, _ in AGE_BANDS]
        chosen = np.isin(
            age_band_codes(self.df["age_pictured"].to_numpy()),
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
        self.summary = summarise(df, profile=self.profile)
        self.headline_html.value = headline_table(self.headline())
        figure = charts.stacked_bars(
            self.summary.quarter, "quarter", title=_title(self.agencies.value, self.age_bands.value)
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
