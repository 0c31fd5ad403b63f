"""`cadence find TEXT`: who is this? An incoming call, a company, a half-remembered note."""

from __future__ import annotations

from typing import Annotated

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import JsonOpt
from cadence_cli.errors import InvalidInput, NotFound

FOUND_ROWS = 100
"""More than this many matches is a query to narrow, not a list to read."""


@app.command()
def find(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help="Part of a name, email, phone number, company, tag or note.",
            show_default=False,
        ),
    ],
    *,
    as_json: JsonOpt = False,
) -> None:
    """Find clients by name, email, phone, company, tag, or the text of notes and touches.

    Names match without regard to case or accents ("muller" finds Müller); phone numbers
    match by their digits ("415 555 0101" finds "(415) 555-0101"). Archived clients are
    listed after the active ones.

    Example:

        cadence find "415 555 0101"
    """
    from cadence_cli.render.safe import safe_text
    from cadence_cli.render.shapes import client_json
    from cadence_cli.render.table import Column, print_table
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import reads

    if not text.strip():
        raise InvalidInput("find needs some text", hint='e.g. cadence find "muller"')
    env = env_of(ctx)
    with env.read() as db:
        found = reads.find_clients(text, db=db, limit=FOUND_ROWS + 1)
    if as_json:
        emit_json(
            [client_json(c, ident=c.id) | {"found_in": field} for c, field in found[:FOUND_ROWS]]
        )
        return
    if not found:
        raise NotFound(f"no client matches {text!r}", hint="try part of a word, or fewer digits")
    out = console()
    rows = [
        [
            str(c.id),
            safe_text(c.name + (" (archived)" if c.status != "active" else "")),
            safe_text(c.tier),
            safe_text(c.phone or ""),
            safe_text(c.email or ""),
            safe_text(c.company or ""),
            field,
        ]
        for c, field in found[:FOUND_ROWS]
    ]
    columns: list[Column] = [
        ("#", "right", "dim"),
        ("Name", "left", ""),
        ("Tier", "center", ""),
        ("Phone", "left", ""),
        ("Email", "left", ""),
        ("Company", "left", ""),
        ("Found in", "left", "dim"),
    ]
    title = f"{len(rows)} found" if len(found) <= FOUND_ROWS else f"first {FOUND_ROWS} found"
    print_table(out, title, columns, rows)
