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

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The whole first schema, table by table, as Alembic writes it: long, and read only once.
    op.create_table(
        "tier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_key", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("every", sa.String(length=16), nullable=False),
        sa.Column("reactive_after", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
    )
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
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
        sa.Column("charter_every", sa.String(length=16), nullable=True),
        sa.Column("charter_channel", sa.String(length=20), nullable=True),
        sa.Column("charter_note", sa.String(), nullable=True),
        sa.Column("charter_review_every", sa.String(length=16), nullable=True),
        sa.Column("charter_agreed_on", sa.Date(), nullable=True),
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

    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_id", "label"),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_client_id"), ["client_id"], unique=False)

    op.create_table(
        "promise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("kept_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_promise_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_promise_due_on"), ["due_on"], unique=False)

    op.create_table(
        "touch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("inbound", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("by", sa.String(length=100), nullable=True),
        sa.Column("logged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.create_index("ix_touch_client_day", ["client_id", "day", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_touch_day"), ["day"], unique=False)

    tier = sa.table(
        "tier",
        sa.column("name", sa.String),
        sa.column("name_key", sa.String),
        sa.column("rank", sa.Integer),
        sa.column("every", sa.String),
        sa.column("reactive_after", sa.String),
        sa.column("description", sa.String),
    )
    op.bulk_insert(
        tier,
        [
            {
                "name": "A",
                "name_key": "a",
                "rank": 1,
                "every": "1w",
                "reactive_after": "1w",
                "description": "Your best clients: every week.",
            },
            {
                "name": "B",
                "name_key": "b",
                "rank": 2,
                "every": "1m",
                "reactive_after": "2w",
                "description": "Regular clients: every month.",
            },
            {
                "name": "C",
                "name_key": "c",
                "rank": 3,
                "every": "3m",
                "reactive_after": "1m",
                "description": "Everyone else: every quarter.",
            },
        ],
    )


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
