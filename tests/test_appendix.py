"""The appendix: one self-contained document with both charts, their text version, the sources,
the reconstructed steps and what changed since the parent edition; accessible in a browser."""

from __future__ import annotations

import base64
import html.parser
from pathlib import Path

import pytest
from markupsafe import escape

from policy_model import cli
from policy_model.editions import AS_WRITTEN, EDITIONS, PROPOSED, edition
from policy_model.model.diff import diff
from policy_model.model.guidance import Guidance
from policy_model.views.appendix import appendix_html, appendix_model

ROOT = Path(__file__).resolve().parents[1]
YOUNG_13 = ROOT / "data" / "whatif-young-child-13.yaml"
PUBLIC = ROOT / "docs" / "whatif" / "public-sharing-to-specialist-discussion.yaml"


def _svg(dot: object) -> bytes:
    """A stand-in for Graphviz: the chart's DOT text, wrapped as SVG (no ``dot`` needed)."""
    return f"<svg xmlns='http://www.w3.org/2000/svg'><desc>{dot}</desc></svg>".encode()


class Page(html.parser.HTMLParser):
    """The ids, in-page links, images and text of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.external: list[str] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if given.get("id"):
            self.ids.append(str(given["id"]))
        for name in ("href", "src"):
            value = given.get(name) or ""
            if value.startswith("#"):
                self.links.append(value[1:])
            elif value and not value.startswith("data:"):
                self.external.append(value)
        if tag == "img":
            self.images.append(given)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page(guidance: Guidance, parent: Guidance | None = None) -> tuple[str, Page]:
    text = appendix_html(appendix_model(guidance, parent=parent, draw=_svg, today="2026-01-31"))
    return text, Page(text)


@pytest.mark.parametrize(
    "guidance", [*EDITIONS.values(), edition(YOUNG_13), edition(PUBLIC)], ids=lambda g: g.id
)
def test_the_appendix_is_self_contained_and_its_links_resolve(guidance: Guidance) -> None:
    _, p = page(guidance)
    assert p.external == []  # nothing fetched: styles inline, charts as data: URIs
    assert len(p.ids) == len(set(p.ids))
    assert sorted(set(p.links) - set(p.ids)) == []


@pytest.mark.parametrize("guidance", list(EDITIONS.values()), ids=lambda g: g.id)
def test_the_appendix_embeds_both_charts_with_alt_text_and_a_caption(guidance: Guidance) -> None:
    text, p = page(guidance)
    assert len(p.images) == 2
    for image, graph in zip(p.images, guidance.graphs.values(), strict=True):
        src = str(image["src"])
        assert src.startswith("data:image/svg+xml;base64,")
        assert f"digraph {graph.id}" in base64.b64decode(src.split(",", 1)[1]).decode()
        alt = str(image["alt"])
        assert graph.title.lower() in alt.lower() and f"{len(graph.outcomes)} outcomes" in alt
    assert text.count("<figcaption>") == 2


@pytest.mark.parametrize("guidance", list(EDITIONS.values()), ids=lambda g: g.id)
def test_the_text_version_gives_every_step_its_id_route_and_source(guidance: Guidance) -> None:
    text, p = page(guidance)
    words = " ".join(p.text)
    for graph in guidance.graphs.values():
        for node in graph.nodes:
            anchor = f"{graph.id}--{node.id}"
            assert anchor in p.ids
            section = text.split(f'id="{anchor}"')[1].split('<div class="step')[0]
            assert f"<code>{node.id}</code>" in section
            assert ("RECONSTRUCTED" in section) == node.cite.reconstructed, node.id
            assert str(escape(str(node.cite))) in section, node.id
    for source in guidance.sources:
        if any(n.cite.source == source for g in guidance.graphs.values() for n in g.nodes):
            assert source.title in words


def test_the_reconstructed_steps_are_listed_and_linked() -> None:
    text, _ = page(AS_WRITTEN)
    section = text.split('id="reconstructed"')[1].split('id="sources"')[0]
    expected = [
        (g.id, n.id) for g in AS_WRITTEN.graphs.values() for n in g.nodes if n.cite.reconstructed
    ]
    assert expected and section.count("<tr><td>") == len(expected)
    for graph_id, node_id in expected:
        assert f'href="#{graph_id}--{node_id}"' in section


def test_the_guidance_as_written_has_no_changes_section() -> None:
    text, p = page(AS_WRITTEN)
    assert "changes" not in p.ids and "What changed since" not in text


def test_the_proposed_revision_lists_and_marks_what_changed_since_2018() -> None:
    text, p = page(PROPOSED)
    section = text.split('id="changes"')[1].split('id="charts"')[0]
    changes = diff(AS_WRITTEN, PROPOSED)
    assert changes and section.count("<tr><td>") == len(changes)
    for change in changes:
        assert f"<code>{change.node}</code>" in section
        mark = "added" if change.mark == "added" else "changed"
        assert f'<div class="step {mark}" id="{change.graph}--{change.node}">' in text
    charts = [base64.b64decode(str(i["src"]).split(",", 1)[1]).decode() for i in p.images]
    assert "[ADDED]" in charts[0] and "[CHANGED]" in charts[0]  # the chart marks them too


def test_a_moved_age_line_is_reported_with_both_values() -> None:
    text, _ = page(edition(YOUNG_13))
    section = text.split('id="changes"')[1].split('id="charts"')[0]
    assert "Age lines moved" in section and "<td>12</td><td>13</td>" in section


def test_the_appendix_command_refuses_another_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "appendix.docx"
    assert cli.main(["appendix", AS_WRITTEN.id, "-o", str(target)]) == 2
    assert ".html or .pdf" in capsys.readouterr().err and not target.exists()


@pytest.mark.needs_dot
def test_the_appendix_command_writes_one_html_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "appendix.html"
    assert cli.main(["appendix", str(PUBLIC), "-o", str(target)]) == 0
    p = Page(target.read_text(encoding="utf-8"))
    assert [f.name for f in target.parent.iterdir()] == ["appendix.html"]
    assert p.external == [] and len(p.images) == 2
    assert "whatif-public-to-specialist" in " ".join(p.text)


# ---- in a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.needs_dot
@pytest.mark.parametrize(
    "name", [AS_WRITTEN.id, PROPOSED.id, str(YOUNG_13)], ids=["2018", "2024", "what-if"]
)
def test_the_appendix_has_no_wcag_22_aa_violation(name: str, tmp_path: Path) -> None:
    from .axe import axe_violations, describe

    target = tmp_path / "appendix.html"
    assert cli.main(["appendix", name, "-o", str(target)]) == 0
    violations = axe_violations(target)
    assert violations == [], describe(violations)


@pytest.mark.browser
@pytest.mark.needs_dot
def test_the_appendix_prints_to_a_tagged_a4_pdf_with_its_text(tmp_path: Path) -> None:
    from pypdf import PdfReader

    target = tmp_path / "appendix.pdf"
    assert cli.main(["appendix", PROPOSED.id, "-o", str(target)]) == 0
    reader = PdfReader(target)
    first = reader.pages[0]
    assert len(reader.pages) > 5 and round(float(first.mediabox.width)) == 595
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged: headings, lists, tables
    words = " ".join(page.extract_text() for page in reader.pages)
    assert "Reconstructed steps" in words and "financial_extortion" in words


def test_another_parent_shows_the_changes_from_it_removed_steps_unlinked() -> None:
    text, p = page(edition(YOUNG_13), parent=PROPOSED)
    section = text.split('id="changes"')[1].split('id="charts"')[0]
    assert "What changed since redbridge-2024-proposed" in text
    removed = section.split("<code>financial_extortion</code>")[1].split("</tr>")[0]
    assert "(removed)" in removed
    assert "response_pathway--financial_extortion" not in p.ids + p.links
