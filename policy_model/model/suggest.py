"""Naming the right value when a wrong one is given: the valid ones, and a "did you mean".

>>> print(unknown("young_or_vulnerabel", ["tell_dsl", "young_or_vulnerable"], "step"))
no step 'young_or_vulnerabel' (did you mean 'young_or_vulnerable'?); the steps: tell_dsl, young_or_vulnerable
>>> close("zzz", ["tell_dsl"])
[]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Final

__all__ = ["close", "did_you_mean", "unknown"]

_LONGEST: Final = 200


def close(value: object, valid: Iterable[str], *, n: int = 3) -> list[str]:
    """The valid names nearest ``value`` (difflib's ratio 0.6 or more), nearest first; none
    for a value that is not a short text (a list where a name belongs, say)."""
    if not isinstance(value, str) or len(value) > _LONGEST:
        return []
    return difflib.get_close_matches(str(value), [str(v) for v in valid], n=n, cutoff=0.6)


def did_you_mean(value: object, valid: Iterable[str]) -> str:
    """`` (did you mean 'x'?)``, `` (did you mean 'x' or 'y'?)``, or nothing."""
    found = close(value, valid, n=2)
    if not found:
        return ""
    return " (did you mean " + " or ".join(repr(f) for f in found) + "?)"


def unknown(value: object, valid: Iterable[str], what: str) -> str:
    """``no WHAT 'value' (did you mean ...?); the WHATs: a, b, c``."""
    names = [str(v) for v in valid]
    return f"no {what} {value!r}{did_you_mean(value, names)}; the {what}s: {', '.join(names)}"
