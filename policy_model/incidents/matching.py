"""Headers and values compared as a person reads them, and a near miss suggested."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["header_key", "suggest", "value_key"]


def header_key(name: str) -> str:
    """A header as compared: lower case, letters and digits only (``Age Pictured`` = age_pictured)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def value_key(value: str) -> str:
    """A value as compared: lower case, letters and digits only (``Children's social care``)."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


def suggest(word: str, choices: Iterable[str], *, key: bool = True) -> str:
    """`` (did you mean 'x'?)`` for a near miss among ``choices``, else nothing."""
    options = list(choices)
    if key:
        keyed = {header_key(c): c for c in options}
        close = difflib.get_close_matches(header_key(word), list(keyed), n=1, cutoff=0.7)
        return f" (did you mean {keyed[close[0]]!r}?)" if close else ""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    return f" (did you mean {close[0]!r}?)" if close else ""
