"""How long the command line takes to start: ``--help`` and a small ``explain``.

Run: .venv/bin/python benchmarks/bench_cli.py [--runs 10]

Each command runs ``--runs`` times in a fresh interpreter; the figures are the median wall
time and its cost over a bare interpreter (``python -c pass``), whose target is at most
0.3 s. Also lists the heavy libraries each one loads. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "numpy", "pyarrow", "graphviz", "matplotlib", "ipywidgets")
RUN_CLI = "import sys; from policy_model.cli import main; sys.exit(main(sys.argv[1:]))"
COMMANDS: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "import policy_model": ["-c", "import policy_model"],
    "policy-model --help": ["-c", RUN_CLI, "--help"],
    "policy-model explain --age 14 --sharing peers": [
        "-c",
        RUN_CLI,
        "explain",
        "--age",
        "14",
        "--sharing",
        "peers",
    ],
}


def median_seconds(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def heavy_loaded(args: list[str]) -> list[str]:
    """The heavy libraries in sys.modules when the command has run."""
    probe = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print(' '.join(m for m in {HEAVY!r} if m in sys.modules), "
        "file=sys.stderr))\n"
    )
    code = args[1] if args[0] == "-c" else "pass"
    result = subprocess.run(
        [sys.executable, "-c", probe + code, *args[2:]], cwd=ROOT, capture_output=True, text=True
    )
    return result.stderr.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    bare = median_seconds(COMMANDS["python -c pass"], runs)
    print(f"median of {runs} runs each, in a fresh interpreter ({sys.executable})")
    for name, args in COMMANDS.items():
        seconds = median_seconds(args, runs)
        loaded = ", ".join(heavy_loaded(args)) or "none"
        print(
            f"{name:48} {seconds:6.3f} s  (+{seconds - bare:5.3f} s over bare; "
            f"heavy libraries: {loaded})"
        )


if __name__ == "__main__":
    main()
