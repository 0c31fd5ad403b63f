"""The read door and the aggregates of `due` and `report` (engine.py, facts.py) on the store.

Three promises are checked. `book_facts.client_facts(only_due=True)` leaves out in SQL only
clients who can be neither due nor owed a follow-up on the day asked (and `milestone_facts`
with `between` only milestones that cannot come up), so the agenda built from what is left is
the agenda built from every client: on a varied book on both stores, for every day of a long
sweep, and on random books. `reading` reads a store through sqlite3 only when it is an
existing, current, WAL-mode SQLite file, and anything else goes through `alchemy.open_store`
(created, upgraded or refused with the usual message). And whichever way a store is read, the
commands print the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_book import CREATED, write_client

from cadence_cli.core.dates import parse_interval
from cadence_cli.core.records import (
    DueFilters,
    Stamp,
    TierDraft,
)
from cadence_cli.core.schedule import FollowUp, Standing, build_agenda, milestone_agenda
from cadence_cli.errors import CadenceError, StoreError, StoreTooNew
from cadence_cli.store import alchemy, doors, reads, writes
from cadence_cli.store import facts as book_facts
from cadence_cli.store.alchemy import AlchemyDb
from cadence_cli.store.doors import reading as open_reader
from cadence_cli.store.engine import Db, SqliteDb
from cadence_cli.store.migrations import head_revision
from cadence_cli.store.postgres import PostgresDb

TODAY = date(2026, 11, 23)  # conftest's CADENCE_TODAY, a Monday
REV0001 = Path(__file__).parents[1] / "fixtures" / "stores" / "rev0001.db"


def d(text: str) -> date:
    return date.fromisoformat(text)


def sweep(first: str, last: str, step: int = 1) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=n) for n in range(0, (end - start).days + 1, step)]


# ---------------------------------------------------------------------------------------------
# A varied book, built through the CLI


def build_book(cadence: Any) -> None:
    """Tiers A 1w, B 1m, C 3m (defaults), D 10d, Y 1y; 26 clients, one of each situation.

    Today is Mon 23 Nov 2026. Comments give the due day by the client's cadence.
    """
    cadence.ok("tier", "define", "D", "--every", "10d", "--reactive-after", "5d")
    cadence.ok("tier", "define", "Y", "--every", "1y", "--reactive-after", "1m")

    def add(name: str, tier: str, *extra: str, today: str | None = None) -> None:
        cadence.ok("add", name, "--tier", tier, *extra, today=today)

    def log(ref: str, on: str, *extra: str, today: str | None = None) -> None:
        cadence.ok("log", ref, "--on", on, *extra, today=today)

    # 1: due today (added); kim is new to the book
    add("Ann Never", "A", "--birthday", "2000-02-29", "--owner", "kim", "--new-owner")
    add("Ben Old", "B", "--birthday", "12-31", today="2026-06-01")  # 2: never, added in June
    add("Cat Week", "A", "--birthday", "01-02", "--tag", "golf")  # 3
    log("#3", "2026-11-16")  # due today exactly
    add("Dan Recent", "A", "--birthday", "1985-11-25", "--owner", "kim")  # 4
    log("#4", "2026-11-20")  # due 27 Nov
    add("Eve MonthEnd", "B", "--milestone", "home anniversary=2019-11-27")  # 5
    log("#5", "2026-10-31")  # due 30 Nov (clamped)
    add("Fay Sep", "B", "--birthday", "02-28", "--tag", "golf")  # 6
    log("#6", "2026-08-31")  # due 30 Sep: reactive
    add("Gus Jan", "B", "--birthday", "03-01")  # 7
    log("#7", "2025-12-31")
    log("#7", "2026-01-31")  # due 28 Feb
    add("Hal Quarter", "C", "--milestone", "wedding=2027-06-12")  # 8: a date still to come
    log("#8", "2026-09-30")  # due 30 Dec
    add("Ivy May", "C", "--owner", "kim")  # 9
    log("#9", "2026-05-31")  # due 31 Aug
    add("Jo FollowUp", "A")  # 10: reactive and owed a follow-up
    log("#10", "2026-11-09")
    log("#10", "2026-11-20", "--outcome", "no-answer")
    add("Kim Attempted", "B", "--tag", "golf")  # 11: not due, but owed a follow-up
    log("#11", "2026-11-20", "--channel", "email")
    log("#11", "2026-11-21", "--outcome", "no-answer")
    add("Lu OnlyAttempts", "C", today="2026-10-01")  # 12: never reached, two attempts
    log("#12", "2026-11-01", "--outcome", "no-answer", today="2026-11-01")
    log("#12", "2026-11-05", "--channel", "email", "--outcome", "no-answer", today="2026-11-05")
    add("Max SameDay", "B")  # 13: no-answer then a text the same day: no follow-up
    log("#13", "2026-11-02", "--outcome", "no-answer")
    log("#13", "2026-11-02", "--channel", "text")
    add("Ned Inbound", "B")  # 14: their unanswered call: a call-back, first of the follow-ups
    log("#14", "2026-10-15")
    log("#14", "2026-11-18", "--inbound", "--outcome", "no-answer")
    add("Oli Charter", "B", "--owner", "kim")  # 15: the charter is shorter than the tier
    log("#15", "2026-11-18")
    cadence.ok("charter", "#15", "--every", "1w")  # due 25 Nov (B alone: 18 Dec)
    add("Pat Charter", "A", today="2026-10-01")  # 16: the charter is longer than the tier
    log("#16", "2026-10-01", today="2026-10-01")
    cadence.ok("charter", "#16", "--every", "3m", today="2026-10-01")  # due 1 Jan
    add("Quin Snoozed", "A")  # 17: never touched, snoozed
    cadence.ok("snooze", "#17", "--until", "2026-12-01")
    add("Rae Snoozed", "B")  # 18: long overdue, snoozed
    log("#18", "2026-07-01")
    cadence.ok("snooze", "#18", "--until", "2026-11-30")
    add("Sid Archived", "A", "--birthday", "11-24")  # 19: in no list
    log("#19", "2026-09-01")
    log("#19", "2026-11-10", "--outcome", "no-answer")
    cadence.ok("archive", "#19", "--reason", "moved away")
    add("Tia Future", "A")  # 20: a touch logged on a later day (CADENCE_TODAY 26 Nov)
    log("#20", "2026-11-10")
    log("#20", "today", today="2026-11-26")  # in the future of 23 Nov
    add("Uma FutureAttempt", "B")  # 21: an unanswered call in the future of 23 Nov
    log("#21", "2026-10-20")
    log("#21", "today", "--outcome", "no-answer", today="2026-11-25")
    add("Vic Yearly", "Y")  # 22
    log("#22", "2025-11-23")  # due today
    add("Wes Leap", "Y", "--birthday", "1996-02-29")  # 23
    log("#23", "2024-02-29")  # due 28 Feb 2025
    add("Xia Ten", "D")  # 24
    log("#24", "2026-11-13")  # due today
    add("Yan Ten", "D", "--tag", "golf")  # 25
    log("#25", "2026-11-19", "--inbound", "--channel", "email")  # due 29 Nov
    add("Zed Chased", "C")  # 26: reached, then an attempt, then reached again
    log("#26", "2026-08-01", "--outcome", "no-answer")
    log("#26", "2026-08-03")


def agenda_people(
    rdr: Db, day: date, *, only_due: bool, filters: DueFilters = DueFilters()
) -> tuple[list[Standing], list[FollowUp]]:
    clients = book_facts.client_facts(db=rdr, on=day, filters=filters, only_due=only_due)
    agenda = build_agenda(
        clients=clients, promises=[], milestones=[], charters=[], today=day, until=day
    )
    return agenda.contacts, agenda.follow_ups


def assert_prefilter_keeps_everyone(rdr: Db, day: date, filters: DueFilters) -> None:
    fast = agenda_people(rdr, day, only_due=True, filters=filters)
    full = agenda_people(rdr, day, only_due=False, filters=filters)

    def who(found: tuple[list[Standing], list[FollowUp]]) -> tuple[list[str], list[str]]:
        return [s.client.name for s in found[0]], [f.client.name for f in found[1]]

    assert who(fast) == who(full), (day, filters)
    assert fast == full, (day, filters)  # the records too: same facts, dates and reasons


# Days well before, around and after today, daily: every tier's due day, month ends, the
# future-dated touches (25 and 26 Nov), New Year, and Feb 28 (Gus and the yearly tier).
DAYS = [
    d("2024-02-29"), d("2025-02-27"), d("2025-02-28"), d("2025-03-01"), d("2025-11-22"),
    *sweep("2026-02-26", "2026-03-02"),
    *sweep("2026-08-25", "2027-03-05"),
    d("2027-11-23"), d("2028-02-29"),
]  # fmt: skip


def test_the_due_prefilter_keeps_every_contact_and_follow_up(cadence: Any) -> None:
    build_book(cadence)
    with open_reader(cadence.db) as rdr:
        today_fast = book_facts.client_facts(db=rdr, on=TODAY, only_due=True)
        today_all = book_facts.client_facts(db=rdr, on=TODAY, only_due=False)
        # the prefilter does leave clients out, and the day has something in each list
        assert len(today_fast) < len(today_all) == 25
        contacts, follow_ups = agenda_people(rdr, TODAY, only_due=True)
        assert [(s.client.name, s.status, s.days_overdue) for s in contacts] == [
            ("Gus Jan", "reactive", 268), ("Ben Old", "reactive", 175),
            ("Fay Sep", "reactive", 54), ("Wes Leap", "reactive", 633),
            ("Jo FollowUp", "reactive", 7), ("Ivy May", "reactive", 84),
            ("Lu OnlyAttempts", "reactive", 53), ("Tia Future", "due", 6),
            ("Ned Inbound", "due", 8), ("Zed Chased", "due", 20),
            ("Uma FutureAttempt", "due", 3), ("Ann Never", "due", 0), ("Cat Week", "due", 0),
            ("Xia Ten", "due", 0), ("Vic Yearly", "due", 0),
        ]  # fmt: skip
        assert [(f.client.name, f.inbound) for f in follow_ups] == [
            ("Ned Inbound", True),
            ("Lu OnlyAttempts", False),
            ("Jo FollowUp", False),
            ("Kim Attempted", False),
        ]
        assert [f.client.name for f in follow_ups][1:] == [
            "Lu OnlyAttempts",
            "Jo FollowUp",
            "Kim Attempted",
        ]
        for day in DAYS:
            assert_prefilter_keeps_everyone(rdr, day, DueFilters())
        for filters in (
            DueFilters(tier="b"),
            DueFilters(owner="KIM"),
            DueFilters(tag="golf"),
            DueFilters(tier="A", owner="kim"),
        ):
            for day in (TODAY, d("2026-11-25"), d("2026-11-30"), d("2027-01-01")):
                assert_prefilter_keeps_everyone(rdr, day, filters)


def test_the_milestone_prefilter_keeps_every_milestone_in_the_horizon(cadence: Any) -> None:
    build_book(cadence)
    with open_reader(cadence.db) as rdr:
        every_milestone = book_facts.milestone_facts(db=rdr)
        assert len(every_milestone) == 9  # Sid's birthday is archived with him
        for day in [*sweep("2026-11-01", "2027-03-31", 3), d("2027-12-30"), d("2028-02-28")]:
            for days in (0, 1, 6, 7, 30, 92, 364, 365, 366, 800):
                until = day + timedelta(days=days)
                found = book_facts.milestone_facts(db=rdr, between=(day, until))
                assert milestone_agenda(found, day, until) == milestone_agenda(
                    every_milestone, day, until
                ), (day, until)
        # and it does leave milestones out: a week from today has only Dan's and Eve's
        week = book_facts.milestone_facts(db=rdr, between=(TODAY, d("2026-11-30")))
        assert sorted(m.name for m in week) == ["Dan Recent", "Eve MonthEnd"]


# ---------------------------------------------------------------------------------------------
# Random books (SQLite only: the SQL is the same on both stores)


CHANNELS = ("call", "text", "email", "meeting")
OUTCOMES = ("reached", "message", "no-answer", "no-answer")
TIER_EVERY = {"A": "1w", "B": "1m", "C": "3m", "D": "10d", "Y": "1y"}


@st.composite
def random_books(draw: st.DrawFn) -> list[dict[str, Any]]:
    days = st.dates(min_value=date(2025, 10, 1), max_value=date(2027, 2, 28))
    clients = []
    for _ in range(draw(st.integers(1, 6))):
        clients.append(
            {
                "tier": draw(st.sampled_from(["A", "B", "C", "D", "Y"])),
                "added_on": draw(days),
                "touches": draw(
                    st.lists(
                        st.tuples(
                            days,
                            st.sampled_from(CHANNELS),
                            st.sampled_from(OUTCOMES),
                            st.booleans(),
                        ),
                        max_size=5,
                    )
                ),
                "snoozed_until": draw(st.none() | days),
                "charter": draw(st.none() | st.sampled_from(["3d", "2w", "1m", "2m", "1y"])),
                "archived": draw(st.booleans()) and draw(st.booleans()),
            }
        )
    return clients


def _write_book(path: str, clients: list[dict[str, Any]]) -> None:
    opened = alchemy.open_store(path, create=True)
    try:
        with opened.transaction() as db:
            stamp = Stamp(date(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC), "sam")
            for name, every, reactive in (("D", "10d", "5d"), ("Y", "1y", "1m")):
                draft = TierDraft(name, parse_interval(every), parse_interval(reactive))
                writes.define_tier(draft, db=db, stamp=stamp)
            for number, client in enumerate(clients):
                client_id = write_client(db, client, name=f"Client {number}")
                stamp = Stamp(client["added_on"], CREATED, "sam")
                if client["archived"]:
                    writes.archive_client(client_id, "gone", db=db, stamp=stamp)
    finally:
        opened.close()


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    clients=random_books(),
    days=st.lists(
        st.dates(min_value=date(2025, 9, 1), max_value=date(2027, 6, 30)), min_size=1, max_size=8
    ),
)
def test_the_prefilter_on_random_books(
    clients: list[dict[str, Any]],
    days: list[date],
    migrated_sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    path = tmp_path_factory.mktemp("random") / "cadence.db"
    shutil.copyfile(migrated_sqlite_template, path)
    _write_book(str(path), clients)
    # Where a client's state changes: each touch, and the day each touch makes it due
    edges = set(days)
    for client in clients:
        every = parse_interval(client["charter"] or TIER_EVERY[client["tier"]])
        for day, *_ in client["touches"]:
            due_on = every.after(day)
            edges |= {day, day + timedelta(days=1), due_on - timedelta(days=1), due_on}
    with open_reader(str(path)) as rdr:
        assert isinstance(rdr, SqliteDb)
        for day in sorted(edges):
            assert_prefilter_keeps_everyone(rdr, day, DueFilters())


# ---------------------------------------------------------------------------------------------
# open_reader: which path, and what happens to the store


def reader_kind(target: str) -> type:
    with open_reader(target) as rdr:
        assert reads.tiers(db=rdr)  # it really reads the store
        return type(rdr)


def journal_mode(path: str | Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def revision(path: str | Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_a_current_store_is_read_through_sqlite3_a_url_through_sqlalchemy(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    if "://" in cadence.db:  # PostgreSQL at head: psycopg alone (store/postgres.py)
        assert reader_kind(cadence.db) is PostgresDb
        return
    assert journal_mode(cadence.db) == "wal"
    assert reader_kind(cadence.db) is SqliteDb
    assert reader_kind(f"sqlite:///{cadence.db}") is AlchemyDb


def test_a_missing_file_is_not_made_by_a_reader_but_by_a_writer_then_read_fast(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new" / "cadence.db"
    with pytest.raises(StoreError) as missing, open_reader(str(path)):
        pass
    assert missing.value.message.startswith(f"no book at {path}: ")
    assert not path.parent.exists()
    made: list[str] = []
    with doors.writing(str(path), on_created=made.append) as db:
        assert reads.tiers(db=db)
    assert made == [str(path)]
    assert path.is_file()
    assert revision(path) == head_revision()
    assert journal_mode(path) == "wal"
    assert reader_kind(str(path)) is SqliteDb


def test_a_store_in_rollback_journal_mode_goes_through_the_store(sqlite_cadence: Any) -> None:
    sqlite_cadence.ok("add", "Ada Lovelace", "--tier", "A")
    with closing(sqlite3.connect(sqlite_cadence.db)) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    assert reader_kind(sqlite_cadence.db) is AlchemyDb
    assert journal_mode(sqlite_cadence.db) == "wal"  # switched on the way
    assert reader_kind(sqlite_cadence.db) is SqliteDb


def test_an_older_schema_is_upgraded_first_even_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "cadence.db"
    shutil.copyfile(REV0001, path)
    path.chmod(0o600)
    with closing(sqlite3.connect(path)) as conn:  # WAL already: only the revision is old
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    assert revision(path) == "0001" != head_revision()
    with open_reader(str(path)) as rdr:
        assert isinstance(rdr, AlchemyDb)
        names = [t.name for t in reads.tiers(db=rdr)]
        facts = book_facts.client_facts(db=rdr, on=TODAY)
    assert names == ["A", "B", "C", "VIP"]
    assert sorted(f.name for f in facts) == [
        "Ada Lovelace", "Bob Marley", "Chen Wei", "Élodie Zoë Ångström"
    ]  # fmt: skip
    assert revision(path) == head_revision()
    assert reader_kind(str(path)) is SqliteDb


def test_a_store_from_a_newer_cadence_is_not_read_through_sqlite3(sqlite_cadence: Any) -> None:
    sqlite_cadence.ok("add", "Ada Lovelace", "--tier", "A")
    with closing(sqlite3.connect(sqlite_cadence.db)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    assert journal_mode(sqlite_cadence.db) == "wal"
    before = Path(sqlite_cadence.db).read_bytes()
    with pytest.raises(StoreTooNew) as refused, open_reader(sqlite_cadence.db):
        pass
    assert "newer cadence (schema 9999); it was not touched" in refused.value.message
    assert Path(sqlite_cadence.db).read_bytes() == before


def test_random_bytes_are_refused_as_not_a_book_not_read(tmp_path: Path) -> None:
    """The one message every command gives (the CLI's line for `due` is checked in
    test_store_faults); the fast path must not turn it into a traceback or another error."""
    path = tmp_path / "cadence.db"
    path.write_bytes(bytes(range(256)) * 160)
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused, open_reader(str(path)):
        pass
    assert refused.value.exit_code == 6
    assert refused.value.message == (
        f"{path} is not a cadence book (not a SQLite database); it was not touched"
    )
    assert path.read_bytes() == before


def test_a_wal_database_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, file TEXT)")
        conn.execute("INSERT INTO photo (file) VALUES ('beach.jpg')")
        conn.commit()
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused, open_reader(str(path)):
        pass
    assert "is not a cadence book (it holds other tables)" in refused.value.message
    assert path.read_bytes() == before


def test_the_fast_path_keeps_the_log_files_private(sqlite_cadence: Any) -> None:
    """sqlite3 creates the -wal and -shm files when it opens the store: with the store's
    own mode, whatever the umask (test_privacy checks the other paths)."""
    sqlite_cadence.ok("add", "Ada Lovelace", "--tier", "A", "--note", "private")
    db = Path(sqlite_cadence.db)
    logs = [Path(f"{db}-wal"), Path(f"{db}-shm")]
    assert not any(log.exists() for log in logs)  # the last connection removed them
    previous = os.umask(0)
    try:
        with open_reader(str(db)) as rdr:
            assert isinstance(rdr, SqliteDb)
            assert [stat.S_IMODE(log.stat().st_mode) for log in logs] == [0o600, 0o600]
    finally:
        os.umask(previous)


# ---------------------------------------------------------------------------------------------
# What a reader may do


def dump(path: str) -> list[tuple[str, list[Any]]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()) for t in tables]


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO client_tag (client_id, tag) VALUES (1, 'vip')",
        "UPDATE client SET name = 'Eve'",
        "DELETE FROM touch",
        "CREATE TABLE scratch (id INTEGER)",
    ],
    ids=["insert", "update", "delete", "create"],
)
def test_a_sqlite_reader_cannot_write(sqlite_cadence: Any, sql: str) -> None:
    sqlite_cadence.ok("add", "Ada Lovelace", "--tier", "A")
    sqlite_cadence.ok("log", "ada")
    before = dump(sqlite_cadence.db)
    with open_reader(sqlite_cadence.db) as rdr:
        assert isinstance(rdr, SqliteDb)
        with pytest.raises(CadenceError) as refused:
            rdr.rows(sql)
        assert refused.value.exit_code == 6
        assert "read-only" in refused.value.message
        assert len(book_facts.client_facts(db=rdr, on=TODAY)) == 1  # still reads
    assert dump(sqlite_cadence.db) == before


def test_a_reader_sees_one_snapshot_while_another_cadence_writes(cadence: Any) -> None:
    """open_reader promises "a consistent read-only view": `due` and `report` run several
    queries, and a write committed between them must show in all of them or in none."""
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    targets = [cadence.db] if "://" in cadence.db else [cadence.db, f"sqlite:///{cadence.db}"]
    for number, target in enumerate(targets):
        with open_reader(target) as rdr:
            first = book_facts.client_facts(db=rdr, on=TODAY)
            touches = rdr.rows("SELECT COUNT(*) FROM touch")
            cadence.ok("add", f"Bob {number}", "--tier", "A")  # another connection, committed
            cadence.ok("log", f"Bob {number}")
            assert book_facts.client_facts(db=rdr, on=TODAY) == first, target
            assert rdr.rows("SELECT COUNT(*) FROM touch") == touches, target
        with open_reader(target) as rdr:  # the next reader sees the write
            assert len(book_facts.client_facts(db=rdr, on=TODAY)) == len(first) + 1


class WriterBetweenQueries:
    """A reader after whose first `client_facts` query another cadence adds and touches a
    client: the race of a teammate logging a call while `report` runs, made certain."""

    def __init__(self, inner: Db, cadence: Any) -> None:
        self.inner, self.cadence, self.done = inner, cadence, False
        self.dialect = inner.dialect

    def rows(self, sql: str, params: Any = None) -> Any:
        found = self.inner.rows(sql, params)
        if " AS lc" in sql and not self.done:  # the latest counting touch, on either dialect
            self.done = True
            self.cadence.ok("add", "Bob Brown", "--tier", "A")
            self.cadence.ok("log", "bob", "--on", "2026-11-20")
            self.cadence.ok(
                "promise", "add", "bob", "send the deck", "--by", "2026-11-21", today="2026-11-01"
            )
        return found


def test_report_histories_survive_a_write_committed_while_they_read(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada", "--on", "2026-11-12")
    with open_reader(cadence.db) as rdr:
        racing = WriterBetweenQueries(rdr, cadence)
        histories = book_facts.report_histories(db=racing, start=d("2026-11-10"), on=TODAY)
    assert racing.done
    assert [(h.client.name, len(h.touches)) for h in histories] == [("Ada Lovelace", 1)]


# ---------------------------------------------------------------------------------------------
# The commands print the same through either path


@contextmanager
def readers_used(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[type]]:
    """Record the kind of `Db` each command reads through (commands import the door when run)."""
    used: list[type] = []
    real = doors.reading

    @contextmanager
    def spying(target: str) -> Iterator[Db]:
        with real(target) as rdr:
            used.append(type(rdr))
            yield rdr

    monkeypatch.setattr(doors, "reading", spying)
    yield used


COMMANDS = [
    ["due", "--json"],
    ["due", "--json", "--horizon", "1m"],
    ["due", "--json", "--horizon", "1y"],
    ["due", "--json", "--on", "2026-11-10"],
    ["due", "--json", "--on", "2026-12-31", "--horizon", "3m"],
    ["due", "--json", "--tier", "B"],
    ["due", "--json", "--owner", "kim"],
    ["due", "--count"],
    ["due", "--count", "--on", "2026-11-25"],
    ["due", "--count", "--on", "2027-02-28"],
    ["due", "--count", "--tag", "golf"],
    ["due", "--on", "2026-11-24"],
    ["report", "--json"],
    ["report", "--json", "--weeks", "12"],
    ["report", "--json", "--on", "2026-11-10", "--weeks", "8"],
    ["report", "--json", "--tier", "B"],
]


def test_due_and_report_print_the_same_through_sqlite3_and_sqlalchemy(
    sqlite_cadence: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_book(sqlite_cadence)
    sqlite_cadence.ok(
        "promise", "add", "#4", "send the report", "--by", "2026-11-20", today="2026-11-01"
    )
    sqlite_cadence.ok("promise", "add", "#10", "call about the loft", "--by", "fri")
    sqlite_cadence.ok("promise", "add", "#8", "lunch", "--by", "2027-01-08")
    sqlite_cadence.ok("promise", "done", "1", "--on", "2026-11-21")
    url = f"sqlite:///{sqlite_cadence.db}"
    with readers_used(monkeypatch) as used:
        for args in COMMANDS:
            fast = sqlite_cadence.ok(*args)
            slow = sqlite_cadence.ok("--db", url, *args)
            assert fast == slow, args
            if "--json" in args:
                json.loads(fast)
            assert fast.strip(), args
    assert used == [SqliteDb, AlchemyDb] * len(COMMANDS)
