"""Reporting periods: a quarter, a financial year, a calendar year or a run of months.

Partnerships report April to March (the financial year); ONS and DfE also use calendar years.
Every period says which kind of year it is, and knows the periods it is compared with.

>>> p = parse_period("2024-25")
>>> (p.start, p.end, p.label, p.year_kind)
('2024-04', '2025-03', 'financial year 2024-25', 'financial year, April to March')
>>> str(p.previous().label), str(p.year_earlier().label)
('financial year 2023-24', 'financial year 2023-24')
>>> parse_period("2025Q1").label
'2025 Q1 (January to March 2025)'
"""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Final

import pandas as pd

__all__ = ["FORMS", "Period", "PeriodKind", "parse_period"]

FORMS: Final = (
    "a quarter such as 2025Q1",
    "a financial year such as 2024-25 (April to March)",
    "a calendar year such as 2024",
    "a range of months such as 2024-04..2024-09",
)
"""The forms ``parse_period`` accepts, as the error message lists them."""


class PeriodKind(enum.StrEnum):
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial_year"
    CALENDAR_YEAR = "calendar_year"
    MONTHS = "months"


_YEAR_KIND: Final = {
    PeriodKind.QUARTER: "calendar quarter (Q1 is January to March)",
    PeriodKind.FINANCIAL_YEAR: "financial year, April to March",
    PeriodKind.CALENDAR_YEAR: "calendar year, January to December",
    PeriodKind.MONTHS: "a range of months, by calendar month",
}


def _month(text: str) -> pd.Period:
    return pd.Period(text, freq="M")


def _name(month: pd.Period) -> str:
    return month.strftime("%B %Y")


@dataclasses.dataclass(frozen=True, slots=True)
class Period:
    """A run of whole months, ``start`` to ``end`` inclusive (both 'YYYY-MM')."""

    kind: PeriodKind
    start: str
    end: str
    label: str

    @property
    def year_kind(self) -> str:
        """Which kind of year (or quarter) the period uses, in words."""
        return _YEAR_KIND[self.kind]

    @property
    def months(self) -> int:
        """How many months it covers."""
        return int((_month(self.end) - _month(self.start)).n) + 1

    def month_labels(self) -> list[str]:
        """Every month it covers, 'YYYY-MM'."""
        return [str(m) for m in pd.period_range(self.start, self.end, freq="M")]

    def contains(self, months: pd.Series) -> pd.Series:
        """Which of ``months`` ('YYYY-MM' text, or monthly periods) lie in the period.

        'YYYY-MM' text compares in date order, so this is two vectorised comparisons; a
        missing month is not in any period.
        """
        text = months.astype("string")
        inside = (text >= self.start) & (text <= self.end)
        return inside.fillna(False).astype(bool)

    def shifted(self, months: int) -> Period:
        """The period of the same kind ``months`` later (earlier if negative)."""
        start = _month(self.start) + months
        end = _month(self.end) + months
        return _make(self.kind, start, end)

    def previous(self) -> Period:
        """The period just before, of the same length and kind (the quarter before, the year
        before, the months before)."""
        return self.shifted(-self.months)

    def year_earlier(self) -> Period:
        """The same months a year earlier."""
        return self.shifted(-12)

    def __str__(self) -> str:
        return self.label


def _make(kind: PeriodKind, start: pd.Period, end: pd.Period) -> Period:
    if kind is PeriodKind.QUARTER:
        q = start.asfreq("Q")
        label = f"{q.year} Q{q.quarter} ({start.strftime('%B')} to {_name(end)})"
    elif kind is PeriodKind.FINANCIAL_YEAR:
        label = f"financial year {start.year}-{str(end.year)[-2:]}"
    elif kind is PeriodKind.CALENDAR_YEAR:
        label = f"calendar year {start.year}"
    else:
        label = f"{_name(start)} to {_name(end)}"
    return Period(kind, str(start), str(end), label)


_QUARTER: Final = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)
_FINANCIAL: Final = re.compile(r"(\d{4})[-/](\d{2}|\d{4})")
_YEAR: Final = re.compile(r"\d{4}")
_RANGE: Final = re.compile(r"(\d{4}-\d{2})\.\.(\d{4}-\d{2})")


def parse_period(text: str) -> Period:
    """A period from ``2025Q1``, ``2024-25``, ``2024`` or ``2024-04..2024-09``."""
    given = text.strip()
    allowed = f"unknown period {text!r} (must be {'; '.join(FORMS)})"
    if m := _QUARTER.fullmatch(given):
        q = pd.Period(f"{m[1]}Q{m[2]}", freq="Q")
        return _make(PeriodKind.QUARTER, q.asfreq("M", "start"), q.asfreq("M", "end"))
    if m := _RANGE.fullmatch(given):
        try:
            start, end = _month(m[1]), _month(m[2])
        except ValueError:
            raise ValueError(allowed) from None
        if not 1 <= int(m[1][5:]) <= 12 or not 1 <= int(m[2][5:]) <= 12:
            raise ValueError(allowed)
        if end < start:
            raise ValueError(f"period {text!r} ends before it starts")
        return _make(PeriodKind.MONTHS, start, end)
    if m := _FINANCIAL.fullmatch(given):
        first, second = int(m[1]), m[2]
        expected = first + 1 if len(second) == 4 else (first + 1) % 100
        if int(second) != expected:
            raise ValueError(
                f"unknown period {text!r}: a financial year runs into the next year, "
                f"as {first}-{str(first + 1)[-2:]}"
            )
        return _make(PeriodKind.FINANCIAL_YEAR, _month(f"{first}-04"), _month(f"{first + 1}-03"))
    if _YEAR.fullmatch(given):
        return _make(PeriodKind.CALENDAR_YEAR, _month(f"{given}-01"), _month(f"{given}-12"))
    raise ValueError(allowed)
