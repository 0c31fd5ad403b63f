"""The pure side of `tier review`: card order, measures, suggestion rules and answers."""

from __future__ import annotations

from datetime import date

import pytest

from cadence_cli.core.dates import Interval
from cadence_cli.core.review import (
    Answer,
    answer_help,
    neighbours,
    read_answer,
    review_facts,
    review_order,
    suggest,
    whole_cycles,
)
from cadence_cli.core.schedule import ClientFacts, TierRule, TouchFact

A = TierRule("A", 1, Interval(1, "w"), Interval(1, "w"))
B = TierRule("B", 2, Interval(1, "m"), Interval(2, "w"))
C = TierRule("C", 3, Interval(3, "m"), Interval(1, "m"))
TIERS = (C, A, B)  # any order: rank decides
TODAY = date(2026, 11, 23)
D = date


@pytest.mark.parametrize(
    ("every", "base", "today", "cycles"),
    [
        (Interval(1, "w"), D(2026, 11, 2), D(2026, 11, 22), 2),
        (Interval(1, "w"), D(2026, 11, 2), D(2026, 11, 23), 3),
        (Interval(1, "w"), D(2026, 11, 23), D(2026, 11, 23), 0),
        (Interval(1, "w"), D(2026, 11, 24), D(2026, 11, 23), 0),  # base after today
        # Calendar months from the base, never drifting: Jan 31 → Feb 28 → Mar 31.
        (Interval(1, "m"), D(2026, 1, 31), D(2026, 2, 27), 0),
        (Interval(1, "m"), D(2026, 1, 31), D(2026, 2, 28), 1),
        (Interval(1, "m"), D(2026, 1, 31), D(2026, 3, 30), 1),
        (Interval(1, "m"), D(2026, 1, 31), D(2026, 3, 31), 2),
        (Interval(3, "m"), D(2025, 7, 1), D(2026, 11, 23), 5),
        (Interval(1, "y"), D(2024, 2, 29), D(2026, 2, 28), 2),
        (Interval(10, "d"), D(2000, 1, 1), D(2026, 11, 23), 982),
    ],
)
def test_whole_cycles(every: Interval, base: date, today: date, cycles: int) -> None:
    assert whole_cycles(every, base, today) == cycles


def test_whole_cycles_at_the_end_of_the_calendar() -> None:
    assert whole_cycles(Interval(1, "y"), D(9997, 6, 1), D(9999, 12, 31)) == 2


def test_neighbours_follow_rank_not_name() -> None:
    assert neighbours(B, TIERS) == (A, C)
    assert neighbours(A, TIERS) == (None, B)
    assert neighbours(C, TIERS) == (B, None)
    vip = TierRule("VIP", 0, Interval(3, "d"), Interval(3, "d"))
    assert neighbours(A, (*TIERS, vip)) == (vip, B)
    assert neighbours(vip, [vip]) == (None, None)


@pytest.mark.parametrize(
    ("tier", "chases", "quiet", "last", "moves", "archive", "text"),
    [
        (B, 3, 0, D(2026, 11, 20), "A", False, "chased you 3 times in 90 days: consider tier A"),
        (C, 5, 0, D(2026, 11, 20), "B", False, "chased you 5 times in 90 days: consider tier B"),
        (
            A,
            4,
            0,
            D(2026, 11, 20),
            "A",
            False,
            "chased you 4 times in 90 days: keep in A, the closest tier, and agree a shorter "
            "charter interval",
        ),
        # Chases win over silence: they are the louder failure.
        (B, 3, 6, D(2026, 3, 1), "A", False, "chased you 3 times in 90 days: consider tier A"),
        (B, 0, 3, D(2026, 8, 1), "C", True, "no conversation in 3 cycles: consider C or archive"),
        (A, 2, 9, D(2026, 9, 1), "B", True, "no conversation in 9 cycles: consider B or archive"),
        (C, 0, 4, None, "C", True, "no conversation in 4 cycles: consider archiving"),
        (
            B,
            0,
            2,
            D(2026, 9, 30),
            "B",
            False,
            "last conversation 30 Sep; no chases in 90 days: keep in B",
        ),
        (
            B,
            1,
            0,
            D(2025, 12, 1),
            "B",
            False,
            "last conversation 1 Dec 2025; chased you once in 90 days: keep in B",
        ),
        (
            A,
            2,
            0,
            None,
            "A",
            False,
            "no conversation yet (added 20 Nov); chased you twice in 90 days: keep in A",
        ),
    ],
)
def test_suggestion_rules(
    tier: TierRule,
    chases: int,
    quiet: int,
    last: date | None,
    moves: str,
    archive: bool,
    text: str,
) -> None:
    found = suggest(
        tier=tier,
        tiers=TIERS,
        chases_in_lookback=chases,
        quiet_cycles=quiet,
        last_conversation=last,
        added_on=D(2026, 11, 20),
        today=TODAY,
    )
    assert (found.tier, found.archive, found.text) == (moves, archive, text)
    assert found.moves == (moves != tier.name)
    assert found.current == tier.name


def _client(tier: TierRule = B, **kwargs: object) -> ClientFacts:
    return ClientFacts(1, "Tom", tier, kwargs.pop("added_on", D(2026, 1, 5)), **kwargs)  # type: ignore[arg-type]


def test_review_facts_counts_chases_and_inbound_in_90_days() -> None:
    # B: reached 3 Aug → due 3 Sep. Inbound text 10 Sep (due: a chase), inbound call 15 Oct
    # (due again: a chase), inbound email 20 Nov (due: a chase). A chase on 20 Jun is more than
    # 90 days old (the lookback is 26 Aug … 23 Nov) and a touch after today is ignored.
    touches = [
        TouchFact(D(2026, 5, 1), "call", "reached"),
        TouchFact(D(2026, 6, 20), "call", "reached", inbound=True),
        TouchFact(D(2026, 8, 3), "call", "reached"),
        TouchFact(D(2026, 9, 10), "text", "message", inbound=True),
        TouchFact(D(2026, 10, 15), "call", "reached", inbound=True),
        TouchFact(D(2026, 11, 20), "email", "message", inbound=True),
        TouchFact(D(2026, 11, 25), "call", "reached", inbound=True),
    ]
    facts = review_facts(_client(), touches, TIERS, TODAY)
    assert (facts.chases, facts.inbound) == (3, 3)
    assert facts.last_conversation == D(2026, 10, 15)
    assert facts.quiet_cycles == 1
    assert facts.standing.status == "ok"
    assert facts.suggestion.text == "chased you 3 times in 90 days: consider tier A"


def test_review_facts_quiet_cycles_count_only_conversations() -> None:
    # Messages keep a client on cadence but are not conversations: the last one was 1 Jul 2025,
    # five whole quarters ago.
    touches = [
        TouchFact(D(2025, 7, 1), "meeting", "reached"),
        TouchFact(D(2026, 10, 1), "email", "message"),
        TouchFact(D(2026, 11, 2), "call", "no-answer"),
    ]
    facts = review_facts(_client(C, added_on=D(2025, 6, 1)), touches, TIERS, TODAY)
    assert (facts.last_conversation, facts.quiet_cycles) == (D(2025, 7, 1), 5)
    assert facts.standing.status == "ok"
    assert facts.suggestion.text == "no conversation in 5 cycles: consider archiving"


def test_review_facts_use_the_charter_interval_and_the_day_added() -> None:
    # Never spoken to, added 2 Nov; by charter every 1w (not B's month): 3 whole weeks.
    client = _client(added_on=D(2026, 11, 2), charter_every=Interval(1, "w"))
    facts = review_facts(client, [], TIERS, TODAY)
    assert (facts.last_conversation, facts.quiet_cycles) == (None, 3)
    assert facts.suggestion.text == "no conversation in 3 cycles: consider C or archive"
    assert review_facts(_client(added_on=D(2026, 11, 2)), [], TIERS, TODAY).quiet_cycles == 0


def test_review_order_is_most_urgent_first() -> None:
    clients = [
        ClientFacts(1, "ok-c", C, D(2026, 1, 1), last_counting=TouchFact(TODAY, "card", "message")),
        ClientFacts(2, "due-b", B, D(2026, 11, 20)),
        ClientFacts(3, "reactive-b", B, D(2026, 10, 1)),
        ClientFacts(
            4, "ok-a", A, D(2026, 11, 20), last_counting=TouchFact(TODAY, "call", "reached")
        ),
        ClientFacts(5, "reactive-a", A, D(2026, 11, 1)),
    ]
    order = [s.client.name for s in review_order(clients, TODAY)]
    # reactive-a is 22 days into a 7-day cycle; reactive-b 53 days into 31: A first.
    assert order == ["reactive-a", "reactive-b", "due-b", "ok-a", "ok-c"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("B", Answer("tier", "B")),
        (" a ", Answer("tier", "A")),
        ("vip", Answer("tier", "VIP")),
        ("x", Answer("archive")),
        ("S", Answer("skip")),
        ("q", Answer("quit")),
        ("Q ", Answer("quit")),
        ("tier s", Answer("tier", "S")),  # a tier named like a command
        ("tier  Vip", Answer("tier", "VIP")),
        ("tier z", Answer("unknown")),
        ("z", Answer("unknown")),
        ("", Answer("unknown")),
        ("skip", Answer("unknown")),
    ],
)
def test_read_answer(text: str, answer: Answer) -> None:
    assert read_answer(text, ["A", "B", "VIP", "S"]) == answer


def test_a_tier_named_like_a_command_needs_the_tier_word() -> None:
    assert read_answer("s", ["A", "S"]) == Answer("skip")
    assert answer_help(["A", "S"]) == (
        "Answer with a tier (A, S), x to archive, s to skip or q to quit."
    )
