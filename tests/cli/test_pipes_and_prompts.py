"""Two things a real process sees and CliRunner hides (issue 18 items 9 and 13, issue 14).

- A reader that stops early (`cadence clients | head -1`): the pipe closes under cadence,
  which must leave quietly with exit 0, as `ls | head` does, not "internal error" (exit 1).
- A question that waits for a person (`undo` asks before it removes): while it waits, no
  lock is held, so a teammate's `log` goes through instead of failing with "busy".

Both run cadence as a child process on the tree under test.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import cadence_cli

SOURCES = str(Path(cadence_cli.__file__).resolve().parents[1])


def child_env(db: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "CADENCE_DB": db,
        "CADENCE_TODAY": "2026-11-23",
        "CADENCE_USER": "sam",
        "PYTHONPATH": SOURCES,
        "NO_COLOR": "1",
        **extra,
    }


@pytest.fixture
def big_book(sqlite_cadence: Any, tmp_path: Path) -> str:
    """3,000 clients: every listing is far more than a pipe's 64 KiB buffer holds."""
    rows = "".join(f"Client {n:04d},c{n}@example.com,B\n" for n in range(3000))
    (tmp_path / "clients.csv").write_text("name,email,tier\n" + rows)
    sqlite_cadence.ok("import", str(tmp_path / "clients.csv"))
    return str(sqlite_cadence.db)


@pytest.mark.parametrize(
    "command",
    ["clients", "due --all", "due --json", "due --all --plain", "export --format csv"],
)
def test_a_reader_that_stops_early_ends_cadence_quietly_with_exit_0(
    big_book: str, command: str
) -> None:
    shell = (
        f"set -o pipefail; {sys.executable} -m cadence_cli {command} | head -1 > /dev/null; "
        "echo status=$?"
    )
    result = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, env=child_env(big_book), timeout=120
    )
    assert result.stdout == "status=0\n", result.stderr
    assert result.stderr == ""


def _read_until(stream: Any, text: str, timeout: float = 60) -> str:
    """What the child wrote to `stream` up to `text` (the question), without blocking forever."""
    seen, deadline = b"", time.monotonic() + timeout
    while text.encode() not in seen:
        assert time.monotonic() < deadline, f"waited for {text!r}; got {seen!r}"
        ready, _, _ = select.select([stream], [], [], 0.5)
        if ready:
            chunk = os.read(stream.fileno(), 4096)
            assert chunk, f"the child ended before asking; it wrote {seen!r}"
            seen += chunk
    return seen.decode()


def test_a_teammate_can_log_while_undo_waits_for_its_answer(sqlite_cadence: Any) -> None:
    cadence = sqlite_cadence
    cadence.ok("add", "Ada", "--tier", "A")
    cadence.ok("add", "Bob", "--tier", "A")
    db = str(cadence.db)
    log_mine = [sys.executable, "-m", "cadence_cli", "log", "Ada", "--note", "mine"]
    mine = subprocess.run(log_mine, capture_output=True, text=True, env=child_env(db), timeout=60)
    assert mine.returncode == 0, mine.stderr

    undo = subprocess.Popen(
        [sys.executable, "-m", "cadence_cli", "undo"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=child_env(db),
    )  # fmt: skip
    try:
        _read_until(undo.stderr, "Remove it?")
        started = time.monotonic()
        teammate = subprocess.run(
            [sys.executable, "-m", "cadence_cli", "log", "Bob", "--note", "kim's call"],
            capture_output=True, text=True, env=child_env(db, CADENCE_USER="kim"), timeout=60,
        )  # fmt: skip
        waited = time.monotonic() - started
        assert teammate.returncode == 0, teammate.stderr
        assert waited < 8, f"the teammate's log waited {waited:.1f} s behind the question"
        out, err = undo.communicate(b"y\n", timeout=60)
    finally:
        if undo.poll() is None:
            undo.kill()
    assert undo.returncode == 0, err.decode()
    assert out.decode().endswith("Removed touch 1.\n"), out.decode()
    touches = json.loads(cadence.ok("touches", "--json"))
    assert [(t["name"], t["note"], t["by"]) for t in touches] == [("Bob", "kim's call", "kim")]


def test_counts_through_a_pipe_are_true_on_a_200_client_book(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    """Issue 14's check: long accented names and long emails, read by `grep` and `wc` in a
    real shell: no cell is cut with "…" and no row wraps onto a second line."""
    first = ["María José", "Jean-Baptiste", "Zoë", "Mohammed", "Siobhán", "Łukasz"]
    last = ["Alvarez-Fernández de la Torre", "Ó Súilleabháin", "Kowalczyk-Wiśniewska"]
    domains = ["gmail.com", "outlook.com", "a-very-long-company-domain.example.com"]
    rows = [
        f"{first[n % 6]} {last[n % 3]} {n},person.{n}.long.address@{domains[n % 4 % 3]},"
        f"(415) 555-{n:04d},{'ABC'[n % 3]}\n"
        for n in range(200)
    ]
    (tmp_path / "book.csv").write_text("name,email,phone,tier\n" + "".join(rows))
    sqlite_cadence.ok("import", str(tmp_path / "book.csv"))
    gmail = sum("@gmail.com," in row for row in rows)
    due = int(sqlite_cadence.ok("due", "--count"))

    def shell(line: str) -> str:
        env = child_env(str(sqlite_cadence.db))
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {line}"],
                              capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    cadence = f"{sys.executable} -m cadence_cli"
    assert shell(f"{cadence} clients | grep -c gmail.com") == str(gmail)
    assert shell(f"{cadence} due | grep -c '(415) 555-'") == str(due) == "200"
    assert shell(f"{cadence} due | grep -c Fernández") == str(sum("Fern" in r for r in rows))
    assert shell(f"{cadence} due | {{ grep -c … || true; }}") == "0"  # grep -c exits 1 on none
