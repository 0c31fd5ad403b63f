"""An upgraded store answers every day before the upgrade as the code that wrote it did.

`tests/fixtures/stores/rev0001.db` (commit 14878bc) and `rev0002.db` (commit 3c58d55, the
last head at 0002, six months of days: see make-rev0002.sh) come with what their own code
answered: `revNNNN-answers.json`, recorded by make-answers.py with that code (its header
says which days and windows, and why a day before an archive is asked with the client still
active). Each test upgrades a copy with today's code and asks the same questions.

What SPEC changed on purpose since then is named below and applied to the old answer; every
other value must be equal. SQLite only: the fixtures are SQLite files written by the old code.
"""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_reliability import run
from test_upgrade import revision

from cadence_cli.store import migrations

STORES = Path(__file__).parents[1] / "fixtures" / "stores"


def answers(name: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = json.loads(
        (STORES / f"{name}-answers.json").read_text(encoding="utf-8")
    )
    return found


def added_on(name: str) -> dict[int, str]:
    uri = f"file:{STORES / f'{name}.db'}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return dict(conn.execute("SELECT id, added_on FROM client"))


def weekly(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range(0, (end - start).days + 1, 7)]


# SPEC §1 "Call-backs" (issue 13): a missed *inbound* call leaves a call-back, and the latest
# no-answer names the follow-up. The old code knew only unanswered calls you made: Farid's
# follow-up named your call of 27 Jul, not his of 28 Jul, and Bob's missed call of 22 Nov left
# nothing. These clients' follow-ups are checked here, the others with everything else.
CALL_BACKS: dict[str, dict[int, dict[str, tuple[str, str, bool]]]] = {
    "rev0001": {},
    "rev0002": {
        6: {"2026-07-27": ("2026-07-27", "2026-07-27", False)}
        | dict.fromkeys(weekly("2026-08-03", "2026-10-26"), ("2026-07-27", "2026-07-28", True)),
        2: {"2026-11-23": ("", "2026-11-22", True)},
    },
}
"""Each day's follow-up: the old attempted_on ("": none), the new one, and `inbound`."""


def open_promises(name: str, day: str, horizon_days: int = 7) -> list[dict[str, Any]]:
    """`due`'s promises on `day` as they stood then (issue 13): made by then, not kept or
    cancelled by then, due within the horizon; overdue once past their day."""
    until = (date.fromisoformat(day) + timedelta(days=horizon_days)).isoformat()
    uri = f"file:{STORES / f'{name}.db'}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        rows = conn.execute(
            "SELECT p.id, p.client_id, c.name, p.text, p.due_on FROM promise AS p "
            "JOIN client AS c ON c.id = p.client_id WHERE p.made_on <= :day "
            "AND (p.kept_on IS NULL OR p.kept_on > :day) AND p.due_on <= :until",
            {"day": day, "until": until},
        ).fetchall()
    found = [
        {"client_id": client, "due_on": due_on, "id": promise, "name": client_name,
         "overdue": due_on < day, "text": text}
        for promise, client, client_name, text, due_on in rows
    ]  # fmt: skip
    return sorted(found, key=lambda p: (p["due_on"], p["name"].casefold(), p["id"]))


def made_after(name: str, day: str) -> set[int]:
    uri = f"file:{STORES / f'{name}.db'}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return {i for (i,) in conn.execute("SELECT id FROM promise WHERE made_on > ?", (day,))}


def shaped_like(old: Any, new: Any) -> Any:
    """`new` on the keys `old` had: fields added since (inbound, touchpoints...) are extras."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {key: shaped_like(old[key], new.get(key, "<missing>")) for key in old}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [shaped_like(o, n) for o, n in zip(old, new, strict=True)]
    return new


def due_as_now(name: str, day: str, old: dict[str, Any]) -> dict[str, Any]:
    """The old `due` answer under today's SPEC.

    SPEC §1 "History of terms": a client counts in `due` from the day it was added. The
    rev-0001 code listed a client on days before it was added once a touch was logged for
    them there (make-rev0001.sh adds every client on 23 Nov and logs touches back to 1 Jun).
    Promises (issue 13): the old code listed the promises open when it was asked, by their
    by-date alone, on every day; `due --on DAY` now lists those open on DAY as they stood
    then (a promise made later is left out, one kept later is still open), so they are
    taken from the book (`open_promises`) and every other old promise must be among them.
    """
    now = copy.deepcopy(old)
    then = open_promises(name, day)
    later = made_after(name, day)
    assert [p for p in now["promises"] if p not in then and p["id"] not in later] == []
    now["promises"] = then
    added = added_on(name)
    for section in ("contacts", "follow_ups", "milestones", "reviews"):
        now[section] = [item for item in now[section] if added[item["client_id"]] <= day]
    now["follow_ups"] = [f for f in now["follow_ups"] if f["client_id"] not in CALL_BACKS[name]]
    return now


def without_pace(answer: Any) -> Any:
    """The report without its pace: see `report_as_now`."""
    if isinstance(answer, list):
        return [without_pace(item) for item in answer]
    if not isinstance(answer, dict):
        return answer
    pace = ("demanded_per_week", "logged_per_week", "pace")
    return {key: without_pace(value) for key, value in answer.items() if key not in pace}


def report_as_now(key: str, old: Any) -> Any:
    """The old rev-0002 `report` answer under today's SPEC (and issue 13), pace left out:

    - a rate with no client-days was 1.0 and is `null` now (the table always showed "–");
    - the pace (`demanded_per_week`, `logged_per_week`, the sentence) is now averaged over the
      client-days of the window, day by day under each day's terms, where the old code took
      the clients active on the report day for the whole window: a new definition, not kept;
    - Bob's missed inbound call of 22 Nov is an open follow-up (a call-back) on 23 Nov.
    """
    if isinstance(old, list):
        return [report_as_now(key, item) for item in old]
    if not isinstance(old, dict):
        return old
    now = {k: report_as_now(key, v) for k, v in without_pace(old).items()}
    if now.get("client_days") == 0:
        now["on_cadence_rate"] = None
    if key.startswith("2026-11-23/") and now.get("tier") in ("all", "B") and "clients" in now:
        now["open_follow_ups"] += 1
    return now


def copy_of(name: str, folder: Path) -> str:
    """A copy of the fixture as cadence keeps a book (git checks files out 0644)."""
    store = folder / "book" / "cadence.db"
    store.parent.mkdir(mode=0o700)
    shutil.copy(STORES / f"{name}.db", store)
    store.chmod(0o600)
    return str(store)


@pytest.fixture(params=["rev0001", "rev0002"])
def upgraded(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    return request.param, copy_of(request.param, tmp_path)


def test_the_old_answers_cover_the_books_days() -> None:
    assert [
        (len(answers(n)["due"]), len(answers(n)["report"])) for n in ("rev0001", "rev0002")
    ] == [
        (26, 0),  # the rev-0001 code had no report
        (30, 55),  # 2 windows a day; the 5 that have Dora's archive inside them are left out
    ]
    assert revision(STORES / "rev0002.db") == "0002"


def test_every_due_before_the_upgrade_is_what_the_old_code_said(upgraded: tuple[str, str]) -> None:
    name, db = upgraded
    old, new, called_back = answers(name)["due"], {}, {}
    for day in old:
        result = run(db, ["due", "--json", "--on", day])
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)
        called_back.update(
            {
                (f["client_id"], day): (f["attempted_on"], f["inbound"])
                for f in found["follow_ups"]
                if f["client_id"] in CALL_BACKS[name]
            }
        )
        found["follow_ups"] = [
            f for f in found["follow_ups"] if f["client_id"] not in CALL_BACKS[name]
        ]
        new[day] = shaped_like(due_as_now(name, day, old[day]), found)
    assert revision(db) == migrations.head_revision()
    assert new == {day: due_as_now(name, day, answer) for day, answer in old.items()}
    was = {
        (f["client_id"], day): f["attempted_on"]
        for day, answer in old.items()
        for f in answer["follow_ups"]
        if f["client_id"] in CALL_BACKS[name]
    }
    expected = CALL_BACKS[name]
    assert was == {
        (c, day): before
        for c, days in expected.items()
        for day, (before, _, _) in days.items()
        if before
    }
    assert called_back == {
        (c, day): (now, inbound)
        for c, days in expected.items()
        for day, (_, now, inbound) in days.items()
    }


def test_every_report_before_the_upgrade_is_what_the_old_code_said(tmp_path: Path) -> None:
    """Only rev0002: the rev-0001 code had no report."""
    db = copy_of("rev0002", tmp_path)
    old = answers("rev0002")["report"]
    new = {}
    for key in old:
        day, weeks = key.split("/")
        result = run(db, ["report", "--json", "--on", day, "--weeks", weeks.removesuffix("w")])
        assert result.exit_code == 0, result.output
        new[key] = without_pace(shaped_like(old[key], json.loads(result.stdout)))
    assert new == {key: report_as_now(key, answer) for key, answer in old.items()}
