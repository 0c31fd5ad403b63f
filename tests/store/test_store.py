"""The store's two doors, its reads and its writes, on both stores (SQLite and PostgreSQL).

Each test writes through `doors.writing` and reads back through `doors.reading`, the way
commands do. On SQLite both doors take the sqlite3 fast path; a `sqlite:///` URL takes the
SQLAlchemy path to the same file, and both must store and return the same records.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from cadence_cli.core.dates import Interval, YearlyDate
from cadence_cli.core.records import (
    Charter,
    ClientChanges,
    ClientDraft,
    DueFilters,
    Stamp,
    TierDraft,
    TouchFields,
)
from cadence_cli.errors import Conflict, InvalidInput, NotFound
from cadence_cli.store import reads, writes
from cadence_cli.store.alchemy import AlchemyDb
from cadence_cli.store.completion import names_starting
from cadence_cli.store.doors import reading, writing
from cadence_cli.store.engine import SqliteDb, bind

TODAY = date(2026, 11, 23)
STAMP = Stamp(TODAY, datetime(2026, 11, 23, 9, tzinfo=UTC), "me")
PARIS = ZoneInfo("Europe/Paris")


def add(book: str, name: str, **fields: object) -> int:
    with writing(book) as db:
        return writes.add_client(ClientDraft(name=name, **fields), db=db, stamp=STAMP).id  # type: ignore[arg-type]


def test_a_client_round_trips_with_tags_milestones_and_charter(book: str) -> None:
    client_id = add(
        book,
        "Ada Lovelace",
        tier="A",
        email="Ada@Example.com",
        tags=("Investor", "golf", "investor"),
        milestones=(("birthday", YearlyDate(12, 10, 1985)),),
    )
    charter = Charter(Interval(2, "w"), TODAY, Interval(6, "m"), channel="text", note="Tue")
    with writing(book) as db:
        writes.set_charter(client_id, charter, db=db, stamp=STAMP)
    with reading(book) as db:
        found = reads.get_client(client_id, db=db)
        by_email = reads.find_by_email("ada@example.COM", db=db)
    assert found.name == "Ada Lovelace"
    assert found.tier == "A"
    assert found.tags == ("golf", "investor")
    assert found.milestones == (("birthday", YearlyDate(12, 10, 1985)),)
    assert found.charter == charter
    assert found.added_on == TODAY
    assert by_email == found


def test_a_touch_keeps_its_instant_in_utc_and_its_local_day(book: str) -> None:
    client_id = add(book, "Ada Lovelace")
    at = datetime(2026, 11, 23, 0, 30, tzinfo=PARIS)  # still the 22nd in UTC
    with writing(book) as db:
        logged = writes.log_touch(
            client_id,
            TouchFields(
                at=at, day=at.date(), channel="call", outcome="reached", inbound=True,
                note="  moving  ", by="sam", logged_at=at,
            ),
            db=db,
        )  # fmt: skip
    assert logged.at == at
    assert logged.at.tzinfo == UTC
    assert logged.day == date(2026, 11, 23)
    assert (logged.inbound, logged.note, logged.client_name) == (True, "moving", "Ada Lovelace")
    with reading(book) as db:
        assert reads.touches_of(client_id, db=db) == [logged]
        assert reads.latest_logged_touch(db=db) == logged


def test_instants_bind_as_naive_utc_whatever_their_zone_and_however_often() -> None:
    """`engine.bind` remembers each instant it converts: the same instant written in another
    zone, or bound again, gives the same UTC; a naive one is still refused every time."""
    paris = datetime(2026, 3, 29, 3, 30, tzinfo=PARIS)  # just after the clocks went forward
    same = paris.astimezone(ZoneInfo("America/New_York"))
    for _ in range(2):
        assert bind({"at": paris, "day": paris.date()}, sqlite=True) == {
            "at": "2026-03-29 01:30:00.000000",
            "day": "2026-03-29",
        }
        assert bind({"at": same}, sqlite=True) == {"at": "2026-03-29 01:30:00.000000"}
        assert bind({"at": same}, sqlite=False) == {"at": datetime(2026, 3, 29, 1, 30)}
        with pytest.raises(ValueError, match="naive datetime bound to at"):
            bind({"at": paris.replace(tzinfo=None)}, sqlite=True)
    # The hour London's clocks repeat: the same wall time twice, equal as datetimes.
    london = ZoneInfo("Europe/London")
    first, second = (datetime(2026, 10, 25, 1, 30, fold=f, tzinfo=london) for f in (0, 1))
    assert first == second
    assert bind({"at": first}, sqlite=True) == {"at": "2026-10-25 00:30:00.000000"}
    assert bind({"at": second}, sqlite=True) == {"at": "2026-10-25 01:30:00.000000"}


def test_an_error_inside_the_write_door_leaves_nothing(book: str) -> None:
    with pytest.raises(RuntimeError), writing(book) as db:
        writes.add_client(ClientDraft(name="Ghost"), db=db, stamp=STAMP)
        raise RuntimeError("power cut")
    with reading(book) as db:
        assert reads.list_clients(db=db) == []


def test_edit_checks_the_result_and_clears_with_empty_values(book: str) -> None:
    client_id = add(book, "Ada Lovelace", phone="+44 1", tags=("golf",))
    other = add(book, "Bob Marley", email="bob@example.com")
    with writing(book) as db:
        edited = writes.edit_client(
            client_id,
            ClientChanges(phone="", add_tags=("tennis",), remove_tags=("golf",), tier="B"),
            db=db,
            stamp=STAMP,
        )
    assert (edited.phone, edited.tags, edited.tier) == (None, ("tennis",), "B")
    with pytest.raises(Conflict, match="#2 Bob Marley already has the email"), writing(book) as db:
        writes.edit_client(client_id, ClientChanges(email="BOB@example.com"), db=db, stamp=STAMP)
    with pytest.raises(InvalidInput, match="a client needs a name"), writing(book) as db:
        writes.edit_client(other, ClientChanges(name="  "), db=db, stamp=STAMP)
    with pytest.raises(NotFound, match="has no tag 'chess'"), writing(book) as db:
        writes.edit_client(client_id, ClientChanges(remove_tags=("chess",)), db=db, stamp=STAMP)


def test_resolve_by_id_email_exact_and_unambiguous_part(book: str) -> None:
    add(book, "Rob Smith")
    add(book, "Rob Smithers", email="rs@example.com")
    with reading(book) as db:
        assert reads.resolve_client("#2", db=db).name == "Rob Smithers"
        assert reads.resolve_client("RS@example.com", db=db).name == "Rob Smithers"
        assert reads.resolve_client("rob smith", db=db).name == "Rob Smith"  # exact wins
        assert reads.resolve_client("ithers", db=db).name == "Rob Smithers"
        assert names_starting("ROB", db=db, limit=10) == ["Rob Smith", "Rob Smithers"]
        assert names_starting("r_b", db=db, limit=10) == []  # LIKE is literal


def test_tiers_define_redefine_and_delete_moving_clients(book: str) -> None:
    with writing(book) as db:
        vip = TierDraft("VIP", Interval(2, "w"), Interval(1, "w"))
        _, created = writes.define_tier(vip, db=db, stamp=STAMP)
        vip_again = TierDraft("vip", Interval(10, "d"), Interval(5, "d"), rank=0)
        again, created_again = writes.define_tier(vip_again, db=db, stamp=STAMP)
    assert (created, created_again) == (True, False)
    assert (again.name, str(again.every), again.rank) == ("VIP", "10d", 0)
    client_id = add(book, "Ada Lovelace", tier="vip")
    with writing(book) as db:
        deleted, moved, target = writes.delete_tier("VIP", db=db, move_to="a", stamp=STAMP)
    assert (deleted.name, moved, target and target.name) == ("VIP", 1, "A")
    with reading(book) as db:
        assert reads.get_client(client_id, db=db).tier == "A"
        assert [t.name for t in reads.tiers(db=db)] == ["A", "B", "C"]


def test_promises_are_made_and_kept_once(book: str) -> None:
    client_id = add(book, "Ada Lovelace")
    with writing(book) as db:
        made = writes.add_promise(client_id, " the deck ", db=db, due_on=TODAY, today=TODAY)
        kept = writes.keep_promise(made.id, db=db, on=TODAY)
    assert (made.text, kept.kept_on) == ("the deck", TODAY)
    with pytest.raises(Conflict, match="already kept"), writing(book) as db:
        writes.keep_promise(made.id, db=db, on=TODAY)
    with reading(book) as db:
        assert reads.promises(db=db, include_kept=True) == [kept]
        assert reads.promises(db=db, filters=DueFilters(tier="C")) == []


def test_archive_and_restore(book: str) -> None:
    client_id = add(book, "Ada Lovelace")
    with writing(book) as db:
        archived = writes.archive_client(client_id, " moved ", db=db, stamp=STAMP)
    assert (archived.status, archived.archived_reason) == ("archived", "moved")
    with reading(book) as db:
        assert reads.list_clients(db=db) == []
        assert reads.list_clients(db=db, archived=True) == [archived]
    with pytest.raises(Conflict, match="already archived"), writing(book) as db:
        writes.archive_client(client_id, "again", db=db, stamp=STAMP)
    with writing(book) as db:
        assert writes.restore_client(client_id, db=db, stamp=STAMP).status == "active"


def test_sqlite_fast_path_and_sqlalchemy_path_see_the_same_book(book: str) -> None:
    if "://" in book:
        pytest.skip("the two paths are SQLite's")
    client_id = add(book, "Ada Lovelace", tags=("golf",))
    url = f"sqlite:///{book}"
    at = datetime(2026, 11, 20, 9, 15, 30, 123456, tzinfo=UTC)
    with writing(url) as slow:
        assert isinstance(slow, AlchemyDb)
        touch = TouchFields(at=at, day=at.date(), channel="text", outcome="reached", logged_at=at)
        writes.log_touch(client_id, touch, db=slow)
    with reading(book) as fast, reading(url) as slow:
        assert isinstance(fast, SqliteDb)
        assert reads.get_client(client_id, db=fast) == reads.get_client(client_id, db=slow)
        assert reads.touches_of(client_id, db=fast) == reads.touches_of(client_id, db=slow)
        # both drivers wrote the instant in the same text form
        stored = fast.rows("SELECT at FROM touch")
    assert stored == [("2026-11-20 09:15:30.123456",)]


def test_a_postgresql_write_behind_a_held_lock_says_busy_instead_of_waiting_forever(
    book: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "://" not in book:
        pytest.skip("SQLite's busy timeout is tested in test_store_faults")
    import sqlalchemy as sa

    from cadence_cli.errors import StoreBusy
    from cadence_cli.store import engine

    add(book, "Ada Lovelace")  # the store exists, migrated
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    holder = sa.create_engine(book)
    try:
        with holder.begin() as conn:
            conn.exec_driver_sql("LOCK TABLE client IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StoreBusy) as busy, writing(book) as db:
                writes.set_snooze(1, TODAY, db=db, stamp=STAMP)
        assert "is busy" in busy.value.message
    finally:
        holder.dispose()
    with reading(book) as db:
        assert reads.get_client(1, db=db).snoozed_until is None
