"""Import and export against the store: plan an import, apply it in one transaction, dump.

Split from store.py, whose helpers (validation, tags, milestones) it shares: planning
validates every record and finds duplicates before anything is written, and applying
inserts in batches with Core executemany inside the caller's single transaction, so an
import is all or nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from cadence_cli.core.dates import Interval, YearlyDate, parse_interval
from cadence_cli.core.records import (
    TierInfo,
)
from cadence_cli.core.schedule import (
    DEFAULT_REVIEW_EVERY,
    NO_ANSWER,
)
from cadence_cli.errors import (
    Conflict,
    InvalidInput,
    NotFound,
)
from cadence_cli.interop.jsondump import (
    CharterRecord,
    ClientRecord,
    ImportBatch,
    PromiseRecord,
    TierRecord,
    TouchRecord,
)
from cadence_cli.interop.records import RowError
from cadence_cli.store.engine import (
    _check_text,
    _clean,
    _clean_tags,
    _set_milestones,
    _tags_of,
    _validate_client_fields,
    list_tiers,
)
from cadence_cli.store.models import Client, ClientTag, Milestone, Promise, Tier, Touch

IMPORT_CHUNK = 2_000
"""Rows per executemany: large enough to be fast, small enough for a smooth progress bar."""


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A client in the file that is already in the book (`of` = "#12 Ada") or earlier in it."""

    record: ClientRecord
    of: str


@dataclass
class ImportPlan:
    """What an import will do, decided before anything is written (and all `--dry-run` shows).

    `new` are the clients to create, `updates` the book's clients to update (by id), `target`
    maps each accepted file ref to ("new", ref) or ("book", client id) so that touches and
    promises find their client.
    """

    batch: ImportBatch
    new: list[ClientRecord]
    updates: dict[int, ClientRecord]
    duplicates: list[Duplicate]
    invalid: list[RowError]
    touches: list[TouchRecord]
    promises: list[PromiseRecord]
    target: dict[int, tuple[str, int]]
    default_tier: str
    default_owner: str | None
    book_was_empty: bool
    replace_tiers: bool

    @property
    def keep_ids(self) -> bool:
        """A dump restored into an empty book keeps its ids: `due --json` stays identical."""
        return (
            self.batch.restore and self.book_was_empty and _unique_positive(c.ref for c in self.new)
        )

    @property
    def work(self) -> int:
        return len(self.new) + len(self.updates) + len(self.touches) + len(self.promises)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    created: int
    updated: int
    touches: int
    promises: int
    first_due: dict[int, date]
    tiers_created: tuple[str, ...]
    tiers_kept: tuple[str, ...]
    kept_ids: bool


def _unique_positive(refs: Iterable[int | None]) -> bool:
    seen: set[int] = set()
    for ref in refs:
        if ref is None or ref <= 0 or ref in seen:
            return False
        seen.add(ref)
    return True


def _slices(values: Sequence[Any], size: int = 900) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


_NOT_DIGITS = re.compile(r"\D+")


def _phone_key(phone: str | None) -> str:
    """Digits only: `+44 20 7946 0000` and `+442079460000` are one number."""
    return _NOT_DIGITS.sub("", phone) if phone else ""


def _book_is_empty(*, session: Session) -> bool:
    return session.execute(sa.select(col(Client.id)).limit(1)).first() is None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_WHITESPACE = re.compile(r"\s")
_SHORTEST_LIMIT = 60
"""The smallest length limit `_validate_client_fields` applies (phone)."""


def _check_client_fields(
    *,
    name: str,
    email: str | None,
    phone: str | None,
    company: str | None,
    owner: str | None,
    notes: str | None,
) -> None:
    """`_validate_client_fields`, run only for a row that could fail it.

    The store's own check decides and words the message; a regex pre-filter (control
    characters, length above the smallest limit, an email without `@` or with a space) lets the
    clean rows of a 100,000-row file skip its per-character loops.
    """
    values = (name, email, phone, company, owner, notes)
    suspect = any(
        value is not None and (len(value) > _SHORTEST_LIMIT or _CONTROL.search(value))
        for value in values
    ) or (email is not None and ("@" not in email or _WHITESPACE.search(email) is not None))
    if suspect:
        _validate_client_fields(
            name=name, email=email, phone=phone, company=company, owner=owner, notes=notes
        )


def _check_short_text(label: str, value: str | None, limit: int) -> None:
    """`_check_text` for values that are nearly always clean (touch notes of a big import)."""
    if value is not None and (len(value) > limit or _CONTROL.search(value)):
        _check_text(label, value, limit)


def _validated_client(
    record: ClientRecord, *, tiers: dict[str, str], owner: str | None
) -> ClientRecord:
    """The record as the book would store it, checked as `add` checks (raises InvalidInput)."""
    from dataclasses import replace

    name = _clean(record.name)
    if name is None:
        raise InvalidInput("a client needs a name")
    email, phone = _clean(record.email), _clean(record.phone)
    company, notes = _clean(record.company), _clean(record.notes)
    chosen_owner = _clean(record.owner) or owner
    _check_client_fields(
        name=name, email=email, phone=phone, company=company, owner=chosen_owner, notes=notes
    )
    tier = None
    if record.tier is not None and record.tier.strip():
        tier = tiers.get(record.tier.strip().casefold())
        if tier is None:
            raise InvalidInput(
                f"unknown tier {record.tier.strip()!r}",
                hint=f"tiers are: {', '.join(tiers.values())}",
            )
    milestones: dict[str, YearlyDate] = {}
    for label, when in record.milestones:
        clean_label = label.strip().lower()
        if not clean_label:
            raise InvalidInput("a milestone needs a label")
        _check_text("milestone label", clean_label, 60)
        milestones[clean_label] = when
    _check_text("archive reason", record.archived_reason, 1000)
    if record.charter is not None:
        _check_text("charter note", record.charter.note, 10_000)
    tags = tuple(_clean_tags(record.tags))
    labelled = tuple(milestones.items())
    clean = (name, tier, email, phone, company, chosen_owner, notes, tags, labelled)
    given = record.name, record.tier, record.email, record.phone, record.company, record.owner
    if clean == (*given, record.notes, record.tags, record.milestones):
        return record  # already as the book keeps it: no copy (most rows of a big file)
    return replace(
        record,
        name=name,
        tier=tier,
        email=email,
        phone=phone,
        company=company,
        owner=chosen_owner,
        notes=notes,
        tags=tags,
        milestones=labelled,
    )


def _merged(base: ClientRecord, newer: ClientRecord) -> ClientRecord:
    """`--on-duplicate update`: the newer row's values replace, tags and milestones add up."""
    from dataclasses import replace

    emails = tuple(dict.fromkeys(e for e in (*base.emails, *newer.emails) if e != base.email))
    return replace(
        base,
        name=newer.name or base.name,
        tier=newer.tier or base.tier,
        email=base.email or newer.email,
        other_emails=emails if base.email else emails[1:],
        phone=newer.phone or base.phone,
        company=newer.company or base.company,
        owner=newer.owner or base.owner,
        notes=newer.notes or base.notes,
        snoozed_until=newer.snoozed_until or base.snoozed_until,
        charter=newer.charter or base.charter,
        tags=tuple(dict.fromkeys((*base.tags, *newer.tags))),
        milestones=tuple({**dict(base.milestones), **dict(newer.milestones)}.items()),
    )


def _book_matches(
    records: Sequence[ClientRecord], *, session: Session
) -> tuple[dict[str, tuple[int, str]], dict[tuple[str, str], tuple[int, str]]]:
    """The book's clients (archived too) that share an email, or a name and a phone, with any
    record: two indexed IN queries per 900 keys, not one query per row."""
    emails = sorted({e.casefold() for r in records for e in r.emails})
    by_email: dict[str, tuple[int, str]] = {}
    for chunk in _slices(emails):
        rows = session.execute(
            sa.select(col(Client.id), col(Client.name), col(Client.email_key))
            .where(col(Client.email_key).in_(chunk))
            .order_by(col(Client.id))
        )
        for client_id, name, key in rows:
            by_email.setdefault(key, (client_id, name))
    names = sorted({key[0] for r in records if (key := _record_name_phone(r)) is not None})
    by_name_phone: dict[tuple[str, str], tuple[int, str]] = {}
    for chunk in _slices(names):
        rows = session.execute(
            sa.select(col(Client.id), col(Client.name), col(Client.phone), col(Client.email))
            .where(col(Client.name_key).in_(chunk))
            .order_by(col(Client.id))
        )
        for client_id, name, phone, email in rows:
            key = _name_phone(name, phone, email)
            if key is not None:
                by_name_phone.setdefault(key, (client_id, name))
    return by_email, by_name_phone


def _record_name_phone(record: ClientRecord) -> tuple[str, str] | None:
    return _name_phone(record.name, record.phone, next(iter(record.emails), None))


def _name_phone(name: str, phone: str | None, email: str | None) -> tuple[str, str] | None:
    """The second duplicate key: the name with the phone's digits. A contact with neither
    phone nor email has only its name, and matches a client that has only that name."""
    digits = _phone_key(phone)
    if digits or not email:
        return name.casefold(), digits
    return None


def plan_import(
    batch: ImportBatch,
    *,
    session: Session,
    on_duplicate: str = "skip",
    default_tier: str | None = None,
    default_owner: str | None = None,
) -> ImportPlan:
    """Validate every record as the store would, and sort the file's clients into new ones,
    duplicates (same email, case-insensitively, or same name and phone; in the book or earlier
    in the file) and invalid rows. Nothing is written.

    A cadence dump (`batch.restore`) is a whole book: its clients are not checked against each
    other, and restored into an empty book its tiers replace the book's.
    """
    if on_duplicate not in ("skip", "update"):
        raise InvalidInput(f"unknown --on-duplicate {on_duplicate!r}", hint="use skip or update")
    _check_text("--owner", default_owner, 100)
    empty = _book_is_empty(session=session)
    book_tiers = list_tiers(session=session)
    replace_tiers = batch.restore and empty and bool(batch.tiers)
    if replace_tiers:
        ranked = sorted(batch.tiers, key=lambda t: (t.rank, t.name.casefold()))
        names = {t.name.casefold(): t.name for t in ranked}
    else:
        ranked = []
        names = {t.name.casefold(): t.name for t in book_tiers}
        for tier in batch.tiers:
            names.setdefault(tier.name.casefold(), tier.name)
    if default_tier is not None:
        chosen = names.get(default_tier.strip().casefold())
        if chosen is None:
            raise NotFound(
                f"no tier named {default_tier!r}", hint=f"tiers are: {', '.join(names.values())}"
            )
    else:
        chosen = ranked[-1].name if ranked else default_tier_of(book_tiers)
    invalid = list(batch.errors)
    valid: list[ClientRecord] = []
    for record in batch.clients:
        try:
            valid.append(_validated_client(record, tiers=names, owner=None))
        except InvalidInput as exc:
            invalid.append(RowError(record.line, str(exc)))
    plan = ImportPlan(
        batch=batch,
        new=[],
        updates={},
        duplicates=[],
        invalid=invalid,
        touches=[],
        promises=[],
        target={},
        default_tier=chosen,
        default_owner=default_owner,
        book_was_empty=empty,
        replace_tiers=replace_tiers,
    )
    _sort_duplicates(plan, valid, update=on_duplicate == "update", session=session)
    _plan_history(plan, session=session)
    plan.invalid.sort(key=lambda error: error.line)
    return plan


def default_tier_of(tiers: Sequence[TierInfo]) -> str:
    if not tiers:
        raise Conflict("the book has no tiers", hint="define one with `cadence tier define`")
    return tiers[-1].name


def _sort_duplicates(
    plan: ImportPlan, records: Sequence[ClientRecord], *, update: bool, session: Session
) -> None:
    by_email, by_name_phone = (
        ({}, {}) if plan.book_was_empty else _book_matches(records, session=session)
    )
    first_email: dict[str, int] = {}
    first_name_phone: dict[tuple[str, str], int] = {}
    position: dict[int, int] = {}  # ref of a new record → its index in plan.new
    for record in records:
        keys = [e.casefold() for e in record.emails]
        name_phone = _record_name_phone(record)
        book = next((by_email[k] for k in keys if k in by_email), None)
        if book is None and name_phone is not None:
            book = by_name_phone.get(name_phone)
        if book is not None:
            client_id, name = book
            if update:
                earlier = plan.updates.get(client_id)
                plan.updates[client_id] = record if earlier is None else _merged(earlier, record)
                plan.target[record.ref] = ("book", client_id)
            else:
                plan.duplicates.append(Duplicate(record, f"#{client_id} {name}"))
            continue
        if not plan.batch.restore:
            earlier_ref = next((first_email[k] for k in keys if k in first_email), None)
            if earlier_ref is None and name_phone is not None:
                earlier_ref = first_name_phone.get(name_phone)
            if earlier_ref is not None:
                earlier_record = plan.new[position[earlier_ref]]
                if update:
                    plan.new[position[earlier_ref]] = _merged(earlier_record, record)
                    plan.target[record.ref] = ("new", earlier_ref)
                    for key in keys:
                        first_email.setdefault(key, earlier_ref)
                else:
                    plan.duplicates.append(Duplicate(record, f"line {earlier_record.line}"))
                continue
        position[record.ref] = len(plan.new)
        plan.new.append(record)
        plan.target[record.ref] = ("new", record.ref)
        for key in keys:
            first_email.setdefault(key, record.ref)
        if name_phone is not None:
            first_name_phone.setdefault(name_phone, record.ref)


def _plan_history(plan: ImportPlan, *, session: Session) -> None:
    """Touches and promises of accepted clients; for a client updated in the book, only those
    it does not already have (so importing the same file twice adds nothing)."""
    updated = sorted(plan.updates)
    had_touches: set[tuple[int, date, str, str, bool]] = set()
    had_promises: set[tuple[int, str, date]] = set()
    for chunk in _slices(updated):
        for client_id, day, channel, outcome, inbound in session.execute(
            sa.select(
                col(Touch.client_id), col(Touch.day), col(Touch.channel), col(Touch.outcome),
                col(Touch.inbound),
            ).where(col(Touch.client_id).in_(chunk))
        ):  # fmt: skip
            had_touches.add((client_id, day, channel, outcome, bool(inbound)))
        for client_id, text, due_on in session.execute(
            sa.select(col(Promise.client_id), col(Promise.text), col(Promise.due_on)).where(
                col(Promise.client_id).in_(chunk)
            )
        ):
            had_promises.add((client_id, text, due_on))
    for touch in plan.batch.touches:
        where = plan.target.get(touch.client_ref)
        if where is None:
            continue  # its client is a skipped duplicate or an invalid row (reported)
        try:
            _check_short_text("touch note", touch.note, 10_000)
            _check_short_text("touch by", touch.by, 100)
        except InvalidInput as exc:
            plan.invalid.append(RowError(touch.line, str(exc)))
            continue
        if where[0] == "book":
            key = (where[1], touch.day, touch.channel, touch.outcome, touch.inbound)
            if key in had_touches:
                continue
            had_touches.add(key)
        plan.touches.append(touch)
    for promise in plan.batch.promises:
        where = plan.target.get(promise.client_ref)
        if where is None:
            continue
        try:
            if _clean(promise.text) is None:
                raise InvalidInput("a promise needs a text")
            _check_text("promise", promise.text.strip(), 2000)
        except InvalidInput as exc:
            plan.invalid.append(RowError(promise.line, str(exc)))
            continue
        if where[0] == "book":
            promise_key = (where[1], promise.text.strip(), promise.due_on)
            if promise_key in had_promises:
                continue
            had_promises.add(promise_key)
        plan.promises.append(promise)


def _table(model: Any) -> sa.Table:
    table: sa.Table = model.__table__
    return table


def _apply_tiers(plan: ImportPlan, *, session: Session) -> tuple[list[str], list[str]]:
    """Restoring into an empty book: the dump's tiers replace the book's. Otherwise tiers the
    book lacks are added after its own, and a tier the book defines differently keeps the
    book's definition (reported)."""
    created: list[str] = []
    kept: list[str] = []
    rows = {row.name_key: row for row in session.exec(select(Tier)).all()}
    if plan.replace_tiers:
        wanted = {t.name.casefold() for t in plan.batch.tiers}
        for key, row in rows.items():
            if key not in wanted:
                session.delete(row)
        session.flush()
    last_rank = max((row.rank for row in rows.values()), default=0)
    for tier in plan.batch.tiers:
        key = tier.name.casefold()
        found = rows.get(key)
        if found is not None and not plan.replace_tiers:
            if (found.every, found.reactive_after) != (str(tier.every), str(tier.reactive_after)):
                kept.append(found.name)
            continue
        if found is None:
            last_rank += 1
            row = Tier(name=tier.name, name_key=key, rank=last_rank, every="", reactive_after="")
            created.append(tier.name)
        else:
            row = found
        if plan.replace_tiers:
            row.name, row.rank = tier.name, tier.rank
        row.every, row.reactive_after = str(tier.every), str(tier.reactive_after)
        row.description = tier.description
        session.add(row)
    session.flush()
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
        "email_key": record.email.casefold() if record.email else None,
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
    session: Session,
    today: date,
    now: datetime,
    spread: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Write a plan inside the caller's transaction: Core executemany inserts in chunks of
    `IMPORT_CHUNK` (no ORM object per row), `progress(n)` after each chunk. An error or Ctrl-C
    anywhere rolls the whole import back with the transaction.

    `spread`: never-contacted new clients get a first due day from `spread_first_due`, kept as a
    snooze (visible in `show` as "snoozed until"); those it places today get none.
    """
    from cadence_cli.core.schedule import SpreadItem, spread_first_due

    step = progress or (lambda _n: None)
    created_tiers, kept_tiers = _apply_tiers(plan, session=session)
    tiers = {t.name.casefold(): t for t in list_tiers(session=session)}
    default = tiers[plan.default_tier.casefold()]
    keep_ids = plan.keep_ids

    def tier_of(record: ClientRecord) -> TierInfo:
        return tiers[record.tier.casefold()] if record.tier else default

    first_due: dict[int, date] = {}
    if spread:
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
        first_due = spread_first_due(items, today)
    conn = session.connection()
    client_table, tag_table = _table(Client), _table(ClientTag)
    milestone_table, touch_table, promise_table = _table(Milestone), _table(Touch), _table(Promise)
    ids: dict[int, int] = {}
    for chunk in _slices(plan.new, IMPORT_CHUNK):
        rows: list[dict[str, Any]] = []
        for record in chunk:
            snooze = first_due.get(record.ref)
            row = _client_values(
                _with_owner(record, plan.default_owner),
                tier_of(record).id,
                today,
                snooze if snooze is not None and snooze > today else None,
            )
            rows.append(row)
        new_ids = (
            [record.ref for record in chunk]
            if keep_ids
            else _reserve_ids(conn, "client", len(chunk))
        )
        for row, client_id in zip(rows, new_ids, strict=True):
            row["id"] = client_id
        conn.execute(sa.insert(client_table), rows)
        tags, milestones = [], []
        for record, client_id in zip(chunk, new_ids, strict=True):
            ids[record.ref] = client_id
            tags += [{"client_id": client_id, "tag": tag} for tag in record.tags]
            milestones += [
                {"client_id": client_id, "label": label, "month": d.month, "day": d.day,
                 "year": d.year}
                for label, d in record.milestones
            ]  # fmt: skip
        if tags:
            conn.execute(sa.insert(tag_table), tags)
        if milestones:
            conn.execute(sa.insert(milestone_table), milestones)
        step(len(chunk))
    _apply_updates(plan, tiers, session=session)
    step(len(plan.updates))

    def client_id_of(ref: int) -> int:
        kind, value = plan.target[ref]
        return ids[value] if kind == "new" else value

    keep_touch_ids = keep_ids and _unique_positive(t.ref for t in plan.touches)
    for chunk in _slices(plan.touches, IMPORT_CHUNK):
        touch_rows = [
            {
                "client_id": client_id_of(t.client_ref),
                "at": t.at,
                "day": t.day,
                "channel": t.channel,
                "outcome": t.outcome,
                "inbound": t.inbound,
                "note": _clean(t.note),
                "by": _clean(t.by),
                "logged_at": t.logged_at or now,
                **({"id": t.ref} if keep_touch_ids else {}),
            }
            for t in chunk
        ]
        conn.execute(sa.insert(touch_table), touch_rows)
        step(len(chunk))
    keep_promise_ids = keep_ids and _unique_positive(p.ref for p in plan.promises)
    for chunk in _slices(plan.promises, IMPORT_CHUNK):
        promise_rows = [
            {
                "client_id": client_id_of(p.client_ref),
                "text": p.text.strip(),
                "due_on": p.due_on,
                "made_on": p.made_on,
                "kept_on": p.kept_on,
                **({"id": p.ref} if keep_promise_ids else {}),
            }
            for p in chunk
        ]
        conn.execute(sa.insert(promise_table), promise_rows)
        step(len(chunk))
    if keep_ids and conn.dialect.name == "postgresql":
        for table in ("client", "touch", "promise"):  # explicit ids: move the sequences past them
            conn.exec_driver_sql(
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
        kept_ids=keep_ids,
    )


def _reserve_ids(conn: sa.Connection, table: str, count: int) -> list[int]:
    """Ids for `count` new rows, so they insert with a plain executemany (RETURNING makes
    SQLAlchemy insert SQLite rows one statement at a time). PostgreSQL hands them out from the
    table's sequence, safe beside other writers; SQLite continues after the largest id, safe
    because a writing transaction holds the store's write lock (BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
            f"FROM generate_series(1, {int(count)})"
        )
        return sorted(int(value) for (value,) in rows)
    largest = conn.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {table}").scalar()
    start = int(largest or 0) + 1
    return list(range(start, start + count))


def _with_owner(record: ClientRecord, owner: str | None) -> ClientRecord:
    """The import's `--owner` for a new client whose file names none."""
    from dataclasses import replace

    return record if record.owner or owner is None else replace(record, owner=owner)


def _apply_updates(plan: ImportPlan, tiers: dict[str, TierInfo], *, session: Session) -> None:
    """`--on-duplicate update`: the file's values replace the book's where the file has one;
    tags and milestones are added; the email is set only when the client has none and no other
    client uses it (it is how duplicates are found); status and history are never cleared."""
    if not plan.updates:
        return
    ids = sorted(plan.updates)
    existing_tags = _tags_of(ids, session=session)
    for chunk in _slices(ids):
        rows = session.exec(select(Client).where(col(Client.id).in_(chunk))).all()
        for row in rows:
            assert row.id is not None
            record = plan.updates[row.id]
            row.name, row.name_key = record.name, record.name.casefold()
            if record.tier:
                row.tier_id = tiers[record.tier.casefold()].id
            if record.email and not row.email:
                key = record.email.casefold()
                taken = session.execute(
                    sa.select(col(Client.id)).where(col(Client.email_key) == key).limit(1)
                ).first()
                if taken is None:
                    row.email, row.email_key = record.email, key
            for attribute in ("phone", "company", "owner", "notes", "snoozed_until"):
                value = getattr(record, attribute)
                if value:
                    setattr(row, attribute, value)
            if record.charter is not None:
                row.charter_every = str(record.charter.every)
                row.charter_channel = record.charter.channel
                row.charter_note = record.charter.note
                row.charter_review_every = str(record.charter.review_every)
                row.charter_agreed_on = record.charter.agreed_on
            session.add(row)
            for tag in record.tags:
                if tag not in existing_tags.get(row.id, ()):
                    session.add(ClientTag(client_id=row.id, tag=tag))
            _set_milestones(row.id, record.milestones, session=session)
        session.flush()


# Export: the book as records, read in a few whole-table queries (no query per client).


def dump_tiers(*, session: Session) -> list[TierRecord]:
    return [
        TierRecord(
            name=t.name,
            rank=t.rank,
            every=t.every,
            reactive_after=t.reactive_after,
            description=t.description,
        )
        for t in list_tiers(session=session)
    ]


def dump_clients(*, session: Session) -> list[ClientRecord]:
    """Every client (archived too), by id, with tags, milestones and charter."""
    tags: dict[int, list[str]] = defaultdict(list)
    for client_id, tag in session.execute(
        sa.select(col(ClientTag.client_id), col(ClientTag.tag)).order_by(
            col(ClientTag.client_id), col(ClientTag.tag)
        )
    ):
        tags[client_id].append(tag)
    milestones: dict[int, list[tuple[str, YearlyDate]]] = defaultdict(list)
    for client_id, label, month, day, year in session.execute(
        sa.select(
            col(Milestone.client_id), col(Milestone.label), col(Milestone.month),
            col(Milestone.day), col(Milestone.year),
        ).order_by(col(Milestone.client_id), col(Milestone.label))
    ):  # fmt: skip
        milestones[client_id].append((label, YearlyDate(month, day, year)))
    columns = (
        col(Client.id), col(Client.name), col(Tier.name), col(Client.email), col(Client.phone),
        col(Client.company), col(Client.owner), col(Client.notes), col(Client.status),
        col(Client.archived_reason), col(Client.archived_on), col(Client.snoozed_until),
        col(Client.added_on), col(Client.charter_every), col(Client.charter_agreed_on),
        col(Client.charter_review_every), col(Client.charter_channel), col(Client.charter_note),
    )  # fmt: skip
    query = sa.select(*columns).join(Tier, col(Tier.id) == col(Client.tier_id))
    found = []
    intervals: dict[str, Interval] = {}

    def interval(text: str) -> Interval:
        return intervals.get(text) or intervals.setdefault(text, parse_interval(text))

    for (
        client_id, name, tier, email, phone, company, owner, notes, status, archived_reason,
        archived_on, snoozed_until, added_on, every, agreed_on, review_every, channel, note,
    ) in session.execute(query.order_by(col(Client.id))):  # fmt: skip
        charter = None
        if every is not None and agreed_on is not None:  # as `_charter_of` reads it
            charter = CharterRecord(
                every=interval(every),
                agreed_on=agreed_on,
                review_every=interval(review_every) if review_every else DEFAULT_REVIEW_EVERY,
                channel=channel,
                note=note,
            )
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
                archived_on=archived_on,
                snoozed_until=snoozed_until,
                added_on=added_on,
                tags=tuple(tags.get(client_id, ())),
                milestones=tuple(milestones.get(client_id, ())),
                charter=charter,
            )
        )
    return found


def dump_touches(*, session: Session, page: int = 5_000) -> Iterator[TouchRecord]:
    """Every touch by id, read a page at a time (keyset on the id, plain rows, no ORM objects):
    a million touches are never in memory at once. Iterate inside the transaction."""
    columns = (
        col(Touch.id), col(Touch.client_id), col(Touch.at), col(Touch.day), col(Touch.channel),
        col(Touch.outcome), col(Touch.inbound), col(Touch.note), col(Touch.by),
        col(Touch.logged_at),
    )  # fmt: skip
    last = 0
    while True:
        rows = session.execute(
            sa.select(*columns).where(col(Touch.id) > last).order_by(col(Touch.id)).limit(page)
        ).all()
        for touch_id, client_id, at, day, channel, outcome, inbound, note, by, logged_at in rows:
            yield TouchRecord(
                ref=touch_id,
                client_ref=client_id,
                line=0,
                at=at,
                day=day,
                channel=channel,
                outcome=outcome,
                inbound=bool(inbound),
                note=note,
                by=by,
                logged_at=logged_at,
            )
        if len(rows) < page:
            return
        last = rows[-1][0]


def dump_promises(*, session: Session) -> list[PromiseRecord]:
    rows = session.exec(select(Promise).order_by(col(Promise.id))).all()
    return [
        PromiseRecord(
            ref=row.id,
            client_ref=row.client_id,
            line=0,
            text=row.text,
            due_on=row.due_on,
            made_on=row.made_on,
            kept_on=row.kept_on,
        )
        for row in rows
    ]


def last_counting_days(*, session: Session) -> dict[int, date]:
    """Each client's latest counting touch day (one GROUP BY): the CSV's `last_contact`."""
    rows = session.execute(
        sa.select(col(Touch.client_id), func.max(Touch.day))
        .where(col(Touch.outcome) != NO_ANSWER)
        .group_by(col(Touch.client_id))
    )
    return {int(client_id): day for client_id, day in rows}
