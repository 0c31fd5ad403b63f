"""`due --on PAST` shows the promises as they stood that day (issue 13: the past is not
rewritten): a promise made later is not there yet, one kept or cancelled later is still
open, and keeping or cancelling one today leaves every earlier day's answer as it was."""

from __future__ import annotations

import json
from typing import Any

DAYS = ["2026-10-30", "2026-11-02", "2026-11-09", "2026-11-12", "2026-11-16"]


def promises_on(cadence: Any, day: str) -> list[tuple[str, bool]]:
    answer = json.loads(cadence.ok("due", "--json", "--on", day, "--horizon", "14d"))
    return [(p["text"], p["overdue"]) for p in answer["promises"]]


def test_a_past_day_lists_the_promises_open_that_day(cadence: Any) -> None:
    cadence.ok("add", "Ada", "--tier", "A", today="2026-10-01")
    cadence.ok("promise", "add", "Ada", "send the report", "--by", "2026-11-10",
               today="2026-11-01")  # fmt: skip
    cadence.ok("promise", "add", "Ada", "book lunch", "--by", "2026-11-13", today="2026-11-08")
    cadence.ok("promise", "done", "1", "--on", "2026-11-11", today="2026-11-20")

    assert promises_on(cadence, "2026-10-30") == []  # neither was made yet
    assert promises_on(cadence, "2026-11-02") == [("send the report", False)]
    assert promises_on(cadence, "2026-11-09") == [
        ("send the report", False), ("book lunch", False)
    ]  # fmt: skip
    assert promises_on(cadence, "2026-11-12") == [("book lunch", False)]  # kept on the 11th
    assert promises_on(cadence, "2026-11-16") == [("book lunch", True)]


def test_keeping_or_cancelling_today_leaves_earlier_days_as_they_were(cadence: Any) -> None:
    cadence.ok("add", "Ada", "--tier", "A", today="2026-10-01")
    cadence.ok("promise", "add", "Ada", "send the report", "--by", "2026-11-10",
               today="2026-11-01")  # fmt: skip
    cadence.ok("promise", "add", "Ada", "book lunch", "--by", "2026-11-13", today="2026-11-08")
    before = {day: cadence.ok("due", "--json", "--on", day, "--horizon", "14d") for day in DAYS}

    cadence.ok("promise", "done", "1")
    cadence.ok("promise", "cancel", "2", "--reason", "they moved away")

    after = {day: cadence.ok("due", "--json", "--on", day, "--horizon", "14d") for day in DAYS}
    assert after == before
    assert json.loads(cadence.ok("due", "--json"))["promises"] == []  # today: both closed
