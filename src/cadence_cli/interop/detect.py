"""Which kind of contacts file is this, and read it: by content, not by the file's extension.

Users export `contacts.csv` from Google and Outlook alike, and phones save vCards as `.txt`;
the first bytes say more than the name does.
"""

from __future__ import annotations

import os
import re

from cadence_cli.errors import ImportInvalid, InvalidInput
from cadence_cli.interop.csvfile import CSV_FORMATS, parse_csv, read_header, sniff_csv_format
from cadence_cli.interop.outlook_headers import LANGUAGES, best_language
from cadence_cli.interop.records import ParseResult, decode_bytes
from cadence_cli.interop.source import check_lines, read_source
from cadence_cli.interop.textenc import wide_encoding

__all__ = ["FORMATS", "detect_format", "parse_bytes", "parse_file", "read_source"]

FORMATS: tuple[str, ...] = ("vcard", "json", *CSV_FORMATS)
_ALIASES = {"vcf": "vcard", "vcards": "vcard", "cadence": "csv", "gmail": "google"}
_HEAD = 64 * 1024
_VCARD = re.compile(r"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t\r]*$", re.IGNORECASE | re.MULTILINE)


def detect_format(source: str | os.PathLike[str] | bytes) -> str:
    """`vcard`, `json`, `csv` (cadence), `google`, `outlook` or `thunderbird`.

    `source` is a path, or the file's bytes. Raises ImportInvalid for an empty file, an
    iCalendar file, or a CSV whose header matches no known layout.
    """
    data = source if isinstance(source, bytes) else read_source(source)
    text = decode_text(data[:_HEAD]).lstrip("\ufeff \t\r\n")
    if not text:
        raise ImportInvalid("the file is empty")
    if text[:1] in "{[":
        return "json"
    if _VCARD.search(text):
        return "vcard"
    if re.match(r"BEGIN\s*:\s*VCALENDAR", text, re.IGNORECASE):
        raise ImportInvalid("this is a calendar (iCalendar) file, not contacts")
    found = sniff_csv_format(read_header(text))
    if found is None:
        raise ImportInvalid(
            "cannot tell the format of this file",
            hint="expected vCard, cadence JSON, or a CSV export from cadence, Google, Outlook "
            "or Thunderbird; pass --format to choose",
        )
    return found


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
# The 8-bit code pages Outlook writes besides Windows-1252, which `decode_bytes` assumes.
_CODE_PAGES = tuple(sorted({lang.encoding for lang in LANGUAGES} - {"cp1252"}))


def _is_unicode(data: bytes) -> bool:
    if data.startswith(_BOMS) or wide_encoding(data) is not None:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _outlook_score(text: str) -> int:
    try:
        found = best_language(read_header(text.lstrip("\ufeff")))
    except ImportInvalid:  # not even CSV in this code page
        return 0
    return 0 if found is None else found[1]


def decode_text(data: bytes) -> str:
    """A file's text; 8-bit text in the code page its Outlook header reveals.

    Outlook before Microsoft 365 writes its ANSI code page: Windows-1250 for Polish, Czech or
    Hungarian, 1251 for Russian, 1254 for Turkish. Read as Windows-1252 their headers match
    nothing, so each code page Outlook uses is tried and the one whose header matches an
    Outlook language best wins (Windows-1252 on a tie).
    """
    text = decode_bytes(data)
    if _is_unicode(data):
        return text
    best, best_score = text, _outlook_score(text)
    for encoding in _CODE_PAGES:
        try:
            candidate = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _outlook_score(candidate)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _normalise_format(format: str) -> str:
    chosen = format.strip().lower()
    chosen = _ALIASES.get(chosen, chosen)
    if chosen != "auto" and chosen not in FORMATS:
        raise InvalidInput(
            f"unknown import format {format!r}", hint=f"use auto, {', '.join(FORMATS)}"
        )
    return chosen


def parse_bytes(data: bytes, format: str = "auto") -> ParseResult:
    """Read contacts from a file's bytes; `format` is `auto` or one of `FORMATS`.

    For `json` nothing is parsed here: the result is empty with `format == "json"`, and the
    caller reads cadence's own dump. Raises ImportInvalid when the file as a whole cannot be
    read; bad records are `errors` in the result.
    """
    chosen = _normalise_format(format)
    if chosen == "auto":
        chosen = detect_format(data)
    check_lines(data, chosen)
    if chosen == "json":
        return ParseResult([], [], "json")
    if chosen == "vcard":
        from cadence_cli.interop.vcard import parse_vcard  # vobject loads only when needed

        return parse_vcard(data)
    return parse_csv(decode_text(data), format=chosen)


def parse_file(path: str | os.PathLike[str], format: str = "auto") -> ParseResult:
    """`parse_bytes` on a file (`read_source`: a regular file within the size limit)."""
    chosen = _normalise_format(format)  # refuse a bad --format before touching the file
    return parse_bytes(read_source(path), chosen)
