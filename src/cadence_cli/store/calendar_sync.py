"""The due list in a calendar vdir, and to-dos completed elsewhere back in the book.

`cadence sync calendar DIR` first reads the folder: a contact or follow-up to-do of cadence's
that another program completed (todoman, a phone's reminders through CalDAV) becomes a
counting touch on its completion day; a completed touchpoint to-do becomes a touch credited
to its touchpoint (as `log --for` logs it); a completed promise to-do keeps the promise; a
completed charter review reviews the charter on that day (as `charter --reviewed`). Then,
in the same transaction, it works out the due list as it now stands and makes the folder
say exactly that: one VTODO per client due, per follow-up, and per promise, client's
touchpoint and charter review within the horizon, one yearly VEVENT per milestone, each
under a UID derived from what it is about; items no longer due are removed, unchanged ones
are not rewritten.

Files another program made (UIDs that are not cadence's) are never touched. A touch is
logged at most once per completed to-do, even if a crash kept the file from being removed:
a touch with the same day, note and touchpoint is not logged twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from pathlib import Path

from cadence_cli.core.dates import local_noon
from cadence_cli.core.model import Touchpoint
from cadence_cli.core.records import Stamp, TouchFields
from cadence_cli.core.schedule import CharterFacts, MilestoneFacts, build_agenda, default_outcome
from cadence_cli.core.wording import charter_wishes, long_day
from cadence_cli.interop.calendar_vdir import CalendarItem, ReadItem, item_bytes, program_name
from cadence_cli.interop.calendar_vdir import read_item as read_calendar_item
from cadence_cli.interop.ics import stable_uid
from cadence_cli.interop.vdir import VdirItem, file_name_for, remove_item, write_item
from cadence_cli.store import facts as book_facts
from cadence_cli.store import model, reads, writes
from cadence_cli.store.engine import Db

_CONTACT_TODO = re.compile(r"^todo-(?:due|followup)-(\d{1,15})-\d{8}@cadence$")
_PROMISE_TODO = re.compile(r"^todo-promise-(\d{1,15})@cadence$")
_REVIEW_TODO = re.compile(r"^todo-review-(\d{1,15})-\d{8}@cadence$")
_TOUCHPOINT_TODO = re.compile(r"^todo-touchpoint-(\d{1,15})-(\d{1,15})-\d{8}@cadence$")
_OURS = re.compile(r"^(?:todo|milestone)-[^@]*@cadence$")


@dataclass(frozen=True, slots=True)
class Logged:
    """A touch logged for a to-do completed elsewhere (or a promise it kept)."""

    client: str
    channel: str
    on: date
    program: str
    promise: str | None = None
    touchpoint: str | None = None
    reviewed: bool = False


@dataclass
class CalendarOutcome:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    logged: list[Logged] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Found:
    file: VdirItem
    item: ReadItem


def _ours(items: list[VdirItem], warnings: list[str]) -> dict[str, _Found]:
    """cadence's items in the folder, by UID (the first file of a UID wins; others are extra
    copies and get removed)."""
    found: dict[str, _Found] = {}
    for file in items:
        item = read_calendar_item(file.data)
        if item is None or not _OURS.match(item.uid):
            continue
        if item.uid in found:
            warnings.append(f"{file.name} repeats {found[item.uid].file.name}; removed")
            found[f"{item.uid}#{file.name}"] = _Found(file, item)  # never wanted: removed
            continue
        found[item.uid] = _Found(file, item)
    return found


def _completion(
    item: ReadItem, *, zone: tzinfo, today: date, now: datetime
) -> tuple[date, datetime]:
    """The day a to-do was completed (never after today) and the instant to log."""
    when = item.completed
    if isinstance(when, datetime):
        moment = when if when.tzinfo is not None else when.replace(tzinfo=zone)
        day = moment.astimezone(zone).date()
        if day <= today:
            return day, moment
        return today, now
    day = min(when, today) if isinstance(when, date) else today
    return day, (now if day == today else local_noon(day, zone))


def _take_completions(
    found: dict[str, _Found], *, db: Db, zone: tzinfo, stamp: Stamp, warnings: list[str]
) -> list[Logged]:
    """Each to-do completed elsewhere into the book, as of `stamp` (its day, moment and who)."""
    today, now, user = stamp.on, stamp.at, stamp.by
    logged: list[Logged] = []
    for entry in found.values():
        item = entry.item
        if not item.done:
            continue
        day, moment = _completion(item, zone=zone, today=today, now=now)
        program = program_name(item.prodid)
        contact = _CONTACT_TODO.match(item.uid)
        promise = _PROMISE_TODO.match(item.uid)
        service = _TOUCHPOINT_TODO.match(item.uid)
        review = _REVIEW_TODO.match(item.uid)
        if contact is not None:
            touch = _log_done(int(contact.group(1)), day, moment, program, db=db, now=now, by=user)
            if touch is not None:
                logged.append(touch)
        elif service is not None:
            client_id = int(service.group(1))
            point = model.client_touchpoint(client_id, int(service.group(2)), db=db)
            if point is None:
                warnings.append(
                    f"to-do {item.summary!r} was completed in {program}, but the client no "
                    "longer has that touchpoint; nothing logged"
                )
                continue
            touch = _log_done(client_id, day, moment, program, db=db, now=now, by=user, point=point)
            if touch is not None:
                logged.append(touch)
        elif promise is not None:
            kept = _keep(int(promise.group(1)), day, db=db)
            if kept is not None:
                logged.append(Logged(kept[0], "", kept[2], program, promise=kept[1]))
        elif review is not None:
            client_id = int(review.group(1))
            if _charter_cleared(client_id, db=db):
                warnings.append(
                    f"to-do {item.summary!r} was completed in {program}, but the client no "
                    "longer has a charter; nothing reviewed"
                )
                continue
            who = _review(client_id, day, db=db, stamp=stamp)
            if who is not None:
                logged.append(Logged(who, "", day, program, reviewed=True))
    return logged


def _log_done(
    client_id: int,
    day: date,
    moment: datetime,
    program: str,
    *,
    db: Db,
    now: datetime,
    by: str | None,
    point: Touchpoint | None = None,
) -> Logged | None:
    """A counting touch by the charter's channel (else a call), or for a touchpoint by its
    first channel and credited to it (as `log --for`); never for a client gone or archived,
    nor twice for one completion."""
    found = db.rows("SELECT id FROM client WHERE id = :id AND status = 'active'", {"id": client_id})
    if not found:
        return None
    client = reads.get_client(client_id, db=db)
    note = f"done in {program}"
    credited = point.name if point is not None else None
    again = db.rows(
        "SELECT id FROM touch WHERE client_id = :id AND day = :day AND note = :note AND "
        + ("touchpoint IS NULL" if credited is None else "touchpoint = :point"),
        {"id": client_id, "day": day, "note": note, "point": credited},
    )
    if again:
        return None
    if point is not None:
        channel = point.channels[0]  # what the service is delivered by, as `log --for`
    else:
        channel = (client.charter.channel if client.charter else None) or "call"
    touch = writes.log_touch(
        client_id,
        TouchFields(
            at=moment, day=day, channel=channel, outcome=default_outcome(channel), note=note,
            by=by, logged_at=now,
        ),
        db=db,
    )  # fmt: skip
    if credited is not None:
        model.credit_touch(touch.id, credited, db=db)
    return Logged(client.ref, channel, day, program, touchpoint=credited)


def _keep(promise_id: int, day: date, *, db: Db) -> tuple[str, str, date] | None:
    """Keep an open promise on `day` (not before it was made): who, what, and when."""
    found = db.rows("SELECT kept_on FROM promise WHERE id = :id", {"id": promise_id})
    if not found or found[0][0] is not None:
        return None
    promise = reads.get_promise(promise_id, db=db)
    on = max(day, promise.made_on)
    writes.keep_promise(promise_id, db=db, on=on)
    return f"#{promise.client_id} {promise.client_name}", promise.text, on


def _charter_cleared(client_id: int, *, db: Db) -> bool:
    """An active client whose charter is gone: a review to-do completed after that is said,
    as one for a removed touchpoint is, not silently dropped."""
    found = db.rows(
        "SELECT charter_every FROM client WHERE id = :id AND status = 'active'", {"id": client_id}
    )
    return bool(found) and found[0][0] is None


def _review(client_id: int, day: date, *, db: Db, stamp: Stamp) -> str | None:
    """Review an active client's charter on `day` (as `charter --reviewed`: agreed again,
    so the next review moves on); nothing when it was agreed or reviewed on or after `day`
    already (this completion was taken in before), or the client is gone or archived."""
    found = db.rows("SELECT id FROM client WHERE id = :id AND status = 'active'", {"id": client_id})
    if not found:
        return None
    client = reads.get_client(client_id, db=db)
    if client.charter is None or client.charter.agreed_on >= day:
        return None
    writes.set_charter(client_id, replace(client.charter, agreed_on=day), db=db, stamp=stamp)
    return client.ref


def wanted_items(*, db: Db, today: date, until: date) -> list[CalendarItem]:
    """The due list on `today` (promises and touchpoints up to `until`) and every milestone,
    as items."""
    clients = book_facts.client_facts(db=db, on=today, only_due=True)
    promises = book_facts.promise_facts(reads.promises(db=db, until=until))
    milestones = book_facts.milestone_facts(db=db)
    agenda = build_agenda(
        clients=clients,
        promises=promises,
        milestones=[],
        charters=book_facts.charter_facts(db=db, on=today),
        today=today,
        until=until,
    )
    items = [
        _todo(
            ("due", now.client.client_id, now.due_on),
            f"Contact {now.client.name} ({now.client.tier.name})",
            now.due_on,
            description=f"{now.status} since {long_day(now.due_on)}: {now.reason}",
            priority=1 if now.status == "reactive" else 5,
        )
        for now in agenda.contacts
    ]
    items += [
        _todo(
            ("followup", follow.client.client_id, follow.attempted_on),
            f"Follow up with {follow.client.name}",
            follow.attempted_on,
            description=follow.reason,
            priority=3,
        )
        for follow in agenda.follow_ups
    ]
    items += [
        _todo(
            ("promise", due.promise.promise_id),
            f"Promise to {due.promise.name}: {due.promise.text}",
            due.promise.due_on,
            priority=3,
        )
        for due in agenda.promises
    ]
    items += _touchpoint_items(db=db, today=today, until=until)
    items += [_review_item(review.charter, review.review_on) for review in agenda.reviews]
    items += [_milestone_item(milestone, today) for milestone in milestones]
    return items


def _todo(
    about: tuple[object, ...],
    summary: str,
    on: date,
    *,
    description: str | None = None,
    priority: int,
    categories: tuple[str, ...] = (),
) -> CalendarItem:
    """A to-do of cadence's, its UID derived from what it is `about`."""
    uid = stable_uid("todo", *about)
    return CalendarItem(uid, "VTODO", summary, on, description, priority, categories=categories)


def _review_item(charter: CharterFacts, on: date) -> CalendarItem:
    """The to-do to review a client's charter with them."""
    wishes = charter_wishes(charter.channel, charter.note)
    return _todo(
        ("review", charter.client_id, on),
        f"Review the charter with {charter.name}",
        on,
        description=f"Agreed {long_day(charter.agreed_on)}: every {charter.every}"
        f"{wishes}; reviewed every {charter.review_every}.",
        priority=5,
    )


def _milestone_item(milestone: MilestoneFacts, today: date) -> CalendarItem:
    """A yearly all-day event, from the milestone's year when it has one."""
    when = milestone.date
    since = f" ({when.year})" if when.year is not None else ""
    return CalendarItem(
        uid=stable_uid("milestone", milestone.client_id, milestone.label),
        kind="VEVENT",
        summary=f"{milestone.name}: {milestone.label}{since}",
        on=when.series_start(today),
        yearly=True,
    )


def _touchpoint_items(*, db: Db, today: date, until: date) -> list[CalendarItem]:
    """A to-do per client's touchpoint due by `until`: `due`'s touchpoints section. The text
    says nothing that changes with the day, so an item is rewritten only when its clock or
    the touchpoint changes."""
    ids = model.touchpoint_ids(db=db)
    items = []
    for due in model.due_touchpoints(db=db, on=today, until=until):
        facts, point = due.facts, due.facts.touchpoint
        channels = ", ".join(point.channels)
        attempts = "counts" if point.attempt_counts else "does not count"
        last = f"Last delivered {long_day(facts.anchor)}" if facts.anchor else "Never delivered"
        point_id = ids[(facts.tier.name, point.name.casefold())]
        items.append(
            _todo(
                ("touchpoint", facts.client_id, point_id, due.due_on),
                f"{point.name[:1].upper()}{point.name[1:]}: {facts.name} "
                f"({channels}, {point.minutes} min)",
                due.due_on,
                description=f"Tier {facts.tier.name}'s {point.name}: every {point.every} by "
                f"{channels}; an unanswered attempt {attempts}. {last}.",
                priority=5,
                categories=(facts.tier.name, "touchpoint"),
            )
        )
    return items


def sync_calendar(
    files: list[VdirItem],
    folder: Path | None,
    *,
    db: Db,
    zone: tzinfo,
    today: date,
    now: datetime,
    until: date,
    stamp: Stamp,
    prodid: str,
) -> CalendarOutcome:
    """Take the folder's completions into the book, then write the due list into the folder.
    With `folder` None (a dry run, on a read-only transaction) nothing is written anywhere:
    the outcome says what would change, from the book as it is. `stamp` says when and by
    whom the completions are taken in; `today` and `now` are its day and moment (the
    command's one clock)."""
    outcome = CalendarOutcome()
    found = _ours(files, outcome.warnings)
    if folder is not None:
        outcome.logged = _take_completions(
            found, db=db, zone=zone, stamp=stamp, warnings=outcome.warnings
        )
    else:
        outcome.logged = [
            Logged(entry.item.summary, "", today, program_name(entry.item.prodid))
            for entry in found.values()
            if entry.item.done
        ]
    wanted = wanted_items(db=db, today=today, until=until)
    names = {entry.item.uid: entry.file.name for entry in found.values()}
    for item in wanted:
        there = found.pop(item.uid, None)
        if there is not None and not there.item.done and there.item.content() == item.content():
            outcome.unchanged += 1
            continue
        outcome.written += 1
        if folder is not None:
            name = names.get(item.uid) or file_name_for(item.uid, ".ics")
            write_item(folder, name, item_bytes(item, prodid=prodid, dtstamp=now))
    for entry in found.values():
        outcome.removed += 1
        if folder is not None:
            remove_item(folder, entry.file.name)
    return outcome
