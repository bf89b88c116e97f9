"""The trends view keeps what its filters say and shows figures from the protected summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policy_model import summarise
from policy_model.stats.summary import SetAside
from policy_model.views.trends import (
    TrendsView,
    board_table,
    chart_style,
    headline,
    headline_table,
    load,
)

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


def test_the_filters_can_keep_incidents_whose_age_is_not_known(
    incidents: RandomIncidents,
) -> None:
    df = incidents(400, seed=7, unknown=0.1)
    view = TrendsView(df)
    assert len(view.filtered()) == len(df)  # every band, not known included, by default
    view.set_filters(age_bands=["not_known"])
    assert len(view.filtered()) == int(df["age_pictured"].isna().sum()) > 0


def test_the_headline_states_what_was_set_aside_and_left_open(
    incidents: RandomIncidents,
) -> None:
    df = incidents(600, seed=4, unknown=0.1)
    s = summarise(df, set_aside=SetAside(7, "out/rejects.csv"))
    figures = headline(s)
    assert figures["set_aside"] == "7 (see out/rejects.csv)"
    open_ = s.pathway.set_index("pathway").loc["undetermined", "percent"]
    assert figures["pathway_undetermined"] == f"{open_}%"
    assert "Set aside (invalid values)" in headline_table(figures)
    assert "7 incidents set aside" in chart_style(s).footnote
    assert headline(summarise(df))["set_aside"] == "0"


def test_loading_a_file_with_bad_rows_sets_them_aside_and_says_so(
    incidents: RandomIncidents, tmp_path: Path
) -> None:
    df = incidents(50, seed=3)
    source = tmp_path / "in.csv"
    out = df.copy()
    out["reported_month"] = out["reported_month"].astype(str)
    out = out.astype(object)
    out.loc[:2, "coercion"] = "perhaps"
    out.to_csv(source, index=False)
    loaded = load(source, rejects=tmp_path / "rejects.csv")
    assert loaded.usable and len(loaded.incidents) == 47
    assert loaded.set_aside.count == 3 and (tmp_path / "rejects.csv").exists()
    shown = loaded._repr_html_()
    assert "3 incidents set aside for invalid values" in shown
    assert "rejects.csv" in shown and "row 2, coercion" in shown
    assert "Traceback" not in shown and "Traceback" not in repr(loaded)


def test_loading_an_unusable_file_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("incident_id,reported_month\nA1,2024-01\n", encoding="utf-8")
    loaded = load(source)
    assert not loaded.usable
    assert "cannot be used as it is" in loaded._repr_html_()
    assert "required column" in loaded.message()


def test_loading_a_good_file_says_so() -> None:
    loaded = load("data/sample_incidents.csv")
    assert loaded.usable and loaded.set_aside.count == 0
    assert repr(loaded).endswith("no problems.")
