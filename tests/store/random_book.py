"""Writing a random book's clients through the store's own writes, for the property tests
that compare what the store reads or sums with a replay (test_reads, test_report_sql)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from cadence_cli.core.dates import Interval, parse_interval
from cadence_cli.core.records import Charter, ClientDraft, Stamp, TouchFields
from cadence_cli.store import writes
from cadence_cli.store.engine import Db

CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def write_client(db: Db, client: dict[str, Any], *, name: str, tags: tuple[str, ...] = ()) -> int:
    """Add `client` (a dict drawn by a test: tier, added_on, touches as (day, channel,
    outcome, inbound), snoozed_until, charter) with its touches, snooze and charter; its id."""
    stamp = Stamp(client["added_on"], CREATED, "sam")
    draft = ClientDraft(name=name, tier=client["tier"], tags=tags)
    client_id = writes.add_client(draft, db=db, stamp=stamp).id
    for day, channel, outcome, inbound in client["touches"]:
        at = datetime.combine(day, time(12), tzinfo=UTC)
        touch = TouchFields(
            at=at, day=day, channel=channel, outcome=outcome, inbound=inbound,
            by="sam", logged_at=at,
        )  # fmt: skip
        writes.log_touch(client_id, touch, db=db)
    if client["snoozed_until"] is not None:
        writes.set_snooze(client_id, client["snoozed_until"], db=db, stamp=stamp)
    if client["charter"] is not None:
        charter = Charter(
            every=parse_interval(client["charter"]),
            agreed_on=client["added_on"],
            review_every=Interval(6, "m"),
        )
        writes.set_charter(client_id, charter, db=db, stamp=stamp)
    return client_id
