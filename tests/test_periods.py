"""Reporting periods: parsing, membership and the periods compared with."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_model.stats.periods import PeriodKind, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2025Q1", PeriodKind.QUARTER, "2025-01", "2025-03"),
        ("2024q4", PeriodKind.QUARTER, "2024-10", "2024-12"),
        ("2024-25", PeriodKind.FINANCIAL_YEAR, "2024-04", "2025-03"),
        ("1999-00", PeriodKind.FINANCIAL_YEAR, "1999-04", "2000-03"),
        ("2024/2025", PeriodKind.FINANCIAL_YEAR, "2024-04", "2025-03"),
        ("2024", PeriodKind.CALENDAR_YEAR, "2024-01", "2024-12"),
        ("2024-04..2024-09", PeriodKind.MONTHS, "2024-04", "2024-09"),
    ],
    ids=["quarter", "quarter-lower", "financial", "century", "financial-long", "calendar", "range"],
)
def test_parse_period_forms(text: str, kind: PeriodKind, start: str, end: str) -> None:
    p = parse_period(text)
    assert (p.kind, p.start, p.end) == (kind, start, end)


@pytest.mark.parametrize(
    "text", ["2024-26", "2025Q5", "24-25", "April 2024", "2024-13..2025-01", "2024-09..2024-04"]
)
def test_parse_period_refuses_other_text_naming_the_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"2025Q1|financial year|ends before"):
        parse_period(text)


def test_every_period_says_which_kind_of_year() -> None:
    assert parse_period("2024-25").year_kind == "financial year, April to March"
    assert "January to December" in parse_period("2024").year_kind


def test_contains_is_vectorised_over_month_text() -> None:
    months = pd.Series(["2024-03", "2024-04", "2025-03", "2025-04", None])
    assert parse_period("2024-25").contains(months).tolist() == [False, True, True, False, False]


def test_comparison_periods() -> None:
    q = parse_period("2025Q1")
    assert (q.previous().start, q.previous().end) == ("2024-10", "2024-12")
    assert q.previous().kind is PeriodKind.QUARTER
    assert (q.year_earlier().start, q.year_earlier().end) == ("2024-01", "2024-03")
    r = parse_period("2024-04..2024-09")
    assert (r.previous().start, r.previous().end) == ("2023-10", "2024-03")
    assert parse_period("2024-25").year_earlier().label == "financial year 2023-24"
