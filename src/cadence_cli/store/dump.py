"""Export: the whole book as the records `interop` writes, in a few whole-table queries.

No query per client, and touches are read a page at a time (keyset on the id), so a million
of them are never in memory at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from cadence_cli.core.dates import YearlyDate
from cadence_cli.core.schedule import NO_ANSWER
from cadence_cli.interop.batch import (
    ClientRecord,
    ClientTermRecord,
    NoteRecord,
    PromiseRecord,
    TierRecord,
    TierTermRecord,
    TouchRecord,
)
from cadence_cli.store import reads
from cadence_cli.store.engine import Db, as_day, as_instant, interval_reader
from cadence_cli.store.row_fields import (
    CLIENT_STATE,
    PROMISE_FIELDS,
    TIER_RULE,
    TOUCH_FIELDS,
    client_state,
    listed,
    promise_fields,
    tier_rule_fields,
    touch_fields,
)
from cadence_cli.store.terms import TERM_COLUMNS, term_row


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


_CLIENTS = (
    f"SELECT c.id, c.name, t.name, {CLIENT_STATE} "
    "FROM client AS c JOIN tier AS t ON t.id = c.tier_id ORDER BY c.id"
)


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
    interval = interval_reader()
    return [
        ClientRecord(
            ref=client_id,
            line=0,
            name=name,
            tier=tier,
            tags=tuple(tags.get(client_id, ())),
            milestones=tuple(milestones.get(client_id, ())),
            **client_state(state, parse=interval),
        )
        for client_id, name, tier, *state in db.rows(_CLIENTS)
    ]


def dump_touches(*, db: Db, page: int = 5_000) -> Iterator[TouchRecord]:
    """Every touch by id, a page at a time. Iterate inside the transaction."""
    last = 0
    while True:
        rows = db.rows(
            f"SELECT id, client_id, touchpoint, {listed(TOUCH_FIELDS)} FROM touch "
            "WHERE id > :last ORDER BY id LIMIT :page",
            {"last": last, "page": page},
        )
        for touch_id, client_id, touchpoint, *fields in rows:
            yield TouchRecord(
                ref=touch_id,
                client_ref=client_id,
                line=0,
                touchpoint=touchpoint,
                **touch_fields(fields),
            )
        if len(rows) < page:
            return
        last = rows[-1][0]


def dump_promises(*, db: Db) -> list[PromiseRecord]:
    return [
        PromiseRecord(ref=promise_id, client_ref=client_id, line=0, **promise_fields(fields))
        for promise_id, client_id, *fields in db.rows(
            f"SELECT id, client_id, {listed(PROMISE_FIELDS)} FROM promise ORDER BY id"
        )
    ]


def dump_notes(*, db: Db) -> list[NoteRecord]:
    """The notes journal, in the order it was written."""
    return [
        NoteRecord(
            ref=note_id,
            client_ref=client_id,
            noted_on=as_day(noted_on),
            text=text,
            by=by,
            recorded_at=as_instant(recorded_at),
        )
        for note_id, client_id, noted_on, text, by, recorded_at in db.rows(
            "SELECT id, client_id, noted_on, text, by, recorded_at FROM note ORDER BY id"
        )
    ]


_CHANGE = "effective_on, change, by, recorded_at"
"""The columns of a history row that `_change_fields` reads: its `_ChangeRecord` fields."""


def _change_fields(row: Sequence[Any]) -> dict[str, Any]:
    """When a history row took effect, its wording, who recorded it and when."""
    on, change, by, recorded_at = row
    return {
        "effective_on": as_day(on),
        "change": change,
        "by": by,
        "recorded_at": as_instant(recorded_at),
    }


def dump_tier_terms(*, db: Db) -> list[TierTermRecord]:
    """Every definition every tier had (deleted tiers' too), in the order they were recorded."""
    return [
        TierTermRecord(
            tier_id=tier_id,
            minutes=minutes,
            retired=bool(retired),
            **tier_rule_fields(row[:4]),
            **_change_fields(row[4:]),
        )
        for tier_id, minutes, retired, *row in db.rows(
            f"SELECT tier_id, minutes, retired, {listed(TIER_RULE)}, {_CHANGE} "
            "FROM tier_term ORDER BY id"
        )
    ]


def dump_client_terms(*, db: Db) -> list[ClientTermRecord]:
    """Every snapshot of every client's terms, in the order they were recorded."""
    found = []
    for client_id, tier_since, *row in db.rows(
        f"SELECT client_id, tier_since, {_CHANGE}, {TERM_COLUMNS} FROM client_term ORDER BY id"
    ):
        change = _change_fields(row[:4])
        terms = term_row(change["effective_on"], row[4:]).terms
        found.append(
            ClientTermRecord(
                client_ref=client_id, tier_since=as_day(tier_since), terms=terms, **change
            )
        )
    return found


def last_counting_days(*, db: Db) -> dict[int, date]:
    """Each client's latest counting touch day (one GROUP BY): the CSV's `last_contact`."""
    rows = db.rows(
        "SELECT client_id, MAX(day) FROM touch WHERE outcome != :no_answer GROUP BY client_id",
        {"no_answer": NO_ANSWER},
    )
    return {int(client_id): as_day(day) for client_id, day in rows}
