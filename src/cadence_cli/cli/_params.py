"""Shared option types, value parsers and shell completion for the commands.

Light on purpose: completion runs on every TAB press and must not import SQLAlchemy, so
`complete_client` reads a SQLite store with the standard library's sqlite3.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from cadence_cli.dates import YearlyDate, parse_yearly
from cadence_cli.errors import InvalidInput
from cadence_cli.schedule import CHANNELS, OUTCOMES


def _db_from(ctx: typer.Context) -> str:
    from cadence_cli.cli._context import db_target

    root = ctx.find_root()
    option = root.params.get("db") if root.params else None
    return db_target(option if isinstance(option, str) else None)


def complete_client(ctx: typer.Context, incomplete: str) -> list[str]:
    """Active client names starting with (or containing) what was typed; no ORM, one query."""
    target = _db_from(ctx)
    key = incomplete.casefold()
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        "SELECT name FROM client WHERE status = 'active' AND name_key LIKE ? ESCAPE '\\' "
        "ORDER BY name_key LIMIT 50"
    )
    if "://" not in target:
        path = Path(target).expanduser()
        if not path.is_file():
            return []
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5) as conn:
                rows = conn.execute(query, (escaped + "%",)).fetchall()
                if not rows:
                    rows = conn.execute(query, ("%" + escaped + "%",)).fetchall()
        except sqlite3.Error:
            return []
        return [row[0] for row in rows]
    try:
        import sqlalchemy as sa

        from cadence_cli.store import open_store

        store = open_store(target)
        try:
            with store.engine.connect() as conn:
                found = conn.execute(
                    sa.text(query.replace("?", ":p")), {"p": "%" + escaped + "%"}
                ).all()
        finally:
            store.close()
    except Exception:
        return []
    return [row[0] for row in found]


def complete_channel(incomplete: str) -> list[str]:
    return [c for c in CHANNELS if c.startswith(incomplete)]


def complete_outcome(incomplete: str) -> list[str]:
    return [o for o in OUTCOMES if o.startswith(incomplete)]


def check_channel(value: str) -> str:
    channel = value.strip().lower()
    if channel not in CHANNELS:
        raise InvalidInput(f"unknown channel {value!r}", hint=f"use one of: {', '.join(CHANNELS)}")
    return channel


def check_outcome(value: str) -> str:
    outcome = value.strip().lower().replace("_", "-")
    if outcome == "noanswer":
        outcome = "no-answer"
    if outcome not in OUTCOMES:
        raise InvalidInput(f"unknown outcome {value!r}", hint=f"use one of: {', '.join(OUTCOMES)}")
    return outcome


def parse_milestone(text: str) -> tuple[str, YearlyDate]:
    """`LABEL=DATE` as typed after --milestone."""
    label, sep, when = text.partition("=")
    if not sep or not label.strip():
        raise InvalidInput(
            f"cannot read milestone {text!r}",
            hint="use LABEL=DATE, e.g. 'home anniversary=2019-06-01'",
        )
    return label.strip().lower(), parse_yearly(when)


ClientArg = Annotated[
    str,
    typer.Argument(
        help="The client: #id, email, exact name, or an unambiguous part of the name.",
        autocompletion=complete_client,
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
TierOpt = Annotated[str | None, typer.Option("--tier", "-t", help="Only this tier.")]
OwnerOpt = Annotated[
    str | None, typer.Option("--owner", help="Only clients served by this owner ('me' for you).")
]
TagOpt = Annotated[str | None, typer.Option("--tag", help="Only clients with this tag.")]
