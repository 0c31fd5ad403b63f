"""A store that is locked, corrupt, unwritable, read-only, too new or full (SPEC §4, §6).

Each fault gives one clear line, a documented exit code, and the data as it was. Faults are
real, not mocked: another connection holds the write lock; the file is overwritten with random
bytes or cut short; the disk "fills" through SQLite's own `max_page_count`; permissions are
real permissions. Tests run as root in CI, where permission bits do not stop root, so those
tests drop to the `nobody` user for the duration of the command (`as_another_user`).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from subprocess import PIPE, STDOUT
from typing import Any

import pytest
import sqlalchemy as sa
import typer
from test_reliability import COMMANDS, ENV, content, run

from cadence_cli.store import alchemy, engine
from cadence_cli.store.alchemy import normalise_url

NOBODY = 65534
BOOK = [
    ["add", "Ada Lovelace", "--tier", "A", "--email", "ada@example.com", "--birthday", "12-10"],
    ["add", "Bob Marley", "--note", "plays on Fridays"],
    ["log", "ada", "--on", "2026-11-20", "--note", "called about the move"],
    ["promise", "add", "bob", "send the report", "--by", "fri"],
    ["charter", "bob", "--every", "2w", "--channel", "text"],
]


def seed(db: str) -> None:
    for args in BOOK:
        result = run(db, args)
        assert result.exit_code == 0, (args, result.output)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A small SQLite book, closed (its write-ahead log checkpointed into the file)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "book" / "cadence.db"
    seed(str(path))
    assert not Path(f"{path}-wal").exists()
    return str(path)


def error_line(result: Any, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cadence: error: "), result.stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------
# Locked


@contextmanager
def writer_holding_the_lock(db: str) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of a write transaction (with a change not yet committed)."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE client SET notes = 'uncommitted' WHERE id = 1")
        yield conn
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def test_the_default_busy_timeout_is_ten_seconds() -> None:
    """Two terminals logging at once wait for each other; only a stuck writer is reported."""
    assert engine.BUSY_TIMEOUT_MS == 10_000


def test_a_write_waits_for_the_busy_timeout_then_says_busy_and_changes_nothing(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    before = content(db)
    with writer_holding_the_lock(db):
        started = time.monotonic()
        result = run(db, ["log", "ada", "--note", "while locked"])
        waited = time.monotonic() - started
    assert error_line(result, 7) == (
        f"cadence: error: the store {db} is busy: another cadence kept it locked too long "
        "(try again in a moment)"
    )
    assert waited >= 0.3
    assert content(db) == before


def test_reads_go_on_while_another_program_writes(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    with writer_holding_the_lock(db):
        result = run(db, ["show", "ada", "--json"])
    assert result.exit_code == 0, result.output
    assert '"notes": null' in result.stdout  # the other writer's change is not visible


def test_a_backup_while_another_program_writes_holds_only_committed_data(
    db: str, tmp_path: Path
) -> None:
    with writer_holding_the_lock(db):
        result = run(db, ["db", "backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    assert content(str(tmp_path / "copy.db")) == content(db)


# ---------------------------------------------------------------------------------------------
# Corrupt, foreign, or not a file


@pytest.mark.parametrize("command", [["due"], ["log", "ada"]], ids=["read", "write"])
def test_a_file_that_is_not_a_database_is_not_a_book_and_left_alone(
    tmp_path: Path, command: list[str]
) -> None:
    """Random bytes or a text file: someone else's file, so "restore a backup" would be the
    wrong advice."""
    for path, data in [
        (tmp_path / "cadence.db", random.Random(8).randbytes(40_000)),
        (tmp_path / "notes.txt", b"call Ada on Monday\n" * 200),
    ]:
        path.write_bytes(data)
        path.chmod(0o600)  # as a book is kept: a readable one would add a permissions warning
        line = error_line(run(str(path), command), 6)
        assert line == (
            f"cadence: error: {path} is not a cadence book (not a SQLite database); it was not "
            "touched (point --db or CADENCE_DB at your book, or at a new file to start one)"
        )
        assert path.read_bytes() == data


@pytest.mark.parametrize("keep", [100, 4096, 0.5], ids=["header", "first-page", "half"])
@pytest.mark.parametrize("command", [["due"], ["log", "ada"]], ids=["read", "write"])
def test_a_truncated_store_is_reported_as_damaged_and_left_alone(
    db: str, keep: float, command: list[str]
) -> None:
    path = Path(db)
    size = int(path.stat().st_size * keep) if isinstance(keep, float) else keep
    with path.open("r+b") as handle:
        handle.truncate(size)
    before = path.read_bytes()
    line = error_line(run(db, command), 6)
    assert line.startswith(f"cadence: error: the store {db} is damaged (")
    assert line.endswith("(restore it from a backup made with `cadence db backup`)")
    assert path.read_bytes() == before


def test_a_database_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, file TEXT)")
        conn.execute("INSERT INTO photo (file) VALUES ('beach.jpg')")
        conn.commit()
    path.chmod(0o600)  # a private file: a readable one adds a permissions warning
    before = path.read_bytes()
    assert error_line(run(str(path), ["add", "Zed"]), 6) == (
        f"cadence: error: {path} is not a cadence book (it holds other tables); it was not "
        "touched (point --db or CADENCE_DB at your book, or at a new file to start one)"
    )
    assert error_line(run(str(path), ["due"]), 6) == error_line(run(str(path), ["add", "Zed"]), 6)
    assert path.read_bytes() == before


def test_a_folder_given_as_the_store_is_refused(tmp_path: Path) -> None:
    assert error_line(run(str(tmp_path), ["due"]), 6) == (
        f"cadence: error: {tmp_path} is a directory, not a cadence store (give a file path)"
    )


def test_a_store_path_through_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    target = tmp_path / "notes.txt" / "cadence.db"
    assert error_line(run(str(target), ["add", "Zed"]), 6) == (
        f"cadence: error: cannot create the store at {target}: {target.parent} is a file "
        "(choose a writable location with --db or CADENCE_DB)"
    )
    assert error_line(run(str(target), ["due"]), 6).startswith(
        f"cadence: error: no book at {target}"
    )


def test_an_unreadable_address_is_refused(tmp_path: Path) -> None:
    assert error_line(run("://nowhere", ["due"]), 2) == (
        "cadence: error: cannot read the database address given by --db or CADENCE_DB "
        "(give a file path or a URL such as postgresql+psycopg://user@host/db)"
    )
    assert error_line(run("bogus://host/db", ["due"]), 2).startswith(
        "cadence: error: cannot read the database address 'bogus://host/db'"
    )


# ---------------------------------------------------------------------------------------------
# Missing: only a command that writes makes a book (a mistyped --db must not)

READS = [
    ["due"],
    ["due", "--json"],
    ["clients"],
    ["show", "ada"],
    ["report"],
    ["history", "ada"],
    ["find", "ada"],
    ["touches"],
    ["export"],
    ["tier", "list"],
    ["charter", "list"],
    ["promise", "list"],
    ["model", "export"],
    ["plan"],
    ["db", "backup", "copy.db"],
]


def no_book_line(where: object) -> str:
    return (
        f"cadence: error: no book at {where}: `cadence add NAME` or `cadence import FILE` "
        "starts one (or check --db and CADENCE_DB)"
    )


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_read_of_a_missing_book_says_how_to_start_one_and_makes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "typo" / "cadence.db"
    assert error_line(run(str(target), command), 6) == no_book_line(target)
    assert list(tmp_path.iterdir()) == []


def test_a_read_of_an_empty_file_says_there_is_no_book_and_leaves_it_empty(
    tmp_path: Path,
) -> None:
    """An empty file is what a creation cut short leaves: no book yet, until a write."""
    target = tmp_path / "cadence.db"
    target.touch(mode=0o600)
    assert error_line(run(str(target), ["clients"]), 6) == no_book_line(target)
    assert target.read_bytes() == b""
    added = run(str(target), ["add", "Ada Lovelace"])
    assert added.exit_code == 0, added.output
    assert added.stderr == f"note: created a new book at {target}\n"


def test_db_path_of_a_missing_book_prints_where_it_would_be_and_makes_nothing(
    tmp_path: Path,
) -> None:
    target = tmp_path / "typo" / "cadence.db"
    result = run(str(target), ["db", "path"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{target}\n"
    assert result.stderr == (
        "note: no book there yet: `cadence add NAME` or `cadence import FILE` starts one\n"
    )
    assert not target.parent.exists()


def test_an_empty_book_address_is_made_a_book_by_a_write_only(new_book: str) -> None:
    """A missing file, or an empty PostgreSQL database (a team's start): a read says there is
    no book and makes no table; the first write makes it and says where, once."""
    from cadence_cli.store.urls import describe_url

    where = describe_url(new_book) if "://" in new_book else new_book
    assert error_line(run(new_book, ["due"]), 6) == no_book_line(where)
    if "://" in new_book:
        assert content(new_book) == {}  # the read made no table
    else:
        assert not Path(new_book).parent.exists()
    added = run(new_book, ["add", "Ada Lovelace"])
    assert added.exit_code == 0, added.output
    place = "in" if "://" in new_book else "at"
    assert added.stdout == "Added #1 Ada Lovelace (tier C): due today.\n"
    assert added.stderr == f"note: created a new book {place} {where}\n"
    again = run(new_book, ["add", "Bob Marley"])
    assert (again.exit_code, again.stderr) == (0, "")
    due = run(new_book, ["due", "--count"])
    assert (due.exit_code, due.stdout, due.stderr) == (0, "2\n", "")


CHANGES_OF_WHAT_A_NEW_BOOK_LACKS = [
    ["log", "Ada", "--note", "called"],
    ["edit", "Ada", "--phone", "1"],
    ["snooze", "Ada", "--until", "2026-12-01"],
    ["archive", "Ada", "--reason", "moved away"],
    ["note", "Ada", "prefers tea"],
    ["tier", "set", "Ada", "A"],
    ["promise", "add", "Ada", "send the report", "--by", "2026-12-01"],
    ["promise", "done", "1"],
    ["touch", "delete", "1", "--yes"],
]


@pytest.mark.parametrize("command", CHANGES_OF_WHAT_A_NEW_BOOK_LACKS, ids=" ".join)
def test_a_change_to_a_client_of_a_missing_book_says_no_book_and_makes_none(
    new_book: str, command: list[str]
) -> None:
    """Such a change could only fail on a new book ("no client matches"), so it must not
    leave one behind on its way there: a mistyped --db shows as the same "no book" a read
    gives, and the first `add` or `import` still makes the book."""
    from cadence_cli.store.urls import describe_url

    where = describe_url(new_book) if "://" in new_book else new_book
    assert error_line(run(new_book, command), 6) == no_book_line(where)
    if "://" in new_book:
        assert content(new_book) == {}
    else:
        assert not Path(new_book).parent.exists()


# ---------------------------------------------------------------------------------------------
# Permissions (real ones: as root, the command runs as `nobody`)


@contextmanager
def as_another_user() -> Iterator[None]:
    """Run the body as `nobody` when we are root (root ignores permission bits)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder the other user can reach (pytest's own tmp folders are root's, mode 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="cadence-faults-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


@pytest.fixture
def warm(db: str, tmp_path: Path) -> None:
    """Import every module these commands need first: `nobody` cannot read root's Python."""
    scratch = tmp_path / "warm" / "cadence.db"
    scratch.parent.mkdir()
    shutil.copy(db, scratch)
    for args in (["due"], ["show", "ada", "--json"], ["clients"], ["log", "ada"], ["add", "Zed"]):
        run(str(scratch), args)
    run(str(scratch), ["db", "backup", str(tmp_path / "warm" / "copy.db")])
    run(str(tmp_path / "warm" / "new" / "cadence.db"), ["due"])


def test_a_read_only_store_can_be_read_and_says_why_it_cannot_be_written(
    db: str, open_folder: Path, warm: None
) -> None:
    folder = open_folder / "book"
    folder.mkdir(mode=0o700)
    _own(folder)
    before = content(db)
    db = str(shutil.copy(db, folder / "cadence.db"))
    _own(Path(db))
    Path(db).chmod(0o400)
    with as_another_user():
        shown = run(db, ["show", "ada", "--json"])
        listed = run(db, ["clients"])
        due = run(db, ["due"])
        logged = run(db, ["log", "ada", "--note", "on a read-only book"])
        added = run(db, ["add", "Zed"])
        backup = run(db, ["db", "backup", str(folder / "copy.db")])
    for result in (shown, listed, due, backup):
        assert result.exit_code == 0, result.output
    assert '"name": "Ada Lovelace"' in shown.stdout
    for result in (logged, added):
        assert error_line(result, 6) == (
            f"cadence: error: the store {db} is read-only: nothing was changed "
            "(check the file's permissions)"
        )
    Path(db).chmod(0o600)
    assert content(db) == before
    assert content(str(folder / "copy.db")) == before


def test_a_new_store_in_a_folder_that_cannot_be_written_is_refused(
    open_folder: Path, warm: None
) -> None:
    locked = open_folder / "locked"
    locked.mkdir(mode=0o755)  # root's: others may look, not write
    if os.geteuid() != 0:
        locked.chmod(0o555)
    target = locked / "cadence" / "cadence.db"
    with as_another_user():
        result = run(str(target), ["add", "Zed"])
    assert error_line(result, 6) == (
        f"cadence: error: cannot create the store at {target}: Permission denied "
        "(choose a writable location with --db or CADENCE_DB)"
    )
    assert not target.parent.exists()


# ---------------------------------------------------------------------------------------------
# Written by a newer cadence (both backends)


def test_a_store_from_a_newer_cadence_is_refused_untouched(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    engine = sa.create_engine(normalise_url(cadence.db))
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    sqlite_file = Path(cadence.db) if "://" not in cadence.db else None
    file_before = sqlite_file.read_bytes() if sqlite_file else None
    before = content(cadence.db)
    where = cadence.db if sqlite_file else "postgresql+psycopg://cadence:***@"
    for command in (["due"], ["log", "ada"], ["add", "Zed"]):
        line = error_line(cadence(*command), 8)
        assert line.startswith(f"cadence: error: the store {where}")
        assert line.endswith(
            "was written by a newer cadence (schema 9999); it was not touched "
            "(upgrade cadence to use it)"
        )
    assert content(cadence.db) == before
    if sqlite_file:
        assert sqlite_file.read_bytes() == file_before


# ---------------------------------------------------------------------------------------------
# A full disk


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SQLite connection cadence opens may not grow the file: SQLITE_FULL on growth."""
    configure = alchemy._configure_sqlite
    connect = engine.connect_sqlite

    def capped_connect(path: Path) -> sqlite3.Connection:
        conn = connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    def capped(engine: Any) -> None:
        configure(engine)

        @sa.event.listens_for(engine, "connect")
        def _cap(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(alchemy, "_configure_sqlite", capped)
    monkeypatch.setattr(engine, "connect_sqlite", capped_connect)


def _vacuum(db: str) -> None:
    """No free pages left inside the file: the next write must grow it."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("VACUUM")
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0


@pytest.mark.parametrize(
    "command",
    [["log", "ada", "--note", "n" * 9000], ["add", "Zed", "--note", "n" * 9000]],
    ids=["log", "add"],
)
def test_a_full_disk_during_a_write_says_so_and_keeps_the_book(
    db: str, full_disk: None, command: list[str]
) -> None:
    _vacuum(db)
    before, file_before = content(db), Path(db).read_bytes()
    assert error_line(run(db, command), 6) == (
        f"cadence: error: cannot write the store {db}: database or disk is full; nothing was "
        "changed (free some disk space and try again)"
    )
    assert content(db) == before
    assert Path(db).read_bytes() == file_before


def test_a_full_disk_half_way_through_an_import_writes_none_of_it(
    db: str, full_disk: None, tmp_path: Path
) -> None:
    if ("import",) not in COMMANDS:
        pytest.skip("`cadence import` does not exist yet")
    _vacuum(db)
    rows = "".join(f"Client {i},client{i}@example.com\n" for i in range(2000))
    (tmp_path / "many.csv").write_text("name,email\n" + rows)
    before = content(db)
    line = error_line(run(db, ["import", "many.csv"]), 6)
    assert "database or disk is full; nothing was changed" in line
    assert content(db) == before


# ---------------------------------------------------------------------------------------------
# Backups


def test_a_backup_into_a_missing_folder_says_to_create_it(db: str, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "copy.db"
    assert error_line(run(db, ["db", "backup", str(target)]), 3) == (
        f"cadence: error: folder {target.parent} does not exist "
        "(create it first, or give a file in an existing folder)"
    )
    assert not target.parent.exists()


def test_a_backup_never_overwrites_a_file(db: str, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("my thesis")
    assert error_line(run(db, ["db", "backup", str(target)]), 5) == (
        f"cadence: error: {target} already exists (choose a new file name)"
    )
    assert target.read_text() == "my thesis"


def test_a_backup_is_a_complete_working_store(db: str, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = run(db, ["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Backed up to {target}.\n"
    assert content(str(target)) == content(db)
    assert run(str(target), ["due", "--json"]).stdout == run(db, ["due", "--json"]).stdout


# ---------------------------------------------------------------------------------------------
# Crash safety: a kill or Ctrl-C in the middle of a write leaves the book as it was

COLUMNS = "name,email,phone,company,tier,tags,birthday,milestones,owner,notes,last_contact,"
COLUMNS += "next_due,status"


def _cadence_process(db: str, *args: str, **popen: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, **ENV, "CADENCE_DB": db, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "cadence_cli", *args], env=env, **popen)


def _write_book_csv(path: Path, rows: int) -> None:
    lines = [COLUMNS]
    for i in range(rows):
        last = f"2026-{i % 11 + 1:02d}-15" if i % 2 else ""  # January to November
        lines.append(
            f"Client {i:05d},client{i}@example.com,+44 20 {i:07d},Acme,{'ABC'[i % 3]},"
            f"golf;investor,1980-01-02,,kim,met at the fair,{last},,active"
        )
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_an_import_killed_half_way_leaves_the_book_exactly_as_it_was(
    db: str, tmp_path: Path, how: signal.Signals
) -> None:
    if ("import",) not in COMMANDS:
        pytest.skip("`cadence import` does not exist yet")
    big = tmp_path / "book-of-50000.csv"
    _write_book_csv(big, 50_000)
    before = content(db)
    clients_before = len(json.loads(run(db, ["clients", "--json"]).stdout))
    due_before = run(db, ["due", "--json"]).stdout
    wal = Path(f"{db}-wal")
    log = tmp_path / "import.log"
    with log.open("wb") as output:  # a file, not a pipe: a full pipe would stall the import
        process = _cadence_process(db, "import", str(big), stdout=output, stderr=STDOUT)
        try:
            deadline = time.monotonic() + 120
            while not (wal.exists() and wal.stat().st_size > 256 * 1024):
                ended = process.poll() is not None
                assert not ended, f"the import ended before it could be stopped: {log.read_text()}"
                assert time.monotonic() < deadline, "the import never started writing"
                time.sleep(0.005)
            process.send_signal(how)  # rows are being written inside the one transaction
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    said = log.read_text()
    assert "Traceback" not in said
    if how == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    elif process.returncode == 0:  # a starved machine: the import ended before Ctrl-C came
        assert said.startswith("Imported 50,000 clients"), said
        assert len(json.loads(run(db, ["clients", "--json"]).stdout)) == 50_000 + clients_before
        return
    else:
        assert process.returncode == 130, said
        if said.splitlines()[-1].endswith("every change made before it is saved"):
            # On a loaded machine Ctrl-C can land after the commit: then the message must say
            # so, and the whole import must be there (issue 18.7), never half of it.
            assert said.splitlines()[-1] == (
                "cadence: error: interrupted: every change made before it is saved"
            )
            assert len(json.loads(run(db, ["clients", "--json"]).stdout)) == 50_000 + clients_before
            return
        assert said.splitlines()[-1] == (
            "cadence: error: interrupted: the change in progress was rolled back"
        )
    assert run(db, ["due", "--json"]).stdout == due_before
    assert content(db) == before
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _review_book(db: str) -> None:
    for name in ("Ann Arbor", "Ben Nevis", "Cal Tech"):
        assert run(db, ["add", name]).exit_code == 0


def _tiers(db: str) -> dict[str, str]:
    listed = json.loads(run(db, ["clients", "--json"]).stdout)
    return {client["name"]: client["tier"] for client in listed}


def test_ctrl_c_at_a_review_question_keeps_the_answers_already_given(tmp_path: Path) -> None:
    if ("tier", "review") not in COMMANDS:
        pytest.skip("`cadence tier review` does not exist yet")
    db = str(tmp_path / "review" / "cadence.db")
    _review_book(db)
    process = _cadence_process(db, "tier", "review", stdin=PIPE, stdout=PIPE, stderr=STDOUT)
    assert process.stdin is not None and process.stdout is not None
    shown = bytearray()

    def wait_for_question(count: int) -> None:
        deadline = time.monotonic() + 60
        while shown.count(b"q quit") < count:
            assert time.monotonic() < deadline, shown.decode()
            chunk = os.read(process.stdout.fileno(), 65536)  # type: ignore[union-attr]
            assert chunk, shown.decode()
            shown.extend(chunk)

    try:
        wait_for_question(1)
        first = next(n for n in ("Ann Arbor", "Ben Nevis", "Cal Tech") if n.encode() in shown)
        process.stdin.write(b"A\n")
        process.stdin.flush()
        wait_for_question(2)
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = (bytes(shown) + rest).decode()
    assert "Traceback" not in output
    assert process.returncode in (0, 130), output
    assert "every answer given is saved" in output or "rolled back" in output
    tiers = _tiers(db)
    assert tiers.pop(first) == "A"
    assert set(tiers.values()) == {"C"}


def test_ctrl_c_between_review_questions_keeps_the_answers_already_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if ("tier", "review") not in COMMANDS:
        pytest.skip("`cadence tier review` does not exist yet")
    db = str(tmp_path / "review" / "cadence.db")
    _review_book(db)
    answers = iter(["B"])

    def answer_then_ctrl_c(*_args: Any, **_kwargs: Any) -> str:
        for answer in answers:
            return answer
        raise KeyboardInterrupt

    monkeypatch.setattr(typer, "prompt", answer_then_ctrl_c)
    result = run(db, ["tier", "review"])
    assert result.exit_code == 130, result.output
    assert result.stderr.splitlines()[-1] == (
        "cadence: error: interrupted: every change made before it is saved"
    )
    assert sorted(_tiers(db).values()) == ["B", "C", "C"]
