"""Three-way merge of a client's synced fields: the card, the book, and what both were. Pure.

`cadence sync contacts` remembers, per client, the synced fields as the card and the book had
them after the last sync (two bases: a card may spell a value differently from the book, a
phone's formatting for one, and that difference must not read as a change). A field one
side changed since then goes to the other side; a field both sides changed to different
values is a clash, which `prefer` settles; a field neither side changed is left alone even
when the two spell it differently, so a second sync in a row changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

FIELDS = ("name", "email", "phone", "company", "birthday", "anniversary")
"""The fields sync keeps in step; everything else on a card is the card's own."""

Fields = Mapping[str, str | None]
Side = Literal["cards", "cadence"]

_NOT_DIGITS = re.compile(r"[^0-9+]+")


def same(field: str, left: str | None, right: str | None) -> bool:
    """Whether two spellings of a field mean the same: spaces never matter, nor an email's
    case, nor how a phone number is punctuated."""
    if left is None or right is None:
        return left is None and right is None
    a, b = " ".join(left.split()), " ".join(right.split())
    if field == "email":
        return a.casefold() == b.casefold()
    if field == "phone":
        return _NOT_DIGITS.sub("", a) == _NOT_DIGITS.sub("", b)
    return a == b


@dataclass(frozen=True, slots=True)
class Clash:
    """Both sides changed `field` since the last sync, to different values."""

    field: str
    card: str | None
    book: str | None
    kept: Side


@dataclass(frozen=True, slots=True)
class Merge:
    """What each side takes from the other: `to_book` for the client, `to_card` for the card."""

    to_book: dict[str, str | None]
    to_card: dict[str, str | None]
    clashes: tuple[Clash, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.to_book or self.to_card)


NO_BASE: Fields = dict.fromkeys(FIELDS)
"""The base of a card and client seen together for the first time: a value on one side only
goes to the other; two different values are a clash."""


def merge(
    *, card: Fields, book: Fields, card_base: Fields, book_base: Fields, prefer: Side
) -> Merge:
    """Each field of `FIELDS`: which side's value wins, by who changed it since the bases."""
    to_book: dict[str, str | None] = {}
    to_card: dict[str, str | None] = {}
    clashes: list[Clash] = []
    for field in FIELDS:
        from_card, from_book = card.get(field), book.get(field)
        if same(field, from_card, from_book):
            continue
        card_changed = not same(field, from_card, card_base.get(field))
        book_changed = not same(field, from_book, book_base.get(field))
        if card_changed and book_changed:
            clashes.append(Clash(field, from_card, from_book, prefer))
            if prefer == "cards":
                to_book[field] = from_card
            else:
                to_card[field] = from_book
        elif card_changed:
            to_book[field] = from_card
        elif book_changed:
            to_card[field] = from_book
    return Merge(to_book, to_card, tuple(clashes))
