"""Calendar items for a vdir: the due list as VTODOs, milestones as yearly VEVENTs.

One item per `.ics` file, each a VCALENDAR with one component, written with icalendar.
`read_item` reads back what matters to a sync: whose item it is (its UID), what it says,
and whether another program (todoman, a phone's reminders through CalDAV) completed it.
`same_content` compares what cadence would write with what the file holds, ignoring the
stamp and the formatting a server or client may change, so an unchanged item is never
rewritten and vdirsyncer has nothing to upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar

__all__ = ["CalendarItem", "ReadItem", "item_bytes", "program_name", "read_item"]

_OWN_PRODID = "-//cadence//"
_CONTENT = ("kind", "summary", "description", "on", "priority", "yearly", "categories")
"""What an item says: two items that say the same are the same (the stamp is not part of it)."""


@dataclass(frozen=True, slots=True)
class CalendarItem:
    """What cadence writes: a to-do due `on`, or an all-day event on `on` (yearly)."""

    uid: str
    kind: str  # "VTODO" or "VEVENT"
    summary: str
    on: date
    description: str | None = None
    priority: int | None = None
    yearly: bool = False
    categories: tuple[str, ...] = ()

    def content(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _CONTENT)


@dataclass(frozen=True, slots=True)
class ReadItem:
    """An item read from the folder: its content, and its completion when it has one."""

    uid: str
    kind: str
    summary: str
    on: date | None
    description: str | None
    priority: int | None
    yearly: bool
    done: bool
    completed: datetime | date | None
    prodid: str
    categories: tuple[str, ...] = ()

    def content(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _CONTENT)


def item_bytes(item: CalendarItem, *, prodid: str, dtstamp: datetime) -> bytes:
    """One VCALENDAR with the item (RFC 5545: CRLF, folded, DTSTAMP in UTC)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    component: Any = icalendar.Todo() if item.kind == "VTODO" else icalendar.Event()
    component.add("uid", item.uid)
    component.add("dtstamp", dtstamp.astimezone(UTC).replace(microsecond=0))
    component.add("summary", item.summary)
    if item.description:
        component.add("description", item.description)
    if item.categories:
        component.add("categories", list(item.categories))
    if item.kind == "VTODO":
        component.add("due", item.on)
        component.add("status", "NEEDS-ACTION")
        if item.priority is not None:
            component.add("priority", item.priority)
    else:
        component.add("dtstart", item.on)
        component.add("dtend", item.on + timedelta(days=1))
        component.add("transp", "TRANSPARENT")
        if item.yearly:
            if (item.on.month, item.on.day) == (2, 29):
                component.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
            else:
                component.add("rrule", {"freq": "yearly"})
    calendar.add_component(component)
    data: bytes = calendar.to_ical()
    return data


def _day(value: Any) -> date | None:
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime):
        return moment.date()
    return moment if isinstance(moment, date) else None


def _categories(value: Any) -> tuple[str, ...]:
    """CATEGORIES, on one line or several (a server may split them), in order."""
    lines = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(str(name) for line in lines for name in getattr(line, "cats", ()))


def read_item(data: bytes) -> ReadItem | None:
    """The file's first VTODO or VEVENT, or None when it holds neither or cannot be read."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError):  # icalendar's errors on malformed input
        return None
    for component in calendar.walk():
        if component.name not in ("VTODO", "VEVENT"):
            continue
        uid = str(component.get("uid", "")).strip()
        if not uid:
            return None
        todo = component.name == "VTODO"
        moment = getattr(component.get("completed"), "dt", None) if todo else None
        completed = moment if isinstance(moment, (datetime, date)) else None
        done = completed is not None or (
            todo and str(component.get("status", "")).upper() == "COMPLETED"
        )
        if done and completed is None:  # STATUS:COMPLETED alone: when it was last changed
            completed = _day(component.get("last-modified"))
        priority = component.get("priority")
        description = component.get("description")
        return ReadItem(
            uid=uid,
            kind=component.name,
            summary=str(component.get("summary", "")),
            on=_day(component.get("due" if todo else "dtstart")),
            description=None if description is None else str(description),
            priority=None if priority is None or not todo else int(priority),
            yearly=component.get("rrule") is not None,
            done=done,
            completed=completed,
            prodid=str(calendar.get("prodid", "")),
            categories=_categories(component.get("categories")),
        )
    return None


def program_name(prodid: str) -> str:
    """Who wrote an item, from its PRODID: `-//Apple Inc.//iOS 17.1//EN` → "Apple Inc. iOS
    17.1"; cadence's own PRODID (kept by a program that edited the item) or none: "another
    program"."""
    if not prodid.strip() or prodid.startswith(_OWN_PRODID):
        return "another program"
    parts = [part.strip() for part in prodid.split("//") if part.strip() not in ("", "-")]
    if len(parts) > 1 and len(parts[-1]) == 2 and parts[-1].isalpha():
        parts.pop()  # the language
    return " ".join(dict.fromkeys(parts)) or "another program"
