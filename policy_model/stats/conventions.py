"""What every published table shares: the total label, the age bands, and the symbols c and z."""

from __future__ import annotations

from typing import Final

__all__ = ["AGE_BANDS", "ALL", "NOT_APPLICABLE", "SUPPRESSED"]

ALL: Final = "all"
"""The label of a total row or column."""

AGE_BANDS: Final = (
    ("12_and_under", "12 and under", 0, 12),
    ("13_to_15", "13 to 15", 13, 15),
    ("16_to_17", "16 to 17", 16, 17),
    ("18_and_over", "18 and over", 18, 25),
)
"""(slug, label, youngest, oldest): the guidance's own age lines (12 and under; 18+)."""

SUPPRESSED: Final = "c"
"""What a withheld value shows, as in DfE statistics ("confidential")."""

NOT_APPLICABLE: Final = "z"
"""What a value that does not apply shows (the percent of an empty row), as in DfE statistics."""
