"""One document to circulate: an HTML file made self-contained, and printed to PDF by Chromium.

A paper or an appendix is written as HTML with its charts beside it; ``self_contained`` embeds
every local image and stylesheet so that one file travels alone, and ``html_to_pdf`` prints it
with headless Chromium (``--print-to-pdf``), which writes a tagged PDF (its text extractable,
its headings an outline). No Python browser driver is needed, only a Chromium or Chrome binary:
``$POLICY_MODEL_CHROMIUM``, else ``/usr/bin/chromium``, else the first of ``chromium``,
``chromium-browser``, ``google-chrome`` on the ``PATH``.

>>> self_contained('<p>No images</p>', Path('.'))
'<p>No images</p>'
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlparse

from ..incidents.paths import atomic_path

__all__ = [
    "CHROMIUM_ARGS",
    "DocumentError",
    "chromium",
    "html_to_pdf",
    "self_contained",
    "write_self_contained",
]

CHROMIUM_ARGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
)
"""Options for a headless Chromium that reaches no network service of its own."""

PRINT_SECONDS: Final = 120
_CANDIDATES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_IMG: Final = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_STYLESHEET: Final = re.compile(
    r"""<link\b(?=[^>]*\brel\s*=\s*["']?stylesheet)[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>""",
    re.IGNORECASE | re.DOTALL,
)


class DocumentError(Exception):
    """A document that cannot be made as asked; the message says why and what to do."""


def chromium() -> Path:
    """The Chromium (or Chrome) binary that prints PDFs; a clear error when there is none."""
    named = os.environ.get("POLICY_MODEL_CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise DocumentError(f"POLICY_MODEL_CHROMIUM names {named}, which does not exist")
        return Path(named)
    default = Path("/usr/bin/chromium")
    if default.is_file():
        return default
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise DocumentError(
        "a PDF is printed by headless Chromium, and none was found: install it (`make chromium`"
        ", or `sudo apt-get install chromium`), set POLICY_MODEL_CHROMIUM to a Chromium or "
        "Chrome binary, or write HTML (-o paper.html) instead"
    )


def _local(reference: str, base: Path) -> Path | None:
    """The local file an ``src``/``href`` names, None for one already embedded (``data:``)."""
    if reference.startswith("data:"):
        return None
    url = urlparse(reference)
    if url.scheme == "file":
        return Path(unquote(url.path))
    if url.scheme or reference.startswith("//"):
        raise DocumentError(
            f"the document links {reference!r}; a self-contained document embeds its "
            "images and styles, it does not fetch them"
        )
    return base / unquote(url.path)


def _data_uri(path: Path) -> str:
    if not path.is_file():
        raise DocumentError(f"the document embeds {path}, which does not exist")
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def self_contained(html: str, base: Path) -> str:
    """``html`` with every local image (``<img src>``) embedded as a ``data:`` URI and every
    local stylesheet inlined; relative paths are read from ``base``. A remote reference is an
    error: the document must open with no network."""

    def image(match: re.Match[str]) -> str:
        path = _local(unquote(match[3]), base)
        if path is None:
            return match[0]
        return f"{match[1]}{match[2]}{_data_uri(path)}{match[2]}"

    def stylesheet(match: re.Match[str]) -> str:
        path = _local(unquote(match[2]), base)
        if path is None:
            return match[0]
        if not path.is_file():
            raise DocumentError(f"the document's stylesheet {path} does not exist")
        return f"<style>\n{path.read_text(encoding='utf-8')}\n</style>"

    return _STYLESHEET.sub(stylesheet, _IMG.sub(image, html))


def write_self_contained(source: Path, target: Path) -> None:
    """Write ``source`` (an HTML file) as one self-contained file at ``target``, atomically."""
    html = self_contained(source.read_text(encoding="utf-8"), source.parent)
    with atomic_path(target) as temporary:
        temporary.write_text(html, encoding="utf-8")


def html_to_pdf(source: Path, target: Path, *, seconds: float = PRINT_SECONDS) -> None:
    """Print the HTML file ``source`` to ``target`` (tagged, with an outline of its headings) in
    headless Chromium; ``target`` appears only once the PDF is whole. The page size is the
    document's ``@page`` rule (``@page { size: A4 }``); Chromium's own default is US Letter."""
    browser = chromium()
    with (
        tempfile.TemporaryDirectory(prefix="policy-model-chromium-") as profile,
        atomic_path(target) as temporary,
    ):
        command = [
            str(browser),
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--print-to-pdf={temporary}",
            source.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=seconds, check=False
            )
        except subprocess.TimeoutExpired:
            raise DocumentError(
                f"Chromium did not print {source} to PDF within {seconds:.0f} s"
            ) from None
        if done.returncode != 0 or temporary.stat().st_size == 0:
            log = "\n".join(done.stderr.strip().splitlines()[-5:])
            raise DocumentError(
                f"Chromium could not print {source} to PDF (exit {done.returncode}):\n{log}"
            )
