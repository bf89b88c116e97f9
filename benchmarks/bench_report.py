"""How long ``policy-model report`` takes: the 1,500-row sample to HTML and to PDF, and
1,000,000 synthetic incidents (made with ``policy-model synth``) to HTML.

Run: .venv/bin/python benchmarks/bench_report.py [--runs 3] [--rows 1000000]

Each report runs in a fresh interpreter, as a user runs it (the notebook's kernel starts each
time); the figures are the median wall time over ``--runs`` (one run for the large file).
Goals on a 2-core machine: 20 s (sample, HTML), 30 s (sample, PDF), 3 minutes (1,000,000
incidents). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_incidents.csv"
RUN_CLI = "import sys; from policy_model.cli import main; sys.exit(main(sys.argv[1:]))"
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
}


def seconds(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args], cwd=ROOT, env=ENV, check=True, capture_output=True
    )
    return time.perf_counter() - started


def median(args: list[str], runs: int) -> float:
    return statistics.median(seconds(args) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--period", default="2025Q1", help="the period each paper reports")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        out = Path(work)
        period = ["--period", options.period]
        html = median(["report", str(SAMPLE), *period, "-o", str(out / "a.html")], options.runs)
        print(f"sample ({SAMPLE.name}, 1,500 rows) -> HTML: {html:6.1f} s  (goal 20 s)")
        pdf = median(["report", str(SAMPLE), *period, "-o", str(out / "a.pdf")], options.runs)
        print(f"sample ({SAMPLE.name}, 1,500 rows) -> PDF:  {pdf:6.1f} s  (goal 30 s)")
        if options.rows:
            big = out / "big.parquet"
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    RUN_CLI,
                    "synth",
                    "-n",
                    str(options.rows),
                    "--seed",
                    "1",
                    "-o",
                    str(big),
                ],
                cwd=ROOT,
                env=ENV,
                check=True,
                capture_output=True,
            )
            made = time.perf_counter() - started
            large = seconds(["report", str(big), *period, "-o", str(out / "big.html")])
            print(
                f"{options.rows:,} incidents (synth, {made:.0f} s to make) -> HTML: "
                f"{large:6.1f} s  (goal 180 s)"
            )


if __name__ == "__main__":
    main()
