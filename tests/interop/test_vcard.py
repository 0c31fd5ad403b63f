"""vCard reading: each workaround around vobject, on small hand-made cards."""

from __future__ import annotations

import pytest

from cadence_cli.core.dates import YearlyDate, parse_yearly
from cadence_cli.errors import ImportInvalid
from cadence_cli.interop.records import ContactRecord, ParseResult
from cadence_cli.interop.vcard import parse_vcard


def card(*lines: str, version: str = "3.0") -> bytes:
    body = ["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""]
    return "\r\n".join(body).encode("utf-8")


def one(data: bytes | str) -> ContactRecord:
    result = parse_vcard(data)
    assert result.errors == [], result.errors
    (record,) = result.records
    return record


# --- vCard 2.1 quoted-printable -------------------------------------------------------------


def test_qp_soft_line_break_continues_on_an_unindented_line() -> None:
    data = card(
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg=20Sch=",
        "=C3=A4fer",
        "TEL:1",
        version="2.1",
    )
    record = one(data)
    assert record.name == "Jörg Schäfer"
    assert record.phones == ("1",)


def test_qp_with_a_latin1_charset() -> None:
    record = one(card("FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller", version="2.1"))
    assert record.name == "Müller"


def test_bare_quoted_printable_parameter_and_encoded_newlines() -> None:
    data = card(
        "FN:Ann", "NOTE;QUOTED-PRINTABLE:line one=0D=0Aline, two=", "", "TEL:5", version="2.1"
    )
    record = one(data)
    # The soft break before the empty line ends the value; the comma is not a separator.
    assert record.notes == "line one\nline, two"
    assert record.phones == ("5",)


def test_qp_structured_name_keeps_its_fields() -> None:
    data = card("N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller;J=C3=B6rg;;;", version="2.1")
    assert one(data).name == "Jörg Müller"


def test_qp_value_with_a_broken_byte_keeps_the_rest() -> None:
    data = card(
        "FN:Ann", "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 =80", version="2.1"
    )
    assert one(data).company == "Café \ufffd"


def test_a_trailing_soft_break_does_not_swallow_end_vcard() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;QUOTED-PRINTABLE:Ann=\r\nEND:VCARD\r\n"
    assert one(data).name == "Ann"


# --- charsets and folding -------------------------------------------------------------------


def test_8bit_value_in_its_declared_charset() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:M\xfcller\r\nEND:VCARD\r\n"
    assert one(data).name == "Müller"


def test_undeclared_latin1_bytes_fall_back_to_windows_1252() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:M\xfcller \x80\r\nEND:VCARD\r\n"
    assert one(data).name == "Müller €"


def test_fold_inside_a_utf8_character_is_undone_before_decoding() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\xc3\r\n \xb6rg\r\nNOTE:a\r\n\tb\r\nEND:VCARD\r\n"
    record = one(data)
    assert record.name == "Jörg"
    assert record.notes == "ab"


def test_lf_only_and_text_input() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë\nEMAIL:zoe@example.com\nEND:VCARD\n"
    record = one(text)
    assert (record.name, record.emails) == ("Zoë", ("zoe@example.com",))


def test_utf16_file_with_bom() -> None:
    data = card("FN:Zoë", "TEL:+1 555").decode("utf-8")
    assert data.encode("utf-16")[:2] in (b"\xff\xfe", b"\xfe\xff")
    record = one(data.encode("utf-16"))
    assert (record.name, record.phones) == ("Zoë", ("+1 555",))


# --- escaping -------------------------------------------------------------------------------


def test_unescaped_commas_in_single_valued_text_are_kept() -> None:
    record = one(card("FN:Doe, John", "NOTE:one, two, three"))
    assert record.name == "Doe, John"
    assert record.notes == "one, two, three"


def test_standard_escapes_still_work() -> None:
    record = one(card(r"FN:Doe\, John", r"NOTE:a\nb\; c\\d", r"CATEGORIES:x\,y,z"))
    assert record.name == "Doe, John"
    assert record.notes == "a\nb; c\\d"
    assert record.tags == ("x,y", "z")


def test_backslash_before_a_non_escape_is_dropped() -> None:
    record = one(card(r"FN:O\'Brien", r"NOTE:say \"hi\"", r"CATEGORIES:B\'C"))
    assert record.name == "O'Brien"
    assert record.notes == 'say "hi"'
    assert record.tags == ("B'C",)


def test_backslashes_are_literal_in_21() -> None:
    record = one(card("FN:Ann", r"NOTE:C:\new\table, done", version="2.1"))
    assert record.notes == r"C:\new\table, done"


def test_caret_encoded_parameters_do_not_spoil_the_card() -> None:
    data = card(
        "FN:Ann",
        "ADR;TYPE=work;LABEL=\"1 Main St.^nSpringfield^n^'HQ^'\":;;1 Main St.;Springfield;;;",
        "TEL;TYPE=work:+1 555 0100",
        version="4.0",
    )
    record = one(data)
    assert (record.name, record.phones) == ("Ann", ("+1 555 0100",))


# --- names ----------------------------------------------------------------------------------


def test_name_falls_back_to_n_without_the_honorific() -> None:
    assert one(card("N:Doe;John;Q.;Dr.;Jr.")).name == "John Q. Doe Jr."


def test_name_falls_back_to_the_organisation() -> None:
    record = one(card("ORG:Acme Corp;Sales", "EMAIL:info@acme.test"))
    assert (record.name, record.company) == ("Acme Corp", "Acme Corp")


@pytest.mark.parametrize("version", ["2.1", "3.0"])
def test_bare_commas_in_org_stay_in_the_company_name(version: str) -> None:
    record = one(card("FN:Ann", "ORG:Smith, Jones & Co;Tax, Audit", version=version))
    assert record.company == "Smith, Jones & Co"


def test_whitespace_in_names_is_collapsed() -> None:
    assert one(card("FN:  Ann \t  Lee  ")).name == "Ann Lee"


def test_card_without_a_name_is_an_error_at_its_begin_line() -> None:
    data = card("FN:Ann") + b"\r\n" + card("TEL:555", "N:;;;;")
    result = parse_vcard(data)
    assert [r.name for r in result.records] == ["Ann"]
    assert [(e.line, e.reason) for e in result.errors] == [
        (6, "the card has no name (no FN, N, ORG or EMAIL)")
    ]


def test_card_with_only_an_email_is_named_after_it() -> None:
    data = card("FN:Ann") + b"\r\n" + card("EMAIL:who@example.com", "N:;;;;")
    result = parse_vcard(data)
    assert [r.name for r in result.records] == ["Ann", "who@example.com"]
    assert result.errors == []
    assert [(w.line, w.reason) for w in result.warnings] == [
        (6, "the card has no name: named after its email who@example.com")
    ]


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1980-03-22", YearlyDate(3, 22, 1980)),
        ("19800322", YearlyDate(3, 22, 1980)),
        ("--0416", YearlyDate(4, 16)),
        ("--04-16", YearlyDate(4, 16)),
        ("1980-03-22T00:00:00Z", YearlyDate(3, 22, 1980)),
        ("19531015T231000Z", YearlyDate(10, 15, 1953)),
        ("1996-04-15T201243+04:00", YearlyDate(4, 15, 1996)),
        ("1980-03-22T10:00:00.000-0500", YearlyDate(3, 22, 1980)),
        ("1604-04-16", YearlyDate(4, 16)),  # Apple: year unknown
        ("16040416", YearlyDate(4, 16)),  # CardBook
        ("0000-04-16", YearlyDate(4, 16)),
        ("2000-02-29", YearlyDate(2, 29, 2000)),
    ],
)
def test_birthday_forms(value: str, expected: YearlyDate) -> None:
    result = parse_vcard(card("FN:Ann", f"BDAY:{value}"))
    assert result.warnings == []
    assert result.records[0].birthday == expected


@pytest.mark.parametrize("value", ["circa 1800", "1980-02-30", "2001-02-29", "---16", "22/03/1980"])
def test_a_birthday_that_is_no_date_is_dropped_with_a_warning(value: str) -> None:
    result = parse_vcard(card("FN:Ann", f"BDAY;VALUE=text:{value}"))
    assert result.records[0].birthday is None
    assert [(w.line, w.reason) for w in result.warnings] == [
        (1, f"birthday {value!r} is not a date; skipped")
    ]


def test_first_readable_birthday_wins() -> None:
    record = one(card("FN:Ann", "BDAY:1980-01-02", "BDAY:1990-03-04"))
    assert record.birthday == YearlyDate(1, 2, 1980)


@pytest.mark.parametrize(
    "prop", ["ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"]
)
def test_anniversary_properties(prop: str) -> None:
    record = one(card("FN:Ann", f"{prop}:2011-01-13"))
    assert record.milestones == (("anniversary", YearlyDate(1, 13, 2011)),)


def test_apple_item_groups_label_their_dates() -> None:
    record = one(
        card(
            "FN:Ann",
            "item1.X-ABDATE:2010-06-01",
            "item1.X-ABLabel:_$!<Anniversary>!$_",
            "item2.X-ABDATE;type=pref:1604-11-05",
            "item2.X-ABLabel:Closing Day",
            "ITEM3.X-ABDATE:2019-09-09",
            "item3.X-ABLABEL:_$!<Other>!$_",
            "X-ABDATE:2001-01-01",
            "item4.X-ABDATE:someday",
            "item4.X-ABLabel:Wedding",
        )
    )
    assert record.milestones == (
        ("anniversary", YearlyDate(6, 1, 2010)),
        ("closing day", YearlyDate(11, 5)),
        ("other", YearlyDate(9, 9, 2019)),
        ("other", YearlyDate(1, 1, 2001)),
    )
    result = parse_vcard(card("FN:Ann", "item4.X-ABDATE:someday", "item4.X-ABLabel:Wedding"))
    assert [w.reason for w in result.warnings] == ["wedding 'someday' is not a date; skipped"]


def test_the_same_milestone_twice_is_kept_once() -> None:
    record = one(card("FN:Ann", "ANNIVERSARY:2011-01-13", "X-ANNIVERSARY:20110113"))
    assert record.milestones == (("anniversary", YearlyDate(1, 13, 2011)),)


# --- emails, phones, tags, notes ------------------------------------------------------------


def test_preferred_values_come_first_and_faxes_last() -> None:
    record = one(
        card(
            "FN:Ann",
            "EMAIL:a@example.com",
            "EMAIL;TYPE=INTERNET,pref:b@example.com",
            "EMAIL:B@EXAMPLE.COM",
            "TEL;TYPE=fax,pref:1",
            "TEL;TYPE=work:2",
            "TEL;TYPE=cell;TYPE=pref:3",
            "TEL;TYPE=pager:4",
        )
    )
    assert record.emails == ("b@example.com", "a@example.com")
    assert record.phones == ("3", "2", "1", "4")


def test_21_bare_parameters_and_40_pref_numbers() -> None:
    assert one(card("FN:A", "TEL;HOME:1", "TEL;CELL;PREF:2", version="2.1")).phones == ("2", "1")
    v4 = card("FN:A", "EMAIL;PREF=2:a@x.test", "EMAIL;PREF=1:b@x.test", "EMAIL:c@x.test")
    assert one(v4).emails == ("b@x.test", "a@x.test", "c@x.test")


def test_uri_values_are_unwrapped() -> None:
    record = one(
        card("FN:A", "EMAIL:mailto:a@x.test", 'TEL;VALUE=uri;TYPE="voice,home":tel:+1-555;ext=7')
    )
    assert record.emails == ("a@x.test",)
    assert record.phones == ("+1-555 ext. 7",)


def test_categories_become_tags_without_googles_my_contacts() -> None:
    record = one(
        card("FN:A", "CATEGORIES:myContacts,Clients,golf", "CATEGORIES:clients,My Contacts")
    )
    assert record.tags == ("Clients", "golf")


def test_several_notes_are_joined_and_blank_values_ignored() -> None:
    record = one(card("FN:A", "NOTE:first", "NOTE:", "EMAIL:", "TEL: ", "NOTE:second\\n"))
    assert record.notes == "first\nsecond"
    assert record.emails == () and record.phones == ()


# --- file structure -------------------------------------------------------------------------


def test_line_numbers_are_physical_lines_of_begin() -> None:
    text = (
        "junk before\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nNOTE:folded\r\n  note\r\nEND:VCARD\r\n"
        "\r\n\r\n"
        "begin:vcard\r\nversion:3.0\r\nfn:B\r\nend:vcard\r\n"
    )
    result = parse_vcard(text)
    assert [(r.name, r.line) for r in result.records] == [("A", 2), ("B", 10)]


def test_unreadable_line_is_skipped_with_a_warning() -> None:
    result = parse_vcard(card("FN:Ann", 'EMAIL;TYPE="x:y"z:bad@x.test', "EMAIL:ok@x.test"))
    assert result.records[0].emails == ("ok@x.test",)
    assert [(w.line, w.reason) for w in result.warnings] == [
        (4, 'unreadable vCard line skipped: EMAIL;TYPE="x:y"z:bad@x.test')
    ]


def test_an_unclosed_card_is_an_error() -> None:
    result = parse_vcard(card("FN:A") + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\n")
    assert [r.name for r in result.records] == ["A"]
    assert [(e.line, e.reason) for e in result.errors] == [
        (5, "the card never ends (no END:VCARD)")
    ]


def test_nested_agent_card_is_not_a_contact() -> None:
    data = card("FN:Boss", "AGENT:", "BEGIN:VCARD", "VERSION:2.1", "FN:Assistant", "END:VCARD")
    result: ParseResult = parse_vcard(data)
    assert [r.name for r in result.records] == ["Boss"]


def test_a_file_without_cards_is_refused() -> None:
    with pytest.raises(ImportInvalid, match="no vCard"):
        parse_vcard(b"name,email\r\nAnn,a@x.test\r\n")


def test_many_cards_keep_their_order() -> None:
    data = b"".join(card(f"FN:Client {i}", f"BDAY:--01-{i + 1:02d}") for i in range(30))
    result = parse_vcard(data)
    assert [r.name for r in result.records] == [f"Client {i}" for i in range(30)]
    assert result.records[29].birthday == parse_yearly("--01-30")


def test_properties_cadence_does_not_import_cannot_sink_a_card() -> None:
    data = card(
        "FN:Ann",
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:abcde",  # not valid base64: vobject would raise
        "X-WEIRD;=:?",
        "ADR;LABEL=a:b:;;1 Main St;;;;",
        "TEL:1",
        version="2.1",
    )
    result = parse_vcard(data)
    assert result.errors == [] and result.warnings == []
    assert [(r.name, r.phones) for r in result.records] == [("Ann", ("1",))]
