"""The impact tables and charts of ``diff`` speak in labels, each edition in its own words;
``--codes`` keeps the slugs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from policy_model import cli
from policy_model.editions import AS_WRITTEN, PROPOSED
from policy_model.incidents.dataset import load_incidents
from policy_model.stats.impact import Impact, impact
from policy_model.views.diff import labelled
from policy_model.views.impact_labels import ImpactLabels

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_incidents.csv"
WORDS = ImpactLabels(AS_WRITTEN, PROPOSED)


@pytest.fixture(scope="module")
def result() -> Impact:
    return impact(load_incidents(SAMPLE).head(400), AS_WRITTEN, PROPOSED)


def test_transition_rows_take_the_old_editions_labels_and_columns_the_new_ones(
    result: Impact,
) -> None:
    table = labelled(result, WORDS).pathways
    old_adult = AS_WRITTEN.pathway["adult_image_abuse"].label
    new_adult = PROPOSED.pathway["adult_image_abuse"].label
    assert old_adult != new_adult  # the 18+ route is worded differently in 2024
    assert table.columns[0] == "Pathway under redbridge-2018"
    assert old_adult in set(table.iloc[:, 0]) and new_adult not in set(table.iloc[:, 0])
    assert new_adult in table.columns and old_adult not in table.columns


def test_labels_change_no_figure(result: Impact) -> None:
    shown = labelled(result, WORDS)
    for (name, before), (_, after) in zip(result.tables(), shown.tables(), strict=True):
        assert before.shape == after.shape, name
        assert (before.iloc[:, 1:].to_numpy() == after.iloc[:, 1:].to_numpy()).all(), name


def test_status_agency_and_referral_tables_are_labelled(result: Impact) -> None:
    shown = labelled(result, WORDS)
    assert list(shown.by_quarter.columns) == [
        "Quarter",
        "Changes",
        "Might change",
        "Unchanged",
        "All",
    ]
    assert "Children's social care" in set(shown.by_agency["Agency"])
    assert list(shown.referrals.columns) == [
        "Quarter", "Referred under redbridge-2018", "Referred under redbridge-2024-proposed",
        "Change",
    ]  # fmt: skip
    assert shown.pathways.iloc[-1, 0] == "All"


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


@pytest.mark.needs_dot
def test_diff_writes_labels_and_codes_keeps_the_slugs(tmp_path: Path) -> None:
    data = tmp_path / "few.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(lines[:301]), encoding="utf-8")
    labels, codes = tmp_path / "labels", tmp_path / "codes"
    base = ["diff", AS_WRITTEN.id, PROPOSED.id, "--data", str(data)]
    assert cli.main([*base, "-o", str(labels)]) == 0
    assert cli.main([*base, "-o", str(codes), "--codes"]) == 0
    assert _header(labels / "pathway_transitions.csv")[:2] == [
        "Pathway under redbridge-2018",
        PROPOSED.pathway["refer_immediately"].label,
    ]
    assert _header(codes / "pathway_transitions.csv")[:2] == ["old_pathway", "refer_immediately"]
    report = (labels / "impact.md").read_text(encoding="utf-8")
    assert "| Pathway under redbridge-2018 |" in report and "| refer_immediately |" not in report
