"""`cadence report`: how proactive you have been, tier by tier (SPEC §3)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import JsonOpt, OwnerOpt, TagOpt, TierOpt, on_option
from cadence_cli.cli._params import check_between
from cadence_cli.core.dates import day_done

MAX_WEEKS = 520
"""Ten years: longer windows say nothing a person can act on, and the chart would not fit."""
WeeksOpt = Annotated[
    int, typer.Option("--weeks", "-w", help=f"How many weeks to look back (1-{MAX_WEEKS}).")
]


@contextmanager
def _imports_frozen() -> Iterator[None]:
    """Keep the garbage collector off the objects that already exist while the report runs.

    A 10,000-client report makes ~100,000 small records that all live until it ends; each
    full collection would walk them and the whole import graph of SQLAlchemy, Rich and Typer
    again (about a fifth of the report's time). Freezing moves what exists now out of the
    collector's sight; new objects are collected as usual, and `unfreeze` gives it all back.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@app.command()
def report(
    ctx: typer.Context,
    *,
    weeks: WeeksOpt = 12,
    on: Annotated[
        str | None, on_option("The last day of the window: yesterday, fri, 2026-11-01.")
    ] = None,
    owner: OwnerOpt = None,
    tier: TierOpt = None,
    tag: TagOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Consistency: on-cadence rate, reactive days, chases, promises and your pace, per tier.

    Replays the service model over every day of the window (the last `--weeks` weeks ending
    on `--on`) for the active clients in view, and compares the touches a week your tiers
    demand with the proactive touches you logged: be the tortoise, not the hare.

    Example:

        cadence report --weeks 12 --owner me
    """
    from cadence_cli.core.records import DueFilters
    from cadence_cli.core.report import build_report, window_start
    from cadence_cli.render.book import print_report
    from cadence_cli.render.model import print_report_model
    from cadence_cli.render.shapes import add_model_figures, report_json
    from cadence_cli.render.terminal import console, emit_json
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import model as store
    from cadence_cli.store import referrals
    from cadence_cli.store.owners import check_filters
    from cadence_cli.store.report_sql import report_reads

    env = env_of(ctx)
    check_between("--weeks", weeks, MAX_WEEKS)
    day = day_done(on, today=env.today, option="--on") if on is not None else env.today
    start = window_start(day, weeks)
    filters = DueFilters(tier=tier, owner=env.owner_filter(owner), tag=tag)
    with _imports_frozen():
        with env.read() as db:
            check_filters(filters, db=db, user=env.user, origin=env.owner_origin(owner))
            histories, counted = report_reads(
                db=db, start=start, on=day, weeks=weeks, filters=filters
            )
            tiers = book_facts.tiers_existing(db=db, on=day)
            on_time = store.touchpoints_on_time(db=db, start=start, on=day, filters=filters)
            referred = referrals.referral_counts(db=db, start=start, on=day, filters=filters)
        wanted = tier.strip().casefold() if tier is not None else None
        shown = [t for t in tiers if wanted is None or t.name.casefold() == wanted]
        result = build_report(histories, on=day, weeks=weeks, tiers=shown, counted=counted)
    if as_json:
        emit_json(add_model_figures(report_json(result), on_time, referred))
        return
    out = console()
    print_report(out, result, today=env.today)
    if result.overall.clients:
        print_report_model(out, on_time, referred, [t.name for t in shown])
