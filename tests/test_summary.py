"""Summaries: counts match the data, zeros are true zeros, published tables are protected."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policy_model import cli, summarise
from policy_model.engine.frame import assess_frame
from policy_model.stats.summary import AGE_BANDS, ALL, age_band_codes, cohen_kappa
from policy_model.views.report import MARKER

from .conftest import RandomIncidents

CROSSED = {
    "age_band": None,
    "gender": "gender_pictured",
    "agency": "agency",
    "platform": "platform",
}


@pytest.fixture
def assessed(incidents: RandomIncidents) -> pd.DataFrame:
    return assess_frame(incidents(2000, seed=7))


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
    assert len(raw.agency) == (7 + 1) * (7 + 1)
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
    pairs = pd.crosstab(recorded["recorded_subtype"], recorded["subtype"], dropna=False)
    overall = raw.kappa.set_index("agency").loc[ALL]
    assert overall["incidents_with_recorded_subtype"] == len(recorded)
    assert overall["kappa"] == pytest.approx(round(cohen_kappa(pairs.to_numpy()), 2))


def test_typed_facts_are_assessed_first(incidents: RandomIncidents) -> None:
    df = incidents(300, seed=5)
    assert summarise(df).subtype.equals(summarise(assess_frame(df)).subtype)


@pytest.mark.parametrize(("profile", "threshold"), [("standard", 5), ("strict", 10)])
@pytest.mark.parametrize("n", [60, 600, 5000])
def test_no_published_count_is_small(
    incidents: RandomIncidents, profile: str, threshold: int, n: int
) -> None:
    s = summarise(assess_frame(incidents(n, seed=n)), profile=profile)
    for name, table in s.tables():
        withheld = s.withheld[name]
        for column in withheld.columns:
            values = table[column]
            if column in ("count", "previous", "incidents_with_recorded_subtype"):
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
        for column in ("count", "previous", "incidents_with_recorded_subtype"):
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
