"""Wording shared by every screen: plurals, day phrases, how late something is."""

from __future__ import annotations

from datetime import date

import pytest

from cadence_cli.core.records import DueFilters
from cadence_cli.core.wording import (
    bulk_touch_line,
    charter_wishes,
    day_phrase,
    long_day,
    overdue_phrase,
    plural,
    short_day,
    standing_phrase,
    times,
    waited,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        pytest.param("2026-11-16", "2026-03-11", "16 Nov", id="same-year"),
        pytest.param("2026-03-01", "2026-03-11", "1 Mar", id="same-year-single-digit"),
        pytest.param("2025-11-16", "2026-03-11", "16 Nov 2025", id="last-year"),
        pytest.param("2027-01-04", "2026-12-28", "4 Jan 2027", id="next-year"),
    ],
)
def test_short_day(day: str, today: str, expected: str) -> None:
    assert short_day(d(day), d(today)) == expected


def test_day_phrases_name_the_weekday_and_the_year_only_when_it_differs() -> None:
    assert day_phrase(d("2026-11-16"), d("2026-03-11")) == "Mon 16 Nov"
    assert day_phrase(d("2025-11-16"), d("2026-03-11")) == "Sun 16 Nov 2025"
    assert long_day(d("2026-11-16")) == "Mon 16 Nov 2026"


@pytest.mark.parametrize(
    ("count", "word", "many", "expected"),
    [
        (0, "day", None, "0 days"),
        (1, "day", None, "1 day"),
        (3, "day", None, "3 days"),
        (1, "touch", "touches", "1 touch"),
        (2, "touch", "touches", "2 touches"),
        (10_000, "client", None, "10,000 clients"),
    ],
)
def test_plural(count: int, word: str, many: str | None, expected: str) -> None:
    assert plural(count, word, many) == expected


def test_times() -> None:
    assert [times(n) for n in (0, 1, 2, 3)] == ["0 times", "once", "twice", "3 times"]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, "today"), (1, "1 day"), (13, "13 days"), (14, "2 weeks"), (17, "2w 3d"), (70, "10 weeks")],
)
def test_waited(days: int, expected: str) -> None:
    assert waited(days) == expected


def test_overdue_and_standing_phrases() -> None:
    assert overdue_phrase(1) == "overdue by 1 day"
    assert overdue_phrase(4) == "overdue by 4 days"
    today = d("2026-11-23")
    assert standing_phrase("ok", d("2026-11-30"), 0, today) == "ok, next due Mon 30 Nov"
    assert standing_phrase("reactive", d("2026-11-16"), 7, today) == (
        "reactive since Mon 16 Nov (7 days)"
    )


def test_charter_wishes() -> None:
    assert charter_wishes("text", "after 6pm") == ", prefers text, after 6pm"
    assert charter_wishes(None, "after 6pm") == ", after 6pm"
    assert charter_wishes("call", None) == ", prefers call"
    assert charter_wishes(None, None) == ""


def test_a_bulk_touch_says_what_how_many_and_who() -> None:
    chosen = DueFilters(tag=" Past-Client ", tier="A", owner="sam")
    assert bulk_touch_line(chosen, channel="email", count=12, when="Thu 3 Dec") == (
        "Log an email with 12 clients tagged past-client in tier A owned by sam on Thu 3 Dec?"
    )
    one = DueFilters(tier="B")
    assert bulk_touch_line(one, channel="card", count=1, when="Mon 23 Nov", done=True) == (
        "Logged a card with 1 client in tier B on Mon 23 Nov."
    )
    assert bulk_touch_line(one, channel="call", count=0, when="today") == (
        "no active client in tier B"
    )
    everyone = DueFilters()  # `log --owner all`
    assert bulk_touch_line(everyone, channel="card", count=14, when="Thu 3 Dec") == (
        "Log a card with 14 clients on Thu 3 Dec?"
    )
