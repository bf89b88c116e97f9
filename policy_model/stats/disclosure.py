"""Small-number suppression for published tables: primary and secondary, as DfE practises it.

Linked tables are protected together. Every published count is a *cell* named by its key,
the dimension values it counts (``(("agency", "school"), ("subtype", "romantic"))``; the
empty key is all incidents), so the subtype totals of the agency table and of the age-band
table are the same cells and are suppressed alike. Every additive fact a reader could use is
a *relation*: a total and the parts it is the sum of (a row, a column, a quarter and its
months, a category and its subtypes).

- Primary: counts from 1 to the profile's threshold are shown as ``c``. True zeros are shown.
- Secondary: a relation with exactly one hidden member would give it away by subtraction, so
  the smallest non-zero member still shown is hidden too (the total itself, if no part is
  left). Because zeros are published, a reader knows every hidden count is at least 1, so a
  relation whose hidden members would all have to be 1 is also treated as giving them away.
  Then the relations are solved together (a null-space check) and any hidden count fixed by a
  combination of rows and columns gets a further complement. Repeat until nothing changes.

>>> cells = Cells()
>>> for key, value in [((), 23), ((("x", "a"),), 3), ((("x", "b"),), 0), ((("x", "c"),), 20)]:
...     cells.add(key, value)
>>> cells.relate((), [(("x", "a"),), (("x", "b"),), (("x", "c"),)])
>>> {describe(k): str(r) for k, r in protect(cells, STANDARD).items()}
{'x=a': 'primary', 'x=c': 'secondary'}
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from typing import Final

import numpy as np

from .cells import Cells, Key, Relation, describe
from .conventions import SUPPRESSED
from .suppression_profiles import PROFILES, STANDARD, STRICT, Profile, profile

__all__ = [
    "PROFILES",
    "STANDARD",
    "STRICT",
    "SUPPRESSED",
    "Cells",
    "Key",
    "Profile",
    "Reason",
    "Relation",
    "describe",
    "profile",
    "protect",
    "recoverable",
]


class Reason(enum.StrEnum):
    PRIMARY = "primary"
    """the count is from 1 to the threshold"""
    SECONDARY = "secondary"
    """hidden so that a primary cell cannot be worked out from the totals"""
    WITHHELD = "withheld"
    """primary or secondary, not said which: where every count that could be hidden is, and
    saying which were small would still give one away (a very small file)"""


def _hidden_is_safe(
    relation: Relation,
    values: Mapping[Key, int],
    hidden: Mapping[Key, Reason],
    unpublished: set[Key],
    threshold: int,
) -> bool:
    """Whether this relation alone leaves every hidden member open. A reader knows the sum
    of its hidden parts (the published total less the published parts) and the bounds of
    each (zeros are shown, so at least 1; a primary at most the threshold, a secondary above
    it): a part whose least and most, given the others' bounds, are one whole number is
    given away (two primaries summing to twice the threshold, say, or two 1s)."""
    members = (relation.total, *relation.parts)
    n_hidden = sum(m in hidden for m in members)
    if n_hidden == 0:
        return True
    if n_hidden == 1 and not any(m in unpublished for m in members):
        return False
    if relation.total in hidden or any(m in unpublished for m in members):
        return True  # the linear programme (``audit``) looks at these
    parts = [m for m in relation.parts if m in hidden]
    known_sum = sum(values[m] for m in parts)
    # as ``audit`` bounds them: a withheld reason says only "1 or more"
    low = [threshold + 1 if hidden[m] is Reason.SECONDARY else 1 for m in parts]
    high = [threshold if hidden[m] is Reason.PRIMARY else math.inf for m in parts]
    all_low, all_high = sum(low), sum(high)
    for lo, hi in zip(low, high, strict=True):
        least = max(lo, known_sum - (all_high - hi))
        most = min(hi, known_sum - (all_low - lo))
        if math.isfinite(most) and least >= most:
            return False
    return True


ALL_INCIDENTS: Final[Key] = ()
"""The count of all incidents: the paper's headline, a complement only when no other cell
will do (a board reads it first; the cells around it are withheld instead)."""


def _complement(
    members: Iterable[Key],
    values: Mapping[Key, int],
    hidden: Mapping[Key, Reason],
    order: Mapping[Key, int],
    unpublished: set[Key],
) -> Key | None:
    shown = [m for m in members if m not in hidden and m not in unpublished and values[m] > 0]
    return min(shown, key=lambda m: (m == ALL_INCIDENTS, values[m], order[m])) if shown else None


def recoverable(cells: Cells, hidden: Iterable[Key]) -> set[Key]:
    """The hidden cells that the published cells and the relations, solved together, fix
    exactly (equalities only; ``audit.ranges`` also uses what a reader knows of the bounds).

    Each relation is a linear equation in the unknown cells (the hidden ones, and those no
    table shows); a hidden cell is fixed exactly when no direction in the solution space
    (the null space) moves it.
    """
    order = {key: i for i, key in enumerate(cells.values)}
    hidden = set(hidden)
    unknown = sorted(hidden | cells.unpublished, key=order.__getitem__)
    if not hidden:
        return set()
    column = {key: j for j, key in enumerate(unknown)}
    rows = []
    for relation in cells.relations:
        row = np.zeros(len(unknown))
        if relation.total in column:
            row[column[relation.total]] += 1.0
        for part in relation.parts:
            if part in column:
                row[column[part]] -= 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.vstack(rows)
    # The null space of the equations is that of the (small, symmetric) Gram matrix.
    eigenvalues, vectors = np.linalg.eigh(matrix.T @ matrix)
    null = vectors[:, eigenvalues < 1e-9]
    free = np.abs(null).max(axis=1) > 1e-9 if null.shape[1] else np.zeros(len(unknown), bool)
    return {key for key, moves in zip(unknown, free, strict=True) if not moves and key in hidden}


def _close(
    relations: Iterable[Relation],
    values: Mapping[Key, int],
    hidden: dict[Key, Reason],
    order: Mapping[Key, int],
    unpublished: set[Key],
    containing: Mapping[Key, list[Relation]],
    threshold: int,
    *,
    look_ahead: bool = True,
) -> None:
    """The line rule, to a fixed point: a relation that would give away a hidden cell hides
    one more of its non-zero cells. Of its two smallest other parts, the one whose own
    consequences (the rule applied on from it) withhold the fewest cells, then the smallest;
    without ``look_ahead``, simply the smallest part. The total only when no part is left: a
    board reads its totals first, so they are the last figures withheld."""
    queue = list(relations)
    while queue:
        relation = queue.pop()
        if _hidden_is_safe(relation, values, hidden, unpublished, threshold):
            continue
        parts = sorted(
            (
                m
                for m in relation.parts
                if m not in hidden and m not in unpublished and values[m] > 0
            ),
            key=lambda m: (values[m], order[m]),
        )
        total = relation.total
        total_shown = total not in hidden and total not in unpublished and values[total] > 0
        candidates = parts[:2] if look_ahead else parts[:1]
        if total_shown and not parts:  # a total (a month's, all incidents') only when no part
            candidates.append(total)  # is left: boards read totals first, and trends use them
        if not candidates:
            continue
        pick = candidates[0]
        if look_ahead and len(candidates) > 1:
            costs = []
            for candidate in candidates:
                trial = {**hidden, candidate: Reason.SECONDARY}
                _close(
                    containing.get(candidate, []), values, trial, order, unpublished, containing,
                    threshold, look_ahead=False,
                )  # fmt: skip
                added = [k for k in trial if k not in hidden]
                costs.append((len(added), sum(values[k] for k in added), order[candidate]))
            pick = candidates[costs.index(min(costs))]
        hidden[pick] = Reason.SECONDARY
        queue.extend(containing.get(pick, []))
        queue.append(relation)


_TRIES: Final = 3
"""How many candidate complements of a determined cell are tried, smallest first."""


def _freeing(
    cells: Cells,
    key: Key,
    hidden: dict[Key, Reason],
    rule: Profile,
    containing: Mapping[Key, list[Relation]],
    order: Mapping[Key, int],
    *,
    tries: int = _TRIES,
) -> Key | None:
    """The smallest published cell whose withholding leaves ``key`` undetermined.

    Candidates are the published non-zero cells of the relations that hold ``key``, and of
    those reached from it through cells the reader does not know (withheld or unpublished),
    at most three relations away; the nearest, then smallest, few are tried with the audit
    (each with the line rule's further complements, as ``protect`` would add them; none,
    for a cell whose candidates were tried in an earlier round). If none frees
    it alone, the smallest other part of a relation that holds it, else the smallest total
    (another round adds more).
    """
    from .audit import determined

    unpublished = cells.unpublished
    seen, frontier = {key}, [key]
    found: list[tuple[int, Key]] = []
    for depth in range(3):
        step = []
        for cell in frontier:
            for relation in containing.get(cell, []):
                for member in (relation.total, *relation.parts):
                    if member in seen:
                        continue
                    seen.add(member)
                    if member in hidden or member in unpublished:
                        step.append(member)
                    elif cells.values[member] > 0:
                        found.append((depth, member))
        frontier = step
    ranked = [
        m
        for _, m in sorted(
            found, key=lambda f: (f[1] == ALL_INCIDENTS, f[0], cells.values[f[1]], order[f[1]])
        )
    ]
    for candidate in ranked[:tries]:
        trial = {**hidden, candidate: Reason.SECONDARY}
        _close(
            containing.get(candidate, []),
            cells.values,
            trial,
            order,
            unpublished,
            containing,
            rule.threshold,
            look_ahead=False,
        )
        if not determined(cells, trial, threshold=rule.threshold, only=[key]):
            return candidate
    related = containing.get(key, [])
    return _complement(
        [p for r in related for p in r.parts], cells.values, hidden, order, unpublished
    ) or _complement([r.total for r in related], cells.values, hidden, order, unpublished)


def _unsaid(
    cells: Cells,
    key: Key,
    hidden: dict[Key, Reason],
    related: list[Relation],
    rule: Profile,
) -> bool:
    """Whether ``key`` is fixed only by what the reasons say of its relations' withheld cells
    (a rare subtype of 5 incidents in 5 months: each month "1 to 5" and the subtype "1 to 5"
    make every one 1). Then no further cell could free it, so those reasons are withheld
    instead (``WITHHELD``: 1 or more, not said whether small), and True."""
    from .audit import determined

    members = {m for r in related for m in (r.total, *r.parts) if m in hidden} | {key}
    said = {m for m in members if hidden[m] is not Reason.WITHHELD}
    if not said:
        return False
    trial = {**hidden, **dict.fromkeys(said, Reason.WITHHELD)}
    if determined(cells, trial, threshold=rule.threshold, only=[key]):
        return False
    hidden.update(dict.fromkeys(said, Reason.WITHHELD))
    return True


def protect(cells: Cells, rule: Profile) -> dict[Key, Reason]:
    """Which cells to hide and why: primary cells, then the fewest, smallest complements.

    First the line rule, to a fixed point over every relation of every table: a relation
    with one hidden cell also hides its smallest other non-zero cell. Then the audit
    (``audit.determined``: linear programming over the published figures, with what a
    reader knows of withheld counts) finds any withheld cell still fixed by a combination of
    relations or by its bounds; each gets the smallest complement that shares a relation
    with it, and both steps repeat until nothing is fixed. If cells are still fixed when
    nothing is left to withhold (a very small file), only by what the reasons say of their
    bounds, every reason is given as ``WITHHELD``.
    """
    from .audit import determined  # audit builds on this module's cells

    values = cells.values
    unpublished = cells.unpublished
    order = {key: i for i, key in enumerate(values)}
    hidden: dict[Key, Reason] = {
        key: Reason.PRIMARY
        for key, value in values.items()
        if 1 <= value <= rule.threshold and key not in unpublished
    }
    containing: dict[Key, list[Relation]] = {}
    for relation in cells.relations:
        for member in (relation.total, *relation.parts):
            containing.setdefault(member, []).append(relation)
    check: set[Key] | None = None  # everything, the first time
    tried: set[Key] = set()  # cells whose candidate complements were tried once already
    while True:
        before = set(hidden)
        _close(cells.relations, values, hidden, order, unpublished, containing, rule.threshold)
        if check is not None:
            check |= set(hidden) - before
        exposed = determined(cells, hidden, threshold=rule.threshold, only=check) if hidden else []
        check = set(exposed)
        picked = False
        picks: set[Key] = set()
        for key in exposed:
            related = containing.get(key, [])
            if _unsaid(cells, key, hidden, related, rule):  # fixed by what its reasons said
                picked = True
                continue
            if key not in tried and any(m in picks for r in related for m in (r.total, *r.parts)):
                continue  # a complement picked this round may already free it
            pick = _freeing(
                cells, key, hidden, rule, containing, order, tries=0 if key in tried else _TRIES
            ) or _complement(values, values, hidden, order, unpublished)  # all hidden is safe
            tried.add(key)
            if pick is not None:
                hidden[pick] = Reason.SECONDARY
                picks.add(pick)
                check.add(pick)
                picked = True
        if not picked:
            if exposed:  # nothing left to withhold: the reasons alone would give them away
                hidden = dict.fromkeys(hidden, Reason.WITHHELD)
            return dict(sorted(hidden.items(), key=lambda item: order[item[0]]))
