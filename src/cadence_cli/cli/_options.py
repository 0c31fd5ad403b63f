"""The arguments and options several commands take, each declared once.

An alias (`JsonOpt`) is a whole declaration: the same flag and the same help wherever a
command takes it. A maker (`tier_option(help)`) keeps a flag's names and its completion in
one place while each command says in its own words what the value is for (`add --tier` is
the new client's tier, `due --tier` a filter), so every `--help` reads as it is written there.
Light, like `_params`: `--help` and completion import it.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cadence_cli.cli._params import complete_channel, complete_client, complete_outcome


def client_argument(help: str) -> Any:
    """A client named as `resolve_client` reads it, completed from the book's names."""
    return typer.Argument(help=help, autocompletion=complete_client, show_default=False)


ClientArg = Annotated[
    str, client_argument("The client: #id, email, exact name, or an unambiguous part of the name.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

# The selection of `due`, `clients`, `log`, `report`, `work` and `tier review`.
TierOpt = Annotated[str | None, typer.Option("--tier", "-t", help="Only this tier.")]
OwnerOpt = Annotated[
    str | None,
    typer.Option(
        "--owner",
        help="Only clients served by this owner ('me' for you; 'all' for everyone, over the "
        "`owner` of `cadence config`). A name close to a known owner's is refused as a typo "
        "(did you mean …?); any other name the book has never seen matches nobody.",
    ),
]
TagOpt = Annotated[str | None, typer.Option("--tag", help="Only clients with this tag.")]

NewOwnerOpt = Annotated[
    bool,
    typer.Option(
        "--new-owner",
        help="The owner is someone new to this book. Without it, an owner the book has never "
        "seen (on a client, a touch, a handed-over promise or a capacity) is refused, with "
        "'did you mean …?' when a known one is close.",
    ),
]


def on_option(help: str) -> Any:
    """`--on DATE`: the day a command is about, in the command's words."""
    return typer.Option("--on", help=help)


def horizon_option(help: str) -> Any:
    """`--horizon DAYS`: how far ahead a command looks."""
    return typer.Option("--horizon", help=help)


def tier_option(help: str) -> Any:
    """`--tier` / `-t`: a tier to put clients in, in the command's words."""
    return typer.Option("--tier", "-t", help=help)


def owner_option(help: str) -> Any:
    """`--owner`: who serves the clients a command adds ('me' for you)."""
    return typer.Option("--owner", help=help)


def note_option(help: str) -> Any:
    """`--note` / `-n`: free text kept with what the command records."""
    return typer.Option("--note", "-n", help=help)


def channel_option(help: str, *, short: bool = True) -> Any:
    """`--channel` / `-c` (`charter` has no `-c`), completed from the channel names."""
    names = ("--channel", "-c") if short else ("--channel",)
    return typer.Option(*names, help=help, autocompletion=complete_channel)


def outcome_option(help: str) -> Any:
    """`--outcome` / `-o`, completed from the outcome names."""
    return typer.Option("--outcome", "-o", help=help, autocompletion=complete_outcome)


def dry_run_option(help: str) -> Any:
    """`--dry-run`: say what would change and write nothing."""
    return typer.Option("--dry-run", help=help)
