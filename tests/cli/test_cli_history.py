"""`cadence history` and the History section of `show`: every change, its day and who made it."""

from __future__ import annotations

import json
from typing import Any


def _book(cadence: Any) -> None:
    cadence.ok("add", "Ann", "--tier", "B", today="2026-09-01")
    cadence.ok("add", "Bob", "--tier", "B", today="2026-09-01")
    cadence.ok("tier", "set", "Ann", "A", today="2026-10-01")
    cadence.ok("tier", "define", "A", "--every", "2w", "--reactive-after", "1w", today="2026-10-05")
    cadence.ok("tier", "define", "B", "--every", "2m", "--reactive-after", "2w", today="2026-10-06")
    cadence.ok("charter", "Ann", "--every", "1m", today="2026-10-07")
    cadence.ok("snooze", "Ann", "--until", "2026-11-10", today="2026-11-01")
    cadence.ok("archive", "Ann", "--reason", "moved away", today="2026-11-20")
    cadence.ok("restore", "Ann")


def test_history_lists_every_change_with_its_day_and_author(cadence: Any) -> None:
    _book(cadence)
    # B's redefinition on 6 Oct is not Ann's: she had moved to A by then.
    assert cadence.ok("history", "Ann").splitlines() == [
        "#1 Ann: history of terms",
        "        1 Sep  added in tier B  by sam",
        "        1 Oct  tier B → A  by sam",
        "        5 Oct  tier A redefined: every 1w → 2w  by sam",
        "        7 Oct  charter agreed: every 1m  by sam",
        "        1 Nov  snoozed until 2026-11-10  by sam",
        "       20 Nov  archived (moved away)  by sam",
        "       23 Nov  restored  by sam",
    ]
    assert json.loads(cadence.ok("history", "Bob", "--json")) == {
        "client_id": 2,
        "name": "Bob",
        "changes": [
            {"on": "2026-09-01", "change": "added in tier B", "by": "sam"},
            {"on": "2026-10-06", "change": "tier B redefined: every 1m → 2m", "by": "sam"},
        ],
    }


def test_show_lists_the_latest_changes(cadence: Any) -> None:
    _book(cadence)
    out = cadence.ok("show", "Ann").splitlines()
    at = out.index("History")
    assert out[at + 1 :] == [
        "        5 Oct  tier A redefined: every 1w → 2w  by sam",
        "        7 Oct  charter agreed: every 1m  by sam",
        "        1 Nov  snoozed until 2026-11-10  by sam",
        "       20 Nov  archived (moved away)  by sam",
        "       23 Nov  restored  by sam",
        "  … 2 earlier: cadence history",
    ]
    data = json.loads(cadence.ok("show", "Ann", "--json"))
    assert [c["change"] for c in data["history"]][:2] == ["added in tier B", "tier B → A"]
    assert len(data["history"]) == 7


def test_history_of_an_unknown_client_is_an_error(cadence: Any) -> None:
    result = cadence("history", "Nobody")
    assert result.exit_code != 0
    assert result.stderr.startswith("cadence: error: ")
