"""Format detection by content, robust decoding, and `parse_file` dispatch."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence_cli.errors import ImportInvalid, InvalidInput, NotFound
from cadence_cli.interop import detect_format, parse_bytes, parse_file
from cadence_cli.interop.records import decode_bytes

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n"
CADENCE = "name,email,tags\r\nZoë,zoe@x.test,vip\r\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (VCARD, "vcard"),
        (b"\xef\xbb\xbf\r\n\r\nbegin:vcard\r\nversion:2.1\r\nfn:a\r\nend:vcard", "vcard"),
        (b"X-PREAMBLE\nBEGIN:VCARD\nFN:a\nEND:VCARD\n", "vcard"),
        (b'{"version": 1, "clients": []}', "json"),
        (b'  \n[{"name": "Ann"}]', "json"),
        (CADENCE.encode(), "csv"),
        (b"Name,Given Name,Family Name,E-mail 1 - Value\r\n", "google"),
        (b"First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n", "google"),
        (b'"Title","First Name","Last Name","E-mail Address"\r\n', "outlook"),
        (b"E-mail Address,E-mail 2 Address\r\n", "outlook"),
        (b"First Name,Last Name,Display Name,Primary Email,Birth Year,\r\n", "thunderbird"),
        (b"name;email;phone\r\n", "csv"),
    ],
)
def test_detect_by_content(data: bytes, expected: str) -> None:
    assert detect_format(data) == expected


def test_detection_ignores_the_extension(tmp_path: Path) -> None:
    vcf_named_csv = tmp_path / "contacts.csv"
    vcf_named_csv.write_bytes(VCARD)
    csv_named_vcf = tmp_path / "contacts.vcf"
    csv_named_vcf.write_text(CADENCE, encoding="utf-8")
    assert detect_format(vcf_named_csv) == "vcard"
    assert detect_format(str(csv_named_vcf)) == "csv"
    assert [r.name for r in parse_file(vcf_named_csv).records] == ["Ann"]
    assert [r.name for r in parse_file(csv_named_vcf).records] == ["Zoë"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf \r\n\t", "empty"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "calendar"),
        (b"just some words\nand more\n", "cannot tell"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "cannot tell"),
    ],
)
def test_undetectable_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportInvalid, match=message):
        detect_format(data)
    with pytest.raises(ImportInvalid, match=message):
        parse_bytes(data)


def test_json_is_detected_but_left_to_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text('{"clients": [{"name": "Ann"}]}', encoding="utf-8")
    result = parse_file(path)
    assert (result.format, result.records, result.errors) == ("json", [], [])


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
    ],
)
def test_files_with_a_bom(encoding: str, bom: bytes) -> None:
    data = bom + CADENCE.encode(encoding)
    assert decode_bytes(data) == CADENCE
    result = parse_bytes(data)
    assert [(r.name, r.emails, r.tags) for r in result.records] == [
        ("Zoë", ("zoe@x.test",), ("vip",))
    ]


def test_utf16_vcard() -> None:
    data = VCARD.decode().replace("Ann", "Zoë").encode("utf-16")
    assert detect_format(data) == "vcard"
    assert [r.name for r in parse_bytes(data).records] == ["Zoë"]


def test_non_utf8_falls_back_to_windows_1252_then_latin1() -> None:
    assert decode_bytes("Müller €".encode("cp1252")) == "Müller €"
    assert decode_bytes(b"M\xfcller \x81") == "Müller \x81"  # 0x81: not in cp1252
    assert decode_bytes(b"\xef\xbb\xbfM\xfcller") == "Müller"  # BOM, yet not UTF-8
    result = parse_bytes("name,company\r\nJosé,Café €\r\n".encode("cp1252"))
    assert [(r.name, r.company) for r in result.records] == [("José", "Café €")]


def test_forced_format_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes(VCARD)
    assert parse_file(path, "VCF").format == "vcard"
    assert parse_bytes(CADENCE.encode(), "cadence").format == "csv"
    assert parse_bytes(b"Name,E-mail 1 - Value\r\nAnn,a@x.test\r\n", "gmail").format == "google"
    with pytest.raises(ImportInvalid, match="no vCard"):
        parse_bytes(CADENCE.encode(), "vcard")


def test_missing_file_bad_format_and_folders(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such file"):
        parse_file(tmp_path / "nope.csv")
    with pytest.raises(NotFound):
        detect_format(tmp_path / "nope.csv")
    with pytest.raises(InvalidInput, match="unknown import format"):
        parse_file(tmp_path / "nope.csv", "xlsx")  # the format is checked first
    with pytest.raises(InvalidInput, match="folder"):
        parse_file(tmp_path)
