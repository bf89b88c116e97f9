"""Disclosure control on the sample: cells withheld, cells the audit finds determined, time.

Run: .venv/bin/python benchmarks/bench_disclosure.py

For the sample's summary and for the impact of each what-if in data/ (every table of
``policy-model diff``, and notebook 04's page), prints how many cells are withheld, how many
of them linear programming over the published figures could work out (0 is the rule), how
many primary cells keep the whole range 1 to the threshold, and the seconds taken. Asserts
nothing about time.
"""

from __future__ import annotations

import time
from pathlib import Path

from policy_model import load_incidents, summarise
from policy_model.editions import AS_WRITTEN, PROPOSED, load_whatif
from policy_model.stats import audit
from policy_model.stats.disclosure import STANDARD, Cells, Key, Reason
from policy_model.stats.impact import TABLES, impact
from policy_model.views.policy_change import SHOWN

ROOT = Path(__file__).resolve().parent.parent


def line(name: str, cells: Cells, hidden: dict[Key, Reason], seconds: float) -> str:
    rows = audit.report(cells, hidden, threshold=STANDARD.threshold)
    shown = [r for r in rows if r[0] and r[1] == "primary"]
    determined = sum(1 for _, _, lo, hi, _ in rows if audit.Range(lo, hi).determined)
    wide = sum(1 for r in shown if r[4])
    return (
        f"{name:<44} withheld {len(hidden):>4}  determined {determined}  "
        f"primary keeping 1..{STANDARD.threshold}: {wide}/{len(shown)}  {seconds:.2f} s"
    )


def main() -> None:
    df = load_incidents(ROOT / "data" / "sample_incidents.csv")
    start = time.perf_counter()
    s = summarise(df)
    seconds = time.perf_counter() - start
    assert s.cells is not None
    print(line("summarise (sample, 1,500 incidents)", s.cells, s.hidden, seconds))
    editions = [("proposed", PROPOSED)] + [
        (path.stem, load_whatif(path)) for path in sorted((ROOT / "data").glob("*.yaml"))
    ]
    for name, edition in editions:
        for label, tables in (("diff", TABLES), ("notebook 04", SHOWN)):
            start = time.perf_counter()
            result = impact(df, AS_WRITTEN, edition, tables=tables)
            seconds = time.perf_counter() - start
            assert result.cells is not None
            print(line(f"impact {name} ({label})", result.cells, result.hidden, seconds))


if __name__ == "__main__":
    main()
