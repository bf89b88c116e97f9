"""The SQL engine fixtures: each engine loads typed frames with NULLs and agrees with pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlglot import exp

from .sql_engines import Engine, in_ci, to_pandas, unavailable

SCHEMA = {"id": "INTEGER", "flag": "BOOLEAN", "age": "SMALLINT", "note": "TEXT"}


def small_frame() -> pd.DataFrame:
    """Every pairing of a nullable boolean with a nullable integer, and text with NULL and ''."""
    flags = [True, False, pd.NA]
    ages = [12, 13, pd.NA]
    rows = [(f, a) for f in flags for a in ages]
    return pd.DataFrame(
        {
            "id": pd.array(range(len(rows)), dtype="Int64"),
            "flag": pd.array([f for f, _ in rows], dtype="boolean"),
            "age": pd.array([a for _, a in rows], dtype="Int8"),
            "note": pd.array(["a", "", None, "b", "é", None, "c", "d'e", None], dtype="string"),
        }
    )


def kleene_query() -> exp.Select:
    """CASE on IS TRUE / IS NOT FALSE, Kleene AND/OR/NOT, and comparisons with NULL."""
    flag, age, note = exp.column("flag"), exp.column("age"), exp.column("note")
    teen = exp.GTE(this=age, expression=exp.Literal.number(13))
    verdict = (
        exp.Case()
        .when(exp.Is(this=flag, expression=exp.true()), exp.Literal.string("yes"))
        .when(exp.not_(exp.Is(this=flag, expression=exp.false())), exp.Literal.string("unknown"))
        .else_(exp.Literal.string("no"))
    )
    return (
        exp.select(
            "id",
            verdict.as_("verdict"),
            teen.as_("teen"),
            exp.and_(flag, teen).as_("flag_and_teen"),
            exp.or_(flag, exp.paren(teen)).as_("flag_or_teen"),
            exp.not_(flag).as_("not_flag"),
            exp.Coalesce(this=note, expressions=[exp.Literal.string("-")]).as_("note"),
        )
        .from_("facts")
        .order_by("id")
    )


def kleene_expected(frame: pd.DataFrame) -> pd.DataFrame:
    """What ``kleene_query`` gives, computed by pandas' nullable (Kleene) logic."""
    flag, teen = frame["flag"], frame["age"] >= 13
    verdict = np.select(
        [flag.eq(True).fillna(False), flag.ne(False).fillna(True)], ["yes", "unknown"], "no"
    )
    return pd.DataFrame(
        {
            "id": frame["id"].astype("Int64"),
            "verdict": pd.array(verdict, dtype="string"),
            "teen": teen,
            "flag_and_teen": flag & teen,
            "flag_or_teen": flag | teen,
            "not_flag": ~flag,
            "note": frame["note"].fillna("-").astype("string"),
        }
    )


def test_kleene_logic_matches_pandas(sql_engine: Engine) -> None:
    frame = small_frame()
    sql_engine.load("facts", frame, SCHEMA)
    result = sql_engine.query(kleene_query().sql(dialect=sql_engine.dialect))
    expected = kleene_expected(frame)
    assert expected["verdict"].tolist() == ["yes"] * 3 + ["no"] * 3 + ["unknown"] * 3
    pd.testing.assert_frame_equal(result, expected)


def big_frame(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` rows whose columns are NULL in independent random patterns."""
    rng = np.random.default_rng(seed)
    flag = pd.array(rng.random(n) < 0.5, dtype="boolean")
    flag[rng.random(n) < 0.2] = pd.NA
    age = pd.array(rng.integers(10, 18, n), dtype="Int8")
    age[rng.random(n) < 0.3] = pd.NA
    note = pd.Series(rng.choice(["alpha", "beta", "", "gamma δ"], n), dtype="string")
    note[rng.random(n) < 0.25] = pd.NA
    return pd.DataFrame(
        {"id": np.arange(n, dtype=np.int64), "flag": flag, "age": age, "note": note}
    )


NULL_PATTERNS = """
    SELECT flag IS NULL AS no_flag, age IS NULL AS no_age, note IS NULL AS no_note,
           COUNT(*) AS n, COUNT(CASE WHEN flag THEN 1 END) AS flagged, SUM(age) AS age_sum,
           COUNT(CASE WHEN note = '' THEN 1 END) AS empty_notes
    FROM big
    GROUP BY flag IS NULL, age IS NULL, note IS NULL
    ORDER BY no_flag, no_age, no_note
"""


def test_loads_200k_rows_with_nulls(sql_engine: Engine) -> None:
    frame = big_frame(200_000)
    sql_engine.load("big", frame, {**SCHEMA, "id": "BIGINT"})
    result = sql_engine.query(NULL_PATTERNS)

    keys = {
        "no_flag": frame["flag"].isna(),
        "no_age": frame["age"].isna(),
        "no_note": frame["note"].isna(),
    }
    work = frame.assign(
        **keys,
        flagged=frame["flag"].fillna(False).astype(int),
        age_sum=frame["age"].astype("Int64"),
        empty_notes=frame["note"].eq("").fillna(False).astype(int),
    )
    expected = (
        work.groupby(list(keys))
        .agg(
            n=("id", "size"),
            flagged=("flagged", "sum"),
            age_sum=("age_sum", "sum"),
            empty_notes=("empty_notes", "sum"),
        )
        .reset_index()
    )
    # SUM over nothing but NULLs is NULL in SQL, 0 in pandas.
    expected["age_sum"] = expected["age_sum"].where(~expected["no_age"], pd.NA)
    expected = expected.astype(
        {"no_flag": "boolean", "no_age": "boolean", "no_note": "boolean", "n": "Int64"}
    ).astype(dict.fromkeys(("flagged", "age_sum", "empty_notes"), "Int64"))
    assert len(expected) == 8
    pd.testing.assert_frame_equal(result, expected)


def test_round_trip_keeps_every_value(sql_engine: Engine) -> None:
    frame = big_frame(5_000, seed=3)
    sql_engine.load("trip", frame, SCHEMA)
    result = sql_engine.query("SELECT id, flag, age, note FROM trip ORDER BY id")
    expected = frame.astype({"id": "Int64", "age": "Int64"})
    pd.testing.assert_frame_equal(result, expected)


def test_load_takes_only_the_schema_columns_and_checks_names(duckdb: Engine) -> None:
    frame = small_frame().assign(extra=1)
    duckdb.load("facts", frame, {"id": "INT", "note": "VARCHAR"})
    assert list(duckdb.query("SELECT * FROM facts").columns) == ["id", "note"]
    with pytest.raises(ValueError, match="identifiers"):
        duckdb.load("Facts; DROP", frame, {"id": "INT"})
    with pytest.raises(ValueError, match="unsupported"):
        duckdb.load("facts", frame, {"id": "JSON"})
    with pytest.raises(KeyError):
        duckdb.load("facts", frame, {"missing": "INT"})


def test_query_gives_nullable_dtypes() -> None:
    import pyarrow as pa

    table = pa.table({"i": pa.array([1, None], pa.int32()), "s": pa.array(["x", None])})
    frame = to_pandas(table)
    assert frame.dtypes.astype(str).tolist() == ["Int64", "string"]
    assert frame["i"].isna().tolist() == [False, True] and frame["s"].isna().tolist() == [
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", "failed"), ("", "skipped"), ("false", "skipped")]
)
def test_a_missing_engine_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, ci: str, outcome: str
) -> None:
    monkeypatch.setenv("CI", ci)
    assert in_ci() == (outcome == "failed")
    expected = pytest.fail.Exception if outcome == "failed" else pytest.skip.Exception
    with pytest.raises(expected, match="make test"):
        unavailable("the PostgreSQL server is not installed")
