"""Teams: owners, `--by`, `--owner me|NAME`, the owner column in `due`, and `cadence team`.

Today is Mon 2026-11-23 and CADENCE_USER is `sam` (conftest). Every test runs on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import json
from typing import Any

import pytest


def rows(text: str) -> list[list[str]]:
    """The body rows of a Rich table, as lists of stripped cells."""
    return [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in text.splitlines()
        if line.startswith("│")
    ]


def header(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith("┃"))
    return [cell.strip() for cell in line.split("┃")[1:-1]]


def team_book(cadence: Any) -> None:
    """Five owners' worth of book: see the expectations in the tests below."""
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--owner", "me", "--new-owner")  # #1 sam
    cadence.ok("add", "Bob Marley", "--tier", "B", "--owner", "Jo", "--new-owner")  # #2
    cadence.ok(
        "add", "Cleo Laine", "--tier", "C", "--owner", "jo", "--new-owner"
    )  # #3 same member as Jo
    cadence.ok("add", "Dan Brown", "--tier", "C")  # #4 nobody's
    cadence.ok("add", "Émile Zola", "--tier", "C", "--owner", "Élodie", "--new-owner")  # #5
    cadence.ok(
        "add", "Fay Wray", "--tier", "A", "--owner", "Kim", "--new-owner"
    )  # #6, archived below
    cadence.ok("archive", "Fay", "--reason", "moved away")
    cadence.ok("log", "Ada", "--on", "2026-11-09")  # by sam, 14 days ago: A is reactive
    cadence.ok("log", "Bob", "--by", "jo", "--new-owner")
    cadence.ok("log", "Dan", "--by", "Kim", "--new-owner", "--on", "3d")
    cadence.ok("log", "Cleo", "--by", "me", "--new-owner")
    cadence.ok(
        "log", "Émile", "--by", "Old", "--new-owner", "--on", "2026-08-01"
    )  # Old: >90 days ago


# ---------------------------------------------------------------------------------------------
# Owners and authors


def test_log_records_the_current_user_unless_by_names_someone(cadence: Any) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    cadence.ok("log", "Ada", "--on", "3d")
    cadence.ok("log", "Ada", "--on", "2d", "--by", "me", "--new-owner")
    cadence.ok("log", "Ada", "--on", "1d", "--by", "  Jo ", "--new-owner")
    touches = json.loads(cadence.ok("show", "Ada", "--json"))["touches"]
    assert [(t["on"], t["by"]) for t in touches] == [
        ("2026-11-22", "Jo"),
        ("2026-11-21", "sam"),
        ("2026-11-20", "sam"),
    ]


def test_me_falls_back_to_the_os_user_without_cadence_user(
    cadence: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CADENCE_USER")
    for variable in ("USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LOGNAME", "pat")  # what getpass.getuser() reads first
    cadence.ok("add", "Ada", "--owner", "me", "--new-owner")
    assert json.loads(cadence.ok("clients", "--json"))[0]["owner"] == "pat"


def test_owner_filters_on_clients_and_due_take_me_and_any_case(cadence: Any) -> None:
    team_book(cadence)

    def names(*args: str) -> list[str]:
        return [c["name"] for c in json.loads(cadence.ok("clients", "--json", *args))]

    def due_names(*args: str) -> list[str]:
        return [c["name"] for c in json.loads(cadence.ok("due", "--json", *args))["contacts"]]

    assert names("--owner", "me") == ["Ada Lovelace"]
    assert names("--owner", "JO") == ["Bob Marley", "Cleo Laine"]
    assert names("--owner", "élodie") == ["Émile Zola"]  # SQLite's lower() is ASCII-only
    assert names("--owner", "ÉLODIE") == ["Émile Zola"]
    assert names("--owner", "Kim") == []
    assert names("--owner", "Kim", "--archived") == ["Fay Wray"]
    assert names("--owner", "nobody") == []
    assert due_names() == ["Ada Lovelace", "Émile Zola"]
    assert due_names("--owner", "me") == ["Ada Lovelace"]
    assert due_names("--owner", "Élodie") == ["Émile Zola"]
    assert due_names("--owner", "jo") == []
    assert cadence.ok("due", "--count", "--owner", "sam") == "1\n"


def test_owner_filter_applies_to_every_section_of_due(cadence: Any) -> None:
    cadence.ok(
        "add", "Ada", "--tier", "A", "--owner", "me", "--new-owner", "--birthday", "1980-11-25"
    )
    cadence.ok(
        "add", "Bob", "--tier", "A", "--owner", "Jo", "--new-owner", "--birthday", "1980-11-25"
    )
    cadence.ok("promise", "add", "Ada", "send the report", "--by", "tomorrow")
    cadence.ok("promise", "add", "Bob", "call the bank", "--by", "tomorrow")
    mine = json.loads(cadence.ok("due", "--json", "--owner", "me"))
    assert [c["name"] for c in mine["contacts"]] == ["Ada"]
    assert [p["name"] for p in mine["promises"]] == ["Ada"]
    assert [m["name"] for m in mine["milestones"]] == ["Ada"]
    assert {c["owner"] for c in json.loads(cadence.ok("due", "--json"))["contacts"]} == {
        "sam",
        "Jo",
    }


def test_due_shows_the_owner_column_only_when_the_book_has_several_owners(
    cadence: Any,
) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--owner", "me", "--new-owner")
    cadence.ok("add", "Dan Brown", "--tier", "C")
    single = cadence.ok("due")
    assert "Owner" not in header(single)
    cadence.ok("add", "Bob Marley", "--tier", "B", "--owner", "Jo", "--new-owner")
    several = cadence.ok("due")
    columns = ["#", "Client", "Tier", "Status", "Overdue", "Last touch", "Contact", "Owner", "Why"]
    assert header(several) == columns
    owners = {row[1]: row[7] for row in rows(several) if row[0]}
    assert owners == {"Ada Lovelace": "sam", "Bob Marley": "Jo", "Dan Brown": ""}
    filtered = cadence.ok("due", "--owner", "me")
    assert "Owner" not in header(filtered)  # one owner in view: the column says nothing


# ---------------------------------------------------------------------------------------------
# cadence team


def test_team_json_counts_clients_due_reactive_and_recent_touches(cadence: Any) -> None:
    team_book(cadence)
    data = json.loads(cadence.ok("team", "--json"))
    assert data["date"] == "2026-11-23"
    assert data["members"] == [
        {
            "name": "Élodie",
            "me": False,
            "clients": 1,
            "due": 1,  # last touch 1 Aug + 3m = due 1 Nov, reactive from 1 Dec
            "reactive": 0,
            "touches_per_week_needed": 0.08,  # 7 / 92
            "touches_7d": 0,
            "last_touch_on": None,
        },
        {
            "name": "Jo",  # "Jo" and "jo" are one member
            "me": False,
            "clients": 2,
            "due": 0,
            "reactive": 0,
            "touches_per_week_needed": 0.31,  # 7/30 (B) + 7/92 (C)
            "touches_7d": 1,
            "last_touch_on": "2026-11-23",
        },
        {
            "name": "Kim",  # owns only an archived client, but logged a touch this week
            "me": False,
            "clients": 0,
            "due": 0,
            "reactive": 0,
            "touches_per_week_needed": 0.0,
            "touches_7d": 1,
            "last_touch_on": "2026-11-20",
        },
        {
            "name": "sam",
            "me": True,
            "clients": 1,
            "due": 0,
            "reactive": 1,
            "touches_per_week_needed": 1.0,
            "touches_7d": 1,  # Cleo today; Ada on 9 Nov is older than 7 days
            "last_touch_on": "2026-11-23",
        },
    ]
    assert data["unassigned"] == {
        "clients": 1,
        "due": 0,
        "reactive": 0,
        "touches_per_week_needed": 0.08,
    }


def test_team_table(cadence: Any) -> None:
    team_book(cadence)
    out = cadence.ok("team")
    assert out.splitlines()[0].rstrip() == "Team · Mon 23 Nov 2026"
    assert header(out) == [
        "Member",
        "Clients",
        "Due",
        "Reactive",
        "Load/wk",
        "Logged 7d",
        "Last touch",
    ]
    assert rows(out) == [
        ["Élodie", "1", "1", "0", "0.1", "0", ""],
        ["Jo", "2", "0", "0", "0.3", "1", "23 Nov"],
        ["Kim", "0", "0", "0", "0.0", "1", "20 Nov"],
        ["sam (you)", "1", "0", "1", "1.0", "1", "23 Nov"],
        ["(no owner)", "1", "0", "0", "0.1", "", ""],
    ]
    assert out.splitlines()[-1].rstrip() == (
        "Load/wk: touches a week the tiers ask for. Logged 7d: by them, last 7 days."
    )


def test_team_windows_are_seven_and_ninety_days_inclusive(cadence: Any) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    for author, day in [
        ("In7", "2026-11-17"),  # today - 6: inside the week
        ("Out7", "2026-11-16"),  # today - 7: a member, but not this week
        ("In90", "2026-08-26"),  # today - 89: still a member
        ("Out90", "2026-08-25"),  # today - 90: no longer listed
    ]:
        cadence.ok("log", "Ada", "--by", author, "--new-owner", "--on", day)
    members = json.loads(cadence.ok("team", "--json"))["members"]
    assert [(m["name"], m["touches_7d"], m["last_touch_on"]) for m in members] == [
        ("In7", 1, "2026-11-17"),
        ("In90", 0, "2026-08-26"),
        ("Out7", 0, "2026-11-16"),
    ]


def test_team_follows_archive_and_restore(cadence: Any) -> None:
    cadence.ok("add", "Ada", "--tier", "A", "--owner", "Jo", "--new-owner")
    cadence.ok("add", "Bob", "--tier", "A", "--owner", "Jo", "--new-owner")
    cadence.ok("archive", "Bob", "--reason", "left")
    jo = json.loads(cadence.ok("team", "--json"))["members"]
    assert [(m["name"], m["clients"], m["due"]) for m in jo] == [("Jo", 1, 1)]
    cadence.ok("restore", "Bob")
    cadence.ok("edit", "Ada", "--owner", "me", "--new-owner")
    after = json.loads(cadence.ok("team", "--json"))["members"]
    assert [(m["name"], m["clients"], m["due"], m["me"]) for m in after] == [
        ("Jo", 1, 1, False),
        ("sam", 1, 1, True),
    ]


def test_team_on_an_empty_book_says_how_to_start(cadence: Any) -> None:
    assert cadence.ok("team") == (
        'No team yet. Give clients an owner: cadence edit "Ada" --owner NAME\n'
    )
    assert json.loads(cadence.ok("team", "--json")) == {
        "date": "2026-11-23",
        "members": [],
        "unassigned": {"clients": 0, "due": 0, "reactive": 0, "touches_per_week_needed": 0.0},
    }


def test_team_of_one_without_owners_lists_the_author_and_the_unowned_clients(
    cadence: Any,
) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    cadence.ok("log", "Ada")
    out = cadence.ok("team")
    assert rows(out) == [
        ["sam (you)", "0", "0", "0", "0.0", "1", "23 Nov"],
        ["(no owner)", "1", "0", "0", "1.0", "", ""],
    ]


def test_report_owner_filter_takes_me_and_any_case(cadence: Any) -> None:
    team_book(cadence)

    def overall(*args: str) -> tuple[int, int]:
        data = json.loads(cadence.ok("report", "--json", *args))["overall"]
        return data["clients"], data["touches"]

    assert overall() == (5, 4)  # every active client; Émile's August touch is before 1 Sep
    assert overall("--owner", "me") == (1, 1)
    assert overall("--owner", "JO") == (2, 2)
    assert overall("--owner", "élodie") == (1, 0)  # the August touch is before the window
