"""A checked mapping, and the error that names each mistake in one with its line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .paths import InputError
from .year_groups import AgeRangeRule

__all__ = ["Mapping", "MappingError"]


class MappingError(InputError):
    """A mapping file that cannot be used: every mistake, each with its line."""

    def __init__(self, path: Path | str, mistakes: list[tuple[int | None, str]]) -> None:
        self.mistakes = mistakes
        lines = [f"line {line}: {text}" if line else text for line, text in mistakes]
        super().__init__(path, ("\n" + f"{path}: ").join(lines))


@dataclasses.dataclass(frozen=True, slots=True)
class Mapping:
    """A checked mapping; ``lines`` says where each entry was written (for messages)."""

    source: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]]
    drop: tuple[str, ...] = ()
    date_format: str | None = None
    lines: dict[str, int] = dataclasses.field(default_factory=dict)
    constants: dict[str, str] = dataclasses.field(default_factory=dict)
    """Dataset columns the export lacks, with the value every row takes (``agency: school``)."""
    not_known: tuple[str, ...] = ()
    """Dataset columns the export does not record: every row's value is not known."""
    age_ranges: tuple[AgeRangeRule, ...] = ()
    """Local columns of year groups, each read as an age range."""
    assume: dict[str, str] = dataclasses.field(default_factory=dict)
    """Assumptions the mapping states (``year_groups.ASSUMPTIONS``); outputs say so."""

    @property
    def added(self) -> tuple[str, ...]:
        """The dataset columns the mapping adds: its constants, then its not-known columns."""
        return (*self.constants, *self.not_known)
