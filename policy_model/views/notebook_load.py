"""A dataset read and checked for a notebook: its good rows, what was set aside, and why."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import Final

import pandas as pd

from ..incidents.dataset import Validation, validate_incidents
from ..stats.summary import SetAside

__all__ = ["Loaded", "load"]

_SHOWN_PROBLEMS: Final = 10


@dataclasses.dataclass(frozen=True)
class Loaded:
    """A dataset read for the notebook: the good rows, what was set aside, and the problems.

    Shown in a notebook, it is a short message: how many incidents were read, and any
    problems (the first few, with their row and column), never a traceback.
    """

    path: Path
    validation: Validation
    rejects_path: Path | None

    @property
    def incidents(self) -> pd.DataFrame:
        """The rows that passed the checks (empty if the file as a whole is unusable)."""
        return self.validation.frame

    @property
    def usable(self) -> bool:
        """Whether there are incidents to summarise: the file was readable and some rows good."""
        return not self.validation.file_problems and len(self.validation.frame) > 0

    @property
    def set_aside(self) -> SetAside:
        return SetAside(len(self.validation.rejects), self.rejects_path, self.validation.skipped)

    def message(self) -> str:
        """A short message, in plain text."""
        v = self.validation
        head = f"{self.path.name}: {len(v.frame):,} incidents read"
        if v.skipped:
            head += f"; {v.skipped}"
        if not v.problems:
            return f"{head}; no problems."
        if v.file_problems:
            lines = [f"{self.path.name} cannot be used as it is:"]
            lines += [f"  {p}" for p in v.file_problems[:_SHOWN_PROBLEMS]]
            return "\n".join(lines)
        set_aside = str(SetAside(len(v.rejects), self.rejects_path))
        lines = [f"{head}; {set_aside} ({len(v.problems)} problems):"]
        lines += [f"  {p}" for p in v.problems[:_SHOWN_PROBLEMS]]
        if len(v.problems) > _SHOWN_PROBLEMS:
            lines.append(f"  ... and {len(v.problems) - _SHOWN_PROBLEMS} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        v = self.validation
        if not v.problems:
            return f"<p>{html.escape(self.message())}</p>"
        shown = v.file_problems or v.problems
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in shown[:_SHOWN_PROBLEMS])
        more = (
            f"<li>... and {len(shown) - _SHOWN_PROBLEMS} more</li>"
            if len(shown) > _SHOWN_PROBLEMS
            else ""
        )
        if v.file_problems:
            head = f"<b>{html.escape(self.path.name)} cannot be used as it is.</b>"
            tail = "Correct the file and run the notebook again."
        else:
            head = (
                f"<b>{html.escape(self.path.name)}: {len(v.frame):,} incidents read; "
                f"{html.escape(str(self.set_aside))}.</b>"
            )
            tail = (
                f"The rows set aside, with their reasons, are in "
                f"<code>{html.escape(str(self.rejects_path))}</code>; the figures below count "
                "the rest."
                if self.rejects_path is not None
                else "The figures below count the rest."
            )
        return f"<div>{head}<ul>{items}{more}</ul><p>{tail}</p></div>"

    def __repr__(self) -> str:
        return self.message()


def load(
    path: str | Path,
    *,
    rejects: str | Path | None = None,
    mapping: str | Path | None = None,
) -> Loaded:
    """Read and check a dataset for the notebook, without raising on bad rows.

    Bad rows are set aside (and written, with their reasons, to ``rejects`` if given); a file
    that cannot be used at all gives a ``Loaded`` that is not ``usable``. Either way, showing
    the result explains what happened in a few lines. ``mapping``: a mapping file for a local
    export (YAML), as ``--mapping`` on the command line.
    """
    from ..incidents import files

    path = Path(path)
    rejects_path = Path(rejects) if rejects is not None else None
    files.check_outputs([path], [rejects_path])  # never the dataset itself
    validation = validate_incidents(path, mapping=mapping)
    if rejects_path is not None and len(validation.rejects) and not validation.file_problems:
        files.write_table(validation.rejects, rejects_path)
    return Loaded(path, validation, rejects_path)
