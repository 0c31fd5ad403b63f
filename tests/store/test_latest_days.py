"""Each client's stored latest days against its touches, after every kind of write that
adds, moves or removes a touch, on both stores.

`client.last_counting_on` and `client.last_attempt_on` (revision 0006) are derived data kept
by triggers on `touch`; `due` trusts them to leave the clients who cannot be due out of its
read (`facts._may_be_due`). If a write path slipped past the triggers, a client would drop
off the morning list without a word, so each path is run here through the command a user
types, and the stored days are compared with the days counted from the touches.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from cadence_cli.store.alchemy import open_store
from cadence_cli.store.doors import reading as open_reader
from cadence_cli.store.engine import as_day
from harness import Cadence

NO_ANSWER = "no-answer"


def days_of(book: str) -> tuple[dict[int, tuple[Any, Any]], dict[int, tuple[Any, Any]]]:
    """The stored (latest counting, latest no-answer) day of every client, and the same
    days counted from its touches."""
    with open_reader(book) as rdr:
        stored = {
            cid: (None if c is None else as_day(c), None if a is None else as_day(a))
            for cid, c, a in rdr.rows("SELECT id, last_counting_on, last_attempt_on FROM client")
        }
        counted: dict[int, tuple[Any, Any]] = dict.fromkeys(stored, (None, None))
        for cid, day, outcome in rdr.rows("SELECT client_id, day, outcome FROM touch"):
            counting, attempt = counted[cid]
            day = as_day(day)
            if outcome == NO_ANSWER:
                attempt = day if attempt is None else max(attempt, day)
            else:
                counting = day if counting is None else max(counting, day)
            counted[cid] = (counting, attempt)
    return stored, counted


def assert_days_kept(book: str) -> dict[int, tuple[Any, Any]]:
    stored, counted = days_of(book)
    assert stored == counted
    return stored


def touch_ids(cadence: Cadence, client: str) -> list[int]:
    found = json.loads(cadence.ok("touches", client, "--json"))
    return [touch["id"] for touch in found]


def test_every_write_to_a_touch_keeps_its_clients_latest_days(cadence: Cadence) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--tag", "golf")
    cadence.ok("add", "Bo Diddley", "--tier", "B", "--tag", "golf")
    cadence.ok("add", "Cy Young", "--tier", "C")
    assert set(assert_days_kept(cadence.db).values()) == {(None, None)}

    # log: a counting touch, then an older one (the day must not go back), then no-answers
    cadence.ok("log", "Ada", "--on", "2026-11-10")
    cadence.ok("log", "Ada", "--on", "2026-11-02", "--channel", "text")
    cadence.ok("log", "Ada", "--on", "2026-11-12", "--outcome", NO_ANSWER)
    cadence.ok("log", "Bo", "--on", "2026-11-01", "--outcome", NO_ANSWER)
    days = assert_days_kept(cadence.db)
    assert sorted(days.values(), key=str)[-1] == (date(2026, 11, 10), date(2026, 11, 12))

    # touch edit: an attempt becomes counting, a counting touch moves back, another forward
    (bo_attempt,) = touch_ids(cadence, "Bo")
    cadence.ok("touch", "edit", str(bo_attempt), "--outcome", "reached")
    assert_days_kept(cadence.db)
    latest, *older = touch_ids(cadence, "Ada")
    cadence.ok("touch", "edit", str(older[0]), "--on", "2026-10-01")
    cadence.ok("touch", "edit", str(latest), "--outcome", "reached", "--on", "2026-11-20")
    assert_days_kept(cadence.db)

    # touch delete and undo: the day falls back to the touch before, or to none
    cadence.ok("touch", "delete", str(touch_ids(cadence, "Ada")[0]), "--yes")
    assert_days_kept(cadence.db)
    cadence.ok("undo", "--yes")  # Bo's, the touch logged last
    assert touch_ids(cadence, "Bo") == []
    assert assert_days_kept(cadence.db)[2] == (None, None)  # Bo: ids follow the order added

    # one touch logged with a whole selection
    cadence.ok("log", "--tag", "golf", "-c", "call", "-o", NO_ANSWER, "--on", "2026-11-21", "--yes")
    assert_days_kept(cadence.db)


def test_an_import_and_a_restore_keep_the_latest_days(cadence: Cadence, tmp_path: Path) -> None:
    sheet = tmp_path / "book.csv"
    sheet.write_text(
        "name,email,tier,last_contact\n"
        "Di Prima,di@example.com,A,2026-11-03\n"
        "Ed Sheeran,,B,\n"
        "Flo Rida,flo@example.com,C,2026-06-30\n",
        encoding="utf-8",
    )
    cadence.ok("import", str(sheet))
    cadence.ok("log", "Flo", "--on", "2026-11-05", "--outcome", NO_ANSWER)
    days = assert_days_kept(cadence.db)
    assert set(days.values()) == {
        (date(2026, 11, 3), None),
        (date(2026, 6, 30), date(2026, 11, 5)),
        (None, None),
    }

    dump = tmp_path / "dump.json"
    cadence.ok("export", "--format", "json", "--out", str(dump))
    restored = Cadence(str(tmp_path / "restored.db"))
    restored.ok("import", str(dump))
    assert set(assert_days_kept(restored.db).values()) == set(days.values())


def test_touches_moved_to_another_client_move_both_clients_days(cadence: Cadence) -> None:
    """No command moves a touch between clients today; a future merge would, by SQL."""
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("add", "Bo Diddley", "--tier", "B")
    cadence.ok("log", "Ada", "--on", "2026-11-10")
    cadence.ok("log", "Ada", "--on", "2026-11-12", "--outcome", NO_ANSWER)
    cadence.ok("log", "Bo", "--on", "2026-11-01")
    store = open_store(cadence.db, create=False)
    try:
        with store.transaction() as db:
            db.execute("UPDATE touch SET client_id = 2 WHERE client_id = 1")
    finally:
        store.close()
    assert assert_days_kept(cadence.db) == {
        1: (None, None),
        2: (date(2026, 11, 10), date(2026, 11, 12)),
    }
