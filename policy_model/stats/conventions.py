"""What every published table shares: the total label, the age bands, and the symbols c and z."""

from __future__ import annotations

from typing import Final

from ..model.columns import MAX_AGE

__all__ = ["AGE_BANDS", "ALL", "NOT_APPLICABLE", "NOT_KNOWN", "SUPPRESSED", "UNDETERMINED"]

ALL: Final = "all"
"""The label of a total row or column."""

AGE_BANDS: Final = (
    ("12_and_under", "12 and under", 0, 12),
    ("13_to_15", "13 to 15", 13, 15),
    ("16_to_17", "16 to 17", 16, 17),
    ("18_and_over", "18 and over", 18, MAX_AGE),
)
"""(slug, label, youngest, oldest): the guidance's own age lines (12 and under; 18+)."""

NOT_KNOWN: Final = "not_known"
"""The label of the row counting incidents whose value (an age, a fact) was not known."""

UNDETERMINED: Final = "undetermined"
"""The row of incidents whose subtype, category or pathway the known facts do not settle
(``engine.assess.UNDETERMINED``)."""

SUPPRESSED: Final = "c"
"""What a withheld value shows, as in DfE statistics ("confidential")."""

NOT_APPLICABLE: Final = "z"
"""What a value that does not apply shows (the percent of an empty row), as in DfE statistics."""
