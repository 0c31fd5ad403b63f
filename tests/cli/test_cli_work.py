"""`cadence work` with answers piped on stdin: the cards in `due` order, one answer each,
every answer saved as it is given. (`test_work_terminal.py` drives it in a real terminal.)"""

from __future__ import annotations

import json
from typing import Any

PROMPT = "[r]eached [n]o answer [t]exted [e]mailed [m]et [p]romise snoo[z]e [s]kip [q]uit: "

# Today is Mon 23 Nov 2026. In `due` order:
# 1. Lars (B): a call unanswered yesterday: the follow-up comes first.
# 2. Maria (A): last reached 7 Nov: reactive since 21 Nov.
# 3. Tom (A): last reached 13 Nov: due since 20 Nov.
# Chen (C) was reached on 1 Nov: not due, no card.


def _book(cadence: Any) -> None:
    cadence.ok("add", "Lars Eriksen", "--tier", "B", today="2026-10-01")
    cadence.ok(
        "add", "Maria Alvarez", "--tier", "A", "--phone", "(415) 555-0101",
        "--email", "maria@example.com", "--birthday", "1978-11-26", today="2026-10-01",
    )  # fmt: skip
    cadence.ok("add", "Tom Becker", "--tier", "A", "--email", "tom@example.com", today="2026-10-01")
    cadence.ok("add", "Chen Wei", "--tier", "C", today="2026-10-01")
    cadence.ok("log", "Lars", "--on", "2026-11-01", "--channel", "email")
    cadence.ok("log", "Lars", "--on", "2026-11-22", "--outcome", "no-answer")
    cadence.ok("log", "Maria", "--on", "2026-11-07", "--channel", "meeting", "--note", "viewing")
    cadence.ok("log", "Tom", "--on", "2026-11-13")
    cadence.ok("log", "Chen", "--on", "2026-11-01")
    cadence.ok("charter", "Maria", "--every", "1w", "--channel", "text", "--note", "after 6pm")
    cadence.ok("promise", "add", "Maria", "send the Q4 report", "--by", "2026-11-27")


def _due(cadence: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cadence.ok("due", "--json"))
    return data


def _touches(cadence: Any, name: str) -> list[tuple[str, str, str]]:
    shown = json.loads(cadence.ok("show", name, "--json"))
    return [(t["on"], t["channel"], t["outcome"]) for t in shown["touches"]]


def test_the_cards_come_in_due_order_with_what_a_call_needs(cadence: Any) -> None:
    _book(cadence)
    out = cadence.ok("work", input="s\ns\ns\n")
    headers = [line for line in out.splitlines() if line.startswith("[") and " · " in line]
    assert headers == [
        "[1/3] #1 Lars Eriksen · B · follow-up",
        "[2/3] #2 Maria Alvarez · A · reactive",
        "[3/3] #3 Tom Becker · A · due",
    ]
    assert out.splitlines()[0] == "cadence work · Mon 23 Nov 2026 · 3 cards"
    maria = out[out.index("[2/3]") : out.index("[3/3]")].splitlines()
    assert maria == [
        "[2/3] #2 Maria Alvarez · A · reactive",
        "  Now:           reactive since Sat 14 Nov (9 days)",
        "  Why:           last reached 7 Nov by meeting; charter every 1w",
        "  Phone:         (415) 555-0101",
        "  Email:         maria@example.com",
        "  Charter:       prefers text, after 6pm",
        "  Last touches:  7 Nov → meeting (reached): viewing",
        "  Promises:      [1] send the Q4 report by Fri 27 Nov",
        "  Coming up:     turns 48, Thu 26 Nov",
        PROMPT + "s",
        "",
    ]
    lars = out[out.index("[1/3]") : out.index("[2/3]")]
    assert "  Follow up:     call unanswered on Sun 22 Nov: follow up with a text or email" in lars
    assert out.rstrip().endswith("Done: 3 skipped; 3 still due.")


def test_each_answer_is_saved_as_a_touch_today(cadence: Any) -> None:
    _book(cadence)
    out = cadence.ok("work", input="e\nr\nm\n")
    assert "Logged email with Lars Eriksen (message); next due Wed 23 Dec." in out
    assert "Logged call with Maria Alvarez (reached); next due Mon 30 Nov." in out
    assert "Logged meeting with Tom Becker (reached); next due Mon 30 Nov." in out
    assert out.rstrip().endswith("Done: 1 reached, 1 email, 1 meeting; 0 still due.")
    assert _touches(cadence, "Maria")[0] == ("2026-11-23", "call", "reached")
    due = _due(cadence)
    assert due["contacts"] == [] and due["follow_ups"] == []


def test_no_answer_offers_the_message_the_follow_up_asks_for(cadence: Any) -> None:
    _book(cadence)
    out = cadence.ok("work", input="s\nn\nt\nn\n\n")
    assert "Logged call with Maria Alvarez (no-answer); still reactive." in out
    assert "Follow up now? [t]exted [e]mailed, Enter: not now: " in out
    assert "Logged text with Maria Alvarez (message); next due Mon 30 Nov." in out
    assert out.rstrip().endswith("Done: 2 no answer, 1 text, 1 skipped; 2 still due.")
    assert _touches(cadence, "Maria")[:2] == [
        ("2026-11-23", "text", "message"),
        ("2026-11-23", "call", "no-answer"),
    ]
    assert [f["name"] for f in _due(cadence)["follow_ups"]] == ["Lars Eriksen", "Tom Becker"]


def test_a_promise_keeps_the_card_and_a_snooze_moves_on(cadence: Any) -> None:
    _book(cadence)
    answers = "p\ncall the bank\nsomeday\nfri\ns\nz\n\nz\n2026-12-10\n"
    out = cadence.ok("work", input=answers)
    assert "Promise [2] to Lars Eriksen: call the bank, by Fri 27 Nov." in out
    assert out.count("[1/3]") == 1
    assert "Snoozed Maria Alvarez until Mon 30 Nov." in out
    assert "Snoozed Tom Becker until Thu 10 Dec." in out
    assert out.rstrip().endswith("Done: 1 promise, 2 snoozed, 1 skipped; 1 still due.")
    due = _due(cadence)
    assert {p["text"] for p in due["promises"]} == {"send the Q4 report", "call the bank"}
    assert [f["name"] for f in due["follow_ups"]] == ["Lars Eriksen"]
    assert due["contacts"] == []


def test_an_unknown_key_is_explained_and_asked_again(cadence: Any) -> None:
    _book(cadence)
    out = cadence.ok("work", input="x\nreached\nq\n")
    assert (
        "Answer with one key: r reached (a call), n no answer, t texted, e emailed, m met, "
        "p promise, z snooze, s skip, q quit." in out
    )
    assert "Logged call with Lars Eriksen (reached)" in out
    assert "[3/3]" not in out
    assert out.rstrip().endswith("Stopped at card 2 of 3: 1 reached; 2 still due.")


def test_input_that_ends_exits_130_after_the_summary(cadence: Any) -> None:
    _book(cadence)
    result = cadence("work", input="r\n")
    assert result.exit_code == 130
    assert result.stdout.rstrip().endswith("Stopped at card 2 of 3: 1 reached; 2 still due.")
    assert "every answer given is saved" in result.stderr
    assert _touches(cadence, "Lars")[0] == ("2026-11-23", "call", "reached")


def test_filters_and_an_empty_list(cadence: Any) -> None:
    _book(cadence)
    out = cadence.ok("work", "--tier", "B", input="q\n")
    assert "cadence work · Mon 23 Nov 2026 · 1 card" in out
    assert cadence.ok("work", "--tier", "C") == (
        "Nothing due today: every client has heard from you.\n"
    )


def test_a_client_touched_since_the_list_was_read_is_passed(cadence: Any) -> None:
    """A teammate logs Tom while Maria's card is up: Tom's card is not shown."""
    _book(cadence)
    cadence.ok("log", "Tom")  # as if logged after the list was read: the card re-reads
    out = cadence.ok("work", input="s\ns\n")
    assert "[3/" not in out
    assert out.rstrip().endswith("Done: 2 skipped; 2 still due.")
