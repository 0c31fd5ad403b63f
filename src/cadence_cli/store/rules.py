"""What the book accepts: one check per field, used by add, edit and import alike.

Pure (standard library only). Each function returns the cleaned value or raises
`InvalidInput` with the message the user sees.
"""

from __future__ import annotations

from collections.abc import Sequence

from cadence_cli.errors import InvalidInput

LIMITS = {
    "name": 200,
    "email": 320,
    "phone": 60,
    "company": 200,
    "owner": 100,
    "note": 10_000,
    "tag": 60,
    "milestone label": 60,
}
"""Longest accepted text per field, in characters."""


def clean(value: str | None) -> str | None:
    """Strip; empty means 'no value'."""
    if value is None:
        return None
    cleaned = value.strip()
    return cleaned or None


def check_text(label: str, value: str | None, limit: int) -> None:
    if value is None:
        return
    if len(value) > limit:
        raise InvalidInput(f"{label} is too long ({len(value)} characters; at most {limit})")
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in value):
        raise InvalidInput(f"{label} contains control characters", hint="remove them")


def check_email(email: str | None) -> None:
    if email is not None and ("@" not in email or any(ch.isspace() for ch in email)):
        raise InvalidInput(f"not an email address: {email!r}")


def check_client_fields(
    *,
    name: str | None,
    email: str | None,
    phone: str | None,
    company: str | None,
    owner: str | None,
    notes: str | None,
) -> dict[str, str | None]:
    """The client's text fields, cleaned and checked; a client must have a name."""
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


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Lower-case, without blanks and repeats."""
    cleaned: list[str] = []
    for tag in tags:
        value = tag.strip().lower()
        if not value:
            continue
        check_text("tag", value, LIMITS["tag"])
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def milestone_label(label: str) -> str:
    key = label.strip().lower()
    if not key:
        raise InvalidInput("a milestone needs a label", hint="use LABEL=DATE")
    check_text("milestone label", key, LIMITS["milestone label"])
    return key


def check_tier_name(name: str) -> str:
    clean_name = name.strip()
    if (
        not clean_name
        or len(clean_name) > 40
        or not all(ch.isprintable() and not ch.isspace() for ch in clean_name)
    ):
        raise InvalidInput(f"bad tier name {name!r}", hint="use a short name without spaces")
    return clean_name
