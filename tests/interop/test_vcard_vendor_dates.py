"""Anniversaries and birthdays in their vendor forms, and phones that hold no number.

Each card is written the way its program writes it: KAddressBook and Evolution 3.0 with CRLF,
Apple's item groups with `X-ABLabel`, Outlook 2.1, Outlook Express (Windows Address Book).
"""

from __future__ import annotations

import pytest

from cadence_cli.core.dates import YearlyDate
from cadence_cli.interop.vcard import parse_vcard


def card(*lines: str, version: str = "3.0") -> bytes:
    body = ["BEGIN:VCARD", f"VERSION:{version}", "FN:Ann Lee", *lines, "END:VCARD", ""]
    return "\r\n".join(body).encode("utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "ANNIVERSARY:20100605",  # vCard 4.0 (written under 3.0 by DAVx5 too)
        "X-ANNIVERSARY:2010-06-05",  # Thunderbird, Android exports
        "X-MS-ANNIVERSARY:20100605",  # Outlook
        "X-EVOLUTION-ANNIVERSARY:2010-06-05",  # Evolution
        "X-KADDRESSBOOK-X-Anniversary:2010-06-05",  # KAddressBook (issue 16)
        "X-WAB-WEDDING_ANNIVERSARY:20100605",  # Outlook Express / Windows Address Book
        "X-GWANNIVERSARY:2010-06-05",  # GroupWise-style vendor prefix without a dash
        "item3.X-ABDATE;type=pref:2010-06-05\r\nitem3.X-ABLabel:_$!<Anniversary>!$_",  # Apple
    ],
)
def test_vendor_anniversaries_are_read(line: str) -> None:
    result = parse_vcard(card(line))
    assert result.errors == [] and result.warnings == []
    (record,) = result.records
    assert record.milestones == (("anniversary", YearlyDate(6, 5, 2010)),)


@pytest.mark.parametrize(
    "line", ["X-MS-BIRTHDAY:19801231", "X-BIRTHDAY:1980-12-31", "X-EVOLUTION-BIRTHDAY:1980-12-31"]
)
def test_vendor_birthdays_are_read_when_bday_is_absent(line: str) -> None:
    (record,) = parse_vcard(card(line)).records
    assert record.birthday == YearlyDate(12, 31, 1980)


def test_bday_wins_over_a_vendor_birthday() -> None:
    (record,) = parse_vcard(card("X-MS-BIRTHDAY:19700101", "BDAY:1980-12-31")).records
    assert record.birthday == YearlyDate(12, 31, 1980)


def test_a_spouses_birthday_is_not_the_clients() -> None:
    result = parse_vcard(card("X-SPOUSE-BIRTHDAY:1979-02-03"))
    (record,) = result.records
    assert record.birthday is None
    assert [w.reason for w in result.warnings] == [
        "X-SPOUSE-BIRTHDAY '1979-02-03' is a date cadence does not know; skipped"
    ]


def test_an_unknown_x_date_is_a_warning_not_dropped_silently() -> None:
    result = parse_vcard(card("X-CUSTOM-FIRSTMEETING:2015-03-01", "X-RADICALE-NAME:Ann"))
    assert result.records[0].milestones == ()
    assert [(w.line, w.reason) for w in result.warnings] == [
        (1, "X-CUSTOM-FIRSTMEETING '2015-03-01' is a date cadence does not know; skipped")
    ]


def test_timestamps_in_x_properties_are_no_dates_to_report() -> None:
    result = parse_vcard(card("X-MS-OL-TIMESTAMP:20240101T101010Z"))
    assert result.warnings == []


def test_kaddressbook_card_from_the_issue() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:foo@kde.example\r\nN:Bauer;Eva;;;\r\n"
        b"FN:Eva Bauer\r\nUID:testuid\r\nX-KADDRESSBOOK-X-ANNIVERSARY:19960415\r\n"
        b"X-KADDRESSBOOK-X-SpousesName:Jon\r\nEND:VCARD\r\n\r\n"
    )
    result = parse_vcard(data)
    assert result.warnings == []
    assert result.records[0].milestones == (("anniversary", YearlyDate(4, 15, 1996)),)


def test_placeholder_phones_are_not_stored_and_the_card_is_named() -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann\r\nFN:Ann Lee\r\n"
        "TEL;WORK;VOICE:BusinessPhone\r\nTEL;HOME;VOICE:n/a\r\nTEL;CELL;VOICE:+1 555 0100\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Bo\r\nTEL;CELL:-\r\nEND:VCARD\r\n"
    ).encode("cp1252")
    result = parse_vcard(data)
    ann, bo = result.records
    assert ann.phones == ("+1 555 0100",) and bo.phones == ()
    assert [(w.line, w.reason) for w in result.warnings] == [
        (1, "the card has phone 'BusinessPhone' with no digits: not stored"),
        (1, "the card has phone 'n/a' with no digits: not stored"),
        (9, "the card has phone '-' with no digits: not stored"),
    ]
