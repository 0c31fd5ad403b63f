"""vCard 2.1, 3.0 and 4.0 → `ContactRecord`s, with vobject doing the parsing.

vobject reads well-formed 3.0, but real address books are not well formed. Before a card
reaches vobject this module repairs, line by line, what makes vobject fail or misread:

* folding is undone on the raw bytes, because writers fold in the middle of a UTF-8 sequence
  (ownCloud: kcontacts_owncloud_v30_multibyte_fold.vcf);
* vCard 2.1 quoted-printable values are joined across their soft line breaks, even when the
  continuation is an empty line, and decoded here with their `CHARSET` (also the bare
  `QUOTED-PRINTABLE` parameter form). vobject's default reader fails on the unindented
  continuation lines (ezvcard_android_v21_qp.vcf, ezvcard_outlook_v21.vcf), and its
  `allowQP` path raises on a stray non-UTF-8 byte (`=80` in the Android file);
* every other value is decoded with its `CHARSET`, else UTF-8, else Windows-1252, and the
  `CHARSET`/`ENCODING` parameters are dropped so that vobject sees plain text;
* unescaped commas in single-valued text are escaped: vobject splits FN, NOTE, EMAIL… on
  them and keeps only the first piece (ezvcard_gmail_v30_abdate.vcf FN, ezvcard_outlook_v21.vcf
  NOTE); an ORG's commas too, since its components are no lists;
* backslashes before characters that are no escape (`\\'`, `\\"`) are dropped, and vCard 2.1
  backslashes, which are literal there, are doubled (davx5_allfields_v30.vcf CATEGORIES,
  ezvcard_gmail_v30_abdate.vcf NOTE);
* only the properties cadence imports are handed to vobject: the Android sample's PHOTO is
  base64 that vobject cannot decode and would sink the card, and a parameter vobject
  mis-splits (the caret-encoded ADR `LABEL` of ezvcard_v40_caret_label.vcf) never reaches it.
  A kept line that vobject's line parser still rejects is dropped with a warning.

Apple's item groups are resolved after parsing: `item1.X-ABDATE` takes its label from
`item1.X-ABLabel` (`_$!<Anniversary>!$_` → "anniversary").

Vendors put anniversaries and birthdays in their own X- properties (`X-EVOLUTION-ANNIVERSARY`,
`X-KADDRESSBOOK-X-Anniversary`, Outlook Express's `X-WAB-WEDDING_ANNIVERSARY`, GroupWise's
and others'): any X- property named like an anniversary or a birthday is read as one, and an
X- property that holds a date cadence has no meaning for is reported as a warning rather than
dropped in silence.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import vobject
import vobject.base

from cadence_cli.core.dates import YearlyDate
from cadence_cli.errors import ImportInvalid
from cadence_cli.interop.loose import usable_phones
from cadence_cli.interop.records import (
    ContactRecord,
    ParseResult,
    RowError,
    clean_name,
    clean_text,
    decode_bytes,
    email_as_name,
    is_system_group,
    parse_iso_like,
    unique_casefold,
)
from cadence_cli.interop.textenc import wide_encoding

__all__ = ["parse_vcard"]

# Properties cadence reads; everything else is dropped before vobject sees it.
_STRUCTURED = frozenset({"N", "ORG"})
_LISTS = frozenset({"CATEGORIES"})
_ANNIVERSARIES = frozenset(
    {
        "ANNIVERSARY",
        "X-ANNIVERSARY",
        "X-MS-ANNIVERSARY",
        "X-EVOLUTION-ANNIVERSARY",
        "X-KADDRESSBOOK-X-ANNIVERSARY",
        "X-WAB-WEDDING_ANNIVERSARY",
    }
)
# Vendor forms beyond the list: X-<anything>ANNIVERSARY (GroupWise's X-GWANNIVERSARY…) and
# X-<vendor>-BIRTHDAY / BDAY, unless the date is someone else's (a spouse's, a child's).
_VENDOR_ANNIVERSARY = re.compile(r"^X-[A-Z0-9_-]*ANNIVERSARY$")
_VENDOR_BIRTHDAY = re.compile(r"^X-[A-Z0-9_-]*(?:BIRTHDAY|BIRTHDATE|BDAY)$")
_SOMEONE_ELSE = re.compile(r"SPOUSE|PARTNER|CHILD|KID|ASSISTANT|MANAGER")
_TEXT = frozenset({"FN", "EMAIL", "TEL", "BDAY", "NOTE", "X-ABDATE", "X-ABLABEL"}) | _ANNIVERSARIES
_KEPT = _STRUCTURED | _LISTS | _TEXT | {"VERSION"}

_BEGIN = re.compile(rb"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)
_QP_PARAM = re.compile(rb"^(?:ENCODING\s*=\s*)?QUOTED-PRINTABLE$", re.IGNORECASE)
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_FAXLIKE = re.compile(r"fax|pager", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Line:
    """One logical (unfolded) content line and the physical line where it starts."""

    number: int
    raw: bytes


@dataclass(frozen=True, slots=True)
class _Card:
    """The logical lines between BEGIN:VCARD and END:VCARD (nested cards left out)."""

    begin: int
    lines: tuple[_Line, ...]
    closed: bool


def parse_vcard(data: bytes | str) -> ParseResult:
    """Read every card in a .vcf file.

    Bytes are best: folding is undone before decoding, which a str cannot offer when a writer
    folded inside a multi-byte character. A card without a usable name (FN, N or ORG) is a
    `RowError` at its BEGIN:VCARD line; a file without any card raises ImportInvalid. A
    birthday or anniversary that is no date is dropped with a warning and the contact kept.
    """
    raw = _as_utf8_bytes(data)
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    cards = list(_split_cards(_logical_lines(raw)))
    if not cards:
        raise ImportInvalid("no vCard in this file (no BEGIN:VCARD line)")
    for card in cards:
        if not card.closed:
            errors.append(RowError(card.begin, "the card never ends (no END:VCARD)"))
            continue
        record = _read_card(card, errors, warnings)
        if record is not None:
            records.append(record)
    return ParseResult(records, errors, "vcard", warnings)


def _as_utf8_bytes(data: bytes | str) -> bytes:
    """Bytes in an ASCII-compatible encoding: UTF-16/32 files are re-encoded as UTF-8."""
    if isinstance(data, str):
        return data.lstrip("\ufeff").encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] == b"\x00\x00\xfe\xff":
        return decode_bytes(data).lstrip("\ufeff").encode("utf-8")
    if wide_encoding(data) is not None:  # UTF-16/32 without a BOM (Mac OS X Address Book)
        return decode_bytes(data).lstrip("\ufeff").encode("utf-8")
    return data


def _split_header(raw: bytes) -> tuple[bytes, bytes] | None:
    """(`group.NAME;params`, value) split at the first colon outside double quotes.

    With an unbalanced quote, at the first colon: vobject then judges the line.
    """
    quoted = False
    for index, byte in enumerate(raw):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3A and not quoted:  # :
            return raw[:index], raw[index + 1 :]
    header, colon, value = raw.partition(b":")
    return (header, value) if colon else None


def _split_params(header: bytes) -> list[bytes]:
    """`item1.TEL;TYPE=cell;PREF=1` → [b"item1.TEL", b"TYPE=cell", b"PREF=1"]."""
    parts: list[bytes] = []
    quoted = False
    start = 0
    for index, byte in enumerate(header):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3B and not quoted:  # ;
            parts.append(header[start:index])
            start = index + 1
    parts.append(header[start:])
    return [part.strip() for part in parts]


def _is_quoted_printable(raw: bytes) -> bool:
    split = _split_header(raw)
    if split is None:
        return False
    return any(_QP_PARAM.match(param) for param in _split_params(split[0])[1:])


def _logical_lines(data: bytes) -> list[_Line]:
    """Undo RFC folding and quoted-printable soft line breaks, on bytes.

    A quoted-printable value ending in `=` continues on the next physical line whatever that
    line starts with (Android and Outlook do not indent it), and an empty continuation ends it.
    Pieces are joined once per line: a folded photo can have thousands of them.
    """
    lines: list[_Line] = []
    chunks: list[bytes] = []
    start = 0
    quoted_printable = False  # the current line's parameters say QUOTED-PRINTABLE
    header_seen = False  # the current line's colon has been read
    for number, physical in enumerate(data.splitlines(), start=1):
        if chunks:
            soft_break = quoted_printable and chunks[-1].endswith(b"=")
            if soft_break and not (_BEGIN.match(physical) or _END.match(physical)):
                chunks[-1] = chunks[-1][:-1]
                chunks.append(physical)
                continue
            if physical[:1] in (b" ", b"\t"):
                chunks.append(physical[1:])
                if not header_seen:  # the parameters themselves were folded
                    joined = b"".join(chunks)
                    quoted_printable = _is_quoted_printable(joined)
                    header_seen = b":" in joined
                continue
            lines.append(_Line(start, b"".join(chunks)))
            chunks = []
        if not physical.strip():
            continue
        chunks, start = [physical], number
        quoted_printable = _is_quoted_printable(physical)
        header_seen = b":" in physical
    if chunks:
        lines.append(_Line(start, b"".join(chunks)))
    return lines


def _split_cards(lines: Sequence[_Line]) -> Iterator[_Card]:
    """Group logical lines into cards; text outside cards and nested (AGENT) cards are skipped."""
    depth = 0
    begin = 0
    body: list[_Line] = []
    for line in lines:
        if _BEGIN.match(line.raw):
            depth += 1
            if depth == 1:
                begin, body = line.number, []
            continue
        if _END.match(line.raw):
            if depth == 1:
                yield _Card(begin, tuple(body), closed=True)
            depth = max(depth - 1, 0)
            continue
        if depth == 1:
            body.append(line)
    if depth > 0:
        yield _Card(begin, tuple(body), closed=False)


def _property_name(header: bytes) -> str:
    name = _split_params(header)[0]
    return name.rsplit(b".", 1)[-1].decode("ascii", "replace").upper()


def _card_version(card: _Card) -> str:
    for line in card.lines:
        split = _split_header(line.raw)
        if split is not None and _property_name(split[0]) == "VERSION":
            return split[1].decode("ascii", "replace").strip()
    return "3.0"


def _decode_value(value: bytes, charset: str | None) -> str:
    """Text of a value in its declared charset; UTF-8, else Windows-1252, when none is given.

    A declared charset that the bytes break (one stray byte in a UTF-8 value, as in an Android
    export) is decoded with replacement characters rather than guessed: the rest stays right.
    """
    if charset:
        try:
            return value.decode(charset)
        except LookupError:
            pass  # unknown charset name: guess below
        except UnicodeDecodeError:
            return value.decode(charset, errors="replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(value)


def _escape_literal(text: str, *, commas: bool) -> str:
    """Plain text (decoded quoted-printable) in vCard 3.0 escaping."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\n", "\\n").replace(";", "\\;")
    return text.replace(",", "\\,") if commas else text


def _normalise_escapes(text: str, *, commas: bool, v21: bool) -> str:
    """Repair escaping so that vobject reads the value whole and as meant.

    3.0/4.0: `\\,` `\\;` `\\\\` `\\n` stay; a backslash before anything else is dropped
    (`B\\'C` → `B'C`); bare commas are escaped when `commas` (single-valued text). 2.1: there is
    no escaping but `\\;`, so other backslashes are literal and get doubled.
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        nxt = text[index + 1] if index + 1 < len(text) else ""
        if char == "\\":
            if v21:
                if nxt == ";":
                    out.append("\\;")
                    index += 2
                else:
                    out.append("\\\\")
                    index += 1
                continue
            if nxt in ("\\", ",", ";", "n", "N"):
                out.append(char + nxt)
            elif nxt:
                out.append(nxt)
            index += 2
            continue
        out.append("\\," if char == "," and commas else char)
        index += 1
    return "".join(out)


def _split_unescaped(value: bytes, separator: int) -> list[bytes]:
    parts: list[bytes] = []
    start = 0
    index = 0
    while index < len(value):
        if value[index] == 0x5C:  # backslash: skip the escaped byte
            index += 2
            continue
        if value[index] == separator:
            parts.append(value[start:index])
            start = index + 1
        index += 1
    parts.append(value[start:])
    return parts


def _date_kind(name: str) -> str | None:
    """`anniversary` or `birthday` for the standard and vendor date properties, else None."""
    if name in _ANNIVERSARIES or _VENDOR_ANNIVERSARY.match(name):
        return "anniversary"
    if _VENDOR_BIRTHDAY.match(name) and not _SOMEONE_ELSE.search(name):
        return "birthday"
    return None


def _dated_extension(name: str, value: bytes) -> bool:
    """Whether an X- property is kept for its date: a vendor date form, or any date value.

    The second kind is kept only to be reported: a date cadence would otherwise drop unseen.
    """
    if not name.startswith("X-"):
        return False
    if _date_kind(name) is not None:
        return True
    return _is_plain_date(value.decode("ascii", "replace"))


def _is_plain_date(text: str) -> bool:
    """A calendar date (not a timestamp such as a revision time), as vCard writes it."""
    text = text.strip()
    return "T" not in text.upper() and parse_iso_like(text) is not None


def _rewrite(line: _Line, *, v21: bool) -> str | None:
    """The line as clean vCard 3.0 text for vobject, or None when cadence does not need it."""
    split = _split_header(line.raw)
    if split is None:
        return None
    header, value = split
    params = _split_params(header)
    name = _property_name(header)
    if name not in _KEPT and not _dated_extension(name, value):
        return None
    quoted_printable = False
    charset: str | None = None
    kept_params: list[str] = []
    for param in params[1:]:
        if _QP_PARAM.match(param):
            quoted_printable = True
            continue
        key, _, param_value = param.partition(b"=")
        key_upper = key.strip().upper()
        if key_upper == b"CHARSET":
            charset = param_value.strip().strip(b'"').decode("ascii", "replace")
            continue
        if key_upper == b"ENCODING" and param_value.strip().upper() in (b"8BIT", b"7BIT"):
            continue
        if param:
            kept_params.append(_decode_value(param, None))
    prefix = ";".join([_decode_value(params[0], None), *kept_params])
    if quoted_printable:
        if name in _STRUCTURED:
            parts = _split_unescaped(value, 0x3B)
            decoded = ";".join(
                _escape_literal(_decode_value(binascii.a2b_qp(part), charset), commas=True)
                for part in parts
            )
        else:
            literal = _decode_value(binascii.a2b_qp(value), charset)
            decoded = _escape_literal(literal, commas=name not in _LISTS)
        return f"{prefix}:{decoded}"
    text = _decode_value(value, charset)
    if name == "VERSION":
        return f"{prefix}:{text.strip()}"
    # N's components may be comma lists (several middle names); an ORG's never are.
    commas = name not in _LISTS and name != "N"
    return f"{prefix}:{_normalise_escapes(text, commas=commas, v21=v21)}"


def _readable(body: str) -> bool:
    """Whether vobject's own line parser accepts the line (its error line numbers are off)."""
    try:
        vobject.base.parseLine(body)
    except vobject.base.ParseError:
        return False
    return True


def _read_card(
    card: _Card, errors: list[RowError], warnings: list[RowError]
) -> ContactRecord | None:
    v21 = _card_version(card).startswith("2")
    bodies: list[str] = []
    for line in card.lines:
        body = _rewrite(line, v21=v21)
        if body is None:
            continue
        if not _readable(body):
            shown = body if len(body) <= 60 else body[:57] + "..."
            warnings.append(RowError(line.number, f"unreadable vCard line skipped: {shown}"))
            continue
        bodies.append(body)
    text = "\r\n".join(["BEGIN:VCARD", *bodies, "END:VCARD", ""])
    try:
        component = vobject.readOne(text, transform=True)
    except Exception as exc:  # vobject raises assorted errors on malformed input
        errors.append(RowError(card.begin, f"vobject cannot read this card: {exc}"))
        return None
    return _to_record(component, card.begin, errors, warnings)


def _children(component: Any) -> list[Any]:
    return list(component.getChildren())


def _text(value: Any) -> str:
    """A property value as one string (vobject gives str, list, or bytes for binary)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return " ".join(_text(item) for item in value)
    return str(value)


def _types(child: Any) -> list[str]:
    """TYPE values, lower-cased, from `TYPE=a,b`, repeated TYPE and 2.1 bare parameters."""
    found: list[str] = []
    params: dict[str, list[str]] = child.params
    for item in [*params.get("TYPE", []), *child.singletonparams]:
        found.extend(part.strip().strip('"').lower() for part in str(item).split(","))
    return [item for item in found if item]


def _preference(child: Any) -> int:
    """1 for the preferred value (TYPE=pref, PREF=1), the PREF number in 4.0, else 101."""
    params: dict[str, list[str]] = child.params
    for value in params.get("PREF", []):
        try:
            return max(1, min(100, int(str(value).strip('"'))))
        except ValueError:
            return 1
    return 1 if "pref" in _types(child) else 101


def _name_from_n(value: Any) -> str:
    """Given, additional and family names, with the suffix: the honorific prefix is left out."""
    parts = [getattr(value, key, "") for key in ("given", "additional", "family", "suffix")]
    return clean_name(" ".join(_text(part) for part in parts))


def _apple_label(text: str) -> str:
    """`_$!<Anniversary>!$_` → "anniversary"; custom labels lower-cased as given."""
    label = text.strip()
    match = _APPLE_LABEL.match(label)
    if match is not None:
        label = match.group(1)
    return clean_name(label).lower()


def _clean_email(text: str) -> str:
    text = text.strip()
    return text[7:] if text.lower().startswith("mailto:") else text


def _clean_phone(text: str) -> str:
    """`tel:+44-555;ext=5` (vCard 4.0 URI) → `+44-555 ext. 5`."""
    text = text.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
        text = re.sub(r";ext=", " ext. ", text, flags=re.IGNORECASE)
        text = text.split(";", 1)[0]
    return text


@dataclass(slots=True)
class _Dates:
    """The dates read from one card: BDAY wins over a vendor birthday property."""

    birthday: YearlyDate | None = None
    vendor_birthday: YearlyDate | None = None
    milestones: list[tuple[str, YearlyDate]] = field(default_factory=list)


def _read_date(
    child: Any, labels: dict[str, str], begin: int, warnings: list[RowError], dates: _Dates
) -> None:
    """File one date property of a card (BDAY, an anniversary, X-ABDATE, another X- date)."""
    name = str(child.name).upper()
    text = _text(child.value).strip()
    if name == "BDAY":
        kind: str | None = "birthday"
    elif name == "X-ABDATE":
        kind = labels.get(str(child.group or "").lower()) or "other"
    else:
        kind = _date_kind(name)
    if kind is None:  # kept only because its value is a date
        warnings.append(
            RowError(begin, f"{child.name} {text!r} is a date cadence does not know; skipped")
        )
        return
    day = parse_iso_like(text)
    if day is None:
        warnings.append(RowError(begin, f"{kind} {text!r} is not a date; skipped"))
    elif kind == "birthday" and name == "BDAY":
        dates.birthday = dates.birthday or day
    elif kind == "birthday":
        dates.vendor_birthday = dates.vendor_birthday or day
    elif (kind, day) not in dates.milestones:
        dates.milestones.append((kind, day))


@dataclass(slots=True)
class _Found:
    """What one pass over a card's properties finds, before it becomes a record."""

    formatted: str = ""
    structured: str = ""
    company: str | None = None
    emails: list[tuple[int, int, str]] = field(default_factory=list)
    phones: list[tuple[bool, int, int, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dates: _Dates = field(default_factory=_Dates)


def _read_property(
    child: Any,
    index: int,
    found: _Found,
    labels: dict[str, str],
    begin: int,
    warnings: list[RowError],
) -> None:
    """File one property of a card where it belongs (the first FN, N and ORG win); `index`
    keeps the card's order among emails and phones of one preference."""
    name = child.name
    if name == "FN" and not found.formatted:
        found.formatted = clean_name(_text(child.value))
    elif name == "N" and not found.structured:
        found.structured = _name_from_n(child.value)
    elif name == "ORG" and found.company is None:
        units = child.value if isinstance(child.value, list) else [child.value]
        found.company = next((clean_name(_text(u)) for u in units if clean_name(_text(u))), None)
    elif name == "EMAIL":
        found.emails.append((_preference(child), index, _clean_email(_text(child.value))))
    elif name == "TEL":
        faxlike = any(_FAXLIKE.search(kind) for kind in _types(child))
        found.phones.append((faxlike, _preference(child), index, _clean_phone(_text(child.value))))
    elif name == "CATEGORIES":
        values = child.value if isinstance(child.value, list) else [child.value]
        found.tags.extend(_text(v).strip() for v in values if not is_system_group(_text(v)))
    elif name == "NOTE":
        note = clean_text(_text(child.value))
        if note:
            found.notes.append(note)
    elif name in ("BDAY", "ANNIVERSARY") or (name[:2] == "X-" and name != "X-ABLABEL"):
        _read_date(child, labels, begin, warnings, found.dates)


def _to_record(
    component: Any, begin: int, errors: list[RowError], warnings: list[RowError]
) -> ContactRecord | None:
    children = _children(component)
    labels: dict[str, str] = {}
    for child in children:
        if child.name == "X-ABLABEL" and child.group:
            labels[str(child.group).lower()] = _apple_label(_text(child.value))
    found = _Found()
    for index, child in enumerate(children):
        _read_property(child, index, found, labels, begin, warnings)
    addresses = unique_casefold(value for *_, value in sorted(found.emails))
    name = (
        found.formatted
        or found.structured
        or (found.company or "")
        or email_as_name(addresses, begin, warnings, what="the card")
    )
    if not name:
        errors.append(RowError(begin, "the card has no name (no FN, N, ORG or EMAIL)"))
        return None
    return ContactRecord(
        name=name,
        line=begin,
        emails=addresses,
        phones=usable_phones(
            (value for *_, value in sorted(found.phones)), begin, warnings, what="the card"
        ),
        company=found.company,
        tags=unique_casefold(found.tags),
        birthday=found.dates.birthday or found.dates.vendor_birthday,
        milestones=tuple(found.dates.milestones),
        notes="\n".join(found.notes) or None,
    )


def split_content_line(raw: bytes) -> tuple[bytes, str, list[bytes], bytes] | None:
    """An unfolded content line as (group, NAME, parameters, value), or None without a colon.

    For `vcard_lines`, which rewrites cards line by line: the same split as the reader's."""
    split = _split_header(raw)
    if split is None:
        return None
    header, value = split
    params = _split_params(header)
    group, _, _name = params[0].rpartition(b".")
    return group, _property_name(header), params[1:], value


def date_property_kind(name: str) -> str | None:
    """`birthday` or `anniversary` for BDAY and every vendor form of the two, else None."""
    return "birthday" if name == "BDAY" else _date_kind(name)
