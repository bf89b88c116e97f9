"""SQL identifiers quoted where a dialect would read a keyword, and strings from a what-if safe
under any PostgreSQL setting (issue 17, item 12)."""

from __future__ import annotations

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from policy_model.editions import load_whatif_text
from policy_model.engine.sql import DIALECTS, expression, query
from policy_model.model.columns import COLUMNS, Kind

from .sql_engines import PostgresEngine

HOSTILE_TITLE = "Tab\\'; DROP TABLE incidents; -- a \\ backslash and a 'quote'"
WHATIF = (
    "id: whatif-quoting\n"
    f'title: "{HOSTILE_TITLE.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"\n'
    "rationale: R\n"
)


_TYPES = {Kind.FACT: "BOOLEAN", Kind.AGE: "INTEGER"}
CREATE = 'CREATE TABLE "order" ({})'.format(
    ", ".join(f"{name} {_TYPES.get(column.kind, 'TEXT')}" for name, column in COLUMNS.items())
)
INSERT = "INSERT INTO \"order\" (incident_id, age_pictured, sharing) VALUES ('A1', 15, 'peers')"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("table", ["order", "select", "user", "my_schema.order", "group.table"])
def test_a_table_named_as_a_keyword_gives_valid_sql(dialect: str, table: str) -> None:
    found = expression(table=table, dialect=dialect).find(exp.From)
    assert found is not None
    from_ = found
    sql = f"SELECT 1 {from_.sql(dialect=dialect)}"  # the whole query: parsed in test_sql.py
    parsed = sqlglot.parse_one(sql, read=dialect)
    found = parsed.find(exp.Table)
    assert found is not None
    assert ".".join(p.name for p in found.parts) == table


def test_a_keyword_table_runs_on_duckdb() -> None:
    connection = duckdb.connect()
    connection.execute(CREATE)
    connection.execute(INSERT)
    rows = connection.execute(query(table="order", dialect="duckdb")).fetchall()
    assert [row[0] for row in rows] == ["A1"]


def test_a_whatif_title_leaves_no_backslash_in_postgres_literals() -> None:
    guidance = load_whatif_text(WHATIF, "w.yaml")
    assert guidance.title == HOSTILE_TITLE
    sql = query(guidance, dialect="postgres")
    assert "\\" not in sql
    for dialect in DIALECTS:
        sqlglot.parse_one(query(guidance, dialect=dialect), read=dialect)


@pytest.mark.sql_engine
@pytest.mark.parametrize("conforming", ["on", "off"])
def test_a_whatif_title_is_read_back_exactly_on_postgres(
    postgres: PostgresEngine, conforming: str
) -> None:
    guidance = load_whatif_text(WHATIF, "w.yaml")
    with postgres.connect() as connection, connection.cursor() as cursor:
        cursor.execute(f"SET standard_conforming_strings = {conforming}")
        cursor.execute("SET escape_string_warning = off")
        cursor.execute('DROP TABLE IF EXISTS "order"')
        cursor.execute(CREATE)
        cursor.execute(INSERT)
        sql = query(guidance, table="order", dialect="postgres")
        cursor.execute(f"SELECT incident_id, guidance_version FROM ({sql}) q")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert rows[0][0] == "A1"
    version = rows[0][1]
    assert version == str(guidance)
    assert HOSTILE_TITLE in version
