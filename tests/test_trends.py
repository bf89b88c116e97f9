"""The trends view keeps what its filters say and shows figures from the protected summary."""

from __future__ import annotations

import pandas as pd

from policy_model import summarise
from policy_model.views.trends import TrendsView, board_table, headline

from .conftest import RandomIncidents


def test_the_filters_keep_only_the_chosen_agencies_months_and_ages(
    incidents: RandomIncidents,
) -> None:
    df = incidents(500, seed=7)
    view = TrendsView(df)
    view.set_filters(months=("2022-03", "2022-08"), agencies=["school", "police"])
    view.set_filters(age_bands=["13_to_15"])
    kept = view.filtered()
    assert set(kept["agency"]) <= {"school", "police"}
    assert kept["reported_month"].min() >= pd.Period("2022-03", "M")
    assert kept["reported_month"].max() <= pd.Period("2022-08", "M")
    assert kept["age_pictured"].between(13, 15).all()
    expected = df[
        df["agency"].isin(["school", "police"])
        & df["age_pictured"].between(13, 15)
        & (df["reported_month"] >= pd.Period("2022-03", "M"))
        & (df["reported_month"] <= pd.Period("2022-08", "M"))
    ]
    assert len(kept) == len(expected) > 0


def test_a_filter_change_updates_the_headline_and_chart(incidents: RandomIncidents) -> None:
    view = TrendsView(incidents(500, seed=7))
    before, chart = view.headline_html.value, view.chart.value
    view.agencies.value = ("school",)  # as a click sets it
    assert view.headline_html.value != before and view.chart.value != chart
    assert view.headline()["incidents"] == f"{len(view.filtered()):,}"


def test_no_incidents_kept_says_so(incidents: RandomIncidents) -> None:
    view = TrendsView(incidents(100, seed=1))
    view.set_filters(agencies=[])
    assert view.summary is None and "No incidents match" in view.headline_html.value


def test_headline_figures_are_published_values(incidents: RandomIncidents) -> None:
    s = summarise(incidents(400, seed=9))
    figures = headline(s)
    aggravated = s.category.set_index("category").loc["aggravated", "percent"]
    assert figures["aggravated"] == f"{aggravated}%"
    assert figures["incidents"] == "400"
    assert figures["months"] == f"{s.first_month} to {s.last_month}"


def test_a_withheld_headline_figure_shows_c(incidents: RandomIncidents) -> None:
    df = incidents(400, seed=9)
    s = summarise(df[df["age_pictured"] >= 18].head(3))
    assert headline(s)["incidents"] in {"3", "c"}
    assert headline(s)["referred_immediately"] == "c"


def test_a_board_table_shows_withheld_counts_as_c(incidents: RandomIncidents) -> None:
    s = summarise(incidents(300, seed=3))
    table = board_table(s, "agency")
    hidden = s.withheld["agency"]["count"].to_numpy()
    assert hidden.any()
    assert (table.to_numpy().ravel() == "c").sum() == hidden.sum()
    assert list(table.columns)[-1] == "All" and table.index[-1] == "All"
    assert "Children's social care" in table.index


def test_a_one_way_board_table_has_counts_and_percents(incidents: RandomIncidents) -> None:
    s = summarise(incidents(300, seed=3), profile=None)
    table = board_table(s, "pathway")
    assert list(table.columns) == ["Incidents", "Percent"]
    assert table.loc["All", "Incidents"] == "300" and table.loc["All", "Percent"] == "100.0"
