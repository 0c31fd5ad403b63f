"""Clients: add, edit, list, show, note, snooze, archive, restore."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import (
    ClientArg,
    JsonOpt,
    NewOwnerOpt,
    OwnerOpt,
    TagOpt,
    TierOpt,
    note_option,
    owner_option,
    tier_option,
)
from cadence_cli.cli._params import complete_client, parse_milestone
from cadence_cli.core.dates import YearlyDate, day_ahead, parse_yearly
from cadence_cli.core.wording import day_phrase, plural
from cadence_cli.errors import InvalidInput

if TYPE_CHECKING:
    from datetime import date

    from cadence_cli.core.model import TouchpointFacts
    from cadence_cli.store.engine import Db
    from cadence_cli.store.referrals import Referral

EmailOpt = Annotated[str | None, typer.Option("--email", "-e", help="Email address.")]
PhoneOpt = Annotated[str | None, typer.Option("--phone", "-p", help="Phone number.")]
CompanyOpt = Annotated[str | None, typer.Option("--company", help="Company.")]


def _repeatable(flag: str, help: str) -> Any:
    """An option given once per value (`--tag a --tag b`): a list, no default shown."""
    return typer.Option(flag, help=help, show_default=False)


TagsOpt = Annotated[
    list[str] | None,
    _repeatable(
        "--tag", "A tag; repeat for several, or separate them with commas ('vip,investor' is two)."
    ),
]
BirthdayOpt = Annotated[
    str | None,
    typer.Option("--birthday", help="Birthday: YYYY-MM-DD, or MM-DD when the year is unknown."),
]
MilestoneOpt = Annotated[
    list[str] | None,
    _repeatable(
        "--milestone", "A yearly date, LABEL=DATE (e.g. 'home anniversary=2019-06-01'); repeatable."
    ),
]
UntagOpt = Annotated[list[str] | None, _repeatable("--untag", "Remove a tag; repeatable.")]
RemoveMilestoneOpt = Annotated[
    list[str] | None,
    _repeatable(
        "--remove-milestone",
        "Remove a milestone by label ('birthday' removes the birthday); repeatable.",
    ),
]
SHOWN_NOTES = 5
"""How many of the latest journal notes `show` lists."""

NoteOpt = Annotated[str | None, note_option("Notes about the client.")]
ServedByOpt = Annotated[str | None, owner_option("Who serves this client ('me' for you).")]
ReferredByOpt = Annotated[
    str | None,
    typer.Option(
        "--referred-by",
        help="The client who referred them (#id, email or name; '' clears it).",
        autocompletion=complete_client,
    ),
]


def _referrer(ref: str | None, *, db: Db) -> int | None:
    """`--referred-by` resolved like any client reference ('' means nobody)."""
    from cadence_cli.store import reads

    return reads.resolve_client(ref, db=db).id if ref and ref.strip() else None


def _milestones(birthday: str | None, milestones: list[str] | None) -> list[tuple[str, YearlyDate]]:
    found = [parse_milestone(m) for m in milestones or []]
    if birthday is not None:
        found.append(("birthday", parse_yearly(birthday)))
    return found


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The client's name.", show_default=False)],
    *,
    tier: Annotated[str | None, tier_option("Tier (default: the lowest-ranked).")] = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    company: CompanyOpt = None,
    tag: TagsOpt = None,
    birthday: BirthdayOpt = None,
    milestone: MilestoneOpt = None,
    owner: ServedByOpt = None,
    new_owner: NewOwnerOpt = False,
    note: NoteOpt = None,
    referred_by: ReferredByOpt = None,
) -> None:
    """Add a client to the book. A new client is due at once.

    Example:

        cadence add "Ada Lovelace" --tier A --birthday 1985-12-10 --tag investor
    """
    from cadence_cli.cli._app import warn
    from cadence_cli.core.records import ClientDraft
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes
    from cadence_cli.store.owners import check_new_owner

    env = env_of(ctx)
    draft = ClientDraft(
        name,
        tier,
        email=email,
        phone=phone,
        company=company,
        owner=env.owner(owner),
        notes=note,
        tags=tuple(tag or ()),
        milestones=tuple(_milestones(birthday, milestone)),
    )
    with env.write() as db:
        check_new_owner(draft.owner, db=db, user=env.user, new=new_owner)
        alike = reads.same_client(name, email, db=db)
        referrer = _referrer(referred_by, db=db)
        client = writes.add_client(draft, db=db, stamp=env.stamp)
        if referrer is not None:
            from cadence_cli.store.referrals import set_referred_by

            set_referred_by(client.id, referrer, db=db)
    for other in alike:
        how = "name" if other.name.casefold() == client.name.casefold() else "email"
        state = "archived" if other.status == "archived" else "active"
        hint = f"`cadence restore '#{other.id}'`" if state == "archived" else "check it"
        warn(f"{other.ref} ({state}) has the same {how}: is it the same client? ({hint})")
    console().print(f"Added #{client.id} {client.name} (tier {client.tier}): due today.")


@app.command()
def edit(
    ctx: typer.Context,
    client: ClientArg,
    *,
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    tier: Annotated[str | None, tier_option("Move to this tier.")] = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    company: CompanyOpt = None,
    tag: TagsOpt = None,
    untag: UntagOpt = None,
    birthday: BirthdayOpt = None,
    milestone: MilestoneOpt = None,
    remove_milestone: RemoveMilestoneOpt = None,
    owner: ServedByOpt = None,
    new_owner: NewOwnerOpt = False,
    note: NoteOpt = None,
    referred_by: ReferredByOpt = None,
) -> None:
    """Change a client. Options you leave out stay as they are; an empty value clears one.

    Example:

        cadence edit "Ada" --phone "+44 20 7946 0000" --remove-milestone birthday
    """
    from cadence_cli.core.records import ClientChanges
    from cadence_cli.render.safe import safe_text
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes
    from cadence_cli.store.owners import check_new_owner

    env = env_of(ctx)
    changes = ClientChanges(
        name,
        tier,
        email=email,
        phone=phone,
        company=company,
        owner=env.owner(owner) if owner else owner,
        notes=note,
        add_tags=tuple(tag or ()),
        remove_tags=tuple(untag or ()),
        milestones=tuple(_milestones(birthday, milestone)),
        remove_milestones=tuple(remove_milestone or ()),
    )
    if changes == ClientChanges() and referred_by is None:
        raise InvalidInput("nothing to change", hint="see `cadence edit --help` for the options")
    with env.write(creates=False) as db:
        check_new_owner(changes.owner, db=db, user=env.user, new=new_owner)
        found = reads.resolve_client(client, db=db)
        updated = found
        if changes != ClientChanges():
            updated = writes.edit_client(found.id, changes, db=db, stamp=env.stamp)
        if referred_by is not None:
            from cadence_cli.store.referrals import set_referred_by

            set_referred_by(found.id, _referrer(referred_by, db=db), db=db)
    out = console()
    out.print(f"Updated {updated.ref}.")
    if found.notes and updated.notes != found.notes:
        shown = safe_text(" ".join(found.notes.split()))
        out.print(f"The notes replaced were: {shown}")
        out.print(f'(`cadence note "#{updated.id}" TEXT` adds a dated note and keeps the rest.)')


@app.command("clients")
def list_clients(
    ctx: typer.Context,
    *,
    tier: TierOpt = None,
    tag: TagOpt = None,
    owner: OwnerOpt = None,
    archived: Annotated[bool, typer.Option("--archived", help="List archived clients.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List clients with their tier and next due date.

    Example:

        cadence clients --tier A --tag investor
    """
    from cadence_cli.core.records import DueFilters
    from cadence_cli.core.schedule import standing
    from cadence_cli.render.clients import print_clients
    from cadence_cli.render.shapes import client_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads
    from cadence_cli.store.owners import check_filters

    env = env_of(ctx)
    filters = DueFilters(tier=tier, owner=env.owner_filter(owner), tag=tag)
    with env.read() as db:
        check_filters(filters, db=db, user=env.user, origin=env.owner_origin(owner))
        clients = reads.list_clients(db=db, filters=filters, archived=archived)
        facts = [] if archived else book_facts.client_facts(db=db, on=env.today, filters=filters)
    standings = {f.client_id: standing(f, env.today) for f in facts}
    if as_json:
        emit_json([client_json(c, ident=c.id) for c in clients])
        return
    print_clients(console(), clients, standings, env.today)


@app.command()
def show(ctx: typer.Context, client: ClientArg, *, as_json: JsonOpt = False) -> None:
    """One client on one page: profile, status and why, charter, promises, history.

    Example:

        cadence show "Ada"
    """
    from cadence_cli.core.schedule import MilestoneFacts, next_milestone, standing
    from cadence_cli.render.clients import print_show
    from cadence_cli.render.history import print_show_history
    from cadence_cli.render.model import print_client_model
    from cadence_cli.render.shapes import model_show_json, show_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads
    from cadence_cli.store import terms as book_terms

    env = env_of(ctx)
    with env.read() as db:
        found = reads.resolve_client(client, db=db)
        facts = book_facts.client_facts(db=db, on=env.today, client_id=found.id)
        touches = reads.touches_of(found.id, db=db)
        chased = book_facts.chases_of(found.id, db=db, on=env.today)
        changes = book_terms.history_of(found.id, db=db)
        promises = reads.promises(db=db, client_id=found.id, include_kept=True)
        model = _client_model(found.id, db=db, on=env.today)
        notes = reads.notes_of(found.id, db=db, limit=SHOWN_NOTES)
    current = standing(facts[0], env.today) if facts else None
    upcoming = sorted(
        (next_milestone(MilestoneFacts(found.id, found.name, label, when), env.today)
         for label, when in found.milestones),
        key=lambda m: m.on,
    )  # fmt: skip
    if as_json:
        emit_json(
            show_json(
                found, ident=found.id, standing=current, chases=chased, promises=promises,
                milestones=upcoming, touches=touches, today=env.today, history=changes,
                notes=notes, partner=found.partner,
            )
            | model_show_json(*model)
        )  # fmt: skip
        return
    print_show(
        console(),
        found,
        current,
        touches,
        promises,
        [(m.milestone.label, m.description, m.on) for m in upcoming],
        chased,
        env.today,
        notes,
    )
    points, by, referred = model
    print_client_model(
        console(),
        points,
        by.ref if by else None,
        [(r.ref, r.added_on) for r in referred],
        env.today,
    )
    print_show_history(console(), changes, env.today)


def _client_model(
    client_id: int, *, db: Db, on: date
) -> tuple[list[TouchpointFacts], Referral | None, list[Referral]]:
    """What `show` adds from the written model: touchpoints, who referred, whom referred."""
    from cadence_cli.store.model import touchpoint_facts
    from cadence_cli.store.referrals import referrals_of, referred_by

    return (
        touchpoint_facts(db=db, on=on, client_id=client_id),
        referred_by(client_id, db=db),
        referrals_of(client_id, db=db),
    )


@app.command()
def snooze(
    ctx: typer.Context,
    client: ClientArg,
    *,
    until: Annotated[
        str | None,
        typer.Option("--until", "-u", help="Not due before this day (fri, 2w, 2026-12-01…)."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the snooze.")] = False,
) -> None:
    """Pause a client: not due before a day (they're travelling, you agreed to wait).

    Example:

        cadence snooze "Ada" --until 2w
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    if clear == (until is not None):
        raise InvalidInput("give either --until DATE or --clear")
    day = day_ahead(until, today=env.today, option="--until") if until is not None else None
    with env.write(creates=False) as db:
        found = reads.resolve_client(client, db=db, include_archived=False)
        updated = writes.set_snooze(found.id, day, db=db, stamp=env.stamp)
    if day is None:
        console().print(f"Snooze cleared for {updated.ref}.")
    else:
        console().print(f"Snoozed {updated.ref} until {day_phrase(day, env.today)}.")


@app.command()
def archive(
    ctx: typer.Context,
    client: ClientArg,
    *,
    reason: Annotated[
        str,
        typer.Option("--reason", "-r", help="Why (moved away, referred on…).", show_default=False),
    ],
    hand_over_to: Annotated[
        str | None,
        typer.Option(
            "--hand-over-to",
            help="Who keeps its open promises: they stay on that owner's lists ('me' for you).",
        ),
    ] = None,
    new_owner: NewOwnerOpt = False,
    cancel_promises: Annotated[
        bool, typer.Option("--cancel-promises", help="Cancel its open promises instead.")
    ] = False,
    partner: Annotated[
        str | None, typer.Option("--partner", help="Who the client was referred to.")
    ] = None,
) -> None:
    """Move a client out of every list and count; their history is kept.

    Open promises are never dropped: while there are any, archiving needs --hand-over-to
    OWNER (they stay on that owner's due list) or --cancel-promises.

    Example:

        cadence archive "Ada" --reason "moved away" --hand-over-to me
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes
    from cadence_cli.store.owners import check_new_owner

    env = env_of(ctx)
    with env.write(creates=False) as db:
        if not cancel_promises:  # with both, the write refuses them as a pair first
            check_new_owner(env.owner(hand_over_to), db=db, user=env.user, new=new_owner)
        found = reads.resolve_client(client, db=db)  # archived: a clear conflict
        owed = reads.promises(db=db, client_id=found.id)
        updated = writes.archive_client(
            found.id,
            reason,
            db=db,
            stamp=env.stamp,
            hand_over_to=env.owner(hand_over_to),
            cancel_promises=cancel_promises,
            partner=partner,
        )
    out = console()
    out.print(
        f"Archived {updated.ref}: {updated.archived_reason}. `cadence restore` brings them back."
    )
    if updated.partner:
        out.print(f"Referred to {updated.partner}.")
    if owed:
        count = plural(len(owed), "open promise")
        if cancel_promises:
            out.print(f"Cancelled {count}.")
        else:
            out.print(f"Handed {count} to {env.owner(hand_over_to)}: still on their due list.")


@app.command()
def note(
    ctx: typer.Context,
    client: ClientArg,
    text: Annotated[str, typer.Argument(help="What to remember.", show_default=False)],
) -> None:
    """Add a dated note to a client's journal (with who wrote it); `show` lists the latest.

    Example:

        cadence note "Ada" "daughter starts university in September"
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    with env.write(creates=False) as db:
        found = reads.resolve_client(client, db=db)
        added = writes.add_note(found.id, text, db=db, stamp=env.stamp)
    console().print(f"Noted for {found.ref} on {day_phrase(added.noted_on, env.today)}.")


@app.command()
def restore(
    ctx: typer.Context,
    client: Annotated[
        str,
        typer.Argument(
            help="The archived client: #id, email or name.", autocompletion=complete_client
        ),
    ],
) -> None:
    """Bring an archived client back into the lists, history intact.

    Example:

        cadence restore "#12"
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    with env.write(creates=False) as db:
        found = reads.resolve_client(client, db=db)
        updated = writes.restore_client(found.id, db=db, stamp=env.stamp)
    console().print(f"Restored {updated.ref} to tier {updated.tier}.")
