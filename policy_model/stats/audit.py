"""How far a reader can narrow each withheld count from an output's published figures.

A reader of one output (a ``summarise`` directory, a ``diff`` impact report) knows every
published count, every relation among them (a total is the sum of its parts; two tables
share a margin), and what the rules say of a withheld count: zeros are shown, so it is at
least 1; a *primary* one is at most the threshold; a *secondary* one was shown before it was
chosen, so it is more than the threshold (the list of withheld cells says which is which).
A count the output does not show at all is at least 0. Under those constraints the least and
the most each withheld cell can be are two linear programmes (``scipy.optimize.linprog``,
HiGHS). A cell whose range holds a single whole number is *determined*: it could be worked
out by adding and subtracting published figures.

>>> from .disclosure import Cells, Reason
>>> cells = Cells()
>>> for key, value in [((), 40), ((("x", "a"),), 3), ((("x", "b"),), 37)]:
...     cells.add(key, value)
>>> cells.relate((), [(("x", "a"),), (("x", "b"),)])
>>> ranges(cells, {(("x", "a"),): Reason.PRIMARY}, threshold=5)[(("x", "a"),)]
Range(lower=3.0, upper=3.0)
>>> both = {(("x", "a"),): Reason.PRIMARY, (("x", "b"),): Reason.SECONDARY}
>>> ranges(cells, both, threshold=5)[(("x", "a"),)]
Range(lower=1.0, upper=5.0)
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import linprog

from .disclosure import Cells, Key, Reason, describe

__all__ = ["Range", "determined", "ranges", "report"]

_EPS: Final = 1e-6
_PROBES: Final = 6
"""Random directions tried first: a cell that already moves by two whole numbers between
their solutions needs no programme of its own."""


@dataclasses.dataclass(frozen=True, slots=True)
class Range:
    """The least and most a withheld count can be, given the published figures."""

    lower: float
    upper: float
    """``math.inf`` where nothing published bounds it."""

    @property
    def determined(self) -> bool:
        """Whether the range holds a single whole number (the count could be worked out)."""
        return _determined(self.lower, self.upper)

    def covers(self, low: float, high: float) -> bool:
        """Whether every value from ``low`` to ``high`` is still possible."""
        return self.lower <= low + _EPS and self.upper >= high - _EPS


def _determined(lower: float, upper: float) -> bool:
    if math.isinf(lower) or math.isinf(upper):
        return False
    return math.ceil(lower - _EPS) >= math.floor(upper + _EPS)


class _Components:
    """Union-find over the unknown cells: two are joined when a relation holds both."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _bounds(
    unknown: list[Key], hidden: Mapping[Key, Reason], threshold: int | None
) -> list[tuple[float, float | None]]:
    out: list[tuple[float, float | None]] = []
    for key in unknown:
        reason = hidden.get(key)
        if reason is None:  # not published at all: a reader knows only that it is a count
            out.append((0.0, None))
        elif threshold is None or reason is Reason.WITHHELD:
            out.append((1.0, None))
        elif reason is Reason.PRIMARY:
            out.append((1.0, float(threshold)))
        else:
            out.append((float(threshold + 1), None))
    return out


def ranges(
    cells: Cells,
    hidden: Mapping[Key, Reason],
    *,
    threshold: int | None,
    exact: bool = True,
    only: Iterable[Key] | None = None,
) -> dict[Key, Range]:
    """The range of every withheld cell (or of those in ``only``), by linear programming.

    ``threshold`` is the rule's (``None``: a reader is not told which cells are primary,
    and knows only that each is at least 1). With ``exact=False`` a cell that is shown to
    move by two whole numbers between a few probe solutions is given that narrower range
    without a programme of its own (enough to tell whether it is determined, and faster).
    """
    unknown = [k for k in cells.values if k in hidden or k not in cells.shown]
    column = {key: j for j, key in enumerate(unknown)}
    wanted = set(hidden if only is None else only) & set(hidden)
    groups = _Components(len(unknown))
    equations: list[tuple[list[int], list[float], float]] = []
    for relation in cells.relations:
        cols: list[int] = []
        coefs: list[float] = []
        rhs = 0.0
        for member, sign in ((relation.total, 1.0), *((p, -1.0) for p in relation.parts)):
            if member in column:
                cols.append(column[member])
                coefs.append(sign)
            else:
                rhs -= sign * cells.values[member]
        if cols:
            equations.append((cols, coefs, rhs))
            for c in cols[1:]:
                groups.union(cols[0], c)
    bounds = _bounds(unknown, hidden, threshold)
    members: dict[int, list[int]] = {}
    for j in range(len(unknown)):
        members.setdefault(groups.find(j), []).append(j)
    by_root: dict[int, list[int]] = {}
    for i, (cols, _, _) in enumerate(equations):
        by_root.setdefault(groups.find(cols[0]), []).append(i)
    targets = [j for j, key in enumerate(unknown) if key in wanted]
    roots = dict.fromkeys(groups.find(j) for j in targets)
    low = dict.fromkeys(targets, math.inf)
    high = dict.fromkeys(targets, -math.inf)
    pending = set(targets)
    if not exact and len(targets) > _PROBES:
        # Every component at once, each unbounded count capped (any point found is still a
        # point the reader cannot rule out).
        js = [j for root in roots for j in members[root]]
        cap = float(max(cells.values.values(), default=0) * 10 + 10)
        probe = _Programme(
            js,
            [equations[i] for root in roots for i in by_root.get(root, [])],
            [(lo, cap if hi is None else hi) for lo, hi in (bounds[j] for j in js)],
        )
        rng = np.random.default_rng(0)
        for _ in range(_PROBES):
            direction = rng.standard_normal(len(js))
            for sign in (1.0, -1.0):
                x = probe.solve(sign * direction, unknown)
                if x is not None:
                    for j in pending:
                        low[j] = min(low[j], x[probe.local[j]])
                        high[j] = max(high[j], x[probe.local[j]])
        pending = {j for j in pending if _determined(low[j], high[j])}
    out: dict[Key, Range] = {}
    for root in roots:
        todo = [j for j in members[root] if j in pending]
        if todo:
            js = members[root]
            programme = _Programme(
                js, [equations[i] for i in by_root.get(root, [])], [bounds[j] for j in js]
            )
            for j in todo:
                objective = np.zeros(len(js))
                objective[programme.local[j]] = 1.0
                x_low = programme.solve(objective, unknown)
                x_high = programme.solve(-objective, unknown)
                low[j] = float(x_low[programme.local[j]]) if x_low is not None else -math.inf
                high[j] = float(x_high[programme.local[j]]) if x_high is not None else math.inf
    for j in targets:
        out[unknown[j]] = Range(round(low[j], 6), round(high[j], 6))
    return out


class _Programme:
    """The relations among some unknown cells, as ``A x = b`` with bounds on ``x``."""

    def __init__(
        self,
        js: list[int],
        equations: list[tuple[list[int], list[float], float]],
        bounds: list[tuple[float, float | None]],
    ) -> None:
        self.local = {j: i for i, j in enumerate(js)}
        data, row_index, col_index, b = [], [], [], []
        for r, (cols, coefs, rhs) in enumerate(equations):
            for c, v in zip(cols, coefs, strict=True):
                row_index.append(r)
                col_index.append(self.local[c])
                data.append(v)
            b.append(rhs)
        self.a_eq = (
            sparse.csr_array((data, (row_index, col_index)), shape=(len(equations), len(js)))
            if equations
            else None
        )
        self.b_eq = np.array(b) if equations else None
        self.bounds = bounds
        self.first = js[0]

    def solve(self, objective: npt.NDArray[np.float64], unknown: list[Key]) -> Any:
        """The solution minimising ``objective``; None if it is unbounded that way."""
        result = linprog(
            objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=self.bounds, method="highs"
        )
        if result.status == 3:
            return None
        if result.status != 0:
            raise ValueError(
                "the published figures are inconsistent around "
                f"{describe(unknown[self.first])}: {result.message}"
            )
        return np.asarray(result.x)


def determined(
    cells: Cells,
    hidden: Mapping[Key, Reason],
    *,
    threshold: int | None,
    only: Iterable[Key] | None = None,
) -> list[Key]:
    """The withheld cells (of ``only``, if given) that the published figures fix, in the
    order the cells were added.

    Withholding one more cell can only widen the others' ranges (a published constant
    becomes an unknown whose bounds hold it), so a cell found not determined stays so: a
    caller adding complements need only look again at the cells it found determined and at
    those it has just withheld.
    """
    found = ranges(cells, hidden, threshold=threshold, exact=False, only=only)
    return [k for k in cells.values if k in found and found[k].determined]


def report(
    cells: Cells, hidden: Mapping[Key, Reason], *, threshold: int | None
) -> list[tuple[str, str, float, float, bool]]:
    """One row per withheld cell: its name, reason, least and most value, and whether the
    range covers 1 to the threshold (primary) or is open above it (secondary)."""
    found = ranges(cells, hidden, threshold=threshold)
    rows = []
    for key in cells.values:
        if key not in found:
            continue
        r, reason = found[key], hidden[key]
        wide = (
            r.covers(1, threshold)
            if reason is Reason.PRIMARY and threshold is not None
            else not r.determined
        )
        rows.append((describe(key), str(reason), r.lower, r.upper, wide))
    return rows
