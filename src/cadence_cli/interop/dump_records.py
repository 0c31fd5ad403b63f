"""A dump's records read back, one JSON object at a time (`interop.jsondump` reads the file).

`_Fields` takes an object's values by type and collects what is wrong instead of raising, so
a record reports every problem on its line at once. A tier, client, touch or promise that
cannot be read is None (the caller reports its problems at the record's line, and
`--skip-invalid` may leave it out); a note or a snapshot of the history of terms that cannot
be read refuses the whole file (`read_history`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any, TypeVar

from cadence_cli.core.dates import (
    Interval,
    YearlyDate,
    check_instant,
    parse_interval,
    parse_iso_day,
    parse_yearly,
)
from cadence_cli.core.schedule import CHANNELS, OUTCOMES, default_outcome
from cadence_cli.core.terms import ClientTerms
from cadence_cli.errors import ImportInvalid, InvalidInput
from cadence_cli.interop.batch import (
    CharterRecord,
    ClientRecord,
    ClientTermRecord,
    ImportBatch,
    NoteRecord,
    PromiseRecord,
    TierRecord,
    TierTermRecord,
    TouchRecord,
)
from cadence_cli.interop.records import RowError

__all__ = ["read_client", "read_history", "read_promise", "read_tier", "read_touch"]

_T = TypeVar("_T")


def _aware_instant(text: str) -> datetime:
    """An ISO 8601 date and time with its UTC offset, within the range a day may take."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not an ISO 8601 date and time") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{text!r} has no UTC offset")
    return check_instant(value, text)


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

    def _parsed(
        self,
        key: str,
        parse: Callable[[str], _T],
        problem: Callable[[InvalidInput], str],
        *,
        required: bool = False,
    ) -> _T | None:
        """The text at `key` as `parse` reads it; what it refuses is a problem, as worded."""
        text = self.text(key, required=required)
        if text is None:
            return None
        try:
            return parse(text)
        except InvalidInput as exc:
            self.problems.append(problem(exc))
            return None

    def day(self, key: str, *, required: bool = False) -> date | None:
        return self._parsed(key, parse_iso_day, lambda exc: f"{key} {exc}", required=required)

    def instant(self, key: str) -> datetime | None:
        return self._parsed(key, _aware_instant, lambda exc: f"{key} {exc}")

    def interval(self, key: str, *, required: bool = False) -> Interval | None:
        return self._parsed(
            key, parse_interval, lambda exc: f"{key}: {exc.message}", required=required
        )

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


def read_tier(line: int, obj: Any, position: int, errors: list[RowError]) -> TierRecord | None:
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


def read_client(
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


def _client_ref(fields: _Fields) -> int | None:
    """The client_id a touch or a promise belongs to; a missing one is a problem (an invalid
    one already is)."""
    client_ref = fields.integer("client_id")
    if client_ref is None and "client_id" not in fields.obj:
        fields.problems.append("client_id is missing")
    return client_ref


def read_touch(line: int, obj: Any, zone: tzinfo, problems: list[str]) -> TouchRecord | None:
    fields = _Fields(obj, problems)
    client_ref = _client_ref(fields)
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
        touchpoint=fields.text("touchpoint"),
    )


def read_promise(line: int, obj: Any, today: date, problems: list[str]) -> PromiseRecord | None:
    fields = _Fields(obj, problems)
    client_ref = _client_ref(fields)
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


# ---------------------------------------------------------------------------------------------
# The notes journal and the history of terms (version 2): one that cannot be read refuses the
# whole file, since half a history would judge past days by terms they never had


def _history_record(line: int, obj: Any, what: str) -> _Fields:
    if not isinstance(obj, dict):
        raise ImportInvalid(f"line {line}: {what}: must be a JSON object")
    return _Fields(obj, [])


def _refused(line: int, what: str, fields: _Fields) -> ImportInvalid:
    """A history record that cannot be read sinks the whole file: half a history would judge
    past days by terms they never had (no --skip-invalid for it)."""
    return ImportInvalid(f"line {line}: {what}: " + "; ".join(fields.problems))


def _required(fields: _Fields, *values: tuple[str, object]) -> None:
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


def _interval_text(fields: _Fields, key: str) -> str | None:
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
