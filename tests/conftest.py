"""Shared fixtures: small random incident frames, typed as the loader types them; SQL engines."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from policy_model.model.vocab import BOOLEAN_FACTS, CATEGORICAL_FACTS, MAX_AGE, MIN_AGE, Subtype

# The fixtures duckdb, postgres, spark and sql_engine: real SQL engines behind one API.
from .sql_engines import duckdb_fixture, postgres, spark, sql_engine  # noqa: F401

RandomIncidents = Callable[..., pd.DataFrame]


def random_incidents(n: int, *, seed: int, months: int = 24, recorded: float = 0.5) -> pd.DataFrame:
    """``n`` random incidents over ``months`` months from 2022-01 (no realism intended)."""
    rng = np.random.default_rng(seed)
    frame: dict[str, object] = {
        "incident_id": pd.array([f"t{i}" for i in range(n)], dtype="str"),
        "reported_month": pd.period_range("2022-01", periods=months, freq="M")[
            rng.integers(0, months, n)
        ],
        "age_pictured": rng.integers(MIN_AGE + 8, MAX_AGE + 1, n).astype(np.int8),
    }
    for name, vocabulary in CATEGORICAL_FACTS.items():
        allowed = [v.value for v in vocabulary]
        frame[name] = pd.Categorical.from_codes(rng.integers(0, len(allowed), n), allowed)
    for name in BOOLEAN_FACTS:
        frame[name] = rng.random(n) < (
            0.8 if name in ("pictured_willing", "sexual_motive") else 0.15
        )
    codes = np.where(rng.random(n) < recorded, rng.integers(0, len(Subtype), n), -1)
    frame["recorded_subtype"] = pd.Categorical.from_codes(codes, [s.value for s in Subtype])
    return pd.DataFrame(frame)


@pytest.fixture
def incidents() -> RandomIncidents:
    """A maker of random typed incident frames: ``incidents(n, seed=...)``."""
    return random_incidents
