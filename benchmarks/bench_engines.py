"""classify CSV->CSV with each engine beside one hand-written DuckDB query: time and memory.

Run: .venv/bin/python benchmarks/bench_engines.py [--rows 1000000] [--large] [--repeat 3]

Each run is its own subprocess, timed wall-clock (best of ``--repeat`` rounds, in which the
three take turns), with its peak resident memory (``ru_maxrss`` of that process alone, from
``os.wait4``). ``--large`` adds a 10M-row run (some 1.5 GB of CSV in, 3.5 GB out per engine; a few minutes). The yardstick is
bench_pipeline's hand-written CASEs in DuckDB, CSV to CSV, writing the same columns as
classify, text quoted as classify quotes it (no checks, no unknowns: each output column is a
CASE or a copy, the reasons a sentence per branch), so that it writes a file of about the
same size. Prints figures, ratios and output sizes; asserts nothing about time; checks both
engines' outputs are the same bytes. Temporary files are removed.
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

from policy_model.editions import AS_WRITTEN
from policy_model.engine.frame import version_of

# Why each branch of the hand-written CASEs is taken, for the yardstick's reasons column: a
# sentence per branch, about as long as classify's reasons (some 80 characters in all).
_WHY_SUBTYPE = [
    "18 or over pictured",
    "an adult involved",
    "intent to harm or coercion",
    "the child pictured not willing",
    "not sent or no sexual motive",
    "sent to a partner",
    "sent beyond a partner, sexual motive",
]
_WHY_PATHWAY = [
    "youngest 18 or over, no adult",
    "a concern for immediate referral",
    "aggravating conduct",
    "young or vulnerable",
    "none of the concerns above",
]


def _why(case: str, texts: list[str]) -> str:
    """``case`` with each branch's value replaced by why it was taken."""
    lines = case.strip().splitlines()
    out, i = [], 0
    for line in lines:
        if "THEN '" in line or line.strip().startswith("ELSE '"):
            head = line[: line.rindex("'", 0, line.rindex("'"))]
            out.append(f"{head}'{texts[i]}'")
            i += 1
        else:
            out.append(line)
    assert i == len(texts), "a branch without a reason"
    return "\n".join(out)


YARDSTICK = """
import sys, duckdb
source, target, subtype, pathway, why_subtype, why_pathway, version = sys.argv[1:]
con = duckdb.connect()
query = (
    f"WITH c AS (SELECT *, {subtype} AS subtype, {pathway} AS pathway, "
    f"'typology: ' || {why_subtype} || '; pathway: ' || {why_pathway} AS reasons "
    f"FROM read_csv('{source}', header = true)) "
    "SELECT * EXCLUDE (subtype, pathway, reasons), "
    "CASE WHEN subtype = 'not_youth_produced' THEN subtype "
    "WHEN subtype IN ('adult_involved', 'youth_intent_to_harm', 'youth_reckless_misuse') "
    "THEN 'aggravated' ELSE 'experimental' END AS category, subtype, pathway, "
    "subtype AS possible_subtypes, pathway AS possible_pathways, "
    "pathway AS precautionary_pathway, NULL::VARCHAR AS ask_next, reasons, "
    f"'{version}' AS guidance_version FROM c"
)
# text quoted as classify quotes it (every text cell), so that the files are alike
text = [row[0] for row in con.execute(f"DESCRIBE {query}").fetchall() if row[1] == "VARCHAR"]
quoted = ", ".join(f'"{name}"' for name in text)
con.execute(f"COPY ({query}) TO '{target}' (HEADER, FORCE_QUOTE ({quoted}))")
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


def best(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, float]]:
    """Each command's best time and largest peak over ``repeat`` rounds, the commands taking
    turns within a round (a burst of other work on the machine then slows every one alike,
    not all the runs of one)."""
    found: dict[str, list[tuple[float, float]]] = {key: [] for key in commands}
    for _ in range(repeat):
        for key, command in commands.items():
            found[key].append(run(command))
    return {key: (min(t for t, _ in runs), max(m for _, m in runs)) for key, runs in found.items()}


def bench(rows: int, repeat: int, work: Path) -> None:
    source = work / f"in-{rows}.csv"
    cli = [sys.executable, "-m", "policy_model.cli"]
    subprocess.run([*cli, "synth", "-n", str(rows), "--seed", "1", "-o", str(source)],
                   check=True, capture_output=True)  # fmt: skip
    size = source.stat().st_size / 1e6
    outputs = {e: work / f"{e}-{rows}.csv" for e in ("pandas", "duckdb", "hand")}
    pathway = PATHWAY_SQL.format(youngest="age_youngest_involved")
    version = version_of(AS_WRITTEN).replace("'", "''")
    commands = {
        "hand": [
            sys.executable,
            "-c",
            YARDSTICK,
            str(source),
            str(outputs["hand"]),
            SUBTYPE_SQL,
            pathway,
            _why(SUBTYPE_SQL, _WHY_SUBTYPE),
            _why(pathway, _WHY_PATHWAY),
            version,
        ],
        **{
            engine: [*cli, "classify", str(source), "-o", str(outputs[engine]), "--engine", engine]
            for engine in ("pandas", "duckdb")
        },
    }
    figures = best(commands, repeat)
    same = filecmp.cmp(outputs["pandas"], outputs["duckdb"], shallow=False)
    hand_time = figures["hand"][0]
    print(f"\n{rows:,} incidents, {size:,.0f} MB CSV (best of {repeat}; 2 cores, shared)")
    print(f"{'':38} {'seconds':>8} {'x hand':>7} {'peak MB':>8} {'out MB':>7}")
    labels = {
        "hand": "hand-written DuckDB query (yardstick)",
        "pandas": "classify --engine pandas",
        "duckdb": "classify --engine duckdb",
    }
    for key in ("hand", "pandas", "duckdb"):
        seconds, peak = figures[key]
        written = outputs[key].stat().st_size / 1e6
        print(
            f"{labels[key]:38} {seconds:8.2f} {seconds / hand_time:6.2f}x {peak:8.0f} "
            f"{written:7.0f}"
        )
    print(f"the two engines' outputs are the same bytes: {same}")
    for path in [source, *outputs.values()]:
        path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--large", action="store_true", help="also 10,000,000 rows")
    parser.add_argument("--repeat", type=int, default=3)  # as every table in docs/performance.md
    parser.add_argument("--dir", type=Path, default=None, help="where the files go [a temp dir]")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        bench(args.rows, args.repeat, Path(tmp))
        if args.large:
            bench(10_000_000, 1, Path(tmp))


if __name__ == "__main__":
    main()
