"""Issue 18, items 4, 5, 6 and 11: what a bad file, a bad path or a careless URL can still do.

* 4: `export --out` never replaces a symlink, a FIFO or a device: it renames over a regular
  file (or nothing), writes through a FIFO or character device, refuses anything else.
* 5: a database password is masked by field (user:password and the query string), never by
  replacing text, and a libpq `key=value` string is refused, not taken for a file name.
* 6: every day cadence stores or takes as today lies within 1900-01-01..2999-12-31, so no
  command fails on a date near the edges.
* 11: imports refuse files and lines past sane sizes, and files that are not regular files.

Each runs on SQLite and on PostgreSQL where the store matters (`cadence` fixture).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from test_reliability import content
from typer.testing import CliRunner

from cadence_cli.cli import app
from harness import PG_URL

DAY_RANGE = "cadence keeps dates between 1900-01-01 and 2999-12-31"

READERS: list[list[str]] = [
    ["due"], ["clients"], ["report"], ["team"], ["show", "Ada"], ["promise", "list"],
    ["export"], ["export", "--format", "json"], ["export", "--format", "ics"],
]  # fmt: skip


def assert_refused(result: Any, code: int, *says: str) -> None:
    """Refused with `code`, one line on stderr saying each of `says`, no traceback."""
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    for text in says:
        assert text in result.stderr, result.stderr


# ---------------------------------------------------------------------------------------------
# Item 6: dates near the edges


@pytest.mark.parametrize(
    "change",
    [
        ["snooze", "Ada", "--until", "9999-12-31"],
        ["snooze", "Ada", "--until", "3000-01-01"],
        ["promise", "add", "Ada", "call back", "--by", "9999-12-31"],
        ["log", "Ada", "--on", "1899-12-31"],
        ["log", "Ada", "--on", "0001-01-01"],
        ["due", "--on", "9999-12-31"],
    ],
)
def test_a_day_past_the_range_is_refused_and_the_book_keeps_working(
    cadence: Any, change: list[str]
) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    before = content(cadence.db)
    assert_refused(cadence(*change), 2, f"date out of range: {change[-1]!r}", DAY_RANGE)
    assert content(cadence.db) == before
    for args in READERS:
        cadence.ok(*args)


@pytest.mark.parametrize("today", ["1900-01-01", "2999-12-31"])
def test_the_last_days_of_the_range_keep_every_command_working(cadence: Any, today: str) -> None:
    """The edges themselves are accepted: a snooze and a promise on the last day, a touch on
    the first, and every reader run with CADENCE_TODAY at either end."""
    cadence.ok("add", "Ada", "--tier", "A", "--birthday", "1985-02-28")
    cadence.ok("add", "Bob", "--tier", "C", "--milestone", "founded=1900-01-01")
    cadence.ok("snooze", "Ada", "--until", "2999-12-31")
    cadence.ok("promise", "add", "Bob", "call back", "--by", "2999-12-31")
    cadence.ok("log", "Bob", "--on", "1900-01-01")
    cadence.ok("charter", "Bob", "--every", "100y")
    for args in [*READERS, ["due", "--horizon", "100y"], ["report", "--weeks", "52"]]:
        cadence.ok(*args, today=today)
    cadence.ok("tier", "review", input="s\ns\n", today=today)


@pytest.mark.parametrize("today", ["9999-12-31", "3000-01-01", "1899-12-31", "0001-01-01"])
def test_cadence_today_past_the_range_is_refused(cadence: Any, today: str) -> None:
    for args in (["due"], ["add", "Ada"]):
        result = cadence(*args, today=today)
        assert_refused(result, 2, f"CADENCE_TODAY is out of range: {today!r}", DAY_RANGE)


def _dump(clients: list[dict[str, Any]], **lists: list[dict[str, Any]]) -> str:
    return json.dumps({"format": "cadence", "version": 1, "clients": clients, **lists})


@pytest.mark.parametrize(
    ("dump", "says"),
    [
        (_dump([{"id": 1, "name": "Ada", "snoozed_until": "9999-12-31"}]),
         "snoozed_until '9999-12-31' is out of range"),
        (_dump([{"id": 1, "name": "Ada", "added_on": "0001-01-01"}]),
         "added_on '0001-01-01' is out of range"),
        (_dump([{"id": 1, "name": "Ada"}],
               promises=[{"client_id": 1, "text": "x", "due_on": "9999-12-31"}]),
         "due_on '9999-12-31' is out of range"),
        (_dump([{"id": 1, "name": "Ada"}],
               touches=[{"client_id": 1, "at": "9999-12-31T23:00:00-01:00"}]),
         "at '9999-12-31T23:00:00-01:00' is out of range"),
        (_dump([{"id": 1, "name": "Ada"}],
               touches=[{"client_id": 1, "at": "1900-01-01T00:00:00+14:00"}]),
         "at '1900-01-01T00:00:00+14:00' is out of range"),
        (_dump([{"id": 1, "name": "Ada", "charter": {"every": "1w", "agreed_on": "9999-01-01"}}]),
         "agreed_on '9999-01-01' is out of range"),
    ],
    ids=["snooze", "added", "promise", "touch-utc-overflow", "touch-utc-before", "charter"],
)  # fmt: skip
def test_a_dump_cannot_bring_a_day_past_the_range(
    cadence: Any, tmp_path: Path, dump: str, says: str
) -> None:
    path = tmp_path / "book.json"
    path.write_text(dump)
    before = content(cadence.db)
    result = cadence("import", str(path))
    assert result.exit_code == 9, result.output
    assert says in result.stderr and DAY_RANGE in result.stderr
    assert "Traceback" not in result.output
    assert content(cadence.db) == before
    for args in READERS[:4]:
        cadence.ok(*args)


def test_a_csv_cannot_bring_a_last_contact_past_the_range(cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text(
        "name,email,phone,company,tier,tags,birthday,milestones,owner,notes,last_contact,"
        "next_due,status\nAda,,,,A,,,,,,0001-01-01,,active\n"
    )
    cadence.ok("clients")
    before = content(cadence.db)
    result = cadence("import", str(path))
    assert result.exit_code == 9, result.output
    assert "last_contact '0001-01-01' is out of range" in result.stderr
    assert content(cadence.db) == before


# ---------------------------------------------------------------------------------------------
# Item 11: import size limits and non-regular files

VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{extra}END:VCARD\r\n"
MIB = 1024 * 1024


def run_cadence(
    db: str,
    *args: str,
    timeout: float = 60,
    memory: int | None = None,
    file_size: int | None = None,
) -> Any:
    """`cadence ARGS` in a child process: for what could hang or exhaust memory in-process.

    `file_size` caps every file the child writes (RLIMIT_FSIZE, with SIGXFSZ ignored so the
    write fails with EFBIG instead of killing it): a full disk, for that one process.
    """
    env = {**os.environ, "CADENCE_DB": db, "CADENCE_TODAY": "2026-11-23", "NO_COLOR": "1"}

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        [sys.executable, "-m", "cadence_cli", *args],
        capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
        preexec_fn=limit,
    )  # fmt: skip


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_without_being_read(cadence: Any, device: str) -> None:
    cadence.ok("clients")
    before = content(cadence.db)
    assert_refused(
        cadence("import", device), 2, f"{device} is not a regular file", "cadence import - < FILE"
    )
    assert content(cadence.db) == before


def test_a_fifo_is_refused_without_waiting_for_a_writer(cadence: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "contacts.vcf"
    os.mkfifo(fifo)
    cadence.ok("clients")
    before = content(cadence.db)
    result = run_cadence(cadence.db, "import", str(fifo), timeout=30)
    assert result.returncode == 2, result.stderr
    assert f"{fifo} is not a regular file" in result.stderr
    assert content(cadence.db) == before


def test_standard_input_is_read_when_asked_for_with_a_dash(cadence: Any) -> None:
    card = VCARD.format(name="Zed Zimmer", extra="EMAIL:zed@x.test\r\n")
    assert cadence.ok("import", "-", input=card) == (
        "Imported 1 client from standard input (vcard).\n"
    )
    assert "Zed Zimmer" in cadence.ok("clients")


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(
    cadence: Any, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.vcf"
    with huge.open("wb") as out:  # sparse: 128 MiB and a byte, costing no disk
        out.write(VCARD.format(name="Ann", extra="").encode())
        out.truncate(128 * MIB + 1)
    cadence.ok("clients")
    before = content(cadence.db)
    assert_refused(cadence("import", str(huge)), 9, "huge.vcf is larger than 128 MiB")
    assert content(cadence.db) == before


def test_standard_input_past_the_size_limit_is_refused(
    cadence: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadence_cli.interop import source

    monkeypatch.setattr(source, "MAX_IMPORT_BYTES", 4 * MIB)
    cards = "".join(
        VCARD.format(name=f"P{i}", extra="NOTE:" + "n" * 900 + "\r\n") for i in range(6000)
    )
    result = cadence("import", "-", input=cards)
    assert_refused(result, 9, "standard input is larger than 4 MiB")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (VCARD.format(name="Ann", extra="NOTE:" + "x" * (MIB + 1) + "\r\n"), 4),
        # folded: every physical line is short, the property is not
        (VCARD.format(name="Ann", extra="NOTE:" + "\r\n ".join(["x" * 74] * 15_000) + "\r\n"), 4),
        # quoted-printable soft line breaks (vCard 2.1)
        ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\nNOTE;ENCODING=QUOTED-PRINTABLE:"
         + "=\r\n".join(["x" * 74] * 15_000) + "\r\nEND:VCARD\r\n", 4),
        ("name,email\r\nAnn,ann@x.test\r\nBob," + "b" * (MIB + 1) + "\r\n", 3),
    ],
    ids=["vcard", "vcard-folded", "vcard-qp", "csv"],
)  # fmt: skip
def test_a_line_past_the_limit_is_refused_with_its_number(
    cadence: Any, tmp_path: Path, text: str, line: int
) -> None:
    path = tmp_path / "contacts.txt"
    path.write_text(text)
    cadence.ok("clients")
    before = content(cadence.db)
    assert_refused(cadence("import", str(path)), 9, f"line {line} is longer than 1 MiB")
    assert content(cadence.db) == before


def test_a_large_photo_does_not_count_as_a_long_line(cadence: Any, tmp_path: Path) -> None:
    """vCard photos are the one long value in real files; cadence drops them unread."""
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(["QUJD" * 18] * 30_000) + "\r\n"
    path = tmp_path / "photos.vcf"
    path.write_text(VCARD.format(name="Ann", extra=photo) + VCARD.format(name="Bob", extra=""))
    assert cadence.ok("import", str(path)) == "Imported 2 clients from photos.vcf (vcard).\n"


def test_a_20_mb_line_is_refused_in_bounded_memory(sqlite_cadence: Any, tmp_path: Path) -> None:
    """The audit's case: one 20 MB vCard line took 3 GB; refused within 1 GiB of memory."""
    path = tmp_path / "big.vcf"
    path.write_text(VCARD.format(name="Ann", extra="NOTE:" + "x" * 20_000_000 + "\r\n"))
    result = run_cadence(sqlite_cadence.db, "import", str(path), memory=1024 * MIB)
    assert result.returncode == 9, result.stderr[-2000:]
    assert result.stderr == (
        "cadence: error: line 4 is longer than 1 MiB: nothing was imported "
        "(no contact field is that long; is this the right file?)\n"
    )


# ---------------------------------------------------------------------------------------------
# Item 4: export --out never replaces what is not a regular file


def leftovers(folder: Path) -> list[str]:
    """Temporary files an export left beside its target (there must be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_export_replaces_a_regular_file_whole_and_private(cadence: Any, tmp_path: Path) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    target = tmp_path / "book.csv"
    target.write_text("old\n")
    target.chmod(0o644)
    assert cadence.ok("export", "--out", str(target)).startswith("Exported 1 client to ")
    assert target.read_text(encoding="utf-8-sig").startswith("name,email")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("dangling", [False, True])
def test_export_refuses_to_replace_a_symbolic_link(
    cadence: Any, tmp_path: Path, dangling: bool
) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    real = tmp_path / "real.csv"
    if not dangling:
        real.write_text("keep\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    result = cadence("export", "--out", str(link))
    assert_refused(result, 2, f"{link} is a symbolic link: cadence will not replace it")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "keep\n" if not dangling else not real.exists()
    assert leftovers(tmp_path) == []


def test_export_writes_through_a_named_pipe(cadence: Any, tmp_path: Path) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cadence("export", "--format", "json", "--out", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a pipe, not a file put in its place
    assert json.loads(received[0])["clients"][0]["name"] == "Ada"
    assert result.stdout == ""  # the summary is not mixed into what went down the pipe
    assert result.stderr == f"Exported 1 client to {fifo} (json).\n"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_export_writes_through_a_device_and_leaves_it_a_device(
    cadence: Any, tmp_path: Path
) -> None:
    """The audit's /dev/null as root, on a copy of /dev/null's node in a private folder."""
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    cadence.ok("add", "Ada", "--tier", "A")
    cadence.ok("export", "--format", "ics", "--out", str(null))
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert leftovers(tmp_path) == []


def test_export_to_a_link_to_standard_output_writes_there(cadence: Any, tmp_path: Path) -> None:
    """`--out /dev/stdout` (a link to /proc/self/fd/1, made here to keep /dev out of the test)."""
    cadence.ok("add", "Ada", "--tier", "A")
    out = tmp_path / "stdout"
    out.symlink_to("/proc/self/fd/1")
    result = run_cadence(cadence.db, "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip("\ufeff").splitlines()[1].startswith("Ada,")
    assert result.stderr == f"Exported 1 client to {out} (csv).\n"
    assert out.is_symlink()


@pytest.mark.parametrize("kind", ["folder", "socket"])
def test_export_refuses_a_folder_or_a_socket(cadence: Any, tmp_path: Path, kind: str) -> None:
    target = tmp_path / kind
    if kind == "folder":
        target.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    result = cadence("export", "--out", str(target))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert target.is_dir() if kind == "folder" else stat.S_ISSOCK(target.lstat().st_mode)


# ---------------------------------------------------------------------------------------------
# Item 5: database passwords, masked by field

QUERY_SECRET = "hunter2-in-the-query"


def cli(*args: str, **env: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", **env})


@pytest.mark.parametrize("via", ["option", "env"])
def test_db_path_masks_a_password_in_the_query(via: str) -> None:
    url = (
        f"postgresql+psycopg://cadence@db.example.com/book?sslmode=require&password={QUERY_SECRET}"
    )
    result = (
        cli("--db", url, "db", "path") if via == "option" else cli("db", "path", CADENCE_DB=url)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "postgresql+psycopg://cadence@db.example.com/book?sslmode=require&password=***\n"
    )


def test_an_unreachable_server_masks_the_query_password_and_keeps_the_message() -> None:
    """Port 1 answers nothing; the message names the URL, masked, with every letter kept
    (a one-letter password used to turn 'cannot reach' into 'c***nnot re***ch')."""
    url = f"postgresql+psycopg://a:a@127.0.0.1:1/book?password={QUERY_SECRET}"
    result = cli("--db", url, "due")
    assert_refused(
        result, 6, "cannot reach the database postgresql+psycopg://a:***@127.0.0.1:1/book"
    )
    assert QUERY_SECRET not in result.output
    assert "?password=***" in result.stderr


@pytest.mark.postgres
def test_a_refused_login_masks_the_query_password() -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL: set CADENCE_TEST_POSTGRES_URL to run")
    server = make_url(PG_URL).set(password=None, query={"password": QUERY_SECRET})
    url = server.render_as_string(hide_password=False)
    result = cli("--db", url, "due")
    assert_refused(result, 6, "refused the login for", "password=***")
    assert QUERY_SECRET not in result.output


@pytest.mark.parametrize("via", ["option", "env"])
@pytest.mark.parametrize("command", [["db", "path"], ["due"], ["add", "Ada"]])
def test_a_libpq_string_is_refused_not_taken_for_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, via: str, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    libpq = f"host=db.example.com dbname=book user=cadence password={QUERY_SECRET}"
    args = ["--db", libpq, *command] if via == "option" else command
    result = cli(*args) if via == "option" else cli(*args, CADENCE_DB=libpq)
    assert_refused(result, 2, "a libpq key=value string", "PGPASSWORD or ~/.pgpass")
    assert QUERY_SECRET not in result.output
    assert list(tmp_path.iterdir()) == []  # no SQLite file named after the password


def test_db_help_says_to_keep_the_password_off_the_command_line() -> None:
    text = " ".join(cli("--help").stdout.split())
    assert "others see the command line in `ps`; use CADENCE_DB, PGPASSWORD or ~/.pgpass" in text


URLS = [
    "postgresql+psycopg://cadence:s3cret@db.example.com:5432/book",
    "postgresql+psycopg://cadence:pa/ss?x@db.example.com/book?sslmode=require",
    "postgresql+psycopg://cadence:p%40ss@[::1]:5432/book",
    "postgresql+psycopg://cadence@db.example.com/book?password=s3cret&application_name=x",
    "postgresql+psycopg://db.example.com/book",
    "sqlite:////tmp/with@sign.db",
]


@pytest.mark.parametrize("url", URLS)
def test_describe_url_masks_what_sqlalchemy_reads_as_a_password(url: str) -> None:
    from cadence_cli.store.urls import describe_url, passwords

    parsed = make_url(url)
    shown = describe_url(url)
    for secret in filter(None, [parsed.password, parsed.query.get("password")]):
        assert secret in passwords(url)
        assert str(secret) not in shown
    again = make_url(shown)  # what is shown is still the same address
    assert (again.username, again.host, again.port, again.database) == (
        parsed.username, parsed.host, parsed.port, parsed.database,
    )  # fmt: skip


def test_a_password_sqlalchemy_would_split_is_masked_whole() -> None:
    from cadence_cli.store.urls import describe_url, mask_secrets

    assert describe_url("postgresql://u:p@ss@host/db") == "postgresql://u:***@host/db"
    assert mask_secrets("at 'postgresql://u:a@h/d', password=xyz: a") == (
        "at 'postgresql://u:***@h/d', password=*** a"  # the value runs to the space, all of it
    )


# ---------------------------------------------------------------------------------------------
# Permissions of the book and its folder (issue 18.10)


def test_folders_made_for_a_new_book_are_private_under_any_umask(tmp_path: Path) -> None:
    book = tmp_path / "a" / "b" / "book.db"
    old = os.umask(0)
    try:
        result = run_cadence(str(book), "add", "Ada")
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    for made in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert stat.S_IMODE(book.stat().st_mode) == 0o600


def test_a_book_others_can_read_or_replace_is_named_in_a_warning(tmp_path: Path) -> None:
    book = tmp_path / "shared" / "book.db"
    assert run_cadence(str(book), "add", "Ada").returncode == 0
    book.chmod(0o644)
    book.parent.chmod(0o777)
    result = run_cadence(str(book), "clients", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["name"] == "Ada"  # still opens: it is the user's call
    assert result.stderr.splitlines() == [
        f"warning: the book {book} can be read by other users (mode 644): run chmod 600 {book}",
        f"warning: the folder {book.parent} can be changed by other users (mode 777): they "
        f"could replace the book; run chmod go-w {book.parent}",
    ]
    book.chmod(0o600)
    book.parent.chmod(0o1777)  # sticky, like /tmp: others cannot replace what is not theirs
    assert run_cadence(str(book), "clients").stderr == ""


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give the book to another user")
def test_a_book_that_belongs_to_another_user_is_named_in_a_warning(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    assert run_cadence(str(book), "add", "Ada").returncode == 0
    os.chown(book, 4321, -1)
    result = run_cadence(str(book), "clients")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"warning: the book {book} belongs to another user (uid 4321)\n"


# ---------------------------------------------------------------------------------------------
# Item 12: the internal errors that were left


def test_a_json_file_nested_thousands_deep_is_refused(cadence: Any, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = cadence("import", str(deep), "--format", "json")
    assert_refused(result, 9, "line 1: not a cadence JSON file (nested too deeply)")


def test_a_time_zone_name_too_long_for_a_file_name_is_refused(sqlite_cadence: Any) -> None:
    result = run_cadence(sqlite_cadence.db, "due")
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "CADENCE_DB": sqlite_cadence.db, "CADENCE_TZ": "A" * 5000}
    refused = subprocess.run(
        [sys.executable, "-m", "cadence_cli", "due"], capture_output=True, text=True, env=env
    )
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.startswith("cadence: error: CADENCE_TZ='AAAA")
    assert "is not a time zone" in refused.stderr and refused.stderr.count("\n") == 1


def test_a_rank_past_any_book_is_a_usage_error(cadence: Any) -> None:
    result = cadence("tier", "define", "Z", "--every", "1w", "--reactive-after", "1w",
                     "--rank", "9" * 30)  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "--rank" in result.stderr


def test_a_terminal_that_cannot_encode_a_name_shows_question_marks(tmp_path: Path) -> None:
    db = str(tmp_path / "book.db")
    assert run_cadence(db, "add", "Zoë Müller", "--tier", "A").returncode == 0
    env = {**os.environ, "CADENCE_DB": db, "CADENCE_TODAY": "2026-11-23", "NO_COLOR": "1",
           "PYTHONIOENCODING": "ascii", "COLUMNS": "100"}  # fmt: skip

    def cadence(*args: str) -> Any:
        return subprocess.run([sys.executable, "-m", "cadence_cli", *args],
                              capture_output=True, env=env, timeout=60)  # fmt: skip

    shown = cadence("show", "Zoë")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == b"#1 Zo? M?ller"
    listed = cadence("clients")
    assert listed.returncode == 0, listed.stderr
    assert b"| 1 | Zo? M?ller |  A   |" in listed.stdout  # Rich's ASCII box, not ? borders
    as_json = cadence("clients", "--json")
    assert json.loads(as_json.stdout)[0]["name"] == "Zoë Müller"  # escaped, not lost
    assert as_json.stdout.isascii()


def _edit_by_hand(db: str, sql: str) -> None:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(sql)
        conn.commit()


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("UPDATE touch SET day = '2026-02-30'", "the book holds a date cadence cannot read"),
        ("UPDATE client SET tier_id = 77", "a client in a tier that does not exist"),
    ],
)
@pytest.mark.parametrize("command", [["due"], ["clients"], ["report"], ["tier", "list"]])
def test_a_book_edited_by_hand_is_one_line_without_its_data(
    sqlite_cadence: Any, sql: str, says: str, command: list[str]
) -> None:
    sqlite_cadence.ok("add", "Ada Secretname")
    sqlite_cadence.ok("log", "Ada", "--on", "yesterday")
    _edit_by_hand(sqlite_cadence.db, sql)
    result = sqlite_cadence(*command)
    assert_refused(result, 6, says, "was it changed by another program?")
    assert "Secretname" not in result.stderr and "2026-02-30" not in result.stderr


# ---------------------------------------------------------------------------------------------
# Item 13: a book deleted while a command writes to it


DELETED_DURING = {
    # command, the store function it writes through, what it would print on success
    "log": (["log", "Ada"], "writes", "log_touch", "Logged"),
    "import": (["import", "{csv}"], "bulk_write", "apply_import", "Imported"),
    "tier review": (["tier", "review"], "writes", "set_tier", "Moved"),
}


@pytest.mark.parametrize("command", DELETED_DURING)
def test_a_book_deleted_while_a_command_writes_is_not_reported_as_saved(
    sqlite_cadence: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
) -> None:
    import importlib

    args, module_name, function, success = DELETED_DURING[command]
    sqlite_cadence.ok("add", "Ada", "--tier", "B")
    sqlite_cadence.ok("log", "Ada", "--on", "2026-10-01")
    (tmp_path / "new.csv").write_text("name,tier\nBea,A\n")
    module = importlib.import_module(f"cadence_cli.store.{module_name}")
    write = getattr(module, function)

    def delete_then_write(*args: Any, **kwargs: Any) -> Any:
        for leftover in ("", "-wal", "-shm"):
            Path(sqlite_cadence.db + leftover).unlink(missing_ok=True)
        return write(*args, **kwargs)

    monkeypatch.setattr(module, function, delete_then_write)
    argv = [arg.format(csv=tmp_path / "new.csv") for arg in args]
    result = sqlite_cadence(*argv, input="A\nq\n")  # tier review: move Ada to A, then quit
    assert_refused(
        result,
        6,
        f"the book at {sqlite_cadence.db} was deleted or replaced while this command wrote to "
        "it: the change went to the old file and is lost",
    )
    assert success not in result.stdout


@pytest.mark.parametrize("name", ["a?b.db", "a%20b.db", "a#b.db", "a b.db", "é@x:y.db"])
def test_a_book_path_is_taken_literally(tmp_path: Path, name: str) -> None:
    """`?` once began a URL query and `%20` was decoded: another file was used (item 13)."""
    book = tmp_path / name
    added = run_cadence(str(book), "add", "Ada")
    assert added.returncode == 0, added.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        name
    ]
    assert run_cadence(str(book), "db", "path").stdout == f"{book}\n"
    assert json.loads(run_cadence(str(book), "clients", "--json").stdout)[0]["name"] == "Ada"


def test_a_backup_that_runs_out_of_disk_leaves_no_copy_and_no_journal(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    """The copy stops at 96 KiB (a full disk, for this process only): nothing half-written stays."""
    rows = "".join(f"Client {n},c{n}@example.com,B\n" for n in range(2000))
    (tmp_path / "clients.csv").write_text("name,email,tier\n" + rows)
    sqlite_cadence.ok("import", str(tmp_path / "clients.csv"))
    assert Path(sqlite_cadence.db).stat().st_size > 4 * 96 * 1024
    before = content(sqlite_cadence.db)
    copies = tmp_path / "copies"
    copies.mkdir()

    result = run_cadence(sqlite_cadence.db, "db", "backup", str(copies / "copy.db"),
                         file_size=96 * 1024)  # fmt: skip

    assert result.returncode == 6, result.stderr
    assert result.stderr.startswith(f"cadence: error: cannot write the store {copies / 'copy.db'}")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in copies.iterdir()) == []
    assert content(sqlite_cadence.db) == before


def test_a_fifo_where_the_book_should_be_is_named_not_blamed_on_the_disk(tmp_path: Path) -> None:
    fifo = tmp_path / "book.db"
    os.mkfifo(fifo)
    result = run_cadence(str(fifo), "due", timeout=30)
    assert result.returncode == 6
    assert result.stderr == (
        f"cadence: error: {fifo} is not a regular file, so it cannot be a cadence book "
        "(give the path of a book, or of a new file)\n"
    )


def test_a_wrong_pgpassword_points_at_pgpassword(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL: set CADENCE_TEST_POSTGRES_URL to run (bash .ci/run does)")
    password = make_url(PG_URL).password
    url = PG_URL.replace(f":{password}@", "@") if password else PG_URL
    env = {**os.environ, "CADENCE_DB": url, "PGPASSWORD": "not-the-password"}
    result = subprocess.run([sys.executable, "-m", "cadence_cli", "due"],
                            capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert result.returncode == 6, result.stderr
    assert result.stderr.endswith(
        "(check the user, and the password (in PGPASSWORD, ~/.pgpass or the URL))\n"
    )
    assert "not-the-password" not in result.stderr
