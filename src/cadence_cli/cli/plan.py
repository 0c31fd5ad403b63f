"""`cadence plan`: a level week (SPEC §8), and `cadence team capacity` that it levels under."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import JsonOpt, NewOwnerOpt, OwnerOpt
from cadence_cli.cli._params import check_between
from cadence_cli.cli.team import team_app

MAX_PLAN_DAYS = 92


def _workdays_option(help: str) -> Any:
    """`--workdays mon-fri`: the days an owner's capacity is spread over."""
    return typer.Option("--workdays", help=help, show_default=False)


@app.command()
def plan(
    ctx: typer.Context,
    *,
    days: Annotated[
        int, typer.Option("--days", "-d", help=f"How many days from today (1-{MAX_PLAN_DAYS}).")
    ] = 7,
    owner: OwnerOpt = None,
    workdays: Annotated[
        str | None,
        _workdays_option(
            "The days capacity is spread over, e.g. mon-fri or mon,wed,fri (default: each "
            "owner's, else mon-fri)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """A level week: who comes due on which day (contacts and touchpoints), minutes per day
    against each owner's daily capacity; a day over capacity moves its last items (in the
    order of `due`) to the latest earlier day with room. Nothing ever moves later.

    Example:

        cadence plan --days 14 --owner me
    """
    from datetime import timedelta

    from cadence_cli.core.model import owner_plans, parse_workdays, plan_items
    from cadence_cli.core.records import DueFilters
    from cadence_cli.render.model import print_plan
    from cadence_cli.render.shapes import plan_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import model as store
    from cadence_cli.store.owners import check_filters

    check_between("--days", days, MAX_PLAN_DAYS)
    chosen = parse_workdays(workdays) if workdays is not None else None
    env = env_of(ctx)
    filters = DueFilters(owner=env.owner_filter(owner))
    with env.read() as db:
        check_filters(filters, db=db, user=env.user, origin=env.owner_origin(owner))
        clients = book_facts.client_facts(db=db, on=env.today, filters=filters)
        last = env.today + timedelta(days=days - 1)  # a touchpoint due later has no item
        points = store.touchpoint_facts(db=db, on=env.today, filters=filters, due_by=last)
        minutes = store.contact_minutes(db=db)
        capacities = store.capacities(db=db)
    items = plan_items(clients, points, start=env.today, days=days, contact_minutes=minutes)
    plans = owner_plans(items, capacities, start=env.today, days=days, workdays=chosen)
    if as_json:
        emit_json(plan_json(plans, start=env.today, days=days))
        return
    print_plan(console(), plans, start=env.today, days=days)


@team_app.command("capacity")
def capacity(
    ctx: typer.Context,
    owner: Annotated[
        str, typer.Argument(help="The team member ('me' for you).", show_default=False)
    ],
    amount: Annotated[
        str,
        typer.Argument(help="Hours a week for the model: 20h, 7.5h, 1h30m.", show_default=False),
    ],
    *,
    workdays: Annotated[
        str | None, _workdays_option("The days they work (default: as before, else mon-fri).")
    ] = None,
    new_owner: NewOwnerOpt = False,
) -> None:
    """Set the hours a week one owner has for the model (`model` and `plan` use it).

    Example:

        cadence team capacity sam 20h --workdays mon-thu
    """
    from cadence_cli.core.model import hours, parse_hours, workdays_text
    from cadence_cli.render.terminal import console
    from cadence_cli.store import model as store
    from cadence_cli.store.owners import check_new_owner

    env = env_of(ctx)
    minutes = parse_hours(amount)
    name = env.owner(owner) or owner
    with env.write() as db:
        check_new_owner(name, db=db, user=env.user, new=new_owner)
        found = store.set_capacity(name, minutes, workdays, db=db)
    console().print(
        f"{found.owner} has {hours(found.minutes_per_week)} h a week for the model, "
        f"{workdays_text(found.workdays)}."
    )
