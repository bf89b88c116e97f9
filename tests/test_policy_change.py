"""The policy-change view keeps up with its controls: editions chosen, age lines moved, and the
changed steps, scenarios, impact tables and marked flowchart redrawn from code."""

from __future__ import annotations

import graphviz
import pytest

from policy_model.editions import AS_WRITTEN, PROPOSED, EditionError
from policy_model.incidents.dataset import load_incidents
from policy_model.views.policy_change import LINES, PolicyChange, find_whatifs

from .helpers import ROOT

WHATIFS = find_whatifs(ROOT / "data", ROOT / "docs" / "whatif")
SAMPLE = ROOT / "data" / "sample_incidents.csv"


def dot_text(dot: graphviz.Digraph) -> bytes:
    """A stand-in for Graphviz: the DOT text, so tests read the chart without ``dot``."""
    return str(dot.source).encode()


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return load_incidents(SAMPLE)


@pytest.fixture
def view(data) -> PolicyChange:  # type: ignore[no-untyped-def]
    return PolicyChange(whatifs=WHATIFS, data=data, pipe=dot_text)


def test_it_starts_with_the_guidance_as_written_and_the_proposed_revision(
    view: PolicyChange,
) -> None:
    assert (view.old.id, view.new.id) == (AS_WRITTEN.id, PROPOSED.id)
    assert "financial_extortion" in set(view.changes_table()["step"])
    assert any("blackmailed for money" in name for name in view.scenarios_table()["scenario"])
    assert b"[ADDED]" in bytes(view.chart.value)  # the new question is marked on the flowchart
    assert view.impact is not None and view.impact.n == 1500
    assert "might change" in view.displayed()["heading"]


def test_the_choices_are_every_edition_and_every_what_if_file(view: PolicyChange) -> None:
    keys = [value for _, value in view.new_choice.options]
    assert keys[:2] == [AS_WRITTEN.id, PROPOSED.id]
    assert {p.name for p in WHATIFS} <= {k.rsplit("/", 1)[-1] for k in keys}
    assert len(WHATIFS) >= 2


def test_choosing_a_what_if_updates_every_output(view: PolicyChange) -> None:
    before = view.displayed()
    view.set_editions(AS_WRITTEN.id, "whatif-young-child-13.yaml")
    after = view.displayed()
    assert view.new.id == "whatif-young-child-13" and view.new.lines.young_child == 13
    assert view.line_inputs["young_child"].value == 13  # the form shows B's own lines
    for part in ("heading", "changes", "scenarios", "transitions", "referrals"):
        assert after[part] != before[part], part
    assert "young_or_vulnerable" in after["changes"]
    assert any(s.name.startswith("a 13 year old") for s in view.scenarios)


def test_the_dropdowns_drive_it_as_set_editions_does(view: PolicyChange) -> None:
    public = next(
        k
        for _, k in view.new_choice.options
        if k.endswith("public-sharing-to-specialist-discussion.yaml")
    )
    view.new_choice.value = public
    assert view.new.id == "whatif-public-to-specialist"
    assert "shared_publicly" in view.displayed()["changes"]
    view.old_choice.value = PROPOSED.id
    assert view.old.id == PROPOSED.id and "financial_extortion" in view.displayed()["changes"]


def test_moving_an_age_line_rebuilds_b_and_changes_the_impact(view: PolicyChange) -> None:
    referrals = view.impact.referrals.copy()  # type: ignore[union-attr]
    view.set_lines(adult=17)
    assert view.new.id == PROPOSED.id and view.new.lines.adult == 17
    assert "adult 17" in view.displayed()["heading"]
    table = view.changes_table()
    assert ("age lines", "adult") in set(zip(table["graph"], table["step"], strict=True))
    assert not view.impact.referrals.equals(referrals)  # type: ignore[union-attr]
    view.reset_lines()
    assert view.new.lines == PROPOSED.lines and "age lines" not in set(
        view.changes_table()["graph"]
    )


def test_the_age_line_controls_drive_it(view: PolicyChange) -> None:
    view.set_editions(AS_WRITTEN.id, AS_WRITTEN.id)
    assert view.changes == [] and "No step changes." in view.displayed()["changes"]
    view.line_inputs["young_child"].value = 13
    assert view.new.lines.young_child == 13 and view.changes
    assert view.impact is not None and (view.impact.rows["status"] == "changes").any()


def test_a_what_if_takes_other_age_lines_too(view: PolicyChange) -> None:
    view.set_editions(AS_WRITTEN.id, "public-sharing-to-specialist-discussion.yaml")
    view.set_lines(young_child=13)
    assert view.new.id == "whatif-public-to-specialist" and view.new.lines.young_child == 13
    steps = set(view.changes_table()["step"])
    assert {"shared_publicly", "young_or_vulnerable"} <= steps


@pytest.mark.parametrize(
    ("lines", "words"),
    [({"young_child": 19}, "young_child"), ({"oldest": 3}, "unknown age line")],
    ids=["not fitting", "unknown"],
)
def test_lines_that_do_not_fit_change_nothing(
    view: PolicyChange, lines: dict[str, int], words: str
) -> None:
    shown = view.displayed()
    with pytest.raises(ValueError, match=words):
        view.set_lines(**lines)
    assert view.displayed() == shown and view.new is PROPOSED


def test_a_control_set_out_of_line_leaves_a_note_and_the_last_outputs(view: PolicyChange) -> None:
    shown = view.displayed()
    view.line_inputs["sexual_acts_under"].value = 19
    now = view.displayed()
    assert "Please check" in now["message"] and "sexual_acts_under" in now["message"]
    assert {k: v for k, v in now.items() if k != "message"} == {
        k: v for k, v in shown.items() if k != "message"
    }
    view.line_inputs["sexual_acts_under"].value = 13
    assert view.displayed()["message"] == ""


def test_the_flowchart_follows_the_graph_and_side_chosen(view: PolicyChange) -> None:
    view.graph_choice.value = "typology"
    assert b"without_willing_participation" in bytes(view.chart.value)
    assert b"[CHANGED]" in bytes(view.chart.value)
    view.side_choice.value = "old"
    assert b"[ADDED]" not in bytes(view.chart.value)
    assert view.png("response_pathway", "new") == dot_text(
        view.chart_dot("response_pathway", "new")
    )


def test_an_unknown_edition_names_the_choices(view: PolicyChange) -> None:
    with pytest.raises(EditionError, match="redbridge-2024-proposed"):
        view.set_editions(AS_WRITTEN.id, "redbridge-1999")


def test_without_data_it_says_there_is_no_impact() -> None:
    view = PolicyChange(pipe=dot_text)
    assert view.impact is None and "No data given" in view.displayed()["transitions"]
    assert repr(view).startswith("PolicyChange: redbridge-2018 -> redbridge-2024-proposed")
    assert set(LINES) == set(view.line_inputs)


def test_a_what_if_file_by_path_is_added_to_the_choices(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "whatif-adult-17.yaml"
    path.write_text(
        "id: adult-17\ntitle: Adult at 17\nrationale: To discuss.\nparameters: {adult: 17}\n",
        encoding="utf-8",
    )
    view = PolicyChange(pipe=dot_text)
    view.set_editions(AS_WRITTEN.id, path)
    assert view.new.id == "adult-17" and str(path) in [k for _, k in view.new_choice.options]
