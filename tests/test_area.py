"""The optional ``area`` column: any short name or code, read as a category; the sample has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_model import load_incidents
from policy_model.incidents.dataset import DatasetError
from policy_model.model.columns import COLUMNS

SAMPLE = Path(__file__).parent.parent / "data" / "sample_incidents.csv"


def test_area_is_declared_once_as_an_optional_open_category() -> None:
    area = COLUMNS["area"]
    assert area.open and not area.required and area.values == ()


def test_the_loader_reads_areas_as_found_and_blank_as_not_known(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    head = [text[0], *text[1:4]]
    rows = [line.rsplit(",", 1)[0] + "," + area for line, area in zip(head[1:], ['"Ward 7"', "", "E05011234"], strict=True)]  # fmt: skip
    (tmp_path / "a.csv").write_text("\n".join([head[0], *rows]) + "\n", encoding="utf-8")
    frame = load_incidents(tmp_path / "a.csv")
    assert list(frame["area"].cat.categories) == ["E05011234", "Ward 7"]
    assert frame["area"].isna().tolist() == [False, True, False]


def test_a_long_or_odd_area_is_refused_naming_row_and_column(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    bad = text[1].rsplit(",", 1)[0] + ',"see notes: " ' + "x" * 60
    (tmp_path / "a.csv").write_text("\n".join([text[0], bad]) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"row 2, area: is not a short name or code") as e:
        load_incidents(tmp_path / "a.csv")
    assert "see notes" not in str(e.value)  # free text is never echoed


def test_the_sample_has_areas() -> None:
    frame = load_incidents(SAMPLE)
    assert set(frame["area"].cat.categories) == {"central", "east", "north", "south", "west"}
    assert 0 < frame["area"].isna().sum() < 0.05 * len(frame)


def test_the_committed_population_file_is_the_generators() -> None:
    """data/population.csv is ``synthesise_population()`` (``make sample`` writes both)."""
    from policy_model.incidents.synth_areas import synthesise_population
    from policy_model.stats.population import load_population

    committed = load_population(SAMPLE.parent / "population.csv")
    made = synthesise_population().sort_values(["year", "area", "sex", "age"])
    assert committed.equals(made.reset_index(drop=True))
