"""CSV in: cadence's own columns, Google Contacts (old and new), Outlook, Thunderbird. CSV out.

Every reader reports the physical line where a row starts (a quoted note can span lines), so a
user can find the row in an editor. The export neutralises cells a spreadsheet would run as a
formula (OWASP "CSV injection") and the reader undoes exactly that, so export → import is
lossless.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TextIO, TypeVar

from cadence_cli.core.dates import YearlyDate, parse_iso_day, parse_yearly
from cadence_cli.errors import ImportInvalid, InvalidInput
from cadence_cli.interop.loose import date_cell, usable_phones
from cadence_cli.interop.outlook import outlook_language, outlook_reader
from cadence_cli.interop.outlook_headers import OutlookLanguage, header_key
from cadence_cli.interop.records import (
    Cells,
    ContactRecord,
    ParseResult,
    RowError,
    RowReader,
    clean_name,
    clean_text,
    email_as_name,
    is_system_group,
    no_name,
    not_this_layout,
    unique_casefold,
    yearly_or_none,
)

__all__ = [
    "CADENCE_COLUMNS",
    "CSV_FORMATS",
    "contact_row",
    "neutralise",
    "parse_csv",
    "read_header",
    "sniff_csv_format",
    "unneutralise",
    "write_cadence_csv",
]

CADENCE_COLUMNS: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "company",
    "tier",
    "tags",
    "birthday",
    "milestones",
    "owner",
    "notes",
    "last_contact",
    "next_due",
    "status",
)
CSV_FORMATS: tuple[str, ...] = ("csv", "google", "outlook", "thunderbird")

# --- formula-injection neutralisation -------------------------------------------------------

_TRIGGERS = "=+-@\t\r"
_TRIGGERS_OR_QUOTE = frozenset(_TRIGGERS + "'")
_NEEDS_QUOTE = re.compile(r"^'*[=+\-@\t\r]")
_QUOTED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would read as a formula (OWASP CSV injection).

    Cells starting with `=`, `+`, `-`, `@`, tab or CR are prefixed, and so are cells that
    already start with quotes followed by one of those, so that `unneutralise` can always tell
    an added quote from one that was in the data.
    """
    if not cell or cell[0] not in _TRIGGERS_OR_QUOTE:  # nearly every cell: skip the regex
        return cell
    return "'" + cell if _NEEDS_QUOTE.match(cell) else cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise`: drop one leading `'` when quotes and then a trigger character follow."""
    if not cell.startswith("'"):  # nearly every cell: skip the regex
        return cell
    return cell[1:] if _QUOTED.match(cell) else cell


# --- list cells: `vip;golf`, `home=2015-06-01;client since=--03-01` ----------------------------


def _escape_item(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("=", "\\=")


def _split_escaped(text: str, separator: str) -> list[str]:
    """Split at unescaped `separator`; backslash escapes are kept for `_unescape`."""
    if "\\" not in text:
        return text.split(separator)
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


# --- writing --------------------------------------------------------------------------------


def _format_cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, YearlyDate):
        return value.iso()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        raise TypeError(f"column {column!r}: cannot write a bool")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Iterable):
        items = list(value)
        if column == "milestones":
            return ";".join(
                f"{_escape_item(str(label))}={_format_cell(column, day)}" for label, day in items
            )
        return ";".join(_escape_item(str(item)) for item in items)
    raise TypeError(f"column {column!r}: cannot write {type(value).__name__}")


def contact_row(
    record: ContactRecord, *, next_due: date | None = None, status: str | None = None
) -> dict[str, object]:
    """The cadence CSV row for a record: what `write_cadence_csv` takes."""
    return {
        "name": record.name,
        "email": record.emails,
        "phone": record.phones,
        "company": record.company,
        "tier": record.tier,
        "tags": record.tags,
        "birthday": record.birthday,
        "milestones": record.milestones,
        "owner": record.owner,
        "notes": record.notes,
        "last_contact": record.last_contact,
        "next_due": next_due,
        "status": status if status is not None else record.status,
    }


def write_cadence_csv(rows: Iterable[Mapping[str, object]], stream: TextIO) -> int:
    """Write the header and `rows` (keys from `CADENCE_COLUMNS`); return the number of rows.

    Values may be str, None, date, YearlyDate, int, a sequence of str (email, phone, tags:
    joined with `;`) or of (label, YearlyDate) pairs (milestones: `label=YYYY-MM-DD`). Every
    cell is neutralised against formula injection. Open `stream` with `newline=""` (and
    `encoding="utf-8-sig"` if Excel should see UTF-8): lines end in CRLF as RFC 4180 says.
    """
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CADENCE_COLUMNS)
    count = 0
    allowed = set(CADENCE_COLUMNS)
    for row in rows:
        unknown = set(row) - allowed
        if unknown:
            raise ValueError(f"not cadence CSV columns: {', '.join(sorted(unknown))}")
        writer.writerow([neutralise(_format_cell(col, row.get(col))) for col in CADENCE_COLUMNS])
        count += 1
    return count


# --- reading --------------------------------------------------------------------------------

_T = TypeVar("_T")


_SEP_LINE = re.compile(r"^sep=(.)[ \t]*$")


def _sniff_delimiter(text: str) -> tuple[str, bool]:
    """(delimiter, whether the first line is Excel's `sep=;` hint, to be skipped).

    Without a hint: `,` unless the header line has more `;` or tabs (Outlook and Excel in
    many European locales write `;`).
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    hint = _SEP_LINE.match(first)
    if hint is not None:
        return hint.group(1), True
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return (best if counts[best] > counts[","] else ","), False


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the row starts, cells) for every row, blank lines included."""
    delimiter, skip_hint = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = start = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            _refuse_unclosed_quote(text, start, previous_end)
            return
        except csv.Error as exc:
            raise ImportInvalid(f"line {previous_end + 1}: cannot read CSV: {exc}") from None
        start = previous_end + 1
        previous_end = reader.line_num
        if skip_hint and any(cell.strip() for cell in row):
            skip_hint = False
            continue
        yield start, row


def _refuse_unclosed_quote(text: str, start: int, end: int) -> None:
    """Python's lenient reader lets a quote that is never closed swallow every line after it
    into one cell of the last row. That row then spans several lines and its quotes do not
    pair up: refuse the file at the line where the quote opened, rather than import one
    client with the rest of the file in a cell."""
    if end <= start:
        return
    lines = io.StringIO(text, newline="").readlines()
    if "".join(lines[start - 1 : end]).count('"') % 2:
        raise ImportInvalid(
            f"line {start}: a quoted field opened on this line is never closed, so every "
            "line after it would be read as one cell",
            hint="close the quote (a literal quote inside a quoted field is written twice: "
            '""), or fix the file in a spreadsheet and export it again',
        )


def read_header(text: str) -> list[str]:
    """The first non-blank row, trimmed: what `sniff_csv_format` looks at."""
    found = _header(_rows(text.lstrip("\ufeff")))
    return [] if found is None else found[0]


_GOOGLE_NUMBERED = re.compile(r"^(?:e-mail|phone|event|organization|website) \d+ - ")

# The columns a layout can name a contact from; a file forced into a layout with none of
# them is refused instead of importing rows named after whatever column is left.
_NAME_COLUMNS: dict[str, frozenset[str]] = {
    "csv": frozenset({"name", "email"}),
    "google": frozenset(
        {
            "name",
            "given name",
            "additional name",
            "family name",
            "first name",
            "middle name",
            "last name",
            "file as",
            "nickname",
            "organization 1 - name",
            "organization name",
        }
    ),
    "thunderbird": frozenset(
        {"display name", "first name", "last name", "nickname", "organization", "primary email"}
    ),
}
_GOOGLE_EMAIL = re.compile(r"^e-mail \d+ - value$")


# Thunderbird writes the same 37 columns in the same order in every language, with the
# labels of the user's language ("Vorname", "Primäre E-Mail-Adresse", "Geburtsjahr"…), and
# a trailing comma (mailnews' ExportAttributesTable; the English order as in realdata's
# roundcube_thunderbird.csv). A localized export is read by position.
THUNDERBIRD_COLUMNS = (
    "first name", "last name", "display name", "nickname", "primary email", "secondary email",
    "screen name", "work phone", "home phone", "fax number", "pager number", "mobile number",
    "home address", "home address 2", "home city", "home state", "home zipcode",
    "home country", "work address", "work address 2", "work city", "work state",
    "work zipcode", "work country", "job title", "department", "organization", "web page 1",
    "web page 2", "birth year", "birth month", "birth day", "custom 1", "custom 2",
    "custom 3", "custom 4", "notes",
)  # fmt: skip


def _thunderbird_by_position(header: Sequence[str]) -> bool:
    """A Thunderbird export in another language: its 37 columns (an Outlook export has 80 or
    more), and a first or last name column where Thunderbird puts them, in a language we
    know."""
    cells = list(header)
    while cells and not cells[-1].strip():
        cells.pop()
    if len(cells) != len(THUNDERBIRD_COLUMNS):
        return False
    language = outlook_language(cells[:2])
    return language is not None and bool({header_key(c) for c in cells[:2]} & language.columns())


def sniff_csv_format(header: Sequence[str]) -> str | None:
    """`csv` (cadence), `google`, `outlook` (any language) or `thunderbird`, or None."""
    names = {header_key(cell.lstrip("\ufeff")) for cell in header}
    if "primary email" in names and ({"display name", "birth year"} & names):
        return "thunderbird"
    if _thunderbird_by_position(header):
        return "thunderbird"
    if any(_GOOGLE_NUMBERED.match(name) for name in names) or (
        {"given name", "family name", "group membership"} & names
    ):
        return "google"
    language = outlook_language(header)
    if language is not None and _looks_like_outlook(names, language):
        return "outlook"
    if "name" in names:
        return "csv"
    return None


def _looks_like_outlook(names: set[str], language: OutlookLanguage) -> bool:
    """Whether a header that shares name columns with an Outlook language is an Outlook export.

    English needs one column only Outlook writes, or both First and Last Name (a cadence CSV
    has neither); other languages need two of that language's columns, so that one stray
    "Firma" or "Nome" column does not make a file Outlook's.
    """
    if language.code == "en":
        only_outlook = {"e-mail address", "e-mail 2 address", "business phone", "mobile phone"}
        return bool(only_outlook & names) or {"first name", "last name"} <= names
    return len(names & language.columns()) >= 2


def _refuse_without_names(format: str, header: Sequence[str], keys: Sequence[str]) -> None:
    """Raise ImportInvalid when a layout chosen with --format finds none of its name columns."""
    present = set(keys)
    if format == "google" and any(_GOOGLE_EMAIL.match(key) for key in present):
        return
    if present & _NAME_COLUMNS[format]:
        return
    raise not_this_layout(f"a {format} CSV", header)


def parse_csv(text: str, *, format: str = "auto") -> ParseResult:
    """Read a CSV export; `format` is `auto` or one of `CSV_FORMATS`.

    Raises ImportInvalid when the file has no header, when `auto` cannot tell the layout, or
    when a named layout finds none of its name columns. Rows become records or `RowError`s;
    all-blank rows are skipped.
    """
    rows = _rows(text.lstrip("\ufeff"))  # one iterator: the header, then the rows under it
    found = _header(rows)
    if found is None:
        raise ImportInvalid("the CSV file is empty (no header row)")
    header, header_line = found
    format = _layout(header, format)
    lowered = [header_key(cell) for cell in header]
    if (
        format == "thunderbird"
        and "primary email" not in lowered
        and _thunderbird_by_position(header)
    ):
        lowered = [*THUNDERBIRD_COLUMNS, *lowered[len(THUNDERBIRD_COLUMNS) :]]
    if format == "outlook":
        reader = outlook_reader(header)
    else:
        _refuse_without_names(format, header, lowered)
        reader = _READERS[format]
    warnings: list[RowError] = []
    if format == "csv":
        unknown = [
            h for h, low in zip(header, lowered, strict=True) if low and low not in CADENCE_COLUMNS
        ]
        if unknown:
            warnings.append(RowError(header_line, f"columns ignored: {', '.join(unknown)}"))
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    for line, cells in rows:
        outcome = _read_row(line, cells, header, lowered, format, reader, warnings)
        if isinstance(outcome, RowError):
            errors.append(outcome)
        elif outcome is not None:
            records.append(outcome)
    return ParseResult(records, errors, format, warnings)


def _header(rows: Iterator[tuple[int, list[str]]]) -> tuple[list[str], int] | None:
    """The first row that is not blank, trimmed, and its line (None: the file has none).
    `read_header` and `parse_csv` both take it, so what sniffing sees is what is read."""
    for line, cells in rows:
        if any(cell.strip() for cell in cells):
            return [cell.strip().lstrip("\ufeff") for cell in cells], line
    return None


def _layout(header: Sequence[str], format: str) -> str:
    """The layout asked for, or with `auto` the one the header reveals."""
    if format == "auto":
        sniffed = sniff_csv_format(header)
        if sniffed is None:
            shown = ", ".join(header[:6])
            raise ImportInvalid(
                f"cannot tell which CSV layout this is (header: {shown})",
                hint="cadence CSV needs a 'name' column; "
                "or pass --format google|outlook|thunderbird",
            )
        format = sniffed
    if format not in CSV_FORMATS:
        raise InvalidInput(f"unknown CSV format {format!r}", hint=f"use {', '.join(CSV_FORMATS)}")
    return format


def _read_row(
    line: int,
    cells: list[str],
    header: Sequence[str],
    lowered: Sequence[str],
    format: str,
    reader: RowReader,
    warnings: list[RowError],
) -> ContactRecord | RowError | None:
    """One row under the header: a record, the reason it cannot be one, or None when blank."""
    if not "".join(cells).strip():
        return None
    if "".join(cells[len(header) :]).strip():
        return RowError(line, f"row has {len(cells)} cells but the header has {len(header)}")
    values: dict[str, str] = {}
    for key, value in zip(lowered, cells, strict=False):
        if not values.get(key, "").strip():  # a repeated column fills in, never blanks
            values[key] = unneutralise(value) if format == "csv" else value
    return reader(line, lambda column: values.get(column, "").strip(), lowered, warnings)


# --- cadence CSV ----------------------------------------------------------------------------


def _parsed(text: str, parse: Callable[[str], _T], problems: list[str], label: str) -> _T | None:
    """`parse(text)`, or None for an empty cell; a refusal becomes one of the row's problems."""
    if not text:
        return None
    try:
        return parse(text)
    except InvalidInput as exc:
        problems.append(f"{label}{exc}")
        return None


def _read_cadence(
    line: int, get: Cells, header: Sequence[str], warnings: list[RowError]
) -> ContactRecord | RowError:
    problems: list[str] = []
    emails = unique_casefold(get("email").split(";"))
    name = clean_name(get("name")) or email_as_name(emails, line, warnings)
    if not name:
        problems.append("name is empty")
    birthday = _parsed(get("birthday"), parse_yearly, problems, "birthday: ")
    milestones: list[tuple[str, YearlyDate]] = []
    for item in _split_escaped(get("milestones"), ";"):
        if not item.strip():
            continue
        label_part, *rest = _split_escaped(item, "=")
        label = clean_name(_unescape(label_part))
        if not rest or not label:
            problems.append(f"milestone {item.strip()!r} is not label=YYYY-MM-DD")
            continue
        try:
            milestones.append((label, parse_yearly(_unescape("=".join(rest)))))
        except InvalidInput as exc:
            problems.append(f"milestone {label!r}: {exc}")
    last_contact = _parsed(get("last_contact"), parse_iso_day, problems, "last_contact ")
    if problems:
        return RowError(line, "; ".join(problems))
    return ContactRecord(
        name=name,
        line=line,
        emails=emails,
        phones=usable_phones(get("phone").split(";"), line, warnings),
        company=clean_text(get("company")),
        tags=unique_casefold(_unescape(tag) for tag in _split_escaped(get("tags"), ";")),
        birthday=birthday,
        milestones=tuple(milestones),
        notes=clean_text(get("notes")),
        tier=clean_text(get("tier")),
        owner=clean_text(get("owner")),
        last_contact=last_contact,
        status=clean_text(get("status")),
    )


# --- shared by the foreign layouts --------------------------------------------------------


def _date_cell(text: str, what: str, line: int, warnings: list[RowError]) -> YearlyDate | None:
    return date_cell(text, what, line, warnings)


def _numbered(header: Sequence[str], kind: str) -> list[int]:
    """The numbers N of the `<kind> N - value` columns (`e-mail 1 - value` …), in order."""
    regex = re.compile(rf"^{re.escape(kind)} (\d+) - value$")
    return sorted({int(m.group(1)) for h in header if (m := regex.match(h))})


# --- Google Contacts ------------------------------------------------------------------------


def _google_type(get: Cells, kind: str, number: int) -> str:
    return get(f"{kind} {number} - type") or get(f"{kind} {number} - label")


def _read_google(
    line: int, get: Cells, header: Sequence[str], warnings: list[RowError]
) -> ContactRecord | RowError:
    company = clean_name(get("organization 1 - name") or get("organization name")) or None
    parts = [
        get("given name") or get("first name"),
        get("additional name") or get("middle name"),
        get("family name") or get("last name"),
        get("name suffix"),
    ]
    name = (
        clean_name(get("name"))
        or clean_name(" ".join(parts))
        or clean_name(get("file as"))
        or clean_name(get("nickname"))
        or (company or "")
    )
    emails: list[tuple[bool, int, str]] = []
    for number in _numbered(header, "e-mail"):
        preferred = _google_type(get, "e-mail", number).startswith("*")
        for value in get(f"e-mail {number} - value").split(" ::: "):
            emails.append((not preferred, len(emails), value))
    addresses = unique_casefold(value for *_, value in sorted(emails))
    name = name or email_as_name(addresses, line, warnings)
    if not name:
        return no_name(line)
    phones: list[tuple[bool, bool, int, str]] = []
    for number in _numbered(header, "phone"):
        kind = _google_type(get, "phone", number)
        faxlike = bool(re.search("fax|pager", kind, re.IGNORECASE))
        for value in get(f"phone {number} - value").split(" ::: "):
            phones.append((faxlike, not kind.startswith("*"), len(phones), value))
    milestones: list[tuple[str, YearlyDate]] = []
    for number in _numbered(header, "event"):
        label = clean_name(_google_type(get, "event", number).lstrip("* ")).lower() or "other"
        day = _date_cell(get(f"event {number} - value"), label, line, warnings)
        if day is not None and (label, day) not in milestones:
            milestones.append((label, day))
    groups = (get("group membership") or get("labels")).split(" ::: ")
    return ContactRecord(
        name=name,
        line=line,
        emails=addresses,
        phones=usable_phones((value for *_, value in sorted(phones)), line, warnings),
        company=company,
        tags=unique_casefold(g.lstrip("* ") for g in groups if not is_system_group(g)),
        birthday=_date_cell(get("birthday"), "birthday", line, warnings),
        milestones=tuple(milestones),
        notes=clean_text(get("notes")),
    )


# --- Thunderbird ----------------------------------------------------------------------------


def _thunderbird_birthday(get: Cells, line: int, warnings: list[RowError]) -> YearlyDate | None:
    year, month, day = get("birth year"), get("birth month"), get("birth day")
    if not (month or day):
        return None
    shown = f"{year or '----'}-{month}-{day}"
    if not (month.isdigit() and day.isdigit() and (not year or year.isdigit())):
        warnings.append(RowError(line, f"birthday {shown!r} is not a date; skipped"))
        return None
    found = yearly_or_none(int(year) if year else None, int(month), int(day))
    if found is None:
        warnings.append(RowError(line, f"birthday {shown!r} is not a date; skipped"))
    return found


def _read_thunderbird(
    line: int, get: Cells, header: Sequence[str], warnings: list[RowError]
) -> ContactRecord | RowError:
    company = clean_name(get("organization")) or None
    name = (
        clean_name(get("display name"))
        or clean_name(f"{get('first name')} {get('last name')}")
        or clean_name(get("nickname"))
        or (company or "")
    )
    emails = unique_casefold([get("primary email"), get("secondary email")])
    name = name or email_as_name(emails, line, warnings)
    if not name:
        return no_name(line)
    phone_columns = ("mobile number", "work phone", "home phone", "pager number", "fax number")
    return ContactRecord(
        name=name,
        line=line,
        emails=emails,
        phones=usable_phones((get(column) for column in phone_columns), line, warnings),
        company=company,
        birthday=_thunderbird_birthday(get, line, warnings),
        notes=clean_text(get("notes")),
    )


_READERS: dict[str, RowReader] = {
    "csv": _read_cadence,
    "google": _read_google,
    "thunderbird": _read_thunderbird,
}
