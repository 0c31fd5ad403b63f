"""Outlook contacts CSV, in whatever language Outlook wrote it.

The columns are looked up in `outlook_headers` for the language the header reveals, and
dates are read in that language's order (`31.12.1980` in German, `12/31/1980` in US English).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cadence_cli.core.dates import YearlyDate
from cadence_cli.interop.loose import date_cell, usable_phones
from cadence_cli.interop.outlook_headers import (
    FAXLIKE_SLOTS,
    PHONE_SLOTS,
    OutlookLanguage,
    best_language,
    header_key,
)
from cadence_cli.interop.records import (
    Cells,
    ContactRecord,
    RowError,
    RowReader,
    clean_name,
    clean_text,
    email_as_name,
    is_system_group,
    no_name,
    not_this_layout,
    unique_casefold,
)

__all__ = ["outlook_language", "outlook_reader"]


def outlook_language(header: Sequence[str]) -> OutlookLanguage | None:
    """The Outlook language of a header row, or None when it has no Outlook name column."""
    found = best_language(header)
    return None if found is None else found[0]


def outlook_reader(header: Sequence[str]) -> RowReader:
    """A row reader for an Outlook CSV with this header (as written, any case).

    Raises ImportInvalid when the header has none of the name columns of any language Outlook
    ships: reading such a file as Outlook would import rows named after whatever is left.
    """
    language = outlook_language(header)
    if language is None:
        raise not_this_layout("an Outlook CSV", header)
    present = {header_key(cell) for cell in header}

    def column(field: str) -> str:
        """The key of the field's column in this file (the first alternative present)."""
        keys = language.fields.get(field, ())
        return next((key for key in keys if key in present), keys[0] if keys else "")

    columns = {field: column(field) for field in language.fields}

    def read(
        line: int, get: Cells, _header: Sequence[str], warnings: list[RowError]
    ) -> ContactRecord | RowError:
        return _read_row(language, columns, line, get, warnings)

    return read


def _read_row(
    language: OutlookLanguage,
    columns: dict[str, str],
    line: int,
    get: Cells,
    warnings: list[RowError],
) -> ContactRecord | RowError:
    def cell(field: str) -> str:
        key = columns.get(field, "")
        return get(key) if key else ""

    company = clean_name(cell("company")) or None
    parts = [cell("first"), cell("middle"), cell("last"), cell("suffix")]
    emails = unique_casefold(
        value
        for value in (cell("email1"), cell("email2"), cell("email3"))
        if not value.lower().startswith("/o=")  # Exchange X.500 address, not an email
    )
    name = (
        clean_name(" ".join(parts))
        or clean_name(cell("nickname"))
        or (company or "")
        or email_as_name(emails, line, warnings)
    )
    if not name:
        return no_name(line)

    def day(field: str, what: str) -> YearlyDate | None:
        return date_cell(cell(field), what, line, warnings, day_first=language.day_first)

    milestones: list[tuple[str, YearlyDate]] = []
    anniversary = day("anniversary", "anniversary")
    if anniversary is not None:
        milestones.append(("anniversary", anniversary))
    phones = [cell(slot) for slot in PHONE_SLOTS if slot not in FAXLIKE_SLOTS]
    phones += [cell(slot) for slot in PHONE_SLOTS if slot in FAXLIKE_SLOTS]
    categories = re.split(r"[;,]", cell("categories"))
    return ContactRecord(
        name=name,
        line=line,
        emails=emails,
        phones=usable_phones(phones, line, warnings),
        company=company,
        tags=unique_casefold(c for c in categories if not is_system_group(c)),
        birthday=day("birthday", "birthday"),
        milestones=tuple(milestones),
        notes=clean_text(cell("notes")),
    )
