"""The aggregates behind the daily commands: what the pure core needs, in a few queries.

`due`, `report`, `team`, `tier list` and the standing shown by `log`, `show` and `clients`
start here. Each function takes a keyword-only `db` and returns the core's frozen records
(`schedule.ClientFacts`, `report.ClientHistory`…), aggregating in SQL: no client's history is
loaded to find its latest touch, and no query runs per client.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

from cadence_cli.core.dates import Interval, YearlyDate, month_day_ranges, parse_interval
from cadence_cli.core.records import DueFilters, PromiseInfo, TeamMember
from cadence_cli.core.report import ClientHistory
from cadence_cli.core.schedule import (
    DEFAULT_REVIEW_EVERY,
    NO_ANSWER,
    CharterFacts,
    ClientFacts,
    MilestoneFacts,
    PromiseFacts,
    TouchFact,
    latest_anchor_due_by,
    standing,
)
from cadence_cli.store.engine import Db, as_day
from cadence_cli.store.reads import in_view, tiers

# ---------------------------------------------------------------------------------------------
# Clients: one aggregate row each


# Each sub-select walks a partial (client_id, day, id) index backwards (revision 0002) and
# stops at its first entry: the latest counting touch, the latest no-answer (either
# direction), and the latest missed inbound call, on or before :on. The outcome is a literal
# so the planner can prove the partial index applies.
_CLIENT_FACTS = f"""
SELECT c.id, c.name, c.tier_id, c.added_on, c.snoozed_until, c.charter_every,
       c.charter_agreed_on, c.owner,
       lc.day, lc.channel, lc.outcome, lc.inbound, la.day, la.channel, la.inbound,
       (SELECT MAX(t.day) FROM touch AS t
        WHERE t.client_id = c.id AND t.outcome = '{NO_ANSWER}' AND t.inbound = :inbound
          AND t.day <= :on) AS missed
FROM client AS c
LEFT JOIN touch AS lc ON lc.id = (
    SELECT t.id FROM touch AS t
    WHERE t.client_id = c.id AND t.outcome != '{NO_ANSWER}' AND t.day <= :on
    ORDER BY t.day DESC, t.id DESC LIMIT 1)
LEFT JOIN touch AS la ON la.id = (
    SELECT t.id FROM touch AS t
    WHERE t.client_id = c.id AND t.outcome = '{NO_ANSWER}' AND t.day <= :on
    ORDER BY t.day DESC, t.id DESC LIMIT 1)
WHERE """


def client_facts(
    *,
    db: Db,
    on: date,
    filters: DueFilters = DueFilters(),
    client_id: int | None = None,
    only_due: bool = False,
) -> list[ClientFacts]:
    """What `schedule` needs about every active client in view (or one), as of day `on`.

    One row per client: two indexed sub-selects find its latest counting touch and latest
    outbound no-answer; no history is loaded. With `only_due`, clients who cannot be due on
    `on` and have no open follow-up are left out in SQL (each tier's latest due anchor comes
    from `schedule.latest_anchor_due_by`; charters and snoozes are left to the core): on a big
    book most clients are fine, and building records for them is most of `due`'s work.
    """
    # Long on purpose: one pass over the rows with shared records and parsed intervals is
    # most of `due` on a big book (benchmarks/README.md); split, it costs a call per client.
    known = tiers(db=db)
    where, params = in_view(filters, db=db, known=known)
    params.update(on=on, inbound=True)
    sql = _CLIENT_FACTS + where
    if client_id is not None:
        sql += " AND c.id = :client_id"
        params["client_id"] = client_id
    if only_due:
        maybe = ["c.charter_every IS NOT NULL", "lc.day IS NULL", "la.day > lc.day"]
        for tier in known:
            cutoff = latest_anchor_due_by(tier.every, on)
            if cutoff is not None:
                maybe.append(f"(c.tier_id = :tier_{tier.id} AND lc.day <= :cutoff_{tier.id})")
                params[f"tier_{tier.id}"], params[f"cutoff_{tier.id}"] = tier.id, cutoff
        sql += f" AND ({' OR '.join(maybe)})"
    rules = {t.id: t.rule for t in known}
    intervals: dict[str, Interval] = {}
    days: dict[object, date] = {}
    shared: dict[tuple[date, str, str, bool], TouchFact] = {}

    def day_of(value: object) -> date:
        found = days.get(value)
        if found is None:
            found = days[value] = as_day(value)  # type: ignore[arg-type]
        return found

    def touch(key: tuple[date, str, str, bool]) -> TouchFact:
        found = shared.get(key)
        if found is None:
            found = shared[key] = TouchFact(*key)
        return found

    facts = []
    with paused_gc():
        for (
            cid, name, tier_id, added_on, snoozed, charter_every, charter_agreed, owner,
            c_day, c_channel, c_outcome, c_inbound, a_day, a_channel, a_inbound, missed,
        ) in db.rows(sql, params):  # fmt: skip
            charter = None
            if charter_every is not None and charter_agreed is not None:
                charter = intervals.get(charter_every)
                if charter is None:
                    charter = intervals[charter_every] = parse_interval(charter_every)
            facts.append(
                ClientFacts(
                    client_id=cid,
                    name=name,
                    tier=rules[tier_id],
                    added_on=day_of(added_on),
                    last_counting=None
                    if c_day is None
                    else touch((day_of(c_day), c_channel, c_outcome, bool(c_inbound))),
                    last_attempt=None
                    if a_day is None
                    else touch((day_of(a_day), a_channel, NO_ANSWER, bool(a_inbound))),
                    last_missed_call=None if missed is None else day_of(missed),
                    snoozed_until=None if snoozed is None else day_of(snoozed),
                    charter_every=charter,
                    owner=owner,
                )
            )
    return facts


def promise_facts(found: Sequence[PromiseInfo]) -> list[PromiseFacts]:
    return [
        PromiseFacts(p.id, p.client_id, p.client_name, p.text, p.due_on, p.kept_on) for p in found
    ]


def milestone_facts(
    *,
    db: Db,
    filters: DueFilters = DueFilters(),
    between: tuple[date, date] | None = None,
) -> list[MilestoneFacts]:
    """The yearly dates of the active clients in view; with `between`, only those whose month
    and day can occur in that window (the core still decides exactly: Feb 29, past years)."""
    where, params = in_view(filters, db=db)
    sql = (
        "SELECT m.client_id, c.name, m.label, m.month, m.day, m.year "
        f"FROM milestone AS m JOIN client AS c ON c.id = m.client_id WHERE {where}"
    )
    ranges = month_day_ranges(*between) if between is not None else None
    if ranges is not None:
        tests = []
        for i, (low, high) in enumerate(ranges):
            tests.append(f"(m.month * 100 + m.day BETWEEN :md_low_{i} AND :md_high_{i})")
            params[f"md_low_{i}"], params[f"md_high_{i}"] = low, high
        sql += f" AND ({' OR '.join(tests) or '1 = 0'})"
    dates: dict[tuple[int, int, int | None], YearlyDate] = {}
    found = []
    with paused_gc():
        for client_id, name, label, month, day, year in db.rows(sql, params):
            when = dates.get((month, day, year))
            if when is None:
                when = dates[month, day, year] = YearlyDate(month, day, year)
            found.append(MilestoneFacts(client_id, name, label, when))
    return found


def charter_facts(*, db: Db, filters: DueFilters = DueFilters()) -> list[CharterFacts]:
    """The agreed charters of the active clients in view."""
    where, params = in_view(filters, db=db)
    rows = db.rows(
        "SELECT c.id, c.name, c.charter_every, c.charter_agreed_on, c.charter_review_every, "
        "c.charter_channel, c.charter_note FROM client AS c "
        f"WHERE c.charter_every IS NOT NULL AND c.charter_agreed_on IS NOT NULL AND {where}",
        params,
    )
    intervals: dict[str, Interval] = {}

    def interval(text: str) -> Interval:
        found = intervals.get(text)
        if found is None:
            found = intervals[text] = parse_interval(text)
        return found

    return [
        CharterFacts(
            client_id=client_id,
            name=name,
            every=interval(every),
            agreed_on=as_day(agreed_on),
            review_every=interval(review_every) if review_every else DEFAULT_REVIEW_EVERY,
            channel=channel,
            note=note,
        )
        for client_id, name, every, agreed_on, review_every, channel, note in rows
    ]


# ---------------------------------------------------------------------------------------------
# Report histories


def report_histories(
    *, db: Db, start: date, on: date, filters: DueFilters = DueFilters()
) -> list[ClientHistory]:
    """The active clients in view with all `report.build_report` needs for [start, on].

    Three queries, none per client: `client_facts` as of the day before the window (each
    client's latest counting touch and latest outbound no-answer before it, by the indexed
    sub-selects), the touches in the window (only the columns the model reads), and the
    promises due in the window. Older touches cannot change the report: the replay needs only
    the anchor in force when the window opens, and a follow-up only the latest attempt, so a
    long history costs nothing (tests compare it with a replay of every touch).
    """
    # One function so the three queries visibly share one snapshot and one filter.
    first_day = start == date.min  # nothing can come before the calendar's first day
    before = client_facts(
        db=db, on=start if first_day else start - timedelta(days=1), filters=filters
    )
    touches: dict[int, list[TouchFact]] = {}
    for fact in before:
        anchor, attempt = (None, None) if first_day else (fact.last_counting, fact.last_attempt)
        touches[fact.client_id] = kept = [] if anchor is None else [anchor]
        if attempt is not None and (anchor is None or attempt.on > anchor.on):
            kept.append(attempt)  # an attempt before the anchor can never be followed up
    where, params = in_view(filters, db=db)
    params.update(start=start, on=on)
    # In any order (the replay sorts what it needs). Touches repeat the same few (day,
    # channel, outcome, direction): one shared fact for each.
    shared: dict[tuple[object, str, str, object], TouchFact] = {}
    with paused_gc():
        for client_id, day, channel, outcome, inbound in db.rows(
            "SELECT t.client_id, t.day, t.channel, t.outcome, t.inbound "
            "FROM touch AS t JOIN client AS c ON c.id = t.client_id "
            f"WHERE t.day >= :start AND t.day <= :on AND {where}",
            params,
        ):
            key = (day, channel, outcome, inbound)
            touch = shared.get(key)
            if touch is None:
                touch = shared[key] = TouchFact(as_day(day), channel, outcome, bool(inbound))
            touches[client_id].append(touch)
    names = {f.client_id: f.name for f in before}
    due: dict[int, list[PromiseFacts]] = defaultdict(list)
    for promise_id, client_id, text, due_on, kept_on in db.rows(
        "SELECT p.id, p.client_id, p.text, p.due_on, p.kept_on "
        "FROM promise AS p JOIN client AS c ON c.id = p.client_id "
        "WHERE p.due_on >= :start AND p.due_on <= :on AND p.cancelled_on IS NULL "
        f"AND {where} ORDER BY p.due_on, p.id",
        params,
    ):
        due[client_id].append(
            PromiseFacts(
                promise_id,
                client_id,
                names[client_id],
                text,
                as_day(due_on),
                None if kept_on is None else as_day(kept_on),
            )
        )
    return [
        ClientHistory(fact, tuple(touches[fact.client_id]), tuple(due[fact.client_id]))
        for fact in sorted(before, key=lambda f: f.client_id)
    ]


# ---------------------------------------------------------------------------------------------
# The team


def team_members(
    *, db: Db, today: date, recent_days: int = 90, week_days: int = 7
) -> tuple[list[TeamMember], TeamMember]:
    """Members (owners of active clients, and whoever logged a touch in the last
    `recent_days`) in name order, and the unowned clients as one more row.

    Clients per owner and touches per author are GROUP BY aggregates; due and reactive come
    from the pure schedule over `client_facts`, one aggregate row per client. Names that differ
    only in case are one member (as `--owner` filters them), shown as spelled most often.
    """
    # One function: the two aggregates and the schedule pass fill the same per-member maps.
    owned = db.rows(
        "SELECT owner, COUNT(*) FROM client WHERE status = 'active' AND owner IS NOT NULL "
        "GROUP BY owner"
    )
    logged = db.rows(
        "SELECT by, COUNT(*), SUM(CASE WHEN day >= :week THEN 1 ELSE 0 END), MAX(day) "
        "FROM touch WHERE by IS NOT NULL AND day >= :recent AND day <= :today GROUP BY by",
        {
            "week": today - timedelta(days=week_days - 1),
            "recent": today - timedelta(days=recent_days - 1),
            "today": today,
        },
    )
    spelling: dict[str | None, str] = {}
    clients: dict[str | None, int] = defaultdict(int)
    touches: dict[str | None, int] = defaultdict(int)
    last: dict[str | None, date] = {}
    for owner, count in sorted(owned, key=lambda row: (-row[1], row[0])):
        key = owner.casefold()
        spelling.setdefault(key, owner)
        clients[key] += int(count)
    for by, _count, week, latest in sorted(logged, key=lambda row: (-row[1], row[0])):
        key = by.casefold()
        spelling.setdefault(key, by)
        touches[key] += int(week or 0)
        last[key] = max(as_day(latest), last.get(key, as_day(latest)))
    due: dict[str | None, int] = defaultdict(int)
    reactive: dict[str | None, int] = defaultdict(int)
    per_week: dict[str | None, float] = defaultdict(float)
    for fact in client_facts(db=db, on=today):
        owner_key = fact.owner.casefold() if fact.owner else None
        now = standing(fact, today)
        due[owner_key] += now.status == "due"
        reactive[owner_key] += now.status == "reactive"
        per_week[owner_key] += now.per_week
        if owner_key is None:
            clients[None] += 1

    def member(key: str | None) -> TeamMember:
        return TeamMember(
            name=spelling[key] if key is not None else None,
            clients=clients[key],
            due=due[key],
            reactive=reactive[key],
            per_week=per_week[key],
            touches_week=touches[key],
            last_touch_on=last.get(key),
        )

    names = sorted((k for k in spelling if k is not None), key=_alphabetical)
    return [member(key) for key in names], member(None)


def _alphabetical(name: str) -> tuple[str, str]:
    """Sort key that files Élodie under E, not after Z."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch)), name


# ---------------------------------------------------------------------------------------------
# ---- performance


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big book's records are built.

    They all stay alive, so each collection the allocations trigger would walk them, and the
    whole import graph, to free nothing: about a tenth of `due` on 100,000 clients. Reference
    counting still frees everything else meanwhile. (Mercurial's `util.nogc` does the same
    around its parsers.)
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
