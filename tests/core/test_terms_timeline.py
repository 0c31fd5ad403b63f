"""The history of terms read back: which terms were in force on a day (pure tables)."""

from __future__ import annotations

from datetime import date

import pytest

from cadence_cli.core.dates import Interval
from cadence_cli.core.schedule import (
    ClientFacts,
    Terms,
    TierRule,
    TouchFact,
    chases,
    terms_on,
)
from cadence_cli.core.terms import (
    ClientTerms,
    TermChange,
    TermRow,
    TierDefinition,
    TierRedefinition,
    client_history,
    client_timeline,
    definition_on,
    tiers_on,
)

D = date
A = TierRule("A", 1, Interval(1, "w"), Interval(1, "w"))
A2 = TierRule("A", 1, Interval(2, "w"), Interval(1, "w"))
B = TierRule("B", 2, Interval(1, "m"), Interval(2, "w"))
ALWAYS = D(1, 1, 1)
DEFS = {
    1: [TierDefinition(1, ALWAYS, A), TierDefinition(1, D(2026, 3, 1), A2)],
    2: [TierDefinition(2, ALWAYS, B), TierDefinition(2, D(2026, 6, 1), B, retired=True)],
}


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2025, 1, 1), A), (D(2026, 2, 28), A), (D(2026, 3, 1), A2), (D(2027, 1, 1), A2)],
)
def test_definition_on(day: date, expected: TierRule) -> None:
    assert definition_on(DEFS[1], day).rule == expected


def test_a_tier_before_its_first_definition_reads_that_definition() -> None:
    later = [TierDefinition(3, D(2026, 5, 1), B)]
    assert definition_on(later, D(2026, 1, 1)).rule == B


@pytest.mark.parametrize(
    ("day", "names"),
    [(D(2026, 1, 1), ["A", "B"]), (D(2026, 5, 31), ["A", "B"]), (D(2026, 6, 1), ["A"])],
)
def test_tiers_on_leaves_out_deleted_tiers(day: date, names: list[str]) -> None:
    assert [d.rule.name for d in tiers_on(DEFS, day)] == names


T1 = Terms(D(2026, 1, 1), A)
T2 = Terms(D(2026, 2, 1), B, active=False)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2025, 12, 31), None), (D(2026, 1, 1), T1), (D(2026, 1, 31), T1), (D(2026, 2, 1), T2)],
)
def test_terms_on_takes_effect_on_its_own_day(day: date, expected: Terms | None) -> None:
    assert terms_on((T1, T2), day) == expected


def _row(since: date, tier: int, status: str = "active", **more: object) -> TermRow:
    return TermRow(since, ClientTerms(tier_id=tier, status=status, **more))  # type: ignore[arg-type]


ROWS = [
    _row(D(2026, 1, 10), 2),
    _row(D(2026, 2, 10), 1),
    _row(D(2026, 4, 1), 1, "archived"),
    _row(D(2026, 5, 1), 1, charter_every="3d", charter_agreed_on=D(2026, 5, 1)),
]


def test_the_timeline_splits_at_every_change_and_at_tier_redefinitions() -> None:
    found = client_timeline(ROWS, DEFS, start=D(2026, 1, 1), on=D(2026, 12, 31))
    assert found == (
        Terms(D(2026, 1, 10), B),
        Terms(D(2026, 2, 10), A),
        Terms(D(2026, 3, 1), A2),  # A redefined while the client was in it
        Terms(D(2026, 4, 1), A2, active=False),
        Terms(D(2026, 5, 1), A2, Interval(3, "d")),
    )


def test_the_timeline_of_a_window_starts_with_the_terms_in_force_when_it_opens() -> None:
    found = client_timeline(ROWS, DEFS, start=D(2026, 4, 15), on=D(2026, 4, 30))
    assert found == (Terms(D(2026, 4, 1), A2, active=False),)


def test_stretches_that_read_the_same_are_merged() -> None:
    rows = [_row(D(2026, 1, 1), 2), _row(D(2026, 2, 1), 2, owner="ana")]
    found = client_timeline(rows, DEFS, start=D(2026, 1, 1), on=D(2026, 3, 1))
    assert found == (Terms(D(2026, 1, 1), B),)
    by_owner = client_timeline(
        rows, DEFS, start=D(2026, 1, 1), on=D(2026, 3, 1), counts=lambda t: t.owner == "ana"
    )
    assert by_owner == (Terms(D(2026, 1, 1), B, active=False), Terms(D(2026, 2, 1), B))


def test_a_chase_is_judged_by_the_terms_of_its_day() -> None:
    # Reached 1 Jan. On 20 Jan she calls: in A (every 1w) she was due: a chase. Moved to B
    # (every 1m) on 1 Feb: a later move does not forgive it; her call of 15 Feb under B is not
    # one (20 Jan + 1m: due 20 Feb). Her call while archived chases no one.
    timeline = (
        Terms(D(2025, 12, 1), A),
        Terms(D(2026, 2, 1), B),
        Terms(D(2026, 3, 10), B, active=False),
    )
    client = ClientFacts(1, "Ann", B, D(2025, 12, 1), timeline=timeline)
    touches = [
        TouchFact(D(2026, 1, 1), "call", "reached"),
        TouchFact(D(2026, 1, 20), "call", "reached", inbound=True),
        TouchFact(D(2026, 2, 15), "call", "reached", inbound=True),
        TouchFact(D(2026, 6, 1), "call", "reached", inbound=True),
    ]
    assert [c.on for c in chases(client, touches)] == [D(2026, 1, 20)]
    today_only = ClientFacts(1, "Ann", B, D(2025, 12, 1))
    assert [c.on for c in chases(today_only, touches)] == [D(2026, 6, 1)]


def test_history_adds_the_redefinitions_of_the_tier_the_client_was_in() -> None:
    changes = [
        (D(2026, 1, 1), 2, TermChange(D(2026, 1, 1), "added in tier B", "sam")),
        (D(2026, 2, 1), 1, TermChange(D(2026, 2, 1), "tier B → A", "sam")),
    ]
    redefinitions = [
        TierRedefinition(2, "B", TermChange(D(2026, 1, 15), "every 1m → 2m", "ana")),
        TierRedefinition(1, "A", TermChange(D(2026, 1, 20), "every 1w → 2w")),
        TierRedefinition(2, "B", TermChange(D(2026, 2, 1), "rank 2 → 3")),
        TierRedefinition(1, "A", TermChange(D(2026, 2, 1), "every 2w → 3w")),
    ]
    assert client_history(changes, redefinitions) == [
        TermChange(D(2026, 1, 1), "added in tier B", "sam"),
        TermChange(D(2026, 1, 15), "tier B redefined: every 1m → 2m", "ana"),
        TermChange(D(2026, 2, 1), "tier B → A", "sam"),
        TermChange(D(2026, 2, 1), "tier A redefined: every 2w → 3w"),
    ]
