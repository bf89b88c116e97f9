"""The four key questions, and the points under each that an incident's facts flag, or leave
not known (an edition declares its points: ``redbridge_2018/key_questions.py``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .citations import Citation
from .conditions import Condition
from .vocab import KeyQuestion

__all__ = ["Consideration", "KeyQuestion", "Point", "review"]


@dataclasses.dataclass(frozen=True, slots=True)
class Consideration:
    """A point under a key question: flagged where ``when`` holds, not known where it may."""

    id: str
    key_question: KeyQuestion
    label: str
    when: Condition
    cite: Citation
    unknown: Condition | None = None
    """Where the point is not known though ``when`` answers (e.g. platform recorded unknown)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    """One consideration as it stands for an incident."""

    consideration: Consideration
    known: bool
    """False: the facts that decide it are not known yet."""


def review(
    points: tuple[Consideration, ...], facts: Mapping[str, object]
) -> dict[KeyQuestion, tuple[Point, ...]]:
    """All four key questions, each with the points its facts flag or leave not known."""
    found: dict[KeyQuestion, list[Point]] = {k: [] for k in KeyQuestion}
    for c in points:
        value = c.when.value(facts)
        if (c.unknown is not None and c.unknown.value(facts)) or value is None:
            found[c.key_question].append(Point(c, known=False))
        elif value:
            found[c.key_question].append(Point(c, known=True))
    return {k: tuple(v) for k, v in found.items()}
