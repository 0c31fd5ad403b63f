"""Applying an import plan (`bulk.plan_import`) to the store, all or nothing.

Inserts go in batches through `Db.executemany` inside the caller's one transaction, with
ids reserved up front so a batch's tags, milestones and touches can point at its clients.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from cadence_cli.core.records import Stamp, TierInfo
from cadence_cli.interop.batch import ClientRecord
from cadence_cli.store import reads, writes
from cadence_cli.store.bulk import IMPORT_CHUNK, ImportOutcome, ImportPlan, unique_positive
from cadence_cli.store.engine import Db, chunks, in_list
from cadence_cli.store.rules import clean, email_key
from cadence_cli.store.terms import SINCE_ALWAYS, record_client_terms, record_tier_terms


def _columns_insert(table: str, columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
    )


_CLIENT_COLUMNS = (
    "id", "name", "name_key", "tier_id", "email", "email_key", "phone", "company", "owner",
    "notes", "status", "archived_reason", "archived_on", "snoozed_until", "added_on",
    "charter_every", "charter_channel", "charter_note", "charter_review_every",
    "charter_agreed_on",
)  # fmt: skip
_TOUCH_COLUMNS = (
    "client_id", "at", "day", "channel", "outcome", "inbound", "note", "by", "logged_at",
)  # fmt: skip
_PROMISE_COLUMNS = (
    "client_id", "text", "due_on", "made_on", "kept_on", "cancelled_on", "cancel_reason",
    "handed_to", "by",
)  # fmt: skip
_INSERT_CLIENT = _columns_insert("client", _CLIENT_COLUMNS)
_INSERT_TAG = _columns_insert("client_tag", ("client_id", "tag"))
_INSERT_MILESTONE = _columns_insert("milestone", ("client_id", "label", "month", "day", "year"))
_INSERT_TOUCH = _columns_insert("touch", ("id", *_TOUCH_COLUMNS))
_INSERT_TOUCH_NEW_ID = _columns_insert("touch", _TOUCH_COLUMNS)
_INSERT_PROMISE = _columns_insert("promise", ("id", *_PROMISE_COLUMNS))
_INSERT_PROMISE_NEW_ID = _columns_insert("promise", _PROMISE_COLUMNS)


def _apply_tiers(plan: ImportPlan, *, db: Db, stamp: Stamp) -> tuple[list[str], list[str]]:
    """Restoring into an empty book: the dump's tiers replace the book's, in force since
    always (the empty book's history is only its seed). Otherwise tiers the book lacks are
    added after its own, and a tier the book defines differently keeps the book's definition
    (reported)."""
    created: list[str] = []
    kept: list[str] = []
    book = {t.name.casefold(): t for t in reads.tiers(db=db)}
    if plan.replace_tiers:
        wanted = {t.name.casefold() for t in plan.batch.tiers}
        for key, known in book.items():
            if key not in wanted:
                db.execute("DELETE FROM tier WHERE id = :id", {"id": known.id})
    last_rank = max((t.rank for t in book.values()), default=0)
    for tier in plan.batch.tiers:
        key = tier.name.casefold()
        found = book.get(key)
        values: dict[str, object] = {
            "key": key,
            "every": str(tier.every),
            "reactive_after": str(tier.reactive_after),
            "description": tier.description,
        }
        if found is not None and not plan.replace_tiers:
            book_rule = (str(found.every), str(found.reactive_after))
            if book_rule != (str(tier.every), str(tier.reactive_after)):
                kept.append(found.name)
            continue
        if found is None:
            last_rank += 1
            db.execute(
                "INSERT INTO tier (name, name_key, rank, every, reactive_after, description) "
                "VALUES (:name, :key, :rank, :every, :reactive_after, :description)",
                {
                    **values,
                    "name": tier.name,
                    "rank": tier.rank if plan.replace_tiers else last_rank,
                },
            )
            created.append(tier.name)
            continue
        sets = "every = :every, reactive_after = :reactive_after, description = :description"
        if plan.replace_tiers:
            sets += ", name = :name, rank = :rank"
            values.update(name=tier.name, rank=tier.rank)
        db.execute(f"UPDATE tier SET {sets} WHERE name_key = :key", values)
    if plan.replace_tiers:
        db.execute("DELETE FROM tier_term")
        stamp = replace(stamp, on=SINCE_ALWAYS)
    record_tier_terms([t.id for t in reads.tiers(db=db)], db=db, stamp=stamp)
    return created, kept


def _client_values(
    record: ClientRecord, tier_id: int, today: date, snooze: date | None
) -> dict[str, Any]:
    charter = record.charter
    return {
        "name": record.name,
        "name_key": record.name.casefold(),
        "tier_id": tier_id,
        "email": record.email,
        "email_key": email_key(record.email) if record.email else None,
        "phone": record.phone,
        "company": record.company,
        "owner": record.owner,
        "notes": record.notes,
        "status": record.status,
        "archived_reason": record.archived_reason if record.status == "archived" else None,
        "archived_on": (record.archived_on or today) if record.status == "archived" else None,
        "snoozed_until": record.snoozed_until or snooze,
        "added_on": record.added_on or today,
        "charter_every": str(charter.every) if charter else None,
        "charter_channel": charter.channel if charter else None,
        "charter_note": charter.note if charter else None,
        "charter_review_every": str(charter.review_every) if charter else None,
        "charter_agreed_on": charter.agreed_on if charter else None,
    }


def apply_import(
    plan: ImportPlan,
    *,
    db: Db,
    stamp: Stamp,
    spread: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Write a plan inside the caller's transaction: executemany inserts in chunks of
    `IMPORT_CHUNK` (no statement per row), `progress(n)` after each chunk. An error or Ctrl-C
    anywhere rolls the whole import back with the transaction.

    `spread`: never-contacted new clients get a first due day from `spread_first_due`, kept as a
    snooze (visible in `show` as "snoozed until"); those it places today get none.
    """
    step = progress or (lambda _n: None)
    today, now = stamp.on, stamp.at
    created_tiers, kept_tiers = _apply_tiers(plan, db=db, stamp=stamp)
    tiers = {t.name.casefold(): t for t in reads.tiers(db=db)}
    default = tiers[plan.default_tier.casefold()]

    def tier_of(record: ClientRecord) -> TierInfo:
        return tiers[record.tier.casefold()] if record.tier else default

    first_due = _spread(plan, tier_of, today) if spread else {}
    ids = _insert_clients(plan, tier_of, first_due, today=today, db=db, step=step)
    _apply_updates(plan, tiers, db=db)
    record_client_terms([*ids.values(), *plan.updates], db=db, stamp=stamp)
    step(len(plan.updates))

    def client_id_of(ref: int) -> int:
        kind, value = plan.target[ref]
        return ids[value] if kind == "new" else value

    _insert_touches(plan, client_id_of, now=now, db=db, step=step)
    _insert_promises(plan, client_id_of, db=db, step=step)
    if plan.keep_ids and db.dialect == "postgresql":
        for table in ("client", "touch", "promise"):  # explicit ids: move the sequences past them
            db.rows(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1), "
                f"(SELECT MAX(id) FROM {table}) IS NOT NULL)"
            )
    return ImportOutcome(
        created=len(plan.new),
        updated=len(plan.updates),
        touches=len(plan.touches),
        promises=len(plan.promises),
        first_due={ids[ref]: day for ref, day in first_due.items()},
        tiers_created=tuple(created_tiers),
        tiers_kept=tuple(kept_tiers),
        kept_ids=plan.keep_ids,
    )


def _spread(
    plan: ImportPlan, tier_of: Callable[[ClientRecord], TierInfo], today: date
) -> dict[int, date]:
    """First due days for the never-contacted new clients (`--spread`)."""
    from cadence_cli.core.schedule import SpreadItem, spread_first_due

    contacted = {t.client_ref for t in plan.touches}
    items = [
        SpreadItem(
            r.ref,
            tier_of(r).rank,
            r.charter.every if r.charter is not None else tier_of(r).every,
        )
        for r in plan.new
        if r.ref not in contacted and r.status == "active" and r.snoozed_until is None
    ]
    return spread_first_due(items, today)


def _insert_clients(
    plan: ImportPlan,
    tier_of: Callable[[ClientRecord], TierInfo],
    first_due: dict[int, date],
    *,
    today: date,
    db: Db,
    step: Callable[[int], None],
) -> dict[int, int]:
    """The new clients with their tags and milestones; returns each file ref's client id."""
    ids: dict[int, int] = {}
    for chunk in chunks(plan.new, IMPORT_CHUNK):
        new_ids = (
            [record.ref for record in chunk]
            if plan.keep_ids
            else _reserve_ids(db, "client", len(chunk))
        )
        rows, tags, milestones = [], [], []
        for record, client_id in zip(chunk, new_ids, strict=True):
            ids[record.ref] = client_id
            snooze = first_due.get(record.ref)
            row = _client_values(
                _with_owner(record, plan.default_owner),
                tier_of(record).id,
                today,
                snooze if snooze is not None and snooze > today else None,
            )
            rows.append({**row, "id": client_id})
            tags += [{"client_id": client_id, "tag": tag} for tag in record.tags]
            milestones += [
                {"client_id": client_id, "label": label, "month": d.month, "day": d.day,
                 "year": d.year}
                for label, d in record.milestones
            ]  # fmt: skip
        db.executemany(_INSERT_CLIENT, rows)
        db.executemany(_INSERT_TAG, tags)
        db.executemany(_INSERT_MILESTONE, milestones)
        step(len(chunk))
    return ids


def _insert_touches(
    plan: ImportPlan,
    client_id_of: Callable[[int], int],
    *,
    now: datetime,
    db: Db,
    step: Callable[[int], None],
) -> None:
    keep_ids = plan.keep_ids and unique_positive(t.ref for t in plan.touches)
    for chunk in chunks(plan.touches, IMPORT_CHUNK):
        rows = [
            {
                "client_id": client_id_of(t.client_ref),
                "at": t.at,
                "day": t.day,
                "channel": t.channel,
                "outcome": t.outcome,
                "inbound": t.inbound,
                "note": clean(t.note),
                "by": clean(t.by),
                "logged_at": t.logged_at or now,
                "id": t.ref if keep_ids else None,
            }
            for t in chunk
        ]
        db.executemany(_INSERT_TOUCH if keep_ids else _INSERT_TOUCH_NEW_ID, rows)
        step(len(chunk))


def _insert_promises(
    plan: ImportPlan, client_id_of: Callable[[int], int], *, db: Db, step: Callable[[int], None]
) -> None:
    keep_ids = plan.keep_ids and unique_positive(p.ref for p in plan.promises)
    for chunk in chunks(plan.promises, IMPORT_CHUNK):
        rows = [
            {
                "client_id": client_id_of(p.client_ref),
                "text": p.text.strip(),
                "due_on": p.due_on,
                "made_on": p.made_on,
                "kept_on": p.kept_on,
                "cancelled_on": p.cancelled_on,
                "cancel_reason": p.cancel_reason,
                "handed_to": p.handed_to,
                "by": p.by,
                "id": p.ref if keep_ids else None,
            }
            for p in chunk
        ]
        db.executemany(_INSERT_PROMISE if keep_ids else _INSERT_PROMISE_NEW_ID, rows)
        step(len(chunk))


def _reserve_ids(db: Db, table: str, count: int) -> list[int]:
    """Ids for `count` new rows, so children can point at them in the same executemany batch.
    PostgreSQL hands them out from the table's sequence, safe beside other writers; SQLite
    continues after the largest id, safe because a writing transaction holds the store's write
    lock (BEGIN IMMEDIATE)."""
    if db.dialect == "postgresql":
        rows = db.rows(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
            "FROM generate_series(1, :count)",
            {"count": count},
        )
        return sorted(int(value) for (value,) in rows)
    ((largest,),) = db.rows(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    start = int(largest) + 1
    return list(range(start, start + count))


def _with_owner(record: ClientRecord, owner: str | None) -> ClientRecord:
    """The import's `--owner` for a new client whose file names none."""
    return record if record.owner or owner is None else replace(record, owner=owner)


def _apply_updates(plan: ImportPlan, tiers: dict[str, TierInfo], *, db: Db) -> None:
    """`--on-duplicate update`: the file's values replace the book's where the file has one;
    tags and milestones are added; the email is set only when the client has none and no other
    client uses it (it is how duplicates are found); status and history are never cleared."""
    for chunk in chunks(sorted(plan.updates)):
        ids, params = in_list("id", chunk)
        emails: dict[int, str | None] = dict(
            db.rows(f"SELECT id, email FROM client WHERE id IN {ids}", params)
        )
        tags = reads.tags_of(chunk, db=db)  # one query a chunk, not three a client
        for client_id in chunk:
            _update_one(client_id, plan.updates[client_id], emails[client_id], tags, tiers, db=db)


def _update_one(
    client_id: int,
    record: ClientRecord,
    email: str | None,
    tags: dict[int, tuple[str, ...]],
    tiers: dict[str, TierInfo],
    *,
    db: Db,
) -> None:
    values: dict[str, object] = {"name": record.name, "name_key": record.name.casefold()}
    if record.tier:
        values["tier_id"] = tiers[record.tier.casefold()].id
    if record.email and not email:
        key = email_key(record.email)
        if not db.rows("SELECT id FROM client WHERE email_key = :key LIMIT 1", {"key": key}):
            values.update(email=record.email, email_key=key)
    for column in ("phone", "company", "owner", "notes", "snoozed_until"):
        value = getattr(record, column)
        if value:
            values[column] = value
    if record.charter is not None:
        values.update(
            charter_every=str(record.charter.every),
            charter_channel=record.charter.channel,
            charter_note=record.charter.note,
            charter_review_every=str(record.charter.review_every),
            charter_agreed_on=record.charter.agreed_on,
        )
    sets = ", ".join(f"{column} = :{column}" for column in values)
    db.execute(f"UPDATE client SET {sets} WHERE id = :id", {**values, "id": client_id})
    had = tags.get(client_id, ())
    writes.add_tags(client_id, [t for t in record.tags if t not in had], db=db)
    writes.set_milestones(client_id, record.milestones, db=db)
