"""The store: engine, transactions, schema versions, and queries that return domain records.

Every function that touches data takes a keyword-only `session` and returns records from
`domain` or `schedule`, never table rows, so the commands stay free of SQL. Heavy queries
(the morning list) aggregate in SQL: `client_facts` finds each client's latest counting touch
with one correlated, indexed sub-select instead of loading histories.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, col, func, select

from cadence_cli.core.dates import Interval, YearlyDate, parse_interval
from cadence_cli.core.records import (
    DEFAULT_TIERS,
    Charter,
    ClientChanges,
    ClientDraft,
    ClientInfo,
    DueFilters,
    PromiseInfo,
    TeamMember,
    TierInfo,
    TouchInfo,
)
from cadence_cli.core.schedule import DEFAULT_REVIEW_EVERY, ClientFacts, TouchFact
from cadence_cli.errors import (
    Ambiguous,
    CadenceError,
    Conflict,
    InvalidInput,
    NotFound,
    StoreError,
    StoreTooNew,
    translate_db_error,
)
from cadence_cli.store import migrations
from cadence_cli.store import reads as queries
from cadence_cli.store.models import Client, ClientTag, Milestone, Promise, Tier, Touch
from cadence_cli.store.reader import BUSY_TIMEOUT_MS, session_reader
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
            return
        if path.parent.exists() and not path.parent.is_dir():
            message = f"cannot create the store at {path}: {path.parent} is a file"
            raise StoreError(message, hint=hint)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return  # another cadence created it a moment ago
    except OSError as exc:
        message = f"cannot create the store at {path}: {exc.strerror or exc}"
        raise StoreError(message, hint=hint) from None


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
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("cadence_write", False):
            begin_immediate(conn)
        else:
            conn.exec_driver_sql("BEGIN")


@dataclass
class Store:
    """An open, current store. `transaction()` is the only way to a session."""

    url: str
    engine: Engine

    @property
    def where(self) -> str:
        """How messages name the store: a SQLite file's path, else the URL without password."""
        path = sqlite_path(self.url)
        return str(path) if path is not None else describe_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """One command = one transaction: committed at the end, rolled back on any error.

        A read-only one sees one snapshot throughout: SQLite's deferred BEGIN gives that, and
        PostgreSQL needs REPEATABLE READ (under READ COMMITTED a teammate's commit could land
        between two queries of one report, which then disagree).
        """
        options: dict[str, object] = {"cadence_write": write}
        if not write and self.engine.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        bind = self.engine.execution_options(**options)
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session
        except (OperationalError, DBAPIError) as exc:
            if isinstance(exc, IntegrityError):
                raise Conflict(f"the change conflicts with the book: {exc.orig}") from None
            raise translate_db_error(exc, self.where) from None

    def close(self) -> None:
        self.engine.dispose()


def open_store(target: str) -> Store:
    """Open (creating if needed) the store at a path or SQLAlchemy URL, upgraded to head."""
    try:
        url = normalise_url(target)
        path = sqlite_path(url)
    except (sa.exc.ArgumentError, ValueError):
        raise InvalidInput(
            "cannot read the database address given by --db or CADENCE_DB",
            hint="give a file path or a URL such as postgresql+psycopg://user@host/db",
        ) from None
    if path is not None:
        _create_private_file(path)
    try:
        if path is not None:
            engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _configure_sqlite(engine)
        else:
            server = url.startswith("postgresql") and "connect_timeout" not in url
            engine = sa.create_engine(
                url,
                pool_pre_ping=False,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_S} if server else {},
            )
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
        _ensure_schema(store)
        if path is not None:
            use_wal(store)  # only once the file is known to be a cadence store
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise translate_db_error(exc, store.where) from None
    except CadenceError:
        engine.dispose()
        raise
    return store


def _ensure_schema(store: Store) -> None:
    """Upgrade a store that is behind; refuse one that is ahead. Alembic loads only to upgrade."""
    known = migrations.known_revisions()
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        conn.rollback()
    if current == known[-1]:
        return
    if current is not None and current not in known:
        raise StoreTooNew(
            f"the store {store.where} was written by a newer cadence (schema {current}); "
            "it was not touched",
            hint="upgrade cadence to use it",
        )
    if current is None and tables - {"alembic_version"}:
        raise StoreError(
            f"{store.where} holds tables that are not a cadence store; it was not touched",
            hint="point --db at a new file",
        )
    upgrade(store)


def upgrade(store: Store, revision: str = "head") -> None:
    """Run Alembic migrations in one transaction (imports Alembic: only when needed)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    with store.engine.execution_options(cadence_write=True).begin() as conn:
        lock_for_migration(conn)  # Alembic then reads the version that is current under the lock
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def schema_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return None if value is None else str(value)


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
        if created:  # a half-written copy must not pass for a backup
            destination.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Tiers


def _tier_info(row: Tier) -> TierInfo:
    assert row.id is not None
    return TierInfo(
        id=row.id,
        name=row.name,
        rank=row.rank,
        every=parse_interval(row.every),
        reactive_after=parse_interval(row.reactive_after),
        description=row.description,
    )


def seed_default_tiers(*, session: Session) -> None:
    for rank, (name, every, reactive_after, description) in enumerate(DEFAULT_TIERS, start=1):
        session.add(
            Tier(
                name=name,
                name_key=name.casefold(),
                rank=rank,
                every=every,
                reactive_after=reactive_after,
                description=description,
            )
        )


def list_tiers(*, session: Session) -> list[TierInfo]:
    return queries.tiers(reader=session_reader(session))


def _tier_row(name: str, *, session: Session) -> Tier:
    row = session.exec(select(Tier).where(Tier.name_key == name.strip().casefold())).first()
    if row is None:
        names = ", ".join(t.name for t in list_tiers(session=session))
        raise NotFound(f"no tier named {name!r}", hint=f"tiers are: {names}")
    return row


def get_tier(name: str, *, session: Session) -> TierInfo:
    return _tier_info(_tier_row(name, session=session))


def default_tier(*, session: Session) -> TierInfo:
    """New clients go to the lowest-ranked tier (C in a new book)."""
    tiers = list_tiers(session=session)
    if not tiers:
        raise Conflict("the book has no tiers", hint="define one with `cadence tier define`")
    return tiers[-1]


def define_tier(
    name: str,
    *,
    session: Session,
    every: Interval,
    reactive_after: Interval,
    description: str | None = None,
    rank: int | None = None,
) -> tuple[TierInfo, bool]:
    """Create a tier or redefine an existing one. Returns (tier, created)."""
    clean = name.strip()
    if (
        not clean
        or len(clean) > 40
        or not all(ch.isprintable() and not ch.isspace() for ch in clean)
    ):
        raise InvalidInput(f"bad tier name {name!r}", hint="use a short name without spaces")
    _check_text("description", description, 500)
    row = session.exec(select(Tier).where(Tier.name_key == clean.casefold())).first()
    created = row is None
    if row is None:
        last = session.exec(select(func.max(Tier.rank))).one()
        row = Tier(
            name=clean,
            name_key=clean.casefold(),
            rank=rank if rank is not None else (last or 0) + 1,
            every=str(every),
            reactive_after=str(reactive_after),
            description=description or "",
        )
    else:
        row.every = str(every)
        row.reactive_after = str(reactive_after)
        if description is not None:
            row.description = description
        if rank is not None:
            row.rank = rank
    session.add(row)
    session.flush()
    return _tier_info(row), created


def delete_tier(name: str, *, session: Session, move_to: str | None) -> int:
    """Delete a tier, moving its clients (archived ones too) to `move_to`. Returns moved count."""
    row = _tier_row(name, session=session)
    count = session.exec(select(func.count()).where(Client.tier_id == row.id)).one()
    if count and move_to is None:
        raise Conflict(
            f"tier {row.name} still has {count} client{'s' if count != 1 else ''}",
            hint=f"move them with `cadence tier delete {row.name} --move-to OTHER`",
        )
    if move_to is not None:
        target = _tier_row(move_to, session=session)
        if target.id == row.id:
            raise InvalidInput("--move-to must name another tier")
        session.execute(
            sa.update(Client).where(col(Client.tier_id) == row.id).values(tier_id=target.id)
        )
    if len(list_tiers(session=session)) == 1:
        raise Conflict("cannot delete the last tier", hint="define another tier first")
    session.delete(row)
    session.flush()
    return int(count)


def tier_client_counts(*, session: Session) -> dict[int, int]:
    rows = session.exec(
        select(Client.tier_id, func.count())
        .where(Client.status == "active")
        .group_by(col(Client.tier_id))
    ).all()
    return {tier_id: int(n) for tier_id, n in rows}


# ---------------------------------------------------------------------------------------------
# Clients


def _clean(value: str | None) -> str | None:
    """Strip; empty means 'no value'."""
    if value is None:
        return None
    cleaned = value.strip()
    return cleaned or None


def _check_text(label: str, value: str | None, limit: int) -> None:
    if value is None:
        return
    if len(value) > limit:
        raise InvalidInput(f"{label} is too long ({len(value)} characters; at most {limit})")
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in value):
        raise InvalidInput(f"{label} contains control characters", hint="remove them")


def _check_email(email: str | None) -> None:
    if email is not None and ("@" not in email or any(ch.isspace() for ch in email)):
        raise InvalidInput(f"not an email address: {email!r}")


def _validate_client_fields(
    *,
    name: str | None,
    email: str | None,
    phone: str | None,
    company: str | None,
    owner: str | None,
    notes: str | None,
) -> None:
    _check_text("name", name, 200)
    _check_text("email", email, 320)
    _check_text("phone", phone, 60)
    _check_text("company", company, 200)
    _check_text("owner", owner, 100)
    _check_text("note", notes, 10_000)
    _check_email(email)


def _clean_tags(tags: Sequence[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        value = tag.strip().lower()
        if not value:
            continue
        _check_text("tag", value, 60)
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def add_client(draft: ClientDraft, *, session: Session, today: date) -> ClientInfo:
    name = _clean(draft.name)
    if name is None:
        raise InvalidInput("a client needs a name")
    email, phone = _clean(draft.email), _clean(draft.phone)
    company, owner, notes = _clean(draft.company), _clean(draft.owner), _clean(draft.notes)
    _validate_client_fields(
        name=name, email=email, phone=phone, company=company, owner=owner, notes=notes
    )
    tier = (
        _tier_row(draft.tier, session=session)
        if draft.tier
        else _tier_row(default_tier(session=session).name, session=session)
    )
    row = Client(
        name=name,
        name_key=name.casefold(),
        tier_id=tier.id or 0,
        email=email,
        email_key=email.casefold() if email else None,
        phone=phone,
        company=company,
        owner=owner,
        notes=notes,
        added_on=today,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for tag in _clean_tags(draft.tags):
        session.add(ClientTag(client_id=row.id, tag=tag))
    _set_milestones(row.id, draft.milestones, session=session)
    session.flush()
    return get_client(row.id, session=session)


def _set_milestones(
    client_id: int, milestones: Sequence[tuple[str, YearlyDate]], *, session: Session
) -> None:
    for label, when in milestones:
        clean_label = label.strip().lower()
        if not clean_label:
            raise InvalidInput("a milestone needs a label", hint="use LABEL=DATE")
        _check_text("milestone label", clean_label, 60)
        existing = session.exec(
            select(Milestone).where(
                Milestone.client_id == client_id, Milestone.label == clean_label
            )
        ).first()
        row = existing or Milestone(client_id=client_id, label=clean_label, month=1, day=1)
        row.month, row.day, row.year = when.month, when.day, when.year
        session.add(row)


def _client_row(client_id: int, *, session: Session) -> Client:
    row = session.get(Client, client_id)
    if row is None:
        raise NotFound(f"no client #{client_id}")
    return row


def edit_client(client_id: int, changes: ClientChanges, *, session: Session) -> ClientInfo:
    row = _client_row(client_id, session=session)
    if changes.name is not None:
        name = _clean(changes.name)
        if name is None:
            raise InvalidInput("a client needs a name")
        row.name, row.name_key = name, name.casefold()
    if changes.tier is not None:
        row.tier_id = _tier_row(changes.tier, session=session).id or row.tier_id
    if changes.email is not None:
        row.email = _clean(changes.email)
        row.email_key = row.email.casefold() if row.email else None
    if changes.phone is not None:
        row.phone = _clean(changes.phone)
    if changes.company is not None:
        row.company = _clean(changes.company)
    if changes.owner is not None:
        row.owner = _clean(changes.owner)
    if changes.notes is not None:
        row.notes = _clean(changes.notes)
    _validate_client_fields(
        name=row.name,
        email=row.email,
        phone=row.phone,
        company=row.company,
        owner=row.owner,
        notes=row.notes,
    )
    session.add(row)
    existing_tags = set(_tags_of([client_id], session=session).get(client_id, ()))
    for tag in _clean_tags(changes.add_tags):
        if tag not in existing_tags:
            session.add(ClientTag(client_id=client_id, tag=tag))
    for tag in _clean_tags(changes.remove_tags):
        if tag not in existing_tags:
            raise NotFound(f"{row.name} has no tag {tag!r}")
        session.execute(
            sa.delete(ClientTag).where(
                col(ClientTag.client_id) == client_id, col(ClientTag.tag) == tag
            )
        )
    _set_milestones(client_id, changes.milestones, session=session)
    for label in changes.remove_milestones:
        found = session.exec(
            select(Milestone).where(
                Milestone.client_id == client_id, Milestone.label == label.strip().lower()
            )
        ).first()
        if found is None:
            raise NotFound(f"{row.name} has no milestone {label!r}")
        session.delete(found)
    session.flush()
    return get_client(client_id, session=session)


def set_tier(client_id: int, tier: str, *, session: Session) -> tuple[str, ClientInfo]:
    """Move a client to a tier; returns the old tier's name and the client."""
    row = _client_row(client_id, session=session)
    old = session.get(Tier, row.tier_id)
    row.tier_id = _tier_row(tier, session=session).id or row.tier_id
    session.add(row)
    session.flush()
    return (old.name if old else "?"), get_client(client_id, session=session)


def set_snooze(client_id: int, until: date | None, *, session: Session) -> ClientInfo:
    row = _client_row(client_id, session=session)
    row.snoozed_until = until
    session.add(row)
    session.flush()
    return get_client(client_id, session=session)


def archive_client(client_id: int, reason: str, *, session: Session, today: date) -> ClientInfo:
    row = _client_row(client_id, session=session)
    clean = _clean(reason)
    if clean is None:
        raise InvalidInput("archiving needs a reason", hint='e.g. --reason "moved away"')
    _check_text("reason", clean, 1000)
    if row.status == "archived":
        raise Conflict(f"{row.name} is already archived ({row.archived_reason})")
    row.status, row.archived_reason, row.archived_on = "archived", clean, today
    session.add(row)
    session.flush()
    return get_client(client_id, session=session)


def restore_client(client_id: int, *, session: Session) -> ClientInfo:
    row = _client_row(client_id, session=session)
    if row.status != "archived":
        raise Conflict(f"{row.name} is not archived")
    row.status, row.archived_reason, row.archived_on = "active", None, None
    session.add(row)
    session.flush()
    return get_client(client_id, session=session)


def set_charter(client_id: int, charter: Charter | None, *, session: Session) -> ClientInfo:
    row = _client_row(client_id, session=session)
    if charter is None:
        row.charter_every = row.charter_channel = row.charter_note = None
        row.charter_review_every = None
        row.charter_agreed_on = None
    else:
        row.charter_every = str(charter.every)
        row.charter_channel = charter.channel
        row.charter_note = charter.note
        row.charter_review_every = str(charter.review_every)
        row.charter_agreed_on = charter.agreed_on
    session.add(row)
    session.flush()
    return get_client(client_id, session=session)


def _charter_of(row: Client) -> Charter | None:
    if row.charter_every is None or row.charter_agreed_on is None:
        return None
    return Charter(
        every=parse_interval(row.charter_every),
        agreed_on=row.charter_agreed_on,
        review_every=parse_interval(row.charter_review_every)
        if row.charter_review_every
        else DEFAULT_REVIEW_EVERY,
        channel=row.charter_channel,
        note=row.charter_note,
    )


def _tags_of(client_ids: Sequence[int], *, session: Session) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not client_ids:
        return {}
    for chunk in _chunks(client_ids):
        rows = session.exec(
            select(ClientTag.client_id, ClientTag.tag)
            .where(col(ClientTag.client_id).in_(chunk))
            .order_by(col(ClientTag.tag))
        ).all()
        for client_id, tag in rows:
            found[client_id].append(tag)
    return {k: tuple(v) for k, v in found.items()}


def _milestones_of(
    client_ids: Sequence[int], *, session: Session
) -> dict[int, tuple[tuple[str, YearlyDate], ...]]:
    found: dict[int, list[tuple[str, YearlyDate]]] = defaultdict(list)
    for chunk in _chunks(client_ids):
        rows = session.exec(
            select(Milestone)
            .where(col(Milestone.client_id).in_(chunk))
            .order_by(col(Milestone.label))
        ).all()
        for m in rows:
            found[m.client_id].append((m.label, YearlyDate(m.month, m.day, m.year)))
    return {k: tuple(v) for k, v in found.items()}


def _chunks(ids: Sequence[int], size: int = 900) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _client_infos(rows: Sequence[tuple[Client, str]], *, session: Session) -> list[ClientInfo]:
    ids = [row.id for row, _ in rows if row.id is not None]
    tags = _tags_of(ids, session=session)
    milestones = _milestones_of(ids, session=session)
    return [
        ClientInfo(
            id=row.id or 0,
            name=row.name,
            tier=tier_name,
            email=row.email,
            phone=row.phone,
            company=row.company,
            owner=row.owner,
            notes=row.notes,
            status=row.status,
            archived_reason=row.archived_reason,
            snoozed_until=row.snoozed_until,
            added_on=row.added_on,
            tags=tags.get(row.id or 0, ()),
            milestones=milestones.get(row.id or 0, ()),
            charter=_charter_of(row),
        )
        for row, tier_name in rows
    ]


def lock_client(client_id: int, *, session: Session) -> None:
    """Hold the client's row until the transaction ends, so a read-check-write (a review
    answer) cannot interleave with another person's. SQLite writers already hold the
    database lock from BEGIN IMMEDIATE; PostgreSQL needs SELECT … FOR UPDATE."""
    session.execute(sa.select(col(Client.id)).where(col(Client.id) == client_id).with_for_update())


def get_client(client_id: int, *, session: Session) -> ClientInfo:
    row = session.exec(select(Client, Tier.name).join(Tier).where(Client.id == client_id)).first()
    if row is None:
        raise NotFound(f"no client #{client_id}")
    return _client_infos([tuple(row)], session=session)[0]  # type: ignore[list-item]


def _filtered(query: Any, filters: DueFilters, *, session: Session) -> Any:
    if filters.tier is not None:
        query = query.where(Client.tier_id == _tier_row(filters.tier, session=session).id)
    if filters.owner is not None:
        spellings = queries.owner_spellings(filters.owner, reader=session_reader(session))
        query = query.where(col(Client.owner).in_(spellings))
    if filters.tag is not None:
        tagged = select(ClientTag.client_id).where(ClientTag.tag == filters.tag.strip().lower())
        query = query.where(col(Client.id).in_(tagged))
    return query


def list_clients(
    *, session: Session, filters: DueFilters = DueFilters(), archived: bool = False
) -> list[ClientInfo]:
    query = (
        select(Client, Tier.name)
        .join(Tier)
        .where(Client.status == ("archived" if archived else "active"))
        .order_by(col(Tier.rank), col(Client.name_key), col(Client.id))
    )
    rows = session.exec(_filtered(query, filters, session=session)).all()
    return _client_infos([(client, tier) for client, tier in rows], session=session)


def resolve_client(ref: str, *, session: Session, include_archived: bool = True) -> ClientInfo:
    """SPEC: `#12`/`12` (id), an email, an exact name (any case), or an unambiguous part."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty client reference", hint="give a name, email or #id")
    digits = text.removeprefix("#")
    if digits.isdigit():
        row = session.get(Client, int(digits)) if len(digits) < 16 else None
        if row is not None and not include_archived and row.status != "active":
            raise NotFound(
                f"#{row.id} {row.name} is archived",
                hint=f"restore it with `cadence restore '#{row.id}'`",
            )
        if row is not None:
            return get_client(row.id or 0, session=session)
        if text.startswith("#"):
            raise NotFound(f"no client #{digits}", hint="`cadence clients` lists them with ids")
    key = text.casefold()
    base = sa.select(col(Client.id), col(Client.name), col(Client.status))
    if not include_archived:
        base = base.where(col(Client.status) == "active")
    if "@" in key:
        matches = session.execute(base.where(col(Client.email_key) == key)).all()
        if len(matches) == 1:
            return get_client(matches[0][0], session=session)
    exact = session.execute(base.where(col(Client.name_key) == key).order_by(col(Client.id))).all()
    if len(exact) == 1:
        return get_client(exact[0][0], session=session)
    if len(exact) > 1:
        raise _ambiguous(text, exact)
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    partial = session.execute(
        base.where(col(Client.name_key).like(pattern, escape="\\"))
        .order_by(col(Client.id))
        .limit(20)
    ).all()
    active = [m for m in partial if m[2] == "active"]
    if len(partial) == 1:
        return get_client(partial[0][0], session=session)
    if len(active) == 1:
        return get_client(active[0][0], session=session)
    if partial:
        raise _ambiguous(text, partial)
    raise NotFound(f"no client matches {text!r}", hint=_suggest(key, session=session))


def _ambiguous(text: str, rows: Sequence[tuple[int, str, str]]) -> Ambiguous:
    listing = [
        f"#{cid} {name}" + (" (archived)" if status != "active" else "")
        for cid, name, status in rows
    ]
    return Ambiguous(f"{text!r} matches {len(rows)} clients; use the #id", candidates=listing)


def _suggest(key: str, *, session: Session) -> str:
    """Close names by edit similarity, from one light query of names."""
    import difflib

    names = session.exec(select(Client.id, Client.name_key, Client.name).limit(50_000)).all()
    by_key = {name_key: (cid, name) for cid, name_key, name in names}
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
    if not close:
        # also try first names / last names
        words = {w: k for k in by_key for w in k.split()}
        close = [words[w] for w in difflib.get_close_matches(key, list(words), n=3, cutoff=0.7)]
    if not close:
        return "`cadence clients` lists everyone; `cadence add NAME` adds a client"
    shown = ", ".join(f"#{by_key[k][0]} {by_key[k][1]}" for k in dict.fromkeys(close))
    return f"did you mean {shown}?"


def owners(*, session: Session) -> list[str]:
    rows = session.exec(
        select(Client.owner)
        .where(col(Client.owner).is_not(None), Client.status == "active")
        .distinct()
    ).all()
    return sorted({o for o in rows if o}, key=str.casefold)


# ---------------------------------------------------------------------------------------------
# Touches


def log_touch(
    client_id: int,
    *,
    session: Session,
    at: datetime,
    day: date,
    channel: str,
    outcome: str,
    inbound: bool,
    note: str | None,
    by: str | None,
    logged_at: datetime,
) -> TouchInfo:
    _check_text("note", note, 10_000)
    _check_text("--by", by, 100)
    row = Touch(
        client_id=client_id,
        at=at,
        day=day,
        channel=channel,
        outcome=outcome,
        inbound=inbound,
        note=_clean(note),
        by=_clean(by),
        logged_at=logged_at,
    )
    session.add(row)
    session.flush()
    return _touch_info(row, _client_row(client_id, session=session).name)


def _touch_info(row: Touch, client_name: str) -> TouchInfo:
    return TouchInfo(
        id=row.id or 0,
        client_id=row.client_id,
        client_name=client_name,
        at=row.at,
        day=row.day,
        channel=row.channel,
        outcome=row.outcome,
        inbound=row.inbound,
        note=row.note,
        by=row.by,
    )


def latest_logged_touch(*, session: Session) -> TouchInfo | None:
    """The touch logged most recently (by the moment it was logged, not the day it is for)."""
    row = session.exec(
        select(Touch, Client.name)
        .join(Client)
        .order_by(col(Touch.logged_at).desc(), col(Touch.id).desc())
        .limit(1)
    ).first()
    return None if row is None else _touch_info(row[0], row[1])


def delete_touch(touch_id: int, *, session: Session) -> None:
    row = session.get(Touch, touch_id)
    if row is None:
        raise NotFound(f"touch {touch_id} is already gone")
    session.delete(row)
    session.flush()


def touches_of(client_id: int, *, session: Session, limit: int | None = None) -> list[TouchInfo]:
    name = _client_row(client_id, session=session).name
    query = (
        select(Touch)
        .where(Touch.client_id == client_id)
        .order_by(col(Touch.day).desc(), col(Touch.at).desc(), col(Touch.id).desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [_touch_info(row, name) for row in session.exec(query).all()]


def touch_facts(client_id: int, *, session: Session, on: date) -> list[TouchFact]:
    rows = session.execute(
        sa.select(col(Touch.day), col(Touch.channel), col(Touch.outcome), col(Touch.inbound))
        .where(col(Touch.client_id) == client_id, col(Touch.day) <= on)
        .order_by(col(Touch.day), col(Touch.id))
    ).all()
    return [TouchFact(day, channel, outcome, inbound) for day, channel, outcome, inbound in rows]


# ---------------------------------------------------------------------------------------------
# The morning list: one aggregate query feeding the pure core


def client_facts(
    *,
    session: Session,
    on: date,
    filters: DueFilters = DueFilters(),
    client_id: int | None = None,
) -> list[ClientFacts]:
    """`queries.client_facts` inside this transaction (for the commands that also write)."""
    return queries.client_facts(
        reader=session_reader(session), on=on, filters=filters, client_id=client_id
    )


def book_size(*, session: Session) -> tuple[int, int]:
    """(active clients, touches): for messages like 'your book is empty'."""
    clients = session.exec(select(func.count()).where(Client.status == "active")).one()
    touches = session.exec(select(func.count()).select_from(Touch)).one()
    return int(clients), int(touches)


# ---------------------------------------------------------------------------------------------
# Promises, milestones, charters


def add_promise(
    client_id: int, text: str, *, session: Session, due_on: date, today: date
) -> PromiseInfo:
    clean = _clean(text)
    if clean is None:
        raise InvalidInput("a promise needs a text", hint='e.g. "send the market report"')
    _check_text("promise", clean, 2000)
    row = Promise(client_id=client_id, text=clean, due_on=due_on, made_on=today)
    session.add(row)
    session.flush()
    return _promise_info(row, _client_row(client_id, session=session).name)


def _promise_info(row: Promise, name: str) -> PromiseInfo:
    return PromiseInfo(
        id=row.id or 0,
        client_id=row.client_id,
        client_name=name,
        text=row.text,
        due_on=row.due_on,
        made_on=row.made_on,
        kept_on=row.kept_on,
    )


def keep_promise(promise_id: int, *, session: Session, on: date) -> PromiseInfo:
    row = session.get(Promise, promise_id)
    if row is None:
        raise NotFound(f"no promise {promise_id}", hint="`cadence promise list` shows the ids")
    if row.kept_on is not None:
        raise Conflict(f"promise {promise_id} was already kept on {row.kept_on.isoformat()}")
    row.kept_on = on
    session.add(row)
    session.flush()
    return _promise_info(row, _client_row(row.client_id, session=session).name)


def find_by_email(email: str, *, session: Session) -> ClientInfo | None:
    """The client (active or archived) with this email, compared case-insensitively."""
    key = email.strip().casefold()
    row = session.exec(select(Client.id).where(Client.email_key == key).limit(1)).first()
    return None if row is None else get_client(row, session=session)


# ---------------------------------------------------------------------------------------------
# ---- team


def team_members(
    *, session: Session, today: date, recent_days: int = 90, week_days: int = 7
) -> tuple[list[TeamMember], TeamMember]:
    """Members (owners of active clients, and whoever logged a touch in the last
    `recent_days`) in name order, and the unowned clients as one more row.

    Clients per owner and touches per author are GROUP BY aggregates; due and reactive come
    from the pure schedule over `client_facts`, one aggregate row per client. Names that differ
    only in case are one member (as `--owner` filters them), shown as spelled most often.
    """
    from cadence_cli.core.schedule import standing

    owned = session.exec(
        select(Client.owner, func.count())
        .where(Client.status == "active", col(Client.owner).is_not(None))
        .group_by(col(Client.owner))
    ).all()
    in_week = sa.case((col(Touch.day) >= today - timedelta(days=week_days - 1), 1), else_=0)
    logged = session.exec(
        select(Touch.by, func.count(), func.sum(in_week), func.max(Touch.day))
        .where(
            col(Touch.by).is_not(None),
            Touch.day >= today - timedelta(days=recent_days - 1),
            Touch.day <= today,
        )
        .group_by(col(Touch.by))
    ).all()
    spelling: dict[str | None, str] = {}
    clients: dict[str | None, int] = defaultdict(int)
    touches: dict[str | None, int] = defaultdict(int)
    last: dict[str | None, date] = {}
    for owner, count in sorted(owned, key=lambda row: (-row[1], row[0] or "")):
        key = (owner or "").casefold()
        spelling.setdefault(key, owner or "")
        clients[key] += int(count)
    for by, _count, week, latest in sorted(logged, key=lambda row: (-row[1], row[0] or "")):
        key = (by or "").casefold()
        spelling.setdefault(key, by or "")
        touches[key] += int(week or 0)
        last[key] = max(latest, last.get(key, latest))
    due: dict[str | None, int] = defaultdict(int)
    reactive: dict[str | None, int] = defaultdict(int)
    per_week: dict[str | None, float] = defaultdict(float)
    for fact in client_facts(session=session, on=today):
        owner_key = fact.owner.casefold() if fact.owner else None
        now = standing(fact, today)
        due[owner_key] += now.status == "due"
        reactive[owner_key] += now.status == "reactive"
        per_week[owner_key] += 7 / now.interval_days
        if owner_key is None:
            clients[None] += 1

    def member(key: str | None) -> TeamMember:
        return TeamMember(
            name=spelling[key] if key is not None else None,
            clients=clients[key],
            due=due[key],
            reactive=reactive[key],
            per_week=per_week[key],
            touches_week=touches[key],
            last_touch_on=last.get(key),
        )

    names = sorted((k for k in spelling if k is not None), key=_alphabetical)
    return [member(key) for key in names], member(None)


def _alphabetical(name: str) -> tuple[str, str]:
    """Sort key that files Élodie under E, not after Z."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch)), name


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


def lock_for_migration(conn: sa.Connection) -> None:
    """Serialise upgrades: teammates whose first command after an upgrade of cadence start at
    the same moment must not all run the same DDL (the losers used to fail on duplicate
    tables). SQLite already holds its write lock (BEGIN IMMEDIATE); PostgreSQL takes a
    transaction-scoped advisory lock, released at commit.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")


def begin_immediate(conn: sa.Connection) -> None:
    """Take SQLite's write lock (BEGIN IMMEDIATE), trying every few milliseconds for up to
    BUSY_TIMEOUT_MS.

    SQLite's own busy handler backs off to one try per 100 ms. When several processes write
    in a tight loop, a waiter polling that slowly keeps missing the short gaps between their
    transactions and can starve past the timeout: the 8-process concurrency test saw "busy"
    on a loaded machine. Trying often, at random moments, gives every waiter its turn.
    """
    raw = conn.connection.dbapi_connection
    assert raw is not None
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    break
            time.sleep(random.uniform(0.001, 0.01))
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # fails again: SQLAlchemy wraps the error
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
