"""Hostile files (tests/hostile.py makes them): each refused with a message naming the file
(and the row and column where there is one), exit status 2, no traceback, nothing written, and
the same message from both engines (issue 17, items 7, 9, 10 and 11)."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_model import cli
from policy_model.cli.common import MAX_ROWS
from policy_model.incidents import files, limits

from . import hostile

ENGINES = ("pandas", "duckdb")

REFUSED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip bomb": (hostile.zip_bomb_xlsx, "zip bomb"),
    "lying dimension": (hostile.lying_dimension_xlsx, "30,000,000 rows"),
    "formula with no value": (hostile.formula_without_value_xlsx, "row 4, column D: a formula"),
    "30M-row-like parquet": (
        lambda folder: hostile.run_length_parquet(folder, MAX_ROWS + 1),
        "--max-rows",
    ),
    "struct parquet": (hostile.struct_parquet, "'platform' is of type struct"),
    "binary parquet": (hostile.binary_parquet, "'agency' is of type binary"),
    "NUL byte": (hostile.nul_byte_csv, "row 15, incident_id: a NUL byte"),
    "NUL byte far in": (lambda f: hostile.nul_byte_csv(f, row=400), "row 400, incident_id: a NUL"),
    "latin-1 byte far in": (hostile.latin1_csv, "row 3000, incident_id: a byte that is not UTF-8"),
    "long header": (  # the byte is in the second column added after the sample's own
        hostile.long_header_csv,
        f"row 1 (the header), column {len(hostile.sample_lines(0)[0].split(',')) + 2}: a byte",
    ),
}


def _classify(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str]:
    status = cli.main(["classify", *(str(a) for a in argv)])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_files_are_refused_alike_by_both_engines(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, says = REFUSED[case]
    source = make(tmp_path)
    said = []
    for engine in ENGINES:
        out, rejects = tmp_path / f"{engine}.csv", tmp_path / f"{engine}-rejects.csv"
        status, err = _classify(capsys, source, "-o", out, "--rejects", rejects, "--engine", engine)
        assert status == cli.EXIT_BAD_INPUT, (engine, err)
        assert says in err and str(source) in err and "Traceback" not in err, (engine, err)
        assert not out.exists() and not rejects.exists()
        said.append(err)
    assert said[0] == said[1]
    assert not list(tmp_path.glob(".*.tmp"))


def test_max_rows_raises_and_lowers_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = hostile.run_length_parquet(tmp_path, 30, columns=None)
    for engine in ENGINES:
        out = tmp_path / f"{engine}.csv"
        status, err = _classify(capsys, source, "-o", out, "--engine", engine, "--max-rows", "29")
        assert status == cli.EXIT_BAD_INPUT and "30 rows" in err
        status, err = _classify(capsys, source, "-o", out, "--engine", engine)
        assert status == cli.EXIT_BAD_INPUT and "duplicate" in err  # read: the same id 30 times
    bomb = hostile.zip_bomb_xlsx(tmp_path, megabytes=2)  # below the zip-bomb ratio floor
    status, err = _classify(capsys, bomb, "-o", tmp_path / "x.csv", "--max-rows", "100")
    assert status == cli.EXIT_BAD_INPUT and "unpacks to" in err and "--max-rows" in err
    assert MAX_ROWS == limits.MAX_ROWS


@pytest.mark.parametrize("engine", ENGINES)
def test_a_ten_megabyte_field_is_read_by_both_engines(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = hostile.long_field_csv(tmp_path)
    out = tmp_path / "out.csv"
    status, err = _classify(
        capsys, source, "-o", out, "--allow-column", "extra", "--engine", engine
    )
    assert status == 0, err
    assert out.stat().st_size > 10 << 20


@pytest.mark.parametrize("engine", ENGINES)
def test_a_header_starting_bm_is_text_not_an_image(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = hostile.bm_header_csv(tmp_path)
    out = tmp_path / "out.csv"
    status, err = _classify(
        capsys, source, "-o", out, "--allow-column", "BM_ref", "--engine", engine
    )
    assert status == 0, err
    assert "BM_ref" in out.read_text(encoding="utf-8").splitlines()[0]


def test_a_real_bmp_is_still_refused_as_an_image(tmp_path: Path) -> None:
    bmp = tmp_path / "x.csv"
    header = b"BM" + (70).to_bytes(4, "little") + b"\0\0\0\0" + (54).to_bytes(4, "little")
    bmp.write_bytes(header + (40).to_bytes(4, "little") + b"\0" * 52)
    with pytest.raises(files.InputError, match="BMP image"):
        files.read_text_table(bmp)


def test_a_full_disk_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("\n".join(hostile.sample_lines(5)) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out))

    monkeypatch.setattr(files, "_write_csv", full)
    status, err = _classify(capsys, source, "-o", out)
    assert status == cli.EXIT_BAD_INPUT
    assert "No space left on device" in err and str(out) in err
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_an_output_in_a_folder_that_cannot_be_written_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("\n".join(hostile.sample_lines(5)) + "\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr("os.access", lambda path, mode: Path(path) != locked)  # we run as root
    status, err = _classify(capsys, source, "-o", locked / "out.csv")
    assert status == cli.EXIT_BAD_INPUT and "no permission" in err
