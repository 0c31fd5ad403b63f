"""A card rewritten line by line: cadence's fields change, every other byte stays.

A card on a phone carries far more than cadence knows (photos, addresses, vendor X-
properties, groups, a REV), and two-way sync must hand all of it back untouched. So a card
is never re-serialised: its content lines are kept as they are in the file (folds, line
ends and all), and only the lines of a field cadence changed (FN and N, the email, the
phone, ORG, the birthday and the anniversary) are replaced, added or removed. Reading the
values is `vcard.parse_vcard`'s job (vobject); this module only finds and splices lines.

`new_card` writes the card of a client that has none yet: vCard 3.0, the version every
CardDAV server and phone reads, with the same escaping and folding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cadence_cli.core.dates import YearlyDate, parse_yearly
from cadence_cli.core.merge import FIELDS
from cadence_cli.interop.records import parse_iso_like
from cadence_cli.interop.vcard import date_property_kind, split_content_line

__all__ = ["card_uid", "content_lines", "new_card", "rewrite_card"]

FOLD_AT = 75
"""Octets per physical line (RFC 6350 3.2), not counting the line end."""

_DROPPED_PARAMS = (b"CHARSET", b"ENCODING", b"VALUE", b"X-APPLE-OMIT-YEAR")
"""Parameters that describe the old value's bytes or type: a rewritten value is plain text."""


@dataclass(frozen=True, slots=True)
class ContentLine:
    """One logical line as the file has it (`raw`: folded pieces and line ends included)."""

    raw: bytes
    group: bytes = b""
    name: str = ""
    params: tuple[bytes, ...] = ()
    value: bytes = b""


def content_lines(data: bytes) -> list[ContentLine]:
    """The card's logical lines; a line that starts with a space or tab continues the one
    before it (RFC folding). Unreadable lines are kept with no name, so they survive."""
    pieces: list[list[bytes]] = []
    for physical in data.splitlines(keepends=True):
        if pieces and physical[:1] in (b" ", b"\t"):
            pieces[-1].append(physical)
        else:
            pieces.append([physical])
    lines = []
    for group in pieces:
        raw = b"".join(group)
        unfolded = b"".join(
            piece.rstrip(b"\r\n")[1 if index else 0 :] for index, piece in enumerate(group)
        )
        split = split_content_line(unfolded)
        if split is None:
            lines.append(ContentLine(raw))
            continue
        prefix, name, params, value = split
        lines.append(ContentLine(raw, prefix, name, tuple(params), value))
    return lines


def _unescape(value: bytes) -> str:
    text = value.decode("utf-8", "replace")
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            nxt = text[index + 1]
            out.append("\n" if nxt in "nN" else nxt)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def escape(text: str) -> str:
    """Text as a vCard 3.0/4.0 value: backslash, newline, comma and semicolon escaped."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: bytes, eol: bytes) -> bytes:
    """One content line folded at 75 octets, never inside a UTF-8 character."""
    out: list[bytes] = []
    start, limit = 0, FOLD_AT
    while len(line) - start > limit:
        cut = start + limit
        while cut > start + 1 and (line[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(line[start:cut])
        start, limit = cut, FOLD_AT - 1  # the continuation's leading space counts
    out.append(line[start:])
    return (eol + b" ").join(out) + eol


def card_uid(data: bytes) -> str | None:
    """The card's UID, or None when it has none."""
    for line in content_lines(data):
        if line.name == "UID":
            uid = _unescape(line.value).strip()
            return uid or None
    return None


def _version(lines: list[ContentLine]) -> str:
    for line in lines:
        if line.name == "VERSION":
            return line.value.decode("ascii", "replace").strip()
    return "3.0"


def card_date(text: str, version: str) -> str:
    """A `YYYY-MM-DD` / `--MM-DD` day as the card's version writes it: 4.0 has only the
    basic form (`19850315`, `--0315`); 3.0 the extended one, and `--0315` without a year."""
    day = parse_yearly(text)
    if day.year is None:
        return f"--{day.month:02d}{day.day:02d}"
    if version.startswith("4"):
        return f"{day.year:04d}{day.month:02d}{day.day:02d}"
    return day.iso()


def _line(line: ContentLine, value: str, eol: bytes) -> bytes:
    """`line` with a new value: its group, name and parameters, less those about the old value."""
    head = (line.group + b"." if line.group else b"") + line.name.encode("ascii")
    params = [p for p in line.params if p.split(b"=", 1)[0].strip().upper() not in _DROPPED_PARAMS]
    params = [p for p in params if p.strip().upper() != b"QUOTED-PRINTABLE"]
    header = b";".join([head, *params])
    return fold(header + b":" + value.encode("utf-8"), eol)


def _new_line(name: str, value: str, eol: bytes) -> bytes:
    return fold(f"{name}:{value}".encode(), eol)


def _name_parts(name: str) -> str:
    """N from a full name: the last word is the family name, the rest the given names."""
    given, _, family = name.strip().rpartition(" ")
    return f"{escape(family)};{escape(given)};;;"


def _email_of(line: ContentLine) -> str:
    text = _unescape(line.value).strip()
    return text[7:] if text.lower().startswith("mailto:") else text


def _phone_of(line: ContentLine) -> str:
    text = _unescape(line.value).strip()
    return text[4:] if text.lower().startswith("tel:") else text


def _is_uri(line: ContentLine | bytes) -> bool:
    return isinstance(line, ContentLine) and line.value.strip().lower().startswith(b"tel:")


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _date_of(line: ContentLine) -> str | None:
    day = parse_iso_like(_unescape(line.value))
    return day.iso() if day is not None else None


class _Card:
    """The lines of one card while fields are spliced into it."""

    def __init__(self, data: bytes) -> None:
        self.lines: list[ContentLine | bytes] = list(content_lines(data))
        self.version = _version([x for x in self.lines if isinstance(x, ContentLine)])
        self.eol = b"\r\n" if b"\r\n" in data else b"\n"

    def find(self, test: Callable[[ContentLine], bool]) -> list[int]:
        return [i for i, x in enumerate(self.lines) if isinstance(x, ContentLine) and test(x)]

    def insert(self, raw: bytes) -> None:
        """A new line just before END:VCARD."""
        ends = self.find(lambda x: x.name == "END")
        self.lines.insert(ends[-1] if ends else len(self.lines), raw)

    def put(self, indexes: list[int], value: str | None, new_line: bytes | None) -> None:
        """Replace the lines at `indexes` with `value` (remove them when None); with no line
        to replace, add `new_line`."""
        for index in sorted(indexes, reverse=True):
            line = self.lines[index]
            assert isinstance(line, ContentLine)
            if value is None:
                del self.lines[index]
            else:
                self.lines[index] = _line(line, value, self.eol)
        if not indexes and value is not None and new_line is not None:
            self.insert(new_line)

    def bytes(self) -> bytes:
        return b"".join(x.raw if isinstance(x, ContentLine) else x for x in self.lines)


def rewrite_card(
    data: bytes, *, was: Mapping[str, str | None], now: Mapping[str, str | None]
) -> bytes:
    """The card with each field of `now` set (None removes it), every other line as it was.

    `was` are the card's values as `parse_vcard` read them: they find the line of the email
    and phone cadence keeps among the card's others, and which dates to move.
    """
    card = _Card(data)
    for field in FIELDS:
        if field in now:
            _SETTERS[field](card, was.get(field), now[field])
    return card.bytes()


def _set_name(card: _Card, _old: str | None, value: str | None) -> None:
    assert value is not None, "a card always has a name"
    shown = escape(value)
    card.put(card.find(lambda x: x.name == "FN"), shown, _new_line("FN", shown, card.eol))
    parts = _name_parts(value)
    card.put(card.find(lambda x: x.name == "N"), parts, _new_line("N", parts, card.eol))


def _set_email(card: _Card, old: str | None, value: str | None) -> None:
    key = (old or "").casefold()
    found = card.find(lambda x: x.name == "EMAIL" and _email_of(x).casefold() == key)
    first = found[:1] if old is not None else []
    shown = None if value is None else escape(value)
    kind = "EMAIL" if card.version.startswith("4") else "EMAIL;TYPE=INTERNET"
    card.put(first, shown, None if shown is None else _new_line(kind, shown, card.eol))


def _set_phone(card: _Card, old: str | None, value: str | None) -> None:
    key = _digits(old or "")
    found = card.find(lambda x: x.name == "TEL" and _digits(_phone_of(x)) == key)
    first = found[:1] if old is not None else []
    shown = None if value is None else escape(value)
    if value is not None and first and _is_uri(card.lines[first[0]]):
        shown = "tel:" + "-".join(value.split())  # a 4.0 URI has no spaces
    card.put(first, shown, None if shown is None else _new_line("TEL", shown, card.eol))


def _set_company(card: _Card, _old: str | None, value: str | None) -> None:
    """The organisation's name; its units (`ORG:Acme;Sales`) stay."""
    orgs = card.find(lambda x: x.name == "ORG")[:1]
    if value is None:
        card.put(orgs, None, None)
        return
    units = ""
    if orgs:
        line = card.lines[orgs[0]]
        assert isinstance(line, ContentLine)
        _name, sep, rest = line.value.partition(b";")
        units = (sep + rest).decode("utf-8", "replace")
    card.put(orgs, escape(value) + units, _new_line("ORG", escape(value), card.eol))


def _date_setter(kind: str) -> Callable[[_Card, str | None, str | None], None]:
    """Birthday or anniversary: every line of that kind that held the old day gets the new
    one (Evolution writes ANNIVERSARY and X-EVOLUTION-ANNIVERSARY side by side)."""

    def set_date(card: _Card, old: str | None, value: str | None) -> None:
        found = []
        if old is not None:
            found = card.find(lambda x: date_property_kind(x.name) == kind and _date_of(x) == old)
        shown = None if value is None else card_date(value, card.version)
        name = "BDAY"
        if kind == "anniversary":
            name = "ANNIVERSARY" if card.version.startswith("4") else "X-ANNIVERSARY"
        card.put(found, shown, None if shown is None else _new_line(name, shown, card.eol))

    return set_date


_SETTERS: dict[str, Callable[[_Card, str | None, str | None], None]] = {
    "name": _set_name,
    "email": _set_email,
    "phone": _set_phone,
    "company": _set_company,
    "birthday": _date_setter("birthday"),
    "anniversary": _date_setter("anniversary"),
}


def new_card(uid: str, fields: Mapping[str, str | None], *, prodid: str) -> bytes:
    """A vCard 3.0 for a client that has no card yet, CRLF line ends, folded."""
    eol = b"\r\n"
    name = fields.get("name") or ""
    out = [b"BEGIN:VCARD\r\n", b"VERSION:3.0\r\n"]
    out.append(_new_line("PRODID", escape(prodid), eol))
    out.append(_new_line("UID", escape(uid), eol))
    out.append(_new_line("FN", escape(name), eol))
    out.append(_new_line("N", _name_parts(name), eol))
    if fields.get("email"):
        out.append(_new_line("EMAIL;TYPE=INTERNET", escape(fields["email"] or ""), eol))
    if fields.get("phone"):
        out.append(_new_line("TEL", escape(fields["phone"] or ""), eol))
    if fields.get("company"):
        out.append(_new_line("ORG", escape(fields["company"] or ""), eol))
    for field, prop in (("birthday", "BDAY"), ("anniversary", "X-ANNIVERSARY")):
        day = fields.get(field)
        if day:
            out.append(_new_line(prop, card_date(day, "3.0"), eol))
    out.append(b"END:VCARD\r\n")
    return b"".join(out)


def yearly_text(day: YearlyDate | None) -> str | None:
    """A milestone as the synced field holds it: `YYYY-MM-DD`, or `--MM-DD` without a year."""
    return None if day is None else day.iso()
