"""The impact of a change of edition on a dataset: who would take another pathway or subtype.

Every incident is assessed under both editions (``assess_frame``). A fact the new edition
reads that the dataset does not hold is not known for every row. Each row is then:

- ``changes``: its pathway or subtype is settled under both editions, and differs;
- ``might change``: not that, but what is still possible differs (typically because a new
  fact is not known in the data);
- ``unchanged``.

The published tables (transitions, status by quarter and by agency, referrals by quarter)
and the headline (incidents, how many change and might change) are protected together with
small-number suppression (``disclosure``), since they share totals; so are the figures
linking them: the referrals before and after are the transitions' refer-immediately and
specialist-discussion rows and columns, and the incidents that change are those whose
settled pathway or subtype moves. An output that shows only some tables (the notebook's)
protects only those, with the others' counts unknown to its reader.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator, Sequence
from typing import Final

import pandas as pd

from ..engine.facts import with_facts
from ..engine.frame import assess_frame
from ..model.guidance import Guidance
from ..model.vocab import Pathway, Subtype
from . import disclosure
from .conventions import ALL, SUPPRESSED
from .disclosure import Cells, Key, Reason

__all__ = [
    "REFERRALS",
    "STATUSES",
    "TABLES",
    "Impact",
    "assess_both",
    "impact",
    "with_facts",
]

STATUSES: Final = ("changes", "might change", "unchanged")
REFERRALS: Final = (Pathway.REFER_IMMEDIATELY.value, Pathway.SPECIALIST_DISCUSSION.value)
"""The pathways that involve children's social care and/or the police."""
_UNDETERMINED: Final = "undetermined"
TABLES: Final = ("pathways", "subtypes", "by_quarter", "by_agency", "referrals")
"""The tables an impact output can show (``impact(..., tables=...)``)."""


def assess_both(df: pd.DataFrame, old: Guidance, new: Guidance) -> pd.DataFrame:
    """One row per incident: quarter, agency, old and new subtype and pathway, and status."""
    a = assess_frame(with_facts(df, old), guidance=old)
    b = assess_frame(with_facts(df, new), guidance=new)
    month = df["reported_month"].astype(str)
    quarter = month.str[:4] + " Q" + ((month.str[5:7].astype(int) - 1) // 3 + 1).astype(str)
    out = pd.DataFrame(
        {
            "incident_id": df["incident_id"].astype(str).to_numpy(),
            "quarter": quarter.to_numpy(),
            "agency": df["agency"].astype(str).to_numpy(),
            "old_subtype": a["subtype"].astype(str).to_numpy(),
            "new_subtype": b["subtype"].astype(str).to_numpy(),
            "old_pathway": a["pathway"].astype(str).to_numpy(),
            "new_pathway": b["pathway"].astype(str).to_numpy(),
            "old_precautionary": a["precautionary_pathway"].astype(str).to_numpy(),
            "new_precautionary": b["precautionary_pathway"].astype(str).to_numpy(),
        }
    )

    def settled_differs(kind: str) -> pd.Series:
        o, n = out[f"old_{kind}"], out[f"new_{kind}"]
        return (o != _UNDETERMINED) & (n != _UNDETERMINED) & (o != n)

    changes = settled_differs("subtype") | settled_differs("pathway")
    possible = (a["possible_subtypes"].astype(str) != b["possible_subtypes"].astype(str)) | (
        a["possible_pathways"].astype(str) != b["possible_pathways"].astype(str)
    )
    status = pd.Series("unchanged", index=out.index)
    status[possible.to_numpy()] = "might change"
    status[changes.to_numpy()] = "changes"
    out["status"] = status
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class Impact:
    """The published tables, already protected (``c`` where withheld), and the row-level data
    (never published: ``rows``)."""

    old: str
    new: str
    n: int
    rows: pd.DataFrame
    pathways: pd.DataFrame
    subtypes: pd.DataFrame
    by_quarter: pd.DataFrame
    by_agency: pd.DataFrame
    referrals: pd.DataFrame
    profile: str
    suppressed: int
    headline: dict[str, str] = dataclasses.field(default_factory=dict)
    """The incidents and how many change, might change and are unchanged, as published
    (``c`` where withheld)."""
    cells: Cells | None = dataclasses.field(default=None, repr=False, compare=False)
    """Every count and relation (raw, never published), for ``audit``."""
    hidden: dict[Key, Reason] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    shown: tuple[str, ...] = TABLES
    """The tables this output shows and protects; the others are empty."""

    def tables(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """The tables shown, by file stem."""
        for name, stem in (
            ("pathways", "pathway_transitions"),
            ("subtypes", "subtype_transitions"),
            ("by_quarter", "status_by_quarter"),
            ("by_agency", "status_by_agency"),
            ("referrals", "referrals_by_quarter"),
        ):
            if name in self.shown:
                yield stem, getattr(self, name)


def _k(*pairs: tuple[str, str]) -> Key:
    return tuple(pairs)


def _cross(
    cells: Cells,
    rows: pd.DataFrame,
    a: str,
    b: str,
    a_values: Sequence[str],
    b_values: Sequence[str],
    *,
    shown: bool = True,
    shown_columns: Collection[str] | None = None,
) -> pd.DataFrame:
    """The ``a`` by ``b`` counts, added to ``cells`` with their margins; ``shown`` says
    whether the output shows the table (``shown_columns``: only those columns of it)."""
    counts = pd.crosstab(rows[a], rows[b]).reindex(
        index=list(a_values), columns=list(b_values), fill_value=0
    )
    grid = counts.to_numpy(dtype="int64")

    def column_shown(y: str) -> bool:
        return shown and (shown_columns is None or y in shown_columns)

    cells.add((), len(rows), published=shown)
    for i, x in enumerate(a_values):
        cells.add(_k((a, x)), int(grid[i].sum()), published=shown and shown_columns is None)
    for j, y in enumerate(b_values):
        cells.add(_k((b, y)), int(grid[:, j].sum()), published=column_shown(y))
    for i, x in enumerate(a_values):
        for j, y in enumerate(b_values):
            cells.add(_k((a, x), (b, y)), int(grid[i, j]), published=column_shown(y))
        cells.relate(_k((a, x)), [_k((a, x), (b, y)) for y in b_values])
    for y in b_values:
        cells.relate(_k((b, y)), [_k((a, x), (b, y)) for x in a_values])
    cells.relate((), [_k((a, x)) for x in a_values])
    cells.relate((), [_k((b, y)) for y in b_values])
    return counts


def _published(
    counts: pd.DataFrame, a: str, b: str, hidden: dict[Key, disclosure.Reason]
) -> pd.DataFrame:
    table = counts.astype(object).copy()
    table[ALL] = counts.sum(axis=1).astype(object)
    table.loc[ALL] = [*counts.sum(axis=0), int(counts.to_numpy().sum())]
    for x in table.index:
        for y in table.columns:
            key = _k(*([(a, x)] if x != ALL else []), *([(b, y)] if y != ALL else []))
            if key in hidden:
                table.at[x, y] = SUPPRESSED
    table.index.name = a
    table.columns.name = None
    return table.reset_index()


def _linked(cells: Cells, rows: pd.DataFrame, pathways: list[str], subtypes: list[str]) -> None:
    """The figures that tie the tables together, as relations a reader could use.

    The referrals before (after) are the transitions' refer-immediately and
    specialist-discussion rows (columns). The incidents that change are those whose settled
    pathway moves (the transitions off the diagonal, between settled pathways), those whose
    settled subtype moves, less those counted twice: three counts no table shows.
    """
    for side, dim in (("old", "old_pathway"), ("new", "new_pathway")):
        cells.relate(_k((f"{side}_referral", "yes")), [_k((dim, p)) for p in REFERRALS])

    def moved(kind: str, values: list[str]) -> tuple[Key, pd.Series]:
        settled = [v for v in values if v != _UNDETERMINED]
        o, n = rows[f"old_{kind}"], rows[f"new_{kind}"]
        mask = o.isin(settled) & n.isin(settled) & (o != n)
        key = _k(("moved", kind))
        cells.add(key, int(mask.sum()), published=False)
        cells.relate(
            key,
            [
                _k((f"old_{kind}", x), (f"new_{kind}", y))
                for x in settled
                for y in settled
                if x != y
            ],
        )
        return key, mask

    pathway_key, pathway_moved = moved("pathway", pathways)
    subtype_key, subtype_moved = moved("subtype", subtypes)
    parts = {
        _k(("moved", "pathway only")): pathway_moved & ~subtype_moved,
        _k(("moved", "subtype only")): subtype_moved & ~pathway_moved,
        _k(("moved", "both")): pathway_moved & subtype_moved,
    }
    for key, mask in parts.items():
        cells.add(key, int(mask.sum()), published=False)
    pathway_only, subtype_only, both = parts
    cells.relate(pathway_key, [pathway_only, both])
    cells.relate(subtype_key, [subtype_only, both])
    cells.relate(_k(("status", "changes")), [pathway_only, subtype_only, both])


def impact(
    df: pd.DataFrame,
    old: Guidance,
    new: Guidance,
    *,
    profile: str = "standard",
    tables: Collection[str] = TABLES,
) -> Impact:
    """The impact of moving from ``old`` to ``new`` on the incidents of ``df``.

    ``tables`` names the tables the output shows (of ``TABLES``); the headline (incidents,
    and how many change, might change and are unchanged) is always shown. What is shown is
    protected, all of it together; the tables not shown are left empty (their counts are
    unknown to the reader, so they protect nothing and are never withheld to protect).
    """
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ValueError(f"unknown impact table {unknown[0]!r}: one of {list(TABLES)}")
    rows = assess_both(df, old, new)
    rule = disclosure.profile(profile)
    cells = Cells()
    pathways = [*(p.value for p in Pathway), _UNDETERMINED]
    subtypes = [*(s.value for s in Subtype), _UNDETERMINED]
    quarters = sorted(rows["quarter"].unique())
    agencies = sorted(rows["agency"].unique())
    crosses = {
        "pathways": ("old_pathway", "new_pathway", pathways, pathways),
        "subtypes": ("old_subtype", "new_subtype", subtypes, subtypes),
        "by_quarter": ("quarter", "status", quarters, list(STATUSES)),
        "by_agency": ("agency", "status", agencies, list(STATUSES)),
    }
    counts = {
        name: _cross(cells, rows, *spec, shown=name in tables) for name, spec in crosses.items()
    }
    referred = {
        side: rows[f"{side}_pathway"].isin(REFERRALS).map({True: "yes", False: "no"})
        for side in ("old", "new")
    }
    ref_rows = rows.assign(old_referral=referred["old"], new_referral=referred["new"])
    ref_counts = {
        side: _cross(
            cells,
            ref_rows,
            "quarter",
            f"{side}_referral",
            quarters,
            ["yes", "no"],
            shown="referrals" in tables,
            shown_columns=["yes"],
        )
        for side in ("old", "new")
    }
    # The headline: the incidents, and how many change, might change and are unchanged.
    cells.add((), len(rows))
    status = rows["status"].value_counts()
    for s in STATUSES:
        cells.add(_k(("status", s)), int(status.get(s, 0)))
    _linked(cells, rows, pathways, subtypes)
    hidden = disclosure.protect(cells, rule)
    published_tables = {
        name: _published(counts[name], spec[0], spec[1], hidden) for name, spec in crosses.items()
    }
    referrals = pd.DataFrame({"quarter": [*quarters, ALL]})
    for side in ("old", "new"):
        values = [*ref_counts[side]["yes"], int(ref_counts[side]["yes"].sum())]
        keys = [_k(("quarter", q), (f"{side}_referral", "yes")) for q in quarters]
        keys.append(_k((f"{side}_referral", "yes")))
        referrals[side] = [
            SUPPRESSED if k in hidden else v for k, v in zip(keys, values, strict=True)
        ]
    referrals["change"] = [
        SUPPRESSED if SUPPRESSED in (o, n) else int(n) - int(o)
        for o, n in zip(referrals["old"], referrals["new"], strict=True)
    ]
    headline = {
        "incidents": SUPPRESSED if () in hidden else str(len(rows)),
        **{
            s: SUPPRESSED if _k(("status", s)) in hidden else str(int(status.get(s, 0)))
            for s in STATUSES
        },
    }
    shown = set(cells.shown)
    frames = {
        name: frame if name in tables else pd.DataFrame()
        for name, frame in [*published_tables.items(), ("referrals", referrals)]
    }
    return Impact(
        old=old.id,
        new=new.id,
        n=len(rows),
        rows=rows,
        pathways=frames["pathways"],
        subtypes=frames["subtypes"],
        by_quarter=frames["by_quarter"],
        by_agency=frames["by_agency"],
        referrals=frames["referrals"],
        profile=rule.name,
        suppressed=sum(k in shown for k in hidden),
        headline=headline,
        cells=cells,
        hidden=hidden,
        shown=tuple(t for t in TABLES if t in tables),
    )
