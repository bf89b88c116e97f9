"""Synthetic data: reproducible, valid against the loader, realistic in the documented ways."""

from __future__ import annotations

import dataclasses
import math
import re
import shlex
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pa_csv
import pytest

from policy_model import assess_frame, cli
from policy_model.incidents import files
from policy_model.incidents.dataset import load_incidents
from policy_model.incidents.synth import (
    BLANKABLE,
    CHUNK_ROWS,
    LONDON_BOROUGH,
    MAX_ROWS,
    incident_ids,
    synthesise,
)
from policy_model.model.columns import COLUMNS, MAX_AGE, MIN_AGE, Kind
from policy_model.model.incident import ID_PATTERN
from policy_model.model.vocab import Agency, Pathway, Subtype

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_incidents.csv"
DATA_README = ROOT / "data" / "README.md"
CORE_FACTS = tuple(n for n in COLUMNS.facts if COLUMNS[n].core)

LARGE = 200_000
# With LARGE rows a proportion's standard error is at most ~0.0011 overall and ~0.0025 within
# the police's 20%; the tolerances below are several times that.

NO_BLANKS = dataclasses.replace(LONDON_BOROUGH, incomplete_return=dict.fromkeys(Agency, 0.0))
"""The same rows with every fact known: the blanks are drawn last, so nothing else changes."""

AS_INTENDED = dataclasses.replace(
    LONDON_BOROUGH,
    recording_noise=0.0,
    recorded_confusion={},
    recorded_blank=dict.fromkeys(Agency, 0.0),
)
"""No recording noise and no confusion: ``recorded_subtype`` is the intended subtype."""


@pytest.fixture(scope="module")
def recorded() -> pd.DataFrame:
    """As the returns record it: some facts not known."""
    return synthesise(LARGE, seed=11)


@pytest.fixture(scope="module")
def large() -> pd.DataFrame:
    """What happened: the same incidents with every fact known, assessed."""
    return assess_frame(synthesise(LARGE, seed=11, profile=NO_BLANKS))


@pytest.fixture(scope="module")
def intended() -> pd.DataFrame:
    """Incidents whose ``recorded_subtype`` is the intended subtype, with blanks, assessed."""
    return assess_frame(synthesise(LARGE, seed=12, profile=AS_INTENDED))


def share(mask: pd.Series[bool]) -> float:
    return float(mask.mean())


def complete(frame: pd.DataFrame) -> pd.Series[bool]:
    return ~frame[list(BLANKABLE)].isna().any(axis=1)


# ---- reproducibility and schema --------------------------------------------------------------


def test_same_seed_gives_the_same_frame() -> None:
    pd.testing.assert_frame_equal(synthesise(3000, seed=5), synthesise(3000, seed=5))


def test_a_different_seed_gives_different_incidents() -> None:
    a, b = synthesise(3000, seed=5), synthesise(3000, seed=6)
    assert not a.drop(columns="incident_id").equals(b.drop(columns="incident_id"))


def test_columns_are_the_registry_in_order_typed_as_the_loader_types_them() -> None:
    frame = synthesise(500, seed=1)
    assert list(frame.columns) == list(COLUMNS.core)
    assert list(frame.columns).index("age_youngest_involved") == 4
    for name in CORE_FACTS:
        assert frame[name].dtype == "boolean", name
    for column in COLUMNS.of_kind(Kind.AGE):
        assert frame[column.name].dtype == "Int8", column.name
        assert frame[column.name].dropna().between(MIN_AGE, MAX_AGE).all()
    months = frame["reported_month"].astype(str)
    assert months.str.fullmatch(r"20\d\d-(0[1-9]|1[0-2])").all()
    for column in COLUMNS.of_kind(Kind.CATEGORY):
        categories = list(frame[column.name].cat.categories)
        if column.open:  # no vocabulary (area): the values found, sorted, as the loader has them
            assert categories == sorted(categories), column.name
        else:
            assert categories == list(column.values), column.name


def test_only_the_ages_facts_and_sharing_are_ever_blank(recorded: pd.DataFrame) -> None:
    assert set(BLANKABLE) == {*CORE_FACTS, "age_pictured", "age_youngest_involved", "sharing"}
    never = ["incident_id", "reported_month", "agency", "gender_pictured", "platform"]
    assert not recorded[never].isna().any().any()
    assert recorded[list(BLANKABLE)].isna().all(axis=0).sum() == 0
    assert recorded[list(BLANKABLE)].isna().any(axis=0).all()


def test_months_run_from_start_for_the_given_number_of_months() -> None:
    frame = synthesise(5000, seed=2, start="2023-09", months=12)
    months = frame["reported_month"].astype(str)
    assert months.min() == "2023-09"
    assert months.max() == "2024-08"
    assert months.is_monotonic_increasing


def test_ids_are_unique_and_well_formed() -> None:
    ids = synthesise(20_000, seed=3)["incident_id"]
    assert ids.is_unique
    assert ids.map(lambda i: bool(ID_PATTERN.fullmatch(i))).all()


def test_the_widest_ids_pass_the_loaders_anonymity_guard(tmp_path: Path) -> None:
    """Ids up to MAX_ROWS never look like a phone, NHS or pupil number to the loader."""
    numbers = np.array([1, 1_234_567, 9_999_999, 12_345_678, MAX_ROWS])
    frame = synthesise(len(numbers), seed=1)
    frame["incident_id"] = incident_ids(numbers, total=MAX_ROWS).to_pylist()
    files.write_table(frame, tmp_path / "wide.csv")
    assert load_incidents(tmp_path / "wide.csv")["incident_id"].tolist() == [
        "SYN-00000001",
        "SYN-01234567",
        "SYN-09999999",
        "SYN-12345678",
        "SYN-50000000",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"], ids=["csv", "parquet"])
def test_written_file_loads_with_the_same_facts(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"synthetic{suffix}"
    assert cli.main(["synth", "-n", "2000", "--seed", "8", "-o", str(out)]) == 0
    loaded = load_incidents(out)
    made = synthesise(2000, seed=8)
    assert list(loaded.columns) == list(COLUMNS.core)
    assert (loaded["reported_month"].astype(str) == made["reported_month"].astype(str)).all()
    for name in COLUMNS.core:
        if name != "reported_month":
            left, right = loaded[name].astype(object), made[name].astype(object)
            assert left.fillna("").tolist() == right.fillna("").tolist(), name
            assert (loaded[name].isna() == made[name].isna()).all(), name


def test_not_known_is_written_as_an_empty_cell(tmp_path: Path) -> None:
    out = tmp_path / "blanks.csv"
    made = synthesise(2000, seed=9)
    files.write_table(made, out)
    text = pa_csv.read_csv(
        out,
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(COLUMNS, "string"), strings_can_be_null=False
        ),
    ).to_pandas()
    for name in BLANKABLE:
        assert ((text[name] == "") == made[name].isna()).all(), name
    assert set(text["adult_involved"]) == {"true", "false", ""}


@pytest.mark.parametrize("suffix", [".csv", ".parquet"], ids=["csv", "parquet"])
def test_same_seed_gives_a_byte_identical_file(tmp_path: Path, suffix: str) -> None:
    for name in ("a", "b"):
        out = tmp_path / f"{name}{suffix}"
        assert cli.main(["synth", "-n", "1000", "--seed", "4", "-o", str(out)]) == 0
    a, b = (tmp_path / f"{name}{suffix}" for name in ("a", "b"))
    assert a.read_bytes() == b.read_bytes()


# ---- the committed sample ----------------------------------------------------------------


def documented_command() -> list[str]:
    found = re.findall(r"^(policy-model synth .*)$", DATA_README.read_text(), flags=re.M)
    assert len(found) == 1, "data/README.md should state one policy-model synth command"
    return shlex.split(found[0])


def test_sample_is_exactly_what_the_documented_command_makes(tmp_path: Path) -> None:
    args = documented_command()[1:]
    output = args.index("-o") + 1
    assert args[output] == "data/sample_incidents.csv"
    args[output] = str(tmp_path / "sample_incidents.csv")
    assert cli.main(args) == 0
    assert (tmp_path / "sample_incidents.csv").read_bytes() == SAMPLE.read_bytes()


def test_sample_is_three_financial_years_of_about_1500_incidents() -> None:
    sample = load_incidents(SAMPLE)
    assert len(sample) == 1500
    months = sample["reported_month"].astype(str)
    assert (months.min(), months.max(), months.nunique()) == ("2022-04", "2025-03", 36)


def test_sample_has_blanks_youngest_ages_and_an_adults_image_sent_to_a_child() -> None:
    sample = assess_frame(load_incidents(SAMPLE))
    assert 0.05 <= sample[list(CORE_FACTS)].isna().to_numpy().mean() <= 0.12
    assert share(complete(sample)) > 0.5
    pictured, youngest = sample["age_pictured"], sample["age_youngest_involved"]
    assert not (youngest > pictured).fillna(False).any()
    assert (youngest < pictured).fillna(False).any()
    to_child = (pictured >= 18) & (youngest < 18) & sample["adult_involved"]
    assert to_child.fillna(False).sum() >= 5
    assert (sample.loc[to_child.fillna(False), "pathway"] == "refer_immediately").all()
    assert (sample["pathway"] == "undetermined").any()


# ---- not known: blanks at the stated rates -------------------------------------------------


def test_blanks_follow_the_stated_rates_for_each_agency_and_column(
    recorded: pd.DataFrame,
) -> None:
    rates = LONDON_BOROUGH.not_known_if_incomplete
    assert set(rates) == set(BLANKABLE)
    for agency, rows in recorded.groupby("agency", observed=True):
        incomplete = LONDON_BOROUGH.incomplete_return[Agency(str(agency))]
        for name in BLANKABLE:
            expected = incomplete * rates[name]
            tolerance = 5 * math.sqrt(expected * (1 - expected) / len(rows)) + 0.001
            found = share(rows[name].isna())
            assert found == pytest.approx(expected, abs=tolerance), (agency, name)


def test_most_rows_are_complete_and_5_to_12_percent_of_fact_cells_blank(
    recorded: pd.DataFrame,
) -> None:
    assert 0.05 <= recorded[list(CORE_FACTS)].isna().to_numpy().mean() <= 0.12
    assert 0.60 < share(complete(recorded)) < 0.80


def test_police_and_social_care_returns_are_more_complete_than_schools(
    recorded: pd.DataFrame,
) -> None:
    blank = recorded[list(BLANKABLE)].isna().mean(axis=1).groupby(recorded["agency"], observed=True)
    rates = blank.mean()
    assert rates["police"] < rates["school"] / 2
    assert rates["childrens_social_care"] < rates["school"] / 2


def test_intent_and_motive_are_less_often_known_than_age(recorded: pd.DataFrame) -> None:
    age = share(recorded["age_pictured"].isna())
    for name in ("intent_to_harm", "coercion", "pictured_willing", "sexual_motive"):
        assert share(recorded[name].isna()) > 3 * age, name
    assert share(recorded["age_youngest_involved"].isna()) > 0.05
    assert share(recorded["sharing"].isna()) > 0.02


def test_blanks_only_hide_facts_and_never_change_them(
    recorded: pd.DataFrame, large: pd.DataFrame
) -> None:
    assert not large[list(BLANKABLE)].isna().any().any()
    for name in COLUMNS.core:
        known = recorded[name].notna().to_numpy()
        left = recorded[name].astype(object).to_numpy()[known]
        right = large[name].astype(object).to_numpy()[known]
        assert (left == right).all(), name


def test_undetermined_rows_are_a_minority_with_a_precaution(recorded: pd.DataFrame) -> None:
    assessed = assess_frame(recorded)
    undetermined = assessed["pathway"] == "undetermined"
    assert 0.10 < share(undetermined) < 0.35
    assert 0.10 < share(assessed["subtype"] == "undetermined") < 0.35
    assert (assessed.loc[undetermined, "ask_next"].notna()).all()
    assert set(assessed["precautionary_pathway"].astype(str)) <= {p.value for p in Pathway}


# ---- the intended subtype ------------------------------------------------------------------


def test_the_typology_gives_the_intended_subtype_back_when_every_fact_is_known(
    intended: pd.DataFrame,
) -> None:
    known = complete(intended)
    assert share(known) > 0.6
    model = intended.loc[known, "subtype"].astype(str)
    assert (model == intended.loc[known, "recorded_subtype"].astype(str)).all()


def test_the_intended_subtype_stays_possible_when_facts_are_not_known(
    intended: pd.DataFrame,
) -> None:
    rows = intended[~complete(intended)]
    possible = rows["possible_subtypes"].astype(str).str.split("|")
    wanted = rows["recorded_subtype"].astype(str)
    assert all(w in p for w, p in zip(wanted, possible, strict=True))


# ---- who was involved, at what age ----------------------------------------------------------


def test_the_youngest_involved_is_never_above_the_age_pictured(large: pd.DataFrame) -> None:
    assert (large["age_youngest_involved"] <= large["age_pictured"]).all()


def test_the_youngest_involved_is_usually_the_person_pictured(large: pd.DataFrame) -> None:
    youth = large[large["age_pictured"] < 18]
    gap = youth["age_pictured"] - youth["age_youngest_involved"]
    assert 0.75 < share(gap == 0) < 0.92
    assert 0.05 < share(gap == 1) < 0.15
    assert 0.02 < share(gap >= 2) < 0.10
    assert youth["age_youngest_involved"].min() >= LONDON_BOROUGH.youngest_floor


def test_imagery_not_sent_to_anyone_involves_only_the_person_pictured(
    intended: pd.DataFrame,
) -> None:
    """Without recording noise (which may record a sent image as not sent)."""
    not_sent = intended[intended["sharing"] == "none"]
    gap = (not_sent["age_pictured"] - not_sent["age_youngest_involved"]).dropna()
    assert len(gap) > 1000
    assert (gap == 0).all()


def test_a_younger_child_involved_takes_an_older_pair_to_safeguarding_procedures(
    large: pd.DataFrame,
) -> None:
    younger = (
        (large["age_pictured"] >= 13)
        & (large["age_youngest_involved"] <= 12)
        & (large["category"] == "experimental")
    )
    assert younger.sum() > 100
    pathways = large.loc[younger, "pathway"]
    assert not (pathways == "manage_within_agency").any()
    assert share(pathways == "safeguarding_procedures") > 0.8  # the rest: immediate referral


def test_an_adults_image_sent_to_a_child_is_an_immediate_referral(large: pd.DataFrame) -> None:
    to_child = (large["age_pictured"] >= 18) & (large["age_youngest_involved"] < 18)
    assert to_child.sum() > 1000
    rows = large[to_child]
    assert rows["adult_involved"].all()
    assert (rows["subtype"] == "not_youth_produced").all()
    assert (rows["pathway"] == "refer_immediately").all()
    assert share(rows["gender_pictured"] == "male") > 0.7
    assert rows["age_pictured"].max() > 30


def test_adults_only_incidents_take_the_18_plus_route(large: pd.DataFrame) -> None:
    adults = large["age_youngest_involved"] >= 18
    assert adults.sum() > 1000
    rows = large[adults]
    assert not rows["adult_involved"].any()
    assert (rows["subtype"] == "not_youth_produced").all()
    assert (rows["pathway"] == "adult_image_abuse").all()


# ---- realism, per assess_frame -------------------------------------------------------------
# On ``large``: every fact known, so each share is of what happened.


def test_police_cases_are_two_thirds_aggravated_and_a_third_adult_involved(
    large: pd.DataFrame,
) -> None:
    police = large[large["agency"] == "police"]
    assert share(police["category"] == "aggravated") == pytest.approx(0.67, abs=0.025)
    assert share(police["subtype"] == "adult_involved") == pytest.approx(0.36, abs=0.025)


def test_schools_see_mostly_experimental_incidents(large: pd.DataFrame) -> None:
    schools = large[large["agency"] == "school"]
    assert share(schools["category"] == "experimental") > 0.55
    assert share(schools["subtype"] == "adult_involved") < 0.10


def test_schools_make_the_most_returns(large: pd.DataFrame) -> None:
    counts = large["agency"].value_counts()
    assert counts.index[0] == "school"
    assert counts["school"] / len(large) == pytest.approx(0.42, abs=0.01)


def test_ages_peak_at_13_to_15_with_some_younger_older_and_adults(large: pd.DataFrame) -> None:
    ages = large["age_pictured"]
    assert ages.mode()[0] in (13, 14, 15)
    assert share(ages.between(13, 15)) > 0.45
    assert 0.10 < share(ages.between(10, 12)) < 0.25
    assert 0.15 < share(ages.between(16, 17)) < 0.35
    assert 0.005 < share(ages >= 18) < 0.05
    assert (large.loc[ages >= 18, "subtype"] == "not_youth_produced").all()


def test_more_girls_than_boys_are_pictured(large: pd.DataFrame) -> None:
    genders = large["gender_pictured"].value_counts()
    assert genders["female"] > 1.5 * genders["male"]


def test_snapchat_is_the_most_common_platform_then_instagram_whatsapp_tiktok(
    large: pd.DataFrame,
) -> None:
    platforms = large["platform"].value_counts()
    assert platforms["snapchat"] > platforms["instagram"] > platforms["whatsapp"]
    assert platforms["whatsapp"] > platforms["tiktok"]
    assert platforms.index[0] == "snapchat"


def financial_year(months: pd.Series[str]) -> pd.Series[int]:
    year, month = months.str[:4].astype(int), months.str[5:].astype(int)
    return year - (month < 4)


def test_august_is_below_the_monthly_mean_every_year(large: pd.DataFrame) -> None:
    months = large["reported_month"].astype(str)
    per_month = months.value_counts().sort_index()
    per_month.index = pd.Index(per_month.index)
    years = financial_year(pd.Series(per_month.index, index=per_month.index))
    for _, counts in per_month.groupby(years.to_numpy()):
        august = counts[counts.index.str.endswith("-08")].iloc[0]
        assert august < 0.8 * counts.mean()


def test_autumn_and_spring_terms_are_busier_than_the_summer(large: pd.DataFrame) -> None:
    calendar = large["reported_month"].astype(str).str[5:].value_counts()
    summer = calendar[["07", "08"]].mean()
    assert calendar[["10", "11"]].mean() > 1.2 * summer
    assert calendar[["01", "03"]].mean() > 1.2 * summer


def test_each_year_has_more_incidents_than_the_last(large: pd.DataFrame) -> None:
    totals = financial_year(large["reported_month"].astype(str)).value_counts().sort_index()
    assert len(totals) == 3
    assert totals.is_monotonic_increasing
    assert totals.iloc[-1] > 1.1 * totals.iloc[0]


def test_facts_are_plausibly_correlated(large: pd.DataFrame) -> None:
    youth = large[large["age_pictured"] < 18]
    adult = youth["adult_involved"]
    assert share(youth.loc[adult, "coercion"]) > 3 * share(youth.loc[~adult, "coercion"])
    intent = youth["intent_to_harm"]
    public = youth["sharing"] == "public"
    assert share(public[intent]) > 2 * share(public[~intent])
    vulnerable = large["vulnerable"]
    previous = large["previous_agency_involvement"]
    assert share(previous[vulnerable]) > 3 * share(previous[~vulnerable])
    assert share(large.loc[vulnerable, "capacity_concern"]) > 5 * share(
        large.loc[~vulnerable, "capacity_concern"]
    )


def test_no_sexual_motive_at_any_age_and_more_often_when_young(large: pd.DataFrame) -> None:
    youth = large[large["age_pictured"] < 18]
    no_motive = ~youth["sexual_motive"]
    young = youth["age_pictured"] <= 12
    assert no_motive[~young].any()
    assert share(no_motive[young]) > 2 * share(no_motive[~young])
    assert large.loc[large["age_pictured"] >= 18, "sexual_motive"].all()


def test_experimental_without_a_sexual_motive_is_other(large: pd.DataFrame) -> None:
    experimental = large["category"] == "experimental"
    rows = large[experimental & ~large["sexual_motive"]]
    assert len(rows) > 1000
    assert (rows["subtype"] == "other").all()


def test_recorded_attention_seeking_has_a_sexual_motive(large: pd.DataFrame) -> None:
    recorded = large["recorded_subtype"] == "sexual_attention_seeking"
    assert recorded.sum() > 1000
    assert large.loc[recorded, "sexual_motive"].all()


def test_every_subtype_and_pathway_occurs(large: pd.DataFrame) -> None:
    assert set(large["subtype"].astype(str)) == {s.value for s in Subtype}
    assert set(large["pathway"].astype(str)) == {p.value for p in Pathway}


# ---- what professionals recorded ---------------------------------------------------------


def test_recorded_subtype_disagrees_with_the_model_10_to_20_percent(large: pd.DataFrame) -> None:
    recorded = large["recorded_subtype"]
    known = recorded.notna()
    assert 0.03 < share(~known) < 0.20
    disagree = recorded[known].astype(str) != large.loc[known, "subtype"].astype(str)
    assert 0.10 <= share(disagree) <= 0.20


def confusion(large: pd.DataFrame, model: str, recorded: str) -> float:
    rows = large[(large["subtype"] == model) & large["recorded_subtype"].notna()]
    return share(rows["recorded_subtype"] == recorded)


def test_hard_to_tell_pairs_disagree_more_often(large: pd.DataFrame) -> None:
    hard = [
        confusion(large, "youth_reckless_misuse", "youth_intent_to_harm"),
        confusion(large, "youth_intent_to_harm", "youth_reckless_misuse"),
        confusion(large, "romantic", "sexual_attention_seeking"),
        confusion(large, "sexual_attention_seeking", "romantic"),
    ]
    easy = [
        confusion(large, "romantic", "adult_involved"),
        confusion(large, "adult_involved", "romantic"),
        confusion(large, "not_youth_produced", "romantic"),
    ]
    assert min(hard) > 0.05
    assert max(easy) < 0.02


# ---- the command line --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-n", "0", "--seed", "1", "-o", "out.csv"], "invalid n: 0"),
        (["-n", "-5", "--seed", "1", "-o", "out.csv"], "invalid n: -5"),
        (["-n", "10", "--seed", "1", "-o", "out.xlsx"], "must end in .csv or .parquet"),
        (["-n", "10", "--seed", "-1", "-o", "out.csv"], "invalid seed: -1"),
        (["-n", "10", "--seed", "1", "--start", "2024-13", "-o", "out.csv"], "invalid start"),
        (["-n", "10", "--seed", "1", "--months", "0", "-o", "out.csv"], "invalid months: 0"),
    ],
    ids=["n-zero", "n-negative", "unknown-extension", "negative-seed", "bad-start", "no-months"],
)
def test_bad_arguments_exit_2_with_a_message_and_write_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["synth", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_small_runs_show_no_progress_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["synth", "-n", "500", "--seed", "1", "-o", str(tmp_path / "s.csv")]) == 0
    err = capsys.readouterr().err
    assert "%|" not in err
    assert err.startswith("500 synthetic incidents, 2022-04 to 2025-03")


def test_chunked_runs_show_a_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    synthesise(CHUNK_ROWS + 1, seed=1)
    assert "%|" in capsys.readouterr().err


def test_python_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="invalid n"):
        synthesise(True, seed=1)
    with pytest.raises(ValueError, match="invalid seed"):
        synthesise(10, seed=np.float64(1.5))  # type: ignore[arg-type]
