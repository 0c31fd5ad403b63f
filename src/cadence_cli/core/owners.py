"""Names you type once: when an owner the book has never seen is refused, and what is said. Pure.

Two rules, one for each way an owner is typed:

- An owner *written* into the book (`add/edit --owner`, `log --by`, `archive --hand-over-to`,
  `team capacity`) that the book has never seen is refused, with "did you mean sam?" when a
  known spelling is close, unless `--new-owner` says the person is new on purpose: a typo
  (`jon`, a Cyrillic `а` in `smа`) would otherwise quietly start a second person.
- An owner used as a *filter* (`due --owner`, `clients --owner`, …) never adds anyone. One
  close to a known spelling is refused with the suggestion (the list would be empty by a
  typo); one close to nobody is a plain filter that matches nothing, and the list says so.

An owner is the same person in any case (as the lists filter them); a spelling that differs
only in accents is close, not the same: `elodie` gets "did you mean Élodie?".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from cadence_cli.core.names import folded
from cadence_cli.errors import NotFound

LISTED = 10
"""How many known owners a refusal names before "and N more"."""


def is_known(name: str, known: Iterable[str]) -> bool:
    """Whether `name` is one of `known`, in any case."""
    return name.strip().casefold() in {owner.casefold() for owner in known}


def close_spellings(name: str, known: Iterable[str]) -> list[str]:
    """The known owners `name` is probably a typo of, closest first (at most three)."""
    spellings: dict[str, str] = {}
    for owner in known:
        spellings.setdefault(folded(owner), owner)
    close = difflib.get_close_matches(folded(name.strip()), list(spellings), n=3, cutoff=0.6)
    return [spellings[key] for key in close]


def unknown_written_owner(name: str, known: Iterable[str]) -> NotFound | None:
    """The refusal for an owner written into the book, or None when the book knows them
    (`known` includes the current user)."""
    spellings: dict[str, str] = {}
    for owner in known:
        spellings.setdefault(owner.casefold(), owner)  # the first spelling stands
    known = sorted(spellings.values(), key=folded)
    if not name.strip() or is_known(name, known):
        return None
    typed = name.strip()
    close = close_spellings(typed, known)
    if close:
        return NotFound(
            f"unknown owner {typed!r}: did you mean {' or '.join(close)}?",
            hint=f"add --new-owner if {typed} is someone new",
        )
    return NotFound(
        f"unknown owner {typed!r}",
        hint=f"{_listing(known)}; add --new-owner if {typed} is someone new",
    )


def mistyped_filter_owner(
    name: str, known: Iterable[str], *, origin: str | None = None
) -> NotFound | None:
    """The refusal for a filter's owner that looks like a typo of a known one, else None.

    `origin` names where an owner nobody typed came from (`CADENCE_OWNER`, the config file):
    the person must learn what to fix."""
    known = list(known)
    if not name.strip() or is_known(name, known):
        return None
    close = close_spellings(name, known)
    if not close:
        return None  # a plain filter: the list says it matches nobody
    return NotFound(
        f"no owner {name.strip()!r} in this book: did you mean {' or '.join(close)}?",
        hint=f"the owner comes from {origin}; --owner all lists everyone" if origin else None,
    )


def _listing(known: list[str]) -> str:
    shown = ", ".join(known[:LISTED])
    more = f" and {len(known) - LISTED} more" if len(known) > LISTED else ""
    return f"owners so far: {shown}{more}"
