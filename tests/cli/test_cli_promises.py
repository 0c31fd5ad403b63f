"""Promises, milestones in `due`, and service charters.

Today is Mon 2026-11-23 (conftest): `fri` read forwards is Fri 27 Nov.
"""

from __future__ import annotations

import json
from typing import Any

from cli_output import due_json, lines, table_rows

# ---------------------------------------------------------------------------------------------
# Promises


def test_promise_add_reads_dates_forwards(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    assert cadence.ok("promise", "add", "ada", "send the market report", "--by", "fri") == (
        "Promise 1 to Ada Lovelace: send the market report (by Fri 27 Nov).\n"
    )
    assert cadence.ok("promise", "add", "#1", "valuation", "--by", "3d") == (
        "Promise 2 to Ada Lovelace: valuation (by Thu 26 Nov).\n"
    )
    assert cadence.ok("promise", "add", "ada", "lunch", "--by", "mon") == (
        "Promise 3 to Ada Lovelace: lunch (by Mon 30 Nov).\n"  # a weekday is never today
    )
    assert [p["due_on"] for p in json.loads(cadence.ok("promise", "list", "--json"))] == [
        "2026-11-26",
        "2026-11-27",
        "2026-11-30",
    ]
    for args, code, message in [
        (["promise", "add", "ada", "x", "--by", "someday"], 2, "cannot read date 'someday'"),
        (["promise", "add", "ada", "  ", "--by", "fri"], 2, "a promise needs a text"),
        (["promise", "add", "nobody", "x", "--by", "fri"], 3, "no client matches 'nobody'"),
    ]:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr
    missing_by = cadence("promise", "add", "ada", "x")
    assert missing_by.exit_code == 2, missing_by.output


def test_promise_done_on_time_and_late(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    cadence.ok("promise", "add", "ada", "send the report", "--by", "fri")
    cadence.ok("promise", "add", "ada", "call the bank", "--by", "2026-11-20", today="2026-11-01")
    cadence.ok("promise", "add", "ada", "book lunch", "--by", "2026-11-22", today="2026-11-01")
    cadence.ok("promise", "add", "ada", "thank-you card", "--by", "2026-11-10", today="2026-11-01")
    assert cadence.ok("promise", "done", "1") == "Kept promise 1 to Ada Lovelace (on time).\n"
    assert cadence.ok("promise", "done", "2") == ("Kept promise 2 to Ada Lovelace (3 days late).\n")
    assert cadence.ok("promise", "done", "3") == "Kept promise 3 to Ada Lovelace (1 day late).\n"
    assert cadence.ok("promise", "done", "4", "--on", "2026-11-09") == (
        "Kept promise 4 to Ada Lovelace (on time).\n"
    )
    kept = {
        p["id"]: p["kept_on"] for p in json.loads(cadence.ok("promise", "list", "--all", "--json"))
    }
    assert kept == {1: "2026-11-23", 2: "2026-11-23", 3: "2026-11-23", 4: "2026-11-09"}

    again = cadence("promise", "done", "1")
    assert again.exit_code == 5
    assert "promise 1 was already kept on Mon 23 Nov 2026" in again.stderr
    unknown = cadence("promise", "done", "99")
    assert unknown.exit_code == 3
    assert "no promise 99" in unknown.stderr


def test_promise_list_and_list_all(cadence: Any) -> None:
    assert cadence.ok("promise", "list") == "No open promises.\n"
    cadence.ok("add", "Ada Lovelace")
    cadence.ok("add", "Bob Brown")
    cadence.ok("promise", "add", "ada", "send the report", "--by", "fri")
    cadence.ok("promise", "add", "bob", "call the bank", "--by", "2026-11-20", today="2026-11-01")
    cadence.ok("promise", "add", "bob", "book lunch", "--by", "2026-11-22", today="2026-11-01")
    cadence.ok("promise", "done", "3")

    out = cadence.ok("promise", "list")
    assert lines(out)[0] == "Promises"
    assert table_rows(out) == [
        ["2", "Bob Brown", "call the bank", "Fri 20 Nov", "overdue"],
        ["1", "Ada Lovelace", "send the report", "Fri 27 Nov", "open"],
    ]
    assert table_rows(cadence.ok("promise", "list", "--all")) == [
        ["2", "Bob Brown", "call the bank", "Fri 20 Nov", "overdue"],
        ["3", "Bob Brown", "book lunch", "Sun 22 Nov", "kept 23 Nov"],
        ["1", "Ada Lovelace", "send the report", "Fri 27 Nov", "open"],
    ]
    data = json.loads(cadence.ok("promise", "list", "--json"))
    assert [
        {k: p[k] for k in ("id", "client_id", "name", "text", "due_on", "kept_on", "overdue")}
        for p in data
    ] == [
        {"id": 2, "client_id": 2, "name": "Bob Brown", "text": "call the bank",
         "due_on": "2026-11-20", "kept_on": None, "overdue": True},
        {"id": 1, "client_id": 1, "name": "Ada Lovelace", "text": "send the report",
         "due_on": "2026-11-27", "kept_on": None, "overdue": False},
    ]  # fmt: skip


def test_promises_in_due_overdue_first(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    cadence.ok("log", "ada")
    cadence.ok("promise", "add", "ada", "send the report", "--by", "fri")
    cadence.ok("promise", "add", "ada", "call the bank", "--by", "2026-11-22", today="2026-11-01")
    cadence.ok("promise", "add", "ada", "post the card", "--by", "today")
    cadence.ok("promise", "add", "ada", "far away", "--by", "2026-12-31")
    out = lines(cadence.ok("due"))
    assert out[1:] == [
        "Promises",
        "  [2] Ada Lovelace: call the bank (overdue by 1 day)",
        "  [3] Ada Lovelace: post the card (due today)",
        "  [1] Ada Lovelace: send the report (due Fri 27 Nov)",
    ]
    assert [(p["id"], p["overdue"]) for p in due_json(cadence)["promises"]] == [
        (2, True),
        (3, False),
        (1, False),
    ]
    cadence.ok("promise", "done", "2")
    assert [p["id"] for p in due_json(cadence)["promises"]] == [3, 1]


# ---------------------------------------------------------------------------------------------
# Milestones


def test_milestones_say_which_one(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--birthday", "1985-11-25")
    cadence.ok("add", "Bob Brown", "--milestone", "home anniversary=2019-11-27")
    cadence.ok("add", "Cy Young", "--milestone", "client since=2021-11-29", "--birthday", "11-24")
    cadence.ok("add", "Dee Dee", "--birthday", "1990-12-01")  # 8 days away: outside 7d
    for name in ("ada", "bob", "cy", "dee"):
        cadence.ok("log", name)
    out = lines(cadence.ok("due"))
    assert out[1:] == [
        "Milestones",
        "  #3 Cy Young: birthday, Tue 24 Nov",
        "  #1 Ada Lovelace: turns 41, Wed 25 Nov",
        "  #2 Bob Brown: 7th home anniversary, Fri 27 Nov",
        "  #3 Cy Young: client since (5th anniversary), Sun 29 Nov",
    ]
    assert [(m["name"], m["label"], m["on"], m["years"]) for m in due_json(cadence)[
        "milestones"
    ]] == [
        ("Cy Young", "birthday", "2026-11-24", None),
        ("Ada Lovelace", "birthday", "2026-11-25", 41),
        ("Bob Brown", "home anniversary", "2026-11-27", 7),
        ("Cy Young", "client since", "2026-11-29", 5),
    ]  # fmt: skip
    assert "  #4 Dee Dee: turns 36, Tue 1 Dec" in lines(cadence.ok("due", "--horizon", "8d"))
    shown = lines(cadence.ok("show", "cy"))
    assert shown[shown.index("Milestones") + 1 :][:2] == [
        "  birthday on Tue 24 Nov",
        "  client since (5th anniversary) on Sun 29 Nov",
    ]
    assert "  7th home anniversary on Fri 27 Nov" in lines(cadence.ok("show", "bob"))


def test_feb_29_birthday_falls_on_feb_28_in_common_years(cadence: Any) -> None:
    cadence.ok("add", "Leap Day", "--birthday", "1992-02-29", today="2027-02-20")
    cadence.ok("add", "No Year", "--birthday", "02-29", today="2027-02-20")
    common = due_json(cadence, today="2027-02-25")["milestones"]
    assert [(m["name"], m["on"], m["years"]) for m in common] == [
        ("Leap Day", "2027-02-28", 35),
        ("No Year", "2027-02-28", None),
    ]
    leap = due_json(cadence, "--horizon", "0d", today="2028-02-29")["milestones"]
    assert [(m["name"], m["on"], m["years"]) for m in leap] == [
        ("Leap Day", "2028-02-29", 36),
        ("No Year", "2028-02-29", None),
    ]
    assert "  #1 Leap Day: turns 36, today" in lines(
        cadence.ok("due", "--horizon", "0d", today="2028-02-29")
    )
    assert due_json(cadence, "--horizon", "0d", today="2028-02-28")["milestones"] == []


# ---------------------------------------------------------------------------------------------
# Charter


def test_charter_interval_overrides_the_tier_in_due(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "C")
    cadence.ok("log", "ada", "--on", "2026-11-09")
    assert due_json(cadence)["contacts"] == []  # C: every 3m

    assert (
        cadence.ok("charter", "ada", "--every", "2w", "--channel", "Text", "--note", "after 6pm")
        == "Charter for #1 Ada Lovelace: every 2w by text; next review Sun 23 May 2027.\n"
    )
    contact = due_json(cadence)["contacts"]
    assert [(c["name"], c["status"], c["due_on"], c["reactive_on"]) for c in contact] == [
        ("Ada Lovelace", "due", "2026-11-23", "2026-12-23")  # C's reactive_after (1m) still holds
    ]
    row = table_rows(cadence.ok("due"))[0]
    assert row[-1] == "last reached 9 Nov by call; charter every 2w; prefers text, after 6pm"
    assert json.loads(cadence.ok("show", "ada", "--json"))["charter"] == {
        "every": "2w",
        "channel": "text",
        "note": "after 6pm",
        "review_every": "6m",
        "agreed_on": "2026-11-23",
    }

    assert cadence.ok("charter", "ada", "--clear") == (
        "Charter cleared for #1 Ada Lovelace; the tier's cadence applies.\n"
    )
    assert due_json(cadence)["contacts"] == []
    assert json.loads(cadence.ok("show", "ada", "--json"))["charter"] is None


def test_charter_review_comes_due_and_reviewed_moves_it(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada")
    cadence.ok("charter", "ada", "--every", "1w", "--review-every", "1m", today="2026-10-27")
    assert due_json(cadence)["reviews"] == [
        {"client_id": 1, "name": "Ada Lovelace", "review_on": "2026-11-27", "overdue": False}
    ]
    assert lines(cadence.ok("due"))[1:] == [
        "Charter reviews",
        "  #1 Ada Lovelace: review the charter (due Fri 27 Nov)",
    ]
    assert due_json(cadence, "--horizon", "3d")["reviews"] == []

    assert cadence.ok("charter", "ada", "--reviewed") == (
        "Reviewed #1 Ada Lovelace: every 1w; next review Wed 23 Dec.\n"
    )
    assert due_json(cadence)["reviews"] == []
    assert [r["review_on"] for r in due_json(cadence, "--horizon", "1m")["reviews"]] == [
        "2026-12-23"
    ]
    charter = json.loads(cadence.ok("show", "ada", "--json"))["charter"]
    assert (charter["agreed_on"], charter["every"], charter["review_every"]) == (
        "2026-11-23", "1w", "1m"
    )  # fmt: skip


def test_charter_errors(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    for args, message in [
        (["charter", "ada", "--every", "2w", "--clear"], "--clear goes alone"),
        (["charter", "ada", "--channel", "text"], "#1 Ada Lovelace has no charter yet"),
        (["charter", "ada", "--reviewed"], "#1 Ada Lovelace has no charter to review"),
        (["charter", "ada", "--clear"], "#1 Ada Lovelace has no charter"),
        (["charter", "ada", "--every", "0d"], "interval must be positive"),
        (["charter", "ada", "--every", "2w", "--channel", "fax"], "unknown channel 'fax'"),
        (["charter", "ada", "--reviewed", "--note", "x"], "has no charter to review"),
    ]:
        result = cadence(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert json.loads(cadence.ok("show", "ada", "--json"))["charter"] is None
