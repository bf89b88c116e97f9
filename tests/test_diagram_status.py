"""diagram_status tells current, changed and missing diagram files apart."""

from __future__ import annotations

from pathlib import Path

from policy_model.editions import EDITIONS
from policy_model.views.diagram_status import diagram_status
from policy_model.views.diagrams import edition_dir, text_outputs


def written(folder: Path) -> Path:
    for guidance in EDITIONS.values():
        where = edition_dir(folder, guidance)
        where.mkdir(exist_ok=True)
        for name, text in text_outputs(guidance).items():
            (where / name).write_text(text, encoding="utf-8")
            for fmt in ("svg", "png"):
                (where / name).with_suffix(f".{fmt}").write_bytes(b"drawn")
    return folder


def test_files_as_the_model_makes_them_are_current(tmp_path: Path) -> None:
    rows = diagram_status(written(tmp_path))
    assert len(rows) == 8 * len(EDITIONS) and {r.status for r in rows} == {"current"}


def test_an_edited_text_version_differs_and_so_do_its_drawings(tmp_path: Path) -> None:
    folder = written(tmp_path)
    (folder / "typology.dot").write_text("digraph {}", encoding="utf-8")
    status = {r.file: r.status for r in diagram_status(folder)}
    assert status["typology.dot"] == "differs"
    assert status["typology.svg"] == status["typology.png"] == "differs"
    assert status["typology.md"] == status["response_pathway.dot"] == "current"


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    folder = written(tmp_path)
    (folder / "response_pathway.png").unlink()
    (folder / "response_pathway.md").unlink()
    status = {r.file: r.status for r in diagram_status(folder)}
    assert status["response_pathway.png"] == status["response_pathway.md"] == "missing"
