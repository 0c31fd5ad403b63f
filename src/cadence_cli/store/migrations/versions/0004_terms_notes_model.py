"""the history of terms, a notes journal, promise corrections and the written service model

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

SPEC §1 "History of terms": every change of a client's tier, charter, snooze, owner and
status, and of a tier's definition, is kept (`client_term`, `tier_term`), so a past day is
judged by the terms in force that day. The backfill gives each client one row in force from
the day it was added with the terms it has today (and, when archived, a second row from the
day it was archived), and each tier one row in force since always: every answer about a day
before this upgrade stays what it was.

Also: promises can be cancelled and handed over, notes become a dated journal, a touch can
name the touchpoint it delivers, a client records who referred it and who it was handed to,
and the written model of SPEC §8 gets touchpoints, minutes and team capacity.
Column types are spelled out here, not imported from models.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from cadence_cli.store.migrations.column_sets import (
    charter,
    create_client_table,
    named,
    recorded,
    tier_rule,
)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SINCE_ALWAYS = date(1, 1, 1)

_CHARTER = "charter_every, charter_channel, charter_note, charter_review_every, charter_agreed_on"


def upgrade() -> None:
    _new_columns()
    create_client_table(
        "client_term",
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("tier_id", sa.Integer(), nullable=False),
        sa.Column("tier_since", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(length=100), nullable=True),
        *charter(),
        sa.Column("change", sa.String(), nullable=False),
        *recorded(),
    )
    op.create_index("ix_client_term_client_on", "client_term", ["client_id", "effective_on", "id"])
    op.create_index("ix_client_term_on", "client_term", ["effective_on"])
    op.create_table(
        "tier_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tier_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        *tier_rule(),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("change", sa.String(), nullable=False),
        *recorded(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tier_term_tier_on", "tier_term", ["tier_id", "effective_on", "id"])
    create_client_table(
        "note",
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        *recorded(),
    )
    op.create_index("ix_note_client_on", "note", ["client_id", "noted_on", "id"])
    op.create_table(
        "touchpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tier_id", sa.Integer(), nullable=False),
        *named(60),
        sa.Column("every", sa.String(length=16), nullable=False),
        sa.Column("channels", sa.String(length=200), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("attempt_counts", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["tier_id"], ["tier.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tier_id", "name_key"),
    )
    op.create_table(
        "team_capacity",
        sa.Column("owner_key", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("minutes_per_week", sa.Integer(), nullable=False),
        sa.Column("workdays", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("owner_key"),
    )
    _backfill()


def _new_columns() -> None:
    """The columns this revision adds to the tables of 0001."""
    op.add_column("tier", sa.Column("minutes", sa.Integer(), server_default="10", nullable=False))
    op.add_column("client", sa.Column("tier_since", sa.Date(), nullable=True))
    op.add_column("client", sa.Column("referred_by", sa.Integer(), nullable=True))
    op.add_column("client", sa.Column("partner", sa.String(length=200), nullable=True))
    op.create_index("ix_client_referred_by", "client", ["referred_by"], unique=False)
    op.add_column("touch", sa.Column("touchpoint", sa.String(length=60), nullable=True))
    op.add_column("promise", sa.Column("cancelled_on", sa.Date(), nullable=True))
    op.add_column("promise", sa.Column("cancel_reason", sa.String(), nullable=True))
    op.add_column("promise", sa.Column("handed_to", sa.String(length=100), nullable=True))
    op.add_column("promise", sa.Column("by", sa.String(length=100), nullable=True))


def _backfill() -> None:
    """Today's terms, in force from the day each client was added (SPEC §1)."""
    conn = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(sa.text("UPDATE client SET tier_since = added_on"))
    conn.execute(
        sa.text(
            "INSERT INTO client_term (client_id, effective_on, tier_id, tier_since, status, "
            f"snoozed_until, owner, {_CHARTER}, change, by, recorded_at) "
            "SELECT id, added_on, tier_id, added_on, 'active', snoozed_until, owner, "
            f"{_CHARTER}, 'added', NULL, :now FROM client ORDER BY id"
        ),
        {"now": now},
    )
    conn.execute(
        sa.text(
            "INSERT INTO client_term (client_id, effective_on, tier_id, tier_since, status, "
            f"snoozed_until, owner, {_CHARTER}, change, by, recorded_at) "
            "SELECT id, CASE WHEN archived_on IS NULL OR archived_on < added_on "
            "THEN added_on ELSE archived_on END, tier_id, added_on, 'archived', snoozed_until, "
            f"owner, {_CHARTER}, 'archived: ' || COALESCE(archived_reason, ''), NULL, :now "
            "FROM client WHERE status = 'archived' ORDER BY id"
        ),
        {"now": now},
    )
    conn.execute(
        sa.text(
            "INSERT INTO tier_term (tier_id, effective_on, name, rank, every, reactive_after, "
            "minutes, retired, change, by, recorded_at) SELECT id, :since, name, rank, every, "
            "reactive_after, minutes, :no, 'defined', NULL, :now FROM tier ORDER BY id"
        ),
        {"since": SINCE_ALWAYS, "no": False, "now": now},
    )


def downgrade() -> None:
    op.drop_table("team_capacity")
    op.drop_table("touchpoint")
    op.drop_index("ix_note_client_on", table_name="note")
    op.drop_table("note")
    op.drop_index("ix_tier_term_tier_on", table_name="tier_term")
    op.drop_table("tier_term")
    op.drop_index("ix_client_term_on", table_name="client_term")
    op.drop_index("ix_client_term_client_on", table_name="client_term")
    op.drop_table("client_term")
    with op.batch_alter_table("promise", schema=None) as batch_op:
        for column in ("by", "handed_to", "cancel_reason", "cancelled_on"):
            batch_op.drop_column(column)
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.drop_column("touchpoint")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index("ix_client_referred_by")
        for column in ("partner", "referred_by", "tier_since"):
            batch_op.drop_column(column)
    with op.batch_alter_table("tier", schema=None) as batch_op:
        batch_op.drop_column("minutes")
