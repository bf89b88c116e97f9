"""Suppression profiles: the counts each rule never publishes, with its source."""

from __future__ import annotations

import dataclasses
from typing import Final

__all__ = ["PROFILES", "STANDARD", "STRICT", "Profile", "profile"]


@dataclasses.dataclass(frozen=True, slots=True)
class Profile:
    """A suppression rule: counts from 1 to ``threshold`` are never published."""

    name: str
    threshold: int
    label: str
    reference: str

    @property
    def min_base(self) -> int:
        """The fewest incidents a rate such as Cohen's kappa may rest on."""
        return 2 * self.threshold


STANDARD: Final = Profile(
    name="standard",
    threshold=5,
    label="counts of 1 to 5 suppressed, with secondary suppression; zeros shown",
    reference="DfE, Characteristics of children in need: methodology, 'Confidentiality' "
    "(counts 1 to 5 shown as c; further cells suppressed so that totals do not reveal them)",
)
STRICT: Final = Profile(
    name="strict",
    threshold=10,
    label="counts of 1 to 10 suppressed, with secondary suppression; zeros shown",
    reference="as standard, with the higher threshold (10) used for small areas and "
    "sensitive topics",
)
PROFILES: Final = {p.name: p for p in (STANDARD, STRICT)}


def profile(name: str) -> Profile:
    """The named profile; an unknown name is an error naming the allowed ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(
            f"unknown suppression profile: {name!r} (must be one of {sorted(PROFILES)})"
        ) from None
