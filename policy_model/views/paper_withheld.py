"""The list of a paper's withheld figures in words, for the CSV written beside it.

>>> _cell_words("month=2023-08, subtype=undetermined")
'Month: 2023-08; Subtype: Not yet determined (facts not known)'
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from .labels import label

__all__ = ["withheld_cells"]


def withheld_cells(suppression: pd.DataFrame, *, codes: bool = False) -> pd.DataFrame:
    """The list of withheld figures, for the CSV beside the paper: labels, or with ``codes``
    the slugs as ``summarise`` lists them."""
    table = suppression.copy()
    if codes:
        return table
    table["table"] = [_TABLES.get(str(t), str(t)) for t in table["table"]]
    table["cell"] = [_cell_words(str(c)) for c in table["cell"]]
    table["column"] = [_FIELDS.get(str(c), str(c)) for c in table["column"]]
    table["reason"] = [_REASONS.get(str(r), str(r)) for r in table["reason"]]
    return table.rename(columns=str.capitalize)


_TABLES: Final = {
    "category": "Category",
    "subtype": "Subtype",
    "undetermined_subtype": "Subtype not yet determined, by category",
    "pathway": "Response pathway",
    "precautionary": "Precautionary pathway, by quarter",
    "month": "Month and subtype",
    "quarter": "Quarter and subtype",
    "year": "Year and subtype",
    "age_band": "Age and subtype",
    "gender": "Gender and subtype",
    "agency": "Agency and subtype",
    "platform": "Platform and subtype",
    "trends": "Trends",
    "completeness_agency": "Values not known, by agency",
    "completeness_quarter": "Values not known, by quarter",
    "agreement": "Recorded subtype against the model's",
    "kappa": "Agreement by agency",
}
_FIELDS: Final = {
    "count": "Incidents",
    "percent": "Percent",
    "incidents": "Incidents recorded",
    "incidents_with_recorded_subtype": "Incidents with a recorded subtype",
    "kappa": "Kappa",
}
_REASONS: Final = {
    "primary": "Small number",
    "secondary": "Could be worked out from other figures",
    "small_base": "Too few incidents to calculate",
}
_DIMENSIONS: Final = {
    "age_band": "Age",
    "precautionary_pathway": "Precautionary pathway",
    "recorded_subtype": "Recorded subtype",
}


def _cell_words(cell: str) -> str:
    """``month=2023-08, subtype=undetermined`` as ``Month: 2023-08; Subtype: Not yet ...``."""
    parts = []
    for pair in cell.split(", "):
        dim, _, value = pair.partition("=")
        name = _DIMENSIONS.get(dim, dim.replace("_", " ").capitalize())
        parts.append(f"{name}: {label(dim, value)}")
    return "; ".join(parts)
