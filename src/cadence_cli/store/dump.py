"""Export: the whole book as the records `interop` writes, in a few whole-table queries.

No query per client, and touches are read a page at a time (keyset on the id), so a million
of them are never in memory at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from cadence_cli.core.dates import Interval, YearlyDate, parse_interval
from cadence_cli.core.schedule import NO_ANSWER
from cadence_cli.interop.batch import (
    ClientRecord,
    PromiseRecord,
    TierRecord,
    TouchRecord,
)
from cadence_cli.store import reads
from cadence_cli.store.engine import Db, as_day, as_instant


def dump_tiers(*, db: Db) -> list[TierRecord]:
    return [
        TierRecord(
            name=t.name,
            rank=t.rank,
            every=t.every,
            reactive_after=t.reactive_after,
            description=t.description,
        )
        for t in reads.tiers(db=db)
    ]


_CLIENTS = """
SELECT c.id, c.name, t.name, c.email, c.phone, c.company, c.owner, c.notes, c.status,
       c.archived_reason, c.archived_on, c.snoozed_until, c.added_on, c.charter_every,
       c.charter_agreed_on, c.charter_review_every, c.charter_channel, c.charter_note
FROM client AS c JOIN tier AS t ON t.id = c.tier_id ORDER BY c.id
"""


def dump_clients(*, db: Db) -> list[ClientRecord]:
    """Every client (archived too), by id, with tags, milestones and charter."""
    tags: dict[int, list[str]] = defaultdict(list)
    for client_id, tag in db.rows("SELECT client_id, tag FROM client_tag ORDER BY client_id, tag"):
        tags[client_id].append(tag)
    milestones: dict[int, list[tuple[str, YearlyDate]]] = defaultdict(list)
    for client_id, label, month, day, year in db.rows(
        "SELECT client_id, label, month, day, year FROM milestone ORDER BY client_id, label"
    ):
        milestones[client_id].append((label, YearlyDate(month, day, year)))
    intervals: dict[str, Interval] = {}

    def interval(text: str) -> Interval:
        return intervals.get(text) or intervals.setdefault(text, parse_interval(text))

    def maybe_day(value: date | str | None) -> date | None:
        return None if value is None else as_day(value)

    found = []
    for (
        client_id, name, tier, email, phone, company, owner, notes, status, archived_reason,
        archived_on, snoozed_until, added_on, every, agreed_on, review_every, channel, note,
    ) in db.rows(_CLIENTS):  # fmt: skip
        charter = reads.charter_of(every, agreed_on, review_every, channel, note, parse=interval)
        found.append(
            ClientRecord(
                ref=client_id,
                line=0,
                name=name,
                tier=tier,
                email=email,
                phone=phone,
                company=company,
                owner=owner,
                notes=notes,
                status=status,
                archived_reason=archived_reason,
                archived_on=maybe_day(archived_on),
                snoozed_until=maybe_day(snoozed_until),
                added_on=maybe_day(added_on),
                tags=tuple(tags.get(client_id, ())),
                milestones=tuple(milestones.get(client_id, ())),
                charter=charter,
            )
        )
    return found


def dump_touches(*, db: Db, page: int = 5_000) -> Iterator[TouchRecord]:
    """Every touch by id, a page at a time. Iterate inside the transaction."""
    last = 0
    while True:
        rows = db.rows(
            "SELECT id, client_id, at, day, channel, outcome, inbound, note, by, logged_at "
            "FROM touch WHERE id > :last ORDER BY id LIMIT :page",
            {"last": last, "page": page},
        )
        for touch_id, client_id, at, day, channel, outcome, inbound, note, by, logged_at in rows:
            yield TouchRecord(
                ref=touch_id,
                client_ref=client_id,
                line=0,
                at=as_instant(at),
                day=as_day(day),
                channel=channel,
                outcome=outcome,
                inbound=bool(inbound),
                note=note,
                by=by,
                logged_at=as_instant(logged_at),
            )
        if len(rows) < page:
            return
        last = rows[-1][0]


def dump_promises(*, db: Db) -> list[PromiseRecord]:
    return [
        PromiseRecord(
            ref=promise_id,
            client_ref=client_id,
            line=0,
            text=text,
            due_on=as_day(due_on),
            made_on=as_day(made_on),
            kept_on=None if kept_on is None else as_day(kept_on),
            cancelled_on=None if cancelled_on is None else as_day(cancelled_on),
            cancel_reason=reason,
            handed_to=handed_to,
            by=by,
        )
        for (
            promise_id,
            client_id,
            text,
            due_on,
            made_on,
            kept_on,
            cancelled_on,
            reason,
            handed_to,
            by,
        ) in db.rows(
            "SELECT id, client_id, text, due_on, made_on, kept_on, cancelled_on, cancel_reason, "
            "handed_to, by FROM promise ORDER BY id"
        )
    ]


def last_counting_days(*, db: Db) -> dict[int, date]:
    """Each client's latest counting touch day (one GROUP BY): the CSV's `last_contact`."""
    rows = db.rows(
        "SELECT client_id, MAX(day) FROM touch WHERE outcome != :no_answer GROUP BY client_id",
        {"no_answer": NO_ANSWER},
    )
    return {int(client_id): as_day(day) for client_id, day in rows}
