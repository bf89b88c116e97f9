"""Text columns typed as their kind says, each distinct value parsed once and bad ones flagged."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Final, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..engine import frame
from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, OPEN_VALUE, Column, Kind
from ..model.incident import UNKNOWN_WORDS, FactError, parse_age, parse_fact
from .mapping import REDACTED_DATE, month_of
from .mapping import suggest as _suggest
from .mapping import value_key as _value_key
from .problems import Checks, Problem
from .year_groups import YEAR_GROUPS

__all__ = ["RANGE_MESSAGE", "TextColumn", "ages", "encode", "typed"]

TextColumn: TypeAlias = "pa.ChunkedArray | pa.DictionaryArray"  # text, or its dictionary encoding


def encode(column: TextColumn) -> pa.DictionaryArray:
    """The column's distinct values and each row's code into them."""
    if isinstance(column, pa.DictionaryArray):
        return column
    return pc.dictionary_encode(column.combine_chunks())


def _decode(
    column: TextColumn,
    name: str,
    parse: Callable[[str], object],
    checks: Checks,
    message: str | Callable[[str], str],
) -> tuple[npt.NDArray[np.intp], list[object]]:
    """Dictionary-encode a text column and parse each distinct value once, as ``Incident`` does.

    Returns the per-row codes into the parsed values; rows whose value does not parse are
    flagged, and their parsed value is None. ``message`` may depend on the value.
    """
    encoded = encode(column)
    words = encoded.dictionary.to_pylist()
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    parsed: list[object] = []
    for word in words:
        try:
            parsed.append(parse(word))
        except (FactError, ValueError, KeyError):
            parsed.append(None)
    invalid = [i for i, value in enumerate(parsed) if value is None]
    if invalid:
        rows = np.flatnonzero(np.isin(codes, invalid))
        if callable(message):
            said = {i: message(words[i]) for i in invalid}
            checks.flag(rows, name, (words[codes[r]] for r in rows), [said[codes[r]] for r in rows])
        else:
            checks.flag(rows, name, (words[codes[r]] for r in rows), message)
    return codes, parsed


_NOT_KNOWN: Final = object()


def _decode_known(
    column: TextColumn,
    name: str,
    parse: Callable[[str], object],
    checks: Checks,
    message: str | Callable[[str], str],
) -> tuple[npt.NDArray[np.intp], list[object]]:
    """As ``_decode``, where a parsed None means not known, not invalid."""

    def parsed(word: str) -> object:
        try:
            value = parse(word)
        except (FactError, ValueError, KeyError):
            return None
        return _NOT_KNOWN if value is None else value

    codes, values = _decode(column, name, parsed, checks, message)
    return codes, [None if v is _NOT_KNOWN else v for v in values]


def _booleans(column: TextColumn, name: str, checks: Checks) -> pd.arrays.BooleanArray:
    codes, parsed = _decode_known(
        column,
        name,
        partial(parse_fact, name),
        checks,
        "is not yes/no, y/n, true/false, 1/0, or blank if not known",
    )
    value = np.array([p is True for p in parsed], dtype=bool)
    unknown = np.array([p is None for p in parsed], dtype=bool)
    return pd.arrays.BooleanArray(value[codes], unknown[codes])


def _categorical(
    column: TextColumn,
    name: str,
    allowed: list[str],
    checks: Checks,
    *,
    optional: bool = False,
) -> pd.Categorical[str]:
    position: dict[str, int | None] = {}
    if optional:
        position.update(dict.fromkeys(map(_value_key, UNKNOWN_WORDS)))
    for i, value in enumerate(allowed):  # by slug or label, in any case
        position[_value_key(COLUMNS[name].value_label(value))] = i
        position[_value_key(value)] = i
    expected = f"is not one of {allowed}" + (", or blank if not known" if optional else "")

    def said(word: str) -> str:
        labels = [*(COLUMNS[name].value_label(v) for v in allowed), *allowed]
        return expected + _suggest(word, labels)

    codes, parsed = _decode_known(column, name, lambda w: position[_value_key(w)], checks, said)
    lookup = np.array([-1 if p is None else p for p in parsed], dtype=np.int16)
    return frame.from_codes(lookup[codes], allowed)


def _open_categorical(column: TextColumn, name: str, checks: Checks) -> pd.Categorical[str]:
    """A category with no vocabulary (``area``): short names or codes, blank if not known;
    its categories are the values found, sorted."""

    def parse(word: str) -> str | None:
        text = word.strip()
        if text.lower() in UNKNOWN_WORDS:
            return None
        if not OPEN_VALUE.fullmatch(text):
            raise ValueError(word)
        return text

    message = (
        "is not a short name or code (1 to 48 letters, digits, spaces or _.,'&()/-); "
        "the value is not shown, as free text may identify someone"
    )
    encoded = encode(column)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    parsed: list[str | None] = []
    invalid: list[int] = []
    for i, word in enumerate(encoded.dictionary.to_pylist()):
        try:
            parsed.append(parse(word))
        except ValueError:
            parsed.append(None)
            invalid.append(i)
    rows = np.flatnonzero(np.isin(codes, invalid))
    for row in rows.tolist():  # the value itself is never echoed
        checks.problems.append(Problem(row + checks.first_row, name, None, message))
        checks.reasons.setdefault(row, []).append(f"{name}: {message}")
    checks.bad[rows] = True
    found = sorted({str(p) for p in parsed if p is not None})
    index = {v: i for i, v in enumerate(found)}
    lookup = np.array([-1 if p is None else index[str(p)] for p in parsed], dtype=np.int32)
    return frame.from_codes(lookup[codes], found)


RANGE_MESSAGE: Final = (
    f"is not a whole number from {MIN_AGE} to {MAX_AGE} (an end of an age range), nor a "
    f"school year group a mapping's age_ranges reads ({YEAR_GROUPS}), nor blank"
)


def ages(
    column: TextColumn, name: str, checks: Checks, message: str | None = None
) -> pd.arrays.IntegerArray:
    codes, parsed = _decode_known(
        column,
        name,
        partial(parse_age, field=name),
        checks,
        message or f"is not a whole number from {MIN_AGE} to {MAX_AGE}, or blank if not known",
    )
    value = np.array([0 if p is None else p for p in parsed], dtype=np.int8)
    unknown = np.array([p is None for p in parsed], dtype=bool)
    return pd.arrays.IntegerArray(value[codes], unknown[codes])


def _month_problem(word: str) -> str:
    if word == REDACTED_DATE:
        return "is not a date the mapping can read (give date_format, or the month as YYYY-MM)"
    if month_of(word, dates=True):
        return (
            "is an exact date, and a dataset holds the month only: give it as YYYY-MM, or read "
            "the file through a mapping (--mapping), which cuts dates to the month"
        )
    return "is not a month as YYYY-MM (or Jan-24, January 2024)"


def _months(column: TextColumn, checks: Checks) -> pd.PeriodIndex:
    def parse(word: str) -> str:
        month = month_of(word)
        if month is None:
            raise ValueError(word)
        return month

    codes, parsed = _decode(column, "reported_month", parse, checks, _month_problem)
    return pd.PeriodIndex(parsed, freq="M")[codes]


def typed(column: Column, coded: TextColumn, checks: Checks) -> Any:
    """One column's values, typed as its kind says; bad values are flagged."""
    match column.kind:
        case Kind.MONTH:
            return _months(coded, checks)
        case Kind.AGE:
            return ages(coded, column.name, checks)
        case Kind.FACT:
            return _booleans(coded, column.name, checks)
        case Kind.CATEGORY if column.open:
            return _open_categorical(coded, column.name, checks)
        case Kind.CATEGORY:
            optional = column.may_be_unknown or not column.required
            return _categorical(coded, column.name, list(column.values), checks, optional=optional)
    raise AssertionError(column)  # pragma: no cover
