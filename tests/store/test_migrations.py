"""Schema versions and opening stores, on SQLite and on PostgreSQL (SPEC §4, §6).

- An empty database is migrated to head, and the result is exactly what models.py declares.
- A store left at any older revision, with data in it, is upgraded when a command opens it
  and keeps every row. The data is written at the first revision and carried up through
  Alembic to the starting revision, so every upgrade() after it runs over real rows: adding
  a revision adds a case here without new seed code.
- A store whose `alembic_version` names a revision this cadence does not know is refused
  (exit 8) and left exactly as it was; so is a database holding someone else's tables.
- `migrations.known_revisions()` (read from file names, without Alembic) agrees with
  Alembic's own view, and ordinary commands on a current store never import Alembic.
- An unreachable or refusing PostgreSQL server gives one line, exit 6, and never the password.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from cadence_cli.cli import app
from cadence_cli.store import alchemy as store
from cadence_cli.store import migrations

PG_URL = os.environ.get("CADENCE_TEST_POSTGRES_URL")
FIRST = migrations.known_revisions()[0]
HEAD = migrations.head_revision()


def raw_store(book: str) -> store.Store:
    """A Store on `book` that has not been opened (so not upgraded) by cadence."""
    url = store.normalise_url(book)
    path = store.sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return store.Store(url, sa.create_engine(url))


def revision_of(raw: store.Store) -> str | None:
    with raw.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def snapshot(raw: store.Store, columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Every row of every cadence table (or of the given columns), in a stable order."""
    found: dict[str, Any] = {}
    with raw.engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
        for table in sorted(names - {"alembic_version"}):
            wanted = (columns or {}).get(table) or [
                c["name"] for c in sa.inspect(conn).get_columns(table)
            ]
            quoted = ", ".join(f'"{c}"' for c in wanted)
            result = conn.exec_driver_sql(f'SELECT {quoted} FROM "{table}"')
            found[table] = (wanted, sorted((tuple(r) for r in result), key=repr))
        if "alembic_version" in names:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
            found["alembic_version"] = (["version_num"], [tuple(r) for r in version])
    return found


def seed_first_revision(raw: store.Store) -> None:
    """Rows in the shape of the first revision's schema (table sketches, not models.py, so
    this stays valid when the models move on), typed per dialect by SQLAlchemy."""
    t = sa.table
    c = sa.column
    client = t(
        "client", c("id"), c("name"), c("name_key"), c("tier_id"), c("email"), c("email_key"),
        c("phone"), c("company"), c("owner"), c("notes"), c("status"), c("archived_reason"),
        c("archived_on", sa.Date), c("snoozed_until", sa.Date), c("added_on", sa.Date),
        c("charter_every"), c("charter_channel"), c("charter_note"), c("charter_review_every"),
        c("charter_agreed_on", sa.Date),
    )  # fmt: skip
    touch = t(
        "touch", c("client_id"), c("at", sa.DateTime), c("day", sa.Date), c("channel"),
        c("outcome"), c("inbound", sa.Boolean), c("note"), c("by"), c("logged_at", sa.DateTime),
    )  # fmt: skip
    tag = t("client_tag", c("client_id"), c("tag"))
    milestone = t("milestone", c("client_id"), c("label"), c("month"), c("day"), c("year"))
    promise = t(
        "promise", c("client_id"), c("text"), c("due_on", sa.Date), c("made_on", sa.Date),
        c("kept_on", sa.Date),
    )  # fmt: skip
    with raw.engine.begin() as conn:
        tiers = dict(conn.exec_driver_sql("SELECT name, id FROM tier").all())
        conn.execute(
            client.insert(),
            [
                {
                    "name": "Ada Lovelace", "name_key": "ada lovelace", "tier_id": tiers["A"],
                    "email": "Ada@Example.com", "email_key": "ada@example.com",
                    "phone": "+44 20 7946 0000", "company": "Analytical Engines",
                    "owner": "sam", "notes": "prefers mornings", "status": "active",
                    "archived_reason": None, "archived_on": None,
                    "snoozed_until": date(2026, 11, 20), "added_on": date(2026, 1, 5),
                    "charter_every": "2w", "charter_channel": "text",
                    "charter_note": "after 6pm", "charter_review_every": "6m",
                    "charter_agreed_on": date(2026, 6, 1),
                },
                {
                    "name": "Bob Marley", "name_key": "bob marley", "tier_id": tiers["C"],
                    "email": None, "email_key": None, "phone": None, "company": None,
                    "owner": "Jo", "notes": None, "status": "archived",
                    "archived_reason": "moved away", "archived_on": date(2026, 10, 1),
                    "snoozed_until": None, "added_on": date(2025, 3, 1), "charter_every": None,
                    "charter_channel": None, "charter_note": None,
                    "charter_review_every": None, "charter_agreed_on": None,
                },
            ],
        )  # fmt: skip
        ada = conn.exec_driver_sql("SELECT id FROM client WHERE name = 'Ada Lovelace'").scalar()
        conn.execute(tag.insert(), [{"client_id": ada, "tag": "investor"}])
        conn.execute(
            milestone.insert(),
            [{"client_id": ada, "label": "birthday", "month": 12, "day": 10, "year": 1985}],
        )
        conn.execute(
            touch.insert(),
            [
                {
                    "client_id": ada, "at": datetime(2026, 11, 16, 9, 30),
                    "day": date(2026, 11, 16), "channel": "call", "outcome": "no-answer",
                    "inbound": False, "note": None, "by": "sam",
                    "logged_at": datetime(2026, 11, 16, 9, 31),
                },
                {
                    "client_id": ada, "at": datetime(2026, 11, 10, 12, 0),
                    "day": date(2026, 11, 10), "channel": "text", "outcome": "message",
                    "inbound": True, "note": "she texted first", "by": "Jo",
                    "logged_at": datetime(2026, 11, 10, 12, 5),
                },
            ],
        )  # fmt: skip
        conn.execute(
            promise.insert(),
            [
                {
                    "client_id": ada, "text": "send the market report",
                    "due_on": date(2026, 11, 25), "made_on": date(2026, 11, 16), "kept_on": None,
                }
            ],
        )  # fmt: skip


def run(db: str, *args: str) -> Any:
    """`cadence ARGS` in-process against any store address."""
    return CliRunner().invoke(app, list(args), env={"CADENCE_DB": db})


def ok(db: str, *args: str) -> str:
    result = run(db, *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


# ---------------------------------------------------------------------------------------------
# From nothing, and from every older revision with data


def test_empty_database_is_migrated_to_head_exactly_as_models_declare(new_book: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    ok(new_book, "add", "Ada")  # a write makes the book; a read would not
    tiers = json.loads(ok(new_book, "tier", "list", "--json"))
    assert [(t["name"], t["every"], t["reactive_after"]) for t in tiers] == [
        ("A", "1w", "1w"),
        ("B", "1m", "2w"),
        ("C", "3m", "1m"),
    ]
    raw = raw_store(new_book)
    try:
        assert revision_of(raw) == HEAD
        with raw.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            assert tables == {*SQLModel.metadata.tables, "alembic_version"}
            assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    finally:
        raw.close()


@pytest.mark.parametrize("start", migrations.known_revisions())
def test_store_at_an_older_revision_with_data_upgrades_and_keeps_every_row(
    new_book: str, start: str
) -> None:
    book = new_book
    raw = raw_store(book)
    try:
        store.upgrade(raw, FIRST)
        seed_first_revision(raw)
        store.upgrade(raw, start)
        assert revision_of(raw) == start
        before = snapshot(raw)
    finally:
        raw.close()

    shown = json.loads(ok(book, "show", "Ada", "--json"))

    raw = raw_store(book)
    try:
        assert revision_of(raw) == HEAD
        columns = {table: cols for table, (cols, _rows) in before.items()}
        after = snapshot(raw, columns)
    finally:
        raw.close()
    before.pop("alembic_version")
    after.pop("alembic_version")
    # Later revisions only add: every table that was there keeps every row it had, and the
    # history of terms (revision 0004) starts from what the book held.
    added = {table: after.pop(table) for table in set(after) - set(before)}
    assert after == before
    after.update(added)
    first = ("tier", "client", "client_tag", "milestone", "touch", "promise")
    assert sum(len(after[table][1]) for table in first) == 3 + 2 + 1 + 1 + 2 + 1
    if "client_term" in after:
        cols, rows = after["client_term"]
        terms = sorted((r[cols.index("client_id")], r[cols.index("status")]) for r in rows)
        assert terms == [(1, "active"), (2, "active"), (2, "archived")]  # Bob is archived
        assert len(after["tier_term"][1]) == 3
    assert (shown["name"], shown["email"], shown["owner"], shown["tags"]) == (
        "Ada Lovelace",
        "Ada@Example.com",
        "sam",
        ["investor"],
    )
    assert shown["milestones"] == [{"label": "birthday", "date": "1985-12-10"}]
    assert shown["charter"] == {
        "every": "2w",
        "channel": "text",
        "note": "after 6pm",
        "review_every": "6m",
        "agreed_on": "2026-06-01",
    }
    assert [(t["on"], t["outcome"], t["direction"], t["by"]) for t in shown["touches"]] == [
        ("2026-11-16", "no-answer", "outbound", "sam"),
        ("2026-11-10", "message", "inbound", "Jo"),
    ]
    assert shown["touches"][0]["at"] == "2026-11-16T09:30:00+00:00"
    # The upgraded book is fully usable, ids and sequences included.
    ok(book, "add", "Cleo Laine", "--owner", "me", "--new-owner")
    ok(book, "log", "Ada", "--channel", "email")
    assert [c["name"] for c in json.loads(ok(book, "clients", "--json"))] == [
        "Ada Lovelace",
        "Cleo Laine",
    ]
    assert json.loads(ok(book, "clients", "--archived", "--json"))[0]["name"] == "Bob Marley"


# ---------------------------------------------------------------------------------------------
# Stores this cadence must not touch


def _fingerprint(book: str) -> Any:
    """The bytes of a SQLite store (and what sits beside it), or every row on PostgreSQL."""
    path = store.sqlite_path(store.normalise_url(book))
    if path is not None:
        return (
            path.read_bytes(),
            path.stat().st_mode,
            sorted(p.name for p in path.parent.iterdir()),
        )
    raw = raw_store(book)
    try:
        return snapshot(raw)
    finally:
        raw.close()


def _set_version(book: str, version: str) -> None:
    raw = raw_store(book)
    try:
        with raw.engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{version}'")
    finally:
        raw.close()


COMMANDS = [
    ("due",),
    ("clients",),
    ("team",),
    ("log", "Ada"),
    ("add", "Zed"),
    ("tier", "define", "D", "--every", "1y", "--reactive-after", "1m"),
]


def test_store_from_a_newer_cadence_is_refused_and_left_untouched(book: str, cadence: Any) -> None:
    cadence.ok("add", "Ada", "--tier", "A", "--owner", "me", "--new-owner")
    cadence.ok("log", "Ada", "--on", "yesterday")
    _set_version(book, "9999")
    if "://" not in book:  # a rollback-journal file: merely opening it in WAL would change it
        with sqlite3.connect(book) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")
    before = _fingerprint(book)
    for args in COMMANDS:
        result = cadence(*args)
        assert result.exit_code == 8, (args, result.output)
        assert result.stdout == ""
        assert result.stderr.startswith("cadence: error: the store ")
        assert "newer cadence (schema 9999); it was not touched" in result.stderr
        assert result.stderr.count("\n") == 1
    assert _fingerprint(book) == before
    if "://" not in book:
        with sqlite3.connect(book) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]


def test_database_holding_other_tables_is_refused_and_left_untouched(new_book: str) -> None:
    book = new_book
    raw = raw_store(book)
    try:
        with raw.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
            conn.exec_driver_sql("INSERT INTO invoices (id, total) VALUES (1, 250)")
    finally:
        raw.close()
    before = _fingerprint(book)
    result = run(book, "due")
    assert result.exit_code == 6, result.output
    assert "is not a cadence book (it holds other tables); it was not touched" in result.stderr
    assert _fingerprint(book) == before


def test_a_cadence_store_in_rollback_journal_mode_is_switched_to_wal(sqlite_cadence: Any) -> None:
    sqlite_cadence.ok("add", "Ada")
    with sqlite3.connect(sqlite_cadence.db) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    sqlite_cadence.ok("due")
    with sqlite3.connect(sqlite_cadence.db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


# ---------------------------------------------------------------------------------------------
# Revisions without Alembic, and Alembic only when needed


def test_known_revisions_agree_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(Path(migrations.__file__).parent))
    walked = list(script.walk_revisions())  # head first
    assert migrations.known_revisions() == [rev.revision for rev in reversed(walked)]
    assert script.get_heads() == [script.get_current_head()] == [migrations.head_revision()]
    chain = [rev.down_revision for rev in reversed(walked)]
    assert chain == [None, *migrations.known_revisions()[:-1]]  # one straight line
    for rev in walked:
        assert Path(rev.path).name.startswith(f"{rev.revision}_")


PROBE = r"""
import json, sys
import typer.main
from cadence_cli.cli import app

command = typer.main.get_command(app)
for args in json.loads(sys.argv[1]):
    try:
        command.main(args, prog_name="cadence")
    except SystemExit as stop:
        if stop.code:
            sys.exit(f"{args} exited {stop.code}")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "alembic")))
"""


def _alembic_modules_after(book: str, commands: list[list[str]]) -> list[str]:
    env = {**os.environ, "CADENCE_DB": book}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.splitlines()[-1]))


def test_commands_import_alembic_only_to_upgrade(new_book: str) -> None:
    book = new_book
    first = _alembic_modules_after(book, [["add", "Ada", "--tier", "A"]])
    assert "alembic.command" in first  # a new store is migrated: Alembic was needed
    everyday = [
        ["due"],
        ["due", "--json"],
        ["log", "Ada", "--by", "Jo", "--new-owner"],
        ["clients", "--owner", "me"],
        ["show", "Ada"],
        ["team"],
        ["tier", "list"],
        ["promise", "add", "Ada", "call back", "--by", "fri"],
        ["add", "Bob"],
    ]
    assert _alembic_modules_after(book, everyday) == []


# ---------------------------------------------------------------------------------------------
# PostgreSQL connection errors: one line, exit 6, never the password

SECRET = "Sup3r secret/p@ss"


def _with(url: str, **parts: Any) -> str:
    return make_url(url).set(**parts).render_as_string(hide_password=False)


def _assert_one_line_without_secret(result: Any, expected: str) -> None:
    assert result.exit_code == 6, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("cadence: error: ")
    assert result.stderr.count("\n") == 1
    assert expected in result.stderr
    everything = result.stdout + result.stderr
    for form in (SECRET, "Sup3r", "p%40ss", "secret%2Fp"):
        assert form not in everything
    assert "Traceback" not in everything


@pytest.mark.parametrize("how", ["--db", "CADENCE_DB"])
def test_unreachable_server_is_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    base = PG_URL or "postgresql+psycopg://cadence@127.0.0.1:5432/cadence_test"
    url = _with(base, password=SECRET, port=1)  # nothing listens on port 1
    args = ["--db", url, "due"] if how == "--db" else ["due"]
    result = CliRunner().invoke(app, args, env={"CADENCE_DB": url if how == "CADENCE_DB" else None})
    _assert_one_line_without_secret(result, "cannot reach the database postgresql+psycopg://")
    assert ":***@127.0.0.1:1/" in result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("command", [("due",), ("log", "Ada"), ("db", "backup", "x.db")])
def test_wrong_password_is_one_line_without_the_password(
    command: tuple[str, ...],
) -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL: set CADENCE_TEST_POSTGRES_URL to run (bash .ci/run does)")
    url = _with(PG_URL, password=SECRET)
    result = run(url, *command)
    _assert_one_line_without_secret(result, "the database server refused the login for ")


def test_silent_server_times_out_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.setattr(store, "CONNECT_TIMEOUT_S", 2)
    with socket.socket() as listener:  # accepts the TCP handshake, then never says a word
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        url = _with(f"postgresql+psycopg://cadence@127.0.0.1:{port}/x", password=SECRET)
        result = run(url, "due")
    _assert_one_line_without_secret(result, "cannot reach the database ")


def test_db_path_never_shows_the_password() -> None:
    url = _with("postgresql+psycopg://cadence@db.example.com:5432/book", password=SECRET)
    result = run(url, "db", "path")
    assert result.exit_code == 0, result.output
    assert result.stdout == "postgresql+psycopg://cadence:***@db.example.com:5432/book\n"
