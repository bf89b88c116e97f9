"""Whether the committed diagrams (diagrams/) are what the model draws now.

The DOT text and the Markdown text versions depend only on the model, so they are compared
exactly. SVG and PNG files are Graphviz's drawings of the DOT text (and their bytes vary with
the Graphviz version), so each is as current as the DOT file it was drawn from.

>>> rows = diagram_status("diagrams")
>>> sorted({row.status for row in rows})
['current']
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Final

from ..editions import EDITIONS
from .diagrams import GRAPHS, edition_dir, text_outputs

__all__ = ["DRAWN", "DiagramStatus", "diagram_status"]

DRAWN: Final = ("svg", "png")
"""Formats drawn by Graphviz from the DOT text."""


@dataclasses.dataclass(frozen=True, slots=True)
class DiagramStatus:
    file: str
    status: str  # current, differs, missing
    note: str


def diagram_status(directory: str | Path) -> list[DiagramStatus]:
    """One row per diagram file the model makes, for every built-in edition (the one as
    written in ``directory``, the others in ``directory/<edition>``): current, differs, or
    missing."""
    rows: list[DiagramStatus] = []
    for guidance in EDITIONS.values():
        folder = edition_dir(Path(directory), guidance)
        prefix = folder.relative_to(Path(directory)).as_posix()
        for row in _status(folder, text_outputs(guidance)):
            name = row.file if prefix == "." else f"{prefix}/{row.file}"
            rows.append(dataclasses.replace(row, file=name))
    return rows


def _status(folder: Path, expected: dict[str, str]) -> list[DiagramStatus]:
    rows: list[DiagramStatus] = []
    for graph_id in GRAPHS:
        dot_file = f"{graph_id}.dot"
        for name in (dot_file, f"{graph_id}.md"):
            path = folder / name
            if not path.exists():
                rows.append(DiagramStatus(name, "missing", "run `make flowchart`"))
            elif path.read_text(encoding="utf-8") != expected[name]:
                rows.append(DiagramStatus(name, "differs", "run `make flowchart` and commit"))
            else:
                rows.append(DiagramStatus(name, "current", "identical to the model's"))
        source = rows[-2]
        for fmt in DRAWN:
            name = f"{graph_id}.{fmt}"
            if not (folder / name).exists():
                rows.append(DiagramStatus(name, "missing", "run `make flowchart`"))
            else:
                rows.append(DiagramStatus(name, source.status, f"drawn from {dot_file}"))
    return rows
