"""A dump's notes journal and history of terms read back (version 2, SPEC §1).

Stricter than the book's records (`interop.dump_records`): a note or a snapshot of the terms
that cannot be read refuses the whole file, with no `--skip-invalid`, since half a history
would judge past days by terms they never had.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cadence_cli.core.schedule import CHANNELS
from cadence_cli.core.terms import ClientTerms
from cadence_cli.errors import ImportInvalid
from cadence_cli.interop.batch import ClientTermRecord, ImportBatch, NoteRecord, TierTermRecord
from cadence_cli.interop.dump_records import DumpFields

__all__ = ["SINCE_ALWAYS", "read_history"]


def _history_record(line: int, obj: Any, what: str) -> DumpFields:
    if not isinstance(obj, dict):
        raise ImportInvalid(f"line {line}: {what}: must be a JSON object")
    return DumpFields(obj, [])


def _refused(line: int, what: str, fields: DumpFields) -> ImportInvalid:
    """A history record that cannot be read sinks the whole file: half a history would judge
    past days by terms they never had (no --skip-invalid for it)."""
    return ImportInvalid(f"line {line}: {what}: " + "; ".join(fields.problems))


def _required(fields: DumpFields, *values: tuple[str, object]) -> None:
    for key, value in values:
        if value is None and not any(p.startswith(key) for p in fields.problems):
            fields.problems.append(f"{key} is missing")


SINCE_ALWAYS = date(1, 1, 1)
"""A tier's first definition is in force since always: the one day outside the date range."""


def _read_tier_term(line: int, obj: Any) -> TierTermRecord:
    fields = _history_record(line, obj, "tier term")
    tier_id, rank = fields.integer("tier_id"), fields.integer("rank")
    minutes = fields.integer("minutes")
    always = obj.get("effective_on") == SINCE_ALWAYS.isoformat()
    on = SINCE_ALWAYS if always else fields.day("effective_on", required=True)
    name = fields.text("name", required=True)
    every = fields.interval("every", required=True)
    reactive_after = fields.interval("reactive_after", required=True)
    retired = fields.flag("retired")
    change = fields.text("change", required=True)
    at = fields.instant("recorded_at")
    _required(
        fields, ("tier_id", tier_id), ("rank", rank), ("minutes", minutes), ("recorded_at", at)
    )
    if fields.problems:
        raise _refused(line, "tier term", fields)
    assert tier_id is not None and rank is not None and minutes is not None and at is not None
    assert on is not None and name is not None and every is not None
    assert reactive_after is not None and change is not None
    return TierTermRecord(
        tier_id=tier_id,
        effective_on=on,
        name=name,
        rank=rank,
        every=every,
        reactive_after=reactive_after,
        minutes=minutes,
        retired=retired,
        change=change,
        by=fields.text("by"),
        recorded_at=at,
        line=line,
    )


def _interval_text(fields: DumpFields, key: str) -> str | None:
    """An interval as the book stored it, once it reads as one."""
    return fields.text(key) if fields.interval(key) is not None else None


def _read_client_term(line: int, obj: Any) -> ClientTermRecord:
    fields = _history_record(line, obj, "client term")
    client_ref, tier_id = fields.integer("client_id"), fields.integer("tier_id")
    on = fields.day("effective_on", required=True)
    tier_since = fields.day("tier_since", required=True)
    status = fields.choice("status", ("active", "archived"))
    terms = (
        fields.day("snoozed_until"),
        fields.text("owner"),
        _interval_text(fields, "charter_every"),
        fields.choice("charter_channel", CHANNELS),
        fields.text("charter_note"),
        _interval_text(fields, "charter_review_every"),
        fields.day("charter_agreed_on"),
    )
    change = fields.text("change", required=True)
    at = fields.instant("recorded_at")
    _required(
        fields, ("client_id", client_ref), ("tier_id", tier_id), ("status", status),
        ("recorded_at", at),
    )  # fmt: skip
    if fields.problems:
        raise _refused(line, "client term", fields)
    assert client_ref is not None and tier_id is not None and status is not None
    assert on is not None and tier_since is not None and change is not None and at is not None
    return ClientTermRecord(
        client_ref=client_ref,
        effective_on=on,
        tier_since=tier_since,
        terms=ClientTerms(tier_id, status, *terms),
        change=change,
        by=fields.text("by"),
        recorded_at=at,
        line=line,
    )


def _read_note(line: int, obj: Any) -> NoteRecord:
    fields = _history_record(line, obj, "note")
    client_ref = fields.integer("client_id")
    noted_on = fields.day("noted_on", required=True)
    text = fields.text("text", required=True)
    at = fields.instant("recorded_at")
    _required(fields, ("client_id", client_ref), ("recorded_at", at))
    if fields.problems:
        raise _refused(line, "note", fields)
    assert client_ref is not None and noted_on is not None and text is not None and at is not None
    return NoteRecord(
        client_ref=client_ref,
        noted_on=noted_on,
        text=text,
        by=fields.text("by"),
        recorded_at=at,
        ref=fields.integer("id"),
        line=line,
    )


def read_history(
    lists: Mapping[str, list[tuple[int, Any]]],
    batch: ImportBatch,
    known: set[int],
    failed: set[int],
) -> None:
    """The notes and the history of terms, each record of a client the file holds (`known`);
    those of a client that could not be read (`failed`) go with it (its line is already
    reported), and one of any other client refuses the file."""

    def kept(line: int, ref: int, what: str) -> bool:
        if ref not in known and ref not in failed:
            raise ImportInvalid(
                f"line {line}: {what}: client_id {ref} is not a client in this file"
            )
        return ref in known

    notes = (_read_note(line, obj) for line, obj in lists.get("notes", []))
    batch.notes = [note for note in notes if kept(note.line, note.client_ref, "note")]
    if "tier_terms" in lists or "client_terms" in lists:
        batch.tier_terms = [_read_tier_term(line, obj) for line, obj in lists.get("tier_terms", [])]
        terms = (_read_client_term(line, obj) for line, obj in lists.get("client_terms", []))
        batch.client_terms = [t for t in terms if kept(t.line, t.client_ref, "client term")]
