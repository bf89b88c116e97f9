"""``policy-model report``: one self-contained, accessible board paper, HTML or PDF, with the
headline first, labels and never slugs, the withheld figures beside it and not in it, and the
synthetic-data notice exactly when the data is the bundled sample."""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from policy_model import assess_frame
from policy_model.cli import main
from policy_model.incidents.dataset import load_incidents
from policy_model.incidents.paths import InputError
from policy_model.stats.periods import parse_period
from policy_model.views import paper
from policy_model.views.labels import LABELS
from policy_model.views.paper_withheld import withheld_cells

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_incidents.csv"
POPULATION = ROOT / "data" / "population.csv"
NOTICE = "entirely synthetic data"
SLUGS = sorted(
    {slug for table in LABELS.values() for slug in table if "_" in slug}
    | {"undetermined", "experimental", "aggravated"}
)


def _last_quarter() -> str:
    last = load_incidents(SAMPLE)["reported_month"].max()
    return f"{last.year}Q{last.quarter}"


def _report(*args: str | Path) -> int:
    return main(["report", *map(str, args)])


def _text(page: str) -> str:
    """What a reader sees: the text without tags, plus every image's alt text."""
    alts = " ".join(re.findall(r'alt="([^"]*)"', page))
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + alts)


@pytest.fixture(scope="module")
def sample_paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The paper of the sample's last quarter with rates and areas compared, as HTML."""
    out = tmp_path_factory.mktemp("paper") / "paper.html"
    args = ["--period", _last_quarter(), "--population", POPULATION]
    assert _report(SAMPLE, *args, "-o", out) == 0
    return out


def test_the_bundled_sample_is_recognised_by_its_content() -> None:
    """SAMPLE_SHA256 holds the sample's hash: regenerate the sample, update the constant."""
    assert paper.digest(SAMPLE) in paper.SAMPLE_SHA256
    assert paper.is_bundled_sample(SAMPLE)


def test_the_paper_is_one_file_with_the_headline_first(sample_paper: Path) -> None:
    page = sample_paper.read_text()
    assert "<script" not in page and "<link" not in page
    assert not re.findall(r'src="(?!data:)', page), "every image is embedded"
    sections = [m for m in re.findall(r'<h2 id="([^"]+)"', page) if m != "contents"]
    assert sections[0] == "headline"
    assert {
        "category",
        "subtype",
        "response-pathway",
        "age",
        "gender",
        "agency",
        "platform",
        "about-these-figures",
    } <= set(sections)
    for section in sections:
        assert f'href="#{section}"' in page, f"the contents list links {section}"


def test_the_headline_states_the_period_and_its_incidents(sample_paper: Path) -> None:
    quarter = _last_quarter()
    period = parse_period(quarter)
    frame = load_incidents(SAMPLE)
    n = int(period.contains(frame["reported_month"].astype("string")).sum())
    text = _text(sample_paper.read_text())
    headline = text[text.index("Headline", text.index("About these figures")) :]
    assert period.label in headline and f"Incidents reported: {n:,}." in headline
    assert re.search(
        r"Rate: [\d.]+ incidents per 10,000 children aged 0 to 17 \(95% interval", headline
    )
    assert re.search(r"Aggravated: [\d,]+ settled, up to [\d,]+", headline)


def test_every_chart_has_alt_text_saying_what_it_shows_and_a_table_after_it(
    sample_paper: Path,
) -> None:
    page = sample_paper.read_text()
    figures = re.findall(r"<figure>(.*?)</figure>\s*(<\S+)", page, flags=re.DOTALL)
    assert len(figures) >= 6
    for inner, after in figures:
        alt = re.search(r'alt="([^"]*)"', inner)
        assert alt and len(alt[1]) > 60 and re.search(r"\d", alt[1]), alt
        assert after == "<table>", "a chart's figures follow it as a table"
    assert re.search(r'alt="XmR chart of [^"]*(no signal|than usual)', page), "SPC signals in words"


def test_the_paper_shows_no_slug_no_code_and_no_withheld_list(sample_paper: Path) -> None:
    text = _text(sample_paper.read_text())
    assert not [s for s in SLUGS if re.search(rf"\b{s}\b", text)]
    assert "import " not in text and "DATA =" not in text and "In [" not in text
    assert "primary" not in text and "hidden so that" not in text


def test_the_withheld_figures_go_beside_the_paper_in_labels(sample_paper: Path) -> None:
    with sample_paper.with_name("paper.withheld.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == ["Table", "Cell", "Column", "Reason", "Explanation"]
    text = " ".join(" ".join(r.values()) for r in rows)
    assert not [s for s in SLUGS if re.search(rf"\b{s}\b", text)]
    assert "=" not in text and "primary" not in text


def test_codes_keeps_slugs_in_the_withheld_list() -> None:
    built = paper.build(SAMPLE, period=_last_quarter())
    cells = withheld_cells(built.summary.suppression, codes=True)
    assert cells["cell"].str.contains("=").all() and set(cells["reason"]) <= {
        "primary",
        "secondary",
        "small_base",
    }


def test_the_notice_follows_the_content_not_the_name(tmp_path: Path) -> None:
    """A copy of the sample under another name is the sample; a file made by ``synth`` with
    another seed is not, though it is synthetic too (and named like the sample)."""
    copy = tmp_path / "incidents.csv"
    shutil.copyfile(SAMPLE, copy)
    other = tmp_path / "sample_incidents.csv"
    assert main(["synth", "-n", "400", "--seed", "7", "-o", str(other)]) == 0
    assert NOTICE in paper.build(copy).lead()
    assert NOTICE not in paper.build(other).lead()


def test_a_period_without_incidents_is_refused() -> None:
    with pytest.raises(InputError, match="no incidents in 2031 Q1"):
        paper.build(SAMPLE, period="2031Q1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--period", "2025Q5"], "unknown period", id="bad-period"),
        pytest.param(["--edition", "nope"], "nope", id="unknown-edition"),
        pytest.param(["--mapping", "nope.yaml"], "nope.yaml: no such file", id="no-mapping"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "paper.html"
    assert _report(SAMPLE, *args, "-o", out) == 2
    assert message in capsys.readouterr().err and not out.exists()


def test_the_paper_is_never_written_over_an_input(tmp_path: Path) -> None:
    data = tmp_path / "paper.withheld.csv"
    shutil.copyfile(SAMPLE, data)
    before = data.read_bytes()
    assert _report(data, "-o", tmp_path / "paper.html") == 2
    assert data.read_bytes() == before


def test_a_bad_row_is_named_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = SAMPLE.read_text().splitlines()
    row = next(i for i, line in enumerate(lines) if '"school"' in line)
    lines[row] = lines[row].replace('"school"', '"scool"', 1)
    data = tmp_path / "incidents.csv"
    data.write_text("\n".join(lines) + "\n")
    out = tmp_path / "paper.html"
    assert _report(data, "-o", out) == 2
    err = capsys.readouterr().err
    assert "scool" in err and "row" in err and "Traceback" not in err and not out.exists()


@pytest.mark.browser
def test_the_html_paper_has_no_axe_violation_at_wcag_22_aa(sample_paper: Path) -> None:
    from tests.axe import axe_violations, describe

    violations = axe_violations(sample_paper)
    assert violations == [], describe(violations)


@pytest.mark.browser
def test_the_pdf_paper_carries_the_headline_as_text(tmp_path: Path, sample_paper: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "paper.pdf"
    assert _report(SAMPLE, "--period", _last_quarter(), "-o", out) == 0
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    text = re.sub(r"\s+", " ", text)
    shown = _text(sample_paper.read_text())
    incidents = re.search(r"Incidents reported: [\d,]+\.", shown)
    aggravated = re.search(r"Aggravated incidents: [^.]+\.\d\%\)\.", shown)
    assert incidents and aggravated
    assert incidents[0] in text and aggravated[0] in text
    assert NOTICE in text and parse_period(_last_quarter()).label in text


def test_a_count_the_category_table_withholds_is_withheld_everywhere_in_the_paper() -> None:
    """The comparison table and the ranges repeat the period's category counts, so they withhold
    there whatever the category table withholds (``stats.board`` given the summary)."""
    last = load_incidents(SAMPLE)["reported_month"].max()
    month = f"{last}..{last}"  # one month: few enough incidents that some category is withheld
    built = paper.build(SAMPLE, period=month)
    table, withheld = built.summary.category, built.summary.withheld["category"]
    gone = table.loc[withheld["count"].to_numpy(bool), "category"].astype(str).tolist()
    frame = load_incidents(SAMPLE)
    months = frame["reported_month"].astype("string")
    assessed = assess_frame(frame[parse_period(month).contains(months).to_numpy()])
    assert gone, "the sample's last month withholds some category"
    comparison = built.comparison()
    for category in gone:
        name = re.escape(html.escape(LABELS["category"][category]))
        first = re.search(rf'<th scope="row">{name}</th><td>([^<]*)</td>', comparison)
        assert first and first[1] == "c", category
        ranges = built.board.ranges
        ends = ranges[(ranges["dimension"] == "category") & (ranges["group"] == category)]
        count = int((assessed["category"] == category).sum())
        up_to = ends["up_to"].iloc[0]
        assert pd.isna(ends["settled"].iloc[0]), category
        assert pd.isna(up_to) or up_to != count, f"{category}: up to equals the withheld count"
