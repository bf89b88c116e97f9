"""Loading: typed columns, every problem named by row and column, nothing dropped silently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from policy_model import assess_frame, load_incidents
from policy_model.cli import main
from policy_model.incidents.dataset import DatasetError, validate_incidents

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good_incidents.csv"
BAD = DATA / "bad"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((BAD / "expected.yaml").read_text())


def test_the_corpus_has_an_expectation_for_every_file() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in BAD.glob("*.csv"))


def test_good_file_loads_with_typed_columns() -> None:
    df = load_incidents(GOOD)
    assert len(df) == 3
    assert df["age_pictured"].dtype == "Int8"
    assert df["vulnerable"].dtype == "boolean"
    assert isinstance(df["reported_month"].dtype, pd.PeriodDtype)
    assert list(df["sharing"].cat.categories) == ["none", "partner", "peers", "public"]
    assert df["adult_involved"].tolist() == [False, True, False]
    assert df["recorded_subtype"].isna().tolist() == [False, False, True]


def test_blank_facts_and_ages_load_as_not_known(tmp_path: Path) -> None:
    """A blank cell is not known: it loads as missing, never as a guessed yes or no."""
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame.loc[0, ["vulnerable", "age_pictured", "sharing"]] = ["", "", ""]
    frame.loc[1, "vulnerable"] = "unknown"
    frame["age_youngest_involved"] = ["", "12", "not known"]
    frame.to_csv(tmp_path / "x.csv", index=False)
    df = load_incidents(tmp_path / "x.csv")
    assert df["vulnerable"].isna().tolist() == [True, True, False]
    assert df["age_pictured"].isna().tolist() == [True, False, False]
    assert df["sharing"].isna().tolist() == [True, False, False]
    assert df["age_youngest_involved"].isna().tolist() == [True, False, True]


def test_parquet_loads_like_csv(tmp_path: Path) -> None:
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame["age_pictured"] = frame["age_pictured"].astype(int)  # typed columns are read too
    pq.write_table(pa.Table.from_pandas(frame), tmp_path / "x.parquet")
    from_parquet = load_incidents(tmp_path / "x.parquet")
    pd.testing.assert_frame_equal(from_parquet, load_incidents(GOOD))


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=str)
def test_malformed_file_is_refused_with_row_and_column(name: str) -> None:
    expected = EXPECTED[name]
    checked = validate_incidents(BAD / name, allow_columns=expected.get("allow", ()))
    assert checked.problems, name
    matching = [
        p
        for p in checked.problems
        if p.row == expected.get("row")
        and p.column == expected.get("column")
        and expected["says"] in str(p)
    ]
    assert matching, [str(p) for p in checked.problems]
    with pytest.raises(DatasetError) as error:
        load_incidents(BAD / name, allow_columns=expected.get("allow", ()))
    assert str(BAD / name) in str(error.value)


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=str)
def test_cli_refuses_malformed_files_and_writes_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    allow = [a for column in EXPECTED[name].get("allow", ()) for a in ("--allow-column", column)]
    status = main(["classify", str(BAD / name), "-o", str(out), *allow])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err and EXPECTED[name]["says"] in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_rejects_sets_bad_rows_aside_with_reasons_and_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    mixed = pd.concat([good, good.assign(incident_id=["X-1", "X-2", "X-3"])], ignore_index=True)
    mixed.loc[4, "vulnerable"] = "perhaps"
    mixed.loc[5, "age_pictured"] = "100"
    mixed.to_csv(tmp_path / "in.csv", index=False)
    status = main(
        [
            "classify",
            str(tmp_path / "in.csv"),
            "-o",
            str(tmp_path / "out.csv"),
            "--rejects",
            str(tmp_path / "rejects.csv"),
        ]
    )
    assert status == 0
    assert "4 rows accepted, 2 rejected" in capsys.readouterr().err
    rejects = pd.read_csv(tmp_path / "rejects.csv", dtype=str)
    assert rejects["row"].tolist() == ["6", "7"]
    assert "vulnerable: 'perhaps'" in rejects.at[0, "problems"]
    assert "age_pictured: '100'" in rejects.at[1, "problems"]
    out = pd.read_csv(tmp_path / "out.csv")
    assert len(out) + len(rejects) == len(mixed)


def test_file_level_problems_are_not_rejected_row_by_row(tmp_path: Path) -> None:
    status = main(
        [
            "validate",
            str(BAD / "missing_column.csv"),
            "--rejects",
            str(tmp_path / "r.csv"),
        ]
    )
    assert status == 2 and not (tmp_path / "r.csv").exists()


def test_allowed_extra_column_is_kept(tmp_path: Path) -> None:
    good = pd.read_csv(GOOD, dtype=str, keep_default_na=False).assign(school_house="blue")
    good.to_csv(tmp_path / "in.csv", index=False)
    with pytest.raises(DatasetError, match="school_house"):
        load_incidents(tmp_path / "in.csv")
    assert (
        load_incidents(tmp_path / "in.csv", allow_columns=["school_house"])["school_house"].tolist()
        == ["blue"] * 3
    )


def test_classify_writes_model_columns(tmp_path: Path) -> None:
    assert main(["classify", str(GOOD), "-o", str(tmp_path / "out.parquet")]) == 0
    out = pd.read_parquet(tmp_path / "out.parquet")
    expected = assess_frame(load_incidents(GOOD))
    assert out["subtype"].astype(str).tolist() == expected["subtype"].astype(str).tolist()
    assert out["reasons"].astype(str).tolist() == expected["reasons"].astype(str).tolist()
    assert out["reported_month"].tolist() == ["2024-01", "2024-02", "2024-03"]


def test_classify_refuses_an_unknown_output_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["classify", str(GOOD), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "must end in .csv or .parquet" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_validate_reports_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOOD)]) == 0
    assert "3 incidents, valid and anonymised" in capsys.readouterr().err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_crash_while_writing_leaves_no_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy_model.incidents import files

    def explode(table: object, target: Path) -> None:
        target.write_text("partial")
        raise OSError("disk full")

    monkeypatch.setattr(files, "_write_csv", explode)
    with pytest.raises(OSError, match="disk full"):
        files.write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == []


def test_csv_written_in_blocks_is_one_table_with_one_header(tmp_path: Path) -> None:
    from policy_model.incidents import files

    n = 3 * files._CSV_BLOCK_ROWS + 7
    frame = pd.DataFrame({"i": range(n), "s": pd.Categorical(["a", "b"] * (n // 2) + ["a"])})
    files.write_table(frame, tmp_path / "out.csv")
    back = pd.read_csv(tmp_path / "out.csv")
    assert back["i"].tolist() == list(range(n))
    assert back["s"].tolist() == frame["s"].tolist()
    files.write_table(frame.head(0), tmp_path / "empty.csv")
    empty = pd.read_csv(tmp_path / "empty.csv")
    assert list(empty.columns) == ["i", "s"] and len(empty) == 0


def test_outputs_are_readable_like_ordinary_new_files(tmp_path: Path) -> None:
    import os

    from policy_model.incidents import files

    mask = os.umask(0o022)
    try:
        files.write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.csv")
    finally:
        os.umask(mask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644
