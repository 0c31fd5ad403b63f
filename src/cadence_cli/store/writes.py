"""Every change to the book, in plain SQL: tiers, clients, touches, promises, charters.

Each function takes a keyword-only `db` from `doors.writing` (one transaction per command),
checks its input with `rules`, writes, and returns the changed record as `reads` sees it.
The SQL is portable (SQLite 3.35+ for RETURNING, and PostgreSQL) and runs on the sqlite3
fast path as well as on SQLAlchemy, so a `log` never imports the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from cadence_cli.core.dates import YearlyDate
from cadence_cli.core.records import (
    CLIENT_TEXT,
    Charter,
    ClientChanges,
    ClientDraft,
    ClientFields,
    ClientInfo,
    NoteInfo,
    PromiseInfo,
    Stamp,
    TierDraft,
    TierInfo,
    TouchChanges,
    TouchFields,
    TouchInfo,
)
from cadence_cli.core.wording import long_day
from cadence_cli.errors import Conflict, InvalidInput, NotFound
from cadence_cli.store import reads
from cadence_cli.store.engine import Db
from cadence_cli.store.rules import (
    NOTE_MAX,
    OWNER_MAX,
    REASON_MAX,
    check_archive_reason,
    check_client_fields,
    check_line,
    check_promise_text,
    check_prose,
    check_text,
    check_tier_name,
    check_touch,
    check_touch_note,
    clean_tags,
    email_key,
    milestone_label,
)
from cadence_cli.store.terms import record_client_terms, record_tier_terms

# ---------------------------------------------------------------------------------------------
# Tiers


def define_tier(draft: TierDraft, *, db: Db, stamp: Stamp) -> tuple[TierInfo, bool]:
    """Create a tier or redefine an existing one (recorded in its history). Returns (tier,
    created)."""
    clean_name = check_tier_name(draft.name)
    description, rank, minutes = draft.description, draft.rank, draft.minutes
    check_text("description", description, 500)
    key = clean_name.casefold()
    found = db.rows("SELECT id FROM tier WHERE name_key = :key", {"key": key})
    values: dict[str, object] = {
        "key": key,
        "every": str(draft.every),
        "reactive_after": str(draft.reactive_after),
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
    fields = check_client_fields(name=draft.name, **_text_of(draft))
    _refuse_taken_email(fields["email"], db=db)
    tier = reads.tier_named(draft.tier, db=db) if draft.tier else reads.default_tier(db=db)
    ((client_id,),) = db.rows(
        f"INSERT INTO client (name, name_key, email_key, tier_id, {', '.join(CLIENT_TEXT)}, "
        "status, added_on, tier_since) VALUES (:name, :name_key, :email_key, :tier_id, "
        f"{', '.join(f':{column}' for column in CLIENT_TEXT)}, 'active', :added_on, :added_on) "
        "RETURNING id",
        {**_client_columns(fields), "tier_id": tier.id, "added_on": stamp.on},
    )
    add_tags(client_id, clean_tags(draft.tags), db=db)
    set_milestones(client_id, draft.milestones, db=db)
    record_client_terms([client_id], db=db, stamp=stamp)
    return reads.get_client(client_id, db=db)


def _text_of(client: ClientFields) -> dict[str, str | None]:
    """The client's text fields (`CLIENT_TEXT`) by name, as `check_client_fields` takes them."""
    return {column: getattr(client, column) for column in CLIENT_TEXT}


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

    now, was = _text_of(changes), _text_of(current)
    fields = check_client_fields(
        name=pick(changes.name, current.name),
        **{column: pick(now[column], was[column]) for column in CLIENT_TEXT},
    )
    if changes.email is not None:
        _refuse_taken_email(fields["email"], db=db, client_id=client_id)
    tier_id = reads.tier_named(changes.tier, db=db).id if changes.tier is not None else None
    db.execute(
        "UPDATE client SET name = :name, name_key = :name_key, email_key = :email_key, "
        f"{', '.join(f'{column} = :{column}' for column in CLIENT_TEXT)}, "
        "tier_id = COALESCE(:tier_id, tier_id) WHERE id = :id",
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


def archive_client(
    client_id: int,
    reason: str,
    *,
    db: Db,
    stamp: Stamp,
    hand_over_to: str | None = None,
    cancel_promises: bool = False,
    partner: str | None = None,
) -> ClientInfo:
    """Archive a client; its open promises are handed over or cancelled, never dropped
    (without either, a client with open promises is refused)."""
    current = reads.get_client(client_id, db=db)
    why = check_archive_reason(reason)
    if current.status == "archived":
        raise Conflict(f"{current.name} is already archived ({current.archived_reason})")
    taker = check_line("--hand-over-to", hand_over_to, OWNER_MAX)
    if taker is not None and cancel_promises:
        raise InvalidInput("give --hand-over-to or --cancel-promises, not both")
    open_ones = reads.promises(db=db, client_id=client_id)
    if open_ones and taker is None and not cancel_promises:
        raise Conflict(
            f"{current.ref} has {len(open_ones)} open promise"
            + ("s" if len(open_ones) != 1 else "")
            + ": "
            + "; ".join(f"[{p.id}] {p.text}" for p in open_ones),
            hint="hand them over with --hand-over-to OWNER, or drop them with --cancel-promises",
        )
    for promise in open_ones:
        if taker is not None:
            db.execute(
                "UPDATE promise SET handed_to = :to WHERE id = :id", {"to": taker, "id": promise.id}
            )
        else:
            cancel_promise(promise.id, db=db, on=stamp.on, reason=f"archived: {why}")
    values = {
        "status": "archived",
        "archived_reason": why,
        "archived_on": stamp.on,
        "partner": check_line("--partner", partner, 200) or current.partner,
    }
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


def log_touch(client_id: int, touch: TouchFields, *, db: Db) -> TouchInfo:
    """One touch with one client, as `log`, `work` and a calendar sync record it."""
    row = {**_touch_row(touch), "client_id": client_id}
    ((touch_id,),) = db.rows(f"{_INSERT_TOUCH} RETURNING id", row)
    return reads.get_touch(touch_id, db=db)


def log_touches(client_ids: Sequence[int], touch: TouchFields, *, db: Db) -> int:
    """The same touch with many clients (`log --tag …`): one bulk insert; how many."""
    row = _touch_row(touch)
    db.executemany(_INSERT_TOUCH, [{**row, "client_id": client_id} for client_id in client_ids])
    return len(client_ids)


_INSERT_TOUCH = (
    "INSERT INTO touch (client_id, at, day, channel, outcome, inbound, note, by, logged_at) "
    "VALUES (:client_id, :at, :day, :channel, :outcome, :inbound, :note, :by, :logged_at)"
)


def _touch_row(touch: TouchFields) -> dict[str, object]:
    """The touch's columns for `_INSERT_TOUCH`, all but `client_id`; note and author checked."""
    note, by = check_touch(touch.note, touch.by)
    return {
        "at": touch.at,
        "day": touch.day,
        "channel": touch.channel,
        "outcome": touch.outcome,
        "inbound": touch.inbound,
        "note": note,
        "by": by,
        "logged_at": touch.logged_at,
    }


def edit_touch(touch_id: int, changes: TouchChanges, *, db: Db) -> TouchInfo:
    """Correct one touch: a field left None stays, an empty note clears it."""
    current = reads.get_touch(touch_id, db=db)
    note = current.note if changes.note is None else check_touch_note(changes.note)
    db.execute(
        "UPDATE touch SET at = :at, day = :day, channel = :channel, outcome = :outcome, "
        "inbound = :inbound, note = :note WHERE id = :id",
        {
            "at": changes.at or current.at,
            "day": changes.day or current.day,
            "channel": changes.channel or current.channel,
            "outcome": changes.outcome or current.outcome,
            "inbound": current.inbound if changes.inbound is None else changes.inbound,
            "note": note,
            "id": touch_id,
        },
    )
    return reads.get_touch(touch_id, db=db)


def delete_touch(touch_id: int, *, db: Db) -> None:
    if not db.execute("DELETE FROM touch WHERE id = :id", {"id": touch_id}):
        raise NotFound(f"touch {touch_id} is already gone")


def add_promise(
    client_id: int, text: str, *, db: Db, due_on: date, today: date, by: str | None = None
) -> PromiseInfo:
    what = check_promise_text(text)
    ((promise_id,),) = db.rows(
        "INSERT INTO promise (client_id, text, due_on, made_on, by) "
        "VALUES (:client_id, :text, :due_on, :made_on, :by) RETURNING id",
        {"client_id": client_id, "text": what, "due_on": due_on, "made_on": today, "by": by},
    )
    return reads.get_promise(promise_id, db=db)


def _refuse_settled(promise: PromiseInfo, doing: str) -> None:
    """A kept or cancelled promise is settled: `promise reopen` is the way back."""
    if promise.cancelled_on is not None:
        raise Conflict(
            f"promise {promise.id} was cancelled on {long_day(promise.cancelled_on)}: "
            f"cannot {doing} it",
            hint=f"`cadence promise reopen {promise.id}` opens it again",
        )
    if promise.kept_on is not None:
        raise Conflict(
            f"promise {promise.id} was already kept on {long_day(promise.kept_on)}",
            hint=f"`cadence promise reopen {promise.id}` opens it again",
        )


def keep_promise(promise_id: int, *, db: Db, on: date) -> PromiseInfo:
    _refuse_settled(reads.get_promise(promise_id, db=db), "keep")
    db.execute("UPDATE promise SET kept_on = :on WHERE id = :id", {"on": on, "id": promise_id})
    return reads.get_promise(promise_id, db=db)


def edit_promise(
    promise_id: int, *, db: Db, text: str | None = None, due_on: date | None = None
) -> tuple[PromiseInfo, PromiseInfo]:
    """Correct a promise's text or day; returns it before and after."""
    before = reads.get_promise(promise_id, db=db)
    db.execute(
        "UPDATE promise SET text = :text, due_on = :due_on WHERE id = :id",
        {
            "text": before.text if text is None else check_promise_text(text),
            "due_on": due_on or before.due_on,
            "id": promise_id,
        },
    )
    return before, reads.get_promise(promise_id, db=db)


def cancel_promise(promise_id: int, *, db: Db, on: date, reason: str | None) -> PromiseInfo:
    """Withdraw a promise: it leaves every list and every kept/late count, and stays readable."""
    _refuse_settled(reads.get_promise(promise_id, db=db), "cancel")
    db.execute(
        "UPDATE promise SET cancelled_on = :on, cancel_reason = :reason WHERE id = :id",
        {"on": on, "reason": check_prose("reason", reason, REASON_MAX), "id": promise_id},
    )
    return reads.get_promise(promise_id, db=db)


def reopen_promise(promise_id: int, *, db: Db) -> tuple[PromiseInfo, PromiseInfo]:
    """Undo a `promise done` or a `promise cancel`; returns the promise before and after."""
    before = reads.get_promise(promise_id, db=db)
    if before.is_open:
        raise Conflict(f"promise {promise_id} is already open")
    db.execute(
        "UPDATE promise SET kept_on = NULL, cancelled_on = NULL, cancel_reason = NULL "
        "WHERE id = :id",
        {"id": promise_id},
    )
    return before, reads.get_promise(promise_id, db=db)


# ---------------------------------------------------------------------------------------------
# Notes


def add_note(client_id: int, text: str, *, db: Db, stamp: Stamp) -> NoteInfo:
    """One dated entry in the client's notes journal, with who wrote it."""
    cleaned = check_prose("note", text, NOTE_MAX)
    if cleaned is None:
        raise InvalidInput("a note needs a text", hint='e.g. "prefers calls after 6pm"')
    ((note_id,),) = db.rows(
        "INSERT INTO note (client_id, noted_on, text, by, recorded_at) "
        "VALUES (:client_id, :on, :text, :by, :at) RETURNING id",
        {"client_id": client_id, "on": stamp.on, "text": cleaned, "by": stamp.by, "at": stamp.at},
    )
    return NoteInfo(id=note_id, client_id=client_id, noted_on=stamp.on, text=cleaned, by=stamp.by)
