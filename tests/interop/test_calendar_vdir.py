"""Calendar vdir items: what cadence writes reads back as the same content, CATEGORIES
included, however a server or another program splits them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cadence_cli.interop.calendar_vdir import CalendarItem, item_bytes, read_item

STAMP = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PRODID = "-//cadence//cadence 0.1//EN"


def test_a_to_do_with_categories_reads_back_as_written() -> None:
    item = CalendarItem(
        uid="todo-touchpoint-1-2-20261123@cadence",
        kind="VTODO",
        summary="Quarterly review: Ada (meeting, video, 60 min)",
        on=date(2026, 11, 23),
        description="Tier A's quarterly review: every 3m by meeting, video.",
        priority=5,
        categories=("A,1", "touchpoint"),
    )
    data = item_bytes(item, prodid=PRODID, dtstamp=STAMP)
    assert b"\r\nCATEGORIES:A\\,1,touchpoint\r\n" in data
    read = read_item(data)
    assert read is not None
    assert read.content() == item.content()
    assert not read.done


def test_categories_on_several_lines_read_in_order_and_none_is_empty() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VTODO\r\n"
        b"UID:todo-touchpoint-1-2-20261123@cadence\r\nSUMMARY:x\r\nDUE;VALUE=DATE:20261123\r\n"
        b"CATEGORIES:B\r\nCATEGORIES:touchpoint,work\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    read = read_item(data)
    assert read is not None
    assert read.categories == ("B", "touchpoint", "work")
    plain = read_item(data.replace(b"CATEGORIES:B\r\nCATEGORIES:touchpoint,work\r\n", b""))
    assert plain is not None
    assert plain.categories == ()
