"""Mistakes that can be corrected, transitions that drop nothing, call-backs (issue 13).

Today is Mon 2026-11-23 (conftest); CADENCE_USER is sam. Every test runs on both stores.
"""

from __future__ import annotations

import json
from typing import Any

from cli_output import due_json, lines

from cadence_cli.cli import app

# ---------------------------------------------------------------------------------------------
# Touches: list, edit, delete, undo


def _touches(cadence: Any, *args: str) -> list[tuple[int, str, str, str, bool, str | None]]:
    found = json.loads(cadence.ok("touches", *args, "--json"))
    return [(t["id"], t["on"], t["channel"], t["outcome"], t["direction"] == "inbound", t["by"])
            for t in found]  # fmt: skip


def test_touches_lists_the_latest_with_ids(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("add", "Bob Stone")
    cadence.ok("log", "ada", "--on", "2026-11-20", "--note", "the move")
    cadence.ok("log", "bob", "--channel", "email")
    cadence.ok("log", "ada", "--inbound", "--channel", "text")
    assert _touches(cadence) == [
        (3, "2026-11-23", "text", "message", True, "sam"),
        (2, "2026-11-23", "email", "message", False, "sam"),
        (1, "2026-11-20", "call", "reached", False, "sam"),
    ]
    assert [t[0] for t in _touches(cadence, "ada")] == [3, 1]
    assert [t[0] for t in _touches(cadence, "--limit", "1")] == [3]
    table = lines(cadence.ok("touches", "ada"))
    assert table[0] == "2 touches"
    assert "│  1 │ Fri 20 Nov │ #1 Ada Lovelace │ → │ call    │ reached │ sam │ the move │" in table
    assert json.loads(cadence.ok("touches", "ada", "--json"))[1]["name"] == "Ada Lovelace"


def test_touch_edit_changes_only_what_is_given(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", today="2026-11-01")
    cadence.ok("log", "ada", "--note", "met for coffee")
    assert cadence.ok("due", "--count") == "0\n"
    assert cadence.ok("touch", "edit", "1", "--on", "2026-11-10", "--outcome", "no-answer") == (
        "Touch 1 is now: call with Ada Lovelace on Tue 10 Nov (no-answer): met for coffee.\n"
    )
    assert _touches(cadence) == [(1, "2026-11-10", "call", "no-answer", False, "sam")]
    assert due_json(cadence)["follow_ups"][0]["attempted_on"] == "2026-11-10"
    cadence.ok("touch", "edit", "1", "--inbound", "--channel", "text", "--outcome", "message")
    cadence.ok("touch", "edit", "1", "--note", "")
    shown = json.loads(cadence.ok("show", "ada", "--json"))["touches"]
    assert [(t["channel"], t["outcome"], t["direction"], t["note"]) for t in shown] == [
        ("text", "message", "inbound", None)
    ]
    cadence.ok("touch", "edit", "1", "--outbound")
    assert _touches(cadence)[0][4] is False
    for args, code, message in [
        (["touch", "edit", "1"], 2, "nothing to change"),
        (["touch", "edit", "9", "--note", "x"], 3, "no touch 9"),
        (["touch", "edit", "1", "--on", "tomorrow"], 2, "--on tomorrow is in the future"),
        (["touch", "edit", "1", "--channel", "fax"], 2, "unknown channel 'fax'"),
    ]:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)


def test_touch_delete_shows_it_and_asks(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada", "--by", "kim", "--new-owner")
    kept = cadence("touch", "delete", "1", input="n\n")
    assert kept.exit_code == 0, kept.output
    assert lines(kept.stdout)[0] == (
        "Touch 1 (by kim): call with Ada Lovelace on Mon 23 Nov (reached)"
    )
    assert lines(kept.stdout)[-1] == "Kept it."
    no_terminal = cadence("touch", "delete", "1", input="")
    assert no_terminal.exit_code == 130
    assert "use --yes where the command offers it" in no_terminal.stderr
    assert len(_touches(cadence)) == 1
    assert lines(cadence.ok("touch", "delete", "1", "--yes"))[-1] == "Deleted."
    assert _touches(cadence) == []
    assert cadence.ok("due", "--count") == "1\n"
    gone = cadence("touch", "delete", "1", "--yes")
    assert gone.exit_code == 3 and "no touch 1" in gone.stderr


def test_undo_in_a_two_user_book_removes_only_your_own_touch(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada", "--channel", "email")  # sam
    teammate = cadence.runner.invoke(
        app,
        ["log", "ada", "--channel", "text"],
        env={"CADENCE_DB": cadence.db, "CADENCE_USER": "marta"},
    )
    assert teammate.exit_code == 0, teammate.output
    assert lines(cadence.ok("undo", "--yes")) == [
        "Last touch logged by sam: email with Ada Lovelace on Mon 23 Nov (message)",
        "Removed touch 1.",
    ]
    assert _touches(cadence) == [(2, "2026-11-23", "text", "message", False, "marta")]
    nothing = cadence("undo", "--yes")
    assert nothing.exit_code == 3
    assert "there is no touch of yours (sam) to undo" in nothing.stderr
    assert len(_touches(cadence)) == 1  # marta's touch is still there


def test_log_before_the_client_was_added_warns(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", today="2026-11-10")
    result = cadence("log", "ada", "--on", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "cadence: warning: --on Sun 1 Nov is before #1 Ada Lovelace was added "
        "(Tue 10 Nov); logged anyway\n"
    )
    assert cadence("log", "ada", "--on", "2026-11-12").stderr == ""


# ---------------------------------------------------------------------------------------------
# Promises: edit, cancel, reopen


def test_promise_edit_cancel_and_reopen(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    cadence.ok("promise", "add", "ada", "send the report", "--by", "2026-11-10", today="2026-11-01")
    cadence.ok("promise", "add", "ada", "book lunch", "--by", "fri")
    assert cadence.ok("promise", "edit", "2", "--text", "book dinner", "--by", "2026-12-01") == (
        "Promise 2 to Ada Lovelace: book dinner (was: book lunch).\n"
        "Promise 2 is due by Tue 1 Dec (was Fri 27 Nov).\n"
    )
    assert cadence.ok("promise", "cancel", "1", "--reason", "made by mistake") == (
        "Cancelled promise 1 to Ada Lovelace: send the report. "
        "`cadence promise reopen 1` brings it back.\n"
    )
    # a cancelled promise leaves every list…
    assert [p["id"] for p in json.loads(cadence.ok("promise", "list", "--json"))] == [2]
    assert [p["id"] for p in due_json(cadence, "--horizon", "2w")["promises"]] == [2]
    assert [p["id"] for p in json.loads(cadence.ok("show", "ada", "--json"))["promises"]] == [2]
    assert "send the report" not in cadence.ok("show", "ada")
    assert "send the report" not in cadence.ok("export", "--format", "ics")
    # …and every kept/late count
    report = json.loads(cadence.ok("report", "--json"))["overall"]
    assert (report["promises_due"], report["promises_open_overdue"]) == (0, 0)
    # `--all` shows it, marked
    every = json.loads(cadence.ok("promise", "list", "--all", "--json"))
    assert [(p["id"], p["cancelled_on"], p["cancel_reason"], p["overdue"]) for p in every] == [
        (1, "2026-11-23", "made by mistake", False),
        (2, None, None, False),
    ]
    assert "cancelled 23 Nov" in cadence.ok("promise", "list", "--all")
    # reopen undoes a cancel and a done
    assert cadence.ok("promise", "reopen", "1") == (
        "Reopened promise 1 to Ada Lovelace: send the report (by Tue 10 Nov; it was cancelled).\n"
    )
    assert [p["id"] for p in json.loads(cadence.ok("promise", "list", "--json"))] == [1, 2]
    cadence.ok("promise", "done", "2")
    assert "it was kept" in cadence.ok("promise", "reopen", "2")
    assert json.loads(cadence.ok("promise", "list", "--json"))[1]["kept_on"] is None
    for args, code, message in [
        (["promise", "reopen", "1"], 5, "promise 1 is already open"),
        (["promise", "edit", "1"], 2, "nothing to change"),
        (
            ["promise", "edit", "1", "--by", "2026-11-01"],
            2,
            "--by 2026-11-01 is in the past (Sun 1 Nov)",
        ),
        (["promise", "cancel", "9"], 3, "no promise 9"),
        (["promise", "add", "ada", "x", "--by", "2026-11-22"], 2, "--by 2026-11-22 is in the past"),
        (
            ["promise", "done", "1", "--on", "tomorrow"],
            2,
            "--on tomorrow is in the future (Tue 24 Nov)",
        ),
    ]:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    cadence.ok("promise", "cancel", "1")
    refused = cadence("promise", "done", "1")
    assert refused.exit_code == 5
    assert "promise 1 was cancelled on Mon 23 Nov 2026: cannot keep it" in refused.stderr


def test_a_cancelled_promise_leaves_the_report_counts(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", today="2026-10-01")
    cadence.ok("promise", "add", "ada", "a", "--by", "2026-11-10", today="2026-11-01")
    cadence.ok("promise", "add", "ada", "b", "--by", "2026-11-12", today="2026-11-01")
    cadence.ok("promise", "done", "2", "--on", "2026-11-20")
    before = json.loads(cadence.ok("report", "--json"))["overall"]
    assert (before["promises_due"], before["promises_kept_late"]) == (2, 1)
    cadence.ok("promise", "cancel", "1")
    after = json.loads(cadence.ok("report", "--json"))["overall"]
    assert (after["promises_due"], after["promises_open_overdue"]) == (1, 0)


# ---------------------------------------------------------------------------------------------
# Charter


def test_charter_shows_changes_one_field_and_lists(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "B")
    cadence.ok("add", "Bob Stone")
    assert cadence.ok("charter", "ada") == (
        "#1 Ada Lovelace has no charter; tier B's cadence applies.\n"
    )
    cadence.ok(
        "charter", "ada", "--every", "1w", "--channel", "text", "--review-every", "3m",
        today="2026-11-01",
    )  # fmt: skip
    assert cadence.ok("charter", "ada", "--every", "2w", "--note", "after 6pm") == (
        "Charter for #1 Ada Lovelace: every 2w by text; next review Mon 1 Feb 2027.\n"
    )
    charter = json.loads(cadence.ok("show", "ada", "--json"))["charter"]
    assert charter == {
        "every": "2w", "channel": "text", "note": "after 6pm", "review_every": "3m",
        "agreed_on": "2026-11-01",
    }  # fmt: skip
    cadence.ok("charter", "ada", "--channel", "")
    assert json.loads(cadence.ok("show", "ada", "--json"))["charter"]["channel"] is None
    assert cadence.ok("charter", "ada") == (
        "Charter for #1 Ada Lovelace: every 2w, after 6pm; agreed Sun 1 Nov, review every "
        "3m, next Mon 1 Feb 2027.\n"
    )
    assert cadence.ok("charter", "list") == (
        "Charter for #1 Ada Lovelace: every 2w, after 6pm; agreed Sun 1 Nov, review every "
        "3m, next Mon 1 Feb 2027.\n"
    )
    assert " ".join(cadence.ok("charter", "ada", "--every", "2w").split()).endswith(
        "next Mon 1 Feb 2027. Nothing changed."
    )


# ---------------------------------------------------------------------------------------------
# Notes


def test_notes_are_a_dated_journal(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--note", "prefers mornings")
    assert cadence.ok("note", "ada", "daughter starts university", today="2026-11-20") == (
        "Noted for #1 Ada Lovelace on Fri 20 Nov.\n"
    )
    cadence.ok("note", "ada", "bought the flat")
    page = lines(cadence.ok("show", "ada"))
    at = page.index("Notes")
    assert page[at + 1 : at + 3] == [
        "       23 Nov bought the flat (sam)",
        "       20 Nov daughter starts university (sam)",
    ]
    journal = json.loads(cadence.ok("show", "ada", "--json"))["journal"]
    assert [(n["on"], n["text"], n["by"]) for n in journal] == [
        ("2026-11-23", "bought the flat", "sam"),
        ("2026-11-20", "daughter starts university", "sam"),
    ]
    assert lines(cadence.ok("edit", "ada", "--note", "prefers evenings")) == [
        "Updated #1 Ada Lovelace.",
        "The notes replaced were: prefers mornings",
        '(`cadence note "#1" TEXT` adds a dated note and keeps the rest.)',
    ]
    assert cadence.ok("edit", "ada", "--phone", "1") == "Updated #1 Ada Lovelace.\n"
    empty = cadence("note", "ada", "  ")
    assert empty.exit_code == 2 and "a note needs a text" in empty.stderr


# ---------------------------------------------------------------------------------------------
# Archive transitions


def test_archive_refuses_open_promises_then_hands_them_over(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--owner", "sam")
    cadence.ok("add", "Bob Stone", "--owner", "kim", "--new-owner")
    cadence.ok("promise", "add", "ada", "send the file", "--by", "fri")
    refused = cadence("archive", "ada", "--reason", "moved to Lisbon")
    assert refused.exit_code == 5
    assert "has 1 open promise: [1] send the file" in refused.stderr
    assert cadence.ok(
        "archive", "ada", "--reason", "moved to Lisbon", "--hand-over-to", "kim",
        "--partner", "Marta Lopes",
    ) == (
        "Archived #1 Ada Lovelace: moved to Lisbon. `cadence restore` brings them back.\n"
        "Referred to Marta Lopes.\n"
        "Handed 1 open promise to kim: still on their due list.\n"
    )  # fmt: skip
    assert [p["id"] for p in due_json(cadence)["promises"]] == [1]
    assert [p["id"] for p in due_json(cadence, "--owner", "KIM")["promises"]] == [1]
    assert due_json(cadence, "--owner", "sam")["promises"] == []
    assert due_json(cadence)["contacts"][0]["name"] == "Bob Stone"  # Ada left the contacts
    listed = json.loads(cadence.ok("promise", "list", "--json"))
    assert [(p["id"], p["handed_to"]) for p in listed] == [(1, "kim")]
    assert "(handed to kim)" in cadence.ok("promise", "list")
    page = lines(cadence.ok("show", "#1"))
    assert "  Referred to:   Marta Lopes" in page
    assert json.loads(cadence.ok("show", "#1", "--json"))["partner"] == "Marta Lopes"
    cadence.ok("promise", "done", "1")
    assert due_json(cadence)["promises"] == []


def test_archive_can_cancel_open_promises(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    cadence.ok("promise", "add", "ada", "send the file", "--by", "fri")
    both = cadence("archive", "ada", "-r", "x", "--hand-over-to", "kim", "--cancel-promises")
    assert both.exit_code == 2 and "not both" in both.stderr
    out = cadence.ok("archive", "ada", "--reason", "gone", "--cancel-promises")
    assert out.endswith("Cancelled 1 open promise.\n")
    dump = json.loads(cadence.ok("export", "--format", "json"))
    assert [(p["cancelled_on"], p["cancel_reason"]) for p in dump["promises"]] == [
        ("2026-11-23", "archived: gone")
    ]  # kept, and restored as it is
    cadence.ok("restore", "ada")
    assert json.loads(cadence.ok("promise", "list", "--json")) == []
    assert "cancelled 23 Nov" in cadence.ok("promise", "list", "--all")


def test_an_archived_client_named_any_way_says_so(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--email", "ada@example.com")
    cadence.ok("archive", "ada", "--reason", "moved away")
    for ref in ("#1", "Ada Lovelace", "ada@example.com", "lovelace"):
        result = cadence("log", ref)
        assert result.exit_code == 3, ref
        assert result.stderr == (
            "cadence: error: #1 Ada Lovelace is archived (on Mon 23 Nov 2026: moved away) "
            "(`cadence restore '#1'` brings it back)\n"
        ), ref


def test_add_warns_about_a_client_of_the_same_name(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    cadence.ok("archive", "ada", "--reason", "moved away")
    result = cadence("add", "ada lovelace")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added #2 ada lovelace (tier C): due today.\n"
    assert result.stderr == (
        "cadence: warning: #1 Ada Lovelace (archived) has the same name: is it the same "
        "client? (`cadence restore '#1'`)\n"
    )
    assert cadence("add", "Bob").stderr == ""


# ---------------------------------------------------------------------------------------------
# Call-backs


def test_a_missed_inbound_call_is_a_call_back_listed_first(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A", today="2026-11-01")
    cadence.ok("add", "Bob Stone", "--tier", "A", today="2026-11-01")
    cadence.ok("add", "Cy Twombly", "--tier", "A", today="2026-11-01")
    cadence.ok("log", "ada", "--on", "2026-11-19")
    cadence.ok("log", "bob", "--on", "2026-11-19")
    cadence.ok("log", "cy", "--on", "2026-11-19")
    cadence.ok("log", "bob", "--on", "2026-11-20", "-o", "no-answer")  # ours: a follow-up
    cadence.ok("log", "ada", "--on", "2026-11-21", "--inbound", "-o", "no-answer")
    cadence.ok("log", "cy", "--on", "2026-11-20", "--inbound", "-o", "no-answer")
    cadence.ok("log", "cy", "--on", "2026-11-22", "-o", "no-answer")  # we tried back: still one
    follow_ups = due_json(cadence)["follow_ups"]
    assert [(f["name"], f["attempted_on"], f["channel"], f["inbound"]) for f in follow_ups] == [
        ("Ada Lovelace", "2026-11-21", "call", True),
        ("Cy Twombly", "2026-11-22", "call", True),
        ("Bob Stone", "2026-11-20", "call", False),
    ]  # call-backs first, then by the day of the attempt
    shown = " ".join(cadence.ok("due").split())
    assert shown.endswith(
        "Follow-ups "
        "#1 Ada Lovelace: they called Sat 21 Nov and you missed it: call back "
        "#3 Cy Twombly: they called Fri 20 Nov and you missed it; your call on Sun 22 Nov "
        "went unanswered: call back "
        "#2 Bob Stone: call unanswered on Fri 20 Nov: follow up with a text or email"
    )
    cadence.ok("log", "ada", "--channel", "text")  # reached them: the call-back is done
    assert [f["name"] for f in due_json(cadence)["follow_ups"]] == ["Cy Twombly", "Bob Stone"]
    cadence.ok("log", "cy", "--inbound", "--channel", "call")  # they called again, and got you
    assert [f["inbound"] for f in due_json(cadence)["follow_ups"]] == [False]


# ---------------------------------------------------------------------------------------------
# Tiers and the review


def test_tier_set_says_when_nothing_changed_and_what_the_charter_asks(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "B")
    assert cadence.ok("tier", "set", "ada", "b") == (
        "#1 Ada Lovelace is already in tier B: nothing changed.\n"
    )
    cadence.ok("charter", "ada", "--every", "1w")
    assert cadence.ok("tier", "set", "ada", "C") == (
        "Moved #1 Ada Lovelace from B to C; the charter still asks every 1w.\n"
    )


def test_review_will_not_archive_a_client_with_open_promises(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("promise", "add", "ada", "send the file", "--by", "fri")
    out = " ".join(cadence.ok("tier", "review", input="x\nmoved away\n").split())
    assert (
        "#1 Ada Lovelace has 1 open promise, so not archived: hand them over with `cadence "
        "archive '#1' --reason R --hand-over-to OWNER`, or --cancel-promises." in out
    )
    assert cadence.ok("clients", "--archived").startswith("No clients match.")
