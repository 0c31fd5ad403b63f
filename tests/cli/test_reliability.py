"""Bad input of any kind: one line on stderr, a documented exit code, and the book untouched.

SPEC §6. Every command is found by walking the Click tree, so a command added later is
exercised by the generated cases without editing this file:

* an unknown option, and every value option given without its value (click's usage errors,
  reduced to one line by `CadenceGroup`);
* every argument and value option given bytes that are not UTF-8;
* every argument and value option given an empty, a 100,000-character and a control-character
  value (any documented code is fine, but never 1, never a traceback, never a raw escape
  sequence, and a refusal leaves the file byte-identical).

`BAD` then lists, per command, the mistakes people make (unknown and ambiguous clients,
malformed dates and intervals, unknown tiers, channels and outcomes…) with the exact code and
the part of the message that says what to do. They run on SQLite (a fresh copy of a seeded
book per case, compared byte for byte) and on PostgreSQL (one seeded schema, compared row by
row). Commands that do not exist yet are skipped by name.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import typer.main
from typer.testing import CliRunner

from cadence_cli.cli import app
from cadence_cli.errors import EXIT_CODES, ImportInvalid
from cadence_cli.store.alchemy import normalise_url
from harness import empty_pg_schema

ENV = {
    "CADENCE_TODAY": "2026-11-23",
    "CADENCE_TZ": "Europe/London",
    "CADENCE_USER": "sam",
    "COLUMNS": "120",
    "NO_COLOR": "1",
}
HUGE = "x" * 100_000
CONTROL = "Ada\x1b[2J\x07\x08\x7f\u202e"
NOT_UTF8 = b"Ada \xff\xfe".decode("utf-8", "surrogateescape")

SEED: list[list[str]] = [
    ["add", "Ada Lovelace", "--tier", "A", "--email", "ada@example.com", "--birthday",
     "1985-12-10", "--tag", "investor", "--milestone", "home anniversary=2019-06-01",
     "--note", "prefers mornings"],
    ["add", "Ada Byron", "--tier", "B", "--owner", "kim", "--new-owner"],
    ["add", "Bob Marley", "--phone", "+44 20 7946 0000"],
    ["add", "Cleo Laine", "--tier", "B"],
    ["log", "Ada Lovelace", "--on", "2026-11-20", "--note", "talked about the move"],
    ["log", "bob", "--channel", "call", "--outcome", "no-answer"],
    ["log", "#4", "--inbound", "--channel", "email", "--on", "2026-10-01"],
    ["promise", "add", "Ada Lovelace", "send the market report", "--by", "fri"],
    ["promise", "add", "bob", "introduce a broker", "--by", "2026-11-30"],
    ["promise", "done", "2", "--on", "2026-11-22"],
    ["charter", "Bob Marley", "--every", "2w", "--channel", "text", "--note", "after 6pm"],
    ["snooze", "Ada Byron", "--until", "2026-12-01"],
    ["tier", "define", "VIP", "--every", "2w", "--reactive-after", "1w"],
    ["add", "Dora Maar"],
    ["archive", "Dora", "--reason", "moved to Lisbon"],
]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Running the CLI and looking at the book


def run(db: str, args: list[str], *, input: str | None = "", **env: str) -> Any:
    """`cadence ARGS` in-process against `db`; stdin is empty unless given."""
    return CliRunner().invoke(app, args, input=input, env={**ENV, "CADENCE_DB": db, **env})


def content(db: str) -> dict[str, list[str]]:
    """Every row of every table, order-independent: the book as a user would miss it."""
    if "://" not in db:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            tables = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            return {
                name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"')))
                for (name,) in conn.execute(tables).fetchall()
            }
    engine = sa.create_engine(normalise_url(db))
    try:
        with engine.connect() as conn:
            return {
                name: sorted(map(repr, conn.execute(sa.text(f'SELECT * FROM "{name}"'))))
                for name in sorted(sa.inspect(conn).get_table_names())
            }
    finally:
        engine.dispose()


ROOT = typer.main.get_command(app)
"""The Click tree, built once so its parameter objects can be compared by identity."""


def leaf_commands() -> list[tuple[str, ...]]:
    """Every runnable command path, e.g. ("due",), ("tier", "define"), and a group that runs
    on its own as well as through its commands (("team",) beside ("team", "capacity"))."""
    found = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        children = getattr(command, "commands", None)
        if path and (not children or getattr(command, "invoke_without_command", False)):
            found.append(path)
        for name, child in sorted((children or {}).items()):
            walk(child, (*path, name))

    walk(ROOT, ())
    return found


def command_at(path: tuple[str, ...]) -> Any:
    command: Any = ROOT
    for name in path:
        command = getattr(command, "commands", {}).get(name)
        if command is None:
            return None
    return command


COMMANDS = leaf_commands()


def assert_refused(result: Any, codes: set[int]) -> str:
    """A documented non-zero code, exactly one `cadence: error:` line, no traceback.

    An import refused for bad rows lists them first (SPEC §5), one `invalid: line N: …` each.
    """
    assert result.exit_code in codes, (result.exit_code, result.output)
    assert result.exit_code in EXIT_CODES and result.exit_code not in (0, 1)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    if result.exit_code == ImportInvalid.exit_code:
        listed = [line for line in lines[:-1] if line.startswith("invalid: line ")]
        lines = lines[len(listed) :]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cadence: error: "), lines[0]
    assert "\x1b" not in result.stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------
# The seeded books


@dataclass
class Book:
    """A seeded book; `fresh()` gives a store to run one case on and compare with `before`."""

    kind: str
    db: str
    before: dict[str, list[str]]
    file_bytes: bytes | None

    def fresh(self, tmp_path: Path) -> str:
        if self.kind == "postgres":  # shared: a case that wrongly wrote must not fail the next
            self.before = content(self.db)
            return self.db
        copy = tmp_path / "case" / "cadence.db"
        copy.parent.mkdir(mode=0o700)
        shutil.copy(self.db, copy)
        return str(copy)

    def assert_unchanged(self, db: str) -> None:
        if self.file_bytes is not None:
            assert Path(db).read_bytes() == self.file_bytes, "the store file changed"
            if not Path(f"{db}-wal").exists():
                return  # same bytes and no write-ahead log: the same book
        assert content(db) == self.before


def seed(db: str) -> None:
    for args in SEED:
        result = run(db, args)
        assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def sqlite_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    db = tmp_path_factory.mktemp("seeded") / "book" / "cadence.db"
    seed(str(db))
    return Book("sqlite", str(db), content(str(db)), db.read_bytes())


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def seeded(request: pytest.FixtureRequest, sqlite_book: Book) -> Iterator[Book]:
    if request.param == "sqlite":
        yield sqlite_book
        return
    with empty_pg_schema() as db:
        seed(db)
        yield Book("postgres", db, content(db), None)


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative file names (db backup, import, export) land in the test's own folder."""
    monkeypatch.chdir(tmp_path)


# ---------------------------------------------------------------------------------------------
# The mistakes people make, command by command


@dataclass(frozen=True)
class Bad:
    args: tuple[str, ...]
    codes: frozenset[int]
    says: str  # part of the one-line message (usually the part that says what to do)
    only: str | None = None  # "sqlite" or "postgres" when the case is about one backend

    @property
    def id(self) -> str:
        text = " ".join(a if len(a) < 30 else f"{a[:12]}…({len(a)})" for a in self.args)
        return text.encode("unicode_escape").decode("ascii")


def bad(*args: str, code: int | set[int], says: str, only: str | None = None) -> Bad:
    return Bad(tuple(args), frozenset({code} if isinstance(code, int) else code), says, only)


UNKNOWN_CLIENT = "`cadence clients` lists everyone"
AMBIGUOUS = "matches 2 clients; use the #id: #1 Ada Lovelace; #2 Ada Byron"
DATE_FORMS = "use YYYY-MM-DD, today, yesterday, tomorrow, a weekday"
INTERVAL_FORMS = "use <n><unit> with unit d, w, m or y"
TIERS = "tiers are: A, B, C, VIP"

BAD: list[Bad] = [
    # clients: unknown, ambiguous, archived, empty, huge, control characters, ids
    bad("log", "Nobody", code=3, says=UNKNOWN_CLIENT),
    bad("log", "Ada", code=4, says=AMBIGUOUS),
    bad("log", "#99", code=3, says="no client #99 (`cadence clients` lists them with ids)"),
    bad("log", "99999999999999999999", code=3, says=UNKNOWN_CLIENT),
    bad("log", "", code=2, says="empty client reference (give a name, email or #id)"),
    bad("log", "   ", code=2, says="empty client reference (give a name, email or #id)"),
    bad("log", HUGE, code={2, 3}, says="(") ,
    bad("log", CONTROL, code=3, says="no client matches 'Ada\\x1b[2J\\x07\\x08\\x7f\\u202e'"),
    bad("log", "Dora Maar", code=3, says="#5 Dora Maar is archived"),
    bad("log", "Ada Lovelace", "--channel", "pigeon", code=2,
        says="unknown channel 'pigeon' (use one of: call, text, email"),
    bad("log", "Ada Lovelace", "--outcome", "maybe", code=2,
        says="unknown outcome 'maybe' (use one of: reached, message, no-answer)"),
    bad("log", "Ada Lovelace", "--on", "2026-02-30", code=2, says=DATE_FORMS),
    bad("log", "Ada Lovelace", "--on", "20261120", code=2, says=DATE_FORMS),
    bad("log", "Ada Lovelace", "--on", "tomorrow", code=2, says="(log touches that happened)"),
    bad("log", "Ada Lovelace", "--on", "+3d", code=2, says="(log touches that happened)"),
    bad("log", "Ada Lovelace", "--on", "999999d", code=2, says=DATE_FORMS),
    bad("log", "Ada Lovelace", "--note", HUGE, code=2, says="note is too long (100000 characters"),
    bad("log", "Ada Lovelace", "--note", "a\x1bb", code=2,
        says="note contains control characters (remove them)"),
    bad("log", "Ada Lovelace", "--by", "x" * 1000, code=2, says="--by is too long"),
    bad("show", "Nobody", code=3, says=UNKNOWN_CLIENT),
    bad("show", "Ada", code=4, says=AMBIGUOUS),
    bad("show", "#0", code=3, says="`cadence clients` lists them with ids"),
    # add and edit
    bad("add", "", code=2, says="a client needs a name"),
    bad("add", HUGE, code=2, says="name is too long (100000 characters; at most 200)"),
    bad("add", "Zed\x07", code=2, says="name contains control characters (remove them)"),
    bad("add", "Zed", "--tier", "Q", code=3, says=TIERS),
    bad("add", "Zed", "--email", "not-an-email", code=2, says="not an email address"),
    bad("add", "Zed", "--email", "ADA@example.com", code=5,
        says="(change that client with `cadence edit '#1'`)"),
    bad("add", "Zed", "--birthday", "13-45", code=2, says="no such day"),
    bad("add", "Zed", "--birthday", "2026-02-30", code=2, says="no such day"),
    bad("add", "Zed", "--birthday", "last spring", code=2,
        says="use YYYY-MM-DD, or MM-DD when the year is unknown"),
    bad("add", "Zed", "--milestone", "wedding", code=2, says="use LABEL=DATE"),
    bad("add", "Zed", "--milestone", "=2019-06-01", code=2, says="use LABEL=DATE"),
    bad("add", "Zed", "--milestone", "wedding=June", code=2,
        says="use YYYY-MM-DD, or MM-DD when the year is unknown"),
    bad("add", "Zed", "--tag", "x" * 61, code=2, says="tag is too long"),
    bad("add", "Zed", "--phone", "1" * 61, code=2, says="phone is too long"),
    bad("add", "Zed", "--note", HUGE, code=2, says="note is too long"),
    bad("edit", "Nobody", "--phone", "1", code=3, says=UNKNOWN_CLIENT),
    bad("edit", "Ada", "--phone", "1", code=4, says=AMBIGUOUS),
    bad("edit", "Ada Lovelace", code=2, says="(see `cadence edit --help` for the options)"),
    bad("edit", "Ada Lovelace", "--name", "", code=2, says="a client needs a name"),
    bad("edit", "Ada Lovelace", "--name", "x" * 201, code=2, says="name is too long"),
    bad("edit", "Ada Lovelace", "--untag", "golf", code=3, says="has no tag 'golf'"),
    bad("edit", "Ada Lovelace", "--remove-milestone", "wedding", code=3,
        says="has no milestone 'wedding'"),
    bad("edit", "Ada Lovelace", "--tier", "Q", code=3, says=TIERS),
    bad("edit", "Ada Lovelace", "--email", "bob", code=2, says="not an email address"),
    bad("edit", "Bob Marley", "--email", "ada@example.com", code=5, says="already has the email"),
    bad("edit", "Ada Lovelace", "--birthday", "02-30", code=2, says="no such day"),
    # lists and the morning list
    bad("clients", "--tier", "Q", code=3, says=TIERS),
    bad("due", "--on", "2026-13-01", code=2, says=DATE_FORMS),
    bad("due", "--on", "someday", code=2, says=DATE_FORMS),
    bad("due", "--on", "", code=2, says=DATE_FORMS),
    bad("due", "--horizon", "0", code=2, says=INTERVAL_FORMS),
    bad("due", "--horizon", "-3d", code=2, says=INTERVAL_FORMS),
    bad("due", "--horizon", "a fortnight", code=2, says=INTERVAL_FORMS),
    bad("due", "--horizon", "99999y", code=2, says="use at most 100 years"),
    bad("due", "--tier", "Q", code=3, says=TIERS),
    bad("due", "--limit", "0", code=2, says="(see `cadence due --help`)"),
    bad("due", "--limit", "ten", code=2, says="(see `cadence due --help`)"),
    bad("due", "--count", "--json", code=2, says="--count, --json and --plain do not go together"),
    # tiers
    bad("tier", "define", "", "--every", "1w", "--reactive-after", "1w", code=2,
        says="(use a short name without spaces)"),
    bad("tier", "define", "Top Ten", "--every", "1w", "--reactive-after", "1w", code=2,
        says="(use a short name without spaces)"),
    bad("tier", "define", "Z", "--every", "0d", "--reactive-after", "1w", code=2,
        says=INTERVAL_FORMS),
    bad("tier", "define", "Z", "--every", "sometimes", "--reactive-after", "1w", code=2,
        says=INTERVAL_FORMS),
    bad("tier", "define", "Z", "--every", "1w", "--reactive-after", "never", code=2,
        says=INTERVAL_FORMS),
    bad("tier", "define", "Z", "--every", "1w", "--reactive-after", "1w", "--rank", "0",
        code=2, says="(see `cadence tier define --help`)"),
    bad("tier", "define", "Z", "--every", "1w", code=2, says="missing option '--reactive-after'"),
    bad("tier", "set", "Nobody", "A", code=3, says=UNKNOWN_CLIENT),
    bad("tier", "set", "Ada", "A", code=4, says=AMBIGUOUS),
    bad("tier", "set", "Ada Lovelace", "Q", code=3, says=TIERS),
    bad("tier", "delete", "Q", code=3, says=TIERS),
    bad("tier", "delete", "A", code=5, says="(move them with `cadence tier delete A --move-to"),
    bad("tier", "delete", "A", "--move-to", "A", code=2, says="--move-to must name another tier"),
    bad("tier", "delete", "A", "--move-to", "Q", code=3, says=TIERS),
    bad("tier", "review", "--tier", "Q", code=3, says=TIERS),
    # promises and charters
    bad("promise", "add", "Nobody", "call back", "--by", "fri", code=3, says=UNKNOWN_CLIENT),
    bad("promise", "add", "Ada", "call back", "--by", "fri", code=4, says=AMBIGUOUS),
    bad("promise", "add", "Ada Lovelace", "", "--by", "fri", code=2,
        says='(e.g. "send the market report")'),
    bad("promise", "add", "Ada Lovelace", HUGE, "--by", "fri", code=2, says="too long"),
    bad("promise", "add", "Ada Lovelace", "call back", "--by", "soonish", code=2,
        says=DATE_FORMS),
    bad("promise", "add", "Ada Lovelace", "call back", code=2, says="missing option '--by'"),
    bad("promise", "done", "99", code=3, says="(`cadence promise list` shows the ids)"),
    bad("promise", "done", "two", code=2, says="(see `cadence promise done --help`)"),
    bad("promise", "done", "2", code=5, says="was already kept on Sun 22 Nov 2026"),
    bad("promise", "done", "1", "--on", "last week-ish", code=2, says=DATE_FORMS),
    bad("charter", "Nobody", "--every", "1w", code=3, says=UNKNOWN_CLIENT),
    bad("charter", "Ada", "--every", "1w", code=4, says=AMBIGUOUS),
    bad("charter", "Ada Lovelace", "--channel", "text", code=2, says="has no charter yet"),
    bad("charter", "Ada Lovelace", "--every", "1w", "--clear", code=2,
        says="--clear goes alone"),
    bad("charter", "Ada Lovelace", "--every", "0w", code=2, says=INTERVAL_FORMS),
    bad("charter", "Ada Lovelace", "--every", "1w", "--channel", "pigeon", code=2,
        says="(use one of: call, text"),
    bad("charter", "Ada Lovelace", "--every", "1w", "--review-every", "often", code=2,
        says=INTERVAL_FORMS),
    bad("charter", "Ada Lovelace", "--reviewed", code=2, says="has no charter to review"),
    bad("charter", "Ada Lovelace", "--clear", code=2, says="has no charter"),
    bad("charter", "Bob Marley", "--reviewed", "--clear", code=2, says="--clear goes alone"),
    # snooze, archive, restore
    bad("snooze", "Ada Lovelace", code=2, says="give either --until DATE or --clear"),
    bad("snooze", "Ada Lovelace", "--until", "never", code=2, says=DATE_FORMS),
    bad("snooze", "Ada Lovelace", "--until", "2w", "--clear", code=2,
        says="give either --until DATE or --clear"),
    bad("snooze", "Nobody", "--until", "2w", code=3, says=UNKNOWN_CLIENT),
    bad("snooze", "Ada", "--until", "2w", code=4, says=AMBIGUOUS),
    bad("archive", "Ada Lovelace", code=2, says="missing option '--reason'"),
    bad("archive", "Ada Lovelace", "--reason", "", code=2, says='(e.g. --reason "moved away")'),
    bad("archive", "Ada Lovelace", "--reason", "x" * 1001, code=2, says="reason is too long"),
    bad("archive", "Ada", "--reason", "moved", code=4, says=AMBIGUOUS),
    bad("archive", "Dora Maar", "--reason", "again", code={3, 5}, says="Dora Maar"),
    bad("restore", "Ada Lovelace", code=5, says="Ada Lovelace is not archived"),
    bad("restore", "Nobody", code=3, says=UNKNOWN_CLIENT),
    # reports and the team
    bad("report", "--weeks", "0", code=2, says="--weeks must be between 1 and"),
    bad("report", "--weeks", "100000", code=2, says="--weeks must be between 1 and"),
    bad("report", "--weeks", "many", code=2, says="(see `cadence report --help`)"),
    bad("report", "--on", "the other day", code=2, says=DATE_FORMS),
    bad("report", "--tier", "Q", code=3, says=TIERS),
    bad("team", "everyone", code=2, says="(see `cadence team --help`)"),
    # files: backups, imports, exports
    bad("db", "backup", "no-such-folder/copy.db", code=3, only="sqlite",
        says="folder no-such-folder does not exist (create it first"),
    bad("db", "backup", ".", code=2, says=". is a directory (give a file name)", only="sqlite"),
    bad("db", "backup", "", code=2, says="is a directory (give a file name)", only="sqlite"),
    bad("db", "backup", "x" * 300 + ".db", code=6, says="File name too long", only="sqlite"),
    bad("db", "backup", "copy.db", code=2, only="postgres",
        says="db backup copies SQLite stores; for PostgreSQL use pg_dump"),
    bad("import", "no-such-file.csv", code=3, says="no such file: no-such-file.csv"),
    bad("import", ".", code=2, says=". is a folder, not a file"),
    bad("import", "garbage.bin", code=9, says="pass --format to choose"),
    bad("import", "empty.csv", code=9, says="the file is empty"),
    bad("import", "people.csv", "--format", "xls", code=2, says="(use auto, csv, google"),
    bad("import", "people.csv", "--on-duplicate", "merge", code=2, says="(use skip, update)"),
    bad("import", "people.csv", "--tier", "Q", code=3, says=TIERS),
    bad("export", "--format", "xls", code=2, says="(use csv, json, ics)"),
    bad("export", "--out", "no-such-folder/book.csv", code=3,
        says="folder no-such-folder does not exist (create it first)"),
    bad("export", "--out", ".", code=2, says=". is a folder (give a file name)"),
    # the root: unknown commands and options, global options without values
    bad("nope", code=2, says="(see `cadence --help`)"),
    bad("--db", code=2, says="option '--db' requires an argument (see `cadence --help`)"),
    bad("--colour", "due", code=2, says="no such option: --colour (see `cadence --help`)"),
    bad("due", "--tier", code=2, says="option '--tier' requires an argument"),
    bad("log", code=2, says="log needs a CLIENT, or --tag, --tier or --owner to log with many"),
    bad("log", "Ada Lovelace", "Bob Marley", code=2, says="got unexpected extra argument"),
]  # fmt: skip

FILES = {
    "garbage.bin": bytes(range(256)) * 8,
    "empty.csv": b"",
    "people.csv": b"name,email\nZed,zed@example.com\n",
}


NOT_COMMANDS = {"nope"}
"""Words in BAD that are meant to be unknown commands."""


def missing_command(args: tuple[str, ...]) -> str | None:
    """The command a case needs that this build does not have yet (other issues add them)."""
    first = args[0]
    if first.startswith("-") or first in NOT_COMMANDS:
        return None
    command = command_at((first,))
    if command is None:
        return first
    runs_alone = getattr(command, "invoke_without_command", False)  # `team everyone` is refused
    if hasattr(command, "commands") and not runs_alone and command_at((first, args[1])) is None:
        return f"{first} {args[1]}"
    return None


@pytest.mark.parametrize("case", BAD, ids=[case.id for case in BAD])
def test_bad_input_is_refused_in_one_line_and_the_book_is_untouched(
    seeded: Book, case: Bad, tmp_path: Path
) -> None:
    missing = missing_command(case.args)
    if missing is not None:
        pytest.skip(f"`cadence {missing}` does not exist yet")
    if case.only not in (None, seeded.kind):
        pytest.skip(f"a {case.only} case")
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    db = seeded.fresh(tmp_path)
    result = run(db, list(case.args))
    line = assert_refused(result, set(case.codes))
    assert case.says in line
    assert result.stdout == ""
    seeded.assert_unchanged(db)


SPEC_COMMANDS = [
    ("add",), ("edit",), ("clients",), ("show",), ("log",), ("due",), ("tier", "list"),
    ("tier", "define"), ("tier", "set"), ("tier", "delete"), ("tier", "review"),
    ("promise", "add"), ("promise", "done"), ("promise", "list"), ("charter",), ("snooze",),
    ("archive",), ("restore",), ("report",), ("import",), ("export",), ("db", "path"),
    ("db", "backup"),
]  # fmt: skip
"""SPEC §2 (`undo` has its own tests below: it takes no values to get wrong)."""
TAKES_NO_VALUES = {("tier", "list"), ("promise", "list"), ("db", "path")}


@pytest.mark.parametrize("path", SPEC_COMMANDS, ids=" ".join)
def test_every_spec_command_that_exists_has_hand_written_cases(path: tuple[str, ...]) -> None:
    if command_at(path) is None:
        pytest.skip(f"`cadence {' '.join(path)}` does not exist yet")
    if path in TAKES_NO_VALUES:
        assert not _value_params(path), f"{path} takes values now: add cases for them to BAD"
        return
    assert any(case.args[: len(path)] == path for case in BAD), path


# ---------------------------------------------------------------------------------------------
# Generated from the command tree: covers commands added after this file was written

GOOD = {
    "client": "#1",
    "name": "Zed Zephyr",
    "tier": "A",
    "text": "call back",
    "every": "2w",
    "reactive_after": "1w",
    "reason": "moved",
    "promise_id": "1",
    "by": "fri",
    "file": "copy.db",
}
"""Plausible values for required parameters, so a bad value in another one is what gets tested."""


def _value_params(path: tuple[str, ...]) -> list[Any]:
    return [
        p
        for p in command_at(path).params
        if not getattr(p, "is_flag", False) and not getattr(p, "hidden", False)
    ]


def _argv(path: tuple[str, ...], override: Any = None, value: str = "") -> list[str]:
    """The command with every required parameter filled, and `override` set to `value`."""
    args: list[str] = list(path)
    options: list[str] = []
    for param in command_at(path).params:
        if getattr(param, "is_flag", False):
            continue
        if param is override:
            given = value
        elif param.required:
            given = GOOD.get(param.name, "x")
        else:
            continue
        if param.param_type_name == "argument":
            args.append(given)
        else:
            options += [param.opts[0], given]
    return args + options


def _params_cases(*, options_only: bool = False) -> list[tuple[tuple[str, ...], str]]:
    return [
        (path, param.name)
        for path in COMMANDS
        for param in _value_params(path)
        if not (options_only and param.param_type_name == "argument")
    ]


def _param(path: tuple[str, ...], name: str) -> Any:
    return next(p for p in command_at(path).params if p.name == name)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_an_unknown_option_is_one_line_naming_the_help(
    path: tuple[str, ...], sqlite_book: Book, tmp_path: Path
) -> None:
    db = sqlite_book.fresh(tmp_path)
    result = run(db, [*path, "--no-such-option"])
    line = assert_refused(result, {2})
    assert line.startswith("cadence: error: no such option: --no-such-option")
    assert line.endswith(f"(see `cadence {' '.join(path)} --help`)")
    sqlite_book.assert_unchanged(db)


@pytest.mark.parametrize(("path", "name"), _params_cases(options_only=True), ids=str)
def test_an_option_without_its_value_is_one_line(
    path: tuple[str, ...], name: str, sqlite_book: Book, tmp_path: Path
) -> None:
    param = _param(path, name)
    db = sqlite_book.fresh(tmp_path)
    result = run(db, [*path, param.opts[0]])
    line = assert_refused(result, {2})
    assert f"option '{param.opts[0]}' requires an argument" in line
    sqlite_book.assert_unchanged(db)


@pytest.mark.parametrize(("path", "name"), _params_cases(), ids=lambda v: str(v))
def test_bytes_that_are_not_utf8_are_refused_before_the_book_is_opened(
    path: tuple[str, ...], name: str, sqlite_book: Book, tmp_path: Path
) -> None:
    db = sqlite_book.fresh(tmp_path)
    result = run(db, _argv(path, _param(path, name), NOT_UTF8))
    line = assert_refused(result, {2})
    assert line == (
        "cadence: error: an argument is not valid UTF-8 text: 'Ada \\udcff\\udcfe' "
        "(retype it, or use a UTF-8 locale such as LANG=C.UTF-8)"
    )
    sqlite_book.assert_unchanged(db)


WEIRD = {"empty": "", "huge": HUGE, "control": CONTROL, "nul": "a\x00b", "markup": "[b]Ada[/] [/]"}
"""`markup`: Rich markup in a value must be shown as typed, never interpreted or crash."""


@pytest.mark.parametrize("weird", WEIRD)
@pytest.mark.parametrize(("path", "name"), _params_cases(), ids=lambda v: str(v))
def test_odd_values_never_crash_and_a_refusal_changes_nothing(
    path: tuple[str, ...], name: str, weird: str, sqlite_book: Book, tmp_path: Path
) -> None:
    db = sqlite_book.fresh(tmp_path)
    result = run(db, _argv(path, _param(path, name), WEIRD[weird]))
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output, "a raw escape sequence reached the terminal"
    assert result.exit_code in EXIT_CODES, result.output
    assert result.exit_code != 1, result.output  # 1 is an internal error: a bug
    if result.exit_code != 0:
        assert_refused(result, set(EXIT_CODES))
        sqlite_book.assert_unchanged(db)


# ---------------------------------------------------------------------------------------------
# Questions with no one to answer them; plain `cadence`; the environment


def test_undo_without_yes_and_without_a_terminal_keeps_the_touch(
    sqlite_book: Book, tmp_path: Path
) -> None:
    db = sqlite_book.fresh(tmp_path)
    result = run(db, ["undo"], input="")
    assert result.exit_code == 130, result.output
    assert result.stdout.startswith("Last touch logged by ")
    assert result.stderr.splitlines()[-1] == (
        "cadence: error: stopped at a question (Ctrl-C or end of input): nothing was changed "
        "(answer the question, or use --yes where the command offers it)"
    )
    assert content(db) == sqlite_book.before


def test_undo_answered_no_keeps_the_touch(sqlite_book: Book, tmp_path: Path) -> None:
    db = sqlite_book.fresh(tmp_path)
    result = run(db, ["undo"], input="n\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Kept it.\n")
    assert content(db) == sqlite_book.before


def test_a_group_without_a_command_shows_its_help(sqlite_book: Book, tmp_path: Path) -> None:
    db = sqlite_book.fresh(tmp_path)
    for group in ("tier", "promise", "db"):
        result = run(db, [group])
        assert result.exit_code == 2
        assert result.output.startswith(f"Usage: cadence {group} [OPTIONS] COMMAND [ARGS]...")
        assert "Traceback" not in result.output
    sqlite_book.assert_unchanged(db)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CADENCE_TZ", "Mars/Olympus", "CADENCE_TZ='Mars/Olympus' is not a time zone"),
        ("CADENCE_TODAY", "tomorrow", "CADENCE_TODAY must be YYYY-MM-DD, got 'tomorrow'"),
        ("CADENCE_TODAY", "2026-02-30", "CADENCE_TODAY is not a real day: '2026-02-30'"),
    ],
)
def test_a_bad_environment_is_one_line(
    variable: str, value: str, says: str, sqlite_book: Book, tmp_path: Path
) -> None:
    db = sqlite_book.fresh(tmp_path)
    result = run(db, ["due"], **{variable: value})
    line = assert_refused(result, {2})
    assert says in line
    sqlite_book.assert_unchanged(db)


def test_an_overlong_message_keeps_its_start_and_its_hint(
    sqlite_book: Book, tmp_path: Path
) -> None:
    db = sqlite_book.fresh(tmp_path)
    result = run(db, ["tier", "set", "#1", "Q" * 5000])
    line = assert_refused(result, {3})
    assert len(line) < 700
    assert line.startswith("cadence: error: no tier named 'QQQ")
    assert line.endswith("QQQ' (tiers are: A, B, C, VIP)")


# ---------------------------------------------------------------------------------------------
# Files from elsewhere: whatever is in them, cadence refuses cleanly or imports and renders

HEADER = "name,email,phone,company,tier,tags,birthday,milestones,owner,notes,last_contact,"
HEADER += "next_due,status\n"
ODD_FILES = {
    "legacy-encoding.csv": b"name,email\nZo\xeb Caf\xe9 \xff\xfe,zoe@example.com\n",
    "markup-name.csv": (HEADER + "[b]Zed[/] [/],zed@example.com,,,,,,,,,,,\n").encode(),
    "escape-name.csv": (HEADER + "Zed \x1b[2J,zed@example.com,,,,,,,,,,,\n").encode(),
    "nul-name.csv": (HEADER + "Zed \x00 Zero,zed@example.com,,,,,,,,,,,\n").encode(),
    "huge-name.csv": (HEADER + "Z" * 100_000 + ",zed@example.com,,,,,,,,,,,\n").encode(),
    "bidi-name.csv": (HEADER + "Zed \u202eevil,zed@example.com,,,,,,,,,,,\n").encode(),
    "utf16.csv": (HEADER + "Zoë,zoe@example.com,,,,,,,,,,,\n").encode("utf-16"),
    "broken.json": b'{"clients": [{"name": "Zed"',
    "broken.vcf": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed\r\nBDAY:not a day\r\n",
    "binary.vcf": b"BEGIN:VCARD\r\n" + bytes(range(256)) + b"\r\nEND:VCARD\r\n",
}


@pytest.mark.parametrize("name", ODD_FILES)
def test_an_odd_import_file_is_refused_cleanly_or_imported_and_shown(
    name: str, sqlite_book: Book, tmp_path: Path
) -> None:
    if command_at(("import",)) is None:
        pytest.skip("`cadence import` does not exist yet")
    (tmp_path / name).write_bytes(ODD_FILES[name])
    db = sqlite_book.fresh(tmp_path)
    result = run(db, ["import", name])
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output, "a raw escape sequence reached the terminal"
    assert result.exit_code in EXIT_CODES and result.exit_code != 1, result.output
    if result.exit_code != 0:
        assert_refused(result, set(EXIT_CODES))
        sqlite_book.assert_unchanged(db)
        return
    for args in (["clients"], ["clients", "--json"], ["due"], ["due", "--json"], ["show", "#6"],
                 ["tier", "list"], ["report"], ["export", "--format", "csv"]):  # fmt: skip
        shown = run(db, args)
        assert shown.exit_code == 0, (args, shown.output)
        assert "\x1b" not in shown.output, (args, "a raw escape sequence reached the terminal")


def test_the_readme_documents_exactly_the_exit_codes_in_use() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n\n")[1]
    documented = {
        int(code): meaning
        for code, meaning in (
            [cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]
        )
    }
    assert documented == EXIT_CODES


@pytest.mark.parametrize("weird", WEIRD)
def test_odd_store_addresses_never_crash(weird: str, tmp_path: Path) -> None:
    result = run(str(tmp_path / "unused.db"), ["--db", WEIRD[weird], "due"])
    assert "Traceback" not in result.output
    assert result.exit_code in EXIT_CODES and result.exit_code != 1, result.output
    if result.exit_code != 0:
        assert_refused(result, set(EXIT_CODES))


READERS = [
    ["due"], ["due", "--json", "--horizon", "1y"], ["clients"], ["show", "#1"], ["tier", "list"],
    ["report"], ["team"], ["export", "--format", "ics"],
]  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        [["tier", "define", "Z", "--every", "99999y", "--reactive-after", "99999y"],
         ["tier", "set", "#1", "Z"]],
        [["charter", "#1", "--every", "99999m", "--review-every", "99999y"]],
        [["snooze", "#1", "--until", "99999w"]],
        [["promise", "add", "#1", "someday", "--by", "+99999d"]],
    ],
    ids=["tier", "charter", "snooze", "promise"],
)  # fmt: skip
def test_the_longest_values_accepted_never_break_the_book(
    change: list[list[str]], sqlite_book: Book, tmp_path: Path
) -> None:
    """An interval or day that is accepted must keep every later command working."""
    db = sqlite_book.fresh(tmp_path)
    for args in change:
        result = run(db, args)
        if result.exit_code != 0:
            assert_refused(result, {2})
            sqlite_book.assert_unchanged(db)
            return
    for args in READERS:
        if command_at(tuple(a for a in args if not a.startswith("-"))[:1]) is None:
            continue
        shown = run(db, args)
        assert shown.exit_code == 0, (args, shown.output)
