"""The read door's fast path on PostgreSQL: psycopg directly, without SQLAlchemy.

Importing SQLAlchemy and building its engine was about 0.44 s of `cadence due` on
PostgreSQL, most of the stack's import floor (benchmarks/README.md). A store already at
alembic head needs neither migrations nor the ORM to be read: this door connects with
psycopg as SQLAlchemy's psycopg dialect would (the same connection arguments from the same
URL, `connect_timeout`, `SET jit = off`), opens the same REPEATABLE READ transaction with
the same lock timeout, and runs the portable SQL of `reads` and `facts` with its `:name`
parameters rewritten in psycopg's `%(name)s` style.

Any doubt (a URL this module does not parse exactly as SQLAlchemy would, a store that is not
current, an error reading its revision) returns None, and `doors.reading` goes through
SQLAlchemy, which upgrades, refuses or explains. Only a server that cannot be reached or
refuses the login is reported from here, in the words SQLAlchemy's path uses: trying again
through SQLAlchemy would only make the user wait for the same timeout twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from cadence_cli.errors import translate_db_error
from cadence_cli.store.engine import BUSY_TIMEOUT_MS, Params, Row, bind, conflict_of
from cadence_cli.store.migrations import head_revision
from cadence_cli.store.urls import describe_url, normalise_url

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 10
"""As `alchemy.CONNECT_TIMEOUT_S` (kept equal by a test): how long to wait for a server."""

# SQLAlchemy's URL grammar (sqlalchemy.engine.url._parse_url), for the URLs it would hand to
# psycopg: one host, an optional numeric port, the database, and a query of libpq options.
_URL = re.compile(
    r"""
    postgres(?:ql)?(?:\+psycopg)?://
    (?:(?P<user>[^:/@]*)(?::(?P<password>[^@]*))?@)?
    (?P<host>[^/:?@\[\],]*)
    (?::(?P<port>[0-9]+))?
    (?:/(?P<dbname>[^?]*))?
    (?:\?(?P<query>.*))?
    """,
    re.VERBOSE | re.DOTALL,
)

# `:name` as sqlalchemy.text() reads it (not `::type` casts, not `\:`), and a literal `%`.
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")
_converted: dict[str, str] = {}


def pyformat(sql: str) -> str:
    """`sql` with `:name` parameters as psycopg's `%(name)s` and each literal `%` doubled."""
    found = _converted.get(sql)
    if found is None:
        escaped = sql.replace("%", "%%")
        found = _converted[sql] = _BIND.sub(r"%(\1)s", escaped).replace("\\:", ":")
    return found


def connect_args(target: str) -> dict[str, Any] | None:
    """psycopg's keyword arguments for a PostgreSQL URL, as SQLAlchemy's psycopg dialect
    builds them (user, password and database percent-decoded, the query's options passed
    through, `connect_timeout` unless the URL sets one); None for anything else, including a
    URL SQLAlchemy might read another way (several hosts, an IPv6 host, a repeated option,
    an `@` in the password)."""
    match = _URL.fullmatch(target)
    if match is None or not match["host"]:
        return None
    args: dict[str, Any] = {"host": match["host"]}
    # SQLAlchemy's URL.translate_connect_args leaves out each part that is empty (or 0)
    parts: dict[str, object] = {"user": unquote(match["user"] or "")}
    parts["password"] = unquote(match["password"] or "")
    parts |= {"port": int(match["port"] or 0), "dbname": unquote(match["dbname"] or "")}
    args |= {key: value for key, value in parts.items() if value}
    for key, value in parse_qsl(match["query"] or ""):
        if key in args:
            return None
        args[key] = value
    args.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    return args


class PostgresDb:
    """A read-only transaction on a current PostgreSQL store through psycopg."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Row], where: str) -> None:
        self.conn = conn
        self.where = where

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        import psycopg

        try:
            cursor = self.conn.execute(pyformat(sql), bind(params, sqlite=False))
            return cursor.fetchall() if cursor.description is not None else []
        except psycopg.IntegrityError as exc:
            raise conflict_of(exc) from None
        except psycopg.Error as exc:
            raise translate_db_error(exc, self.where) from None

    def execute(self, sql: str, params: Params | None = None) -> int:
        import psycopg

        try:
            return self.conn.execute(pyformat(sql), bind(params, sqlite=False)).rowcount
        except psycopg.IntegrityError as exc:
            raise conflict_of(exc) from None
        except psycopg.Error as exc:
            raise translate_db_error(exc, self.where) from None

    def executemany(self, sql: str, params: Sequence[Params]) -> None:
        import psycopg

        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(pyformat(sql), [bind(p, sqlite=False) for p in params])
        except psycopg.IntegrityError as exc:
            raise conflict_of(exc) from None
        except psycopg.Error as exc:
            raise translate_db_error(exc, self.where) from None


def postgres_reader(target: str) -> PostgresDb | None:
    """A REPEATABLE READ, read-only transaction on the PostgreSQL store at `target` when it is
    already current; None when SQLAlchemy's path must decide (see the module's doc)."""
    args = connect_args(target)
    if args is None:
        return None
    try:
        import psycopg
    except ImportError:  # the driver's absence is explained by SQLAlchemy's path
        return None
    where = describe_url(normalise_url(target))  # as SQLAlchemy's path names it
    try:
        conn = psycopg.connect(**args)
    except psycopg.OperationalError as exc:
        raise translate_db_error(exc, where) from None
    except psycopg.Error:
        return None
    try:
        with conn.cursor() as cursor:  # a session setting, as `alchemy._jit_off`
            cursor.execute("SET jit = off")
        conn.commit()
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        conn.execute(f"SET LOCAL lock_timeout = {int(BUSY_TIMEOUT_MS)}")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except psycopg.Error:
        conn.close()
        return None
    if version != (head_revision(),):
        conn.close()
        return None
    return PostgresDb(conn, where)
