"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Tiers, clients (with tags, milestones and an embedded charter), touches and promises,
and the default A/B/C tiers of SPEC §1. Column types are spelled out here, not imported
from models.py, so this revision stays what it was when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cadence_cli.store.migrations.column_sets import (
    charter,
    create_client_table,
    named,
    tier_rule,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Long because it is the whole first schema, table by table, as Alembic wrote it: read
    # once, in the order the tables are made.
    op.create_table(
        "tier",
        sa.Column("id", sa.Integer(), nullable=False),
        *named(40),
        *tier_rule(),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
    )
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        *named(200),
        sa.Column("tier_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("email_key", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=True),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("owner", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("archived_reason", sa.String(), nullable=True),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("added_on", sa.Date(), nullable=False),
        *charter(),
        sa.ForeignKeyConstraint(
            ["tier_id"],
            ["tier.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index("ix_client_email_key", ["email_key"], unique=False)
        batch_op.create_index("ix_client_name_key", ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_owner"), ["owner"], unique=False)
        batch_op.create_index("ix_client_status_tier", ["status", "tier_id"], unique=False)

    op.create_table(
        "client_tag",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("client_id", "tag"),
    )
    with op.batch_alter_table("client_tag", schema=None) as batch_op:
        batch_op.create_index("ix_client_tag_tag", ["tag"], unique=False)

    create_client_table(
        "milestone",
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        unique=("client_id", "label"),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_client_id"), ["client_id"], unique=False)

    create_client_table(
        "promise",
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("kept_on", sa.Date(), nullable=True),
    )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_promise_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_promise_due_on"), ["due_on"], unique=False)

    create_client_table(
        "touch",
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("inbound", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("by", sa.String(length=100), nullable=True),
        sa.Column("logged_at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.create_index("ix_touch_client_day", ["client_id", "day", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_touch_day"), ["day"], unique=False)

    _default_tiers()


DEFAULT_TIERS = (
    # name, name_key, rank, every, reactive_after, description (SPEC §1)
    ("A", "a", 1, "1w", "1w", "Your best clients: every week."),
    ("B", "b", 2, "1m", "2w", "Regular clients: every month."),
    ("C", "c", 3, "3m", "1m", "Everyone else: every quarter."),
)


def _default_tiers() -> None:
    """The A/B/C tiers a new book starts with."""
    fields = ("name", "name_key", "rank", "every", "reactive_after", "description")
    types = (sa.String, sa.String, sa.Integer, sa.String, sa.String, sa.String)
    tier = sa.table("tier", *(sa.column(f, t) for f, t in zip(fields, types, strict=True)))
    op.bulk_insert(tier, [dict(zip(fields, row, strict=True)) for row in DEFAULT_TIERS])


def downgrade() -> None:
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_touch_day"))
        batch_op.drop_index("ix_touch_client_day")

    op.drop_table("touch")
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promise_due_on"))
        batch_op.drop_index(batch_op.f("ix_promise_client_id"))

    op.drop_table("promise")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_client_id"))

    op.drop_table("milestone")
    with op.batch_alter_table("client_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_client_tag_tag")

    op.drop_table("client_tag")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index("ix_client_status_tier")
        batch_op.drop_index(batch_op.f("ix_client_owner"))
        batch_op.drop_index("ix_client_name_key")
        batch_op.drop_index("ix_client_email_key")

    op.drop_table("client")
    op.drop_table("tier")
