"""UTF-16 and UTF-32 files without a byte-order mark, for vCard and CSV.

Mac OS X's Address Book exported `.vcf` as UTF-16 big-endian without a BOM (issue 16), and
Windows tools write BOM-less UTF-16 little-endian; UTF-32 is rarer but has the same shape.
"""

from __future__ import annotations

import pytest

from cadence_cli.core.dates import YearlyDate
from cadence_cli.interop.detect import detect_format, parse_bytes
from cadence_cli.interop.textenc import wide_encoding

WIDE = ["utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le"]

# As Mac OS X 10.4's Address Book wrote it: vCard 3.0, CRLF, item groups, non-ASCII names.
MAC_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Zoë;;;\r\nFN:Zoë Müller\r\n"
    "ORG:Café Zoë;\r\nitem1.EMAIL;type=INTERNET;type=pref:zoe@cafe.example\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\nTEL;type=CELL;type=pref:+33 6 12 34 56 78\r\n"
    "BDAY;value=date:1980-12-31\r\nitem2.X-ABDATE;type=pref:2010-06-05\r\n"
    "item2.X-ABLabel:_$!<Anniversary>!$_\r\nX-ABUID:5B0E4C2A-1F7A-4C0B-9C6C-0E4E2F6B7A11\\:ABPerson\r\n"
    "END:VCARD\r\n"
)
CSV = "First Name,Last Name,E-mail Address,Birthday\r\nZoë,Müller,zoe@cafe.example,12/31/1980\r\n"


@pytest.mark.parametrize("encoding", WIDE)
def test_vcard_without_bom(encoding: str) -> None:
    data = MAC_CARD.encode(encoding)
    assert wide_encoding(data) == encoding
    assert detect_format(data) == "vcard"
    result = parse_bytes(data)
    assert result.errors == [] and result.warnings == []
    (record,) = result.records
    assert record.name == "Zoë Müller" and record.company == "Café Zoë"
    assert record.emails == ("zoe@cafe.example",)
    assert record.birthday == YearlyDate(12, 31, 1980)
    assert record.milestones == (("anniversary", YearlyDate(6, 5, 2010)),)


@pytest.mark.parametrize("encoding", WIDE)
def test_csv_without_bom(encoding: str) -> None:
    data = CSV.encode(encoding)
    assert detect_format(data) == "outlook"
    (record,) = parse_bytes(data).records
    assert record.name == "Zoë Müller"
    assert record.birthday == YearlyDate(12, 31, 1980)


@pytest.mark.parametrize(
    "data",
    [b"name,email\r\nAnn,ann@x.test\r\n", "name\r\nZoë\r\n".encode("cp1252"), b"", b"\x00"],
)
def test_eight_bit_text_is_not_taken_for_wide(data: bytes) -> None:
    assert wide_encoding(data) is None
