"""The generated SQL query on 1M rows in DuckDB, beside assess_frame on the same rows.

Run: .venv/bin/python benchmarks/bench_sql.py [--rows 1000000] [--unknown 0.1]

Prints the query's size and both times, and checks the answers agree; asserts nothing about
time. The rows are random (each fact yes or no, a share of them not known; the youngest
involved no older than the youngest pictured, adult involvement not known where everyone
is an adult), typed as the loader types a dataset.
"""

from __future__ import annotations

import argparse

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from bench_assess import best_of

from policy_model.editions import AS_WRITTEN
from policy_model.engine.frame import Codes, assess_frame, contradictions
from policy_model.engine.sql import SQL_OUTPUT_COLUMNS, query
from policy_model.model.columns import COLUMNS, Kind
from policy_model.model.conditions import PICTURED, YOUNGEST


def incidents(n: int, unknown: float, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame: dict[str, object] = {"incident_id": [f"B{i:07d}" for i in range(n)]}
    for column in COLUMNS.values():
        if column.kind == Kind.FACT:
            frame[column.name] = pd.arrays.BooleanArray(
                rng.random(n) < 0.3, rng.random(n) < unknown
            )
        elif column.kind == Kind.CATEGORY and column.name == "sharing":
            codes = np.where(rng.random(n) < unknown, -1, rng.integers(0, 4, n))
            frame[column.name] = pd.Categorical.from_codes(codes, list(column.values))
    pictured = rng.integers(8, 22, n)
    youngest = np.minimum(pictured, rng.integers(8, 22, n))
    frame[PICTURED] = pd.arrays.IntegerArray(pictured.astype(np.int8), rng.random(n) < unknown)
    frame[YOUNGEST] = pd.arrays.IntegerArray(youngest.astype(np.int8), rng.random(n) < unknown)
    df = pd.DataFrame(frame)
    for _, rows in contradictions(Codes(df), AS_WRITTEN.constraints):  # would be refused
        df.loc[rows, "adult_involved"] = pd.NA
    return df


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--unknown", type=float, default=0.1, help="share of facts not known")
    args = parser.parse_args()
    frame = incidents(args.rows, args.unknown)
    sql = query(dialect="duckdb")
    print(f"query: {len(sql):,} characters, {len(sql.encode()):,} bytes (DuckDB dialect)")
    print(f"{args.rows:,} rows, {args.unknown:.0%} of facts not known")

    con = duckdb.connect()
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    con.register("staged", arrow)
    con.execute("CREATE TABLE incidents AS SELECT * FROM staged")
    con.unregister("staged")

    t_frame = best_of(3, lambda: assess_frame(frame))
    t_duck = best_of(3, lambda: con.execute(f"CREATE OR REPLACE TABLE out AS {sql}"))
    t_duck_arrow = best_of(3, lambda: con.sql(sql).to_arrow_table())
    print(f"assess_frame (pandas, in memory):          {t_frame:6.2f} s")
    print(f"DuckDB, the query into a table:            {t_duck:6.2f} s")
    print(f"DuckDB, the query fetched as Arrow:        {t_duck_arrow:6.2f} s")
    print(f"  ratio assess_frame / DuckDB (table):     {t_frame / t_duck:6.2f}x")

    ours = assess_frame(frame)
    theirs = con.execute("SELECT * FROM out ORDER BY incident_id").df()
    agree = all(
        ours[c].astype(object).where(ours[c].notna(), None).tolist()
        == theirs[c].astype(object).where(theirs[c].notna(), None).tolist()
        for c in SQL_OUTPUT_COLUMNS
    )
    print(f"every output column equal on every row:    {agree}")


if __name__ == "__main__":
    main()
