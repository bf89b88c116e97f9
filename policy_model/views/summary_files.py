"""A protected summary's files (CSV tables, report and charts) written safely into a directory."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from ..incidents import files, owned
from ..stats.summary import Summary
from .labels import published_frame
from .report import MARKER, write_report

__all__ = ["write_summary"]


def write_summary(
    summary: Summary,
    directory: Path,
    *,
    extra: Mapping[str, Callable[[Path], None]] | None = None,
) -> None:
    """Write the tables (CSV), ``report.md`` and its charts into ``directory``; ``extra``
    names more files, each with the function that writes it.

    ``directory`` must be new, empty, or hold only the files an earlier run wrote, as its
    manifest (``MARKER``) lists them: those are replaced and nothing else is ever deleted.
    Everything is written first into a hidden staging directory beside it.
    """
    if summary.profile is None:
        raise ValueError("an unprotected summary (profile=None) cannot be written out")
    earlier = owned.claim(directory, MARKER, "policy-model summarise")
    directory.parent.mkdir(parents=True, exist_ok=True)
    files.remove_stale(directory.parent, directory.name)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent)
    )
    try:
        for name, table in summary.tables():
            files.csv_safe_frame(published_frame(table, summary.withheld[name])).to_csv(
                staging / f"{name}.csv", index=False
            )
        write_report(summary, staging)
        for name, write in (extra or {}).items():  # more files, by name: writer(path)
            write(staging / name)
        written = sorted(
            p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()
        )
        heading = (
            f"written by policy-model summarise ({summary.guidance_version}); a later run "
            "replaces these files and nothing else"
        )
        if not directory.exists():
            owned.write_manifest(staging, MARKER, heading, written)
            os.replace(staging, directory)
            return
        owned.write_manifest(directory, MARKER, heading, sorted(earlier | set(written)))
        for name in written:
            (directory / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, directory / name)
        owned.remove_unlisted(directory, earlier, written)
        owned.write_manifest(directory, MARKER, heading, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
