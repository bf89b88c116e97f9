"""classify CSV->CSV with each engine beside one hand-written DuckDB query: time and memory.

Run: .venv/bin/python benchmarks/bench_engines.py [--rows 1000000] [--large] [--repeat 2]

Each run is its own subprocess, timed wall-clock (best of ``--repeat``), with its peak
resident memory (``ru_maxrss`` of that process alone, from ``os.wait4``). ``--large`` adds a
10M-row run (some 1.5 GB of CSV in, 3.5 GB out per engine; a few minutes). The yardstick is
bench_pipeline's hand-written CASEs in DuckDB, CSV to CSV: no checks, no unknowns, no reasons.
Prints figures and ratios; asserts nothing about time; checks both engines' outputs are the
same bytes. Temporary files are removed.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_pipeline import PATHWAY_SQL, SUBTYPE_SQL

YARDSTICK = """
import sys, duckdb
source, target, subtype, pathway = sys.argv[1:]
con = duckdb.connect()
con.execute(
    f"COPY (SELECT *, {subtype} AS subtype, {pathway} AS pathway "
    f"FROM read_csv('{source}', header = true)) TO '{target}' (HEADER)"
)
"""


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one subprocess."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(
            f"{command} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024


def best(command: list[str], repeat: int) -> tuple[float, float]:
    found = [run(command) for _ in range(repeat)]
    return min(t for t, _ in found), max(m for _, m in found)


def bench(rows: int, repeat: int, work: Path) -> None:
    source = work / f"in-{rows}.csv"
    cli = [sys.executable, "-m", "policy_model.cli"]
    subprocess.run([*cli, "synth", "-n", str(rows), "--seed", "1", "-o", str(source)],
                   check=True, capture_output=True)  # fmt: skip
    size = source.stat().st_size / 1e6
    outputs = {e: work / f"{e}-{rows}.csv" for e in ("pandas", "duckdb", "hand")}
    pathway = PATHWAY_SQL.format(youngest="age_youngest_involved")
    figures = {
        "hand": best(
            [
                sys.executable,
                "-c",
                YARDSTICK,
                str(source),
                str(outputs["hand"]),
                SUBTYPE_SQL,
                pathway,
            ],
            repeat,
        ),
        **{
            engine: best(
                [*cli, "classify", str(source), "-o", str(outputs[engine]), "--engine", engine],
                repeat,
            )
            for engine in ("pandas", "duckdb")
        },
    }
    same = filecmp.cmp(outputs["pandas"], outputs["duckdb"], shallow=False)
    hand_time = figures["hand"][0]
    print(f"\n{rows:,} incidents, {size:,.0f} MB CSV (best of {repeat}; 2 cores, shared)")
    print(f"{'':38} {'seconds':>8} {'x hand':>7} {'peak MB':>8}")
    labels = {
        "hand": "hand-written DuckDB query (yardstick)",
        "pandas": "classify --engine pandas",
        "duckdb": "classify --engine duckdb",
    }
    for key in ("hand", "pandas", "duckdb"):
        seconds, peak = figures[key]
        print(f"{labels[key]:38} {seconds:8.2f} {seconds / hand_time:6.2f}x {peak:8.0f}")
    print(f"the two engines' outputs are the same bytes: {same}")
    for path in [source, *outputs.values()]:
        path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--large", action="store_true", help="also 10,000,000 rows")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=None, help="where the files go [a temp dir]")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        bench(args.rows, args.repeat, Path(tmp))
        if args.large:
            bench(10_000_000, 1, Path(tmp))


if __name__ == "__main__":
    main()
