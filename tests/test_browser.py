"""The explorer in a real browser: Voila serves notebook 01, headless Chromium changes facts,
and the subtype shown and the path drawn in bold follow."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01-classification-explorer.ipynb"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_SECONDS = 60
WAIT_MS = 60_000
REVENGE = "a 14 year old shares pictures of an ex-partner for revenge"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"Voila exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):
            return
        time.sleep(0.3)
    pytest.fail(
        f"Voila did not answer at {url} within {START_SECONDS} s:\n{log.read_text()[-3000:]}"
    )


@pytest.fixture
def voila(tmp_path: Path) -> Iterator[str]:
    """Voila serving the explorer notebook on a free loopback port; stopped afterwards."""
    port = free_port()
    log = tmp_path / "voila.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voila",
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                str(NOTEBOOK),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=NOTEBOOK.parent,
            env=env,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, server, log)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is needed for the browser test but {CHROMIUM} is missing: install it "
            "with `make chromium` (as root) or `sudo apt-get install chromium`"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def shown(page: Any) -> tuple[str, frozenset[str]]:
    """The subtype shown, and the edges drawn in bold on the chart (by their titles)."""
    subtype = page.locator(".pm-subtype").get_attribute("data-value")
    bold = page.evaluate(
        """() => [...document.querySelectorAll('.pm-chart svg g.edge')]
            .filter(g => g.querySelector('path[stroke-width="3.5"]'))
            .map(g => g.querySelector('title').textContent.replace(/:[a-z]+/g, ''))"""
    )
    return subtype, frozenset(bold)


def test_changing_facts_in_the_browser_changes_subtype_and_path(
    voila: str, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(WAIT_MS)
    page.goto(voila, timeout=WAIT_MS)
    page.get_by_text("Reset: Explorer").wait_for()  # every cell has run
    subtype, path = shown(page)
    assert subtype == "romantic"
    assert "is_aggravated->young_or_vulnerable" in path

    page.locator("select").first.select_option(label=REVENGE)
    page.wait_for_selector('.pm-subtype[data-value="youth_intent_to_harm"]')
    subtype, revenge_path = shown(page)
    assert revenge_path != path and "is_aggravated->specialist_discussion" in revenge_path

    page.get_by_label("An adult (18+) is involved").check()
    page.wait_for_selector('.pm-subtype[data-value="adult_involved"]')
    page.wait_for_selector('.pm-chart[data-path$="involves_adult refer_immediately"]')
    subtype, adult_path = shown(page)
    assert subtype == "adult_involved"
    assert "involves_adult->refer_immediately" in adult_path
    assert "is_aggravated->specialist_discussion" not in adult_path
    assert page.locator("select").first.input_value() == "(your own facts)"  # left the example

    page.evaluate("() => window.scrollTo(0, 0)")
    shot = tmp_path / "01-classification-explorer.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENSHOTS / shot.name)
