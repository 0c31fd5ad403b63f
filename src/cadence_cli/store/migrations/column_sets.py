"""Column sets that more than one revision creates, spelled out once.

Revisions are history: the schema each one makes never changes, so nothing here changes
either. A later revision that wants other columns writes them itself (or adds a function
here); it never edits these. Types are spelled out, not imported from models.py, for the
same reason. Each function returns new `Column` objects (a column belongs to one table).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op


def named(length: int) -> list[sa.Column[Any]]:
    """A name and its casefolded key, which finds the row whatever the case."""
    return [
        sa.Column("name", sa.String(length=length), nullable=False),
        sa.Column("name_key", sa.String(length=length), nullable=False),
    ]


def tier_rule() -> list[sa.Column[Any]]:
    """A tier's rank and intervals (SPEC §1), in `tier` and in each of its `tier_term` rows."""
    return [
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("every", sa.String(length=16), nullable=False),
        sa.Column("reactive_after", sa.String(length=16), nullable=False),
    ]


def charter() -> list[sa.Column[Any]]:
    """A client's charter, in `client` (revision 0001) and in each `client_term` (0004)."""
    return [
        sa.Column("charter_every", sa.String(length=16), nullable=True),
        sa.Column("charter_channel", sa.String(length=20), nullable=True),
        sa.Column("charter_note", sa.String(), nullable=True),
        sa.Column("charter_review_every", sa.String(length=16), nullable=True),
        sa.Column("charter_agreed_on", sa.Date(), nullable=True),
    ]


def recorded() -> list[sa.Column[Any]]:
    """Who recorded a history row (or journal entry), and when."""
    return [
        sa.Column("by", sa.String(length=100), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    ]


def create_client_table(name: str, *columns: sa.Column[Any], unique: tuple[str, ...] = ()) -> None:
    """A table of rows that belong to one client: `id`, `client_id`, then `columns`, then the
    foreign key (the rows go with their client), the primary key and a `unique` constraint.
    The constraints are made here in that order, which is the order SQLite's schema says."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        *([sa.UniqueConstraint(*unique)] if unique else []),
    )
