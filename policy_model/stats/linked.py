"""Keeping figures that share cells with the summary tables as withheld as the summary keeps
them: force the summary's withheld cells, then complement until no relation gives one away.

A small copy of ``disclosure.protect``'s first rule (a relation with exactly one hidden
member, or whose hidden members would all have to be 1, gives them away), applied after
cells withheld elsewhere are forced; the joint protection of every table of an output is
``disclosure``'s (issue 19 item 7).

>>> cells = disclosure.Cells()
>>> for key, n in [((), 30), ((("x", "a"),), 10), ((("x", "b"),), 8), ((("x", "c"),), 12)]:
...     cells.add(key, n)
>>> cells.relate((), [(("x", "a"),), (("x", "b"),), (("x", "c"),)])
>>> sorted(describe(k) for k in with_forced(cells, {(("x", "a"),)}))
['x=a', 'x=b']
>>> sorted(describe(k) for k in with_forced(cells, {(("x", "a"),)}, public={(("x", "b"),)}))
['x=a', 'x=c']
"""

from __future__ import annotations

from collections.abc import Iterable

from . import disclosure
from .disclosure import Key, describe

__all__ = ["describe", "with_forced"]


def _gives_away(members: list[Key], values: dict[Key, int], hidden: set[Key]) -> bool:
    shut = [m for m in members if m in hidden and values[m] > 0]
    return len(shut) == 1 or (len(shut) > 0 and sum(values[m] for m in shut) == len(shut))


def with_forced(
    cells: disclosure.Cells, hidden: Iterable[Key], *, public: Iterable[Key] = ()
) -> set[Key]:
    """``hidden`` and the further cells to hide so that no relation of ``cells`` gives one of
    them away. ``public``: cells published elsewhere, which hiding here would not protect,
    so they are never chosen as complements."""
    values = cells.values
    out = set(hidden)
    published = set(public) - out
    changed = True
    while changed:
        changed = False
        for relation in cells.relations:
            members = [relation.total, *relation.parts]
            if not _gives_away(members, values, out):
                continue
            shown = [
                p for p in relation.parts if p not in out and p not in published and values[p] > 0
            ]
            pick = min(shown, key=lambda k: values[k]) if shown else relation.total
            if pick in out or pick in published:  # nothing here can be hidden to protect it
                continue
            out.add(pick)
            changed = True
    return out
