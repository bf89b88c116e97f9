"""A school's export without Excel: `map` proposes constants, facts not known and the recorded
action; blank rows and a trailing totals row are skipped and counted (issue 17, 13/15/16)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from policy_model import load_incidents
from policy_model.cli import main
from policy_model.engine.frame import assess_frame
from policy_model.incidents import blanks
from policy_model.incidents.dataset import validate_incidents
from policy_model.incidents.mapping import MappingError, apply_mapping, parse_mapping
from policy_model.incidents.propose import propose_mapping
from policy_model.incidents.stream import blocks as stream_blocks
from policy_model.incidents.stream import classify_file
from policy_model.stats.summary import summarise
from tests.conftest import RandomIncidents
from tests.school_export import ACTIONS, BLANK_AFTER, HEADERS, INITIALS, dsl_rows, write_dsl_log
from tests.spreadsheets import write_xlsx

# What the DSL must decide: 'Shared beyond intended recipient?' does not say who it reached.
# ('Year group' is proposed as an age range of the age pictured.)
DECIDED = ("Shared beyond intended recipient?",)


def _settle(proposal: str) -> str:
    """The proposal with only the DSL's own decisions made: the columns above dropped."""
    kept = []
    lines = proposal.splitlines()
    for i, line in enumerate(lines):
        todo = any(f"'{name}' matches no dataset column" in line for name in DECIDED)
        listed = i and "values seen" in line and any(n in lines[i - 1] for n in DECIDED)
        if not (todo or listed):
            kept.append(line)
    text = "\n".join(kept) + "\n"
    return text.replace("drop:\n", "drop:\n" + "".join(f'  - "{n}"\n' for n in DECIDED))


@pytest.fixture
def dsl(tmp_path: Path) -> tuple[Path, Path]:
    """The DSL's log, and the mapping `map` proposed for it with the DSL's decisions made."""
    log = tmp_path / "dsl_log.csv"
    write_dsl_log(log)
    proposed = tmp_path / "proposed.yaml"
    assert main(["map", str(log), "-o", str(proposed)]) == 0
    settled = tmp_path / "mapping.yaml"
    settled.write_text(_settle(proposed.read_text()))
    return log, settled


def test_map_proposes_what_the_school_export_lacks_and_drops_what_identifies(
    dsl: tuple[Path, Path],
) -> None:
    """Initials and notes are dropped, never mapped; the agency is a constant; every fact with
    no column is declared not known; the recorded action is read as a pathway."""
    proposal = (dsl[1].parent / "proposed.yaml").read_text()
    todo = [line for line in proposal.splitlines() if "# TODO" in line]
    assert len(todo) == len(DECIDED) and all(any(n in t for n in DECIDED) for t in todo)
    mapping = parse_mapping(dsl[1].read_text())
    assert {"Pupil initials", "Notes"} <= set(mapping.drop)
    assert not {"Pupil initials", "Notes"} & set(mapping.columns)
    assert mapping.constants == {"agency": "school"}
    assert mapping.columns["Action taken"] == "recorded_pathway"
    assert mapping.columns["SEN/CP/LAC"] == "vulnerable"
    assert mapping.values["recorded_pathway"] == ACTIONS
    unmapped_facts = {
        "pictured_willing", "sexual_motive", "capacity_concern", "sexual_acts",
        "extreme_content", "immediate_risk", "multiple_incidents",
        "previous_agency_involvement",
    }  # fmt: skip
    assert unmapped_facts | {"sharing"} == set(mapping.not_known)
    assert [(r.local, r.column) for r in mapping.age_ranges] == [("Year group", "age_pictured")]


def test_the_settled_proposal_validates_classifies_and_summarises(
    dsl: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, mapping = dsl
    said = "2 blank rows and 1 totals row skipped"
    assert main(["validate", str(log), "--mapping", str(mapping)]) == 0
    assert said in capsys.readouterr().err
    out = tmp_path / "classified.csv"
    assert main(["classify", str(log), "--mapping", str(mapping), "-o", str(out)]) == 0
    assert said in capsys.readouterr().err
    classified = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(classified) == 40
    assert not set(HEADERS) & set(classified.columns)
    text = out.read_text()
    assert not any(re.search(rf"\b{i}\b", text) for i in INITIALS)
    expected = [ACTIONS[r[11]] for r in dsl_rows()]
    assert classified["recorded_pathway"].tolist() == expected
    assert set(classified["agency"]) == {"school"}
    # a year group is read as the two ages a pupil of that year can be, never as one age
    years = [int(re.sub(r"\D", "", r[HEADERS.index("Year group")])) for r in dsl_rows()]
    assert classified["age_pictured"].tolist() == [""] * 40
    assert classified["age_pictured_min"].astype(int).tolist() == [y + 4 for y in years]
    assert classified["age_pictured_max"].astype(int).tolist() == [y + 5 for y in years]
    summary = tmp_path / "summary"
    assert main(["summarise", str(log), "--mapping", str(mapping), "-o", str(summary)]) == 0
    assert said in capsys.readouterr().err
    agreement = pd.read_csv(summary / "pathway_agreement.csv", dtype=str)
    total = agreement[(agreement["recorded_pathway"] == "all") & (agreement["pathway"] == "all")]
    assert total["count"].tolist() == ["40"]
    assert said in (summary / "report.md").read_text()


def test_the_streaming_engine_skips_the_same_rows(
    dsl: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, mapping = dsl
    out = tmp_path / "duck.csv"
    args = ["classify", str(log), "--mapping", str(mapping), "-o", str(out)]
    assert main([*args, "--engine", "duckdb"]) == 0
    err = capsys.readouterr().err
    assert "40 incidents classified" in err and "2 blank rows and 1 totals row skipped" in err


@pytest.mark.parametrize("totals", ["Total", None, "12"])
def test_the_streaming_engine_finds_a_totals_row_after_many_blocks(
    dsl: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, totals: str | None
) -> None:
    """Blocks are counted up to a totals row only when the last row could be one: a label, a
    row of counts of the rows above (blocks read again), or a number that totals nothing."""
    log, mapping = dsl
    lines = write_dsl_log(log, totals=totals)
    if totals == "12":  # a number under the id, and nothing else: it totals nothing here
        lines[-1] = ["", "12", *[""] * (len(HEADERS) - 2)]
        log.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in lines) + "\n")
    monkeypatch.setattr(stream_blocks, "BLOCK_BYTES", 1 << 10)  # some ten blocks
    whole = validate_incidents(log, mapping=mapping)
    done = classify_file(log, tmp_path / "duck.csv", mapping=mapping, rejects=tmp_path / "r.csv")
    assert (done.skipped.blank, done.skipped.totals) == (
        whole.skipped.blank,
        whole.skipped.totals,
    )
    assert (done.accepted, done.rejected) == (len(whole.frame), len(whole.rejects))
    assert whole.skipped.totals == (totals != "12")


def test_the_loader_says_how_many_rows_it_skipped(dsl: tuple[Path, Path]) -> None:
    log, mapping = dsl
    frame = load_incidents(log, mapping=mapping)
    skipped = frame.attrs["skipped"]
    assert (len(frame), skipped.blank, skipped.totals) == (40, 2, 1)
    header, first = 1, 2
    blank_rows = [first + i + 1 + k for k, i in enumerate(BLANK_AFTER)]
    assert skipped.rows == (*blank_rows, header + 40 + len(BLANK_AFTER) + 1)


def test_a_totals_row_of_counts_without_a_label_is_skipped(
    tmp_path: Path, dsl: tuple[Path, Path]
) -> None:
    log = tmp_path / "counts.csv"
    write_dsl_log(log, totals=None)
    checked = validate_incidents(log, mapping=dsl[1])
    assert not checked.problems
    assert (len(checked.frame), checked.skipped.totals) == (40, 1)


def test_a_bad_value_after_a_blank_row_is_named_by_its_row_in_the_file(
    tmp_path: Path, dsl: tuple[Path, Path]
) -> None:
    rows = dsl_rows()
    rows[30][7] = "Maybe"  # 'Adult involved?', after both blank rows
    log = tmp_path / "bad.csv"
    written = write_dsl_log(log, rows)
    checked = validate_incidents(log, mapping=dsl[1])
    [problem] = checked.problems
    assert written[problem.row - 1][0] == "DSL-031"
    assert len(checked.rejects) == 1 and checked.skipped.count == 3


def test_a_total_in_the_middle_is_a_row_not_a_totals_row(
    tmp_path: Path, dsl: tuple[Path, Path]
) -> None:
    rows = dsl_rows()
    rows.insert(20, ["Total", *[""] * (len(HEADERS) - 1)])
    log = tmp_path / "middle.csv"
    write_dsl_log(log, rows)
    checked = validate_incidents(log, mapping=dsl[1])
    assert checked.skipped.totals == 1  # the last row only
    assert {p.row for p in checked.problems} == {2 + 20 + 1}  # the one in the middle


@pytest.mark.parametrize(
    ("last", "skipped"),
    [
        (["Total", "", ""], True),
        (["Grand total", "", ""], True),
        (["", "Totals", "3"], True),
        (["", "", "6"], True),  # the sum of the numbers above, ids blank
        (["", "", "3"], True),  # the count of the cells above
        (["", "", "7"], False),  # neither: a row like any other
        (["x9", "", "6"], False),  # it has an id: an incident
        (["3", "", "6"], True),  # the count of the ids above, and a sum
        (["4", "", "6"], False),  # an id that is not that count
        (["", "", "0"], False),  # nothing but zeros totals nothing
    ],
    ids=[
        "total",
        "grand-total",
        "label-not-first",
        "sum",
        "count",
        "no-sum",
        "has-id",
        "counted-ids",
        "not-counted-ids",
        "zeros",
    ],
)
def test_only_a_trailing_row_that_totals_the_rows_above_is_skipped(
    last: list[str], skipped: bool
) -> None:
    table = pa.table(
        {
            "id": ["a1", "a2", "", "a3", last[0], ""],
            "note": ["", "", "", "", last[1], ""],
            "n": ["1", "2", "", "3", last[2], ""],
        }
    )
    mask, counted = blanks.find(table, ids=["id"])
    assert mask.tolist() == [False, False, True, False, skipped, True]
    assert (counted.blank, counted.totals) == (2, int(skipped))


def test_a_constant_or_not_known_column_the_file_has_is_refused_with_its_line() -> None:
    mapping = parse_mapping("columns: {Ref: incident_id}\nconstants:\n  agency: school\n")
    table = pa.table({"Ref": ["a"], "Agency": ["police"]})
    with pytest.raises(MappingError, match=r"line 3: constants: the file has a 'Agency' column"):
        apply_mapping(table, mapping)


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("constants:\n  agency: skool\n", 2, "did you mean 'school'"),
        ("constants:\n  incident_id: x\n", 2, "cannot be a constant"),
        ("not_known: [gender_pictured]\n", 1, "constants: gender_pictured: unknown"),
        ("not_known: [agency]\n", 1, "never blank"),
        ("not_known: [coersion]\n", 1, "did you mean 'coercion'"),
        ("columns: {Adult: adult_involved}\nnot_known: [adult_involved]\n", 2, "also mapped"),
        ("constants: {sharing: peers}\nnot_known:\n  - sharing\n", 3, "also a constant"),
    ],
    ids=["bad-value", "id", "never-blank-category", "agency", "misspelt", "mapped", "both"],
)
def test_constant_and_not_known_mistakes_name_the_line(text: str, line: int, says: str) -> None:
    with pytest.raises(MappingError) as error:
        parse_mapping(text)
    assert f"line {line}:" in str(error.value) and says in str(error.value)


def test_constants_and_not_known_columns_fill_every_row() -> None:
    mapping = parse_mapping(
        "columns: {Ref: incident_id}\nconstants: {agency: school, platform: unknown}\n"
        "not_known: [sexual_acts]\n"
    )
    out = apply_mapping(pa.table({"Ref": ["a", "b"]}), mapping)
    assert out.to_pydict() == {
        "incident_id": ["a", "b"],
        "agency": ["school", "school"],
        "platform": ["unknown", "unknown"],
        "sexual_acts": ["", ""],
    }


def test_the_pathway_agreement_table_sets_the_recorded_pathway_against_the_models(
    incidents: RandomIncidents,
) -> None:
    """Recorded as the model's pathway where it settled one, else refer_immediately: the
    table's diagonal counts the settled ones, its 'undetermined' column the rest."""
    frame = assess_frame(incidents(400, seed=3))
    settled = frame["pathway"].astype(str) != "undetermined"
    recorded = frame["pathway"].astype(str).where(settled, "refer_immediately")
    frame["recorded_pathway"] = pd.Categorical(
        recorded, categories=list(frame["precautionary_pathway"].cat.categories)
    )
    table = summarise(frame, profile=None).pathway_agreement
    cells = table.set_index(["recorded_pathway", "pathway"])["count"]
    for pathway, n in frame.loc[settled, "pathway"].astype(str).value_counts().items():
        assert cells[(pathway, pathway)] == n
    assert cells[("refer_immediately", "undetermined")] == (~settled).sum()
    assert cells[("all", "all")] == len(frame)


def test_an_empty_line_is_a_blank_row_and_later_rows_keep_their_numbers(
    tmp_path: Path, dsl: tuple[Path, Path]
) -> None:
    rows = dsl_rows()
    rows[30][7] = "Maybe"  # 'Adult involved?'
    log = tmp_path / "empty_lines.csv"
    written = write_dsl_log(log, rows)
    log.write_text(re.sub(r"(?m)^,+$", "", log.read_text()))  # blank rows as empty lines
    checked = validate_incidents(log, mapping=dsl[1])
    [problem] = checked.problems
    assert written[problem.row - 1][0] == "DSL-031"
    assert checked.skipped.blank == 2
    rejects = tmp_path / "rejects.csv"
    done = classify_file(log, tmp_path / "out.csv", mapping=dsl[1], rejects=rejects)
    assert (done.accepted, done.rejected, done.skipped.blank) == (39, 1, 2)
    assert pd.read_csv(rejects)["row"].tolist() == [problem.row]


def test_map_never_reads_none_in_a_vulnerability_column_as_not_vulnerable() -> None:
    """Guidance, experimental incidents: "If children or young people engaging in
    experimental incidents are aged 12 or under, or are considered to be vulnerable then
    existing safeguarding procedures and risk assessments/tools should be used". 'None' in
    an SEN/CP/LAC column says none of those three only: the user decides, map does not."""
    table = pa.table({"Ref": ["a", "b", "c", "d"], "SEN/CP/LAC": ["SEN", "None", "", "LAC/CP"]})
    text = propose_mapping(table).text
    values = text.split("values:")[1].split("\n")
    assert "    SEN: yes" in values and "    LAC/CP: yes" in values
    assert not any(line.strip().startswith("None:") for line in values)
    assert re.search(r"# TODO: 1 value\(s\) of 'SEN/CP/LAC' not matched.*\n.*None", text)


def test_a_row_with_no_id_is_not_called_a_repeat_of_a_blank_row(
    tmp_path: Path, dsl: tuple[Path, Path]
) -> None:
    rows = dsl_rows()
    rows[15][0] = ""  # after the first blank row
    log = tmp_path / "no_id.csv"
    write_dsl_log(log, rows)
    checked = validate_incidents(log, mapping=dsl[1])
    assert [p.message for p in checked.problems] == [
        "is not an opaque id (1 to 64 letters, digits, '-', '_' or '.')"
    ]


def test_the_log_as_a_workbook_skips_the_same_rows(tmp_path: Path, dsl: tuple[Path, Path]) -> None:
    lines = write_dsl_log(tmp_path / "log.csv", totals=None)
    book = write_xlsx(
        tmp_path / "log.xlsx",
        [lines[0], *([int(c) if c.isdigit() else c for c in row] for row in lines[1:])],
    )
    checked = validate_incidents(book, mapping=dsl[1])
    assert not checked.problems
    assert (len(checked.frame), checked.skipped.blank, checked.skipped.totals) == (40, 2, 1)
