"""cadence's own JSON dump: written one record per line, and read back into an import batch.

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
      ],
      "notes": [
        {"id": 1, "client_id": 1, "noted_on": "2026-11-20", "text": "prefers tea", …}
      ],
      "tier_terms": [
        {"tier_id": 1, "effective_on": "0001-01-01", "name": "A", "every": "1w", …}
      ],
      "client_terms": [
        {"client_id": 1, "effective_on": "2026-11-02", "tier_id": 1, "status": "active", …}
      ]
    }

Version 2 added `notes` (the dated journal), `tier_terms` and `client_terms` (the history of
terms, SPEC §1: `client_term` and `tier_term` row by row, in the order they were recorded)
and a touch's `touchpoint`. A version-1 dump still imports: its clients' terms then start on
the day each was added, as the upgrade to revision 0004 backfilled them.

The reader also takes a bare list of client objects (what `cadence clients --json` prints).
It scans the top level itself, so that each record keeps the line it starts on, and leaves
each record to `interop.dump_records`. Like every format (vCard and the CSV layouts go
through `interop.intake`), a dump becomes an `ImportBatch`: plain records that reference
their client by `ref` (the id in a dump), for the store to validate against the book and
write in one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import Any, TextIO

from cadence_cli.errors import ImportInvalid
from cadence_cli.interop.batch import (
    ClientRecord,
    ClientTermRecord,
    ImportBatch,
    NoteRecord,
    PromiseRecord,
    TierRecord,
    TierTermRecord,
    TouchRecord,
)
from cadence_cli.interop.dump_records import (
    read_client,
    read_history,
    read_promise,
    read_tier,
    read_touch,
)
from cadence_cli.interop.intake import strip_unprintable_batch
from cadence_cli.interop.records import RowError, decode_bytes
from cadence_cli.render.shapes import (
    client_json,
    iso_or_none,
    json_text,
    promise_closing_json,
    promise_fields_json,
    tier_json,
    tier_rule_json,
    touch_json,
)

__all__ = ["DUMP_FORMAT", "DUMP_VERSION", "read_dump", "write_dump"]

DUMP_FORMAT = "cadence"
DUMP_VERSION = 2


# ---------------------------------------------------------------------------------------------
# Writing the dump


def client_record_json(client: ClientRecord) -> dict[str, Any]:
    """A client in the dump: the keys of `clients --json`, plus `archived_on`, so that
    `clients --json` output imports back as it is."""
    return {**client_json(client, ident=client.ref), "archived_on": iso_or_none(client.archived_on)}


def touch_record_json(touch: TouchRecord) -> dict[str, Any]:
    """A touch in the dump: `touch_json`'s store columns, with its client and when it was
    logged."""
    data = touch_json(touch, ident=touch.ref, dump=True)
    found = {
        "id": data.pop("id"),
        "client_id": touch.client_ref,
        **data,
        "logged_at": iso_or_none(touch.logged_at),
    }
    if touch.touchpoint is not None:  # revision 0004: only when set, as a promise's extras
        found["touchpoint"] = touch.touchpoint
    return found


def promise_record_json(promise: PromiseRecord) -> dict[str, Any]:
    """A promise in the dump; what revision 0004 added only when set, so that a dump of a
    book that never used it reads as before."""
    extra = {**promise_closing_json(promise), "by": promise.by}
    return {
        "id": promise.ref,
        "client_id": promise.client_ref,
        **promise_fields_json(promise),
        **{key: value for key, value in extra.items() if value is not None},
    }


def _recorded_json(row: TierTermRecord | ClientTermRecord | NoteRecord) -> dict[str, Any]:
    """Who recorded a row of the history of terms or of the journal, and when: the last keys
    of each (the columns `store.migrations.column_sets.recorded` makes)."""
    return {"by": row.by, "recorded_at": row.recorded_at.isoformat()}


def tier_term_json(term: TierTermRecord) -> dict[str, Any]:
    """A tier's definition from a day on, in the dump (version 2)."""
    return {
        "tier_id": term.tier_id,
        "effective_on": term.effective_on.isoformat(),
        **tier_rule_json(term),
        "minutes": term.minutes,
        "retired": term.retired,
        "change": term.change,
        **_recorded_json(term),
    }


def client_term_json(term: ClientTermRecord) -> dict[str, Any]:
    """A client's terms from a day on, in the dump (version 2): `client_term`'s columns."""
    terms = term.terms
    return {
        "client_id": term.client_ref,
        "effective_on": term.effective_on.isoformat(),
        "tier_id": terms.tier_id,
        "tier_since": term.tier_since.isoformat(),
        "status": terms.status,
        "snoozed_until": iso_or_none(terms.snoozed_until),
        "owner": terms.owner,
        "charter_every": terms.charter_every,
        "charter_channel": terms.charter_channel,
        "charter_note": terms.charter_note,
        "charter_review_every": terms.charter_review_every,
        "charter_agreed_on": iso_or_none(terms.charter_agreed_on),
        "change": term.change,
        **_recorded_json(term),
    }


def note_record_json(note: NoteRecord) -> dict[str, Any]:
    """A note of a client's journal, in the dump (version 2)."""
    return {
        "id": note.ref,
        "client_id": note.client_ref,
        "noted_on": note.noted_on.isoformat(),
        "text": note.text,
        **_recorded_json(note),
    }


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
    notes: Iterable[NoteRecord],
    tier_terms: Iterable[TierTermRecord],
    client_terms: Iterable[ClientTermRecord],
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
        stream, "promises", map(promise_record_json, promises), last=False
    )
    _write_list(stream, "notes", map(note_record_json, notes), last=False)
    _write_list(stream, "tier_terms", map(tier_term_json, tier_terms), last=False)
    _write_list(stream, "client_terms", map(client_term_json, client_terms), last=True)
    stream.write("}\n")
    return clients_written, touches_written, promises_written


# ---------------------------------------------------------------------------------------------
# Reading the dump: a small scanner over the top level, so every record keeps its line


_LISTS = ("tiers", "clients", "touches", "promises", "notes", "tier_terms", "client_terms")
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


def read_dump(data: bytes, *, zone: tzinfo, today: date) -> ImportBatch:
    """Read a cadence JSON dump (or a list of client objects) into a batch.

    Raises ImportInvalid when the file is no JSON, a dump of a newer version, or holds no
    clients list. A record that cannot be read (a missing name, a bad date, a touch of a
    client that is not in the file, an id used twice) is an error at the line it starts on.
    Times without a UTC offset are refused; a touch with only a day is put at local noon.
    A note or a snapshot of the history of terms that cannot be read refuses the whole file.
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
        tier = read_tier(line, obj, position, batch.errors)
        if tier is not None:
            batch.tiers.append(tier)
    _read_clients(lists["clients"], batch, today)
    known = {client.ref for client in batch.clients}
    failed = _failed_refs(lists["clients"], known)
    for line, obj in lists.get("touches", []):
        problems: list[str] = []
        touch = read_touch(line, obj, zone, problems) if isinstance(obj, dict) else None
        if not isinstance(obj, dict):
            problems.append("a touch must be a JSON object")
        _place(batch.touches, touch, problems, line, "touch", known, failed, batch.errors)
    for line, obj in lists.get("promises", []):
        problems = []
        promise = read_promise(line, obj, today, problems) if isinstance(obj, dict) else None
        if not isinstance(obj, dict):
            problems.append("a promise must be a JSON object")
        _place(batch.promises, promise, problems, line, "promise", known, failed, batch.errors)
    read_history(lists, batch, known, failed)
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
        client = read_client(line, obj, ref, today, batch.errors, batch.warnings)
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
