"""Touches: log one after every call, undo the last one."""

from __future__ import annotations

from typing import Annotated

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._params import (
    ClientArg,
    check_channel,
    check_outcome,
    complete_channel,
    complete_outcome,
    complete_touchpoint,
)
from cadence_cli.core.dates import local_noon, parse_day
from cadence_cli.core.wording import day_phrase
from cadence_cli.errors import InvalidInput, NotFound


@app.command()
def log(
    ctx: typer.Context,
    client: ClientArg,
    *,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            "-c",
            help="call, text, email, meeting, video, gift, card, social or other "
            "(default: the charter's preferred channel, else call).",
            autocompletion=complete_channel,
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome",
            "-o",
            help="reached, message or no-answer (default: reached for call/meeting/video, "
            "else message).",
            autocompletion=complete_outcome,
        ),
    ] = None,
    inbound: Annotated[
        bool, typer.Option("--inbound", "-i", help="The client reached out to you.")
    ] = False,
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened: yesterday, fri, 3d, 2026-11-20.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="What was said or sent.")] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who made the touch (default: you).")
    ] = None,
    for_touchpoint: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="The touchpoint of the client's tier this touch delivers (`cadence model`).",
            autocompletion=complete_touchpoint,
        ),
    ] = None,
) -> None:
    """Record a touch with a client; prints their new due date.

    Example:

        cadence log "Ada" --channel call --note "talked about the move"
    """
    from cadence_cli.core.schedule import default_outcome, follow_up, is_counting, standing
    from cadence_cli.render.terminal import console
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    day = parse_day(on, today=env.today, direction="past") if on is not None else env.today
    if day > env.today:
        raise InvalidInput(f"--on {on} is in the future", hint="log touches that happened")
    at = env.now if day == env.now.date() else local_noon(day, env.zone)
    with env.write() as db:
        found = reads.resolve_client(client, db=db, include_archived=False)
        preferred = found.charter.channel if found.charter else None
        point = None
        if for_touchpoint is not None:
            from cadence_cli.store.model import touchpoint_for_client

            point = touchpoint_for_client(found.id, for_touchpoint, db=db)
            preferred = point.channels[0]  # what the service is delivered by
        chosen = check_channel(channel) if channel is not None else (preferred or "call")
        result = check_outcome(outcome) if outcome is not None else default_outcome(chosen)
        touch = writes.log_touch(
            found.id,
            db=db,
            at=at,
            day=day,
            channel=chosen,
            outcome=result,
            inbound=inbound,
            note=note,
            by=env.owner(by) if by else env.user,
            logged_at=env.now,
        )
        if point is not None:
            from cadence_cli.store.model import credit_touch

            credit_touch(touch.id, point.name, db=db)
        facts = book_facts.client_facts(db=db, on=env.today, client_id=found.id)[0]
    now = standing(facts, env.today)
    out = console()
    direction = "from" if inbound else "with"
    when = day_phrase(day, env.today)
    out.print(f"Logged {touch.channel} {direction} {found.name} on {when} ({result}).")
    if not is_counting(result):
        pending = follow_up(facts, env.today)
        if pending is not None:
            out.print(f"Not counted: {pending.reason}.")
    if point is not None:
        nxt = day_phrase(point.every.after(day), env.today)
        out.print(f"Delivered {point.name!r}; next one {nxt}.")
    if now.status == "ok":
        out.print(f"Next due {day_phrase(now.due_on, env.today)} ({now.reason}).")
    else:
        since = day_phrase(now.due_on, env.today)
        out.print(f"Still {now.status} since {since} ({now.reason}).")


@app.command()
def undo(
    ctx: typer.Context,
    *,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove the touch logged most recently, after showing it.

    Example:

        cadence undo --yes
    """
    from cadence_cli.render.clients import describe_touch
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    with env.read() as db:  # ask before taking the write lock: a teammate's `log` must not wait
        last = reads.latest_logged_touch(db=db)
    if last is None:
        raise NotFound("there is no touch to undo")
    out = console()
    out.print(f"Last touch: {describe_touch(last, env.today)}")
    if not yes and not typer.confirm("Remove it?", default=False, err=True):
        out.print("Kept it.")
        return
    with env.write() as db:
        writes.delete_touch(last.id, db=db)
    out.print("Removed.")
