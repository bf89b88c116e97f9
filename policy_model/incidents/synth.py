"""Synthetic incident data with realistic proportions: seeded, vectorised, entirely invented.

Each row is made in four steps. First a latent *intended* subtype is drawn for the row's
agency; then facts consistent with that subtype (so that the model's typology, applied to the
facts, gives it back), including who was involved at what age; then recording noise, and what
the professional recorded; last, some facts are left blank (not known), more often in some
agencies' returns than others. Every proportion is declared in ``LONDON_BOROUGH`` and stated,
as a source or as an assumption, in data/README.md.

>>> frame = synthesise(5, seed=1)
>>> list(frame.columns) == list(SYNTHESISED)
True
>>> frame["incident_id"].tolist()
['SYN-000001', 'SYN-000002', 'SYN-000003', 'SYN-000004', 'SYN-000005']
>>> str(frame["adult_involved"].dtype), str(frame["age_youngest_involved"].dtype)
('boolean', 'Int8')
>>> synthesise(0, seed=1)
Traceback (most recent call last):
...
ValueError: invalid n: 0 (must be a whole number of incidents from 1 to 50000000)
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from ..engine import frame
from ..model.columns import COLUMNS, Kind
from ..model.incident import MONTH_PATTERN
from ..model.vocab import Agency, Gender, Platform, Sharing, Subtype
from .synth_areas import AREAS, draw_areas
from .synth_draws import AGENCIES, BLANKABLE, Codes, Tables, cells, draw_chunk
from .synth_profile import LONDON_BOROUGH, Profile

__all__ = [
    "BLANKABLE",
    "CHUNK_ROWS",
    "DEFAULT_MONTHS",
    "DEFAULT_START",
    "ID_PREFIX",
    "LONDON_BOROUGH",
    "MAX_ROWS",
    "SYNTHESISED",
    "Profile",
    "incident_ids",
    "month_range",
    "synthesise",
]

DEFAULT_START: Final = "2022-04"  # a London borough's financial years: April to March
DEFAULT_MONTHS: Final = 36
CHUNK_ROWS: Final = 200_000  # rows per chunk; part of the seed's meaning, so fixed
MAX_ROWS: Final = 50_000_000  # ids stay at most 8 digits: never a phone or NHS number
ID_PREFIX: Final = "SYN-"
SYNTHESISED: Final = tuple(n for n in COLUMNS.core if n != "recorded_pathway")
"""The columns made, in order: the model's own, but the recorded pathway (not simulated)."""


_CATEGORIES: Final[dict[str, type[StrEnum]]] = {
    "agency": Agency,
    "gender_pictured": Gender,
    "platform": Platform,
    "sharing": Sharing,
    "recorded_subtype": Subtype,
}


def month_range(start: str, months: int) -> list[str]:
    """``months`` consecutive months from ``start``, as YYYY-MM.

    >>> month_range("2024-11", 3)
    ['2024-11', '2024-12', '2025-01']
    """
    if not isinstance(start, str) or not MONTH_PATTERN.fullmatch(start):
        raise ValueError(f"invalid start: {start!r} (must be a month as YYYY-MM)")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ValueError(f"invalid months: {months!r} (must be a whole number, at least 1)")
    year, month = int(start[:4]), int(start[5:])
    first = year * 12 + month - 1
    last = first + months - 1
    if last // 12 > 2099:
        raise ValueError(f"invalid months: {months} (the last month must be before 2100)")
    return [f"{t // 12:04d}-{t % 12 + 1:02d}" for t in range(first, last + 1)]


def incident_ids(numbers: npt.NDArray[np.integer[Any]], *, total: int) -> pa.Array:
    """Opaque ids for row numbers out of ``total``: the prefix and the zero-padded number.

    >>> incident_ids(np.array([7, 1500]), total=1500).to_pylist()
    ['SYN-000007', 'SYN-001500']
    """
    text = pa.array(numbers).cast(pa.string())
    padded = pc.utf8_lpad(text, width=max(6, len(str(total))), padding="0")
    return pc.binary_join_element_wise(ID_PREFIX, padded, "")


def _column(name: str, values: Any) -> Any:
    """One column, typed as the loader types it, from codes or flags (and blanks)."""
    if isinstance(values, pd.Categorical):
        return values
    values, blank = values if isinstance(values, tuple) else (values, None)
    kind = COLUMNS[name].kind
    if kind is Kind.CATEGORY:
        codes = values if blank is None else np.where(blank, -1, values)
        return frame.from_codes(codes, [v.value for v in _CATEGORIES[name]])
    mask = np.zeros(len(values), dtype=bool) if blank is None else blank
    if kind is Kind.AGE:
        return pd.arrays.IntegerArray(values.astype(np.int8), mask)
    return pd.arrays.BooleanArray(values.astype(bool), mask)


def _frame(
    month: Codes, labels: list[str], agency: Codes, facts: Mapping[str, Any]
) -> pd.DataFrame:
    """The registry's columns, in order, from codes and flags."""
    n = len(month)
    columns: dict[str, Any] = {
        "incident_id": pd.array(incident_ids(np.arange(1, n + 1), total=n), dtype="str"),
        "reported_month": frame.from_codes(month, labels),
        "agency": _column("agency", agency),
    }
    for name, values in facts.items():
        columns[name] = _column(name, values)
    return pd.DataFrame(columns)[list(SYNTHESISED)]


def _areas(seed: int, n: int) -> pd.Categorical[str]:
    """Each incident's area, from a random stream of its own (so adding areas changed no
    other column of a seed's file)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    names = [a for a, _, _ in AREAS]
    ordered = sorted(names)  # as the loader orders an open category's values
    remap = np.array([ordered.index(a) for a in names] + [-1])
    return frame.from_codes(remap[draw_areas(rng, n)], ordered)


def synthesise(
    n: int,
    *,
    seed: int,
    start: str = DEFAULT_START,
    months: int = DEFAULT_MONTHS,
    profile: Profile = LONDON_BOROUGH,
    progress: bool | None = None,
) -> pd.DataFrame:
    """``n`` synthetic incidents over ``months`` months from ``start``, reproducible by ``seed``.

    The columns are the registry's (``COLUMNS``), in its order, typed as ``load_incidents``
    types them: ``incident_id`` and ``reported_month`` (YYYY-MM, a Categorical) as text, the
    ages as nullable Int8, the facts as nullable boolean, the categorical columns and
    ``recorded_subtype`` as Categoricals over their slugs; a missing value (pd.NA, NaN) is not
    known. Rows are in month order. ``progress`` shows a progress bar on stderr; by default
    only when the rows are made in more than one chunk.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= MAX_ROWS:
        raise ValueError(
            f"invalid n: {n!r} (must be a whole number of incidents from 1 to {MAX_ROWS})"
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"invalid seed: {seed!r} (must be a whole number, 0 or more)")
    labels = month_range(start, months)
    n_chunks = -(-int(n) // CHUNK_ROWS)
    cell_seed, *chunk_seeds = np.random.SeedSequence(int(seed)).spawn(1 + n_chunks)
    rng = np.random.default_rng(cell_seed)
    cell = np.repeat(
        np.arange(months * len(AGENCIES)), rng.multinomial(n, cells(profile, months, start))
    )
    # Agencies interleaved within each month; months in order.
    shuffled = rng.permutation(cell)
    cell = shuffled[np.argsort(shuffled // len(AGENCIES), kind="stable")]
    month, agency = np.divmod(cell, len(AGENCIES))
    tables = Tables.of(profile)
    parts = []
    show = n_chunks > 1 if progress is None else progress
    with tqdm(
        total=int(n),
        desc="synth",
        unit=" incidents",
        unit_scale=True,
        file=sys.stderr,
        disable=not show,
        leave=False,
    ) as bar:
        for k, chunk_seed in enumerate(chunk_seeds):
            rows = agency[k * CHUNK_ROWS : (k + 1) * CHUNK_ROWS]
            parts.append(draw_chunk(np.random.default_rng(chunk_seed), rows, profile, tables))
            bar.update(len(rows))
    facts: dict[str, Any] = {}
    for name, first in parts[0].items():
        if isinstance(first, tuple):
            facts[name] = tuple(np.concatenate([part[name][i] for part in parts]) for i in (0, 1))
        else:
            facts[name] = np.concatenate([part[name] for part in parts])
    facts["area"] = _areas(int(seed), int(n))
    return _frame(month, labels, agency, facts)
