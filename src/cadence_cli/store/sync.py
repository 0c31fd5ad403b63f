"""Two-way sync of the book with a folder of vCards (`cadence sync contacts DIR`).

`plan_contacts` reads the folder and the book and decides everything before anything is
written: which cards are new clients, which clients get a new card, and for each client
linked to a card (`sync_link`, revision 0005) which fields go which way (`core.merge`).
`apply_contacts` then writes it, inside the command's one transaction: clients and links in
the book, cards in the folder (each through a temporary file and a rename). Cards are
written before the transaction commits, so a crash in between leaves cards the next sync
recognises (a new card's UID is derived from its client) rather than clients without cards.

What sync never does: delete or archive a client because its card is gone (the outcome lists
it), or touch a card property cadence does not know (`vcard_lines` splices only its own).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cadence_cli.core.dates import parse_yearly
from cadence_cli.core.merge import NO_BASE, Clash, Merge, Side, merge
from cadence_cli.core.records import ClientChanges, ClientDraft, ClientInfo, Stamp
from cadence_cli.errors import InvalidInput
from cadence_cli.interop.records import ContactRecord
from cadence_cli.interop.vcard import parse_vcard
from cadence_cli.interop.vcard_lines import card_uid, new_card, rewrite_card, yearly_text
from cadence_cli.interop.vdir import VdirItem, digest, file_name_for, write_item
from cadence_cli.store import reads, rules, writes
from cadence_cli.store.engine import Db

Fields = dict[str, str | None]

_UID_SPACE = uuid.UUID("5f1c3c2e-2d1b-4c55-9a0e-636164656e63")
"""Where a new card's UID comes from: the same client always gets the same UID."""


@dataclass(frozen=True, slots=True)
class Link:
    """A client's card as the last sync left it (a `sync_link` row)."""

    client_id: int
    uid: str
    file: str
    seen_hash: str
    card_base: Fields
    book_base: Fields


@dataclass(frozen=True, slots=True)
class Card:
    """One readable card of the folder: `uid` is its UID, or its file name when it has none."""

    item: VdirItem
    uid: str
    record: ContactRecord
    fields: Fields


@dataclass(frozen=True, slots=True)
class Pair:
    """A client and its card, and what the merge decided for them."""

    client: ClientInfo
    card: Card
    link: Link | None
    merge: Merge
    to_book: Fields
    card_base: Fields


@dataclass
class ContactPlan:
    """Everything one sync will do, decided before anything is written (all `--dry-run` shows)."""

    cards: int = 0
    new_clients: list[tuple[Card, ClientDraft]] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    new_cards: list[ClientInfo] = field(default_factory=list)
    deleted: list[ClientInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def clashes(self) -> list[tuple[ClientInfo, Clash]]:
        return [(pair.client, clash) for pair in self.pairs for clash in pair.merge.clashes]

    @property
    def updated(self) -> list[ClientInfo]:
        return [pair.client for pair in self.pairs if pair.to_book]

    @property
    def cards_updated(self) -> int:
        return sum(1 for pair in self.pairs if pair.merge.to_card)

    @property
    def linked(self) -> int:
        return sum(1 for pair in self.pairs if pair.link is None)


# ---------------------------------------------------------------------------------------------
# The two sides' fields


def card_fields(record: ContactRecord) -> Fields:
    """The synced fields as the card has them: the first real email address (the card's
    preferred one first), the first phone, and the birthday and anniversary."""
    emails = [email for email in record.emails if rules.is_email(email)]
    anniversary = next((day for label, day in record.milestones if label == "anniversary"), None)
    return {
        "name": record.name,
        "email": emails[0] if emails else None,
        "phone": record.phones[0] if record.phones else None,
        "company": record.company,
        "birthday": yearly_text(record.birthday),
        "anniversary": yearly_text(anniversary),
    }


def book_fields(client: ClientInfo) -> Fields:
    dates = dict(client.milestones)
    return {
        "name": client.name,
        "email": client.email,
        "phone": client.phone,
        "company": client.company,
        "birthday": yearly_text(dates.get("birthday")),
        "anniversary": yearly_text(dates.get("anniversary")),
    }


def card_uid_for(client: ClientInfo) -> str:
    """A new card's UID: derived from the client, so a card written by a sync that then
    failed to commit is recognised by the next one instead of becoming a second client."""
    return f"cadence-{uuid.uuid5(_UID_SPACE, f'client:{client.id}:{client.added_on}')}"


# ---------------------------------------------------------------------------------------------
# Links


def links(*, db: Db) -> dict[int, Link]:
    rows = db.rows("SELECT client_id, uid, file, seen_hash, base FROM sync_link")
    found = {}
    for client_id, uid, file, seen_hash, base in rows:
        both = json.loads(base)
        found[client_id] = Link(client_id, uid, file, seen_hash, both["card"], both["book"])
    return found


def save_link(link: Link, *, db: Db) -> None:
    values = {
        "client_id": link.client_id,
        "uid": link.uid,
        "file": link.file,
        "seen_hash": link.seen_hash,
        "base": json.dumps({"card": link.card_base, "book": link.book_base}, sort_keys=True),
    }
    changed = db.execute(
        "UPDATE sync_link SET uid = :uid, file = :file, seen_hash = :seen_hash, base = :base "
        "WHERE client_id = :client_id",
        values,
    )
    if not changed:
        db.execute(
            "INSERT INTO sync_link (client_id, uid, file, seen_hash, base) "
            "VALUES (:client_id, :uid, :file, :seen_hash, :base)",
            values,
        )


# ---------------------------------------------------------------------------------------------
# Planning


def read_cards(items: Sequence[VdirItem], warnings: list[str]) -> list[Card]:
    """The folder's readable cards; an unreadable one is left alone, with a warning."""
    cards = []
    for item in items:
        try:
            result = parse_vcard(item.data)
        except InvalidInput as exc:  # ImportInvalid: no card in the file at all
            warnings.append(f"card {item.name}: {exc.message}; left alone")
            continue
        if not result.records:
            reason = result.errors[0].reason if result.errors else "no card in it"
            warnings.append(f"card {item.name}: {reason}; left alone")
            continue
        record = result.records[0]
        uid = card_uid(item.data) or item.name
        cards.append(Card(item, uid, record, card_fields(record)))
    return cards


def _phone_key(phone: str | None) -> str:
    return "".join(char for char in phone or "" if char.isdigit())


class _Matcher:
    """Finds the book's client for a card nobody linked yet: the UID cadence would have
    given that client's card, then the email, then the name with the phone (import's
    duplicate rules), among clients without a card."""

    def __init__(self, clients: Sequence[ClientInfo]) -> None:
        self.by_uid = {card_uid_for(c): c for c in clients}
        self.by_email = {rules.email_key(c.email): c for c in clients if c.email}
        self.by_name_phone = {
            (c.name.casefold(), _phone_key(c.phone)): c for c in reversed(clients)
        }

    def find(self, card: Card) -> ClientInfo | None:
        found = self.by_uid.get(card.uid)
        if found is None:
            for email in card.record.emails:
                found = self.by_email.get(rules.email_key(email))
                if found is not None:
                    break
        if found is None and (card.fields["phone"] or not card.fields["email"]):
            found = self.by_name_phone.get(
                (card.record.name.casefold(), _phone_key(card.fields["phone"]))
            )
        return found


def plan_contacts(
    items: Sequence[VdirItem],
    *,
    db: Db,
    prefer: Side,
    tier: str | None,
    owner: str | None,
) -> ContactPlan:
    """Read the folder's cards against the book; decide, write nothing.

    `tier` and `owner` are what a new card's client gets (the lowest tier, nobody, by
    default); with `owner`, only that owner's clients get new cards.
    """
    plan = ContactPlan(cards=len(items))
    cards = read_cards(items, plan.warnings)
    tier_name = reads.tier_named(tier, db=db).name if tier else reads.default_tier(db=db).name
    known = links(db=db)
    clients = {
        c.id: c for c in [*reads.list_clients(db=db), *reads.list_clients(db=db, archived=True)]
    }
    by_uid = _by_uid(cards, plan.warnings)
    claimed = _pair_linked(plan, known, clients, by_uid, prefer=prefer, db=db)
    unlinked = [c for c in clients.values() if c.id not in known]
    matcher = _Matcher(unlinked)
    taken: dict[int, Card] = {}
    for card in by_uid.values():
        if card.uid in claimed:
            continue
        client = matcher.find(card)
        if client is not None and client.id in taken:
            plan.warnings.append(
                f"card {card.item.name} is another card for {client.ref} "
                f"(as {taken[client.id].item.name}); left alone"
            )
            continue
        if client is not None:
            taken[client.id] = card
            pair = _pair(client, card, None, prefer=prefer, db=db, warnings=plan.warnings)
            if pair is not None:
                plan.pairs.append(pair)
            continue
        draft = _draft(card, tier=tier_name, owner=owner, db=db, warnings=plan.warnings)
        if draft is not None:
            plan.new_clients.append((card, draft))
    owner_key = owner.casefold() if owner else None
    plan.new_cards = [
        c
        for c in unlinked
        if c.id not in taken
        and c.status == "active"
        and (owner_key is None or (c.owner or "").casefold() == owner_key)
    ]
    _drop_claimed_emails(plan)
    return plan


def _by_uid(cards: Sequence[Card], warnings: list[str]) -> dict[str, Card]:
    """The cards by UID: of two with one UID, the first is synced and the other left alone."""
    by_uid: dict[str, Card] = {}
    for card in cards:
        if card.uid in by_uid:
            warnings.append(
                f"card {card.item.name} has the UID of {by_uid[card.uid].item.name}; left alone"
            )
            continue
        by_uid[card.uid] = card
    return by_uid


def _pair_linked(
    plan: ContactPlan,
    known: Mapping[int, Link],
    clients: Mapping[int, ClientInfo],
    by_uid: Mapping[str, Card],
    *,
    prefer: Side,
    db: Db,
) -> set[str]:
    """Each linked client with its card into `plan` (its pair, or among the deleted when the
    card is gone); returns the UIDs the links claim."""
    claimed: set[str] = set()
    for link in known.values():
        client = clients.get(link.client_id)
        if client is None:
            continue
        linked = by_uid.get(link.uid)
        claimed.add(link.uid)
        if linked is None:
            if client.status == "active":
                plan.deleted.append(client)
            continue
        pair = _pair(client, linked, link, prefer=prefer, db=db, warnings=plan.warnings)
        if pair is not None:
            plan.pairs.append(pair)
    return claimed


def _drop_claimed_emails(plan: ContactPlan) -> None:
    """Two new cards with one email: the first becomes a client, the second is left alone."""
    seen: dict[str, str] = {}
    kept = []
    for card, draft in plan.new_clients:
        key = rules.email_key(draft.email) if draft.email else None
        if key is not None and key in seen:
            plan.warnings.append(
                f"card {card.item.name} has the email of card {seen[key]}; left alone"
            )
            continue
        if key is not None:
            seen[key] = card.item.name
        kept.append((card, draft))
    plan.new_clients = kept


def _draft(
    card: Card, *, tier: str, owner: str | None, db: Db, warnings: list[str]
) -> ClientDraft | None:
    """A new card's client, checked as `add` checks it (a bad card is left alone)."""
    record = card.record
    try:
        fields = rules.check_client_fields(
            name=record.name,
            email=card.fields["email"],
            phone=card.fields["phone"],
            company=record.company,
            owner=owner,
            notes=record.notes_beside(card.fields["email"]),
        )
        labelled = {rules.milestone_label(label): day for label, day in record.all_milestones()}
        tags = tuple(rules.clean_tags(record.tags))
    except InvalidInput as exc:
        warnings.append(f"card {card.item.name}: {exc}; left alone")
        return None
    email = fields["email"]
    if email is not None:
        clash = reads.find_by_email(email, db=db)
        if clash is not None:
            warnings.append(
                f"card {card.item.name} has the email of {clash.ref}, which has a card; left alone"
            )
            return None
    name = fields["name"]
    assert name is not None
    return ClientDraft(
        name=name,
        tier=tier,
        email=email,
        phone=fields["phone"],
        company=fields["company"],
        owner=fields["owner"],
        notes=fields["notes"],
        tags=tags,
        milestones=tuple(labelled.items()),
    )


def _pair(
    client: ClientInfo,
    card: Card,
    link: Link | None,
    *,
    prefer: Side,
    db: Db,
    warnings: list[str],
) -> Pair | None:
    """Merge one client with its card; the card's values the book cannot take (a name too
    long, an email another client has) stay out, with a warning, until the card changes."""
    book = book_fields(client)
    card_base: Fields = dict(link.card_base) if link is not None else dict(NO_BASE)
    book_base: Fields = dict(link.book_base) if link is not None else dict(NO_BASE)
    if link is not None and link.seen_hash == card.item.hash and book == book_base:
        return None  # neither side changed since the last sync
    result = merge(
        card=card.fields, book=book, card_base=card_base, book_base=book_base, prefer=prefer
    )
    to_book = dict(result.to_book)
    new_card_base = dict(card.fields)
    refused = _refused(client, to_book, db=db)
    if refused is not None:
        warnings.append(f"card {card.item.name} ({client.ref}): {refused}; not taken")
        for name in to_book:
            new_card_base[name] = card_base.get(name)
        to_book = {}
    email = to_book.get("email")
    if email is not None:
        owner = reads.find_by_email(email, db=db)
        if owner is not None and owner.id != client.id:
            warnings.append(
                f"card {card.item.name} ({client.ref}): {owner.ref} already has the email "
                f"{email}; not taken"
            )
            del to_book["email"]
            new_card_base["email"] = card_base.get("email")
    return Pair(client, card, link, result, to_book, new_card_base)


def _refused(client: ClientInfo, to_book: Mapping[str, str | None], *, db: Db) -> str | None:
    """Why the book cannot take these values (as `edit` would say), or None."""
    merged = {**book_fields(client), **to_book}
    try:
        rules.check_client_fields(
            name=merged["name"],
            email=merged["email"],
            phone=merged["phone"],
            company=merged["company"],
            owner=client.owner,
            notes=client.notes,
        )
    except InvalidInput as exc:
        return str(exc)
    return None


# ---------------------------------------------------------------------------------------------
# Applying


def apply_contacts(plan: ContactPlan, folder: Path, *, db: Db, stamp: Stamp, prodid: str) -> None:
    """Write the plan: clients and links in the book (the caller's transaction), cards in
    the folder. `stamp` dates the new clients and the changes to the book."""
    for card, draft in plan.new_clients:
        client = writes.add_client(draft, db=db, stamp=stamp)
        save_link(
            Link(
                client.id,
                card.uid,
                card.item.name,
                card.item.hash,
                dict(card.fields),
                book_fields(client),
            ),
            db=db,
        )
    for pair in plan.pairs:
        client = _apply_to_book(pair, db=db, stamp=stamp) if pair.to_book else pair.client
        item = pair.card.item
        card_base = pair.card_base
        if pair.merge.to_card:
            data = rewrite_card(item.data, was=pair.card.fields, now=pair.merge.to_card)
            write_item(folder, item.name, data)
            item = VdirItem(item.name, data, digest(data))
            card_base = _fields_of(data, fallback=card_base)
        save_link(
            Link(client.id, pair.card.uid, item.name, item.hash, card_base, book_fields(client)),
            db=db,
        )
    for client in plan.new_cards:
        uid = card_uid_for(client)
        data = new_card(uid, book_fields(client), prodid=prodid)
        name = file_name_for(uid, ".vcf")
        write_item(folder, name, data)
        fields = _fields_of(data, fallback=book_fields(client))
        save_link(Link(client.id, uid, name, digest(data), fields, book_fields(client)), db=db)


def _fields_of(data: bytes, *, fallback: Fields) -> Fields:
    """The synced fields of a card cadence just wrote, read back as the next sync reads it."""
    result = parse_vcard(data)
    return card_fields(result.records[0]) if result.records else dict(fallback)


def _apply_to_book(pair: Pair, *, db: Db, stamp: Stamp) -> ClientInfo:
    values = pair.to_book
    current = book_fields(pair.client)

    def text(name: str) -> str | None:
        if name not in values:
            return None
        return values[name] or ""  # "" clears the field

    set_dates = []
    remove_dates = []
    for name in ("birthday", "anniversary"):
        if name not in values:
            continue
        day = values[name]
        if day is not None:
            set_dates.append((name, parse_yearly(day)))
        elif current[name] is not None:
            remove_dates.append(name)
    changes = ClientChanges(
        name=text("name"),
        email=text("email"),
        phone=text("phone"),
        company=text("company"),
        milestones=tuple(set_dates),
        remove_milestones=tuple(remove_dates),
    )
    return writes.edit_client(pair.client.id, changes, db=db, stamp=stamp)
