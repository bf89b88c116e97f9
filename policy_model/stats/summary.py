"""Published summaries of an assessed dataset, with small-number suppression applied.

Counts come from a few integer "cubes" (one ``np.bincount`` over the category codes each),
so every combination is present and empty ones are true zeros; every table is a margin of a
cube. All the tables are protected together (see ``disclosure``) because they share totals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..engine.frame import OUTPUT_COLUMNS, assess_frame
from ..incidents.blanks import Skipped
from ..model.columns import COLUMNS, Kind
from ..model.vocab import SUBTYPE_CATEGORY, Agency, Category, Gender, Pathway, Platform, Subtype
from . import disclosure
from .conventions import AGE_BANDS, ALL, NOT_KNOWN, UNDETERMINED
from .disclosure import Cells, Key, Profile, Reason

__all__ = [
    "AGE_BANDS",
    "ALL",
    "NOT_KNOWN",
    "UNDETERMINED",
    "SetAside",
    "Summary",
    "age_band_codes",
    "cohen_kappa",
    "completeness_columns",
    "summarise",
]

_MODEL_SUBTYPES: Final = [s.value for s in Subtype]
_SUBTYPES: Final = [*_MODEL_SUBTYPES, UNDETERMINED]
"""The subtype rows: the guidance's subtypes, then the incidents the known facts do not settle."""
_CATEGORIES: Final = [*(c.value for c in Category), UNDETERMINED]
_PATHWAYS: Final = [p.value for p in Pathway]
_BANDS: Final = [*(b[0] for b in AGE_BANDS), NOT_KNOWN]
_RECORDED: Final[Key] = (("population", "recorded"),)
_RECORDED_PATHWAY: Final[Key] = (("population", "recorded_pathway"),)
_OPEN_PATHWAY: Final[Key] = (("pathway", UNDETERMINED),)


@dataclasses.dataclass(frozen=True, slots=True)
class SetAside:
    """Rows of the input set aside (invalid values) before summarising, and where they went.

    Every output built from the rest says so: the report's headline, the notebook's, the
    command's summary line.
    """

    count: int = 0
    path: Path | str | None = None
    skipped: Skipped = dataclasses.field(default_factory=Skipped)
    """Blank rows and a trailing totals row: not incidents, so neither counted nor set aside."""

    def __str__(self) -> str:
        skipped = f"; {self.skipped}" if self.skipped else ""
        if not self.count:
            return f"no incidents set aside{skipped}"
        noun = "incident" if self.count == 1 else "incidents"
        where = f"; see {Path(self.path).name}" if self.path is not None else ""
        return f"{self.count:,} {noun} set aside for invalid values{where}{skipped}"


def completeness_columns(df: pd.DataFrame) -> list[str]:
    """The columns whose "not known" share the completeness tables count: every age, fact and
    category that may be left blank and that ``df`` holds (not the recorded subtype or
    pathway, whose blank means "not recorded")."""
    return [
        c.name
        for c in COLUMNS.values()
        if c.may_be_unknown
        and c.kind in (Kind.AGE, Kind.FACT, Kind.CATEGORY)
        and c.name not in ("recorded_subtype", "recorded_pathway")
        and c.name in df.columns
    ]


IntArray = npt.NDArray[np.int64]


def age_band_codes(ages: Any) -> npt.NDArray[np.int8]:
    """The age band (index into ``AGE_BANDS``) of each age; ``len(AGE_BANDS)`` (the "not
    known" row) where the age is not known (a nullable integer column's NA)."""
    lookup = np.zeros(max(b[3] for b in AGE_BANDS) + 2, dtype=np.int8)
    for i, (_, _, low, high) in enumerate(AGE_BANDS):
        lookup[low : high + 1] = i
    lookup[-1] = len(AGE_BANDS)
    if isinstance(ages, pd.Series | pd.api.extensions.ExtensionArray):
        values = pd.Series(ages).astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
    else:
        values = np.asarray(ages, dtype=np.int64)
    banded: npt.NDArray[np.int8] = lookup[values]
    return banded


def cohen_kappa(confusion: npt.NDArray[np.integer]) -> float:
    """Cohen's kappa of a square confusion matrix; NaN when chance agreement is certain.

    >>> cohen_kappa(np.array([[20, 5], [10, 15]]))
    0.4
    """
    counts = np.asarray(confusion, dtype=np.float64)
    n = counts.sum()
    if n == 0:
        return float("nan")
    observed = np.trace(counts) / n
    expected = float(counts.sum(axis=0) @ counts.sum(axis=1)) / n**2
    return (
        float("nan") if expected >= 1 else round(float((observed - expected) / (1 - expected)), 10)
    )


def _kappas(cube: npt.NDArray[np.integer]) -> npt.NDArray[np.float64]:
    """Cohen's kappa of each leading slice of a (k, n, n) stack of confusion matrices."""
    counts = cube.astype(np.float64)
    n = counts.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.trace(counts, axis1=1, axis2=2) / n
        expected = np.einsum("ki,ki->k", counts.sum(axis=1), counts.sum(axis=2)) / n**2
        kappa = (observed - expected) / (1 - expected)
    return np.where((n > 0) & (expected < 1), kappa, np.nan)


def _codes(column: pd.Series, labels: Sequence[str] | None = None) -> npt.NDArray[np.int64]:
    """Each row's index into ``labels`` (default: the column's categories); -1 if missing."""
    codes = np.asarray(column.cat.codes.to_numpy(), dtype=np.int64)
    if labels is None or list(column.cat.categories) == list(labels):
        return codes
    lookup = np.array([list(labels).index(str(c)) for c in column.cat.categories] + [-1])
    return np.asarray(lookup[codes], dtype=np.int64)


# ---- tables and their cells ------------------------------------------------------------------


def _key(*pairs: tuple[str, str]) -> Key:
    return tuple(sorted(p for p in pairs if p[1] != ALL))


@dataclasses.dataclass
class _Table:
    """A tidy table under construction: its rows' labels, keys, and percent denominators."""

    name: str
    dims: tuple[str, ...]
    labels: list[tuple[str, ...]]
    keys: list[Key]
    denominators: list[Key]
    base_column: str | None = None
    """Publish each row's denominator too, under this name (the completeness tables)."""


class _Builder:
    def __init__(self) -> None:
        self.cells = Cells()
        self.tables: dict[str, _Table] = {}

    def one_way(
        self, name: str, dim: str, labels: Sequence[str], counts: IntArray, base: Key = ()
    ) -> None:
        keys = [_key(*base, (dim, label)) for label in labels]
        total = _key(*base)
        self.cells.add(total, int(counts.sum()))
        for key, value in zip(keys, counts.tolist(), strict=True):
            self.cells.add(key, value)
        self.cells.relate(total, keys)
        self.tables[name] = _Table(
            name,
            (dim,),
            [(label,) for label in [*labels, ALL]],
            [*keys, total],
            [total] * (len(keys) + 1),
        )

    def two_way(
        self,
        name: str,
        dims: tuple[str, str],
        labels: tuple[Sequence[str], Sequence[str]],
        grid: IntArray,
        base: Key = (),
    ) -> None:
        rows, columns = [*labels[0], ALL], [*labels[1], ALL]
        full = np.zeros((len(rows), len(columns)), dtype=np.int64)
        full[:-1, :-1] = grid
        full[:-1, -1] = grid.sum(axis=1)
        full[-1, :] = full[:-1, :].sum(axis=0)
        a, b = dims
        key = [[_key(*base, (a, r), (b, c)) for c in columns] for r in rows]
        for i, r_keys in enumerate(key):
            for j, k in enumerate(r_keys):
                self.cells.add(k, int(full[i, j]))
        for i in range(len(rows)):
            self.cells.relate(key[i][-1], key[i][:-1])
        for j in range(len(columns)):
            self.cells.relate(key[-1][j], [key[i][j] for i in range(len(rows) - 1)])
        table = _Table(name, dims, [], [], [])
        for i, r in enumerate(rows):
            for j, c in enumerate(columns):
                table.labels.append((r, c))
                table.keys.append(key[i][j])
                # Percent of the row (a subtype's share of an agency's incidents); a row
                # total's percent is its share of all incidents.
                table.denominators.append(key[i][-1] if c != ALL else key[-1][-1])
        self.tables[name] = table

    def not_known(
        self,
        name: str,
        by: str,
        labels: Sequence[str],
        grid: IntArray,
        fields: Sequence[str],
        group_totals: IntArray,
    ) -> None:
        """How many incidents in each group (an agency, a quarter) have each field not known,
        out of the group's incidents: cells ``not_known=field, by=group``, which sum over the
        groups to ``not_known=field``; the groups' own cells are the other tables' totals."""
        for label, value in zip(labels, group_totals.tolist(), strict=True):
            self.cells.add(_key((by, label)), value)
        table = _Table(name, ("column", by), [], [], [], base_column="incidents")
        for f, field in enumerate(fields):
            keys = [_key(("not_known", field), (by, label)) for label in labels]
            total = _key(("not_known", field))
            self.cells.add(total, int(grid[f].sum()))
            for key, value in zip(keys, grid[f].tolist(), strict=True):
                self.cells.add(key, value)
            self.cells.relate(total, keys)
            for label, key in zip([*labels, ALL], [*keys, total], strict=True):
                table.labels.append((field, label))
                table.keys.append(key)
                table.denominators.append(_key((by, label)))
        self.tables[name] = table

    def nest(
        self, dim: str, parent: str, groups: dict[str, list[str]], inner: Sequence[str]
    ) -> None:
        """``parent=p`` is the sum of ``dim=d`` for d in p, for every ``inner`` column."""
        for p, children in groups.items():
            for c in [*inner, ALL]:
                self.cells.relate(
                    _key((parent, p), ("subtype", c)),
                    [_key((dim, d), ("subtype", c)) for d in children],
                )

    def frame(self, table: _Table, hidden: dict[Key, Reason] | None) -> _Pair:
        """The tidy table, and which of its values are withheld."""
        values = self.cells.values
        counts = np.array([values[k] for k in table.keys], dtype=np.int64)
        bases = np.array([values[k] for k in table.denominators], dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            percent = np.where(bases > 0, np.round(100 * counts / bases, 1), np.nan)
        out = pd.DataFrame(
            {dim: [lab[i] for lab in table.labels] for i, dim in enumerate(table.dims)}
        )
        gone = np.array([k in (hidden or ()) for k in table.keys], dtype=bool)
        base_gone = np.array([k in (hidden or ()) for k in table.denominators], dtype=bool)
        withheld = pd.DataFrame({"count": gone, "percent": gone | base_gone})
        out["count"] = pd.array(np.where(gone, np.nan, counts), dtype="Float64").astype("Int64")
        if table.base_column is not None:
            out[table.base_column] = pd.array(
                np.where(base_gone, np.nan, bases), dtype="Float64"
            ).astype("Int64")
            withheld.insert(1, table.base_column, base_gone)
        out["percent"] = pd.array(np.where(withheld["percent"], np.nan, percent), dtype="Float64")
        return out, withheld


_Pair = tuple[pd.DataFrame, pd.DataFrame]


# ---- the result ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Summary:
    """The published tables, tidy: one row per cell, totals labelled ``all``.

    A value is ``<NA>`` where it is withheld (``withheld`` says which; published as ``c``)
    or where it does not apply, such as the percent of an empty row (published as ``z``).
    ``profile`` is None only for an unprotected summary, for analysis inside a notebook; it
    cannot be written out. Incidents whose subtype, category or pathway the known facts do not
    settle are counted in their own ``undetermined`` row; ``precautionary`` counts, for those
    whose pathway is open, the most urgent pathway still possible (what is followed until the
    facts are known); the ``completeness_*`` tables count the values not known.
    """

    profile: Profile | None
    guidance_version: str
    n_incidents: int | None
    first_month: str
    last_month: str
    category: pd.DataFrame
    subtype: pd.DataFrame
    undetermined_subtype: pd.DataFrame
    pathway: pd.DataFrame
    precautionary: pd.DataFrame
    month: pd.DataFrame
    quarter: pd.DataFrame
    year: pd.DataFrame
    age_band: pd.DataFrame
    gender: pd.DataFrame
    agency: pd.DataFrame
    platform: pd.DataFrame
    trends: pd.DataFrame
    completeness_agency: pd.DataFrame
    completeness_quarter: pd.DataFrame
    agreement: pd.DataFrame
    kappa: pd.DataFrame
    pathway_agreement: pd.DataFrame
    """The recorded pathway (the action taken) against the model's, where one was recorded."""
    suppression: pd.DataFrame

    withheld: dict[str, pd.DataFrame]
    """For each table, a boolean frame: True where a value is withheld (shown as ``c``)."""

    set_aside: SetAside = SetAside()
    """The input rows left out (invalid values): every output states this."""
    partial_quarters: tuple[str, ...] = ()
    """The first and last quarters, where the period starts or ends part way through them."""
    partial_years: tuple[str, ...] = ()
    """The first and last calendar years, where the period starts or ends part way through."""
    cells: Cells | None = dataclasses.field(default=None, repr=False, compare=False)
    """Every count of every table and the relations among them (raw: never published), so
    that ``audit`` can check the protection of the output as a whole."""
    hidden: dict[Key, Reason] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """The withheld cells and why (``disclosure.protect``)."""

    TABLES: ClassVar[tuple[str, ...]] = (
        "category",
        "subtype",
        "undetermined_subtype",
        "pathway",
        "precautionary",
        "month",
        "quarter",
        "year",
        "age_band",
        "gender",
        "agency",
        "platform",
        "trends",
        "completeness_agency",
        "completeness_quarter",
        "agreement",
        "kappa",
        "pathway_agreement",
        "suppression",
    )

    def tables(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """Every table, by name, in reading order."""
        for name in self.TABLES:
            yield name, getattr(self, name)


def _trends(quarter: pd.DataFrame, withheld: pd.DataFrame) -> _Pair:
    """Each quarter against the one before and the same quarter a year before."""
    rows = quarter["quarter"] != ALL
    tidy = quarter.loc[rows, ["quarter", "subtype", "count"]].assign(
        hidden=withheld.loc[rows, "count"].to_numpy()
    )
    wide = tidy.pivot(index="quarter", columns="subtype", values=["count", "hidden"])
    periods = pd.PeriodIndex(wide.index, freq="Q")
    parts = []
    for comparison, lag in (("quarter_on_quarter", 1), ("year_on_year", 4)):
        earlier = [str(p - lag) for p in periods]
        keep = np.isin(earlier, wide.index)
        now, before = wide[keep], wide.reindex(np.array(earlier)[keep])
        before.index = now.index
        part = pd.DataFrame(
            {
                "count": now["count"].stack(future_stack=True),
                "previous": before["count"].stack(future_stack=True),
                "count_hidden": now["hidden"].stack(future_stack=True).astype(bool),
                "previous_hidden": before["hidden"].stack(future_stack=True).astype(bool),
            }
        ).reset_index()
        part.insert(2, "comparison", comparison)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["count"] = out["count"].astype("Int64")
    out["previous"] = out["previous"].astype("Int64")
    out["change"] = out["count"] - out["previous"]
    previous = out["previous"].astype("Float64")
    change = out["change"].astype("Float64")
    out["percent_change"] = (100 * change / previous.where(previous != 0)).round(1)
    either = out["count_hidden"] | out["previous_hidden"]
    hidden = pd.DataFrame(
        {
            "count": out["count_hidden"],
            "previous": out["previous_hidden"],
            "change": either,
            "percent_change": either,
        }
    )
    out = out.drop(columns=["count_hidden", "previous_hidden"])
    subtype_rank = {s: i for i, s in enumerate([*_SUBTYPES, ALL])}
    order = (
        out.assign(rank=out["subtype"].map(subtype_rank))
        .sort_values(["comparison", "quarter", "rank"], kind="stable")
        .index
    )
    return out.loc[order].reset_index(drop=True), hidden.loc[order].reset_index(drop=True)


def summarise(
    df: pd.DataFrame,
    *,
    profile: str | None = "standard",
    set_aside: SetAside | int = 0,
    span: tuple[str, str] | None = None,
) -> Summary:
    """Counts and percents by category, subtype, pathway (each with its ``undetermined`` row),
    precautionary pathway, time, age band, gender, agency and platform; quarterly trends; the
    share of each value not known, by agency and quarter; agreement with the recorded subtype,
    and with the recorded pathway; suppression applied to all of them together.

    ``df`` is an assessed frame (``assess_frame``'s output) or the loader's typed facts, which
    are assessed first; the summary names the edition of the guidance from its
    ``guidance_version`` column. ``profile`` is a ``disclosure.PROFILES`` name; ``None`` gives
    the raw counts for analysis inside a notebook (such a summary cannot be written).
    ``set_aside``: the rows of the input left out for invalid values (a count, or a
    ``SetAside`` naming the rejects file), stated by every output. ``span`` (first and last month,
    ``YYYY-MM``) is the span the figures cover, when it was chosen rather than read from the
    data (a filter): the time tables and the period stated then run over the span, so that
    they do not give away the months of the incidents in it.
    """
    rule = disclosure.profile(profile) if profile is not None else None
    if isinstance(set_aside, int):
        set_aside = SetAside(set_aside)
    if not set(OUTPUT_COLUMNS) <= set(df.columns):
        df = assess_frame(df)
    if len(df) == 0:
        raise ValueError("there are no incidents to summarise")
    b = _Builder()

    # The cube of incident characteristics: age band x gender x agency x platform x subtype.
    subtype_codes = _codes(df["subtype"], _SUBTYPES)
    dims = {
        "age_band": (age_band_codes(df["age_pictured"]).astype(np.int64), _BANDS),
        "gender": (_codes(df["gender_pictured"]), [str(g) for g in Gender]),
        "agency": (_codes(df["agency"]), [str(a) for a in Agency]),
        "platform": (_codes(df["platform"]), [str(p) for p in Platform]),
        "subtype": (subtype_codes, _SUBTYPES),
    }
    sizes = [len(labels) for _, labels in dims.values()]
    flat = np.zeros(len(df), dtype=np.int64)
    for (codes, _), size in zip(dims.values(), sizes, strict=True):
        flat = flat * size + codes
    cube = np.bincount(flat, minlength=int(np.prod(sizes))).reshape(sizes)
    by_subtype = cube.sum(axis=(0, 1, 2, 3))
    b.one_way("subtype", "subtype", _SUBTYPES, by_subtype)

    # Category: a determined subtype settles it; an undetermined one may or may not (all the
    # subtypes still possible can share a category). So a category is its subtypes plus the
    # incidents of that category whose subtype is open, which are published too.
    category_codes = _codes(df["category"], _CATEGORIES)
    open_subtype = subtype_codes == _SUBTYPES.index(UNDETERMINED)
    by_category = np.bincount(category_codes, minlength=len(_CATEGORIES))
    b.one_way("category", "category", _CATEGORIES, by_category)
    open_by_category = np.bincount(category_codes[open_subtype], minlength=len(_CATEGORIES))
    b.one_way(
        "undetermined_subtype",
        "category",
        _CATEGORIES,
        open_by_category,
        (("subtype", UNDETERMINED),),
    )
    members = {c.value: [s.value for s in Subtype if SUBTYPE_CATEGORY[s] is c] for c in Category}
    for c in _CATEGORIES:
        b.cells.relate(
            _key(("category", c)),
            [
                *(_key(("subtype", s)) for s in members.get(c, [])),
                _key(("category", c), ("subtype", UNDETERMINED)),
            ],
        )

    pathway_labels = [*_PATHWAYS, UNDETERMINED]
    pathway_codes = _codes(df["pathway"], pathway_labels)
    b.one_way(
        "pathway",
        "pathway",
        pathway_labels,
        np.bincount(pathway_codes, minlength=len(pathway_labels)),
    )
    for axis, name in enumerate(["age_band", "gender", "agency", "platform"]):
        others = tuple(a for a in range(4) if a != axis)
        b.two_way(name, (name, "subtype"), (dims[name][1], _SUBTYPES), cube.sum(axis=others))

    # Time: month x subtype over every month from the first to the last, then its margins.
    ordinals = np.asarray(df["reported_month"].array.asi8, dtype=np.int64)
    first, last = int(ordinals.min()), int(ordinals.max())
    if span is not None:
        chosen = [pd.Period(m, freq="M").ordinal for m in span]
        if not chosen[0] <= first <= last <= chosen[1]:
            raise ValueError(
                f"the incidents run from {pd.Period(ordinal=first, freq='M')} to "
                f"{pd.Period(ordinal=last, freq='M')}, outside the months given "
                f"({span[0]} to {span[1]})"
            )
        first, last = chosen
    months = pd.PeriodIndex.from_ordinals(  # type: ignore[attr-defined]  # not in pandas-stubs
        np.arange(first, last + 1), freq="M"
    )
    n_sub = len(_SUBTYPES)
    month_grid = np.bincount(
        (ordinals - first) * n_sub + subtype_codes, minlength=len(months) * n_sub
    ).reshape(len(months), n_sub)
    quarters = months.asfreq("Q")
    years = months.asfreq("Y")
    q_labels = list(dict.fromkeys(str(q) for q in quarters))
    y_labels = list(dict.fromkeys(str(y) for y in years))
    q_index = np.array([q_labels.index(str(q)) for q in quarters])
    y_index = np.array([y_labels.index(str(y)) for y in years])
    m_labels = [str(m) for m in months]
    b.two_way("month", ("month", "subtype"), (m_labels, _SUBTYPES), month_grid)
    quarter_grid = np.zeros((len(q_labels), n_sub), dtype=np.int64)
    np.add.at(quarter_grid, q_index, month_grid)
    year_grid = np.zeros((len(y_labels), n_sub), dtype=np.int64)
    np.add.at(year_grid, y_index, month_grid)
    b.two_way("quarter", ("quarter", "subtype"), (q_labels, _SUBTYPES), quarter_grid)
    b.two_way("year", ("year", "subtype"), (y_labels, _SUBTYPES), year_grid)
    b.nest("month", "quarter", _groups(q_labels, q_index, m_labels), _SUBTYPES)
    b.nest("quarter", "year", _groups(y_labels, y_index[_first_of(q_index)], q_labels), _SUBTYPES)
    row_quarter = q_index[ordinals - first]

    # Precautionary: where the pathway is open, the most urgent one still possible, by quarter.
    open_pathway = pathway_codes == pathway_labels.index(UNDETERMINED)
    precaution = _codes(df["precautionary_pathway"], _PATHWAYS)[open_pathway]
    precaution_grid = np.bincount(
        row_quarter[open_pathway] * len(_PATHWAYS) + precaution,
        minlength=len(q_labels) * len(_PATHWAYS),
    ).reshape(len(q_labels), len(_PATHWAYS))
    b.two_way(
        "precautionary",
        ("quarter", "precautionary_pathway"),
        (q_labels, _PATHWAYS),
        precaution_grid,
        _OPEN_PATHWAY,
    )

    # Completeness: how many incidents have each value not known, by agency and by quarter.
    fields = completeness_columns(df)
    missing = np.column_stack([df[f].isna().to_numpy(dtype=bool) for f in fields])
    agencies = dims["agency"][0]
    for name, by, labels, group, n_groups in (
        ("completeness_agency", "agency", dims["agency"][1], agencies, len(Agency)),
        ("completeness_quarter", "quarter", q_labels, row_quarter, len(q_labels)),
    ):
        grid = np.zeros((len(fields), n_groups), dtype=np.int64)
        for f in range(len(fields)):
            grid[f] = np.bincount(group[missing[:, f]], minlength=n_groups)
        b.not_known(name, by, labels, grid, fields, np.bincount(group, minlength=n_groups))

    # Agreement: the recorded subtype against the model's, where one was recorded.
    n_model = len(_MODEL_SUBTYPES)
    agree = np.zeros((len(Agency), n_model, n_sub), dtype=np.int64)
    if "recorded_subtype" in df.columns:
        recorded = _codes(df["recorded_subtype"], _MODEL_SUBTYPES)
        has = recorded >= 0
        at = (agencies[has] * n_model + recorded[has]) * n_sub + subtype_codes[has]
        agree = np.bincount(at, minlength=agree.size).reshape(agree.shape)
    b.two_way(
        "agreement",
        ("recorded_subtype", "subtype"),
        (_MODEL_SUBTYPES, _SUBTYPES),
        agree.sum(axis=0),
        _RECORDED,
    )
    b.one_way("kappa", "agency", dims["agency"][1], agree.sum(axis=(1, 2)), _RECORDED)

    # Agreement: the recorded pathway (the action taken) against the model's, where the data
    # records one (no table of zeros for a column the data does not have).
    if "recorded_pathway" in df.columns:
        recorded_pathway = _codes(df["recorded_pathway"], _PATHWAYS)
        has = recorded_pathway >= 0
        at = recorded_pathway[has] * len(pathway_labels) + pathway_codes[has]
        size = len(_PATHWAYS) * len(pathway_labels)
        b.two_way(
            "pathway_agreement",
            ("recorded_pathway", "pathway"),
            (_PATHWAYS, pathway_labels),
            np.bincount(at, minlength=size).reshape(len(_PATHWAYS), len(pathway_labels)),
            _RECORDED_PATHWAY,
        )

    hidden = disclosure.protect(b.cells, rule) if rule is not None else None
    pairs = {name: b.frame(t, hidden) for name, t in b.tables.items()}
    pairs["trends"] = _trends(*pairs["quarter"])

    # Kappa compares the recorded subtype with the model's where the model settled one.
    square = agree[:, :, :n_model]
    kappa, kappa_hidden = pairs["kappa"]
    kappa = kappa.drop(columns="percent").rename(
        columns={"count": "incidents_with_recorded_subtype"}
    )
    values = np.append(_kappas(square), cohen_kappa(square.sum(axis=0)))
    n = np.append(square.sum(axis=(1, 2)), square.sum())
    small = n < rule.min_base if rule is not None else np.zeros(len(n), dtype=bool)
    kappa_gone = kappa_hidden["count"].to_numpy() | small
    kappa["kappa"] = pd.array(np.where(kappa_gone, np.nan, np.round(values, 2)), dtype="Float64")
    pairs["kappa"] = (
        kappa,
        pd.DataFrame(
            {"incidents_with_recorded_subtype": kappa_hidden["count"], "kappa": kappa_gone}
        ),
    )
    total = b.cells.values[()]
    tables = {name: frame for name, (frame, _) in pairs.items()}
    withheld = {name: mask for name, (_, mask) in pairs.items()}
    if "pathway_agreement" not in tables:  # the data records no pathway: an empty table
        columns = ["recorded_pathway", "pathway", "count", "percent"]
        tables["pathway_agreement"] = pd.DataFrame(columns=columns)
        withheld["pathway_agreement"] = pd.DataFrame(columns=columns[2:], dtype=bool)
    tables["suppression"] = _suppression(
        b, hidden, kappa.loc[small & ~kappa_hidden["count"].to_numpy(), "agency"], rule
    )
    withheld["suppression"] = pd.DataFrame(index=tables["suppression"].index)
    versions = df["guidance_version"].dropna().unique()
    if len(versions) != 1:
        raise ValueError(
            "the incidents were classified with more than one edition of the guidance: "
            + "; ".join(sorted(str(v) for v in versions))
        )
    return Summary(
        profile=rule,
        guidance_version=str(versions[0]),
        n_incidents=None if hidden and () in hidden else total,
        first_month=str(months[0]),
        last_month=str(months[-1]),
        withheld=withheld,
        set_aside=set_aside,
        partial_quarters=_partial(months, "Q"),
        partial_years=_partial(months, "Y"),
        cells=b.cells,
        hidden=hidden or {},
        **tables,
    )


def _partial(months: pd.PeriodIndex, freq: str) -> tuple[str, ...]:
    """The periods (quarters, years) at either end that the months cover only in part."""
    periods = months.asfreq(freq)
    out: list[str] = []
    if months[0] != periods[0].asfreq("M", how="start"):
        out.append(str(periods[0]))
    if months[-1] != periods[-1].asfreq("M", how="end") and str(periods[-1]) not in out:
        out.append(str(periods[-1]))
    return tuple(out)


def _groups(
    parents: list[str], index: npt.NDArray[np.intp], children: list[str]
) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {p: [] for p in parents}
    for child, i in zip(children, index.tolist(), strict=True):
        groups[parents[i]].append(child)
    return groups


def _first_of(index: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """For each distinct value of a sorted index, the position where it first appears."""
    return np.flatnonzero(np.r_[True, index[1:] != index[:-1]])


_WHY: Final = {
    Reason.PRIMARY: "a count from 1 to {t}",
    Reason.SECONDARY: "hidden so that no withheld count can be worked out from the published "
    "figures",
    Reason.WITHHELD: "a count from 1 to {t}, or hidden so that none can be worked out (which "
    "is not said: with so few incidents, saying it would give counts away)",
}


def _suppression(
    b: _Builder,
    hidden: dict[Key, Reason] | None,
    small: pd.Series,
    rule: Profile | None,
) -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, str]] = []
    if hidden and rule is not None:
        for table in b.tables.values():
            for labels, key in zip(table.labels, table.keys, strict=True):
                if key in hidden:
                    cell = ", ".join(f"{d}={v}" for d, v in zip(table.dims, labels, strict=True))
                    column = "incidents_with_recorded_subtype" if table.name == "kappa" else "count"
                    reason = hidden[key]
                    rows.append(
                        (
                            table.name,
                            cell,
                            column,
                            reason.value,
                            _WHY[reason].format(t=rule.threshold),
                        )
                    )
        for agency in small:
            rows.append(
                (
                    "kappa",
                    f"agency={agency}",
                    "kappa",
                    "small_base",
                    f"fewer than {rule.min_base} incidents with a recorded subtype",
                )
            )
    return pd.DataFrame(rows, columns=["table", "cell", "column", "reason", "explanation"])
