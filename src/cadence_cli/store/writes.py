"""Every change to the book, in plain SQL: tiers, clients, touches, promises, charters.

Each function takes a keyword-only `db` from `doors.writing` (one transaction per command),
checks its input with `rules`, writes, and returns the changed record as `reads` sees it.
The SQL is portable (SQLite 3.35+ for RETURNING, and PostgreSQL) and runs on the sqlite3
fast path as well as on SQLAlchemy, so a `log` never imports the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from cadence_cli.core.dates import Interval, YearlyDate
from cadence_cli.core.records import (
    Charter,
    ClientChanges,
    ClientDraft,
    ClientInfo,
    PromiseInfo,
    Stamp,
    TierInfo,
    TouchInfo,
)
from cadence_cli.errors import Conflict, InvalidInput, NotFound
from cadence_cli.store import reads
from cadence_cli.store.engine import Db
from cadence_cli.store.rules import (
    check_archive_reason,
    check_client_fields,
    check_promise_text,
    check_text,
    check_tier_name,
    check_touch,
    clean_tags,
    email_key,
    milestone_label,
)
from cadence_cli.store.terms import record_client_terms, record_tier_terms

# ---------------------------------------------------------------------------------------------
# Tiers


def define_tier(
    name: str,
    *,
    db: Db,
    every: Interval,
    reactive_after: Interval,
    description: str | None = None,
    rank: int | None = None,
    stamp: Stamp,
    minutes: int | None = None,
) -> tuple[TierInfo, bool]:
    """Create a tier or redefine an existing one (recorded in its history). Returns (tier,
    created)."""
    clean_name = check_tier_name(name)
    check_text("description", description, 500)
    key = clean_name.casefold()
    found = db.rows("SELECT id FROM tier WHERE name_key = :key", {"key": key})
    values: dict[str, object] = {
        "key": key,
        "every": str(every),
        "reactive_after": str(reactive_after),
    }
    if not found:
        if rank is None:
            (last,) = db.rows("SELECT COALESCE(MAX(rank), 0) FROM tier")[0]
            rank = int(last) + 1
        db.execute(
            "INSERT INTO tier (name, name_key, rank, every, reactive_after, description, minutes) "
            "VALUES (:name, :key, :rank, :every, :reactive_after, :description, :minutes)",
            {
                **values,
                "name": clean_name,
                "rank": rank,
                "description": description or "",
                "minutes": 10 if minutes is None else minutes,
            },
        )
    else:
        sets = ["every = :every", "reactive_after = :reactive_after"]
        if description is not None:
            sets.append("description = :description")
            values["description"] = description
        if rank is not None:
            sets.append("rank = :rank")
            values["rank"] = rank
        if minutes is not None:  # minutes per contact (SPEC §8's hour math)
            sets.append("minutes = :minutes")
            values["minutes"] = minutes
        db.execute(f"UPDATE tier SET {', '.join(sets)} WHERE name_key = :key", values)
    tier = reads.tier_named(clean_name, db=db)
    record_tier_terms([tier.id], db=db, stamp=stamp)
    return tier, not found


def delete_tier(
    name: str, *, db: Db, move_to: str | None, stamp: Stamp
) -> tuple[TierInfo, int, TierInfo | None]:
    """Delete a tier, moving its clients (archived ones too) to `move_to`.

    Returns the deleted tier (as the book spelled it), how many clients moved, and where."""
    known = reads.tiers(db=db)
    tier = reads.find_tier(name, known)
    ((count,),) = db.rows("SELECT COUNT(*) FROM client WHERE tier_id = :id", {"id": tier.id})
    if count and move_to is None:
        raise Conflict(
            f"tier {tier.name} still has {count} client{'s' if count != 1 else ''}",
            hint=f"move them with `cadence tier delete {tier.name} --move-to OTHER`",
        )
    target = None
    if move_to is not None:
        target = reads.find_tier(move_to, known)
        if target.id == tier.id:
            raise InvalidInput("--move-to must name another tier")
        moved = [
            i for (i,) in db.rows("SELECT id FROM client WHERE tier_id = :id", {"id": tier.id})
        ]
        db.execute(
            "UPDATE client SET tier_id = :target WHERE tier_id = :id",
            {"target": target.id, "id": tier.id},
        )
        record_client_terms(moved, db=db, stamp=stamp)
    if len(known) == 1:
        raise Conflict("cannot delete the last tier", hint="define another tier first")
    record_tier_terms([tier.id], db=db, stamp=stamp, retired=True)
    db.execute("DELETE FROM tier WHERE id = :id", {"id": tier.id})
    return tier, int(count), target


# ---------------------------------------------------------------------------------------------
# Clients


def add_client(draft: ClientDraft, *, db: Db, stamp: Stamp) -> ClientInfo:
    fields = check_client_fields(
        name=draft.name,
        email=draft.email,
        phone=draft.phone,
        company=draft.company,
        owner=draft.owner,
        notes=draft.notes,
    )
    _refuse_taken_email(fields["email"], db=db)
    tier = reads.tier_named(draft.tier, db=db) if draft.tier else reads.default_tier(db=db)
    ((client_id,),) = db.rows(
        "INSERT INTO client (name, name_key, tier_id, email, email_key, phone, company, owner, "
        "notes, status, added_on, tier_since) VALUES (:name, :name_key, :tier_id, :email, "
        ":email_key, :phone, :company, :owner, :notes, 'active', :added_on, :added_on) "
        "RETURNING id",
        {**_client_columns(fields), "tier_id": tier.id, "added_on": stamp.on},
    )
    add_tags(client_id, clean_tags(draft.tags), db=db)
    set_milestones(client_id, draft.milestones, db=db)
    record_client_terms([client_id], db=db, stamp=stamp)
    return reads.get_client(client_id, db=db)


def _client_columns(fields: dict[str, str | None]) -> dict[str, object]:
    """The stored columns of checked client fields, with the keys lookups compare on."""
    name, email = fields["name"], fields["email"]
    assert name is not None
    return {
        **fields,
        "name_key": name.casefold(),
        "email_key": email_key(email) if email else None,
    }


def _refuse_taken_email(email: str | None, *, db: Db, client_id: int | None = None) -> None:
    """An email names one client: it is how imports and `resolve_client` find them."""
    clash = reads.find_by_email(email, db=db) if email else None
    if clash is None or clash.id == client_id:
        return
    if client_id is not None:
        raise Conflict(f"{clash.ref} already has the email {email}")
    raise Conflict(
        f"{clash.ref} already has the email {email}",
        hint=f"change that client with `cadence edit '#{clash.id}'`",
    )


def edit_client(client_id: int, changes: ClientChanges, *, db: Db, stamp: Stamp) -> ClientInfo:
    """Apply `changes` (None leaves a field, "" clears it) after checking the result."""
    current = reads.get_client(client_id, db=db)

    def pick(new: str | None, old: str | None) -> str | None:
        return old if new is None else new

    fields = check_client_fields(
        name=pick(changes.name, current.name),
        email=pick(changes.email, current.email),
        phone=pick(changes.phone, current.phone),
        company=pick(changes.company, current.company),
        owner=pick(changes.owner, current.owner),
        notes=pick(changes.notes, current.notes),
    )
    if changes.email is not None:
        _refuse_taken_email(fields["email"], db=db, client_id=client_id)
    tier_id = reads.tier_named(changes.tier, db=db).id if changes.tier is not None else None
    db.execute(
        "UPDATE client SET name = :name, name_key = :name_key, email = :email, "
        "email_key = :email_key, phone = :phone, company = :company, owner = :owner, "
        "notes = :notes, tier_id = COALESCE(:tier_id, tier_id) WHERE id = :id",
        {**_client_columns(fields), "tier_id": tier_id, "id": client_id},
    )
    add_tags(client_id, [t for t in clean_tags(changes.add_tags) if t not in current.tags], db=db)
    for tag in clean_tags(changes.remove_tags):
        if tag not in current.tags:
            raise NotFound(f"{fields['name']} has no tag {tag!r}")
        db.execute(
            "DELETE FROM client_tag WHERE client_id = :id AND tag = :tag",
            {"id": client_id, "tag": tag},
        )
    set_milestones(client_id, changes.milestones, db=db)
    for label in changes.remove_milestones:
        gone = db.execute(
            "DELETE FROM milestone WHERE client_id = :id AND label = :label",
            {"id": client_id, "label": label.strip().lower()},
        )
        if not gone:
            raise NotFound(f"{fields['name']} has no milestone {label!r}")
    record_client_terms([client_id], db=db, stamp=stamp)
    return reads.get_client(client_id, db=db)


def add_tags(client_id: int, tags: Sequence[str], *, db: Db) -> None:
    """Tags the client does not have yet (already clean): used by add, edit and import."""
    db.executemany(
        "INSERT INTO client_tag (client_id, tag) VALUES (:id, :tag)",
        [{"id": client_id, "tag": tag} for tag in tags],
    )


def set_milestones(client_id: int, milestones: Sequence[tuple[str, YearlyDate]], *, db: Db) -> None:
    """Add or replace the client's yearly dates by label (add, edit and import)."""
    for label, when in milestones:
        key = {"id": client_id, "label": milestone_label(label)}
        values = {**key, "month": when.month, "day": when.day, "year": when.year}
        changed = db.execute(
            "UPDATE milestone SET month = :month, day = :day, year = :year "
            "WHERE client_id = :id AND label = :label",
            values,
        )
        if not changed:
            db.execute(
                "INSERT INTO milestone (client_id, label, month, day, year) "
                "VALUES (:id, :label, :month, :day, :year)",
                values,
            )


def set_tier(client_id: int, tier: str, *, db: Db, stamp: Stamp) -> tuple[str, ClientInfo]:
    """Move a client to a tier; returns the old tier's name and the client."""
    old = reads.get_client(client_id, db=db).tier
    target = reads.tier_named(tier, db=db)
    db.execute("UPDATE client SET tier_id = :t WHERE id = :id", {"t": target.id, "id": client_id})
    record_client_terms([client_id], db=db, stamp=stamp)
    return old, reads.get_client(client_id, db=db)


def set_snooze(client_id: int, until: date | None, *, db: Db, stamp: Stamp) -> ClientInfo:
    _update_client(client_id, {"snoozed_until": until}, db=db, stamp=stamp)
    return reads.get_client(client_id, db=db)


def archive_client(client_id: int, reason: str, *, db: Db, stamp: Stamp) -> ClientInfo:
    current = reads.get_client(client_id, db=db)
    why = check_archive_reason(reason)
    if current.status == "archived":
        raise Conflict(f"{current.name} is already archived ({current.archived_reason})")
    values = {"status": "archived", "archived_reason": why, "archived_on": stamp.on}
    _update_client(client_id, values, db=db, stamp=stamp)
    return reads.get_client(client_id, db=db)


def restore_client(client_id: int, *, db: Db, stamp: Stamp) -> ClientInfo:
    current = reads.get_client(client_id, db=db)
    if current.status != "archived":
        raise Conflict(f"{current.name} is not archived")
    values = {"status": "active", "archived_reason": None, "archived_on": None}
    _update_client(client_id, values, db=db, stamp=stamp)
    return reads.get_client(client_id, db=db)


def set_charter(client_id: int, charter: Charter | None, *, db: Db, stamp: Stamp) -> ClientInfo:
    values: dict[str, object] = {
        "charter_every": str(charter.every) if charter else None,
        "charter_channel": charter.channel if charter else None,
        "charter_note": charter.note if charter else None,
        "charter_review_every": str(charter.review_every) if charter else None,
        "charter_agreed_on": charter.agreed_on if charter else None,
    }
    _update_client(client_id, values, db=db, stamp=stamp)
    return reads.get_client(client_id, db=db)


def _update_client(client_id: int, values: Mapping[str, object], *, db: Db, stamp: Stamp) -> None:
    """Set columns of one client (names come from this module, never from input), and record
    the change in its history of terms."""
    sets = ", ".join(f"{column} = :{column}" for column in values)
    if not db.execute(f"UPDATE client SET {sets} WHERE id = :id", {**values, "id": client_id}):
        raise NotFound(f"no client #{client_id}")
    record_client_terms([client_id], db=db, stamp=stamp)


def locked_client(client_id: int, *, db: Db) -> ClientInfo:
    """The client, held until the transaction ends, so a read-check-write (a review answer)
    cannot interleave with another person's. SQLite writers already hold the database lock
    from BEGIN IMMEDIATE; PostgreSQL needs SELECT … FOR UPDATE."""
    if db.dialect == "postgresql":
        db.rows("SELECT id FROM client WHERE id = :id FOR UPDATE", {"id": client_id})
    return reads.get_client(client_id, db=db)


# ---------------------------------------------------------------------------------------------
# Touches and promises


def log_touch(
    client_id: int,
    *,
    db: Db,
    at: datetime,
    day: date,
    channel: str,
    outcome: str,
    inbound: bool,
    note: str | None,
    by: str | None,
    logged_at: datetime,
) -> TouchInfo:
    note, by = check_touch(note, by)
    ((touch_id,),) = db.rows(
        "INSERT INTO touch (client_id, at, day, channel, outcome, inbound, note, by, logged_at) "
        "VALUES (:client_id, :at, :day, :channel, :outcome, :inbound, :note, :by, :logged_at) "
        "RETURNING id",
        {
            "client_id": client_id,
            "at": at,
            "day": day,
            "channel": channel,
            "outcome": outcome,
            "inbound": inbound,
            "note": note,
            "by": by,
            "logged_at": logged_at,
        },
    )
    return reads.get_touch(touch_id, db=db)


def log_touches(
    client_ids: Sequence[int],
    *,
    db: Db,
    at: datetime,
    day: date,
    channel: str,
    outcome: str,
    note: str | None,
    by: str | None,
    logged_at: datetime,
) -> int:
    """The same outbound touch with many clients (`log --tag …`): one bulk insert; how many."""
    note, by = check_touch(note, by)
    db.executemany(
        "INSERT INTO touch (client_id, at, day, channel, outcome, inbound, note, by, logged_at) "
        "VALUES (:client_id, :at, :day, :channel, :outcome, :inbound, :note, :by, :logged_at)",
        [
            {
                "client_id": client_id,
                "at": at,
                "day": day,
                "channel": channel,
                "outcome": outcome,
                "inbound": False,
                "note": note,
                "by": by,
                "logged_at": logged_at,
            }
            for client_id in client_ids
        ],
    )
    return len(client_ids)


def delete_touch(touch_id: int, *, db: Db) -> None:
    if not db.execute("DELETE FROM touch WHERE id = :id", {"id": touch_id}):
        raise NotFound(f"touch {touch_id} is already gone")


def add_promise(client_id: int, text: str, *, db: Db, due_on: date, today: date) -> PromiseInfo:
    what = check_promise_text(text)
    ((promise_id,),) = db.rows(
        "INSERT INTO promise (client_id, text, due_on, made_on) "
        "VALUES (:client_id, :text, :due_on, :made_on) RETURNING id",
        {"client_id": client_id, "text": what, "due_on": due_on, "made_on": today},
    )
    return reads.get_promise(promise_id, db=db)


def keep_promise(promise_id: int, *, db: Db, on: date) -> PromiseInfo:
    promise = reads.get_promise(promise_id, db=db)
    if promise.kept_on is not None:
        raise Conflict(f"promise {promise_id} was already kept on {promise.kept_on.isoformat()}")
    db.execute("UPDATE promise SET kept_on = :on WHERE id = :id", {"on": on, "id": promise_id})
    return reads.get_promise(promise_id, db=db)
