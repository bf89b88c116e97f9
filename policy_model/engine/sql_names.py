"""Names and literals in the generated SQL, quoted and escaped as every checked dialect needs."""

from __future__ import annotations

from typing import Final

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.postgres import Postgres

__all__ = ["DIALECTS"]

DIALECTS: Final = ("duckdb", "postgres", "spark", "tsql", "bigquery", "snowflake")
"""The dialects the query is checked in (it parses back in each; the first three run in tests)."""


def _string(text: str) -> exp.Literal:
    return exp.Literal.string(text)


def _text(text: str, dialect: str) -> exp.Expr:
    """A literal built from free text (a what-if's title): safe under any setting. PostgreSQL
    reads a backslash in '...' as an escape when ``standard_conforming_strings`` is off, and
    sqlglot writes it bare, so there each backslash is ``CHR(92)`` and the literals hold none.
    """
    if "\\" not in text or not isinstance(Dialect.get_or_raise(dialect), Postgres):
        return _string(text)
    parts: list[exp.Expr] = []
    for i, piece in enumerate(text.split("\\")):
        if i:
            parts.append(exp.Chr(expressions=[_number(92)]))
        if piece:
            parts.append(_string(piece))
    return exp.Concat(expressions=parts, safe=True) if len(parts) > 1 else parts[0]


def _reserved() -> frozenset[str]:
    """Every word some checked dialect reads as a keyword (upper case), and so must quote."""
    words: set[str] = set()
    for name in DIALECTS:
        dialect = Dialect.get_or_raise(name)
        words |= {k for k in dialect.tokenizer_class.KEYWORDS if k.isidentifier()}
        words |= {k.upper() for k in getattr(dialect.generator_class, "RESERVED_KEYWORDS", ())}
    return frozenset(words)


_RESERVED: Final = _reserved()


def _identifier(name: str) -> exp.Identifier:
    """``name`` as an identifier, quoted where a dialect would read it as a keyword (a table
    named ``order``); left bare otherwise, so that engines that fold case (Snowflake) find
    tables made without quotes."""
    return exp.to_identifier(name, quoted=name.upper() in _RESERVED or not name.isidentifier())


def _column(name: str) -> exp.Column:
    return exp.Column(this=_identifier(name))


def _table(name: str) -> exp.Table:
    """``catalog.schema.table`` (each part optional but the table), each part quoted as need be."""
    parts = name.split(".")
    table = exp.Table(this=_identifier(parts[-1]))
    if len(parts) > 1:
        table.set("db", _identifier(parts[-2]))
    if len(parts) > 2:
        table.set("catalog", _identifier(parts[-3]))
    return table


def _number(value: int) -> exp.Expr:
    return exp.Literal.number(value)
