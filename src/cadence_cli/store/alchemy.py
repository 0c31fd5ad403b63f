"""The SQLAlchemy side of the store: create, upgrade and open any store, and PostgreSQL.

`doors.reading` and `doors.writing` come here only when the sqlite3 fast path cannot
serve: a store that does not exist yet (created only for a write: a read says there is no
book), one that is behind (Alembic upgrades it under a lock), a PostgreSQL URL, or a file
that is not a current cadence store (refused, untouched). A transaction here yields the
same `Db` as the fast path, so every read and write is written once. Also here: WAL mode,
the migration lock, and `db backup`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from cadence_cli.errors import (
    CadenceError,
    Conflict,
    InvalidInput,
    NoBook,
    NotFound,
    StoreError,
    StoreTooNew,
    translate_db_error,
)
from cadence_cli.store import engine as doors
from cadence_cli.store import migrations
from cadence_cli.store.engine import Params, Row, begin_immediate, bind
from cadence_cli.store.urls import describe_url, normalise_url

CONNECT_TIMEOUT_S = 10
"""A database server that does not answer is reported after this, not waited on forever."""


# ---------------------------------------------------------------------------------------------
# Opening a store


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def _create_private_file(path: Path) -> None:
    """A new store: its folder 0700 (if we create it) and the file 0600, before SQLite opens it."""
    hint = "choose a writable location with --db or CADENCE_DB"
    try:
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a cadence store", hint="give a file path")
        if path.exists():
            if not path.is_file():  # a FIFO or a device: SQLite would hang or fail obscurely
                raise StoreError(
                    f"{path} is not a regular file, so it cannot be a cadence book",
                    hint="give the path of a book, or of a new file",
                )
            return
        if path.parent.exists() and not path.parent.is_dir():
            message = f"cannot create the store at {path}: {path.parent} is a file"
            raise StoreError(message, hint=hint)
        _make_private_folders(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return  # another cadence created it a moment ago
    except OSError as exc:
        message = f"cannot create the store at {path}: {exc.strerror or exc}"
        raise StoreError(message, hint=hint) from None


def _make_private_folders(folder: Path) -> None:
    """Every folder cadence creates on the way to a new store is 0700, whatever the umask
    (`mkdir(parents=True)` gives the parents the umask's mode: 0777 under umask 000)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)
        made.chmod(0o700)  # mkdir's mode is also filtered by the umask


def _configure_sqlite(engine: Engine) -> None:
    """Busy timeout so two terminals never fail; explicit BEGIN so writers lock early. (WAL is
    switched on by `use_wal`, only once the file is known to be a cadence store.)

    pysqlite's own transaction handling starts transactions lazily and cannot take the write
    lock up front; a writer that upgrades later can hit SQLITE_BUSY_SNAPSHOT, which the busy
    handler does not retry. So we emit BEGIN ourselves (IMMEDIATE for writes).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {doors.BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("cadence_write", False):
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            begin_immediate(raw)
        else:
            conn.exec_driver_sql("BEGIN")


@dataclass
class Store:
    """An open, current store. `transaction()` is the only way to its data."""

    url: str
    engine: Engine
    created: bool = False
    """True when opening it made the book (the schema in a new file or an empty database)."""

    @property
    def where(self) -> str:
        """How messages name the store: a SQLite file's path, else the URL without password."""
        path = sqlite_path(self.url)
        return str(path) if path is not None else describe_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[AlchemyDb]:
        """One command = one transaction: committed at the end, rolled back on any error.

        A read-only one sees one snapshot throughout: SQLite's deferred BEGIN gives that, and
        PostgreSQL needs REPEATABLE READ (under READ COMMITTED a teammate's commit could land
        between two queries of one report, which then disagree).
        """
        options: dict[str, object] = {"cadence_write": write}
        if not write and self.engine.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        try:
            with self.engine.connect() as conn, conn.execution_options(**options).begin():
                if self.engine.dialect.name == "postgresql":
                    # as long as SQLite waits for a lock, then "busy" (a table lock held by a
                    # teammate's upgrade or a stuck session used to make `log` wait forever)
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(doors.BUSY_TIMEOUT_MS)}")
                yield AlchemyDb(conn)
        except IntegrityError as exc:
            raise doors.conflict_of(exc) from None
        except (OperationalError, DBAPIError, sqlite3.Error) as exc:
            raise translate_db_error(exc, self.where) from None

    def close(self) -> None:
        self.engine.dispose()


def no_book(where: str) -> NoBook:
    """A read of a book that was never made: a mistyped --db must not make an empty one."""
    return NoBook(
        f"no book at {where}: `cadence add NAME` or `cadence import FILE` starts one",
        hint="or check --db and CADENCE_DB",
    )


def not_a_book(where: str, what: str) -> StoreError:
    """A file or database that holds something else: refused untouched, and not called
    damaged (restoring a backup over someone's other file would be the wrong advice)."""
    return StoreError(
        f"{where} is not a cadence book ({what}); it was not touched",
        hint="point --db or CADENCE_DB at your book, or at a new file to start one",
    )


SQLITE_HEADER = b"SQLite format 3\x00"


def _is_foreign_file(path: Path, exc: BaseException) -> bool:
    """SQLite says "file is not a database" both for a text file and for a book whose header
    is cut or overwritten: only a file that does not start as SQLite is someone else's."""
    if "not a database" not in str(getattr(exc, "orig", exc)).lower():
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER
    except OSError:
        return False


def open_store(target: str, *, create: bool) -> Store:
    """Open the store at a path or SQLAlchemy URL, upgraded to head.

    Only a command that writes passes `create=True`: then a missing file, an empty file or a
    database without tables becomes a new book (`Store.created`). A read refuses them with
    `no_book`, and leaves no file or folder behind.
    """
    try:
        url = normalise_url(target)
        path = sqlite_path(url)
    except (sa.exc.ArgumentError, ValueError):
        raise InvalidInput(
            "cannot read the database address given by --db or CADENCE_DB",
            hint="give a file path or a URL such as postgresql+psycopg://user@host/db",
        ) from None
    if path is not None:
        if not create and not path.exists():
            raise no_book(str(path))
        _create_private_file(path)
    try:
        if path is not None:
            engine = sa.create_engine(url, connect_args={"timeout": doors.BUSY_TIMEOUT_MS / 1000})
            _configure_sqlite(engine)
        else:
            server = url.startswith("postgresql") and "connect_timeout" not in url
            engine = sa.create_engine(
                url,
                pool_pre_ping=False,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_S} if server else {},
            )
            if url.startswith("postgresql"):
                sa.event.listen(engine, "connect", _jit_off)
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"the driver for {describe_url(url)} is not installed ({exc.name})",
            hint="pip install 'cadence-cli[postgres]'",
        ) from None
    except (sa.exc.ArgumentError, ValueError):
        raise InvalidInput(
            f"cannot read the database address {describe_url(url)!r}",
            hint="give a file path or a URL such as postgresql+psycopg://user@host/db",
        ) from None
    store = Store(url, engine)
    try:
        store.created = _ensure_schema(store, create=create)
        if path is not None:
            use_wal(store)  # only once the file is known to be a cadence store
    except (OperationalError, DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        if path is not None and _is_foreign_file(path, exc):
            raise not_a_book(store.where, "not a SQLite database") from None
        raise translate_db_error(exc, store.where) from None
    except CadenceError:
        engine.dispose()
        raise
    return store


def _ensure_schema(store: Store, *, create: bool) -> bool:
    """Upgrade a store that is behind; refuse one that is ahead or foreign; make an empty one
    a book only when `create`. True when it made the book. Alembic loads only to upgrade."""
    known = migrations.known_revisions()
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        conn.rollback()
    if current == known[-1]:
        return False
    if current is not None and current not in known:
        raise StoreTooNew(
            f"the store {store.where} was written by a newer cadence (schema {current}); "
            "it was not touched",
            hint="upgrade cadence to use it",
        )
    if current is None and tables - {"alembic_version"}:
        raise not_a_book(store.where, "it holds other tables")
    if current is None and not create:
        raise no_book(store.where)
    return upgrade(store)


def upgrade(store: Store, revision: str = "head") -> bool:
    """Run Alembic migrations in one transaction (imports Alembic: only when needed).

    True when the store had no schema under the lock, so this call made the book: of
    several cadences opening a new book at once, only the one that made it says so.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    with store.engine.execution_options(cadence_write=True).begin() as conn:
        lock_for_migration(conn)  # Alembic then reads the version that is current under the lock
        made = "alembic_version" not in sa.inspect(conn).get_table_names()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return made


def backup(target: str, destination: Path) -> None:
    """Copy the SQLite store at `target` to `destination` (upgraded first, as every command
    does; a missing book is an error, not an empty copy), consistent even while others write."""
    store = open_store(target, create=False)
    try:
        backup_sqlite(store, destination)
    finally:
        store.close()


def backup_sqlite(store: Store, destination: Path) -> None:
    """A consistent copy with SQLite's online backup API, safe while others write."""
    source_path = sqlite_path(store.url)
    if source_path is None:
        raise InvalidInput(
            "db backup copies SQLite stores; for PostgreSQL use pg_dump",
            hint="or `cadence export --format json`",
        )
    created = False
    try:
        if destination.is_dir():
            raise InvalidInput(f"{destination} is a directory", hint="give a file name")
        if destination.exists():
            raise Conflict(f"{destination} already exists", hint="choose a new file name")
        os.close(os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        created = True
        src = sqlite3.connect(source_path)
        try:
            dst = sqlite3.connect(destination)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        destination.chmod(stat.S_IRUSR | stat.S_IWUSR)
        created = False  # complete: keep it
    except FileNotFoundError:
        raise NotFound(
            f"folder {destination.parent} does not exist",
            hint="create it first, or give a file in an existing folder",
        ) from None
    except FileExistsError:
        raise Conflict(f"{destination} already exists", hint="choose a new file name") from None
    except OSError as exc:
        raise StoreError(
            f"cannot write {destination}: {exc.strerror or exc}", hint="choose another place"
        ) from None
    except sqlite3.Error as exc:
        raise translate_db_error(exc, str(destination)) from None
    finally:
        if created:  # a half-written copy (and SQLite's journal of it) must not stay
            for leftover in ("", "-journal", "-wal", "-shm"):
                destination.with_name(destination.name + leftover).unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# ---- concurrency: WAL and migrations under many processes

MIGRATION_LOCK_KEY = 0x636164656E6365  # "cadence": one PostgreSQL advisory lock for upgrades


def use_wal(store: Store) -> None:
    """Put a SQLite store in WAL mode (persistent), so readers never block the writer.

    Called only after the schema check: a file that is not ours, or is from a newer cadence,
    is refused byte for byte untouched. If the switch cannot be made now (another process holds
    the store, or the file is read-only) it is left to a later command: reads still work.
    """
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() != "wal":
            with suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    finally:
        raw.close()


def _jit_off(dbapi_connection: Any, _record: object) -> None:
    """PostgreSQL's JIT compiler spent ~0.8 s of a 2.5 s `client_facts` query on the 100k
    book, and saves nothing on queries that read a few index entries per client. (A session
    setting, not `options` in the connection arguments: that would replace the URL's own.)"""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET jit = off")
    finally:
        cursor.close()
    dbapi_connection.commit()


def lock_for_migration(conn: sa.Connection) -> None:
    """Serialise upgrades: teammates whose first command after an upgrade of cadence start at
    the same moment must not all run the same DDL (the losers used to fail on duplicate
    tables). SQLite already holds its write lock (BEGIN IMMEDIATE); PostgreSQL takes a
    transaction-scoped advisory lock, released at commit.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")


class AlchemyDb:
    """The `Db` of a SQLAlchemy connection. Errors are left to the transaction that owns it
    (`Store.transaction`), which translates them once."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        self._sqlite = self.dialect == "sqlite"

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        result = self._run(sql, bind(params, sqlite=self._sqlite))
        return [tuple(row) for row in result] if result.returns_rows else []

    def execute(self, sql: str, params: Params | None = None) -> int:
        return int(self._run(sql, bind(params, sqlite=self._sqlite)).rowcount)

    def _run(
        self, sql: str, params: dict[str, object] | list[dict[str, object]]
    ) -> sa.CursorResult[Any]:
        """One statement, or one per row of a list. sqlite3 takes `:name` parameters itself,
        so on SQLite the SQL goes to the driver as written: `text()` parses every statement
        for its parameters again, and builds every row's parameters again (an import's
        `IN (:p0, …, :p999)` look-ups made 200,000 parses, about 1 s of 24; its rows 4 s of
        20)."""
        if self._sqlite:
            return self.conn.exec_driver_sql(sql, params)
        return self.conn.execute(sa.text(sql), params)

    def executemany(self, sql: str, params: Sequence[Params]) -> None:
        if params:
            self._run(sql, [bind(p, sqlite=self._sqlite) for p in params])
