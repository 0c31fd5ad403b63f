"""ICS export: due dates, promises and milestones as all-day events (RFC 5545).

Each event's UID is derived from what it is about (`stable_uid`), never random, so importing
a newer export into a calendar updates the events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

__all__ = ["CalendarEvent", "stable_uid", "write_ics"]


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One all-day event: on `on`, every year from then on when `yearly`."""

    uid: str
    summary: str
    on: date
    description: str | None = None
    yearly: bool = False


_SAFE = re.compile(r"[A-Za-z0-9_.]+")


def _uid_part(part: object) -> str:
    """A part as UID-safe text; anything lossy gets a hash so distinct parts stay distinct."""
    if isinstance(part, datetime):
        part = part.date()
    if isinstance(part, date):
        return part.strftime("%Y%m%d")
    text = str(part)
    if _SAFE.fullmatch(text):
        return text
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{slug}_{digest}" if slug else digest


def stable_uid(kind: str, *parts: object, domain: str = "cadence") -> str:
    """A deterministic UID: `stable_uid("due", 12)` → `due-12@cadence`.

    Same inputs, same UID, on every run and machine. Parts that are not plain `[A-Za-z0-9_.]`
    text are slugged with a short SHA-256 suffix (`milestone-12-home_anniversary_1f2e3d4c@…`);
    dates become `YYYYMMDD`. Pass something unique to the book as a part (or as `domain`) if
    several books feed the same calendar.
    """
    if not kind:
        raise ValueError("stable_uid needs a kind")
    return "-".join([_uid_part(kind), *(_uid_part(part) for part in parts)]) + f"@{domain}"


def write_ics(
    events: Sequence[CalendarEvent],
    *,
    prodid: str,
    dtstamp: datetime,
    name: str | None = None,
) -> bytes:
    """A VCALENDAR (VERSION 2.0, CRLF, folded lines) with one all-day VEVENT per event.

    `dtstamp` is the export's time, passed in because the core never reads the clock; it must
    be timezone-aware and is written in UTC. DTEND is the next day. A yearly event gets
    `RRULE:FREQ=YEARLY`; one on Feb 29 recurs on the last day of February, so that it falls
    on Feb 28 in common years, as cadence's milestones do. UIDs must be unique.
    """
    if dtstamp.tzinfo is None or dtstamp.utcoffset() is None:
        raise ValueError("dtstamp must be timezone-aware")
    stamp = dtstamp.astimezone(UTC).replace(microsecond=0)
    seen: set[str] = set()
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for item in events:
        if item.uid in seen:
            raise ValueError(f"duplicate UID in calendar export: {item.uid}")
        seen.add(item.uid)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.yearly:
            if (item.on.month, item.on.day) == (2, 29):
                event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
            else:
                event.add("rrule", {"freq": "yearly"})
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
        calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result
