"""The one range of days cadence keeps (issue 18, item 6), checked where the days are parsed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence_cli.core.dates import (
    DAY_RANGE,
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_INTERVAL_DAYS,
    Interval,
    check_instant,
    parse_day,
    parse_iso_day,
    resolve_today,
)
from cadence_cli.errors import InvalidInput

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_the_range_leaves_a_century_of_intervals_inside_what_date_can_hold() -> None:
    """Why the range is what it is: three of the longest intervals either way still fit."""
    assert EARLIEST_DAY - 3 * timedelta(days=MAX_INTERVAL_DAYS) > date.min
    assert LATEST_DAY + 3 * timedelta(days=MAX_INTERVAL_DAYS) < date.max
    assert DAY_RANGE == "cadence keeps dates between 1900-01-01 and 2999-12-31"


@pytest.mark.parametrize("text", ["2999-12-31", "1900-01-01"])
def test_the_edges_are_days(text: str) -> None:
    assert parse_day(text, today=date(2026, 11, 23), direction="future") == date.fromisoformat(text)
    assert parse_iso_day(text) == date.fromisoformat(text)
    assert resolve_today(text, NOW) == date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "today"),
    [("3000-01-01", "2026-11-23"), ("1899-12-31", "2026-11-23"), ("tomorrow", "2999-12-31"),
     ("yesterday", "1900-01-01"), ("1y", "2999-06-01"), ("-1d", "1900-01-01"),
     ("fri", "2999-12-31")],
)  # fmt: skip
def test_parse_day_refuses_a_day_past_the_range(text: str, today: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_day(text, today=date.fromisoformat(today), direction="future")
    assert str(caught.value) == f"date out of range: {text!r} ({DAY_RANGE})"


@given(
    text=st.one_of(
        st.dates().map(date.isoformat),
        st.builds("{}{}{}".format, st.sampled_from("+-"), st.integers(0, 40000), st.just("d")),
    ),
    today=st.dates(EARLIEST_DAY, LATEST_DAY),
)
@settings(max_examples=300, deadline=None)
def test_parse_day_returns_a_day_in_range_or_refuses(text: str, today: date) -> None:
    try:
        day = parse_day(text, today=today, direction="past")
    except InvalidInput:
        return
    assert EARLIEST_DAY <= day <= LATEST_DAY


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "3000-01-01", "1899-12-31"])
def test_files_and_cadence_today_cannot_bring_a_day_past_the_range(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_iso_day(text)
    assert str(caught.value) == f"{text!r} is out of range ({DAY_RANGE})"
    with pytest.raises(InvalidInput) as caught:
        resolve_today(text, NOW)
    assert str(caught.value) == f"CADENCE_TODAY is out of range: {text!r} ({DAY_RANGE})"


@pytest.mark.parametrize(
    "at",
    [
        datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-1))),  # UTC is year 10000
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),  # UTC is before year 1
        datetime(1900, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),  # 1899 in UTC
        datetime(3000, 1, 1, tzinfo=UTC),
    ],
)
def test_an_instant_is_in_range_where_written_and_in_utc(at: datetime) -> None:
    with pytest.raises(InvalidInput, match="is out of range"):
        check_instant(at, at.isoformat())


def test_an_instant_in_range_is_kept() -> None:
    at = datetime(2999, 12, 31, 23, tzinfo=UTC)
    assert check_instant(at, "x") is at


def test_after_times_steps_past_the_limit_of_one_interval_in_one_calendar_step() -> None:
    """`tier review` counts whole cycles over up to eleven centuries (1900 to 2999)."""
    monthly = Interval(1, "m")
    assert monthly.after(date(1900, 1, 31), times=13_199) == date(2999, 12, 31)
    assert monthly.after(date(2026, 1, 31), times=1) == date(2026, 2, 28)
    assert Interval(2, "w").after(date(2026, 1, 1), times=3) == date(2026, 2, 12)
