"""`cadence db …`: where the book lives and safe copies of it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cadence_cli.cli._app import db_app, one_line
from cadence_cli.cli._context import env_of


@db_app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the book is stored (a file, or a database URL without its password).

    A file that is not there yet is still printed, with a note on stderr: it is where the
    first `add` or `import` will start the book.

    Example:

        cadence db path
    """
    from cadence_cli.store.urls import describe_url, normalise_url

    target = env_of(ctx).db
    normalise_url(target)  # refuses a libpq key=value string, which may hold a password
    if "://" in target:
        print(describe_url(target))
        return
    where = Path(target).expanduser().absolute()
    print(where)
    if not where.exists():
        sys.stderr.write(
            "note: no book there yet: `cadence add NAME` or `cadence import FILE` starts one\n"
        )


@db_app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The new backup file.", show_default=False)],
) -> None:
    """Copy the book to FILE safely, even while another cadence is writing to it.

    Example:

        cadence db backup ~/cadence-2026-11-23.db
    """
    from cadence_cli.render.terminal import console
    from cadence_cli.store.alchemy import backup

    env = env_of(ctx)
    backup(env.db, file.expanduser())
    console().print(f"Backed up to {one_line(str(file))}.")  # a path may hold control bytes
