"""Months in the text of a local export: ``2023-04``, ``Apr-23``, ``April 2023``, and exact
dates cut to their month (day first, as in the UK, unless a format says otherwise)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

__all__ = ["month_of"]

_MONTHS: Final = {
    name: i
    for i in range(1, 13)
    for name in (
        dt.date(2000, i, 1).strftime("%b").lower(),
        dt.date(2000, i, 1).strftime("%B").lower(),
    )
} | {"sept": 9}
_YEAR_MONTH: Final = re.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})")
_MONTH_YEAR: Final = re.compile(r"(\d{1,2})[-/.]((?:19|20)\d\d)")
_NAMED_MONTH_YEAR: Final = re.compile(r"([a-z]{3,9})[-/. ,]*(\d{4}|\d{2})")
_ISO_DATE: Final = re.compile(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+)?")
_NUMERIC_DATE: Final = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?: [0-9:.]+)?")
_NAMED_DATE: Final = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[-/. ]*([a-z]{3,9})[-/. ,]*(\d{4}|\d{2})"
)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _month(year: int, month: int, day: int = 1) -> str | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" if 1900 <= year <= 2099 else None


def month_of(text: str, *, dates: bool = False, date_format: str | None = None) -> str | None:
    """The month (YYYY-MM) a text names, or None.

    A month is read as ``2023-04``, ``04/2023``, ``Apr-23`` (Excel's mmm-yy) or ``April 2023``.
    With ``dates``, an exact date is read too and cut to its month: ``date_format`` if given,
    else ``2023-04-17`` or day first (``17/04/2023``, ``17-Apr-23``, ``17 April 2023``).
    """
    word = text.strip().lower()
    if not word:
        return None
    if match := _YEAR_MONTH.fullmatch(word):
        return _month(int(match[1]), int(match[2]))
    if match := _MONTH_YEAR.fullmatch(word):
        return _month(int(match[2]), int(match[1]))
    if (match := _NAMED_MONTH_YEAR.fullmatch(word)) and match[1] in _MONTHS:
        return _month(_year(match[2]), _MONTHS[match[1]])
    if not dates:
        return None
    if date_format is not None:
        for candidate in (text.strip(), text.strip().split(" ")[0]):
            try:
                parsed = dt.datetime.strptime(candidate, date_format)
            except ValueError:
                continue
            return _month(parsed.year, parsed.month)
        return None
    if match := _ISO_DATE.fullmatch(word):
        return _month(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC_DATE.fullmatch(word):
        return _month(_year(match[3]), int(match[2]), int(match[1]))
    if (match := _NAMED_DATE.fullmatch(word)) and match[2] in _MONTHS:
        return _month(_year(match[3]), _MONTHS[match[2]], int(match[1]))
    return None
