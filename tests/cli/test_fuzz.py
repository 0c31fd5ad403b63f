"""Fuzzing: arbitrary text never breaks the parsers, arbitrary command lines never crash.

SPEC §6. The parsers may only ever refuse with `InvalidInput`, and a value they accept must be
usable: an interval that parses must step any plausible day forwards and backwards (a tier
stored with an interval that overflows would break `due` for good). The command line is
fuzzed with lists drawn from the real command tree (commands, their options, plausible and
hostile values) plus wholly random tokens: every run ends with a documented exit code other
than 1 (an internal error), no traceback, and a refusal's last stderr line is the one-line
`cadence: error:`. Runs are derandomized so CI sees the same examples every time.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reliability import COMMANDS, SEED, command_at, run

from cadence_cli.core.dates import parse_day, parse_horizon, parse_interval, parse_yearly
from cadence_cli.errors import EXIT_CODES, InvalidInput

PARSERS = settings(max_examples=300, deadline=None, derandomize=True)
CLI = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

plausible_days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
offsets = st.builds(
    "{}{}{}".format,
    st.sampled_from(["", "+", "-"]),
    st.integers(0, 10**6),
    st.sampled_from("dwmyDWMY"),
)
isoish = st.from_regex(r"\A-{0,2}\d{1,5}-\d{1,3}(-\d{1,3})?\Z")
words = st.sampled_from(
    ["today", "yesterday", "tomorrow", "fri", "Sunday", "weekly", "biweekly", "quarterly",
     "0d", "+0w", "-0m", "00", "--02-29", "0000-02-29", "9999-12-31", "1d", " 3 w "]
)  # fmt: skip
texts = st.one_of(st.text(max_size=30), offsets, offsets.map(" {} ".format), isoish, words)


@PARSERS
@given(text=texts, today=plausible_days, direction=st.sampled_from(["past", "future"]))
def test_parse_day_only_ever_refuses_with_invalid_input(
    text: str, today: date, direction: Any
) -> None:
    try:
        day = parse_day(text, today=today, direction=direction)
    except InvalidInput:
        return
    assert isinstance(day, date)


@PARSERS
@given(text=texts, today=plausible_days)
def test_an_interval_that_parses_steps_any_plausible_day(text: str, today: date) -> None:
    try:
        interval = parse_interval(text)
    except InvalidInput:
        return
    assert interval.before(interval.after(today)) <= today
    assert interval.days_from(today) > 0


@PARSERS
@given(text=texts, today=plausible_days)
def test_parse_horizon_only_ever_refuses_with_invalid_input(text: str, today: date) -> None:
    try:
        until = parse_horizon(text, today=today)
    except InvalidInput:
        return
    assert until >= today


@PARSERS
@given(text=texts, today=plausible_days)
def test_parse_yearly_only_ever_refuses_and_its_dates_recur(text: str, today: date) -> None:
    try:
        yearly = parse_yearly(text)
    except InvalidInput:
        return
    assert yearly.next_on_or_after(today) >= today


# ---------------------------------------------------------------------------------------------
# The command line

HOSTILE = ["", " ", "-", "--", "Ada", "#1", "#0", "1", "-1", "x" * 5000, "[/]", "[b]x",
           "\x1b[2J", "a\x00b", "\u202e", "Zoë", "2026-02-30", "99999y", "+99999d", "fri",
           "0d", "A", "VIP", "call", "no-answer", "csv", "json", "ics", "me"]  # fmt: skip
tokens = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12), offsets, isoish)


def _options(path: tuple[str, ...]) -> list[str]:
    return [opt for param in command_at(path).params for opt in param.opts if opt.startswith("-")]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    path = draw(st.sampled_from(COMMANDS))
    pieces = st.one_of(st.sampled_from(_options(path) or ["--help"]), tokens)
    return [*path, *draw(st.lists(pieces, max_size=6))]


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """One seeded SQLite book per test: examples may change it, as a real user would."""
    monkeypatch.chdir(tmp_path)
    template = tmp_path / "template" / "cadence.db"
    for args in SEED:
        assert run(str(template), args).exit_code == 0, args
    db = tmp_path / "book" / "cadence.db"
    db.parent.mkdir(mode=0o700)
    shutil.copy(template, db)
    return str(db)


def assert_handled(result: Any) -> None:
    assert "Traceback" not in result.output
    assert result.exit_code in EXIT_CODES, result.output
    assert result.exit_code != 1, result.output  # an internal error: a bug
    if result.exit_code == 0 or result.stderr.startswith("Usage: "):
        return  # done, or a group's help (`cadence tier`)
    assert result.stderr.splitlines()[-1].startswith("cadence: error: "), result.stderr


@CLI
@given(argv=command_lines())
def test_command_lines_built_from_the_real_commands_never_crash(book: str, argv: list[str]) -> None:
    assert_handled(run(book, argv))


@CLI
@given(argv=st.lists(tokens, max_size=5))
def test_random_command_lines_never_crash(book: str, argv: list[str]) -> None:
    assert_handled(run(book, argv))
