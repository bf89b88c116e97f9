"""The repository is self-contained: its documents point to docs/design.md, not outside."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = ("../" + "shared", "shared/" + "DESIGN")
"""Pointers to the team's folder beside the checkout (spelt in two halves, so that this file
does not match itself)."""
CHECK = "tests/test_model.py"
"""Compares the bundled guidance with the team's copy when there is one: a check, not a pointer."""


def tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    paths = [ROOT / name for name in listed.decode().split("\0") if name and name != CHECK]
    return [p for p in paths if p.is_file() and b"\0" not in p.read_bytes()[:8192]]


def test_no_tracked_file_points_outside_the_repository() -> None:
    files = tracked_text_files()
    assert any(p.name == "design.md" for p in files)
    pointing = [
        str(p.relative_to(ROOT))
        for p in files
        if any(word in p.read_text(encoding="utf-8", errors="replace") for word in OUTSIDE)
    ]
    assert pointing == [], "point to docs/design.md instead"


def test_the_design_names_every_command_and_layer() -> None:
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for command in ("classify", "validate", "synth", "summarise", "flowchart", "explain"):
        assert f"policy-model {command}" in design
    for layer in ("model/", "engine/", "incidents/", "stats/", "views/", "cli/"):
        assert layer in design


def test_the_data_dictionary_is_the_column_registrys() -> None:
    """data/README.md's table is made from the registry; `make dictionary` remakes it."""
    from policy_model.views.text import with_dictionary

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert text == with_dictionary(text), "data/README.md is stale: run make dictionary"
