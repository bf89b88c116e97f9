"""An edition's readings and its not-read facts over whole columns, as ``assess`` applies them
to one incident (``model.readings``, ``model.coverage``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..model.columns import COLUMNS, Kind
from ..model.coverage import not_read, notes
from ..model.guidance import Guidance
from .facts import with_facts

__all__ = ["note_keys", "note_text", "read_frame", "with_notes"]


def _recorded(column: pd.Series[Any], name: str) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Rows where a column records something: a fact yes, another value given."""
    if COLUMNS[name].kind == Kind.FACT:
        return (column == True).fillna(False).to_numpy(dtype=bool)  # noqa: E712 (nullable)
    return column.notna().to_numpy(dtype=bool)


def read_frame(df: pd.DataFrame, guidance: Guidance) -> pd.DataFrame:
    """``df`` as the edition reads it: a fact it reads that the data lacks is not known in
    every row (``facts.with_facts``: the engine fills it, the edition need not), and where a
    reading's fact is recorded yes, the fact it is read as is yes (``model.readings.read``);
    ``df`` itself is left as it is."""
    df = with_facts(df, guidance)
    found = df
    for reading in guidance.readings:
        if reading.fact not in df.columns or reading.reads_as not in df.columns:
            continue
        yes = _recorded(df[reading.fact], reading.fact)
        if not yes.any():
            continue
        if found is df:
            found = df.copy(deep=False)
        column = found[reading.reads_as].copy()  # its dtype kept: a bad value stays refused
        column[yes] = 1 if column.dtype.kind in "iuf" else True
        found[reading.reads_as] = column
    return found


def note_keys(df: pd.DataFrame, guidance: Guidance) -> tuple[tuple[str, ...], Any]:
    """The columns a row's notes depend on, and for each row a bitmask over them: which are
    recorded (a reading's fact, or a fact the edition does not read)."""
    names = [r.fact for r in guidance.readings if r.fact in df.columns]
    names += [n for n in not_read(guidance) if n in df.columns and n not in names]
    key = np.zeros(len(df), dtype=np.int64)
    for i, name in enumerate(names):
        key |= _recorded(df[name], name).astype(np.int64) << i
    return tuple(names), key


def note_text(guidance: Guidance, names: tuple[str, ...], bits: int) -> tuple[str, ...]:
    """The notes for one bitmask of ``note_keys``."""
    return notes(guidance, {name: True for i, name in enumerate(names) if bits >> i & 1})


def with_notes(
    reasons: pd.Categorical[str], df: pd.DataFrame, guidance: Guidance
) -> pd.Categorical[str]:
    """Each row's reasons with the notes ``assess`` adds to its brief: readings applied, and
    recorded facts the edition does not read."""
    names, key = note_keys(df, guidance)
    if not key.any():
        return reasons
    texts = np.asarray(reasons.categories, dtype=object)
    pair = reasons.codes.astype(np.int64) * (1 << len(names)) + key
    pairs, which = np.unique(pair, return_inverse=True)
    made = []
    for p in pairs.tolist():
        text, bits = str(texts[p >> len(names)]), p & ((1 << len(names)) - 1)
        made.append("; ".join([text, *note_text(guidance, names, bits)]))
    categories = list(dict.fromkeys(made))
    codes = np.array([categories.index(m) for m in made], dtype=np.int32)
    return pd.Categorical.from_codes(codes[which.reshape(-1)], categories=pd.Index(categories))
