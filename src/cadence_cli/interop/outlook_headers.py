"""The column headers Outlook writes in a contacts CSV, per display language.

Outlook's export wizard ("Comma Separated Values") names its columns in the language of the
Office installation, and writes the file in that installation's ANSI code page with dates in
its locale's short form. A German export says "Vorname", "E-Mail-Adresse", "Geburtstag" and
"31.12.1980"; reading it with the English names imports junk. The strings in `outlook_table`
are the ones Outlook and Exchange use for the import/export map of each language (Spanish and
Brazilian Portuguese really do keep some columns in English). Slots separated by `|` are
alternatives seen from different Outlook versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cadence_cli.interop.outlook_table import TABLE

__all__ = ["LANGUAGES", "PHONE_SLOTS", "OutlookLanguage", "best_language", "header_key"]

# Order is preference: the primary and mobile numbers first, faxes and pagers last.
PHONE_SLOTS: tuple[str, ...] = (
    "primary",
    "mobile",
    "business",
    "home",
    "business2",
    "home2",
    "company_main",
    "other",
    "car",
    "callback",
    "assistant",
    "radio",
    "isdn",
    "tty",
    "telex",
    "pager",
    "business_fax",
    "home_fax",
    "other_fax",
)
FAXLIKE_SLOTS = frozenset({"pager", "business_fax", "home_fax", "other_fax"})


def header_key(text: str) -> str:
    """A header cell as compared: case-folded, NBSP and runs of spaces made one space."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@dataclass(frozen=True, slots=True)
class OutlookLanguage:
    """One language's Outlook columns: logical field → accepted header keys.

    `fields` holds first, middle, last, suffix, nickname, company, email1..3, birthday,
    anniversary, notes, categories and every `PHONE_SLOTS` entry that the language has.
    `written` keeps each field's first header as Outlook spells it, for messages and tests.
    `day_first` says how to read `03/04/1980` (None: guess, as English Outlook writes US and
    British dates alike); `encoding` is the code page Outlook writes.
    """

    code: str
    day_first: bool | None
    encoding: str
    fields: Mapping[str, tuple[str, ...]]
    written: Mapping[str, str]

    def columns(self) -> frozenset[str]:
        """Every header key this language knows."""
        return frozenset(key for keys in self.fields.values() for key in keys)

    def name_columns(self) -> frozenset[str]:
        """Header keys that can give a contact its name (names, company, emails)."""
        wanted = ("first", "middle", "last", "nickname", "company", "email1", "email2", "email3")
        return frozenset(key for field in wanted for key in self.fields.get(field, ()))


_FIELDS: tuple[str, ...] = (
    "first",
    "middle",
    "last",
    "suffix",
    "company",
    "email1",
    "email2",
    "email3",
    "birthday",
    "anniversary",
    "notes",
    "categories",
    *PHONE_SLOTS,
)
_OPTIONAL = ("nickname",)
_DAY_FIRST: dict[str, bool | None] = {"yes": True, "no": False, "guess": None}


def _language(code: str, rows: dict[str, str]) -> OutlookLanguage:
    """One block of `TABLE` as a language; a field missing or unknown is a bug in the table."""
    settings = {key: rows.pop(key, "") for key in ("day_first", "encoding")}
    missing = [name for name in _FIELDS if name not in rows]
    unknown = sorted(set(rows) - set(_FIELDS) - set(_OPTIONAL))
    if missing or unknown or settings["day_first"] not in _DAY_FIRST:
        raise ValueError(f"{code}: missing {missing}, unknown {unknown}, settings {settings}")
    plain = {name: rows[name] for name in (*_FIELDS, *_OPTIONAL) if rows.get(name)}
    fields = {
        name: tuple(header_key(alt) for alt in text.split("|")) for name, text in plain.items()
    }
    written = {name: text.split("|")[0] for name, text in plain.items()}
    return OutlookLanguage(
        code, _DAY_FIRST[settings["day_first"]], settings["encoding"], fields, written
    )


def _languages(table: str) -> tuple[OutlookLanguage, ...]:
    """Every block of the table, in its order (the order `best_language` breaks ties by)."""
    blocks: list[tuple[str, dict[str, str]]] = []
    for line in table.splitlines():
        if line.startswith("["):
            blocks.append((line.strip("[]"), {}))
        elif line.strip():
            name, _, header = line.partition(" ")
            blocks[-1][1][name] = header.strip()
    return tuple(_language(code, rows) for code, rows in blocks)


LANGUAGES: tuple[OutlookLanguage, ...] = _languages(TABLE)


def best_language(header: Iterable[str]) -> tuple[OutlookLanguage, int] | None:
    """The language whose columns the header matches most, and how many cells matched.

    None when no language's name columns (names, company, email) appear at all: such a
    header is no Outlook export, whatever else it shares with one.
    """
    keys = {header_key(cell) for cell in header}
    best: tuple[OutlookLanguage, int] | None = None
    for language in LANGUAGES:
        if not keys & language.name_columns():
            continue
        score = len(keys & language.columns())
        if best is None or score > best[1]:
            best = (language, score)
    return best
