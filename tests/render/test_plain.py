"""`plain.say` writes what `terminal.console` would, character for character, with or
without Rich: into a pipe or a file, and on screens of any width (FORCE_COLOR and
TTY_COMPATIBLE make Rich treat the captured stdout as one)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence_cli.render.plain import say
from cadence_cli.render.terminal import console

LINES = [
    "Logged call with Ada Lovelace on Mon 23 Nov (reached).",
    "Next due Mon 30 Nov (last reached 23 Nov by call; A every 1w).",
    "Logged email with Zoë Ångström on Fri 20 Nov (message).",  # not ASCII: Rich
    "Logged call with Ada [b]Lovelace[/b] :wave: on 23 Nov.",  # no markup, no emoji
    "Logged call with Ada\x1b[2J on 23 Nov.",  # escaped
    "a note\twith a tab",
    "Still reactive since Mon 2 Nov (last reached 12 Oct by call; an overdue line that is "
    "longer than a narrow screen is wide, so Rich wraps it at a word).",
    "",
]
SCREENS = [
    {},
    {"FORCE_COLOR": "1", "COLUMNS": "40"},
    {"FORCE_COLOR": "1", "COLUMNS": "200"},
    {"TTY_COMPATIBLE": "1", "COLUMNS": "60"},
    {"TTY_COMPATIBLE": "0", "COLUMNS": "20"},
    {"FORCE_COLOR": "", "COLUMNS": "30"},
]


def both(text: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    console().print(text)
    by_rich = capsys.readouterr().out
    say(text)
    return by_rich, capsys.readouterr().out


@pytest.mark.parametrize(
    "screen", SCREENS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()) or "pipe"
)
@pytest.mark.parametrize("text", LINES)
def test_say_writes_what_rich_writes(
    text: str,
    screen: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in screen.items():
        monkeypatch.setenv(name, value)
    by_rich, by_say = both(text, capsys)
    assert by_say == by_rich


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120),
    columns=st.integers(10, 150),
)
def test_say_writes_what_rich_writes_on_any_screen(
    text: str, columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(columns))
    by_rich, by_say = both(text, capsys)
    assert by_say == by_rich
