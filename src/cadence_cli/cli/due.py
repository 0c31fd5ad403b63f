"""`cadence due`: the morning list."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._config import SCREEN_ROWS
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import (
    JsonOpt,
    OwnerOpt,
    TagOpt,
    TierOpt,
    horizon_option,
    on_option,
)
from cadence_cli.core.dates import parse_day, parse_horizon
from cadence_cli.errors import InvalidInput

if TYPE_CHECKING:
    from datetime import date

    from cadence_cli.cli._context import Env
    from cadence_cli.core.model import TouchpointDue
    from cadence_cli.core.records import ContactPoints, DueFilters
    from cadence_cli.core.schedule import Agenda, ClientFacts
    from cadence_cli.store.engine import Db


@app.command()
def due(
    ctx: typer.Context,
    *,
    on: Annotated[str | None, on_option("Plan for another day: tomorrow, fri, 2026-12-01.")] = None,
    horizon: Annotated[
        str | None,
        horizon_option(
            "How far ahead promises, milestones and reviews show (0d: today; default 7d, "
            "or `horizon` in `cadence config`)."
        ),
    ] = None,
    tier: TierOpt = None,
    owner: OwnerOpt = None,
    tag: TagOpt = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            help=f"Show at most N rows in the table and in each section (default {SCREEN_ROWS}, "
            "or `rows` in `cadence config`).",
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every row of every section, however many.")
    ] = False,
    count: Annotated[
        bool, typer.Option("--count", help="Print only the number of clients due (and reactive).")
    ] = False,
    as_json: JsonOpt = False,
    capacity: Annotated[
        int | None,
        typer.Option(
            "--capacity", min=1, help="Only today's first N contacts; says how many wait."
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Print the clients due as tab-separated lines with a header (for scripts).",
        ),
    ] = False,
) -> None:
    """The morning list: who needs you today, the reactive ones first.

    Then follow-ups after unanswered calls, promises, milestones and charter reviews within
    the horizon.

    Example:

        cadence due --tier A --horizon 14d
    """
    from cadence_cli.store.facts import paused_gc

    env = env_of(ctx)
    day = parse_day(on, today=env.today, direction="future") if on is not None else env.today
    until = parse_horizon(env.horizon(horizon), today=day)
    if sum((count, as_json, plain)) > 1:
        raise InvalidInput("--count, --json and --plain do not go together")
    # The book's records live until the list is printed: a collection the agenda's or the
    # table's allocations trigger would walk them all to free nothing (a fifth of `due > file`
    # on the 100k book). Reference counting frees the rest as usual.
    with paused_gc():
        _due(
            env, day, until, tier=tier, owner=owner, tag=tag, limit=limit, show_all=show_all,
            count=count, as_json=as_json, capacity=capacity, plain=plain,
        )  # fmt: skip


def _due(
    env: Env,
    day: date,
    until: date,
    *,
    tier: str | None,
    owner: str | None,
    tag: str | None,
    limit: int | None,
    show_all: bool,
    count: bool,
    as_json: bool,
    capacity: int | None,
    plain: bool,
) -> None:
    """The reads, then the list in the form asked for."""
    from cadence_cli.core.records import DueFilters
    from cadence_cli.store import reads
    from cadence_cli.store.owners import check_filters

    filters = DueFilters(tier=tier, owner=env.owner_filter(owner), tag=tag)
    if count:
        _print_count(env, filters, day=day, capacity=capacity, origin=env.owner_origin(owner))
        return
    table = not as_json
    with env.read() as db:
        check_filters(filters, db=db, user=env.user, origin=env.owner_origin(owner))
        agenda, known_reach = _agenda(db, filters, day=day, until=until, table=table)
        show_owner = table and reads.owners_in_view(db=db, filters=filters) > 1
        points = _touchpoints_due(db, filters, day=day, until=until)
        agenda, waiting = _cut_to_capacity(agenda, capacity)
        screen = sys.stdout.isatty() and not (show_all or plain)  # a pipe gets every row
        rows = limit if limit is not None else (env.rows() if screen else None)
        shown = agenda.contacts if rows is None else agenda.contacts[:rows]
        reach = _reach([s.client.client_id for s in shown], known_reach, db) if table else {}
    if as_json:
        _print_json(agenda, points, limit=limit, waiting=None if capacity is None else waiting)
        return
    if plain:
        from cadence_cli.render.due import print_due_plain

        print_due_plain(agenda, shown, reach)
        return
    from cadence_cli.render.due import print_due
    from cadence_cli.render.terminal import console

    filtered = any(value is not None for value in (filters.tier, filters.owner, filters.tag))
    out = console()
    print_due(out, agenda, show_owner=show_owner, limit=rows, filtered=filtered, reach=reach)
    if points:  # (the renderer of the model is not loaded for nothing)
        from cadence_cli.render.model import print_touchpoints

        print_touchpoints(out, points, day, rows)
    if capacity is not None:
        out.print(f"{waiting} more wait for another day (--capacity {capacity}).")


def _print_count(
    env: Env, filters: DueFilters, *, day: date, capacity: int | None, origin: str | None
) -> None:
    """`due --count`: how many contacts `due` would list (with --capacity, at most that
    many), from the clients who can be due alone: no order, reasons or look-ahead."""
    from cadence_cli.core.schedule import count_due
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store.owners import check_filters

    with env.read() as db:
        check_filters(filters, db=db, user=env.user, origin=origin)
        clients = book_facts.client_facts(db=db, on=day, filters=filters, only_due=True)
    due = count_due(clients, day)
    print(due if capacity is None else min(due, capacity))  # a number for scripts: no Rich


def _touchpoints_due(db: Db, filters: DueFilters, *, day: date, until: date) -> list[TouchpointDue]:
    """The written model's touchpoints due by `until`; its module is loaded only when they
    are shown (`due --count` leaves them out, and is a tenth quicker without the import) and
    the model has any."""
    from cadence_cli.store.reads import has_touchpoints

    if not has_touchpoints(db=db):
        return []
    from cadence_cli.store.model import due_touchpoints

    return due_touchpoints(db=db, on=day, until=until, filters=filters)


def _agenda(
    db: Db, filters: DueFilters, *, day: date, until: date, table: bool
) -> tuple[Agenda, dict[int, ContactPoints] | None]:
    """The agenda of `day` with its look-ahead sections, and the contact points of its
    clients when the same read gave them."""
    from cadence_cli.core.schedule import build_agenda
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads
    from cadence_cli.store.due_facts import due_facts

    # Only the clients who can be due (or owe a follow-up) become records: most are fine.
    # The charters (and the table's contact points) come on the same rows.
    found = due_facts(db=db, on=day, filters=filters, reach=table)
    clients, charters, reach = found.clients, found.charters, found.reach
    scan = filters.tier is None  # most clients are in view (`reads.in_view`)
    owed = reads.promises(db=db, filters=filters, until=until, as_of=day, scan=scan)
    promises = book_facts.promise_facts(owed)
    milestones = book_facts.milestone_facts(db=db, filters=filters, between=(day, until), on=day)

    def agenda_of(clients: list[ClientFacts]) -> Agenda:
        return build_agenda(
            clients=clients,
            promises=promises,
            milestones=milestones,
            charters=charters,
            today=day,
            until=until,
        )

    agenda = agenda_of(clients)
    if table and agenda.is_empty:  # "Next: …" (or "no clients yet") needs every client
        agenda = agenda_of(book_facts.client_facts(db=db, on=day, filters=filters))
    return agenda, reach


def _reach(
    ids: list[int], known: dict[int, ContactPoints] | None, db: Db
) -> dict[int, ContactPoints]:
    """The contact points of the clients `ids`: those the agenda's read gave, and any other
    looked up (all of them when that read could not give them)."""
    from cadence_cli.store.reads import contact_points

    if known is None:
        return contact_points(ids, db=db)
    missing = [client_id for client_id in ids if client_id not in known]
    return {**known, **contact_points(missing, db=db)} if missing else known


def _cut_to_capacity(agenda: Agenda, capacity: int | None) -> tuple[Agenda, int]:
    """`--capacity N`: today's first N contacts, and how many wait (SPEC §8)."""
    if capacity is None:
        return agenda, 0
    from dataclasses import replace

    waiting = max(0, len(agenda.contacts) - capacity)
    return replace(agenda, contacts=agenda.contacts[:capacity]), waiting


def _print_json(
    agenda: Agenda, points: list[TouchpointDue], *, limit: int | None, waiting: int | None
) -> None:
    """`due --json`: the agenda, its touchpoints, and with --capacity how many wait."""
    from cadence_cli.render.shapes import due_json, due_touchpoints_json
    from cadence_cli.render.terminal import emit_json

    data = due_json(agenda, limit=limit)
    data["touchpoints"] = due_touchpoints_json(points)
    if waiting is not None:
        data["waiting"] = waiting
    emit_json(data)
