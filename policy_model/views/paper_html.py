"""The board paper's HTML: accessible tables and figures, and the page that holds them.

Every table has a caption, column headers and row headers (``scope``), so a screen reader reads
each figure with its row and column; every chart is a ``<figure>`` whose image carries alt text
that says what the chart shows, followed by the table of its figures. ``page`` wraps the
rendered sections in one document with its language, title, a contents list built from the
section headings, and a print style (A4).

>>> print(table([["Experimental", "548"]], ["Category", "Incidents"], caption="By category"))
<table>
<caption>By category</caption>
<thead><tr><th scope="col">Category</th><th scope="col">Incidents</th></tr></thead>
<tbody>
<tr><th scope="row">Experimental</th><td>548</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Sequence
from typing import Any, Final

from ..stats.conventions import SUPPRESSED

__all__ = [
    "CONTENTS",
    "STYLE",
    "bars_alt",
    "figure",
    "heading",
    "page",
    "paragraphs",
    "slug",
    "table",
]

STYLE: Final = """
:root { color: #1b1b1b; background: #ffffff; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; line-height: 1.5;
       max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.9rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.4rem; margin-top: 2.2rem; border-bottom: 2px solid #0b5394; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
a { color: #0b5394; }
.notice { border: 3px solid #8a4b00; background: #fff4e5; padding: 0.6rem 1rem; }
.headline { border-left: 6px solid #0b5394; background: #eef4fb; padding: 0.4rem 1rem; }
.headline li { margin: 0.3rem 0; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #8c8c8c; padding: 0.2rem 0.5rem; }
thead th { background: #e8e8e8; }
td { text-align: right; font-variant-numeric: tabular-nums; }
th[scope="row"] { text-align: left; font-weight: normal; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.92rem; color: #333333; }
.small { font-size: 0.9rem; color: #333333; }
nav ol { columns: 2; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: auto; break-after: avoid; }
  figure, table { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

CONTENTS: Final = "<!-- contents -->"
"""Where ``page`` puts the contents list."""
_H2: Final = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)


def slug(text: str) -> str:
    """An id for a heading: lower case words joined by hyphens.

    >>> slug("About these figures")
    'about-these-figures'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def heading(text: str, level: int = 2) -> str:
    """A section heading; a level-2 heading carries the id the contents list links to."""
    if level == 2:
        return f'<h2 id="{slug(text)}">{html.escape(text)}</h2>'
    return f"<h{level}>{html.escape(text)}</h{level}>"


def paragraphs(*texts: str) -> str:
    """Plain sentences as paragraphs (escaped)."""
    return "\n".join(f"<p>{html.escape(t)}</p>" for t in texts if t)


def table(
    rows: Sequence[Sequence[str]],
    columns: Sequence[str],
    *,
    caption: str,
    row_headers: int = 1,
) -> str:
    """An accessible table: a caption, column headers, and the first ``row_headers`` cells of
    each row as row headers. Every value is text as published (``c``, ``z``...)."""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = [
            f'<th scope="row">{html.escape(v)}</th>'
            if i < row_headers
            else f"<td>{html.escape(v)}</td>"
            for i, v in enumerate(row)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return "\n".join(
        [
            "<table>",
            f"<caption>{html.escape(caption)}</caption>",
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *body,
            "</tbody>",
            "</table>",
        ]
    )


def figure(fig: Any, *, alt: str, caption: str, dpi: int = 110) -> str:
    """A matplotlib figure as an embedded PNG with its alt text (what it shows) and caption."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def page(body: str, *, title: str) -> str:
    """One document holding ``body``, with a contents list of its sections where the body
    has the marker ``CONTENTS`` (after its title block), else at the top."""
    items = "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in _H2.findall(body))
    contents = (
        f'<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>{items}</ol></nav>'
        if items
        else ""
    )
    body = body.replace(CONTENTS, contents, 1) if CONTENTS in body else contents + body
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def bars_alt(rows: list[list[str]], what: str, period: str) -> str:
    """Alt text for a bar chart: the largest groups and the total, from the table."""

    def number(text: str) -> float:
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return -1.0

    groups = [r for r in rows if r[0] != "All"]
    ranked = sorted(groups, key=lambda r: number(r[1]), reverse=True)
    top = "; ".join(f"{r[0]} {r[1]}" for r in ranked[:3] if number(r[1]) >= 0)
    withheld = sum(1 for r in groups if r[1] == SUPPRESSED)
    total = next((r[1] for r in rows if r[0] == "All"), None)
    parts = [f"Bar chart of {what}, {period}."]
    if total:
        parts.append(f"{total} in all.")
    if top:
        parts.append(f"Largest: {top}.")
    if withheld:
        parts.append(f"{withheld} withheld (small numbers).")
    return " ".join(parts)
