"""Many processes using one book at once never fail and never lose a touch (SPEC §4).

Each worker is an OS process that runs cadence commands through the real CLI entry point:
the Click command is built once per process, then invoked in-process for every command, so
the test measures the store, not hundreds of interpreter start-ups. A file barrier releases
the workers together so their transactions really overlap. Every test runs on a SQLite file
(WAL, busy timeout, BEGIN IMMEDIATE for writes) and on PostgreSQL.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cadence_cli.cli import app
from cadence_cli.store.urls import describe_url

WORKERS = 8
TOUCHES_EACH = 100

# argv: worker number, ready file, go file, job (JSON). The book comes from CADENCE_DB.
WORKER = r"""
import io, json, os, sys, time
from contextlib import redirect_stdout

import typer.main

from cadence_cli.cli import app
from cadence_cli.store.urls import describe_url

worker, ready, go, job = int(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
command = typer.main.get_command(app)
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.005)
failures = 0
for i in range(job["count"]):
    ref = job["refs"][i % len(job["refs"])]
    args = [part.format(w=worker, i=i, ref=ref) for part in job["args"]]
    with redirect_stdout(io.StringIO()) as out:
        try:
            command.main(args, prog_name="cadence")
            code = 0
        except SystemExit as stop:
            code = stop.code or 0
    if code != 0 or not out.getvalue().startswith(job["expect"]):
        failures += 1
        print(f"{args}: exit {code}: {out.getvalue()!r}", file=sys.stderr)
sys.exit(1 if failures else 0)
"""


def run_together(tmp_path: Path, job: dict[str, Any], *, made_note: str = "") -> float:
    """Run WORKERS processes on `job`, released at once; assert each exited 0 with no stderr
    (but `made_note`, which exactly one says when given). Returns the wall time from the
    release to the last exit."""
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(WORKERS)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(n), str(ready[n]), str(go), json.dumps(job)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in ready):
        assert all(p.poll() is None for p in procs), "a worker died before the start"
        assert time.monotonic() < deadline, "workers did not start within 60 s"
        time.sleep(0.01)
    start = time.monotonic()
    go.touch()
    outcomes = [(proc.communicate(timeout=300)[1], proc.returncode) for proc in procs]
    elapsed = time.monotonic() - start
    for n, (stderr, code) in enumerate(outcomes):
        assert code == 0 and stderr in ("", made_note), f"worker {n}: {stderr}"
    if made_note:
        assert [stderr for stderr, _ in outcomes].count(made_note) == 1
    return elapsed


def ok(db: str, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"CADENCE_DB": db})
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def journal_mode(book: str) -> str | None:
    if "://" in book:
        return None
    with sqlite3.connect(book) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


@pytest.mark.slow
def test_eight_processes_log_800_touches_without_error_or_loss(
    cadence: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Ada Lovelace", "Bob Marley", "Cleo Laine", "Dan Brown"):
        cadence.ok("add", name, "--tier", "A")
    monkeypatch.setenv("CADENCE_DB", cadence.db)
    job = {
        "count": TOUCHES_EACH,
        "refs": ["#1", "bob", "Cleo Laine", "#4"],  # by id, by part of a name, by full name
        "args": ["log", "{ref}", "--channel", "text", "--note", "w{w}-{i}"],
        "expect": "Logged text with ",
    }

    elapsed = run_together(tmp_path, job)

    notes: list[str] = []
    for client_id in (1, 2, 3, 4):
        touches = json.loads(cadence.ok("show", f"#{client_id}", "--json"))["touches"]
        assert len(touches) == WORKERS * TOUCHES_EACH // 4
        notes += [t["note"] for t in touches]
    assert len(notes) == WORKERS * TOUCHES_EACH == 800
    assert set(notes) == {f"w{w}-{i}" for w in range(WORKERS) for i in range(TOUCHES_EACH)}
    assert json.loads(cadence.ok("due", "--json"))["contacts"] == []  # all reached today
    team = json.loads(cadence.ok("team", "--json"))["members"]
    assert [(m["name"], m["touches_7d"]) for m in team] == [("sam", 800)]
    assert journal_mode(cadence.db) in ("wal", None)
    store = "postgresql" if "://" in cadence.db else "sqlite"
    print(f"\n{WORKERS} processes x {TOUCHES_EACH} touches on {store}: {elapsed:.1f} s")


def test_eight_processes_opening_a_new_book_at_once_all_succeed(
    new_book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first command migrates the empty store; the others wait for it instead of racing
    it to create the same tables (as a team does after upgrading cadence)."""
    db = new_book
    monkeypatch.setenv("CADENCE_DB", db)
    job = {"count": 2, "refs": [""], "args": ["add", "Client {w}-{i}"], "expect": "Added #"}

    where = describe_url(db) if "://" in db else db
    place = "in" if "://" in db else "at"
    run_together(tmp_path, job, made_note=f"note: created a new book {place} {where}\n")

    names = sorted(c["name"] for c in json.loads(ok(db, "clients", "--json")))
    assert names == sorted(f"Client {w}-{i}" for w in range(WORKERS) for i in range(2))
    assert [t["name"] for t in json.loads(ok(db, "tier", "list", "--json"))] == [
        "A",
        "B",
        "C",
    ]
    assert journal_mode(db) in ("wal", None)
