"""axe-core in headless Chromium: the WCAG 2.2 AA violations of a page, for browser tests.

``axe_violations(path_or_url)`` opens a file or URL in the Chromium at /usr/bin/chromium
(through Playwright), injects the axe-core that axe-playwright-python bundles (no network
needed) and runs it with the WCAG 2.0, 2.1 and 2.2 A and AA rules. Each violation is axe's own
dict (``id``, ``impact``, ``help``, ``nodes``...); ``describe`` turns the list into lines an
assertion message can show. Tests that use it are browser tests (``pytest.mark.browser``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import pytest

from policy_model.views.document import CHROMIUM_ARGS

__all__ = ["WCAG_22_AA", "axe_violations", "describe"]

CHROMIUM: Final = Path("/usr/bin/chromium")
WCAG_22_AA: Final = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
WAIT_MS: Final = 60_000


def _url(path_or_url: str | Path) -> str:
    text = str(path_or_url)
    if "://" in text:
        return text
    return Path(text).resolve().as_uri()


def axe_violations(
    path_or_url: str | Path,
    *,
    tags: Sequence[str] = WCAG_22_AA,
    viewport: tuple[int, int] = (1280, 1000),
) -> list[dict[str, Any]]:
    """axe-core's violations of the page at ``path_or_url`` (a file path or a URL) for the
    rules tagged ``tags`` (WCAG 2.2 AA by default); an empty list means none was found."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is needed for the accessibility check but {CHROMIUM} is missing: install "
            "it with `make chromium` (as root) or `sudo apt-get install chromium`"
        )
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.set_default_timeout(WAIT_MS)
            page.goto(_url(path_or_url), wait_until="load", timeout=WAIT_MS)
            results = Axe().run(page, options=options)
        finally:
            browser.close()
    return list(results.response["violations"])


def describe(violations: Sequence[dict[str, Any]]) -> str:
    """One line per violation and up to three of its elements, for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')}")
        lines += [f"    {' '.join(node.get('target', []))}" for node in v.get("nodes", [])[:3]]
    return "\n".join(lines)
