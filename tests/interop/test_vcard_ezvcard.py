"""The ez-vcard samples (BSD-2, copied into tests/fixtures/vcard): exact values per card."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence_cli.core.dates import parse_yearly
from cadence_cli.interop.records import ParseResult
from cadence_cli.interop.vcard import parse_vcard

N = "Ñ"
SAMPLES = (
    "ezvcard_android_v21_qp.vcf",
    "ezvcard_evolution_v30.vcf",
    "ezvcard_gmail_v30_abdate.vcf",
    "ezvcard_gmail_v30_many_fields.vcf",
    "ezvcard_outlook_v21.vcf",
    "ezvcard_v40_caret_label.vcf",
)
BSD_NOTE_START = (
    'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY '
    "EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES"
)
BSD_NOTE_END = "EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."


def read(fixtures: Path, name: str) -> ParseResult:
    return parse_vcard((fixtures / name).read_bytes())


def test_fixtures_carry_their_licenses(fixtures: Path) -> None:
    assert (fixtures / "ez-vcard.BSD-2-Clause.txt").read_text().startswith("Copyright (c)")
    assert "Card Me" in (fixtures / "ez-vcard.vcard-samples-license.txt").read_text()
    assert sorted(p.name for p in fixtures.glob("*.vcf")) == sorted(SAMPLES)


@pytest.mark.parametrize("name", SAMPLES)
def test_fixtures_are_byte_identical_to_the_originals(
    fixtures: Path, realdata: Path, name: str
) -> None:
    assert (fixtures / name).read_bytes() == (realdata / "vcard" / name).read_bytes()


def test_android_21_quoted_printable(fixtures: Path) -> None:
    result = read(fixtures, "ezvcard_android_v21_qp.vcf")
    # The first two cards hold only an email: named after it, with a warning at BEGIN:VCARD.
    assert result.errors == []
    assert [(w.line, w.reason) for w in result.warnings] == [
        (1, "the card has no name: named after its email john.doe@company.com"),
        (6, "the card has no name: named after its email jane.doe@company.com"),
    ]
    john, jane, first, second, third, fourth = result.records
    assert (john.line, john.name, john.emails) == (
        1,
        "john.doe@company.com",
        ("john.doe@company.com",),
    )
    assert (jane.line, jane.name, jane.emails) == (
        6,
        "jane.doe@company.com",
        ("jane.doe@company.com",),
    )
    assert john.tags == jane.tags == ()  # only "My Contacts"
    assert (first.line, first.name, first.phones) == (11, " ".join([N] * 5), ("123456789",))
    assert first.tags == ()  # "My Contacts" is Google's all-contacts group, not a tag
    assert first.emails == ()

    # FN continues over a soft line break onto an unindented line.
    assert second.line == 18
    assert second.name == " ".join([N] * 11)
    assert second.phones == ("123456", "234567", "3456789", "45678901")
    note = (f"{N} " * 7 + N) * 2 + " ".join([N] * 5)
    assert second.notes == f"{note}\n{note}"

    assert third.line == 36
    assert third.name == " ".join([N] * 4)
    assert third.emails == ("bob@company.com", N * 14)  # both PREF: file order
    assert third.phones == ("123456",)  # the same number three times (cell, work, fax)
    assert third.company == N * 12

    # ORG ends with a soft line break followed by an empty line.
    assert (fourth.line, fourth.name) == (71, N * 4)
    assert fourth.emails == ("henry@company.com",)
    assert fourth.phones == ("55556666",)
    assert fourth.company == N * 44


def test_evolution_30(fixtures: Path) -> None:
    result = read(fixtures, "ezvcard_evolution_v30.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    assert card.line == 1
    assert card.name == "Mr. John Richter, James Doe Sr."
    assert card.emails == ("john.doe@ibm.com",)  # folded in the middle of the address
    assert card.phones == ("905-666-1234", "905-555-1234")
    assert card.company == "IBM"
    assert card.tags == ("VIP",)
    assert card.birthday == parse_yearly("1980-03-22")
    assert card.milestones == (("anniversary", parse_yearly("1980-03-22")),)  # X-EVOLUTION-
    assert card.notes is not None
    assert card.notes.startswith(BSD_NOTE_START) and card.notes.endswith(BSD_NOTE_END)
    assert "SERVICES; LOSS OF USE, DATA, OR PROFITS; OR" in card.notes


def test_gmail_30_apple_abdate_group(fixtures: Path) -> None:
    result = read(fixtures, "ezvcard_gmail_v30_abdate.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    # FN has a bare comma, which vobject alone would cut at.
    assert card.name == "Mr. John Richter, James Doe Sr."
    assert card.emails == ("john.doe@ibm.com",)
    assert card.phones == ("905-555-1234", "905-666-1234")
    assert card.company == "IBM"
    assert card.birthday == parse_yearly("1980-03-22")
    assert card.milestones == (("anniversary", parse_yearly("1975-03-01")),)
    assert card.notes is not None
    assert card.notes.startswith(BSD_NOTE_START)  # `\"` is no escape: read as a quote
    assert card.notes.endswith(f"{BSD_NOTE_END}\nFavotire Color: Blue")


def test_gmail_30_many_fields(fixtures: Path) -> None:
    (card,) = read(fixtures, "ezvcard_gmail_v30_many_fields.vcf").records
    assert card.name == "VCard Test"
    assert card.emails == (
        "email@example.com",
        "homeemail@example.com",
        "workemail@example.com",
        "otheremail@example.com",
        "customcategory@example.com",
    )
    # Every number, faxes and the pager last.
    assert card.phones == (
        "5555551111",
        "5555551112",
        "5555551113",
        "5555551114",
        "5555551115",
        "5555551116",
        "5555551119",
        "5555551121",
        "5555551117",
        "5555551118",
        "5555551120",
    )
    assert card.company == "TheCompany"
    assert card.birthday == parse_yearly("1912-06-23")
    assert card.milestones == (
        ("anniversary", parse_yearly("1930-03-20")),
        ("other", parse_yearly("1776-07-04")),  # X-ABDATE without a label
        ("customdatecategory", parse_yearly("2000-09-12")),
    )
    assert card.notes == "note line 1\nnote line 2\nCustomField: field value"
    assert card.tags == ()


def test_outlook_21(fixtures: Path) -> None:
    result = read(fixtures, "ezvcard_outlook_v21.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    assert card.name == "Mr. John Richter James Doe Sr."
    assert card.emails == ("john.doe@ibm.cm",)
    assert card.phones == ("(905) 555-1234", "(905) 666-1234")
    assert card.company == "IBM"
    assert card.birthday == parse_yearly("1980-03-22")  # BDAY:19800322
    assert card.milestones == (("anniversary", parse_yearly("2011-01-13")),)  # X-MS-ANNIVERSARY
    assert card.notes is not None
    # Unescaped commas in a 2.1 NOTE: the whole text, not the part before the first comma.
    assert card.notes.startswith(
        "THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS'' AND ANY EXPRESS OR IMPLIED "
        "WARRANTIES, INCLUDING, BUT NOT LIMITED TO,"
    )
    assert card.notes.endswith(BSD_NOTE_END)


def test_v40_caret_encoded_label_parameter(fixtures: Path) -> None:
    result = read(fixtures, "ezvcard_v40_caret_label.vcf")
    assert result.errors == [] and result.warnings == []
    (card,) = result.records
    assert card.name == "Dummy, Dummy"
    assert card.company == "Dummy GmbH"
    assert card.phones == ("+49 1234 56789", "+49 9876 54321")
    assert card.emails == ("dummy.dummy@dummy.com",)
    assert card.birthday is None and card.milestones == ()
