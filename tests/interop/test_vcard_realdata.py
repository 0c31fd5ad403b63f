"""Real vCards from DAVx5, KDE, Radicale and khard (GPL/LGPL: read from shared/realdata)."""

from __future__ import annotations

from pathlib import Path

from cadence_cli.core.dates import YearlyDate, parse_yearly
from cadence_cli.interop.detect import detect_format, parse_file
from cadence_cli.interop.records import ParseResult


def read(realdata: Path, name: str) -> ParseResult:
    path = realdata / "vcard" / name
    assert detect_format(path) == "vcard"
    return parse_file(path)


def test_every_real_vcard_parses_without_errors(realdata: Path) -> None:
    for path in sorted((realdata / "vcard").glob("*.vcf")):
        result = parse_file(path)
        assert result.format == "vcard"
        assert result.records, path.name
        assert result.errors == [], path.name  # nameless cards are named after their email
        for record in result.records:
            assert "\ufffd" not in record.name, path.name


def test_davx5_all_fields_30(realdata: Path) -> None:
    result = read(realdata, "davx5_allfields_v30.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    assert card.line == 1
    assert card.name == "Ämi Display"  # FN;CHARSET=UTF-8
    assert card.emails == ("private@example.com", "work@example.com")
    assert card.phones == ("+49 1234 56788", "+1-800-MYFAX")  # TYPE=fax goes last
    assert card.company == "ABC, Inc."
    assert card.tags == ("A", "B'C")  # `B\'C`: a backslash that escapes nothing
    # BDAY:1996-04-15T201243+04:00, a date-time: the day as written.
    assert card.birthday == parse_yearly("1996-04-15")
    assert card.milestones == (
        ("anniversary", parse_yearly("2014-08-12")),
        ("custom date", parse_yearly("2021-07-29")),  # item2.X-ABDate + item2.X-ABLabel
    )
    assert card.notes == "This fax number is operational 0800 to 1715 EST, Mon-Fri.\nSecond note"


def test_davx5_v40_birthday_without_year(realdata: Path) -> None:
    (card,) = read(realdata, "davx5_v40_bday_noyear.vcf").records
    assert card.name == "VCard 4 Test"
    assert card.birthday == YearlyDate(4, 16, None)  # BDAY:--04-16


def test_kcontacts_owncloud_fold_inside_a_utf8_character(realdata: Path) -> None:
    result = read(realdata, "kcontacts_owncloud_v30_multibyte_fold.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    assert card.name == "βγδεαβγδ1" * 11
    assert card.notes == (
        "Длинный комментарий на русском языке, чтобы в результате получилась строка "
        "более 70 символов."
    )
    assert card.emails == () and card.phones == ()


def test_kcontacts_v40_full(realdata: Path) -> None:
    result = read(realdata, "kcontacts_v40_full.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    assert card.name == "Sherlock Holmes"
    assert card.emails == ("detective@sherlockholmes.com", "sherlock.holmes@gmail.com")  # PREF=1
    assert card.phones == ("+44-555-555-5555 ext. 5555", "+44-555-555-6666", "+44-555-555-7777")
    assert card.birthday == parse_yearly("1953-10-15")  # BDAY:19531015T231000Z
    assert card.milestones == (("anniversary", parse_yearly("1996-04-15")),)  # 19960415
    assert card.tags == ("FICTION", "LITERATURE")
    assert card.company is None and card.notes is None


def test_khard_text_birthday_is_skipped_and_the_contact_kept(realdata: Path) -> None:
    result = read(realdata, "khard_v40_text_bday.vcf")
    assert result.errors == []
    (card,) = result.records
    assert card.name == "text birthday"
    assert card.birthday is None
    assert [(w.line, w.reason) for w in result.warnings] == [
        (1, "birthday 'circa 1800' is not a date; skipped")
    ]


def test_radicale_cardbook_year_1604_means_no_year(realdata: Path) -> None:
    result = read(realdata, "radicale_cardbook_bday_1604.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    assert card.name == "Test bday without year Thunderbird CardBook"
    assert card.birthday == YearlyDate(1, 1, None)  # BDAY:16040101
