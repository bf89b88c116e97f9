"""``summarise --period --population``: the period's tables, rates and funnel; SPC series and
comparisons from the whole file; every output naming its kind of year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policy_model.cli import main
from policy_model.incidents.synth import synthesise
from policy_model.incidents.synth_areas import synthesise_population
from policy_model.stats.rates import RATE_COLUMNS


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    where = tmp_path_factory.mktemp("board")
    data, population = where / "incidents.csv", where / "population.csv"
    synthesise(600, seed=7).to_csv(data, index=False)
    synthesise_population().to_csv(population, index=False)
    return data, population


def test_period_and_population(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, population = inputs
    out = tmp_path / "out"
    args = ["summarise", str(data), "-o", str(out), "--period", "2024-25"]
    assert main([*args, "--population", str(population)]) == 0
    in_period = pd.read_csv(data, dtype=str)["reported_month"].between("2024-04", "2025-03")
    category = pd.read_csv(out / "category.csv", dtype=str)
    assert int(category.loc[category["category"] == "all", "count"].iloc[0]) == in_period.sum()
    rates = pd.read_csv(out / "rates.csv", dtype=str)
    assert tuple(rates.columns) == RATE_COLUMNS
    assert set(rates["period"]) == {"financial year 2024-25"}
    assert "area" in set(rates["dimension"])
    spc = pd.read_csv(out / "spc.csv", dtype=str)
    assert spc.loc[spc["series"] == "all", "period"].tolist()[0] == "2022-04"  # the whole file
    comparison = pd.read_csv(out / "comparison.csv", dtype=str)
    assert set(comparison["period"]) == {"financial year 2024-25", "financial year 2023-24"}
    assert "financial year, April to March" in (out / "about.txt").read_text(encoding="utf-8")
    overall = rates[rates["dimension"] == "all"]["incidents"].iloc[0]
    assert (out / "funnel.csv").exists() == (overall != "c")  # no target, no funnel
    assert (out / "spc_all.png").exists()


def test_without_a_period_the_board_covers_the_whole_file(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    data, _ = inputs
    assert main(["summarise", str(data), "-o", str(tmp_path / "o")]) == 0
    assert not (tmp_path / "o" / "rates.csv").exists()
    ranges = pd.read_csv(tmp_path / "o" / "ranges.csv", dtype=str)
    assert set(ranges["period"]) == {"2022-04 to 2025-03"}


def test_a_bad_population_file_exits_2_naming_row_and_column(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = inputs
    bad = tmp_path / "pop.csv"
    bad.write_text("year,sex,age,population\n2024,female,3,ten\n", encoding="utf-8")
    args = ["summarise", str(data), "-o", str(tmp_path / "o"), "--population", str(bad)]
    assert main(args) == 2
    assert "pop.csv: row 2, population: 'ten' is not a whole number" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_population_without_the_periods_estimate_exits_2(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, population = inputs
    pop = pd.read_csv(population)
    pop[pop["year"] != 2024].to_csv(tmp_path / "p.csv", index=False)
    args = ["summarise", str(data), "-o", str(tmp_path / "o"), "--period", "2024-25"]
    assert main([*args, "--population", str(tmp_path / "p.csv")]) == 2
    assert "mid-2024 population estimate" in capsys.readouterr().err


def test_an_unknown_period_exits_2_naming_the_forms(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["summarise", str(inputs[0]), "-o", str(tmp_path / "o"), "--period", "Q1 2025"])
    assert caught.value.code == 2
    assert "a quarter such as 2025Q1" in capsys.readouterr().err


def test_linked_figures_keep_the_summarys_withheld_cells_withheld(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    """Attacks: a category withheld in category.csv read from comparison.csv or ranges.csv, or
    as the sum of its months in spc.csv; an age band or gender withheld in the summary read
    from rates.csv (whose counts are the summary's own, withheld alike)."""
    data, population = inputs
    out = tmp_path / "out"
    args = ["summarise", str(data), "-o", str(out), "--period", "2025Q1"]
    assert main([*args, "--population", str(population)]) == 0
    category = pd.read_csv(out / "category.csv", dtype=str).set_index("category")["count"]
    chosen = pd.read_csv(out / "comparison.csv", dtype=str)
    chosen = chosen[chosen["comparison"] == "chosen"].set_index("category")["incidents"]
    ranges = pd.read_csv(out / "ranges.csv", dtype=str)
    settled = ranges[ranges["dimension"] == "category"].set_index("group")["settled"]
    assert (category == "c").any()  # the attack has something to find
    for name, count in category.items():
        assert chosen[name] == count
        if name != "all":
            assert settled[name] == count
    rates = pd.read_csv(out / "rates.csv", dtype=str).set_index(["dimension", "group"])
    for table, dim in (("age_band", "age_band"), ("gender", "sex")):
        margin = pd.read_csv(out / f"{table}.csv", dtype=str)
        margin = margin[margin["subtype"] == "all"].set_index(table)["count"]
        for group, count in margin.items():
            if group == "all":
                assert rates.loc[("all", "all"), "incidents"] == count
            elif (dim, group) in rates.index:
                assert rates.loc[(dim, group), "incidents"] == count, (dim, group)
    spc = pd.read_csv(out / "spc.csv", dtype=str)
    for name in category[category == "c"].index:
        assert name not in set(spc["series"])  # its months would add up to it


def test_a_phase_start_works_out_the_spc_limits_afresh_from_that_month(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    """NHS Making Data Count: a new recording system or edition starts a new phase, with its
    own mean and limits; the months before it keep theirs."""
    data, _ = inputs
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["summarise", str(data), "-o", str(one)]) == 0
    assert main(["summarise", str(data), "-o", str(two), "--phase-start", "2023-10"]) == 0
    before = pd.read_csv(one / "spc.csv").query("series == 'all'").set_index("period")
    after = pd.read_csv(two / "spc.csv").query("series == 'all'").set_index("period")
    assert before["value"].equals(after["value"])
    assert before["mean"].nunique() == 1 and after["mean"].nunique() == 2
    late = after.index >= "2023-10"
    assert after.loc[late, "mean"].nunique() == 1 and after.loc[~late, "mean"].nunique() == 1
    assert after.loc[late, "mean"].iloc[0] != after.loc[~late, "mean"].iloc[0]


def test_a_phase_start_that_is_not_a_month_is_refused(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = inputs
    with pytest.raises(SystemExit) as stopped:
        main(["summarise", str(data), "-o", str(tmp_path / "x"), "--phase-start", "2023-13"])
    assert stopped.value.code == 2
    assert "'2023-13' is not a month as YYYY-MM" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
