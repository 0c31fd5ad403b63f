"""Every rule a stored text must meet, written once for add, edit, log, import and restore.

Pure (standard library only): the writes, the import planner and the CLI edge call these
functions; none of them touches the store. A check either returns the cleaned value (trimmed;
blank means None) or raises `InvalidInput` with the message the CLI prints.

What may be stored (issue 18, item 2). Every text goes to a terminal sooner or later, so:

* **single-line fields** (name, email, phone, company, owner, tag, milestone label, promise,
  touch `--by`, tier name, `CADENCE_USER`) hold no character of the Unicode categories Cc
  (C0 controls with newline and tab, DEL, the C1 controls U+0080–U+009F that terminals read
  as CSI/OSC), Cf (bidi overrides and isolates U+202A–U+202E, U+2066–U+2069, marks, zero-width
  space U+200B, word joiner U+2060, BOM U+FEFF, soft hyphen, emoji tag characters…), Cs (lone
  surrogates, e.g. a non-UTF-8 argument), Zl and Zp (U+2028, U+2029);
* **multi-line fields** (client notes, touch notes, charter notes, archive reasons, tier
  descriptions) follow the same rule but keep newline and tab.

One exception, decided on purpose: ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER (U+200C,
U+200D) pass when they sit between two visible characters (a letter, mark, digit or
symbol). Persian and the Indic scripts need them inside words (Sinhala `ශ්‍රී` has a ZWJ), and
so do emoji sequences (👩‍💻); alone, at an edge or beside a space they are hidden marks and
are refused like U+200B. Spaces of every kind (Zs), private-use and not-yet-assigned code
points pass: they are printable and cannot move the cursor. Combining marks pass everywhere.

The CLI refuses such a value ("name contains control characters (remove them)"); an import
strips them with a warning (`strip_unprintable`), so one bad card does not sink a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from cadence_cli.errors import InvalidInput

NAME_MAX = 200
EMAIL_MAX = 320
PHONE_MAX = 60
COMPANY_MAX = 200
OWNER_MAX = 100
NOTE_MAX = 10_000
TAG_MAX = 60
MILESTONE_LABEL_MAX = 60
REASON_MAX = 1_000
PROMISE_MAX = 2_000
TIER_NAME_MAX = 40
TIER_DESCRIPTION_MAX = 500
BY_MAX = 100
"""Lengths in code points."""

LIMITS = {
    "name": NAME_MAX,
    "email": EMAIL_MAX,
    "phone": PHONE_MAX,
    "company": COMPANY_MAX,
    "owner": OWNER_MAX,
    "note": NOTE_MAX,
    "tag": TAG_MAX,
    "milestone label": MILESTONE_LABEL_MAX,
}
"""Longest accepted text per client field, in characters."""

PROSE_FIELDS = frozenset(
    {"note", "reason", "description", "archive reason", "charter note", "touch note"}
)
"""The multi-line fields, by the label their messages use: newline and tab may stay."""

FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
JOINERS = frozenset("\u200c\u200d")
_VISIBLE = frozenset("LMNS")  # first letters of the categories a joiner may sit between
_MULTILINE_KEEPS = frozenset("\n\t")
_LINE_BREAKING = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")
"""What a single-line field turns into one space when an import strips it (words stay apart)."""


# ---------------------------------------------------------------------------------------------
# Characters


def _forbidden_at(text: str, index: int, multiline: bool) -> bool:
    char = text[index]
    if multiline and char in _MULTILINE_KEEPS:
        return False
    if unicodedata.category(char) not in FORBIDDEN_CATEGORIES:
        return False
    if char in JOINERS and 0 < index < len(text) - 1:
        before = unicodedata.category(text[index - 1])[0]
        after = unicodedata.category(text[index + 1])[0]
        return not (before in _VISIBLE and after in _VISIBLE)
    return True


def _maybe_unprintable(text: str, multiline: bool) -> bool:
    """False when `text` certainly holds nothing forbidden: one C-speed `isprintable` pass,
    so the clean rows of a 100,000-row import never reach the per-character loop."""
    if multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return not text.isprintable()


def unprintable(text: str, *, multiline: bool = False) -> list[str]:
    """The characters of `text` that may not be stored, in order (empty when it is clean)."""
    if not _maybe_unprintable(text, multiline):
        return []
    return [char for i, char in enumerate(text) if _forbidden_at(text, i, multiline)]


def is_printable(text: str, *, multiline: bool = False) -> bool:
    return not unprintable(text, multiline=multiline)


def code_points(chars: Iterable[str], *, shown: int = 5) -> str:
    """`U+009D, U+009C`: how a warning names characters nobody can see (each once)."""
    unique = list(dict.fromkeys(chars))
    names = [f"U+{ord(char):04X}" for char in unique[:shown]]
    return ", ".join(names) + (", …" if len(unique) > shown else "")


def strip_unprintable(text: str, *, multiline: bool = False) -> tuple[str, list[str]]:
    """`text` without what may not be stored, and what was removed (for the warning).

    Imports use this instead of refusing. In a single-line field a line break or tab becomes
    one space (a name wrapped over two lines keeps its words apart); in a multi-line field a
    CR or CRLF becomes a newline. Whatever it returns passes `check_text`'s character rule.
    """
    if multiline and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _maybe_unprintable(text, multiline):
        return text, []
    kept: list[str] = []
    removed: list[str] = []
    for index, char in enumerate(text):
        if not _forbidden_at(text, index, multiline):
            kept.append(char)
            continue
        removed.append(char)
        if not multiline and char in _LINE_BREAKING and kept and kept[-1] != " ":
            kept.append(" ")
    cleaned = "".join(kept)
    return (cleaned.strip() if removed and not multiline else cleaned), removed


# ---------------------------------------------------------------------------------------------
# Texts


def clean(value: str | None) -> str | None:
    """Trimmed; blank means "no value" (None)."""
    if value is None:
        return None
    cleaned = value.strip()
    return cleaned or None


def check_text(label: str, value: str | None, limit: int, *, multiline: bool | None = None) -> None:
    """At most `limit` characters and nothing unprintable; `label` names the field. Whether
    newlines and tabs may stay is the field's kind (`PROSE_FIELDS`) unless `multiline` says."""
    if value is None:
        return
    if len(value) > limit:
        raise InvalidInput(f"{label} is too long ({len(value)} characters; at most {limit})")
    if multiline is None:
        multiline = label in PROSE_FIELDS
    if unprintable(value, multiline=multiline):
        raise InvalidInput(f"{label} contains control characters", hint="remove them")


def check_line(label: str, value: str | None, limit: int) -> str | None:
    """A single-line field, cleaned and checked."""
    cleaned = clean(value)
    check_text(label, cleaned, limit)
    return cleaned


def check_prose(label: str, value: str | None, limit: int) -> str | None:
    """A multi-line field (a note, a reason), cleaned and checked: newlines and tabs stay."""
    cleaned = clean(value)
    check_text(label, cleaned, limit, multiline=True)
    return cleaned


# ---------------------------------------------------------------------------------------------
# Emails and tags


_WHITESPACE = re.compile(r"\s")
"""On a str pattern `\\s` is exactly what `str.isspace` calls whitespace (both are Python's
Unicode space test); one search in C, not a Python call per character (3 M of them in an
import of 100,000 contacts)."""


def is_email(text: str) -> bool:
    """What the book accepts as an email: an `@` and no whitespace. Deliberately loose:
    contact files hold odd but working addresses, and the email's job here is to be a key."""
    return "@" in text and _WHITESPACE.search(text) is None


def check_email(email: str | None) -> None:
    if email is not None and not is_email(email):
        raise InvalidInput(f"not an email address: {email!r}")


def email_key(email: str) -> str:
    """The key that finds duplicates: trimmed and case-folded (the stored `email_key`;
    casefold, not lower, so `STRASSE@x` and `straße@x` are one address, as they always were)."""
    return email.strip().casefold()


def clean_tag(tag: str) -> str | None:
    """A tag as the book keeps it: trimmed, lower-case; None when blank."""
    value = tag.strip().lower()
    if not value:
        return None
    check_text("tag", value, TAG_MAX)
    return value


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as the book keeps them, blank ones dropped, each once, in the given order.

    A comma separates tags (`--tag "vip, investor"` is two): tags are listed joined by
    commas, so a stored "vip, investor" would print as two tags and match neither.
    """
    cleaned: list[str] = []
    for tag in split_tags(tags):
        value = clean_tag(tag)
        if value is not None and value not in cleaned:
            cleaned.append(value)
    return cleaned


def split_tags(tags: Iterable[str]) -> list[str]:
    """Each value split at its commas: the one rule for a tag typed with a comma."""
    return [part for tag in tags for part in tag.split(",")]


# ---------------------------------------------------------------------------------------------
# Records


def check_client_fields(
    *,
    name: str | None,
    email: str | None = None,
    phone: str | None = None,
    company: str | None = None,
    owner: str | None = None,
    notes: str | None = None,
) -> dict[str, str | None]:
    """A client's text fields cleaned and checked, as `add`, `edit` and `import` store them;
    the keys are the client's columns (`name` is never None).

    Fields are checked in this order (the first problem is the message): name, email, phone,
    company, owner, notes, then the email's shape. `edit` passes the row's values merged with
    the changes, so the whole client is checked after an edit.
    """
    fields = {
        "name": clean(name),
        "email": clean(email),
        "phone": clean(phone),
        "company": clean(company),
        "owner": clean(owner),
        "notes": clean(notes),
    }
    if fields["name"] is None:
        raise InvalidInput("a client needs a name")
    for key, value in fields.items():
        label = "note" if key == "notes" else key
        check_text(label, value, LIMITS[label])
    check_email(fields["email"])
    return fields


def check_touch(
    note: str | None, by: str | None, *, note_label: str = "note", by_label: str = "--by"
) -> tuple[str | None, str | None]:
    """A touch's note (multi-line) and `--by` (single-line), cleaned and checked."""
    return check_prose(note_label, note, NOTE_MAX), check_line(by_label, by, BY_MAX)


def check_touch_note(note: str | None, *, label: str = "note") -> str | None:
    return check_prose(label, note, NOTE_MAX)


def check_promise_text(text: str | None) -> str:
    """A promise's text: required, one line (it is listed in tables and in `due`)."""
    cleaned = clean(text)
    if cleaned is None:
        raise InvalidInput("a promise needs a text", hint='e.g. "send the market report"')
    check_text("promise", cleaned, PROMISE_MAX)
    return cleaned


def check_owner(value: str | None, *, label: str = "owner") -> str | None:
    """An owner (`--owner`, `CADENCE_USER`, an imported owner column)."""
    return check_line(label, value, OWNER_MAX)


def check_archive_reason(reason: str | None, *, label: str = "reason") -> str:
    cleaned = clean(reason)
    if cleaned is None:
        raise InvalidInput("archiving needs a reason", hint='e.g. --reason "moved away"')
    check_text(label, cleaned, REASON_MAX, multiline=True)
    return cleaned


def check_history_day(day: date, *, after: date, today: date, what: str) -> None:
    """A day of a history a dump brings (a change of terms, a note): not after today, and not
    before `after` (the previous change, or the day the client was added): a history is only
    ever appended to, so its days run in order (SPEC §1)."""
    if day > today:
        raise InvalidInput(f"{what} on {day.isoformat()} is after today ({today.isoformat()})")
    if day < after:
        raise InvalidInput(f"{what} on {day.isoformat()} comes before {after.isoformat()}")


def milestone_label(label: str) -> str:
    """A milestone label as the book keeps it: trimmed and lower-case."""
    cleaned = label.strip().lower()
    if not cleaned:
        raise InvalidInput("a milestone needs a label", hint="use LABEL=DATE")
    check_text("milestone label", cleaned, MILESTONE_LABEL_MAX)
    return cleaned


def check_tier_name(name: str) -> str:
    """A tier name: 1–40 printable characters, no space of any kind (it is typed bare after
    `--tier`). `str.isprintable` already refuses every forbidden category, joiners included."""
    cleaned = name.strip()
    if (
        not cleaned
        or len(cleaned) > TIER_NAME_MAX
        or not all(char.isprintable() and not char.isspace() for char in cleaned)
    ):
        raise InvalidInput(f"bad tier name {name!r}", hint="use a short name without spaces")
    return cleaned


def check_tier_description(description: str | None) -> None:
    check_text("description", description, TIER_DESCRIPTION_MAX, multiline=True)


def check_environment_name(variable: str, value: str) -> str:
    """A name from the environment (`CADENCE_USER`): trimmed, one printable line.

    The message names the variable but never repeats its value, which may hold escape
    sequences or undecodable bytes (lone surrogates) that would reach the terminal.
    """
    cleaned = value.strip()
    if len(cleaned) > OWNER_MAX:
        raise InvalidInput(
            f"{variable} is too long ({len(cleaned)} characters; at most {OWNER_MAX})"
        )
    if not is_printable(cleaned):
        raise InvalidInput(
            f"{variable} contains control characters or bytes that are not UTF-8",
            hint=f"set {variable} to a plain name",
        )
    return cleaned
