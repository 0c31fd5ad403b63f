"""Every command and sub-command explains itself with an example; `-h` works like `--help`.

The walk covers the whole command tree as Typer builds it, so a command added later without
an `Example:` block fails here.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from cadence_cli.cli import app


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path below `cadence`, command) for the root, every group and every leaf command."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not sub.hidden:
            yield from walk(sub, (*path, name))


def examples(help_text: str | None) -> list[str]:
    """The command lines of the `Example:` block: non-blank lines after it, until a blank
    line follows one of them."""
    text = help_text or ""
    if "Example:" not in text:
        return []
    found: list[str] = []
    for line in text.split("Example:", 1)[1].splitlines():
        if line.strip():
            found.append(line.strip())
        elif found:
            break
    return found


def missing_examples(root: Any) -> list[str]:
    """The command paths whose help has no `Example:` followed by a `cadence …` line."""
    missing = []
    for path, command in walk(root):
        lines = examples(command.help)
        if not lines or not all(line.startswith("cadence ") for line in lines):
            missing.append(" ".join(("cadence", *path)))
    return missing


ROOT = typer.main.get_command(app)
PATHS = [path for path, _ in walk(ROOT)]


def test_the_walk_sees_the_daily_loop_commands() -> None:
    names = {" ".join(path) for path in PATHS}
    assert names >= {
        "", "add", "edit", "clients", "show", "snooze", "archive", "restore", "log", "undo",
        "due", "tier", "tier list", "tier define", "tier set", "tier delete", "promise",
        "promise add", "promise done", "promise list", "charter", "db", "db path", "db backup",
    }  # fmt: skip


def test_every_command_has_an_example() -> None:
    assert missing_examples(ROOT) == []


def test_the_check_fails_for_a_command_without_an_example() -> None:
    demo = typer.Typer(name="demo", help="Demo.\n\nExample:\n\n    cadence demo")

    @demo.command()
    def bare() -> None:
        """Does something, but never says how."""

    @demo.command()
    def wrong() -> None:
        """Has an example of something else.

        Example:

            python -m demo wrong
        """

    @demo.command()
    def good() -> None:
        """Fine.

        Example:

            cadence demo good
        """

    assert missing_examples(typer.main.get_command(demo)) == ["cadence bare", "cadence wrong"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "cadence")
def test_help_shows_the_example_and_dash_h_matches(path: tuple[str, ...]) -> None:
    runner = CliRunner()
    long = runner.invoke(app, [*path, "--help"])
    assert long.exit_code == 0, long.output
    assert long.stdout.startswith(f"Usage: {' '.join(('cadence', *path))} ")
    assert "Example:" in long.stdout
    command = dict(walk(ROOT))[path]
    shown = [line.strip() for line in long.stdout.splitlines()]
    for line in examples(command.help):
        assert line in shown, f"{line!r} is wrapped at 80 columns: keep examples short"
    short = runner.invoke(app, [*path, "-h"])
    assert short.exit_code == 0, short.output
    assert short.stdout == long.stdout


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "cadence")
def test_examples_name_real_commands_and_options(path: tuple[str, ...]) -> None:
    """Each example parses: its command exists and its options are known (`--help` stops
    before anything runs, so no store is touched)."""
    command = dict(walk(ROOT))[path]
    for line in examples(command.help):
        argv = shlex.split(line)[1:]
        result = CliRunner().invoke(app, [*argv, "--help"])
        assert result.exit_code == 0, (line, result.output)
        assert result.stdout.startswith("Usage: cadence "), line
