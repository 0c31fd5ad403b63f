"""`cadence model …`: the written service model (SPEC §8) on one page, its touchpoints, and
the model as a file to keep in git or hand to the team."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cadence_cli.cli._app import CONTEXT, app
from cadence_cli.cli._context import env_of
from cadence_cli.cli._options import JsonOpt, dry_run_option
from cadence_cli.core.dates import parse_interval
from cadence_cli.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from cadence_cli.cli._context import Env
    from cadence_cli.core.model import ModelView

model_app = typer.Typer(
    name="model",
    context_settings=CONTEXT,
    invoke_without_command=True,
    rich_markup_mode=None,
)
touchpoint_app = typer.Typer(
    name="touchpoint",
    help="The named services of a tier, each on its own clock.\n\n"
    'Example:\n\n    cadence model touchpoint add A "weekly call" --every 1w --channel call',
    context_settings=CONTEXT,
    no_args_is_help=True,
    rich_markup_mode=None,
)
model_app.add_typer(touchpoint_app)
app.add_typer(model_app)

TierArg = Annotated[str, typer.Argument(help="The tier (A, B…).", show_default=False)]
NameArg = Annotated[
    str, typer.Argument(help='The touchpoint\'s name ("weekly call").', show_default=False)
]


def _model_view(env: Env) -> ModelView:
    """The model on one page, read in one snapshot: the hour math is summed from counts per
    tier, owner and clock day (`store.model.demand_groups`), never a record per client."""
    from cadence_cli.core.model import demand_of, model_view
    from cadence_cli.store import model as store

    with env.read() as db:
        tiers = store.tier_models(db=db)
        demand = demand_of(store.demand_groups(db=db, on=env.today))
        capacities = store.capacities(db=db)
    return model_view(tiers, demand, capacities, env.today)


@model_app.callback()
def model(ctx: typer.Context, *, as_json: JsonOpt = False) -> None:
    """The model on one page: every tier's cadence, touchpoints and minutes, the hours a week
    it asks of each owner against their capacity, and where it does not fit.

    Example:

        cadence model
    """
    if ctx.invoked_subcommand is not None:
        return
    from cadence_cli.render.model import print_model
    from cadence_cli.render.shapes import model_json
    from cadence_cli.render.terminal import console, emit_json

    view = _model_view(env_of(ctx))
    if as_json:
        emit_json(model_json(view))
        return
    print_model(console(), view)


# ---------------------------------------------------------------------------------------------
# Touchpoints


EveryOpt = Annotated[
    str | None,
    typer.Option("--every", help="How often: 1w, 3m, yearly…", show_default=False),
]
ChannelOpt = Annotated[
    str | None,
    typer.Option(
        "--channel",
        "-c",
        help="The channels that deliver it, comma-separated: call or meeting,video.",
        show_default=False,
    ),
]
MinutesOpt = Annotated[
    int | None, typer.Option("--minutes", help="Minutes it takes (default 15).", show_default=False)
]
AttemptCountsOpt = Annotated[
    bool,
    typer.Option(
        "--attempt-counts", help="An unanswered outbound attempt delivers it (a call attempt)."
    ),
]
AttemptCountsSwitch = Annotated[
    bool | None,
    typer.Option(
        "--attempt-counts/--no-attempt-counts",
        help="Whether an unanswered outbound attempt delivers it.",
        show_default=False,
    ),
]
"""`touchpoint edit`: on, off, or (left out) as it is."""


@touchpoint_app.command("add")
def add_touchpoint(
    ctx: typer.Context,
    tier: TierArg,
    name: NameArg,
    *,
    every: EveryOpt = None,
    channel: ChannelOpt = None,
    minutes: MinutesOpt = None,
    attempt_counts: AttemptCountsOpt = False,
) -> None:
    """Add a touchpoint to a tier: a named service on its own clock.

    Example:

        cadence model touchpoint add A review --every 3m -c meeting,video
    """
    from cadence_cli.render.model import describe_touchpoint
    from cadence_cli.render.terminal import console
    from cadence_cli.store import model as store

    if every is None or channel is None:
        raise InvalidInput(
            "a touchpoint needs --every and --channel", hint="e.g. --every 1w --channel call"
        )
    env = env_of(ctx)
    interval = parse_interval(every)
    with env.write() as db:
        tier_name, point = store.add_touchpoint(
            tier, name, db=db, every=interval, channels=channel.split(","),
            minutes=15 if minutes is None else minutes, attempt_counts=attempt_counts,
        )  # fmt: skip
    console().print(f"Added to tier {tier_name}: {describe_touchpoint(point)}.")


@touchpoint_app.command("edit")
def edit_touchpoint(
    ctx: typer.Context,
    tier: TierArg,
    name: NameArg,
    *,
    every: EveryOpt = None,
    channel: ChannelOpt = None,
    minutes: MinutesOpt = None,
    attempt_counts: AttemptCountsSwitch = None,
) -> None:
    """Change a touchpoint; what you leave out stays as it is.

    Example:

        cadence model touchpoint edit A "weekly call" --every 2w
    """
    from cadence_cli.render.model import describe_touchpoint
    from cadence_cli.render.terminal import console
    from cadence_cli.store import model as store

    if every is None and channel is None and minutes is None and attempt_counts is None:
        raise InvalidInput("nothing to change", hint="see `cadence model touchpoint edit --help`")
    env = env_of(ctx)
    interval = parse_interval(every) if every is not None else None
    with env.write() as db:
        tier_name, point = store.edit_touchpoint(
            tier, name, db=db, every=interval,
            channels=channel.split(",") if channel is not None else None,
            minutes=minutes, attempt_counts=attempt_counts,
        )  # fmt: skip
    console().print(f"Changed in tier {tier_name}: {describe_touchpoint(point)}.")


@touchpoint_app.command("remove")
def remove_touchpoint(ctx: typer.Context, tier: TierArg, name: NameArg) -> None:
    """Remove a touchpoint from a tier (touches logged for it keep their history).

    Example:

        cadence model touchpoint remove A "weekly call"
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store import model as store

    env = env_of(ctx)
    with env.write() as db:
        tier_name, point = store.remove_touchpoint(tier, name, db=db)
    console().print(f"Removed {point.name!r} from tier {tier_name}.")


# ---------------------------------------------------------------------------------------------
# The model as a file


@model_app.command("export")
def export_model(
    ctx: typer.Context,
    *,
    file_format: Annotated[
        str, typer.Option("--format", "-f", help="toml (to keep in git and apply) or md.")
    ] = "toml",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Write the whole model (tiers, touchpoints, capacities) as TOML or Markdown.

    Example:

        cadence model export --out model.toml
    """
    from cadence_cli.interop.files import open_export
    from cadence_cli.interop.modelfile import model_markdown, model_toml
    from cadence_cli.store import model as store

    kind = file_format.strip().lower()
    if kind not in ("toml", "md", "markdown"):
        raise InvalidInput(f"unknown format {file_format!r}", hint="use toml or md")
    env = env_of(ctx)
    with env.read() as db:
        spec = store.current_spec(db=db)
    text = model_toml(spec) if kind == "toml" else model_markdown(spec)
    if out is None:
        typer.echo(text, nl=False)
        return
    with open_export(out) as handle:
        handle.write(text)


@model_app.command("apply")
def apply_model(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A model file (TOML).", show_default=False)],
    *,
    dry_run: Annotated[bool, dry_run_option("Say what would change; write nothing.")] = False,
) -> None:
    """Make the book follow a model file: shows each change, then applies them all in one
    transaction (tier changes are kept in the tiers' history).

    Example:

        cadence model apply model.toml --dry-run
    """
    from cadence_cli.core.wording import plural
    from cadence_cli.interop.modelfile import plan_changes, read_model_toml
    from cadence_cli.render.safe import safe_text
    from cadence_cli.render.terminal import console
    from cadence_cli.store import model as store

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"no file {str(file)!r}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {str(file)!r}: {error}") from None
    spec = read_model_toml(text, source=str(file))
    env = env_of(ctx)
    out = console()
    with env.preview() if dry_run else env.write() as db:
        changes = plan_changes(store.current_spec(db=db), spec)
        if not changes:
            out.print("The book already follows this model: nothing to change.")
            return
        for change in changes:
            out.print(f"  {safe_text(change)}")
        if dry_run:
            out.print(f"Dry run: {plural(len(changes), 'change')}; nothing was written.")
            return
        store.apply_model(spec, db=db, stamp=env.stamp)
    out.print(f"Applied {plural(len(changes), 'change')}.")
