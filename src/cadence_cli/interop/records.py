"""What every importer produces: plain, frozen records that know nothing about the store.

The readers (vCard, the CSV layouts) turn foreign files into `ContactRecord`s and `RowError`s;
the store decides what to do with them (duplicates, all-or-nothing, `--skip-invalid`). Keeping
this layer free of the database lets it be tested on real files byte for byte.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from cadence_cli.core.dates import YearlyDate
from cadence_cli.errors import ImportInvalid, InvalidInput
from cadence_cli.interop.textenc import wide_encoding

__all__ = [
    "Cells",
    "ContactRecord",
    "ParseResult",
    "RowError",
    "RowReader",
    "clean_name",
    "clean_text",
    "decode_bytes",
    "email_as_name",
    "is_system_group",
    "no_name",
    "not_this_layout",
    "parse_iso_like",
    "unique",
    "unique_casefold",
    "yearly_or_none",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactRecord:
    """One contact read from a file, before it becomes a client.

    `emails` and `phones` come best first (the preferred one, then the file's order; Outlook
    and Thunderbird, which mark none, mobile first; faxes and pagers last), so `emails[0]` is
    the one to keep when the store has room for only one. `tier`, `owner`, `last_contact` and
    `status` come only from cadence's own CSV, as written there (the store validates them).
    `line` is the 1-based physical line where the record starts, for messages.
    """

    name: str
    line: int
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str | None = None
    tags: tuple[str, ...] = ()
    birthday: YearlyDate | None = None
    milestones: tuple[tuple[str, YearlyDate], ...] = ()
    notes: str | None = None
    tier: str | None = None
    owner: str | None = None
    last_contact: date | None = None
    status: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a ContactRecord needs a name; readers report a RowError instead")

    def other_emails(self, kept_email: str | None) -> tuple[str, ...]:
        """The emails besides the one a client keeps, in the record's order."""
        return tuple(email for email in self.emails if email != kept_email)

    def notes_beside(self, kept_email: str | None) -> str | None:
        """The notes, then the emails other than `kept_email` and the phones after the first
        ("Other emails: …"): a client keeps one of each, and nothing in the file is lost."""
        extra = []
        others = self.other_emails(kept_email)
        if others:
            extra.append("Other emails: " + ", ".join(others))
        if len(self.phones) > 1:
            extra.append("Other phones: " + ", ".join(self.phones[1:]))
        return "\n\n".join(filter(None, [self.notes, "\n".join(extra)])) or None

    def all_milestones(self) -> list[tuple[str, YearlyDate]]:
        """The milestones with the birthday first, as the `birthday` milestone."""
        birthday = [] if self.birthday is None else [("birthday", self.birthday)]
        return [*birthday, *self.milestones]


@dataclass(frozen=True, slots=True)
class RowError:
    """A record (row or card) that cannot be imported, or a detail that was skipped.

    `line` is the 1-based physical line where the record starts (for an unreadable vCard
    line that was skipped: that line).
    """

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Everything read from one file.

    `errors` are records that could not be imported at all (no name, a bad date in a cadence
    CSV…): an all-or-nothing import refuses the file when there are any. `warnings` are
    details that were dropped from a record that is still imported (a text birthday such as
    "circa 1800", an unknown column), for the user to see. `format` is what was read: `vcard`,
    `csv` (cadence's own), `google`, `outlook`, `thunderbird`, or `json` (not parsed here).
    """

    records: list[ContactRecord]
    errors: list[RowError]
    format: str
    warnings: list[RowError] = field(default_factory=list)


Cells = Callable[[str], str]
"""One CSV row's cells by lower-case column name, stripped ("" for a column it lacks)."""

RowReader = Callable[[int, Cells, Sequence[str], list[RowError]], "ContactRecord | RowError"]
"""A CSV layout's row reader (Outlook's among them): the line, the row's cells, the header as
lower-case names and the file's warnings give a record or the reason the row is not one."""


def no_name(line: int) -> RowError:
    """A CSV row with nothing to name a contact by, in the same words whatever the layout."""
    return RowError(line, "the row has no name (no first, last, display or company name or email)")


def not_this_layout(layout: str, header: Sequence[str]) -> ImportInvalid:
    """A file read as `layout` ("a google CSV", "an Outlook CSV") that has none of its name or
    email columns: refused, since its rows would be named after whatever column is left."""
    shown = ", ".join(header[:6])
    return ImportInvalid(
        f"this is not {layout}: none of its name or email columns (header: {shown})",
        hint="leave --format out to detect the layout, or choose another --format",
    )


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes) -> str:
    """Text of a file from any of the encodings contact exports really use.

    A BOM wins (UTF-8, UTF-16, UTF-32: Outlook and Excel write them); then UTF-16 or UTF-32
    told by their NUL bytes (`textenc.wide_encoding`: Mac OS X wrote no BOM); then strict
    UTF-8; then Windows-1252, which is what "ISO-8859-1" exports from Windows tools really
    are, and finally ISO-8859-1 itself, which accepts any byte, so this never fails.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                data = data[len(bom) :]
                break
    wide = wide_encoding(data)
    if wide is not None:
        unit = 4 if wide.startswith("utf-32") else 2
        try:
            return data[: len(data) - len(data) % unit].decode(wide)
        except UnicodeDecodeError:
            pass  # NULs by chance (binary junk): read it as 8-bit text below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_SPACES = re.compile(r"\s+")


def clean_name(text: str | None) -> str:
    """A name on one line with single spaces: files pad names and wrap them."""
    if text is None:
        return ""
    return _SPACES.sub(" ", text).strip()


def clean_text(text: str | None) -> str | None:
    """Free text (notes, company) with Unix newlines, trimmed; None when blank."""
    if text is None:
        return None
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return cleaned or None


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Non-blank values, trimmed, first occurrence kept."""
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)


def unique_casefold(values: Iterable[str]) -> tuple[str, ...]:
    """Like `unique`, but `Bob@X.com` and `bob@x.com` are one (emails, tags)."""
    seen: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return tuple(seen.values())


def yearly_or_none(year: int | None, month: int, day: int) -> YearlyDate | None:
    """A YearlyDate, or None when the parts are no real day (Feb 30, month 13).

    Year 1604 is Apple's and CardBook's "year unknown" placeholder and year 0 is no year
    either: both become a date without a year.
    """
    if year in (0, 1604):
        year = None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return YearlyDate(month, day, year)
    except InvalidInput:  # Feb 30, Apr 31, Feb 29 of a common year
        return None


_ISO_LIKE = re.compile(
    r"^(?:(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})|--(?P<m>\d{2})-?(?P<d>\d{2}))"
    r"(?:T[0-9:.,]*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$",
    re.IGNORECASE,
)


def parse_iso_like(text: str) -> YearlyDate | None:
    """A date as vCard and Google write it, or None when `text` is not one.

    Accepts `1980-03-22`, `19800322`, `--0416`, `--04-16` and a date-time (`1980-03-22T00:00:00Z`,
    `19531015T231000Z`, `1996-04-15T201243+04:00`), whose date is taken as written: a birthday
    is a calendar day, not an instant to move across time zones.
    """
    match = _ISO_LIKE.match(text.strip())
    if match is None:
        return None
    if match.group("year") is not None:
        year: int | None = int(match.group("year"))
        month, day = int(match.group("month")), int(match.group("day"))
    else:
        year, month, day = None, int(match.group("m")), int(match.group("d"))
    return yearly_or_none(year, month, day)


def email_as_name(
    emails: Iterable[str], line: int, warnings: list[RowError], *, what: str = "the row"
) -> str:
    """The first email address, as the name of a contact that has none ("" without one).

    Phones and webmail keep address-only contacts; importing them under their address, with a
    warning, keeps them in the book for the user to rename instead of refusing the whole file.
    """
    for email in emails:
        if "@" in email:
            name = clean_name(email)
            warnings.append(RowError(line, f"{what} has no name: named after its email {name}"))
            return name
    return ""


_SYSTEM_GROUPS = frozenset({"mycontacts"})


def is_system_group(tag: str) -> bool:
    """Google's "My Contacts" group, which every contact is in: noise, not a tag."""
    return tag.lstrip("* ").replace(" ", "").casefold() in _SYSTEM_GROUPS
