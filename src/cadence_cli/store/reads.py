"""Every lookup of the book, in plain SQL, returning the pure core's records.

Each function takes a keyword-only `db` (from `doors.reading` or `doors.writing`) and
returns frozen records from `core.records` or `core.schedule`, never rows. The aggregates
that feed the schedule, the report and the team view are in `facts`. Nothing here imports
SQLAlchemy: on a current SQLite store `show`, `clients` and `log` never load it.

The SQL is portable (SQLite 3.35+ and PostgreSQL), tested on both. Days compare as ISO text
on SQLite and as dates on PostgreSQL; `as_day` turns either back into a `date`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from cadence_cli.core.dates import YearlyDate
from cadence_cli.core.names import digits_of, folded
from cadence_cli.core.records import (
    ClientInfo,
    ContactPoints,
    DueFilters,
    NoteInfo,
    PromiseInfo,
    TierInfo,
    TouchInfo,
)
from cadence_cli.core.schedule import TouchFact
from cadence_cli.core.wording import long_day
from cadence_cli.errors import Ambiguous, Conflict, InvalidInput, NotFound
from cadence_cli.store import row_fields
from cadence_cli.store.engine import Db, Row, as_day, chunks, id_lists, in_list, like_escaped
from cadence_cli.store.rules import email_key

# ---------------------------------------------------------------------------------------------
# Tiers, owners, and the filters every list takes


def tiers(*, db: Db) -> list[TierInfo]:
    """Every tier, in rank order."""
    rows = db.rows(
        f"SELECT id, description, {row_fields.listed(row_fields.TIER_RULE)} FROM tier "
        "ORDER BY rank, name_key"
    )
    return [
        TierInfo(id=tier_id, description=description, **row_fields.tier_rule_fields(rule))
        for tier_id, description, *rule in rows
    ]


def find_tier(name: str, known: Sequence[TierInfo]) -> TierInfo:
    """The tier called `name` (any case), or an error that lists the tiers."""
    key = name.strip().casefold()
    for tier in known:
        if tier.name.casefold() == key:
            return tier
    names = ", ".join(t.name for t in known)
    raise NotFound(f"no tier named {name!r}", hint=f"tiers are: {names}")


def owner_spellings(owner: str, *, db: Db) -> list[str]:
    """Every spelling of `owner` in the book, matched by casefold in Python.

    SQL `lower()` differs between stores (SQLite folds ASCII only, so `--owner Élodie` found
    nothing there); reading the few distinct owners off the owner index is exact on both.
    """
    key = owner.strip().casefold()
    found = db.rows("SELECT DISTINCT owner FROM client WHERE owner IS NOT NULL")
    return sorted(o for (o,) in found if o.casefold() == key)


def owners_in_view(*, db: Db, filters: DueFilters = DueFilters()) -> int:
    """How many owners (ignoring case) the active clients in view have: `due` shows an Owner
    column only when there is more than one."""
    where, params = in_view(filters, db=db)
    # The few distinct owners off the owner index, one step each (a loose index scan, in
    # SQL both stores speak), then whether each has an active client in view: not a scan of
    # every client (45 ms of `due` on the 100k book).
    rows = db.rows(
        "WITH RECURSIVE o(owner) AS (SELECT MIN(owner) FROM client UNION ALL "
        "SELECT (SELECT MIN(n.owner) FROM client AS n WHERE n.owner > o.owner) FROM o "
        "WHERE o.owner IS NOT NULL) "
        "SELECT o.owner FROM o WHERE o.owner IS NOT NULL AND EXISTS "
        f"(SELECT 1 FROM client AS c WHERE c.owner = o.owner AND {where})",
        params,
    )
    return len({owner.casefold() for (owner,) in rows})


def has_touchpoints(*, db: Db) -> bool:
    """Whether the written model defines any touchpoint: without one, `due` has no section
    of them to read and leaves the model's code unloaded (about a sixth of its start-up)."""
    return bool(db.rows("SELECT 1 FROM touchpoint LIMIT 1"))


def in_view(
    filters: DueFilters,
    *,
    db: Db,
    known: Sequence[TierInfo] | None = None,
    status: str = "active",
    prefix: str = "filter",
    scan: bool = False,
) -> tuple[str, dict[str, object]]:
    """The WHERE clause (on `client AS c`) for the clients the filters keep: every list of
    clients (`due`, `clients`, `report`, `team`…) filters through this one function.
    `prefix` names its parameters, so that two views can share one statement.

    `scan`: the caller reads most clients of the book, so on SQLite the status test is kept
    off the status index (`+c.status`, SQLite's way to say so; it has no statistics to know
    that most clients are active): reading the table in order is quicker than the index and
    a look-up per client (`due`'s client query on the 100k book: 0.43 → 0.33 s)."""
    plus = "+" if scan and db.dialect == "sqlite" else ""
    clauses = [f"{plus}c.status = :{prefix}_status"]
    params: dict[str, object] = {f"{prefix}_status": status}
    if filters.tier is not None:
        tier = find_tier(filters.tier, known if known is not None else tiers(db=db))
        clauses.append(f"c.tier_id = :{prefix}_tier")
        params[f"{prefix}_tier"] = tier.id
    if filters.owner is not None:
        spellings = owner_spellings(filters.owner, db=db)
        names = [f":{prefix}_owner_{i}" for i in range(len(spellings))]
        clauses.append(f"c.owner IN ({', '.join(names)})" if names else "1 = 0")
        params.update(zip((n[1:] for n in names), spellings, strict=True))
    if filters.tag is not None:
        clauses.append(f"c.id IN (SELECT client_id FROM client_tag WHERE tag = :{prefix}_tag)")
        params[f"{prefix}_tag"] = filters.tag.strip().lower()
    return " AND ".join(clauses), params


def default_tier(*, db: Db) -> TierInfo:
    """New clients go to the lowest-ranked tier (C in a new book)."""
    known = tiers(db=db)
    if not known:
        raise Conflict("the book has no tiers", hint="define one with `cadence tier define`")
    return known[-1]


def tier_named(name: str, *, db: Db) -> TierInfo:
    """The tier called `name` (any case), or an error that lists the tiers."""
    return find_tier(name, tiers(db=db))


# ---------------------------------------------------------------------------------------------
# Clients

_CLIENT = (
    f"SELECT c.id, c.name, t.name, c.partner, {row_fields.CLIENT_STATE} "
    "FROM client AS c JOIN tier AS t ON t.id = c.tier_id\n"
)


def get_client(client_id: int, *, db: Db) -> ClientInfo:
    found = _client_infos(db.rows(_CLIENT + "WHERE c.id = :id", {"id": client_id}), db=db)
    if not found:
        raise NotFound(f"no client #{client_id}")
    return found[0]


def list_clients(
    *, db: Db, filters: DueFilters = DueFilters(), archived: bool = False
) -> list[ClientInfo]:
    """The active (or archived) clients in view, by tier rank then name."""
    where, params = in_view(filters, db=db, status="archived" if archived else "active")
    rows = db.rows(_CLIENT + f"WHERE {where} ORDER BY t.rank, c.name_key, c.id", params)
    return _client_infos(rows, db=db)


def find_by_email(email: str, *, db: Db) -> ClientInfo | None:
    """The client (active or archived) with this email, compared case-insensitively."""
    found = db.rows(
        "SELECT id FROM client WHERE email_key = :key ORDER BY id LIMIT 1",
        {"key": email_key(email)},
    )
    return get_client(found[0][0], db=db) if found else None


def resolve_client(ref: str, *, db: Db, include_archived: bool = True) -> ClientInfo:
    """SPEC: `#12`/`12` (id), an email, an exact name (any case), or an unambiguous part."""
    text = ref.strip()
    if not text:
        raise InvalidInput("empty client reference", hint="give a name, email or #id")
    digits = text.removeprefix("#")
    if digits.isdigit():
        found = _by_id(digits, db=db)
        if found is not None and not include_archived and found[2] != "active":
            raise _archived(found[0], db=db)
        if found is not None:
            return get_client(found[0], db=db)
        if text.startswith("#"):
            raise NotFound(f"no client #{digits}", hint="`cadence clients` lists them with ids")
    key = text.casefold()
    base = "SELECT id, name, status FROM client WHERE "
    if "@" in key:
        matches = db.rows(base + "email_key = :key", {"key": key})
        if len(matches) == 1:
            if not include_archived and matches[0][2] != "active":
                raise _archived(matches[0][0], db=db)
            return get_client(matches[0][0], db=db)
    exact = db.rows(base + "name_key = :key ORDER BY id", {"key": key})
    live = [m for m in exact if m[2] == "active"]
    if not include_archived and len(exact) == 1 and not live:
        raise _archived(exact[0][0], db=db)
    if not include_archived and exact:
        exact = live or exact  # several, all archived: the ambiguity lists them
    if len(exact) == 1:
        return get_client(exact[0][0], db=db)
    if len(exact) > 1:
        raise _ambiguous(text, exact)
    return _by_part_of_name(text, db=db, include_archived=include_archived)


def _by_part_of_name(text: str, *, db: Db, include_archived: bool) -> ClientInfo:
    """`resolve_client` once no id, email or exact name matched: the one client whose name
    is `text` or contains it, with case and accents set aside ("muller" is Müller;
    "Muller" too), else why not."""
    # Folding is Python's (the stores disagree on Unicode), applied to the candidates a LIKE
    # finds with a one-character wildcard wherever an accent could be: one scan of the
    # names, as the plain part-of-a-name lookup always was.
    want = folded(text)
    loose = _loosely(want)
    live_only = "" if include_archived else "status = 'active' AND "
    candidates = db.rows(
        f"SELECT id, name, status FROM client WHERE {live_only}name_key LIKE :pattern "
        "ESCAPE '\\' ORDER BY id",
        loose,
    )
    names = [(row, folded(row[1])) for row in candidates]
    for matched in (
        [row for row, name in names if name == want],
        [row for row, name in names if want in name],
    ):
        active = [row for row in matched if row[2] == "active"]
        if len(matched) == 1 or len(active) == 1:
            return get_client((matched if len(matched) == 1 else active)[0][0], db=db)
        if matched:
            raise _ambiguous(text, matched[:20])
    if not include_archived:
        gone = [
            row
            for row, name in (
                (row, folded(row[1]))
                for row in db.rows(
                    "SELECT id, name FROM client WHERE status != 'active' AND name_key LIKE "
                    ":pattern ESCAPE '\\' ORDER BY id",
                    loose,
                )
            )
            if want in name
        ]
        if len(gone) == 1:
            raise _archived(gone[0][0], db=db)
    raise NotFound(f"no client matches {text!r}", hint=_suggest(text.casefold(), db=db))


_ACCENTABLE = frozenset("acdegiklnorstuyz")
"""Letters that carry accents in names (é, ç, ñ, ø, ş, ž…): any character may stand there."""


def _loosely(want: str) -> dict[str, object]:
    """The LIKE pattern that finds every name whose folded form contains `want` (and some
    more, which the caller's fold removes)."""
    loose = "".join("_" if ch in _ACCENTABLE else like_escaped(ch) for ch in want)
    return {"pattern": f"%{loose}%"}


def _archived(client_id: int, *, db: Db) -> NotFound:
    """The one error for an archived client named where only active ones can be: by id,
    email or exact name alike."""
    client = get_client(client_id, db=db)
    since = f"on {long_day(client.archived_on)}: " if client.archived_on else ""
    return NotFound(
        f"{client.ref} is archived ({since}{client.archived_reason})",
        hint=f"`cadence restore '#{client.id}'` brings it back",
    )


def same_client(name: str, email: str | None, *, db: Db) -> list[ClientInfo]:
    """Clients (active or archived) with this exact name or email: `add` warns of them."""
    rows = db.rows(
        "SELECT id FROM client WHERE name_key = :name OR email_key = :email ORDER BY id LIMIT 5",
        {"name": name.strip().casefold(), "email": email_key(email) if email else None},
    )
    return [get_client(cid, db=db) for (cid,) in rows]


def _by_id(digits: str, *, db: Db) -> Row | None:
    """(id, name, status) of client `digits`; an id too long for the column is no client."""
    if len(digits) >= 16 or not digits.isascii():
        return None
    found = db.rows("SELECT id, name, status FROM client WHERE id = :id", {"id": int(digits)})
    return found[0] if found else None


def _ambiguous(text: str, rows: Sequence[Row]) -> Ambiguous:
    listing = [
        f"#{cid} {name}" + (" (archived)" if status != "active" else "")
        for cid, name, status in rows
    ]
    return Ambiguous(f"{text!r} matches {len(rows)} clients; use the #id", candidates=listing)


def _suggest(key: str, *, db: Db) -> str:
    """Close names by edit similarity, from one light query of names."""
    import difflib

    names = db.rows("SELECT id, name_key, name FROM client LIMIT 50000")
    by_key = {name_key: (cid, name) for cid, name_key, name in names}
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
    if not close:  # also try first names / last names
        words = {w: k for k in by_key for w in k.split()}
        close = [words[w] for w in difflib.get_close_matches(key, list(words), n=3, cutoff=0.7)]
    if not close:
        return "`cadence clients` lists everyone; `cadence add NAME` adds a client"
    shown = ", ".join(f"#{by_key[k][0]} {by_key[k][1]}" for k in dict.fromkeys(close))
    return f"did you mean {shown}?"


def _client_infos(rows: Sequence[Row], *, db: Db) -> list[ClientInfo]:
    ids = [row[0] for row in rows]
    tags = tags_of(ids, db=db)
    milestones = _milestones_of(ids, db=db)
    return [
        ClientInfo(
            id=cid,
            name=name,
            tier=tier,
            partner=partner,
            tags=tags.get(cid, ()),
            milestones=milestones.get(cid, ()),
            **row_fields.client_state(state),
        )
        for cid, name, tier, partner, *state in rows
    ]


def tags_of(client_ids: Sequence[int], *, db: Db) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(client_ids):
        ids, params = in_list("id", chunk)
        for client_id, tag in db.rows(
            f"SELECT client_id, tag FROM client_tag WHERE client_id IN {ids} ORDER BY tag", params
        ):
            found[client_id].append(tag)
    return {k: tuple(v) for k, v in found.items()}


def _milestones_of(
    client_ids: Sequence[int], *, db: Db
) -> dict[int, tuple[tuple[str, YearlyDate], ...]]:
    found: dict[int, list[tuple[str, YearlyDate]]] = defaultdict(list)
    for chunk in chunks(client_ids):
        ids, params = in_list("id", chunk)
        for client_id, label, month, day, year in db.rows(
            "SELECT client_id, label, month, day, year FROM milestone "
            f"WHERE client_id IN {ids} ORDER BY label",
            params,
        ):
            found[client_id].append((label, YearlyDate(month, day, year)))
    return {k: tuple(v) for k, v in found.items()}


# ---------------------------------------------------------------------------------------------
# Touches

_TOUCH = (
    f"SELECT t.id, t.client_id, c.name, {row_fields.listed(row_fields.TOUCH_FIELDS, 't')} "
    "FROM touch AS t JOIN client AS c ON c.id = t.client_id\n"
)


def _touch_info(row: Row) -> TouchInfo:
    touch_id, client_id, name, *fields = row
    return TouchInfo(
        id=touch_id, client_id=client_id, client_name=name, **row_fields.touch_fields(fields)
    )


def get_touch(touch_id: int, *, db: Db) -> TouchInfo:
    found = db.rows(_TOUCH + "WHERE t.id = :id", {"id": touch_id})
    if not found:
        raise NotFound(f"no touch {touch_id}")
    return _touch_info(found[0])


def touches_of(client_id: int, *, db: Db, limit: int | None = None) -> list[TouchInfo]:
    """One client's touches, newest first."""
    sql = _TOUCH + "WHERE t.client_id = :id ORDER BY t.day DESC, t.at DESC, t.id DESC"
    params: dict[str, object] = {"id": client_id}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [_touch_info(row) for row in db.rows(sql, params)]


def recent_touches(*, db: Db, client_id: int | None = None, limit: int) -> list[TouchInfo]:
    """The latest touches of the book (or of one client), newest day first: `touches`."""
    where = "WHERE t.client_id = :id " if client_id is not None else ""
    return [
        _touch_info(row)
        for row in db.rows(
            _TOUCH + where + "ORDER BY t.day DESC, t.at DESC, t.id DESC LIMIT :limit",
            {"id": client_id, "limit": limit},
        )
    ]


def latest_logged_touch(*, db: Db, by: str | None = None) -> TouchInfo | None:
    """The touch logged most recently (by the moment it was logged, not the day it is for),
    of anyone or only `by`'s: in a shared book `undo` never takes a teammate's touch."""
    where = "" if by is None else "WHERE t.by = :by "
    found = db.rows(_TOUCH + where + "ORDER BY t.logged_at DESC, t.id DESC LIMIT 1", {"by": by})
    return _touch_info(found[0]) if found else None


def touch_facts(client_id: int, *, db: Db, on: date) -> list[TouchFact]:
    """One client's whole history up to `on`, oldest first, as the schedule replays it."""
    rows = db.rows(
        "SELECT day, channel, outcome, inbound FROM touch "
        "WHERE client_id = :id AND day <= :on ORDER BY day, id",
        {"id": client_id, "on": on},
    )
    return [
        TouchFact(as_day(day), channel, outcome, bool(inbound))
        for day, channel, outcome, inbound in rows
    ]


# ---------------------------------------------------------------------------------------------
# Promises


_PROMISE = (
    f"SELECT p.id, p.client_id, c.name, {row_fields.listed(row_fields.PROMISE_FIELDS, 'p')} "
    "FROM promise AS p JOIN client AS c ON c.id = p.client_id "
)


def promises(
    *,
    db: Db,
    include_kept: bool = False,
    include_cancelled: bool = False,
    client_id: int | None = None,
    filters: DueFilters = DueFilters(),
    until: date | None = None,
    as_of: date | None = None,
    scan: bool = False,
) -> list[PromiseInfo]:
    """Promises by due day: one client's (active or archived), or those of the active clients
    in view plus the ones handed over from archived clients (to the `filters.owner` asked
    for, when one is). A cancelled promise is left out unless `include_cancelled`.

    `as_of` asks for the promises open on that day, as they stood then (`due --on PAST`): made
    by then, and neither kept nor cancelled by then; one kept later is shown still open, so
    keeping a promise today does not change what an earlier day said.

    `scan`: most clients are in view (`in_view`), so the promises are read first and their
    clients looked up, not every client and then its promises."""
    params: dict[str, object]
    if client_id is not None:
        where, params = "c.id = :client_id", {"client_id": client_id}
    else:
        where, params = in_view(filters, db=db, scan=scan)
        handed, more = in_view(
            replace(filters, owner=None), db=db, status="archived", prefix="handed", scan=scan
        )
        params.update(more)
        handed += " AND p.handed_to IS NOT NULL"
        if filters.owner is not None:
            spellings = handed_spellings(filters.owner, db=db)
            names = [f":handed_to_{i}" for i in range(len(spellings))]
            handed += f" AND p.handed_to IN ({', '.join(names)})" if names else " AND 1 = 0"
            params.update(zip((n[1:] for n in names), spellings, strict=True))
        where = f"(({where}) OR ({handed}))"
    sql = _PROMISE + "WHERE " + where
    if as_of is not None:
        sql += (
            " AND p.made_on <= :as_of AND (p.kept_on IS NULL OR p.kept_on > :as_of)"
            " AND (p.cancelled_on IS NULL OR p.cancelled_on > :as_of)"
        )
        params["as_of"] = as_of
    else:
        if not include_kept:
            sql += " AND p.kept_on IS NULL"
        if not include_cancelled:
            sql += " AND p.cancelled_on IS NULL"
    if until is not None:
        sql += " AND p.due_on <= :until"
        params["until"] = until
    found = [_promise_info(row) for row in db.rows(sql + " ORDER BY p.due_on, p.id", params)]
    if as_of is None:
        return found
    return [replace(p, kept_on=None, cancelled_on=None) for p in found]  # open on `as_of`


def handed_spellings(owner: str, *, db: Db) -> list[str]:
    """Every spelling of `owner` among the promises handed over, matched like owners."""
    key = owner.strip().casefold()
    found = db.rows("SELECT DISTINCT handed_to FROM promise WHERE handed_to IS NOT NULL")
    return sorted(o for (o,) in found if o.casefold() == key)


def get_promise(promise_id: int, *, db: Db) -> PromiseInfo:
    found = db.rows(_PROMISE + "WHERE p.id = :id", {"id": promise_id})
    if not found:
        raise NotFound(f"no promise {promise_id}", hint="`cadence promise list` shows the ids")
    return _promise_info(found[0])


def _promise_info(row: Row) -> PromiseInfo:
    promise_id, client_id, name, *fields = row
    return PromiseInfo(
        id=promise_id, client_id=client_id, client_name=name, **row_fields.promise_fields(fields)
    )


def contact_points(client_ids: Sequence[int], *, db: Db) -> dict[int, ContactPoints]:
    """Phone, email and the charter's channel of the given clients: one light query for
    the rows a list shows (never the whole book)."""
    found: dict[int, ContactPoints] = {}
    sql = "SELECT id, phone, email, charter_channel FROM client WHERE id "
    for listing, params in id_lists(client_ids, db=db):
        for cid, phone, email, channel in db.rows(sql + listing, params):
            found[cid] = ContactPoints(phone=phone, email=email, channel=channel)
    return found


_PHONE_DIGITS = "c.phone"
for _mark in (" ", "-", "(", ")", ".", "+", "/"):
    _PHONE_DIGITS = f"REPLACE({_PHONE_DIGITS}, '{_mark}', '')"
"""The phone column with the usual separators removed, in SQL both stores speak."""


def find_clients(text: str, *, db: Db, limit: int) -> list[tuple[ClientInfo, str]]:
    """Clients (active first, then archived) that `text` names anywhere a person would look
    for them, each with where it was found: name (case and accents aside), email, phone (by
    digits: '415 555 0101' finds '(415) 555-0101'), company, tag, notes, a touch's note."""
    key = text.strip().casefold()
    pattern: dict[str, object] = {"pattern": "%" + like_escaped(key) + "%"}
    like = "LIKE :pattern ESCAPE '\\'"
    where: dict[int, str] = {}

    def add(field: str, sql: str, params: dict[str, object]) -> None:
        for (cid,) in db.rows(sql, params):
            where.setdefault(cid, field)

    want = folded(text.strip())
    for cid, name in db.rows(f"SELECT id, name FROM client WHERE name_key {like}", _loosely(want)):
        if want in folded(name):
            where.setdefault(cid, "name")
    add("email", f"SELECT id FROM client WHERE email_key {like}", pattern)
    digits = digits_of(text)
    if len(digits) >= 3:
        found: dict[str, object] = {"digits": f"%{digits}%"}
        add("phone", f"SELECT c.id FROM client AS c WHERE {_PHONE_DIGITS} LIKE :digits", found)
    add("company", f"SELECT id FROM client WHERE lower(company) {like}", pattern)
    add("tag", f"SELECT client_id FROM client_tag WHERE tag {like}", pattern)
    add("notes", f"SELECT id FROM client WHERE lower(notes) {like}", pattern)
    add("touch note", f"SELECT DISTINCT client_id FROM touch WHERE lower(note) {like}", pattern)
    clients: list[ClientInfo] = []
    for chunk in chunks(sorted(where)):
        names, params = in_list("cid", chunk)
        clients += _client_infos(db.rows(_CLIENT + f"WHERE c.id IN {names}", params), db=db)
    clients.sort(key=lambda c: (c.status != "active", c.name.casefold(), c.id))
    return [(c, where[c.id]) for c in clients[:limit]]


# ---------------------------------------------------------------------------------------------
# Notes


def notes_of(client_id: int, *, db: Db, limit: int | None = None) -> list[NoteInfo]:
    """One client's notes journal, newest first."""
    sql = (
        "SELECT id, client_id, noted_on, text, by FROM note WHERE client_id = :id "
        "ORDER BY noted_on DESC, id DESC"
    )
    params: dict[str, object] = {"id": client_id}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [
        NoteInfo(id=nid, client_id=cid, noted_on=as_day(on), text=text, by=by)
        for nid, cid, on, text, by in db.rows(sql, params)
    ]
