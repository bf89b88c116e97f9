"""Summaries: counts match the data, zeros are true zeros, published tables are protected."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policy_model import cli, summarise
from policy_model.engine.frame import assess_frame
from policy_model.stats.summary import AGE_BANDS, ALL, SetAside, age_band_codes, cohen_kappa
from policy_model.views.report import MARKER

from .conftest import RandomIncidents

CROSSED = {
    "age_band": None,
    "gender": "gender_pictured",
    "agency": "agency",
    "platform": "platform",
}


@pytest.fixture(params=[0.0, 0.1], ids=["all-known", "some-not-known"])
def assessed(incidents: RandomIncidents, request: pytest.FixtureRequest) -> pd.DataFrame:
    return assess_frame(incidents(2000, seed=7, unknown=request.param))


def test_one_way_counts_match_the_data_with_every_slug_present(assessed: pd.DataFrame) -> None:
    raw = summarise(assessed, profile=None)
    for name in ("category", "subtype", "pathway"):
        table = raw.__getattribute__(name).set_index(name)["count"]
        expected = assessed[name].value_counts()
        assert list(table.index[:-1]) == list(assessed[name].cat.categories)
        assert table.drop(ALL).to_dict() == expected.reindex(table.index[:-1]).to_dict()
        assert table[ALL] == len(assessed)


@pytest.mark.parametrize("name", ["gender", "agency", "platform"])
def test_crossed_counts_match_a_crosstab(assessed: pd.DataFrame, name: str) -> None:
    raw = summarise(assessed, profile=None)
    table = getattr(raw, name)
    inner = table[(table[name] != ALL) & (table["subtype"] != ALL)]
    expected = pd.crosstab(assessed[CROSSED[name]], assessed["subtype"], dropna=False)
    got = inner.pivot(index=name, columns="subtype", values="count")
    got = got.loc[expected.index.astype(str), expected.columns.astype(str)]
    assert (got.to_numpy() == expected.to_numpy()).all()


def test_empty_combinations_are_true_zeros(incidents: RandomIncidents) -> None:
    df = assess_frame(incidents(40, seed=3))
    raw = summarise(df, profile=None)
    assert len(raw.agency) == (7 + 1) * (8 + 1)  # agencies x (subtypes, undetermined), totals
    assert (raw.agency["count"] == 0).any()


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "12_and_under"),
        (12, "12_and_under"),
        (13, "13_to_15"),
        (15, "13_to_15"),
        (16, "16_to_17"),
        (17, "16_to_17"),
        (18, "18_and_over"),
        (25, "18_and_over"),
    ],
)
def test_age_bands_follow_the_guidance_lines(age: int, band: str) -> None:
    code = int(age_band_codes(np.array([age]))[0])
    assert AGE_BANDS[code][0] == band


def test_quarters_sum_their_months_and_years_their_quarters(assessed: pd.DataFrame) -> None:
    raw = summarise(assessed, profile=None)
    month = raw.month[raw.month["month"] != ALL].copy()
    month["quarter"] = pd.PeriodIndex(month["month"], freq="M").asfreq("Q").astype(str)
    by_quarter = month.groupby(["quarter", "subtype"])["count"].sum()
    quarter = raw.quarter[raw.quarter["quarter"] != ALL].set_index(["quarter", "subtype"])
    assert (quarter["count"] == by_quarter.reindex(quarter.index)).all()
    assert raw.year.set_index(["year", "subtype"]).loc[(ALL, ALL), "count"] == len(assessed)


def test_trends_compare_with_the_previous_quarter_and_a_year_earlier(
    assessed: pd.DataFrame,
) -> None:
    raw = summarise(assessed, profile=None)
    q = raw.quarter.set_index(["quarter", "subtype"])["count"]
    for row in raw.trends.itertuples(index=False):
        lag = 1 if row.comparison == "quarter_on_quarter" else 4
        before = str(pd.Period(row.quarter, freq="Q") - lag)
        assert row.previous == q[(before, row.subtype)]
        assert row.change == row.count - row.previous
    assert set(raw.trends["comparison"]) == {"quarter_on_quarter", "year_on_year"}


def test_kappa_is_one_for_full_agreement_and_matches_the_definition() -> None:
    assert cohen_kappa(np.diag([4, 7, 9])) == 1.0
    table = np.array([[30, 4, 6], [5, 20, 5], [2, 8, 20]])
    n = table.sum()
    p_o = np.trace(table) / n
    p_e = (table.sum(0) / n) @ (table.sum(1) / n)
    assert cohen_kappa(table) == pytest.approx((p_o - p_e) / (1 - p_e))


def test_overall_kappa_agrees_with_the_recorded_pairs(assessed: pd.DataFrame) -> None:
    raw = summarise(assessed, profile=None)
    recorded = assessed[assessed["recorded_subtype"].notna()]
    determined = recorded[recorded["subtype"] != "undetermined"]
    subtypes = list(recorded["recorded_subtype"].cat.categories)
    pairs = pd.crosstab(
        pd.Categorical(determined["recorded_subtype"], subtypes),
        pd.Categorical(determined["subtype"].astype(str), subtypes),
        dropna=False,
    )
    overall = raw.kappa.set_index("agency").loc[ALL]
    assert overall["incidents_with_recorded_subtype"] == len(recorded)
    assert overall["kappa"] == pytest.approx(round(cohen_kappa(pairs.to_numpy()), 2))


def test_typed_facts_are_assessed_first(incidents: RandomIncidents) -> None:
    df = incidents(300, seed=5)
    assert summarise(df).subtype.equals(summarise(assess_frame(df)).subtype)


COUNTS = ("count", "previous", "incidents", "incidents_with_recorded_subtype")


@pytest.mark.parametrize("unknown", [0.0, 0.15], ids=["all-known", "some-not-known"])
@pytest.mark.parametrize(("profile", "threshold"), [("standard", 5), ("strict", 10)])
@pytest.mark.parametrize("n", [60, 600, 5000])
def test_no_published_count_is_small(
    incidents: RandomIncidents, profile: str, threshold: int, n: int, unknown: float
) -> None:
    s = summarise(assess_frame(incidents(n, seed=n, unknown=unknown)), profile=profile)
    assert {"undetermined_subtype", "precautionary", "completeness_agency"} <= set(s.TABLES)
    for name, table in s.tables():
        withheld = s.withheld[name]
        for column in withheld.columns:
            values = table[column]
            if column in COUNTS:
                shown = values[~withheld[column].to_numpy()]
                assert not shown.between(1, threshold).any(), (name, column)
            assert values[withheld[column].to_numpy()].isna().all(), (name, column)
        if "percent" in withheld:
            assert (withheld["percent"] | ~withheld["count"]).all()


def test_every_withheld_count_is_listed_with_its_reason(incidents: RandomIncidents) -> None:
    s = summarise(assess_frame(incidents(400, seed=9)))
    listed = s.suppression[s.suppression["column"] == "count"]
    assert set(listed["reason"]) <= {"primary", "secondary"}
    for name in ("agency", "month", "quarter", "subtype"):
        assert (listed["table"] == name).sum() == s.withheld[name]["count"].sum()


def _csv(df: pd.DataFrame, path: Path) -> Path:
    out = df.copy()
    out["reported_month"] = out["reported_month"].astype(str)
    out.to_csv(path, index=False)
    return path


def test_summarise_command_writes_protected_tables_report_and_charts(
    incidents: RandomIncidents, tmp_path: Path
) -> None:
    source = _csv(incidents(500, seed=11), tmp_path / "in.csv")
    out = tmp_path / "published"
    assert cli.main(["summarise", str(source), "-o", str(out), "--profile", "strict"]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "strict" in report
    assert "Redbridge" in report
    assert "secondary" in report
    for chart in ("subtype_by_quarter", "subtype_by_age_band", "subtype_by_agency", "pathway"):
        assert (out / "charts" / f"{chart}.png").stat().st_size > 0
    for csv in out.glob("*.csv"):
        table = pd.read_csv(csv, dtype=str, keep_default_na=False)
        for column in COUNTS:
            if column in table:
                numbers = pd.to_numeric(table[column], errors="coerce")
                assert not numbers.between(1, 10).any(), csv.name
    assert cli.main(["summarise", str(source), "-o", str(out)]) == 0  # replaces its own output
    assert "standard" in (out / "report.md").read_text(encoding="utf-8")


def test_summarise_command_refuses_bad_input_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("incident_id,reported_month\nA1,2024-13\n", encoding="utf-8")
    out = tmp_path / "published"
    assert cli.main(["summarise", str(source), "-o", str(out)]) == cli.EXIT_BAD_INPUT
    assert "required column" in capsys.readouterr().err
    assert not out.exists()
    assert not list(tmp_path.glob(".published*"))


def test_summarise_command_will_not_replace_a_directory_it_did_not_write(
    incidents: RandomIncidents, tmp_path: Path
) -> None:
    source = _csv(incidents(100, seed=2), tmp_path / "in.csv")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    assert cli.main(["summarise", str(source), "-o", str(tmp_path / "mine")]) == 2
    assert (tmp_path / "mine" / "notes.txt").exists()
    assert not (tmp_path / "mine" / MARKER).exists()


# ---- unknowns: undetermined rows, the precautionary pathway, completeness, what was set aside


@pytest.fixture
def with_unknowns(incidents: RandomIncidents) -> pd.DataFrame:
    return assess_frame(incidents(1500, seed=21, unknown=0.1))


def test_undetermined_is_its_own_row_in_subtype_category_and_pathway(
    with_unknowns: pd.DataFrame,
) -> None:
    raw = summarise(with_unknowns, profile=None)
    for name in ("subtype", "category", "pathway"):
        table = raw.__getattribute__(name).set_index(name)["count"]
        open_ = int((with_unknowns[name] == "undetermined").sum())
        assert open_ > 0, name
        assert table["undetermined"] == open_, name
        assert table[ALL] == len(with_unknowns), name  # nothing dropped


def test_a_category_is_its_subtypes_plus_its_incidents_with_an_open_subtype(
    with_unknowns: pd.DataFrame,
) -> None:
    raw = summarise(with_unknowns, profile=None)
    category = raw.category.set_index("category")["count"]
    subtype = raw.subtype.set_index("subtype")["count"]
    open_ = raw.undetermined_subtype.set_index("category")["count"]
    assert open_[ALL] == subtype["undetermined"]
    assert category["aggravated"] == (
        subtype[["adult_involved", "youth_intent_to_harm", "youth_reckless_misuse"]].sum()
        + open_["aggravated"]
    )


def test_the_precautionary_table_counts_open_pathways_by_quarter(
    with_unknowns: pd.DataFrame,
) -> None:
    raw = summarise(with_unknowns, profile=None)
    open_ = with_unknowns[with_unknowns["pathway"] == "undetermined"]
    table = raw.precautionary.set_index(["quarter", "precautionary_pathway"])["count"]
    expected = open_["precautionary_pathway"].value_counts()
    for pathway, n in expected.items():
        assert table[(ALL, str(pathway))] == n
    assert table[(ALL, ALL)] == len(open_)
    quarter = str(open_["reported_month"].iloc[0].asfreq("Q"))
    in_quarter = open_["reported_month"].map(lambda m: str(m.asfreq("Q"))) == quarter
    assert table[(quarter, ALL)] == int(in_quarter.sum())


def test_not_known_ages_have_their_own_band(with_unknowns: pd.DataFrame) -> None:
    raw = summarise(with_unknowns, profile=None)
    bands = raw.age_band[raw.age_band["subtype"] == ALL].set_index("age_band")["count"]
    assert bands["not_known"] == int(with_unknowns["age_pictured"].isna().sum()) > 0
    assert bands[ALL] == len(with_unknowns)


@pytest.mark.parametrize(("name", "by"), [("agency", "agency"), ("quarter", "quarter")])
def test_completeness_counts_not_known_values_with_their_denominators(
    with_unknowns: pd.DataFrame, name: str, by: str
) -> None:
    raw = summarise(with_unknowns, profile=None)
    table = getattr(raw, f"completeness_{name}")
    assert {"age_pictured", "sharing", "coercion"} <= set(table["column"])
    assert "recorded_subtype" not in set(table["column"])
    row = table[(table["column"] == "coercion") & (table[by] == ALL)].iloc[0]
    assert row["count"] == int(with_unknowns["coercion"].isna().sum())
    assert row["incidents"] == len(with_unknowns)
    school = table[(table["column"] == "sharing") & (table[by] != ALL)].iloc[0]
    group = school[by]
    rows = (
        with_unknowns["agency"] == group
        if by == "agency"
        else with_unknowns["reported_month"].map(lambda m: str(m.asfreq("Q"))) == group
    )
    assert school["count"] == int(with_unknowns.loc[rows, "sharing"].isna().sum())
    assert school["incidents"] == int(rows.sum())
    assert school["percent"] == round(100 * school["count"] / school["incidents"], 1)


def test_completeness_is_protected_with_the_other_tables(incidents: RandomIncidents) -> None:
    s = summarise(assess_frame(incidents(300, seed=4, unknown=0.05)))
    for name in ("completeness_agency", "completeness_quarter"):
        table, withheld = getattr(s, name), s.withheld[name]
        assert withheld["count"].any(), name
        assert table.loc[withheld["count"].to_numpy(), "count"].isna().all()
        shown = table.loc[~withheld["count"].to_numpy(), "count"]
        assert not shown.between(1, 5).any()
        # the denominators are the agency and quarter tables' totals, withheld alike
    agency_totals = s.agency[s.agency["subtype"] == ALL].set_index("agency")["count"]
    denominators = s.completeness_agency.drop_duplicates("agency").set_index("agency")
    assert denominators["incidents"].equals(agency_totals.rename("incidents"))


@pytest.mark.parametrize("unknown", [0.0, 0.1], ids=["all-known", "some-not-known"])
def test_no_withheld_count_can_be_worked_out_from_the_published_ones(
    incidents: RandomIncidents, monkeypatch: pytest.MonkeyPatch, unknown: float
) -> None:
    from policy_model.stats import disclosure, summary

    seen = {}
    original = disclosure.protect

    def protect(cells: disclosure.Cells, rule: disclosure.Profile) -> dict:
        seen["cells"], seen["hidden"] = cells, original(cells, rule)
        return seen["hidden"]

    monkeypatch.setattr(summary.disclosure, "protect", protect)
    summarise(assess_frame(incidents(250, seed=8, months=9, unknown=unknown)))
    assert seen["hidden"]
    assert any(k and k[0][0] == "not_known" for k in seen["cells"].values)
    assert disclosure.recoverable(seen["cells"], seen["hidden"]) == set()


def test_partial_quarters_and_years_at_the_ends_are_flagged(incidents: RandomIncidents) -> None:
    df = incidents(300, seed=1, months=14)  # 2022-01 to 2023-02
    s = summarise(df, profile=None)
    assert s.partial_quarters == ("2023Q1",)
    assert s.partial_years == ("2023",)
    whole = summarise(df[df["reported_month"] <= pd.Period("2022-12", "M")], profile=None)
    assert whole.partial_quarters == () and whole.partial_years == ()


def test_the_summary_names_the_edition_from_the_frame(with_unknowns: pd.DataFrame) -> None:
    edition = "an-edition: test, model 9"
    df = with_unknowns.assign(guidance_version=edition)
    assert summarise(df, profile=None).guidance_version == edition
    mixed = df.assign(guidance_version=[edition, "another"] * (len(df) // 2))
    with pytest.raises(ValueError, match="more than one edition"):
        summarise(mixed, profile=None)


def _with_bad_rows(df: pd.DataFrame, path: Path, bad: int) -> Path:
    out = df.copy()
    out["reported_month"] = out["reported_month"].astype(str)
    out = out.astype(object).where(out.notna(), "")
    out.loc[: bad - 1, "coercion"] = "perhaps"
    out.to_csv(path, index=False)
    return path


def test_the_report_and_the_command_state_how_many_incidents_were_set_aside(
    incidents: RandomIncidents, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _with_bad_rows(incidents(400, seed=6, unknown=0.1), tmp_path / "in.csv", 7)
    out, rejects = tmp_path / "published", tmp_path / "rejects.csv"
    assert cli.main(["summarise", str(source), "-o", str(out), "--rejects", str(rejects)]) == 0
    assert "393 incidents summarised; 7 incidents set aside" in capsys.readouterr().err
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "7 incidents set aside for invalid values; see rejects.csv" in report
    assert "have a pathway not yet determined" in report
    assert "Not yet determined" in report
    assert "## How complete the records are" in report
    assert (out / "charts" / "precautionary_pathway.png").stat().st_size > 0
    for name in ("precautionary", "completeness_agency", "completeness_quarter"):
        assert (out / f"{name}.csv").exists()


def test_a_report_with_nothing_set_aside_says_so(
    incidents: RandomIncidents, tmp_path: Path
) -> None:
    source = _csv(incidents(200, seed=2), tmp_path / "in.csv")
    assert cli.main(["summarise", str(source), "-o", str(tmp_path / "out")]) == 0
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "No incidents were set aside" in report


def test_set_aside_reads_as_a_sentence() -> None:
    assert str(SetAside()) == "no incidents set aside"
    assert str(SetAside(1)) == "1 incident set aside for invalid values"
    assert str(SetAside(1200, Path("x/rejects.csv"))).endswith("; see rejects.csv")
