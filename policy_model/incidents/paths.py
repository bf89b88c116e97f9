"""Files as the user names them: errors that name the file, sniffing, atomic writes.

Pure standard library, so that commands which only write text files stay quick.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

__all__ = [
    "STALE_SECONDS",
    "InputError",
    "atomic_path",
    "check_outputs",
    "remove_stale",
    "sniff_binary",
    "sniff_bytes",
    "temporary_beside",
]

STALE_SECONDS: Final = 3600
"""A hidden temporary file of ours older than this was left by a killed run: removed."""

_MAGIC: Final = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"RIFF": "a RIFF (WebP image or video) file",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (or an Office document)",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}


class InputError(Exception):
    """A file that cannot be read or written as asked; the message names the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def _bmp(head: bytes) -> bool:
    """A BMP image: "BM", then its size, and a header of one of the sizes BMP defines (a CSV
    whose first header starts "BM" is text)."""
    return (
        head.startswith(b"BM")
        and len(head) >= 18
        and int.from_bytes(head[14:18], "little") in (12, 16, 40, 52, 56, 64, 108, 124)
    )


def sniff_binary(path: Path) -> str | None:
    """What a non-text file looks like (an image, a document...), or None for text."""
    with path.open("rb") as f:
        return sniff_bytes(f.read(8192))


def sniff_bytes(head: bytes) -> str | None:
    """What a file starting with ``head`` looks like, or None for text (``sniff_binary``)."""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if _bmp(head):
        return "a BMP image"
    if head[4:8] == b"ftyp":
        return "an ISO media (HEIC image or MP4 video) file"
    if b"\x00" in head:
        return "a binary file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the 8 KiB boundary
            return "not UTF-8 text"
    return None


def _resolved(path: Path) -> Path:
    """``path`` absolute, every link followed (also for a file not yet written)."""
    return Path(os.path.realpath(path))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a == b or os.path.samefile(a, b)  # a hard link is the same file too
    except OSError:
        return False


def _within(inner: Path, outer: Path) -> bool:
    return inner != outer and inner.is_relative_to(outer)


def _writable(target: Path, *, directory: bool) -> str | None:
    """Why ``target`` cannot be written, or None."""
    if target.exists() and target.is_dir() and not directory:
        return "is a directory; give a file name"
    if target.exists() and not target.is_dir() and directory:
        return "is a file; give a directory"
    parent = target.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"cannot be written: {parent} is a file, not a directory"
    if not os.access(parent, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        return f"cannot be written: no permission to write in {parent}"
    return None


def check_outputs(
    inputs: Iterable[Path | None],
    outputs: Iterable[Path | None],
    *,
    directories: Iterable[Path | None] = (),
) -> None:
    """Refuse, before anything is read or written, an output that is (or, for an output
    directory, holds) an input or another output, or that cannot be written.

    ``inputs`` are every file the command reads (the dataset, a mapping, a what-if);
    ``outputs`` the files it writes and ``directories`` the directories it writes into. Links
    are followed, so a link to an input is the input. Raises ``InputError`` naming both paths.
    """
    read = [(p, _resolved(p)) for p in inputs if p is not None]
    files = [(p, _resolved(p), False) for p in outputs if p is not None]
    folders = [(p, _resolved(p), True) for p in directories if p is not None]
    written = files + folders
    for i, (path, real, is_dir) in enumerate(written):
        for given, source in read:
            if _same_file(real, source):
                raise InputError(
                    path, f"is the input {given}; an output never replaces an input: choose "
                    "another name",
                )  # fmt: skip
            if is_dir and _within(source, real):
                raise InputError(
                    path, f"holds the input {given}; write into another directory",
                )  # fmt: skip
            if _within(real, source):
                raise InputError(path, f"cannot be written: the input {given} is a file")
        for other, other_real, other_dir in written[:i]:
            if _same_file(real, other_real):
                raise InputError(path, f"is also given as another output ({other}): give two names")
            inner = (real, other_real) if other_dir else (other_real, real) if is_dir else None
            if inner is not None and _within(*inner):
                raise InputError(
                    path, f"and the output {other} overlap: one is inside the other; keep "
                    "them apart",
                )  # fmt: skip
        reason = _writable(path, directory=is_dir)
        if reason:
            raise InputError(path, reason)


def remove_stale(directory: Path, name: str) -> None:
    """Remove hidden temporaries for ``name`` in ``directory`` (``.NAME.*.tmp`` files and
    staging directories) left over an hour ago by a run that was killed."""
    import shutil

    if not directory.is_dir():
        return
    now = time.time()
    for entry in directory.glob(f".{glob_escape(name)}.*.tmp"):
        try:
            if now - entry.lstat().st_mtime < STALE_SECONDS:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        except OSError:
            continue


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def temporary_beside(target: Path) -> Path:
    """A new, empty, hidden file beside ``target`` with an ordinary file's permissions (not
    mkstemp's private 0600), for the caller to rename onto ``target``; stale ones from
    killed runs are cleared first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent, target.name)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    temporary.chmod(0o666 & ~_umask())
    return temporary


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it only if the block succeeds."""
    temporary = temporary_beside(target)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
