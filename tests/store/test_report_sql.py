"""The report's sums in SQL (store/report_sql.py) against the replay of every client.

The same store is read twice: once with the plain clients summed by the store and the rest
replayed (as `cadence report` does), once with every client replayed (`core.report`, whose
own tests compare it with a day-by-day replay). The two `Report`s must be equal, on SQLite
and on PostgreSQL. Each example writes its clients under a tag of its own into the one store
of the test, and reports on that tag (and on the whole store).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_book import write_client

from cadence_cli.core.dates import Interval, parse_interval
from cadence_cli.core.records import DueFilters, Stamp, TierDraft
from cadence_cli.core.report import Counted, Report, build_report, window_start
from cadence_cli.store import alchemy, writes
from cadence_cli.store import facts as book_facts
from cadence_cli.store.doors import reading
from cadence_cli.store.report_sql import plain_counts, plain_view

DAYS = st.dates(min_value=date(2026, 6, 1), max_value=date(2026, 12, 31))
CHANNELS = ("call", "text", "email", "meeting")
OUTCOMES = ("reached", "message", "no-answer", "no-answer")
_TAGS = itertools.count(1)


@st.composite
def random_clients(draw: st.DrawFn) -> list[dict[str, Any]]:
    clients = []
    for _ in range(draw(st.integers(1, 8))):
        plain = draw(st.booleans())  # most of a real book: no snooze, charter or archive
        clients.append(
            {
                "tier": draw(st.sampled_from(["A", "B", "C", "D", "Y"])),
                "added_on": draw(DAYS),
                "touches": draw(
                    st.lists(
                        st.tuples(
                            DAYS,
                            st.sampled_from(CHANNELS),
                            st.sampled_from(OUTCOMES),
                            st.booleans(),
                        ),
                        max_size=8,
                    )
                ),
                "promises": draw(st.lists(st.tuples(DAYS, st.none() | DAYS), max_size=2)),
                "snoozed_until": None if plain else draw(st.none() | DAYS),
                "charter": None if plain else draw(st.none() | st.sampled_from(["3d", "1m"])),
                "archived_on": None if plain else draw(st.none() | DAYS),
            }
        )
    return clients


def _write(db: Any, clients: list[dict[str, Any]], tag: str) -> None:
    for number, client in enumerate(clients):
        client_id = write_client(db, client, name=f"Client {tag} {number}", tags=(tag,))
        for due_on, kept_on in client["promises"] if client["archived_on"] is None else ():
            made = writes.add_promise(client_id, "call back", db=db, due_on=due_on, today=due_on)
            if kept_on is not None:
                writes.keep_promise(made.id, db=db, on=kept_on)
        if client["archived_on"] is not None:
            gone = Stamp(client["archived_on"], datetime(2026, 1, 1, tzinfo=UTC), "sam")
            writes.archive_client(client_id, "gone", db=db, stamp=gone)


def _reports(target: str, filters: DueFilters, on: date, weeks: int) -> tuple[Report, Report]:
    """The report with the store's sums, and the one replaying every client."""
    start = window_start(on, weeks)
    with reading(target) as db:
        tiers = book_facts.tiers_existing(db=db, on=on)
        view = plain_view(db=db, start=start, filters=filters)
        assert view is not None
        counted = plain_counts(db=db, view=view, start=start, on=on, weeks=weeks)
        assert counted is not None
        rest = book_facts.report_histories(
            db=db, start=start, on=on, filters=filters, leave_out=view.leave_out
        )
        every = book_facts.report_histories(db=db, start=start, on=on, filters=filters)
    summed = build_report(rest, on=on, weeks=weeks, tiers=tiers, counted=counted)
    replayed = build_report(every, on=on, weeks=weeks, tiers=tiers, counted=Counted())
    return summed, replayed


def _define_tiers(target: str) -> None:
    opened = alchemy.open_store(target, create=True)
    try:
        with opened.transaction() as db:
            stamp = Stamp(date(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC), "sam")
            for name, every, reactive in (("D", "10d", "5d"), ("Y", "1y", "1m")):
                draft = TierDraft(name, parse_interval(every), parse_interval(reactive))
                writes.define_tier(draft, db=db, stamp=stamp)
    finally:
        opened.close()


def test_the_stores_sums_equal_the_replay_on_random_books(book: str) -> None:
    _define_tiers(book)

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        clients=random_clients(),
        on=st.dates(min_value=date(2026, 7, 1), max_value=date(2027, 1, 31)),
        weeks=st.integers(1, 20),
    )
    def same(clients: list[dict[str, Any]], on: date, weeks: int) -> None:
        tag = f"t{next(_TAGS)}"
        opened = alchemy.open_store(book, create=False)
        try:
            with opened.transaction() as db:
                _write(db, clients, tag)
        finally:
            opened.close()
        for filters in (DueFilters(tag=tag), DueFilters(tag=tag, tier="B"), DueFilters()):
            if filters.tier is not None and not any(c["tier"] == "B" for c in clients):
                continue
            summed, replayed = _reports(book, filters, on, weeks)
            assert summed == replayed, (filters, on, weeks)

    same()


def test_a_tier_redefined_in_the_window_is_replayed(book: str) -> None:
    _define_tiers(book)
    opened = alchemy.open_store(book, create=False)
    try:
        with opened.transaction() as db:
            clients = [
                {
                    "tier": tier,
                    "added_on": date(2026, 6, 1),
                    "touches": [(date(2026, 9, 1) + timedelta(days=n), "call", "reached", False)],
                    "promises": [],
                    "snoozed_until": None,
                    "charter": None,
                    "archived_on": None,
                }
                for n, tier in enumerate("DDYA")
            ]
            _write(db, clients, "mixed")
            stamp = Stamp(date(2026, 10, 1), datetime(2026, 10, 1, tzinfo=UTC), "sam")
            redefined = TierDraft("D", Interval(2, "w"), Interval(3, "d"))
            writes.define_tier(redefined, db=db, stamp=stamp)
    finally:
        opened.close()
    summed, replayed = _reports(book, DueFilters(), date(2026, 11, 23), 12)
    assert summed == replayed
    assert summed.overall.clients == 4
