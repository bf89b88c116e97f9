"""A directory a command writes into: only its own files, as its manifest lists them.

A command that writes several files into ``-o DIR`` claims the directory first: it must be new,
empty, or hold nothing but the files an earlier run listed in the manifest. Those may be
replaced or removed; nothing else is ever touched. Pure standard library.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from .paths import InputError, atomic_path

__all__ = ["claim", "remove_unlisted", "write_manifest"]


def claim(directory: Path, manifest: str, command: str) -> set[str]:
    """The files an earlier run of ``command`` wrote into ``directory`` (from its manifest);
    refuses a directory holding anything else (or a link), or that is not a directory."""
    if not directory.exists() and not directory.is_symlink():
        return set()
    if not directory.is_dir() or directory.is_symlink():
        raise InputError(directory, "is not a directory; give a new directory")
    marker = directory / manifest
    listed: set[str] = set()
    if marker.is_file() and not marker.is_symlink():
        lines = marker.read_text(encoding="utf-8", errors="replace").splitlines()
        listed = {n for n in lines if n and not n.startswith("#") and _inside(directory, n)}
    folders = {str(parent) for name in listed for parent in PurePosixPath(name).parents}
    for root, dirs, names in os.walk(directory):  # stops at the first foreign entry
        for entry in [*dirs, *names]:
            path = Path(root, entry)
            name = path.relative_to(directory).as_posix()
            ours = name == manifest or name in listed or (entry in dirs and name in folders)
            if path.is_symlink() or not ours:
                raise InputError(
                    directory,
                    f"holds {name}, which {command} did not write; write into a new or empty "
                    "directory (nothing but this command's own files is ever replaced)",
                )
    return listed


def _inside(directory: Path, name: str) -> bool:
    """Whether a name from a manifest is a plain relative path inside ``directory``."""
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    return (directory / path).resolve().is_relative_to(directory.resolve())


def remove_unlisted(directory: Path, earlier: set[str], written: Sequence[str]) -> None:
    """Remove the files an earlier run wrote that this one did not (plain files only)."""
    for name in sorted(earlier - set(written)):
        old = directory / name
        if old.is_file() and not old.is_symlink():
            old.unlink()


def write_manifest(directory: Path, manifest: str, heading: str, names: Sequence[str]) -> None:
    """List the files a command wrote, so that a later run replaces only those."""
    text = f"# {heading}\n" + "".join(f"{name}\n" for name in names)
    with atomic_path(directory / manifest) as temporary:
        temporary.write_text(text, encoding="utf-8")
