"""Planning an import: every record checked and every duplicate found before anything is
written (`bulk_write` then applies the plan in one transaction, so an import is all or
nothing; `dump` reads the book out for export).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from cadence_cli.core.dates import YearlyDate
from cadence_cli.core.records import (
    TierInfo,
)
from cadence_cli.errors import (
    Conflict,
    ImportInvalid,
    InvalidInput,
    NotFound,
)
from cadence_cli.interop.batch import (
    ClientRecord,
    ClientTermRecord,
    ImportBatch,
    PromiseRecord,
    TierRecord,
    TierTermRecord,
    TouchRecord,
)
from cadence_cli.interop.records import RowError
from cadence_cli.store import reads, rules
from cadence_cli.store.engine import Db, as_day, chunks, in_list

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
    tier_ids: dict[str, int] = field(default_factory=dict)
    """The dump's tiers (by folded name) and their ids in its history of terms."""

    @property
    def keep_ids(self) -> bool:
        """A dump restored into an empty book keeps its ids: `due --json` stays identical."""
        return (
            self.batch.restore and self.book_was_empty and unique_positive(c.ref for c in self.new)
        )

    @property
    def restore_history(self) -> bool:
        """A dump that carries its history of terms, restored into an empty book with its ids,
        brings that history as it was: every past day keeps its answer. Anywhere else the
        clients' terms start on the day each was added, as for a dump of version 1."""
        return self.keep_ids and self.replace_tiers and self.batch.client_terms is not None

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


def unique_positive(refs: Iterable[int | None]) -> bool:
    seen: set[int] = set()
    for ref in refs:
        if ref is None or ref <= 0 or ref in seen:
            return False
        seen.add(ref)
    return True


_NOT_DIGITS = re.compile(r"\D+")


def _phone_key(phone: str | None) -> str:
    """Digits only: `+44 20 7946 0000` and `+442079460000` are one number."""
    return _NOT_DIGITS.sub("", phone) if phone else ""


IMPORT_LOCK_KEY = 0x636164656E6366
"""One PostgreSQL advisory lock that imports hold to the end of their transaction."""


def _wait_for_other_imports(db: Db) -> None:
    """Imports run one at a time, so each plans against what the one before it wrote:
    three teammates importing the same 5,000 cards at once used to get 15,000 clients on
    PostgreSQL. A SQLite writer already holds the store's write lock (BEGIN IMMEDIATE)."""
    if db.dialect == "postgresql":
        db.rows("SELECT pg_advisory_xact_lock(:key)", {"key": IMPORT_LOCK_KEY})


def _book_is_empty(*, db: Db) -> bool:
    return not db.rows("SELECT id FROM client LIMIT 1")


def _validated_client(
    record: ClientRecord, *, tiers: dict[str, str], owner: str | None
) -> ClientRecord:
    """The record as the book would store it, checked as `add` checks (raises InvalidInput)."""
    from dataclasses import replace

    fields = rules.check_client_fields(
        name=record.name,
        email=record.email,
        phone=record.phone,
        company=record.company,
        owner=rules.clean(record.owner) or owner,
        notes=record.notes,
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
        milestones[rules.milestone_label(label)] = when
    rules.check_text("archive reason", record.archived_reason, rules.REASON_MAX)
    if record.charter is not None:
        rules.check_text("charter note", record.charter.note, rules.NOTE_MAX)
    tags = tuple(rules.clean_tags(record.tags))
    labelled = tuple(milestones.items())
    name, email, phone = fields["name"], fields["email"], fields["phone"]
    company, chosen_owner, notes = fields["company"], fields["owner"], fields["notes"]
    assert name is not None
    cleaned = (name, tier, email, phone, company, chosen_owner, notes, tags, labelled)
    given = record.name, record.tier, record.email, record.phone, record.company, record.owner
    if cleaned == (*given, record.notes, record.tags, record.milestones):
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
    records: Sequence[ClientRecord], *, db: Db
) -> tuple[dict[str, tuple[int, str]], dict[tuple[str, str], tuple[int, str]]]:
    """The book's clients (archived too) that share an email, or a name and a phone, with any
    record: two indexed IN queries per 900 keys, not one query per row."""
    emails = sorted({rules.email_key(e) for r in records for e in r.emails})
    by_email: dict[str, tuple[int, str]] = {}
    for chunk in chunks(emails):
        keys, params = in_list("key", chunk)
        rows = db.rows(
            f"SELECT id, name, email_key FROM client WHERE email_key IN {keys} ORDER BY id", params
        )
        for client_id, name, key in rows:
            by_email.setdefault(key, (client_id, name))
    names = sorted({key[0] for r in records if (key := _record_name_phone(r)) is not None})
    by_name_phone: dict[tuple[str, str], tuple[int, str]] = {}
    for chunk in chunks(names):
        keys, params = in_list("key", chunk)
        rows = db.rows(
            f"SELECT id, name, phone, email FROM client WHERE name_key IN {keys} ORDER BY id",
            params,
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
    db: Db,
    on_duplicate: str = "skip",
    default_tier: str | None = None,
    default_owner: str | None = None,
    today: date,
) -> ImportPlan:
    """Validate every record as the store would, and sort the file's clients into new ones,
    duplicates (same email, case-insensitively, or same name and phone; in the book or earlier
    in the file) and invalid rows. Nothing is written.

    A cadence dump (`batch.restore`) is a whole book: its clients are not checked against each
    other, and restored into an empty book its tiers replace the book's.
    """
    # One function: each step narrows the same plan (tiers, valid rows, duplicates, history).
    if on_duplicate not in ("skip", "update"):
        raise InvalidInput(f"unknown --on-duplicate {on_duplicate!r}", hint="use skip or update")
    _wait_for_other_imports(db)
    rules.check_text("--owner", default_owner, rules.OWNER_MAX)
    tier_errors = _drop_invalid_tiers(batch)
    empty = _book_is_empty(db=db)
    book_tiers = reads.tiers(db=db)
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
    invalid = [*batch.errors, *tier_errors]
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
    _sort_duplicates(plan, valid, update=on_duplicate == "update", db=db)
    _plan_history(plan, db=db)
    _plan_terms(plan, today=today)
    plan.invalid.sort(key=lambda error: error.line)
    return plan


@contextmanager
def _at_line(line: int, what: str) -> Iterator[None]:
    """A rule broken by a record of the history refuses the file, at that record's line."""
    try:
        yield
    except InvalidInput as exc:
        raise ImportInvalid(f"line {line}: {what}: {exc.message}") from None


def _plan_terms(plan: ImportPlan, *, today: date) -> None:
    """The notes and the history of terms a dump brings, checked by the store's rules: days in
    order and none after today, no change of terms before the client was added, every tier
    known, each client's latest terms its tier and status. One broken record refuses the file
    (nothing is written): a history with a gap would judge past days by the wrong terms."""
    batch = plan.batch
    for note in batch.notes:
        with _at_line(note.line, "note"):
            rules.check_history_day(note.noted_on, after=date.min, today=today, what="a note")
            rules.check_prose("note", note.text, rules.NOTE_MAX)
            rules.check_text("by", note.by, rules.BY_MAX)
    if batch.client_terms is None or batch.tier_terms is None:
        return
    tiers = _checked_tier_terms(batch.tier_terms, today=today)
    for tier in batch.tiers:
        with _at_line(tier.line, f"tier {tier.name}"):
            plan.tier_ids[tier.name.casefold()] = _live_tier_id(tier, tiers)
    _check_client_terms(batch.clients, batch.client_terms, tiers, today=today)


def _checked_tier_terms(
    terms: Sequence[TierTermRecord], *, today: date
) -> dict[int, TierTermRecord]:
    """Each tier's latest definition, once every one of them passed the rules."""
    latest: dict[int, TierTermRecord] = {}
    for term in terms:
        previous = latest.get(term.tier_id)
        with _at_line(term.line, "tier term"):
            after = previous.effective_on if previous else date.min
            what = f"a change of tier {term.name}"
            rules.check_history_day(term.effective_on, after=after, today=today, what=what)
            rules.check_tier_name(term.name)
            rules.check_text("change", term.change, rules.NOTE_MAX, multiline=True)
            rules.check_text("by", term.by, rules.BY_MAX)
        latest[term.tier_id] = term
    return latest


def _live_tier_id(tier: TierRecord, latest: dict[int, TierTermRecord]) -> int:
    for tier_id, term in latest.items():
        if not term.retired and term.name.casefold() == tier.name.casefold():
            return tier_id
    raise InvalidInput("no definition of it in tier_terms")


def _check_client_terms(
    clients: Sequence[ClientRecord],
    terms: Sequence[ClientTermRecord],
    tiers: dict[int, TierTermRecord],
    *,
    today: date,
) -> None:
    by_ref = {client.ref: client for client in clients}
    latest: dict[int, ClientTermRecord] = {}
    for term in terms:
        client = by_ref[term.client_ref]
        previous = latest.get(term.client_ref)
        with _at_line(term.line, "client term"):
            after = previous.effective_on if previous else (client.added_on or today)
            what = f"a change of {client.name}'s terms"
            rules.check_history_day(term.effective_on, after=after, today=today, what=what)
            if term.tier_since > term.effective_on:
                raise InvalidInput(f"tier_since {term.tier_since} is after effective_on")
            if term.terms.tier_id not in tiers:
                raise InvalidInput(f"tier_id {term.terms.tier_id} is not a tier in tier_terms")
            rules.check_owner(term.terms.owner)
            rules.check_text("charter note", term.terms.charter_note, rules.NOTE_MAX)
            rules.check_text("change", term.change, rules.NOTE_MAX, multiline=True)
            rules.check_text("by", term.by, rules.BY_MAX)
        latest[term.client_ref] = term
    for client in clients:
        with _at_line(client.line, client.name):
            last = latest.get(client.ref)
            if last is None:
                raise InvalidInput("no terms of this client in client_terms")
            tier = tiers[last.terms.tier_id].name
            if (last.terms.status, tier.casefold()) != (
                client.status,
                (client.tier or "").casefold(),
            ):
                raise InvalidInput(
                    f"its latest terms ({tier}, {last.terms.status}) are not its tier and status"
                )


def _drop_invalid_tiers(batch: ImportBatch) -> list[RowError]:
    """A dump's tiers checked as `tier define` checks them; the bad ones leave the batch (their
    clients then name an unknown tier) and are reported at their line."""
    errors: list[RowError] = []
    kept: list[TierRecord] = []
    for tier in batch.tiers:
        try:
            rules.check_tier_name(tier.name)
            rules.check_tier_description(tier.description)
        except InvalidInput as exc:
            errors.append(RowError(tier.line, f"tier: {exc}"))
            continue
        kept.append(tier)
    batch.tiers[:] = kept
    return errors


def default_tier_of(tiers: Sequence[TierInfo]) -> str:
    if not tiers:
        raise Conflict("the book has no tiers", hint="define one with `cadence tier define`")
    return tiers[-1].name


def _sort_duplicates(
    plan: ImportPlan, records: Sequence[ClientRecord], *, update: bool, db: Db
) -> None:
    by_email, by_name_phone = ({}, {}) if plan.book_was_empty else _book_matches(records, db=db)
    first_email: dict[str, int] = {}
    first_name_phone: dict[tuple[str, str], int] = {}
    position: dict[int, int] = {}  # ref of a new record → its index in plan.new
    for record in records:
        keys = [rules.email_key(e) for e in record.emails]
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


def _plan_history(plan: ImportPlan, *, db: Db) -> None:
    """Touches and promises of accepted clients; for a client updated in the book, only those
    it does not already have (so importing the same file twice adds nothing)."""
    updated = sorted(plan.updates)
    had_touches: set[tuple[int, date, str, str, bool]] = set()
    had_promises: set[tuple[int, str, date]] = set()
    for chunk in chunks(updated):
        ids, params = in_list("id", chunk)
        for client_id, day, channel, outcome, inbound in db.rows(
            f"SELECT client_id, day, channel, outcome, inbound FROM touch WHERE client_id IN {ids}",
            params,
        ):
            had_touches.add((client_id, as_day(day), channel, outcome, bool(inbound)))
        for client_id, text, due_on in db.rows(
            f"SELECT client_id, text, due_on FROM promise WHERE client_id IN {ids}", params
        ):
            had_promises.add((client_id, text, as_day(due_on)))
    for touch in plan.batch.touches:
        where = plan.target.get(touch.client_ref)
        if where is None:
            continue  # its client is a skipped duplicate or an invalid row (reported)
        try:
            rules.check_text("touch note", touch.note, rules.NOTE_MAX)
            rules.check_text("touch by", touch.by, rules.BY_MAX)
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
            rules.check_promise_text(promise.text)
        except InvalidInput as exc:
            plan.invalid.append(RowError(promise.line, str(exc)))
            continue
        if where[0] == "book":
            promise_key = (where[1], promise.text.strip(), promise.due_on)
            if promise_key in had_promises:
                continue
            had_promises.add(promise_key)
        plan.promises.append(promise)
