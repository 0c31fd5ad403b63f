"""Recording the history of terms (SPEC §1): one snapshot per change, never overwritten.

Writes change the `client` and `tier` rows as before, then call `record_client_terms` or
`record_tier_terms`, which compare the row with its latest snapshot and append a new one
only when something changed, worded by `core.terms.describe_change`. So a command cannot
forget to record its change, and a command that changed nothing records nothing.

A change takes effect on the stamp's day, but never before the latest snapshot already in
force (a "what if" run with an earlier `CADENCE_TODAY` cannot rewrite later history): the
snapshot with the highest id is therefore always the one in force from its day on, and the
`client` row always holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from cadence_cli.core.records import Stamp, TierInfo
from cadence_cli.core.schedule import TierRule
from cadence_cli.core.terms import (
    TERM_FIELDS,
    ClientTerms,
    TermChange,
    TermRow,
    TierDefinition,
    TierRedefinition,
    client_history,
    definition_on,
    definitions_by_tier,
    describe_change,
)
from cadence_cli.store.engine import Db, as_day, chunks, in_list, interval_reader

SINCE_ALWAYS = date(1, 1, 1)

_COLUMNS = TERM_COLUMNS = ", ".join(TERM_FIELDS)
_DAYS = ("snoozed_until", "charter_agreed_on")
INSERT_CLIENT_TERM = _INSERT = (
    f"INSERT INTO client_term (client_id, effective_on, tier_since, {_COLUMNS}, change, by, "
    f"recorded_at) VALUES (:client_id, :effective_on, :tier_since, "
    f"{', '.join(':' + name for name in TERM_FIELDS)}, :change, :by, :recorded_at)"
)


def _terms(values: Iterable[object]) -> ClientTerms:
    row = dict(zip(TERM_FIELDS, values, strict=True))
    for name in _DAYS:
        if row[name] is not None:
            row[name] = as_day(row[name])  # type: ignore[arg-type]
    return ClientTerms(**row)  # type: ignore[arg-type]


def tier_names(*, db: Db) -> dict[int, str]:
    """Every tier id ever defined, by its latest name (a deleted tier keeps its last one)."""
    names = {int(i): n for i, n in db.rows("SELECT tier_id, name FROM tier_term ORDER BY id")}
    names.update((int(i), n) for i, n in db.rows("SELECT id, name FROM tier"))
    return names


def record_client_terms(client_ids: Iterable[int], *, db: Db, stamp: Stamp) -> int:
    """Append a snapshot for each client whose terms differ from its latest one.

    A client with no snapshot yet (just added or imported) gets one in force from the day it
    was added, and a second from the day it was archived when it arrives archived. Returns
    how many snapshots were written.
    """
    names: dict[int, str] | None = None
    written = 0
    for chunk in chunks(sorted(set(client_ids))):
        ids, params = in_list("id", chunk)
        current = db.rows(
            f"SELECT id, added_on, archived_on, archived_reason, {_COLUMNS} "
            f"FROM client WHERE id IN {ids}",
            params,
        )
        latest = {
            int(row[0]): (as_day(row[1]), as_day(row[2]), _terms(row[3:]))
            for row in db.rows(
                f"SELECT client_id, effective_on, tier_since, {_COLUMNS} FROM client_term "
                "WHERE id IN (SELECT MAX(id) FROM client_term "
                f"WHERE client_id IN {ids} GROUP BY client_id)",
                params,
            )
        }
        rows: list[dict[str, object]] = []
        moved: list[dict[str, object]] = []
        for client_id, added_on, archived_on, reason, *values in current:
            now = _terms(values)
            if names is None:
                names = tier_names(db=db)
            if client_id not in latest:
                added = as_day(added_on)
                rows.append(_row(client_id, added, added, _added(now), None, names, stamp))
                if now.status != "active":
                    on = max(added, as_day(archived_on) if archived_on else added)
                    rows.append(_row(client_id, on, added, now, _added(now), names, stamp, reason))
                moved.append({"id": client_id, "since": added})
                continue
            since_on, tier_since, before = latest[client_id]
            on = max(stamp.on, since_on)
            if now.tier_id != before.tier_id:
                tier_since = on
                moved.append({"id": client_id, "since": on})
            row = _row(client_id, on, tier_since, now, before, names, stamp, reason)
            if row["change"] is not None:
                rows.append(row)
        db.executemany("UPDATE client SET tier_since = :since WHERE id = :id", moved)
        db.executemany(_INSERT, rows)
        written += len(rows)
    return written


def _added(terms: ClientTerms) -> ClientTerms:
    """The terms of an archived client on the day it was added: the same, but active."""
    fields = {name: getattr(terms, name) for name in TERM_FIELDS}
    return ClientTerms(**{**fields, "status": "active"})


def _row(
    client_id: int,
    on: date,
    tier_since: date,
    terms: ClientTerms,
    before: ClientTerms | None,
    names: dict[int, str],
    stamp: Stamp,
    reason: str | None = None,
) -> dict[str, object]:
    change = describe_change(before, terms, tier_names=names, archived_reason=reason)
    return {
        "client_id": client_id,
        "effective_on": on,
        "tier_since": tier_since,
        **{name: getattr(terms, name) for name in TERM_FIELDS},
        "change": change,
        "by": stamp.by,
        "recorded_at": stamp.at,
    }


_TIER_COLUMNS = ("name", "rank", "every", "reactive_after", "minutes")


def record_tier_terms(
    tier_ids: Iterable[int], *, db: Db, stamp: Stamp, retired: bool = False
) -> int:
    """Append a definition for each tier that is new, was redefined, or (`retired`) deleted.

    Call it after an insert or update, and before the delete of a retired tier."""
    written = 0
    for tier_id in sorted(set(tier_ids)):
        found = db.rows(
            "SELECT name, rank, every, reactive_after, minutes FROM tier WHERE id = :id",
            {"id": tier_id},
        )
        if not found:
            continue
        now = dict(zip(_TIER_COLUMNS, found[0], strict=True))
        last = db.rows(
            "SELECT effective_on, name, rank, every, reactive_after, minutes FROM tier_term "
            "WHERE tier_id = :id ORDER BY id DESC LIMIT 1",
            {"id": tier_id},
        )
        if last:
            since_on, *values = last[0]
            before = dict(zip(_TIER_COLUMNS, values, strict=True))
            on = max(stamp.on, as_day(since_on))
            change = "deleted" if retired else _tier_change(before, now)
        else:
            on = stamp.on
            change = f"defined: every {now['every']}, reactive after {now['reactive_after']}"
        if change is None:
            continue
        db.execute(
            "INSERT INTO tier_term (tier_id, effective_on, name, rank, every, reactive_after, "
            "minutes, retired, change, by, recorded_at) VALUES (:tier_id, :on, :name, :rank, "
            ":every, :reactive_after, :minutes, :retired, :change, :by, :at)",
            {
                **now,
                "tier_id": tier_id,
                "on": on,
                "retired": retired,
                "change": change,
                "by": stamp.by,
                "at": stamp.at,
            },
        )
        written += 1
    return written


def _tier_change(before: dict[str, object], now: dict[str, object]) -> str | None:
    labels = {"every": "every", "reactive_after": "reactive after", "minutes": "minutes"}
    labels.update(name="name", rank="rank")
    parts = [
        f"{labels[key]} {before[key]} → {now[key]}"
        for key in _TIER_COLUMNS
        if str(before[key]) != str(now[key])
    ]
    return "; ".join(parts) or None


# ---------------------------------------------------------------------------------------------
# Reading the history: which terms were in force when


def latest_change(*, db: Db) -> date:
    """The latest day any client's terms or any tier's definition changed (or takes effect).

    On or after it, the `client` and `tier` rows are the terms in force, so the daily
    commands read them directly; only a day before it needs the history.
    """
    found = [
        as_day(day)
        for (day,) in db.rows(
            "SELECT MAX(effective_on) FROM client_term UNION ALL "
            "SELECT MAX(effective_on) FROM tier_term"
        )
        if day is not None
    ]
    return max(found, default=SINCE_ALWAYS)


def redefined_since(definitions: dict[int, list[TierDefinition]], after: date) -> set[int]:
    """The tiers (ids) given a new definition after `after`: their clients' days in a window
    opening then follow a timeline, not the tier as it is now."""
    return {tier_id for tier_id, defs in definitions.items() if any(d.since > after for d in defs)}


def tier_definitions(*, db: Db) -> dict[int, list[TierDefinition]]:
    """Every tier's definitions, oldest first (a deleted tier's too: its past stays readable)."""
    rows = db.rows(
        "SELECT tier_id, effective_on, name, rank, every, reactive_after, retired FROM tier_term "
        "ORDER BY tier_id, effective_on, id"
    )
    interval = interval_reader()
    return definitions_by_tier(
        TierDefinition(
            int(tier_id),
            as_day(on),
            TierRule(name, int(rank), interval(every), interval(reactive_after)),
            bool(retired),
        )
        for tier_id, on, name, rank, every, reactive_after, retired in rows
    )


def tiers_in_force(*, db: Db, on: date) -> list[TierInfo]:
    """The tiers as defined on `on`, in rank order, as `reads.tiers` gives today's.

    Every tier ever defined is listed (one deleted since, or defined later, too), so a
    client's tier on `on` always has a rule; `tiers_on` says which existed that day.
    """
    descriptions: dict[int, str | None] = {
        int(i): d for i, d in db.rows("SELECT id, description FROM tier")
    }
    found = [
        (definition_on(defs, on), tier_id) for tier_id, defs in tier_definitions(db=db).items()
    ]
    found.sort(key=lambda pair: (pair[0].rule.rank, pair[0].rule.name.casefold()))
    return [
        TierInfo.of(d.rule, id=tier_id, description=descriptions.get(tier_id))
        for d, tier_id in found
    ]


_ROW_COLUMNS = f"client_id, effective_on, {_COLUMNS}"


def term_rows(
    client_ids: Iterable[int], *, db: Db, start: date, on: date
) -> dict[int, list[TermRow]]:
    """Each client's snapshot in force on `start` and every later one up to `on`, oldest
    first: all a timeline over [start, on] needs, and no older row."""
    found: dict[int, list[TermRow]] = {}
    for chunk in chunks(sorted(set(client_ids))):
        ids, params = in_list("id", chunk)
        params.update(start=start, on=on)
        rows = db.rows(
            f"SELECT {_ROW_COLUMNS} FROM client_term WHERE id IN (SELECT MAX(id) FROM client_term "
            f"WHERE client_id IN {ids} AND effective_on <= :start GROUP BY client_id)",
            params,
        ) + db.rows(
            f"SELECT {_ROW_COLUMNS} FROM client_term WHERE client_id IN {ids} "
            "AND effective_on > :start AND effective_on <= :on "
            "ORDER BY client_id, effective_on, id",
            params,
        )
        for client_id, since, *values in rows:
            found.setdefault(int(client_id), []).append(TermRow(as_day(since), _terms(values)))
    return found


def changed_since(*, db: Db, after: date) -> set[int]:
    """The clients with a snapshot taking effect after `after` (few: the recent changes)."""
    return {
        int(client_id)
        for (client_id,) in db.rows(
            "SELECT DISTINCT client_id FROM client_term WHERE effective_on > :after",
            {"after": after},
        )
    }


def term_row(since: date, values: Sequence[object]) -> TermRow:
    """A `TermRow` from `client` or `client_term` columns in `TERM_FIELDS` order."""
    return TermRow(since, _terms(values))


def history_of(client_id: int, *, db: Db) -> list[TermChange]:
    """Every change of one client's terms, and every redefinition of its tier while it was in
    it, oldest first (`cadence history`, `show`)."""
    changes = [
        (as_day(on), int(tier_id), TermChange(as_day(on), change, by))
        for on, tier_id, change, by in db.rows(
            "SELECT effective_on, tier_id, change, by FROM client_term "
            "WHERE client_id = :id ORDER BY effective_on, id",
            {"id": client_id},
        )
    ]
    if not changes:
        return []
    tier_ids = sorted({tier for _on, tier, _change in changes})
    ids, params = in_list("tier", tier_ids)
    params["since"] = changes[0][0]
    redefinitions = [
        TierRedefinition(int(tier_id), name, TermChange(as_day(on), change, by))
        for tier_id, on, name, change, by in db.rows(
            "SELECT t.tier_id, t.effective_on, t.name, t.change, t.by FROM tier_term AS t "
            f"WHERE t.tier_id IN {ids} AND t.effective_on >= :since AND t.id > ("
            "SELECT MIN(f.id) FROM tier_term AS f WHERE f.tier_id = t.tier_id) "
            "ORDER BY t.effective_on, t.id",
            params,
        )
    ]
    return client_history(changes, redefinitions)
