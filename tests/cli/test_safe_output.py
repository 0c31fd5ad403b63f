"""Stored text never reaches the terminal raw (issue 18 item 2, the output side).

The hostile values are written straight into the store, as an older cadence, a hand edit or
a teammate's import could have left them: input checks are another layer, and this one must
hold without them. Every screen and every `--json` must show them as visible escapes.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from test_completion_shells import Terminal

import cadence_cli
from cadence_cli.render.safe import escape_json, safe_text

CSI_NAME = "Eve\u009b2J"  # 8-bit CSI: "erase the screen"
OSC_NOTE = "hello\u009d0;title\u009c"  # 8-bit OSC: set the window title
HOSTILE = {
    "name": CSI_NAME + "\x1b[31m",
    "notes": "line one\n" + OSC_NOTE + "\u202eevil\u200b\x7f",
    "owner": "sam\u2066x",
    "email": "eve\ufeff@example.com",
}
SOURCES = str(Path(cadence_cli.__file__).resolve().parents[1])
"""The tree under test: the terminal's command imports it, not an installed cadence."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def hostile_book(cadence: Any) -> None:
    """A client with control characters in every text field, a due promise and a touch."""
    cadence.ok(
        "add", "Eve", "--tier", "A", "--tag", "vip", "--owner", "sam", "--new-owner", "--note", "x"
    )
    cadence.ok(
        "add", "Bob", "--tier", "A", "--owner", "kim", "--new-owner"
    )  # two owners: `due` shows them
    cadence.ok("log", "Eve", "--on", "2026-11-01", "--note", "called")
    cadence.ok("promise", "add", "Eve", "report", "--by", "2026-11-20", today="2026-11-01")
    with sqlite3.connect(cadence.db) as db:
        db.execute(
            "UPDATE client SET name = ?, notes = ?, owner = ?, email = ? WHERE name = 'Eve'",
            (HOSTILE["name"], HOSTILE["notes"], HOSTILE["owner"], HOSTILE["email"]),
        )
        db.execute("UPDATE client_tag SET tag = ?", ("v\u009bip",))
        db.execute("UPDATE touch SET note = ?", ("said \u009b2J\nbye",))
        db.execute("UPDATE promise SET text = ?", ("send \u009d0;x\u009c report",))


def assert_clean(text: str) -> None:
    found = RAW.findall(text)
    assert not found, f"raw control characters reached the output: {found!r}"


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["due", "--all"],
        ["clients"],
        ["show", "#1"],
        ["promise", "list"],
        ["team"],
        ["report"],
        ["tier", "list"],
    ],
    ids=" ".join,
)
def test_screens_escape_control_characters(sqlite_cadence: Any, args: list[str]) -> None:
    hostile_book(sqlite_cadence)
    out = sqlite_cadence.ok(*args)
    assert_clean(out)


def test_show_keeps_note_lines_and_escapes_the_rest(sqlite_cadence: Any) -> None:
    hostile_book(sqlite_cadence)
    out = sqlite_cadence.ok("show", "#1")
    assert "#1 Eve\\x9b2J\\x1b[31m" in out
    notes = out.splitlines()
    start = next(i for i, line in enumerate(notes) if line.startswith("  Notes:"))
    assert notes[start].rstrip() == "  Notes:         line one"
    assert notes[start + 1].rstrip() == (
        "                 hello\\x9d0;title\\x9c\\u202eevil\\u200b\\x7f"
    )
    assert "said \\x9b2J\\nbye" in out  # a touch note is one line in the history


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--json"],
        ["clients", "--json"],
        ["show", "#1", "--json"],
        ["promise", "list", "--json"],
    ],
    ids=" ".join,
)
def test_json_escapes_control_characters_and_keeps_the_data(
    sqlite_cadence: Any, args: list[str]
) -> None:
    hostile_book(sqlite_cadence)
    out = sqlite_cadence.ok(*args)
    assert_clean(out)
    assert "\\u009b2J" in out
    data = json.loads(out)  # the escapes decode to the stored characters
    assert CSI_NAME in json.dumps(data, ensure_ascii=False)


def test_export_json_escapes_and_round_trips(sqlite_cadence: Any) -> None:
    hostile_book(sqlite_cadence)
    out = sqlite_cadence.ok("export", "--format", "json")
    assert_clean(out)
    client = json.loads(out)["clients"][0]
    assert (client["name"], client["notes"]) == (HOSTILE["name"], HOSTILE["notes"])


def test_a_command_line_that_names_the_client_is_escaped(sqlite_cadence: Any) -> None:
    hostile_book(sqlite_cadence)
    out = sqlite_cadence.ok("log", "#1")
    assert_clean(out)
    assert out.startswith("Logged call with Eve\\x9b2J\\x1b[31m on Mon 23 Nov")


@pytest.mark.parametrize(
    ("text", "multiline", "shown"),
    [
        ("Ada", False, "Ada"),
        ("a\nb\tc", False, "a\\nb\\tc"),
        ("a\r\nb\tc", True, "a\nb\tc"),
        ("\x1b[2J", True, "\\x1b[2J"),
        ("\u009b2J \u009d0;t\u009c", False, "\\x9b2J \\x9d0;t\\x9c"),
        ("\u202eabc\u2069", False, "\\u202eabc\\u2069"),
        ("a\u200bb\u200c\u200d\u2060\ufeff", False, "a\\u200bb\\u200c\\u200d\\u2060\\ufeff"),
        ("\x7f", False, "\\x7f"),
        ("Zoë 李 🙂 café", False, "Zoë 李 🙂 café"),
    ],
)
def test_safe_text(text: str, multiline: bool, shown: str) -> None:
    assert safe_text(text, multiline=multiline) == shown


def test_escape_json_keeps_the_value() -> None:
    value = {"name": "a\u009bb\u202e\x7f\ud800é"}
    text = escape_json(json.dumps(value, ensure_ascii=False))
    assert text == '{"name": "a\\u009bb\\u202e\\u007f\\ud800é"}'
    assert json.loads(text) == value


@pytest.mark.slow
def test_a_real_terminal_keeps_every_row_and_its_title(sqlite_cadence: Any) -> None:
    """The audit's attack, in tmux: a name that erases the screen and a note that sets the
    window title. Escaped, the earlier output, every row and the title survive `due`."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    hostile_book(sqlite_cadence)
    with sqlite3.connect(sqlite_cadence.db) as db:
        db.execute(
            "UPDATE client SET name = ? WHERE id = 1",
            ("Eve\x1b[2J\x1b[H\u009b2J\x1b]2;pwned\x07",),
        )
    env = {key: value for key, value in os.environ.items() if key.startswith("CADENCE_")}
    env |= {
        "CADENCE_DB": sqlite_cadence.db, "PATH": os.environ["PATH"], "PYTHONPATH": SOURCES,
        "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color", "NO_COLOR": "1",
    }  # fmt: skip
    run = f"{shlex.quote(sys.executable)} -m cadence_cli due"
    term = Terminal(f"sh -c {shlex.quote(f'echo earlier output; {run}; echo exit=$?; sleep 60')}",
                    env)  # fmt: skip
    try:
        screen = term.wait("due to finish", lambda s: "exit=" in s)
        title = term.tmux("display-message", "-p", "#{pane_title}").strip()
    finally:
        term.close()
    assert "earlier output" in screen  # the screen was not erased
    assert "exit=0" in screen
    assert "Bob" in screen and "Eve" in screen
    assert "\\x1b[2J" in screen  # shown, not obeyed
    assert title != "pwned"
