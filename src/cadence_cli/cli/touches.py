"""Touches: log one after every call, list them, correct or delete one, undo your last one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from cadence_cli.cli._app import app, touch_app, warn
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import (
    JsonOpt,
    NewOwnerOpt,
    OwnerOpt,
    TagOpt,
    TierOpt,
    YesOpt,
    channel_option,
    client_argument,
    note_option,
    on_option,
    outcome_option,
)
from cadence_cli.cli._params import (
    check_channel,
    check_outcome,
    complete_touchpoint,
)
from cadence_cli.cli._session import confirm
from cadence_cli.core.dates import local_noon, parse_day
from cadence_cli.core.wording import day_phrase
from cadence_cli.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from datetime import date, datetime

    from cadence_cli.cli._context import Env
    from cadence_cli.core.model import Touchpoint
    from cadence_cli.core.records import DueFilters, TouchFields, TouchInfo
    from cadence_cli.core.schedule import ClientFacts
    from cadence_cli.store.engine import Db

TouchIdArg = Annotated[
    int, typer.Argument(help="The touch's id (`cadence touches` shows them).", show_default=False)
]

ForTouchpointOpt = Annotated[
    str | None,
    typer.Option(
        "--for",
        help="The touchpoint of the client's tier this touch delivers (`cadence model`).",
        autocompletion=complete_touchpoint,
    ),
]


@app.command()
def log(
    ctx: typer.Context,
    client: Annotated[
        str | None,
        client_argument(
            "The client: #id, email, exact name, or an unambiguous part of the name "
            "(or choose many with --tag, --tier or --owner)."
        ),
    ] = None,
    *,
    channel: Annotated[
        str | None,
        channel_option(
            "call, text, email, meeting, video, gift, card, social or other "
            "(default: the charter's preferred channel, else call)."
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        outcome_option(
            "reached, message or no-answer (default: reached for call/meeting/video, else message)."
        ),
    ] = None,
    inbound: Annotated[
        bool, typer.Option("--inbound", "-i", help="The client reached out to you.")
    ] = False,
    on: Annotated[
        str | None, on_option("When it happened: yesterday, fri, 3d, 2026-11-20.")
    ] = None,
    note: Annotated[str | None, note_option("What was said or sent.")] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who made the touch (default: you).")
    ] = None,
    new_owner: NewOwnerOpt = False,
    for_touchpoint: ForTouchpointOpt = None,
    tag: TagOpt = None,
    tier: TierOpt = None,
    owner: OwnerOpt = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Log for a selection without asking.")
    ] = False,
) -> None:
    """Record a touch with a client; prints their new due date.

    With --tag, --tier or --owner instead of a client, logs the same touch with every active
    client in the selection (one transaction), after saying how many and asking.

    Example:

        cadence log "Ada" --channel call --note "talked about the move"

        cadence log --tag past-client -c email --note "market update"
    """
    from cadence_cli.core.records import DueFilters

    env = env_of(ctx)
    day = parse_day(on, today=env.today, direction="past") if on is not None else env.today
    if day > env.today:
        raise InvalidInput(f"--on {on} is in the future", hint="log touches that happened")
    by_whom = env.owner(by) or env.user
    typed = _Typed(day, _instant(env, day), channel, outcome, note, by_whom, new_owner)
    selection = (tag, tier, owner)
    if client is None:
        if all(value is None for value in selection):
            raise InvalidInput(
                "log needs a CLIENT, or --tag, --tier or --owner to log with many",
                hint="see `cadence log --help`",
            )
        if for_touchpoint is not None or inbound:
            raise InvalidInput("--for and --inbound log a touch with one client, not a selection")
        filters = DueFilters(tier=tier, owner=env.owner_filter(owner, configured=False), tag=tag)
        _log_many(env, filters, typed, yes=yes)
        return
    if any(value is not None for value in selection):
        raise InvalidInput(
            "give a CLIENT or a selection (--tag, --tier, --owner), not both",
            hint="see `cadence log --help`",
        )
    with env.write(creates=False) as db:
        logged = _log_one(env, client, typed, db=db, inbound=inbound, touchpoint=for_touchpoint)
    _print_logged(env, logged, typed)


@dataclass(frozen=True)
class _Typed:
    """A touch as `log` was given it; the channel and outcome may still wait for defaults."""

    day: date
    at: datetime
    channel: str | None
    outcome: str | None
    note: str | None
    by: str
    new_owner: bool
    """`--new-owner`: `by` may be someone the book has never seen."""

    def touch(
        self, channel: str, outcome: str, *, inbound: bool, logged_at: datetime
    ) -> TouchFields:
        """The touch to write, once its channel and outcome are settled."""
        from cadence_cli.core.records import TouchFields

        return TouchFields(
            at=self.at, day=self.day, channel=channel, outcome=outcome, inbound=inbound,
            note=self.note, by=self.by, logged_at=logged_at,
        )  # fmt: skip


def _instant(env: Env, day: date) -> datetime:
    """When a touch on `day` happened: now if it is today, else noon of that day."""
    return env.now if day == env.now.date() else local_noon(day, env.zone)


def _outcome(typed: _Typed, channel: str) -> str:
    """`--outcome`, else what the channel means: reached for a call, a message for a text."""
    from cadence_cli.core.schedule import default_outcome

    return check_outcome(typed.outcome) if typed.outcome is not None else default_outcome(channel)


@dataclass(frozen=True)
class _Logged:
    """One touch logged with one client, and where the client stands after it."""

    name: str
    touch: TouchInfo
    outcome: str
    point: Touchpoint | None
    facts: ClientFacts


def _log_one(
    env: Env, client: str, typed: _Typed, *, db: Db, inbound: bool, touchpoint: str | None
) -> _Logged:
    """The touch with one client, in the command's write. The channel defaults to the
    touchpoint's (`--for`), else the charter's, else a call; the outcome to the channel's."""
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads, writes
    from cadence_cli.store.owners import check_new_owner

    check_new_owner(typed.by, db=db, user=env.user, new=typed.new_owner, label="--by")
    found = reads.resolve_client(client, db=db, include_archived=False)
    if found.added_on is not None and typed.day < found.added_on:
        warn(
            f"--on {day_phrase(typed.day, env.today)} is before {found.ref} was added "
            f"({day_phrase(found.added_on, env.today)}); logged anyway"
        )
    preferred = found.charter.channel if found.charter else None
    point = None
    if touchpoint is not None:
        from cadence_cli.store.model import touchpoint_for_client  # the model only for --for

        point = touchpoint_for_client(found.id, touchpoint, db=db)
        preferred = point.channels[0]  # what the service is delivered by
    channel = check_channel(typed.channel) if typed.channel is not None else (preferred or "call")
    outcome = _outcome(typed, channel)
    fields = typed.touch(channel, outcome, inbound=inbound, logged_at=env.now)
    touch = writes.log_touch(found.id, fields, db=db)
    if point is not None:
        from cadence_cli.store.model import credit_touch

        credit_touch(touch.id, point.name, db=db)
    facts = book_facts.client_facts(db=db, on=env.today, client_id=found.id)[0]
    return _Logged(found.name, touch, outcome, point, facts)


def _print_logged(env: Env, logged: _Logged, typed: _Typed) -> None:
    """What was logged, whether it counts, and when the client is due next."""
    from cadence_cli.core.schedule import follow_up, is_counting, standing
    from cadence_cli.render.plain import say

    now = standing(logged.facts, env.today)
    direction = "from" if logged.touch.inbound else "with"
    when = day_phrase(typed.day, env.today)
    say(f"Logged {logged.touch.channel} {direction} {logged.name} on {when} ({logged.outcome}).")
    if not is_counting(logged.outcome):
        pending = follow_up(logged.facts, env.today)
        if pending is not None:
            say(f"Not counted: {pending.reason}.")
    if logged.point is not None:
        nxt = day_phrase(logged.point.every.after(typed.day), env.today)
        say(f"Delivered {logged.point.name!r}; next one {nxt}.")
    if now.status == "ok":
        say(f"Next due {day_phrase(now.due_on, env.today)} ({now.reason}).")
    else:
        since = day_phrase(now.due_on, env.today)
        say(f"Still {now.status} since {since} ({now.reason}).")


def _log_many(env: Env, filters: DueFilters, typed: _Typed, *, yes: bool) -> None:
    """One touch with every active client in view: counted, confirmed, then one transaction.

    The clients are read again inside the write, and only those counted (and still active)
    get the touch: the question is about the clients shown, not about whoever arrives later.
    """
    from cadence_cli.core.wording import bulk_touch_line
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes
    from cadence_cli.store.owners import check_filters, check_new_owner

    if typed.channel is None:
        raise InvalidInput(
            "a touch with many clients needs --channel", hint="e.g. -c email or -c card"
        )
    channel = check_channel(typed.channel)
    outcome = _outcome(typed, channel)
    with env.read() as db:
        check_filters(filters, db=db, user=env.user)
        check_new_owner(typed.by, db=db, user=env.user, new=typed.new_owner, label="--by")
        chosen = [c.id for c in reads.list_clients(db=db, filters=filters)]
    when = day_phrase(typed.day, env.today)
    if not chosen:
        raise NotFound(bulk_touch_line(filters, channel=channel, count=0, when=when))
    question = bulk_touch_line(filters, channel=channel, count=len(chosen), when=when)
    if not yes and not confirm(question):
        console().print("Logged nothing.")
        return
    with env.write(creates=False) as db:
        still = {c.id for c in reads.list_clients(db=db, filters=filters)}
        fields = typed.touch(channel, outcome, inbound=False, logged_at=env.now)
        logged = writes.log_touches([c for c in chosen if c in still], fields, db=db)
    done = bulk_touch_line(filters, channel=channel, count=logged, when=when, done=True)
    console().print(done)


@app.command()
def undo(ctx: typer.Context, *, yes: YesOpt = False) -> None:
    """Remove the touch you logged most recently, after showing it (never a teammate's).

    Example:

        cadence undo --yes
    """
    from cadence_cli.store import reads

    env = env_of(ctx)
    with env.read() as db:  # ask before taking the write lock: a teammate's `log` must not wait
        last = reads.latest_logged_touch(db=db, by=env.user)
    if last is None:
        raise NotFound(
            f"there is no touch of yours ({env.user}) to undo",
            hint="`cadence touches` lists every touch; `cadence touch delete ID` removes one",
        )
    shown = f"Last touch logged by {last.by}"
    _delete_if_sure(env, last, shown, "Remove it?", f"Removed touch {last.id}.", yes=yes)


@app.command("touches")
def list_touches(
    ctx: typer.Context,
    client: Annotated[
        str | None,
        typer.Argument(help="Only this client's touches: #id, email or name.", show_default=False),
    ] = None,
    *,
    limit: Annotated[
        int, typer.Option("--limit", "-l", min=1, help="How many of the latest to show.")
    ] = 20,
    as_json: JsonOpt = False,
) -> None:
    """The latest touches, newest first, with the ids `touch edit` and `touch delete` take.

    Example:

        cadence touches "Ada" --limit 5
    """
    from cadence_cli.render.clients import print_touches
    from cadence_cli.render.shapes import touches_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import reads

    env = env_of(ctx)
    with env.read() as db:
        client_id = reads.resolve_client(client, db=db).id if client is not None else None
        found = reads.recent_touches(db=db, client_id=client_id, limit=limit)
    if as_json:
        emit_json(touches_json(found))
        return
    print_touches(console(), found, env.today)


@touch_app.command("edit")
def edit_touch(
    ctx: typer.Context,
    touch_id: TouchIdArg,
    *,
    on: Annotated[str | None, on_option("The day it happened: yesterday, fri, 2026-11-20.")] = None,
    channel: Annotated[str | None, channel_option("The channel.")] = None,
    outcome: Annotated[str | None, outcome_option("reached, message or no-answer.")] = None,
    inbound: Annotated[
        bool | None,
        typer.Option(
            "--inbound/--outbound", help="Who reached out: the client, or you.", show_default=False
        ),
    ] = None,
    note: Annotated[str | None, note_option('A new note ("" removes it).')] = None,
) -> None:
    """Correct one touch: options you leave out stay as they are.

    Example:

        cadence touch edit 12 --on fri --outcome no-answer
    """
    from cadence_cli.core.records import TouchChanges
    from cadence_cli.render.clients import describe_touch
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    day = parse_day(on, today=env.today, direction="past") if on is not None else None
    if day is not None and day > env.today:
        raise InvalidInput(f"--on {on} is in the future", hint="a touch is something that happened")
    changes = TouchChanges(
        day=day,
        at=None if day is None else _instant(env, day),
        channel=check_channel(channel) if channel is not None else None,
        outcome=check_outcome(outcome) if outcome is not None else None,
        inbound=inbound,
        note=note,
    )
    if changes == TouchChanges():
        raise InvalidInput("nothing to change", hint="see `cadence touch edit --help`")
    with env.write(creates=False) as db:
        touch = writes.edit_touch(touch_id, changes, db=db)
    console().print(f"Touch {touch.id} is now: {describe_touch(touch, env.today)}.")


@touch_app.command("delete")
def delete_touch(ctx: typer.Context, touch_id: TouchIdArg, *, yes: YesOpt = False) -> None:
    """Delete one touch (anyone's), after showing it.

    Example:

        cadence touch delete 12 --yes
    """
    from cadence_cli.store import reads

    env = env_of(ctx)
    with env.read() as db:
        touch = reads.get_touch(touch_id, db=db)
    by = f" (by {touch.by})" if touch.by else ""
    _delete_if_sure(env, touch, f"Touch {touch.id}{by}", "Delete it?", "Deleted.", yes=yes)


def _delete_if_sure(
    env: Env, touch: TouchInfo, title: str, question: str, done: str, *, yes: bool
) -> None:
    """Show the touch, ask (unless --yes), then delete it in its own write: the question is
    asked before the write lock is taken, so a teammate's `log` never waits on an answer."""
    from cadence_cli.render.clients import describe_touch
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    out = console()
    out.print(f"{title}: {describe_touch(touch, env.today)}")
    if not yes and not confirm(question):
        out.print("Kept it.")
        return
    with env.write(creates=False) as db:
        writes.delete_touch(touch.id, db=db)
    out.print(done)
