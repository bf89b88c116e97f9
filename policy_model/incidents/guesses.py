"""What a local header or value most likely means among the registry's columns and values."""

from __future__ import annotations

import difflib
import re
from typing import Final

from ..model.columns import COLUMNS, Column, Kind
from ..model.incident import FactError, parse_age, parse_fact
from . import guard
from .mapping import header_key, value_key
from .synonyms import (
    AGENCY_HINTS,
    HEADER_SYNONYMS,
    LIKELY_VALUES,
    UNKNOWN_SYNONYMS,
    VALUE_SYNONYMS,
    VULNERABILITIES,
)

__all__ = ["guess_agency", "guess_target", "guess_value", "is_accepted"]

_HEADERS: Final = (
    {header_key(s): name for name, synonyms in HEADER_SYNONYMS.items() for s in synonyms}
    | {header_key(c.label): c.name for c in COLUMNS.values()}
    | {header_key(name): name for name in COLUMNS}
)


def guess_target(header: str) -> tuple[str | None, str]:
    """The dataset column a header names, and how sure (``""`` or ``"guessed"``)."""
    key = header_key(header)
    what = guard.identifying_column(header)
    if what and not (what == "an exact date" and _HEADERS.get(key) == "reported_month"):
        return None, ""  # never proposed for mapping, however it matches (a date is cut)
    if key in _HEADERS:
        return _HEADERS[key], ""
    close = difflib.get_close_matches(key, list(_HEADERS), n=1, cutoff=0.85)
    return (_HEADERS[close[0]], "guessed") if close else (None, "")


def is_accepted(column: Column, word: str) -> bool:
    """Whether the loader takes ``word`` for ``column`` without a mapping."""
    try:
        if column.kind == Kind.FACT:
            parse_fact(column.name, word)
        elif column.kind == Kind.AGE:
            parse_age(word, column.name)
        elif column.kind == Kind.CATEGORY:
            keys = {value_key(v) for v in column.values}
            keys |= {value_key(column.value_label(v)) for v in column.values}
            optional = column.may_be_unknown or not column.required
            return value_key(word) in keys or (optional and value_key(word) in ("", "unknown"))
    except FactError:
        return False
    return True


def guess_value(column: Column, word: str) -> tuple[str | None, str]:
    """The dataset value a local value means, and a note (``guessed``), or None."""
    key = value_key(word)
    for value, synonyms in VALUE_SYNONYMS.get(column.name, {}).items():
        if key in synonyms:
            return value, ""
    for value, synonyms in LIKELY_VALUES.get(column.name, {}).items():
        if key in synonyms:
            return value, "guessed"
    words = [value_key(w) for w in re.split(r"[/,;&+]|\band\b", word.lower()) if w.strip()]
    if column.name == "vulnerable" and words and all(w in VULNERABILITIES for w in words):
        return "yes", ""
    can_be_unknown = column.kind != Kind.CATEGORY or (
        column.may_be_unknown or not column.required or "unknown" in column.values
    )
    if key in UNKNOWN_SYNONYMS and can_be_unknown:
        return "unknown", ""
    if column.kind == Kind.AGE and (
        number := re.fullmatch(r"(\d{1,2})(?:\.0+|\s*(?:years?|yrs?))", word.strip().lower())
    ):
        return number[1], ""
    if column.kind == Kind.CATEGORY:
        labels = {value_key(column.value_label(v)): v for v in column.values}
        labels |= {value_key(v): v for v in column.values}
        close = difflib.get_close_matches(key, list(labels), n=1, cutoff=0.8)
        if close:
            return labels[close[0]], "guessed"
    return None, ""


def guess_agency(headers: list[str]) -> tuple[str | None, list[str]]:
    """The one agency the headers point to, and the headers that do; else None."""
    found: dict[str, list[str]] = {}
    for header in headers:
        key = header_key(header)
        for agency, hints in AGENCY_HINTS.items():
            if any(h in key for h in hints):
                found.setdefault(agency, []).append(header)
    if len(found) == 1:
        agency, by = next(iter(found.items()))
        return agency, by
    return None, []
