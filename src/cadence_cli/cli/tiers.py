"""`cadence tier …`: define tiers and move clients between them."""

from __future__ import annotations

from typing import Annotated

import typer

from cadence_cli.cli._app import tier_app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._params import ClientArg, JsonOpt
from cadence_cli.core.dates import parse_interval


@tier_app.command("list")
def list_tiers(ctx: typer.Context, *, as_json: JsonOpt = False) -> None:
    """Tiers with their cadence, clients, who is due now and the weekly load they demand.

    Example:

        cadence tier list
    """
    from cadence_cli.core.records import TierLoad
    from cadence_cli.core.schedule import standing
    from cadence_cli.render.book import print_tiers
    from cadence_cli.render.shapes import tier_load_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import engine as store

    env = env_of(ctx)
    with env.book() as session:
        tiers = store.list_tiers(session=session)
        facts = store.client_facts(session=session, on=env.today)
    loads = []
    for tier in tiers:
        mine = [standing(f, env.today) for f in facts if f.tier.name == tier.name]
        loads.append(
            TierLoad(
                tier=tier,
                clients=len(mine),
                due=sum(1 for s in mine if s.status == "due"),
                reactive=sum(1 for s in mine if s.status == "reactive"),
                per_week=sum(7 / s.interval_days for s in mine),
            )
        )
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
        int | None, typer.Option("--rank", min=1, help="Order among tiers (1 = first).")
    ] = None,
) -> None:
    """Create a tier or change an existing one.

    Example:

        cadence tier define VIP --every 2w --reactive-after 1w -d "top 10"
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import engine as store

    env = env_of(ctx)
    every_i, reactive_i = parse_interval(every), parse_interval(reactive_after)
    with env.book(write=True) as session:
        tier, created = store.define_tier(
            name,
            session=session,
            every=every_i,
            reactive_after=reactive_i,
            description=description,
            rank=rank,
        )
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
    from cadence_cli.store import engine as store

    env = env_of(ctx)
    with env.book(write=True) as session:
        found = store.resolve_client(client, session=session)
        old, updated = store.set_tier(found.id, tier, session=session)
    console().print(f"Moved {updated.ref} from {old} to {updated.tier}.")


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
    from cadence_cli.render.terminal import console
    from cadence_cli.store import engine as store

    env = env_of(ctx)
    with env.book(write=True) as session:
        deleted = store.get_tier(name, session=session).name  # as the book spells it
        moved = store.delete_tier(name, session=session, move_to=move_to)
        target = store.get_tier(move_to, session=session).name if move_to else None
    suffix = f"; moved {moved} client{'s' if moved != 1 else ''} to {target}" if moved else ""
    console().print(f"Deleted tier {deleted}{suffix}.")
