"""How a file's records enter the book's import: the batch of a contacts file, and the one
character rule every batch passes.

`contacts_batch` turns what a vCard or CSV reader found into an `ImportBatch`; `read_dump`
(`interop.jsondump`) builds its own. Both end with `strip_unprintable_batch`, the file door
of the one character rule (`store.rules`, pure, no database): what may not be stored is
removed, with a warning per record, before `store.bulk` plans the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, tzinfo

from cadence_cli.core.dates import YearlyDate
from cadence_cli.interop.batch import ClientRecord, ImportBatch, TouchRecord
from cadence_cli.interop.records import ContactRecord, ParseResult, RowError
from cadence_cli.store import rules

__all__ = ["contacts_batch", "strip_unprintable_batch"]

LAST_CONTACT_NOTE = "last contact, from the imported file"
"""The note on the touch that an imported `last_contact` date becomes."""


# ---------------------------------------------------------------------------------------------
# Contacts files (vCard, CSV) → batch


def _unique_labels(pairs: Iterable[tuple[str, YearlyDate]]) -> tuple[tuple[str, YearlyDate], ...]:
    """Labels lower-cased as the book keeps them; a repeated label gets a number (`other 2`)."""
    found: dict[str, YearlyDate] = {}
    for label, day in pairs:
        base = " ".join(label.split()).lower() or "other"
        name, number = base, 1
        while name in found:
            if found[name] == day:
                break
            number += 1
            name = f"{base} {number}"
        found.setdefault(name, day)
    return tuple(found.items())


def _status(record: ContactRecord, problems: list[str]) -> str:
    """`active` or `archived`; a standing (ok, due, reactive) a spreadsheet kept means active."""
    value = (record.status or "active").strip().lower()
    if value in ("active", "ok", "due", "reactive"):
        return "active"
    if value == "archived":
        return "archived"
    problems.append(f"status {record.status!r} is not active or archived")
    return "active"


def contacts_batch(result: ParseResult, *, zone: tzinfo, today: date) -> ImportBatch:
    """The batch for contacts read from a vCard or CSV file.

    The first address that looks like an email is the one the book keeps; the other emails and
    phones go into the notes ("Other emails: …") so nothing in the file is lost. The birthday
    becomes the `birthday` milestone. A cadence CSV's `last_contact` becomes a touch on that
    day (channel `other`, outcome `message`: it counts, so the client's clock starts from it,
    without claiming a conversation), at noon local time, logged by nobody.
    """
    batch = ImportBatch(result.format, [], errors=list(result.errors))
    batch.warnings.extend(result.warnings)
    for ref, record in enumerate(result.records, start=1):
        problems: list[str] = []
        status = _status(record, problems)
        emails = record.emails
        primary = next((e for e in emails if rules.is_email(e)), emails[0] if emails else None)
        if record.last_contact is not None and record.last_contact > today:
            problems.append(f"last_contact {record.last_contact.isoformat()} is in the future")
        if problems:
            batch.errors.append(RowError(record.line, "; ".join(problems)))
            continue
        batch.clients.append(
            ClientRecord(
                ref=ref,
                line=record.line,
                name=record.name,
                tier=record.tier or None,
                email=primary,
                other_emails=record.other_emails(primary),
                phone=record.phones[0] if record.phones else None,
                company=record.company,
                owner=record.owner or None,
                notes=record.notes_beside(primary),
                status=status,
                archived_reason="archived before the import" if status == "archived" else None,
                archived_on=today if status == "archived" else None,
                tags=record.tags,
                milestones=_unique_labels(record.all_milestones()),
            )
        )
        if record.last_contact is not None:
            batch.touches.append(
                TouchRecord(
                    client_ref=ref,
                    line=record.line,
                    at=datetime.combine(record.last_contact, time(12, 0), tzinfo=zone),
                    day=record.last_contact,
                    channel="other",
                    outcome="message",
                    note=LAST_CONTACT_NOTE,
                )
            )
    batch.errors.sort(key=lambda e: e.line)
    strip_unprintable_batch(batch)
    return batch


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
