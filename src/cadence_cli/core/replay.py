"""The report's replay (SPEC §3): one client's days in a window, by tier and status. Pure.

Between two counting touches the anchor, and so `due_on` and `reactive_on`, are fixed, so
the ok, due and reactive days of that stretch are the overlap of three day ranges: the
replay costs one `schedule.clock` per counting touch in the window (memoised, as a book
shares few distinct anchors), not one per day. Each day is judged by the terms in force
that day (`ClientFacts.timeline`). `report` adds the touches, chases and promises.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from cadence_cli.core.dates import Interval
from cadence_cli.core.schedule import (
    ClientFacts,
    TierRule,
    TouchFact,
    clock,
    effective_every,
    is_counting,
)


@dataclass(frozen=True, slots=True)
class DayCounts:
    """How one client's days in the window split by status (replayed, not stored)."""

    client_days: int = 0
    on_cadence_days: int = 0
    ok_days: int = 0
    due_days: int = 0
    reactive_days: int = 0


# What one clock gives the replay: due_on and reactive_on (as ordinals) and interval_days.
Dates = tuple[int, int, int]
# The clocks of one (interval, reactive after, snoozed until), by anchor (or, with no anchor,
# by the day the client was added, as a negative ordinal so the two never meet).
Clocks = dict[int, Dates]
ClockCache = dict[tuple[Interval, Interval, date | None], Clocks]
# The touches some days demanded (Σ 1 / interval_days), kept exact: the days counted under
# each interval length, {interval_days: days}, so any order of adding them (the replay's, or
# the store's sums in SQL: store/report_sql.py) gives the same figure (`demand_of`).
Demand = dict[int, int]
# One tier's share of a client's window: its rule, [client, on-cadence, ok, reactive] days,
# and the touches its days demanded.
Piece = tuple[TierRule, list[int], Demand]


def _clock_dates(
    clocks: Clocks,
    every: Interval,
    reactive_after: Interval,
    anchor: date | None,
    added_on: date,
    snoozed_until: date | None,
) -> Dates:
    """`schedule.clock`'s dates for one anchor, memoised: a book shares few distinct anchors.

    The rules stay in `schedule.clock`; only its answer is remembered for the report.
    `clocks` holds the answers for this `every`, `reactive_after` and `snoozed_until`.
    """
    key = anchor.toordinal() if anchor is not None else -added_on.toordinal()
    dates = clocks.get(key)
    if dates is None:
        now = clock(
            every=every,
            reactive_after=reactive_after,
            anchor=anchor,
            added_on=added_on,
            snoozed_until=snoozed_until,
            today=added_on,
        )
        dates = (now.due_on.toordinal(), now.reactive_on.toordinal(), now.interval_days)
        clocks[key] = dates
    return dates


def stretches(
    every: Interval,
    reactive_after: Interval,
    snoozed: date | None,
    added_on: date,
    counting_days: Sequence[date],
    first: date,
    last: date,
    cache: ClockCache,
    days: list[int],
    demand: Demand,
) -> None:
    """Add the days [first, last], all under one set of terms (interval `every`, reactive
    after `reactive_after`, snoozed until `snoozed`), to `days` (client, on-cadence, ok,
    reactive), one stretch between counting touches at a time, and the touches they demanded
    to `demand`. `counting_days` is sorted and unique."""
    clocks = cache.get((every, reactive_after, snoozed))
    if clocks is None:
        clocks = cache[every, reactive_after, snoozed] = {}
    hi_last = last.toordinal()
    index = bisect_right(counting_days, first)
    anchor = counting_days[index - 1] if index else None
    lo = first.toordinal()
    end = bisect_right(counting_days, last)
    on_cadence = ok = reactive = 0
    while True:
        hi = counting_days[index].toordinal() - 1 if index < end else hi_last
        due, react, interval_days = _clock_dates(
            clocks, every, reactive_after, anchor, added_on, snoozed
        )
        on_cadence += max(0, min(hi, due) - lo + 1)
        ok += max(0, min(hi, due - 1) - lo + 1)
        reactive += max(0, hi - max(lo, react) + 1)
        demand[interval_days] = demand.get(interval_days, 0) + hi - lo + 1
        if index >= end:
            break
        anchor = counting_days[index]
        lo = anchor.toordinal()
        index += 1
    days[0] += hi_last - first.toordinal() + 1
    days[1] += on_cadence
    days[2] += ok
    days[3] += reactive


def demand_of(demand: Demand) -> float:
    """The touches `demand` stands for, Σ days / interval_days, rounded once."""
    return float(sum((Fraction(days, interval) for interval, days in demand.items()), Fraction()))


def add_demand(total: Demand, more: Demand) -> None:
    """Add `more` into `total`."""
    for interval, days in more.items():
        total[interval] = total.get(interval, 0) + days


def segments(
    client: ClientFacts,
    counting_days: Sequence[date],
    start: date,
    on: date,
    cache: ClockCache,
) -> tuple[list[Piece], date | None]:
    """Split the client's window days by tier and status: by the terms in force each day
    (its timeline, else its terms), and within each, one stretch between counting touches
    at a time.

    `counting_days` is sorted, unique and on or before `on`. Returns one piece per tier the
    client spent active days in, in the order first met, and the first of those days (None:
    the client was never active in [start, on]).
    """
    pieces: dict[str, Piece] = {}
    first_active: date | None = None
    timeline = client.timeline or (client.terms,)
    for index, terms in enumerate(timeline):
        first = max(start, terms.since, client.added_on)
        last = on if index + 1 == len(timeline) else min(on, timeline[index + 1].since - _DAY)
        if not terms.active or first > last:
            continue
        if first_active is None or first < first_active:
            first_active = first
        piece = pieces.get(terms.tier.name)
        if piece is None:
            piece = pieces[terms.tier.name] = (terms.tier, [0, 0, 0, 0], {})
        stretches(
            effective_every(terms.tier, terms.charter_every), terms.tier.reactive_after,
            terms.snoozed_until, client.added_on, counting_days, first, last, cache, piece[1],
            piece[2],
        )  # fmt: skip
    return list(pieces.values()), first_active


_DAY = timedelta(days=1)


def day_counts_of(days: list[int]) -> DayCounts:
    """The counts a piece's [client, on-cadence, ok, reactive] days stand for."""
    total, on_cadence, ok, reactive = days
    return DayCounts(total, on_cadence, ok, total - ok - reactive, reactive)


def scan(
    touches: Sequence[TouchFact], start: date, on: date
) -> tuple[list[date], TouchFact | None, TouchFact | None, list[TouchFact]]:
    """One pass over a client's touches up to `on`: its counting days (sorted, unique), its
    latest counting touch and latest attempt, and its touches in [start, on]."""
    counting_days: set[date] = set()
    last_counting: TouchFact | None = None
    last_attempt: TouchFact | None = None
    in_window: list[TouchFact] = []
    for touch in touches:
        day = touch.on
        if day > on:
            continue
        if is_counting(touch.outcome):
            counting_days.add(day)
            if last_counting is None or day > last_counting.on:
                last_counting = touch
        elif last_attempt is None or day > last_attempt.on:
            last_attempt = touch
        if day >= start:
            in_window.append(touch)
    return sorted(counting_days), last_counting, last_attempt, in_window
