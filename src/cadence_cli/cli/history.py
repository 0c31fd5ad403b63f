"""`cadence history`: every change of a client's terms, with its day and who made it."""

from __future__ import annotations

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import ClientArg, JsonOpt


@app.command()
def history(ctx: typer.Context, client: ClientArg, *, as_json: JsonOpt = False) -> None:
    """Every change of a client's terms: tier, charter, snooze, owner, archive and restore.

    Each line is the day the change took effect, what changed and who made it; changes to
    the definition of the tier the client was in at the time are listed too. Past days are
    judged by these terms (`due --on`, `report`).

    Example:

        cadence history "Ada" --json
    """
    from cadence_cli.render.history import print_history
    from cadence_cli.render.shapes import history_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import reads
    from cadence_cli.store import terms as book_terms

    env = env_of(ctx)
    with env.read() as db:
        found = reads.resolve_client(client, db=db)
        changes = book_terms.history_of(found.id, db=db)
    if as_json:
        emit_json(history_json(found.id, found.name, changes))
        return
    print_history(console(), found, changes, env.today)
