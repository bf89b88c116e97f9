"""``policy-model spc``: a series file in, its XmR chart out; bad input exits 2 naming rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policy_model.cli import main

VALUES = [5, 6, 4, 5, 6, 5, 4, 8, 9, 8, 9, 8, 9, 8, 9, 12]
MONTHS = [str(m) for m in pd.period_range("2024-01", periods=len(VALUES), freq="M")]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_spc_writes_limits_and_signals(tmp_path: Path) -> None:
    series = pd.DataFrame({"period": MONTHS, "value": VALUES})
    series.to_csv(tmp_path / "s.csv", index=False)
    assert main(["spc", str(tmp_path / "s.csv"), "-o", str(tmp_path / "out.csv")]) == 0
    out = pd.read_csv(tmp_path / "out.csv")
    assert list(out.columns) == [
        "period", "value", "mean", "lower_limit", "upper_limit", "signal"
    ]  # fmt: skip
    assert out["signal"].iloc[-1] == "special_cause_high"
    assert out["signal"].iloc[0] == "special_cause_low"


def test_phase_start_recalculates_the_limits(tmp_path: Path) -> None:
    pd.DataFrame({"period": MONTHS, "value": VALUES}).to_csv(tmp_path / "s.csv", index=False)
    args = ["spc", str(tmp_path / "s.csv"), "-o", str(tmp_path / "o.csv")]
    assert main([*args, "--phase-start", "2024-08"]) == 0
    out = pd.read_csv(tmp_path / "o.csv")
    assert out["mean"].iloc[0] == pytest.approx(5.0)
    assert out["mean"].iloc[-1] == pytest.approx(sum(VALUES[7:]) / 9)


def test_bad_rows_exit_2_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path / "b.csv", "period,value\n2024-01,5\n2024-02,x\n2024-02,4\n24-05,5\n")
    assert main(["spc", str(bad), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "row 3, value: 'x' not a number" in err
    assert "row 4, period: '2024-02' repeats row 3" in err
    assert "row 5, period: '24-05' not a period" in err
    assert not (tmp_path / "o.csv").exists()


def test_unknown_and_missing_columns_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path / "b.csv", "month,count\n2024-01,5\n")
    assert main(["spc", str(bad), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "month: unknown column" in err and "value: required column missing" in err


def test_never_writes_over_its_input(tmp_path: Path) -> None:
    series = _write(tmp_path / "s.csv", "period,value\n2024-01,5\n2024-02,6\n")
    assert main(["spc", str(series), "-o", str(series)]) == 2
    assert series.read_text(encoding="utf-8") == "period,value\n2024-01,5\n2024-02,6\n"


def test_a_phase_start_not_in_the_series_is_refused(tmp_path: Path) -> None:
    series = _write(tmp_path / "s.csv", "period,value\n2024-01,5\n2024-02,6\n")
    assert (
        main(["spc", str(series), "-o", str(tmp_path / "o.csv"), "--phase-start", "2023-01"]) == 2
    )
