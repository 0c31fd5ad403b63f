"""Plain records the store hands to the commands and the renderer.

They are frozen dataclasses with no database behind them: a command asks the store for
these, asks `schedule` what they mean, and gives both to `render`. The suffix says the shape:
`…Fields` declares a concept's own fields once (keyword-only) for the shapes below to share,
`…Info` is a row as the book holds it, `…Draft` what `add` knows of a new one, `…Changes` what
`edit` changes (None leaves a field), and `interop.batch`'s `…Record` what a file proposes.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, fields
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
class TierInfo(TierRule):
    """A tier as the book holds it: its rule (what the core judges by) plus its id and words."""

    _: KW_ONLY
    id: int
    description: str = ""

    @classmethod
    def of(cls, rule: TierRule, *, id: int, description: str | None = None) -> TierInfo:
        return cls(
            rule.name,
            rule.rank,
            rule.every,
            rule.reactive_after,
            id=id,
            description=description or "",
        )

    @property
    def rule(self) -> TierRule:
        """The bare rule, for keys and comparisons that must not see the id."""
        return TierRule(self.name, self.rank, self.every, self.reactive_after)


@dataclass(frozen=True, slots=True)
class Charter:
    every: Interval
    agreed_on: date
    review_every: Interval
    channel: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientFields:
    """The client fields a person types and a file carries, declared once for every shape.

    `ClientInfo` (a client as the book holds it), `ClientDraft` (what `add` and import know
    of a new one), `ClientChanges` (what `edit` changes) and `interop.batch.ClientRecord` (a
    client a file proposes) all take these; a new field of this kind is added here only.
    Keyword-only, so each shape keeps its own leading fields (`id`, `name`…) positional.
    """

    email: str | None = None
    phone: str | None = None
    company: str | None = None
    owner: str | None = None
    notes: str | None = None
    milestones: tuple[tuple[str, YearlyDate], ...] = ()


CLIENT_TEXT: tuple[str, ...] = tuple(f.name for f in fields(ClientFields) if f.name != "milestones")
"""The text columns among `ClientFields`, in order: `store.writes` builds its SQL from them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientState(ClientFields):
    """What the book keeps of a client beyond the typed fields: standing, dates, tags, charter.

    Shared by `ClientInfo` and `interop.batch.ClientRecord` (a dump restores all of it).
    """

    status: str = "active"
    archived_reason: str | None = None
    archived_on: date | None = None
    snoozed_until: date | None = None
    added_on: date | None = None
    tags: tuple[str, ...] = ()
    charter: Charter | None = None


@dataclass(frozen=True, slots=True)
class ClientInfo(ClientState):
    id: int
    name: str
    tier: str
    _: KW_ONLY
    partner: str | None = None  # who the client was referred to when it left

    @property
    def ref(self) -> str:
        return f"#{self.id} {self.name}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TouchFields:
    """A touch's own fields, declared once: `TouchInfo` (a touch as the book holds it) and
    `interop.batch.TouchRecord` (a touch a file brings) both take them, by keyword."""

    at: datetime
    day: date
    channel: str
    outcome: str
    inbound: bool = False
    note: str | None = None
    by: str | None = None
    logged_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TouchInfo(TouchFields):
    id: int
    client_id: int
    client_name: str


@dataclass(frozen=True, slots=True)
class TouchChanges:
    """What `touch edit` changes; None leaves a field as it is (an empty note clears it)."""

    day: date | None = None
    at: datetime | None = None
    channel: str | None = None
    outcome: str | None = None
    inbound: bool | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PromiseFields:
    """A promise's own fields, declared once: `PromiseInfo` (as the book holds it) and
    `interop.batch.PromiseRecord` (as a file brings it) both take them, by keyword."""

    text: str
    due_on: date
    made_on: date
    kept_on: date | None = None
    cancelled_on: date | None = None
    cancel_reason: str | None = None
    handed_to: str | None = None
    by: str | None = None


@dataclass(frozen=True, slots=True)
class PromiseInfo(PromiseFields):
    id: int
    client_id: int
    client_name: str

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
class ClientDraft(ClientFields):
    """What `add` (and import) know about a new client."""

    name: str
    tier: str | None = None
    _: KW_ONLY
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClientChanges(ClientFields):
    """What `edit` changes; None leaves a field as it is, "" clears it."""

    name: str | None = None
    tier: str | None = None
    _: KW_ONLY
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    remove_milestones: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Load:
    """The active clients of a group (a tier, an owner): how many, how many are due and
    reactive now, and the touches a week their cadences ask for. Keyword-only, like
    `ClientFields`, so `TierLoad` and `TeamMember` keep their own leading fields positional."""

    clients: int
    due: int
    reactive: int
    per_week: float


@dataclass(frozen=True, slots=True)
class TierLoad(Load):
    """`tier list`: a tier with its active clients, who is due now and the weekly load."""

    tier: TierInfo


@dataclass(frozen=True, slots=True)
class DueFilters:
    tier: str | None = None
    owner: str | None = None
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class TeamMember(Load):
    """One member of a shared book (or, with `name` None, the clients nobody owns).

    The `Load` counts the active clients they own; `touches_week` and `last_touch_on`
    describe the touches they logged (`--by`).
    """

    name: str | None
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


@dataclass(frozen=True, slots=True)
class TierDraft:
    """A tier as `tier define` and `model apply` give it, to create or redefine: its name and
    clocks always; a description, rank or minutes left None keeps the tier's (a new tier gets
    no description, the next rank and 10 minutes)."""

    name: str
    every: Interval
    reactive_after: Interval
    _: KW_ONLY
    description: str | None = None
    rank: int | None = None
    minutes: int | None = None
