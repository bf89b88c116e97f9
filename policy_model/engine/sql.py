"""The decision graphs as one SQL query, built with sqlglot: the model where the data lives.

``query(guidance, dialect=...)`` is one ``SELECT`` over a table of incidents that adds the
columns ``assess_frame`` adds (all but ``reasons``), with the same values row for row,
unknowns included. A fact not known is NULL: facts are BOOLEAN (BIT in T-SQL), ages INTEGER,
categories text. It is compiled from the same decision graphs as ``engine/frame.py``, with
sqlglot's expression API only (no SQL text is formatted here), so every ``Guidance`` compiles:

- the outcomes still possible: an outcome is possible when one of its terms
  (``DecisionGraph.outcome_terms``, each taken with the edition's constraints) may hold:
  every constraint is met by the known value or the value is NULL, and an age known as a
  range (its ``_min`` and ``_max`` columns) reaches into the term's range, BETWEEN-style.
  The two ages are of two times: neither bounds the other. Plain three-valued logic
  (``IS NOT FALSE``) would over-approximate where a fact appears in two conditions;
- ``possible_subtypes`` and ``possible_pathways`` are those outcomes ``|``-joined in the fixed
  order; category, subtype and pathway are read off them, the precautionary pathway is the
  most urgent one possible;
- ``ask_next`` is the first not-known fact of the question where the walk stops (SQL's own
  three-valued AND / OR / NOT are Kleene's): the pathway's while the pathway is undetermined,
  else the typology's while the subtype is undetermined.

Exact for rows the loader accepts (ages 0 to 99, ranges the right way round, no facts that
contradict each other); ``tests/test_sql.py`` proves it on DuckDB, PostgreSQL and Spark.

>>> sql = query(dialect="postgres")
>>> sql.startswith("SELECT *, CASE SUBSTRING(")
True
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Final

from sqlglot import exp

from ..editions import AS_WRITTEN
from ..model import conditions as c
from ..model.columns import OUTPUT_COLUMNS, range_columns
from ..model.graph import DecisionGraph, Outcome, Question, Step
from ..model.guidance import Guidance
from ..model.vocab import Category, Pathway, Subtype
from .assess import ASSUMED_YOUNGEST, UNDETERMINED
from .sql_names import DIALECTS, _column, _identifier, _number, _string, _table, _text
from .sql_possible import Predicates, _Predicate

__all__ = ["DIALECTS", "SQL_OUTPUT_COLUMNS", "expression", "query", "ranged"]

SQL_OUTPUT_COLUMNS: Final = tuple(c for c in OUTPUT_COLUMNS if c != "reasons")
"""``frame.OUTPUT_COLUMNS`` less ``reasons``, in the same order."""

_TABLE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")
"""A table name, optionally qualified by schema and catalog: plain identifiers only."""


class _Compiler(Predicates):
    """One guidance's graphs compiled for one dialect, for a table with or without the youngest
    column (without it, the youngest involved is not known) and with range columns for some
    ages (``columns.range_columns``)."""

    # ---- the walk as far as the facts go ----------------------------------------------------

    def is_open(self, question: Question, name: str) -> exp.Expr:
        """Where ``question`` leaves ``name`` open (``walk._open``): NULL, or an age range
        that straddles one of the question's lines for it."""
        if name not in self.ranged:
            return self.not_known(name)
        atoms = [self.age(a) for a in c.age_atoms(question.when, name)]
        return exp.or_(*(self.unknown(a) for a in atoms), copy=False)

    def ask(self, graph: DecisionGraph, question: Question) -> exp.Expr:
        """The first fact ``question`` leaves open (``FrameWalk``'s ``ask``)."""
        reads = list(question.reads)
        if len(reads) == 1:  # the question is open only when this one is
            return _string(reads[0])
        case = exp.case()
        for fact in reads:
            case = case.when(self.is_open(question, fact), _string(fact), copy=False)
        return case

    def walk(self, graph: DecisionGraph) -> exp.Expr:
        """The fact to ask where the three-valued walk stops; NULL where it reaches an outcome.

        A chain of questions with one answer ending the walk becomes one flat CASE (T-SQL
        nests CASE at most 10 deep); a question with two onward answers nests."""

        def follow(node_id: str) -> Outcome | Question:
            node = graph[node_id]
            while isinstance(node, Step):
                node = graph[node.next]
            return node

        def branches(
            node_id: str,
        ) -> tuple[list[tuple[exp.Expr, exp.Expr]], exp.Expr]:
            node = follow(node_id)
            if isinstance(node, Outcome):
                return [], exp.Null()
            when, plain = self.settled(node.when)
            ask = self.ask(graph, node)
            yes, no = follow(node.yes), follow(node.no)
            reads = node.reads
            # Kleene: a condition on one column is unknown exactly where that column is NULL
            unknown = (
                self.not_known(reads[0])
                if plain and len(reads) == 1 and reads[0] not in self.ranged
                else self.unknown(when)
            )
            stop = (unknown, ask)
            if isinstance(yes, Outcome) and isinstance(no, Outcome):
                return [stop], exp.Null()
            if isinstance(yes, Outcome) or isinstance(no, Outcome):
                ends = (
                    when.copy() if isinstance(yes, Outcome) else exp.not_(when.copy(), copy=False)
                )
                rest, otherwise = branches((no if isinstance(yes, Outcome) else yes).id)
                return [(ends, exp.Null()), stop, *rest], otherwise
            return [], (
                exp.case()
                .when(when.copy(), flat(yes.id), copy=False)
                .when(exp.not_(when.copy(), copy=False), flat(no.id), copy=False)
                .else_(ask, copy=False)
            )

        def flat(node_id: str) -> exp.Expr:
            found, otherwise = branches(node_id)
            if not found:
                return otherwise
            case = exp.case()
            for condition, value in found:
                case = case.when(condition, value, copy=False)
            return case if isinstance(otherwise, exp.Null) else case.else_(otherwise, copy=False)

        return flat(graph.start)

    # ---- the query ------------------------------------------------------------------------

    def select(self, table: str, dialect: str, columns: Sequence[str] | None) -> exp.Select:
        guidance = self.guidance
        subtypes = [s.value for s in Subtype]
        pathways = [p.value for p in Pathway]
        sub_possible = self.possible(guidance.typology, subtypes)
        path_possible = self.possible(guidance.pathway, pathways)
        possible_subtypes = _joined(sub_possible)
        possible_pathways = _joined(path_possible)
        can = [s for s in subtypes if sub_possible[s] is not False]
        can_path = [p for p in pathways if path_possible[p] is not False]

        by_category = {
            category.value: [s for s in can if guidance.category(s) == category]
            for category in Category
        }
        category = exp.Case(this=possible_subtypes.copy())
        for name, members in by_category.items():
            for subset in _subsets(members):
                category = category.when(_string("|".join(subset)), _string(name), copy=False)

        def single(joined: exp.Expr, order: Sequence[str]) -> exp.Expr:
            case = exp.Case(this=joined.copy())
            for outcome in order:
                case = case.when(_string(outcome), _string(outcome), copy=False)
            return case.else_(_string(UNDETERMINED), copy=False)

        # the most urgent possible; frame's first(0), for no pathway at all, is the last
        ifs: list[tuple[exp.Expr, str]] = []
        least = pathways[-1]
        for pathway, held in path_possible.items():
            if held is True:
                least = pathway
                break
            if held is not False:
                ifs.append((held, pathway))
        precautionary: exp.Expr = _string(least)
        if ifs:
            case = exp.case()
            for held, pathway in ifs:
                case = case.when(held.copy(), _string(pathway), copy=False)
            precautionary = case.else_(precautionary, copy=False)

        def open_(joined: exp.Expr, order: Sequence[str]) -> exp.Expr:
            closed = [_string(""), *(_string(o) for o in order)]
            return exp.not_(joined.copy().isin(*closed, copy=False), copy=False)

        ask_next = exp.Coalesce(
            this=exp.case().when(
                open_(possible_pathways, can_path), self.walk(guidance.pathway), copy=False
            ),
            expressions=[
                exp.case().when(
                    open_(possible_subtypes, can), self.walk(guidance.typology), copy=False
                )
            ],
        )

        outputs = {
            "category": category.else_(_string(UNDETERMINED), copy=False),
            "subtype": single(possible_subtypes, can),
            "pathway": single(possible_pathways, can_path),
            "possible_subtypes": possible_subtypes,
            "possible_pathways": possible_pathways,
            "precautionary_pathway": precautionary,
            "ask_next": ask_next,
            "guidance_version": _text(self.version, dialect),
        }
        assert tuple(outputs) == SQL_OUTPUT_COLUMNS
        if columns is None:
            projection: list[exp.Expr] = [exp.Star()]
        else:
            if clash := [n for n in columns if n in SQL_OUTPUT_COLUMNS]:
                raise ValueError(f"columns {clash} are the query's outputs: leave them out")
            projection = [_column(n) for n in columns]
        projection += [
            exp.Alias(this=value, alias=_identifier(name)) for name, value in outputs.items()
        ]
        return exp.select(*projection, copy=False).from_(_table(table), copy=False)


def _joined(possible: dict[str, _Predicate]) -> exp.Expr:
    """The possible outcomes ``|``-joined in order: each adds ``|name`` or ``''``, and the
    leading ``|`` is cut off."""
    pieces: list[exp.Expr] = []
    for outcome, held in possible.items():
        if held is True:
            pieces.append(_string("|" + outcome))
        elif held is not False:
            pieces.append(
                exp.case()
                .when(held, _string("|" + outcome), copy=False)
                .else_(_string(""), copy=False)
            )
    if not pieces:
        return _string("")
    longest = sum(len(o) + 1 for o in possible)
    joined = pieces[0] if len(pieces) == 1 else exp.Concat(expressions=pieces, safe=True)
    return exp.Substring(this=joined, start=_number(2), length=_number(longest))


def _subsets(members: Sequence[str]) -> list[tuple[str, ...]]:
    """Every non-empty subset of ``members``, each in ``members``' order."""
    return [
        subset
        for size in range(1, len(members) + 1)
        for subset in itertools.combinations(members, size)
    ]


def expression(
    guidance: Guidance = AS_WRITTEN,
    *,
    table: str = "incidents",
    dialect: str = "duckdb",
    youngest_column: bool = True,
    age_ranges: Sequence[str] = (),
    columns: Sequence[str] | None = None,
    absent: Sequence[str] = (),
    youngest_assumed: bool = False,
) -> exp.Select:
    """The query as a sqlglot expression: ``table``'s columns (``*``, or ``columns``) and
    ``SQL_OUTPUT_COLUMNS``, as ``assess_frame`` gives them.

    ``youngest_column=False``: the table has no ``age_youngest_involved`` (or it is ignored),
    so the youngest involved is not known, as when the column is absent from a dataset.
    ``age_ranges``: the ages whose range columns the table has (``ranged``), read as partial
    knowledge. ``absent``: columns the table lacks that only a reading reads (``financial_extortion`` in
    a table written before it): the reading is left out, as ``assess`` leaves it out.
    ``youngest_assumed``: a mapping assumed the youngest involved the same as the
    age pictured, and ``guidance_version`` says so (``frame.version_of``). ``dialect``
    matters only for T-SQL, which cannot test a predicate for NULL.
    """
    if not _TABLE.fullmatch(table):
        raise ValueError(f"not a table name: {table!r} (letters, digits, _ and up to two dots)")
    compiler = _Compiler(guidance, dialect, youngest_column, age_ranges, absent)
    if youngest_assumed:
        compiler.version = f"{guidance}; {ASSUMED_YOUNGEST}"
    return compiler.select(table, dialect, columns)


def ranged(columns: Sequence[str]) -> tuple[str, ...]:
    """The ages whose range columns (both) are among ``columns``."""
    return tuple(a for a in (c.PICTURED, c.YOUNGEST) if set(range_columns(a)) <= set(columns))


def query(
    guidance: Guidance = AS_WRITTEN,
    *,
    table: str = "incidents",
    dialect: str = "duckdb",
    youngest_column: bool = True,
    age_ranges: Sequence[str] = (),
    columns: Sequence[str] | None = None,
    absent: Sequence[str] = (),
) -> str:
    """The query as SQL text in ``dialect`` (any sqlglot dialect; ``DIALECTS`` are checked)."""
    found = expression(
        guidance,
        table=table,
        dialect=dialect,
        youngest_column=youngest_column,
        age_ranges=age_ranges,
        columns=columns,
        absent=absent,
    )
    return found.sql(dialect=dialect)
