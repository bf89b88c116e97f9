"""A school DSL's incident log as a spreadsheet export makes it: synthetic values only.

The headers are a designated safeguarding lead's own (issue 17's trial); blank rows fall
between incidents and a totals row closes the log, as a hand-kept sheet has them.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Final

HEADERS: Final = (
    "Incident ref", "Date of incident", "Pupil initials", "Year group", "Sex", "App used",
    "Shared beyond intended recipient?", "Adult involved?", "Pressured/coerced?",
    "Sent to hurt or embarrass?", "SEN/CP/LAC", "Action taken", "Notes",
)  # fmt: skip
ACTIONS: Final = {
    "Referred to MASH": "refer_immediately",
    "Referred to police": "refer_immediately",
    "Managed in school": "manage_within_agency",
    "Brook traffic light tool used": "safeguarding_procedures",
    "Strategy discussion": "specialist_discussion",
}
"""Each action a DSL records, and the pathway it is."""
INITIALS: Final = ("AB", "JK", "TR", "MW", "SP")
BLANK_AFTER: Final = (10, 25)
"""A blank row follows these incidents (0-based)."""


def dsl_rows(n: int = 40, *, seed: int = 7) -> list[list[str]]:
    """``n`` invented incidents, as the DSL would type them."""
    rng = random.Random(seed)
    yes_no = ("Yes", "No", "No", "Unsure")
    rows = []
    for i in range(n):
        rows.append(
            [
                f"DSL-{i + 1:03d}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024",
                rng.choice(INITIALS),
                f"Year {rng.randint(7, 11)}",
                rng.choice(("F", "M")),
                rng.choice(("Snapchat", "Instagram", "WhatsApp", "TikTok", "Other")),
                rng.choice(yes_no),
                rng.choice(("No", "No", "No", "Yes")),
                rng.choice(yes_no),
                rng.choice(yes_no),
                rng.choice(("", "", "SEN", "LAC", "CP", "SEN/LAC")),
                rng.choice(list(ACTIONS)),
                "Spoke with parents; see the safeguarding file for detail",
            ]
        )
    return rows


def write_dsl_log(
    path: Path, rows: list[list[str]] | None = None, *, totals: str | None = "Total"
) -> list[list[str]]:
    """The log as CSV: its rows, a blank row after each of ``BLANK_AFTER``, and a totals
    row (its first cell ``totals``; None for a row of counts only). Returns what was written,
    header first."""
    rows = dsl_rows() if rows is None else rows
    lines: list[list[str]] = [list(HEADERS)]
    for i, row in enumerate(rows):
        lines.append(row)
        if i in BLANK_AFTER:
            lines.append([""] * len(HEADERS))
    if totals is not None:
        lines.append([totals, *[""] * (len(HEADERS) - 1)])
    else:  # counts: how many said yes to each question, under its column
        total = [""] * len(HEADERS)
        for column in (7, 8, 9):
            total[column] = str(sum(r[column] == "Yes" for r in rows))
        lines.append(total)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(lines)
    return lines
