"""The consistency report (SPEC §3): how proactive you have been over a window. Pure.

The report replays the service model of SPEC §1 for every active client on every day of the
window, using only the touches on or before that day, exactly as `due` would have seen it
that morning. It does so arithmetically rather than day by day (`replay`): between two
counting touches the anchor, and so `due_on` and `reactive_on`, are fixed, so the ok, due and
reactive days of that stretch are the overlap of three day ranges. The result equals a
day-by-day replay (tests check it on random histories) at a cost of one `schedule.clock` per
counting touch in the window, so a 10,000-client book reports in a fraction of a second.

What counts as what:

- *terms*: each day is judged by the terms in force that day (SPEC §1, "History of terms":
  `ClientFacts.timeline`), so a stretch between counting touches is also split where the
  client's tier, tier definition, charter, snooze or status changed. Changing terms today
  never changes a report of past days.
- *client-days*: each day of the window on which the client was active: from the day it was
  added, not on or after the day it was archived (again after a restore). Each day, and each
  touch, chase and promise by its day, belongs to the tier the client was in that day.
- *on cadence*: a client-day with `days_overdue` = 0 (before or on its due day). A client-day
  is also exactly one of ok / due / reactive by status; the due day itself is both on cadence
  and `due`.
- *pace*: each client-day demands 1 / interval_days touches (charter intervals included);
  the demanded and the *proactive* touches logged are both averaged per week over the days
  the book existed in the window (from its first client-day), so a client added three weeks
  ago is judged over three weeks, not twelve. Proactive touches are outbound touches that
  count (reached or message). That is the unit the model asks
  for: an unanswered call is effort but does not keep the promise until its follow-up text
  does, and a client calling you is not your pace. All touches, and all counting touches,
  are reported too.
- *chases*: `schedule.chases` (at most one a day) whose day is in the window.
- *open follow-ups*: active clients with a no-answer (a call-back when inbound) later than
  their latest counting touch, as of the report day.
- *promises* are bucketed by their by-date: those due in the window were kept on time, kept
  late (by the report day), or are open and overdue. One due on the report day and still
  open is not overdue yet. A promise kept after the report day was still open on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

from cadence_cli.core.records import TierInfo, TierLoad
from cadence_cli.core.replay import (
    ClockCache,
    DayCounts,
    Demand,
    add_demand,
    day_counts_of,
    demand_of,
    scan,
    segments,
    stretches,
)
from cadence_cli.core.schedule import (
    ClientFacts,
    PromiseFacts,
    Standing,
    TierRule,
    TouchFact,
    chases,
    effective_every,
    follow_up,
    is_counting,
    promise_overdue,
    standing,
    terms_on,
)
from cadence_cli.core.wording import plural
from cadence_cli.errors import InvalidInput

DEFAULT_WEEKS = 12
LONGEST_REACTIVE = 5
OVERALL = "all"

# ---------------------------------------------------------------------------------------------
# Inputs and outputs


@dataclass(frozen=True, slots=True)
class ClientHistory:
    """One active client with its whole history up to the report day.

    `client.last_counting` and `client.last_attempt` are ignored: the report replays the
    touches itself, day by day. Touches may come in any order; any after the report day are
    ignored.
    """

    client: ClientFacts
    touches: tuple[TouchFact, ...] = ()
    promises: tuple[PromiseFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class TierStats:
    """The report's figures for one tier, or for the whole view (`tier` = "all", rank None)."""

    tier: str
    rank: int | None
    clients: int
    client_days: int
    on_cadence_days: int
    on_cadence_rate: float | None  # None: no client-days to judge
    ok_days: int
    due_days: int
    reactive_days: int
    chases: int
    open_follow_ups: int
    touches: int
    counting_touches: int
    proactive_touches: int
    demanded_per_week: float
    logged_per_week: float
    promises_due: int
    promises_kept_on_time: int
    promises_kept_late: int
    promises_open_overdue: int
    promise_on_time_rate: float | None


@dataclass(frozen=True, slots=True)
class WeekBucket:
    """Touches in one 7-day bucket of the window (the chart): all, counting, proactive."""

    start: date
    touches: int
    counting: int
    proactive: int


@dataclass(frozen=True, slots=True)
class ReactiveSpell:
    """A client who spent days of the window reactive, for the 'who slid' list."""

    client_id: int
    name: str
    tier: str
    reactive_days: int


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report: the window, overall and per-tier figures, the chart and the pace.

    `tiers` is ordered by rank, `weekly_touches` oldest first (`weeks` buckets of 7 days, the
    last ending on `on`), `longest_reactive` by reactive days (most first), then name.
    `pace_days`: the days of the window the book existed, over which the pace is averaged.
    """

    on: date
    weeks: int
    start: date
    overall: TierStats
    tiers: list[TierStats]
    weekly_touches: list[WeekBucket]
    longest_reactive: list[ReactiveSpell]
    pace_sentence: str
    pace_days: int = 0


@dataclass(frozen=True, slots=True)
class TierCounts:
    """One tier's figures for a group of clients whose terms held through the window, summed
    by the store (`store.report_sql`) instead of replayed here: what `_plain_tally` would add
    for each of them, added up. `demanded`: the days counted under each interval length."""

    tier: TierRule
    clients: int
    client_days: int
    on_cadence_days: int
    ok_days: int
    reactive_days: int
    demanded: Demand
    chases: int
    open_follow_ups: int
    touches: int
    counting_touches: int
    proactive_touches: int
    promises: tuple[PromiseFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Counted:
    """The store's sums for the clients whose terms held through the window (no timeline):
    per tier, the weekly buckets of their touches (all, counting, proactive; one per week,
    oldest first), the first day any of them was active, and every one of them who could be
    among the `LONGEST_REACTIVE` longest reactive (all ties with the last one included)."""

    tiers: tuple[TierCounts, ...] = ()
    weekly: tuple[tuple[int, int, int], ...] = ()
    first_day: date | None = None
    spells: tuple[ReactiveSpell, ...] = ()


# ---------------------------------------------------------------------------------------------
# The window, and one client's days in it (`replay`)


def window_start(on: date, weeks: int) -> date:
    """The first day of the `weeks * 7` days that end on `on` (inclusive)."""
    if weeks < 1:
        raise InvalidInput(f"--weeks must be at least 1, got {weeks}")
    try:
        return on - timedelta(days=weeks * 7 - 1)
    except OverflowError:
        raise InvalidInput(f"--weeks {weeks} reaches before the year 1") from None


def day_counts(history: ClientHistory, *, start: date, on: date) -> DayCounts:
    """The client's ok / due / reactive / on-cadence days in [start, on], replayed exactly."""
    days = sorted({t.on for t in history.touches if t.counts and t.on <= on})
    total = [0, 0, 0, 0]
    pieces, _first = segments(history.client, days, start, on, {})
    for _rule, counts, _demand in pieces:
        total = [a + b for a, b in zip(total, counts, strict=True)]
    return day_counts_of(total)


# ---------------------------------------------------------------------------------------------
# Aggregation


@dataclass(slots=True)
class _Window:
    """What every client's replay shares: the window's days, its weekly buckets of touches
    (all, counting, proactive) and the memoised clocks."""

    start: date
    on: date
    weekly: list[list[int]]
    cache: ClockCache = field(default_factory=dict)


_WORKED_OUT = frozenset(
    {"on_cadence_rate", "demanded_per_week", "logged_per_week", "promise_on_time_rate"}
)
_COUNTED = tuple(f.name for f in fields(TierStats) if f.name not in _WORKED_OUT)
"""The figures of `TierStats` that `_Tally` counts under the same name; the others are
worked out from them when the tally is frozen."""


@dataclass(slots=True)
class _Tally:
    """Mutable running totals for one tier (or overall) while the book is walked."""

    tier: str
    rank: int | None
    clients: int = 0
    client_days: int = 0
    on_cadence_days: int = 0
    ok_days: int = 0
    due_days: int = 0
    reactive_days: int = 0
    chases: int = 0
    open_follow_ups: int = 0
    touches: int = 0
    counting_touches: int = 0
    proactive_touches: int = 0
    demanded: Demand = field(default_factory=dict)
    promises_due: int = 0
    promises_kept_on_time: int = 0
    promises_kept_late: int = 0
    promises_open_overdue: int = 0

    def freeze(self, pace_days: int) -> TierStats:
        """The counts as tallied, with the rates and the paces a week worked out."""
        days = self.client_days
        settled = self.promises_kept_on_time + self.promises_kept_late + self.promises_open_overdue
        return TierStats(
            **{name: getattr(self, name) for name in _COUNTED},
            on_cadence_rate=self.on_cadence_days / days if days else None,
            demanded_per_week=demand_of(self.demanded) * 7 / pace_days,
            logged_per_week=self.proactive_touches * 7 / pace_days,
            promise_on_time_rate=self.promises_kept_on_time / settled if settled else None,
        )


_NO_DAYS = DayCounts()


@dataclass(slots=True)
class _ClientTally:
    """One client's contribution to one tier (the tier it was in on those days), added to
    that tier's tally and to the overall one."""

    tier: TierRule
    counts: DayCounts = _NO_DAYS
    demanded: Demand = field(default_factory=dict)
    chases: int = 0
    open_follow_up: bool = False
    touches: int = 0
    counting: int = 0
    proactive: int = 0
    promises_due: int = 0
    kept_on_time: int = 0
    kept_late: int = 0
    open_overdue: int = 0

    def add_touches(self, touches: Iterable[TouchFact], window: _Window) -> bool:
        """Count touches in the window here and in their week's bucket (all, counting,
        proactive); return whether any of them was inbound."""
        weekly, start = window.weekly, window.start.toordinal()
        inbound = False
        for touch in touches:
            bucket = weekly[(touch.on.toordinal() - start) // 7]
            bucket[0] += 1
            self.touches += 1
            if is_counting(touch.outcome):
                bucket[1] += 1
                self.counting += 1
                if not touch.inbound:
                    bucket[2] += 1
                    self.proactive += 1
            inbound = inbound or touch.inbound
        return inbound

    def add_promise(self, promise: PromiseFacts, on: date) -> None:
        """Bucket one promise due in the window by where it stood on the report day."""
        self.promises_due += 1
        kept_on = promise.kept_on if promise.kept_on is not None and promise.kept_on <= on else None
        if kept_on is None:
            self.open_overdue += promise_overdue(promise.due_on, kept_on, on)
        elif kept_on <= promise.due_on:
            self.kept_on_time += 1
        else:
            self.kept_late += 1

    def add_to(self, tally: _Tally, *, count_client: bool = True) -> None:
        counts = self.counts
        if count_client and counts.client_days:
            tally.clients += 1
        tally.client_days += counts.client_days
        tally.on_cadence_days += counts.on_cadence_days
        tally.ok_days += counts.ok_days
        tally.due_days += counts.due_days
        tally.reactive_days += counts.reactive_days
        tally.chases += self.chases
        tally.open_follow_ups += self.open_follow_up
        tally.touches += self.touches
        tally.counting_touches += self.counting
        tally.proactive_touches += self.proactive
        add_demand(tally.demanded, self.demanded)
        tally.promises_due += self.promises_due
        tally.promises_kept_on_time += self.kept_on_time
        tally.promises_kept_late += self.kept_late
        tally.promises_open_overdue += self.open_overdue


# One client's replay: its share of each tier it was in, and its first active day (ordinal).
_Shares = tuple[list[_ClientTally], int]


def _chase_days(history: ClientHistory, on: date, since: date) -> list[date]:
    """The days from `since` on which the client chased you, judged on its touches up to
    `on` (`schedule.chases`: at most one a day)."""
    kept = [t for t in history.touches if t.on <= on]
    return [chase.on for chase in chases(history.client, kept) if chase.on >= since]


def _follow_up_open(
    client: ClientFacts, last_counting: TouchFact | None, last_attempt: TouchFact, on: date
) -> bool:
    """Whether the latest unanswered attempt still waited for its follow-up on `on`."""
    facts = replace(client, last_counting=last_counting, last_attempt=last_attempt)
    return follow_up(facts, on) is not None


def _client_tally(history: ClientHistory, window: _Window) -> _Shares | None:
    """Replay one client whose terms changed (`client.timeline`), each day under the terms
    in force that day. Adds its touches in the window to the weekly buckets. None: the
    client was never active in the window."""
    start, on = window.start, window.on
    client = history.client
    if client.added_on > on:
        return None
    counting_days, last_counting, last_attempt, in_window = scan(history.touches, start, on)
    pieces, first = segments(client, counting_days, start, on, window.cache)
    if first is None:
        return None
    timeline = client.timeline
    tallies = [_ClientTally(rule, day_counts_of(days), demand) for rule, days, demand in pieces]
    by_name = {t.tier.name: t for t in tallies}

    def tally_on(day: date) -> _ClientTally:
        """The share of the tier the client was in on `day` (a day while archived, or
        before it was added, goes to the nearest tier it was in)."""
        if not timeline:
            return tallies[0]
        terms = terms_on(timeline, day) or timeline[0]
        found = by_name.get(terms.tier.name)
        if found is None:
            found = by_name[terms.tier.name] = _ClientTally(terms.tier)
            tallies.append(found)
        return found

    inbound_in_window = False
    for touch in in_window:
        inbound_in_window |= tally_on(touch.on).add_touches((touch,), window)
    if inbound_in_window:
        for day in _chase_days(history, on, start):
            tally_on(day).chases += 1
    if last_attempt is not None:
        now = terms_on(timeline, on) if timeline else client.terms
        if now is not None and now.active:
            tally_on(on).open_follow_up = _follow_up_open(client, last_counting, last_attempt, on)
    for promise in history.promises:
        if start <= promise.due_on <= on:
            tally_on(promise.due_on).add_promise(promise, on)
    return tallies, first.toordinal()


def _plain_tally(history: ClientHistory, window: _Window) -> _Shares | None:
    """`_client_tally` for a client without a timeline (its terms held throughout, as for
    most of a big book): the same figures in one pass, with a single share and no look-up of
    the terms of each day."""
    # The innermost loop of `report` on 100k clients: no per-day or per-touch look-ups here.
    start, on = window.start, window.on
    client = history.client
    added_on = client.added_on
    if added_on > on:
        return None
    tier = client.tier
    share = _ClientTally(tier)
    counting_days, last_counting, last_attempt, in_window = scan(history.touches, start, on)
    inbound_in_window = share.add_touches(in_window, window)
    first = start if added_on < start else added_on
    days = [0, 0, 0, 0]
    stretches(
        effective_every(tier, client.charter_every), tier.reactive_after, client.snoozed_until,
        added_on, counting_days, first, on, window.cache, days, share.demanded,
    )  # fmt: skip
    share.counts = day_counts_of(days)
    if inbound_in_window:
        # from the day added, as the general path's terms do: an inbound call logged before
        # the client was added (`log --on`, with a warning) was nobody's chase yet
        share.chases = len(_chase_days(history, on, first))
    if last_attempt is not None:
        share.open_follow_up = _follow_up_open(client, last_counting, last_attempt, on)
    for promise in history.promises:
        if start <= promise.due_on <= on:
            share.add_promise(promise, on)
    return [share], first.toordinal()


def build_report(
    histories: Iterable[ClientHistory],
    *,
    on: date,
    weeks: int = DEFAULT_WEEKS,
    tiers: Iterable[TierRule] = (),
    counted: Counted = Counted(),
) -> Report:
    """The consistency report for the `weeks * 7` days ending on `on`.

    Pass the clients in view that may have been active in the window (those that were not
    are left out, as are clients added after `on`), each with its `timeline` when its terms
    changed. `tiers` lists tiers to show even when no client in view is in them; tiers of
    the clients are always shown. `counted`: the sums the store made for other clients in
    view (none of them also in `histories`).
    """
    start = window_start(on, weeks)
    weekly = [[0, 0, 0] for _ in range(weeks)]
    window = _Window(start, on, weekly)
    overall = _Tally(OVERALL, None)
    by_tier: dict[str, _Tally] = {rule.name: _Tally(rule.name, rule.rank) for rule in tiers}
    spells: list[ReactiveSpell] = []
    first_day = on.toordinal() + 1
    for history in histories:
        replay = _client_tally if history.client.timeline else _plain_tally
        found = replay(history, window)
        if found is None:
            continue
        shares, first = found
        first_day = min(first_day, first)
        overall.clients += 1
        reactive_days = 0
        for share in shares:
            rule = share.tier
            tier = by_tier.get(rule.name)
            if tier is None:
                tier = by_tier[rule.name] = _Tally(rule.name, rule.rank)
            share.add_to(tier)
            share.add_to(overall, count_client=False)
            reactive_days += share.counts.reactive_days
        if reactive_days:
            client = history.client
            tier_name = [s.tier.name for s in shares if s.counts.client_days][-1]
            spells.append(ReactiveSpell(client.client_id, client.name, tier_name, reactive_days))
    if counted.first_day is not None:
        first_day = min(first_day, counted.first_day.toordinal())
    _add_counted(counted, window, overall, by_tier)
    spells.extend(counted.spells)
    spells.sort(key=lambda s: (-s.reactive_days, s.name.casefold(), s.client_id))
    pace_days = on.toordinal() - first_day + 1 if overall.clients else weeks * 7
    overall_stats = overall.freeze(pace_days)
    return Report(
        on=on,
        weeks=weeks,
        start=start,
        overall=overall_stats,
        tiers=[t.freeze(pace_days) for t in sorted(by_tier.values(), key=_tier_key)],
        weekly_touches=[
            WeekBucket(start + timedelta(days=7 * i), *counts) for i, counts in enumerate(weekly)
        ],
        longest_reactive=spells[:LONGEST_REACTIVE],
        pace_sentence=pace_sentence(
            overall_stats.demanded_per_week,
            overall_stats.logged_per_week,
            weeks,
            clients=overall_stats.clients,
            days=pace_days,
        ),
        pace_days=pace_days,
    )


def _add_counted(
    counted: Counted, window: _Window, overall: _Tally, by_tier: dict[str, _Tally]
) -> None:
    """Add the store's sums to the tallies and the weekly buckets."""
    for bucket, (touches, counting, proactive) in zip(window.weekly, counted.weekly, strict=False):
        bucket[0] += touches
        bucket[1] += counting
        bucket[2] += proactive
    for found in counted.tiers:
        rule = found.tier
        tier = by_tier.get(rule.name)
        if tier is None:
            tier = by_tier[rule.name] = _Tally(rule.name, rule.rank)
        share = _ClientTally(
            rule,
            DayCounts(
                found.client_days,
                found.on_cadence_days,
                found.ok_days,
                found.client_days - found.ok_days - found.reactive_days,
                found.reactive_days,
            ),
            dict(found.demanded),
            found.chases,
            False,
            found.touches,
            found.counting_touches,
            found.proactive_touches,
        )
        for promise in found.promises:
            share.add_promise(promise, window.on)
        for tally in (tier, overall):
            share.add_to(tally, count_client=False)
            tally.clients += found.clients
            tally.open_follow_ups += found.open_follow_ups


def _tier_key(tally: _Tally) -> tuple[int, str]:
    return (tally.rank if tally.rank is not None else -1, tally.tier.casefold())


# ---------------------------------------------------------------------------------------------
# Words and chart


def pace_number(value: float) -> str:
    """Round a per-week rate the way a person would say it: 31, 4.5, 0.25."""
    if value >= 9.5:
        return str(int(value + 0.5))
    text = f"{value:.1f}" if value >= 0.95 else f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pace_sentence(
    demanded: float, logged: float, weeks: int, *, clients: int = 1, days: int | None = None
) -> str:
    """'Your model asks for 31 touches a week; you averaged 24 over 12 weeks: 7 a week behind.'

    `days`: the days the book existed in the window, when fewer than the window's."""
    if days is None or days >= weeks * 7:
        span = plural(weeks, "week")
    elif days % 7 == 0:
        span = plural(days // 7, "week")
    else:
        span = plural(days, "day")
    if clients == 0:
        return f"No active clients, so your model asks for no touches over {span}."
    said_demand, said_logged = pace_number(demanded), pace_number(logged)
    noun = "touch" if said_demand == "1" else "touches"
    head = (
        f"Your model asks for {said_demand} {noun} a week; you averaged {said_logged} over {span}"
    )
    # The gap is between the numbers the sentence shows, so the reader's arithmetic agrees.
    gap = pace_number(abs(float(said_logged) - float(said_demand)))
    if gap == "0":
        return f"{head}: right on pace."
    side = "ahead" if float(said_logged) > float(said_demand) else "behind"
    return f"{head}: {gap} a week {side}."


_BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """A one-line chart of weekly counts: an empty week is a space, the busiest a full block."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    steps = len(_BARS) - 1
    return "".join(_BARS[0 if v <= 0 else max(1, round(v * steps / top))] for v in values)


def tier_loads(
    tiers: Sequence[TierInfo], clients: Sequence[ClientFacts], today: date
) -> list[TierLoad]:
    """`tier list`: each tier's active clients, who is due or reactive, and the touches a
    week its cadence asks for."""
    by_tier: dict[str, list[Standing]] = {tier.name: [] for tier in tiers}
    for facts in clients:
        by_tier.setdefault(facts.tier.name, []).append(standing(facts, today))
    return [
        TierLoad(
            tier=tier,
            clients=len(mine),
            due=sum(1 for s in mine if s.status == "due"),
            reactive=sum(1 for s in mine if s.status == "reactive"),
            per_week=sum(s.per_week for s in mine),
        )
        for tier in tiers
        for mine in [by_tier[tier.name]]
    ]
