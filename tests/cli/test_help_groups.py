"""`cadence --help` for people: commands grouped by use, option values named in words."""

from __future__ import annotations

import re
from typing import Any

import pytest
from typer.testing import CliRunner

from cadence_cli.cli import app

runner = CliRunner()


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_commands_are_grouped_with_the_daily_ones_first() -> None:
    out = _help()
    sections = re.findall(r"^(\w[\w ]*):$", out, flags=re.MULTILINE)
    assert sections[-6:] == ["Options", "Daily", "Clients", "Service model", "Reports", "Data"]
    daily = out[out.index("Daily:") : out.index("Clients:")]
    assert [line.split()[0] for line in daily.splitlines()[1:] if line.strip()] == [
        "due", "work", "log", "find", "undo"
    ]  # fmt: skip
    assert "Other:" not in out  # every command has its group


@pytest.mark.parametrize(
    "command",
    [("log",), ("due",), ("add",), ("edit",), ("work",), ("find",), ("promise", "add"),
     ("tier", "define"), ("snooze",), ("charter",), ("report",), ("clients",)],
)  # fmt: skip
def test_option_values_are_named_in_words(command: Any) -> None:
    out = _help(*command)
    # Typer braces a required argument in the usage line ({CLIENT}); never a type or a name
    assert "<" not in out and not re.search(r"\{[a-z_]+\}", out), out
    if command == ("log",):
        assert "--on DATE" in out and "--by OWNER" in out
    if command == ("promise", "add"):
        assert "--by DATE" in out
