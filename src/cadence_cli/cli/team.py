"""`cadence team`: who serves whom in a shared book, and who is falling behind."""

from __future__ import annotations

import typer

from cadence_cli.cli._app import CONTEXT, app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import JsonOpt

# A group, so `team capacity OWNER 20h` (cli/plan.py) lives under it; plain `team` still
# shows the team.
team_app = typer.Typer(
    name="team", context_settings=CONTEXT, invoke_without_command=True, rich_markup_mode=None
)
app.add_typer(team_app)


@team_app.callback()
def team(ctx: typer.Context, *, as_json: JsonOpt = False) -> None:
    """The team: each member's active clients, who is due now or reactive, and recent touches.

    Members are the owners of active clients and everyone who logged a touch (`--by`) in the
    last 90 days; clients without an owner are counted on their own line.

    Example:

        cadence team
    """
    from cadence_cli.render.book import print_team
    from cadence_cli.render.shapes import team_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store.facts import team_members

    if ctx.invoked_subcommand is not None:
        return
    env = env_of(ctx)
    with env.read() as db:
        members, unassigned = team_members(db=db, today=env.today)
    if as_json:
        emit_json(team_json(members, unassigned, today=env.today, me=env.user))
        return
    print_team(console(), members, unassigned, today=env.today, me=env.user)
