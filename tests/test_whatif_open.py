"""Notebook 04 opens a what-if from any path or an upload; whatever goes wrong is shown, not
raised, and leaves the comparison as it was."""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import graphviz
import pytest

from policy_model.editions import AS_WRITTEN, PROPOSED
from policy_model.views.policy_change import PolicyChange
from policy_model.views.whatif_open import MAX_BYTES

from .helpers import ROOT

YOUNG_13 = (ROOT / "data" / "whatif-young-child-13.yaml").read_text(encoding="utf-8")
BROKEN = "id: draft\ntitle: t\nrationale: r\nchanges:\n  - retarget: {node: tell_dls, to: x}\n"


def dot_text(dot: graphviz.Digraph) -> bytes:
    return str(dot.source).encode()


@pytest.fixture
def view() -> PolicyChange:
    return PolicyChange(pipe=dot_text)


def _draft(folder: Path, text: str = YOUNG_13, name: str = "draft.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text.replace("whatif-young-child-13", "my-draft"), encoding="utf-8")
    return path


def test_a_what_if_outside_the_repository_opens_as_b(view: PolicyChange, tmp_path: Path) -> None:
    path = _draft(tmp_path / "elsewhere")
    view.opener.path_text.value = str(path)
    view.opener.open_button.click()
    assert view.new.id == "my-draft" and view.old.id == AS_WRITTEN.id
    assert view.line_inputs["young_child"].value == 13
    assert "young_or_vulnerable" in view.displayed()["changes"]
    assert str(path) in [key for _, key in view.old_choice.options]  # A can choose it too
    assert "Opened" in view.opener.message_html.value


def test_a_path_may_start_from_the_home_folder(
    view: PolicyChange, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    _draft(tmp_path / "drafts")
    assert view.opener.open_path("~/drafts/draft.yaml") and view.new.id == "my-draft"


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("missing.yaml", None, "no such file"),
        ("draft.txt", YOUNG_13, "ends in .yaml"),
        ("draft.yaml", BROKEN, "draft.yaml:5: node: no node 'tell_dls'"),
        ("draft.yaml", "# padding\n" * (MAX_BYTES // 10 + 1), "larger than"),
    ],
    ids=["missing", "suffix", "broken", "large"],
)
def test_a_path_that_cannot_be_opened_is_shown_and_changes_nothing(
    view: PolicyChange, tmp_path: Path, name: str, text: str | None, words: str
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert view.opener.open_path(str(path)) is False
    message = html.unescape(view.opener.message_html.value)
    assert 'role="alert"' in message and words in message
    assert view.new.id == PROPOSED.id and view.old.id == AS_WRITTEN.id


def test_a_broken_path_names_the_step_it_meant(view: PolicyChange, tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    view.opener.open_path(str(path))
    assert "did you mean 'tell_dsl'" in html.unescape(view.opener.message_html.value)


def test_an_upload_opens_as_b_and_its_age_lines_can_move(view: PolicyChange) -> None:
    view.opener.upload.value = (
        {
            "name": "uploaded.yaml",
            "type": "application/x-yaml",
            "size": len(YOUNG_13),
            "content": memoryview(YOUNG_13.encode()),
            "last_modified": datetime.datetime.now(tz=datetime.UTC),
        },
    )
    assert view.new.id == "whatif-young-child-13", view.opener.message_html.value
    assert "uploaded.yaml (uploaded what-if)" in [label for label, _ in view.new_choice.options]
    view.set_lines(adult=17)
    assert view.new.lines.adult == 17 and view.new.lines.young_child == 13


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("draft.yaml", b"\xff\xfe not text", "not UTF-8 text"),
        ("draft.yaml", BROKEN.encode(), "draft.yaml:5:"),
        ("draft.json", b"{}", "ends in .yaml"),
        ("draft.yaml", b"#" * (MAX_BYTES + 1), "larger than"),
    ],
    ids=["binary", "broken", "suffix", "large"],
)
def test_an_upload_that_cannot_be_opened_is_shown_and_changes_nothing(
    view: PolicyChange, name: str, content: bytes, words: str
) -> None:
    assert view.opener.open_upload(name, content) is False
    message = html.unescape(view.opener.message_html.value)
    assert 'role="alert"' in message and words in message
    assert view.new.id == PROPOSED.id
    assert all("uploaded" not in label for label, _ in view.new_choice.options)
