"""No withheld count can be worked out from the published figures of one output: the attacks
that used to work (differencing in diff's impact report, a summary table with one withheld
cell beside its total, bounds a reader knows, a filtered trends headline) now fail, and the
linear-programming audit finds every withheld count undetermined."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from policy_model.editions import AS_WRITTEN, load_whatif
from policy_model.incidents.dataset import load_incidents
from policy_model.stats import audit, disclosure
from policy_model.stats.conventions import ALL, SUPPRESSED
from policy_model.stats.disclosure import STANDARD, Cells, Reason
from policy_model.stats.impact import TABLES, impact
from policy_model.stats.summary import Summary, summarise
from policy_model.views.diff import impact_markdown
from policy_model.views.policy_change import SHOWN
from policy_model.views.trends import TrendsView, most_common

from .conftest import RandomIncidents
from .helpers import ROOT, line_cells

SAMPLE = ROOT / "data" / "sample_incidents.csv"
ROMANTIC = "Experimental: romantic"
YOUNG_CHILD_13 = ROOT / "data" / "whatif-young-child-13.yaml"


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return load_incidents(SAMPLE)


def subtracted(table: pd.DataFrame) -> list[str]:
    """The attack on a published text table with an ``all`` row and column: every row and
    column whose total is published and that holds exactly one ``c`` gives that ``c`` away
    by subtraction. The cells it recovers, named by row and column."""
    body = table.set_index(table.columns[0])
    found = []
    lines = [(f"row {r}", body.loc[r]) for r in body.index if r != ALL]
    lines += [(f"column {c}", body[c]) for c in body.columns if c != ALL]
    for name, line in lines:
        parts = line.drop(ALL)
        total = line[ALL]
        withheld = [str(k) for k, v in parts.items() if v == SUPPRESSED]
        if total != SUPPRESSED and len(withheld) == 1:
            found.append(f"{name}, {withheld[0]}")
    return found


# ---- the audit itself ------------------------------------------------------------------------


def test_a_lone_withheld_cell_beside_its_total_is_determined() -> None:
    cells = line_cells([3, 37])
    ranges = audit.ranges(cells, {(("x", "0"),): Reason.PRIMARY}, threshold=5)
    assert ranges[(("x", "0"),)].determined and ranges[(("x", "0"),)].lower == 3


def test_two_withheld_cells_in_a_line_can_be_determined_by_their_bounds() -> None:
    """A reader knows a primary count is at most the threshold: two of them summing to twice
    the threshold are both the threshold, though no equation alone fixes them."""
    cells = line_cells([5, 5, 40])
    hidden = {(("x", "0"),): Reason.PRIMARY, (("x", "1"),): Reason.PRIMARY}
    assert disclosure.recoverable(cells, hidden) == set()
    assert audit.determined(cells, hidden, threshold=5) == [(("x", "0"),), (("x", "1"),)]


def test_a_secondary_cell_is_known_to_be_above_the_threshold() -> None:
    """1 + 6 = 7 with the 1 primary and the 6 secondary (so at least 6): both are fixed."""
    cells = line_cells([1, 6, 50])
    hidden = {(("x", "0"),): Reason.PRIMARY, (("x", "1"),): Reason.SECONDARY}
    assert set(audit.determined(cells, hidden, threshold=5)) == {(("x", "0"),), (("x", "1"),)}


@pytest.mark.parametrize(
    "values", [[5, 5, 40], [1, 6, 50], [5, 5, 0, 40]], ids=["at-threshold", "secondary", "zero"]
)
def test_protect_withholds_until_the_audit_finds_nothing_determined(values: list[int]) -> None:
    cells = line_cells(values)
    hidden = disclosure.protect(cells, STANDARD)
    assert audit.determined(cells, hidden, threshold=STANDARD.threshold) == []
    assert (("x", str(len(values) - 1)),) in hidden  # the 40 or 50 is the complement needed


def test_an_unpublished_cell_is_unknown_to_the_reader_and_never_a_complement() -> None:
    cells = Cells()
    cells.add((), 40)
    cells.add((("x", "a"),), 3)
    cells.add((("x", "b"),), 37, published=False)
    cells.relate((), [(("x", "a"),), (("x", "b"),)])
    hidden = disclosure.protect(cells, STANDARD)
    assert hidden == {(("x", "a"),): Reason.PRIMARY}
    assert not audit.ranges(cells, hidden, threshold=5)[(("x", "a"),)].determined


def test_the_report_gives_each_withheld_cell_its_range() -> None:
    cells = line_cells([3, 4, 30])
    hidden = disclosure.protect(cells, STANDARD)
    rows = {name: (lo, hi) for name, _, lo, hi, _ in audit.report(cells, hidden, threshold=5)}
    assert rows["x=0"][0] < rows["x=0"][1]


# ---- the attacks in issue 19 -----------------------------------------------------------------


def test_diffs_impact_report_gives_no_withheld_count_by_subtraction(sample: pd.DataFrame) -> None:
    """In impact.md a withheld 3 was 321 - 284 - 34 of published figures; and the "71
    change" of the headline was the one settled move of the pathway table."""
    result = impact(sample, AS_WRITTEN, load_whatif(Path(YOUNG_CHILD_13)))
    assert result.hidden, "the what-if moves a few incidents: some cells are withheld"
    for name, table in result.tables():
        if name != "referrals_by_quarter":
            assert subtracted(table) == [], name
    assert audit.determined(result.cells, result.hidden, threshold=5) == []  # type: ignore[arg-type]
    # The headline's changes are the settled moves: both published, or neither.
    moved = [
        v
        for _, row in result.pathways.iterrows()
        for c, v in row.items()
        if c not in ("old_pathway", ALL, "undetermined")
        and row["old_pathway"] not in (ALL, "undetermined", c)
    ]
    if SUPPRESSED in moved:
        assert result.headline["changes"] == SUPPRESSED
    assert f"on {result.headline['incidents']} incidents" in impact_markdown(result)
    assert f"{result.headline['changes']} incidents change" in impact_markdown(result)


def test_the_notebook_protects_only_what_it_shows_and_withholds_fewer_cells(
    sample: pd.DataFrame,
) -> None:
    """Notebook 04 showed the pathway table and the referrals, and withheld cells to protect
    tables it never showed: secondary suppression picks the fewest, smallest cells."""
    whatif = load_whatif(Path(YOUNG_CHILD_13))
    shown = impact(sample, AS_WRITTEN, whatif, tables=SHOWN)
    everything = impact(sample, AS_WRITTEN, whatif, tables=TABLES)
    assert shown.suppressed < everything.suppressed
    assert audit.determined(shown.cells, shown.hidden, threshold=5) == []  # type: ignore[arg-type]
    assert shown.by_quarter.empty and [n for n, _ in shown.tables()] == [
        "pathway_transitions",
        "subtype_transitions",
        "referrals_by_quarter",
    ]
    moved = shown.rows.query("old_pathway != new_pathway")
    moved_cells = moved.groupby(["old_pathway", "new_pathway"]).size()
    table = shown.pathways.set_index("old_pathway")
    published_moves = [table.at[a, b] != SUPPRESSED for a, b in moved_cells.index]
    assert any(published_moves), "not every moved cell is withheld"


def test_a_summary_subtype_table_with_one_small_cell_does_not_give_it_away(
    sample: pd.DataFrame,
) -> None:
    adult = sample.index[sample["age_pictured"].fillna(0).to_numpy() >= 18]
    df = sample.drop(adult[3:])  # three incidents not youth produced: a primary cell
    s = summarise(df)
    gone = s.withheld["subtype"]["count"].to_numpy()
    assert gone[list(s.subtype["subtype"]).index("not_youth_produced")]
    total_published = not gone[-1]
    assert not (total_published and gone[:-1].sum() == 1)  # no subtraction from the total
    assert audit.determined(s.cells, s.hidden, threshold=5) == []  # type: ignore[arg-type]


def test_no_withheld_count_of_the_sample_summary_is_determined(sample: pd.DataFrame) -> None:
    """Before, 11 withheld counts of the sample's summary were fixed by what a reader knows
    of their bounds (two primary months summing to 10, a secondary of 6 beside a 1)."""
    s = summarise(sample)
    assert s.hidden
    assert audit.determined(s.cells, s.hidden, threshold=5) == []  # type: ignore[arg-type]


def test_the_trends_headline_shows_the_chosen_months_and_no_figure_from_withheld_counts(
    sample: pd.DataFrame,
) -> None:
    """Filtered to one incident, the headline showed its month and named a most common
    subtype it did not have."""
    others = sample[sample["agency"] != "other"]
    in_other = sample[sample["agency"] == "other"]
    one = in_other.iloc[[len(in_other) // 2]]
    view = TrendsView(pd.concat([others, one], ignore_index=True))
    first, last = view.month_range.options[0], view.month_range.options[-1]
    view.set_filters(agencies=["other"])
    assert len(view.filtered()) == 1
    month = str(one["reported_month"].iloc[0])
    assert month not in (first, last)
    figures = view.headline()
    assert figures["months"] == f"{first} to {last}"  # the filter's months, not the incident's
    assert month not in " ".join(figures.values())
    assert figures["incidents"] == SUPPRESSED
    assert figures["most_common_subtype"] == SUPPRESSED
    assert view.summary is not None
    assert view.summary.quarter["quarter"].iloc[0] == str(pd.Period(first, "M").asfreq("Q"))


def _with_subtypes(s: Summary, counts: dict[str, int], withheld: set[str]) -> Summary:
    table = s.subtype.copy()
    values = [counts.get(str(k), 0) for k in table["subtype"][:-1]]
    table["count"] = pd.array([*values, sum(values)], dtype="Int64")
    mask = s.withheld["subtype"].copy()
    mask["count"] = [str(k) in withheld for k in table["subtype"]]
    return dataclasses.replace(s, subtype=table, withheld={**s.withheld, "subtype": mask})


@pytest.mark.parametrize(
    ("counts", "withheld", "named"),
    [
        ({"romantic": 8, "other": 5, "adult_involved": 4}, {"other", "adult_involved"}, "c"),
        ({"romantic": 20, "other": 5, "adult_involved": 4}, {"other", "adult_involved"}, ROMANTIC),
        ({"romantic": 9, "other": 9}, set(), f"{ROMANTIC} and Experimental: other"),
    ],
    ids=["withheld-could-be-larger", "settled", "tie"],
)
def test_the_most_common_subtype_is_named_only_when_the_published_figures_settle_it(
    sample: pd.DataFrame, counts: dict[str, int], withheld: set[str], named: str
) -> None:
    s = _with_subtypes(summarise(sample.iloc[:200]), counts, withheld)
    assert most_common(s) == named


def test_a_very_small_file_does_not_say_which_withheld_counts_are_small(
    incidents: RandomIncidents,
) -> None:
    """Where saying which withheld counts are primary (at most the threshold) and which
    secondary (above it) would fix some, those reasons are not said."""
    s = summarise(incidents(40, seed=2))
    assert Reason.WITHHELD in set(s.hidden.values())
    assert "withheld" in set(s.suppression["reason"])
    assert audit.determined(s.cells, s.hidden, threshold=5) == []  # type: ignore[arg-type]
