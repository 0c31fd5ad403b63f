"""The command line. Commands live in one module per concern and register on `_app.app`.

Only Typer and the pure modules are imported at start-up: each command imports the store
and the renderer inside its body, so `--help`, `--version` and completion stay fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.models import CommandInfo

from cadence_cli import __version__
from cadence_cli.cli import (  # noqa: F401 (register)
    clients,
    config,
    db,
    due,
    find,
    history,
    interop,
    model,
    plan,
    promises,
    report,
    review,
    sync,
    team,
    tiers,
    touches,
    work,
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
    _never_fail_to_encode()
    _only_the_command_asked(sys.argv[1:])
    app()


def _never_fail_to_encode() -> None:
    """A terminal or pipe that cannot encode a name (`PYTHONIOENCODING=ascii`, a C locale)
    shows `?` for what it cannot encode instead of ending the command with an error
    (`--json` escapes instead: see `render.terminal.emit_json`)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _only_the_command_asked(args: list[str]) -> None:
    """Register only the command being run before Typer builds the command tree.

    Typer builds every command's parameters on each start (about a fifth of a quick command's
    time); `cadence log …` needs one. Help of the whole app, completion, a mistyped command
    (its "did you mean") and anything unclear keep the full tree.
    """
    if os.environ.get("_CADENCE_COMPLETE"):
        args = _words_before_the_cursor()  # `log mar<TAB>` needs `log` alone, as `log mar` does
    words = iter(args)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            break
        elif not word.startswith("--db="):
            return  # --help, --version, or an option the root does not know: full tree
    else:
        return
    commands = [c for c in app.registered_commands if _name(c) == word]
    groups = [g for g in app.registered_groups if g.name == word]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def _words_before_the_cursor() -> list[str]:
    """The finished words of the line being completed, after `cadence`, read the way Typer's
    own completion class for the shell reads them (bash: COMP_WORDS and COMP_CWORD; zsh and
    fish: the line in _TYPER_COMPLETE_ARGS). Nothing (the full tree) when it cannot tell."""
    from typer._click.shell_completion import get_completion_class
    from typer._completion_classes import completion_init

    shell = os.environ.get("_CADENCE_COMPLETE", "").partition("_")[2]  # complete_bash: bash
    completion_init()
    found = get_completion_class(shell)
    if found is None:
        return []
    try:
        args, _ = found(None, {}, "cadence", "_CADENCE_COMPLETE").get_completion_args()  # type: ignore[arg-type]
    except (KeyError, ValueError):  # a shell that left out COMP_WORDS or COMP_CWORD
        return []
    return list(args)


def _name(command: CommandInfo) -> str:
    if command.name:
        return command.name
    assert command.callback is not None
    return command.callback.__name__.replace("_", "-")
