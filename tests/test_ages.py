"""Two ages at two times, facts that constrain each other, a missing column not known, a
school year group as an age range: through the loader, a mapping and the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policy_model import assess_frame, load_incidents, summarise
from policy_model.cli import main
from policy_model.engine.assess import ASSUMED_YOUNGEST
from policy_model.incidents.dataset import validate_incidents
from policy_model.incidents.mapping import MappingError, parse_mapping

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good_incidents.csv"
EXPORT = DATA / "local_export.csv"
EXPORT_MAPPING = DATA / "local_export.mapping.yaml"


def _good(tmp_path: Path, **columns: list[str]) -> Path:
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False).iloc[:3]
    for name, values in columns.items():
        frame[name] = values
    frame.to_csv(tmp_path / "in.csv", index=False)
    return tmp_path / "in.csv"


def test_a_youngest_involved_older_than_the_age_pictured_is_accepted(tmp_path: Path) -> None:
    """Two ages at two times: an image made at 17 can come to light when everyone is 19
    ("indecent images ... of any person below the age of 18": it is still of a child)."""
    path = _good(tmp_path, age_pictured=["17", "14", "15"], age_youngest_involved=["19", "", "16"])
    checked = validate_incidents(path)
    assert not checked.problems
    out = assess_frame(checked.frame)
    assert out["pathway"].iloc[0] != "adult_image_abuse"


def test_adult_involved_with_everyone_adult_is_refused_naming_row_and_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An adult involved "with or of a child" needs a child: ticked on an all-adult incident
    it is a contradiction, refused with the row and every column it reads (exit 2)."""
    path = _good(
        tmp_path,
        age_pictured=["19", "20", "15"],
        age_youngest_involved=["19", "12", "15"],
        adult_involved=["yes", "yes", "no"],
    )
    problems = validate_incidents(path).problems
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "adult_involved", "yes")]
    said = problems[0].message
    assert "age_pictured 19 and age_youngest_involved 19" in said and "needs a child" in said
    assert main(["classify", str(path), "-o", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "row 2" in err and "adult_involved" in err and "age_youngest_involved" in err
    assert not (tmp_path / "out.csv").exists()


def test_adult_involved_blank_with_everyone_adult_settles_the_18_plus_route(
    tmp_path: Path,
) -> None:
    """ "For young people aged 18+ ...": with both ages 18 or over, nobody is a child, so no
    adult is involved with or of one; a blank is not a reason to refer immediately."""
    path = _good(
        tmp_path,
        age_pictured=["19", "19", "19"],
        age_youngest_involved=["19", "", "19"],
        adult_involved=["", "", "no"],
    )
    out = assess_frame(load_incidents(path))
    assert out["pathway"].iloc[0] == "adult_image_abuse"
    assert out["pathway"].iloc[1] == "undetermined"  # the youngest involved not known
    assert out["precautionary_pathway"].iloc[1] == "refer_immediately"


def test_a_file_without_the_youngest_column_reads_it_as_not_known(tmp_path: Path) -> None:
    """Never copied from the age pictured: a 12 year old partner would go unseen ("aged 12
    or under ... existing safeguarding procedures")."""
    df = load_incidents(GOOD)
    assert "age_youngest_involved" not in df
    out = assess_frame(df)
    romantic = out[out["subtype"] == "romantic"].iloc[0]
    assert "safeguarding_procedures" in romantic["possible_pathways"]
    assert not out["reasons"].str.contains(ASSUMED_YOUNGEST).any()


def _mapping(age: bool) -> str:
    """The export's own mapping, its Age read as the age pictured, or dropped."""
    text = EXPORT_MAPPING.read_text()
    if age:
        return text
    text = text.replace("  Age: age_pictured\n", "")
    return text.replace("drop:\n", "drop:\n  - Age\n")


def _export(
    tmp_path: Path, year_groups: list[str], mapping: str, *, age: bool = False
) -> tuple[Path, Path]:
    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    frame = frame.iloc[: len(year_groups)].copy()
    frame["Year group"] = year_groups
    frame.to_csv(tmp_path / "export.csv", index=False)
    (tmp_path / "m.yaml").write_text(_mapping(age) + mapping)
    return tmp_path / "export.csv", tmp_path / "m.yaml"


def test_a_year_group_is_an_age_range_and_both_routes_stay_possible(tmp_path: Path) -> None:
    """Year 8 is 12 or 13 in England: both the 12-and-under route (existing safeguarding
    procedures) and the 13-and-over route stay possible until the age is known."""
    export, mapping = _export(
        tmp_path,
        ["Year 8", "Y10", ""],
        "age_ranges:\n  Year group: {column: age_youngest_involved, scheme: england_year_group}\n",
        age=True,
    )
    df = load_incidents(export, mapping=mapping)
    assert df["age_youngest_involved_min"].tolist()[:2] == [12, 14]
    assert df["age_youngest_involved_max"].tolist()[:2] == [13, 15]
    assert pd.isna(df["age_youngest_involved_min"].iloc[2])
    assert "Year group" not in df
    out = assess_frame(df)
    possible = out["possible_pathways"].iloc[0].split("|")
    assert "safeguarding_procedures" in possible and "manage_within_agency" in possible
    assert "safeguarding_procedures" not in out["possible_pathways"].iloc[1].split("|")


def test_a_value_that_is_not_a_year_group_is_refused_naming_row_and_column(
    tmp_path: Path,
) -> None:
    export, mapping = _export(
        tmp_path,
        ["Year 8", "Year 15"],
        "age_ranges:\n  Year group: {column: age_pictured}\n",
    )
    problems = validate_incidents(export, mapping=mapping).problems
    assert [(p.row, p.column) for p in problems] == [
        (3, "age_pictured_min"),
        (3, "age_pictured_max"),
    ]


def test_a_stated_assumption_copies_the_age_and_every_output_says_so(tmp_path: Path) -> None:
    """The youngest involved assumed the same as the age pictured: only when the mapping
    says so, and then the reasons of every row say it was assumed."""
    export, mapping = _export(
        tmp_path,
        ["Year 8", "Year 11"],
        "age_ranges:\n  Year group: {column: age_pictured}\n"
        "assume:\n  age_youngest_involved: same_as_age_pictured\n",
    )
    df = load_incidents(export, mapping=mapping)
    assert df["age_youngest_involved_min"].tolist() == [12, 15]
    out = assess_frame(df)
    assert out["reasons"].str.contains(ASSUMED_YOUNGEST).all()
    assert ASSUMED_YOUNGEST in summarise(out, profile=None).guidance_version
    for engine in ("pandas", "duckdb"):
        written = tmp_path / f"{engine}.csv"
        run = ["classify", str(export), "--mapping", str(mapping), "--engine", engine]
        assert main([*run, "-o", str(written)]) == 0
        classified = pd.read_csv(written)
        assert classified["reasons"].str.contains(ASSUMED_YOUNGEST).all(), engine
        assert classified["guidance_version"].str.endswith(ASSUMED_YOUNGEST).all(), engine
        assert classified["age_youngest_involved_min"].tolist() == [12, 15], engine
    assert (tmp_path / "duckdb.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("assume:\n  age_pictured: same_as_age_pictured\n", "cannot be assumed"),
        ("assume:\n  age_youngest_involved: 15\n", "should be one of"),
        ("age_ranges:\n  Year group: {column: sharing}\n", "column should be one of"),
        ("age_ranges:\n  Year group: {column: age_pictured, scheme: scotland}\n", "scheme"),
    ],
)
def test_a_mistake_in_ages_of_a_mapping_names_it(text: str, said: str) -> None:
    with pytest.raises(MappingError, match=said):
        parse_mapping(_mapping(False) + text)


def test_the_assumption_is_refused_for_a_file_that_has_the_column(tmp_path: Path) -> None:
    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False).iloc[:2]
    frame["Youngest"] = ["14", "15"]
    frame.to_csv(tmp_path / "export.csv", index=False)
    (tmp_path / "m.yaml").write_text(
        _mapping(True).replace("columns:\n", "columns:\n  Youngest: age_youngest_involved\n")
        + "assume:\n  age_youngest_involved: same_as_age_pictured\n"
    )
    with pytest.raises(MappingError, match="only for a file without it"):
        load_incidents(tmp_path / "export.csv", mapping=tmp_path / "m.yaml")


def test_range_columns_the_wrong_way_round_are_refused(tmp_path: Path) -> None:
    path = _good(tmp_path, age_pictured_min=["13", "", ""], age_pictured_max=["12", "", ""])
    problems = validate_incidents(path).problems
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "age_pictured_min", "13")]


def test_no_reason_states_an_age_nobody_gave() -> None:
    """The youngest involved 18 now says nothing of the age when the imagery was made: the
    reasons never answer "18 or over when the imagery was made? Yes." ("any person below
    the age of 18"), and the child routes stay possible."""
    from policy_model import Incident, assess

    a = assess(Incident.not_known(age_youngest_involved=18))
    assert not any("when the imagery was made? Yes." in r.text for r in a.reasons)
    assert a.ask_next == "age_pictured"
    assert (
        "refer_immediately" in a.possible_pathways and "not_youth_produced" in a.possible_subtypes
    )
    assert a.precautionary_pathway == "refer_immediately"


def test_explain_reads_a_file_as_classify_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """explain --csv: a file without the youngest column has it not known, a year group is a
    range, and a stated assumption is said."""
    assert main(["explain", "--csv", str(GOOD), "--incident-id", "T-001"]) == 0
    said = capsys.readouterr().out
    assert "Ask next: age youngest involved" in said and ASSUMED_YOUNGEST not in said
    export, mapping = _export(
        tmp_path,
        ["Year 8"],
        "age_ranges:\n  Year group: {column: age_pictured}\n"
        "assume:\n  age_youngest_involved: same_as_age_pictured\n",
    )
    args = ["explain", "--csv", str(export), "--mapping", str(mapping)]
    assert main([*args, "--incident-id", "LX-001"]) == 0
    said = capsys.readouterr().out
    assert "age pictured 12-13" in said and f"Note: {ASSUMED_YOUNGEST}" in said
