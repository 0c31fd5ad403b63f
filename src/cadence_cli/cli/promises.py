"""Promises (`cadence promise …`) and service charters (`cadence charter`)."""

from __future__ import annotations

from typing import Annotated

import typer

from cadence_cli.cli._app import app, promise_app
from cadence_cli.cli._context import Env, env_of
from cadence_cli.cli._options import (
    ClientArg,
    JsonOpt,
    channel_option,
    client_argument,
    note_option,
    on_option,
)
from cadence_cli.cli._params import check_channel
from cadence_cli.core.dates import day_ahead, day_done, parse_interval
from cadence_cli.core.wording import day_phrase, plural
from cadence_cli.errors import InvalidInput

PromiseIdArg = Annotated[
    int,
    typer.Argument(
        help="The promise's id (`cadence promise list` shows them).", show_default=False
    ),
]


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
    due_on = day_ahead(by, today=env.today, option="--by")
    with env.write(creates=False) as db:
        found = reads.resolve_client(client, db=db, include_archived=False)
        promise = writes.add_promise(
            found.id, text, db=db, due_on=due_on, today=env.today, by=env.user
        )
    when = day_phrase(due_on, env.today)
    console().print(f"Promise {promise.id} to {found.name}: {promise.text} (by {when}).")


@promise_app.command("done")
def done(
    ctx: typer.Context,
    promise_id: PromiseIdArg,
    *,
    on: Annotated[str | None, on_option("When it was kept (default: today).")] = None,
) -> None:
    """Mark a promise kept.

    Example:

        cadence promise done 3
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    day = day_done(on, today=env.today, option="--on") if on is not None else env.today
    with env.write(creates=False) as db:
        promise = writes.keep_promise(promise_id, db=db, on=day)
    late = (day - promise.due_on).days
    timing = "on time" if late <= 0 else f"{plural(late, 'day')} late"
    console().print(f"Kept promise {promise.id} to {promise.client_name} ({timing}).")


@promise_app.command("list")
def list_promises(
    ctx: typer.Context,
    *,
    include_kept: Annotated[
        bool, typer.Option("--all", help="Include kept and cancelled promises.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Open promises, earliest first (with --all, kept and cancelled ones too).

    Example:

        cadence promise list --all
    """
    from cadence_cli.render.clients import print_promises
    from cadence_cli.render.shapes import promise_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import reads

    env = env_of(ctx)
    with env.read() as db:
        promises = reads.promises(db=db, include_kept=include_kept, include_cancelled=include_kept)
    if as_json:
        emit_json([promise_json(p, env.today) for p in promises])
        return
    print_promises(console(), promises, env.today)


@promise_app.command("edit")
def edit_promise(
    ctx: typer.Context,
    promise_id: PromiseIdArg,
    *,
    text: Annotated[str | None, typer.Option("--text", help="What you promised.")] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="A new day it is due by: fri, 3d, 2026-12-01.")
    ] = None,
) -> None:
    """Correct a promise's text or its day.

    Example:

        cadence promise edit 3 --by "next fri" --text "send the revised report"
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    if text is None and by is None:
        raise InvalidInput("nothing to change", hint="give --text, --by or both")
    due_on = day_ahead(by, today=env.today, option="--by") if by is not None else None
    with env.write(creates=False) as db:
        before, after = writes.edit_promise(promise_id, db=db, text=text, due_on=due_on)
    out = console()
    if after.text != before.text:
        out.print(f"Promise {after.id} to {after.client_name}: {after.text} (was: {before.text}).")
    if after.due_on != before.due_on:
        out.print(
            f"Promise {after.id} is due by {day_phrase(after.due_on, env.today)} "
            f"(was {day_phrase(before.due_on, env.today)})."
        )
    if after == before:
        out.print(f"Promise {after.id} already says that: nothing changed.")


@promise_app.command("cancel")
def cancel_promise(
    ctx: typer.Context,
    promise_id: PromiseIdArg,
    *,
    reason: Annotated[
        str | None, typer.Option("--reason", "-r", help="Why it no longer stands.")
    ] = None,
) -> None:
    """Withdraw a promise made by mistake or no longer wanted: it leaves every list and count.

    Example:

        cadence promise cancel 3 --reason "they bought elsewhere"
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    with env.write(creates=False) as db:
        promise = writes.cancel_promise(promise_id, db=db, on=env.today, reason=reason)
    console().print(
        f"Cancelled promise {promise.id} to {promise.client_name}: {promise.text}. "
        f"`cadence promise reopen {promise.id}` brings it back."
    )


@promise_app.command("reopen")
def reopen_promise(ctx: typer.Context, promise_id: PromiseIdArg) -> None:
    """Open a kept or cancelled promise again (a `done` or `cancel` by mistake).

    Example:

        cadence promise reopen 3
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    with env.write(creates=False) as db:
        before, after = writes.reopen_promise(promise_id, db=db)
    was = "cancelled" if before.cancelled_on is not None else "kept"
    console().print(
        f"Reopened promise {after.id} to {after.client_name}: {after.text} "
        f"(by {day_phrase(after.due_on, env.today)}; it was {was})."
    )


@app.command()
def charter(
    ctx: typer.Context,
    client: Annotated[
        str, client_argument("The client: #id, email or name; `list` lists every charter.")
    ],
    *,
    every: Annotated[
        str | None, typer.Option("--every", help="The agreed interval (overrides the tier's).")
    ] = None,
    channel: Annotated[
        str | None, channel_option('Their preferred channel ("" removes it).', short=False)
    ] = None,
    note: Annotated[str | None, note_option('How they like it ("texts after 6pm").')] = None,
    review_every: Annotated[
        str | None, typer.Option("--review-every", help="How often to review it (default 6m).")
    ] = None,
    reviewed: Annotated[
        bool, typer.Option("--reviewed", help="You reviewed it today: the next review moves on.")
    ] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the charter.")] = False,
) -> None:
    """Agree a service charter with a client: how often, how, and when to review it.

    With no option, shows the charter; each option changes only its own field (a new charter
    needs --every). `cadence charter list` lists every charter (a client called "list" is
    named by its #id).

    Example:

        cadence charter "Ada" --every 2w --channel text --note "after 6pm only"
    """
    from dataclasses import replace

    from cadence_cli.core.records import Charter
    from cadence_cli.core.schedule import DEFAULT_REVIEW_EVERY
    from cadence_cli.render.clients import charter_line, charter_set_line
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    changes = [every, channel, note, review_every]
    asked = any(x is not None for x in changes) or reviewed or clear
    if client.strip() == "list" and not asked:
        _list_charters(env)
        return
    if clear and (reviewed or any(x is not None for x in changes)):
        raise InvalidInput("--clear goes alone: it removes the whole charter")
    if not asked:
        with env.read() as db:
            found = reads.resolve_client(client, db=db)
        console().print(charter_line(found.ref, found.charter, found.tier, env.today))
        return
    with env.write(creates=False) as db:
        found = reads.resolve_client(client, db=db, include_archived=False)
        if clear:
            if found.charter is None:
                raise InvalidInput(f"{found.ref} has no charter")
            writes.set_charter(found.id, None, db=db, stamp=env.stamp)
            console().print(f"Charter cleared for {found.ref}; the tier's cadence applies.")
            return
        current = found.charter
        if current is None and every is None:
            what = "to review" if reviewed else "yet"
            raise InvalidInput(
                f"{found.ref} has no charter {what}",
                hint=f"agree one with `cadence charter '#{found.id}' --every 2w`",
            )
        if current is None:
            assert every is not None
            current = Charter(
                every=parse_interval(every), agreed_on=env.today, review_every=DEFAULT_REVIEW_EVERY
            )
        updated = replace(
            current,
            every=parse_interval(every) if every is not None else current.every,
            review_every=parse_interval(review_every)
            if review_every is not None
            else current.review_every,
            channel=(check_channel(channel) if channel.strip() else None)
            if channel is not None
            else current.channel,
            note=(note.strip() or None) if note is not None else current.note,
            agreed_on=env.today if reviewed else current.agreed_on,
        )
        if updated == found.charter:
            line = charter_line(found.ref, updated, found.tier, env.today)
            console().print(f"{line} Nothing changed.")
            return
        writes.set_charter(found.id, updated, db=db, stamp=env.stamp)
    console().print(charter_set_line(found.ref, updated, env.today, reviewed=reviewed))


def _list_charters(env: Env) -> None:
    """`charter list`: every active client with a charter, and when each is reviewed."""
    from cadence_cli.render.clients import charter_line
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads

    with env.read() as db:
        found = [c for c in reads.list_clients(db=db) if c.charter is not None]
    out = console()
    if not found:
        out.print('No charters yet. Agree one with: cadence charter "Ada" --every 2w')
        return
    for c in found:
        out.print(charter_line(c.ref, c.charter, c.tier, env.today))
