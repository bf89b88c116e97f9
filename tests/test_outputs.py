"""Outputs never replace an input or another output; summarise deletes only its own files;
no CSV we write carries a live formula (issue 17, items 1, 2, 4 and 11)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from policy_model import cli
from policy_model.incidents import paths
from policy_model.incidents.files import csv_safe, csv_safe_frame, write_table
from policy_model.views.report import MARKER

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_incidents.csv"
EXPORT = ROOT / "tests" / "data" / "local_export.csv"
EXPORT_MAPPING = ROOT / "tests" / "data" / "local_export.mapping.yaml"


def _sample(tmp_path: Path, rows: int = 40, bad: bool = False) -> Path:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[: rows + 1]
    if bad:
        lines[2] = lines[2].replace('"school"', '"nowhere"', 1)
    target = tmp_path / "in.csv"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str]:
    status = cli.main([str(a) for a in argv])
    return status, capsys.readouterr().err


# ---- item 1: an output is never an input or another output ----------------------------------


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_rejects_onto_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    source = _sample(tmp_path, bad=True)
    before = source.read_bytes()
    out = tmp_path / "out.csv"
    status, err = _run(
        capsys, "classify", source, "--rejects", source, "-o", out, "--engine", engine
    )
    assert status == cli.EXIT_BAD_INPUT
    assert str(source) in err and "input" in err
    assert source.read_bytes() == before
    assert not out.exists()


def test_output_onto_the_export_or_the_mapping_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "e.csv"
    mapping = tmp_path / "m.yaml"
    shutil.copy(EXPORT, export)
    shutil.copy(EXPORT_MAPPING, mapping)
    for target in (export, mapping):
        before = target.read_bytes()
        status, err = _run(capsys, "classify", export, "--mapping", mapping, "-o", target)
        assert status == cli.EXIT_BAD_INPUT, target
        assert err.count(str(target)) >= 2  # both paths named (here the same one)
        assert target.read_bytes() == before


def test_a_link_to_the_input_is_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path)
    before = source.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    hard = tmp_path / "hard.csv"
    os.link(source, hard)
    for target in (link, hard):
        status, err = _run(capsys, "classify", source, "-o", target)
        assert status == cli.EXIT_BAD_INPUT
        assert str(target) in err and str(source) in err
    assert source.read_bytes() == before


def test_rejects_and_output_the_same_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path, bad=True)
    same = tmp_path / "x.csv"
    status, err = _run(capsys, "classify", source, "--rejects", same, "-o", same)
    assert status == cli.EXIT_BAD_INPUT
    assert "another output" in err
    assert not same.exists()


def test_map_never_replaces_a_mapping_or_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "e.csv"
    shutil.copy(EXPORT, export)
    edited = tmp_path / "m.yaml"
    edited.write_text("# edited by hand\n", encoding="utf-8")
    status, err = _run(capsys, "map", export, "-o", edited)
    assert status == cli.EXIT_BAD_INPUT and "--force" in err
    assert edited.read_text(encoding="utf-8") == "# edited by hand\n"
    assert _run(capsys, "map", export, "-o", edited, "--force")[0] == 0
    assert "columns:" in edited.read_text(encoding="utf-8")
    export_yaml = tmp_path / "e.yaml"
    export_yaml.write_bytes(export.read_bytes())
    assert _run(capsys, "map", export_yaml, "-o", export_yaml, "--force")[0] == 2


def test_summarise_rejects_inside_its_output_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path, bad=True)
    out = tmp_path / "pub"
    status, err = _run(capsys, "summarise", source, "--rejects", out / "r.csv", "-o", out)
    assert status == cli.EXIT_BAD_INPUT and "inside" in err
    assert not out.exists()


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_an_output_that_cannot_be_written_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    source = _sample(tmp_path, bad=True)
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = {
        folder: "is a directory",
        source / "out.csv": "is a file",
    }
    for target, said in cases.items():
        status, err = _run(
            capsys, "classify", source, "--rejects", tmp_path / "r.csv", "-o", target,
            "--engine", engine,
        )  # fmt: skip
        assert status == cli.EXIT_BAD_INPUT, target
        assert said in err, err
        assert not (tmp_path / "r.csv").exists()  # the rejects are not written either


def test_check_outputs_names_both_paths(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("x\n", encoding="utf-8")
    with pytest.raises(paths.InputError, match=f"{a}.*{a}"):
        paths.check_outputs([a], [tmp_path / "." / "a.csv"])
    with pytest.raises(paths.InputError, match="holds the input"):
        paths.check_outputs([a], [], directories=[tmp_path])
    paths.check_outputs([a], [tmp_path / "b.csv"], directories=[tmp_path / "d"])


# ---- item 2: summarise writes only its own files ----------------------------------------------


def test_summarise_twice_keeps_every_other_file_and_refuses_a_foreign_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path)
    out = tmp_path / "pub"
    assert _run(capsys, "summarise", source, "-o", out)[0] == 0
    listed = (out / MARKER).read_text(encoding="utf-8")
    assert "category.csv" in listed and "report.md" in listed
    assert _run(capsys, "summarise", source, "-o", out)[0] == 0  # its own files: replaced
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    status, err = _run(capsys, "summarise", source, "-o", out)
    assert status == cli.EXIT_BAD_INPUT and "keep.txt" in err
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    # the input it has just read, inside the directory: refused, never deleted
    inside = out / "in.csv"
    shutil.copy(source, inside)
    (out / "keep.txt").unlink()
    status, err = _run(capsys, "summarise", inside, "-o", out)
    assert status == cli.EXIT_BAD_INPUT
    assert inside.exists()


def test_summarise_into_an_empty_directory_writes_its_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path)
    out = tmp_path / "empty"
    out.mkdir()
    assert _run(capsys, "summarise", source, "-o", out)[0] == 0
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    listed = set((out / MARKER).read_text(encoding="utf-8").splitlines()[1:])
    assert written - {MARKER} == listed


def test_a_marker_alone_does_not_license_deleting_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path)
    out = tmp_path / "old"
    out.mkdir()
    (out / MARKER).write_text("redbridge-2018\n", encoding="utf-8")  # an old, bare marker
    (out / "analysis.ipynb").write_text("{}", encoding="utf-8")
    assert _run(capsys, "summarise", source, "-o", out)[0] == cli.EXIT_BAD_INPUT
    assert (out / "analysis.ipynb").exists()


def test_a_forged_manifest_cannot_delete_outside_the_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep", encoding="utf-8")
    out = tmp_path / "pub"
    out.mkdir()
    (out / MARKER).write_text(f"# forged\n../precious.txt\n{precious}\n", encoding="utf-8")
    assert _run(capsys, "summarise", source, "-o", out)[0] == 0
    assert precious.read_text(encoding="utf-8") == "keep"
    assert "precious" not in (out / MARKER).read_text(encoding="utf-8")


# ---- item 4: no live formula in a CSV we write ------------------------------------------------


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("x")']
NUMBERS = ["-3", "+4", "-1.5", "12", "-0.5e3"]


def test_formulas_are_neutralised_and_numbers_kept(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": FORMULAS + NUMBERS, "n": range(len(FORMULAS + NUMBERS))})
    frame["category"] = frame["text"].astype("category")
    target = tmp_path / "x.csv"
    write_table(frame, target)
    back = pd.read_csv(target, dtype=str, keep_default_na=False)
    for column in ("text", "category"):
        assert back[column].tolist() == ["'" + f for f in FORMULAS] + NUMBERS
    assert back["n"].tolist() == [str(i) for i in range(len(FORMULAS + NUMBERS))]
    safe = csv_safe_frame(pd.DataFrame({"v": ["=x", "-1", 5, None], "@h": [1, 2, 3, 4]}))
    assert safe["v"].tolist()[:3] == ["'=x", "-1", 5]
    assert list(safe.columns) == ["v", "'@h"]
    write_table(pd.DataFrame({"=h": ["a"]}), target)
    assert target.read_text(encoding="utf-8").splitlines()[0] == '"\'=h"'


def test_formulas_are_found_in_every_layout_of_a_column() -> None:
    """The first bytes are read from the buffers: a formula in a later chunk, just past a
    slice's start, in a wide or dictionary column, or after nulls and empty cells is found."""
    cells = ["a", None, "", *FORMULAS, *NUMBERS, "b"]
    expected = ["'" + c if c in FORMULAS else c for c in cells]
    plain = pa.array(cells, pa.string())
    layouts = {
        "chunks": pa.chunked_array([pa.array(["a", "b"]), plain]),
        "wide": pa.chunked_array([pa.array(cells, pa.large_string())]),
        "dictionary": pa.chunked_array([plain.dictionary_encode()]),
    }
    for i in range(len(cells)):
        layouts[f"slice {i}"] = pa.chunked_array([plain.slice(i)])
    for name, column in layouts.items():
        got = csv_safe(pa.table({"v": column}))["v"].to_pylist()
        want = expected if not name.startswith("slice") else expected[int(name.split()[1]) :]
        if name == "chunks":
            want = ["a", "b", *expected]
        assert got == want, name
    hidden = pa.array(["=x", "ok", "fine"]).slice(1)  # a formula before the slice is not in it
    assert csv_safe(pa.table({"v": hidden}))["v"].to_pylist() == ["ok", "fine"]
    last = pa.array(["ok", "fine", "=x"]).slice(2)  # one cell, past the buffers' start
    assert csv_safe(pa.table({"v": last}))["v"].to_pylist() == ["'=x"]


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_rejects_and_outputs_carry_no_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    source = _sample(tmp_path)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[0] += ",extra"
    lines[1:] = [line + ",=1+2" for line in lines[1:]]
    lines[2] = lines[2].replace('"school"', '"=cmd|calc"', 1)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, rejects = tmp_path / "o.csv", tmp_path / "r.csv"
    status, _ = _run(
        capsys, "classify", source, "-o", out, "--rejects", rejects,
        "--allow-column", "extra", "--engine", engine,
    )  # fmt: skip
    assert status == 0
    for written in (out, rejects):
        table = pd.read_csv(written, dtype=str, keep_default_na=False)
        cells = table.to_numpy().ravel().tolist()
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], written
        assert "'=1+2" in cells
    assert "'=cmd|calc" in rejects.read_text(encoding="utf-8")


# ---- item 11: stale temporary files, the same permissions -------------------------------------


def test_stale_temporaries_are_removed_fresh_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    stale = tmp_path / ".out.csv.abc123.tmp"
    fresh = tmp_path / ".out.csv.def456.tmp"
    stale_dir = tmp_path / ".out.csv.ghi789.tmp"
    other = tmp_path / ".other.csv.abc.tmp"
    for path in (stale, fresh, other):
        path.write_text("x", encoding="utf-8")
    stale_dir.mkdir()
    old = time.time() - 2 * paths.STALE_SECONDS
    for path in (stale, stale_dir, other):
        os.utime(path, (old, old))
    write_table(pd.DataFrame({"a": [1]}), target)
    assert not stale.exists() and not stale_dir.exists()
    assert fresh.exists() and other.exists()


def test_both_engines_write_rejects_with_the_same_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sample(tmp_path, bad=True)
    modes = []
    for engine in ("pandas", "duckdb"):
        rejects = tmp_path / f"r-{engine}.csv"
        status, _ = _run(
            capsys, "classify", source, "-o", tmp_path / f"o-{engine}.csv",
            "--rejects", rejects, "--engine", engine,
        )  # fmt: skip
        assert status == 0
        modes.append(rejects.stat().st_mode & 0o777)
    assert modes[0] == modes[1]


# ---- item 5: a refused value is never echoed ---------------------------------------------------

SECRETS = {
    "agency": "jo.bloggs@example.org",
    "platform": "07700 900123",
    "reported_month": "2023-04-17",
    "extra": "Jamie Smith",
}


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_refused_values_are_withheld_in_messages_and_rejects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(10)
    frame["extra"] = "ok"
    for i, (column, value) in enumerate(SECRETS.items()):
        frame.loc[i, column] = value
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    out, rejects = tmp_path / "o.csv", tmp_path / "r.csv"
    argv = ["classify", source, "-o", out, "--allow-column", "extra", "--engine", engine]
    status, err = _run(capsys, *argv)
    assert status == cli.EXIT_BAD_INPUT
    status, err2 = _run(capsys, *argv, "--rejects", rejects)
    assert status == 0
    written = rejects.read_text(encoding="utf-8")
    for said in (err, err2, written):
        for value in SECRETS.values():
            assert value not in said
    assert "<withheld>" in err and "'<withheld>'" not in err
    table = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    for column in SECRETS:
        assert "<withheld>" in table[column].tolist(), column


def test_long_values_are_cut_in_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(3)
    frame.loc[0, "agency"] = "x" * 5000
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    status, err = _run(capsys, "validate", source)
    assert status == cli.EXIT_BAD_INPUT
    assert "x" * 100 not in err and "xxx…" in err


def test_the_notebook_loader_never_writes_rejects_over_its_dataset(tmp_path: Path) -> None:
    from policy_model.views.trends import load

    source = _sample(tmp_path, bad=True)
    before = source.read_bytes()
    with pytest.raises(paths.InputError, match="input"):
        load(source, rejects=source)
    assert source.read_bytes() == before
