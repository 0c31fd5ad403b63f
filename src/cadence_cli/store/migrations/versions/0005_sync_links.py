"""a link from each synced client to its card

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

`cadence sync contacts DIR` keeps a folder of vCards (a vdir, as vdirsyncer, khard and
phones through CardDAV share it) and the book in step. For each client it has seen a card
for, it remembers the card's UID and file name, a hash of the card's bytes, and the synced
fields as both sides had them (`base`, JSON), so a later sync can tell who changed what.
A new table only: no existing row changes. Column types are spelled out, not imported.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_link",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=500), nullable=False),
        sa.Column("file", sa.String(length=500), nullable=False),
        sa.Column("seen_hash", sa.String(length=64), nullable=False),
        sa.Column("base", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("client_id"),
        sa.UniqueConstraint("uid"),
    )


def downgrade() -> None:
    op.drop_table("sync_link")
