"""The 1M-row pipeline: classify CSV->CSV, summaries, peak memory; DuckDB side by side.

Run: .venv/bin/python benchmarks/bench_pipeline.py [--rows 1000000]

Prints figures and ratios; asserts nothing about time. DuckDB does the same classification
with the query ``policy-model sql`` generates from the graphs (``engine/sql.py``), and the same
group-by counts; the script checks both give the same answers on every output column.

One independent yardstick stays written by hand: the subtype and pathway as plain CASEs,
updated for model 2 as far as they go. They read complete facts only (NULL falls through
to the wrong branch), so they are compared on the rows where every fact they read is known.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
from bench_assess import best_of

from policy_model import cli, load_incidents, summarise
from policy_model.engine.frame import assess_frame
from policy_model.engine.sql import SQL_OUTPUT_COLUMNS, query
from policy_model.incidents.synth import synthesise
from policy_model.model.conditions import PICTURED, YOUNGEST

# The yardstick, by hand: the guidance as written, complete facts only.
SUBTYPE_SQL = """
CASE
  WHEN age_pictured >= 18 THEN 'not_youth_produced'
  WHEN adult_involved THEN 'adult_involved'
  WHEN intent_to_harm OR coercion THEN 'youth_intent_to_harm'
  WHEN NOT pictured_willing THEN 'youth_reckless_misuse'
  WHEN sharing = 'none' OR NOT sexual_motive THEN 'other'
  WHEN sharing = 'partner' THEN 'romantic'
  ELSE 'sexual_attention_seeking'
END"""

PATHWAY_SQL = """
CASE
  WHEN {youngest} >= 18 AND NOT adult_involved THEN 'adult_image_abuse'
  WHEN adult_involved OR coercion OR capacity_concern OR extreme_content
       OR (sexual_acts AND age_pictured <= 12) OR immediate_risk THEN 'refer_immediately'
  WHEN intent_to_harm OR NOT pictured_willing THEN 'specialist_discussion'
  WHEN {youngest} <= 12 OR vulnerable THEN 'safeguarding_procedures'
  ELSE 'manage_within_agency'
END"""
YARDSTICK_READS = [
    *("adult_involved", "intent_to_harm", "coercion", "pictured_willing", "sharing"),
    *("sexual_motive", "capacity_concern", "extreme_content", "sexual_acts"),
    *("immediate_risk", "vulnerable"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source, out, duck_out = work / "in.csv", work / "out.csv", work / "duck.csv"
        frame = synthesise(args.rows, seed=1, progress=False)
        frame.to_csv(source, index=False)
        size = source.stat().st_size / 1e6
        print(f"{args.rows:,} synthetic incidents, {size:.0f} MB CSV")

        with contextlib.redirect_stderr(io.StringIO()):
            t_inproc = best_of(3, lambda: cli.main(["classify", str(source), "-o", str(out)]))
        command = [sys.executable, "-m", "policy_model.cli", "classify", str(source)]
        start = time.perf_counter()
        subprocess.run([*command, "-o", str(out)], check=True, capture_output=True)
        t_subproc = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        con = duckdb.connect()
        con.execute(f"CREATE VIEW incidents AS SELECT * FROM read_csv('{source}', header = true)")
        has_youngest = YOUNGEST in frame.columns
        generated = query(dialect="duckdb", youngest_column=has_youngest)
        t_duck = best_of(3, lambda: con.execute(f"COPY ({generated}) TO '{duck_out}' (HEADER)"))
        pathway_sql = PATHWAY_SQL.format(youngest=YOUNGEST if has_youngest else PICTURED)
        yardstick = f"SELECT *, {SUBTYPE_SQL} AS subtype, {pathway_sql} AS pathway FROM incidents"
        t_yardstick = best_of(
            3, lambda: con.execute(f"CREATE OR REPLACE TABLE hand AS {yardstick}")
        )

        # Same answers: every row, every output column; the yardstick where facts are complete.
        columns = ["incident_id", *SQL_OUTPUT_COLUMNS]
        ours = pd.read_csv(out, usecols=columns, dtype=str, keep_default_na=False)
        theirs = pd.read_csv(duck_out, usecols=columns, dtype=str, keep_default_na=False)
        merged = ours.merge(theirs, on="incident_id", suffixes=("", "_duck"), validate="1:1")
        rows_agree = (
            pd.concat([merged[c] == merged[f"{c}_duck"] for c in SQL_OUTPUT_COLUMNS], axis=1)
            .all(axis=1)
            .mean()
        )
        complete = " AND ".join(
            f"{c} IS NOT NULL" for c in [*YARDSTICK_READS, PICTURED] + [YOUNGEST] * has_youngest
        )
        hand = con.execute(f"SELECT incident_id, subtype, pathway FROM hand WHERE {complete}").df()
        hand = hand.merge(ours, on="incident_id", suffixes=("_hand", ""), validate="1:1")
        yardstick_agree = (
            (hand["subtype"] == hand["subtype_hand"]) & (hand["pathway"] == hand["pathway_hand"])
        ).mean()

        assessed = assess_frame(load_incidents(source))
        t_summary = best_of(5, lambda: summarise(assessed))
        raw = summarise(assessed, profile=None)
        group_sql = f"""
            SELECT agency, subtype, count(*) AS n FROM (
              SELECT agency, subtype FROM ({generated}))
            GROUP BY ALL"""
        t_duck_groups = best_of(3, lambda: con.execute(group_sql).fetchall())
        duck_groups = con.execute(group_sql).df().set_index(["agency", "subtype"])["n"]
        ours_groups = raw.agency.set_index(["agency", "subtype"])["count"]
        groups_agree = all(ours_groups[k] == v for k, v in duck_groups.items())
        subtype_counts = con.execute(
            f"SELECT subtype, count(*) FROM read_csv('{duck_out}', header=true) GROUP BY 1"
        ).fetchall()
        counts_agree = all(
            raw.subtype.set_index("subtype").loc[s, "count"] == n for s, n in subtype_counts
        )

        print(f"classify CSV->CSV, in-process (cli.main): {t_inproc:6.2f} s")
        print(f"classify CSV->CSV, subprocess:            {t_subproc:6.2f} s")
        print(f"query: {len(generated):,} characters")
        print(f"DuckDB, generated query CSV->CSV:         {t_duck:6.2f} s")
        print(f"DuckDB, hand-written yardstick CSV->table: {t_yardstick:6.2f} s")
        print(f"  ratio in-process / DuckDB:              {t_inproc / t_duck:6.2f}x  (target <= 2)")
        print(f"peak memory of the classify subprocess:   {peak_mb:6.0f} MB  (target < 1024)")
        print(f"summarise, standard profile, assessed:    {t_summary:6.3f} s  (target < 0.3)")
        print(f"DuckDB agency x subtype group-by on CSV:  {t_duck_groups:6.3f} s")
        print(f"per-row agreement with DuckDB, every output column: {rows_agree:.6f}")
        print(
            f"yardstick agreement on the {len(hand):,} rows with complete facts: "
            f"{yardstick_agree:.6f}"
        )
        print(
            f"subtype counts equal: {counts_agree}; agency x subtype counts equal: {groups_agree}"
        )


if __name__ == "__main__":
    main()
