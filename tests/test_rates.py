"""Population files, and rates per 10,000 children with exact Poisson intervals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policy_model.incidents.dataset import DatasetError
from policy_model.stats.periods import parse_period
from policy_model.stats.population import load_population, mid_year_for
from policy_model.stats.rates import RATE_COLUMNS, poisson_interval, rates


def test_exact_poisson_interval_matches_published_table() -> None:
    """Garwood's exact limits as tabulated (e.g. Ulm 1990; PHE's technical guide, table 2):
    0 -> (0, 3.689), 1 -> (0.0253, 5.572), 10 -> (4.795, 18.390), 20 -> (12.217, 30.888)."""
    lower, upper = poisson_interval(np.array([0, 1, 10, 20]))
    assert np.round(lower, 3).tolist() == [0.0, 0.025, 4.795, 12.217]
    assert np.round(upper, 3).tolist() == [3.689, 5.572, 18.39, 30.888]


@pytest.mark.parametrize(
    ("period", "year"), [("2024-25", 2024), ("2024", 2024), ("2025Q1", 2025), ("2023Q4", 2023)]
)
def test_mid_year_for(period: str, year: int) -> None:
    """A financial year 2024-25 uses mid-2024; a calendar year its own; a quarter its year."""
    assert mid_year_for(parse_period(period)) == year


def _tidy(tmp_path: Path, *, areas: tuple[str, ...] = ("north", "south")) -> Path:
    rows = [
        (year, area, sex, age, 100)
        for year in (2024, 2025)
        for area in areas
        for sex in ("female", "male")
        for age in range(0, 20)
    ]
    path = tmp_path / "pop.csv"
    pd.DataFrame(rows, columns=["year", "area", "sex", "age", "population"]).to_csv(
        path, index=False
    )
    return path


def test_tidy_and_ons_layouts_read_alike(tmp_path: Path) -> None:
    tidy = load_population(_tidy(tmp_path))
    wide = tidy.pivot_table(
        index=["area", "sex", "age"], columns="year", values="population"
    ).reset_index()
    wide.columns = ["area", "sex", "age", "population_2024", "population_2025"]
    wide[["population_2024", "population_2025"]] = wide[
        ["population_2024", "population_2025"]
    ].astype(int)
    wide["sex"] = wide["sex"].map({"female": "2", "male": "1"})  # ONS codes
    wide.to_csv(tmp_path / "ons.csv", index=False)
    assert load_population(tmp_path / "ons.csv").equals(tidy)


def test_a_mapping_renames_and_leaves_out_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Mid year,Sex,Age,Count,Country\n2024,F,90+,5,England\n", encoding="utf-8")
    out = load_population(
        path, mapping={"Mid year": "year", "Count": "population", "Country": None}
    )
    assert out.to_dict("records") == [
        {"year": 2024, "area": "all", "sex": "female", "age": 90, "population": 5}
    ]


def test_bad_population_values_name_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "year,sex,age,population\n2024,female,3,10\n2024,persons,3,x\n2024,female,3,10\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        load_population(path)
    text = str(caught.value)
    assert "p.csv: row 3, sex: 'persons' is not one of ['female', 'male']" in text
    assert "row 3, population: 'x' is not a whole number" in text
    assert "row 4: repeats year 2024" in text


def _incidents(spec: list[tuple[str, int | None, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "reported_month": [s[0] for s in spec],
            "age_pictured": pd.array([s[1] for s in spec], dtype="Int8"),
            "gender_pictured": [s[2] for s in spec],
            "area": pd.array([s[3] for s in spec], dtype="string"),
        }
    )


def test_rates_over_the_matching_population(tmp_path: Path) -> None:
    pop = load_population(_tidy(tmp_path))
    spec = (
        [("2024-05", 14, "female", "north")] * 30
        + [("2024-06", 16, "male", "south")] * 12
        + [("2024-07", None, "unknown", "south")] * 8
        + [("2024-07", 19, "female", "north")] * 7  # 18+: in the total, in no band's rate
        + [("2023-07", 14, "female", "north")] * 40  # outside the period
    )
    out = rates(_incidents(spec), pop, parse_period("2024-25"))
    assert tuple(out.columns) == RATE_COLUMNS
    row = out.set_index(["dimension", "group"])
    # all children aged 0-17 in mid-2024: 2 areas x 2 sexes x 18 ages x 100
    assert row.loc[("all", "all"), "population"] == 7200
    assert row.loc[("all", "all"), "incidents"] == 57  # every incident, as the summary counts
    assert row.loc[("all", "all"), "rate_per_10000"] == pytest.approx(57 / 7200 * 1e4, abs=0.01)
    assert row.loc[("age_band", "18_and_over"), "incidents"] == 7
    assert row.loc[("age_band", "18_and_over"), "marker"] == "z"  # no children's rate
    assert row.loc[("age_band", "13_to_15"), "population"] == 2 * 2 * 3 * 100
    assert row.loc[("age_band", "not_known"), "marker"] == "z"
    assert row.loc[("sex", "male"), "marker"] == "u"  # 12 incidents: fewer than 20
    assert row.loc[("area", "north"), "population"] == 3600
    assert row.loc[("area", "north"), "incidents"] == 37
    lo, hi = poisson_interval(37)
    assert row.loc[("area", "north"), "lower_95"] == pytest.approx(lo / 3600 * 1e4, abs=0.01)
    assert row.loc[("area", "north"), "upper_95"] == pytest.approx(hi / 3600 * 1e4, abs=0.01)


def test_a_withheld_count_withholds_its_rate(tmp_path: Path) -> None:
    pop = load_population(_tidy(tmp_path))
    spec = [("2024-05", 14, "female", "north")] * 30 + [("2024-06", 16, "male", "south")] * 4
    out = rates(_incidents(spec), pop, parse_period("2024-25")).set_index(["dimension", "group"])
    south = out.loc[("area", "south")]
    assert south["marker"] == "c" and pd.isna(south["incidents"])
    assert pd.isna(south["rate_per_10000"]) and pd.isna(south["lower_95"])
    # and so its complement, which would give it away by subtraction from the total
    assert out.loc[("area", "north"), "marker"] == "c"


def test_no_rate_below_three(tmp_path: Path) -> None:
    pop = load_population(_tidy(tmp_path))
    spec = [("2024-05", 14, "female", "north")] * 30
    out = rates(_incidents(spec), pop, parse_period("2024-25")).set_index(["dimension", "group"])
    assert out.loc[("sex", "male"), "incidents"] == 0
    assert out.loc[("sex", "male"), "marker"] == "x"
    assert pd.isna(out.loc[("sex", "male"), "rate_per_10000"])


def test_a_period_without_its_estimate_is_refused(tmp_path: Path) -> None:
    pop = load_population(_tidy(tmp_path))
    with pytest.raises(ValueError, match="mid-2022 population estimate"):
        rates(_incidents([("2022-05", 14, "female", "north")]), pop, parse_period("2022-23"))


def test_a_whole_number_saved_as_a_decimal_is_read_but_a_fraction_is_not(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('year,sex,age,population\n2024,male,3,"1,428.0"\n', encoding="utf-8")
    assert load_population(path)["population"].tolist() == [1428]
    path.write_text("year,sex,age,population\n2024,male,3,428.5\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"row 2, population: '428.5'"):
        load_population(path)
