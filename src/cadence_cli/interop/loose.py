"""Dates and phone numbers as other programs write them into CSV cells and vCard values.

Shared by every reader: a date in the writer's locale (`3/22/1980`, `22.03.1980`,
`1980. 03. 22.`), and phone cells that hold no number at all (a template's "BusinessPhone",
"n/a") which must not become a client's phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cadence_cli.core.dates import YearlyDate
from cadence_cli.interop.records import RowError, parse_iso_like, unique, yearly_or_none

__all__ = ["date_cell", "loose_date", "usable_phones"]

_NUMERIC_DATE = re.compile(r"^(\d{1,4})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{1,4})\.?(?:[ T].*)?$")


def loose_date(text: str, *, day_first: bool | None = None) -> tuple[bool, YearlyDate | None]:
    """(readable, date) for a date written in some locale's short form.

    A four-digit first part is year-month-day (Swedish, Hungarian `1980. 03. 22.`). Otherwise
    `day_first` decides: True for the locales that write day first (German `22.03.1980`,
    French `22/03/1980`), False for US month first, None to guess as Outlook's English export
    needs: `.` means day first, and so does a first number that cannot be a month. Any date
    with a zero part (`0/0/00`, Outlook's "no date") is readable and None.
    """
    text = text.strip()
    if not text:
        return True, None
    iso = parse_iso_like(text)
    if iso is not None:
        return True, iso
    match = _NUMERIC_DATE.match(text)
    if match is None:
        return False, None
    first, separator, second, last = match.groups()
    if len(first) == 4:
        year_text, month, day = first, int(second), int(last)
    elif len(first) <= 2 and len(last) in (2, 4):
        a, b, year_text = int(first), int(second), last
        guess_day_first = separator == "." or a > 12
        if day_first if day_first is not None else guess_day_first:
            day, month = a, b
        else:
            month, day = a, b
    else:
        return False, None
    year = int(year_text)
    if month == 0 or day == 0:
        return True, None
    if len(year_text) == 2:
        year += 1900 if year >= 30 else 2000
    found = yearly_or_none(year, month, day)
    return found is not None, found


def date_cell(
    text: str,
    what: str,
    line: int,
    warnings: list[RowError],
    *,
    day_first: bool | None = None,
) -> YearlyDate | None:
    """`loose_date`, with a warning naming the row when the cell is no date."""
    readable, found = loose_date(text, day_first=day_first)
    if not readable:
        warnings.append(RowError(line, f"{what} {text.strip()!r} is not a date; skipped"))
    return found


def usable_phones(
    values: Iterable[str], line: int, warnings: list[RowError], *, what: str = "the row"
) -> tuple[str, ...]:
    """The distinct phone values that hold at least one digit; the others are warned about.

    Templates and careless exports leave labels or placeholders in phone fields
    ("BusinessPhone", "n/a", "-"); stored as a phone they would be dialled.
    """
    kept: list[str] = []
    for value in unique(values):
        if any(char.isdigit() for char in value):
            kept.append(value)
        else:
            warnings.append(
                RowError(line, f"{what} has phone {value!r} with no digits: not stored")
            )
    return tuple(kept)
