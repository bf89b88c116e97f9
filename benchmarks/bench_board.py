"""Time the board's figures (rates, SPC series, funnel, ranges, comparisons) on N synthetic
incidents: ``python benchmarks/bench_board.py [N]``. Prints seconds; asserts nothing."""

from __future__ import annotations

import sys
import time

from policy_model.engine.frame import assess_frame
from policy_model.incidents.synth import synthesise
from policy_model.incidents.synth_areas import synthesise_population
from policy_model.stats.board import board
from policy_model.stats.periods import parse_period


def main(n: int) -> None:
    frame = assess_frame(synthesise(n, seed=1))
    population = synthesise_population()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        board(frame, period=parse_period("2024-25"), population=population)
        times.append(time.perf_counter() - start)
    print(f"board figures on {n:,} incidents: median {sorted(times)[1]:.2f} s of 3 runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
