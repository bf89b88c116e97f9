"""The thresholds the rules read: an edition's age lines (each edition declares what they
mean, with its source: ``redbridge_2018/parameters.py``)."""

from __future__ import annotations

import dataclasses
from typing import Final

from .citations import Citation

__all__ = ["AS_WRITTEN_LINES", "Lines", "Parameter"]


@dataclasses.dataclass(frozen=True, slots=True)
class Lines:
    """The age lines: who counts as an adult, the young-child line, the sexual-acts line."""

    adult: int = 18
    """18 and over is an adult; imagery of anyone younger is of a child."""
    young_child: int = 12
    """A child engaging in an experimental incident at this age or under: existing procedures."""
    sexual_acts_under: int = 13
    """Imagery of sexual acts with a child under this age in it: immediate referral."""

    def __post_init__(self) -> None:
        for name in ("adult", "young_child", "sexual_acts_under"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 25:
                raise ValueError(f"age line {name}: {value!r} (must be a whole number, 1 to 25)")
        if not self.young_child < self.adult or not self.sexual_acts_under <= self.adult:
            raise ValueError(
                f"age lines: young_child ({self.young_child}) must be under adult "
                f"({self.adult}), and sexual_acts_under ({self.sexual_acts_under}) at most adult"
            )


@dataclasses.dataclass(frozen=True, slots=True)
class Parameter:
    """One threshold, with what it means and the text it comes from."""

    name: str
    label: str
    cite: Citation


AS_WRITTEN_LINES: Final = Lines()
