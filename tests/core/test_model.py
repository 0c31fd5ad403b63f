"""Pure tests of `core.model` against SPEC §8: touchpoint clocks, hour math, levelling."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence_cli.core.dates import Interval
from cadence_cli.core.level import PlanItem, level
from cadence_cli.core.model import (
    Capacity,
    Touchpoint,
    TouchpointFacts,
    client_weekly_minutes,
    hours,
    influence_advice,
    misfit_sentence,
    model_demand,
    on_time_days,
    parse_hours,
    parse_workdays,
    plan_items,
    satisfies,
    touchpoint_agenda,
    touchpoint_due_on,
    workdays_text,
)
from cadence_cli.core.schedule import ClientFacts, TierRule, TouchFact
from cadence_cli.errors import InvalidInput

MON = date(2026, 11, 23)
A = TierRule("A", 1, Interval(1, "w"), Interval(1, "w"))
B = TierRule("B", 2, Interval(1, "m"), Interval(2, "w"))
CALL = Touchpoint("weekly call", Interval(1, "w"), ("call",), 15, attempt_counts=True)
REVIEW = Touchpoint("quarterly review", Interval(3, "m"), ("meeting", "video"), 60)


@pytest.mark.parametrize(
    ("point", "channel", "outcome", "inbound", "logged_for", "expected"),
    [
        (REVIEW, "meeting", "reached", False, None, True),
        (REVIEW, "video", "reached", True, None, True),  # either direction
        (REVIEW, "call", "reached", False, None, False),  # not one of its channels
        (REVIEW, "meeting", "no-answer", False, None, False),  # attempts do not count
        (REVIEW, "call", "no-answer", False, "Quarterly Review", True),  # --for, any case
        (REVIEW, "call", "reached", False, "weekly call", False),
        (CALL, "call", "no-answer", False, None, True),  # --attempt-counts: outbound attempt
        (CALL, "call", "no-answer", True, None, False),  # a missed inbound call is no attempt
        (CALL, "text", "message", False, None, False),
    ],
)
def test_rule_1_what_satisfies_a_touchpoint(
    point: Touchpoint,
    channel: str,
    outcome: str,
    inbound: bool,
    logged_for: str | None,
    expected: bool,
) -> None:
    assert (
        satisfies(point, channel=channel, outcome=outcome, inbound=inbound, logged_for=logged_for)
        is expected
    )


@pytest.mark.parametrize(
    ("every", "anchor", "since", "snooze", "expected"),
    [
        (Interval(1, "w"), date(2026, 11, 10), date(2026, 1, 1), None, date(2026, 11, 17)),
        (Interval(3, "m"), None, date(2026, 10, 2), None, date(2026, 10, 2)),  # tier day
        (Interval(1, "m"), date(2026, 1, 31), date(2025, 1, 1), None, date(2026, 2, 28)),
        (
            Interval(1, "w"),
            date(2026, 11, 10),
            date(2026, 1, 1),
            date(2026, 12, 1),
            date(2026, 12, 1),
        ),
        (
            Interval(1, "w"),
            date(2026, 11, 10),
            date(2026, 1, 1),
            date(2026, 11, 1),
            date(2026, 11, 17),
        ),
    ],
)
def test_rule_2_due_day(
    every: Interval, anchor: date | None, since: date, snooze: date | None, expected: date
) -> None:
    assert touchpoint_due_on(every, anchor, since, snooze) == expected


def facts(
    cid: int, name: str, point: Touchpoint, anchor: date | None, *, tier: TierRule = A
) -> TouchpointFacts:
    return TouchpointFacts(cid, name, tier, point, date(2026, 1, 5), anchor, owner="sam")


def test_rule_3_agenda_window_overdue_and_order() -> None:
    items = [
        facts(2, "bob", CALL, date(2026, 11, 16)),  # due today
        facts(1, "Ann", CALL, date(2026, 11, 12)),  # overdue by 4 days
        facts(3, "Cy", REVIEW, date(2026, 9, 1), tier=B),  # due Dec 1: outside a 7d horizon
        facts(4, "Dee", REVIEW, date(2026, 8, 23), tier=B),  # due today, tier B
        facts(5, "Ann", REVIEW, date(2026, 8, 23)),  # due today, tier A, same name: id order
    ]
    agenda = touchpoint_agenda(items, MON, MON + timedelta(days=7))
    assert [(t.facts.client_id, t.due_on, t.overdue, t.days_overdue) for t in agenda] == [
        (1, date(2026, 11, 19), True, 4),
        (5, MON, False, 0),  # Ann (A) before bob (A): name, then id; then touchpoint name
        (2, MON, False, 0),
        (4, MON, False, 0),
    ]
    wider = touchpoint_agenda(items, MON, date(2026, 12, 1))
    assert wider[-1].facts.client_id == 3


def client(
    cid: int, name: str, tier: TierRule, last: date | None, *, owner: str | None = "sam"
) -> ClientFacts:
    touch = TouchFact(last, "call", "reached") if last is not None else None
    return ClientFacts(cid, name, tier, date(2026, 1, 5), last_counting=touch, owner=owner)


def test_hour_math_per_client_and_per_owner() -> None:
    ann = client(1, "Ann", A, date(2026, 11, 20))
    point = facts(1, "Ann", REVIEW, date(2026, 11, 20))  # Nov 20 + 3m: 92 days
    minutes = client_weekly_minutes(ann, MON, contact_minutes=10, touchpoints=[point])
    assert minutes == pytest.approx(7 * 10 / 7 + 7 * 60 / 92)
    bob = client(2, "Bob", B, date(2026, 1, 31), owner="Sam")  # Jan 31 + 1m: 28 days
    nobody = client(3, "Cy", B, None, owner=None)  # from Jan 5: 31 days
    demand = model_demand([ann, bob, nobody], [point], contact_minutes={"A": 10, "B": 20})
    assert demand.tiers["A"].minutes_per_week == pytest.approx(minutes)
    assert demand.tiers["B"].minutes_per_week == pytest.approx(7 * 20 / 28 + 7 * 20 / 31)
    assert demand.owners["sam"].clients == 2  # owners match without case
    assert demand.owners[None].minutes_per_week == pytest.approx(7 * 20 / 31)
    assert demand.spelling == {"sam": "sam"}


def test_the_sentence_when_the_model_does_not_fit() -> None:
    capacity = Capacity("sam", 20 * 60)
    assert misfit_sentence("sam", 31 * 60, capacity) == (
        "your model asks 31 h a week of sam; sam has 20"
    )
    assert misfit_sentence("sam", 20 * 60, capacity) is None
    assert hours(150) == "2.5"


@pytest.mark.parametrize(
    ("text", "days"),
    [("mon-fri", {0, 1, 2, 3, 4}), ("mon,wed,fri", {0, 2, 4}), ("fri-mon", {4, 5, 6, 0}),
     ("Monday-Thursday,sat", {0, 1, 2, 3, 5})],
)  # fmt: skip
def test_workdays(text: str, days: set[int]) -> None:
    assert parse_workdays(text) == days
    assert parse_workdays(workdays_text(frozenset(days))) == days


@pytest.mark.parametrize("text", ["", "weekdays", "mon-funday", "mon,,fri"])
def test_bad_workdays(text: str) -> None:
    with pytest.raises(InvalidInput, match="workdays"):
        parse_workdays(text)


@pytest.mark.parametrize(
    ("text", "minutes"), [("20h", 1200), ("20", 1200), ("7.5h", 450), ("1h30m", 90), ("90m", 90)]
)
def test_hours(text: str, minutes: int) -> None:
    assert parse_hours(text) == minutes


@pytest.mark.parametrize("text", ["", "h", "twenty", "-3h", "200h", "3x"])
def test_bad_hours(text: str) -> None:
    with pytest.raises(InvalidInput, match="hours"):
        parse_hours(text)


def item(day: date, order: int, minutes: int, cid: int = 0) -> PlanItem:
    return PlanItem(
        day=day, order=(0, 1, 0.0, 1, f"c{order:03}", order, ""), minutes=minutes,
        client_id=cid or order, name=f"c{order}", tier="A", owner="sam", kind="contact",
    )  # fmt: skip


def test_levelling_moves_the_last_items_to_the_latest_earlier_day_with_room() -> None:
    capacity = Capacity("sam", 5 * 60)  # 60 minutes a day, Monday to Friday
    wed = MON + timedelta(days=2)
    items = [item(wed, i, 20) for i in range(1, 6)] + [item(MON, 9, 50)]
    days = level(items, start=MON, days=7, capacity=capacity)
    placed = {d.day: [(p.item.order[5], p.moved) for p in d.items] for d in days}
    assert placed[wed] == [(1, False), (2, False), (3, False)]
    assert placed[MON + timedelta(days=1)] == [(4, True), (5, True)]  # Tuesday, the latest
    assert placed[MON] == [(9, False)]
    saturday = MON + timedelta(days=5)
    weekend = level([item(saturday, 1, 10)], start=MON, days=7, capacity=capacity)
    assert [p.day for d in weekend for p in d.items] == [MON + timedelta(days=4)]  # Friday


def test_levelling_never_moves_before_the_first_day_or_later() -> None:
    capacity = Capacity("sam", 5 * 30)
    items = [item(MON, i, 20) for i in range(1, 4)]
    days = level(items, start=MON, days=3, capacity=capacity)
    assert [len(d.items) for d in days] == [3, 0, 0]
    assert days[0].over


def test_plan_items_repeat_and_mix_contacts_and_touchpoints() -> None:
    ann = client(1, "Ann", A, date(2026, 11, 12))  # due Nov 19: overdue, on the first day
    point = facts(1, "Ann", CALL, date(2026, 11, 20))  # due Nov 27
    items = plan_items([ann], [point], start=MON, days=14, contact_minutes={"A": 10})
    assert sorted((i.day, i.kind, i.minutes) for i in items) == [
        (MON, "contact", 10),
        (date(2026, 11, 27), "touchpoint", 15),
        (date(2026, 11, 30), "contact", 10),
        (date(2026, 12, 4), "touchpoint", 15),
    ]


def test_center_of_influence() -> None:
    tiers = [A, B]
    assert influence_advice(B, tiers, 1) is None
    assert influence_advice(B, tiers, 2) == (
        "referred 2 clients in 12 months: a center of influence; consider tier A"
    )
    assert influence_advice(A, tiers, 3) == (
        "referred 3 clients in 12 months: a center of influence; keep in A, the closest tier"
    )


def test_on_time_days_over_a_window() -> None:
    start, end = date(2026, 11, 1), date(2026, 11, 30)
    weekly = TouchpointFacts(1, "Ann", A, CALL, date(2026, 1, 1), anchor=date(2026, 10, 28))
    # due Nov 4; delivered Nov 10 (late days 5-9), due Nov 17, delivered Nov 17, due Nov 24,
    # then nothing: late 25-30.
    result = on_time_days(weekly, [date(2026, 11, 10), date(2026, 11, 17)], start, end)
    assert (result.days, result.on_time) == (30, 30 - 5 - 6)
    joined = TouchpointFacts(1, "Ann", A, CALL, date(2026, 11, 20))  # entered A on Nov 20
    assert on_time_days(joined, [], start, end).days == 11


def brute_on_time(facts: TouchpointFacts, delivered: list[date], start: date, end: date) -> int:
    count = 0
    day = max(start, facts.tier_since)
    while day <= end:
        before = [d for d in delivered if d <= day]
        anchor = max(before) if before else facts.anchor
        due = touchpoint_due_on(facts.touchpoint.every, anchor, facts.tier_since, None)
        count += due >= day
        day += timedelta(days=1)
    return count


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=6),
    st.one_of(st.none(), st.integers(-40, -1)),
    st.integers(-20, 20),
)
def test_on_time_days_matches_a_day_by_day_replay(
    offsets: list[int], anchor: int | None, since: int
) -> None:
    start, end = date(2026, 11, 1), date(2026, 12, 10)
    facts = TouchpointFacts(
        1, "Ann", A, CALL, start + timedelta(days=since),
        None if anchor is None else start + timedelta(days=anchor),
    )  # fmt: skip
    delivered = [start + timedelta(days=o) for o in offsets]
    assert on_time_days(facts, delivered, start, end).on_time == brute_on_time(
        facts, delivered, start, end
    )


# ---------------------------------------------------------------------------------------------
# Levelling properties


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[PlanItem], Capacity, int]:
    days = draw(st.integers(1, 10))
    count = draw(st.integers(0, 30))
    items = [
        item(MON + timedelta(days=draw(st.integers(0, days - 1))), i, draw(st.integers(5, 90)))
        for i in range(count)
    ]
    workdays = draw(st.sets(st.integers(0, 6), min_size=1))
    capacity = Capacity("sam", draw(st.integers(0, 40 * 60)), frozenset(workdays))
    return items, capacity, days


@settings(max_examples=300, deadline=None)
@given(plans())
def test_levelling_properties(plan: tuple[list[PlanItem], Capacity, int]) -> None:
    items, capacity, days = plan
    result = level(items, start=MON, days=days, capacity=capacity)
    placed = [(d.day, p) for d in result for p in d.items]
    # every item is placed once, never on a later day, never before the first day
    assert sorted(p.item.order for _, p in placed) == sorted(i.order for i in items)
    assert all(MON <= day <= p.item.day and p.day == day for day, p in placed)
    # within a day: SPEC order (own items by order; items moved in after, by their day)
    for d in result:
        keys = [(p.item.day, p.item.order) for p in d.items]
        assert keys == sorted(keys)
    # a day over capacity has no item that an earlier day still has room for
    used = {d.day: d.minutes for d in result}
    for index, d in enumerate(result):
        if not d.over:
            continue
        for p in d.items:
            if p.moved:
                continue
            for earlier in result[:index]:
                cap = capacity.per_day(earlier.day)
                assert used[earlier.day] + p.item.minutes > cap
    # moved items only leave days that were over capacity with their own items
    for d in result:
        for p in d.items:
            if p.moved:
                own = sum(i.minutes for i in items if i.day == p.item.day)
                assert own > capacity.per_day(p.item.day)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_without_capacity_nothing_moves(plan: tuple[list[PlanItem], Capacity, int]) -> None:
    items, _, days = plan
    result = level(items, start=MON, days=days, capacity=None)
    assert not any(p.moved for d in result for p in d.items)
