"""What is not yet known, as a range: each category, subtype and pathway counted as settled,
and up to settled plus the incidents for which it is still possible.

An incident whose known facts do not settle its subtype (``undetermined``) lists the
subtypes still possible (``possible_subtypes``) and the pathways (``possible_pathways``); a
category is still possible when one of its subtypes is. So "Aggravated: 655 settled, up to
910": 655 incidents are aggravated whatever the open facts turn out to be, and at most 910
could be.

Disclosure control applies to both ends: a settled count from 1 to the threshold is
withheld (with secondary suppression across the settled rows, which with the undetermined
row add up to all incidents), and so is an ``up_to`` from 1 to the threshold, or one whose
difference from a published settled count (the incidents for which it is still possible)
is from 1 to the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..model.vocab import SUBTYPE_CATEGORY, Category, Pathway, Subtype
from . import disclosure, linked
from .conventions import ALL, UNDETERMINED

__all__ = ["DIMENSIONS", "RANGE_COLUMNS", "ranges", "sentence"]

DIMENSIONS: Final = ("category", "subtype", "pathway")
RANGE_COLUMNS: Final = ("dimension", "group", "settled", "up_to")
_SOURCE: Final = {
    "category": "possible_subtypes",
    "subtype": "possible_subtypes",
    "pathway": "possible_pathways",
}
_VALUES: Final = {
    "category": [c.value for c in Category],
    "subtype": [s.value for s in Subtype],
    "pathway": [p.value for p in Pathway],
}


def _still_possible(df: pd.DataFrame, dimension: str) -> dict[str, int]:
    """For each value of ``dimension``, how many of the open incidents ``df`` it is still
    possible for (each distinct list of possibilities is read once)."""
    counts = df[_SOURCE[dimension]].astype("string").fillna("").value_counts()
    out = dict.fromkeys(_VALUES[dimension], 0)
    for text, n in counts.items():
        possible = set(str(text).split("|")) - {""}
        if dimension == "category":
            possible = {SUBTYPE_CATEGORY[Subtype(s)].value for s in possible}
        for value in possible:
            out[value] += int(n)
    return out


def _small(counts: npt.NDArray[np.int64], rule: disclosure.Profile) -> npt.NDArray[np.bool_]:
    return np.asarray((counts >= 1) & (counts <= rule.threshold), dtype=bool)


def ranges(
    df: pd.DataFrame,
    *,
    profile: str = "standard",
    withheld: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame:
    """The settled and up-to counts of every category, subtype and pathway (``RANGE_COLUMNS``)
    of an assessed frame, and each dimension's ``undetermined`` row (the open incidents, with
    no range of their own); a withheld count is ``<NA>``. ``withheld``: by dimension, the
    settled counts withheld in linked tables (the summary's), kept withheld here too (and
    complemented); ``all`` among them means the total."""
    rule = disclosure.profile(profile)
    frames = []
    for dim in DIMENSIONS:
        values = df[dim].astype("string")
        open_rows = df[(values == UNDETERMINED).fillna(False).to_numpy(dtype=bool)]
        possible = _still_possible(open_rows, dim)
        settled = np.array([int((values == v).sum()) for v in _VALUES[dim]], dtype=np.int64)
        extra = np.array([possible[v] for v in _VALUES[dim]], dtype=np.int64)
        cells = disclosure.Cells()
        cells.add((), len(df))
        keys = [((dim, v),) for v in _VALUES[dim]]
        for key, n in zip(keys, settled, strict=True):
            cells.add(key, int(n))
        cells.add(((dim, UNDETERMINED),), len(open_rows))
        cells.relate((), [*keys, ((dim, UNDETERMINED),)])
        forced: set[disclosure.Key] = {
            ((dim, str(v)),) for v in (withheld or {}).get(dim, ()) if v != ALL
        }
        if ALL in set((withheld or {}).get(dim, ())):
            forced.add(())
        if withheld is None:
            hidden = set(disclosure.protect(cells, rule))
        else:  # the same cells as the summary's, which protects them: follow it exactly
            hidden = linked.with_forced(cells, forced, public=set(cells.values) - forced)
        keys.append(((dim, UNDETERMINED),))
        settled = np.append(settled, len(open_rows))
        extra = np.append(extra, 0)
        settled_hidden = np.array([k in hidden for k in keys])
        up_to = settled + extra
        # up to equal to a withheld settled count would give it away
        up_hidden = (
            _small(up_to, rule)
            | (_small(extra, rule) & ~settled_hidden)
            | (settled_hidden & (extra == 0))
        )
        frames.append(
            pd.DataFrame(
                {
                    "dimension": dim,
                    "group": [*_VALUES[dim], UNDETERMINED],
                    "settled": pd.Series(settled, dtype="Int64").mask(settled_hidden),
                    "up_to": pd.Series(up_to, dtype="Int64").mask(up_hidden),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[list(RANGE_COLUMNS)]


def sentence(label: str, settled: object, up_to: object) -> str:
    """``Aggravated: 655 settled, up to 910``, with ``c`` for a withheld end.

    >>> sentence("Aggravated", 655, 910), sentence("Romantic", pd.NA, 12)
    ('Aggravated: 655 settled, up to 910', 'Romantic: c settled, up to 12')
    """

    def shown(x: object) -> str:
        return "c" if x is None or x is pd.NA or pd.isna(x) else f"{int(x):,}"  # type: ignore[call-overload]

    if not pd.isna(settled) and not pd.isna(up_to) and settled == up_to:  # type: ignore[call-overload]
        return f"{label}: {shown(settled)} settled"
    return f"{label}: {shown(settled)} settled, up to {shown(up_to)}"
