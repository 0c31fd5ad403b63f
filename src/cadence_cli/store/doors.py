"""The two doors into a store: `reading(target)` and `writing(target)`, one transaction each.

On a current SQLite store in WAL mode the transaction is sqlite3's (`engine`), so the daily
commands never import SQLAlchemy; anything else goes through `alchemy.open_store`, which
creates, upgrades or refuses the store, and runs the same SQL on its connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from cadence_cli.store.engine import Db, sqlite_transaction, translated


@contextmanager
def reading(target: str) -> Iterator[Db]:
    """A consistent read-only view of the store at `target` (a path or a URL): one snapshot
    that every query of the command shares."""
    fast = sqlite_transaction(target, write=False)
    if fast is None:
        with _through_sqlalchemy(target, write=False) as db:
            yield db
        return
    try:
        yield fast
    finally:
        fast.conn.close()  # a read-only transaction: closing ends it


@contextmanager
def writing(target: str) -> Iterator[Db]:
    """One write transaction on the store at `target`: committed at the end, rolled back on
    any error (Ctrl-C included), so a command changes all it meant to or nothing."""
    fast = sqlite_transaction(target, write=True)
    if fast is None:
        with _through_sqlalchemy(target, write=True) as db:
            yield db
        return
    try:
        try:
            yield fast
        except BaseException:
            fast.conn.rollback()
            raise
        try:
            fast.conn.commit()
        except sqlite3.Error as exc:
            fast.conn.rollback()
            raise translated(exc, fast.where) from None
    finally:
        fast.conn.close()


@contextmanager
def _through_sqlalchemy(target: str, *, write: bool) -> Iterator[Db]:
    """The other way in: create, upgrade or refuse the store, then one transaction on it."""
    from cadence_cli.store.alchemy import open_store

    store = open_store(target)
    try:
        with store.transaction(write=write) as db:
            yield db
    finally:
        store.close()
