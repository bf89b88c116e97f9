"""No recorded fact is ignored: every column the registry declares is read by each edition, or
every output says it was recorded and this edition does not read it (issue 18, item 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from policy_model import Incident, assess, assess_frame
from policy_model.editions import EDITIONS, edition
from policy_model.engine.rows import incidents_frame
from policy_model.model.columns import COLUMNS, CONTEXT, Kind
from policy_model.model.coverage import facts_read, not_read
from policy_model.model.guidance import Guidance
from policy_model.model.vocab import Category

from .helpers import ROOT, enumerate_facts

GUIDANCES: dict[str, Guidance] = {
    **EDITIONS,
    **{p.stem: edition(p) for p in sorted((ROOT / "data").glob("whatif-*.yaml"))},
}
DESCRIBING = [name for name, column in COLUMNS.items() if column.group != CONTEXT]
"""Every column that says something about the incident (the rest are record-keeping)."""


def _recorded(name: str) -> object:
    """A value that records something in the column: a fact yes, a category's first value."""
    column = COLUMNS[name]
    return {Kind.FACT: True, Kind.AGE: 15}.get(
        column.kind, column.values[0] if column.values else "x"
    )


def _frame(incident: Incident) -> pd.DataFrame:
    return incidents_frame([incident])  # the youngest involved assumed as the incident assumes it


@pytest.mark.parametrize(
    ("name", "guidance"),
    [(n, g) for n in DESCRIBING for g in GUIDANCES.values()],
    ids=[f"{n}-{g}" for n in DESCRIBING for g in GUIDANCES],
)
def test_every_column_is_read_or_its_recording_is_reported(name: str, guidance: Guidance) -> None:
    """Enumerates the registry: a column an edition does not read, recorded for an incident, is
    named in its reasons (assess and assess_frame alike), its summary and ``not_read``."""
    if name in facts_read(guidance):
        assert name not in not_read(guidance)
        return
    assert name in not_read(guidance)
    incident = Incident(**{name: _recorded(name)})
    a = assess(incident, guidance=guidance)
    assert name in a.not_read and name in a.brief
    assert name.replace("_", " ") in a.summary().split("not read by this edition")[1]
    reasons = assess_frame(_frame(incident), guidance=guidance)["reasons"].iloc[0]
    assert reasons == a.brief


def test_the_guidance_as_written_reads_sextortion_and_says_it_does_not_read_ai_imagery() -> None:
    as_written = EDITIONS["redbridge-2018"]
    assert "financial_extortion" in facts_read(as_written)
    assert "ai_generated" in not_read(as_written)  # membership: a fact declared later adds
    assert not {"ai_generated", "financial_extortion"} & set(
        not_read(EDITIONS["redbridge-2024-proposed"])
    )


@pytest.mark.parametrize("guidance", GUIDANCES.values(), ids=list(GUIDANCES))
def test_financially_motivated_sexual_extortion_is_never_experimental(guidance: Guidance) -> None:
    """'It is a form of child sexual abuse' (NCA 2024); the guidance as written reads it as
    'extortion' and 'Coercion or blackmail': over every combination of the facts read, a
    recorded sextortion is never experimental and always an immediate referral for a child."""
    space = enumerate_facts(guidance)
    space["financial_extortion"] = pd.array([True] * len(space), dtype="boolean")
    out = assess_frame(space, guidance=guidance)
    assert Category.EXPERIMENTAL not in set(out["category"])
    child = (space["age_pictured"] < 18) & (space["age_youngest_involved"] < 18)
    assert set(out.loc[child.to_numpy(), "pathway"]) == {"refer_immediately"}


def test_a_file_without_the_sextortion_column_reads_as_before() -> None:
    """The reading adds only what is recorded: no column, or a blank, leaves coercion to say."""
    a = assess(Incident(coercion=False, financial_extortion=None))
    assert (a.subtype, a.pathway, a.not_read) == ("romantic", "manage_within_agency", ())
    frame = _frame(Incident(coercion=False)).drop(columns=["financial_extortion"])
    assert assess_frame(frame)["pathway"].iloc[0] == "manage_within_agency"


def test_summarise_says_which_recorded_facts_the_edition_does_not_read(tmp_path: Path) -> None:
    """A summary's figures cannot carry a fact the edition does not read: the command says it
    was recorded and not read (names only, no counts, so nothing small is disclosed)."""
    source = pd.read_csv(ROOT / "tests" / "data" / "good_incidents.csv", dtype=str)
    source["ai_generated"] = ["yes"] + ["no"] * (len(source) - 1)
    data = tmp_path / "incidents.csv"
    source.to_csv(data, index=False)
    done = subprocess.run(
        [sys.executable, "-m", "policy_model.cli", "summarise", str(data), "-o", str(tmp_path / "s")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "not read by redbridge-2018: ai_generated" in done.stderr


def test_the_sql_reads_sextortion_as_coercion_and_runs_on_a_table_without_the_column() -> None:
    """The query applies the reading as the frame does; ``absent`` leaves it out for a table
    written before the column existed (``policy-model sql --absent financial_extortion``)."""
    import duckdb

    from policy_model.engine.sql import query

    rows = [
        Incident(age_pictured=15, age_youngest_involved=15, financial_extortion=True),
        Incident(age_pictured=15, age_youngest_involved=15, financial_extortion=None),
    ]
    frame = pd.concat([_frame(r) for r in rows], ignore_index=True)
    frame["incident_id"] = ["A", "B"]
    expected = list(assess_frame(frame)["pathway"].astype(str))
    assert expected == ["refer_immediately", "manage_within_agency"]
    con = duckdb.connect()
    con.register("incidents", frame.astype(dict.fromkeys(frame.select_dtypes("category"), object)))
    got = con.execute(query(columns=["incident_id"]) + " ORDER BY incident_id").df()
    assert list(got["pathway"]) == expected
    older = frame.drop(columns=["financial_extortion"])
    con.register("incidents", older.astype(dict.fromkeys(older.select_dtypes("category"), object)))
    assert "financial_extortion" not in query(absent=["financial_extortion"])
    got = con.execute(query(absent=["financial_extortion"], columns=["incident_id"])).df()
    assert list(got["pathway"]) == ["manage_within_agency", "manage_within_agency"]
