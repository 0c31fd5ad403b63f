"""`cadence tier …`: define tiers and move clients between them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cadence_cli.cli._app import tier_app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import ClientArg, JsonOpt
from cadence_cli.core.dates import parse_interval
from cadence_cli.errors import InvalidInput

MAX_RANK = 1000
"""Far more tiers than any book has; a larger rank would not fit the store's integer."""

if TYPE_CHECKING:
    from cadence_cli.core.records import ClientInfo


@tier_app.command("list")
def list_tiers(ctx: typer.Context, *, as_json: JsonOpt = False) -> None:
    """Tiers with their cadence, clients, who is due now and the weekly load they demand.

    Example:

        cadence tier list
    """
    from cadence_cli.core.report import tier_loads
    from cadence_cli.render.book import print_tiers
    from cadence_cli.render.shapes import tier_load_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads

    env = env_of(ctx)
    with env.read() as db:
        tiers = reads.tiers(db=db)
        facts = book_facts.client_facts(db=db, on=env.today)
    loads = tier_loads(tiers, facts, env.today)
    if as_json:
        emit_json([tier_load_json(load) for load in loads])
        return
    print_tiers(console(), loads)


@tier_app.command("define")
def define(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Tier name (A, B, C, VIP…).", show_default=False)],
    *,
    every: Annotated[
        str, typer.Option("--every", help="How often: 1w, 2w, 1m, quarterly…", show_default=False)
    ],
    reactive_after: Annotated[
        str,
        typer.Option(
            "--reactive-after",
            help="How long past due before it counts as reactive.",
            show_default=False,
        ),
    ],
    description: Annotated[
        str | None, typer.Option("--description", "-d", help="What the tier is for.")
    ] = None,
    rank: Annotated[
        int | None,
        typer.Option("--rank", min=1, help="Order among tiers (1 = first, at most 1000)."),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", help="Minutes one contact takes (default 10; `cadence model`)."),
    ] = None,
) -> None:
    """Create a tier or change an existing one.

    Example:

        cadence tier define VIP --every 2w --reactive-after 1w -d "top 10"
    """
    from cadence_cli.core.records import TierDraft
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    if rank is not None and rank > MAX_RANK:  # a rank past any book would overflow the store
        raise InvalidInput(f"--rank must be at most {MAX_RANK}, got {rank}")
    every_i, reactive_i = parse_interval(every), parse_interval(reactive_after)
    if minutes is not None:
        from cadence_cli.store.model import check_minutes

        check_minutes(minutes)
    draft = TierDraft(
        name, every_i, reactive_i, description=description, rank=rank, minutes=minutes
    )
    with env.write() as db:
        tier, created = writes.define_tier(draft, db=db, stamp=env.stamp)
    verb = "Defined" if created else "Redefined"
    console().print(
        f"{verb} tier {tier.name}: every {tier.every}, reactive after {tier.reactive_after}."
    )


@tier_app.command("set")
def set_tier(
    ctx: typer.Context,
    client: ClientArg,
    tier: Annotated[str, typer.Argument(help="The new tier.", show_default=False)],
) -> None:
    """Move a client to another tier.

    Example:

        cadence tier set "Ada" A
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import reads, writes

    env = env_of(ctx)
    with env.write(creates=False) as db:
        found = reads.resolve_client(client, db=db)
        if reads.tier_named(tier, db=db).name == found.tier:
            console().print(f"{found.ref} is already in tier {found.tier}: nothing changed.")
            return
        old, updated = writes.set_tier(found.id, tier, db=db, stamp=env.stamp)
    console().print(f"Moved {updated.ref} from {old} to {updated.tier}{charter_says(updated)}.")


def charter_says(client: ClientInfo) -> str:
    """'; the charter still asks every 1w': a tier move does not change a chartered cadence."""
    if client.charter is None:
        return ""
    return f"; the charter still asks every {client.charter.every}"


@tier_app.command("delete")
def delete(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The tier to delete.", show_default=False)],
    *,
    move_to: Annotated[
        str | None, typer.Option("--move-to", help="Tier that takes its clients.")
    ] = None,
) -> None:
    """Delete a tier; its clients move to another tier first.

    Example:

        cadence tier delete VIP --move-to A
    """
    from cadence_cli.core.wording import plural
    from cadence_cli.render.terminal import console
    from cadence_cli.store import writes

    env = env_of(ctx)
    with env.write() as db:
        deleted, moved, target = writes.delete_tier(name, db=db, move_to=move_to, stamp=env.stamp)
    suffix = ""
    if moved and target is not None:
        suffix = f"; moved {plural(moved, 'client')} to {target.name}"
    console().print(f"Deleted tier {deleted.name}{suffix}.")
