"""The import batch every file format becomes, and the records in it.

A vCard, any CSV layout and cadence's own JSON dump all turn into one `ImportBatch` of
`ClientRecord`s (with their touches, promises and tiers), which `store.bulk` plans and
`store.bulk_write` applies. `strip_unprintable_batch` is the file door of the one character
rule (`store.rules`): what may not be stored is removed, with a warning, before planning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from cadence_cli.core.dates import Interval, YearlyDate
from cadence_cli.core.records import Charter
from cadence_cli.interop.records import RowError
from cadence_cli.store import rules


@dataclass(frozen=True, slots=True, kw_only=True)
class TierRecord:
    name: str
    rank: int
    every: Interval
    reactive_after: Interval
    description: str = ""
    line: int = 0


CharterRecord = Charter
"""A dumped charter is the book's own `domain.Charter`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientRecord:
    """A client to import. `ref` names it within its file: touches and promises point to it.

    `email` is the one the book keeps; `other_emails` are the file's other addresses (kept in
    the notes by `contacts_batch`), which also find duplicates. `tier` and `owner` are None
    when the file does not say: the import's defaults apply then.
    """

    ref: int
    line: int
    name: str
    tier: str | None = None
    email: str | None = None
    other_emails: tuple[str, ...] = ()
    phone: str | None = None
    company: str | None = None
    owner: str | None = None
    notes: str | None = None
    status: str = "active"
    archived_reason: str | None = None
    archived_on: date | None = None
    snoozed_until: date | None = None
    added_on: date | None = None
    tags: tuple[str, ...] = ()
    milestones: tuple[tuple[str, YearlyDate], ...] = ()
    charter: CharterRecord | None = None

    @property
    def emails(self) -> tuple[str, ...]:
        return (self.email, *self.other_emails) if self.email else self.other_emails


@dataclass(frozen=True, slots=True, kw_only=True)
class TouchRecord:
    client_ref: int
    line: int
    at: datetime
    day: date
    channel: str
    outcome: str
    inbound: bool = False
    note: str | None = None
    by: str | None = None
    logged_at: datetime | None = None
    ref: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PromiseRecord:
    client_ref: int
    line: int
    text: str
    due_on: date
    made_on: date
    kept_on: date | None = None
    ref: int | None = None
    # Revision 0004: a cancelled or handed-over promise restores as it was.
    cancelled_on: date | None = None
    cancel_reason: str | None = None
    handed_to: str | None = None
    by: str | None = None


@dataclass(slots=True)
class ImportBatch:
    """Everything one file brings. `restore` marks a cadence dump: a whole book, restored as
    it was (ids kept in an empty book, no duplicate check among its own clients)."""

    format: str
    clients: list[ClientRecord]
    touches: list[TouchRecord] = field(default_factory=list)
    promises: list[PromiseRecord] = field(default_factory=list)
    tiers: list[TierRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    restore: bool = False


# ---------------------------------------------------------------------------------------------
# The character rule, applied to a whole batch


def _stripped(label: str, value: str, found: list[str], *, multiline: bool = False) -> str:
    cleaned, removed = rules.strip_unprintable(value, multiline=multiline)
    if removed:
        found.append(f"{label} ({rules.code_points(removed)})")
    return cleaned


def _maybe(
    label: str, value: str | None, found: list[str], *, multiline: bool = False
) -> str | None:
    return None if value is None else _stripped(label, value, found, multiline=multiline)


def _plain(lines: Iterable[str | None], prose: Iterable[str | None]) -> bool:
    """True when no field can hold anything to strip: one `isprintable` over them all (a
    conservative test, so the clean records of a big file cost one join each)."""
    if not "".join(filter(None, lines)).isprintable():
        return False
    text = "".join(filter(None, prose))
    return not text or text.replace("\n", " ").replace("\t", " ").isprintable()


def _client_stripped(record: ClientRecord, found: list[str]) -> ClientRecord:
    charter = record.charter
    notes = (record.notes, record.archived_reason, charter.note if charter else None)
    lines = (record.name, record.tier, record.email, record.phone, record.company, record.owner)
    labels = tuple(label for label, _ in record.milestones)
    if _plain((*lines, *record.other_emails, *record.tags, *labels), notes):
        return record
    stripped = replace(
        record,
        name=_stripped("name", record.name, found),
        tier=_maybe("tier", record.tier, found),
        email=_maybe("email", record.email, found),
        other_emails=tuple(_stripped("email", e, found) for e in record.other_emails),
        phone=_maybe("phone", record.phone, found),
        company=_maybe("company", record.company, found),
        owner=_maybe("owner", record.owner, found),
        notes=_maybe("notes", record.notes, found, multiline=True),
        archived_reason=_maybe("archive reason", record.archived_reason, found, multiline=True),
        tags=tuple(_stripped("tag", tag, found) for tag in record.tags),
        milestones=tuple((_stripped("milestone", m, found), d) for m, d in record.milestones),
    )
    if charter is None or charter.note is None:
        return stripped
    note = _stripped("charter note", charter.note, found, multiline=True)
    return replace(stripped, charter=replace(charter, note=note))


def strip_unprintable_batch(batch: ImportBatch) -> None:
    """Remove, in place, the characters `store.rules` forbids from every text of the batch
    (controls, bidi overrides, zero-width characters; notes keep newlines and tabs), with one
    warning per record naming the fields and code points. Stripping, not refusing: a contact
    file from a phone should not be turned away for one invisible mark; the store's own checks
    still refuse anything left."""

    def warn(line: int, found: list[str]) -> None:
        if found:
            batch.warnings.append(
                RowError(line, "removed unprintable characters from " + ", ".join(found))
            )

    for index, tier in enumerate(batch.tiers):
        if not _plain((tier.name,), (tier.description,)):
            found: list[str] = []
            name = _stripped("tier name", tier.name, found)
            description = _stripped("description", tier.description, found, multiline=True)
            batch.tiers[index] = replace(tier, name=name, description=description)
            warn(tier.line, found)
    for index, client in enumerate(batch.clients):
        found = []
        batch.clients[index] = _client_stripped(client, found)
        warn(client.line, found)
    for index, touch in enumerate(batch.touches):
        if not _plain((touch.by,), (touch.note,)):
            found = []
            note = _maybe("touch note", touch.note, found, multiline=True)
            by = _maybe("touch by", touch.by, found)
            batch.touches[index] = replace(touch, note=note, by=by)
            warn(touch.line, found)
    for index, promise in enumerate(batch.promises):
        if not _plain((promise.text,), ()):
            found = []
            batch.promises[index] = replace(promise, text=_stripped("promise", promise.text, found))
            warn(promise.line, found)
    batch.warnings.sort(key=lambda warning: warning.line)
