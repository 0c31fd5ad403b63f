"""Small wording every part of cadence shares: plurals, day phrases, how late something is. Pure.

One place, so that `due`, `show`, a review card and a log line say a day or a count the same
way. Everything here takes plain values and returns a string; nothing reads the clock.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Protocol


class Selection(Protocol):
    """The filters a bulk command chose clients by (`records.DueFilters` is one): only what
    the words need, so this module, which `dates` imports, imports no records."""

    @property
    def tier(self) -> str | None: ...

    @property
    def owner(self) -> str | None: ...

    @property
    def tag(self) -> str | None: ...


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 day', '3 days', '2 touches' (give `many` when adding an s is wrong), '1,200 clients'."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def times(count: int) -> str:
    """'once', 'twice', '3 times'."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


# `due` into a file names ~50,000 days on a 100k book, a few hundred of them distinct
@lru_cache(maxsize=4096)
def short_day(day: date, today: date) -> str:
    """'16 Nov' within the current year, '16 Nov 2025' otherwise: compact for tables."""
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def day_phrase(day: date, today: date) -> str:
    """'Mon 16 Nov', with the year when it is not this year: how a sentence names a day."""
    return f"{day:%a} {short_day(day, today)}"


def long_day(day: date) -> str:
    """'Mon 16 Nov 2026': always with the year (headers, and days a reader may keep)."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def waited(days: int) -> str:
    """How long past due: 'today', '3 days', then weeks once days stop being easy to read."""
    if days == 0:
        return "today"
    if days < 14:
        return plural(days, "day")
    weeks, rest = divmod(days, 7)
    return f"{weeks}w {rest}d" if rest else f"{weeks} weeks"


def days_late(days: int, *, short: bool = False) -> str:
    """How long past due in a column: 'today', '1 day', '45 days' ('0d', '45d' when short).

    One form for every row, so a column of them sorts and compares at a glance."""
    if short:
        return f"{days}d"
    return "today" if days == 0 else plural(days, "day")


def overdue_phrase(days: int) -> str:
    """'overdue by 1 day', 'overdue by 3 days'."""
    return f"overdue by {plural(days, 'day')}"


def standing_phrase(status: str, due_on: date, days_overdue: int, today: date) -> str:
    """'ok, next due Mon 30 Nov' or 'reactive since Mon 16 Nov (1 week)': one client's state."""
    if status == "ok":
        return f"ok, next due {day_phrase(due_on, today)}"
    return f"{status} since {day_phrase(due_on, today)} ({waited(days_overdue)})"


def charter_wishes(channel: str | None, note: str | None) -> str:
    """', prefers text, after 6pm': a charter's wishes appended to a line ('' when none)."""
    return "".join(f", {x}" for x in (f"prefers {channel}" if channel else None, note) if x)


def selection_phrase(filters: Selection) -> str:
    """'tagged past-client in tier A owned by sam': the clients a bulk command chose."""
    parts = []
    if filters.tag is not None:
        parts.append(f"tagged {filters.tag.strip().lower()}")
    if filters.tier is not None:
        parts.append(f"in tier {filters.tier.strip()}")
    if filters.owner is not None:
        parts.append(f"owned by {filters.owner}")
    return " ".join(parts)


def bulk_touch_line(
    filters: Selection, *, channel: str, count: int, when: str, done: bool = False
) -> str:
    """`log --tag …`: the question ('Log an email with 12 clients tagged past-client on Thu 3
    Dec?'), the summary ('Logged …') and, with no one chosen, the refusal."""
    who = selection_phrase(filters)
    if count == 0:
        return " ".join(part for part in ("no active client", who) if part)
    touch = f"{'an' if channel[:1] in 'aeiou' else 'a'} {channel}"
    clients = " ".join(part for part in (plural(count, "client"), who) if part)
    if done:
        return f"Logged {touch} with {clients} on {when}."
    return f"Log {touch} with {clients} on {when}?"
