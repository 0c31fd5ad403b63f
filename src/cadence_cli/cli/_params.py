"""Value parsers and shell completion for the commands' options (`_options` declares them).

Light on purpose: completion runs on every TAB press and must not import SQLAlchemy, so
`complete_client` reads a SQLite store with the standard library's sqlite3, and even the pure
core (`schedule`, for the channel and outcome names) is imported only when a value is checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cadence_cli.core.dates import YearlyDate, parse_yearly
from cadence_cli.errors import InvalidInput


def _db_from(ctx: typer.Context) -> str:
    from cadence_cli.cli._context import db_target
    from cadence_cli.errors import CadenceError

    root = ctx.find_root()
    params = root.params or {}
    option = params.get("db_option", params.get("db"))  # the root's `--db`
    try:
        return db_target(option if isinstance(option, str) else None)
    except CadenceError:  # a broken config file: a TAB press offers nothing, never an error
        return ""


COMPLETIONS = 50


class _StoredName(str):
    """A client name as stored, which Typer's filter of completions keeps whatever case was
    typed: Typer drops every candidate for which `candidate.startswith(typed)` is false,
    and `resolve_client` ignores case, so `sof` must offer `Sofia Rossi-Bianchi`."""

    __slots__ = ()

    def startswith(self, prefix: Any, *bounds: Any) -> bool:
        if isinstance(prefix, str) and not bounds:
            return self.casefold().startswith(prefix.casefold())
        return super().startswith(prefix, *bounds)


def _first_names(names: list[str]) -> list[str]:
    """Names as stored, each once, at most COMPLETIONS.

    Not respelled from the typed prefix: the shell classes in `_completion` let each shell
    replace `sof` with `Sofia Rossi-Bianchi` (bash's readline inserts the candidate, zsh and
    fish match without case), so the command line ends up with the stored name.
    """
    found: list[str] = [_StoredName(name) for name in dict.fromkeys(names)]
    return found[:COMPLETIONS]


def complete_client(ctx: typer.Context, incomplete: str) -> list[str]:
    """Active client names, as stored, that start with what was typed in any case: one small
    query through the read door, so a TAB press on a current SQLite store never imports
    SQLAlchemy. The shell class (`_completion`) quotes them for the shell that asked."""
    from cadence_cli.store.completion import names_starting
    from cadence_cli.store.doors import reading

    target = _db_from(ctx)
    try:  # is_file raises on a folder this user may not enter (Python 3.11)
        if "://" not in target and not Path(target).expanduser().is_file():
            return []  # completion never creates a store
        with reading(target) as db:
            names = names_starting(incomplete, db=db, limit=COMPLETIONS * 2)
    except Exception:  # a TAB press shows candidates or nothing, never an error
        return []
    return _first_names(names)


def complete_touchpoint(ctx: typer.Context, incomplete: str) -> list[str]:
    """Touchpoint names of the book's tiers (`log --for`), by the same light read door."""
    from cadence_cli.store.doors import reading
    from cadence_cli.store.model import touchpoint_names

    target = _db_from(ctx)
    try:
        if "://" not in target and not Path(target).expanduser().is_file():
            return []
        with reading(target) as db:
            return touchpoint_names(incomplete, db=db, limit=COMPLETIONS)
    except Exception:  # a TAB press shows candidates or nothing, never an error
        return []


def complete_channel(incomplete: str) -> list[str]:
    from cadence_cli.core.schedule import CHANNELS  # the pure core: not needed for --help

    return [c for c in CHANNELS if c.startswith(incomplete)]


def complete_outcome(incomplete: str) -> list[str]:
    from cadence_cli.core.schedule import OUTCOMES

    return [o for o in OUTCOMES if o.startswith(incomplete)]


def check_channel(value: str) -> str:
    channel = value.strip().lower()
    from cadence_cli.core.schedule import CHANNELS

    if channel not in CHANNELS:
        raise InvalidInput(f"unknown channel {value!r}", hint=f"use one of: {', '.join(CHANNELS)}")
    return channel


def check_outcome(value: str) -> str:
    outcome = value.strip().lower().replace("_", "-")
    if outcome == "noanswer":
        outcome = "no-answer"
    from cadence_cli.core.schedule import OUTCOMES

    if outcome not in OUTCOMES:
        raise InvalidInput(f"unknown outcome {value!r}", hint=f"use one of: {', '.join(OUTCOMES)}")
    return outcome


def check_between(option: str, value: int, most: int) -> None:
    """A count such as `--days` or `--weeks` from 1 to `most`, said in the option's name."""
    if not 1 <= value <= most:
        raise InvalidInput(f"{option} must be between 1 and {most}, got {value}")


def parse_milestone(text: str) -> tuple[str, YearlyDate]:
    """`LABEL=DATE` as typed after --milestone."""
    label, sep, when = text.partition("=")
    if not sep or not label.strip():
        raise InvalidInput(
            f"cannot read milestone {text!r}",
            hint="use LABEL=DATE, e.g. 'home anniversary=2019-06-01'",
        )
    return label.strip().lower(), parse_yearly(when)
