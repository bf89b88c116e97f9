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
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.tsql import TSQL

from ..model import conditions as c
from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, OUTPUT_COLUMNS, Kind, range_columns
from ..model.constraints import settling_terms
from ..model.graph import DecisionGraph, Outcome, Question, Step
from ..model.guidance import AS_WRITTEN, Guidance
from ..model.vocab import Category, Pathway, Subtype
from .assess import ASSUMED_YOUNGEST, UNDETERMINED

__all__ = ["DIALECTS", "SQL_OUTPUT_COLUMNS", "expression", "query", "ranged"]

DIALECTS: Final = ("duckdb", "postgres", "spark", "tsql", "bigquery", "snowflake")
"""The dialects the query is checked in (it parses back in each; the first three run in tests)."""

SQL_OUTPUT_COLUMNS: Final = tuple(c for c in OUTPUT_COLUMNS if c != "reasons")
"""``frame.OUTPUT_COLUMNS`` less ``reasons``, in the same order."""

_TABLE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")
"""A table name, optionally qualified by schema and catalog: plain identifiers only."""

# A predicate that always or never holds is kept out of the SQL.
_Predicate = exp.Expr | bool


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


class _Compiler:
    """One guidance's graphs compiled for one dialect, for a table with or without the youngest
    column (without it, the youngest involved is not known) and with range columns for some
    ages (``columns.range_columns``)."""

    def __init__(
        self,
        guidance: Guidance,
        dialect: str,
        youngest_column: bool,
        age_ranges: Sequence[str] = (),
        absent: Sequence[str] = (),
    ) -> None:
        self.guidance = guidance
        self.tsql = isinstance(Dialect.get_or_raise(dialect), TSQL)
        self.youngest_column = youngest_column
        self.ranged = frozenset(age_ranges)
        self.version = str(guidance)
        """What ``guidance_version`` says (``frame.version_of``)."""
        self.reads: dict[str, list[str]] = {}
        """For a fact some reading answers (``model.readings``), the facts read as it."""
        for reading in guidance.readings:
            if reading.fact not in absent:
                self.reads.setdefault(reading.reads_as, []).append(reading.fact)

    # ---- columns and three-valued conditions ------------------------------------------------

    def column(self, name: str) -> exp.Expr:
        """A column; the youngest involved NULL (not known) when the table has no column."""
        if name == c.YOUNGEST and not self.youngest_column:
            return exp.Null()
        return _column(name)

    def value(self, name: str) -> exp.Expr:
        """A column as the edition reads it: a fact some reading answers is yes wherever the
        reading's fact is (``coercion OR financial_extortion IS TRUE``), three-valued."""
        if name not in self.reads:
            return self.column(name)
        found = [exp.Is(this=_column(fact), expression=exp.true()) for fact in self.reads[name]]
        return exp.paren(exp.or_(self.column(name), *found, copy=False), copy=False)

    def not_known(self, name: str) -> exp.Expr:
        """Where ``value(name)`` is NULL, without testing a predicate for NULL (T-SQL)."""
        null = exp.Is(this=self.column(name), expression=exp.Null())
        if name not in self.reads:
            return null
        found = [
            exp.or_(
                exp.Is(this=_column(fact), expression=exp.Null()),
                exp.not_(_column(fact), copy=False),
                copy=False,
            )
            for fact in self.reads[name]
        ]
        return exp.and_(null, *found, copy=False)

    def bound(self, name: str, highest: bool) -> exp.Expr:
        """The lowest (or highest) possible age: the age, else its range column, else 0 (99)."""
        low_name, high_name = range_columns(name)
        edge = _column(high_name if highest else low_name)
        return exp.Coalesce(
            this=self.column(name), expressions=[edge, _number(MAX_AGE if highest else MIN_AGE)]
        )

    def kleene(self, condition: c.Condition) -> exp.Expr:
        """``condition`` in SQL's three-valued logic: NULL where the known facts do not settle it."""
        match condition:
            case c.Fact(name):
                return self.value(name)
            case c.Is(name, values):
                if len(values) == 1:
                    return exp.EQ(this=self.column(name), expression=_string(values[0]))
                return self.column(name).isin(*(_string(v) for v in values), copy=False)
            case c.AgeAtLeast() | c.AgeAtMost():
                return self.age(condition)
            case c.Not(operand):
                return exp.not_(self.kleene(operand), copy=False)
            case c.AnyOf(operands):
                return exp.or_(*(self.kleene(o) for o in operands), copy=False)
            case c.AllOf(operands):
                return exp.and_(*(self.kleene(o) for o in operands), copy=False)
        raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover

    def age(self, condition: c.AgeAtLeast | c.AgeAtMost) -> exp.Expr:
        """An age comparison. The two ages are of two times: neither bounds the other. An age
        known as a range settles it where the whole range lies on one side of the line:
        ``low >= y OR (high >= y AND age >= y)`` is true, false, or (the age NULL) NULL."""
        at_least = isinstance(condition, c.AgeAtLeast)
        compare = exp.GTE if at_least else exp.LTE
        years = _number(condition.years)
        own = compare(this=self.column(condition.of), expression=years)
        if condition.of not in self.ranged:
            return own
        # at least: sure when the lowest age is, possible when the highest is; at most: the
        # other way round
        sure_bound = self.bound(condition.of, highest=not at_least)
        maybe_bound = self.bound(condition.of, highest=at_least)
        sure = compare(this=sure_bound, expression=years.copy())
        maybe = compare(this=maybe_bound, expression=years.copy())
        return exp.or_(sure, exp.and_(maybe, own, copy=False), copy=False)

    def settled(self, condition: c.Condition) -> tuple[exp.Expr, bool]:
        """``condition`` three-valued, where an open answer is settled when a consistent
        incident can answer only one way (``constraints.settled``): with ``Y`` "some
        consistent completion meets it" and ``N`` "some fails it" (both two-valued),
        ``(W OR NOT N) AND Y``. The flag: plain Kleene (no constraint reads its facts)."""
        when = self.kleene(condition)
        rules = self.guidance.consistent
        split = settling_terms(condition, rules) if rules is not None else None
        if split is None:
            return when, True
        yes, no = (self.any_holds(t) for t in split)
        if no is not True:
            cannot_fail = True if no is False else exp.not_(no, copy=False)
            when = when if cannot_fail is True else exp.or_(when, cannot_fail, copy=False)
        if yes is not True:
            when = exp.and_(when, yes, copy=False) if yes is not False else exp.false()
        return when, False

    def any_holds(self, terms: list[c.Term]) -> _Predicate:
        """Where some term may hold (``may_hold``), two-valued."""
        held = [self.may_hold(t) for t in terms]
        if True in held:
            return True
        found = [h for h in held if isinstance(h, exp.Expr)]
        return exp.or_(*found, copy=False) if found else False

    def unknown(self, predicate: exp.Expr) -> exp.Expr:
        """Where ``predicate`` is neither true nor false (T-SQL cannot test a predicate for NULL)."""
        if self.tsql:
            predicate = (
                exp.case()
                .when(predicate.copy(), _number(1), copy=False)
                .when(exp.not_(predicate.copy(), copy=False), _number(0), copy=False)
            )
        else:
            predicate = exp.paren(predicate.copy())
        return exp.Is(this=predicate, expression=exp.Null())

    # ---- what is possible ---------------------------------------------------------------

    def terms(self, graph: DecisionGraph) -> dict[str, list[c.Term]]:
        """``graph.outcome_terms``, each taken with the edition's constraints."""
        return graph.outcome_terms(self.guidance.consistent)

    def within(self, name: str, lo: int, hi: int) -> exp.Expr | None:
        """Some possible age ``name`` lies in ``lo..hi`` (None: every row's does)."""
        if name == c.YOUNGEST and not self.youngest_column and name not in self.ranged:
            return None
        bounds: list[exp.Expr] = []
        if name in self.ranged:
            if lo > MIN_AGE:
                bounds.append(exp.GTE(this=self.bound(name, True), expression=_number(lo)))
            if hi < MAX_AGE:
                bounds.append(exp.LTE(this=self.bound(name, False), expression=_number(hi)))
            return exp.and_(*bounds, copy=False) if bounds else None
        column = _column(name)
        if lo > MIN_AGE:
            bounds.append(exp.GTE(this=column.copy(), expression=_number(lo)))
        if hi < MAX_AGE:
            bounds.append(exp.LTE(this=column.copy(), expression=_number(hi)))
        if not bounds:
            return None
        return exp.or_(column.copy().is_(exp.null()), exp.and_(*bounds, copy=False), copy=False)

    def ages_may_hold(self, term: c.Term) -> list[exp.Expr]:
        """``possibilities._age_may_hold``: each age has a possible value in the term's range."""
        found = []
        for name in (c.PICTURED, c.YOUNGEST):
            if name in term:
                lo, hi = term[name]
                assert isinstance(lo, int) and isinstance(hi, int)
                found.append(self.within(name, lo, hi))
        return [f for f in found if f is not None]

    def may_hold(self, term: c.Term) -> _Predicate:
        """``possibilities._may_hold``: some completion of the NULLs meets every constraint of ``term``."""
        parts: list[exp.Expr] = []
        for name, constraint in term.items():
            if name in (c.PICTURED, c.YOUNGEST):
                continue
            assert isinstance(constraint, frozenset)
            column = self.value(name) if name in self.reads else _column(name)
            unknown = self.not_known(name) if name in self.reads else column.copy().is_(exp.null())
            if COLUMNS[name].kind == Kind.FACT:
                if len(constraint) == 2:
                    continue
                met: exp.Expr = (
                    column.copy() if True in constraint else exp.not_(column, copy=False)
                )
            else:
                allowed = [v for v in COLUMNS[name].values if v in constraint]
                if len(allowed) == len(COLUMNS[name].values):
                    continue
                met = (
                    exp.EQ(this=column.copy(), expression=_string(allowed[0]))
                    if len(allowed) == 1
                    else column.copy().isin(*(_string(v) for v in allowed), copy=False)
                )
            parts.append(exp.or_(unknown, met, copy=False))
        if c.PICTURED in term or c.YOUNGEST in term:
            parts.extend(self.ages_may_hold(term))
        return exp.and_(*parts, copy=False) if parts else True

    def possible(self, graph: DecisionGraph, order: Sequence[str]) -> dict[str, _Predicate]:
        """For each outcome in ``order``, where it is still possible."""
        terms = self.terms(graph)
        found: dict[str, _Predicate] = {}
        for outcome in order:
            held = [self.may_hold(t) for t in terms.get(outcome, [])]
            if True in held:
                found[outcome] = True
            elif held:
                found[outcome] = exp.or_(*(h for h in held if isinstance(h, exp.Expr)), copy=False)
            else:
                found[outcome] = False
        return found

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
