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
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cadence_cli.core.dates import Interval, YearlyDate, month_day_ranges, parse_interval
from cadence_cli.core.records import DueFilters, PromiseInfo, TeamMember, TierInfo
from cadence_cli.core.schedule import (
    DEFAULT_REVIEW_EVERY,
    NO_ANSWER,
    CharterFacts,
    Chase,
    ClientFacts,
    MilestoneFacts,
    PromiseFacts,
    Terms,
    TierRule,
    TouchFact,
    chases,
    latest_anchor_due_by,
    standing,
)
from cadence_cli.core.terms import (
    TERM_FIELDS,
    ClientTerms,
    TierDefinition,
    client_timeline,
    tiers_on,
)
from cadence_cli.store import reads
from cadence_cli.store import terms as book_terms
from cadence_cli.store.engine import (
    Db,
    Row,
    as_day,
    id_lists,
    in_list,
    interval_reader,
    unreadable_book,
)
from cadence_cli.store.reads import find_tier, in_view, tiers

if TYPE_CHECKING:  # the report's module loads only for `report` (log and show do not need it)
    from cadence_cli.core.report import ClientHistory

# ---------------------------------------------------------------------------------------------
# Clients: one aggregate row each


# Each sub-select walks a partial (client_id, day, id) index backwards (revision 0002) and
# stops at its first entry: the latest counting touch, the latest no-answer (either
# direction), and the latest missed inbound call, on or before :on. The outcome is a literal
# so the planner can prove the partial index applies.
def latest_touch(pick: str, *, test: str, of: str = "c", until: str = "<= :on") -> str:
    """The sub-select of client `of`'s latest touch whose outcome is `test` no-answer
    (`!=`: counting, `=`: an attempt) and whose day is `until`, giving `t.{pick}`."""
    return f"""
    SELECT t.{pick} FROM touch AS t
    WHERE t.client_id = {of}.id AND t.outcome {test} '{NO_ANSWER}' AND t.day {until}
    ORDER BY t.day DESC, t.id DESC LIMIT 1"""


_CLIENT_FACTS = """
SELECT c.id, c.name, c.tier_id, c.added_on, c.snoozed_until, c.charter_every,
       c.charter_agreed_on, c.owner,
       lc.day, lc.channel, lc.outcome, lc.inbound, la.day, la.channel, la.inbound,
       {missed} AS missed{extra}
FROM {source} AS c
{joins}
WHERE """
_MISSED = f"""(SELECT MAX(t.day) FROM touch AS t
        WHERE t.client_id = c.id AND t.outcome = '{NO_ANSWER}' AND t.inbound = :inbound
          AND t.day <= :on)"""
_FOLLOW_UP_OPEN = f"""EXISTS (SELECT 1 FROM touch AS t
        WHERE t.client_id = c.id AND t.outcome = '{NO_ANSWER}' AND t.day > lc.day
          AND t.day <= :on)"""
# SQLite joins each chosen touch back by its id (a rowid look-up).
_JOINS = (
    f"LEFT JOIN touch AS lc ON lc.id = ({latest_touch('id', test='!=')})\n"
    f"LEFT JOIN touch AS la ON la.id = ({latest_touch('id', test='=')})"
)
# PostgreSQL joined those back with hash joins over a sequential scan of every touch (6 s on
# the 100k book); a lateral sub-select reads the chosen row where the index finds it (1.6 s).
_PG_PICK = "day, t.channel, t.outcome, t.inbound"
_PG_JOINS = (
    f"LEFT JOIN LATERAL ({latest_touch(_PG_PICK, test='!=')}) AS lc ON TRUE\n"
    f"LEFT JOIN LATERAL ({latest_touch(_PG_PICK, test='=')}) AS la ON TRUE"
)


def client_facts_sql(
    dialect: str, source: str, *, missed: bool = True, extra: Sequence[str] = ()
) -> str:
    """The aggregate query of `client_facts` for `dialect`, on the client rows `source`;
    without `missed`, no client's latest missed call is looked up (it stays NULL). `extra`
    columns of `c` follow the usual ones."""
    joins = _PG_JOINS if dialect == "postgresql" else _JOINS
    more = "".join(f", c.{column}" for column in extra)
    return _CLIENT_FACTS.format(
        source=source, joins=joins, missed=_MISSED if missed else "NULL", extra=more
    )


# The clients as they stood on :terms_on (SPEC §1, "History of terms"): each one's snapshot in
# force that day, found by walking (client_id, effective_on, id) backwards like the touch
# sub-selects. A client added later has none and drops out; `in_view` then filters on the
# status, tier and owner of that day (`tier_since`, the day it entered that tier, starts
# the clocks of its touchpoints: `store.model.touchpoint_facts`).
_CLIENTS_ON = """(
SELECT cl.id, cl.name, cl.added_on, ct.tier_id, ct.status, ct.snoozed_until, ct.owner,
       ct.charter_every, ct.charter_channel, ct.charter_note, ct.charter_review_every,
       ct.charter_agreed_on, ct.tier_since
FROM client AS cl JOIN client_term AS ct ON ct.id = (
    SELECT t.id FROM client_term AS t WHERE t.client_id = cl.id AND t.effective_on <= :terms_on
    ORDER BY t.effective_on DESC, t.id DESC LIMIT 1))"""


def clients_on(on: date, *, db: Db) -> tuple[str, list[TierInfo], dict[str, object]]:
    """The client rows to read for day `on`, the tiers as defined then, and the parameters.

    On or after the latest change (every morning) that is the `client` table itself: one
    query, as fast as before the history existed. Only a day before a change reads the
    snapshot in force that day.
    """
    if on >= book_terms.latest_change(db=db):
        return "client", tiers(db=db), {}
    return _CLIENTS_ON, book_terms.tiers_in_force(db=db, on=on), {"terms_on": on}


def client_facts(
    *,
    db: Db,
    on: date,
    filters: DueFilters = DueFilters(),
    client_id: int | None = None,
    only_due: bool = False,
) -> list[ClientFacts]:
    """What `schedule` needs about every client in view (or one) active on day `on`, with
    the terms in force that day.

    One row per client: two indexed sub-selects find its latest counting touch and latest
    outbound no-answer; no history is loaded. With `only_due`, clients who cannot be due on
    `on` and have no open follow-up are left out in SQL (each tier's latest due anchor comes
    from `schedule.latest_anchor_due_by`; charters and snoozes are left to the core): on a big
    book most clients are fine, and building records for them is most of `due`'s work.
    """
    source, known, params = clients_on(on, db=db)
    where, view = in_view(filters, db=db, known=known, scan=only_due and filters.tier is None)
    params.update(view)
    return client_facts_from(
        db=db,
        on=on,
        source=source,
        where=where,
        params=params,
        known=known,
        client_id=client_id,
        only_due=only_due,
    )


def client_facts_from(
    *,
    db: Db,
    on: date,
    source: str,
    where: str,
    params: dict[str, object],
    known: Sequence[TierInfo],
    client_id: int | None = None,
    only_due: bool = False,
    missed: bool = True,
    extra: Sequence[str] = (),
    extras: list[Row] | None = None,
) -> list[ClientFacts]:
    """The clients `source` and `where` select, as facts of day `on`: the one pass behind
    `client_facts` and `due_facts.due_facts`, which add the filters and the extra columns."""
    # Long on purpose: one pass over the rows with shared records and parsed intervals is
    # most of `due` on a big book (benchmarks/README.md); split, it costs a call per client.
    # `extra` columns come back in `extras`, one (id, *extra) tuple per client.
    params.update(on=on, inbound=True)
    sql = client_facts_sql(db.dialect, source, missed=missed, extra=extra) + where
    if client_id is not None:
        sql += " AND c.id = :client_id"
        params["client_id"] = client_id
    if only_due:
        sql += " AND " + _may_be_due(on=on, known=known, params=params, stored=source == "client")
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
        rows = db.rows(sql, params)
        if extra and extras is not None:
            extras += [row[:1] + row[16:] for row in rows]
            rows = [row[:16] for row in rows]
        for (
            cid, name, tier_id, added_on, snoozed, charter_every, charter_agreed, owner,
            c_day, c_channel, c_outcome, c_inbound, a_day, a_channel, a_inbound, missed,
        ) in rows:  # fmt: skip
            charter = None
            if charter_every is not None and charter_agreed is not None:
                charter = intervals.get(charter_every)
                if charter is None:
                    charter = intervals[charter_every] = parse_interval(charter_every)
            facts.append(
                ClientFacts(
                    client_id=cid,
                    name=name,
                    tier=rules.get(tier_id) or _missing_tier(),
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


def _may_be_due(
    *, on: date, known: Sequence[TierInfo], params: dict[str, object], stored: bool
) -> str:
    """The condition that keeps the clients who can be due on `on` or have an open follow-up
    (charters and snoozes are left to the core), adding its parameters to `params`.

    `stored`: the rows are today's `client` rows, whose `last_counting_on` and
    `last_attempt_on` (revision 0006, kept by triggers) answer the question without looking
    a touch up, unless a touch is dated after `on`: those few clients take the exact test on
    the looked-up touches (`lc`), as every client does on a day's snapshot rows.
    """

    def test(latest: str, follow_up: str) -> str:
        maybe = ["c.charter_every IS NOT NULL", f"{latest} IS NULL"]
        for tier in known:
            cutoff = latest_anchor_due_by(tier.every, on)
            if cutoff is not None:
                maybe.append(f"(c.tier_id = :tier_{tier.id} AND {latest} <= :cutoff_{tier.id})")
                params[f"tier_{tier.id}"], params[f"cutoff_{tier.id}"] = tier.id, cutoff
        maybe.append(follow_up)
        return f"({' OR '.join(maybe)})"

    # An open follow-up (la.day > lc.day), asked last and without `la`: the test then needs
    # only `c` and `lc`, so the latest no-answer is looked up and joined for the clients
    # kept, not all of them (the query 0.69 → 0.58 s on the 100k book).
    exact = test("lc.day", _FOLLOW_UP_OPEN)
    if not stored:
        return exact
    # The first part reads only `c`: each store tests it while it scans `client`, before
    # any look-up (PostgreSQL's due query 0.40 → 0.21 s on the 100k book). The stored days
    # are the exact test's `lc.day` and latest no-answer unless one is after `on`.
    kept = test("c.last_counting_on", "c.last_attempt_on > c.last_counting_on")
    ahead = "(c.last_counting_on > :on OR c.last_attempt_on > :on)"
    return f"({kept} OR {ahead}) AND CASE WHEN {ahead} THEN {exact} ELSE TRUE END"


def _missing_tier() -> TierRule:
    raise unreadable_book("a client in a tier that does not exist")


def promise_facts(found: Sequence[PromiseInfo]) -> list[PromiseFacts]:
    return [
        PromiseFacts(p.id, p.client_id, p.client_name, p.text, p.due_on, p.kept_on) for p in found
    ]


def milestone_facts(
    *,
    db: Db,
    filters: DueFilters = DueFilters(),
    between: tuple[date, date] | None = None,
    on: date | None = None,
) -> list[MilestoneFacts]:
    """The yearly dates of the active clients in view (on day `on`: as they stood then); with
    `between`, only those whose month and day can occur in that window (the core still
    decides exactly: Feb 29, past years)."""
    source, known, params = clients_on(on, db=db) if on is not None else ("client", None, {})
    # Most clients are in view, few milestones in the window: read those, then their clients.
    where, view = in_view(filters, db=db, known=known, scan=filters.tier is None)
    params.update(view)
    sql = (
        "SELECT m.client_id, c.name, m.label, m.month, m.day, m.year "
        f"FROM milestone AS m JOIN {source} AS c ON c.id = m.client_id WHERE {where}"
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


def charter_facts(
    *, db: Db, filters: DueFilters = DueFilters(), on: date | None = None
) -> list[CharterFacts]:
    """The agreed charters of the active clients in view (on day `on`: as they stood then)."""
    source, known, params = clients_on(on, db=db) if on is not None else ("client", None, {})
    where, view = in_view(filters, db=db, known=known)
    params.update(view)
    rows = db.rows(
        "SELECT c.id, c.name, c.charter_every, c.charter_agreed_on, c.charter_review_every, "
        f"c.charter_channel, c.charter_note FROM {source} AS c "
        f"WHERE c.charter_every IS NOT NULL AND c.charter_agreed_on IS NOT NULL AND {where}",
        params,
    )
    interval = interval_reader()
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
    *,
    db: Db,
    start: date,
    on: date,
    filters: DueFilters = DueFilters(),
    leave_out: tuple[str, dict[str, object]] | None = None,
) -> list[ClientHistory]:
    """The clients in view that may have been active in [start, on], with all
    `report.build_report` needs.

    A few queries, none per client: the clients as of the day before the window (each one's
    latest counting touch and latest outbound no-answer before it, by the indexed
    sub-selects), the touches in the window (only the columns the model reads), and the
    promises due in the window. Older touches cannot change the report: the replay needs only
    the anchor in force when the window opens, and a follow-up only the latest attempt, so a
    long history costs nothing (tests compare it with a replay of every touch).

    Terms (SPEC §1, "History of terms"): a client whose terms changed after `start` gets its
    timeline, from the snapshot in force on `start` and the ones that follow up to `on`; so
    does a client whose tier was redefined in the window. Every other client was served on its
    `client` row throughout, so most of a big book reads no history at all.

    `leave_out`: a condition on `c` (and its parameters) for clients not to read, because the
    store sums them itself (`report_sql.plain_view`).
    """
    from cadence_cli.core.report import ClientHistory

    # Every query after `before` reads the same clients: `source` filtered by `where`.
    first_day = start == date.min  # nothing can come before the calendar's first day
    known = tiers(db=db)
    where, params = in_view(filters, db=db, known=known)
    source = "client"
    definitions = book_terms.tier_definitions(db=db)
    redefined = book_terms.redefined_since(definitions, start)
    changed: set[int] = set()
    if book_terms.latest_change(db=db) > start:
        changed = book_terms.changed_since(db=db, after=start)
    if changed:
        source, where = _with_changed(
            where, params, filters=filters, known=known, start=start, db=db
        )
    if leave_out is not None:
        where = f"({where}) AND {leave_out[0]}"
        params.update(leave_out[1])
    known = [*known, *_retired(definitions, known)]
    before = client_facts_from(
        db=db,
        on=start if first_day else start - timedelta(days=1),
        source=source,
        where=where,
        params=dict(params),
        known=known,
        # The replay asks only whether a follow-up is open; the missed call words its reason.
        missed=False,
    )
    timelines = _timelines(
        db=db, start=start, on=on, filters=filters, known=known, changed=changed,
        redefined=redefined, definitions=definitions,
    )  # fmt: skip
    # The window's touches and promises of exactly these clients, by their ids: joining the
    # view again made each read walk every client in it (on the 100k book, 95,000 plain ones
    # to find 4,700 left to replay: 0.1 s a read).
    window: dict[str, object] = {"start": start, "on": on}
    touches = _window_touches(before, first_day=first_day, window=window, db=db)
    due = _window_promises({f.client_id: f.name for f in before}, window=window, db=db)
    return [
        ClientHistory(
            fact if fact.client_id not in timelines
            else replace(fact, timeline=timelines[fact.client_id]),
            tuple(touches[fact.client_id]),
            tuple(due[fact.client_id]),
        )
        for fact in sorted(before, key=lambda f: f.client_id)
    ]  # fmt: skip


def _with_changed(
    where: str,
    params: dict[str, object],
    *,
    filters: DueFilters,
    known: Sequence[TierInfo],
    start: date,
    db: Db,
) -> tuple[str, str]:
    """The source and WHERE for the clients in view today, and every client whose terms
    changed since the window opened (archived now or not, in view now or not): the timeline
    decides their days. Adds its parameters to `params`."""
    tag_where, tag_params = in_view(DueFilters(tag=filters.tag), db=db, known=known)
    source = (
        "(SELECT id, name, added_on, tier_id, 'active' AS status, snoozed_until, owner, "
        "charter_every, charter_agreed_on FROM client WHERE status = 'active' "
        "OR id IN (SELECT client_id FROM client_term WHERE effective_on > :terms_after))"
    )
    where = (
        f"({tag_where}) AND (c.id IN (SELECT client_id FROM client_term "
        f"WHERE effective_on > :terms_after) OR ({where}))"
    )
    params.update(tag_params, terms_after=start)
    return source, where


def _window_touches(
    before: Sequence[ClientFacts], *, first_day: bool, window: dict[str, object], db: Db
) -> dict[int, list[TouchFact]]:
    """Each client's touches for the replay: the anchor and the latest attempt in force when
    the window opens (from `before`), then every touch in [:start, :on]."""
    touches: dict[int, list[TouchFact]] = {}
    for fact in before:
        anchor, attempt = (None, None) if first_day else (fact.last_counting, fact.last_attempt)
        touches[fact.client_id] = kept = [] if anchor is None else [anchor]
        if attempt is not None and (anchor is None or attempt.on > anchor.on):
            kept.append(attempt)  # an attempt before the anchor can never be followed up
    # In any order (the replay sorts what it needs). Touches repeat the same few (day,
    # channel, outcome, direction): one shared fact for each.
    shared: dict[tuple[object, str, str, object], TouchFact] = {}
    with paused_gc():
        for listing, ids in id_lists(list(touches), db=db):
            for client_id, day, channel, outcome, inbound in db.rows(
                "SELECT t.client_id, t.day, t.channel, t.outcome, t.inbound FROM touch AS t "
                f"WHERE t.client_id {listing} AND t.day >= :start AND t.day <= :on",
                window | ids,
            ):
                key = (day, channel, outcome, inbound)
                touch = shared.get(key)
                if touch is None:
                    touch = shared[key] = TouchFact(as_day(day), channel, outcome, bool(inbound))
                touches[client_id].append(touch)
    return touches


def _window_promises(
    names: dict[int, str], *, window: dict[str, object], db: Db
) -> dict[int, list[PromiseFacts]]:
    """The promises due in [:start, :on] and not cancelled, by client, in due order."""
    due: dict[int, list[PromiseFacts]] = defaultdict(list)
    for listing, ids in id_lists(list(names), db=db):
        for promise_id, client_id, text, due_on, kept_on in db.rows(
            "SELECT p.id, p.client_id, p.text, p.due_on, p.kept_on FROM promise AS p "
            f"WHERE p.client_id {listing} AND p.due_on >= :start AND p.due_on <= :on "
            "AND p.cancelled_on IS NULL ORDER BY p.due_on, p.id",
            window | ids,
        ):
            kept = None if kept_on is None else as_day(kept_on)
            due[client_id].append(
                PromiseFacts(promise_id, client_id, names[client_id], text, as_day(due_on), kept)
            )
    return due


def _retired(
    definitions: dict[int, list[TierDefinition]], known: Sequence[TierInfo]
) -> list[TierInfo]:
    """Tiers deleted since (a client may have been in one in the window), by their last
    definition."""
    current = {t.id for t in known}
    return [
        TierInfo.of(d.rule, id=tier_id)
        for tier_id, defs in definitions.items()
        if tier_id not in current
        for d in [defs[-1]]
    ]


def _timelines(
    *,
    db: Db,
    start: date,
    on: date,
    filters: DueFilters,
    known: Sequence[TierInfo],
    changed: set[int],
    redefined: set[int],
    definitions: dict[int, list[TierDefinition]],
) -> dict[int, tuple[Terms, ...]]:
    """The timelines over [start, on] of the clients whose terms, or whose tier's
    definition, changed after `start`. A stretch counts while the client was active and in
    view (`--tier` and `--owner` as they were on those days)."""
    tier_id = find_tier(filters.tier, known).id if filters.tier is not None else None
    owner = filters.owner.strip().casefold() if filters.owner is not None else None

    def counts(terms: ClientTerms) -> bool:
        return (
            terms.status == "active"
            and (tier_id is None or terms.tier_id == tier_id)
            and (owner is None or (terms.owner or "").casefold() == owner)
        )

    rows = book_terms.term_rows(changed, db=db, start=start, on=on) if changed else {}
    if redefined:
        ids, params = in_list("tier", sorted(redefined))
        for client_id, added_on, *values in db.rows(
            f"SELECT id, added_on, {', '.join(TERM_FIELDS)} FROM client "
            f"WHERE status = 'active' AND tier_id IN {ids}",
            params,
        ):
            if client_id not in changed:
                row = book_terms.term_row(as_day(added_on), values)
                rows[int(client_id)] = [row]
    return {
        client_id: client_timeline(found, definitions, start=start, on=on, counts=counts)
        for client_id, found in rows.items()
    }


def tiers_existing(*, db: Db, on: date) -> list[TierRule]:
    """The tiers as they stood on `on`, in rank order: the rows an empty tier gets in a report
    of that day (a tier defined later, or deleted by then, has none)."""
    return [d.rule for d in tiers_on(book_terms.tier_definitions(db=db), on)]


def timeline_of(client_id: int, *, db: Db, on: date) -> tuple[Terms, ...]:
    """One client's whole timeline of terms up to `on` (for its chases and review card)."""
    rows = book_terms.term_rows([client_id], db=db, start=date.min, on=on)
    definitions = book_terms.tier_definitions(db=db)
    return client_timeline(rows.get(client_id, []), definitions, start=date.min, on=on)


def with_timeline(fact: ClientFacts, *, db: Db, on: date) -> ClientFacts:
    """`fact` with its timeline: what `schedule.chases` reads to judge each past day."""
    return replace(fact, timeline=timeline_of(fact.client_id, db=db, on=on))


def chases_of(client_id: int, *, db: Db, on: date) -> list[Chase]:
    """Every chase of one client up to `on`, archived or not, each judged by the terms in
    force on its day (`show`'s "Chased you")."""
    timeline = timeline_of(client_id, db=db, on=on)
    found = db.rows("SELECT name, added_on FROM client WHERE id = :id", {"id": client_id})
    if not timeline or not found:
        return []
    name, added_on = found[0]
    first = timeline[0]
    fact = ClientFacts(client_id, name, first.tier, as_day(added_on), timeline=timeline)
    return chases(fact, reads.touch_facts(client_id, db=db, on=on))


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
