"""The explorer in a real browser: Voila serves notebook 01, headless Chromium answers facts
(yes / no / not known), and the outcome shown and the path drawn in bold follow: from nothing
known (not yet determined, a precautionary pathway, branches still possible dashed) to settled."""

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

from policy_model.views.document import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01-classification-explorer.ipynb"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
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
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {  # the kernel imports this checkout's package, whatever the working directory
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "PYTHONPATH": os.pathsep.join(paths),
    }
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
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()


def shown(page: Any) -> tuple[str, str, frozenset[str], int]:
    """The subtype and pathway shown, the edges drawn in bold on the chart (by their titles),
    and how many edges are drawn dashed (still possible)."""
    subtype = page.locator(".pm-subtype").get_attribute("data-value")
    pathway = page.locator(".pm-pathway").get_attribute("data-value")
    bold = page.evaluate(
        """() => [...document.querySelectorAll('.pm-chart svg g.edge')]
            .filter(g => g.querySelector('path[stroke-width="3.5"]'))
            .map(g => g.querySelector('title').textContent.replace(/:[a-z]+/g, ''))"""
    )
    dashed = page.evaluate(
        """() => [...document.querySelectorAll('.pm-chart svg g.edge path')]
            .filter(p => p.getAttribute('stroke-dasharray')).length"""
    )
    return subtype, pathway, frozenset(bold), int(dashed)


def answer(page: Any, fact: str, choice: str) -> None:
    """Click one of a fact's three buttons: yes, no or not known."""
    page.locator(f".pm-input-{fact}").get_by_role("button", name=choice, exact=True).click()


def test_answering_facts_in_the_browser_settles_the_outcome_and_moves_the_path(
    voila: str, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(WAIT_MS)
    page.goto(voila, timeout=WAIT_MS)
    page.get_by_text("Reset: Explorer").wait_for()  # every cell has run

    # Your own facts: nothing known yet.
    assert page.locator("select").first.input_value() == "(your own facts)"
    subtype, pathway, path, dashed = shown(page)
    assert (subtype, pathway) == ("undetermined", "undetermined")
    assert page.get_by_text("not yet determined").first.is_visible()
    assert page.locator(".pm-precaution").get_attribute("data-value") == "refer_immediately"
    assert "initial_review->everyone_adult" in path and dashed > 0

    page.evaluate("() => window.scrollTo(0, 0)")
    shot = tmp_path / "01-classification-explorer.png"
    page.screenshot(path=str(shot))

    # An adult is involved: yes. The pathway is settled, the path runs on to the referral.
    answer(page, "adult_involved", "yes")
    page.wait_for_selector('.pm-pathway[data-value="refer_immediately"]')
    page.wait_for_selector('.pm-chart[data-path$="involves_adult refer_immediately"]')
    _, pathway, adult_path, dashed = shown(page)
    assert pathway == "refer_immediately" and dashed == 0
    assert "involves_adult->refer_immediately" in adult_path and adult_path != path
    assert page.locator(".pm-precaution").count() == 0

    # Back to not known: open again.
    answer(page, "adult_involved", "not known")
    page.wait_for_selector('.pm-pathway[data-value="undetermined"]')

    # A worked example sets its facts; changing one leaves the example.
    page.locator("select").first.select_option(label=REVENGE)
    page.wait_for_selector('.pm-subtype[data-value="youth_intent_to_harm"]')
    # the chart is redrawn after the outcome: wait for it too (it raced under load in CI)
    page.wait_for_selector('.pm-chart[data-path$="aggravating_conduct specialist_discussion"]')
    _, _, revenge_path, _ = shown(page)
    assert "aggravating_conduct->specialist_discussion" in revenge_path
    answer(page, "adult_involved", "yes")
    page.wait_for_selector('.pm-subtype[data-value="adult_involved"]')
    assert page.locator("select").first.input_value() == "(your own facts)"

    assert shot.stat().st_size > 10_000
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENSHOTS / shot.name)
