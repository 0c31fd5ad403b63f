"""`due`'s one read of the client table (store/due_facts.py) and its count of owners
(`reads.owners_in_view`), against the reads they replace, on both stores.

`due_facts` gives, from the rows of `client_facts(only_due=True)`, the same clients, the
same charters as `charter_facts`, and the contact points `contact_points` would look up
again (on a day read from today's rows; a day before a change of terms reads snapshots and
leaves them to `contact_points`). `owners_in_view` walks the owner index one owner at a
time instead of scanning every client, and must count what the scan counted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from test_reads import DAYS, TODAY, build_book

from cadence_cli.core.records import DueFilters
from cadence_cli.core.schedule import CharterFacts
from cadence_cli.store import facts as book_facts
from cadence_cli.store import reads
from cadence_cli.store.doors import reading as open_reader
from cadence_cli.store.due_facts import due_facts
from cadence_cli.store.engine import Db

FILTERS = (
    DueFilters(),
    DueFilters(tier="b"),
    DueFilters(owner="KIM"),
    DueFilters(owner="lee"),
    DueFilters(tag="golf"),
    DueFilters(tier="A", owner="kim"),
)


def build_reachable_book(cadence: Any) -> None:
    """`build_book`, and clients with phones, emails, charter channels and more owners: one
    spelled differently, one whose only client is archived, one with no client in tier A."""
    build_book(cadence)
    cadence.ok("add", "Ada Phone", "--tier", "A", "--phone", "+44 20 7946 0000")
    cadence.ok("add", "Bea Mail", "--tier", "A", "--email", "bea@example.com")
    cadence.ok(
        "add", "Cy Both", "--tier", "B", "--email", "cy@example.com", "--phone", "555 0101",
        "--owner", "Kim",
    )  # fmt: skip
    cadence.ok("charter", "Cy Both", "--every", "2w", "--channel", "email", "--note", "late")
    cadence.ok("add", "Di Gone", "--tier", "A", "--owner", "lee", "--new-owner")
    cadence.ok("archive", "Di Gone", "--reason", "moved")
    cadence.ok("add", "Ed Other", "--tier", "C", "--owner", "ora", "--new-owner")


def by_id(charters: list[CharterFacts]) -> list[CharterFacts]:
    return sorted(charters, key=lambda c: c.client_id)


def assert_due_facts_match(rdr: Db, day: date, filters: DueFilters) -> bool:
    """`due_facts` against the three reads it replaces; whether it gave contact points."""
    found = due_facts(db=rdr, on=day, filters=filters, reach=True)
    clients = book_facts.client_facts(db=rdr, on=day, filters=filters, only_due=True)
    assert found.clients == clients, (day, filters)
    charters = book_facts.charter_facts(db=rdr, filters=filters, on=day)
    assert by_id(found.charters) == by_id(charters), (day, filters)
    assert due_facts(db=rdr, on=day, filters=filters, reach=False).reach is None
    if found.reach is None:
        return False
    ids = [fact.client_id for fact in clients]
    assert found.reach == reads.contact_points(ids, db=rdr), (day, filters)
    return True


def test_due_facts_are_the_reads_they_replace(cadence: Any) -> None:
    build_reachable_book(cadence)
    with open_reader(cadence.db) as rdr:
        found = due_facts(db=rdr, on=TODAY, filters=DueFilters(), reach=True)
        # the book has something in each part, and the points are the ones written
        assert found.reach is not None
        assert {c.name for c in found.charters} >= {"Oli Charter", "Pat Charter", "Cy Both"}
        points = {found.reach[c.client_id].preferred for c in found.clients}
        assert {"+44 20 7946 0000", "bea@example.com", "cy@example.com"} <= points
        snapshots = 0
        for day in DAYS:
            snapshots += not assert_due_facts_match(rdr, day, DueFilters())
        assert snapshots  # some days come before a change of terms and read snapshots
        for filters in FILTERS:
            assert assert_due_facts_match(rdr, TODAY, filters)


def owners_scanned(rdr: Db, filters: DueFilters) -> int:
    """What `owners_in_view` counted before: the distinct owners of every client in view."""
    where, params = reads.in_view(filters, db=rdr)
    rows = rdr.rows(
        f"SELECT DISTINCT c.owner FROM client AS c WHERE c.owner IS NOT NULL AND {where}", params
    )
    return len({owner.casefold() for (owner,) in rows})


def test_owners_in_view_counts_what_a_scan_of_the_clients_counts(cadence: Any) -> None:
    with open_reader(cadence.db) as rdr:
        assert reads.owners_in_view(db=rdr) == owners_scanned(rdr, DueFilters()) == 0
    build_reachable_book(cadence)
    with open_reader(cadence.db) as rdr:
        # kim and Kim are one owner; lee's only client is archived; ora has only a C client
        assert reads.owners_in_view(db=rdr) == 2
        assert reads.owners_in_view(db=rdr, filters=DueFilters(tier="A")) == 1
        assert reads.owners_in_view(db=rdr, filters=DueFilters(owner="lee")) == 0
        for filters in (*FILTERS, DueFilters(tier="C"), DueFilters(tag="nobody")):
            assert reads.owners_in_view(db=rdr, filters=filters) == owners_scanned(rdr, filters)
