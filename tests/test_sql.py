"""The compiled SQL query equals assess_frame row for row, on DuckDB, PostgreSQL and Spark."""

from __future__ import annotations

import functools
import io
from contextlib import redirect_stdout
from typing import Any

import numpy as np
import pandas as pd
import pytest
import sqlglot
from sqlglot import exp

from policy_model import cli
from policy_model.editions import AS_WRITTEN
from policy_model.engine.frame import OUTPUT_COLUMNS, Codes, assess_frame, contradictions
from policy_model.engine.sql import DIALECTS, SQL_OUTPUT_COLUMNS, expression, query, ranged
from policy_model.model.columns import (
    AGE_RANGE_COLUMNS,
    COLUMNS,
    MAX_AGE,
    MIN_AGE,
    Kind,
    range_columns,
)
from policy_model.model.conditions import PICTURED, YOUNGEST
from policy_model.model.derivation import derive
from policy_model.model.guidance import Guidance, Status
from policy_model.model.parameters import Lines

from .helpers import enumerate_facts, read_facts
from .sql_engines import Engine

WHAT_IF = derive(
    AS_WRITTEN,
    id="what-if-13",
    title="What if the young-child line were 13 and adults 19",
    date="2025",
    status=Status.WHAT_IF,
    lines=Lines(adult=19, young_child=13, sexual_acts_under=14),
)
GUIDANCES = {"as-written": AS_WRITTEN, "what-if": WHAT_IF}
RANDOM_ROWS = 120_000


def lines(guidance: Guidance) -> set[int]:
    return set(guidance.typology.age_lines()) | set(guidance.pathway.age_lines())


def sample_ages() -> list[int]:
    """Every age line of either guidance, either side of it, and the extremes."""
    found = {MIN_AGE, MAX_AGE}
    for guidance in GUIDANCES.values():
        for line in lines(guidance):
            found |= {line - 1, line, line + 1}
    return sorted(a for a in found if MIN_AGE <= a <= MAX_AGE)


def read_columns() -> tuple[list[str], list[str]]:
    facts: set[str] = set()
    categories: set[str] = set()
    for guidance in GUIDANCES.values():
        f, c = read_facts(guidance)
        facts |= set(f) | {r.fact for r in guidance.readings}  # a reading's fact too
        categories |= set(c)
    return [n for n in COLUMNS if n in facts], [n for n in COLUMNS if n in categories]


def random_rows(n: int, seed: int) -> pd.DataFrame:
    """Each fact yes, no or not known independently; ages at every line, as a range across
    lines (in the range columns) or not known, each age on its own (two ages at two times);
    facts that would contradict each other made not known."""
    rng = np.random.default_rng(seed)
    facts, categories = read_columns()
    frame: dict[str, Any] = {}
    for name in facts:
        values = rng.integers(0, 3, n)
        frame[name] = pd.array(np.where(values == 2, None, values == 1), dtype="boolean")
    for name in categories:
        allowed = list(COLUMNS[name].values)
        frame[name] = pd.Categorical.from_codes(rng.integers(-1, len(allowed), n), allowed)
    ages = np.array(sample_ages())
    for name, unknown in ((PICTURED, 0.25), (YOUNGEST, 0.35)):
        exact = ages[rng.integers(0, len(ages), n)]
        draw = rng.random(n)
        ranged = draw < 0.2
        frame[name] = pd.arrays.IntegerArray(exact.astype(np.int8), draw < unknown)
        low, high = np.sort(ages[rng.integers(0, len(ages), (2, n))], axis=0)
        for bound, values in zip(range_columns(name), (low, high), strict=True):
            frame[bound] = pd.arrays.IntegerArray(values.astype(np.int8), ~ranged)
    df = pd.DataFrame(frame)
    for _, rows in contradictions(Codes(df), AS_WRITTEN.constraints):
        df.loc[rows, "adult_involved"] = pd.NA
    return df


def nothing_known(n: int) -> pd.DataFrame:
    facts, categories = read_columns()
    frame: dict[str, Any] = {name: pd.array([None] * n, dtype="boolean") for name in facts}
    for name in categories:
        frame[name] = pd.Categorical([None] * n, categories=list(COLUMNS[name].values))
    for name in (PICTURED, YOUNGEST, *AGE_RANGE_COLUMNS):
        frame[name] = pd.array([None] * n, dtype="Int8")
    return pd.DataFrame(frame)


@functools.cache
def sample() -> pd.DataFrame:
    """Random unknown patterns, rows with nothing known, and every complete combination of
    the facts the rules read at each age line (``enumerate_facts``)."""
    facts, categories = read_columns()
    exhaustive = enumerate_facts()[[*facts, *categories, PICTURED, YOUNGEST]]
    parts = [random_rows(RANDOM_ROWS, seed=12), nothing_known(8), exhaustive]
    frame = pd.concat(parts, ignore_index=True)
    for name in AGE_RANGE_COLUMNS:
        frame[name] = frame[name].astype("Int8")
    for name in categories:
        frame[name] = pd.Categorical(frame[name], categories=list(COLUMNS[name].values))
    frame.insert(0, "incident_id", [f"S{i:07d}" for i in range(len(frame))])
    return frame


def schema(frame: pd.DataFrame) -> dict[str, str]:
    kinds = {Kind.FACT: "BOOLEAN", Kind.AGE: "INTEGER", Kind.CATEGORY: "TEXT", Kind.ID: "TEXT"}
    return {
        name: "INTEGER" if name in AGE_RANGE_COLUMNS else kinds[COLUMNS[name].kind]
        for name in frame.columns
    }


def as_strings(series: pd.Series[Any]) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in series.astype(object)]


def assert_same(result: pd.DataFrame, expected: pd.DataFrame, frame: pd.DataFrame) -> None:
    assert len(result) == len(expected)
    assert as_strings(result["incident_id"]) == as_strings(expected["incident_id"])
    for column in SQL_OUTPUT_COLUMNS:
        got, want = as_strings(result[column]), as_strings(expected[column])
        if got != want:
            rows = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
            shown = frame.iloc[rows[:3]].to_dict("records")
            pytest.fail(
                f"{column}: {len(rows)} rows differ, e.g. SQL {got[rows[0]]!r} vs frame "
                f"{want[rows[0]]!r} for {shown}"
            )


def ordered(select: exp.Select, dialect: str) -> str:
    return select.order_by("incident_id").sql(dialect=dialect)


def test_sample_covers_the_lines_and_the_unknowns() -> None:
    frame = sample()
    assert len(frame) >= 100_000
    for guidance in GUIDANCES.values():
        for line in lines(guidance):
            for age in (line - 1, line, line + 1):
                assert (frame[PICTURED] == age).any() and (frame[YOUNGEST] == age).any()
    assert frame[PICTURED].isna().any() and frame[YOUNGEST].isna().any()
    facts, categories = read_columns()
    assert frame[[*facts, *categories, PICTURED, YOUNGEST]].isna().all(axis=1).any()
    # each fact independently not known, yes and no
    random = frame.iloc[:RANDOM_ROWS]
    for name in facts:
        assert set(as_strings(random[name])) == {"True", "False", None}
    assert (frame[YOUNGEST] > frame[PICTURED]).sum() > 0  # two ages at two times
    for name in AGE_RANGE_COLUMNS:  # ranges, and ranges across every line
        assert frame[name].notna().any()
    low, high = range_columns(PICTURED)
    for line in lines(AS_WRITTEN):
        assert ((frame[low] < line) & (frame[high] >= line)).any()


def given(youngest: bool, ranges: bool) -> list[str]:
    """The sample's columns a variant keeps: without the youngest involved (and its range
    columns), or without any range columns."""
    dropped = set() if ranges else set(AGE_RANGE_COLUMNS)
    if not youngest:
        dropped |= {YOUNGEST, *range_columns(YOUNGEST)}
    return [c for c in sample().columns if c not in dropped]


@functools.cache
def expected(guidance_name: str, youngest: bool, ranges: bool) -> pd.DataFrame:
    frame = sample()[given(youngest, ranges)]
    return assess_frame(frame, guidance=GUIDANCES[guidance_name])


VARIANTS = [(g, y, r) for g in GUIDANCES for y in (True, False) for r in (True, False)]
SPARK_VARIANTS = [("as-written", True, True), ("what-if", False, False)]
"""Spark compiles each distinct query for about ten seconds: it runs two of the eight."""


def test_the_query_equals_assess_frame(sql_engine: Engine) -> None:
    """Over the whole sample: both guidances, with and without the youngest column, with
    and without the ages' range columns (BETWEEN-style comparisons)."""
    frame = sample()
    sql_engine.load("incidents", frame, schema(frame))
    for name, youngest, ranges in SPARK_VARIANTS if sql_engine.name == "spark" else VARIANTS:
        select = expression(
            GUIDANCES[name],
            dialect=sql_engine.dialect,
            youngest_column=youngest,
            age_ranges=ranged(given(youngest, ranges)),
            columns=["incident_id"],
        )
        result = sql_engine.query(ordered(select, sql_engine.dialect))
        assert_same(result, expected(name, youngest, ranges), frame)


def test_star_keeps_the_columns_and_adds_the_outputs_in_order(duckdb: Engine) -> None:
    frame = sample().iloc[:500]
    duckdb.load("incidents", frame, schema(frame))
    result = duckdb.query(ordered(expression(), "duckdb"))
    assert list(result.columns) == [*frame.columns, *SQL_OUTPUT_COLUMNS]
    assert as_strings(result[PICTURED]) == as_strings(frame[PICTURED])
    assert result["guidance_version"].unique().tolist() == [str(AS_WRITTEN)]
    expected = assess_frame(frame[given(True, False)])
    assert_same(result, expected, frame)
    assert set(result["ask_next"].dropna()) <= set(COLUMNS)


def test_output_columns_are_the_frames_less_reasons() -> None:
    assert tuple(c for c in OUTPUT_COLUMNS if c != "reasons") == SQL_OUTPUT_COLUMNS


def test_columns_may_not_repeat_an_output() -> None:
    with pytest.raises(ValueError, match="outputs"):
        expression(columns=["incident_id", "subtype"])


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("youngest", [True, False], ids=["youngest", "no youngest column"])
@pytest.mark.parametrize("guidance", GUIDANCES.values(), ids=GUIDANCES.keys())
def test_query_parses_back_in_every_dialect(
    dialect: str, youngest: bool, guidance: Guidance
) -> None:
    sql = query(guidance, dialect=dialect, youngest_column=youngest, table="db.incidents")
    parsed = sqlglot.parse_one(sql, read=dialect)
    assert isinstance(parsed, exp.Select)
    names = [s.alias_or_name for s in parsed.expressions]
    assert names == ["*", *SQL_OUTPUT_COLUMNS]
    assert parsed.args["from_"].this.sql() == "db.incidents"
    assert (YOUNGEST in _columns(parsed)) is youngest


def _columns(parsed: exp.Expr) -> set[str]:
    return {c.name for c in parsed.find_all(exp.Column)}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_query_with_range_columns_parses_back(dialect: str) -> None:
    sql = query(dialect=dialect, age_ranges=(PICTURED, YOUNGEST))
    parsed = sqlglot.parse_one(sql, read=dialect)
    assert set(AGE_RANGE_COLUMNS) <= _columns(parsed)
    assert not set(AGE_RANGE_COLUMNS) & _columns(sqlglot.parse_one(query(dialect=dialect)))


def test_tsql_reads_bit_facts_and_never_tests_a_predicate_for_null() -> None:
    sql = query(dialect="tsql")
    assert "adult_involved <> 0" in sql
    assert " IS TRUE" not in sql and " IS FALSE" not in sql
    parsed = sqlglot.parse_one(sql, read="tsql")
    for found in parsed.find_all(exp.Is):
        assert isinstance(found.this, exp.Column | exp.Case | exp.Null), found.sql("tsql")
    assert not list(parsed.find_all(exp.Boolean))


def test_nothing_is_hard_coded_about_the_lines() -> None:
    assert "<= 17" in query() and ">= 18" in query()
    assert "<= 18" in query(WHAT_IF) and ">= 19" in query(WHAT_IF)
    assert ">= 18" not in query(WHAT_IF)


def run(*argv: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(list(argv)) == 0
    return out.getvalue()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_cli_prints_the_query(dialect: str) -> None:
    printed = run("sql", "--dialect", dialect, "--table", "exports.incidents")
    assert printed.strip() == query(dialect=dialect, table="exports.incidents")


def test_cli_without_the_youngest_column() -> None:
    printed = run("sql", "--dialect", "postgres", "--no-youngest-column")
    assert printed.strip() == query(dialect="postgres", youngest_column=False)
    assert YOUNGEST not in _columns(sqlglot.parse_one(printed, read="postgres"))


def test_cli_with_range_columns() -> None:
    printed = run("sql", "--age-range", PICTURED)
    assert printed.strip() == query(age_ranges=(PICTURED,))
    assert "age_pictured_min" in printed and "age_youngest_involved_min" not in printed


def test_cli_refuses_an_unknown_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["sql", "--dialect", "cobol"])
    assert stopped.value.code == 2
    assert "cobol" in capsys.readouterr().err


def test_cli_refuses_a_bad_table_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sql", "--table", "incidents; DROP TABLE x"]) == 2
    assert "table" in capsys.readouterr().err


def test_the_cli_copy_of_the_dialects_agrees() -> None:
    from policy_model.cli import sql as cli_sql

    assert cli_sql.DIALECTS == DIALECTS
