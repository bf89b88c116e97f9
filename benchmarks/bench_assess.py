"""Throughput of the model: assess_frame against a per-row assess loop, and classify CSV->CSV,
on random incidents with a share of facts not known (``--unknown``, default 10%).

Prints figures; asserts nothing about speed. Run: ``make bench`` or
``.venv/bin/python benchmarks/bench_assess.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from policy_model import Incident, assess, assess_frame
from policy_model.cli import main as cli_main
from policy_model.editions import AS_WRITTEN
from policy_model.engine.frame import Codes, contradictions
from policy_model.model.columns import COLUMNS, Kind


def random_incidents(n: int, seed: int = 1, unknown: float = 0.1) -> pd.DataFrame:
    """Uniformly random facts over the whole fact space, typed as load_incidents gives them;
    each fact, age and sharing value is not known with probability ``unknown``."""
    rng = np.random.default_rng(seed)
    pictured = rng.integers(0, 26, n).astype(np.int8)
    youngest = np.minimum(pictured, rng.integers(0, 26, n)).astype(np.int8)
    df = pd.DataFrame(
        {
            "incident_id": [f"B-{i}" for i in range(n)],
            "reported_month": pd.PeriodIndex(["2024-06"] * 1, freq="M").repeat(n),
            "age_pictured": pd.arrays.IntegerArray(pictured, rng.random(n) < unknown),
            "age_youngest_involved": pd.arrays.IntegerArray(youngest, rng.random(n) < unknown),
        }
    )
    for column in COLUMNS.of_kind(Kind.CATEGORY):
        if column.name == "recorded_subtype":
            continue
        values = list(column.values)
        codes = rng.integers(0, len(values), n)
        if column.may_be_unknown:
            codes = np.where(rng.random(n) < unknown, -1, codes)
        df[column.name] = pd.Categorical.from_codes(codes, categories=values)
    for name in COLUMNS.facts:
        df[name] = pd.arrays.BooleanArray(rng.random(n) < 0.25, rng.random(n) < unknown)
    # an adult involved needs a child (model/constraints.py): where everyone is an adult,
    # such a row would be refused, so its adult involvement is made not known
    for _, rows in contradictions(Codes(df), AS_WRITTEN.constraints):
        df.loc[rows, "adult_involved"] = pd.NA
    return df


def best_of(repeats: int, fn: object) -> float:
    assert callable(fn)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="rows for the per-row loop")
    parser.add_argument("--unknown", type=float, default=0.1, help="share of facts not known")
    args = parser.parse_args()

    df = random_incidents(args.rows, unknown=args.unknown)
    first_s = best_of(1, lambda: assess_frame(df))  # builds the pattern tables, once a process
    frame_s = best_of(3, lambda: assess_frame(df))
    sample = df.head(args.sample)
    columns = list(sample.columns)
    records = [
        {c: None if v is pd.NA or v != v else v for c, v in zip(columns, row, strict=True)}
        for row in sample.astype(object).itertuples(index=False)
    ]
    for r in records:
        r["reported_month"] = str(r["reported_month"])

    def loop() -> None:
        for r in records:
            assess(Incident(**r))

    loop_s = best_of(1, loop) * args.rows / args.sample
    print(f"rows                       {args.rows:>12,}   ({args.unknown:.0%} of facts not known)")
    print(f"assess_frame               {frame_s:>10.3f} s   {args.rows / frame_s:>14,.0f} rows/s")
    print(f"  its first call (tables)  {first_s:>10.3f} s   {args.rows / first_s:>14,.0f} rows/s")
    print(
        f"assess loop (scaled from {args.sample:,}) {loop_s:>6.1f} s   "
        f"{args.rows / loop_s:>14,.0f} rows/s"
    )
    print(f"assess_frame / loop        {loop_s / frame_s:>10.0f} x")

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        raw = df.assign(reported_month=df["reported_month"].astype(str))
        import pyarrow as pa
        import pyarrow.csv as pa_csv

        pa_csv.write_csv(pa.Table.from_pandas(raw, preserve_index=False), src)
        size_mb = src.stat().st_size / 1e6
        in_process = best_of(3, lambda: cli_main(["classify", str(src), "-o", str(dst)]))
        exe = Path(sys.executable).with_name("policy-model")
        start = time.perf_counter()
        subprocess.run(
            [str(exe), "classify", str(src), "-o", str(dst)],
            check=True,
            stderr=subprocess.DEVNULL,
            env={**os.environ},
        )
        end_to_end = time.perf_counter() - start
        print(f"classify CSV->CSV in-process {in_process:>8.2f} s   ({size_mb:.0f} MB in)")
        print(f"policy-model classify (new process, imports included) {end_to_end:.2f} s")


if __name__ == "__main__":
    main()
