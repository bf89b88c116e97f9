"""The ``sql`` command: the graphs as one SQL query, for the engine where the data lives.

It imports sqlglot and the model only when it runs.
"""

from __future__ import annotations

import argparse
from typing import Final

from .common import Failure, SubParsers, add_edition, edition

__all__ = ["DIALECTS", "add_commands"]

PICTURED: Final = "age_pictured"
YOUNGEST: Final = "age_youngest_involved"

DIALECTS: Final = ("duckdb", "postgres", "spark", "tsql", "bigquery", "snowflake")
"""``engine.sql.DIALECTS`` (a copy, so that building the parser does not import sqlglot)."""


def _sql(args: argparse.Namespace) -> None:
    from ..engine.sql import query

    guidance = edition(args.edition)
    try:
        text = query(
            guidance,
            table=args.table,
            dialect=args.dialect,
            youngest_column=args.youngest_column,
            absent=args.absent,
            age_ranges=args.age_ranges,
        )
    except ValueError as error:
        raise Failure(f"--table: {error}") from None
    print(text)


def add_commands(sub: SubParsers) -> None:
    """Add ``sql``."""
    p = sub.add_parser(
        "sql",
        help="print one SQL query that classifies a table of incidents where it lives",
        description="Print one SELECT that adds category, subtype, pathway, possible_subtypes, "
        "possible_pathways, precautionary_pathway, ask_next and guidance_version to every row "
        "of a table, exactly as classify does (not the reasons). Facts not known are NULL.",
    )
    p.add_argument("--dialect", choices=DIALECTS, default="duckdb", help="default: duckdb")
    p.add_argument("--table", default="incidents", help="the table to read (default: incidents)")
    p.add_argument(
        "--no-youngest-column",
        dest="youngest_column",
        action="store_false",
        help="the table has no age_youngest_involved: the youngest involved is not known",
    )
    p.add_argument(
        "--age-range",
        dest="age_ranges",
        action="append",
        default=[],
        choices=(PICTURED, YOUNGEST),
        help="the table holds this age as a range too, in AGE_min and AGE_max (a school year "
        "group): read as partial knowledge; repeat for both ages",
    )
    p.add_argument(
        "--absent",
        metavar="COLUMN",
        action="append",
        default=[],
        help="a column the table lacks that the edition reads only through another's question "
        "(financial_extortion, read as coercion by the guidance as written); repeatable",
    )
    add_edition(p)
    p.set_defaults(handler=_sql)
