"""The suppression table: every withheld cell of a summary, and why it is withheld."""

from __future__ import annotations

from typing import Final

import pandas as pd

from .disclosure import Key, Profile, Reason
from .summary_tables import Builder

__all__ = ["suppression_table"]


_WHY: Final = {
    Reason.PRIMARY: "a count from 1 to {t}",
    Reason.SECONDARY: "hidden so that no withheld count can be worked out from the published "
    "figures",
    Reason.WITHHELD: "a count from 1 to {t}, or hidden so that none can be worked out (which "
    "is not said: with so few incidents, saying it would give counts away)",
}


def suppression_table(
    b: Builder,
    hidden: dict[Key, Reason] | None,
    small: pd.Series,
    rule: Profile | None,
) -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, str]] = []
    if hidden and rule is not None:
        for table in b.tables.values():
            for labels, key in zip(table.labels, table.keys, strict=True):
                if key in hidden:
                    cell = ", ".join(f"{d}={v}" for d, v in zip(table.dims, labels, strict=True))
                    column = "incidents_with_recorded_subtype" if table.name == "kappa" else "count"
                    reason = hidden[key]
                    rows.append(
                        (
                            table.name,
                            cell,
                            column,
                            reason.value,
                            _WHY[reason].format(t=rule.threshold),
                        )
                    )
        for agency in small:
            rows.append(
                (
                    "kappa",
                    f"agency={agency}",
                    "kappa",
                    "small_base",
                    f"fewer than {rule.min_base} incidents with a recorded subtype",
                )
            )
    return pd.DataFrame(rows, columns=["table", "cell", "column", "reason", "explanation"])
