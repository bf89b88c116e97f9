"""Published counts as cells named by their keys, and the relations that add them up."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

__all__ = ["Cells", "Key", "Relation", "describe"]


Key = tuple[tuple[str, str], ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Relation:
    """``total`` is the sum of ``parts``: a row, a column, or a level of a hierarchy."""

    total: Key
    parts: tuple[Key, ...]


class Cells:
    """The counts of a set of linked tables, and the additive relations among them."""

    def __init__(self) -> None:
        self.values: dict[Key, int] = {}
        self.relations: list[Relation] = []
        self.shown: set[Key] = set()
        self._seen: set[Relation] = set()

    def add(self, key: Key, value: int, *, published: bool = True) -> None:
        """Register a count; the same key twice must carry the same count. A cell is
        published if any table that adds it shows it; one that none shows (a count only a
        relation needs) is unknown to a reader."""
        value = int(value)
        known = self.values.setdefault(key, value)
        if known != value:
            raise ValueError(f"cell {describe(key)} is {known} in one table and {value} in another")
        if published:
            self.shown.add(key)

    @property
    def unpublished(self) -> set[Key]:
        """The cells no table shows: hiding one protects nothing, so none is a complement."""
        return set(self.values) - self.shown

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        """Declare that ``total`` is the sum of ``parts`` (all already added)."""
        relation = Relation(total, tuple(parts))
        if relation in self._seen or not relation.parts:
            return
        added = sum(self.values[p] for p in relation.parts)
        if added != self.values[total]:
            raise ValueError(f"{describe(total)} is {self.values[total]}, its parts sum to {added}")
        self._seen.add(relation)
        self.relations.append(relation)


def describe(key: Key) -> str:
    """A cell's key as text: ``agency=school, subtype=romantic``; ``all`` for the empty key."""
    return ", ".join(f"{d}={v}" for d, v in key) or "all"
