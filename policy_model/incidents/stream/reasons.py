"""The reasons and ``ask_next`` of streamed rows, written once per distinct pair of walks."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ...engine.assess import brief
from ...engine.frame import Codes, FrameWalk
from ...engine.readings import note_keys, note_text, read_frame
from ...model.guidance import Guidance

__all__ = ["REASON", "Reasons", "walked"]

REASON: Final = "__reason"
"""The column of each row's code into ``Reasons.texts``."""


class Reasons:
    """Each row's pair of walks (``FrameWalk``: path and fact asked, in each graph) as a code
    into ``texts``, the reasons ``brief`` writes for it, and ``asks``, the fact each walk
    stops at; computed once per distinct pair across every block."""

    def __init__(self, guidance: Guidance, *, assumed: bool = False) -> None:
        self.guidance = guidance
        self.assumed = assumed
        """The youngest involved assumed the same as the age pictured (a mapping said so)."""
        self.code: dict[tuple[int, int, tuple[str, ...]], int] = {}
        self.texts: list[str] = []
        self.asks: tuple[list[str | None], list[str | None]] = ([], [])
        self._notes: dict[tuple[tuple[str, ...], int], tuple[str, ...]] = {}

    def codes(self, df: pd.DataFrame) -> npt.NDArray[np.int32]:
        """Each row's code into ``texts`` and ``asks``."""
        codes = Codes(read_frame(df, self.guidance))
        n = len(df)
        typology = FrameWalk(self.guidance.typology, codes, n, self.guidance.consistent)
        pathway = FrameWalk(self.guidance.pathway, codes, n, self.guidance.consistent)
        width = len(pathway.keys)
        names, noted = note_keys(df, self.guidance)
        notes_width = 1 << len(names)
        pair = (typology.path.astype(np.int64) * width + pathway.path) * notes_width + noted
        distinct, inverse = np.unique(pair, return_inverse=True)
        found = np.empty(len(distinct), dtype=np.int32)
        for i, p in enumerate(distinct.tolist()):
            p, bits = divmod(p, notes_width)
            t, w = divmod(p, width)
            notes = self._notes.get((names, bits))
            if notes is None:
                notes = self._notes[names, bits] = note_text(self.guidance, names, bits)
            key = (int(typology.keys[t]), int(pathway.keys[w]), notes)
            if key not in self.code:
                self.code[key] = len(self.texts)
                walks = typology.explored(t), pathway.explored(w)
                self.texts.append(brief(*walks, youngest_assumed=self.assumed, notes=notes))
                self.asks[0].append(walks[0].ask)
                self.asks[1].append(walks[1].ask)
            found[i] = self.code[key]
        result: npt.NDArray[np.int32] = found[inverse.reshape(-1)]
        return result


def walked(table: pa.Table, reasons: Reasons) -> pa.Table:
    """``table`` with the reasons appended (in place of its ``REASON`` codes), and
    ``ask_next`` as ``assess_frame`` gives it, from each row's walks: the pathway's fact
    while the pathway is open, else the typology's while the subtype is."""
    code = table[REASON]
    asks = [pa.array(a, pa.string()).take(code) for a in reasons.asks]
    nothing = pa.nulls(len(table), pa.string())
    ask_next = pc.coalesce(
        pc.if_else(pc.match_substring(table["possible_pathways"], "|"), asks[1], nothing),
        pc.if_else(pc.match_substring(table["possible_subtypes"], "|"), asks[0], nothing),
    )
    table = table.set_column(table.column_names.index("ask_next"), "ask_next", ask_next)
    texts = pa.array(reasons.texts, pa.string()).take(code)
    return table.drop_columns([REASON]).append_column("reasons", texts)
