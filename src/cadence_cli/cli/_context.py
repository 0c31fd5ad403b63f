"""The imperative edge: the one place that reads the clock and the environment.

`Env` is built once per invocation by the root callback and carried in `ctx.obj`; every
command takes `today`, `now` and the user from it, so nothing below the CLI reads the clock.
This module must stay light: `--help`, `--version` and completion import it.
"""

from __future__ import annotations

import getpass
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cadence_cli.core.dates import resolve_today
from cadence_cli.errors import InvalidInput

if TYPE_CHECKING:
    from cadence_cli.core.records import Stamp
    from cadence_cli.store.engine import Db


def db_target(option: str | None) -> str:
    """`--db`, else `CADENCE_DB`, else the config file's `db`, else the default file."""
    if option or os.environ.get("CADENCE_DB"):
        return option or os.environ["CADENCE_DB"]
    from cadence_cli.cli._config import default_db_path, load_config

    configured = load_config().get("db")
    return str(configured) if configured else str(default_db_path())


def local_zone() -> tzinfo:
    """`CADENCE_TZ` (an IANA name), else the system zone."""
    name = os.environ.get("CADENCE_TZ")
    if name:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # (its path set-up costs completion)

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
            raise InvalidInput(
                f"CADENCE_TZ={name!r} is not a time zone", hint="use an IANA name like Europe/Paris"
            ) from None
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def current_user() -> str:
    """`CADENCE_USER`, else the OS login name: who "me" is for --by and --owner.

    `CADENCE_USER` is stored as an owner and a touch's `--by`, so it meets the owner's rule
    (one printable line, at most 100 characters); a bad one is refused before any command runs,
    rather than written into the book.
    """
    name = os.environ.get("CADENCE_USER")
    if name and name.strip():
        from cadence_cli.store.rules import check_environment_name

        return check_environment_name("CADENCE_USER", name)
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


@dataclass(frozen=True)
class Env:
    """What one invocation knows about the world outside the book.

    The config file is read when a command first needs it (`db`, `config`), not when the
    root callback runs: `cadence due --help` works even with a broken file.
    """

    db_option: str | None
    zone: tzinfo
    now: datetime
    today: date
    user: str

    @cached_property
    def db(self) -> str:
        """The book: `--db`, `CADENCE_DB`, the config file's `db`, the default file."""
        return db_target(self.db_option)

    @cached_property
    def config(self) -> dict[str, str | int]:
        """The config file's settings ({} without one): see `cli._config`."""
        from cadence_cli.cli._config import load_config

        return load_config()

    def setting(self, key: str) -> str | int | None:
        """A key's value from `CADENCE_<KEY>`, else the config file, else None."""
        from cadence_cli.cli._config import setting

        return setting(key, self.config)

    def owner_filter(self, value: str | None, *, configured: bool = True) -> str | None:
        """The `--owner` of a list: the flag, else (when `configured`) the configured owner;
        `all` is everyone. A bulk `log` selection is only what was typed."""
        chosen = value if value is not None or not configured else self.setting("owner")
        if chosen is None or str(chosen).strip().casefold() == "all":
            return None
        return self.owner(str(chosen))

    def owner_origin(self, value: str | None) -> str | None:
        """Where a list's owner came from when `--owner` was not given (None: the flag)."""
        from cadence_cli.cli._config import origin

        return None if value is not None else origin("owner", self.config)

    def rows(self) -> int:
        """`due`'s rows on a screen: `CADENCE_ROWS`, else the config file, else 50."""
        from cadence_cli.cli._config import SCREEN_ROWS

        return int(self.setting("rows") or SCREEN_ROWS)

    def horizon(self, value: str | None) -> str:
        """`--horizon`, else the configured one, else 7 days."""
        return value if value is not None else str(self.setting("horizon") or "7d")

    @property
    def stamp(self) -> Stamp:
        """This invocation's day, instant and user: what every recorded change carries."""
        from cadence_cli.core.records import Stamp

        return Stamp(on=self.today, at=self.now, by=self.user)

    def owner(self, value: str | None) -> str | None:
        """`--owner me` means the current user."""
        if value is None:
            return None
        return self.user if value.strip().lower() == "me" else value.strip()

    @contextmanager
    def read(self) -> Iterator[Db]:
        """The read door: one consistent snapshot of the book for the whole command."""
        from cadence_cli.store.doors import reading

        warn_about_permissions(self.db)
        with reading(self.db) as db:
            yield db

    @contextmanager
    def preview(self) -> Iterator[Db]:
        """The read door of a dry run: the book, or where there is none yet, the empty book
        the first write would make (in a scratch folder, removed after), so `import
        --dry-run` can be tried before the first import instead of being told "no book"."""
        import tempfile
        from contextlib import ExitStack

        from cadence_cli.errors import NoBook
        from cadence_cli.store.doors import reading, writing

        with ExitStack() as held:
            try:
                db = held.enter_context(self.read())
            except NoBook:
                scratch = held.enter_context(tempfile.TemporaryDirectory(prefix="cadence-"))
                empty = str(Path(scratch) / "empty.db")
                with writing(empty):
                    pass  # creates and migrates it
                db = held.enter_context(reading(empty))
            yield db

    @contextmanager
    def write(self, *, creates: bool = True) -> Iterator[Db]:
        """The write door: one transaction, committed when the block ends, else rolled back.

        A command that changes what only a used book holds (a client, touch or promise by
        name or id) passes `creates=False`: on a missing book it can never succeed, so it
        says "no book" instead of making an empty one on its way to "no client matches".
        """
        from cadence_cli.store.doors import writing

        warn_about_permissions(self.db)
        with writing(self.db, creates=creates, on_created=announce_new_book) as db:
            yield db


def announce_new_book(where: str) -> None:
    """Said once, on stderr, by the write that made the book: a mistyped --db or CADENCE_DB
    shows at once, instead of a second, empty book quietly growing somewhere."""
    from cadence_cli.cli._app import one_line

    place = "in" if "://" in where else "at"
    sys.stderr.write(f"note: created a new book {place} {one_line(where)}\n")


_WARNED: set[str] = set()


def permission_problems(path: Path) -> list[str]:
    """What lets another user read or replace the book at `path` (issue 18.10).

    The file: any group or other permission bit, or another owner (who can read every
    client you add). Its folder: writable by others without the sticky bit (they can swap
    the file), or another owner. A folder that others may only list (a 0755 home) shows them
    the file's name, not its content, so it is not worth a warning on every command.
    """
    problems: list[str] = []
    me = os.getuid() if hasattr(os, "getuid") else None
    try:
        info = path.stat()
    except OSError:
        return problems  # not there yet: it is created 0600 in a 0700 folder
    if not stat.S_ISREG(info.st_mode):
        return problems  # a folder or a FIFO is refused when the book is opened
    if me is not None and info.st_uid != me:
        problems.append(f"the book {path} belongs to another user (uid {info.st_uid})")
    if info.st_mode & 0o077:
        problems.append(
            f"the book {path} can be read by other users (mode {info.st_mode & 0o777:o}): "
            f"run chmod 600 {path}"
        )
    folder = path.parent
    try:
        held = folder.stat()
    except OSError:
        return problems
    if held.st_mode & 0o022 and not held.st_mode & 0o1000:
        problems.append(
            f"the folder {folder} can be changed by other users (mode {held.st_mode & 0o777:o}):"
            f" they could replace the book; run chmod go-w {folder}"
        )
    if me is not None and held.st_uid not in (me, 0):
        problems.append(f"the folder {folder} belongs to another user (uid {held.st_uid})")
    return problems


def warn_about_permissions(target: str) -> None:
    """One warning per problem and command, on stderr: the book still opens (it is yours to
    decide), but never silently."""
    if "://" in target or target in _WARNED or not hasattr(os, "getuid"):
        return
    _WARNED.add(target)
    try:
        path = Path(target).expanduser().absolute()
    except (OSError, RuntimeError, ValueError):
        return
    for problem in permission_problems(path):
        sys.stderr.write(f"warning: {problem}\n")


def make_env(db_option: str | None) -> Env:
    zone = local_zone()
    now = datetime.now(zone)  # the clock is read here, and only here
    today = resolve_today(os.environ.get("CADENCE_TODAY"), now)
    return Env(db_option=db_option, zone=zone, now=now, today=today, user=current_user())


def env_of(ctx: typer.Context) -> Env:
    root = ctx.find_root()
    if not isinstance(root.obj, Env):
        root.obj = make_env(None)
    return root.obj
