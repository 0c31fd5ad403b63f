"""Dates and intervals as users type them (SPEC §1 "Dates"): pure functions of their input.

Nothing here reads the clock: `today` is always an argument. The single place that turns the
clock (or `CADENCE_TODAY`) into a `date` is `cli/_context.py`, which calls `resolve_today`.
"""

from __future__ import annotations

import re
from calendar import isleap, monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from cadence_cli.core.wording import day_phrase, plural
from cadence_cli.errors import InvalidInput

Direction = Literal["past", "future"]

DATE_FORMS = (
    "YYYY-MM-DD, today, yesterday, tomorrow, a weekday (mon … sunday), "
    "or an offset such as 3d, 2w, 1m (+3d / -3d to force the direction)"
)
INTERVAL_FORMS = (
    "<n><unit> with unit d, w, m or y (1w, 2w, 1m, 3m, 1y), "
    "or weekly, biweekly, monthly, quarterly, yearly"
)

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
"""Every day cadence stores or takes as today lies in here. A bounded day plus or minus the
longest interval (100 years) a few times over stays far inside `date` (years 1-9999), so no
command can overflow on a date a user, a file or CADENCE_TODAY brought in."""
DAY_RANGE = f"cadence keeps dates between {EARLIEST_DAY} and {LATEST_DAY}"

_UNIT_NAMES = {"d": "day", "w": "week", "m": "month", "y": "year"}
_UNIT_DAYS = {"d": 1, "w": 7, "m": 31, "y": 366}
MAX_INTERVAL_DAYS = 100 * 366
"""Longer intervals mean nothing for client service and overflow `date` arithmetic."""
_NAMED_INTERVALS = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "biweekly": (2, "w"),
    "fortnightly": (2, "w"),
    "monthly": (1, "m"),
    "quarterly": (3, "m"),
    "yearly": (1, "y"),
    "annually": (1, "y"),
}
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_OFFSET = re.compile(r"^([+-]?)(\d{1,5})([dwmy])$")
_INTERVAL = re.compile(r"^(\d{1,5})\s*([dwmy])$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEARLY = re.compile(r"^(?:(\d{4})-|--)?(\d{1,2})-(\d{1,2})$")


def add_months(day: date, months: int) -> date:
    """Calendar month step clamped to the month's end, as `dateutil.relativedelta(months=n)`.

    Written out because `due` runs it once per client and relativedelta is ~10x slower;
    a property test checks that both agree.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Interval:
    """A positive calendar interval: `count` days, weeks, months or years.

    Month and year steps are calendar steps that clamp to the month's end
    (Jan 31 + 1m = Feb 28/29), exactly as `dateutil.relativedelta` does.
    """

    count: int
    unit: Literal["d", "w", "m", "y"]

    def __post_init__(self) -> None:
        if self.count <= 0:
            raise InvalidInput(f"interval must be positive, got {self.count}{self.unit}")
        if self.count * _UNIT_DAYS[self.unit] > MAX_INTERVAL_DAYS:
            raise InvalidInput(
                f"interval {self.count}{self.unit} is too long", hint="use at most 100 years"
            )

    def after(self, day: date, times: int = 1) -> date:
        """The day `times` intervals after `day`, in one calendar step (no month-end drift;
        `times` may take it past the 100-year limit of a single interval)."""
        count = self.count * times
        if self.unit == "d":
            return day + timedelta(days=count)
        if self.unit == "w":
            return day + timedelta(weeks=count)
        if self.unit == "m":
            return add_months(day, count)
        return add_months(day, 12 * count)

    def before(self, day: date) -> date:
        """The day one interval before `day` (same clamping as `after`)."""
        if self.unit == "d":
            return day - timedelta(days=self.count)
        if self.unit == "w":
            return day - timedelta(weeks=self.count)
        if self.unit == "m":
            return add_months(day, -self.count)
        return add_months(day, -12 * self.count)

    def days_from(self, base: date) -> int:
        """Length in days of this interval when it starts on `base` (months vary)."""
        return (self.after(base) - base).days

    @property
    def nominal_days(self) -> float:
        """Average length in days, for rates such as touches per week."""
        per_unit = {"d": 1.0, "w": 7.0, "m": 365.2425 / 12, "y": 365.2425}[self.unit]
        return self.count * per_unit

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def describe(self) -> str:
        """Human words: '1 week', '3 months'."""
        return plural(self.count, _UNIT_NAMES[self.unit])


def parse_interval(text: str) -> Interval:
    """Parse `1w`, `3m`, `weekly`…; refuse zero, negative and anything else with the forms."""
    cleaned = text.strip().lower()
    if cleaned in _NAMED_INTERVALS:
        count, unit = _NAMED_INTERVALS[cleaned]
        return Interval(count, unit)  # type: ignore[arg-type]
    match = _INTERVAL.match(cleaned)
    if match is None:
        if re.match(r"^-\d+\s*[dwmy]$", cleaned):
            raise InvalidInput(f"interval must be positive: {text!r}", hint=f"use {INTERVAL_FORMS}")
        raise InvalidInput(f"cannot read interval {text!r}", hint=f"use {INTERVAL_FORMS}")
    count = int(match.group(1))
    if count == 0:
        raise InvalidInput(f"interval must be positive: {text!r}", hint=f"use {INTERVAL_FORMS}")
    return Interval(count, match.group(2))  # type: ignore[arg-type]


def parse_offset(text: str) -> tuple[int, Interval | None] | None:
    """`3d` → (0, 3d), `+2w` → (+1, 2w), `-1m` → (-1, 1m), `0d` → (0, None) meaning today.

    None when `text` is not an offset at all.
    """
    match = _OFFSET.match(text.strip().lower())
    if match is None:
        return None
    sign = {"": 0, "+": 1, "-": -1}[match.group(1)]
    count = int(match.group(2))
    if count == 0:
        return sign, None
    if count * _UNIT_DAYS[match.group(3)] > MAX_INTERVAL_DAYS:
        raise OverflowError(text)  # parse_day reports it as a date out of range
    return sign, Interval(count, match.group(3))  # type: ignore[arg-type]


def parse_day(text: str, *, today: date, direction: Direction) -> date:
    """Parse a day as users type it, relative to `today`.

    Past-facing options read weekdays and offsets backwards (`fri` = the last Friday,
    `3d` = three days ago); future-facing ones read them forwards. A weekday never means
    today itself: `mon` on a Monday is a week away in either direction. `+3d`/`-3d` are
    explicit either way, and `0d` is today.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        raise InvalidInput("empty date", hint=f"use {DATE_FORMS}")
    if cleaned == "today":
        return check_day(today, text)
    try:
        day = _relative_day(cleaned, text, today=today, direction=direction)
    except (OverflowError, ValueError):
        raise InvalidInput(f"date out of range: {text!r}", hint=f"use {DATE_FORMS}") from None
    return check_day(day, text)


def day_ahead(text: str, *, today: date, option: str) -> date:
    """A future-facing day (`promise --by`, `snooze --until`) that is today or later: a day
    already past is a typo, not a plan."""
    day = parse_day(text, today=today, direction="future")
    if day < today:
        raise InvalidInput(
            f"{option} {text.strip()} is in the past ({day_phrase(day, today)})",
            hint="give today or a later day",
        )
    return day


def day_done(text: str, *, today: date, option: str) -> date:
    """A past-facing day (`promise done --on`, `report --on`) that is today or earlier: what
    has not happened yet cannot be recorded or measured."""
    day = parse_day(text, today=today, direction="past")
    if day > today:
        raise InvalidInput(
            f"{option} {text.strip()} is in the future ({day_phrase(day, today)})",
            hint="give today or an earlier day",
        )
    return day


def check_day(day: date, text: str) -> date:
    """`day` when it lies within EARLIEST_DAY..LATEST_DAY; else InvalidInput quoting `text`,
    what the user typed, so the message never shows more than that."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput(f"date out of range: {text!r}", hint=DAY_RANGE)
    return day


def parse_iso_day(text: str) -> date:
    """An ISO 8601 day from a file (a dump, a CSV's last_contact), within the range cadence
    keeps: the importers call this, so a file cannot bring a day the CLI would refuse."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{text!r} is not YYYY-MM-DD") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput(f"{text!r} is out of range", hint=DAY_RANGE)
    return day


def check_instant(at: datetime, text: str) -> datetime:
    """An aware instant from a file whose day, where it was written and in UTC, lies within the
    range (0001-01-01T00:00+14:00 is in year 1 where written, before it in UTC)."""
    # `and` short-circuits: the UTC day is computed only when the local day is far from year 1
    if EARLIEST_DAY <= at.date() <= LATEST_DAY and (
        EARLIEST_DAY <= at.astimezone(UTC).date() <= LATEST_DAY
    ):
        return at
    raise InvalidInput(f"{text!r} is out of range", hint=DAY_RANGE)


def _relative_day(cleaned: str, text: str, *, today: date, direction: Direction) -> date:
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    if cleaned in _WEEKDAYS:
        target = _WEEKDAYS[cleaned]
        if direction == "past":
            back = (today.weekday() - target) % 7 or 7
            return today - timedelta(days=back)
        ahead = (target - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    iso = _ISO_DAY.match(cleaned)
    if iso is not None:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            raise InvalidInput(f"no such day: {text!r}", hint=f"use {DATE_FORMS}") from None
    offset = parse_offset(cleaned)
    if offset is not None:
        sign, interval = offset
        if interval is None:
            return today
        forwards = sign > 0 or (sign == 0 and direction == "future")
        return interval.after(today) if forwards else interval.before(today)
    raise InvalidInput(f"cannot read date {text!r}", hint=f"use {DATE_FORMS}")


@dataclass(frozen=True, slots=True)
class YearlyDate:
    """A birthday or milestone: month and day, with the year when it is known."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        try:
            # 2000 is a leap year, so Feb 29 without a year is allowed; years stay within the
            # range where next year's occurrence still exists.
            date(self.year if self.year is not None else 2000, self.month, self.day)
            if self.year is not None and not 1 <= self.year <= 9000:
                raise ValueError
        except ValueError:
            raise InvalidInput(f"no such day: {self.iso()}") from None

    def iso(self) -> str:
        """`YYYY-MM-DD` when the year is known, else `--MM-DD` (vCard/ISO 8601 form)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def occurrence_in(self, year: int) -> date:
        """This date in `year`; Feb 29 falls on Feb 28 in common years."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return date(year, self.month, self.day - 1)

    def next_on_or_after(self, day: date) -> date:
        """The first occurrence on or after `day`."""
        this_year = self.occurrence_in(day.year)
        return this_year if this_year >= day else self.occurrence_in(day.year + 1)

    def series_start(self, today: date) -> date:
        """Where a yearly calendar event for this date starts: in its year when known, else
        this year, or for Feb 29 the latest leap year, so that the event recurs on the last
        day of February (an ICS export and a synced calendar agree)."""
        if self.year is not None:
            return self.occurrence_in(self.year)
        year = today.year
        while (self.month, self.day) == (2, 29) and not isleap(year):
            year -= 1
        return self.occurrence_in(year)


def month_day_ranges(start: date, until: date) -> list[tuple[int, int]] | None:
    """The `month * 100 + day` ranges a yearly date must fall in to occur in [start, until].

    Lets the store skip, in SQL, the milestones that cannot come up (a big book has tens of
    thousands). None when every date can: the window spans a year or more. Feb 29 occurs on
    Feb 28 in common years, so a range that ends on Feb 28 also takes Feb 29.
    """
    if until < start:
        return []
    first, last = start.month * 100 + start.day, until.month * 100 + until.day
    if until.year == start.year:
        ranges = [(first, last)]
    elif until.year == start.year + 1 and last < first:
        ranges = [(first, 1231), (101, last)]
    else:
        return None
    return [(lo, 229 if hi == 228 else hi) for lo, hi in ranges]


def parse_yearly(text: str) -> YearlyDate:
    """`YYYY-MM-DD`, or `MM-DD` / `--MM-DD` when the year is unknown."""
    match = _YEARLY.match(text.strip())
    if match is None:
        raise InvalidInput(
            f"cannot read date {text!r}", hint="use YYYY-MM-DD, or MM-DD when the year is unknown"
        )
    year = int(match.group(1)) if match.group(1) else None
    return YearlyDate(int(match.group(2)), int(match.group(3)), year)


def resolve_today(override: str | None, now: datetime) -> date:
    """`CADENCE_TODAY` if set (must be YYYY-MM-DD), else the date of the aware `now`."""
    if override:
        iso = _ISO_DAY.match(override.strip())
        if iso is None:
            raise InvalidInput(f"CADENCE_TODAY must be YYYY-MM-DD, got {override!r}")
        try:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            raise InvalidInput(f"CADENCE_TODAY is not a real day: {override!r}") from None
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise InvalidInput(f"CADENCE_TODAY is out of range: {override!r}", hint=DAY_RANGE)
        return day
    return now.date()


def local_noon(day: date, zone: tzinfo) -> datetime:
    """A stable instant for a touch logged 'on' a past or future day without a time."""
    return datetime.combine(day, time(12, 0), tzinfo=zone)


def parse_horizon(text: str, *, today: date) -> date:
    """The last day a look-ahead covers: `7d` → today + 7 days; `0d` → today only."""
    cleaned = text.strip().lower()
    if re.fullmatch(r"\+?0+[dwmy]", cleaned):
        return today
    interval = parse_interval(cleaned.removeprefix("+"))
    try:
        return interval.after(today)
    except (OverflowError, ValueError):
        raise InvalidInput(f"horizon out of range: {text!r}") from None
