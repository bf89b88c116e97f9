"""Tidy tables built over one set of linked cells, each with the values it withholds."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .conventions import ALL
from .count_codes import IntArray
from .disclosure import Cells, Key, Reason

__all__ = ["Builder", "Pair", "Table", "cell_key"]


def cell_key(*pairs: tuple[str, str]) -> Key:
    return tuple(sorted(p for p in pairs if p[1] != ALL))


@dataclasses.dataclass
class Table:
    """A tidy table under construction: its rows' labels, keys, and percent denominators."""

    name: str
    dims: tuple[str, ...]
    labels: list[tuple[str, ...]]
    keys: list[Key]
    denominators: list[Key]
    base_column: str | None = None
    """Publish each row's denominator too, under this name (the completeness tables)."""


class Builder:
    def __init__(self) -> None:
        self.cells = Cells()
        self.tables: dict[str, Table] = {}

    def one_way(
        self, name: str, dim: str, labels: Sequence[str], counts: IntArray, base: Key = ()
    ) -> None:
        keys = [cell_key(*base, (dim, label)) for label in labels]
        total = cell_key(*base)
        self.cells.add(total, int(counts.sum()))
        for key, value in zip(keys, counts.tolist(), strict=True):
            self.cells.add(key, value)
        self.cells.relate(total, keys)
        self.tables[name] = Table(
            name,
            (dim,),
            [(label,) for label in [*labels, ALL]],
            [*keys, total],
            [total] * (len(keys) + 1),
        )

    def two_way(
        self,
        name: str,
        dims: tuple[str, str],
        labels: tuple[Sequence[str], Sequence[str]],
        grid: IntArray,
        base: Key = (),
    ) -> None:
        rows, columns = [*labels[0], ALL], [*labels[1], ALL]
        full = np.zeros((len(rows), len(columns)), dtype=np.int64)
        full[:-1, :-1] = grid
        full[:-1, -1] = grid.sum(axis=1)
        full[-1, :] = full[:-1, :].sum(axis=0)
        a, b = dims
        key = [[cell_key(*base, (a, r), (b, c)) for c in columns] for r in rows]
        for i, r_keys in enumerate(key):
            for j, k in enumerate(r_keys):
                self.cells.add(k, int(full[i, j]))
        for i in range(len(rows)):
            self.cells.relate(key[i][-1], key[i][:-1])
        for j in range(len(columns)):
            self.cells.relate(key[-1][j], [key[i][j] for i in range(len(rows) - 1)])
        table = Table(name, dims, [], [], [])
        for i, r in enumerate(rows):
            for j, c in enumerate(columns):
                table.labels.append((r, c))
                table.keys.append(key[i][j])
                # Percent of the row (a subtype's share of an agency's incidents); a row
                # total's percent is its share of all incidents.
                table.denominators.append(key[i][-1] if c != ALL else key[-1][-1])
        self.tables[name] = table

    def not_known(
        self,
        name: str,
        by: str,
        labels: Sequence[str],
        grid: IntArray,
        fields: Sequence[str],
        group_totals: IntArray,
    ) -> None:
        """How many incidents in each group (an agency, a quarter) have each field not known,
        out of the group's incidents: cells ``not_known=field, by=group``, which sum over the
        groups to ``not_known=field``; the groups' own cells are the other tables' totals."""
        for label, value in zip(labels, group_totals.tolist(), strict=True):
            self.cells.add(cell_key((by, label)), value)
        table = Table(name, ("column", by), [], [], [], base_column="incidents")
        for f, field in enumerate(fields):
            keys = [cell_key(("not_known", field), (by, label)) for label in labels]
            total = cell_key(("not_known", field))
            self.cells.add(total, int(grid[f].sum()))
            for key, value in zip(keys, grid[f].tolist(), strict=True):
                self.cells.add(key, value)
            self.cells.relate(total, keys)
            for label, key in zip([*labels, ALL], [*keys, total], strict=True):
                table.labels.append((field, label))
                table.keys.append(key)
                table.denominators.append(cell_key((by, label)))
        self.tables[name] = table

    def nest(
        self, dim: str, parent: str, groups: dict[str, list[str]], inner: Sequence[str]
    ) -> None:
        """``parent=p`` is the sum of ``dim=d`` for d in p, for every ``inner`` column."""
        for p, children in groups.items():
            for c in [*inner, ALL]:
                self.cells.relate(
                    cell_key((parent, p), ("subtype", c)),
                    [cell_key((dim, d), ("subtype", c)) for d in children],
                )

    def frame(self, table: Table, hidden: dict[Key, Reason] | None) -> Pair:
        """The tidy table, and which of its values are withheld."""
        values = self.cells.values
        counts = np.array([values[k] for k in table.keys], dtype=np.int64)
        bases = np.array([values[k] for k in table.denominators], dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            percent = np.where(bases > 0, np.round(100 * counts / bases, 1), np.nan)
        out = pd.DataFrame(
            {dim: [lab[i] for lab in table.labels] for i, dim in enumerate(table.dims)}
        )
        gone = np.array([k in (hidden or ()) for k in table.keys], dtype=bool)
        base_gone = np.array([k in (hidden or ()) for k in table.denominators], dtype=bool)
        withheld = pd.DataFrame({"count": gone, "percent": gone | base_gone})
        out["count"] = pd.array(np.where(gone, np.nan, counts), dtype="Float64").astype("Int64")
        if table.base_column is not None:
            out[table.base_column] = pd.array(
                np.where(base_gone, np.nan, bases), dtype="Float64"
            ).astype("Int64")
            withheld.insert(1, table.base_column, base_gone)
        out["percent"] = pd.array(np.where(withheld["percent"], np.nan, percent), dtype="Float64")
        return out, withheld


Pair = tuple[pd.DataFrame, pd.DataFrame]
