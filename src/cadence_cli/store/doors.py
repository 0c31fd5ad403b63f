"""The two doors into a store: `reading(target)` and `writing(target)`, one transaction each.

On a current SQLite store in WAL mode the transaction is sqlite3's (`engine`), and a read of
a current PostgreSQL store is psycopg's (`postgres`), so the daily commands never import
SQLAlchemy; anything else goes through `alchemy.open_store`, which
upgrades or refuses the store, and runs the same SQL on its connection. Only the write door
creates a book; the read door says there is none (a mistyped --db must not make one).
"""

from __future__ import annotations

import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cadence_cli.errors import StoreError
from cadence_cli.store.engine import Db, SqliteDb, sqlite_transaction, translated

if TYPE_CHECKING:
    from cadence_cli.store.postgres import PostgresDb


@dataclass(slots=True)
class WriteState:
    """What this process's write doors have done, for the Ctrl-C message: a change that was
    committed must never be reported as rolled back (issue 18.7)."""

    saved: int = 0  # write transactions committed
    rolled_back: int = 0  # write transactions an error or Ctrl-C ended


WRITES = WriteState()


@contextmanager
def _commit_uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C (and a polite kill) from just before COMMIT until `WRITES` says it happened.

    A signal that arrives meanwhile is delivered when the block ends, so it always finds the
    count right: the commit either did not start (rolled back) or is counted (saved).
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def reading(target: str) -> Iterator[Db]:
    """A consistent read-only view of the store at `target` (a path or a URL): one snapshot
    that every query of the command shares."""
    fast: SqliteDb | PostgresDb | None = sqlite_transaction(target, write=False)
    if fast is None and target.startswith(
        ("postgresql://", "postgres://", "postgresql+psycopg://")
    ):
        from cadence_cli.store.postgres import postgres_reader

        fast = postgres_reader(target)
    if fast is None:
        with _through_sqlalchemy(target, write=False, create=False, on_created=None) as db:
            yield db
        return
    try:
        yield fast
    finally:
        fast.conn.close()  # a read-only transaction: closing ends it


@contextmanager
def writing(
    target: str, *, creates: bool = True, on_created: Callable[[str], None] | None = None
) -> Iterator[Db]:
    """One write transaction on the store at `target`: committed at the end, rolled back on
    any error (Ctrl-C included), so a command changes all it meant to or nothing.

    A missing store is created first, unless `creates` is False (a change to what a new book
    cannot hold yet: it is refused as no book, and none is made); `on_created` is then told
    where (the CLI says so once).
    """
    fast = sqlite_transaction(target, write=True)
    if fast is None:
        with ExitStack() as held:
            with _through_sqlalchemy(
                target, write=True, create=creates, on_created=on_created
            ) as db:
                try:
                    yield db
                except BaseException:
                    WRITES.rolled_back += 1  # the transaction's exit rolls it back
                    raise
                held.enter_context(_commit_uninterrupted())  # until counted below
            WRITES.saved += 1
        return
    try:
        opened = _identity(fast.where)
        try:
            yield fast
        except BaseException:
            WRITES.rolled_back += 1
            fast.conn.rollback()
            raise
        with _commit_uninterrupted():
            try:
                fast.conn.commit()
            except sqlite3.Error as exc:
                fast.conn.rollback()
                raise translated(exc, fast.where) from None
            WRITES.saved += 1
        if _identity(fast.where) != opened:
            raise _lost_with_the_file(fast.where)
    finally:
        fast.conn.close()


def _identity(path: str) -> tuple[int, int] | None:
    """Which file is at `path` now (device, inode), or None when there is none."""
    try:
        found = Path(path).stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _lost_with_the_file(path: str) -> StoreError:
    """SQLite writes to the file it opened: when the book was deleted or replaced meanwhile,
    the commit "succeeds" into a file no one will open again. Say so (issue 18.13)."""
    return StoreError(
        f"the book at {path} was deleted or replaced while this command wrote to it: "
        "the change went to the old file and is lost",
        hint="restore the book from a backup, then run the command again",
    )


@contextmanager
def _through_sqlalchemy(
    target: str, *, write: bool, create: bool, on_created: Callable[[str], None] | None
) -> Iterator[Db]:
    """The other way in: create (for a write that may), upgrade or refuse the store, then
    one transaction on it."""
    from cadence_cli.store.alchemy import open_store

    store = open_store(target, create=create)
    try:
        if store.created and on_created is not None:
            on_created(store.where)
        with store.transaction(write=write) as db:
            yield db
    finally:
        store.close()
