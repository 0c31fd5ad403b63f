"""Clients: add, edit, clients, show, snooze, archive, restore, and how a client is named.

Today is Mon 2026-11-23 (conftest); CADENCE_USER is sam.
"""

from __future__ import annotations

import json
from typing import Any

from cli_output import lines, show_json, table_rows

# ---------------------------------------------------------------------------------------------
# add


def test_add_prints_id_and_tier_and_is_due_at_once(cadence: Any) -> None:
    assert cadence.ok("add", "Grace Hopper") == "Added #1 Grace Hopper (tier C): due today.\n"
    out = cadence.ok(
        "add", "  Ada Lovelace ", "--tier", "a", "--email", "Ada@Example.com", "--phone",
        "+44 20 7946 0000", "--company", "Analytical Engines", "--tag", "Investor", "--tag",
        "golf", "--tag", "investor", "--birthday", "1985-12-10", "--milestone",
        "Home Anniversary=2019-06-01", "--owner", "me", "--note", "prefers mornings",
    )  # fmt: skip
    assert out == "Added #2 Ada Lovelace (tier A): due today.\n"
    data = show_json(cadence, "#2")
    assert {k: data[k] for k in (
        "id", "name", "tier", "status", "email", "phone", "company", "owner", "tags", "notes",
        "added_on", "milestones", "charter",
    )} == {
        "id": 2, "name": "Ada Lovelace", "tier": "A", "status": "active",
        "email": "Ada@Example.com", "phone": "+44 20 7946 0000", "company": "Analytical Engines",
        "owner": "sam", "tags": ["golf", "investor"], "notes": "prefers mornings",
        "added_on": "2026-11-23",
        "milestones": [
            {"label": "birthday", "date": "1985-12-10"},
            {"label": "home anniversary", "date": "2019-06-01"},
        ],
        "charter": None,
    }  # fmt: skip
    assert data["standing"]["status"] == "due"
    assert data["standing"]["due_on"] == "2026-11-23"


def test_add_refuses_bad_input(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--email", "ada@example.com")
    cases = [
        (["add", "Ada Two", "--email", "ADA@example.com"], 5, "#1 Ada Lovelace already has"),
        (["add", "Bob", "--tier", "Z"], 3, "no tier named 'Z' (tiers are: A, B, C)"),
        (["add", "Bob", "--birthday", "1985-02-30"], 2, "no such day: 1985-02-30"),
        (["add", "Bob", "--birthday", "next week"], 2, "cannot read date 'next week'"),
        (["add", "Bob", "--milestone", "2019-06-01"], 2, "cannot read milestone '2019-06-01'"),
        (["add", "Bob", "--email", "not-an-email"], 2, "not an email address: 'not-an-email'"),
        (["add", "   "], 2, "a client needs a name"),
    ]  # fmt: skip
    for args, code, message in cases:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert result.stderr.startswith("cadence: error: "), args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert [c["name"] for c in json.loads(cadence.ok("clients", "--json"))] == ["Ada Lovelace"]


# ---------------------------------------------------------------------------------------------
# Naming a client


def test_client_references(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--email", "countess@example.com")
    cadence.ok("add", "Ada", "--tier", "A")
    cadence.ok("add", "Adam Smith")
    cadence.ok("add", "Grace Hopper")

    def who(ref: str) -> tuple[int, str]:
        data = show_json(cadence, ref)
        return data["id"], data["name"]

    assert who("#1") == (1, "Ada Lovelace")
    assert who("4") == (4, "Grace Hopper")
    assert who("COUNTESS@example.com") == (1, "Ada Lovelace")
    assert who("ADA") == (2, "Ada")  # exact name beats the names that contain it
    assert who("ada lovelace") == (1, "Ada Lovelace")
    assert who("hopp") == (4, "Grace Hopper")  # an unambiguous part
    assert who("smith") == (3, "Adam Smith")

    ambiguous = cadence("show", "ad")
    assert ambiguous.exit_code == 4
    assert ambiguous.stderr == (
        "cadence: error: 'ad' matches 3 clients; use the #id: "
        "#1 Ada Lovelace; #2 Ada; #3 Adam Smith\n"
    )
    unknown = cadence("show", "Ada Lovelance")
    assert unknown.exit_code == 3
    assert unknown.stderr == (
        "cadence: error: no client matches 'Ada Lovelance' (did you mean #1 Ada Lovelace?)\n"
    )
    nothing_close = cadence("show", "zzzz")
    assert nothing_close.exit_code == 3
    assert "`cadence clients` lists everyone" in nothing_close.stderr
    missing_id = cadence("show", "#99")
    assert missing_id.exit_code == 3
    assert missing_id.stderr.startswith("cadence: error: no client #99")


# ---------------------------------------------------------------------------------------------
# edit


def test_edit_changes_fields_and_tags(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--email", "ada@example.com", "--tag", "golf")
    cadence.ok("add", "Bob Brown", "--email", "bob@example.com")
    out = cadence.ok(
        "edit", "ada", "--name", "Ada King", "--tier", "A", "--phone", "+44 1", "--company",
        "Engines", "--tag", "Investor", "--untag", "golf", "--owner", "me", "--note", "hi",
    )  # fmt: skip
    assert out == "Updated #1 Ada King.\n"
    data = show_json(cadence, "#1")
    assert (data["name"], data["tier"], data["phone"], data["company"]) == (
        "Ada King", "A", "+44 1", "Engines"
    )  # fmt: skip
    assert (data["tags"], data["owner"], data["notes"]) == (["investor"], "sam", "hi")

    cadence.ok(
        "edit", "#1", "--email", "", "--owner", "", "--new-owner", "--tag", "vip"
    )  # "" clears
    data = show_json(cadence, "#1")
    assert (data["email"], data["owner"], data["tags"]) == (None, None, ["investor", "vip"])

    cases = [
        (["edit", "#1"], 2, "nothing to change"),
        (["edit", "#1", "--email", "BOB@example.com"], 5, "#2 Bob Brown already has the email"),
        (["edit", "#1", "--untag", "golf"], 3, "Ada King has no tag 'golf'"),
        (["edit", "#1", "--tier", "Z"], 3, "no tier named 'Z'"),
        (["edit", "#1", "--name", " "], 2, "a client needs a name"),
        (["edit", "nobody", "--phone", "1"], 3, "no client matches 'nobody'"),
    ]
    for args, code, message in cases:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert show_json(cadence, "#1")["tags"] == ["investor", "vip"]  # failed edits changed nothing


def test_edit_adds_replaces_and_removes_milestones(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--birthday", "1985-11-25")
    cadence.ok("edit", "ada", "--milestone", "home anniversary=2019-11-27", "--birthday", "11-24")
    assert show_json(cadence, "ada")["milestones"] == [
        {"label": "birthday", "date": "--11-24"},  # replaced: the year is now unknown
        {"label": "home anniversary", "date": "2019-11-27"},
    ]
    cadence.ok("edit", "ada", "--remove-milestone", "Birthday")
    data = show_json(cadence, "ada")
    assert data["milestones"] == [{"label": "home anniversary", "date": "2019-11-27"}]
    assert data["next_milestones"] == [
        {"label": "home anniversary", "on": "2026-11-27", "years": 7}
    ]
    missing = cadence("edit", "ada", "--remove-milestone", "birthday")
    assert missing.exit_code == 3
    assert "Ada Lovelace has no milestone 'birthday'" in missing.stderr


# ---------------------------------------------------------------------------------------------
# clients


def test_clients_lists_filters_and_prints_json(cadence: Any) -> None:
    assert lines(cadence.ok("clients")) == [
        'No clients match. Add one with: cadence add "Ada Lovelace" --tier A'
    ]
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--email", "ada@example.com", "--tag", "vip")
    cadence.ok("add", "Bob Brown", "--tier", "B", "--owner", "kim", "--new-owner", "--phone", "555")
    cadence.ok("add", "Cy Young", "--owner", "me", "--new-owner", "--tag", "vip", "--tag", "golf")
    cadence.ok("log", "ada")

    out = cadence.ok("clients")
    assert lines(out)[0] == "3 clients"
    assert table_rows(out) == [
        ["1", "Ada Lovelace", "A", "Mon 30 Nov", "ada@example.com", "", "", "vip"],
        ["2", "Bob Brown", "B", "due", "", "555", "kim", ""],
        ["3", "Cy Young", "C", "due", "", "", "sam", "golf, vip"],
    ]
    data = json.loads(cadence.ok("clients", "--json"))
    assert [
        {k: c[k] for k in ("id", "name", "tier", "status", "email", "owner", "tags")} for c in data
    ] == [
        {"id": 1, "name": "Ada Lovelace", "tier": "A", "status": "active",
         "email": "ada@example.com", "owner": None, "tags": ["vip"]},
        {"id": 2, "name": "Bob Brown", "tier": "B", "status": "active", "email": None,
         "owner": "kim", "tags": []},
        {"id": 3, "name": "Cy Young", "tier": "C", "status": "active", "email": None,
         "owner": "sam", "tags": ["golf", "vip"]},
    ]  # fmt: skip

    def names(*args: str) -> list[str]:
        return [c["name"] for c in json.loads(cadence.ok("clients", "--json", *args))]

    assert names("--tier", "b") == ["Bob Brown"]
    assert names("--tag", "VIP") == ["Ada Lovelace", "Cy Young"]
    assert names("--owner", "me") == ["Cy Young"]
    assert names("--owner", "KIM") == ["Bob Brown"]
    assert names("--tag", "vip", "--owner", "kim") == []
    assert names("--archived") == []
    assert lines(cadence.ok("clients", "--tag", "nope"))[0].startswith("No clients match.")


# ---------------------------------------------------------------------------------------------
# show


def test_show_is_one_readable_page(cadence: Any) -> None:
    cadence.ok(
        "add", "Ada Lovelace", "--tier", "A", "--email", "ada@example.com", "--phone", "+44 1",
        "--company", "Analytical", "--tag", "investor", "--birthday", "1985-11-25",
        "--owner", "me", "--note", "prefers mornings",
    )  # fmt: skip
    cadence.ok("log", "ada", "--on", "2026-11-09", "--note", "talked about the move")
    cadence.ok(
        "log", "ada", "--channel", "email", "--inbound", "--by", "kim", "--new-owner"
    )  # chased: reactive
    cadence.ok("promise", "add", "ada", "send the report", "--by", "fri")
    cadence.ok("promise", "add", "ada", "old favour", "--by", "2026-11-01", today="2026-11-01")
    cadence.ok("promise", "done", "2")
    out = lines(cadence.ok("show", "ada"))
    assert out == [
        "#1 Ada Lovelace",
        "  Tier:          A",
        "  Email:         ada@example.com",
        "  Phone:         +44 1",
        "  Company:       Analytical",
        "  Owner:         sam",
        "  Tags:          investor",
        "  Added:         Mon 23 Nov",
        "  Notes:         prefers mornings",
        "  Cadence:       ok, next due Mon 30 Nov",
        "  Why:           they reached you 23 Nov by email; A every 1w",
        "  Chased you:    23 Nov",
        "Promises",
        "  [2] old favour by Sun 1 Nov (kept Mon 23 Nov)",
        "  [1] send the report by Fri 27 Nov (open)",
        "Milestones",
        "  birthday: turns 41 on Wed 25 Nov",
        "Touches",
        "       23 Nov ← email    message    by kim",
        "        9 Nov → call     reached    by sam  talked about the move",
        "History",
        "       23 Nov  added in tier A  by sam",
    ]
    cadence.ok("charter", "ada", "--every", "2w", "--channel", "text", "--note", "after 6pm")
    assert (
        "  Charter:       every 2w, prefers text, after 6pm; agreed Mon 23 Nov, "
        "review Sun 23 May 2027" in lines(cadence.ok("show", "ada"))
    )

    cadence.ok("add", "Bob Brown")
    assert lines(cadence.ok("show", "bob"))[-5:] == [
        "  Why:           never contacted (added 23 Nov); C every 3m",
        "Touches",
        "  none yet",
        "History",
        "       23 Nov  added in tier C  by sam",
    ]


def test_show_json(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--birthday", "1985-11-25")
    cadence.ok("log", "ada", "--on", "2026-11-09")
    cadence.ok("log", "ada", "--channel", "email", "--inbound", "--note", "where are you?")
    cadence.ok("promise", "add", "ada", "send the report", "--by", "fri")
    data = show_json(cadence, "ada")
    assert data["standing"] == {
        "status": "ok",
        "due_on": "2026-11-30",
        "reactive_on": "2026-12-07",
        "days_overdue": 0,
        "reason": "they reached you 23 Nov by email; A every 1w",
    }
    assert data["chases"] == [{"on": "2026-11-23", "channel": "email"}]
    assert data["next_milestones"] == [{"label": "birthday", "on": "2026-11-25", "years": 41}]
    assert [(p["id"], p["text"], p["due_on"], p["kept_on"], p["overdue"]) for p in data[
        "promises"
    ]] == [(1, "send the report", "2026-11-27", None, False)]  # fmt: skip
    assert [
        {k: t[k] for k in ("on", "channel", "outcome", "direction", "note", "by")}
        for t in data["touches"]
    ] == [
        {"on": "2026-11-23", "channel": "email", "outcome": "message", "direction": "inbound",
         "note": "where are you?", "by": "sam"},
        {"on": "2026-11-09", "channel": "call", "outcome": "reached", "direction": "outbound",
         "note": None, "by": "sam"},
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# snooze


def test_snooze_until_a_day_and_clear(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    assert cadence.ok("snooze", "ada", "--until", "fri") == (
        "Snoozed #1 Ada Lovelace until Fri 27 Nov.\n"
    )
    assert lines(cadence.ok("due")) == [
        "cadence · Mon 23 Nov 2026",
        "Nothing due today: every client has heard from you.",
        "Next: Ada Lovelace (A) on Fri 27 Nov.",
    ]
    friday = json.loads(cadence.ok("due", "--json", "--on", "fri"))["contacts"]
    assert [(c["name"], c["due_on"], c["days_overdue"]) for c in friday] == [
        ("Ada Lovelace", "2026-11-27", 0)
    ]
    assert show_json(cadence, "ada")["snoozed_until"] == "2026-11-27"
    assert "  Snoozed until: Fri 27 Nov" in lines(cadence.ok("show", "ada"))

    assert cadence.ok("snooze", "ada", "--clear") == "Snooze cleared for #1 Ada Lovelace.\n"
    assert cadence.ok("due", "--count") == "1\n"
    for args, message in [
        (["snooze", "ada"], "give either --until DATE or --clear"),
        (["snooze", "ada", "--until", "fri", "--clear"], "give either --until DATE or --clear"),
        (["snooze", "ada", "--until", "soonish"], "cannot read date 'soonish'"),
    ]:
        result = cadence(*args)
        assert result.exit_code == 2, args
        assert message in result.stderr
    assert cadence("snooze", "nobody", "--until", "fri").exit_code == 3


# ---------------------------------------------------------------------------------------------
# archive and restore


def test_archive_leaves_every_list_and_count_and_restore_brings_back(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--birthday", "1985-11-25", "--tag", "vip")
    cadence.ok("add", "Bob Brown", "--tier", "A")
    cadence.ok("log", "bob")
    cadence.ok("log", "ada", "--outcome", "no-answer")  # a follow-up
    cadence.ok("promise", "add", "ada", "send the report", "--by", "fri")
    cadence.ok("charter", "ada", "--every", "2w", "--review-every", "1m", today="2026-10-20")
    before = json.loads(cadence.ok("due", "--json"))
    assert all(before[s] for s in ("contacts", "follow_ups", "promises", "milestones", "reviews"))

    refused = cadence("archive", "ada", "--reason", "moved to Lisbon")
    assert refused.exit_code == 5, refused.output
    assert refused.stderr == (
        "cadence: error: #1 Ada Lovelace has 1 open promise: [1] send the report (hand them "
        "over with --hand-over-to OWNER, or drop them with --cancel-promises)\n"
    )
    assert json.loads(cadence.ok("due", "--json")) == before  # nothing was archived
    assert cadence.ok("archive", "ada", "--reason", "moved to Lisbon", "--cancel-promises") == (
        "Archived #1 Ada Lovelace: moved to Lisbon. `cadence restore` brings them back.\n"
        "Cancelled 1 open promise.\n"
    )
    after = json.loads(cadence.ok("due", "--json"))
    assert {k: v for k, v in after.items() if k != "date"} == {
        "contacts": [], "follow_ups": [], "promises": [], "milestones": [], "reviews": [],
        "touchpoints": [],
    }  # fmt: skip
    assert cadence.ok("due", "--count") == "0\n"
    assert [c["name"] for c in json.loads(cadence.ok("clients", "--json"))] == ["Bob Brown"]
    assert cadence.ok("clients", "--tag", "vip").startswith("No clients match.")
    archived = json.loads(cadence.ok("clients", "--archived", "--json"))
    assert [(c["name"], c["status"], c["archived_reason"]) for c in archived] == [
        ("Ada Lovelace", "archived", "moved to Lisbon")
    ]
    assert table_rows(cadence.ok("clients", "--archived"))[0][3] == "archived: moved to Lisbon"
    tiers = {t["name"]: t for t in json.loads(cadence.ok("tier", "list", "--json"))}
    assert (tiers["A"]["clients"], tiers["A"]["due"]) == (1, 0)
    assert cadence.ok("promise", "list") == "No open promises.\n"
    page = lines(cadence.ok("show", "#1"))  # history is kept
    assert "  Status:        archived: moved to Lisbon" in page
    assert page[page.index("History") - 1].startswith("       23 Nov → call     no-answer")
    assert page[-1] == "       23 Nov  archived (moved to Lisbon)  by sam"

    for args, code, message in [
        (["archive", "#1", "--reason", "again"], 5, "Ada Lovelace is already archived"),
        (["log", "#1"], 3, "#1 Ada Lovelace is archived"),
        (["log", "ada"], 3, "#1 Ada Lovelace is archived (on Mon 23 Nov 2026: moved to Lisbon)"),
        (["log", "Ada Lovelace"], 3, "`cadence restore '#1'` brings it back"),
        (["promise", "add", "#1", "lunch", "--by", "fri"], 3, "#1 Ada Lovelace is archived"),
        (["snooze", "1", "--until", "fri"], 3, "#1 Ada Lovelace is archived"),
        (["charter", "#1", "--every", "2w"], 3, "#1 Ada Lovelace is archived"),
        (["archive", "bob", "--reason", " "], 2, "archiving needs a reason"),
        (["restore", "bob"], 5, "Bob Brown is not archived"),
    ]:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)

    assert cadence.ok("restore", "ada") == "Restored #1 Ada Lovelace to tier A.\n"
    assert json.loads(cadence.ok("due", "--json"))["promises"] == []  # cancelled stays cancelled
    cadence.ok("promise", "reopen", "1")
    again = json.loads(cadence.ok("due", "--json"))
    assert {k: v for k, v in again.items() if k != "date"} == {
        k: v for k, v in before.items() if k != "date"
    }
    assert [c["name"] for c in json.loads(cadence.ok("clients", "--json"))] == [
        "Ada Lovelace",
        "Bob Brown",
    ]
