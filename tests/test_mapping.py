"""Real records in: mapping files, `policy-model map`, spreadsheets, and messages to act on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from policy_model import load_incidents
from policy_model.cli import main
from policy_model.incidents import files
from policy_model.incidents.dataset import DatasetError, validate_incidents
from policy_model.incidents.mapping import MappingError, apply_mapping, month_of, parse_mapping
from policy_model.incidents.propose import propose_mapping
from tests.spreadsheets import write_xlsx

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good_incidents.csv"
EXPORT = DATA / "local_export.csv"
EXPORT_MAPPING = DATA / "local_export.mapping.yaml"
EXACT_DATES = ("17/04/2023", "03/05/2023", "11/01/2024")
NOTES = ("Example note text", "Placeholder note", "Example School", "Example College")


def _good_rows() -> list[list[str]]:
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    return [list(frame.columns), *frame.to_numpy().tolist()]


def test_the_local_export_classifies_through_its_mapping(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["classify", str(EXPORT), "--mapping", str(EXPORT_MAPPING), "-o", str(out)]) == 0
    result = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(result) == 12
    assert result["reported_month"].tolist()[:3] == ["2023-04", "2023-05", "2023-05"]
    assert result["agency"].tolist()[:7] == [
        "school", "college", "school", "police", "childrens_social_care", "school", "other",
    ]  # fmt: skip
    assert result.loc[2, "adult_involved"] == ""  # 'Suspected' is not known
    assert "School name" not in result.columns and "Notes" not in result.columns


def test_no_exact_date_or_dropped_column_reaches_the_output(tmp_path: Path) -> None:
    out, rejects = tmp_path / "out.csv", tmp_path / "rejects.csv"
    args = ["--mapping", str(EXPORT_MAPPING), "--rejects", str(rejects)]
    assert main(["classify", str(EXPORT), *args, "-o", str(out)]) == 0
    text = out.read_text()
    for secret in (*EXACT_DATES, *NOTES, "School name", "Notes"):
        assert secret not in text
    frame = load_incidents(EXPORT, mapping=EXPORT_MAPPING)
    assert "Notes" not in frame.columns and "School name" not in frame.columns
    assert not any(str(v) in EXACT_DATES for v in frame["reported_month"].astype(str))


def test_a_bad_date_is_redacted_in_messages_and_rejects(tmp_path: Path) -> None:
    export = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    export.loc[1, "Date reported"] = "31/02/2023"  # no such day
    export.to_csv(tmp_path / "in.csv", index=False)
    rejects = tmp_path / "rejects.csv"
    with pytest.raises(DatasetError) as error:
        load_incidents(tmp_path / "in.csv", mapping=EXPORT_MAPPING)
    assert "31/02/2023" not in str(error.value)
    assert "row 3, reported_month: '<date>'" in str(error.value)
    args = ["--mapping", str(EXPORT_MAPPING), "--rejects", str(rejects)]
    assert main(["validate", str(tmp_path / "in.csv"), *args]) == 0
    assert "31/02/2023" not in rejects.read_text() and "Placeholder" not in rejects.read_text()


def test_classify_output_validates_and_classifies_again(tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert main(["classify", str(GOOD), "-o", str(first)]) == 0
    assert main(["validate", str(first)]) == 0
    assert main(["classify", str(first), "-o", str(second)]) == 0
    assert first.read_text() == second.read_text()
    assert main(["summarise", str(first), "-o", str(tmp_path / "summary")]) == 0


def test_map_proposes_a_mapping_with_todo_lines_that_classify_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed = tmp_path / "mapping.yaml"
    assert main(["map", str(EXPORT), "-o", str(proposed)]) == 0
    text = proposed.read_text()
    assert "  Ref: incident_id" in text and "  Age: age_pictured" in text
    assert (
        "  - School name   # may hold a name" in text and "  - Notes   # may hold free text" in text
    )
    assert "Secondary School: school" in text and "Suspected: unknown" in text
    todo = [n for n, line in enumerate(text.splitlines(), 1) if "# TODO" in line]
    assert todo and "Local authority" in text
    assert "Example School" not in text and "17/04/2023" not in text
    capsys.readouterr()
    assert (
        main(["classify", str(EXPORT), "--mapping", str(proposed), "-o", str(tmp_path / "o.csv")])
        == 2
    )
    err = capsys.readouterr().err
    assert all(f"line {n}: a TODO is left" in err for n in todo)
    assert not (tmp_path / "o.csv").exists()


def test_map_does_not_list_values_of_a_column_that_could_identify(tmp_path: Path) -> None:
    table = pa.table(
        {
            "Ref": [f"R{i}" for i in range(30)],
            "Worker": [f"Alex Example{i}" for i in range(30)],
            "Setting": ["Youth club"] * 30,
        }
    )
    text = propose_mapping(table).text
    assert "'Worker' matches no dataset column" in text and "Alex" not in text
    assert "Youth club: youth_service" in text


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        pytest.param(
            "columns:\n  Ref: incident_idd\n", 2, "did you mean 'incident_id'", id="target"
        ),
        pytest.param(
            "columns:\n  Ref: incident_id\n  ID: incident_id\n", 3, "mapped twice", id="twice"
        ),
        pytest.param(
            "columns:\n  Ref: incident_id\n  Ref: agency\n", 3, "appears twice", id="duplicate"
        ),
        pytest.param(
            "columns:\n  Notes: agency\ndrop:\n  - Notes\n",
            4,
            "also mapped on line 2",
            id="dropped-and-mapped",
        ),
        pytest.param(
            "values:\n  agency:\n    Academy: skool\n", 3, "did you mean 'school'", id="value"
        ),
        pytest.param(
            "values:\n  agency:\n    Academy: unknown\n",
            3,
            "cannot be unknown",
            id="agency-unknown",
        ),
        pytest.param(
            "values:\n  coercion:\n    Maybe: perhaps\n", 3, "not yes, no or unknown", id="fact"
        ),
        pytest.param(
            "values:\n  Setting:\n    A: school\n", 2, "not a dataset column", id="values-local"
        ),
        pytest.param("colums:\n  Ref: incident_id\n", 1, "did you mean 'columns'", id="section"),
        pytest.param("date_format: '%d/%d'\n", 1, "a year", id="date-format"),
        pytest.param("columns:\n  Ref: [a, b]\n", 2, "single value", id="list"),
        pytest.param("columns:\n  Ref: incident_id\n  # TODO: x\n", 3, "a TODO is left", id="todo"),
        pytest.param("columns: {Ref: incident_id\n", 2, "not valid YAML", id="yaml"),
    ],
)
def test_mapping_mistakes_name_the_file_and_line(text: str, line: int, says: str) -> None:
    with pytest.raises(MappingError) as error:
        parse_mapping(text, source="m.yaml")
    assert f"m.yaml: line {line}: " in str(error.value) and says in str(error.value)


def test_mapping_reads_yes_and_no_as_words_not_booleans() -> None:
    mapping = parse_mapping("values:\n  coercion:\n    Yes: yes\n    N: no\n    1: unknown\n")
    assert mapping.values["coercion"] == {"Yes": "yes", "N": "no", "1": "unknown"}


def test_a_mapped_column_the_file_lacks_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("columns:\n  Ref: incident_id\n  Sex: gender_pictured\n")
    with pytest.raises(
        MappingError, match=r"m.yaml: line 3: columns: the file has no column 'Sex'"
    ):
        load_incidents(EXPORT, mapping=tmp_path / "m.yaml")


def test_apply_mapping_keeps_up_with_many_rows() -> None:
    mapping = parse_mapping(
        "columns:\n  When: reported_month\n  Setting: agency\n"
        "values:\n  agency:\n    Secondary School: school\ndrop: [Notes]\n"
    )
    n = 50_000
    table = pa.table(
        {
            "When": ["17/04/2023", "2023-05-02", "Apr-22", "April 2023"] * (n // 4),
            "Setting": ["Secondary School", "police"] * (n // 2),
            "Notes": ["Placeholder"] * n,
        }
    )
    out = apply_mapping(table, mapping)
    assert out.column_names == ["reported_month", "agency"]
    assert out["reported_month"].to_pylist()[:4] == ["2023-04", "2023-05", "2022-04", "2023-04"]
    assert out["agency"].to_pylist()[:2] == ["school", "police"]


@pytest.mark.parametrize(
    ("text", "dates", "month"),
    [
        pytest.param("2023-04", False, "2023-04", id="iso-month"),
        pytest.param("Apr-22", False, "2022-04", id="excel-mmm-yy"),
        pytest.param("April 2023", False, "2023-04", id="month-name"),
        pytest.param("04/2023", False, "2023-04", id="mm/yyyy"),
        pytest.param("17/04/2023", False, None, id="exact-refused"),
        pytest.param("17/04/2023", True, "2023-04", id="day-first"),
        pytest.param("2023-04-17", True, "2023-04", id="iso-date"),
        pytest.param("2023-04-17 09:30:00", True, "2023-04", id="iso-datetime"),
        pytest.param("17-Apr-23", True, "2023-04", id="dd-mmm-yy"),
        pytest.param("31/02/2023", True, None, id="no-such-day"),
        pytest.param("TBC", True, None, id="words"),
    ],
)
def test_month_of_reads_months_and_cuts_dates(text: str, dates: bool, month: str | None) -> None:
    assert month_of(text, dates=dates) == month


def test_date_format_reads_month_first() -> None:
    assert month_of("04/17/2023", dates=True) is None
    assert month_of("04/17/2023", dates=True, date_format="%m/%d/%Y") == "2023-04"


def test_a_spreadsheet_of_our_own_dataset_loads_without_a_mapping(tmp_path: Path) -> None:
    rows = _good_rows()
    header = [h.replace("_", " ").title() for h in rows[0]]  # Age Pictured, Reported Month...
    body = []
    for row in rows[1:]:
        cells: list[object] = []
        for name, value in zip(rows[0], row, strict=True):
            if name == "reported_month":
                year, month = value.split("-")
                cells.append(dt.date(int(year), int(month), 1))  # what Excel makes of 2024-01
            elif name in ("age_pictured", "age_youngest_involved") and value:
                cells.append(float(value))
            elif name == "agency":
                cells.append({"school": "School", "police": "Police"}.get(value, value.upper()))
            elif value in ("true", "false"):
                cells.append("Y" if value == "true" else "n")
            else:
                cells.append(value)
        body.append(cells)
    path = write_xlsx(tmp_path / "ours.xlsx", [header, *body])
    pd.testing.assert_frame_equal(load_incidents(path), load_incidents(GOOD))
    out = tmp_path / "out.csv"
    assert main(["classify", str(path), "-o", str(out)]) == 0
    assert "14.0" not in out.read_text()


def test_the_local_export_as_xlsx_classifies_through_its_mapping(tmp_path: Path) -> None:
    export = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    rows: list[list[object]] = [list(export.columns), *export.to_numpy().tolist()]
    for row in rows[1:]:
        day, month, year = str(row[1]).split("/")
        row[1] = dt.date(int(year), int(month), int(day))  # a real date cell
    path = write_xlsx(tmp_path / "export.xlsx", rows, sheet="Incidents")
    frame = load_incidents(path, mapping=EXPORT_MAPPING, sheet="Incidents")
    pd.testing.assert_frame_equal(frame, load_incidents(EXPORT, mapping=EXPORT_MAPPING))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        pytest.param(
            {"coercion": "Maybe"},
            "coercion: 'Maybe' in 3 rows (rows 2, 3, 4) is not yes/no",
            id="fact",
        ),
        pytest.param({"platform": "snapchatt"}, "did you mean 'snapchat'", id="near-value"),
        pytest.param({"reported_month": "2024-01-17"}, "is an exact date", id="exact-date"),
        pytest.param({"Notes": "Example"}, "Notes: may hold free text", id="notes"),
        pytest.param({"Age Pictuerd": "14"}, "did you mean 'age_pictured'", id="near-header"),
    ],
)
def test_messy_variants_get_a_short_actionable_message(
    change: dict[str, str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False).assign(**change)
    frame.to_csv(tmp_path / "in.csv", index=False)
    assert main(["validate", str(tmp_path / "in.csv")]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert len(err.splitlines()) <= 6
    assert err.splitlines()[-1].endswith("affected") or "problem" in err.splitlines()[-1]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"Vulnerable": "Y"}, id="header-case"),
        pytest.param({"agency": "Children's social care"}, id="label"),
        pytest.param({"reported_month": "Jan-24"}, id="excel-month"),
        pytest.param({"gender_pictured": "NOT KNOWN"}, id="label-upper"),
    ],
)
def test_what_a_spreadsheet_makes_of_our_dataset_just_works(
    change: dict[str, str], tmp_path: Path
) -> None:
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    for name, value in change.items():
        frame = frame.drop(columns=[name.lower()]).assign(**{name: value})
    frame.to_csv(tmp_path / "in.csv", index=False)
    assert len(load_incidents(tmp_path / "in.csv")) == 3


def test_many_bad_values_group_into_one_line_with_the_known_columns_once(tmp_path: Path) -> None:
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame = pd.concat([frame] * 4, ignore_index=True).assign(
        incident_id=[f"X{i}" for i in range(12)], coercion="Maybe", colour="x", shade="y"
    )
    frame.to_csv(tmp_path / "in.csv", index=False)
    report = str(validate_incidents(tmp_path / "in.csv").problems and "")  # file problems first
    with pytest.raises(DatasetError) as error:
        load_incidents(tmp_path / "in.csv")
    report = error.value.report()
    assert report.count("the known columns are") == 1
    assert report.count("incident_id, reported_month") == 1
    frame.drop(columns=["colour", "shade"]).to_csv(tmp_path / "in.csv", index=False)
    with pytest.raises(DatasetError) as error:
        load_incidents(tmp_path / "in.csv")
    report = error.value.report()
    assert "coercion: 'Maybe' in 12 rows (rows 2, 3, 4, …)" in report
    assert report.splitlines()[-1].endswith("12 problems in 1 column; 12 rows affected")


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        pytest.param("Age Pictured", False, id="age-pictured"),
        pytest.param("Age of person pictured", True, id="not-imagery"),
        pytest.param("Image link", True, id="image"),
    ],
)
def test_guard_messages_fit_the_column(name: str, refused: bool, tmp_path: Path) -> None:
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    if name == "Age Pictured":
        frame = frame.rename(columns={"age_pictured": name})
    else:
        frame[name] = "x"
    frame.to_csv(tmp_path / "in.csv", index=False)
    problems = " ".join(str(p) for p in validate_incidents(tmp_path / "in.csv").problems)
    assert ("imagery" in problems) == (name == "Image link")
    assert bool(problems) == refused


def test_a_renamed_spreadsheet_is_read_and_a_real_image_is_still_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.csv", _good_rows())  # an .xlsx saved under .csv
    assert len(load_incidents(path)) == 3
    with pytest.raises(files.InputError, match="--sheet is for spreadsheets"):
        files.read_text_table(GOOD, sheet="x")
    image = DATA / "bad" / "image_renamed.csv"
    assert "imagery" in str(validate_incidents(image).problems[0])
