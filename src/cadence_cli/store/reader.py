"""A read-only snapshot of a store, the fast way: plain SQL in, tuples out.

`cadence due` runs every morning and must feel instant, yet SQLAlchemy and SQLModel are about
four fifths of the stack's import floor (benchmarks/README.md). So on a SQLite store that is
already current, the daily reads (`queries.py`) run through the standard library's sqlite3
and the ORM is never imported. On PostgreSQL, on a store that must first be created or
upgraded, and inside a store transaction, the same SQL text runs through SQLAlchemy.

The SQL is written once for both: named `:params`, portable syntax. The one difference,
days coming back as ISO text from SQLite and as `date` from PostgreSQL, is smoothed by
`as_day`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cadence_cli.errors import translate_db_error
from cadence_cli.store.migrations import head_revision

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 10_000
"""How long any cadence waits for another one's lock before saying the store is busy."""

Row = tuple[Any, ...]


class Reader(Protocol):
    """Runs one SELECT with named parameters and returns all its rows."""

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> Sequence[Row]: ...


class SqliteReader:
    """A read transaction on a current SQLite store through the standard library."""

    def __init__(self, conn: sqlite3.Connection, where: str) -> None:
        self.conn = conn
        self.where = where

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> Sequence[Row]:
        try:
            return self.conn.execute(sql, _iso_days(params)).fetchall()
        except sqlite3.Error as exc:
            raise translate_db_error(exc, self.where) from None


class ConnectionReader:
    """The same SQL through a SQLAlchemy connection (PostgreSQL, or a store transaction).

    Errors are left to the transaction that owns the connection (`Store.transaction`).
    """

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> Sequence[Row]:
        from sqlalchemy import text

        bound = _iso_days(params) if self.sqlite else dict(params or {})
        return [tuple(row) for row in self.conn.execute(text(sql), bound)]


def session_reader(session: Session) -> Reader:
    """Run `queries` inside an open store transaction (the commands that also write)."""
    return ConnectionReader(session.connection())


def _iso_days(params: Mapping[str, object] | None) -> dict[str, object]:
    """SQLite stores days as ISO text: bind them so (sqlite3's own date adapter is deprecated)."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in (params or {}).items()}


def as_day(value: date | str) -> date:
    """A day column's value on either store."""
    return value if isinstance(value, date) else date.fromisoformat(value)


@contextmanager
def open_reader(target: str) -> Iterator[Reader]:
    """A consistent read-only view of the store at `target` (a path or a URL) for one command.

    A current SQLite file in WAL mode is read through sqlite3. Anything else (a new file, an
    older schema, PostgreSQL, a damaged file) goes through `store.open_store`, which creates,
    upgrades or refuses it with the one message every command gives.
    """
    fast = _sqlite_snapshot(target)
    if fast is not None:
        try:
            yield fast
        finally:
            fast.conn.close()
        return
    from cadence_cli.store.engine import open_store

    store = open_store(target)
    try:
        with store.transaction(write=False) as session:
            yield session_reader(session)
    finally:
        store.close()


def _sqlite_snapshot(target: str) -> SqliteReader | None:
    """Open `target` with sqlite3 if it is an existing, current, WAL-mode cadence store.

    The connection is `query_only`, so nothing here can change the file, and its first SELECT
    starts the read transaction every later query shares. Any doubt returns None.
    """
    if "://" in target:
        return None
    try:
        path = Path(target).expanduser().absolute()
        if not path.is_file():
            return None
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, RuntimeError, ValueError, sqlite3.Error):  # no home, too long, NUL…
        return None
    try:
        conn.execute("PRAGMA query_only = 1")
        mode = conn.execute("PRAGMA journal_mode").fetchone()
        conn.execute("BEGIN")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    if mode is None or str(mode[0]).lower() != "wal" or version != (head_revision(),):
        conn.close()
        return None
    return SqliteReader(conn, str(path))
