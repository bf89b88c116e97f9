"""A what-if file is a name and a bounded tree: its id is a slug, never a path or a built-in
edition's id; aliases, deep nesting, unknown keys and lists where names belong are refused
with file and line, never a traceback (issue 17, items 3, 8, 9 and 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_model import cli
from policy_model.editions import load_whatif_text
from policy_model.model.whatif import MAX_DEPTH, WhatIfError

HEAD = "id: whatif-x\ntitle: T\nrationale: R\n"
QUESTION = (
    "changes:\n  - insert_question: {{before: aggravating_conduct, id: q, label: L, "
    "when: {when}, yes: specialist_discussion}}\n"
)


def _refused(text: str, says: str) -> str:
    with pytest.raises(WhatIfError, match=says) as caught:
        load_whatif_text(text, "w.yaml")
    assert str(caught.value).startswith("w.yaml:")
    return str(caught.value)


@pytest.mark.parametrize("bad", ["../x", "/tmp/x", "a/b", "X Y", "", ".hidden", "a" * 65])
def test_an_id_is_a_slug_not_a_path(bad: str) -> None:
    text = HEAD.replace("whatif-x", json.dumps(bad))
    _refused(text, "id")


@pytest.mark.parametrize("builtin", ["redbridge-2018", "redbridge-2024-proposed"])
def test_a_whatif_may_not_take_a_built_in_editions_id(builtin: str) -> None:
    _refused(HEAD.replace("whatif-x", builtin), "built-in edition")


def test_flowchart_of_a_whatif_named_as_the_guidance_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whatif = tmp_path / "w.yaml"
    whatif.write_text(HEAD.replace("whatif-x", "redbridge-2018"), encoding="utf-8")
    out = tmp_path / "diagrams"
    status = cli.main(["flowchart", "-o", str(out), "--edition", str(whatif), "--format", "dot"])
    assert status == cli.EXIT_BAD_INPUT
    assert "built-in edition" in capsys.readouterr().err
    assert not out.exists()


def test_an_alias_bomb_is_refused_at_once() -> None:
    levels = ["a0: &a0 {fact: coercion}"]
    for i in range(1, 30):
        levels.append(f"a{i}: &a{i} {{any_of: [*a{i - 1}, *a{i - 1}]}}")
    bomb = HEAD + "anchors:\n" + "".join(f"  {line}\n" for line in levels)
    bomb += QUESTION.format(when="*a29")  # 2**29 conditions, were aliases followed
    _refused(bomb, "alias")
    inline = HEAD + QUESTION.format(when="&c {fact: coercion}").replace("yes:", "x: *c, yes:")
    _refused(inline, "alias")


def test_deep_nesting_is_refused() -> None:
    deep = "{not: " * (MAX_DEPTH + 5) + "{fact: coercion}" + "}" * (MAX_DEPTH + 5)
    _refused(HEAD + QUESTION.format(when=deep), "nest")
    very_deep = "[" * 5000 + "]" * 5000
    _refused(HEAD + f"changes: {very_deep}\n", "nested too deeply|list")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (HEAD + QUESTION.format(when="{fact: [coercion]}"), "not a yes/no column"),
        (HEAD + QUESTION.format(when="{sharing: [[public]]}"), "not among"),
        (
            HEAD
            + QUESTION.replace("before: aggravating_conduct", "before: [x]").format(
                when="{fact: coercion}"
            ),
            "no node",
        ),
        (HEAD + "base: [redbridge-2018]\n", "base"),
        (HEAD + "date: [2024]\n", "date"),
        (
            HEAD + QUESTION.format(when="{fact: coercion}").replace("when:", "whn: 1, when:"),
            "unknown key 'whn'",
        ),
        (
            HEAD + "changes:\n  - retarget: {node: young_or_vulnerable, answer: no, "
            "to: safeguarding_procedures}\n    colour: red\n",
            "unknown key 'colour'",
        ),
    ],
)
def test_hostile_whatifs_are_refused_with_file_and_line(text: str, says: str) -> None:
    _refused(text, says)


def test_whatif_files_that_are_not_text_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "latin1.yaml": HEAD.encode() + b"author: Ren\xe9e\n",
        "nul.yaml": HEAD.encode() + b"author: a\x00b\n",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        status = cli.main(["sql", "--edition", str(tmp_path / name)])
        err = capsys.readouterr().err
        assert status == cli.EXIT_BAD_INPUT, name
        assert name in err and "Traceback" not in err


def test_deeply_nested_explain_json_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text('{"coercion": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert cli.main(["explain", "--json", str(facts)]) == cli.EXIT_BAD_INPUT
    assert "facts.json" in capsys.readouterr().err
