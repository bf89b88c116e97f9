"""Small-number suppression: primary cells, complements, and nothing recoverable from totals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_model.stats import audit, disclosure
from policy_model.stats.disclosure import STANDARD, STRICT, Cells, Key, Reason

from .helpers import line_cells


def _grid(values: list[list[int]]) -> tuple[Cells, dict[tuple[int, int], Key]]:
    """A 2-D table with row, column and grand totals (index -1 is the total)."""
    n_rows, n_cols = len(values), len(values[0])
    grid = np.zeros((n_rows + 1, n_cols + 1), dtype=int)
    grid[:-1, :-1] = values
    grid[:-1, -1] = grid[:-1, :-1].sum(axis=1)
    grid[-1, :] = grid[:-1, :].sum(axis=0)
    keys: dict[tuple[int, int], Key] = {}
    cells = Cells()
    for i in range(n_rows + 1):
        for j in range(n_cols + 1):
            key: Key = (("r", str(i)),) if i < n_rows else ()
            key += (("s", str(j)),) if j < n_cols else ()
            keys[(i, j)] = key
            cells.add(key, int(grid[i, j]))
    for i in range(n_rows + 1):
        cells.relate(keys[(i, n_cols)], [keys[(i, j)] for j in range(n_cols)])
    for j in range(n_cols + 1):
        cells.relate(keys[(n_rows, j)], [keys[(i, j)] for i in range(n_rows)])
    return cells, keys


def test_counts_up_to_the_threshold_are_primary_and_zeros_are_kept() -> None:
    cells = line_cells([0, 1, 5, 6, 40])
    hidden = disclosure.protect(cells, STANDARD)
    assert hidden[(("x", "1"),)] is Reason.PRIMARY
    assert hidden[(("x", "2"),)] is Reason.PRIMARY
    assert (("x", "0"),) not in hidden


def test_a_lone_primary_cell_gets_the_smallest_non_zero_complement() -> None:
    cells = line_cells([3, 0, 40, 9, 20])
    hidden = disclosure.protect(cells, STANDARD)
    assert hidden == {(("x", "0"),): Reason.PRIMARY, (("x", "3"),): Reason.SECONDARY}


def test_the_total_is_hidden_when_no_other_cell_can_be() -> None:
    """A one-way table whose only non-zero cell is primary: the total would reveal it."""
    cells = line_cells([0, 4, 0])
    hidden = disclosure.protect(cells, STANDARD)
    assert () in hidden
    assert (("x", "1"),) in hidden


def test_hidden_cells_that_must_all_be_one_get_another_complement() -> None:
    """Zeros are shown, so hidden cells are at least 1: two hidden 1s summing to 2 are known."""
    cells = line_cells([1, 1, 50, 60])
    hidden = disclosure.protect(cells, STANDARD)
    assert (("x", "2"),) in hidden


def test_the_strict_profile_hides_counts_up_to_ten() -> None:
    cells = line_cells([7, 10, 11, 30])
    assert {(("x", "0"),), (("x", "1"),)} <= set(disclosure.protect(cells, STRICT))
    assert (("x", "1"),) not in disclosure.protect(line_cells([7, 10, 11, 30]), STANDARD)


def test_recoverable_finds_a_cell_fixed_by_combining_rows_and_columns() -> None:
    """Two hidden rectangles joined by one hidden cell: the joining cell is a bridge."""
    values = [[10, 10, 0, 0], [10, 10, 10, 0], [0, 0, 10, 10], [0, 0, 10, 10]]
    cells, keys = _grid(values)
    hidden = [keys[i, j] for i in range(4) for j in range(4) if values[i][j]]
    assert disclosure.recoverable(cells, hidden) == {keys[1, 2]}


def test_a_hidden_rectangle_is_not_recoverable() -> None:
    cells, keys = _grid([[3, 4, 20], [5, 2, 30], [8, 9, 10]])
    assert disclosure.recoverable(cells, [keys[0, 0], keys[0, 1], keys[1, 0], keys[1, 1]]) == set()


def test_an_unknown_profile_is_refused_with_the_allowed_names() -> None:
    with pytest.raises(ValueError, match=r"unknown suppression profile: 'lax' \(must be one of"):
        disclosure.profile("lax")


def test_the_same_cell_with_two_values_is_refused() -> None:
    cells = Cells()
    cells.add((("x", "a"),), 3)
    with pytest.raises(ValueError, match="x=a is 3 in one table and 4 in another"):
        cells.add((("x", "a"),), 4)


counts = st.one_of(st.just(0), st.integers(1, 12), st.integers(13, 200))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=1, max_size=6
        )
    ),
    st.sampled_from([STANDARD, STRICT]),
)
def test_no_published_small_count_and_nothing_recoverable(
    values: list[list[int]], rule: disclosure.Profile
) -> None:
    """Property: no published count is 1..threshold; no line has one hidden cell; no hidden
    cell is fixed by the totals, nor by them with what a reader knows of withheld counts (the
    linear-programming audit); zeros stay published."""
    cells, _ = _grid(values)
    hidden = disclosure.protect(cells, rule)
    for key, value in cells.values.items():
        if key not in hidden:
            assert not 1 <= value <= rule.threshold
        else:
            assert value > 0
    for relation in cells.relations:
        members = (relation.total, *relation.parts)
        assert sum(m in hidden for m in members) != 1
    assert disclosure.recoverable(cells, hidden) == set()
    assert audit.determined(cells, hidden, threshold=rule.threshold) == []
