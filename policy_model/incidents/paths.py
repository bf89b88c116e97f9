"""Files as the user names them: errors that name the file, sniffing, atomic writes.

Pure standard library, so that commands which only write text files stay quick.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

__all__ = ["InputError", "atomic_path", "sniff_binary"]

_MAGIC: Final = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"BM": "a BMP image",
    b"RIFF": "a RIFF (WebP image or video) file",
    b"\x00\x00\x00": "an ISO media (HEIC image or MP4 video) file",
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


def sniff_binary(path: Path) -> str | None:
    """What a non-text file looks like (an image, a document...), or None for text."""
    with path.open("rb") as f:
        head = f.read(8192)
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "a binary file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the 8 KiB boundary
            return "not UTF-8 text"
    return None


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    temporary.chmod(0o666 & ~_umask())  # as an ordinary new file, not mkstemp's private 0600
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
