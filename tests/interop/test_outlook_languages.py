"""Outlook CSV exports in the languages Outlook ships, written the way Outlook writes them.

Outlook's export wizard writes every column of its map, in the display language, comma
separated, CRLF line ends, in the installation's ANSI code page (or UTF-8 from Microsoft 365),
with dates in the locale's short form. Each sample below is built that way from the
language's own header strings, so the test covers every language in the table, not one file.
"""

from __future__ import annotations

import csv
import io

import pytest

from cadence_cli.core.dates import YearlyDate
from cadence_cli.errors import ImportInvalid
from cadence_cli.interop.csvfile import parse_csv, sniff_csv_format
from cadence_cli.interop.detect import detect_format, parse_bytes
from cadence_cli.interop.outlook_headers import LANGUAGES, OutlookLanguage

# How each locale's Outlook writes 31 December 1980 and 5 June 2010.
DATES = {
    "en": ("12/31/1980", "6/5/2010"),
    "de": ("31.12.1980", "5.6.2010"),
    "fr": ("31/12/1980", "05/06/2010"),
    "es": ("31/12/1980", "05/06/2010"),
    "it": ("31/12/1980", "05/06/2010"),
    "nl": ("31-12-1980", "5-6-2010"),
    "pt-BR": ("31/12/1980", "05/06/2010"),
    "pt-PT": ("31/12/1980", "05/06/2010"),
    "da": ("31-12-1980", "05-06-2010"),
    "sv": ("1980-12-31", "2010-06-05"),
    "nb": ("31.12.1980", "05.06.2010"),
    "fi": ("31.12.1980", "5.6.2010"),
    "pl": ("31.12.1980", "05.06.2010"),
    "cs": ("31.12.1980", "5.6.2010"),
    "hu": ("1980. 12. 31.", "2010. 06. 05."),
    "ru": ("31.12.1980", "05.06.2010"),
    "tr": ("31.12.1980", "05.06.2010"),
}


def header_of(language: OutlookLanguage) -> list[str]:
    """The language's columns as Outlook spells them, after the title column it starts with."""
    return ["Title" if language.code == "en" else "Anrede", *language.written.values()]


def export(language: OutlookLanguage, rows: list[dict[str, str]]) -> str:
    """An Outlook-style CSV: every column quoted, CRLF, empty cells for unset fields."""
    header = header_of(language)
    fields = ["title", *language.written]
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(field, "") for field in fields])
    return stream.getvalue()


def sample_row(code: str) -> dict[str, str]:
    birthday, anniversary = DATES[code]
    return {
        "first": "Anna",
        "middle": "Maria",
        "last": "Berg",
        "suffix": "",
        "company": "Berg & Co",
        "email1": "anna@berg.example",
        "email2": "anna.home@example.net",
        "mobile": "+49 170 5550100",
        "business": "+49 30 5550100",
        "home": "BusinessPhone",  # a template's placeholder: no digits
        "business_fax": "+49 30 5550199",
        "birthday": birthday,
        "anniversary": anniversary,
        "notes": "Met at the fair.\r\nPrefers mornings.",
        "categories": "Kunden;VIP",
    }


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda lang: lang.code)
def test_every_outlook_language_is_detected_and_read(language: OutlookLanguage) -> None:
    text = export(language, [sample_row(language.code)])
    data = text.encode("utf-8-sig")  # Microsoft 365 writes UTF-8 with a BOM
    assert detect_format(data) == "outlook"
    for chosen in ("auto", "outlook"):
        result = parse_bytes(data, chosen)
        assert result.format == "outlook" and result.errors == []
        (record,) = result.records
        assert record.name == "Anna Maria Berg"
        assert record.company == "Berg & Co"
        assert record.emails == ("anna@berg.example", "anna.home@example.net")
        assert record.phones == ("+49 170 5550100", "+49 30 5550100", "+49 30 5550199")
        assert record.birthday == YearlyDate(12, 31, 1980)
        assert record.milestones == (("anniversary", YearlyDate(6, 5, 2010)),)
        assert record.notes == "Met at the fair.\nPrefers mornings."
        assert record.tags == ("Kunden", "VIP")
        assert [w.reason for w in result.warnings] == [
            "the row has phone 'BusinessPhone' with no digits: not stored"
        ]


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda lang: lang.code)
def test_outlook_writes_its_code_page(language: OutlookLanguage) -> None:
    """Outlook before Microsoft 365 writes the ANSI code page of its language."""
    text = export(language, [sample_row(language.code)])
    try:
        data = text.encode(language.encoding)
    except UnicodeEncodeError:  # pragma: no cover - every table string fits its code page
        pytest.fail(f"{language.code} headers do not fit {language.encoding}")
    result = parse_bytes(data)
    assert result.format == "outlook"
    (record,) = result.records
    assert record.name == "Anna Maria Berg"
    assert record.birthday == YearlyDate(12, 31, 1980)


GERMAN = (
    '"Anrede","Vorname","Weitere Vornamen","Nachname","Suffix","Firma","Abteilung","Position",'
    '"Straße geschäftlich","Telefon geschäftlich","Telefon privat","Mobiltelefon",'
    '"Fax geschäftlich","E-Mail-Adresse","E-Mail-Typ","E-Mail: Angezeigter Name",'
    '"E-Mail 2: Adresse","Geburtstag","Jahrestag","Kategorien","Notizen"\r\n'
    '"Herr","Jürgen","","Weiß","Jr.","Bäckerei Weiß","","","Hauptstr. 1","030 5550100","",'
    '"0170 5550100","","juergen@baeckerei.example","SMTP",'
    '"Jürgen Weiß (juergen@baeckerei.example)",'
    '"","31.12.1980","0.0.00","Kunden","Zahlt pünktlich."\r\n'
)


def test_the_german_export_from_the_issue() -> None:
    """Issue 16: refused without --format; with it named after 'Suffix', email, birthday lost."""
    data = GERMAN.encode("cp1252")  # Outlook 2016, German Windows
    assert detect_format(data) == "outlook"
    result = parse_bytes(data, "outlook")
    assert result.errors == [] and result.warnings == []
    (record,) = result.records
    assert record.name == "Jürgen Weiß Jr."
    assert record.emails == ("juergen@baeckerei.example",)
    assert record.phones == ("0170 5550100", "030 5550100")
    assert record.birthday == YearlyDate(12, 31, 1980)
    assert record.milestones == ()  # 0.0.00: Outlook's "no date"
    assert record.company == "Bäckerei Weiß"


def test_semicolon_separated_german_export() -> None:
    """Excel re-saves Outlook CSV with `;` in German locales."""
    text = GERMAN.replace('","', '";"')
    result = parse_csv(text)
    assert result.format == "outlook"
    assert result.records[0].name == "Jürgen Weiß Jr."


def test_french_anniversaire_is_the_birthday_and_the_wedding_one_the_anniversary() -> None:
    text = (
        '"Prénom","Nom","Adresse de messagerie","Anniversaire",'
        '"Anniversaire de mariage ou fête"\r\n'
        '"Élodie","Durand","elodie@example.fr","03/04/1975","12/09/2001"\r\n'
    )
    (record,) = parse_csv(text).records
    assert record.birthday == YearlyDate(4, 3, 1975)  # 3 April: French dates are day first
    assert record.milestones == (("anniversary", YearlyDate(9, 12, 2001)),)


@pytest.mark.parametrize("layout", ["outlook", "google", "thunderbird", "csv"])
def test_a_named_format_without_its_name_columns_is_refused(layout: str) -> None:
    text = '"Kundennummer","Straße","Ort"\r\n"4711","Hauptstr. 1","Berlin"\r\n'
    with pytest.raises(ImportInvalid, match=f"(?i)not an? {layout} CSV: none of its name"):
        parse_csv(text, format=layout)


def test_a_german_outlook_file_forced_as_google_is_refused_not_imported() -> None:
    with pytest.raises(ImportInvalid, match="not a google CSV"):
        parse_csv(GERMAN, format="google")


def test_one_stray_localized_column_does_not_make_a_file_outlook() -> None:
    assert sniff_csv_format(["name", "email", "Firma"]) == "csv"
    assert sniff_csv_format(["Kundennummer", "Firma"]) is None


def test_english_outlook_still_guesses_british_day_first() -> None:
    text = '"First Name","Last Name","Birthday"\r\n"Ann","Lee","13/07/1980"\r\n'
    assert parse_csv(text).records[0].birthday == YearlyDate(7, 13, 1980)
