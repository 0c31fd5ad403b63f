"""What `cadence export` writes, read from the store: the CSV's rows and the calendar's
events. The file formats are interop's (`write_cadence_csv`, `stream_ics`); the JSON dump's
records are `store.dump`'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cadence_cli.core.schedule import standing
from cadence_cli.core.wording import long_day
from cadence_cli.interop.ics import CalendarEvent, stable_uid
from cadence_cli.store import dump, reads
from cadence_cli.store import facts as book_facts
from cadence_cli.store.engine import Db


def csv_rows(*, db: Db, today: date) -> Iterator[dict[str, object]]:
    """One row per client in the cadence CSV's columns, with its last counting touch and
    its next due day (as `due` would judge it `today`)."""
    clients = dump.dump_clients(db=db)
    last = dump.last_counting_days(db=db)
    due = {
        facts.client_id: standing(facts, today).due_on
        for facts in book_facts.client_facts(db=db, on=today)
    }
    for client in clients:
        birthday = next((day for label, day in client.milestones if label == "birthday"), None)
        yield {
            "name": client.name,
            "email": client.email,
            "phone": client.phone,
            "company": client.company,
            "tier": client.tier,
            "tags": client.tags,
            "birthday": birthday,
            "milestones": [(label, day) for label, day in client.milestones if label != "birthday"],
            "owner": client.owner,
            "notes": client.notes,
            "last_contact": last.get(client.ref),
            "next_due": due.get(client.ref),
            "status": client.status,
        }


def calendar_events(*, db: Db, today: date) -> Iterator[CalendarEvent]:
    """All-day events: each active client's next due day (today when overdue), each milestone
    as a yearly event, each open promise on its day; made one at a time, as they are written
    (a 100k book's calendar is never held whole)."""
    for facts in book_facts.client_facts(db=db, on=today):
        now = standing(facts, today)
        late = now.due_on < today
        state = f"due since {long_day(now.due_on)} ({now.status})" if late else "due"
        yield CalendarEvent(
            uid=stable_uid("due", facts.client_id),
            summary=f"Contact {facts.name} ({facts.tier.name})",
            on=max(now.due_on, today),
            description=f"{state}: {now.reason}",
        )
    for milestone in book_facts.milestone_facts(db=db):
        when = milestone.date
        since = f" ({when.year})" if when.year is not None else ""
        yield CalendarEvent(
            uid=stable_uid("milestone", milestone.client_id, milestone.label),
            summary=f"{milestone.name}: {milestone.label}{since}",
            on=when.series_start(today),
            yearly=True,
        )
    for promise in reads.promises(db=db):
        yield CalendarEvent(
            uid=stable_uid("promise", promise.id),
            summary=f"Promise to {promise.client_name}: {promise.text}",
            on=promise.due_on,
            description=f"promised on {long_day(promise.made_on)}",
        )
