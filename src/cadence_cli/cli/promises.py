"""Promises (`cadence promise …`) and service charters (`cadence charter`)."""

from __future__ import annotations

from typing import Annotated

import typer

from cadence_cli.cli._app import app, promise_app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._params import ClientArg, JsonOpt, check_channel, complete_channel
from cadence_cli.core.dates import parse_day, parse_interval
from cadence_cli.core.wording import day_phrase, plural
from cadence_cli.errors import InvalidInput


@promise_app.command("add")
def add_promise(
    ctx: typer.Context,
    client: ClientArg,
    text: Annotated[str, typer.Argument(help="What you promised.", show_default=False)],
    *,
    by: Annotated[
        str, typer.Option("--by", help="When it is due: fri, 3d, 2026-12-01.", show_default=False)
    ],
) -> None:
    """Record a promise to a client, due by a day.

    Example:

        cadence promise add "Ada" "send the market report" --by fri
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    due_on = parse_day(by, today=env.today, direction="future")
    with env.write() as db:
        found = reads.resolve_client(client, db=db, include_archived=False)
        promise = writes.add_promise(found.id, text, db=db, due_on=due_on, today=env.today)
    when = day_phrase(due_on, env.today)
    console().print(f"Promise {promise.id} to {found.name}: {promise.text} (by {when}).")


@promise_app.command("done")
def done(
    ctx: typer.Context,
    promise_id: Annotated[int, typer.Argument(help="The promise's id.", show_default=False)],
    *,
    on: Annotated[
        str | None, typer.Option("--on", help="When it was kept (default: today).")
    ] = None,
) -> None:
    """Mark a promise kept.

    Example:

        cadence promise done 3
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    day = parse_day(on, today=env.today, direction="past") if on is not None else env.today
    with env.write() as db:
        promise = writes.keep_promise(promise_id, db=db, on=day)
    late = (day - promise.due_on).days
    timing = "on time" if late <= 0 else f"{plural(late, 'day')} late"
    console().print(f"Kept promise {promise.id} to {promise.client_name} ({timing}).")


@promise_app.command("list")
def list_promises(
    ctx: typer.Context,
    *,
    include_kept: Annotated[bool, typer.Option("--all", help="Include kept promises.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Open promises, earliest first (with --all, kept ones too).

    Example:

        cadence promise list --all
    """
    from cadence_cli.render.clients import print_promises
    from cadence_cli.render.shapes import promise_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import reads

    env = env_of(ctx)
    with env.read() as db:
        promises = reads.promises(db=db, include_kept=include_kept)
    if as_json:
        emit_json([promise_json(p, env.today) for p in promises])
        return
    print_promises(console(), promises, env.today)


@app.command()
def charter(
    ctx: typer.Context,
    client: ClientArg,
    *,
    every: Annotated[
        str | None, typer.Option("--every", help="The agreed interval (overrides the tier's).")
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", help="Their preferred channel.", autocompletion=complete_channel),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help='How they like it ("texts after 6pm").')
    ] = None,
    review_every: Annotated[
        str | None, typer.Option("--review-every", help="How often to review it (default 6m).")
    ] = None,
    reviewed: Annotated[
        bool, typer.Option("--reviewed", help="You reviewed it today: the next review moves on.")
    ] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the charter.")] = False,
) -> None:
    """Agree a service charter with a client: how often, how, and when to review it.

    Example:

        cadence charter "Ada" --every 2w --channel text --note "after 6pm only"
    """
    from dataclasses import replace

    from cadence_cli.core.records import Charter
    from cadence_cli.core.schedule import DEFAULT_REVIEW_EVERY
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    modes = sum([every is not None, reviewed, clear])
    if modes != 1:
        raise InvalidInput("give exactly one of --every (a new charter), --reviewed or --clear")
    if (reviewed or clear) and (channel or note or review_every):
        raise InvalidInput("--channel, --note and --review-every go with --every")
    with env.write() as db:
        found = reads.resolve_client(client, db=db, include_archived=False)
        if clear:
            if found.charter is None:
                raise InvalidInput(f"{found.ref} has no charter")
            writes.set_charter(found.id, None, db=db, stamp=env.stamp)
            console().print(f"Charter cleared for {found.ref}; the tier's cadence applies.")
            return
        if reviewed:
            if found.charter is None:
                raise InvalidInput(f"{found.ref} has no charter to review")
            updated = replace(found.charter, agreed_on=env.today)
        else:
            assert every is not None
            updated = Charter(
                every=parse_interval(every),
                agreed_on=env.today,
                review_every=parse_interval(review_every) if review_every else DEFAULT_REVIEW_EVERY,
                channel=check_channel(channel) if channel else None,
                note=note.strip() if note and note.strip() else None,
            )
        writes.set_charter(found.id, updated, db=db, stamp=env.stamp)
    review_on = updated.review_every.after(updated.agreed_on)
    verb = "Reviewed" if reviewed else "Charter for"
    console().print(
        f"{verb} {found.ref}: every {updated.every}"
        + (f" by {updated.channel}" if updated.channel else "")
        + f"; next review {day_phrase(review_on, env.today)}."
    )
