"""The config file: defaults a person sets once (`cadence config set owner me`).

TOML at `user_config_path("cadence")/config.toml` (or `CADENCE_CONFIG`), read with tomllib
and written by `format_config`, a formatter small enough to trust: every value is a string
or an integer. Precedence, for every key: a flag, then the environment variable
`CADENCE_<KEY>`, then this file, then the built-in default. Light on purpose: the root
callback reads it, and `--help` and completion must stay cheap (no store, no SQLAlchemy).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cadence_cli.errors import InvalidInput

Value = str | int

KEYS: dict[str, str] = {
    "db": "the book: a SQLite file or a database URL (like --db)",
    "owner": "the default --owner of due, clients, report and work ('me'; --owner all for all)",
    "horizon": "due's and work's default --horizon (e.g. 14d)",
    "rows": "rows of `due` on a screen before 'N more' (a whole number)",
}
"""Every key the file may hold, with what it sets (listed by `cadence config set --help`)."""

SCREEN_ROWS = 50
"""`due` on a terminal: past this many rows the table (and each section) says how many more
there are; a morning list is read, not scrolled. --json, --count, --plain and a pipe are never
cut. The config file's `rows` changes it."""


APP_NAME = "cadence"


def default_db_path() -> Path:
    """The platform's user data dir (e.g. ~/.local/share/cadence/cadence.db on Linux)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "cadence.db"


def config_path() -> Path:
    """`CADENCE_CONFIG`, else config.toml in the platform's user config dir."""
    chosen = os.environ.get("CADENCE_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def unknown_key(key: str, where: str) -> InvalidInput:
    return InvalidInput(
        f"unknown config key {key!r} {where}", hint=f"known keys: {', '.join(KEYS)}"
    )


def check_value(key: str, value: object, *, where: str) -> Value:
    """A value as the file keeps it, or a clear refusal: `rows` is a positive whole number,
    `horizon` a horizon `due` reads, every other key a one-line text."""
    if key not in KEYS:
        raise unknown_key(key, where)
    if key == "rows":
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInput(f"rows {where} must be a whole number of at least 1, got {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{key} {where} must be a text, got {value!r}")
    from cadence_cli.store.rules import check_line

    cleaned = check_line(key, value, 2_000)
    assert cleaned is not None
    if key == "horizon":
        from cadence_cli.core.dates import parse_horizon

        parse_horizon(cleaned, today=date(2000, 1, 1))
    return cleaned


def load_config(path: Path | None = None) -> dict[str, Value]:
    """The file's settings ({} when there is none); one-line errors that name the file."""
    path = path or config_path()
    try:
        if not path.is_file():  # none yet: the defaults
            return {}
    except OSError:  # a folder this user may not enter (Python 3.11's is_file raises): defaults
        return {}
    import tomllib  # only with a file to read: `due` and `log` without one skip its 5 ms

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InvalidInput(
            f"cannot read the config file {path}: {reason}",
            hint="fix it, or see `cadence config show`",
        ) from None
    where = f"in {path}"
    return {key: check_value(key, value, where=where) for key, value in data.items()}


def format_config(values: dict[str, Value]) -> str:
    """The file's text: one `key = value` line per key, in KEYS order."""
    lines = ["# cadence settings: `cadence config set KEY VALUE` writes this file."]
    for key in KEYS:
        if key in values:
            value = values[key]
            shown = str(value) if isinstance(value, int) else toml_string(value)
            lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"


def toml_string(text: str) -> str:
    """A TOML basic string: backslash and quote escaped, control characters as \\uXXXX."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def save_config(values: dict[str, Value], path: Path | None = None) -> Path:
    """Write the file whole (a temporary file renamed over it): never half a file."""
    path = path or config_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(format_config(values), encoding="utf-8")
    temporary.replace(path)
    return path


@dataclass(frozen=True)
class Setting:
    """One key's value and where it came from (`cadence config show`)."""

    key: str
    value: Value | None
    source: str


def settings(values: dict[str, Value]) -> list[Setting]:
    """Each key as the environment and the file decide it (flags aside)."""
    found = []
    for key in KEYS:
        variable = f"CADENCE_{key.upper()}"
        if os.environ.get(variable):
            found.append(Setting(key, os.environ[variable], variable))
        elif key in values:
            found.append(Setting(key, values[key], "config file"))
        else:
            found.append(Setting(key, default(key), "default"))
    return found


def default(key: str) -> Value | None:
    """What applies when neither the environment nor the file sets `key` (None: nothing)."""
    if key == "db":
        return str(default_db_path())
    defaults: dict[str, Value] = {"horizon": "7d", "rows": SCREEN_ROWS}
    return defaults.get(key)


def origin(key: str, values: dict[str, Value]) -> str | None:
    """Where a key's value comes from, in words for a message: the variable, the file, or
    None (the default)."""
    variable = f"CADENCE_{key.upper()}"
    if os.environ.get(variable):
        return variable
    return "the config file" if key in values else None


def setting(key: str, values: dict[str, Value]) -> Value | None:
    """The environment's value for `key`, else the file's, else None."""
    variable = os.environ.get(f"CADENCE_{key.upper()}")
    if variable:
        return check_value(key, variable, where=f"in CADENCE_{key.upper()}")
    return values.get(key)
