"""Database addresses: a path or URL into a SQLAlchemy URL, and any address into text that
may be shown, with every password masked by field.

A password can sit in the URL's user part (`user:secret@host`) or in its query
(`?password=secret`, which psycopg honours too); both are masked where they are, never by
searching messages for the password's text (a short password would blank out letters of
every message). A libpq `key=value` string is recognised and refused: taken for a path it
would become a SQLite file named after the password.

Pure standard library, no SQLAlchemy: the error handler of every command imports this.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, unquote_plus

from cadence_cli.errors import InvalidInput

__all__ = [
    "MASK",
    "describe_url",
    "is_libpq_string",
    "mask_secrets",
    "normalise_url",
    "passwords",
]

MASK = "***"
# SQLAlchemy's URL grammar (sqlalchemy.engine.url._parse_url), except that the password runs
# to the last `@`: SQLAlchemy stops at the first, but whoever typed `u:p@ss@host` meant
# `p@ss`, and none of it may show. The password may hold `/`, `?` and `:` (`u:pa/ss@h`).
_URL = re.compile(
    r"""
    (?P<scheme>[\w+]+://)
    (?:(?P<user>[^:/]*)(?::(?P<password>.*))?@)?
    (?P<rest>[^?]*)
    (?:\?(?P<query>.*))?
    """,
    re.VERBOSE | re.DOTALL,
)
_URL_IN_TEXT = re.compile(r"[\w+]+://[^\s'\"<>]*")
_LIBPQ_KEYS = (
    "host|hostaddr|port|dbname|user|password|passfile|service|sslmode|sslpassword|options|"
    "connect_timeout|application_name|target_session_attrs|client_encoding"
)
_LIBPQ = re.compile(rf"^\s*(?:{_LIBPQ_KEYS})\s*=", re.IGNORECASE)
_SECRET_PAIR = re.compile(
    r"(?P<key>\b\w*password)(?P<eq>\s*=\s*)(?P<value>'(?:[^'\\]|\\.)*'?|[^\s'\"&]+)",
    re.IGNORECASE,
)


def _is_secret(key: str) -> bool:
    return "password" in unquote_plus(key).lower()


def _mask_query(query: str) -> str:
    """`a=1&password=x` → `a=1&password=***`: each parameter judged by its name."""
    pairs = []
    for pair in query.split("&"):
        key, equals, _value = pair.partition("=")
        pairs.append(f"{key}={MASK}" if equals and _is_secret(key) else pair)
    return "&".join(pairs)


def describe_url(url: str) -> str:
    """The address as it may be shown to a user: a URL's password masked in its user part and
    in its query; a path as it is. A libpq string is never shown (it may hold a password)."""
    if is_libpq_string(url):
        return "<libpq connection string>"
    match = _URL.fullmatch(url)
    if match is None:
        return url
    shown = match["scheme"]
    if match["user"] is not None:
        password = f":{MASK}" if match["password"] is not None else ""
        shown += f"{match['user']}{password}@"
    shown += match["rest"]
    if match["query"] is not None:
        shown += "?" + _mask_query(match["query"])
    return shown


def mask_secrets(text: str) -> str:
    """Any message with each URL in it described (`describe_url`) and each `…password=value`
    pair masked: by field, so the rest of the message keeps every letter."""
    text = _URL_IN_TEXT.sub(lambda m: describe_url(m.group()), text)
    return _SECRET_PAIR.sub(lambda m: f"{m['key']}{m['eq']}{MASK}", text)


def is_libpq_string(target: str) -> bool:
    """`host=db dbname=cadence password=…`: libpq's key=value form, not a URL or a path."""
    return "://" not in target and _LIBPQ.match(target) is not None


def normalise_url(target: str) -> str:
    """A path becomes a SQLite URL; `postgresql://` gets the psycopg 3 driver; a libpq
    key=value string is refused (InvalidInput) without repeating it."""
    if is_libpq_string(target):
        raise InvalidInput(
            "the database address is a libpq key=value string, which cadence does not read",
            hint="give a URL such as postgresql+psycopg://user@host:5432/dbname, with the "
            "password in PGPASSWORD or ~/.pgpass",
        )
    if "://" not in target:
        # Quoted: SQLAlchemy reads `?` in a URL as its query and decodes `%20`, so a file
        # called `a?b.db` or `a%20b.db` would otherwise become another file.
        return f"sqlite:///{quote(str(Path(target).expanduser().absolute()), safe='/')}"
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    return target


def passwords(target: str | None) -> set[str]:
    """The passwords an address holds (in its user part, its query or a libpq `password=`),
    as written and decoded: to tell whether a message quotes one, never to edit it."""
    found: set[str] = set()
    match = _URL.fullmatch(target or "") if "://" in (target or "") else None
    if match is not None and match["password"]:
        for password in (match["password"], match["password"].partition("@")[0]):
            found |= {password, unquote(password)}  # as we read it, and as SQLAlchemy does
    pairs = (match["query"] or "").split("&") if match is not None else []
    for pair in pairs:
        key, _, value = pair.partition("=")
        if value and _is_secret(key):
            found |= {value, unquote_plus(value)}
    if target and is_libpq_string(target):
        found |= {m["value"].strip("'") for m in _SECRET_PAIR.finditer(target)}
    return {secret for secret in found if secret}
