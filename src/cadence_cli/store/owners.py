"""Names you type once: the one rule for an owner given to `--by` or `--owner`.

A book knows an owner when a client is owned by them or a touch was made by them (any case),
and it always knows the current user (`me`). An unknown name is almost always a typo (a
Cyrillic `а` in `smа`, `jon` for `john`) that would quietly start a second person, so it is
refused with the close matches; the commands that write an owner take `--new-owner` to add
one on purpose. Filters (`due --owner`) never add anyone.
"""

from __future__ import annotations

import difflib

from cadence_cli.core.records import DueFilters
from cadence_cli.errors import InvalidInput, NotFound
from cadence_cli.store.engine import Db


def known_owners(*, db: Db) -> list[str]:
    """Every owner and touch author in the book, each once (first spelling by casefold)."""
    rows = db.rows(
        "SELECT owner FROM client WHERE owner IS NOT NULL "
        "UNION SELECT t.by FROM touch AS t WHERE t.by IS NOT NULL"
    )
    found: dict[str, str] = {}
    for (name,) in sorted(rows):
        found.setdefault(name.casefold(), name)
    return sorted(found.values(), key=str.casefold)


def check_owner_known(
    name: str | None, *, db: Db, user: str, option: str = "--owner", new: bool = False
) -> None:
    """Refuse an owner the book has never seen, naming the close matches.

    `name` is the value after `me` was resolved; None and blank (no owner, a cleared owner)
    pass. `new` is `--new-owner`: the user means a new person. `option` names the flag the
    hint offers to retype.
    """
    if name is None or not name.strip() or new:
        return
    key = name.strip().casefold()
    if key == user.strip().casefold():
        return
    known = known_owners(db=db)
    if key in {owner.casefold() for owner in known}:
        return
    candidates = {owner.casefold(): owner for owner in [*known, user]}
    close = difflib.get_close_matches(key, list(candidates), n=3, cutoff=0.6)
    message = f"no one called {name.strip()!r} in this book"
    if close:
        message += f"; did you mean {' or '.join(candidates[c] for c in close)}?"
    listed = sorted({o.casefold(): o for o in [*known, user]}.values(), key=str.casefold)
    raise NotFound(message, hint=_hint(option, listed, close=bool(close)))


def _hint(option: str, known: list[str], *, close: bool) -> str | None:
    if option == "filter":
        return None if close else _listing(known)
    adding = "add --new-owner to add them"
    return adding if close else f"{_listing(known)}; {adding}"


def _listing(known: list[str]) -> str:
    shown = ", ".join(known[:10])
    more = f" and {len(known) - 10} more" if len(known) > 10 else ""
    return f"owners are: {shown}{more}"


def check_filters(filters: DueFilters, *, db: Db, user: str) -> None:
    """A list's `--owner` must name someone in the book, and its `--tag` one tag (tags are
    stored split at commas, so a comma could never match)."""
    check_owner_known(filters.owner, db=db, user=user, option="filter")
    if filters.tag is not None and "," in filters.tag:
        raise InvalidInput(
            f"--tag {filters.tag.strip()!r} names several tags", hint="a list takes one --tag"
        )
