"""`cadence work` in a real terminal (tmux): one key press answers a card, no Enter, and
Ctrl-C ends the session with the summary of what was saved and exit code 130."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_completion_shells import Terminal

import cadence_cli

SOURCES = str(Path(cadence_cli.__file__).resolve().parents[1])
"""The tree under test: the session imports it, not whatever `cadence` is installed."""


@pytest.fixture
def session(sqlite_cadence: Any) -> Iterator[Terminal]:
    """`cadence work` running in a 200-column tmux pane, on a book with three cards."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    cadence = sqlite_cadence
    cadence.ok("add", "Lars Eriksen", "--tier", "B", today="2026-10-01")
    cadence.ok("add", "Maria Alvarez", "--tier", "A", "--phone", "(415) 555-0101")
    cadence.ok("add", "Tom Becker", "--tier", "A")
    cadence.ok("log", "Lars", "--on", "2026-10-20", "--channel", "email")
    env = {key: value for key, value in os.environ.items() if key.startswith("CADENCE_")}
    env |= {
        "CADENCE_DB": cadence.db,
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": SOURCES,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
    }
    run = f"{shlex.quote(sys.executable)} -m cadence_cli work"
    term = Terminal(f"sh -c {shlex.quote(f'{run}; echo exit=$?; sleep 60')}", env)
    try:
        yield term
    finally:
        term.close()


@pytest.mark.slow
def test_one_key_answers_and_ctrl_c_ends_with_the_summary(
    session: Terminal, sqlite_cadence: Any
) -> None:
    term = session
    term.wait("the first card", lambda s: "[1/3] #1 Lars Eriksen · B · due" in s)
    assert "snoo[z]e [s]kip [q]uit:" in term.screen()
    term.tmux("send-keys", "-l", "t")  # one key, no Enter
    term.wait("the text logged", lambda s: "Logged text with Lars Eriksen (message)" in s)
    term.wait("the second card", lambda s: "[2/3] #2 Maria Alvarez · A · due" in s)
    assert "  Phone:         (415) 555-0101" in term.screen()
    term.tmux("send-keys", "-l", "n")
    term.wait("the follow-up offer", lambda s: "Follow up now? [t]exted [e]mailed" in s)
    term.tmux("send-keys", "-l", "e")
    term.wait("the email logged", lambda s: "Logged email with Maria Alvarez (message)" in s)
    term.wait("the third card", lambda s: "[3/3] #3 Tom Becker · A · due" in s)
    term.tmux("send-keys", "C-c")
    screen = term.wait("the end", lambda s: "exit=" in s)
    assert "Stopped at card 3 of 3: 1 no answer, 1 text, 1 email; 1 still due." in screen
    assert "every answer given is saved" in screen
    assert "exit=130" in screen
    due = json.loads(sqlite_cadence.ok("due", "--json"))
    assert [c["name"] for c in due["contacts"]] == ["Tom Becker"]


@pytest.mark.slow
def test_due_keeps_one_line_per_client_in_a_60_column_terminal(sqlite_cadence: Any) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    cadence = sqlite_cadence
    long_name = "Maria Alvarez-Fernández de la Torre y Castellanos"
    cadence.ok("add", long_name, "--tier", "A", "--email", "maria.alvarez@example-domain.com")
    cadence.ok("add", "Tom Becker", "--tier", "A", "--phone", "(415) 555-0101")
    env = {key: value for key, value in os.environ.items() if key.startswith("CADENCE_")}
    env |= {"CADENCE_DB": cadence.db, "PATH": os.environ["PATH"], "PYTHONPATH": SOURCES}
    env |= {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "NO_COLOR": "1"}
    run = f"{shlex.quote(sys.executable)} -m cadence_cli due"
    term = Terminal(f"sh -c {shlex.quote(f'{run}; echo exit=$?; sleep 60')}", env)
    try:
        term.tmux("resize-window", "-x", "60", "-y", "20")
        term.tmux("respawn-pane", "-k", f"sh -c {shlex.quote(f'{run}; echo exit=$?; sleep 60')}")
        screen = term.wait("the list", lambda s: "exit=0" in s)
    finally:
        term.close()
    rows = [line.rstrip() for line in screen.splitlines() if line[:2] in ("1 ", "2 ")]
    assert len(rows) == 2, screen  # one line each, nothing wrapped onto a second line
    assert all(len(row) <= 60 for row in rows)
    assert rows[0].startswith("1  Maria Alvarez") and "…" in rows[0]
    assert rows[1].endswith("(415) 555-0101")
