"""The owners a book knows, and the checks of `core.owners` run against them.

A book knows an owner when a client is owned by them, a touch was made by them, a promise was
handed to them or they have a capacity, in any case; it always knows the current user (`me`).
"""

from __future__ import annotations

from cadence_cli.core.names import folded
from cadence_cli.core.owners import mistyped_filter_owner, unknown_written_owner
from cadence_cli.core.records import DueFilters
from cadence_cli.errors import InvalidInput
from cadence_cli.store.engine import Db
from cadence_cli.store.rules import check_owner


def known_owners(*, db: Db) -> list[str]:
    """Every owner the book has seen, each once (the first spelling, sorted)."""
    rows = db.rows(
        "SELECT owner FROM client WHERE owner IS NOT NULL "
        "UNION SELECT t.by FROM touch AS t WHERE t.by IS NOT NULL "
        "UNION SELECT handed_to FROM promise WHERE handed_to IS NOT NULL "
        "UNION SELECT owner FROM team_capacity"
    )
    found: dict[str, str] = {}
    for (name,) in sorted(rows):
        found.setdefault(name.casefold(), name)
    return sorted(found.values(), key=folded)


def check_new_owner(
    name: str | None, *, db: Db, user: str, new: bool = False, label: str = "owner"
) -> None:
    """Refuse an owner about to be written that the book has never seen (`new`: --new-owner).

    `name` is the value after `me` was resolved; None and blank (no owner, a cleared owner)
    pass. A name no book could hold (too long, a control character) is refused as such first,
    under `label`: retyping it as someone new would not help."""
    cleaned = check_owner(name, label=label)
    if cleaned is None or new:
        return
    refusal = unknown_written_owner(cleaned, [*known_owners(db=db), user])
    if refusal is not None:
        raise refusal


def check_filters(filters: DueFilters, *, db: Db, user: str, origin: str | None = None) -> None:
    """A list's `--owner` must not be a typo of a known owner, and its `--tag` is one tag
    (tags are stored split at commas, so a comma could never match). `origin`: where an
    owner nobody typed came from (see `Env.owner_origin`)."""
    if filters.owner is not None:
        known = [*known_owners(db=db), user]
        refusal = mistyped_filter_owner(filters.owner, known, origin=origin)
        if refusal is not None:
            raise refusal
    if filters.tag is not None and "," in filters.tag:
        raise InvalidInput(
            f"--tag {filters.tag.strip()!r} names several tags", hint="a list takes one --tag"
        )
