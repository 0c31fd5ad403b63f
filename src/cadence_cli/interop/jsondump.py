"""cadence's own JSON dump, and the import batch that every format becomes.

A dump is the whole book: tiers, clients (tags, milestones, charter, snooze, status, the day
added), touches and promises, each with its id. It is one JSON object written one record per
line, so a diff or `grep` shows whole records, and so the reader can say on which line a bad
record starts:

    {
      "format": "cadence",
      "version": 1,
      "exported_at": "2026-11-23T09:00:00+00:00",
      "tiers": [
        {"name": "A", "rank": 1, "every": "1w", "reactive_after": "1w", "description": "…"}
      ],
      "clients": [
        {"id": 1, "name": "Ada Lovelace", "tier": "A", "email": "ada@example.com", …}
      ],
      "touches": [
        {"id": 1, "client_id": 1, "at": "2026-11-20T12:00:00+00:00", "day": "2026-11-20", …}
      ],
      "promises": [
        {"id": 1, "client_id": 1, "text": "send the report", "due_on": "2026-11-27", …}
      ]
    }

The reader also takes a bare list of client objects (what `cadence clients --json` prints).
Every format (vCard, the CSV layouts, this dump) becomes an `ImportBatch`: plain records
that reference their client by `ref` (the id in a dump, the position in a contacts file), for
the store to validate against the book and write in one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime, time, tzinfo
from typing import Any, TextIO

from cadence_cli.core.dates import (
    Interval,
    YearlyDate,
    check_instant,
    parse_interval,
    parse_iso_day,
    parse_yearly,
)
from cadence_cli.core.schedule import CHANNELS, OUTCOMES, default_outcome
from cadence_cli.errors import ImportInvalid, InvalidInput
from cadence_cli.interop.batch import (
    CharterRecord,
    ClientRecord,
    ImportBatch,
    PromiseRecord,
    TierRecord,
    TouchRecord,
    strip_unprintable_batch,
)
from cadence_cli.interop.records import (
    ContactRecord,
    ParseResult,
    RowError,
    decode_bytes,
)
from cadence_cli.render.shapes import (
    client_record_json,
    json_text,
    promise_record_json,
    tier_json,
    touch_record_json,
)
from cadence_cli.store import rules

__all__ = [
    "DUMP_FORMAT",
    "DUMP_VERSION",
    "contacts_batch",
    "read_dump",
    "write_dump",
]

DUMP_FORMAT = "cadence"
DUMP_VERSION = 1
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
        emails = list(record.emails)
        primary = next((e for e in emails if rules.is_email(e)), emails[0] if emails else None)
        others = tuple(e for e in emails if e != primary)
        extra = []
        if others:
            extra.append("Other emails: " + ", ".join(others))
        if len(record.phones) > 1:
            extra.append("Other phones: " + ", ".join(record.phones[1:]))
        notes = "\n\n".join(filter(None, [record.notes, "\n".join(extra)])) or None
        milestones = list(record.milestones)
        if record.birthday is not None:
            milestones.insert(0, ("birthday", record.birthday))
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
                other_emails=others,
                phone=record.phones[0] if record.phones else None,
                company=record.company,
                owner=record.owner or None,
                notes=notes,
                status=status,
                archived_reason="archived before the import" if status == "archived" else None,
                archived_on=today if status == "archived" else None,
                tags=record.tags,
                milestones=_unique_labels(milestones),
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
# Writing the dump


def _write_list(stream: TextIO, key: str, objects: Iterable[dict[str, Any]], last: bool) -> int:
    stream.write(f'  "{key}": [')
    count = 0
    for obj in objects:
        stream.write(",\n    " if count else "\n    ")
        stream.write(json_text(obj, indent=None))
        count += 1
    stream.write("\n  ]" if count else "]")
    stream.write("\n" if last else ",\n")
    return count


def write_dump(
    stream: TextIO,
    *,
    exported_at: datetime,
    tiers: Iterable[TierRecord],
    clients: Iterable[ClientRecord],
    touches: Iterable[TouchRecord],
    promises: Iterable[PromiseRecord],
) -> tuple[int, int, int]:
    """Write the dump, one record per line, as the iterables go (a big book is never held
    whole); return the numbers of clients, touches and promises written."""
    stream.write("{\n")
    stream.write(f'  "format": "{DUMP_FORMAT}",\n  "version": {DUMP_VERSION},\n')
    stream.write(f'  "exported_at": {json.dumps(exported_at.isoformat())},\n')
    _write_list(stream, "tiers", map(tier_json, tiers), last=False)
    clients_written = _write_list(stream, "clients", map(client_record_json, clients), last=False)
    touches_written = _write_list(stream, "touches", map(touch_record_json, touches), last=False)
    promises_written = _write_list(
        stream, "promises", map(promise_record_json, promises), last=True
    )
    stream.write("}\n")
    return clients_written, touches_written, promises_written


# ---------------------------------------------------------------------------------------------
# Reading the dump: a small scanner over the top level, so every record keeps its line


_LISTS = ("tiers", "clients", "touches", "promises")
_SPACE = re.compile(r"[ \t\r\n]*")


class _Lines:
    """Line numbers of increasing offsets in one text, counted once."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    assert match is not None  # `*` always matches
    return match.end()


def _broken(text: str, pos: int, what: str) -> ImportInvalid:
    line = text.count("\n", 0, pos) + 1
    return ImportInvalid(f"line {line}: not a cadence JSON file ({what})")


def _value(decoder: json.JSONDecoder, text: str, pos: int) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise ImportInvalid(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:  # arrays in arrays, thousands deep: no cadence dump is
        line = text.count("\n", 0, pos) + 1
        raise ImportInvalid(f"line {line}: not a cadence JSON file (nested too deeply)") from None


def _array(
    decoder: json.JSONDecoder, text: str, pos: int, lines: _Lines
) -> tuple[list[tuple[int, Any]], int]:
    """The elements of the array at `pos`, each with the line it starts on."""
    items: list[tuple[int, Any]] = []
    pos = _skip(text, pos + 1)
    if text.startswith("]", pos):
        return items, pos + 1
    while True:
        value, end = _value(decoder, text, pos)
        items.append((lines.at(pos), value))
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif text.startswith("]", pos):
            return items, pos + 1
        else:
            raise _broken(text, pos, "expected ',' or ']'")


def _scan(text: str) -> tuple[dict[str, Any], dict[str, list[tuple[int, Any]]], bool]:
    """(top-level values, the record lists with lines, whether the top level is an object)."""
    decoder = json.JSONDecoder()
    lines = _Lines(text)
    pos = _skip(text, 0)
    if text.startswith("[", pos):
        clients, pos = _array(decoder, text, pos, lines)
        if _skip(text, pos) != len(text):
            raise _broken(text, _skip(text, pos), "more data after the list")
        return {}, {"clients": clients}, False
    if not text.startswith("{", pos):
        raise _broken(text, pos, "expected an object or a list")
    head: dict[str, Any] = {}
    lists: dict[str, list[tuple[int, Any]]] = {}
    pos = _skip(text, pos + 1)
    while not text.startswith("}", pos):
        if not text.startswith('"', pos):
            raise _broken(text, pos, "expected a key")
        key, pos = _value(decoder, text, pos)
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise _broken(text, pos, "expected ':'")
        pos = _skip(text, pos + 1)
        if key in _LISTS and text.startswith("[", pos):
            lists[key], pos = _array(decoder, text, pos, lines)
        else:
            head[key], pos = _value(decoder, text, pos)
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif not text.startswith("}", pos):
            raise _broken(text, pos, "expected ',' or '}'")
    if _skip(text, pos + 1) != len(text):
        raise _broken(text, _skip(text, pos + 1), "more data after the object")
    return head, lists, True


class _Fields:
    """Typed reads of one JSON object's fields that collect problems instead of raising."""

    def __init__(self, obj: dict[str, Any], problems: list[str]) -> None:
        self.obj, self.problems = obj, problems

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(f"{key} is missing")
            return None
        if not isinstance(value, str):
            self.problems.append(f"{key} must be text")
            return None
        return value

    def integer(self, key: str) -> int | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.append(f"{key} must be a whole number")
            return None
        return value

    def flag(self, key: str) -> bool:
        value = self.obj.get(key, False)
        if not isinstance(value, bool):
            self.problems.append(f"{key} must be true or false")
            return False
        return value

    def day(self, key: str, *, required: bool = False) -> date | None:
        text = self.text(key, required=required)
        if text is None:
            return None
        try:
            return parse_iso_day(text)
        except InvalidInput as exc:
            self.problems.append(f"{key} {exc}")
            return None

    def instant(self, key: str) -> datetime | None:
        text = self.text(key)
        if text is None:
            return None
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.problems.append(f"{key} {text!r} is not an ISO 8601 date and time")
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            self.problems.append(f"{key} {text!r} has no UTC offset")
            return None
        try:
            return check_instant(value, text)
        except InvalidInput as exc:
            self.problems.append(f"{key} {exc}")
            return None

    def interval(self, key: str, *, required: bool = False) -> Interval | None:
        text = self.text(key, required=required)
        if text is None:
            return None
        try:
            return parse_interval(text)
        except InvalidInput as exc:
            self.problems.append(f"{key}: {exc.message}")
            return None

    def choice(self, key: str, allowed: Iterable[str]) -> str | None:
        text = self.text(key)
        if text is None:
            return None
        options = tuple(allowed)
        if text.strip().lower() not in options:
            self.problems.append(f"{key} {text!r} is not one of {', '.join(options)}")
            return None
        return text.strip().lower()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.obj.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(f"{key} must be a list of text")
            return ()
        return tuple(value)


def _milestones(fields: _Fields) -> tuple[tuple[str, YearlyDate], ...]:
    found: list[tuple[str, YearlyDate]] = []
    birthday = fields.text("birthday")
    if birthday is not None:
        try:
            found.append(("birthday", parse_yearly(birthday)))
        except InvalidInput as exc:
            fields.problems.append(f"birthday: {exc.message}")
    value = fields.obj.get("milestones") or []
    if not isinstance(value, list):
        fields.problems.append("milestones must be a list")
        return ()
    for item in value:
        if not isinstance(item, dict):
            fields.problems.append("each milestone must be an object with label and date")
            continue
        inner = _Fields(item, fields.problems)
        label, when = inner.text("label", required=True), inner.text("date", required=True)
        if label is None or when is None:
            continue
        try:
            found.append((label, parse_yearly(when)))
        except InvalidInput as exc:
            fields.problems.append(f"milestone {label!r}: {exc.message}")
    return tuple(found)


def _charter(fields: _Fields, today: date) -> CharterRecord | None:
    value = fields.obj.get("charter")
    if value is None:
        return None
    if not isinstance(value, dict):
        fields.problems.append("charter must be an object or null")
        return None
    inner = _Fields(value, fields.problems)
    every = inner.interval("every", required=True)
    review_every = inner.interval("review_every") or Interval(6, "m")
    agreed_on = inner.day("agreed_on") or today
    channel = inner.choice("channel", CHANNELS)
    if every is None:
        return None
    return CharterRecord(
        every=every,
        agreed_on=agreed_on,
        review_every=review_every,
        channel=channel,
        note=inner.text("note"),
    )


def _read_tier(line: int, obj: Any, position: int, errors: list[RowError]) -> TierRecord | None:
    if not isinstance(obj, dict):
        errors.append(RowError(line, "a tier must be a JSON object"))
        return None
    problems: list[str] = []
    fields = _Fields(obj, problems)
    name = fields.text("name", required=True)
    every = fields.interval("every", required=True)
    reactive_after = fields.interval("reactive_after", required=True)
    rank = fields.integer("rank")
    description = fields.text("description") or ""
    if problems or name is None or every is None or reactive_after is None:
        errors.append(RowError(line, "tier: " + "; ".join(problems)))
        return None
    return TierRecord(
        name=name.strip(),
        rank=rank if rank is not None else position,
        every=every,
        reactive_after=reactive_after,
        description=description,
        line=line,
    )


def _read_client(
    line: int, obj: Any, ref: int, today: date, errors: list[RowError], warnings: list[RowError]
) -> ClientRecord | None:
    if not isinstance(obj, dict):
        errors.append(RowError(line, "a client must be a JSON object"))
        return None
    problems: list[str] = []
    fields = _Fields(obj, problems)
    email = fields.text("email")
    name = fields.text("name")
    if name is None and email is not None:
        name = " ".join(email.split())
        warnings.append(RowError(line, f"the client has no name: named after its email {name}"))
    if name is None:
        problems.append("name is missing")
    status = fields.choice("status", ("active", "archived")) or "active"
    archived = status == "archived"
    client = ClientRecord(
        ref=ref,
        line=line,
        name=" ".join((name or "").split()),
        tier=fields.text("tier"),
        email=email.strip() if email else None,
        phone=fields.text("phone"),
        company=fields.text("company"),
        owner=fields.text("owner"),
        notes=fields.text("notes"),
        status=status,
        archived_reason=(fields.text("archived_reason") or "archived") if archived else None,
        archived_on=(fields.day("archived_on") or today) if archived else None,
        snoozed_until=fields.day("snoozed_until"),
        added_on=fields.day("added_on"),
        tags=fields.texts("tags"),
        milestones=_milestones(fields),
        charter=_charter(fields, today),
    )
    if problems:
        errors.append(RowError(line, "; ".join(problems)))
        return None
    return client


def _read_touch(line: int, obj: Any, zone: tzinfo, problems: list[str]) -> TouchRecord | None:
    fields = _Fields(obj, problems)
    client_ref = fields.integer("client_id")
    if client_ref is None and "client_id" not in obj:
        problems.append("client_id is missing")
    at, day = fields.instant("at"), fields.day("day")
    if at is None and day is None and not problems:
        problems.append("a touch needs a day (or at)")
    channel = fields.choice("channel", CHANNELS) or "other"
    outcome = fields.choice("outcome", OUTCOMES) or default_outcome(channel)
    inbound = fields.flag("inbound")
    direction = fields.choice("direction", ("inbound", "outbound"))
    if direction is not None:
        inbound = direction == "inbound"
    if problems or client_ref is None or (at is None and day is None):
        return None
    if day is None:
        assert at is not None
        day = at.astimezone(zone).date()
    if at is None:
        at = datetime.combine(day, time(12, 0), tzinfo=zone)
    return TouchRecord(
        client_ref=client_ref,
        line=line,
        at=at,
        day=day,
        channel=channel,
        outcome=outcome,
        inbound=inbound,
        note=fields.text("note"),
        by=fields.text("by"),
        logged_at=fields.instant("logged_at"),
        ref=fields.integer("id"),
    )


def _read_promise(line: int, obj: Any, today: date, problems: list[str]) -> PromiseRecord | None:
    fields = _Fields(obj, problems)
    client_ref = fields.integer("client_id")
    if client_ref is None and "client_id" not in obj:
        problems.append("client_id is missing")
    text = fields.text("text", required=True)
    due_on = fields.day("due_on", required=True)
    made_on = fields.day("made_on")
    kept_on = fields.day("kept_on")
    if problems or client_ref is None or text is None or due_on is None:
        return None
    return PromiseRecord(
        client_ref=client_ref,
        line=line,
        text=text,
        due_on=due_on,
        made_on=made_on or min(today, due_on),
        kept_on=kept_on,
        ref=fields.integer("id"),
        cancelled_on=fields.day("cancelled_on"),
        cancel_reason=fields.text("cancel_reason"),
        handed_to=fields.text("handed_to"),
        by=fields.text("by"),
    )


def read_dump(data: bytes, *, zone: tzinfo, today: date) -> ImportBatch:
    """Read a cadence JSON dump (or a list of client objects) into a batch.

    Raises ImportInvalid when the file is no JSON, a dump of a newer version, or holds no
    clients list. A record that cannot be read (a missing name, a bad date, a touch of a
    client that is not in the file, an id used twice) is an error at the line it starts on.
    Times without a UTC offset are refused; a touch with only a day is put at local noon.
    """
    text = decode_bytes(data).lstrip("\ufeff")
    head, lists, is_object = _scan(text)
    if is_object:
        kind = head.get("format", DUMP_FORMAT)
        if kind != DUMP_FORMAT:
            raise ImportInvalid(f"this JSON file is a {kind!r} file, not a cadence dump")
        version = head.get("version", DUMP_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ImportInvalid(f"the dump's version {version!r} is not a number")
        if version > DUMP_VERSION:
            raise ImportInvalid(
                f"this dump was written by a newer cadence (format version {version})",
                hint="upgrade cadence to import it",
            )
        misplaced = [key for key in _LISTS if key in head]
        if misplaced:
            raise ImportInvalid(f"{misplaced[0]!r} in this JSON file must be a list")
        if "clients" not in lists:
            raise ImportInvalid("this JSON file has no list of clients")
    batch = ImportBatch("json", [], restore=is_object)
    for position, (line, obj) in enumerate(lists.get("tiers", []), start=1):
        tier = _read_tier(line, obj, position, batch.errors)
        if tier is not None:
            batch.tiers.append(tier)
    _read_clients(lists["clients"], batch, today)
    known = {client.ref for client in batch.clients}
    failed = _failed_refs(lists["clients"], known)
    for line, obj in lists.get("touches", []):
        problems: list[str] = []
        touch = _read_touch(line, obj, zone, problems) if isinstance(obj, dict) else None
        if not isinstance(obj, dict):
            problems.append("a touch must be a JSON object")
        _place(batch.touches, touch, problems, line, "touch", known, failed, batch.errors)
    for line, obj in lists.get("promises", []):
        problems = []
        promise = _read_promise(line, obj, today, problems) if isinstance(obj, dict) else None
        if not isinstance(obj, dict):
            problems.append("a promise must be a JSON object")
        _place(batch.promises, promise, problems, line, "promise", known, failed, batch.errors)
    batch.errors.sort(key=lambda e: e.line)
    strip_unprintable_batch(batch)
    return batch


def _read_clients(items: list[tuple[int, Any]], batch: ImportBatch, today: date) -> None:
    """Clients with their refs: the file's ids, unique; a client without one gets its own."""
    seen: dict[int, int] = {}
    given = {obj.get("id") for _, obj in items if isinstance(obj, dict)}
    spare = iter(n for n in range(-1, -len(items) - 2, -1) if n not in given)
    for line, obj in items:
        ref = obj.get("id") if isinstance(obj, dict) else None
        if isinstance(ref, int) and not isinstance(ref, bool) and ref > 0:
            if ref in seen:
                batch.errors.append(RowError(line, f"id {ref} was used on line {seen[ref]}"))
                continue
            seen[ref] = line
        elif ref is not None:
            batch.errors.append(RowError(line, f"id {ref!r} is not a positive whole number"))
            continue
        else:
            ref = next(spare)
        client = _read_client(line, obj, ref, today, batch.errors, batch.warnings)
        if client is not None:
            batch.clients.append(client)


def _failed_refs(items: list[tuple[int, Any]], known: set[int]) -> set[int]:
    """Ids of clients the file holds but that could not be read (their history goes too)."""
    ids = (obj.get("id") for _, obj in items if isinstance(obj, dict))
    return {i for i in ids if isinstance(i, int) and i not in known}


def _place(
    into: list[Any],
    record: TouchRecord | PromiseRecord | None,
    problems: list[str],
    line: int,
    what: str,
    known: set[int],
    failed: set[int],
    errors: list[RowError],
) -> None:
    if record is not None and record.client_ref not in known:
        if record.client_ref in failed:
            return  # the client's own line is already reported
        problems.append(f"client_id {record.client_ref} is not a client in this file")
    if problems:
        errors.append(RowError(line, f"{what}: " + "; ".join(problems)))
        return
    into.append(record)
