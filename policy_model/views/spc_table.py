"""The figures of an XmR chart as table rows, for the table that follows the chart: period,
value, mean, process limits and the signal in words (``stats.spc.xmr``'s result)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import pandas as pd

from ..stats.spc import Signal

__all__ = ["SIGNAL_WORDS", "rows"]

SIGNAL_WORDS: Final = {
    Signal.COMMON_CAUSE: "Usual variation",
    Signal.SPECIAL_CAUSE_HIGH: "Higher than usual",
    Signal.SPECIAL_CAUSE_LOW: "Lower than usual",
}


def rows(result: pd.DataFrame) -> list[Sequence[str]]:
    """The chart's figures as table rows: period, value, mean, limits, signal in words."""

    def num(v: Any, spec: str = ",.1f") -> str:
        return "z" if pd.isna(v) else format(v, spec)

    return [
        [
            str(r.period),
            num(r.value, ",.0f"),
            num(r.mean),
            num(r.lower_limit),
            num(r.upper_limit),
            SIGNAL_WORDS[Signal(str(r.signal))],
        ]
        for r in result.itertuples(index=False)
    ]
