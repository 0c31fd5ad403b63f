"""What every store transaction speaks: the `Db` protocol, and its sqlite3 fast path.

`doors.reading` and `doors.writing` each yield a `Db`: plain SQL text with named `:params`
in, tuples out, on either driver. On a SQLite store that is already current and in WAL mode,
the standard library's sqlite3 runs it (`sqlite_transaction`) and SQLAlchemy is never
imported (SQLAlchemy and SQLModel are about four fifths of the stack's import floor,
benchmarks/README.md); `alchemy.AlchemyDb` is the same protocol on a SQLAlchemy connection.

The one difference between the drivers, how days and instants are bound and read, is
smoothed here (`as_day`, `as_instant`): days are ISO text on SQLite and `date` on PostgreSQL;
instants are naive UTC on both (ISO text on SQLite).
"""

from __future__ import annotations

import functools
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from cadence_cli.core.dates import Interval, parse_interval
from cadence_cli.errors import Conflict, StoreError, translate_db_error
from cadence_cli.store.migrations import head_revision

BUSY_TIMEOUT_MS = 10_000
"""How long any cadence waits for another one's lock before saying the store is busy."""

Row = tuple[Any, ...]
Params = Mapping[str, object]


class Db(Protocol):
    """One open transaction on a store: the only thing `reads`, `writes` and `bulk` take."""

    dialect: str
    """"sqlite" or "postgresql": for the few statements that differ (locks, sequences)."""

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        """Run one statement (a SELECT, or a write with RETURNING) and return its rows."""
        ...

    def execute(self, sql: str, params: Params | None = None) -> int:
        """Run one write; returns how many rows it changed."""
        ...

    def executemany(self, sql: str, params: Sequence[Params]) -> None:
        """Run one write for each parameter set (bulk import)."""
        ...


def as_day(value: date | str) -> date:
    """A day column's value on either store."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise unreadable_book("a date cadence cannot read") from None


def as_instant(value: datetime | str) -> datetime:
    """An instant column's value (stored as naive UTC) as an aware datetime."""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise unreadable_book("a time cadence cannot read") from None
    return moment.replace(tzinfo=UTC)


def interval_reader() -> Callable[[str], Interval]:
    """`parse_interval` remembering what it parsed, for one read of many rows: a big book
    spells its intervals (`1w`, `3m`…) a few ways thousands of times."""
    intervals: dict[str, Interval] = {}

    def interval(text: str) -> Interval:
        found = intervals.get(text)
        if found is None:
            found = intervals[text] = parse_interval(text)
        return found

    return interval


def unreadable_book(what: str) -> StoreError:
    """A value no cadence writes (an impossible date, a client in a tier that is gone): the
    book was changed by another program. Said without the value, which is the user's data."""
    return StoreError(
        f"the book holds {what}: was it changed by another program?",
        hint="restore a backup (`cadence db backup` makes them), or correct that row",
    )


def bind(params: Params | None, *, sqlite: bool) -> dict[str, object]:
    """Instants become naive UTC (the columns' meaning on both stores); on SQLite, days and
    instants are bound as the ISO text SQLAlchemy has always written there (sqlite3's own
    date adapters are deprecated)."""
    if not params:
        return {}
    # One type test per value: an import binds half a million rows (a datetime is a date).
    return {
        key: _bound(key, value, sqlite) if isinstance(value, date) else value
        for key, value in params.items()
    }


def _bound(key: str, value: date, sqlite: bool) -> object:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime bound to {key}")
        return _utc(value, value.fold, sqlite)
    return value.isoformat() if sqlite else value


@functools.lru_cache(maxsize=1024)
def _utc(moment: datetime, fold: int, sqlite: bool) -> datetime | str:
    """An aware instant as naive UTC (ISO text on SQLite). Remembered: a command stamps every
    row it writes with the same instant, and converting it took 4 µs a time (an import of
    100,000 contacts binds 280,000 of them). `fold` is part of the key because two times of
    one zone compare by their wall clock alone: 01:30 before and after the clocks go back
    are equal datetimes, an hour apart."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    return naive.isoformat(sep=" ", timespec="microseconds") if sqlite else naive


class SqliteDb:
    """A transaction on a current SQLite store through the standard library."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, where: str) -> None:
        self.conn = conn
        self.where = where

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        try:
            return self.conn.execute(sql, bind(params, sqlite=True)).fetchall()
        except sqlite3.Error as exc:
            raise translated(exc, self.where) from None

    def execute(self, sql: str, params: Params | None = None) -> int:
        try:
            return self.conn.execute(sql, bind(params, sqlite=True)).rowcount
        except sqlite3.Error as exc:
            raise translated(exc, self.where) from None

    def executemany(self, sql: str, params: Sequence[Params]) -> None:
        try:
            self.conn.executemany(sql, [bind(p, sqlite=True) for p in params])
        except sqlite3.Error as exc:
            raise translated(exc, self.where) from None


def translated(exc: sqlite3.Error, where: str) -> Exception:
    if isinstance(exc, sqlite3.IntegrityError):
        return conflict_of(exc)
    return translate_db_error(exc, where)


def conflict_of(exc: BaseException) -> Conflict:
    """A constraint the book enforces, in words (never the driver's text: it holds SQL and
    stored values). The usual one is another writer adding the same email a moment ago."""
    if "email_key" in str(exc):
        return Conflict(
            "another client already has this email address; nothing was changed",
            hint="`cadence show EMAIL` finds that client",
        )
    return Conflict("the change conflicts with the book; nothing was changed")


def sqlite_transaction(target: str, *, write: bool) -> SqliteDb | None:
    """Open `target` with sqlite3 and begin if it is an existing, current, WAL-mode store.

    A reader is `query_only`, so nothing through it can change the file; its first SELECT
    starts the snapshot every later query shares. A writer takes the write lock up front
    (BEGIN IMMEDIATE). Any doubt returns None: the SQLAlchemy path then decides.
    """
    if "://" in target:
        return None
    try:
        path = Path(target).expanduser().absolute()
        if not path.is_file():
            return None
        conn = connect_sqlite(path)
    except (OSError, RuntimeError, ValueError, sqlite3.Error):  # no home, too long, NUL…
        return None
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            conn.close()
            return None
        if write:
            conn.execute("PRAGMA foreign_keys = ON")  # only outside a transaction
            conn.execute("PRAGMA synchronous = NORMAL")
            begin_immediate(conn)
        else:
            conn.execute("PRAGMA query_only = 1")
            conn.execute("BEGIN")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        if write and _is_busy(exc):
            raise translate_db_error(exc, str(path)) from None
        return None
    if version != (head_revision(),):
        conn.close()
        return None
    return SqliteDb(conn, str(path))


def connect_sqlite(path: Path) -> sqlite3.Connection:
    """A sqlite3 connection in autocommit mode: transactions are begun explicitly."""
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def begin_immediate(conn: sqlite3.Connection) -> None:
    """Take SQLite's write lock (BEGIN IMMEDIATE), trying every few milliseconds for up to
    BUSY_TIMEOUT_MS.

    SQLite's own busy handler backs off to one try per 100 ms. When several processes write
    in a tight loop, a waiter polling that slowly keeps missing the short gaps between their
    transactions and can starve past the timeout: the 8-process concurrency test saw "busy"
    on a loaded machine. Trying often, at random moments, gives every waiter its turn.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(random.uniform(0.001, 0.01))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def chunks(values: Sequence[Any], size: int = 900) -> Iterable[Sequence[Any]]:
    """Slices small enough for one `IN (…)` list (SQLite allows 999 parameters before 3.32)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def in_list(name: str, values: Sequence[object]) -> tuple[str, dict[str, object]]:
    """`(:name_0, :name_1, …)` and its parameters, for `x IN (…)` on both drivers."""
    keys = [f"{name}_{i}" for i in range(len(values))]
    return "(" + ", ".join(f":{k}" for k in keys) + ")", dict(zip(keys, values, strict=True))


def id_lists(
    ids: Sequence[int], *, db: Db, name: str = "ids"
) -> Iterable[tuple[str, dict[str, object]]]:
    """`= ANY(:ids)` with one array on PostgreSQL, else `IN (…)` lists of at most 900, each
    with its parameters: the rows of a big list (20,000 due clients' contact points) in one
    query where the driver can bind an array, instead of one query per 900 (0.7 s → 0.1 s
    on PostgreSQL, mostly psycopg rewriting 900 named parameters per query)."""
    if db.dialect == "postgresql":
        yield f"= ANY(:{name})", {name: list(ids)}
        return
    for chunk in chunks(ids):
        listing, params = in_list(name, chunk)
        yield f"IN {listing}", params


def like_escaped(text: str) -> str:
    """`text` matched literally by LIKE … ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
