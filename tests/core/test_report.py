"""The consistency report: a hand-worked book, properties, and the segment method vs a replay."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence_cli.core.dates import Interval
from cadence_cli.core.replay import DayCounts
from cadence_cli.core.report import (
    ClientHistory,
    ReactiveSpell,
    WeekBucket,
    build_report,
    day_counts,
    pace_number,
    pace_sentence,
    sparkline,
    window_start,
)
from cadence_cli.core.schedule import (
    ClientFacts,
    PromiseFacts,
    TierRule,
    TouchFact,
    chases,
    clock,
    effective_every,
)
from cadence_cli.errors import InvalidInput
from cadence_cli.render.shapes import report_json as to_json  # the report's JSON shape

A = TierRule("A", 1, Interval(1, "w"), Interval(1, "w"))
B = TierRule("B", 2, Interval(1, "m"), Interval(2, "w"))
C = TierRule("C", 3, Interval(3, "m"), Interval(1, "m"))

D = date  # short alias for the many literal days below

# The hand-worked book. Report on Mon 31 Mar 2025 over 8 weeks: 56 days, 4 Feb … 31 Mar
# (4-28 Feb is 25 days, March 31). Weekly buckets start 4, 11, 18, 25 Feb, 4, 11, 18, 25 Mar.
ON = D(2025, 3, 31)
WEEKS = 8

# Beth, tier B (every 1m, reactive after 2w). Anchor Fri 31 Jan + 1m clamps to 28 Feb (2025 is
# a common year): due 28 Feb, reactive from 14 Mar. She calls in on 20 Mar: a chase (she was
# reactive), and a counting touch: the new anchor 20 Mar is due 20 Apr, after the window.
#   4-27 Feb ok (24) · 28 Feb-13 Mar due (1 + 13 = 14) · 14-19 Mar reactive (6)
#   20-31 Mar ok (12). ok 36, due 14, reactive 6; on cadence = 4-28 Feb (25) + 20-31 Mar (12)
#   = 37 of 56. Demand: 4 Feb-19 Mar the interval is 31 Jan → 28 Feb = 28 days, then
#   20 Mar → 20 Apr = 31 days: 44/28 + 12/31 touches over the 56 days.
# Her promise due 10 Mar was kept 12 Mar: late. The one due 15 Jan is before the window.
BETH = ClientHistory(
    ClientFacts(1, "Beth", B, D(2024, 6, 1)),
    touches=(
        TouchFact(D(2025, 3, 20), "call", "reached", inbound=True),
        TouchFact(D(2025, 1, 31), "call", "reached"),
    ),
    promises=(
        PromiseFacts(10, 1, "Beth", "send the valuation", D(2025, 3, 10), D(2025, 3, 12)),
        PromiseFacts(11, 1, "Beth", "old one", D(2025, 1, 15), D(2025, 1, 20)),
    ),
)

# Ann, tier A (every 1w, reactive after 1w), snoozed until Mon 10 Mar. Anchor 1 Feb (before
# the window) → due 8 Feb, pushed by the snooze to 10 Mar, reactive from 17 Mar. The email of
# 17 Mar counts: anchor 17 Mar → due 24 Mar (the snooze is behind it), reactive from 31 Mar.
# The unanswered call of 28 Mar resets nothing and leaves a follow-up open on 31 Mar.
#   4 Feb-9 Mar ok (25 + 9 = 34) · 10-16 Mar due (7)
#   17-23 Mar ok (7) · 24-30 Mar due (7) · 31 Mar reactive (1)
#   ok 41, due 14, reactive 1; on cadence 4 Feb-10 Mar (35) + 17-24 Mar (8) = 43 of 56.
# In the window: 2 touches (email, no-answer call), 1 counting, 1 proactive. Demand 56/7 = 8.
# Promises: due 5 Mar kept 5 Mar (on time); due 25 Mar open (overdue); due 31 Mar open (due
# today, not overdue yet); due 30 Mar kept 2 Apr, after the report day: open and overdue on it.
ANN = ClientHistory(
    ClientFacts(2, "Ann", A, D(2024, 1, 1), snoozed_until=D(2025, 3, 10)),
    touches=(
        TouchFact(D(2025, 3, 28), "call", "no-answer"),
        TouchFact(D(2025, 2, 1), "call", "reached"),
        TouchFact(D(2025, 3, 17), "email", "message"),
    ),
    promises=(
        PromiseFacts(20, 2, "Ann", "call the bank", D(2025, 3, 5), D(2025, 3, 5)),
        PromiseFacts(21, 2, "Ann", "send the deck", D(2025, 3, 25)),
        PromiseFacts(22, 2, "Ann", "book lunch", D(2025, 3, 31)),
        PromiseFacts(23, 2, "Ann", "intro to Sam", D(2025, 3, 30), D(2025, 4, 2)),
    ),
)

# Cole, tier A, added Thu 20 Mar and never touched: due at once, reactive from 27 Mar.
#   20-26 Mar due (7) · 27-31 Mar reactive (5); 12 client-days, on cadence only on 20 Mar (1).
# Demand: interval from the day added, 1w = 7 days: 12/7 touches.
COLE = ClientHistory(ClientFacts(3, "Cole", A, D(2025, 3, 20)))

# Zed was added after the report day: he did not exist yet and is left out entirely.
ZED = ClientHistory(
    ClientFacts(4, "Zed", A, D(2025, 4, 5)),
    touches=(TouchFact(D(2025, 3, 30), "call", "reached"),),
)

BOOK = (BETH, ANN, COLE, ZED)


def test_day_counts_by_hand() -> None:
    start = window_start(ON, WEEKS)
    assert start == D(2025, 2, 4)
    assert day_counts(BETH, start=start, on=ON) == DayCounts(56, 37, 36, 14, 6)
    assert day_counts(ANN, start=start, on=ON) == DayCounts(56, 43, 41, 14, 1)
    assert day_counts(COLE, start=start, on=ON) == DayCounts(12, 1, 0, 7, 5)
    assert day_counts(ZED, start=start, on=ON) == DayCounts()


def test_tiers_by_hand() -> None:
    report = build_report(BOOK, on=ON, weeks=WEEKS, tiers=[C, B, A])
    assert (report.on, report.weeks, report.start) == (ON, 8, D(2025, 2, 4))
    a, b, c = report.tiers
    # A = Ann + Cole. Promises due in the window: 5, 25, 30 and 31 Mar. On time 1; the 25 and
    # 30 Mar ones are open and overdue; the 31 Mar one is due today. Share on time 1 / 3.
    assert (a.tier, a.rank, a.clients, a.client_days) == ("A", 1, 2, 68)
    assert (a.on_cadence_days, a.ok_days, a.due_days, a.reactive_days) == (44, 41, 21, 6)
    assert a.on_cadence_rate == 44 / 68
    assert (a.chases, a.open_follow_ups) == (0, 1)
    assert (a.touches, a.counting_touches, a.proactive_touches) == (2, 1, 1)
    # The pace is averaged over the 56 days the book existed: (8 + 12/7) * 7 / 56.
    assert a.demanded_per_week == 68 / 56
    assert a.logged_per_week == 1 / 8
    assert (a.promises_due, a.promises_kept_on_time, a.promises_kept_late) == (4, 1, 0)
    assert a.promises_open_overdue == 2
    assert a.promise_on_time_rate == 1 / 3
    # B = Beth.
    assert (b.tier, b.rank, b.clients, b.client_days) == ("B", 2, 1, 56)
    assert (b.on_cadence_days, b.ok_days, b.due_days, b.reactive_days) == (37, 36, 14, 6)
    assert (b.chases, b.open_follow_ups) == (1, 0)
    assert (b.touches, b.counting_touches, b.proactive_touches) == (1, 1, 0)
    assert b.demanded_per_week == pytest.approx((44 / 28 + 12 / 31) / 8)
    assert b.logged_per_week == 0.0
    assert (b.promises_due, b.promises_kept_on_time, b.promises_kept_late) == (1, 0, 1)
    assert (b.promises_open_overdue, b.promise_on_time_rate) == (0, 0.0)
    # C has no client in view: shown because it was asked for, with nothing to measure.
    assert (c.tier, c.clients, c.client_days, c.on_cadence_rate) == ("C", 0, 0, None)
    assert (c.demanded_per_week, c.promise_on_time_rate) == (0.0, None)


def test_overall_by_hand() -> None:
    report = build_report(BOOK, on=ON, weeks=WEEKS)
    o = report.overall
    assert (o.tier, o.rank, o.clients, o.client_days) == ("all", None, 3, 124)
    assert (o.on_cadence_days, o.ok_days, o.due_days, o.reactive_days) == (81, 77, 35, 12)
    assert o.on_cadence_rate == 81 / 124
    assert (o.chases, o.open_follow_ups) == (1, 1)
    assert (o.touches, o.counting_touches, o.proactive_touches) == (3, 2, 1)
    assert o.demanded_per_week == pytest.approx(68 / 56 + (44 / 28 + 12 / 31) / 8)
    assert o.logged_per_week == 1 / 8
    assert (o.promises_due, o.promises_kept_on_time, o.promises_kept_late) == (5, 1, 1)
    assert (o.promises_open_overdue, o.promise_on_time_rate) == (2, 1 / 4)
    assert [t.tier for t in report.tiers] == ["A", "B"]  # only tiers in view unless asked
    # Email 17 Mar (bucket of 11 Mar), Beth's call-in 20 Mar (18 Mar), the no-answer 28 Mar
    # (25 Mar). Zed's touch is not counted: he did not exist yet.
    starts = [D(2025, 2, 4) + timedelta(days=7 * i) for i in range(8)]
    counts = [(0, 0, 0)] * 5 + [(1, 1, 1), (1, 1, 0), (1, 0, 0)]
    assert report.weekly_touches == [WeekBucket(s, *c) for s, c in zip(starts, counts, strict=True)]
    assert report.longest_reactive == [
        ReactiveSpell(1, "Beth", "B", 6),
        ReactiveSpell(3, "Cole", "A", 5),
        ReactiveSpell(2, "Ann", "A", 1),
    ]
    # 1.459… → "1.5"; 1/8 → "0.12"; the gap between the shown numbers 1.38 → "1.4".
    assert report.pace_sentence == (
        "Your model asks for 1.5 touches a week; you averaged 0.12 over 8 weeks: 1.4 a week behind."
    )


def test_to_json_by_hand() -> None:
    data = to_json(build_report(BOOK, on=ON, weeks=WEEKS))
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "date",
        "weeks",
        "start",
        "overall",
        "tiers",
        "weekly_touches",
        "longest_reactive",
        "pace",
    ]
    assert (data["date"], data["weeks"], data["start"]) == ("2025-03-31", 8, "2025-02-04")
    assert data["overall"]["on_cadence_rate"] == 0.6532  # 81 / 124 = 0.65322…
    assert data["overall"]["rank"] is None
    assert data["tiers"][1]["demanded_per_week"] == 0.2448  # (44/28 + 12/31) / 8
    assert data["tiers"][1]["promise_on_time_rate"] == 0.0
    assert data["weekly_touches"][5] == {
        "start": "2025-03-11",
        "touches": 1,
        "counting": 1,
        "proactive": 1,
    }
    assert data["longest_reactive"][0] == {
        "client_id": 1,
        "name": "Beth",
        "tier": "B",
        "reactive_days": 6,
    }
    assert data["pace"] == {
        "demanded_per_week": 1.4591,
        "logged_per_week": 0.125,
        "sentence": "Your model asks for 1.5 touches a week; you averaged 0.12 over 8 weeks: "
        "1.4 a week behind.",
    }


def test_touches_after_the_report_day_are_ignored() -> None:
    later = replace(BETH, touches=(*BETH.touches, TouchFact(D(2025, 4, 2), "call", "reached")))
    assert build_report([later], on=ON, weeks=WEEKS) == build_report([BETH], on=ON, weeks=WEEKS)


def test_follow_up_closed_by_a_message_the_same_day() -> None:
    # SPEC: a no-answer and a message on the same day leave no follow-up.
    client = ClientFacts(1, "Eve", A, D(2025, 1, 1))
    same_day = (TouchFact(ON, "call", "no-answer"), TouchFact(ON, "text", "message"))
    report = build_report([ClientHistory(client, same_day)], on=ON, weeks=1)
    assert report.overall.open_follow_ups == 0
    # An inbound no-answer (a missed call from them) leaves a call-back (SPEC "Call-backs").
    missed = (TouchFact(ON, "call", "no-answer", inbound=True),)
    report = build_report([ClientHistory(client, missed)], on=ON, weeks=1)
    assert report.overall.open_follow_ups == 1


def test_charter_interval_sets_the_demand_and_the_clock() -> None:
    # Every 2w by charter instead of A's 1w: anchor 10 Mar → due 24 Mar, reactive from 31 Mar.
    client = ClientFacts(1, "Finn", A, D(2024, 1, 1), charter_every=Interval(2, "w"))
    history = ClientHistory(client, (TouchFact(D(2025, 3, 10), "meeting", "reached"),))
    report = build_report([history], on=ON, weeks=1)  # window 25-31 Mar
    assert report.overall.demanded_per_week == 0.5
    assert day_counts(history, start=D(2025, 3, 25), on=ON) == DayCounts(7, 0, 0, 6, 1)


def test_longest_reactive_keeps_five_ties_by_name() -> None:
    never = [
        ClientHistory(ClientFacts(i, name, A, D(2024, 1, 1))) for i, name in enumerate("fbEdcaG")
    ]
    report = build_report(never, on=ON, weeks=2)
    assert [s.name for s in report.longest_reactive] == ["a", "b", "c", "d", "E"]
    assert {s.reactive_days for s in report.longest_reactive} == {14}


def test_empty_book() -> None:
    report = build_report([], on=ON, weeks=12)
    assert report.overall.clients == 0
    assert report.overall.on_cadence_rate is None  # no client-days: nothing to judge
    assert report.tiers == []
    assert report.longest_reactive == []
    assert len(report.weekly_touches) == 12
    assert (
        report.pace_sentence
        == "No active clients, so your model asks for no touches over 12 weeks."
    )


def test_weeks_must_be_positive() -> None:
    with pytest.raises(InvalidInput):
        build_report([], on=ON, weeks=0)
    with pytest.raises(InvalidInput):
        window_start(D(1, 1, 10), 2)


@pytest.mark.parametrize(
    ("demanded", "logged", "weeks", "sentence"),
    [
        (31.2, 24.1, 12, "Your model asks for 31 touches a week; you averaged 24 over 12 weeks: "
         "7 a week behind."),
        (1.0, 1.04, 1, "Your model asks for 1 touch a week; you averaged 1 over 1 week: "
         "right on pace."),
        (4.5, 6.0, 4, "Your model asks for 4.5 touches a week; you averaged 6 over 4 weeks: "
         "1.5 a week ahead."),
    ],
)  # fmt: skip
def test_pace_sentence(demanded: float, logged: float, weeks: int, sentence: str) -> None:
    assert pace_sentence(demanded, logged, weeks, clients=3) == sentence


@pytest.mark.parametrize(
    ("value", "said"),
    [(0.0, "0"), (0.004, "0"), (0.25, "0.25"), (0.5, "0.5"), (0.96, "1"), (2.26, "2.3"),
     (9.44, "9.4"), (9.5, "10"), (23.5, "24"), (4344.7, "4345")],
)  # fmt: skip
def test_pace_number(value: float, said: str) -> None:
    assert pace_number(value) == said


def test_sparkline() -> None:
    assert sparkline([0, 1, 2, 4, 8]) == " ▁▂▄█"
    assert sparkline([0, 0]) == "  "
    assert sparkline([]) == ""


# ---------------------------------------------------------------------------------------------
# Properties

DAY0 = D(2024, 1, 1)
UNITS: list[Literal["d", "w", "m", "y"]] = ["d", "w", "m", "y"]
intervals = st.builds(Interval, st.integers(1, 6), st.sampled_from(UNITS))
tiers = st.builds(TierRule, st.just("T"), st.just(1), intervals, intervals)
days = st.integers(0, 400).map(lambda n: DAY0 + timedelta(days=n))
touches = st.builds(
    TouchFact,
    days,
    st.sampled_from(["call", "email"]),
    st.sampled_from(["reached", "message", "no-answer"]),
    st.booleans(),
)


@st.composite
def histories(draw: st.DrawFn, client_id: int = 1) -> ClientHistory:
    client = ClientFacts(
        client_id,
        f"c{client_id}",
        draw(tiers),
        draw(days),
        snoozed_until=draw(st.none() | days),
        charter_every=draw(st.none() | intervals),
    )
    return ClientHistory(client, tuple(draw(st.lists(touches, max_size=12))))


def naive(history: ClientHistory, start: date, on: date) -> DayCounts:
    """The SPEC replayed literally: every day, the latest counting touch on or before it."""
    client = history.client
    total = on_cadence = ok = due = reactive = 0
    day = max(start, client.added_on)
    while day <= on:
        anchor = max((t.on for t in history.touches if t.counts and t.on <= day), default=None)
        now = clock(
            every=effective_every(client.tier, client.charter_every),
            reactive_after=client.tier.reactive_after,
            anchor=anchor,
            added_on=client.added_on,
            snoozed_until=client.snoozed_until,
            today=day,
        )
        total += 1
        on_cadence += now.days_overdue == 0
        ok += now.status == "ok"
        due += now.status == "due"
        reactive += now.status == "reactive"
        day += timedelta(days=1)
    return DayCounts(total, on_cadence, ok, due, reactive)


@settings(max_examples=400, deadline=None)
@given(histories(), st.integers(-5, 250), st.integers(1, 30))
def test_segment_method_equals_naive_replay(history: ClientHistory, after: int, weeks: int) -> None:
    on = history.client.added_on + timedelta(days=after)  # mostly a window the client lived in
    start = window_start(on, weeks)
    counts = day_counts(history, start=start, on=on)
    assert counts == naive(history, start, on)
    assert counts.ok_days + counts.due_days + counts.reactive_days == counts.client_days


@settings(max_examples=100, deadline=None)
@given(st.lists(histories(), min_size=1, max_size=5), days, st.integers(1, 12))
def test_report_totals_are_the_sum_of_replays(
    book: list[ClientHistory], on: date, weeks: int
) -> None:
    book = [replace(h, client=replace(h.client, client_id=i)) for i, h in enumerate(book)]
    report = build_report(book, on=on, weeks=weeks)
    start = report.start
    live = [h for h in book if h.client.added_on <= on]
    replays = [naive(h, start, on) for h in live]
    overall = report.overall
    assert overall.clients == len(live)
    assert overall.client_days == sum(r.client_days for r in replays)
    assert overall.on_cadence_days == sum(r.on_cadence_days for r in replays)
    assert overall.reactive_days == sum(r.reactive_days for r in replays)
    in_window = [t for h in live for t in h.touches if start <= t.on <= on]
    assert overall.touches == len(in_window) == sum(w.touches for w in report.weekly_touches)
    assert overall.proactive_touches == sum(1 for t in in_window if t.counts and not t.inbound)
    expected_chases = sum(
        1
        for h in live
        for c in chases(h.client, [t for t in h.touches if t.on <= on])
        if c.on >= max(start, h.client.added_on)  # a client counts from the day it was added
    )
    assert overall.chases == expected_chases
    spells = sorted(
        ((r.reactive_days, h.client.name) for h, r in zip(live, replays, strict=True)),
        key=lambda x: (-x[0], x[1].casefold()),
    )
    assert [(s.reactive_days, s.name) for s in report.longest_reactive] == [
        s for s in spells if s[0]
    ][:5]


@settings(max_examples=100, deadline=None)
@given(
    tiers,
    st.integers(0, 200),
    st.none() | days,
    st.none() | intervals,
    st.integers(1, 20),
    st.sampled_from(["reached", "message"]),
    st.booleans(),
)
def test_touched_every_day_is_always_on_cadence(
    tier: TierRule,
    added: int,
    snooze: date | None,
    charter: Interval | None,
    weeks: int,
    outcome: str,
    inbound: bool,
) -> None:
    added_on = DAY0 + timedelta(days=added)
    on = added_on + timedelta(days=150)
    client = ClientFacts(1, "Daily", tier, added_on, snoozed_until=snooze, charter_every=charter)
    daily = tuple(
        TouchFact(added_on + timedelta(days=n), "call", outcome, inbound) for n in range(151)
    )
    overall = build_report([ClientHistory(client, daily)], on=on, weeks=weeks).overall
    assert overall.on_cadence_rate == 1.0
    assert overall.ok_days == overall.client_days > 0


@settings(max_examples=100, deadline=None)
@given(
    tiers,
    st.lists(st.integers(0, 150), max_size=25),
    st.integers(0, 150),
    st.integers(0, 150),
    st.none() | days,
    st.integers(1, 20),
)
def test_on_cadence_rate_falls_as_touches_stop(
    tier: TierRule,
    offsets: list[int],
    stop_a: int,
    stop_b: int,
    snooze: date | None,
    weeks: int,
) -> None:
    # The same history cut off at an earlier day can only be as consistent or less: a counting
    # touch on or after the day added never brings a due day forward.
    early, late = sorted((stop_a, stop_b))
    client = ClientFacts(1, "Stops", tier, DAY0, snoozed_until=snooze)
    on = DAY0 + timedelta(days=150)
    every = [TouchFact(DAY0 + timedelta(days=n), "email", "message") for n in offsets]

    def rate(stop: int) -> float:
        cut = tuple(t for t in every if t.on <= DAY0 + timedelta(days=stop))
        return build_report(
            [ClientHistory(client, cut)], on=on, weeks=weeks
        ).overall.on_cadence_rate

    assert rate(early) <= rate(late)
    # Touched every day, then stopping: the rate never rises as the stop day comes earlier.
    daily = [TouchFact(DAY0 + timedelta(days=n), "call", "reached") for n in range(151)]
    rates = [
        build_report(
            [ClientHistory(client, tuple(daily[: stop + 1]))], on=on, weeks=weeks
        ).overall.on_cadence_rate
        for stop in (early, late, 150)
    ]
    assert rates == sorted(rates)
    assert rates[-1] == 1.0


# A promise as (days before the report day it was due, days after that it was kept or None).
promise_days = st.tuples(st.integers(-3, 100), st.none() | st.integers(-10, 30))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(histories(), st.lists(promise_days, max_size=4)), min_size=1, max_size=5),
    days,
    st.integers(1, 12),
    st.sampled_from([A, B, C]),
)
def test_plain_clients_report_as_their_one_term_timeline(
    drawn: list[tuple[ClientHistory, list[tuple[int, int | None]]]],
    on: date,
    weeks: int,
    tier: TierRule,
) -> None:
    # A client without a timeline takes the report's fast path; the same client with its terms
    # as a one-entry timeline takes the general one. Every figure must agree exactly: chases,
    # follow-ups, promises, the pace (the same float sums) and the reactive list.
    book = []
    for i, (history, found) in enumerate(drawn):
        client = replace(
            history.client,
            client_id=i,
            name=f"c{i % 3}",
            tier=tier if i % 2 else history.client.tier,
        )
        due = [on - timedelta(days=before) for before, _kept in found]
        kept = [
            None if k is None else d + timedelta(days=k)
            for d, (_b, k) in zip(due, found, strict=True)
        ]
        made = tuple(
            PromiseFacts(n, i, client.name, "do it", d, k)
            for n, (d, k) in enumerate(zip(due, kept, strict=True))
        )
        book.append(replace(history, client=client, promises=made))
    timelined = [replace(h, client=replace(h.client, timeline=(h.client.terms,))) for h in book]
    assert build_report(book, on=on, weeks=weeks) == build_report(timelined, on=on, weeks=weeks)


def test_an_inbound_call_logged_before_the_client_was_added_is_no_chase() -> None:
    """Found by the property above: the fast path counted it, the timeline path did not. A
    client counts from the day it was added (SPEC §1), its chases too."""
    added = DAY0 + timedelta(days=8)
    client = ClientFacts(1, "c1", A, added)
    touches = (
        TouchFact(DAY0, "call", "reached", False),
        TouchFact(DAY0 + timedelta(days=7), "call", "reached", True),
    )
    plain = ClientHistory(client, touches)
    timelined = replace(plain, client=replace(client, timeline=(client.terms,)))
    for history in (plain, timelined):
        assert build_report([history], on=added, weeks=1).overall.chases == 0
