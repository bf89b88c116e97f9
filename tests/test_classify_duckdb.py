"""classify --engine duckdb gives what the pandas engine gives: output, rejects and messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from policy_model import cli
from policy_model.incidents import stream
from policy_model.incidents.synth import synthesise
from policy_model.model.conditions import YOUNGEST

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_incidents.csv"


def text(column: pa.ChunkedArray) -> list[str | None]:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.cast(pa.string()).to_pylist()


def as_text(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def classify(
    source: Path, out: Path, engine: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    code = cli.main(["classify", str(source), "-o", str(out), "--engine", engine, *extra])
    return code, capsys.readouterr().err


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few hundred rows, so that a small file is read in many blocks."""
    monkeypatch.setattr(stream.blocks, "BLOCK_BYTES", 1 << 15)


def generated(tmp_path: Path, *, youngest: bool = True) -> Path:
    frame = synthesise(3000, seed=7, progress=False)
    if not youngest:
        frame = frame.drop(columns=[YOUNGEST])
    path = tmp_path / "generated.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_the_sample_classifies_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    assert classify(SAMPLE, tmp_path / f"pandas{suffix}", "pandas", capsys)[0] == 0
    code, err = classify(SAMPLE, tmp_path / f"duck{suffix}", "duckdb", capsys)
    assert code == 0
    assert err == f"1500 incidents classified under redbridge-2018 -> {tmp_path}/duck{suffix}\n"
    if suffix == ".csv":
        assert (tmp_path / "duck.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    else:
        ours = pq.read_table(tmp_path / "duck.parquet")
        theirs = pq.read_table(tmp_path / "pandas.parquet")
        assert ours.column_names == theirs.column_names
        for name in ours.column_names:
            assert text(ours[name]) == text(theirs[name]), name


@pytest.mark.parametrize("edition", ["redbridge-2018", "redbridge-2024-proposed"])
@pytest.mark.parametrize("youngest", [True, False], ids=["youngest", "no-youngest-column"])
def test_a_generated_file_with_unknowns_in_many_blocks(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    small_blocks: None,
    youngest: bool,
    edition: str,
) -> None:
    """Both editions (the proposal reads a fact as another, and its reasons say so)."""
    source = generated(tmp_path, youngest=youngest)
    assert (as_text(source) == "").to_numpy().sum() > 1000  # many facts not known
    both = ("--edition", edition)
    classify(source, tmp_path / "pandas.csv", "pandas", capsys, *both)
    assert classify(source, tmp_path / "duck.csv", "duckdb", capsys, *both)[0] == 0
    assert (tmp_path / "duck.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    ours, theirs = as_text(tmp_path / "duck.csv"), as_text(tmp_path / "pandas.csv")
    assert "reasons" in ours.columns
    pd.testing.assert_frame_equal(ours, theirs)


def bad_file(tmp_path: Path) -> Path:
    """Bad values, and ids repeated within a block and across blocks."""
    frame = as_text(generated(tmp_path))
    frame.loc[5, "age_pictured"] = "sixteen"
    frame.loc[900, "age_pictured"] = "sixteen"
    frame.loc[1200, "coercion"] = "maybe"
    frame.loc[2900, "incident_id"] = frame.loc[10, "incident_id"]  # another block
    frame.loc[2950, "incident_id"] = frame.loc[10, "incident_id"]
    frame.loc[12, "incident_id"] = frame.loc[11, "incident_id"]  # the same block
    frame.loc[2000, "agency"] = "jane.doe@example.org"
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    return path


def test_a_bad_file_gives_the_same_message_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small_blocks: None
) -> None:
    source = bad_file(tmp_path)
    code, want = classify(source, tmp_path / "pandas.csv", "pandas", capsys)
    assert code == 2
    code, got = classify(source, tmp_path / "out" / "duck.csv", "duckdb", capsys)
    assert code == 2
    assert got == want
    assert "is a duplicate of the id in row 12" in got
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_rejects_are_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small_blocks: None
) -> None:
    source = bad_file(tmp_path)
    pandas_rejects, duck_rejects = tmp_path / "pandas-rejects.csv", tmp_path / "duck-rejects.csv"
    code, want = classify(
        source, tmp_path / "pandas.csv", "pandas", capsys, "--rejects", str(pandas_rejects)
    )
    assert code == 0
    code, got = classify(
        source, tmp_path / "duck.csv", "duckdb", capsys, "--rejects", str(duck_rejects)
    )
    assert code == 0
    assert got.replace(str(duck_rejects), "R").replace(str(tmp_path / "duck.csv"), "O") == (
        want.replace(str(pandas_rejects), "R").replace(str(tmp_path / "pandas.csv"), "O")
    )
    pd.testing.assert_frame_equal(as_text(duck_rejects), as_text(pandas_rejects))
    pd.testing.assert_frame_equal(as_text(tmp_path / "duck.csv"), as_text(tmp_path / "pandas.csv"))
    assert len(as_text(duck_rejects)) == 7


def test_file_problems_and_unreadable_files_are_refused_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = tmp_path / "headers.csv"
    headers.write_text("incident_id,name,age_pictured\nA1,x,14\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    only_header = tmp_path / "only-header.csv"
    only_header.write_text(SAMPLE.read_text().splitlines()[0] + "\n")
    for source in (headers, empty, only_header, tmp_path / "missing.csv"):
        want = classify(source, tmp_path / "p.csv", "pandas", capsys)
        got = classify(source, tmp_path / "d.csv", "duckdb", capsys)
        assert got == want and got[0] == 2, source
        assert not (tmp_path / "d.csv").exists()


def test_a_mapping_and_parquet_input_are_read_as_the_pandas_engine_reads_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = as_text(SAMPLE).rename(columns={"agency": "Referring agency"})
    frame["Notes"] = "free text"
    source = tmp_path / "export.parquet"
    frame.to_parquet(source)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Referring agency: agency\ndrop:\n  - Notes\n")
    extra = ("--mapping", str(mapping))
    assert classify(source, tmp_path / "p.csv", "pandas", capsys, *extra)[0] == 0
    assert classify(source, tmp_path / "d.csv", "duckdb", capsys, *extra)[0] == 0
    assert (tmp_path / "d.csv").read_bytes() == (tmp_path / "p.csv").read_bytes()


def test_the_output_must_be_csv_or_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = classify(SAMPLE, tmp_path / "out.xlsx", "duckdb", capsys)
    assert code == 2
    assert "must end in .csv or .parquet" in err


def test_id_hashes_are_equal_for_equal_ids_wherever_they_come_from() -> None:
    """Ids repeated across blocks are found by their hashes: an id hashes alike in any
    array, slice, chunk or string type; "" and a missing id alike; and a file's worth of
    distinct ids (and near misses: transposed, one byte longer, long ids) hash apart."""
    from policy_model.incidents.id_checks import hashes

    values = ["SYN-0000001", "SYN-0000002", "", None, "é-1", "ab", "ba", "x" * 5000]
    values += ["x" * 4999 + "y", "x" * 5001, "SYN-0000001"]
    array = pa.array(values)
    found = hashes(array)
    assert found[0] == found[-1] and found[2] == found[3]
    assert len(set(found.tolist())) == len(values) - 2
    assert (hashes(array.slice(4, 5)) == found[4:9]).all()
    assert (hashes(pa.array(values, pa.large_string())) == found).all()
    chunked = pa.chunked_array([array.slice(0, 5), array.slice(5)]).combine_chunks()
    assert (hashes(chunked) == found).all()
    assert len(hashes(pa.array([], pa.string()))) == 0
    ids = pa.array([f"SYN-{i:07d}" for i in range(200_000)] + [f"{i}" for i in range(100_000)])
    assert len(set(hashes(ids).tolist())) == len(ids)
