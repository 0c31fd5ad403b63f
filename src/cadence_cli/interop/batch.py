"""The import batch every file format becomes, and the records in it.

A vCard, any CSV layout and cadence's own JSON dump all turn into one `ImportBatch` of
`ClientRecord`s (with their touches, promises and tiers), which `store.bulk` plans and
`store.bulk_write` applies. Plain records on the pure core only: `render.shapes` names them
for the dump's JSON, and `interop.intake` builds and cleans a batch with the store's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cadence_cli.core.dates import Interval
from cadence_cli.core.records import Charter, ClientState, PromiseFields, TouchFields
from cadence_cli.core.terms import ClientTerms
from cadence_cli.interop.records import RowError


@dataclass(frozen=True, slots=True, kw_only=True)
class TierRecord:
    name: str
    rank: int
    every: Interval
    reactive_after: Interval
    description: str = ""
    line: int = 0


CharterRecord = Charter
"""A dumped charter is the book's own `domain.Charter`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientRecord(ClientState):
    """A client to import. `ref` names it within its file: touches and promises point to it.

    `email` is the one the book keeps; `other_emails` are the file's other addresses (kept in
    the notes by `contacts_batch`), which also find duplicates. `tier` and `owner` are None
    when the file does not say: the import's defaults apply then.
    """

    ref: int
    line: int
    name: str
    tier: str | None = None
    other_emails: tuple[str, ...] = ()

    @property
    def emails(self) -> tuple[str, ...]:
        return (self.email, *self.other_emails) if self.email else self.other_emails


@dataclass(frozen=True, slots=True, kw_only=True)
class TouchRecord(TouchFields):
    """A touch to import, for the client its file calls `client_ref`."""

    client_ref: int
    line: int
    ref: int | None = None
    touchpoint: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PromiseRecord(PromiseFields):
    """A promise to import; since revision 0004 a cancelled or handed-over one restores as it
    was."""

    client_ref: int
    line: int
    ref: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _ChangeRecord:
    """A change of the history of terms: the day it took effect, its wording, who and when."""

    effective_on: date
    change: str
    by: str | None
    recorded_at: datetime
    line: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class TierTermRecord(_ChangeRecord):
    """One definition of a tier from the day it took effect (a `tier_term` row): `tier_id`
    names the tier across renames, and a deleted tier's past keeps its own."""

    tier_id: int
    name: str
    rank: int
    every: Interval
    reactive_after: Interval
    minutes: int
    retired: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientTermRecord(_ChangeRecord):
    """One snapshot of a client's terms from the day it took effect (a `client_term` row)."""

    client_ref: int
    tier_since: date
    terms: ClientTerms


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteRecord:
    """A dated note of a client's journal."""

    client_ref: int
    noted_on: date
    text: str
    by: str | None
    recorded_at: datetime
    ref: int | None = None
    line: int = 0


@dataclass(slots=True)
class ImportBatch:
    """Everything one file brings. `restore` marks a cadence dump: a whole book, restored as
    it was (ids kept in an empty book, no duplicate check among its own clients; in an empty
    book its history of terms too, when it carries one)."""

    format: str
    clients: list[ClientRecord]
    touches: list[TouchRecord] = field(default_factory=list)
    promises: list[PromiseRecord] = field(default_factory=list)
    tiers: list[TierRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    restore: bool = False
    # A version-2 dump carries the history of terms (None: it does not) and the notes journal.
    tier_terms: list[TierTermRecord] | None = None
    client_terms: list[ClientTermRecord] | None = None
    notes: list[NoteRecord] = field(default_factory=list)
