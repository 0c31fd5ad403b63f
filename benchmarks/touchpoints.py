"""Time the written service model (SPEC §8) on the 100k book: `due` without and with
touchpoints, `model` and `plan`.

Copies the book `run.py`/`generate.py` built (`benchmarks/.books/100k.db`) to a temporary
directory, times `due` there with no touchpoints, applies `touchpoints-model.toml` (A: a
weekly call with attempts counting and a quarterly review; B: an annual review; sam and jo
with capacity) with `cadence model apply`, then times `due`, `model` and `plan`. `due` runs
with `--limit 50`, the rows a screen shows (into a pipe it draws every row of a 40,000-row
table, which times Rich, not the touchpoints). One process per run, cases interleaved per
round so a busy machine slows them alike; prints the median of each and the ratio of `due`
with touchpoints to `due` without.

    python benchmarks/touchpoints.py             # 5 rounds on the 100k book
    python benchmarks/touchpoints.py --rounds 3 --book benchmarks/.books/10k.db
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOOK = HERE / ".books" / "100k.db"
MODEL = HERE / "touchpoints-model.toml"
DUE = ["due", "--limit", "50"]
ENV = {"CADENCE_TODAY": "2026-11-23", "CADENCE_TZ": "Europe/London", "CADENCE_USER": "sam"}


def cadence(db: Path, *args: str) -> float:
    """Run one command in its own process; its wall time in seconds (a failure stops all)."""
    env = {**os.environ, **ENV, "CADENCE_DB": str(db)}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cadence_cli", *args], env=env, capture_output=True, text=True
    )
    took = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"cadence {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return took


def rounds(db: Path, cases: dict[str, list[str]], count: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(count):
        for name, args in cases.items():
            times[name].append(cadence(db, *args))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--book", type=Path, default=BOOK)
    args = parser.parse_args()
    if not args.book.exists():
        raise SystemExit(f"no book at {args.book}: build it with `python benchmarks/run.py`")
    with tempfile.TemporaryDirectory(prefix="cadence-touchpoints-") as scratch:
        db = Path(scratch) / "book.db"
        shutil.copyfile(args.book, db)
        plain = rounds(db, {"due (no touchpoints)": DUE}, args.rounds)
        cadence(db, "model", "apply", str(MODEL))
        timed = rounds(
            db,
            {"due (touchpoints)": DUE, "model": ["model"], "plan": ["plan"]},
            args.rounds,
        )
    medians = {name: statistics.median(t) for name, t in {**plain, **timed}.items()}
    print(f"{args.book.name}, median of {args.rounds} runs each:")
    for name, seconds in medians.items():
        print(f"  {name:<22} {seconds:6.2f} s")
    ratio = medians["due (touchpoints)"] / medians["due (no touchpoints)"]
    print(f"  due with / without     {ratio:6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
