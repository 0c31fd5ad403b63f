"""Plain records the store hands to the commands and the renderer.

They are frozen dataclasses with no database behind them: a command asks the store for
these, asks `schedule` what they mean, and gives both to `render`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cadence_cli.core.dates import Interval, YearlyDate
from cadence_cli.core.schedule import TierRule

DEFAULT_TIERS: tuple[tuple[str, str, str, str], ...] = (
    ("A", "1w", "1w", "Your best clients: every week."),
    ("B", "1m", "2w", "Regular clients: every month."),
    ("C", "3m", "1m", "Everyone else: every quarter."),
)


@dataclass(frozen=True, slots=True)
class Stamp:
    """When and by whom a change is made: every change to the terms is recorded with both."""

    on: date
    at: datetime
    by: str | None = None


@dataclass(frozen=True, slots=True)
class TierInfo:
    id: int
    name: str
    rank: int
    every: Interval
    reactive_after: Interval
    description: str

    @property
    def rule(self) -> TierRule:
        return TierRule(self.name, self.rank, self.every, self.reactive_after)


@dataclass(frozen=True, slots=True)
class Charter:
    every: Interval
    agreed_on: date
    review_every: Interval
    channel: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ClientInfo:
    id: int
    name: str
    tier: str
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    owner: str | None = None
    notes: str | None = None
    status: str = "active"
    archived_reason: str | None = None
    snoozed_until: date | None = None
    added_on: date | None = None
    tags: tuple[str, ...] = ()
    milestones: tuple[tuple[str, YearlyDate], ...] = ()
    charter: Charter | None = None
    archived_on: date | None = None
    partner: str | None = None  # who the client was referred to when it left

    @property
    def ref(self) -> str:
        return f"#{self.id} {self.name}"


@dataclass(frozen=True, slots=True)
class TouchInfo:
    id: int
    client_id: int
    client_name: str
    at: datetime
    day: date
    channel: str
    outcome: str
    inbound: bool
    note: str | None
    by: str | None
    logged_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TouchChanges:
    """What `touch edit` changes; None leaves a field as it is (an empty note clears it)."""

    day: date | None = None
    at: datetime | None = None
    channel: str | None = None
    outcome: str | None = None
    inbound: bool | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PromiseInfo:
    id: int
    client_id: int
    client_name: str
    text: str
    due_on: date
    made_on: date
    kept_on: date | None
    cancelled_on: date | None = None
    cancel_reason: str | None = None
    handed_to: str | None = None
    by: str | None = None

    @property
    def is_open(self) -> bool:
        """Neither kept nor cancelled: still owed to the client."""
        return self.kept_on is None and self.cancelled_on is None


@dataclass(frozen=True, slots=True)
class NoteInfo:
    """One dated entry of a client's notes journal."""

    id: int
    client_id: int
    noted_on: date
    text: str
    by: str | None


@dataclass(frozen=True, slots=True)
class ClientDraft:
    """What `add` (and import) know about a new client."""

    name: str
    tier: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    owner: str | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    milestones: tuple[tuple[str, YearlyDate], ...] = ()


@dataclass(frozen=True, slots=True)
class ClientChanges:
    """What `edit` changes; None leaves a field as it is, "" clears it."""

    name: str | None = None
    tier: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    owner: str | None = None
    notes: str | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    milestones: tuple[tuple[str, YearlyDate], ...] = ()
    remove_milestones: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TierLoad:
    """`tier list`: a tier with its active clients, who is due now and the weekly load."""

    tier: TierInfo
    clients: int
    due: int
    reactive: int
    per_week: float


@dataclass(frozen=True, slots=True)
class DueFilters:
    tier: str | None = None
    owner: str | None = None
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One member of a shared book (or, with `name` None, the clients nobody owns).

    `clients`, `due`, `reactive` and `per_week` count the active clients they own;
    `touches_week` and `last_touch_on` describe the touches they logged (`--by`).
    """

    name: str | None
    clients: int
    due: int
    reactive: int
    per_week: float
    touches_week: int
    last_touch_on: date | None


@dataclass(frozen=True, slots=True)
class ContactPoints:
    """How to reach one client: what `due` and `work` show beside the name."""

    phone: str | None = None
    email: str | None = None
    channel: str | None = None
    """The charter's preferred channel, if any: it decides between phone and email."""

    @property
    def preferred(self) -> str:
        """The phone, else the email; the email first when the charter asks for email."""
        if self.channel == "email" and self.email:
            return self.email
        return self.phone or self.email or ""
