"""Charts draw the published values only: withheld counts are never drawn as numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from policy_model import summarise
from policy_model.stats.summary import ALL
from policy_model.views.charts import bars, heat_map, png, stacked_bars

from .conftest import RandomIncidents


def bar_extent(fig: object, horizontal: bool) -> np.ndarray:
    """The far end of each stacked bar (the sum of its drawn segments)."""
    ax = fig.axes[0]  # type: ignore[attr-defined]
    ends: dict[float, float] = {}
    for patch in ax.patches:
        at = patch.get_y() if horizontal else patch.get_x()
        size = patch.get_width() if horizontal else patch.get_height()
        ends[round(at, 6)] = ends.get(round(at, 6), 0.0) + size
    return np.array([ends[k] for k in sorted(ends)])


def texts(fig: object) -> list[str]:
    return [t.get_text().strip() for t in fig.axes[0].texts]  # type: ignore[attr-defined]


def test_a_stacked_bar_reaches_its_published_total(incidents: RandomIncidents) -> None:
    """Withheld parts are drawn as one hatched segment, so each bar's length is its total."""
    s = summarise(incidents(300, seed=3))
    table = s.agency
    assert table["count"].isna().any(), "the example needs some withheld cells"
    fig = stacked_bars(table, "agency", title="t")
    totals = table.loc[(table["subtype"] == ALL) & (table["agency"] != ALL), "count"]
    shown = totals.notna().to_numpy()  # a withheld total: the bar is its published parts only
    extent = bar_extent(fig, horizontal=True)
    assert shown.any() and np.allclose(extent[shown], totals[shown].astype(float).to_numpy())
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[-1] == "Withheld (c)"
    assert any(p.get_hatch() and p.get_width() > 0 for p in fig.axes[0].patches)


def test_quarters_are_columns_labelled_with_their_totals(incidents: RandomIncidents) -> None:
    s = summarise(incidents(400, seed=5))
    fig = stacked_bars(s.quarter, "quarter", title="t")
    totals = s.quarter.loc[(s.quarter["subtype"] == ALL) & (s.quarter["quarter"] != ALL), "count"]
    assert texts(fig) == ["c" if pd.isna(t) else f"{int(t):,}" for t in totals]


def test_a_withheld_heat_map_cell_shows_c_not_a_number(incidents: RandomIncidents) -> None:
    s = summarise(incidents(300, seed=3))
    table = s.age_band[(s.age_band["age_band"] != ALL) & (s.age_band["subtype"] != ALL)]
    fig = heat_map(s.age_band, "age_band", "subtype", title="t")
    shown = texts(fig)
    assert shown.count("c") == int(table["count"].isna().sum()) > 0
    published = {f"{int(v):,}" for v in table["count"].dropna()}
    assert set(shown) - {"c"} == published


def test_bars_label_each_value_in_plain_english(incidents: RandomIncidents) -> None:
    s = summarise(incidents(200, seed=1), profile=None)
    fig = bars(s.pathway, "pathway", title="t")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "Refer immediately to children's social care and/or police"
    assert texts(fig) == [f"{int(v):,}" for v in s.pathway["count"][:-1]]


def test_png_is_an_image_without_a_version_stamp(incidents: RandomIncidents) -> None:
    s = summarise(incidents(100, seed=2), profile=None)
    data = png(bars(s.category, "category", title="t")).data
    assert data[:4] == b"\x89PNG" and b"Software" not in data


def test_undetermined_incidents_are_drawn_in_grey_after_the_subtypes(
    incidents: RandomIncidents,
) -> None:
    s = summarise(incidents(400, seed=5, unknown=0.1), profile=None)
    fig = stacked_bars(s.agency, "agency", title="t")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[-2:] == ["Not yet determined (facts not known)", "Withheld (c)"]
    assert len(legend) == 9  # seven subtypes, undetermined, withheld: none dropped
    totals = s.agency.loc[(s.agency["subtype"] == ALL) & (s.agency["agency"] != ALL), "count"]
    assert np.allclose(bar_extent(fig, horizontal=True), totals.astype(float).to_numpy())
