"""CSV: cadence's own layout (read, write, injection-safe round trip), Google, Outlook."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence_cli.core.dates import YearlyDate
from cadence_cli.errors import ImportInvalid, InvalidInput
from cadence_cli.interop.csvfile import (
    CADENCE_COLUMNS,
    contact_row,
    neutralise,
    parse_csv,
    sniff_csv_format,
    unneutralise,
    write_cadence_csv,
)
from cadence_cli.interop.detect import detect_format, parse_bytes
from cadence_cli.interop.records import ContactRecord, ParseResult

HEADER = ",".join(CADENCE_COLUMNS)


def cadence(*rows: str) -> ParseResult:
    return parse_csv("\r\n".join([HEADER, *rows]) + "\r\n")


def export(records: list[ContactRecord]) -> str:
    stream = io.StringIO(newline="")
    assert write_cadence_csv((contact_row(r) for r in records), stream) == len(records)
    return stream.getvalue()


def without_line(record: ContactRecord) -> dict[str, object]:
    fields = {name: getattr(record, name) for name in ContactRecord.__slots__}
    fields.pop("line")
    return fields


# --- cadence CSV: reading -------------------------------------------------------------------


def test_cadence_row_with_every_column() -> None:
    result = cadence(
        "Ann Lee,ann@example.com;ann@home.test,+1 555 0100,Acme,A,vip;golf,1980-03-22,"
        '"home=2015-06-01;client since=--03-01",maria,"likes ""tea""\nafter 6pm",2025-01-10,'
        "2025-01-17,active"
    )
    assert result.errors == [] and result.warnings == [] and result.format == "csv"
    (record,) = result.records
    assert record == ContactRecord(
        name="Ann Lee",
        line=2,
        emails=("ann@example.com", "ann@home.test"),
        phones=("+1 555 0100",),
        company="Acme",
        tier="A",
        tags=("vip", "golf"),
        birthday=YearlyDate(3, 22, 1980),
        milestones=(("home", YearlyDate(6, 1, 2015)), ("client since", YearlyDate(3, 1))),
        owner="maria",
        notes='likes "tea"\nafter 6pm',
        last_contact=date(2025, 1, 10),
        status="active",
    )


def test_cadence_columns_may_come_in_any_order_and_be_missing() -> None:
    result = parse_csv("Email,NAME\r\nbob@x.test,Bob\r\n")
    assert result.format == "csv"
    assert [(r.name, r.emails) for r in result.records] == [("Bob", ("bob@x.test",))]


def test_bad_rows_are_reported_at_the_line_where_they_start() -> None:
    result = cadence(
        'Ann,,,,,,,,,"a note\nover\nthree lines",,,',  # line 2-4
        ",nobody,,,,,,,,,,,",  # line 5
        "Bob,,,,,,1980-02-30,,,,,,",  # line 6
        "Cy,,,,,,,anniversary,,,,,",  # line 7
        "Di,,,,,,,wedding=2020-13-01,,,yesterday,,",  # line 8
        "Ed,,,,,,,,,,,,",  # line 9
        ",nobody@x.test,,,,,,,,,,,",  # line 10: named after its email
    )
    assert [r.name for r in result.records] == ["Ann", "Ed", "nobody@x.test"]
    assert [(r.line) for r in result.records] == [2, 9, 10]
    assert result.records[2].emails == ("nobody@x.test",)
    assert [(w.line, w.reason) for w in result.warnings] == [
        (10, "the row has no name: named after its email nobody@x.test")
    ]
    assert [(e.line, e.reason) for e in result.errors] == [
        (5, "name is empty"),
        (6, "birthday: no such day: 1980-02-30"),
        (7, "milestone 'anniversary' is not label=YYYY-MM-DD"),
        (
            8,
            "milestone 'wedding': no such day: 2020-13-01; "
            "last_contact 'yesterday' is not YYYY-MM-DD",
        ),
    ]


def test_blank_rows_are_skipped_and_extra_cells_refused() -> None:
    result = parse_csv("name,email\r\n\r\nAnn,a@x.test\r\n,\r\nBob,b@x.test,surprise\r\nCy,,\r\n")
    assert [(r.name, r.line) for r in result.records] == [("Ann", 3), ("Cy", 6)]
    assert [(e.line, e.reason) for e in result.errors] == [
        (5, "row has 3 cells but the header has 2")
    ]


def test_unknown_columns_are_reported_as_a_warning() -> None:
    result = parse_csv("name,shoe size\r\nAnn,38\r\n")
    assert [r.name for r in result.records] == ["Ann"]
    assert [(w.line, w.reason) for w in result.warnings] == [(1, "columns ignored: shoe size")]


def test_a_repeated_column_fills_in_but_never_blanks() -> None:
    result = parse_csv("name,email,email\r\nAnn,a@x.test,\r\nBob,,b@x.test\r\n")
    assert [(r.name, r.emails) for r in result.records] == [
        ("Ann", ("a@x.test",)),
        ("Bob", ("b@x.test",)),
    ]


def test_semicolon_separated_file() -> None:
    result = parse_csv("name;email;tags\r\nAnn;a@x.test;vip\r\n")
    assert [(r.name, r.emails, r.tags) for r in result.records] == [
        ("Ann", ("a@x.test",), ("vip",))
    ]


def test_excel_sep_hint_line() -> None:
    result = parse_csv("sep=;\r\nname;notes\r\nAnn;one, two\r\nBob;x\r\n")
    assert result.format == "csv"
    assert [(r.name, r.notes, r.line) for r in result.records] == [
        ("Ann", "one, two", 3),
        ("Bob", "x", 4),
    ]
    assert detect_format(b"sep=,\r\nname,email\r\nAnn,a@x.test\r\n") == "csv"


@pytest.mark.parametrize("text", ["", "\r\n\r\n", ",,,\r\n"])
def test_an_empty_file_is_refused(text: str) -> None:
    with pytest.raises(ImportInvalid, match="empty"):
        parse_csv(text)


def test_an_unknown_layout_is_refused_with_a_hint() -> None:
    with pytest.raises(ImportInvalid, match="cannot tell which CSV layout") as caught:
        parse_csv("foo,bar\r\n1,2\r\n")
    assert caught.value.hint is not None and "--format" in caught.value.hint
    with pytest.raises(InvalidInput):
        parse_csv("name\r\nAnn\r\n", format="excel")


# --- formula injection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=already quoted", "''=already quoted"),
        ("'plain quote", "'plain quote"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert unneutralise(written) == cell


@given(st.text())
def test_neutralise_round_trips_and_never_starts_with_a_trigger(cell: str) -> None:
    written = neutralise(cell)
    assert unneutralise(written) == cell
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_export_is_safe_and_imports_back_unchanged() -> None:
    records = [
        ContactRecord(
            name='=HYPERLINK("http://evil","x")',
            line=2,
            emails=("@ann@example.com", "ann@example.com"),
            phones=("+44 20 7946 0000", "-1"),
            company="@Acme",
            tier="A",
            tags=("-minus", "semi;colon", "back\\slash", "'=quoted", "eq=ual"),
            birthday=YearlyDate(4, 16),
            milestones=(("home=house;1", YearlyDate(6, 1, 2015)), ("+plus", YearlyDate(2, 29))),
            notes="-starts with minus\nsecond line, with comma",
            owner="+maria",
            last_contact=date(2025, 1, 10),
            status="archived",
        ),
        ContactRecord(name="Plain", line=3),
    ]
    text = export(records)
    assert text.startswith(HEADER + "\r\n")
    for row in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    result = parse_csv(text)
    assert result.errors == [] and result.format == "csv"
    assert [without_line(r) for r in result.records] == [without_line(r) for r in records]


def test_export_writes_next_due_and_refuses_unknown_columns() -> None:
    stream = io.StringIO(newline="")
    record = ContactRecord(name="Ann", line=1, birthday=YearlyDate(3, 22, 1980))
    write_cadence_csv([contact_row(record, next_due=date(2025, 2, 1), status="active")], stream)
    assert stream.getvalue().splitlines()[1] == "Ann,,,,,,1980-03-22,,,,,2025-02-01,active"
    with pytest.raises(ValueError, match="shoe"):
        write_cadence_csv([{"name": "Ann", "shoe": 38}], io.StringIO())


# --- Google Contacts ------------------------------------------------------------------------

GOOGLE_NEW = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "E-mail 2 - Label",
    "E-mail 2 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Phone 2 - Label",
    "Phone 2 - Value",
    "Event 1 - Label",
    "Event 1 - Value",
    "Event 2 - Label",
    "Event 2 - Value",
]


def table(header: list[str], *rows: dict[str, str]) -> str:
    """A CSV file with `header`; each row gives some cells by column name."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        assert set(row) <= set(header), set(row) - set(header)
        writer.writerow([row.get(column, "") for column in header])
    return stream.getvalue()


def test_google_new_layout() -> None:
    text = table(
        GOOGLE_NEW,
        {
            "First Name": "Ann",
            "Middle Name": "Q",
            "Last Name": "Lee",
            "Name Prefix": "Dr.",
            "Organization Name": "Acme",
            "Birthday": "--03-22",
            "Notes": "met at conf",
            "Labels": "* myContacts ::: Friends ::: * starred",
            "E-mail 1 - Label": "Work",
            "E-mail 1 - Value": "ann@acme.test",
            "E-mail 2 - Label": "* Home",
            "E-mail 2 - Value": "ann@home.test ::: ann2@home.test",
            "Phone 1 - Label": "Work Fax",
            "Phone 1 - Value": "+1 555 0199",
            "Phone 2 - Label": "Mobile",
            "Phone 2 - Value": "+1 555 0100",
            "Event 1 - Label": "Anniversary",
            "Event 1 - Value": "2010-06-01",
            "Event 2 - Label": "Closing Day",
            "Event 2 - Value": "someday",
        },
        {"Organization Name": "Globex"},
        {"Labels": "* myContacts", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+1 555 0111"},
    )
    assert sniff_csv_format(GOOGLE_NEW) == "google"
    result = parse_csv(text)
    assert result.format == "google"
    ann, globex = result.records
    assert ann.name == "Ann Q Lee"
    assert ann.emails == ("ann@home.test", "ann2@home.test", "ann@acme.test")  # "* " = primary
    assert ann.phones == ("+1 555 0100", "+1 555 0199")
    assert ann.company == "Acme"
    assert ann.birthday == YearlyDate(3, 22)
    assert ann.tags == ("Friends", "starred")
    assert ann.milestones == (("anniversary", YearlyDate(6, 1, 2010)),)
    assert ann.notes == "met at conf"
    assert [(w.line, w.reason) for w in result.warnings] == [
        (2, "closing day 'someday' is not a date; skipped")
    ]
    assert (globex.name, globex.line, globex.company) == ("Globex", 3, "Globex")
    assert [(e.line, e.reason) for e in result.errors] == [
        (4, "the row has no name (no first, last, display or company name or email)")
    ]


def test_google_legacy_layout_composes_the_name_when_name_is_empty() -> None:
    text = (
        "Name,Given Name,Additional Name,Family Name,Birthday,Group Membership,"
        "E-mail 1 - Type,E-mail 1 - Value\r\n"
        ",Bob,,Stone,1970-01-31,* My Contacts,Home,bob@x.test\r\n"
    )
    (record,) = parse_csv(text).records
    assert (record.name, record.birthday, record.tags) == ("Bob Stone", YearlyDate(1, 31, 1970), ())


# --- Outlook --------------------------------------------------------------------------------

OUTLOOK_HEADER = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title",'
    '"Business Street","Business City","Business Fax","Business Phone","Business Phone 2",'
    '"Home Fax","Home Phone","Mobile Phone","Pager","Primary Phone","Anniversary",'
    '"Birthday","Categories","E-mail Address","E-mail Type","E-mail Display Name",'
    '"E-mail 2 Address","E-mail 3 Address","Notes","Web Page"'
)


def outlook_row(**cells: str) -> str:
    columns = next(csv.reader(io.StringIO(OUTLOOK_HEADER)))
    stream = io.StringIO(newline="")
    csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(
        [cells.get(col.lower().replace(" ", "_").replace("-", ""), "") for col in columns]
    )
    return stream.getvalue()


def test_outlook_latin1_crlf_export() -> None:
    text = OUTLOOK_HEADER + "\r\n"
    text += outlook_row(
        title="Mr.",
        first_name="José",
        last_name="Müller",
        suffix="Jr.",
        company="Bäckerei",
        business_phone="+49 30 1234",
        mobile_phone="+49 170 1234",
        business_fax="+49 30 9999",
        birthday="3/22/1980",
        anniversary="0/0/00",
        categories="Kunden;VIP",
        email_address="jose@example.de",
        email_2_address="/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=jose",
        notes="Zahlt pünktlich.\r\nMag Kaffee.",
    )
    text += outlook_row(first_name="Ann", birthday="1/0/00", anniversary="13/07/2011")
    text += outlook_row(first_name="Bo", birthday="Feb 3")
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse_bytes(data)
    assert result.format == "outlook" and result.errors == []
    jose, ann, bo = result.records
    assert jose.line == 2
    assert jose.name == "José Müller Jr."
    assert jose.company == "Bäckerei"
    assert jose.phones == ("+49 170 1234", "+49 30 1234", "+49 30 9999")
    assert jose.emails == ("jose@example.de",)  # the Exchange X.500 address is no email
    assert jose.birthday == YearlyDate(3, 22, 1980)
    assert jose.milestones == ()  # 0/0/00: Outlook's "no date"
    assert jose.tags == ("Kunden", "VIP")
    assert jose.notes == "Zahlt pünktlich.\nMag Kaffee."
    assert ann.line == 4  # Jose's notes span two lines
    assert ann.birthday is None  # 1/0/00
    assert ann.milestones == (("anniversary", YearlyDate(7, 13, 2011)),)  # day first: 13 > 12
    assert bo.birthday is None
    assert [(w.line, w.reason) for w in result.warnings] == [
        (5, "birthday 'Feb 3' is not a date; skipped")
    ]


def test_outlook_with_utf8_bom_and_day_first_dots() -> None:
    text = OUTLOOK_HEADER + "\r\n" + outlook_row(first_name="Zoë", birthday="22.03.1980")
    result = parse_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert result.format == "outlook"
    (record,) = result.records
    assert (record.name, record.birthday) == ("Zoë", YearlyDate(3, 22, 1980))


def test_outlook_two_digit_years() -> None:
    text = OUTLOOK_HEADER + "\r\n" + outlook_row(first_name="A", birthday="3/22/80")
    text += outlook_row(first_name="B", birthday="1/2/05")
    a, b = parse_csv(text).records
    assert a.birthday == YearlyDate(3, 22, 1980)
    assert b.birthday == YearlyDate(1, 2, 2005)


# --- Thunderbird ----------------------------------------------------------------------------


def test_thunderbird_birthday_without_year_and_bad_parts() -> None:
    text = (
        "First Name,Last Name,Display Name,Primary Email,Birth Year,Birth Month,Birth Day,\r\n"
        "Ann,Lee,,ann@x.test,,4,16,\r\n"
        "Bob,,,,1990,2,30,\r\n"
    )
    result = parse_csv(text)
    assert result.format == "thunderbird"
    ann, bob = result.records
    assert (ann.name, ann.birthday) == ("Ann Lee", YearlyDate(4, 16))
    assert (bob.name, bob.birthday) == ("Bob", None)
    assert [(w.line, w.reason) for w in result.warnings] == [
        (3, "birthday '1990-2-30' is not a date; skipped")
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quote_never_closed_is_refused_at_its_line(newline: str) -> None:
    """Python's lenient reader would read every line after it as one cell (issue 18.8)."""
    text = newline.join(
        [
            "name,email,notes",
            'Ada,ada@x.com,"a note',
            'over two lines"',
            'Bob,bob@x.com,"never closed',
            "Cy,cy@x.com,hello",
            "Di,di@x.com,bye",
            "",
        ]
    )
    with pytest.raises(ImportInvalid, match=r"^line 4: a quoted field opened on this line"):
        parse_csv(text)


def test_quotes_that_pair_up_across_lines_and_a_stray_inch_mark_are_read() -> None:
    text = 'name,notes\nAda,"two\nlines"\nBob,6" tall\nCy,"last\nrow"\n'
    found = parse_csv(text)
    assert [r.name for r in found.records] == ["Ada", "Bob", "Cy"]


THUNDERBIRD_DE = (
    "Vorname,Nachname,Anzeigename,Spitzname,Primäre E-Mail-Adresse,Sekundäre E-Mail-Adresse,"
    "Messenger-Name,Tel. dienstlich,Tel. privat,Fax-Nummer,Pager-Nummer,Mobil-Tel.-Nr.,"
    "Privat: Adresse,Privat: Adresse 2,Privat: Ort,Privat: Bundesland,Privat: PLZ,"
    "Privat: Land,Dienstlich: Adresse,Dienstlich: Adresse 2,Dienstlich: Ort,"
    "Dienstlich: Bundesland,Dienstlich: PLZ,Dienstlich: Land,Arbeitstitel,Abteilung,"
    "Organisation,Webseite 1,Webseite 2,Geburtsjahr,Geburtsmonat,Geburtstag,Benutzerdef. 1,"
    "Benutzerdef. 2,Benutzerdef. 3,Benutzerdef. 4,Notizen,\n"
    "Hans,Müller,Hans Müller,,hans@example.de,,,,+49 30 1234,,,+49 170 555,,,,,,,,,,,,,,,"
    "Acme GmbH,,,1980,5,17,,,,,Kunde,\n"
)


def test_a_german_thunderbird_export_is_read_by_position_not_as_outlook() -> None:
    """Thunderbird labels its 37 columns in the user's language: "Vorname" once made it an
    Outlook file, which lost the email and read "Geburtstag" (the day) as a date."""
    found = parse_csv(THUNDERBIRD_DE)
    assert found.format == "thunderbird"
    assert found.warnings == []
    (hans,) = found.records
    assert (hans.name, hans.emails, hans.company, hans.birthday, hans.notes) == (
        "Hans Müller",
        ("hans@example.de",),
        "Acme GmbH",
        YearlyDate(5, 17, 1980),
        "Kunde",
    )
    assert hans.phones[0] == "+49 170 555"


def test_a_french_thunderbird_export_is_read_by_position() -> None:
    header = ["Prénom", "Nom de famille", "Nom à afficher", "Surnom", "Adresse électronique"]
    header += [f"Colonne {i}" for i in range(5, 37)]
    row = ["Léa", "Roux", "Léa Roux", "", "lea@example.fr"] + [""] * 31 + ["note"]
    found = parse_csv(",".join(header) + ",\n" + ",".join(row) + ",\n")
    assert found.format == "thunderbird"
    assert [(r.name, r.emails, r.notes) for r in found.records] == [
        ("Léa Roux", ("lea@example.fr",), "note")
    ]
