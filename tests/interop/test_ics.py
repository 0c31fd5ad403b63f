"""ICS export: valid RFC 5545 for icalendar and vobject alike, with stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import vobject
from icalendar import Calendar

from cadence_cli.interop.ics import CalendarEvent, stable_uid, write_ics

STAMP = datetime(2025, 1, 15, 9, 30, 12, 345, tzinfo=UTC)
PRODID = "-//cadence//cadence 0.1//EN"


def events() -> list[CalendarEvent]:
    return [
        CalendarEvent(stable_uid("due", 12), "Call Ann Lee (A, due)", date(2025, 1, 20)),
        CalendarEvent(
            stable_uid("milestone", 12, "birthday"),
            "Ann Lee's birthday",
            date(1980, 3, 22),
            description="Turns 45 in 2025.\nSend a card; call, too.",
            yearly=True,
        ),
        CalendarEvent(
            stable_uid("milestone", 7, "home anniversary"),
            "Bo: home anniversary",
            date(2016, 2, 29),
            yearly=True,
        ),
        CalendarEvent(
            stable_uid("promise", 3),
            "Promise to Zoë Ñandú: send the revised proposal with the pricing table and the "
            "references she asked for during Tuesday's call",
            date(2025, 1, 17),
        ),
    ]


def test_stable_uids() -> None:
    assert stable_uid("due", 12) == "due-12@cadence"
    assert stable_uid("due", 12) == stable_uid("due", 12)
    assert stable_uid("milestone", 12, "birthday") == "milestone-12-birthday@cadence"
    home = stable_uid("milestone", 7, "home anniversary")
    assert home.startswith("milestone-7-home_anniversary_") and home.endswith("@cadence")
    assert home == stable_uid("milestone", 7, "home anniversary")
    assert home != stable_uid("milestone", 7, "Home Anniversary")  # slugs alike, hashes not
    assert stable_uid("promise", 3, date(2025, 1, 17), domain="book1.example") == (
        "promise-3-20250117@book1.example"
    )
    with pytest.raises(ValueError):
        stable_uid("")


def test_output_is_deterministic_crlf_and_folded() -> None:
    first = write_ics(events(), prodid=PRODID, dtstamp=STAMP)
    second = write_ics(events(), prodid=PRODID, dtstamp=STAMP)
    assert first == second
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in first.replace(b"\r\n", b"")
    lines = first.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long promise summary is folded
    assert b"VERSION:2.0\r\n" in first and f"PRODID:{PRODID}\r\n".encode() in first
    assert b"DTSTAMP:20250115T093012Z\r\n" in first


def test_icalendar_reads_it_back() -> None:
    calendar = Calendar.from_ical(write_ics(events(), prodid=PRODID, dtstamp=STAMP))
    parsed = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in parsed] == [e.uid for e in events()]
    for source, event in zip(events(), parsed, strict=True):
        assert event.decoded("DTSTART") == source.on
        assert event.decoded("DTEND") == source.on + timedelta(days=1)
        assert str(event["SUMMARY"]) == source.summary
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert ("RRULE" in event) == source.yearly
    assert str(parsed[1]["DESCRIPTION"]) == "Turns 45 in 2025.\nSend a card; call, too."
    assert parsed[1]["RRULE"].to_ical() == b"FREQ=YEARLY"
    # Feb 29 recurs on the last day of February: Feb 28 in common years.
    rule = parsed[2]["RRULE"].to_ical()
    text = rule.decode() if isinstance(rule, bytes) else rule
    assert sorted(text.split(";")) == ["BYMONTH=2", "BYMONTHDAY=-1", "FREQ=YEARLY"]


def test_vobject_validates_it() -> None:
    data = write_ics(events(), prodid=PRODID, dtstamp=STAMP).decode("utf-8")
    calendar = vobject.readOne(data)
    # Raises on a missing UID, DTSTAMP or PRODID, or an unknown property.
    assert calendar.validate(raiseException=True, complainUnrecognized=True)
    # serialize() would invent a UID, DTSTAMP or PRODID where one is missing: none is.
    assert calendar.serialize().count("UID:") == len(events())
    assert PRODID in calendar.serialize()
    parsed = calendar.vevent_list
    assert [e.uid.value for e in parsed] == [e.uid for e in events()]
    assert parsed[0].dtstart.value == date(2025, 1, 20)
    assert parsed[3].summary.value == events()[3].summary
    assert calendar.prodid.value == PRODID
    assert calendar.version.value == "2.0"


@pytest.mark.parametrize(
    "line",
    [b"UID:due-12@cadence\r\n", b"DTSTAMP:20250115T093012Z\r\n", f"PRODID:{PRODID}\r\n".encode()],
)
def test_vobject_validation_catches_a_missing_required_property(line: bytes) -> None:
    good = write_ics(events()[:1], prodid=PRODID, dtstamp=STAMP)
    assert line in good
    with pytest.raises(vobject.base.ValidateError):
        vobject.readOne(good.replace(line, b"").decode()).validate(raiseException=True)


def test_dtstamp_is_written_in_utc_and_must_be_aware() -> None:
    paris = datetime(2025, 1, 15, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert b"DTSTAMP:20250115T093000Z" in write_ics(events(), prodid=PRODID, dtstamp=paris)
    with pytest.raises(ValueError, match="aware"):
        write_ics(events(), prodid=PRODID, dtstamp=datetime(2025, 1, 15))


def test_duplicate_uids_are_refused_and_empty_calendars_are_valid() -> None:
    twice = [events()[0], events()[0]]
    with pytest.raises(ValueError, match="duplicate UID"):
        write_ics(twice, prodid=PRODID, dtstamp=STAMP)
    empty = write_ics([], prodid=PRODID, dtstamp=STAMP, name="cadence")
    assert b"X-WR-CALNAME:cadence" in empty
    assert Calendar.from_ical(empty).walk("VEVENT") == []
