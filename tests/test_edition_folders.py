"""An edition is a folder: adding one to a copy of the package is all it takes.

Each test copies the package to a temporary directory, adds a folder beside the built-in
editions, and runs Python there (``PYTHONPATH`` first, so the copy is the one imported): the
new edition, and the fact it declares, reach the registry, ``Incident``, the loader, the
command line, the explorer's form, every other edition's reasons, and the steps list. The
installed package is never changed in place.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from policy_model.editions import AS_WRITTEN, EDITIONS, edition
from policy_model.model.columns import COLUMNS
from policy_model.model.folders import FolderError, folders, read_facts

ROOT = Path(__file__).resolve().parents[1]

TRIAL_EDITION = """\
id: test-folder-trial
title: A trial edition that asks whether an adult deleted the imagery
base: redbridge-2024-proposed
date: 2030
status: proposed
author: a test
rationale: A trial of adding an edition as a folder, with a fact of its own.
changes:
  - insert_question:
      before: coerced_or_capacity
      id: deleted_by_adult
      label: Did an adult delete the imagery from a young person's device?
      when: {fact: deleted_by_adult}
      yes: specialist_discussion
"""
TRIAL_FACTS = """\
- name: deleted_by_adult
  label: An adult deleted the imagery
  help: an adult deleted the imagery from a young person's device before it was reported
  group: known
  required: false
  default: null
  synonyms: [deletedbyadult, adultdeleted]
"""
SCRIPT = """\
import json, io, contextlib
import pyarrow as pa
import policy_model
from policy_model import Incident, assess
from policy_model.cli import build_parser, main
from policy_model.editions import AS_WRITTEN, EDITIONS
from policy_model.incidents.dataset import validate_table
from policy_model.model.columns import COLUMNS
from policy_model.model.coverage import not_read
from policy_model.views.explorer import form_fields

trial = EDITIONS["test-folder-trial"]
values = {n: v for n, v in Incident().given().items() if n != "deleted_by_adult"}
table = pa.table({n: [str(v) if v is not None else ""] for n, v in values.items()})
checked = validate_table(table.append_column("deleted_by_adult", pa.array(["y"])))
old = validate_table(table)
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["steps", "test-folder-trial"])
found = {
    "package": policy_model.__file__,
    "editions": list(EDITIONS),
    "in_columns": "deleted_by_adult" in COLUMNS,
    "in_trial": "deleted_by_adult" in trial.columns,
    "in_as_written": "deleted_by_adult" in AS_WRITTEN.columns,
    "incident": Incident(deleted_by_adult="yes").deleted_by_adult,
    "incident_default": Incident().deleted_by_adult,
    "option": build_parser().parse_args(["explain", "--deleted-by-adult", "no"]).deleted_by_adult,
    "loads": (not checked.problems) and bool(checked.frame["deleted_by_adult"].iloc[0]),
    "old_loads": (not old.problems) and "deleted_by_adult" not in old.frame,
    "form": "deleted_by_adult" in [f.fact for f in form_fields()],
    "trial_pathway": assess(Incident(deleted_by_adult=True), guidance=trial).pathway,
    "trial_not_read": list(not_read(trial)),
    "unread_by": {g.id: list(assess(Incident(deleted_by_adult=True), guidance=g).not_read)
                  for g in EDITIONS.values() if g.id != "test-folder-trial"},
    "quiet": [list(assess(Incident(deleted_by_adult=False), guidance=g).not_read)
              for g in EDITIONS.values()],
    "steps_code": code,
    "steps": out.getvalue(),
}
print(json.dumps(found))
"""


def _copy_with(tmp_path: Path, folder: str, files: dict[str, str]) -> Path:
    """A copy of the package with one more edition folder; returns the copy's root."""
    root = tmp_path / "copy"
    shutil.copytree(
        ROOT / "policy_model",
        root / "policy_model",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    target = root / "policy_model" / "editions" / folder
    target.mkdir()
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return root


def _run(root: Path, script: str) -> Any:
    env = {**os.environ, "PYTHONPATH": str(root), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_adding_an_edition_is_adding_a_folder(tmp_path: Path) -> None:
    root = _copy_with(
        tmp_path, "test_folder_trial", {"edition.yaml": TRIAL_EDITION, "facts.yaml": TRIAL_FACTS}
    )
    found = _run(root, SCRIPT)
    assert str(found["package"]).startswith(str(root)), "the copy is the package imported"
    listed = list(found["editions"])
    assert set(listed) == {*EDITIONS, "test-folder-trial"}
    assert listed.index("redbridge-2024-proposed") < listed.index("test-folder-trial")
    assert found["in_columns"] and found["in_trial"] and not found["in_as_written"]
    assert found["incident"] is True and found["incident_default"] is None
    assert found["option"] == "no" and found["loads"] and found["old_loads"]
    assert found["form"], "the explorer's form offers the new fact"
    assert found["trial_pathway"] == "specialist_discussion"
    assert "deleted_by_adult" not in found["trial_not_read"]
    # a fact recorded yes that an edition has no rule for is never ignored in silence
    assert found["unread_by"] == {g: ["deleted_by_adult"] for g in EDITIONS}
    assert found["quiet"] == [[] for _ in range(len(EDITIONS) + 1)]
    assert found["steps_code"] == 0 and "deleted_by_adult" in str(found["steps"])
    # and the package itself is untouched: nothing declared in a copy leaks here
    assert "deleted_by_adult" not in COLUMNS and "test-folder-trial" not in EDITIONS


def test_a_folder_with_rules_in_python_is_found_too(tmp_path: Path) -> None:
    """A folder whose graphs are built in Python (``rules.py``), as the built-ins are."""
    rules = textwrap.dedent(
        """\
        from ...model.derivation import derive
        from ...model.guidance import Status


        def build(folder, columns, lines, base):
            return derive(base, id=folder.id, title=folder.meta["title"],
                          date=str(folder.meta["date"]), status=Status.PROPOSED,
                          columns=columns)
        """
    )
    meta = "id: python-trial\ntitle: Rules in Python\ndate: 2031\nbase: redbridge-2018\n"
    root = _copy_with(tmp_path, "python_trial", {"edition.yaml": meta, "rules.py": rules})
    script = (
        "import json\nfrom policy_model.editions import EDITIONS, AS_WRITTEN\n"
        "from policy_model.model.parameters import Lines\n"
        "g = EDITIONS['python-trial']\n"
        "print(json.dumps([g.base, g.pathway == AS_WRITTEN.pathway,"
        " g.with_lines(Lines(young_child=13)).lines.young_child]))"
    )
    assert _run(root, script) == ["redbridge-2018", True, 13]


def test_a_what_if_folder_outside_the_package_is_an_edition(tmp_path: Path) -> None:
    folder = tmp_path / "my-draft"
    folder.mkdir()
    (folder / "edition.yaml").write_text(
        TRIAL_EDITION.replace("test-folder-trial", "my-draft")
        .replace("base: redbridge-2024-proposed", "base: redbridge-2018")
        .replace("status: proposed\n", "")
        .replace("{fact: deleted_by_adult}", "{fact: vulnerable}")
        .replace("before: financial_extortion", "before: coerced_or_capacity"),
        encoding="utf-8",
    )
    g = edition(folder)
    assert g.id == "my-draft" and g.base == AS_WRITTEN.id and g.status.value == "what-if"
    (folder / "facts.yaml").write_text(TRIAL_FACTS, encoding="utf-8")
    with pytest.raises(ValueError, match="folder of the package"):
        edition(folder)


def test_the_built_in_folders_declare_every_fact_once() -> None:
    declared = [c.name for f in folders() for c in f.facts]
    assert len(declared) == len(set(declared))
    assert set(declared) <= set(COLUMNS)
    assert [f.id for f in folders()] == list(EDITIONS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: x\n  label: X\n", "'help' must be some text"),
        ("- name: Bad Name\n  label: X\n  help: h\n", "should be a column name"),
        ("- name: x\n  label: X\n  help: h\n  group: feelings\n", "group 'feelings'"),
        ("- name: x\n  label: X\n  help: h\n  colour: red\n", "unknown keys"),
        ("name: x\n", "a list of facts"),
    ],
)
def test_a_facts_file_that_cannot_be_read_says_where(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FolderError, match=message) as error:
        read_facts(path, "trial")
    assert str(path) in str(error.value)


def test_a_folder_whose_base_is_missing_is_refused(tmp_path: Path) -> None:
    (tmp_path / "orphan").mkdir()
    (tmp_path / "orphan" / "edition.yaml").write_text("id: orphan\nbase: nowhere\n")
    with pytest.raises(FolderError, match="base 'nowhere' is not an edition folder"):
        folders(tmp_path)


def test_a_summary_is_labelled_in_the_words_of_the_edition_that_classified_it() -> None:
    """The 18+ route is worded differently by the 2024 proposal: a summary of incidents it
    classified shows its words, not the 2018 edition's, in the tables a board reads."""
    from policy_model import assess_frame, load_incidents, summarise
    from policy_model.editions import PROPOSED
    from policy_model.views.trends import board_table

    frame = load_incidents(ROOT / "data" / "sample_incidents.csv")
    words = {}
    for guidance in (AS_WRITTEN, PROPOSED):
        summary = summarise(assess_frame(frame, guidance=guidance), profile=None)
        words[guidance.id] = set(board_table(summary, "pathway").index)
    adult = "adult_image_abuse"
    assert AS_WRITTEN.pathway[adult].label != PROPOSED.pathway[adult].label
    assert PROPOSED.pathway[adult].label in words[PROPOSED.id]
    assert AS_WRITTEN.pathway[adult].label not in words[PROPOSED.id]
    assert AS_WRITTEN.pathway[adult].label in words[AS_WRITTEN.id]


def test_edition_new_folder_dropped_into_the_package_is_an_edition(tmp_path: Path) -> None:
    """``policy-model edition new ID --from PARENT --folder`` starts a folder that loads as it
    stands; moved into the package's editions, it is one of them, with nothing else changed."""
    root = _copy_with(tmp_path, "placeholder", {})
    (root / "policy_model" / "editions" / "placeholder").rmdir()
    target = root / "policy_model" / "editions" / "test_folder_new"
    script = (
        "import sys, json\nfrom policy_model.cli import main\n"
        f"code = main(['edition', 'new', 'test-folder-new', '--from', 'redbridge-2018', '--folder',"
        f" '-o', {str(target)!r}])\nprint(json.dumps(code))"
    )
    assert _run(root, script) == 0
    assert {p.name for p in target.iterdir()} == {"edition.yaml", "facts.yaml", "scenarios"}
    listed = _run(root, "import json\nfrom policy_model.editions import EDITIONS\n"
                        "print(json.dumps(list(EDITIONS)))")  # fmt: skip
    assert set(listed) == {*EDITIONS, "test-folder-new"}


def test_editions_names_each_editions_folder(capsys: pytest.CaptureFixture[str]) -> None:
    from policy_model.cli import main

    assert main(["editions"]) == 0
    out = capsys.readouterr().out
    for folder in folders():
        assert folder.id in out and str(folder.path.relative_to(ROOT)) in out


def test_a_package_folder_given_by_path_is_its_edition() -> None:
    for folder in folders():
        assert edition(folder.path) is EDITIONS[folder.id]


@pytest.mark.parametrize(
    ("files", "names"),
    [
        ({"edition.yaml": "id: broken\nbase: redbridge-2018\n", "facts.yaml": "- name: x\n"},
         "facts.yaml: entry 1"),
        ({"edition.yaml": TRIAL_EDITION.replace("before: coerced_or_capacity", "before: nowhere")
          .replace("facts.yaml", "")}, "before: no node 'nowhere'"),
    ],
)  # fmt: skip
def test_a_folder_that_cannot_be_built_stops_every_command_with_exit_2(
    tmp_path: Path, files: dict[str, str], names: str
) -> None:
    """A policy author's mistake in a folder names the file and line, never a traceback."""
    root = _copy_with(tmp_path, "broken_folder", files)
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", "from policy_model.cli import main; raise SystemExit(main(['editions']))"],
        cwd=root, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "broken_folder" in done.stderr and names in done.stderr
    assert "edition.yaml:" in done.stderr or "facts.yaml:" in done.stderr
