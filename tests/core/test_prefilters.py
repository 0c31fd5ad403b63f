"""The pure helpers behind `due`'s SQL prefilters: if they are wrong, clients or milestones
silently drop off the morning list.

`schedule.latest_anchor_due_by(every, day)` is the latest anchor from which `every` makes a
client due by `day`; `queries.client_facts(only_due=True)` leaves out every client whose last
counting touch is later. `dates.month_day_ranges(start, until)` are the `month * 100 + day`
ranges a yearly date must fall in to come up in [start, until]; `queries.milestone_facts`
leaves out every other milestone. Each is checked against the core's own rules
(`Interval.after`, `schedule.next_milestone`) on hand-checked tables and with hypothesis.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cadence_cli.core.dates import Interval, YearlyDate, month_day_ranges
from cadence_cli.core.schedule import MilestoneFacts, latest_anchor_due_by, next_milestone

PROPERTY = settings(max_examples=300, deadline=None, derandomize=True)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
intervals = st.one_of(
    st.builds(Interval, st.integers(1, 400), st.just("d")),
    st.builds(Interval, st.integers(1, 60), st.just("w")),
    st.builds(Interval, st.integers(1, 40), st.just("m")),
    st.builds(Interval, st.integers(1, 10), st.just("y")),
)


def d(text: str) -> date:
    return date.fromisoformat(text)


# ---------------------------------------------------------------------------------------------
# latest_anchor_due_by


@pytest.mark.parametrize(
    ("every", "day", "anchor"),
    [
        pytest.param("1w", "2026-11-23", "2026-11-16", id="a-week"),
        pytest.param("10d", "2026-11-23", "2026-11-13", id="days"),
        pytest.param("2w", "2026-01-03", "2025-12-20", id="weeks-across-new-year"),
        # Feb 28 + 1m = Mar 28 is due by Mar 31; Mar 1 + 1m = Apr 1 is not
        pytest.param("1m", "2026-03-31", "2026-02-28", id="month-end-clamp"),
        pytest.param("1m", "2026-03-30", "2026-02-28", id="month-end-clamp-30"),
        pytest.param("1m", "2026-03-28", "2026-02-28", id="month-end-clamp-28"),
        pytest.param("1m", "2026-03-27", "2026-02-27", id="before-the-clamp"),
        pytest.param("1m", "2026-03-01", "2026-02-01", id="first-of-month"),
        # Jan 28…31 all step to Feb 28: the latest of them is the answer
        pytest.param("1m", "2026-02-28", "2026-01-31", id="many-anchors-one-due-day"),
        pytest.param("1m", "2028-02-29", "2028-01-31", id="leap-february"),
        pytest.param("1m", "2026-05-31", "2026-04-30", id="thirty-day-month"),
        pytest.param("1m", "2027-01-03", "2026-12-03", id="month-across-new-year"),
        pytest.param("3m", "2026-11-30", "2026-08-31", id="quarter-clamp"),
        pytest.param("3m", "2027-02-28", "2026-11-30", id="quarter-into-february"),
        pytest.param("6m", "2027-01-15", "2026-07-15", id="half-year-across-new-year"),
        # Feb 29 + 1y = Feb 28 next year, and Mar 1 + 1y = Mar 1
        pytest.param("1y", "2025-02-28", "2024-02-29", id="feb-29-birthday"),
        pytest.param("1y", "2028-02-28", "2027-02-28", id="common-to-leap"),
        pytest.param("1y", "2028-02-29", "2027-02-28", id="no-anchor-steps-onto-feb-29"),
        pytest.param("4y", "2028-02-29", "2024-02-29", id="leap-to-leap"),
        pytest.param("1y", "2026-12-31", "2025-12-31", id="year-end"),
    ],
)
def test_latest_anchor_due_by_hand_checked(every: str, day: str, anchor: str) -> None:
    interval = Interval(int(every[:-1]), every[-1])  # type: ignore[arg-type]
    assert latest_anchor_due_by(interval, d(day)) == d(anchor)
    # and it really is the boundary
    assert interval.after(d(anchor)) <= d(day) < interval.after(d(anchor) + timedelta(days=1))


def test_no_anchor_at_all_when_the_calendar_starts_too_late() -> None:
    assert latest_anchor_due_by(Interval(1, "w"), date.min + timedelta(days=3)) is None
    assert latest_anchor_due_by(Interval(1, "d"), date.min) is None
    assert latest_anchor_due_by(Interval(1, "d"), date.min + timedelta(days=1)) == date.min


@PROPERTY
@given(every=intervals, day=days)
@example(every=Interval(1, "m"), day=date(2026, 3, 31))
@example(every=Interval(1, "y"), day=date(2028, 2, 29))
@example(every=Interval(12, "m"), day=date(2025, 2, 28))
def test_the_anchor_is_the_last_one_due_by_the_day(every: Interval, day: date) -> None:
    anchor = latest_anchor_due_by(every, day)
    assert anchor is not None
    assert every.after(anchor) <= day
    assert every.after(anchor + timedelta(days=1)) > day


@PROPERTY
@given(every=intervals, day=days, earlier=st.integers(0, 3 * 366))
def test_every_earlier_anchor_is_due_too(every: Interval, day: date, earlier: int) -> None:
    """What the SQL relies on: `last touch <= anchor` keeps exactly the clients due by `day`."""
    anchor = latest_anchor_due_by(every, day)
    assert anchor is not None
    assert every.after(anchor - timedelta(days=earlier)) <= day


@PROPERTY
@given(every=intervals, day=days, later=st.integers(1, 3 * 366))
def test_no_later_anchor_is_due(every: Interval, day: date, later: int) -> None:
    anchor = latest_anchor_due_by(every, day)
    assert anchor is not None
    assert every.after(anchor + timedelta(days=later)) > day


# ---------------------------------------------------------------------------------------------
# month_day_ranges


@pytest.mark.parametrize(
    ("start", "until", "ranges"),
    [
        pytest.param("2026-11-23", "2026-11-23", [(1123, 1123)], id="one-day"),
        pytest.param("2026-11-23", "2026-11-30", [(1123, 1130)], id="same-month"),
        pytest.param("2026-11-23", "2026-12-07", [(1123, 1207)], id="next-month"),
        pytest.param("2026-12-28", "2027-01-04", [(1228, 1231), (101, 104)], id="new-year"),
        pytest.param("2026-12-31", "2027-01-01", [(1231, 1231), (101, 101)], id="new-year-eve"),
        # a window ending on Feb 28 of a common year also takes Feb 29 (it occurs on the 28th)
        pytest.param("2026-02-01", "2026-02-28", [(201, 229)], id="feb-28-takes-feb-29"),
        pytest.param("2026-02-28", "2026-02-28", [(228, 229)], id="only-feb-28"),
        pytest.param("2026-12-20", "2027-02-28", [(1220, 1231), (101, 229)], id="wrap-to-feb-28"),
        pytest.param("2028-02-29", "2028-03-06", [(229, 306)], id="from-a-leap-day"),
        pytest.param("2026-11-23", "2027-11-22", [(1123, 1231), (101, 1122)], id="a-day-short"),
        pytest.param("2026-11-23", "2027-11-23", None, id="a-whole-year"),
        pytest.param("2026-01-01", "2026-12-31", [(101, 1231)], id="one-calendar-year"),
        pytest.param("2026-06-01", "2028-01-01", None, id="two-years"),
        pytest.param("2026-11-23", "2026-11-22", [], id="until-before-start"),
        pytest.param("2027-01-01", "2026-12-31", [], id="until-a-year-before"),
    ],
)
def test_month_day_ranges_hand_checked(
    start: str, until: str, ranges: list[tuple[int, int]] | None
) -> None:
    assert month_day_ranges(d(start), d(until)) == ranges


def _falls_in(month_day: int, ranges: list[tuple[int, int]]) -> bool:
    return any(low <= month_day <= high for low, high in ranges)


@st.composite
def yearly_dates(draw: st.DrawFn) -> YearlyDate:
    """Birthdays and milestones: any day of 1900-2100 (incl. Feb 29), with or without year."""
    when = draw(
        st.one_of(
            st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
            st.sampled_from([date(1996, 2, 29), date(2024, 2, 29), date(2000, 2, 29)]),
            st.sampled_from([date(1985, 12, 31), date(1985, 1, 1), date(1990, 2, 28)]),
        )
    )
    with_year = draw(st.booleans())
    return YearlyDate(when.month, when.day, when.year if with_year else None)


@PROPERTY
@given(when=yearly_dates(), start=days, length=st.integers(0, 800))
@example(when=YearlyDate(2, 29), start=date(2026, 2, 1), length=27)  # Feb 28, 2026
@example(when=YearlyDate(2, 29, 2000), start=date(2026, 12, 20), length=70)  # Feb 28, 2027
@example(when=YearlyDate(2, 29), start=date(2027, 3, 1), length=365)  # Feb 29, 2028
@example(when=YearlyDate(1, 2), start=date(2026, 12, 28), length=7)
@example(when=YearlyDate(12, 31, 2026), start=date(2026, 12, 31), length=366)  # not its own day
def test_a_milestone_that_comes_up_in_the_window_is_never_left_out(
    when: YearlyDate, start: date, length: int
) -> None:
    until = start + timedelta(days=length)
    ranges = month_day_ranges(start, until)
    due = next_milestone(MilestoneFacts(1, "Ada", "birthday", when), start)
    if due.on <= until:
        assert ranges is None or _falls_in(when.month * 100 + when.day, ranges), (due.on, ranges)


@PROPERTY
@given(start=days, length=st.integers(0, 800))
def test_ranges_are_none_only_when_the_window_spans_a_year(start: date, length: int) -> None:
    """And otherwise valid, ordered, disjoint month-days that every day of the window hits."""
    until = start + timedelta(days=length)
    ranges = month_day_ranges(start, until)
    if length >= 367:  # every month and day, Feb 29 included, comes up at least once
        assert ranges is None
    if ranges is None:
        assert length >= 365
        return
    assert 1 <= len(ranges) <= 2
    for low, high in ranges:
        assert 101 <= low <= high <= 1231
    if len(ranges) == 2:
        assert ranges[0][1] == 1231 and ranges[1][0] == 101
        assert ranges[1][1] < ranges[0][0]  # the two parts never overlap
    for offset in range(length + 1):
        day = start + timedelta(days=offset)
        assert _falls_in(day.month * 100 + day.day, ranges), day
