"""The tables, declared once as SQLModel classes: what the migrations must build.

No command imports this module (reads and writes are SQL text, so that most commands load
no SQLModel); Alembic's environment does, and `tests/store/test_migrations.py` holds an
empty book migrated to head equal to these declarations.

Dates that are days (added_on, snoozed_until, due_on…) are `date` columns; the instant of a
touch is an aware UTC timestamp (`at`) and its local day (`day`) is stored beside it, fixed
when the touch is logged, so SQL can aggregate by day on both SQLite and PostgreSQL.
Intervals are stored as their text form (`1w`, `3m`) and parsed by `dates.parse_interval`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and returns them aware: one meaning on every store."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Tier(SQLModel, table=True):
    __tablename__ = "tier"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    name_key: str = Field(max_length=40, unique=True)
    rank: int
    every: str = Field(max_length=16)
    reactive_after: str = Field(max_length=16)
    description: str = Field(default="", max_length=500)
    # Minutes one contact takes (SPEC §8's hour math; revision 0004).
    minutes: int = Field(default=10, sa_column_kwargs={"server_default": "10"})


class Client(SQLModel, table=True):
    __tablename__ = "client"
    __table_args__ = (
        sa.Index("ix_client_status_tier", "status", "tier_id"),
        sa.Index("ux_client_email_key", "email_key", unique=True),  # revision 0003
        sa.Index("ix_client_name_key", "name_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200)
    tier_id: int = Field(foreign_key="tier.id")
    email: str | None = Field(default=None, max_length=320)
    email_key: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=60)
    company: str | None = Field(default=None, max_length=200)
    owner: str | None = Field(default=None, max_length=100, index=True)
    notes: str | None = Field(default=None)
    status: str = Field(default="active", max_length=10)
    archived_reason: str | None = Field(default=None)
    archived_on: date | None = None
    snoozed_until: date | None = None
    added_on: date
    charter_every: str | None = Field(default=None, max_length=16)
    charter_channel: str | None = Field(default=None, max_length=20)
    charter_note: str | None = Field(default=None)
    charter_review_every: str | None = Field(default=None, max_length=16)
    charter_agreed_on: date | None = None
    # Revision 0004: the day the client entered its current tier (a touchpoint's first due
    # day), who referred it, and who it was handed to when it left.
    tier_since: date | None = None
    referred_by: int | None = Field(default=None, index=True)
    partner: str | None = Field(default=None, max_length=200)
    # Revision 0006: the latest day of any counting touch and of any no-answer, derived
    # data kept by triggers on `touch` (never written by the code): `due` leaves the clients
    # who cannot be due out without a look-up per client.
    last_counting_on: date | None = None
    last_attempt_on: date | None = None


class ClientTag(SQLModel, table=True):
    __tablename__ = "client_tag"
    __table_args__ = (sa.Index("ix_client_tag_tag", "tag"),)

    client_id: int = Field(foreign_key="client.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, max_length=60)


class Milestone(SQLModel, table=True):
    """A yearly date: a birthday (label `birthday`) or a named one (`home anniversary`)."""

    __tablename__ = "milestone"
    __table_args__ = (sa.UniqueConstraint("client_id", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    label: str = Field(max_length=60)
    month: int
    day: int
    year: int | None = None


class Touch(SQLModel, table=True):
    __tablename__ = "touch"
    # The partial indexes (revision 0002) answer `client_facts`' two sub-selects from their
    # first entry. Only the SQLite predicate is declared here: a `postgresql_where` would
    # import SQLAlchemy's PostgreSQL dialect (and asyncio) on every start, for every user;
    # the migration creates the same predicate on both.
    __table_args__ = (
        sa.Index("ix_touch_client_day", "client_id", "day", "id"),
        sa.Index(
            "ix_touch_client_day_counting",
            "client_id",
            "day",
            "id",
            sqlite_where=sa.text("outcome != 'no-answer'"),
        ),
        sa.Index(
            "ix_touch_client_day_no_answer",
            "client_id",
            "day",
            "id",
            sqlite_where=sa.text("outcome = 'no-answer'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    at: datetime = Field(sa_type=UTCDateTime)
    day: date = Field(index=True)
    channel: str = Field(max_length=20)
    outcome: str = Field(max_length=20)
    inbound: bool = False
    note: str | None = None
    by: str | None = Field(default=None, max_length=100)
    logged_at: datetime = Field(sa_type=UTCDateTime)
    touchpoint: str | None = Field(default=None, max_length=60)  # `log --for` (revision 0004)


class Promise(SQLModel, table=True):
    __tablename__ = "promise"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="CASCADE")
    text: str
    due_on: date = Field(index=True)
    made_on: date
    kept_on: date | None = None
    # Revision 0004: a cancelled promise leaves every list and count; a handed-over one stays
    # on its new owner's list after the client is archived.
    cancelled_on: date | None = None
    cancel_reason: str | None = None
    handed_to: str | None = Field(default=None, max_length=100)
    by: str | None = Field(default=None, max_length=100)


# ---------------------------------------------------------------------------------------------
# Revision 0004: the history of terms (SPEC §1), the notes journal, the written model (§8)


class ClientTerm(SQLModel, table=True):
    """The terms one client was served on from `effective_on`: a full snapshot per change.

    Append-only. The terms in force on day T are the row with the latest (effective_on, id)
    on or before T; the `client` row holds the latest one for the daily commands. `tier_id`
    has no foreign key: a deleted tier's past stays readable through `tier_term`.
    """

    __tablename__ = "client_term"
    __table_args__ = (
        sa.Index("ix_client_term_client_on", "client_id", "effective_on", "id"),
        sa.Index("ix_client_term_on", "effective_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    effective_on: date
    tier_id: int
    tier_since: date
    status: str = Field(max_length=10)
    snoozed_until: date | None = None
    owner: str | None = Field(default=None, max_length=100)
    charter_every: str | None = Field(default=None, max_length=16)
    charter_channel: str | None = Field(default=None, max_length=20)
    charter_note: str | None = None
    charter_review_every: str | None = Field(default=None, max_length=16)
    charter_agreed_on: date | None = None
    change: str  # what changed, in words ("tier B → A")
    by: str | None = Field(default=None, max_length=100)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class TierTerm(SQLModel, table=True):
    """A tier's definition from `effective_on` (append-only; `retired` once deleted)."""

    __tablename__ = "tier_term"
    __table_args__ = (sa.Index("ix_tier_term_tier_on", "tier_id", "effective_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    tier_id: int
    effective_on: date
    name: str = Field(max_length=40)
    rank: int
    every: str = Field(max_length=16)
    reactive_after: str = Field(max_length=16)
    minutes: int
    retired: bool = False
    change: str
    by: str | None = Field(default=None, max_length=100)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class Note(SQLModel, table=True):
    """One dated entry of a client's notes journal (`cadence note`)."""

    __tablename__ = "note"
    __table_args__ = (sa.Index("ix_note_client_on", "client_id", "noted_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    noted_on: date
    text: str
    by: str | None = Field(default=None, max_length=100)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class Touchpoint(SQLModel, table=True):
    """A named service of a tier (SPEC §8): how often, by which channels, how long."""

    __tablename__ = "touchpoint"
    __table_args__ = (sa.UniqueConstraint("tier_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    tier_id: int = Field(foreign_key="tier.id", ondelete="CASCADE")
    name: str = Field(max_length=60)
    name_key: str = Field(max_length=60)
    every: str = Field(max_length=16)
    channels: str = Field(max_length=200)  # comma-separated, in the order given
    minutes: int = 15
    attempt_counts: bool = False


class TeamCapacity(SQLModel, table=True):
    """How many hours a week one owner has for the model, and on which days."""

    __tablename__ = "team_capacity"

    owner_key: str = Field(primary_key=True, max_length=100)
    owner: str = Field(max_length=100)
    minutes_per_week: int
    workdays: str = Field(default="mon-fri", max_length=40)


class SyncLink(SQLModel, table=True):
    """A client's card in the address book `cadence sync contacts` keeps (revision 0005).

    `uid` and `file` find the card again in the folder; `seen_hash` is the SHA-256 of the
    card's bytes when cadence last saw it; `base` (JSON) holds the synced fields as the card
    and the book had them then, so the next sync tells which side changed which field.
    """

    __tablename__ = "sync_link"

    client_id: int = Field(foreign_key="client.id", primary_key=True, ondelete="CASCADE")
    uid: str = Field(max_length=500, unique=True)
    file: str = Field(max_length=500)
    seen_hash: str = Field(max_length=64)
    base: str
