"""Pure tests of `cadence_cli.core.schedule`: each rule of SPEC §1 as a table, plus properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence_cli.core.dates import Interval, parse_yearly
from cadence_cli.core.schedule import (
    DEFAULT_REVIEW_EVERY,
    CharterFacts,
    Chase,
    ClientFacts,
    Clock,
    FollowUp,
    MilestoneDue,
    MilestoneFacts,
    PromiseDue,
    PromiseFacts,
    ReviewDue,
    Standing,
    TierRule,
    TouchFact,
    build_agenda,
    chases,
    clock,
    count_due,
    default_outcome,
    describe_milestone,
    due_list,
    effective_every,
    follow_up,
    follow_ups,
    is_counting,
    kept_on_time,
    milestone_agenda,
    next_milestone,
    ordinal,
    promise_agenda,
    review_agenda,
    standing,
    urgency_key,
)

# The default book (SPEC §1 "Tiers").
A = TierRule("A", 1, Interval(1, "w"), Interval(1, "w"))
B = TierRule("B", 2, Interval(1, "m"), Interval(2, "w"))
C = TierRule("C", 3, Interval(3, "m"), Interval(1, "m"))

RANK = {"ok": 0, "due": 1, "reactive": 2}
PROPERTY = settings(max_examples=200, deadline=None)


def d(text: str) -> date:
    return date.fromisoformat(text)


def reached(on: str, channel: str = "call", *, inbound: bool = False) -> TouchFact:
    return TouchFact(d(on), channel, "reached", inbound)


def message(on: str, channel: str = "text", *, inbound: bool = False) -> TouchFact:
    return TouchFact(d(on), channel, "message", inbound)


def no_answer(on: str, channel: str = "call", *, inbound: bool = False) -> TouchFact:
    return TouchFact(d(on), channel, "no-answer", inbound)


def client(
    *,
    tier: TierRule = A,
    added: str = "2026-01-01",
    last: TouchFact | None = None,
    attempt: TouchFact | None = None,
    snooze: str | None = None,
    charter: Interval | None = None,
    name: str = "Dana Reyes",
    client_id: int = 1,
) -> ClientFacts:
    return ClientFacts(
        client_id=client_id,
        name=name,
        tier=tier,
        added_on=d(added),
        last_counting=last,
        last_attempt=attempt,
        snoozed_until=d(snooze) if snooze else None,
        charter_every=charter,
    )


# ---------------------------------------------------------------------------------------------
# Outcomes


@pytest.mark.parametrize(
    ("channel", "outcome"),
    [
        ("call", "reached"),
        ("meeting", "reached"),
        ("video", "reached"),
        ("text", "message"),
        ("email", "message"),
        ("gift", "message"),
        ("card", "message"),
        ("social", "message"),
        ("other", "message"),
    ],
)
def test_default_outcome(channel: str, outcome: str) -> None:
    assert default_outcome(channel) == outcome


@pytest.mark.parametrize(
    ("outcome", "counts"), [("reached", True), ("message", True), ("no-answer", False)]
)
def test_counting_outcomes(outcome: str, counts: bool) -> None:
    assert is_counting(outcome) is counts
    assert TouchFact(d("2026-03-02"), "call", outcome).counts is counts


# ---------------------------------------------------------------------------------------------
# Rules 1-5: due_on, reactive_on, status, days_overdue, interval_days


@pytest.mark.parametrize(
    ("facts", "today", "status", "due_on", "reactive_on", "overdue", "interval_days"),
    [
        pytest.param(
            client(tier=B, added="2026-03-01"),
            "2026-03-01",
            "due",
            "2026-03-01",
            "2026-03-15",
            0,
            31,
            id="never-touched-is-due-the-day-added",
        ),
        pytest.param(
            client(tier=B, added="2026-03-01"),
            "2026-03-14",
            "due",
            "2026-03-01",
            "2026-03-15",
            13,
            31,
            id="never-touched-due-until-reactive",
        ),
        pytest.param(
            client(tier=B, added="2026-03-01"),
            "2026-03-15",
            "reactive",
            "2026-03-01",
            "2026-03-15",
            14,
            31,
            id="never-touched-reactive",
        ),
        pytest.param(
            client(last=reached("2026-03-02")),
            "2026-03-08",
            "ok",
            "2026-03-09",
            "2026-03-16",
            0,
            7,
            id="anchor-plus-every-ok",
        ),
        pytest.param(
            client(last=reached("2026-03-02")),
            "2026-03-09",
            "due",
            "2026-03-09",
            "2026-03-16",
            0,
            7,
            id="anchor-plus-every-due",
        ),
        pytest.param(
            client(last=message("2026-03-02", inbound=True)),
            "2026-03-12",
            "due",
            "2026-03-09",
            "2026-03-16",
            3,
            7,
            id="inbound-touch-is-an-anchor",
        ),
        pytest.param(
            client(added="2026-03-10", last=reached("2026-03-02")),
            "2026-03-10",
            "due",
            "2026-03-09",
            "2026-03-16",
            1,
            7,
            id="touch-anchors-even-before-added",
        ),
        pytest.param(
            client(tier=C, last=reached("2026-03-02"), charter=Interval(2, "w")),
            "2026-03-20",
            "due",
            "2026-03-16",
            "2026-04-16",
            4,
            14,
            id="charter-interval-overrides-tier",
        ),
        pytest.param(
            client(tier=A, last=reached("2026-03-02"), charter=Interval(1, "m")),
            "2026-04-02",
            "due",
            "2026-04-02",
            "2026-04-09",
            0,
            31,
            id="charter-longer-than-tier-keeps-tier-reactive-after",
        ),
        pytest.param(
            client(tier=B, last=reached("2026-01-31")),
            "2026-02-28",
            "due",
            "2026-02-28",
            "2026-03-14",
            0,
            28,
            id="jan31-plus-1m-clamps-to-feb28",
        ),
        pytest.param(
            client(tier=B, last=reached("2024-01-31")),
            "2024-02-28",
            "ok",
            "2024-02-29",
            "2024-03-14",
            0,
            29,
            id="jan31-plus-1m-clamps-to-feb29-leap",
        ),
        pytest.param(
            client(tier=C, last=reached("2025-11-30")),
            "2026-03-28",
            "reactive",
            "2026-02-28",
            "2026-03-28",
            28,
            90,
            id="nov30-plus-3m-then-1m-reactive",
        ),
        pytest.param(
            client(tier=B, last=reached("2026-03-31")),
            "2026-04-30",
            "due",
            "2026-04-30",
            "2026-05-14",
            0,
            30,
            id="mar31-plus-1m-clamps-to-apr30",
        ),
        pytest.param(
            client(tier=B, last=reached("2026-03-02"), snooze="2026-04-20"),
            "2026-04-19",
            "ok",
            "2026-04-20",
            "2026-05-04",
            0,
            31,
            id="later-snooze-wins",
        ),
        pytest.param(
            client(tier=B, last=reached("2026-03-02"), snooze="2026-03-20"),
            "2026-04-02",
            "due",
            "2026-04-02",
            "2026-04-16",
            0,
            31,
            id="earlier-snooze-ignored",
        ),
        pytest.param(
            client(tier=B, added="2026-01-10", snooze="2026-02-01"),
            "2026-03-01",
            "reactive",
            "2026-02-01",
            "2026-02-15",
            28,
            31,
            id="passed-snooze-counts-from-its-day",
        ),
        pytest.param(
            client(tier=A, added="2026-03-01", snooze="2026-03-10"),
            "2026-03-09",
            "ok",
            "2026-03-10",
            "2026-03-17",
            0,
            7,
            id="snoozed-new-client-not-due-before-snooze",
        ),
    ],
)
def test_standing_rules(
    facts: ClientFacts,
    today: str,
    status: str,
    due_on: str,
    reactive_on: str,
    overdue: int,
    interval_days: int,
) -> None:
    result = standing(facts, d(today))
    assert (
        result.status,
        result.due_on,
        result.reactive_on,
        result.days_overdue,
        result.interval_days,
    ) == (status, d(due_on), d(reactive_on), overdue, interval_days)
    assert result.every == effective_every(facts.tier, facts.charter_every)
    assert result.cycles_overdue == overdue / interval_days


@pytest.mark.parametrize(
    ("today", "status", "overdue"),
    [
        pytest.param("2026-03-08", "ok", 0, id="day-before-due_on"),
        pytest.param("2026-03-09", "due", 0, id="exactly-due_on"),
        pytest.param("2026-03-15", "due", 6, id="day-before-reactive_on"),
        pytest.param("2026-03-16", "reactive", 7, id="exactly-reactive_on"),
        pytest.param("2026-06-01", "reactive", 84, id="long-after"),
        pytest.param("2026-03-02", "ok", 0, id="day-of-touch"),
    ],
)
def test_status_boundaries(today: str, status: str, overdue: int) -> None:
    assert clock(
        every=Interval(1, "w"),
        reactive_after=Interval(1, "w"),
        anchor=d("2026-03-02"),
        added_on=d("2026-01-01"),
        snoozed_until=None,
        today=d(today),
    ) == Clock(
        every=Interval(1, "w"),
        base=d("2026-03-02"),
        due_on=d("2026-03-09"),
        reactive_on=d("2026-03-16"),
        status=status,  # type: ignore[arg-type]
        days_overdue=overdue,
        interval_days=7,
        snoozed=False,
    )


@pytest.mark.parametrize(
    ("anchor", "snooze", "base", "due_on", "snoozed"),
    [
        pytest.param(None, None, "2026-01-10", "2026-01-10", False, id="no-touch"),
        pytest.param(None, "2026-02-01", "2026-01-10", "2026-02-01", True, id="no-touch-snoozed"),
        pytest.param("2026-01-31", None, "2026-01-31", "2026-02-28", False, id="touch"),
        pytest.param("2026-01-31", "2026-02-28", "2026-01-31", "2026-02-28", False, id="same-day"),
        pytest.param("2026-01-31", "2026-02-27", "2026-01-31", "2026-02-28", False, id="earlier"),
        pytest.param("2026-01-31", "2026-03-01", "2026-01-31", "2026-03-01", True, id="later"),
    ],
)
def test_clock_snooze_and_base(
    anchor: str | None, snooze: str | None, base: str, due_on: str, snoozed: bool
) -> None:
    result = clock(
        every=Interval(1, "m"),
        reactive_after=Interval(2, "w"),
        anchor=d(anchor) if anchor else None,
        added_on=d("2026-01-10"),
        snoozed_until=d(snooze) if snooze else None,
        today=d("2026-01-01"),
    )
    assert (result.base, result.due_on, result.snoozed) == (d(base), d(due_on), snoozed)
    assert result.reactive_on == d(due_on) + timedelta(weeks=2)
    assert result.status == "ok"
    assert result.interval_days == Interval(1, "m").days_from(d(base))


@pytest.mark.parametrize(
    ("anchor", "interval_days"),
    [
        pytest.param("2026-01-31", 28, id="jan31-common"),
        pytest.param("2024-01-31", 29, id="jan31-leap"),
        pytest.param("2026-03-31", 30, id="mar31"),
        pytest.param("2026-07-31", 31, id="jul31"),
        pytest.param("2026-02-28", 28, id="feb28"),
    ],
)
def test_interval_days_for_month_interval(anchor: str, interval_days: int) -> None:
    result = standing(client(tier=B, last=reached(anchor)), d(anchor) + timedelta(days=60))
    assert result.interval_days == interval_days
    assert result.days_overdue == 60 - interval_days
    assert result.cycles_overdue == (60 - interval_days) / interval_days


def test_standing_whole_value_for_a_snoozed_charter_client() -> None:
    facts = client(
        tier=C, last=message("2026-03-02", "email"), snooze="2026-03-20", charter=Interval(1, "w")
    )
    result = standing(facts, d("2026-03-21"))
    assert result == Standing(
        client=facts,
        status="due",
        every=Interval(1, "w"),
        base=d("2026-03-02"),
        due_on=d("2026-03-20"),
        reactive_on=d("2026-04-20"),
        days_overdue=1,
        interval_days=7,
        snoozed=True,
        today=d("2026-03-21"),
    )
    assert result.reason == "last email 2 Mar (message); charter every 1w; snoozed until 20 Mar"


@pytest.mark.parametrize(
    ("facts", "today", "reason"),
    [
        pytest.param(
            client(tier=B, added="2026-03-01"),
            "2026-03-11",
            "never contacted (added 1 Mar); B every 1m",
            id="never-contacted",
        ),
        pytest.param(
            client(tier=B, added="2025-12-01"),
            "2026-03-11",
            "never contacted (added 1 Dec 2025); B every 1m",
            id="never-contacted-last-year",
        ),
        pytest.param(
            client(last=reached("2026-03-02")),
            "2026-03-11",
            "last reached 2 Mar by call; A every 1w",
            id="reached",
        ),
        pytest.param(
            client(last=reached("2026-03-02", "meeting")),
            "2026-03-11",
            "last reached 2 Mar by meeting; A every 1w",
            id="reached-meeting",
        ),
        pytest.param(
            client(last=message("2026-03-02", "card")),
            "2026-03-11",
            "last card 2 Mar (message); A every 1w",
            id="message",
        ),
        pytest.param(
            client(last=reached("2026-03-02", "call", inbound=True)),
            "2026-03-11",
            "they reached you 2 Mar by call; A every 1w",
            id="inbound",
        ),
        pytest.param(
            client(last=reached("2026-03-02"), charter=Interval(2, "w")),
            "2026-03-20",
            "last reached 2 Mar by call; charter every 2w",
            id="charter",
        ),
        pytest.param(
            client(last=reached("2026-03-02"), snooze="2026-03-20"),
            "2026-03-11",
            "last reached 2 Mar by call; A every 1w; snoozed until 20 Mar",
            id="snoozed",
        ),
        pytest.param(
            client(last=reached("2026-03-02"), snooze="2026-03-05"),
            "2026-03-11",
            "last reached 2 Mar by call; A every 1w",
            id="ineffective-snooze-not-mentioned",
        ),
    ],
)
def test_standing_reason(facts: ClientFacts, today: str, reason: str) -> None:
    assert standing(facts, d(today)).reason == reason


def test_last_touch_on() -> None:
    assert standing(client(last=reached("2026-03-02")), d("2026-03-11")).last_touch_on == d(
        "2026-03-02"
    )
    assert standing(client(), d("2026-03-11")).last_touch_on is None


def test_effective_every() -> None:
    assert effective_every(C, None) == Interval(3, "m")
    assert effective_every(C, Interval(2, "w")) == Interval(2, "w")


# ---------------------------------------------------------------------------------------------
# Follow-ups


@pytest.mark.parametrize(
    ("last", "attempt", "expected"),
    [
        pytest.param(
            None,
            no_answer("2026-03-09"),
            "call unanswered on Mon 9 Mar: follow up with a text or email",
            id="no-answer-never-contacted",
        ),
        pytest.param(
            reached("2026-03-02"),
            no_answer("2026-03-09"),
            "call unanswered on Mon 9 Mar: follow up with a text or email",
            id="no-answer-after-last-counting",
        ),
        pytest.param(
            reached("2026-03-02"),
            no_answer("2026-03-09", "video"),
            "video unanswered on Mon 9 Mar: follow up with a text or email",
            id="video-no-answer",
        ),
        pytest.param(
            reached("2026-03-02"),
            no_answer("2026-03-09", "email"),
            "email unanswered on Mon 9 Mar: follow up with a call",
            id="email-no-answer-suggests-a-call",
        ),
        pytest.param(
            message("2026-03-09", "text"),
            no_answer("2026-03-09"),
            None,
            id="no-answer-then-message-same-day",
        ),
        pytest.param(
            reached("2026-03-10"),
            no_answer("2026-03-09"),
            None,
            id="counting-touch-after-attempt",
        ),
        pytest.param(
            reached("2026-03-02", inbound=True),
            no_answer("2026-03-09"),
            "call unanswered on Mon 9 Mar: follow up with a text or email",
            id="inbound-counting-before-attempt",
        ),
        pytest.param(
            reached("2026-03-10", inbound=True),
            no_answer("2026-03-09"),
            None,
            id="inbound-counting-after-attempt-closes-it",
        ),
        pytest.param(
            None,
            no_answer("2026-03-09", inbound=True),
            "they called Mon 9 Mar and you missed it: call back",
            id="inbound-no-answer-is-a-call-back",
        ),
        pytest.param(
            reached("2026-03-02"),
            no_answer("2026-03-09", inbound=True),
            "they called Mon 9 Mar and you missed it: call back",
            id="inbound-no-answer-after-counting-is-a-call-back",
        ),
        pytest.param(
            reached("2026-03-09"),
            no_answer("2026-03-09", inbound=True),
            None,
            id="inbound-no-answer-answered-the-same-day",
        ),
        pytest.param(None, None, None, id="no-attempt"),
        pytest.param(
            None,
            message("2026-03-09"),
            None,
            id="counting-attempt-is-not-an-attempt",
        ),
    ],
)
def test_follow_up(last: TouchFact | None, attempt: TouchFact | None, expected: str | None) -> None:
    facts = client(last=last, attempt=attempt)
    result = follow_up(facts, d("2026-03-11"))
    if expected is None:
        assert result is None
    else:
        assert attempt is not None
        assert result == FollowUp(facts, attempt.on, attempt.channel, expected, attempt.inbound)


def test_follow_up_from_last_year_names_the_year() -> None:
    facts = client(attempt=no_answer("2025-12-29"))
    assert follow_up(facts, d("2026-01-05")) == FollowUp(
        facts,
        d("2025-12-29"),
        "call",
        "call unanswered on Mon 29 Dec 2025: follow up with a text or email",
    )


def test_follow_ups_oldest_attempt_first_then_tier_name_id() -> None:
    old = client(client_id=1, name="zed", tier=C, attempt=no_answer("2026-03-02"))
    b_tier = client(client_id=2, name="Amy", tier=B, attempt=no_answer("2026-03-09"))
    bob = client(client_id=3, name="bob", attempt=no_answer("2026-03-09"))
    alice = client(client_id=4, name="Alice", attempt=no_answer("2026-03-09"))
    alice_low = client(client_id=5, name="alice", attempt=no_answer("2026-03-09"))
    done = client(
        client_id=6, name="Done", attempt=no_answer("2026-03-09"), last=message("2026-03-09")
    )
    ordered = follow_ups([b_tier, bob, done, alice_low, old, alice], d("2026-03-11"))
    assert [f.client.client_id for f in ordered] == [1, 4, 5, 3, 2]


# ---------------------------------------------------------------------------------------------
# Chases


@pytest.mark.parametrize(
    ("touches", "expected"),
    [
        pytest.param(
            [reached("2026-03-02"), reached("2026-03-09", inbound=True)],
            [Chase(d("2026-03-09"), "call", "due", 0)],
            id="inbound-on-due-day-is-chased",
        ),
        pytest.param(
            [reached("2026-03-02"), reached("2026-03-08", inbound=True)],
            [],
            id="inbound-while-ok-is-not-chased",
        ),
        pytest.param(
            [reached("2026-03-02"), message("2026-03-16", "email", inbound=True)],
            [Chase(d("2026-03-16"), "email", "reactive", 7)],
            id="inbound-while-reactive",
        ),
        pytest.param(
            [
                reached("2026-03-02"),
                reached("2026-03-11", "call", inbound=True),
                message("2026-03-11", "text", inbound=True),
            ],
            [Chase(d("2026-03-11"), "call", "due", 2)],
            id="two-inbound-on-one-day-count-once",
        ),
        pytest.param(
            [
                reached("2026-03-02"),
                reached("2026-03-11", inbound=True),
                reached("2026-03-11"),
            ],
            [Chase(d("2026-03-11"), "call", "due", 2)],
            id="outbound-same-day-does-not-prevent-chase",
        ),
        pytest.param(
            [
                reached("2026-03-11", inbound=True),
                reached("2026-03-11"),
                reached("2026-03-02"),
            ],
            [Chase(d("2026-03-11"), "call", "due", 2)],
            id="unsorted-input",
        ),
        pytest.param(
            [
                reached("2026-03-02"),
                reached("2026-03-11", inbound=True),
                reached("2026-03-13", inbound=True),
            ],
            [Chase(d("2026-03-11"), "call", "due", 2)],
            id="chase-still-counts-as-a-touch",
        ),
        pytest.param(
            [
                reached("2026-03-02"),
                no_answer("2026-03-08"),
                reached("2026-03-10", inbound=True),
            ],
            [Chase(d("2026-03-10"), "call", "due", 1)],
            id="no-answer-does-not-reset-the-clock",
        ),
        pytest.param(
            [
                reached("2026-03-02"),
                reached("2026-03-10", inbound=True),
                reached("2026-03-17", inbound=True),
                reached("2026-03-31", inbound=True),
            ],
            [
                Chase(d("2026-03-10"), "call", "due", 1),
                Chase(d("2026-03-17"), "call", "due", 0),
                Chase(d("2026-03-31"), "call", "reactive", 7),
            ],
            id="several-chases",
        ),
        pytest.param(
            [reached("2026-03-02")],
            [],
            id="outbound-only",
        ),
        pytest.param(
            [reached("2026-01-05", inbound=True)],
            [Chase(d("2026-01-05"), "call", "due", 4)],
            id="never-touched-client-calling-in",
        ),
    ],
)
def test_chases(touches: list[TouchFact], expected: list[Chase]) -> None:
    assert chases(client(added="2026-01-01"), touches) == expected


def test_chases_respect_snooze_and_charter() -> None:
    touches = [reached("2026-03-02"), reached("2026-03-12", inbound=True)]
    assert chases(client(snooze="2026-03-15"), touches) == []
    assert chases(client(charter=Interval(2, "w")), touches) == []
    assert chases(client(tier=C, charter=Interval(3, "d")), touches) == [
        Chase(d("2026-03-12"), "call", "due", 7)
    ]


# ---------------------------------------------------------------------------------------------
# due_list ordering

TODAY = d("2026-03-20")


def test_due_list_reactive_before_due_even_with_fewer_cycles() -> None:
    reactive_c = client(client_id=1, name="Carla", tier=C, last=reached("2025-11-18"))
    due_a = client(client_id=2, name="Abe", tier=A, last=reached("2026-03-07"))
    ok_a = client(client_id=3, name="Olly", tier=A, last=reached("2026-03-19"))
    result = due_list([due_a, ok_a, reactive_c], TODAY)
    assert [(s.client.client_id, s.status, s.days_overdue, s.interval_days) for s in result] == [
        (1, "reactive", 30, 92),
        (2, "due", 6, 7),
    ]
    assert result[0].cycles_overdue < result[1].cycles_overdue


def test_due_list_cycles_not_days() -> None:
    many_days = client(client_id=1, name="Aaron", tier=B, last=reached("2026-02-07"))
    few_days = client(client_id=2, name="Zoe", tier=A, last=reached("2026-03-08"))
    result = due_list([many_days, few_days], TODAY)
    assert [(s.client.client_id, s.days_overdue, s.interval_days) for s in result] == [
        (2, 5, 7),
        (1, 13, 28),
    ]


def test_due_list_equal_cycles_break_on_tier_rank() -> None:
    zed_a = client(client_id=9, name="Zed", tier=A, last=reached("2026-03-10"))
    adam_b = client(
        client_id=1, name="adam", tier=B, last=reached("2026-03-10"), charter=Interval(1, "w")
    )
    result = due_list([adam_b, zed_a], TODAY)
    assert [s.cycles_overdue for s in result] == [3 / 7, 3 / 7]
    assert [s.client.client_id for s in result] == [9, 1]


def test_due_list_equal_cycles_from_different_days_break_on_name() -> None:
    two_of_fourteen = client(
        client_id=1, name="bea", tier=B, last=reached("2026-03-04"), charter=Interval(2, "w")
    )
    one_of_seven = client(
        client_id=2, name="Al", tier=B, last=reached("2026-03-12"), charter=Interval(1, "w")
    )
    result = due_list([two_of_fourteen, one_of_seven], TODAY)
    assert [(s.days_overdue, s.interval_days) for s in result] == [(1, 7), (2, 14)]
    assert [s.client.client_id for s in result] == [2, 1]


def test_due_list_ties_on_name_case_insensitively_then_id() -> None:
    def same(client_id: int, name: str) -> ClientFacts:
        return client(client_id=client_id, name=name, tier=B, last=reached("2026-02-15"))

    clients = [same(1, "carol"), same(5, "Bob"), same(9, "alice"), same(3, "Alice")]
    result = due_list(clients, TODAY)
    assert [(s.client.name, s.client.client_id) for s in result] == [
        ("Alice", 3),
        ("alice", 9),
        ("Bob", 5),
        ("carol", 1),
    ]
    assert {s.status for s in result} == {"due"}


def test_due_list_full_order() -> None:
    clients = [
        client(client_id=1, name="ok", tier=A, last=reached("2026-03-15")),
        client(client_id=2, name="due-third", tier=B, last=reached("2026-02-10")),
        client(client_id=3, name="reactive-A", tier=A, last=reached("2026-03-01")),
        client(client_id=4, name="reactive-B", tier=B, last=reached("2026-01-20")),
        client(client_id=5, name="due-zero", tier=A, last=reached("2026-03-13")),
        client(
            client_id=6, name="snoozed", tier=A, last=reached("2026-03-01"), snooze="2026-03-21"
        ),
    ]
    result = due_list(clients, TODAY)
    assert [(s.client.client_id, s.status, s.days_overdue, s.interval_days) for s in result] == [
        (3, "reactive", 12, 7),
        (4, "reactive", 28, 31),
        (2, "due", 10, 28),
        (5, "due", 0, 7),
    ]


# ---------------------------------------------------------------------------------------------
# Promises


def promise(pid: int, due_on: str, *, name: str = "Dana", kept: str | None = None) -> PromiseFacts:
    return PromiseFacts(pid, pid, name, f"promise {pid}", d(due_on), d(kept) if kept else None)


def test_promise_agenda() -> None:
    today, until = d("2026-03-11"), d("2026-03-18")
    p_two_late = promise(1, "2026-03-09")
    p_one_late = promise(2, "2026-03-10")
    p_today_bob = promise(3, "2026-03-11", name="Bob")
    p_today_alice = promise(8, "2026-03-11", name="alice")
    p_until = promise(4, "2026-03-18")
    p_beyond = promise(5, "2026-03-19")
    p_kept = promise(6, "2026-03-01", kept="2026-03-02")
    p_kept_late = promise(7, "2026-03-10", kept="2026-03-15")
    agenda = promise_agenda(
        [
            p_beyond,
            p_until,
            p_today_bob,
            p_kept,
            p_one_late,
            p_today_alice,
            p_two_late,
            p_kept_late,
        ],
        today,
        until,
    )
    assert agenda == [
        PromiseDue(p_two_late, True, "overdue by 2 days"),
        PromiseDue(p_one_late, True, "overdue by 1 day"),
        PromiseDue(p_today_alice, False, "due today"),
        PromiseDue(p_today_bob, False, "due today"),
        PromiseDue(p_until, False, "due Wed 18 Mar"),
    ]


def test_promise_agenda_over_year_end_and_zero_horizon() -> None:
    p_next_year = promise(1, "2027-01-02")
    p_today = promise(2, "2026-12-28")
    assert promise_agenda([p_next_year, p_today], d("2026-12-28"), d("2027-01-04")) == [
        PromiseDue(p_today, False, "due today"),
        PromiseDue(p_next_year, False, "due Sat 2 Jan 2027"),
    ]
    assert promise_agenda([p_next_year, p_today], d("2026-12-28"), d("2026-12-28")) == [
        PromiseDue(p_today, False, "due today")
    ]


def test_promise_agenda_same_day_same_name_breaks_on_id() -> None:
    second, first = promise(9, "2026-03-12"), promise(2, "2026-03-12")
    agenda = promise_agenda([second, first], d("2026-03-11"), d("2026-03-18"))
    assert [p.promise.promise_id for p in agenda] == [2, 9]


@pytest.mark.parametrize(
    ("kept", "expected"),
    [
        pytest.param("2026-03-05", True, id="early"),
        pytest.param("2026-03-10", True, id="on-the-day"),
        pytest.param("2026-03-11", False, id="day-late"),
        pytest.param(None, None, id="open"),
    ],
)
def test_kept_on_time(kept: str | None, expected: bool | None) -> None:
    assert kept_on_time(promise(1, "2026-03-10", kept=kept)) is expected


# ---------------------------------------------------------------------------------------------
# Milestones


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (40, "40th"),
        (100, "100th"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (121, "121st"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


@pytest.mark.parametrize(
    ("label", "years", "text"),
    [
        pytest.param("birthday", 40, "turns 40", id="birthday-with-year"),
        pytest.param("birthday", None, "birthday", id="birthday-without-year"),
        pytest.param("home anniversary", 5, "5th home anniversary", id="anniversary"),
        pytest.param("Home Anniversary", 1, "1st Home Anniversary", id="anniversary-capitals"),
        pytest.param("home anniversary", None, "home anniversary", id="anniversary-no-year"),
        pytest.param("client since", 3, "client since (3rd anniversary)", id="other-label"),
        pytest.param("wedding", 22, "wedding (22nd anniversary)", id="wedding"),
        pytest.param("client since", None, "client since", id="other-label-no-year"),
    ],
)
def test_describe_milestone(label: str, years: int | None, text: str) -> None:
    assert describe_milestone(label, years) == text


def milestone(
    yearly: str, label: str = "birthday", *, name: str = "Dana", cid: int = 1
) -> MilestoneFacts:
    return MilestoneFacts(cid, name, label, parse_yearly(yearly))


@pytest.mark.parametrize(
    ("yearly", "label", "today", "on", "years", "text"),
    [
        pytest.param(
            "1986-04-12", "birthday", "2026-03-11", "2026-04-12", 40, "turns 40", id="turns-40"
        ),
        pytest.param(
            "1986-04-12", "birthday", "2026-04-12", "2026-04-12", 40, "turns 40", id="on-the-day"
        ),
        pytest.param(
            "1986-04-12", "birthday", "2026-04-13", "2027-04-12", 41, "turns 41", id="day-after"
        ),
        pytest.param(
            "--04-12", "birthday", "2026-03-11", "2026-04-12", None, "birthday", id="no-year"
        ),
        pytest.param(
            "1988-02-29", "birthday", "2026-02-01", "2026-02-28", 38, "turns 38", id="feb29-common"
        ),
        pytest.param(
            "1988-02-29", "birthday", "2028-02-01", "2028-02-29", 40, "turns 40", id="feb29-leap"
        ),
        pytest.param(
            "1988-02-29", "birthday", "2026-03-01", "2027-02-28", 39, "turns 39", id="feb29-next"
        ),
        pytest.param(
            "--02-29", "birthday", "2027-02-28", "2027-02-28", None, "birthday", id="feb29-no-year"
        ),
        pytest.param(
            "2021-06-30",
            "home anniversary",
            "2026-03-11",
            "2026-06-30",
            5,
            "5th home anniversary",
            id="5th-home-anniversary",
        ),
        pytest.param(
            "2026-03-11",
            "home anniversary",
            "2026-03-11",
            "2027-03-11",
            1,
            "1st home anniversary",
            id="never-the-original-day",
        ),
        pytest.param(
            "2026-05-01",
            "client since",
            "2026-03-11",
            "2027-05-01",
            1,
            "client since (1st anniversary)",
            id="original-day-in-the-future",
        ),
    ],
)
def test_next_milestone(
    yearly: str, label: str, today: str, on: str, years: int | None, text: str
) -> None:
    facts = milestone(yearly, label)
    assert next_milestone(facts, d(today)) == MilestoneDue(facts, d(on), years, text)


def test_milestone_agenda_over_year_end() -> None:
    today, until = d("2026-12-28"), d("2027-01-04")
    yesterday = milestone("--12-27", name="Yesterday", cid=1)
    today_m = milestone("--12-28", name="Today", cid=2)
    dec31 = milestone("1990-12-31", name="Eve", cid=3)
    jan1_home = milestone("2020-01-01", "home anniversary", name="bob", cid=4)
    jan1_birthday = milestone("--01-01", name="Alice", cid=5)
    jan4 = milestone("1987-01-04", name="Edge", cid=6)
    jan5 = milestone("--01-05", name="Beyond", cid=7)
    agenda = milestone_agenda(
        [jan5, jan4, jan1_home, yesterday, dec31, today_m, jan1_birthday], today, until
    )
    assert agenda == [
        MilestoneDue(today_m, d("2026-12-28"), None, "birthday"),
        MilestoneDue(dec31, d("2026-12-31"), 36, "turns 36"),
        MilestoneDue(jan1_birthday, d("2027-01-01"), None, "birthday"),
        MilestoneDue(jan1_home, d("2027-01-01"), 7, "7th home anniversary"),
        MilestoneDue(jan4, d("2027-01-04"), 40, "turns 40"),
    ]


@pytest.mark.parametrize(
    ("today", "until", "on"),
    [
        pytest.param("2027-02-27", "2027-03-01", "2027-02-28", id="common-year-feb28-in"),
        pytest.param("2027-02-28", "2027-02-28", "2027-02-28", id="common-year-zero-horizon"),
        pytest.param("2028-02-28", "2028-02-28", None, id="leap-year-not-on-feb28"),
        pytest.param("2028-02-28", "2028-02-29", "2028-02-29", id="leap-year-feb29-in"),
        pytest.param("2027-03-01", "2027-12-31", None, id="after-feb-in-common-year"),
    ],
)
def test_milestone_agenda_feb29(today: str, until: str, on: str | None) -> None:
    facts = milestone("--02-29")
    agenda = milestone_agenda([facts], d(today), d(until))
    expected = [] if on is None else [MilestoneDue(facts, d(on), None, "birthday")]
    assert agenda == expected


def test_milestone_agenda_same_day_same_name_breaks_on_id_then_label() -> None:
    home = milestone("2020-04-12", "home anniversary", name="Dana", cid=2)
    birthday = milestone("1986-04-12", name="dana", cid=2)
    other = milestone("--04-12", name="Dana", cid=1)
    agenda = milestone_agenda([home, birthday, other], d("2026-04-01"), d("2026-04-30"))
    assert [(m.milestone.client_id, m.milestone.label) for m in agenda] == [
        (1, "birthday"),
        (2, "birthday"),
        (2, "home anniversary"),
    ]


# ---------------------------------------------------------------------------------------------
# Charter reviews


def charter(
    cid: int, agreed: str, *, name: str = "Dana", review: Interval | None = None
) -> CharterFacts:
    if review is None:
        return CharterFacts(cid, name, Interval(2, "w"), d(agreed))
    return CharterFacts(cid, name, Interval(2, "w"), d(agreed), review_every=review)


def test_default_review_every_is_six_months() -> None:
    assert Interval(6, "m") == DEFAULT_REVIEW_EVERY
    assert charter(1, "2025-08-31").review_on == d("2026-02-28")


def test_review_agenda() -> None:
    today, until = d("2026-03-11"), d("2026-03-18")
    on_today = charter(1, "2025-09-11", name="Today")
    late = charter(2, "2025-09-10", name="Late")
    edge = charter(3, "2025-09-18", name="Edge")
    beyond = charter(4, "2025-09-19", name="Beyond")
    yearly = charter(5, "2025-03-01", name="Yearly", review=Interval(1, "y"))
    month_end = charter(6, "2025-08-31", name="Month end")
    agenda = review_agenda([beyond, edge, late, on_today, yearly, month_end], today, until)
    assert agenda == [
        ReviewDue(month_end, d("2026-02-28"), True),
        ReviewDue(yearly, d("2026-03-01"), True),
        ReviewDue(late, d("2026-03-10"), True),
        ReviewDue(on_today, d("2026-03-11"), False),
        ReviewDue(edge, d("2026-03-18"), False),
    ]


def test_review_agenda_ties_on_name_then_id() -> None:
    b2 = charter(2, "2025-09-12", name="bea")
    a = charter(9, "2025-09-12", name="Al")
    b1 = charter(1, "2025-09-12", name="Bea")
    agenda = review_agenda([b2, a, b1], d("2026-03-11"), d("2026-03-18"))
    assert [r.charter.client_id for r in agenda] == [9, 1, 2]


# ---------------------------------------------------------------------------------------------
# Properties

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
intervals = st.one_of(
    st.builds(Interval, st.integers(1, 90), st.just("d")),
    st.builds(Interval, st.integers(1, 26), st.just("w")),
    st.builds(Interval, st.integers(1, 24), st.just("m")),
    st.builds(Interval, st.integers(1, 3), st.just("y")),
)
tiers = st.builds(
    TierRule, st.sampled_from(["A", "B", "C", "D"]), st.integers(1, 4), intervals, intervals
)
counting_touches = st.builds(
    TouchFact,
    days,
    st.sampled_from(["call", "text", "email", "meeting", "card"]),
    st.sampled_from(["reached", "message"]),
    st.booleans(),
)


@st.composite
def clients_on(draw: st.DrawFn, today: date, client_id: int = 1) -> ClientFacts:
    """An active client as the store would hand it over for `today`."""
    added = draw(st.dates(min_value=date(2000, 1, 1), max_value=today))
    last: TouchFact | None = None
    if draw(st.booleans()):
        on = draw(st.dates(min_value=date(2000, 1, 1), max_value=today))
        last = replace(draw(counting_touches), on=on)
    return ClientFacts(
        client_id=client_id,
        name=draw(st.sampled_from(["alice", "Alice", "Bob", "bob", "carol", "Zed"])),
        tier=draw(tiers),
        added_on=added,
        last_counting=last,
        snoozed_until=draw(st.none() | days),
        charter_every=draw(st.none() | intervals),
    )


@PROPERTY
@given(data=st.data(), today=days, touch=counting_touches)
def test_a_counting_touch_today_leaves_the_client_ok(
    data: st.DataObject, today: date, touch: TouchFact
) -> None:
    facts = replace(data.draw(clients_on(today)), last_counting=replace(touch, on=today))
    result = standing(facts, today)
    assert result.status == "ok"
    assert result.due_on > today
    assert result.days_overdue == 0


@PROPERTY
@given(data=st.data(), first=days, later_by=st.integers(0, 2000))
def test_status_never_improves_without_a_touch(
    data: st.DataObject, first: date, later_by: int
) -> None:
    facts = data.draw(clients_on(first))
    later = first + timedelta(days=later_by)
    before, after = standing(facts, first), standing(facts, later)
    assert RANK[before.status] <= RANK[after.status]
    assert before.days_overdue <= after.days_overdue
    assert (before.due_on, before.reactive_on) == (after.due_on, after.reactive_on)


@PROPERTY
@given(data=st.data(), today=days, snooze=days)
def test_a_snooze_never_makes_a_client_due_earlier(
    data: st.DataObject, today: date, snooze: date
) -> None:
    facts = replace(data.draw(clients_on(today)), snoozed_until=None)
    plain = standing(facts, today)
    snoozed = standing(replace(facts, snoozed_until=snooze), today)
    assert snoozed.due_on >= plain.due_on
    assert snoozed.due_on == max(plain.due_on, snooze)
    assert RANK[snoozed.status] <= RANK[plain.status]
    assert snoozed.reactive_on == facts.tier.reactive_after.after(snoozed.due_on)


@PROPERTY
@given(data=st.data(), today=days, size=st.integers(0, 12))
def test_count_due_is_the_number_of_contacts_the_agenda_lists(
    data: st.DataObject, today: date, size: int
) -> None:
    """`due --count` counts without the agenda: it must say what `due` lists."""
    clients = [data.draw(clients_on(today, client_id)) for client_id in range(1, size + 1)]
    agenda = build_agenda(
        clients=clients, promises=[], milestones=[], charters=[], today=today, until=today
    )
    assert count_due(clients, today) == len(agenda.contacts)
    assert count_due(clients, today) == sum(standing(c, today).status != "ok" for c in clients)


@PROPERTY
@given(data=st.data(), today=days, size=st.integers(0, 12))
def test_due_list_is_sorted_and_holds_exactly_the_non_ok(
    data: st.DataObject, today: date, size: int
) -> None:
    clients = [data.draw(clients_on(today, client_id)) for client_id in range(1, size + 1)]
    result = due_list(clients, today)
    assert result == sorted(result, key=urgency_key)
    expected = {c.client_id for c in clients if standing(c, today).status != "ok"}
    assert {s.client.client_id for s in result} == expected
    assert len(result) == len(expected)
    statuses = [s.status for s in result]
    assert statuses == sorted(statuses, key=lambda s: s != "reactive")


@PROPERTY
@given(
    touches=st.lists(
        st.builds(
            TouchFact,
            st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
            st.sampled_from(["call", "text"]),
            st.sampled_from(["reached", "message", "no-answer"]),
            st.booleans(),
        ),
        max_size=12,
    ),
    tier=tiers,
)
def test_chases_are_inbound_days_at_most_once_each(
    touches: list[TouchFact], tier: TierRule
) -> None:
    found = chases(client(tier=tier, added="2026-01-01"), touches)
    inbound_days = {t.on for t in touches if t.inbound}
    assert [c.on for c in found] == sorted({c.on for c in found})
    assert {c.on for c in found} <= inbound_days
    assert all(c.status in ("due", "reactive") for c in found)
