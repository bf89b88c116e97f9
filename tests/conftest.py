"""Shared fixtures: small random incident frames, typed as the loader types them; SQL engines."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from policy_model.model.columns import COLUMNS, Kind
from policy_model.model.vocab import Subtype

# The fixtures duckdb, postgres, spark and sql_engine: real SQL engines behind one API.
from .sql_engines import duckdb_fixture, postgres, spark, sql_engine  # noqa: F401

RandomIncidents = Callable[..., pd.DataFrame]


def random_incidents(
    n: int, *, seed: int, months: int = 24, recorded: float = 0.5, unknown: float = 0.0
) -> pd.DataFrame:
    """``n`` random incidents over ``months`` months from 2022-01 (no realism intended);
    ``unknown``: the share of facts and ages not known."""
    rng = np.random.default_rng(seed)
    ages = rng.integers(8, 26, n).astype(np.int8)
    frame: dict[str, object] = {
        "incident_id": pd.array([f"t{i}" for i in range(n)], dtype="str"),
        "reported_month": pd.period_range("2022-01", periods=months, freq="M")[
            rng.integers(0, months, n)
        ],
        "age_pictured": pd.arrays.IntegerArray(ages, rng.random(n) < unknown),
    }
    for column in COLUMNS.of_kind(Kind.CATEGORY, Kind.FACT):
        if column.name == "recorded_subtype" or column.open:  # area: no rule reads it
            continue
        if column.kind == Kind.CATEGORY:
            allowed = list(column.values)
            codes = rng.integers(0, len(allowed), n)
            if column.may_be_unknown:
                codes = np.where(rng.random(n) < unknown, -1, codes)
            frame[column.name] = pd.Categorical.from_codes(codes, allowed)
        else:
            likely = 0.8 if column.name in ("pictured_willing", "sexual_motive") else 0.15
            frame[column.name] = pd.arrays.BooleanArray(
                rng.random(n) < likely, rng.random(n) < unknown
            )
    codes = np.where(rng.random(n) < recorded, rng.integers(0, len(Subtype), n), -1)
    frame["recorded_subtype"] = pd.Categorical.from_codes(codes, [s.value for s in Subtype])
    return pd.DataFrame(frame)[[c for c in COLUMNS if c in frame]]


@pytest.fixture
def incidents() -> RandomIncidents:
    """A maker of random typed incident frames: ``incidents(n, seed=...)``."""
    return random_incidents
