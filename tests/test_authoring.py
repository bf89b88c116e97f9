"""Authoring without hunting: ``steps`` lists every id, a wrong id names the right ones,
``edition new`` starts a what-if that loads and never overwrites a file."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from policy_model import cli
from policy_model.editions import (
    AS_WRITTEN,
    EDITIONS,
    PROPOSED,
    EditionError,
    edition,
    load_whatif_text,
)
from policy_model.editions.template import whatif_template
from policy_model.model.guidance import Guidance
from policy_model.model.whatif import WhatIfError

EDITION_LIST = list(EDITIONS.values())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ---- steps -----------------------------------------------------------------------------------


@pytest.mark.parametrize("guidance", EDITION_LIST, ids=lambda g: g.id)
def test_steps_lists_every_node_of_both_graphs_with_its_source(
    guidance: Guidance, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "steps", guidance.id)
    assert status == 0
    typology_at = out.index(f"\n{guidance.typology.id}: ")
    blocks = {guidance.pathway.id: out[:typology_at], guidance.typology.id: out[typology_at:]}
    for graph in guidance.graphs.values():
        for node in graph.nodes:
            head = re.search(rf"^  {node.id}  \(([^)]*)\)$", blocks[graph.id], re.MULTILINE)
            assert head is not None, node.id
            assert ("reconstructed" in head.group(1)) == node.cite.reconstructed, node.id


@pytest.mark.parametrize("guidance", EDITION_LIST, ids=lambda g: g.id)
def test_steps_as_csv_has_one_row_per_node(
    guidance: Guidance, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "steps", guidance.id, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = [(g.id, n.id) for g in guidance.graphs.values() for n in g.nodes]
    assert status == 0 and [(r["graph"], r["id"]) for r in rows] == expected
    by_id = {(r["graph"], r["id"]): r for r in rows}
    for graph in guidance.graphs.values():
        for node in graph.nodes:
            row = by_id[(graph.id, node.id)]
            assert row["label"] == node.label and row["citation"] == str(node.cite)
            assert row["reconstructed"] == ("yes" if node.cite.reconstructed else "no")


def test_steps_as_markdown_has_a_table_per_graph(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "steps", "--format", "md")
    assert status == 0 and out.count("| id | kind |") == 2
    assert "| `young_or_vulnerable` | question |" in out


def test_steps_reads_a_what_if_and_neutralises_a_formula_in_its_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "id: w\ntitle: t\nrationale: r\nchanges:\n  - insert_question:\n"
        "      before: aggravating_conduct\n      id: shared_publicly\n"
        "      label: '=HYPERLINK(\"x\")'\n      when: {sharing: [public]}\n"
        "      yes: specialist_discussion\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "steps", str(path), "--format", "csv")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "shared_publicly")
    assert status == 0 and row["label"] == '\'=HYPERLINK("x")'


def test_steps_of_an_unknown_edition_suggests_the_near_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "steps", "redbridge-2108")
    assert status == 2 and "did you mean 'redbridge-2018'" in err


# ---- a wrong id in a what-if -----------------------------------------------------------------

_HEAD = "id: x\ntitle: y\nrationale: z\n"
_INSERT = (
    "changes:\n  - insert_question:\n      graph: {graph}\n      before: {before}\n"
    "      id: new_question\n      label: New?\n      when: {when}\n      yes: {yes}\n"
)


def _insert(**given: str) -> str:
    values = {
        "graph": "response_pathway",
        "before": "aggravating_conduct",
        "when": "{sharing: [public]}",
        "yes": "specialist_discussion",
    }
    return _HEAD + _INSERT.format(**(values | given))


@pytest.mark.parametrize(
    ("text", "line", "suggested"),
    [
        (_insert(before="agravating_conduct"), 7, "aggravating_conduct"),
        (_insert(yes="specialist_discusion"), 11, "specialist_discussion"),
        (_insert(graph="response_pathwy"), 6, "response_pathway"),
        (_insert(when="{fact: intent_to_harn}"), 10, "intent_to_harm"),
        (_insert(when="{sharing: [pubic]}"), 10, "public"),
        (_insert(when="{sharin: [public]}"), 10, "sharing"),
        (
            _HEAD + "changes:\n  - retarget: {node: young_or_vulnerabel, answer: no, "
            "to: safeguarding_procedures}\n",
            5,
            "young_or_vulnerable",
        ),
        (
            _HEAD + "changes:\n  - retarget: {node: immediate_risk, answer: yes, "
            "to: refer_immediatly}\n",
            5,
            "refer_immediately",
        ),
        (_HEAD + "changes:\n  - retarget_node: {node: tell_dsl}\n", 5, "retarget"),
        (
            _HEAD + "changes:\n  - retarget: {node: immediate_risk, answer: yess, "
            "to: refer_immediately}\n",
            5,
            "yes",
        ),
        (_HEAD + "parameters:\n  young_chld: 13\n", 5, "young_child"),
        (_HEAD + "rationle: z\n", 4, "rationale"),
        (_HEAD + "base: redbridge-2024-propsed\n", 4, "redbridge-2024-proposed"),
    ],
    ids=[
        "before", "yes", "graph", "fact", "value", "condition", "node", "to", "change",
        "answer", "parameter", "key", "base",
    ],
)  # fmt: skip
def test_a_wrong_name_in_a_what_if_suggests_the_right_one(
    text: str, line: int, suggested: str
) -> None:
    with pytest.raises(WhatIfError) as error:
        load_whatif_text(text, "w.yaml")
    message = str(error.value)
    assert message.startswith(f"w.yaml:{line}: ") and f"did you mean '{suggested}'" in message


def test_a_wrong_step_id_lists_every_valid_one() -> None:
    with pytest.raises(WhatIfError) as error:
        load_whatif_text(_insert(before="nowhere"), "w.yaml")
    message = str(error.value)
    assert "did you mean" not in message
    assert all(node.id in message for node in AS_WRITTEN.pathway.nodes)


# ---- edition new -----------------------------------------------------------------------------


def _uncommented(text: str) -> str:
    """The template with ``parameters:``, ``changes:`` and their example lines uncommented."""
    out: list[str] = []
    live = False
    for line in text.splitlines():
        if line in ("# parameters:", "# changes:"):
            live = True
        elif not line.startswith("# "):
            live = False
        out.append(line.removeprefix("# ") if live else line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("guidance", EDITION_LIST, ids=lambda g: g.id)
def test_a_new_what_if_loads_as_its_parent_until_edited(guidance: Guidance) -> None:
    g = load_whatif_text(whatif_template("my-change", guidance.id, today="2026-01-31"), "m.yaml")
    assert (g.id, g.base, g.date, g.status.value) == (
        "my-change",
        guidance.id,
        "2026-01-31",
        "what-if",
    )
    assert g.lines == guidance.lines
    for graph_id, graph in guidance.graphs.items():
        assert g.graphs[graph_id].nodes == graph.nodes


@pytest.mark.parametrize("guidance", EDITION_LIST, ids=lambda g: g.id)
def test_the_commented_examples_work_once_uncommented(guidance: Guidance) -> None:
    """Each example names real steps of the parent: uncommented, the file still loads."""
    text = _uncommented(whatif_template("my-change", guidance.id))
    g = load_whatif_text(text, "m.yaml")
    assert "shared_publicly" in g.pathway.by_id
    assert g.pathway["aggravating_conduct"].yes == "refer_immediately"  # type: ignore[union-attr]
    assert g.lines == guidance.lines
    listed = re.findall(r"^#     (\w+) \(", text, re.MULTILINE)
    assert listed == [n.id for graph in guidance.graphs.values() for n in graph.nodes]


def test_edition_new_writes_a_file_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "drafts" / "young-child-13.yaml"
    status, out, _ = run(
        capsys, "edition", "new", "young-child-13", "--from", PROPOSED.id, "-o", str(target),
        "--title", "Treat 13: as the young-child line",
    )  # fmt: skip
    g = edition(target)
    assert status == 0 and out.strip() == str(target)
    assert (g.id, g.title, g.base) == (
        "young-child-13",
        "Treat 13: as the young-child line",
        PROPOSED.id,
    )
    assert [p.name for p in target.parent.iterdir()] == ["young-child-13.yaml"]


def test_edition_new_never_overwrites_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my own work\n", encoding="utf-8")
    status, _, err = run(capsys, "edition", "new", "x", "--from", AS_WRITTEN.id, "-o", str(target))
    assert status == 2 and "already exists" in err
    assert target.read_text(encoding="utf-8") == "my own work\n"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["Young_Child", "--from", "redbridge-2018"], "lower-case letters"),
        (["redbridge-2018", "--from", "redbridge-2018"], "built-in edition"),
        (["x", "--from", "redbridge-2108"], "did you mean 'redbridge-2018'"),
        (["x", "--from", "redbridge-2018", "-o", "x.txt"], "ends in .yaml"),
    ],
    ids=["id", "built-in", "parent", "suffix"],
)
def test_edition_new_refuses_a_bad_id_parent_or_file(
    argv: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "edition", "new", *argv)
    assert status == 2 and words in err and not list(tmp_path.iterdir())


def test_an_unknown_edition_suggests_the_near_one() -> None:
    with pytest.raises(EditionError, match="did you mean 'redbridge-2024-proposed'"):
        edition("redbridge-2024-propsed")
