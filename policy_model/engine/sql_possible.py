"""A guidance's conditions and its outcomes still possible, as SQL predicates over incidents."""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.tsql import TSQL

from ..model import conditions as c
from ..model.columns import COLUMNS, MAX_AGE, MIN_AGE, Kind, range_columns
from ..model.constraints import settling_terms
from ..model.graph import DecisionGraph
from ..model.guidance import Guidance
from .sql_names import _column, _number, _string

__all__ = ["Predicates"]


# A predicate that always or never holds is kept out of the SQL.
_Predicate = exp.Expr | bool


class Predicates:
    """One guidance's conditions and possible outcomes for one dialect, for a table with or
    without the youngest column and with range columns for some ages; ``sql._Compiler``
    builds the query from them."""

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
