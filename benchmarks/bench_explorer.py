"""How long the explorer takes to follow one change of a fact, with and without Graphviz.

An update reads the form, assesses the incident (exploring the facts not known), writes the
outcome HTML and builds the flowchart's DOT with the path in bold and the branches still
possible dashed; Graphviz's ``dot`` then lays it out. The first figure
leaves ``dot`` out (a stand-in returns the DOT text) and draws every chart afresh; the others
add ``dot``, first uncached, then as the explorer runs (each path's chart kept once drawn).
The target for the first is under 50 ms. Prints figures; asserts nothing about speed.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_explorer.py [--changes N]``.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable, Iterator

import graphviz

from policy_model.views.explorer import Explorer

# Facts that move the path around both charts, in turn.
CHANGES: tuple[dict[str, object], ...] = (
    {"age_pictured": 15, "age_youngest_involved": 15, "sharing": "partner"},
    {"adult_involved": True},
    {"adult_involved": False, "intent_to_harm": True, "sharing": "peers"},
    {"intent_to_harm": False, "pictured_willing": False, "sharing": "public"},
    {
        "pictured_willing": True,
        "age_pictured": 11,
        "age_youngest_involved": 11,
        "sharing": "none",
        "sexual_motive": False,
    },
    {
        "age_pictured": 15,
        "age_youngest_involved": 15,
        "sexual_motive": True,
        "vulnerable": True,
        "sharing": "partner",
    },
    {"vulnerable": False, "immediate_risk": True},
    {"immediate_risk": False, "age_pictured": 19},
    {"age_pictured": 15, "platform": "snapchat"},
    {"adult_involved": None, "coercion": None, "sharing": None},  # back to not known: open
    {"adult_involved": False, "coercion": False, "sharing": "peers"},
)


def _dot_text(dot: graphviz.Digraph) -> bytes:
    return str(dot.source).encode()


def _changes(n: int) -> Iterator[dict[str, object]]:
    return itertools.islice(itertools.cycle(CHANGES), n)


def time_updates(explorer: Explorer, n: int, *, widget: bool = False) -> list[float]:
    """Milliseconds per change: through ``set_facts``, or one control at a time (as clicks)."""
    times = []
    for change in _changes(n):
        started = time.perf_counter()
        if widget:
            for fact, value in change.items():
                explorer.controls[fact].value = value
        else:
            explorer.set_facts(**change)
        times.append(1000 * (time.perf_counter() - started))
    return times


def _report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * len(times)))]
    print(
        f"{label:<52} median {statistics.median(times):6.1f} ms   "
        f"95th {p95:6.1f} ms   max {times[-1]:6.1f} ms   (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=400, help="changes to time [400]")
    n = parser.parse_args().changes
    runs: list[tuple[str, Callable[[], Explorer], bool]] = [
        ("update without dot (DOT built afresh every time)", lambda: Explorer(pipe=_dot_text, cache=False), False),
        ("same, each fact set on its own widget (1 to 4 updates)", lambda: Explorer(pipe=_dot_text, cache=False), True),
        ("update with dot, uncached", lambda: Explorer(cache=False), False),
        ("update with dot, as the explorer runs (cached)", Explorer, False),
    ]  # fmt: skip
    for label, make, widget in runs:
        explorer = make()
        time_updates(explorer, len(CHANGES))  # warm up
        count = n if "uncached" not in label else min(n, 80)
        _report(label, time_updates(explorer, count, widget=widget))


if __name__ == "__main__":
    main()
