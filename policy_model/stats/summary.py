"""Published summaries of an assessed dataset, with small-number suppression applied.

Counts come from a few integer "cubes" (one ``np.bincount`` over the category codes each),
so every combination is present and empty ones are true zeros; every table is a margin of a
cube. All the tables are protected together (see ``disclosure``) because they share totals.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..engine.frame import OUTPUT_COLUMNS, assess_frame
from ..model.columns import COLUMNS, Kind
from ..model.vocab import SUBTYPE_CATEGORY, Agency, Category, Gender, Pathway, Platform, Subtype
from . import disclosure
from .agreement import cohen_kappa, kappas
from .conventions import AGE_BANDS, ALL, NOT_KNOWN, UNDETERMINED
from .count_codes import age_band_codes, codes_of
from .disclosure import Key
from .summary_result import SetAside, Summary
from .summary_tables import Builder, Pair, cell_key
from .suppression_table import suppression_table

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


def _trends(quarter: pd.DataFrame, withheld: pd.DataFrame) -> Pair:
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
    b = Builder()

    # The cube of incident characteristics: age band x gender x agency x platform x subtype.
    subtype_codes = codes_of(df["subtype"], _SUBTYPES)
    dims = {
        "age_band": (age_band_codes(df["age_pictured"]).astype(np.int64), _BANDS),
        "gender": (codes_of(df["gender_pictured"]), [str(g) for g in Gender]),
        "agency": (codes_of(df["agency"]), [str(a) for a in Agency]),
        "platform": (codes_of(df["platform"]), [str(p) for p in Platform]),
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
    category_codes = codes_of(df["category"], _CATEGORIES)
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
            cell_key(("category", c)),
            [
                *(cell_key(("subtype", s)) for s in members.get(c, [])),
                cell_key(("category", c), ("subtype", UNDETERMINED)),
            ],
        )

    pathway_labels = [*_PATHWAYS, UNDETERMINED]
    pathway_codes = codes_of(df["pathway"], pathway_labels)
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
    precaution = codes_of(df["precautionary_pathway"], _PATHWAYS)[open_pathway]
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
        recorded = codes_of(df["recorded_subtype"], _MODEL_SUBTYPES)
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
        recorded_pathway = codes_of(df["recorded_pathway"], _PATHWAYS)
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
    values = np.append(kappas(square), cohen_kappa(square.sum(axis=0)))
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
    tables["suppression"] = suppression_table(
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
