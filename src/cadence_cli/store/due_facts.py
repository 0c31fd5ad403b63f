"""`due`'s reads of the client table in one pass: who can be due, the charters, and how to
reach them.

`facts.client_facts(only_due=True)` already reads every client with a charter (a charter
can make anyone due) and every client the table will show, so the charters' other columns
and the contact points come back on the same rows instead of two more reads of the client
table (`facts.charter_facts` scanned all of it: `charter_every` has no index; and
`reads.contact_points` looked 20,000 ids up again, 900 at a time on SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cadence_cli.core.records import ContactPoints, DueFilters
from cadence_cli.core.schedule import DEFAULT_REVIEW_EVERY, CharterFacts, ClientFacts
from cadence_cli.store.engine import Db, Row, as_day, interval_reader
from cadence_cli.store.facts import client_facts_from, clients_on
from cadence_cli.store.reads import in_view

_CHARTER = (
    "charter_every", "charter_agreed_on", "charter_review_every", "charter_channel",
    "charter_note",
)  # fmt: skip
_REACH = ("phone", "email")


@dataclass(frozen=True, slots=True)
class DueFacts:
    """The clients who can be due on a day, the agreed charters in view, and (when asked
    and read on the same rows) the contact points of those clients by id."""

    clients: list[ClientFacts]
    charters: list[CharterFacts]
    reach: dict[int, ContactPoints] | None


def due_facts(*, db: Db, on: date, filters: DueFilters, reach: bool) -> DueFacts:
    """`facts.client_facts(only_due=True)` and `facts.charter_facts` of day `on`, from one
    query; with `reach`, the contact points too when the day reads today's client rows (a
    day before a change of terms reads snapshots, whose charter channel is not today's:
    `reach` is then None and the caller asks `reads.contact_points`)."""
    source, known, params = clients_on(on, db=db)
    where, view = in_view(filters, db=db, known=known, scan=filters.tier is None)
    params.update(view)
    with_reach = reach and source == "client"
    rows: list[Row] = []
    clients = client_facts_from(
        db=db, on=on, source=source, where=where, params=params, known=known,
        only_due=True, extra=(*_CHARTER, *_REACH) if with_reach else _CHARTER, extras=rows,
    )  # fmt: skip
    interval = interval_reader()
    charters = [
        CharterFacts(
            client_id=client_id,
            name=fact.name,
            every=interval(every),
            agreed_on=as_day(agreed_on),
            review_every=interval(review_every) if review_every else DEFAULT_REVIEW_EVERY,
            channel=channel,
            note=note,
        )
        for fact, (client_id, every, agreed_on, review_every, channel, note, *_) in zip(
            clients, rows, strict=True
        )
        if every is not None and agreed_on is not None
    ]
    if not with_reach:
        return DueFacts(clients, charters, None)
    contacts = {row[0]: ContactPoints(phone=row[6], email=row[7], channel=row[4]) for row in rows}
    return DueFacts(clients, charters, contacts)
