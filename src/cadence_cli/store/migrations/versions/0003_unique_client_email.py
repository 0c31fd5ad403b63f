"""one client per email address, enforced by the schema

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

An email names one client: imports find duplicates by it and `resolve_client` finds a client
by it. Until now only the commands checked that, so two imports running at once on
PostgreSQL could each add the same contacts. The index on the normalised email
(`email_key`, casefolded) becomes unique on both stores.

A book may already hold the same address twice (from that race). The earliest client keeps
it; each later one loses the address from its email field and gets it in its notes, with
why, so nothing is lost and the unique index can be built.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NOTE = "(email {email} moved here by cadence's upgrade: client #{first} has the same address)"


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, email, email_key, notes FROM client WHERE email_key IN "
            "(SELECT email_key FROM client WHERE email_key IS NOT NULL "
            "GROUP BY email_key HAVING COUNT(*) > 1) ORDER BY email_key, id"
        )
    ).all()
    first: dict[str, int] = {}
    for client_id, email, key, notes in rows:
        if key not in first:
            first[key] = client_id
            continue
        line = NOTE.format(email=email, first=first[key])
        conn.execute(
            sa.text(
                "UPDATE client SET email = NULL, email_key = NULL, notes = :notes WHERE id = :id"
            ),
            {"notes": f"{notes}\n{line}" if notes else line, "id": client_id},
        )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index("ix_client_email_key")
        batch_op.create_index("ux_client_email_key", ["email_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index("ux_client_email_key")
        batch_op.create_index("ix_client_email_key", ["email_key"], unique=False)
