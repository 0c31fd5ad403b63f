"""Roundcube's CSV samples (GPL: read from shared/realdata), cross-checked against the vCards
Roundcube itself converts them to (the `.expected.vcf` files beside them)."""

from __future__ import annotations

from pathlib import Path

from cadence_cli.core.dates import parse_yearly
from cadence_cli.interop.detect import detect_format, parse_file
from cadence_cli.interop.records import ContactRecord


def only(path: Path, *warnings: str) -> ContactRecord:
    result = parse_file(path)
    assert result.errors == [], result.errors
    assert [w.reason for w in result.warnings] == list(warnings)
    (record,) = result.records
    return record


def assert_same_contact(from_csv: ContactRecord, from_vcard: ContactRecord) -> None:
    """What Roundcube made of the CSV is what cadence makes of it (phone order aside)."""
    assert from_csv.name == from_vcard.name
    assert from_csv.emails == from_vcard.emails
    assert set(from_csv.phones) == set(from_vcard.phones)
    assert from_csv.company == from_vcard.company
    assert from_csv.birthday == from_vcard.birthday
    assert from_csv.notes == from_vcard.notes


def test_google_legacy_layout(realdata: Path) -> None:
    path = realdata / "csv" / "roundcube_google_legacy.csv"
    assert detect_format(path) == "google"
    # Roundcube filled every phone field with its label: none holds a number, so none is
    # stored, and each is named in a warning.
    placeholders = ("mainphone", "homephone", "mobile", "workphone", "pager", "homefax", "workfax")
    record = only(
        path, *(f"the row has phone {p!r} with no digits: not stored" for p in placeholders)
    )
    assert record.line == 2  # the row spans lines 2-8: its addresses are multi-line
    assert record.name == "Prefix Firstname Middle Lastname Suffix"
    assert record.emails == ("home@aaa.pl", "work@email.pl", "unknown@email.com", "other@email.com")
    assert record.phones == ()
    assert record.company == "company"
    assert record.birthday == parse_yearly("1975-12-12")
    assert record.notes == 'note"note'
    assert record.tags == ("Test",)  # "* My Contacts ::: Test"
    assert record.milestones == ()

    expected = only(
        realdata / "csv" / "roundcube_google_legacy.expected.vcf",
        *(f"the card has phone {p!r} with no digits: not stored" for p in placeholders),
    )
    assert_same_contact(record, expected)
    # Roundcube keeps "My Contacts" as a category; cadence drops it on both paths.
    assert expected.tags == ("Test",)


def test_thunderbird(realdata: Path) -> None:
    path = realdata / "csv" / "roundcube_thunderbird.csv"
    assert detect_format(path) == "thunderbird"
    placeholders = ("mobile", "phone work", "phone home", "pager", "fax")
    record = only(
        path, *(f"the row has phone {p!r} with no digits: not stored" for p in placeholders)
    )
    assert record.line == 2
    assert record.name == "Displayname"
    assert record.emails == ("test@domain.tld", "next@domain.tld")
    assert record.phones == ()
    assert record.company == "Organization"
    assert record.birthday == parse_yearly("1970-11-15")  # Birth Year/Month/Day columns
    assert record.notes is None and record.tags == ()
    in_card_order = ("phone work", "phone home", "mobile", "fax", "pager")  # faxes last
    card_warnings = (f"the card has phone {p!r} with no digits: not stored" for p in in_card_order)
    expected = only(realdata / "csv" / "roundcube_thunderbird.expected.vcf", *card_warnings)
    assert_same_contact(record, expected)


def test_outlook_minimal_has_no_name_and_is_named_after_its_email(realdata: Path) -> None:
    path = realdata / "csv" / "roundcube_outlook_minimal.csv"
    assert detect_format(path) == "outlook"
    result = parse_file(path)
    assert result.format == "outlook"
    assert result.errors == []
    (record,) = result.records
    assert (record.line, record.name) == (2, "test1@domain.tld")
    assert record.emails == ("test1@domain.tld", "test2@domain.tld", "test3@domain.tld")
    assert [(w.line, w.reason) for w in result.warnings] == [
        (2, "the row has no name: named after its email test1@domain.tld")
    ]


def test_every_real_csv_is_detected_and_read(realdata: Path) -> None:
    expected = {
        "roundcube_google_legacy.csv": "google",
        "roundcube_outlook_minimal.csv": "outlook",
        "roundcube_thunderbird.csv": "thunderbird",
    }
    found = {p.name: parse_file(p).format for p in sorted((realdata / "csv").glob("*.csv"))}
    assert found == expected
