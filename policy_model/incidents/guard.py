"""The anonymity guard: refuse columns and values that could identify a person."""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "IDENTIFYING_VALUES",
    "SHOWN_CHARACTERS",
    "WITHHELD",
    "column_refusal",
    "identifying_column",
    "identifying_values",
    "initials_column",
    "looks_identifying",
    "shown",
]

WITHHELD: Final = "<withheld>"
"""Shown instead of a value that could identify someone, in messages and rejects files."""
SHOWN_CHARACTERS: Final = 40
"""A value longer than this is cut in messages."""

# Column names that carry direct identifiers or free text: regular expressions searched in the
# lower-cased name with separators removed, so "Date of Birth", "date_of_birth" and "DOB" are
# all caught. "pictured" (as in age_pictured, "Age of person pictured") describes a person, not
# imagery, so only "picture" not followed by "d" is imagery.
_IDENTIFYING_NAMES: Final = (
    ("name", "a name"),
    ("initial", "a person's initials"),
    ("pupilid", "a pupil identifier"),
    ("studentid", "a pupil identifier"),
    ("learnernumber", "a unique learner number"),
    ("dob", "a date of birth"),
    ("birth", "a date of birth"),
    ("address", "an address"),
    ("street", "an address"),
    ("postcode", "a postcode"),
    ("zip", "a postcode"),
    ("email", "an email address"),
    ("phone", "a phone number"),
    ("mobile", "a phone number"),
    ("nhs", "an NHS number"),
    ("upn", "a unique pupil number"),
    ("pupilnumber", "a unique pupil number"),
    ("^uln|uln$|ulnn", "a unique learner number"),
    ("nino", "a National Insurance number"),
    ("nationalinsurance", "a National Insurance number"),
    ("casenumber", "a case number"),
    ("crimeref", "a crime reference"),
    ("narrative", "free text"),
    ("description", "free text"),
    ("notes", "free text"),
    ("comment", "free text"),
    ("summary", "free text"),
    ("details", "free text"),
    ("image(?!ry)", "imagery"),
    ("photo", "imagery"),
    ("picture(?!d)", "imagery"),
    ("screenshot", "imagery"),
    ("url", "a link"),
    ("link", "a link"),
    ("date", "an exact date"),
)

IDENTIFYING_VALUES: Final = (
    (r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", "an email address"),
    (r"https?://|www\.", "a link"),
    (r"(?i)\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", "a postcode"),
    (r"(?:\+44\s?7\d{3}|\b07\d{3})\s?\d{3}\s?\d{3}\b", "a phone number"),
    (r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b", "an NHS number"),
    (r"(?i)\b[A-Z]\d{11}[0-9A-Z]\b", "a unique pupil number"),
    (r"\b(19|20)\d\d[-/](0[1-9]|1[0-2])[-/](0[1-9]|[12]\d|3[01])\b", "an exact date"),
    (r"\b(0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.](19|20)?\d\d\b", "an exact date"),
    (r"\b[A-Z][a-z]+[ ._-][A-Z][a-z]+\b", "a person's name"),
    (r"\b[A-Z]\.\s?[A-Z]\b\.?", "a person's initials"),
    (r"\b[A-Z]\.?\s[A-Z][a-z]+\b", "a person's name"),
    (r"\b[A-Z][a-z]+\s[A-Z]\.?$", "a person's name"),
    (r"\S+(\s+\S+){5,}", "free text"),
)


def identifying_column(name: str) -> str | None:
    """What a column name suggests it holds, if that could identify someone."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    for fragment, what in _IDENTIFYING_NAMES:
        if re.search(fragment, key):
            return what
    return None


def column_refusal(name: str) -> str | None:
    """Why a column is refused by its name alone, in words an analyst can act on, or None."""
    what = identifying_column(name)
    if what is None:
        return None
    if what == "imagery":
        return (
            "may hold imagery or a link to it, which this toolkit never handles; remove the "
            "column (or list it under drop: in a mapping)"
        )
    return (
        f"may hold {what}, which could identify a person; remove the column, or list it "
        "under drop: in a mapping (datasets must be anonymised)"
    )


_ANY_IDENTIFYING: Final = "|".join(f"(?:{pattern})" for pattern, _ in IDENTIFYING_VALUES)
_EACH: Final = tuple((re.compile(pattern), what) for pattern, what in IDENTIFYING_VALUES)


def identifying_values(column: pa.Array | pa.ChunkedArray) -> list[tuple[int, str, str]]:
    """Each row whose value matches an identifying pattern: (row, value, what it looks like).

    One vectorised pass finds the candidate rows; only those are looked at one by one.
    """
    hit = pc.match_substring_regex(column, _ANY_IDENTIFYING).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(hit)
    values = pc.take(column, pa.array(rows)).to_pylist() if len(rows) else []
    return [
        (row, value, next(what for pattern, what in _EACH if pattern.search(value)))
        for row, value in zip(rows.tolist(), values, strict=True)
    ]


def looks_identifying(value: str) -> bool:
    """Whether ``value`` matches any identifying pattern (and so is never echoed)."""
    return any(pattern.search(value) for pattern, _ in _EACH)


def shown(value: str) -> str:
    """A refused value as a message shows it: quoted and cut when long, or ``<withheld>``
    (unquoted) for one that could identify someone."""
    if value == WITHHELD or looks_identifying(value):
        return WITHHELD
    if len(value) > SHOWN_CHARACTERS:
        return repr(value[: SHOWN_CHARACTERS - 1] + "…")
    return repr(value)


_INITIALS: Final = re.compile(r"[A-Z]{2,3}|[A-Z]\.?\s?[A-Z]\.?(\s?[A-Z]\.?)?")
_CODES: Final = frozenset(
    [
        "SEN",
        "SEND",
        "CP",
        "CIN",
        "LAC",
        "CLA",
        "CIC",
        "EHCP",
        "EHC",
        "PP",
        "FSM",
        "EAL",
        "NA",
        "NK",
        "YES",
        "NO",
        "TBC",
        "DSL",
        "MASH",
        "CSC",
    ]
)
"""Abbreviations a safeguarding export uses for categories, not initials."""
_MIN_INITIALS: Final = 5


def initials_column(column: pa.Array | pa.ChunkedArray) -> bool:
    """Whether a column's values look like people's initials (``JS``, ``A.B.``): most of its
    values are two or three capitals, and too many differ to be a few category codes."""
    distinct = {str(v).strip() for v in pc.unique(column).to_pylist() if v and str(v).strip()}
    distinct -= _CODES
    if len(distinct) < _MIN_INITIALS:
        return False
    initials = sum(1 for v in distinct if _INITIALS.fullmatch(v))
    return initials >= 0.8 * len(distinct)
