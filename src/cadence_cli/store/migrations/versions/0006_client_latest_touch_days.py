"""each client's latest counting day and latest no-answer day, kept by triggers on touch

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

`due` asks, for every active client, whether its latest counting touch is old enough to make
it due. Answering that with an index look-up per client was most of `due`'s time on
PostgreSQL (about 0.4 s of server time for 100,000 clients), although four clients in five
are fine. Two columns on `client` now hold the latest day of any counting touch and of any
no-answer, so `store.facts` can leave the fine clients out with a plain scan of `client`
and look touches up only for the ones it keeps.

The columns are derived data: triggers on `touch` keep them on every insert, update and
delete, whichever code path (a command, an import, a sync, a merge, a restore, a hand-run
SQL statement) writes the touch. An insert moves a day forward; an update or a delete reads
the client's touches again. The days are not bounded by any "today": a touch dated after the
day asked about puts its client back on the look-up path (`facts._may_be_due`).

A later migration that rebuilds `touch` or `client` on SQLite (`batch_alter_table` copies a
table and drops its triggers) must create these triggers again: `tests/store` checks that
the days match the touches after every kind of write, on the head revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Both dialects compare and take the greatest day the same way: SQLite stores days as ISO
# text (sorting as dates), PostgreSQL as DATE.
_RECOUNT = """UPDATE client SET
    last_counting_on = (SELECT MAX(t.day) FROM touch AS t
                        WHERE t.client_id = client.id AND t.outcome <> 'no-answer'),
    last_attempt_on = (SELECT MAX(t.day) FROM touch AS t
                       WHERE t.client_id = client.id AND t.outcome = 'no-answer')"""
# After an insert: move the client's day forward if the new touch is later.
_FORWARD = """UPDATE client SET {column} = NEW.day
    WHERE id = NEW.client_id AND ({column} IS NULL OR {column} < NEW.day)"""

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER touch_counting_inserted AFTER INSERT ON touch
    WHEN NEW.outcome <> 'no-answer' BEGIN
    {_FORWARD.format(column="last_counting_on")};
END""",
    f"""CREATE TRIGGER touch_attempt_inserted AFTER INSERT ON touch
    WHEN NEW.outcome = 'no-answer' BEGIN
    {_FORWARD.format(column="last_attempt_on")};
END""",
    f"""CREATE TRIGGER touch_deleted AFTER DELETE ON touch BEGIN
    {_RECOUNT} WHERE id = OLD.client_id;
END""",
    f"""CREATE TRIGGER touch_changed AFTER UPDATE OF client_id, day, outcome ON touch BEGIN
    {_RECOUNT} WHERE id IN (OLD.client_id, NEW.client_id);
END""",
)
_SQLITE_DROPS = (
    "touch_counting_inserted",
    "touch_attempt_inserted",
    "touch_deleted",
    "touch_changed",
)

# One row-level function on PostgreSQL: the same three cases as SQLite's four triggers.
# `SET search_path FROM CURRENT`: the function finds this book's tables whatever schema the
# session that fires it has first on its path.
_POSTGRES_FUNCTION = f"""CREATE FUNCTION touch_keeps_client_days() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.outcome <> 'no-answer' THEN
            {_FORWARD.format(column="last_counting_on")};
        ELSE
            {_FORWARD.format(column="last_attempt_on")};
        END IF;
        RETURN NULL;
    END IF;
    {_RECOUNT} WHERE id = OLD.client_id;
    IF TG_OP = 'UPDATE' AND NEW.client_id <> OLD.client_id THEN
        {_RECOUNT} WHERE id = NEW.client_id;
    END IF;
    RETURN NULL;
END
$$"""
_POSTGRES_TRIGGER = """CREATE TRIGGER touch_keeps_client_days
    AFTER INSERT OR DELETE OR UPDATE OF client_id, day, outcome ON touch
    FOR EACH ROW EXECUTE FUNCTION touch_keeps_client_days()"""


def upgrade() -> None:
    op.add_column("client", sa.Column("last_counting_on", sa.Date(), nullable=True))
    op.add_column("client", sa.Column("last_attempt_on", sa.Date(), nullable=True))
    op.execute(_RECOUNT)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_FUNCTION)
        op.execute(_POSTGRES_TRIGGER)
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER touch_keeps_client_days ON touch")
        op.execute("DROP FUNCTION touch_keeps_client_days()")
    else:
        for name in _SQLITE_DROPS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_column("last_attempt_on")
        batch_op.drop_column("last_counting_on")
