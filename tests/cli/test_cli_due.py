"""`cadence due`: the morning list, its order, its sections, its flags and its JSON contract.

Today is Mon 2026-11-23 (conftest). Tier defaults: A every 1w / reactive after 1w,
B 1m / 2w, C 3m / 1m.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from cli_output import due_json, lines, table_rows

from cadence_cli.cli import app

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------------------------------------
# Ordering


def test_order_is_reactive_then_cycles_overdue_then_tier_name_id(cadence: Any) -> None:
    # (name, tier, day of the last counting touch or None)
    book = [
        ("Zed", "A", "2026-11-02"),  # reactive: 14 days over a 7-day cycle = 2.0 cycles
        ("Yan", "B", "2026-09-23"),  # reactive: 31 days over a 30-day cycle = 1.03 cycles
        ("Xia", "C", "2026-08-10"),  # due: 13 days over 92 = 0.14 cycles
        ("Wes", "A", "2026-11-11"),  # due: 5 days over 7 = 0.71 cycles (fewer days than Vic)
        ("Vic", "B", "2026-10-13"),  # due: 10 days over 31 = 0.32 cycles
        ("Carl", "A", None),  # due today: ties broken by tier, then name ignoring case
        ("bob", "A", None),
        ("Dee", "B", None),  # two of the same name: by id
        ("Dee", "B", None),
        ("Abe", "C", None),  # tier C after tier B although "Abe" < "Dee"
        ("Okay", "A", "2026-11-23"),  # reached today: not listed
    ]
    for number, (name, tier, touched) in enumerate(book, start=1):
        cadence.ok("add", name, "--tier", tier)
        if touched is not None:
            cadence.ok("log", f"#{number}", "--on", touched)

    data = due_json(cadence)
    order = [(c["client_id"], c["name"], c["status"]) for c in data["contacts"]]
    assert order == [
        (1, "Zed", "reactive"),
        (2, "Yan", "reactive"),
        (4, "Wes", "due"),
        (5, "Vic", "due"),
        (3, "Xia", "due"),
        (7, "bob", "due"),
        (6, "Carl", "due"),
        (8, "Dee", "due"),
        (9, "Dee", "due"),
        (10, "Abe", "due"),
    ]
    assert [c["days_overdue"] for c in data["contacts"]] == [14, 31, 5, 10, 13, 0, 0, 0, 0, 0]

    out = cadence.ok("due")
    assert lines(out)[:2] == ["cadence · Mon 23 Nov 2026", "2 reactive, 8 due"]
    rows = table_rows(out)
    assert [row[1] for row in rows] == [name for _, name, _ in order]
    assert rows[0] == [
        "1", "Zed", "A", "reactive", "14 days", "2 Nov call", "",
        "last reached 2 Nov by call; A every 1w",
    ]  # fmt: skip
    assert rows[1][3:6] == ["reactive", "31 days", "23 Sep call"]  # one form in the column
    assert rows[2][3:6] == ["due", "5 days", "11 Nov call"]
    assert rows[5] == [
        "7", "bob", "A", "due", "today", "never", "",
        "never contacted (added 23 Nov); A every 1w",
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# An empty day


def test_empty_book_says_how_to_start(cadence: Any) -> None:
    assert lines(cadence.ok("due")) == [
        "cadence · Mon 23 Nov 2026",
        "Your book has no active clients yet: add one with `cadence add NAME`.",
    ]
    assert cadence.ok("due", "--count") == "0\n"


def test_filter_matching_nobody_says_so(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--owner", "jo", "--new-owner")
    assert lines(cadence.ok("due", "--owner", "nobody")) == [
        "cadence · Mon 23 Nov 2026",
        "No active client matches these filters.",
    ]


def test_empty_day_names_who_is_next_and_when(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada")  # due again Mon 30 Nov
    cadence.ok("add", "Bob Brown", "--tier", "A")
    cadence.ok("log", "bob", "--on", "2026-11-19")  # due Thu 26 Nov: the next one
    assert lines(cadence.ok("due")) == [
        "cadence · Mon 23 Nov 2026",
        "Nothing due today: every client has heard from you.",
        "Next: Bob Brown (A) on Thu 26 Nov.",
    ]
    data = due_json(cadence)
    assert data == {
        "date": "2026-11-23",
        "contacts": [],
        "follow_ups": [],
        "promises": [],
        "milestones": [],
        "reviews": [],
        "touchpoints": [],
    }


# ---------------------------------------------------------------------------------------------
# Follow-ups


def test_follow_up_after_no_answer_until_a_counting_touch(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada", "--on", "2026-11-16")
    cadence.ok("add", "Bob Brown", "--tier", "A")
    cadence.ok("log", "ada", "--outcome", "no-answer")
    # Bob: unanswered call then a text the same Friday, so nothing to follow up
    cadence.ok("log", "bob", "--outcome", "no-answer", "--on", "fri")
    cadence.ok("log", "bob", "--channel", "text", "--on", "fri")

    data = due_json(cadence)
    assert [
        {k: f[k] for k in ("client_id", "name", "attempted_on", "channel")}
        for f in data["follow_ups"]
    ] == [{"client_id": 1, "name": "Ada Lovelace", "attempted_on": "2026-11-23", "channel": "call"}]
    out = lines(cadence.ok("due"))
    start = out.index("Follow-ups")
    assert out[start + 1 :] == [
        "  #1 Ada Lovelace: call unanswered on Mon 23 Nov: follow up with a text or email"
    ]
    assert [c["name"] for c in data["contacts"]] == ["Ada Lovelace"]  # no-answer did not count

    cadence.ok("log", "ada", "--channel", "email")
    data = due_json(cadence)
    assert data["follow_ups"] == []
    assert data["contacts"] == []


# ---------------------------------------------------------------------------------------------
# The full morning: every section, the JSON contract, filters


def full_book(cadence: Any) -> None:
    """Ada (A, me, investor) reactive with an overdue promise and a birthday;
    Bob (B, kim, golf) due, unanswered, with a promise, a home anniversary and a charter
    review overdue; Cy (C) reached today and listed nowhere."""
    cadence.ok(
        "add", "Ada Lovelace", "--tier", "A", "--owner", "me", "--new-owner", "--tag", "investor",
        "--birthday", "1985-11-25",
    )  # fmt: skip
    cadence.ok(
        "add", "Bob Brown", "--tier", "B", "--owner", "kim", "--new-owner", "--tag", "golf",
        "--milestone", "home anniversary=2019-11-27",
    )  # fmt: skip
    cadence.ok("add", "Cy Young", "--birthday", "12-20")
    cadence.ok("log", "ada", "--on", "2026-11-02")
    cadence.ok("log", "bob", "--outcome", "no-answer")
    cadence.ok("log", "cy")
    cadence.ok(
        "promise", "add", "ada", "send the market report", "--by", "2026-11-20", today="2026-11-01"
    )
    cadence.ok("promise", "add", "bob", "call about the loft", "--by", "fri")
    cadence.ok("promise", "add", "cy", "lunch in the new year", "--by", "2027-01-08")
    cadence.ok("charter", "bob", "--every", "1m", "--review-every", "6m", today="2026-05-20")


CONTRACT: dict[str, dict[str, tuple[type, ...]]] = {
    "contacts": {
        "client_id": (int,),
        "name": (str,),
        "tier": (str,),
        "status": (str,),
        "due_on": (str,),
        "reactive_on": (str,),
        "days_overdue": (int,),
        "last_touch_on": (str, type(None)),
        "owner": (str, type(None)),
    },
    "follow_ups": {"client_id": (int,), "name": (str,), "attempted_on": (str,), "channel": (str,)},
    "promises": {
        "id": (int,),
        "client_id": (int,),
        "name": (str,),
        "text": (str,),
        "due_on": (str,),
        "overdue": (bool,),
    },
    "milestones": {
        "client_id": (int,),
        "name": (str,),
        "label": (str,),
        "on": (str,),
        "years": (int, type(None)),
    },
    "reviews": {"client_id": (int,), "name": (str,), "review_on": (str,)},
}
DATE_KEYS = {"due_on", "reactive_on", "last_touch_on", "attempted_on", "on", "review_on"}


def check_contract(data: dict[str, Any]) -> None:
    """Keys and value types exactly as SPEC §2 (extra keys allowed)."""
    assert set(data) >= {"date", *CONTRACT}
    assert ISO.match(data["date"])
    for section, keys in CONTRACT.items():
        assert isinstance(data[section], list), section
        for item in data[section]:
            assert set(item) >= set(keys), (section, item)
            for key, types in keys.items():
                value = item[key]
                # bool is an int in Python: demand the exact type
                assert type(value) in types, (section, key, value)
                if key in DATE_KEYS and value is not None:
                    assert ISO.match(value), (section, key, value)
            if section == "contacts":
                assert item["status"] in ("due", "reactive")


def contract_view(data: dict[str, Any]) -> dict[str, Any]:
    return {
        section: [{k: item[k] for k in keys} for item in data[section]]
        for section, keys in CONTRACT.items()
    }


def test_due_json_fills_every_list_of_the_contract(
    cadence: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_book(cadence)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    raw = cadence.ok("due", "--json")
    assert "\x1b" not in raw
    assert "\x1b[" in cadence.ok("due")  # colour is really on: the JSON left it out
    data = json.loads(raw)
    check_contract(data)
    assert data["date"] == "2026-11-23"
    assert contract_view(data) == {
        "contacts": [
            {
                "client_id": 1, "name": "Ada Lovelace", "tier": "A", "status": "reactive",
                "due_on": "2026-11-09", "reactive_on": "2026-11-16", "days_overdue": 14,
                "last_touch_on": "2026-11-02", "owner": "sam",
            },
            {
                "client_id": 2, "name": "Bob Brown", "tier": "B", "status": "due",
                "due_on": "2026-11-23", "reactive_on": "2026-12-07", "days_overdue": 0,
                "last_touch_on": None, "owner": "kim",
            },
        ],
        "follow_ups": [
            {"client_id": 2, "name": "Bob Brown", "attempted_on": "2026-11-23", "channel": "call"}
        ],
        "promises": [
            {
                "id": 1, "client_id": 1, "name": "Ada Lovelace", "text": "send the market report",
                "due_on": "2026-11-20", "overdue": True,
            },
            {
                "id": 2, "client_id": 2, "name": "Bob Brown", "text": "call about the loft",
                "due_on": "2026-11-27", "overdue": False,
            },
        ],
        "milestones": [
            {"client_id": 1, "name": "Ada Lovelace", "label": "birthday", "on": "2026-11-25",
             "years": 41},
            {"client_id": 2, "name": "Bob Brown", "label": "home anniversary",
             "on": "2026-11-27", "years": 7},
        ],
        "reviews": [{"client_id": 2, "name": "Bob Brown", "review_on": "2026-11-20"}],
    }  # fmt: skip

    wide = due_json(cadence, "--horizon", "1m")
    check_contract(wide)
    assert [(m["name"], m["label"], m["years"]) for m in wide["milestones"]] == [
        ("Ada Lovelace", "birthday", 41),
        ("Bob Brown", "home anniversary", 7),
        ("Cy Young", "birthday", None),  # no year known: years is null
    ]
    assert [p["id"] for p in wide["promises"]] == [1, 2]  # Cy's lunch is 46 days away


def test_due_text_shows_sections_in_spec_order(cadence: Any) -> None:
    full_book(cadence)
    out = lines(cadence.ok("due"))
    assert out[:2] == ["cadence · Mon 23 Nov 2026", "1 reactive, 1 due"]
    rows = table_rows(cadence.ok("due"))
    assert [row[:6] for row in rows] == [
        ["1", "Ada Lovelace", "A", "reactive", "14 days", "2 Nov call"],
        ["2", "Bob Brown", "B", "due", "today", "never"],
    ]
    # two owners in the book: an Owner column appears
    assert [row[7] for row in rows] == ["sam", "kim"]
    tail = out[out.index("Follow-ups") :]
    assert tail == [
        "Follow-ups",
        "  #2 Bob Brown: call unanswered on Mon 23 Nov: follow up with a text or email",
        "Promises",
        "  [1] Ada Lovelace: send the market report (overdue by 3 days)",
        "  [2] Bob Brown: call about the loft (due Fri 27 Nov)",
        "Milestones",
        "  #1 Ada Lovelace: turns 41, Wed 25 Nov",
        "  #2 Bob Brown: 7th home anniversary, Fri 27 Nov",
        "Charter reviews",
        "  #2 Bob Brown: review the charter (overdue since Fri 20 Nov)",
    ]
    table_end = max(i for i, line in enumerate(out) if line.startswith("└"))
    assert table_end < out.index("Follow-ups")


def test_tier_owner_and_tag_filter_every_section(cadence: Any) -> None:
    full_book(cadence)

    def who(data: dict[str, Any]) -> dict[str, list[str]]:
        return {section: [item["name"] for item in data[section]] for section in CONTRACT}

    ada_only = {
        "contacts": ["Ada Lovelace"],
        "follow_ups": [],
        "promises": ["Ada Lovelace"],
        "milestones": ["Ada Lovelace"],
        "reviews": [],
    }
    bob_only = {section: ["Bob Brown"] for section in CONTRACT}
    assert who(due_json(cadence, "--tier", "A")) == ada_only
    assert who(due_json(cadence, "--owner", "me")) == ada_only
    assert who(due_json(cadence, "--tag", "investor")) == ada_only
    assert who(due_json(cadence, "--tier", "b")) == bob_only
    assert who(due_json(cadence, "--owner", "kim")) == bob_only
    assert who(due_json(cadence, "--tag", "golf")) == bob_only
    assert who(due_json(cadence, "--tag", "golf", "--owner", "me")) == {s: [] for s in CONTRACT}
    assert cadence.ok("due", "--tier", "A", "--count") == "1\n"

    text = lines(cadence.ok("due", "--owner", "kim"))
    assert "Ada Lovelace" not in "\n".join(text)
    assert "  #2 Bob Brown: review the charter (overdue since Fri 20 Nov)" in text

    unknown = cadence("due", "--tier", "Z")
    assert unknown.exit_code == 3
    assert "no tier named 'Z'" in unknown.stderr


# ---------------------------------------------------------------------------------------------
# --limit, --count, --horizon, --on


def test_limit_and_count(cadence: Any) -> None:
    for name in ("Ann", "Ben", "Cat"):
        cadence.ok("add", name, "--tier", "A")
    out = cadence.ok("due", "--limit", "2")
    assert [row[1] for row in table_rows(out)] == ["Ann", "Ben"]
    assert lines(out)[1] == "0 reactive, 3 due"  # the title still counts everyone
    assert lines(out)[-1] == "… and 1 more (--all shows every one)"
    assert [c["name"] for c in due_json(cadence, "--limit", "1")["contacts"]] == ["Ann"]
    assert "more" not in cadence.ok("due", "--limit", "3")

    assert cadence.ok("due", "--count") == "3\n"
    cadence.ok("log", "ben")
    assert cadence.ok("due", "--count") == "2\n"

    both = cadence("due", "--count", "--json")
    assert both.exit_code == 2
    assert "--count, --json and --plain do not go together" in both.stderr
    zero = cadence("due", "--limit", "0")
    assert zero.exit_code == 2, zero.output


def test_horizon_bounds_promises_and_milestones(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--birthday", "11-26")  # Thu, in 3 days
    cadence.ok("add", "Bob Brown", "--tier", "A", "--birthday", "11-23")  # today
    cadence.ok("log", "ada")
    cadence.ok("log", "bob")
    cadence.ok("promise", "add", "ada", "valuation", "--by", "10d")  # Thu 3 Dec
    cadence.ok("promise", "add", "bob", "keys", "--by", "today")

    def seen(*args: str) -> tuple[list[str], list[str]]:
        data = due_json(cadence, *args)
        return [m["name"] for m in data["milestones"]], [p["text"] for p in data["promises"]]

    assert seen() == (["Bob Brown", "Ada Lovelace"], ["keys"])  # default 7d
    assert seen("--horizon", "0d") == (["Bob Brown"], ["keys"])  # today only
    assert seen("--horizon", "2d") == (["Bob Brown"], ["keys"])
    assert seen("--horizon", "3d") == (["Bob Brown", "Ada Lovelace"], ["keys"])
    assert seen("--horizon", "2w") == (["Bob Brown", "Ada Lovelace"], ["keys", "valuation"])
    assert lines(cadence.ok("due", "--horizon", "0d"))[1:] == [
        "Promises",
        "  [2] Bob Brown: keys (due today)",
        "Milestones",
        "  #2 Bob Brown: birthday, today",
    ]
    bad = cadence("due", "--horizon", "soon")
    assert bad.exit_code == 2
    assert "cannot read interval 'soon'" in bad.stderr


def test_on_plans_for_another_day(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("add", "Bob Brown", "--tier", "A")
    cadence.ok("log", "ada")  # due Mon 30 Nov
    cadence.ok("log", "bob", "--on", "2026-11-18")  # due Wed 25 Nov
    assert due_json(cadence)["contacts"] == []

    friday = due_json(cadence, "--on", "fri")  # forwards: Fri 27 Nov
    assert friday["date"] == "2026-11-27"
    assert [(c["name"], c["days_overdue"]) for c in friday["contacts"]] == [("Bob Brown", 2)]
    assert lines(cadence.ok("due", "--on", "fri"))[0] == "cadence · Fri 27 Nov 2026"

    later = due_json(cadence, "--on", "2026-12-03")
    assert [(c["name"], c["status"]) for c in later["contacts"]] == [
        ("Bob Brown", "reactive"),
        ("Ada Lovelace", "due"),
    ]
    bad = cadence("due", "--on", "someday")
    assert bad.exit_code == 2
    assert "cannot read date 'someday'" in bad.stderr


def test_a_pipe_gets_every_row_and_limit_cuts(cadence: Any, tmp_path: Any) -> None:
    """A terminal shows a screenful (SCREEN_ROWS); a pipe is read by a program: every row,
    so `cadence due | wc -l` counts the clients due."""
    book = tmp_path / "many.csv"
    book.write_text("name,tier\n" + "".join(f"Client {n:02d},A\n" for n in range(52)))
    cadence.ok("import", str(book))
    out = cadence.ok("due", "--limit", "50")
    assert len(table_rows(out)) == 50
    assert lines(out)[-1] == "… and 2 more (--all shows every one)"
    assert len(table_rows(cadence.ok("due"))) == 52
    assert len(table_rows(cadence.ok("due", "--all"))) == 52
    assert len(due_json(cadence)["contacts"]) == 52


def test_every_section_is_cut_at_the_limit_too(cadence: Any) -> None:
    """A big book's morning can hold hundreds of follow-ups and birthdays: each section shows
    a screenful like the table, and says how many more there are."""
    for name in ("Ann", "Ben", "Cat"):
        cadence.ok("add", name, "--tier", "C", "--birthday", "11-25")
        cadence.ok("log", name, "--on", "2026-11-20")
        cadence.ok("log", name, "--outcome", "no-answer")
    out = lines(cadence.ok("due", "--limit", "2"))
    assert out[out.index("Follow-ups") :] == [
        "Follow-ups",
        "  #1 Ann: call unanswered on Mon 23 Nov: follow up with a text or email",
        "  #2 Ben: call unanswered on Mon 23 Nov: follow up with a text or email",
        "  … and 1 more (--all shows every one)",
        "Milestones",
        "  #1 Ann: birthday, Wed 25 Nov",
        "  #2 Ben: birthday, Wed 25 Nov",
        "  … and 1 more (--all shows every one)",
    ]
    every = lines(cadence.ok("due", "--all"))
    assert "more" not in "".join(every)
    assert "  #3 Cat: birthday, Wed 25 Nov" in every
    data = due_json(cadence, "--limit", "1")
    assert (len(data["follow_ups"]), len(data["milestones"])) == (3, 3)  # --json is never cut


def test_80_columns_keep_the_last_touch_and_60_keep_one_line_per_client(
    cadence: Any,
) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--phone", "(415) 555-0101")
    cadence.ok("add", "Bo", "--tier", "A", "--phone", "555", "--email", "bo@example.com")
    cadence.ok("charter", "bo", "--every", "1w", "--channel", "email")
    cadence.ok("log", "ada", "--on", "2026-11-09")
    wide = cadence.ok("due")
    assert table_rows(wide)[0][5:] == [
        "9 Nov call", "(415) 555-0101", "last reached 9 Nov by call; A every 1w"
    ]  # fmt: skip
    assert table_rows(wide)[1][6] == "bo@example.com"  # the charter asks for email

    def at(columns: str) -> str:
        env = {"CADENCE_DB": cadence.db, "COLUMNS": columns}
        return str(cadence.runner.invoke(app, ["due"], env=env).stdout)

    assert table_rows(at("80")) == [
        ["1", "Ada Lovelace", "A", "reactive", "7 days", "9 Nov call", "(415) 555-0101"],
        ["2", "Bo", "A", "due", "today", "never", "bo@example.com"],
    ]
    assert lines(at("60")) == [
        "cadence · Mon 23 Nov 2026",
        "1 reactive, 1 due",
        "#  Client        Tier  Status  Overdue  Contact",
        "1  Ada Lovelace   A    react        7d  (415) 555-0101",
        "2  Bo             A    due          0d  bo@example.com",
    ]


def test_a_pipe_gets_whole_cells_and_plain_gets_tabs(cadence: Any) -> None:
    long_name = "Maria Alvarez-Fernández de la Torre y Castellanos"
    email = "maria.alvarez.fernandez@a-very-long-company-domain.example.com"
    cadence.ok("add", long_name, "--tier", "A", "--email", email)
    out = cadence.runner.invoke(app, ["due"], env={"CADENCE_DB": cadence.db, "COLUMNS": "60"})
    row = [line for line in lines(out.stdout) if line.startswith("1 ")]
    assert row == [f"1  {long_name}   A    due          0d  {email}"]
    plain = cadence.ok("due", "--plain")
    assert plain.splitlines() == [
        "id\tname\ttier\tstatus\tdays_overdue\tdue_on\tlast_touch\tcontact\towner\twhy",
        f"1\t{long_name}\tA\tdue\t0\t2026-11-23\t\t{email}\t\t"
        "never contacted (added 23 Nov); A every 1w",
    ]
