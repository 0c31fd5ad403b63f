"""The command line. Commands live in one module per concern and register on `_app.app`.

Only Typer and the pure modules are imported at start-up: each command imports the store
and the renderer inside its body, so `--help`, `--version` and completion stay fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cadence_cli import __version__
from cadence_cli.cli import (  # noqa: F401 (register)
    clients,
    db,
    due,
    interop,
    promises,
    report,
    review,
    team,
    tiers,
    touches,
)
from cadence_cli.cli._app import app
from cadence_cli.cli._context import make_env


def _version(value: bool) -> None:
    if value:
        print(f"cadence {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    *,
    db_option: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The book: a SQLite file or a database URL (default: CADENCE_DB, else the "
            "user data dir; see `cadence db path`). Keep passwords out of it: others see the "
            "command line in `ps`; use CADENCE_DB, PGPASSWORD or ~/.pgpass.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Stay proactive with every client: tiers, touches, and who is due today.

    Example:

        cadence due
    """
    ctx.obj = make_env(db_option)


def main() -> None:
    """Console-script entry point."""
    app()
