"""One document to circulate: images embedded, printed to a PDF whose text can be read, and
axe-core's check that finds a real accessibility fault (so a clean result means something)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_model.views import document
from tests.axe import axe_violations

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b7f1a20000000049454e44ae426082"
)
PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Board paper</title>'
    '<link rel="stylesheet" href="look.css"></head><body><main><h1>Board paper</h1>'
    '<p>Incidents this quarter: 321</p><img src="chart.png" alt="A chart"></main></body></html>'
)


def _page(tmp_path: Path, html: str = PAGE) -> Path:
    (tmp_path / "chart.png").write_bytes(PNG)
    (tmp_path / "look.css").write_text("body { font-family: sans-serif; }")
    source = tmp_path / "page.html"
    source.write_text(html)
    return source


def test_self_contained_embeds_images_and_stylesheets(tmp_path: Path) -> None:
    source = _page(tmp_path)
    target = tmp_path / "out" / "paper.html"
    document.write_self_contained(source, target)
    html = target.read_text()
    assert 'src="data:image/png;base64,' in html and "chart.png" not in html
    assert "font-family: sans-serif" in html and "look.css" not in html


def test_self_contained_refuses_a_remote_image(tmp_path: Path) -> None:
    with pytest.raises(document.DocumentError, match=re.escape("https://example.org/x.png")):
        document.self_contained('<img src="https://example.org/x.png" alt="">', tmp_path)


def test_self_contained_names_a_missing_image(tmp_path: Path) -> None:
    with pytest.raises(document.DocumentError, match=re.escape("missing.png")):
        document.self_contained('<img src="missing.png" alt="">', tmp_path)


@pytest.mark.browser
def test_html_to_pdf_prints_extractable_text(tmp_path: Path) -> None:
    from pypdf import PdfReader

    target = tmp_path / "paper.pdf"
    document.html_to_pdf(_page(tmp_path), target)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Incidents this quarter: 321" in text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.browser
def test_axe_finds_an_image_without_alt_text_and_passes_a_clean_page(tmp_path: Path) -> None:
    bad = _page(tmp_path, PAGE.replace(' alt="A chart"', ""))
    assert "image-alt" in {v["id"] for v in axe_violations(bad)}
    assert axe_violations(_page(tmp_path)) == []
