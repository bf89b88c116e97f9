"""The board's charts: labelled axes, and alt text that says what they show."""

from __future__ import annotations

import pandas as pd

from policy_model.stats.funnel import funnel
from policy_model.stats.spc import xmr
from policy_model.views import stats_charts as sc


def test_spc_chart_labels_its_axes_and_alt_text_states_the_signal() -> None:
    values = [5, 6, 4, 5, 6, 5, 4, 8, 9, 8, 9, 8, 9, 8, 9, 12]
    months = [str(m) for m in pd.period_range("2024-01", periods=len(values), freq="M")]
    result = xmr(pd.DataFrame({"period": months, "value": values}))
    ax = sc.spc_chart(result, title="Incidents a month").axes[0]
    assert ax.get_xlabel() == "Month reported" and ax.get_ylabel() == "Incidents a month"
    alt = sc.spc_alt_text(result, what="incidents a month")
    assert "7 months below the mean 2024-01 to 2024-07" in alt
    assert "2025-04 above the upper process limit" in alt


def test_funnel_chart_never_names_a_withheld_area() -> None:
    rates = pd.DataFrame(
        {
            "period": "p",
            "dimension": ["all", "area", "area", "area"],
            "group": ["all", "high", "usual", "hidden"],
            "incidents": pd.array([600, 200, 120, None], dtype="Int64"),
            "population": pd.array([100_000, 20_000, 20_000, 400], dtype="Int64"),
            "rate_per_10000": pd.array([60.0, 100.0, 60.0, None], dtype="Float64"),
            "marker": ["", "", "", "c"],
        }
    )
    f = funnel(rates)
    fig = sc.funnel_chart(f, title="Areas")
    texts = [t.get_text() for t in fig.axes[0].texts] + [t.get_text() for t in fig.texts]
    assert "high" in texts and not any("hidden" in t for t in texts)
    assert "per 10,000 children" in fig.axes[0].get_ylabel()
    alt = sc.funnel_alt_text(f)
    assert "high (above)" in alt and "hidden" not in alt


def test_range_bars_mark_a_withheld_end_c() -> None:
    table = pd.DataFrame(
        {
            "dimension": "category",
            "group": ["experimental", "aggravated"],
            "settled": pd.array([548, 655], dtype="Int64"),
            "up_to": pd.array([800, None], dtype="Int64"),
        }
    )
    fig = sc.range_bars(table, "category", title="Categories")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["548 settled, up to 800", "655 settled, up to c"]
    assert "Aggravated: 655 settled, up to c" in sc.range_alt_text(table, "category")
