"""`cadence log` and `cadence undo`.

Today is Mon 2026-11-23 (conftest): `fri` read backwards is Fri 20 Nov.
"""

from __future__ import annotations

import json
from typing import Any

from cli_output import lines


def touches(cadence: Any, ref: str) -> list[tuple[str, str, str, str]]:
    """(day, channel, outcome, direction) of a client's touches, newest first."""
    data = json.loads(cadence.ok("show", ref, "--json"))
    return [(t["on"], t["channel"], t["outcome"], t["direction"]) for t in data["touches"]]


def test_log_prints_the_new_due_date(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    assert lines(cadence.ok("log", "ada", "--note", "talked about the move")) == [
        "Logged call with Ada Lovelace on Mon 23 Nov (reached).",
        "Next due Mon 30 Nov (last reached 23 Nov by call; A every 1w).",
    ]
    cadence.ok("add", "Bob Brown", "--tier", "B")
    assert lines(cadence.ok("log", "bob", "--channel", "email", "--by", "kim", "--new-owner")) == [
        "Logged email with Bob Brown on Mon 23 Nov (message).",
        "Next due Wed 23 Dec (last email 23 Nov (message); B every 1m).",
    ]
    assert "       23 Nov → email    message    by kim" in lines(cadence.ok("show", "bob"))
    assert "       23 Nov → call     reached    by sam  talked about the move" in lines(
        cadence.ok("show", "ada")
    )


def test_default_outcome_follows_the_channel(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    expected = {
        "call": "reached", "meeting": "reached", "video": "reached", "text": "message",
        "email": "message", "gift": "message", "card": "message", "social": "message",
        "other": "message",
    }  # fmt: skip
    for channel, outcome in expected.items():
        first = lines(cadence.ok("log", "ada", "--channel", channel.upper()))[0]
        assert first == f"Logged {channel} with Ada Lovelace on Mon 23 Nov ({outcome}).", channel
    logged = {channel: outcome for _, channel, outcome, _ in touches(cadence, "ada")}
    assert logged == expected
    explicit = lines(cadence.ok("log", "ada", "--channel", "text", "--outcome", "reached"))
    assert explicit[0] == "Logged text with Ada Lovelace on Mon 23 Nov (reached)."


def test_no_answer_does_not_count_and_asks_for_a_follow_up(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada", "--on", "2026-11-09")
    assert lines(cadence.ok("log", "ada", "--outcome", "no-answer")) == [
        "Logged call with Ada Lovelace on Mon 23 Nov (no-answer).",
        "Not counted: call unanswered on Mon 23 Nov: follow up with a text or email.",
        "Still reactive since Mon 16 Nov (last reached 9 Nov by call; A every 1w).",
    ]
    assert lines(cadence.ok("log", "ada", "--channel", "text")) == [
        "Logged text with Ada Lovelace on Mon 23 Nov (message).",
        "Next due Mon 30 Nov (last text 23 Nov (message); A every 1w).",
    ]


def test_on_reads_backwards_and_refuses_the_future(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    assert lines(cadence.ok("log", "ada", "--on", "fri")) == [
        "Logged call with Ada Lovelace on Fri 20 Nov (reached).",
        "Next due Fri 27 Nov (last reached 20 Nov by call; A every 1w).",
    ]
    cadence.ok("log", "ada", "--on", "3d", "--channel", "text")  # three days ago: Fri 20
    cadence.ok("log", "ada", "--on", "yesterday", "--channel", "email")
    cadence.ok("log", "ada", "--on", "mon", "--channel", "card")  # a weekday is never today
    cadence.ok("log", "ada", "--on", "2026-11-02", "--channel", "gift")
    assert [(day, channel) for day, channel, _, _ in touches(cadence, "ada")] == [
        ("2026-11-22", "email"),
        ("2026-11-20", "text"),
        ("2026-11-20", "call"),
        ("2026-11-16", "card"),
        ("2026-11-02", "gift"),
    ]
    for when in ("tomorrow", "+1d", "2026-11-24"):
        future = cadence("log", "ada", "--on", when)
        assert future.exit_code == 2, when
        assert future.stderr.startswith(f"cadence: error: --on {when} is in the future"), when
    unreadable = cadence("log", "ada", "--on", "someday")
    assert unreadable.exit_code == 2
    assert "cannot read date 'someday'" in unreadable.stderr
    assert "YYYY-MM-DD, today, yesterday, tomorrow" in unreadable.stderr
    assert len(touches(cadence, "ada")) == 5


def test_bad_channel_outcome_or_client(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    cadence.ok("add", "Ada Byron")
    for args, code, message in [
        (["log", "#1", "--channel", "fax"], 2, "unknown channel 'fax' (use one of: call, text,"),
        (["log", "#1", "--outcome", "maybe"], 2, "unknown outcome 'maybe'"),
        (["log", "ada"], 4, "'ada' matches 2 clients; use the #id: #1 Ada Lovelace; #2 Ada Byron"),
        (["log", "Ada Lovlace"], 3, "did you mean #1 Ada Lovelace?"),
    ]:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert touches(cadence, "#1") == []


def test_inbound_while_due_is_a_chase(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("add", "Bob Brown", "--tier", "A")
    cadence.ok("log", "ada", "--on", "2026-11-09")  # reactive since 16 Nov
    cadence.ok("log", "bob", "--on", "2026-11-20")  # ok until 27 Nov
    assert lines(cadence.ok("log", "ada", "--inbound", "--channel", "email")) == [
        "Logged email from Ada Lovelace on Mon 23 Nov (message).",
        "Next due Mon 30 Nov (they reached you 23 Nov by email; A every 1w).",
    ]
    cadence.ok("log", "bob", "--inbound")
    ada = lines(cadence.ok("show", "ada"))
    assert "  Chased you:    23 Nov" in ada
    assert "       23 Nov ← email    message    by sam" in ada
    assert not [line for line in lines(cadence.ok("show", "bob")) if "Chased" in line]
    assert json.loads(cadence.ok("show", "ada", "--json"))["chases"] == [
        {"on": "2026-11-23", "channel": "email"}
    ]
    assert json.loads(cadence.ok("show", "bob", "--json"))["chases"] == []


def test_charter_channel_is_the_default_channel(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("charter", "ada", "--every", "2w", "--channel", "text", "--note", "after 6pm")
    assert lines(cadence.ok("log", "ada")) == [
        "Logged text with Ada Lovelace on Mon 23 Nov (message).",
        "Next due Mon 7 Dec (last text 23 Nov (message); charter every 2w).",
    ]
    explicit = lines(cadence.ok("log", "ada", "--channel", "call"))[0]
    assert explicit == "Logged call with Ada Lovelace on Mon 23 Nov (reached)."


def test_undo_removes_the_most_recently_logged_touch(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    empty = cadence("undo", "--yes")
    assert empty.exit_code == 3
    assert "there is no touch of yours (sam) to undo" in empty.stderr

    cadence.ok("log", "ada")  # today
    cadence.ok("log", "ada", "--on", "2026-11-16", "--channel", "email", "--note", "late entry")
    # the latest touch by day is today's call, but the email was logged last
    assert lines(cadence.ok("undo", "--yes")) == [
        "Last touch logged by sam: email with Ada Lovelace on Mon 16 Nov (message): late entry",
        "Removed touch 2.",
    ]
    assert touches(cadence, "ada") == [("2026-11-23", "call", "reached", "outbound")]

    kept = cadence("undo", input="n\n")
    assert kept.exit_code == 0, kept.output
    out = lines(kept.stdout)  # the runner echoes the typed answer between the two
    assert out[0] == "Last touch logged by sam: call with Ada Lovelace on Mon 23 Nov (reached)"
    assert out[-1] == "Kept it."
    assert "Remove it? [y/N]" in kept.stderr
    assert len(touches(cadence, "ada")) == 1

    gone = cadence("undo", input="y\n")
    assert gone.exit_code == 0, gone.output
    assert lines(gone.stdout)[-1] == "Removed touch 1."
    assert touches(cadence, "ada") == []
    assert cadence.ok("due", "--count") == "1\n"  # due again: the clock went back
