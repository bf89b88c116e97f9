"""Identifiers are caught by name and by value, `map` never proposes one, and --allow-column
lets no initials or names through (issue 17, item 6)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from policy_model import cli
from policy_model.incidents import guard
from policy_model.incidents.id_checks import all_distinct
from policy_model.incidents.propose import propose_mapping

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_incidents.csv"

SCHOOL_LOG = [
    "Incident ref", "Date of incident", "Pupil initials", "Year group", "Sex", "App used",
    "Shared beyond intended recipient?", "Adult involved?", "Pressured/coerced?",
    "Sent to hurt or embarrass?", "SEN/CP/LAC", "Action taken", "Notes",
]  # fmt: skip
IDENTIFYING_HEADERS = [
    "Pupil initials", "Initials", "Forename", "Surname", "Child's name", "UPN", "ULN",
    "Pupil ULN", "Unique learner number", "NHS number", "Date of birth", "DOB", "Postcode",
    "Email", "Phone", "Mobile number",
]  # fmt: skip


@pytest.mark.parametrize("header", IDENTIFYING_HEADERS)
def test_identifying_headers_are_caught_by_name(header: str) -> None:
    assert guard.identifying_column(header) is not None


@pytest.mark.parametrize("header", ["Vulnerable", "vulnerable", "Year group", "Sex", "App used"])
def test_ordinary_headers_are_not(header: str) -> None:
    assert guard.identifying_column(header) is None


def test_map_never_proposes_mapping_an_identifying_column() -> None:
    rows = [["A1", "17/04/2023", "J.S.", "Year 9", "F", "Snapchat", "No", "No", "No", "No",
             "SEN", "Managed in school", "x"]]  # fmt: skip
    table = pa.table({h: [r[i] for r in rows] for i, h in enumerate(SCHOOL_LOG)})
    text = propose_mapping(table, source="log.csv").text
    columns = text.split("columns:")[1].split("drop:")[0] if "drop:" in text else text
    assert "Pupil initials" not in columns.split("# TODO")[0]
    assert '"Pupil initials"' in text or "Pupil initials   #" in text
    assert "Date of incident: reported_month" in text  # a date is mapped, and cut to the month


def _with_extra(tmp_path: Path, values: list[str]) -> Path:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(len(values))
    frame["Ref2"] = values
    target = tmp_path / "in.csv"
    frame.to_csv(target, index=False)
    return target


@pytest.mark.parametrize(
    "values",
    [
        ["JS", "AB", "KL", "MN", "PQ", "RT"],
        ["J.S.", "A.B", "K. L.", "M.N.", "P.Q.", "R.T."],
        ["Jamie S", "Alex B", "Kai L", "Mo N", "Pat Q", "Ray T"],
        ["Jamie", "Alex", "Kai", "Mo", "Pat", "Ray", "Sam", "Tia", "Uma", "Viv"],
    ],
)
def test_allow_column_does_not_let_initials_or_names_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], values: list[str]
) -> None:
    source = _with_extra(tmp_path, values)
    out = tmp_path / "out.csv"
    status = cli.main(
        ["classify", str(source), "--allow-column", "Ref2", "-o", str(out),
         "--rejects", str(tmp_path / "r.csv")]
    )  # fmt: skip
    err = capsys.readouterr().err
    if status == 0:  # rows set aside, never classified with the value
        written = out.read_text(encoding="utf-8")
        assert not any(v in written for v in values)
    else:
        assert status == cli.EXIT_BAD_INPUT and "initials" in err
    for value in values:
        assert value not in err


def test_allow_column_keeps_a_column_of_a_few_words_repeated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    houses = ["Red", "Blue", "Green", "Gold", "Red", "Blue", "Green", "Gold"] * 3
    source = _with_extra(tmp_path, houses)
    status = cli.main(["validate", str(source), "--allow-column", "Ref2"])
    assert status == 0, capsys.readouterr().err


def test_allow_column_keeps_a_column_of_a_few_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _with_extra(tmp_path, ["SEN", "CP", "LAC", "", "SEN", "CP", "LAC", ""])
    status = cli.main(["validate", str(source), "--allow-column", "Ref2"])
    assert status == 0, capsys.readouterr().err


def test_allow_column_does_not_let_an_identifying_header_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(3)
    frame["Pupil initials"] = ["X", "Y", "Z"]
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    status = cli.main(["validate", str(source), "--allow-column", "Pupil initials"])
    assert status == cli.EXIT_BAD_INPUT
    assert "initials" in capsys.readouterr().err


def test_map_never_lists_initials_among_the_values_seen() -> None:
    initials = ["JS", "AB", "KL", "MN", "PQ", "RT"]
    table = pa.table({"Ref": [f"A{i}" for i in range(6)], "Kid": initials})
    text = propose_mapping(table, source="log.csv").text
    assert "Kid" in text
    assert not any(f"'{v}'" in text or f" {v}," in text for v in initials)


def test_a_repeated_id_is_found_whatever_the_ids_look_like() -> None:
    """Ids of one width are compared by the bytes that differ; any other ids are hashed: a
    repeat is found either way (a missed repeat would let one incident count twice)."""
    same_width = [f"SYN-{i:07d}" for i in range(1000)]
    wide = [f"{i:012d}-{i:05d}" for i in range(1000)]  # more than 8 places differ
    mixed = [f"R{i}" for i in range(1000)]  # of several widths
    for ids in (same_width, wide, mixed):
        assert all_distinct(pa.array(ids))
        for first, second in ((0, 999), (500, 501), (998, 999)):
            repeated = list(ids)
            repeated[second] = repeated[first]
            assert not all_distinct(pa.array(repeated)), (ids[0], first, second)
    assert all_distinct(pa.array(same_width).slice(10, 500))
    assert all_distinct(pa.array(["x", *same_width[:3], "x"]).slice(1, 3))  # repeat outside
    assert not all_distinct(pa.array([*same_width[:3], same_width[7], same_width[7]]).slice(3))
    assert all_distinct(pa.array(["A1", "B1", "A2"])) and not all_distinct(pa.array(["", ""]))
