"""The report's sums in SQL for the clients whose terms held through the window (SPEC §3).

`report` replays the service model for every client in view (`core.report`); on a big book
almost every client is *plain*: active today, no charter, no snooze, no change of terms and
no redefinition of its tier since the window opened. For those the replay is arithmetic the
store can do itself (benchmarks/README.md): between two counting touches the anchor is fixed,
so each stretch of days is ok, due or reactive by comparing its ends with the clock of its
anchor. Here SQL builds the stretches (each client's latest counting day on or before its
first day in the window, then its counting days in the window, by a window function), joins
each to its clock, and sums per tier; the clocks themselves (month steps clamp, so they are
not plain arithmetic) come from `schedule.clock` for every day a stretch can start on, as a
`VALUES` table. Every other client keeps the replay: `facts.report_histories` leaves the
plain ones out with the same condition (`PlainView.leave_out`).

Days are compared as stored and counted as ordinals (`date.toordinal`): the only SQL that
differs between SQLite and PostgreSQL is that and the two-argument MIN / MAX.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from cadence_cli.core.records import DueFilters, TierInfo
from cadence_cli.core.report import (
    LONGEST_REACTIVE,
    ClientHistory,
    Counted,
    ReactiveSpell,
    TierCounts,
)
from cadence_cli.core.schedule import NO_ANSWER, PromiseFacts, TierRule, clock
from cadence_cli.store import terms as book_terms
from cadence_cli.store.engine import Db, as_day
from cadence_cli.store.facts import latest_touch, report_histories
from cadence_cli.store.reads import in_view, tiers

MOST_CLOCK_DAYS = 20_000
"""Above this many days of history (about 55 years) the clock table would be too big to be
worth it: the report replays every client instead."""


@dataclass(frozen=True, slots=True)
class PlainView:
    """The plain clients in view: `where` on `client AS c` (with `params`), and the
    condition that tells them from the others (`plain`, on the same columns)."""

    where: str
    plain: str
    params: dict[str, object]
    known: tuple[TierInfo, ...]

    @property
    def leave_out(self) -> tuple[str, dict[str, object]]:
        """The condition, and its parameters, that keeps every client but these."""
        return f"NOT ({self.plain})", {
            k: v for k, v in self.params.items() if k.startswith("plain_")
        }


def report_reads(
    *, db: Db, start: date, on: date, weeks: int, filters: DueFilters
) -> tuple[list[ClientHistory], Counted]:
    """What `report` reads for [start, on]: the histories to replay, and the store's sums for
    the plain clients, who are left out of the histories (all are replayed when the store
    cannot sum them)."""
    view = plain_view(db=db, start=start, filters=filters)
    if view is not None:
        _room_to_sort(db)
    counted = (
        None if view is None else plain_counts(db=db, view=view, start=start, on=on, weeks=weeks)
    )
    if view is None or counted is None:
        return report_histories(db=db, start=start, on=on, filters=filters), Counted()
    leave_out = view.leave_out
    histories = report_histories(db=db, start=start, on=on, filters=filters, leave_out=leave_out)
    return histories, counted


def _room_to_sort(db: Db) -> None:
    """Let this read sort and group in memory: the main statement materialises and sorts a
    few hundred thousand stretches on a big book, which SQLite otherwise spills to temporary
    files and PostgreSQL, past its default 4 MB of `work_mem`, to disk. Both settings last
    for this read only (SQLite's for its connection, which the command closes)."""
    if db.dialect == "postgresql":
        db.execute("SET LOCAL work_mem = '64MB'")
    else:
        db.execute("PRAGMA temp_store = MEMORY")


def plain_view(*, db: Db, start: date, filters: DueFilters) -> PlainView | None:
    """Which clients the store sums for a report whose window opens on `start`; None: none
    (a window from the calendar's first day)."""
    if start == date.min:
        return None
    known = tuple(tiers(db=db))
    where, params = in_view(filters, db=db, known=known)
    plain = ["c.status = 'active'", "c.snoozed_until IS NULL", "c.charter_every IS NULL"]
    if book_terms.latest_change(db=db) > start:
        plain.append(
            "c.id NOT IN (SELECT client_id FROM client_term WHERE effective_on > :plain_after)"
        )
        params["plain_after"] = start
    redefined = sorted(book_terms.redefined_since(book_terms.tier_definitions(db=db), start))
    if redefined:
        plain.append(f"c.tier_id NOT IN ({', '.join(str(int(t)) for t in redefined)})")
    return PlainView(where, " AND ".join(plain), params, known)


def _dialect(db: Db) -> tuple[str, str, str]:
    """The day-to-ordinal expression (with `{}` for the day), and two-argument MIN and MAX."""
    if db.dialect == "postgresql":
        return "({} - DATE '0001-01-01' + 1)", "LEAST", "GREATEST"
    return "CAST(julianday({}) - 1721424.5 AS INTEGER)", "MIN", "MAX"


def _clock_table(
    db: Db, view: PlainView, on: date
) -> tuple[str, dict[tuple[int, int], int]] | None:
    """`VALUES` rows (tier id, key, due, reactive, interval days) for every day a stretch can
    be anchored on (key: its ordinal) and every day a client without a counting touch can
    have been added on (key: minus its ordinal), as `report.replay` keys its cache; and the
    due days by (tier id, key)."""
    (first_touch, first_added), *_ = db.rows(
        "SELECT (SELECT MIN(day) FROM touch), (SELECT MIN(added_on) FROM client)"
    )
    days = [as_day(d) for d in (first_touch, first_added) if d is not None]
    low = min(days, default=on)
    if low > on:
        low = on
    if (on - low).days > MOST_CLOCK_DAYS:
        return None
    rows = []
    dues: dict[tuple[int, int], int] = {}
    for tier in view.known:
        for ordinal in range(low.toordinal(), on.toordinal() + 1):
            day = date.fromordinal(ordinal)
            for key, anchor in ((ordinal, day), (-ordinal, None)):
                found = clock(
                    every=tier.every,
                    reactive_after=tier.reactive_after,
                    anchor=anchor,
                    added_on=day,
                    snoozed_until=None,
                    today=day,
                )
                dues[tier.id, key] = found.due_on.toordinal()
                rows.append(
                    f"({int(tier.id)}, {key}, {found.due_on.toordinal()}, "
                    f"{found.reactive_on.toordinal()}, {found.interval_days})"
                )
    return (",\n".join(rows), dues) if rows else None


_FAST = """fast AS (
    SELECT c.id, c.tier_id, {ord_added} AS added, {max}(CAST(:s AS INTEGER), {ord_added}) AS lo,
           CASE WHEN c.added_on > :start THEN c.added_on ELSE :start END AS first_on,
           c.last_attempt_on
    FROM client AS c
    WHERE {plain_rows})"""
# The plain clients in view added by :on (`where` and `plain` of the `PlainView`), on `c`.
_PLAIN_ROWS = "{where} AND {plain} AND c.added_on <= :on"
# One statement, so that `fast` is built once (on SQLite each statement built it again, about
# 0.1 s on the 100k book), its rows told apart by their first column. `window_touch`: the plain
# clients' touches in the window, read once for the stretches, the weeks and the chases (on
# or after each client's first day: `first_on` is never before :start); reading them three
# times cost about 11 % of the statement on either store.
# 0: each plain client's stretches, summed by tier and interval length. A stretch runs from
# its first day in the window (anchored on its latest counting day up to then), or from each
# counting day after it, to the day before the next starts, the last to :on (a day with two
# counting touches gives an empty stretch, left out: it adds nothing to any sum). `fu`: the
# latest no-answer up to :on, carried to every stretch of its client; a follow-up is open
# when it is later than the anchor of the client's last stretch (the one ending on :o), its
# latest counting day.
# 2: the clients who could be among the longest reactive (only those with reactive days are
# grouped one by one).
# 3: the plain clients by tier: how many, their client-days, the first day any was active.
# 4: their touches in the window by tier and week: all, counting, proactive.
# 5: the days from their first day in the window with an inbound touch, each with the latest
# counting day before it: a chase (`schedule.chases`) when that day was due or worse.
_STRETCHES = f"""
WITH {{fast}},
window_touch AS (
    SELECT f.id, f.tier_id, f.added, f.first_on, t.day, t.outcome, t.inbound
    FROM touch AS t JOIN fast AS f ON f.id = t.client_id
    WHERE t.day >= :start AND t.day <= :on),
clock(tier_id, k, due, react, days) AS (VALUES {{clocks}}),
opening AS (
    SELECT f.id, f.tier_id, f.added, f.lo,
           {{a0}} AS a0, {{fu}} AS fu
    FROM fast AS f),
bounds AS (
    SELECT id, tier_id, added, lo, {{ord_a0}} AS anchor, {{ord_fu}} AS fu FROM opening
    UNION ALL
    SELECT id, tier_id, added, {{ord_day}}, {{ord_day}}, CAST(NULL AS INTEGER)
    FROM window_touch AS t WHERE t.outcome != '{NO_ANSWER}' AND t.day > t.first_on),
stretch AS (
    SELECT id, tier_id, lo, anchor, MAX(fu) OVER w AS fu, COALESCE(anchor, -added) AS k,
           COALESCE(LEAD(lo) OVER w - 1, CAST(:o AS INTEGER)) AS hi
    FROM bounds WINDOW w AS (PARTITION BY id ORDER BY lo)),
s AS (
    SELECT st.id, st.tier_id, st.lo, st.hi, st.anchor, st.fu, k.due, k.react, k.days,
           {{max}}(0, st.hi - {{max}}(st.lo, k.react) + 1) AS reactive
    FROM stretch AS st JOIN clock AS k ON k.tier_id = st.tier_id AND k.k = st.k
    WHERE st.hi >= st.lo),
per_client AS (
    SELECT id, MIN(tier_id) AS tier_id, SUM(reactive) AS reactive
    FROM s WHERE reactive > 0 GROUP BY id),
inbound AS (
    SELECT DISTINCT id, tier_id, added, day FROM window_touch
    WHERE inbound AND day >= first_on)
SELECT 0, tier_id, days, SUM(hi - lo + 1), SUM({{max}}(0, {{min}}(hi, due) - lo + 1)),
       SUM({{max}}(0, {{min}}(hi, due - 1) - lo + 1)), SUM(reactive),
       SUM(CASE WHEN hi = :o AND fu IS NOT NULL AND (anchor IS NULL OR fu > anchor)
                THEN 1 ELSE 0 END), CAST(NULL AS TEXT)
FROM s GROUP BY tier_id, days
UNION ALL
SELECT 2, p.tier_id, p.id, 0, 0, 0, p.reactive, 0, c.name
FROM per_client AS p JOIN client AS c ON c.id = p.id
WHERE p.reactive >= COALESCE(
    (SELECT reactive FROM per_client ORDER BY reactive DESC LIMIT 1 OFFSET {{offset}}), 0)
UNION ALL
SELECT 3, tier_id, COUNT(*), SUM(:o - lo + 1), MIN(lo), 0, 0, 0, CAST(NULL AS TEXT)
FROM fast GROUP BY tier_id
UNION ALL
SELECT 4, tier_id, ({{ord_day}} - :s) / 7, COUNT(*),
       SUM(CASE WHEN t.outcome != '{NO_ANSWER}' THEN 1 ELSE 0 END),
       SUM(CASE WHEN t.outcome != '{NO_ANSWER}' AND NOT t.inbound THEN 1 ELSE 0 END),
       0, 0, CAST(NULL AS TEXT)
FROM window_touch AS t
GROUP BY tier_id, ({{ord_day}} - :s) / 7
UNION ALL
SELECT 5, i.tier_id, i.added, {{ord_i}}, {{ord_before}}, 0, 0, 0, CAST(NULL AS TEXT)
FROM inbound AS i
"""
# Their promises due in the window: the few promises first, then their clients' rows (not
# every plain client, as `fast` would). SQLite's planner started from the clients (0.1 s on
# the 100k book against 0.016 s); CROSS JOIN makes it keep this order, and is a plain join
# to PostgreSQL's.
_PROMISES = """
SELECT c.tier_id, p.id, p.client_id, c.name, p.text, p.due_on, p.kept_on
FROM promise AS p CROSS JOIN client AS c
WHERE c.id = p.client_id AND p.due_on >= :start AND p.due_on <= :on
  AND p.cancelled_on IS NULL AND {plain_rows}
ORDER BY p.due_on, p.id"""


@dataclass(slots=True)
class _Sums:
    """One tier's sums while the statements are read (`TierCounts` when done)."""

    clients: int = 0
    client_days: int = 0
    on_cadence: int = 0
    ok: int = 0
    reactive: int = 0
    demanded: dict[int, int] = field(default_factory=dict)
    chases: int = 0
    open_follow_ups: int = 0
    touches: int = 0
    counting: int = 0
    proactive: int = 0
    promises: list[PromiseFacts] = field(default_factory=list)

    def counts(self, rule: TierRule) -> TierCounts:
        return TierCounts(
            rule, self.clients, self.client_days, self.on_cadence, self.ok, self.reactive,
            self.demanded, self.chases, self.open_follow_ups, self.touches, self.counting,
            self.proactive, tuple(self.promises),
        )  # fmt: skip


def plain_counts(*, db: Db, view: PlainView, start: date, on: date, weeks: int) -> Counted | None:
    """The report's sums for the plain clients of `view` over [start, on]; None: the book's
    history is too long for a clock table (replay them instead)."""
    table = _clock_table(db, view, on)
    if table is None:
        return None
    clocks, dues = table
    ordinal, least, most = _dialect(db)
    plain_rows = _PLAIN_ROWS.format(where=view.where, plain=view.plain)
    fast = _FAST.format(ord_added=ordinal.format("c.added_on"), max=most, plain_rows=plain_rows)
    params = dict(view.params, start=start, on=on, s=start.toordinal(), o=on.toordinal())
    rules = {t.id: t.rule for t in view.known}
    found: dict[int, _Sums] = defaultdict(_Sums)
    weekly = [[0, 0, 0] for _ in range(weeks)]
    spells, first_day = _stretch_sums(
        db, fast, clocks, params, ordinal, least, most, found, rules, dues, weekly
    )
    for tier_id, pid, client_id, name, text, due_on, kept_on in db.rows(
        _PROMISES.format(plain_rows=plain_rows), params
    ):
        kept = None if kept_on is None else as_day(kept_on)
        found[tier_id].promises.append(
            PromiseFacts(pid, client_id, name, text, as_day(due_on), kept)
        )
    return Counted(
        tiers=tuple(found[t].counts(rules[t]) for t in sorted(found)),
        weekly=tuple((a, b, c) for a, b, c in weekly),
        first_day=None if first_day is None else date.fromordinal(first_day),
        spells=tuple(spells),
    )


def _stretch_sums(
    db: Db,
    fast: str,
    clocks: str,
    params: dict[str, object],
    ordinal: str,
    least: str,
    most: str,
    found: dict[int, _Sums],
    rules: dict[int, TierRule],
    dues: dict[tuple[int, int], int],
    weekly: list[list[int]],
) -> tuple[list[ReactiveSpell], int | None]:
    """Run `_STRETCHES` and add what it finds to `found` and `weekly`; return the clients
    who could be among the longest reactive, and the first day any plain client was active
    (an ordinal; None: none was)."""
    sql = _STRETCHES.format(
        fast=fast,
        clocks=clocks,
        a0=f"({latest_touch('day', of='f', test='!=', until='<= f.first_on')})",
        # the latest no-answer up to :on is the stored one (revision 0006) unless that is later
        fu="CASE WHEN f.last_attempt_on IS NULL OR f.last_attempt_on <= :on "
        f"THEN f.last_attempt_on ELSE ({latest_touch('day', of='f', test='=')}) END",
        ord_a0=ordinal.format("a0"),
        ord_fu=ordinal.format("fu"),
        ord_day=ordinal.format("t.day"),
        ord_i=ordinal.format("i.day"),
        ord_before=ordinal.format(f"({latest_touch('day', of='i', test='!=', until='< i.day')})"),
        max=most,
        min=least,
        offset=LONGEST_REACTIVE - 1,
    )
    spells = []
    first_day: int | None = None
    for kind, tier_id, key, a, b, c, d, e, name in db.rows(sql, params):
        sums = found[tier_id]
        if kind == 0:  # key: interval days; a: days, b: on cadence, c: ok, d: reactive
            sums.demanded[int(key)] = int(a)
            sums.on_cadence += int(b)
            sums.ok += int(c)
            sums.reactive += int(d)
            sums.open_follow_ups += int(e)
        elif kind == 2:  # key: the client; d: its reactive days
            spells.append(ReactiveSpell(int(key), name, rules[tier_id].name, int(d)))
        elif kind == 3:  # key: clients; a: client-days; b: the first day
            sums.clients, sums.client_days = int(key), int(a)
            first_day = int(b) if first_day is None else min(first_day, int(b))
        elif kind == 4:  # key: the week; a, b, c: touches, counting, proactive
            touches, counting, proactive = int(a), int(b), int(c)
            bucket = weekly[int(key)]
            bucket[0] += touches
            bucket[1] += counting
            bucket[2] += proactive
            sums.touches += touches
            sums.counting += counting
            sums.proactive += proactive
        else:  # key: the day added; a: the inbound day; b: the counting day before it
            added, day, anchor = int(key), int(a), None if b is None else int(b)
            # no counting touch before: due since the day added, but no chase on that day
            due = dues[tier_id, -added] if anchor is None else dues[tier_id, anchor]
            if day >= due and (anchor is not None or day > added):
                sums.chases += 1
    return spells, first_day
