"""The notebooks as stored: the kernelspec JupyterLab writes, and an app page without scaffolding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
JUPYTERLAB = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks_and_an_app_page() -> None:
    names = {p.relative_to(ROOT / "notebooks").as_posix() for p in NOTEBOOKS}
    assert {"03-incident-trends.ipynb", "app/explorer.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_a_notebook_has_the_kernelspec_jupyterlab_writes(path: Path) -> None:
    """Opening it in JupyterLab 4 then changes nothing (``make notebooks`` sets it)."""
    metadata = _read(path)["metadata"]
    assert metadata["kernelspec"] == JUPYTERLAB
    assert metadata["language_info"]["name"] == "python"


def test_the_app_page_shows_the_explorer_and_nothing_else() -> None:
    """``make app`` serves it with Voila: no cells that drive the explorer from code."""
    cells = _read(ROOT / "notebooks" / "app" / "explorer.ipynb")["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert len(code) == 1 and "Explorer()" in code[0]
    assert "app/explorer.ipynb" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_trends_notebook_keeps_its_papermill_parameters() -> None:
    cells = _read(ROOT / "notebooks" / "03-incident-trends.ipynb")["cells"]
    tagged = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1 and "DATA = " in "".join(tagged[0]["source"])
