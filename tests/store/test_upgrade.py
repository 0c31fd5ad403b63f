"""A real store written at the first schema revision upgrades to the latest, every row intact.

`tests/fixtures/stores/rev0001.db` was written by cadence's own code at revision 0001 (commit
14878bc, through its CLI: see make-rev0001.sh beside it), with data in every table: tiers
(one custom), clients (tags, birthdays with and without a year, milestones, a charter, a
snooze, an archive), touches of every outcome and direction, and open and kept promises.
Each test works on a copy; the fixture itself must stay at 0001.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from test_reliability import run

from cadence_cli.store import migrations

FIXTURE = Path(__file__).parents[1] / "fixtures" / "stores" / "rev0001.db"
TABLES = ("tier", "client", "client_tag", "milestone", "touch", "promise")

CONTRACT = {
    "contacts": ("client_id", "name", "tier", "status", "due_on", "reactive_on", "days_overdue",
                 "last_touch_on", "owner"),
    "follow_ups": ("client_id", "name", "attempted_on", "channel"),
    "promises": ("id", "client_id", "name", "text", "due_on", "overdue"),
    "milestones": ("client_id", "name", "label", "on", "years"),
    "reviews": ("client_id", "name", "review_on"),
}  # fmt: skip
"""SPEC §2's `due --json` keys (extra keys are allowed, so only these are compared)."""


def _read_only(db: Path | str) -> sqlite3.Connection:
    """`immutable` for the fixture: not even SQLite's -wal/-shm files appear beside it."""
    flags = "mode=ro&immutable=1" if Path(db) == FIXTURE else "mode=ro"
    return sqlite3.connect(f"file:{db}?{flags}", uri=True)


def rows(db: Path | str, columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Every row of the 0001 tables, on the given columns (default: all of them)."""
    with closing(_read_only(db)) as conn:
        found = {}
        for table in TABLES:
            names = (columns or {}).get(table) or [
                row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            quoted = ", ".join(f'"{name}"' for name in names)
            found[table] = (
                names,
                conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY 1').fetchall(),
            )
        return found


def revision(db: Path | str) -> str:
    with closing(_read_only(db)) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def contract(output: str) -> dict[str, list[tuple[Any, ...]]]:
    data = json.loads(output)
    return {
        key: [tuple(item[k] for k in keys) for item in data[key]] for key, keys in CONTRACT.items()
    }


@pytest.fixture
def old_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "book" / "cadence.db"
    copy.parent.mkdir(mode=0o700)
    shutil.copy(FIXTURE, copy)
    copy.chmod(0o600)  # as cadence created it; git checks files out 0644
    return str(copy)


def test_the_fixture_is_still_at_the_first_revision_with_data_in_every_table() -> None:
    assert revision(FIXTURE) == migrations.known_revisions()[0] == "0001"
    assert {table: len(found) for table, (_, found) in rows(FIXTURE).items()} == {
        "tier": 4, "client": 5, "client_tag": 3, "milestone": 4, "touch": 6, "promise": 3,
    }  # fmt: skip


def test_opening_upgrades_to_head_and_keeps_every_row(old_store: str) -> None:
    before = rows(old_store)
    result = run(old_store, ["due", "--json"])
    assert result.exit_code == 0, result.output
    assert revision(old_store) == migrations.head_revision()
    columns = {table: names for table, (names, _) in before.items()}
    assert rows(old_store, columns) == before


def test_the_upgraded_book_shows_what_was_written(old_store: str) -> None:
    assert contract(run(old_store, ["due", "--json"]).stdout) == {
        "contacts": [
            (3, "Chen Wei", "VIP", "due", "2026-11-17", "2026-11-24", 6, "2026-11-10", None)
        ],
        "follow_ups": [(1, "Ada Lovelace", "2026-11-22", "call")],
        "promises": [
            (2, 3, "Chen Wei", "introduce a broker", "2026-11-20", True),
            (1, 1, "Ada Lovelace", "send the market report", "2026-11-27", False),
        ],
        "milestones": [],
        "reviews": [],
    }
    later = run(old_store, ["due", "--json", "--on", "2026-12-02", "--horizon", "14d"])
    assert contract(later.stdout) == {
        "contacts": [
            (3, "Chen Wei", "VIP", "reactive", "2026-11-17", "2026-11-24", 15, "2026-11-10", None),
            (1, "Ada Lovelace", "A", "due", "2026-11-27", "2026-12-04", 5, "2026-11-20", "sam"),
            (5, "Élodie Zoë Ångström", "C", "due", "2026-12-01", "2027-01-01", 1, None, None),
            (2, "Bob Marley", "B", "due", "2026-12-02", "2026-12-16", 0, "2026-11-02", "kim"),
        ],
        "follow_ups": [(1, "Ada Lovelace", "2026-11-22", "call")],
        "promises": [
            (2, 3, "Chen Wei", "introduce a broker", "2026-11-20", True),
            (1, 1, "Ada Lovelace", "send the market report", "2026-11-27", True),
        ],
        "milestones": [(1, "Ada Lovelace", "birthday", "2026-12-10", 41)],
        "reviews": [],
    }  # fmt: skip


def test_every_client_keeps_its_profile_history_and_charter(old_store: str) -> None:
    ada = json.loads(run(old_store, ["show", "#1", "--json"]).stdout)
    assert (ada["email"], ada["phone"], ada["company"], ada["owner"], ada["notes"]) == (
        "ada@example.com", "+44 20 7946 0000", "Analytical Engines", "sam", "prefers mornings"
    )  # fmt: skip
    assert ada["tags"] == ["golf", "investor"]
    assert ada["milestones"] == [
        {"label": "birthday", "date": "1985-12-10"},
        {"label": "home anniversary", "date": "2019-06-01"},
    ]
    assert [(t["on"], t["channel"], t["outcome"]) for t in ada["touches"]] == [
        ("2026-11-22", "call", "no-answer"),
        ("2026-11-20", "call", "reached"),
    ]
    bob = json.loads(run(old_store, ["show", "bob", "--json"]).stdout)
    assert bob["milestones"] == [{"label": "birthday", "date": "--02-06"}]
    assert [(t["on"], t["direction"], t["by"], t["note"]) for t in bob["touches"]] == [
        ("2026-11-02", "inbound", "sam", "asked about rates"),
        ("2026-10-01", "outbound", "kim", None),
    ]
    assert [(p["text"], p["kept_on"]) for p in bob["promises"]] == [("call back", "2026-11-19")]
    chen = json.loads(run(old_store, ["show", "chen", "--json"]).stdout)
    assert chen["charter"] == {
        "every": "1w", "channel": "text", "note": "texts after 6pm", "review_every": "3m",
        "agreed_on": "2026-11-23",
    }  # fmt: skip
    elodie = json.loads(run(old_store, ["show", "#5", "--json"]).stdout)
    assert (elodie["name"], elodie["tags"], elodie["snoozed_until"]) == (
        "Élodie Zoë Ångström", ["café"], "2026-12-01"
    )  # fmt: skip
    archived = json.loads(run(old_store, ["clients", "--archived", "--json"]).stdout)
    assert [(c["name"], c["status"]) for c in archived] == [("Dora Maar", "archived")]
    dora = json.loads(run(old_store, ["show", "#4", "--json"]).stdout)
    assert dora["archived_reason"] == "moved to Lisbon, referred to Marta"
    tiers = json.loads(run(old_store, ["tier", "list", "--json"]).stdout)
    assert [(t["name"], t["every"], t["reactive_after"]) for t in tiers] == [
        ("A", "1w", "1w"), ("B", "1m", "2w"), ("C", "3m", "1m"), ("VIP", "2w", "1w"),
    ]  # fmt: skip


def test_the_upgraded_book_takes_new_touches_and_upgrades_once(old_store: str) -> None:
    result = run(old_store, ["log", "chen", "--channel", "text", "--note", "after the upgrade"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Logged text with Chen Wei on Mon 23 Nov (message).")
    upgraded = rows(old_store)
    assert run(old_store, ["clients"]).exit_code == 0
    assert rows(old_store) == upgraded
    assert Path(old_store).stat().st_mode & 0o077 == 0
