"""SPEC §8 with §1 "History of terms": a touchpoint is judged by the tier the client had on
the day judged, in `due --on`, `show` and the report's touchpoints on time; changing terms
today leaves every past answer as it was (both stores). Today is Mon 2026-11-23."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from cadence_cli.core.report import window_start


def _book(cadence: Any) -> None:
    """Ann: in B (annual review) from a year ago, moved to A (weekly call) on 1 Jun.
    Bob: in B all year. Touches on their own days."""
    cadence.ok(
        "model", "touchpoint", "add", "A", "weekly call", "--every", "1w", "--channel", "call",
        "--attempt-counts", today="2025-11-20",
    )  # fmt: skip
    cadence.ok(
        "model", "touchpoint", "add", "B", "annual review", "--every", "1y",
        "--channel", "meeting", "--minutes", "60", today="2025-11-20",
    )  # fmt: skip
    cadence.ok("add", "Ann", "--tier", "B", today="2025-11-25")
    cadence.ok("add", "Bob", "--tier", "B", today="2025-12-01")
    for who, channel, day in (
        ("Ann", "meeting", "2026-02-10"),
        ("Ann", "call", "2026-05-01"),
        ("Bob", "meeting", "2025-12-15"),
        ("Ann", "call", "2026-06-15"),
        ("Ann", "call", "2026-06-22"),
    ):
        cadence.ok("log", who, "--channel", channel, "--on", day, today=day)
    cadence.ok("tier", "set", "Ann", "A", today="2026-06-01")


def _points(cadence: Any, *args: str) -> list[tuple[str, str, str, str, int]]:
    found = json.loads(cadence.ok("due", "--json", *args))["touchpoints"]
    return [(t["name"], t["tier"], t["touchpoint"], t["due_on"], t["days_overdue"]) for t in found]


def _tier_days(cadence: Any, *args: str) -> dict[str, tuple[int, float | None]]:
    data = json.loads(cadence.ok("report", "--json", *args))
    return {t["tier"]: (t["touchpoint_days"], t["touchpoints_on_time_rate"]) for t in data["tiers"]}


def test_a_past_day_is_judged_by_the_tier_of_that_day(cadence: Any) -> None:
    _book(cadence)
    # 20 May: Ann is in B, so her annual review (due a year after 10 Feb), not A's weekly call.
    assert _points(cadence, "--on", "2026-05-20", "--horizon", "300d") == [
        ("Bob", "B", "annual review", "2026-12-15", 0),
        ("Ann", "B", "annual review", "2027-02-10", 0),
    ]
    # 10 Jun: Ann is in A; her weekly call runs from the call of 1 May (any satisfying touch).
    assert _points(cadence, "--on", "2026-06-10") == [("Ann", "A", "weekly call", "2026-05-08", 33)]
    # The report's window from 9 Apr to 1 Jul: Ann's days before 1 Jun count for B, after for A.
    start = window_start(date(2026, 7, 1), 12)
    b_days = (date(2026, 6, 1) - start).days + (date(2026, 7, 1) - start).days + 1  # Ann + Bob
    figures = _tier_days(cadence, "--on", "2026-07-01", "--weeks", "12")
    assert figures["A"][0] == 31
    assert figures["B"] == (b_days, 1.0)
    # On time in A: overdue from 1 Jun (due 8 May) until the call of 15 Jun; then weekly.
    assert figures["A"][1] == round((31 - 14 - 2) / 31, 4)  # 1-14 Jun late, and 30 Jun-1 Jul


def test_changing_the_tier_today_leaves_past_touchpoint_answers_as_they_were(
    cadence: Any,
) -> None:
    _book(cadence)
    days = ["2026-03-01", "2026-05-31", "2026-06-01", "2026-08-01", "2026-11-22"]
    asked = [("due", "--json", "--on", d, "--horizon", "400d") for d in days]
    asked += [("report", "--json", "--on", d, "--weeks", w) for d in days for w in ("4", "26")]
    shown = [("show", name, "--json") for name in ("Ann", "Bob")]  # with yesterday as today

    def answers() -> list[str]:
        found = [cadence.ok(*a) for a in asked]
        for a in shown:  # the profile is today's; its touchpoints are judged on the day
            data = json.loads(cadence.ok(*a, today="2026-11-22"))
            found.append(json.dumps(data["touchpoints"]))
        return found

    before = answers()
    cadence.ok("tier", "set", "Bob", "A")  # moved today: judged by A from today on only
    cadence.ok("tier", "set", "Ann", "B")
    after = answers()
    for question, old, new in zip([*asked, *shown], before, after, strict=True):
        assert old == new, question
    assert json.loads(before[-1])[0]["touchpoint"] == "annual review"  # Bob, in B yesterday
    # Today is judged by today's tiers: Bob's weekly call from the day he entered A.
    assert ("Bob", "A", "weekly call", "2026-11-23", 0) in _points(cadence)
