"""Issue 18, items 4, 5, 6 and 11: what a bad file, a bad path or a careless URL can still do.

* 4: `export --out` never replaces a symlink, a FIFO or a device: it renames over a regular
  file (or nothing), writes through a FIFO or character device, refuses anything else.
* 5: a database password is masked by field (user:password and the query string), never by
  replacing text, and a libpq `key=value` string is refused, not taken for a file name.
* 6: every day cadence stores or takes as today lies within 1900-01-01..2999-12-31, so no
  command fails on a date near the edges.
* 11: imports refuse files and lines past sane sizes, and files that are not regular files.

Each runs on SQLite and on PostgreSQL where the store matters (`cadence` fixture).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_reliability import content

DAY_RANGE = "cadence keeps dates between 1900-01-01 and 2999-12-31"

READERS: list[list[str]] = [
    ["due"], ["clients"], ["report"], ["team"], ["show", "Ada"], ["promise", "list"],
    ["export"], ["export", "--format", "json"], ["export", "--format", "ics"],
]  # fmt: skip


def assert_refused(result: Any, code: int, *says: str) -> None:
    """Refused with `code`, one line on stderr saying each of `says`, no traceback."""
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    for text in says:
        assert text in result.stderr, result.stderr


# ---------------------------------------------------------------------------------------------
# Item 6: dates near the edges


@pytest.mark.parametrize(
    "change",
    [
        ["snooze", "Ada", "--until", "9999-12-31"],
        ["snooze", "Ada", "--until", "3000-01-01"],
        ["promise", "add", "Ada", "call back", "--by", "9999-12-31"],
        ["log", "Ada", "--on", "1899-12-31"],
        ["log", "Ada", "--on", "0001-01-01"],
        ["due", "--on", "9999-12-31"],
    ],
)
def test_a_day_past_the_range_is_refused_and_the_book_keeps_working(
    cadence: Any, change: list[str]
) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    before = content(cadence.db)
    assert_refused(cadence(*change), 2, f"date out of range: {change[-1]!r}", DAY_RANGE)
    assert content(cadence.db) == before
    for args in READERS:
        cadence.ok(*args)


@pytest.mark.parametrize("today", ["1900-01-01", "2999-12-31"])
def test_the_last_days_of_the_range_keep_every_command_working(cadence: Any, today: str) -> None:
    """The edges themselves are accepted: a snooze and a promise on the last day, a touch on
    the first, and every reader run with CADENCE_TODAY at either end."""
    cadence.ok("add", "Ada", "--tier", "A", "--birthday", "1985-02-28")
    cadence.ok("add", "Bob", "--tier", "C", "--milestone", "founded=1900-01-01")
    cadence.ok("snooze", "Ada", "--until", "2999-12-31")
    cadence.ok("promise", "add", "Bob", "call back", "--by", "2999-12-31")
    cadence.ok("log", "Bob", "--on", "1900-01-01")
    cadence.ok("charter", "Bob", "--every", "100y")
    for args in [*READERS, ["due", "--horizon", "100y"], ["report", "--weeks", "52"]]:
        cadence.ok(*args, today=today)
    cadence.ok("tier", "review", input="s\ns\n", today=today)


@pytest.mark.parametrize("today", ["9999-12-31", "3000-01-01", "1899-12-31", "0001-01-01"])
def test_cadence_today_past_the_range_is_refused(cadence: Any, today: str) -> None:
    for args in (["due"], ["add", "Ada"]):
        result = cadence(*args, today=today)
        assert_refused(result, 2, f"CADENCE_TODAY is out of range: {today!r}", DAY_RANGE)


def _dump(clients: list[dict[str, Any]], **lists: list[dict[str, Any]]) -> str:
    return json.dumps({"format": "cadence", "version": 1, "clients": clients, **lists})


@pytest.mark.parametrize(
    ("dump", "says"),
    [
        (_dump([{"id": 1, "name": "Ada", "snoozed_until": "9999-12-31"}]),
         "snoozed_until '9999-12-31' is out of range"),
        (_dump([{"id": 1, "name": "Ada", "added_on": "0001-01-01"}]),
         "added_on '0001-01-01' is out of range"),
        (_dump([{"id": 1, "name": "Ada"}],
               promises=[{"client_id": 1, "text": "x", "due_on": "9999-12-31"}]),
         "due_on '9999-12-31' is out of range"),
        (_dump([{"id": 1, "name": "Ada"}],
               touches=[{"client_id": 1, "at": "9999-12-31T23:00:00-01:00"}]),
         "at '9999-12-31T23:00:00-01:00' is out of range"),
        (_dump([{"id": 1, "name": "Ada"}],
               touches=[{"client_id": 1, "at": "1900-01-01T00:00:00+14:00"}]),
         "at '1900-01-01T00:00:00+14:00' is out of range"),
        (_dump([{"id": 1, "name": "Ada", "charter": {"every": "1w", "agreed_on": "9999-01-01"}}]),
         "agreed_on '9999-01-01' is out of range"),
    ],
    ids=["snooze", "added", "promise", "touch-utc-overflow", "touch-utc-before", "charter"],
)  # fmt: skip
def test_a_dump_cannot_bring_a_day_past_the_range(
    cadence: Any, tmp_path: Path, dump: str, says: str
) -> None:
    path = tmp_path / "book.json"
    path.write_text(dump)
    cadence.ok("clients")  # a PostgreSQL schema gets its tables on the first command
    before = content(cadence.db)
    result = cadence("import", str(path))
    assert result.exit_code == 9, result.output
    assert says in result.stderr and DAY_RANGE in result.stderr
    assert "Traceback" not in result.output
    assert content(cadence.db) == before
    for args in READERS[:4]:
        cadence.ok(*args)


def test_a_csv_cannot_bring_a_last_contact_past_the_range(cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text(
        "name,email,phone,company,tier,tags,birthday,milestones,owner,notes,last_contact,"
        "next_due,status\nAda,,,,A,,,,,,0001-01-01,,active\n"
    )
    cadence.ok("clients")
    before = content(cadence.db)
    result = cadence("import", str(path))
    assert result.exit_code == 9, result.output
    assert "last_contact '0001-01-01' is out of range" in result.stderr
    assert content(cadence.db) == before
