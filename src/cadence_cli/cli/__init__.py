"""The command line. Commands live in one module per concern and register on `_app.app`.

Only Typer and the pure modules are imported at start-up: each command imports the store
and the renderer inside its body, so `--help`, `--version` and completion stay fast. The
console script imports only the module of the command it runs (`COMMAND_MODULES`); importing
`app` from here (as the tests do) registers every command.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer
from typer.models import CommandInfo, TyperInfo

from cadence_cli import __version__
from cadence_cli.cli import _app
from cadence_cli.cli._context import make_env

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "add": ("clients",),
    "edit": ("clients",),
    "clients": ("clients",),
    "show": ("clients",),
    "snooze": ("clients",),
    "archive": ("clients",),
    "note": ("clients",),
    "restore": ("clients",),
    "due": ("due",),
    "find": ("find",),
    "history": ("history",),
    "import": ("interop",),
    "export": ("interop",),
    "plan": ("plan",),
    "charter": ("promises",),
    "report": ("report",),
    "log": ("touches",),
    "undo": ("touches",),
    "touches": ("touches",),
    "work": ("work",),
    "tier": ("review", "tiers"),
    "promise": ("promises",),
    "touch": ("touches",),
    "db": ("db",),
    "config": ("config",),
    "model": ("model",),
    "team": ("plan",),
    "sync": ("sync",),
}
"""Each top-level command or group, and the modules of `cadence_cli.cli` that register it,
imported in this (alphabetical) order so the group's help lists its commands as it always has.
`tests/test_layout.py` checks it against what the modules register: no command is left out."""

ALL_MODULES: tuple[str, ...] = tuple(sorted({m for ms in COMMAND_MODULES.values() for m in ms}))
"""Imported in this order when all are wanted, so `--help` lists the commands as it always has."""


def register_all() -> typer.Typer:
    """Every command, on the one app: for `--help`, completion of a command's name, a
    mistyped command's "did you mean", and whoever imports `app`."""
    for module in ALL_MODULES:
        importlib.import_module(f"cadence_cli.cli.{module}")
    return _app.app


def __getattr__(name: str) -> object:
    if name == "app":
        return register_all()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _version(value: bool) -> None:
    if value:
        print(f"cadence {__version__}")
        raise typer.Exit()


@_app.app.callback()
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
    _register_the_command_asked(sys.argv[1:])
    _app.app()


def _never_fail_to_encode() -> None:
    """A terminal or pipe that cannot encode a name (`PYTHONIOENCODING=ascii`, a C locale)
    shows `?` for what it cannot encode instead of ending the command with an error
    (`--json` escapes instead: see `render.terminal.emit_json`)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _register_the_command_asked(args: list[str]) -> None:
    """Import and register only the command being run before Typer builds the command tree.

    Each command module costs its imports, and Typer builds every registered command's
    parameters on each start (about a fifth of a quick command's time); `cadence log …` needs
    one module and one command. Help of the whole app, completion of a command's name, a
    mistyped command (its "did you mean") and anything unclear get the full tree.
    """
    word = _command_word(args)
    modules = COMMAND_MODULES.get(word) if word is not None else None
    if modules is None:
        register_all()
        return
    for module in modules:
        importlib.import_module(f"cadence_cli.cli.{module}")
    app = _app.app
    commands = [c for c in app.registered_commands if _name(c) == word]
    groups = [g for g in app.registered_groups if _group_name(g) == word]
    app.registered_commands, app.registered_groups = commands, groups


def _command_word(args: list[str]) -> str | None:
    """The command's name among the arguments, past the root's `--db`; None for `--help`,
    `--version`, an option the root does not know, or no command at all."""
    if os.environ.get("_CADENCE_COMPLETE"):
        args = _words_before_the_cursor()  # `log mar<TAB>` needs `log` alone, as `log mar` does
    words = iter(args)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
        elif not word.startswith("--db="):
            return None
    return None


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


def _group_name(group: TyperInfo) -> str | None:
    """A group's name: given to `add_typer`, else its Typer's own."""
    if group.name:
        return str(group.name)
    return group.typer_instance.info.name if group.typer_instance is not None else None


def _name(command: CommandInfo) -> str:
    if command.name:
        return command.name
    assert command.callback is not None
    return command.callback.__name__.replace("_", "-")
