"""Settled-to-possible ranges: settled counts, up to the incidents still possible; both ends
under disclosure control."""

from __future__ import annotations

import pandas as pd

from policy_model.stats.ranges import ranges, sentence


def _assessed(rows: list[tuple[str, str, str, str, str, int]]) -> pd.DataFrame:
    frames = [
        pd.DataFrame(
            {
                "category": [c] * n,
                "subtype": [s] * n,
                "pathway": [p] * n,
                "possible_subtypes": [ps] * n,
                "possible_pathways": [pp] * n,
            }
        )
        for c, s, p, ps, pp, n in rows
    ]
    return pd.concat(frames, ignore_index=True)


ROWS = [
    ("aggravated", "adult_involved", "refer_immediately", "adult_involved", "refer_immediately", 40),
    ("experimental", "romantic", "manage_within_agency", "romantic", "manage_within_agency", 30),
    # open: romantic or adult_involved, so experimental or aggravated; either pathway
    ("undetermined", "undetermined", "undetermined", "romantic|adult_involved",
     "refer_immediately|manage_within_agency", 20),
]  # fmt: skip


def _row(table: pd.DataFrame, dim: str, group: str) -> tuple[object, object]:
    hit = table[(table["dimension"] == dim) & (table["group"] == group)].iloc[0]
    return hit["settled"], hit["up_to"]


def test_up_to_adds_the_incidents_still_possible() -> None:
    table = ranges(_assessed(ROWS))
    assert _row(table, "subtype", "adult_involved") == (40, 60)
    assert _row(table, "category", "experimental") == (30, 50)
    assert _row(table, "pathway", "manage_within_agency") == (30, 50)
    assert _row(table, "subtype", "other") == (0, 0)


def test_a_small_number_still_possible_withholds_up_to() -> None:
    """up_to 43 next to settled 40 would say 3 incidents could be it: withheld."""
    rows = [*ROWS[:2], ("undetermined", "undetermined", "undetermined", "adult_involved|other",
                        "refer_immediately", 3)]  # fmt: skip
    table = ranges(_assessed(rows))
    settled, up_to = _row(table, "subtype", "adult_involved")
    assert settled == 40 and pd.isna(up_to)


def test_a_small_settled_count_is_withheld_with_a_complement() -> None:
    rows = [*ROWS, ("aggravated", "youth_intent_to_harm", "refer_immediately",
                    "youth_intent_to_harm", "refer_immediately", 2)]  # fmt: skip
    table = ranges(_assessed(rows))
    hidden = set(table.loc[(table["dimension"] == "subtype") & table["settled"].isna(), "group"])
    assert hidden == {"youth_intent_to_harm", "undetermined"}  # its complement: the smallest


def test_sentence() -> None:
    assert sentence("Aggravated", 655, 910) == "Aggravated: 655 settled, up to 910"
    assert sentence("Other", 12, 12) == "Other: 12 settled"
