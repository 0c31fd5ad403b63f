"""Pure tests of `core.dates` against SPEC §1 "Dates": tables plus hypothesis properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence_cli.core.dates import (
    DATE_FORMS,
    INTERVAL_FORMS,
    MAX_INTERVAL_DAYS,
    Interval,
    YearlyDate,
    add_months,
    day_ahead,
    day_done,
    local_noon,
    parse_day,
    parse_horizon,
    parse_interval,
    parse_offset,
    parse_yearly,
    resolve_today,
)
from cadence_cli.errors import InvalidInput

WED = date(2026, 3, 11)  # a Wednesday: every weekday table below is relative to it

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
PROPERTY = settings(max_examples=200, deadline=None)


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_reference_day_is_a_wednesday() -> None:
    assert WED.strftime("%A") == "Wednesday"


# ---------------------------------------------------------------------------------------------
# parse_day


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        pytest.param("today", "2026-03-11", "2026-03-11", id="today"),
        pytest.param("yesterday", "2026-03-10", "2026-03-10", id="yesterday"),
        pytest.param("tomorrow", "2026-03-12", "2026-03-12", id="tomorrow"),
        pytest.param("mon", "2026-03-09", "2026-03-16", id="mon"),
        pytest.param("tue", "2026-03-10", "2026-03-17", id="tue"),
        pytest.param("wed", "2026-03-04", "2026-03-18", id="wed-is-never-today"),
        pytest.param("thu", "2026-03-05", "2026-03-12", id="thu"),
        pytest.param("fri", "2026-03-06", "2026-03-13", id="fri"),
        pytest.param("sat", "2026-03-07", "2026-03-14", id="sat"),
        pytest.param("sun", "2026-03-08", "2026-03-15", id="sun"),
        pytest.param("monday", "2026-03-09", "2026-03-16", id="monday"),
        pytest.param("tuesday", "2026-03-10", "2026-03-17", id="tuesday"),
        pytest.param("wednesday", "2026-03-04", "2026-03-18", id="wednesday-is-never-today"),
        pytest.param("thursday", "2026-03-05", "2026-03-12", id="thursday"),
        pytest.param("friday", "2026-03-06", "2026-03-13", id="friday"),
        pytest.param("saturday", "2026-03-07", "2026-03-14", id="saturday"),
        pytest.param("sunday", "2026-03-08", "2026-03-15", id="sunday"),
        pytest.param("tues", "2026-03-10", "2026-03-17", id="tues"),
        pytest.param("thurs", "2026-03-05", "2026-03-12", id="thurs"),
        pytest.param("FRI", "2026-03-06", "2026-03-13", id="upper-case-weekday"),
        pytest.param("  Friday ", "2026-03-06", "2026-03-13", id="padded-weekday"),
        pytest.param(" Today ", "2026-03-11", "2026-03-11", id="padded-today"),
        pytest.param("3d", "2026-03-08", "2026-03-14", id="3d"),
        pytest.param("2w", "2026-02-25", "2026-03-25", id="2w"),
        pytest.param("1m", "2026-02-11", "2026-04-11", id="1m"),
        pytest.param("1y", "2025-03-11", "2027-03-11", id="1y"),
        pytest.param("3D", "2026-03-08", "2026-03-14", id="upper-case-offset"),
        pytest.param("+3d", "2026-03-14", "2026-03-14", id="plus-3d-is-forwards-either-way"),
        pytest.param("-3d", "2026-03-08", "2026-03-08", id="minus-3d-is-backwards-either-way"),
        pytest.param("+1m", "2026-04-11", "2026-04-11", id="plus-1m"),
        pytest.param("-2w", "2026-02-25", "2026-02-25", id="minus-2w"),
        pytest.param("0d", "2026-03-11", "2026-03-11", id="0d-is-today"),
        pytest.param("+0d", "2026-03-11", "2026-03-11", id="plus-0d-is-today"),
        pytest.param("-0d", "2026-03-11", "2026-03-11", id="minus-0d-is-today"),
        pytest.param("0w", "2026-03-11", "2026-03-11", id="0w-is-today"),
        pytest.param("2026-02-28", "2026-02-28", "2026-02-28", id="iso-past"),
        pytest.param("2026-12-31", "2026-12-31", "2026-12-31", id="iso-future"),
        pytest.param("2024-02-29", "2024-02-29", "2024-02-29", id="iso-leap-day"),
        pytest.param(" 2026-03-11 ", "2026-03-11", "2026-03-11", id="iso-padded"),
    ],
)
def test_parse_day_forms(text: str, past: str, future: str) -> None:
    assert parse_day(text, today=WED, direction="past") == d(past)
    assert parse_day(text, today=WED, direction="future") == d(future)


@pytest.mark.parametrize(
    ("text", "today", "direction", "expected"),
    [
        pytest.param("1m", "2026-03-31", "past", "2026-02-28", id="1m-back-clamps-to-feb-28"),
        pytest.param("1m", "2024-03-31", "past", "2024-02-29", id="1m-back-clamps-to-feb-29"),
        pytest.param("1m", "2026-01-31", "future", "2026-02-28", id="1m-ahead-clamps-to-feb-28"),
        pytest.param("1m", "2026-03-31", "future", "2026-04-30", id="1m-ahead-clamps-to-apr-30"),
        pytest.param("1y", "2024-02-29", "future", "2025-02-28", id="1y-ahead-from-leap-day"),
        pytest.param("1y", "2024-02-29", "past", "2023-02-28", id="1y-back-from-leap-day"),
        pytest.param("4y", "2024-02-29", "future", "2028-02-29", id="4y-ahead-keeps-leap-day"),
        pytest.param("1w", "2026-12-28", "future", "2027-01-04", id="1w-over-year-end"),
        pytest.param("3d", "2026-01-02", "past", "2025-12-30", id="3d-back-over-year-end"),
        pytest.param("mon", "2026-12-31", "future", "2027-01-04", id="mon-over-year-end"),
        pytest.param("fri", "2026-01-01", "past", "2025-12-26", id="fri-back-over-year-end"),
        pytest.param("yesterday", "2026-01-01", "future", "2025-12-31", id="yesterday-jan-1"),
        pytest.param("tomorrow", "2024-02-28", "past", "2024-02-29", id="tomorrow-leap-day"),
    ],
)
def test_parse_day_calendar_edges(text: str, today: str, direction: str, expected: str) -> None:
    assert parse_day(text, today=d(today), direction=direction) == d(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "empty date", id="empty"),
        pytest.param("   ", "empty date", id="blank"),
        pytest.param("someday", "cannot read date 'someday'", id="word"),
        pytest.param("next friday", "cannot read date 'next friday'", id="phrase"),
        pytest.param("fri.", "cannot read date 'fri.'", id="weekday-with-dot"),
        pytest.param("3", "cannot read date '3'", id="number-without-unit"),
        pytest.param("d", "cannot read date 'd'", id="unit-without-number"),
        pytest.param("3x", "cannot read date '3x'", id="unknown-unit"),
        pytest.param("3h", "cannot read date '3h'", id="hours"),
        pytest.param("3.5d", "cannot read date '3.5d'", id="fractional-offset"),
        pytest.param("3 days", "cannot read date '3 days'", id="spelled-offset"),
        pytest.param("--3d", "cannot read date '--3d'", id="double-sign"),
        pytest.param("+-3d", "cannot read date '+-3d'", id="mixed-sign"),
        pytest.param("2026/03/11", "cannot read date '2026/03/11'", id="slashes"),
        pytest.param("11-03-2026", "cannot read date '11-03-2026'", id="day-first"),
        pytest.param("2026-3-11", "cannot read date '2026-3-11'", id="unpadded-month"),
        pytest.param("26-03-11", "cannot read date '26-03-11'", id="two-digit-year"),
        pytest.param("2026-03-11T09:00", "cannot read date '2026-03-11T09:00'", id="datetime"),
        pytest.param("2026-02-30", "no such day: '2026-02-30'", id="feb-30"),
        pytest.param("2025-02-29", "no such day: '2025-02-29'", id="feb-29-common-year"),
        pytest.param("2026-04-31", "no such day: '2026-04-31'", id="apr-31"),
        pytest.param("2026-13-01", "no such day: '2026-13-01'", id="month-13"),
        pytest.param("2026-00-10", "no such day: '2026-00-10'", id="month-0"),
        pytest.param("2026-01-00", "no such day: '2026-01-00'", id="day-0"),
        pytest.param("0000-01-01", "no such day: '0000-01-01'", id="year-0"),
    ],
)
@pytest.mark.parametrize("direction", ["past", "future"])
def test_parse_day_refuses_and_lists_the_forms(text: str, message: str, direction: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_day(text, today=WED, direction=direction)  # type: ignore[arg-type]
    assert caught.value.exit_code == 2
    assert str(caught.value) == f"{message} (use {DATE_FORMS})"


@pytest.mark.parametrize("text", ["99999y", "-99999y", "+99999y", "99999m"])
@pytest.mark.parametrize("direction", ["past", "future"])
def test_parse_day_out_of_range_offset_is_invalid_input(text: str, direction: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_day(text, today=WED, direction=direction)  # type: ignore[arg-type]
    assert str(caught.value) == f"date out of range: {text!r} (use {DATE_FORMS})"


@pytest.mark.parametrize(
    "form",
    [
        "YYYY-MM-DD",
        "today",
        "yesterday",
        "tomorrow",
        "mon",
        "sunday",
        "3d",
        "2w",
        "1m",
        "+3d",
        "-3d",
    ],
)
def test_date_forms_lists_every_form(form: str) -> None:
    assert form in DATE_FORMS


WEEKDAY_NAMES = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
]


@PROPERTY
@given(
    today=days,
    weekday=st.integers(0, 6),
    long=st.booleans(),
    direction=st.sampled_from(["past", "future"]),
)
def test_weekday_is_the_nearest_other_such_day_in_its_direction(
    today: date, weekday: int, long: bool, direction: str
) -> None:
    text = WEEKDAY_NAMES[weekday][1 if long else 0]
    result = parse_day(text, today=today, direction=direction)  # type: ignore[arg-type]
    assert result.weekday() == weekday
    step = (result - today).days
    assert 1 <= abs(step) <= 7  # never today itself, never more than a week away
    assert (step < 0) == (direction == "past")


@PROPERTY
@given(today=days, n=st.integers(0, 400), direction=st.sampled_from(["past", "future"]))
def test_day_offsets_follow_direction_unless_signed(today: date, n: int, direction: str) -> None:
    forwards = today + timedelta(days=n)
    backwards = today - timedelta(days=n)
    read = parse_day(f"{n}d", today=today, direction=direction)  # type: ignore[arg-type]
    assert read == (backwards if direction == "past" else forwards)
    assert parse_day(f"+{n}d", today=today, direction=direction) == forwards  # type: ignore[arg-type]
    assert parse_day(f"-{n}d", today=today, direction=direction) == backwards  # type: ignore[arg-type]
    weeks = parse_day(f"+{n}w", today=today, direction=direction)  # type: ignore[arg-type]
    assert weeks == today + timedelta(weeks=n)


@PROPERTY
@given(day=days, today=days, direction=st.sampled_from(["past", "future"]))
def test_iso_day_round_trips_regardless_of_today(day: date, today: date, direction: str) -> None:
    assert parse_day(day.isoformat(), today=today, direction=direction) == day  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("3d", (0, Interval(3, "d")), id="unsigned"),
        pytest.param("+2w", (1, Interval(2, "w")), id="plus"),
        pytest.param("-1m", (-1, Interval(1, "m")), id="minus"),
        pytest.param(" 1Y ", (0, Interval(1, "y")), id="padded-upper"),
        pytest.param("0d", (0, None), id="zero"),
        pytest.param("-0d", (-1, None), id="minus-zero"),
        pytest.param("fri", None, id="not-an-offset"),
        pytest.param("3", None, id="no-unit"),
    ],
)
def test_parse_offset(text: str, expected: tuple[int, Interval | None] | None) -> None:
    assert parse_offset(text) == expected


# ---------------------------------------------------------------------------------------------
# parse_interval and Interval


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1d", Interval(1, "d"), id="1d"),
        pytest.param("10d", Interval(10, "d"), id="10d"),
        pytest.param("1w", Interval(1, "w"), id="1w"),
        pytest.param("2w", Interval(2, "w"), id="2w"),
        pytest.param("1m", Interval(1, "m"), id="1m"),
        pytest.param("3m", Interval(3, "m"), id="3m"),
        pytest.param("18m", Interval(18, "m"), id="18m"),
        pytest.param("1y", Interval(1, "y"), id="1y"),
        pytest.param("weekly", Interval(1, "w"), id="weekly"),
        pytest.param("biweekly", Interval(2, "w"), id="biweekly"),
        pytest.param("monthly", Interval(1, "m"), id="monthly"),
        pytest.param("quarterly", Interval(3, "m"), id="quarterly"),
        pytest.param("yearly", Interval(1, "y"), id="yearly"),
        pytest.param("WEEKLY", Interval(1, "w"), id="upper-named"),
        pytest.param(" Monthly ", Interval(1, "m"), id="padded-named"),
        pytest.param("3M", Interval(3, "m"), id="upper-unit"),
        pytest.param("  2w\t", Interval(2, "w"), id="padded"),
        pytest.param("01w", Interval(1, "w"), id="leading-zero"),
    ],
)
def test_parse_interval_forms(text: str, expected: Interval) -> None:
    assert parse_interval(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("0d", id="0d"),
        pytest.param("0w", id="0w"),
        pytest.param("00m", id="00m"),
        pytest.param("0y", id="0y"),
        pytest.param("-1w", id="minus-1w"),
        pytest.param("-3m", id="minus-3m"),
        pytest.param("-0d", id="minus-0d"),
    ],
)
def test_parse_interval_refuses_zero_and_negative(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_interval(text)
    assert str(caught.value) == f"interval must be positive: {text!r} (use {INTERVAL_FORMS})"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("w", id="unit-only"),
        pytest.param("1", id="number-only"),
        pytest.param("1x", id="unknown-unit"),
        pytest.param("1h", id="hours"),
        pytest.param("1.5m", id="fractional"),
        pytest.param("1w2d", id="compound"),
        pytest.param("one week", id="words"),
        pytest.param("1 week", id="spelled-unit"),
        pytest.param("weekly-ish", id="named-with-suffix"),
        pytest.param("every week", id="every-week"),
    ],
)
def test_parse_interval_refuses_garbage(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_interval(text)
    assert str(caught.value) == f"cannot read interval {text!r} (use {INTERVAL_FORMS})"


@pytest.mark.parametrize("count", [0, -1, -12])
def test_interval_cannot_be_built_non_positive(count: int) -> None:
    with pytest.raises(InvalidInput, match="interval must be positive"):
        Interval(count, "m")


@pytest.mark.parametrize(
    ("interval", "text", "words"),
    [
        pytest.param(Interval(1, "d"), "1d", "1 day", id="1d"),
        pytest.param(Interval(1, "w"), "1w", "1 week", id="1w"),
        pytest.param(Interval(2, "w"), "2w", "2 weeks", id="2w"),
        pytest.param(Interval(3, "m"), "3m", "3 months", id="3m"),
        pytest.param(Interval(1, "y"), "1y", "1 year", id="1y"),
    ],
)
def test_interval_str_and_describe(interval: Interval, text: str, words: str) -> None:
    assert str(interval) == text
    assert interval.describe() == words
    assert parse_interval(text) == interval


@pytest.mark.parametrize(
    ("interval", "start", "after", "before"),
    [
        pytest.param(Interval(3, "d"), "2026-03-11", "2026-03-14", "2026-03-08", id="3d"),
        pytest.param(Interval(10, "d"), "2026-03-05", "2026-03-15", "2026-02-23", id="10d"),
        pytest.param(Interval(1, "w"), "2026-12-28", "2027-01-04", "2026-12-21", id="1w-year-end"),
        pytest.param(Interval(2, "w"), "2026-03-11", "2026-03-25", "2026-02-25", id="2w"),
        pytest.param(Interval(1, "m"), "2026-01-31", "2026-02-28", "2025-12-31", id="jan31-1m"),
        pytest.param(
            Interval(1, "m"), "2024-01-31", "2024-02-29", "2023-12-31", id="jan31-1m-leap"
        ),
        pytest.param(Interval(1, "m"), "2026-03-31", "2026-04-30", "2026-02-28", id="mar31-1m"),
        pytest.param(
            Interval(1, "m"), "2024-03-31", "2024-04-30", "2024-02-29", id="mar31-1m-leap"
        ),
        pytest.param(Interval(1, "m"), "2025-12-31", "2026-01-31", "2025-11-30", id="dec31-1m"),
        pytest.param(Interval(1, "m"), "2026-01-15", "2026-02-15", "2025-12-15", id="mid-month"),
        pytest.param(Interval(3, "m"), "2025-11-30", "2026-02-28", "2025-08-30", id="nov30-3m"),
        pytest.param(Interval(12, "m"), "2025-12-15", "2026-12-15", "2024-12-15", id="12m"),
        pytest.param(Interval(1, "y"), "2024-02-29", "2025-02-28", "2023-02-28", id="leap-1y"),
        pytest.param(Interval(4, "y"), "2024-02-29", "2028-02-29", "2020-02-29", id="leap-4y"),
        pytest.param(Interval(1, "y"), "2026-03-11", "2027-03-11", "2025-03-11", id="1y"),
    ],
)
def test_interval_after_and_before(interval: Interval, start: str, after: str, before: str) -> None:
    assert interval.after(d(start)) == d(after)
    assert interval.before(d(start)) == d(before)


def test_month_steps_do_not_remember_the_original_day() -> None:
    one_month = Interval(1, "m")
    assert one_month.after(one_month.after(d("2026-01-31"))) == d("2026-03-28")
    assert Interval(2, "m").after(d("2026-01-31")) == d("2026-03-31")


@pytest.mark.parametrize(
    ("interval", "base", "length"),
    [
        pytest.param(Interval(3, "d"), "2026-03-11", 3, id="3d"),
        pytest.param(Interval(1, "w"), "2026-03-11", 7, id="1w"),
        pytest.param(Interval(2, "w"), "2026-03-11", 14, id="2w"),
        pytest.param(Interval(1, "m"), "2026-01-31", 28, id="1m-from-jan31"),
        pytest.param(Interval(1, "m"), "2024-01-31", 29, id="1m-from-jan31-leap"),
        pytest.param(Interval(1, "m"), "2026-03-01", 31, id="1m-from-mar1"),
        pytest.param(Interval(1, "m"), "2026-04-01", 30, id="1m-from-apr1"),
        pytest.param(Interval(3, "m"), "2026-01-01", 90, id="3m-from-jan1"),
        pytest.param(Interval(3, "m"), "2025-11-30", 90, id="3m-from-nov30"),
        pytest.param(Interval(1, "y"), "2025-01-01", 365, id="1y-common"),
        pytest.param(Interval(1, "y"), "2024-01-01", 366, id="1y-leap"),
        pytest.param(Interval(1, "y"), "2024-02-29", 365, id="1y-from-leap-day"),
    ],
)
def test_interval_days_from(interval: Interval, base: str, length: int) -> None:
    assert interval.days_from(d(base)) == length


@pytest.mark.parametrize(
    ("interval", "nominal"),
    [
        pytest.param(Interval(3, "d"), 3.0, id="3d"),
        pytest.param(Interval(2, "w"), 14.0, id="2w"),
        pytest.param(Interval(12, "m"), 365.2425, id="12m"),
        pytest.param(Interval(1, "y"), 365.2425, id="1y"),
    ],
)
def test_interval_nominal_days(interval: Interval, nominal: float) -> None:
    assert interval.nominal_days == pytest.approx(nominal)


@PROPERTY
@given(day=days, months=st.integers(-1200, 1200))
def test_add_months_agrees_with_relativedelta(day: date, months: int) -> None:
    assert add_months(day, months) == day + relativedelta(months=months)


@PROPERTY
@given(day=days, count=st.integers(1, 240))
def test_month_intervals_agree_with_relativedelta(day: date, count: int) -> None:
    interval = Interval(count, "m")
    assert interval.after(day) == day + relativedelta(months=count)
    assert interval.before(day) == day - relativedelta(months=count)
    assert interval.days_from(day) == (day + relativedelta(months=count) - day).days


@PROPERTY
@given(day=days, count=st.integers(1, 100))
def test_year_intervals_agree_with_relativedelta(day: date, count: int) -> None:
    interval = Interval(count, "y")
    assert interval.after(day) == day + relativedelta(years=count)
    assert interval.before(day) == day - relativedelta(years=count)


@PROPERTY
@given(day=days, count=st.integers(1, 1000), unit=st.sampled_from(["d", "w"]))
def test_day_and_week_intervals_are_fixed_lengths(day: date, count: int, unit: str) -> None:
    interval = Interval(count, unit)  # type: ignore[arg-type]
    length = count if unit == "d" else 7 * count
    assert interval.after(day) == day + timedelta(days=length)
    assert interval.before(day) == day - timedelta(days=length)
    assert interval.days_from(day) == length


@PROPERTY
@given(count=st.integers(1, 99999), unit=st.sampled_from("dwmy"), upper=st.booleans())
def test_parse_interval_round_trips_up_to_a_century(count: int, unit: str, upper: bool) -> None:
    text = f"{count}{unit.upper() if upper else unit}"
    if count * {"d": 1, "w": 7, "m": 31, "y": 366}[unit] > MAX_INTERVAL_DAYS:
        with pytest.raises(InvalidInput, match="too long"):
            parse_interval(text)
    else:
        assert parse_interval(text) == Interval(count, unit)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# YearlyDate and parse_yearly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1986-04-12", YearlyDate(4, 12, 1986), id="full"),
        pytest.param("04-12", YearlyDate(4, 12), id="month-day"),
        pytest.param("--04-12", YearlyDate(4, 12), id="vcard-no-year"),
        pytest.param("02-29", YearlyDate(2, 29), id="feb-29-no-year"),
        pytest.param("--02-29", YearlyDate(2, 29), id="feb-29-vcard"),
        pytest.param("2000-02-29", YearlyDate(2, 29, 2000), id="feb-29-leap-year"),
        pytest.param("12-31", YearlyDate(12, 31), id="dec-31"),
        pytest.param(" 1986-04-12 ", YearlyDate(4, 12, 1986), id="padded"),
    ],
)
def test_parse_yearly_forms(text: str, expected: YearlyDate) -> None:
    assert parse_yearly(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("02-30", id="feb-30"),
        pytest.param("--02-30", id="feb-30-vcard"),
        pytest.param("2001-02-29", id="feb-29-common-year"),
        pytest.param("04-31", id="apr-31"),
        pytest.param("13-01", id="month-13"),
        pytest.param("00-10", id="month-0"),
        pytest.param("04-00", id="day-0"),
        pytest.param("1986/04/12", id="slashes"),
        pytest.param("April 12", id="words"),
        pytest.param("1986-04", id="year-month"),
        pytest.param("---04-12", id="three-dashes"),
        pytest.param("birthday", id="garbage"),
    ],
)
def test_parse_yearly_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_yearly(text)


@pytest.mark.parametrize("text", ["0000-03-01", "0000-02-29"])
def test_parse_yearly_refuses_year_zero(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_yearly(text)


@pytest.mark.parametrize(
    ("month", "day", "year"),
    [
        pytest.param(2, 30, None, id="feb-30"),
        pytest.param(2, 29, 2001, id="feb-29-common-year"),
        pytest.param(2, 29, 1900, id="feb-29-1900"),
        pytest.param(13, 1, None, id="month-13"),
        pytest.param(6, 31, 1990, id="jun-31"),
    ],
)
def test_yearly_date_refuses_impossible_days(month: int, day: int, year: int | None) -> None:
    with pytest.raises(InvalidInput, match="no such day"):
        YearlyDate(month, day, year)


@pytest.mark.parametrize(
    ("yearly", "iso"),
    [
        pytest.param(YearlyDate(4, 12, 1986), "1986-04-12", id="with-year"),
        pytest.param(YearlyDate(4, 12), "--04-12", id="without-year"),
        pytest.param(YearlyDate(2, 29), "--02-29", id="feb-29"),
    ],
)
def test_yearly_iso_round_trips(yearly: YearlyDate, iso: str) -> None:
    assert yearly.iso() == iso
    assert parse_yearly(iso) == yearly


@pytest.mark.parametrize(
    ("yearly", "year", "expected"),
    [
        pytest.param(YearlyDate(2, 29), 2026, "2026-02-28", id="feb29-common-year"),
        pytest.param(YearlyDate(2, 29), 2028, "2028-02-29", id="feb29-leap-year"),
        pytest.param(YearlyDate(2, 29), 2100, "2100-02-28", id="feb29-century-common"),
        pytest.param(YearlyDate(2, 29), 2000, "2000-02-29", id="feb29-century-leap"),
        pytest.param(YearlyDate(2, 29, 1988), 2027, "2027-02-28", id="feb29-with-year"),
        pytest.param(YearlyDate(2, 28), 2028, "2028-02-28", id="feb28-leap-year"),
        pytest.param(YearlyDate(12, 31, 1990), 2026, "2026-12-31", id="dec31"),
    ],
)
def test_occurrence_in(yearly: YearlyDate, year: int, expected: str) -> None:
    assert yearly.occurrence_in(year) == d(expected)


@pytest.mark.parametrize(
    ("yearly", "start", "expected"),
    [
        pytest.param(YearlyDate(4, 12), "2026-01-01", "2026-04-12", id="later-this-year"),
        pytest.param(YearlyDate(4, 12), "2026-04-12", "2026-04-12", id="on-the-day"),
        pytest.param(YearlyDate(4, 12), "2026-04-13", "2027-04-12", id="day-after"),
        pytest.param(YearlyDate(1, 1), "2026-12-31", "2027-01-01", id="over-year-end"),
        pytest.param(YearlyDate(2, 29), "2026-02-28", "2026-02-28", id="feb29-on-feb28"),
        pytest.param(YearlyDate(2, 29), "2026-03-01", "2027-02-28", id="feb29-next-common"),
        pytest.param(YearlyDate(2, 29), "2027-03-01", "2028-02-29", id="feb29-next-leap"),
        pytest.param(YearlyDate(2, 29), "2028-02-29", "2028-02-29", id="feb29-on-leap-day"),
        pytest.param(YearlyDate(2, 29), "2028-03-01", "2029-02-28", id="feb29-after-leap"),
    ],
)
def test_next_on_or_after(yearly: YearlyDate, start: str, expected: str) -> None:
    assert yearly.next_on_or_after(d(start)) == d(expected)


@pytest.mark.parametrize(
    ("yearly", "today", "expected"),
    [
        pytest.param(YearlyDate(4, 12, 1980), "2026-11-23", "1980-04-12", id="its-own-year"),
        pytest.param(YearlyDate(4, 12), "2026-11-23", "2026-04-12", id="this-year"),
        pytest.param(YearlyDate(2, 29), "2026-11-23", "2024-02-29", id="feb29-last-leap-year"),
        pytest.param(YearlyDate(2, 29), "2028-01-05", "2028-02-29", id="feb29-in-a-leap-year"),
        pytest.param(YearlyDate(2, 29, 1996), "2026-11-23", "1996-02-29", id="feb29-with-year"),
    ],
)
def test_a_yearly_event_starts_where_it_recurs_on_its_day(
    yearly: YearlyDate, today: str, expected: str
) -> None:
    """An ICS export and a synced calendar start a birthday's series here: Feb 29 without a
    year starts in a leap year, so the series falls on Feb 29 whenever there is one."""
    assert yearly.series_start(d(today)) == d(expected)


@PROPERTY
@given(start=days, month=st.integers(1, 12), day=st.integers(1, 31))
def test_next_on_or_after_is_within_a_year(start: date, month: int, day: int) -> None:
    try:
        yearly = YearlyDate(month, day)
    except InvalidInput:
        return
    found = yearly.next_on_or_after(start)
    assert start <= found < start + relativedelta(years=1)
    assert found.month == month
    assert found.day == day or (month, day, found.day) == (2, 29, 28)


# ---------------------------------------------------------------------------------------------
# parse_horizon, resolve_today, local_noon


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        pytest.param("0d", "2026-03-11", "2026-03-11", id="0d-is-today"),
        pytest.param("+0d", "2026-03-11", "2026-03-11", id="plus-0d"),
        pytest.param("0w", "2026-03-11", "2026-03-11", id="0w"),
        pytest.param(" 0D ", "2026-03-11", "2026-03-11", id="padded-upper-0d"),
        pytest.param("1d", "2026-03-11", "2026-03-12", id="1d"),
        pytest.param("7d", "2026-03-11", "2026-03-18", id="7d"),
        pytest.param("+7d", "2026-03-11", "2026-03-18", id="plus-7d"),
        pytest.param("2w", "2026-03-11", "2026-03-25", id="2w"),
        pytest.param("weekly", "2026-03-11", "2026-03-18", id="weekly"),
        pytest.param("7d", "2026-12-28", "2027-01-04", id="7d-over-year-end"),
        pytest.param("1m", "2026-01-31", "2026-02-28", id="1m-clamped"),
    ],
)
def test_parse_horizon(text: str, today: str, expected: str) -> None:
    assert parse_horizon(text, today=d(today)) == d(expected)


@pytest.mark.parametrize("text", ["-7d", "soon", "", "7", "-0d"])
def test_parse_horizon_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_horizon(text, today=WED)


NOW = datetime(2026, 3, 11, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))  # 07:30 UTC on 12th


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param("2026-01-31", "2026-01-31", id="override"),
        pytest.param(" 2024-02-29 ", "2024-02-29", id="override-padded-leap-day"),
        pytest.param(None, "2026-03-11", id="none-uses-local-date-of-now"),
        pytest.param("", "2026-03-11", id="empty-means-unset"),
    ],
)
def test_resolve_today(override: str | None, expected: str) -> None:
    assert resolve_today(override, NOW) == d(expected)


def test_resolve_today_uses_the_zone_of_now() -> None:
    assert resolve_today(None, NOW.astimezone(UTC)) == d("2026-03-12")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        pytest.param("tomorrow", "CADENCE_TODAY must be YYYY-MM-DD, got 'tomorrow'", id="word"),
        pytest.param("2026-3-11", "CADENCE_TODAY must be YYYY-MM-DD, got '2026-3-11'", id="short"),
        pytest.param(
            "11/03/2026", "CADENCE_TODAY must be YYYY-MM-DD, got '11/03/2026'", id="slashes"
        ),
        pytest.param("2026-02-30", "CADENCE_TODAY is not a real day: '2026-02-30'", id="feb-30"),
        pytest.param("2026-13-01", "CADENCE_TODAY is not a real day: '2026-13-01'", id="month-13"),
    ],
)
def test_resolve_today_refuses(override: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_today(override, NOW)
    assert str(caught.value) == message


def test_local_noon() -> None:
    zone = ZoneInfo("Europe/Paris")
    assert local_noon(WED, zone) == datetime(2026, 3, 11, 12, 0, tzinfo=zone)
    assert local_noon(WED, zone).astimezone(UTC).date() == WED


def test_a_day_on_the_wrong_side_of_today_is_named_in_the_one_day_phrase() -> None:
    today = date(2026, 11, 23)
    with pytest.raises(InvalidInput) as past:
        day_ahead("2026-11-01", today=today, option="--by")
    assert past.value.message == "--by 2026-11-01 is in the past (Sun 1 Nov)"
    with pytest.raises(InvalidInput) as future:
        day_done("2027-01-04", today=today, option="--on")
    assert future.value.message == "--on 2027-01-04 is in the future (Mon 4 Jan 2027)"
