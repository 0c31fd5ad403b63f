"""`cadence sync contacts|calendar DIR`: keep a vdir and the book in step, both ways.

A vdir is a folder with one `.vcf` (or `.ics`) per item, the storage vdirsyncer syncs with
any CardDAV or CalDAV server (iCloud, Google, Nextcloud, Fastmail, Radicale) and khard, khal
and todoman read: cadence joins that ecosystem instead of speaking the network itself. The
work is in `store.sync` and `store.calendar_sync`; this module wires it and prints the
summary (stdout) and the warnings (stderr).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cadence_cli.cli._app import _sub, app, one_line
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import (
    NewOwnerOpt,
    dry_run_option,
    horizon_option,
    owner_option,
    tier_option,
)
from cadence_cli.core.wording import plural
from cadence_cli.errors import InvalidInput

if TYPE_CHECKING:
    from cadence_cli.core.merge import Clash
    from cadence_cli.store.sync import ContactPlan

sync_app = _sub(
    "sync",
    "Keep a folder of cards or calendar items (a vdir, as vdirsyncer keeps it) in step with "
    "the book.\n\nExample:\n\n    cadence sync contacts ~/.contacts/cadence",
)
app.add_typer(sync_app, name="sync")

PREFER = ("cards", "cadence")

DirArg = Annotated[
    Path,
    typer.Argument(
        help="The vdir: a folder with one file per item (vdirsyncer's local storage).",
        show_default=False,
    ),
]


DryRunOpt = Annotated[bool, dry_run_option("Show what would change; write nothing.")]


def _say(text: str) -> None:
    sys.stdout.write(one_line(text) + "\n")


def _warn(text: str) -> None:
    sys.stderr.write(f"warning: {one_line(text)}\n")


def _shown(value: str | None) -> str:
    return "nothing" if value is None else repr(value)


def _clash_line(ref: str, clash: Clash) -> str:
    kept = "the card's" if clash.kept == "cards" else "cadence's"
    return (
        f"conflict: {ref}: {clash.field}: the card has {_shown(clash.card)}, cadence has "
        f"{_shown(clash.book)}; kept {kept} (--prefer {clash.kept})"
    )


def _contact_summary(plan: ContactPlan, folder: Path, *, dry_run: bool) -> str:
    parts = []
    if plan.new_clients:
        parts.append(plural(len(plan.new_clients), "new client"))
    if plan.updated:
        parts.append(f"{plural(len(plan.updated), 'client')} updated")
    if plan.new_cards:
        parts.append(plural(len(plan.new_cards), "new card"))
    if plan.cards_updated:
        parts.append(f"{plural(plan.cards_updated, 'card')} updated")
    if plan.linked:
        parts.append(f"{plural(plan.linked, 'card')} linked to a client")
    if plan.clashes:
        parts.append(plural(len(plan.clashes), "conflict"))
    if plan.deleted:
        parts.append(plural(len(plan.deleted), "deleted card"))
    done = ", ".join(parts) if parts else "nothing to change"
    if dry_run:
        return f"Dry run of a sync with {folder} ({plural(plan.cards, 'card')}): {done}. " + (
            "Nothing was written."
        )
    return f"Synced contacts with {folder} ({plural(plan.cards, 'card')}): {done}."


@sync_app.command("contacts")
def contacts(
    ctx: typer.Context,
    folder: DirArg,
    *,
    tier: Annotated[
        str | None, tier_option("Tier for clients from new cards (default: the lowest).")
    ] = None,
    owner: Annotated[
        str | None,
        owner_option(
            "Owner for clients from new cards ('me' for you); only this owner's clients "
            "get new cards (a teammate's stay off your phone)."
        ),
    ] = None,
    new_owner: NewOwnerOpt = False,
    dry_run: DryRunOpt = False,
    prefer: Annotated[
        str,
        typer.Option(
            "--prefer",
            help="When a card and cadence both changed a field since the last sync: keep the "
            "cards' value or cadence's.",
        ),
    ] = "cards",
) -> None:
    """Sync clients with a folder of vCards (a vdir), both ways.

    New cards become clients; a card changed since the last sync updates its client's name,
    email, phone, company, birthday and anniversary; a client changed in cadence rewrites
    those lines of its card and keeps every other line byte for byte; a client with no card
    gets one. A deleted card never deletes or archives a client: the summary lists it.
    The book changes all or nothing; each card is written whole (a temporary file, renamed).

    Example:

        cadence sync contacts ~/.contacts/cadence --tier B --owner me
    """
    from cadence_cli import __version__
    from cadence_cli.interop.vdir import check_folder, read_items
    from cadence_cli.store import sync
    from cadence_cli.store.owners import check_new_owner

    env = env_of(ctx)
    side = prefer.strip().lower()
    if side not in PREFER:
        raise InvalidInput(f"unknown --prefer {prefer!r}", hint="use cards or cadence")
    where = check_folder(folder.expanduser())
    items = read_items(where, ".vcf")
    with env.preview() if dry_run else env.write() as db:
        check_new_owner(env.owner(owner), db=db, user=env.user, new=new_owner)
        plan = sync.plan_contacts(
            items,
            db=db,
            prefer="cards" if side == "cards" else "cadence",
            tier=tier,
            owner=env.owner(owner),
        )
        if not dry_run:
            sync.apply_contacts(
                plan,
                where,
                db=db,
                stamp=env.stamp,
                prodid=f"-//cadence//cadence {__version__}//EN",
            )
    for warning in plan.warnings:
        _warn(warning)
    _say(_contact_summary(plan, folder, dry_run=dry_run))
    for client, clash in plan.clashes:
        _say(_clash_line(client.ref, clash))
    for client in plan.deleted:
        _say(f"deleted card: {client.ref}: its card is gone; the client stays in cadence")


@sync_app.command("calendar")
def calendar(
    ctx: typer.Context,
    folder: DirArg,
    *,
    horizon: Annotated[
        str,
        horizon_option(
            "How far ahead promises, touchpoints and charter reviews show as to-dos (0d: today)."
        ),
    ] = "14d",
    dry_run: DryRunOpt = False,
) -> None:
    """Write the due list into a calendar vdir, and take in to-dos completed elsewhere.

    One to-do (VTODO) per client due, per follow-up, and per promise, client's touchpoint
    and charter review within the horizon, one yearly event per birthday and milestone; what
    is no longer due is removed. A contact to-do completed in another program (todoman, a
    phone through CalDAV) logs a counting touch on the day it was completed, a touchpoint
    to-do a touch credited to its touchpoint (as `log --for`); a completed promise to-do
    keeps the promise, a completed review reviews the charter that day.

    Example:

        cadence sync calendar ~/.calendars/cadence --horizon 14d
    """
    from cadence_cli import __version__
    from cadence_cli.core.dates import parse_horizon
    from cadence_cli.core.wording import day_phrase
    from cadence_cli.interop.vdir import check_folder, read_items
    from cadence_cli.store.calendar_sync import sync_calendar

    env = env_of(ctx)
    until = parse_horizon(horizon, today=env.today)
    where = check_folder(folder.expanduser())
    files = read_items(where, ".ics")
    with env.preview() if dry_run else env.write() as db:
        outcome = sync_calendar(
            files,
            None if dry_run else where,
            db=db,
            zone=env.zone,
            today=env.today,
            now=env.now,
            until=until,
            stamp=env.stamp,
            prodid=f"-//cadence//cadence {__version__}//EN",
        )
    for warning in outcome.warnings:
        _warn(warning)
    parts = [
        f"{plural(outcome.written, 'item')} written",
        f"{outcome.unchanged:,} unchanged",
        f"{outcome.removed:,} removed",
    ]
    if dry_run:
        done = plural(len(outcome.logged), "completed to-do")
        _say(
            f"Dry run of a sync with {folder}: {', '.join(parts)}, {done} to take in. "
            "Nothing was written."
        )
        return
    _say(f"Synced the calendar with {folder}: {', '.join(parts)}.")
    for entry in outcome.logged:
        when = day_phrase(entry.on, env.today)
        if entry.promise is not None:
            _say(f"kept: {entry.client}: {entry.promise} on {when} (done in {entry.program})")
        elif entry.reviewed:
            _say(f"reviewed: {entry.client}: the charter on {when} (done in {entry.program})")
        elif entry.touchpoint is not None:
            _say(
                f"logged: {entry.channel} with {entry.client} on {when} for "
                f"{entry.touchpoint!r} (done in {entry.program})"
            )
        else:
            _say(f"logged: {entry.channel} with {entry.client} on {when} (done in {entry.program})")
