"""`cadence tier review` end to end with scripted answers: each one is saved as it is given."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import typer

from cadence_cli.core.records import Stamp
from cadence_cli.store import alchemy, writes

# Today is Mon 23 Nov 2026. The cards come most urgent first:
# 1. Lars (B), last reached 1 Jul: reactive since 15 Aug. No conversation for 4 whole months.
# 2. Ada (A), reached 18 Nov: ok. Then the other ok clients by tier rank:
# 3. Tom (B): reached 3 Aug, then called in while due on 10 Sep, 15 Oct and 20 Nov: 3 chases.
# 4. Chen (C): messages only since his last conversation on 1 Jul 2025: 5 quarters.
ORDER = ["Lars", "Ada", "Tom", "Chen"]


def _book(cadence) -> None:  # type: ignore[no-untyped-def]
    cadence.ok("add", "Lars", "--tier", "B", "--owner", "sam", "--new-owner", today="2026-06-01")
    cadence.ok("add", "Ada", "--tier", "A", "--owner", "ana", "--new-owner", today="2026-06-01")
    cadence.ok("add", "Tom", "--tier", "B", "--owner", "sam", "--new-owner", today="2026-06-01")
    cadence.ok("add", "Chen", "--tier", "C", "--owner", "sam", "--new-owner", today="2025-06-01")
    cadence.ok("log", "Lars", "--on", "2026-07-01")
    cadence.ok("log", "Ada", "--channel", "video", "--on", "2026-11-18", "--note", "new listing")
    cadence.ok("log", "Tom", "--on", "2026-08-03")
    cadence.ok("log", "Tom", "--inbound", "--channel", "text", "--on", "2026-09-10")
    cadence.ok("log", "Tom", "--inbound", "--on", "2026-10-15")
    cadence.ok("log", "Tom", "--inbound", "--channel", "email", "--on", "2026-11-20")
    cadence.ok("log", "Chen", "--channel", "meeting", "--on", "2025-07-01")
    cadence.ok("log", "Chen", "--channel", "email", "--on", "2026-10-01")
    cadence.ok(
        "promise", "add", "Tom", "send the Q4 report", "--by", "2026-11-21", today="2026-11-10"
    )


def _clients(cadence, *args: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {c["name"]: c for c in json.loads(cadence.ok("clients", "--json", *args))}


def _tiers(cadence) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {name: c["tier"] for name, c in _clients(cadence).items()}


def test_cards_and_suggestions(cadence) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    out = cadence.ok("tier", "review", input="s\ns\ns\ns\n")
    headers = [line for line in out.splitlines() if line.startswith("[")]
    assert headers == ["[1/4] #1 Lars", "[2/4] #2 Ada", "[3/4] #3 Tom", "[4/4] #4 Chen"]
    tom = out[out.index("[3/4] #3 Tom") : out.index("[4/4]")].splitlines()
    assert tom[:9] == [
        "[3/4] #3 Tom",
        "  Tier:          B: every 1m, reactive after 2w",
        "  Now:           ok, next due Sun 20 Dec",
        "  Owner:         sam",
        "  Last touches:  20 Nov ← email (message)",
        "                 15 Oct ← call (reached)",
        "                 10 Sep ← text (message)",
        "                 3 Aug → call (reached)",
        "  Last 90 days:  3 chases, 3 inbound",
    ]
    assert "  Open promises: [1] send the Q4 report by Sat 21 Nov (overdue)" in tom
    assert "  Suggestion:    chased you 3 times in 90 days: consider tier A" in tom
    assert "  Suggestion:    no conversation in 4 cycles: consider C or archive" in out
    assert "  Now:           reactive since Sat 1 Aug (16w 2d)" in out
    assert "  Last touches:  18 Nov → video (reached): new listing" in out
    assert "  Suggestion:    last conversation 18 Nov; no chases in 90 days: keep in A" in out
    assert "  Suggestion:    no conversation in 5 cycles: consider archiving" in out
    assert out.rstrip().endswith("Review done: 0 moved, 0 archived; every answer given is saved.")
    assert _tiers(cadence) == {"Lars": "B", "Ada": "A", "Tom": "B", "Chen": "C"}


def test_move_skip_archive_and_finish(cadence) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    answers = "x\n\nmoved to Spain; handed to Marta\nwhat\ns\na\nC\n"
    out = cadence.ok("tier", "review", input=answers)
    assert "Archived #1 Lars: moved to Spain; handed to Marta." in out
    assert "Answer with a tier (A, B, C), x to archive, s to skip or q to quit." in out
    assert "Moved #3 Tom from B to A." in out
    assert "#4 Chen stays in C." in out
    assert out.rstrip().endswith("Review done: 1 moved, 1 archived; every answer given is saved.")
    assert _tiers(cadence) == {"Ada": "A", "Tom": "A", "Chen": "C"}
    archived = _clients(cadence, "--archived")
    assert archived["Lars"]["archived_reason"] == "moved to Spain; handed to Marta"


def test_quit_half_way_keeps_the_answers_given(cadence) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    out = cadence.ok("tier", "review", input="c\nq\nA\nA\n")
    assert "Moved #1 Lars from B to C." in out
    assert "[3/4]" not in out
    assert out.rstrip().endswith(
        "Stopped at card 2 of 4: 1 moved, 0 archived; every answer given is saved."
    )
    assert _tiers(cadence) == {"Lars": "C", "Ada": "A", "Tom": "B", "Chen": "C"}


def test_input_that_runs_out_stops_like_an_interrupt(cadence) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    result = cadence("tier", "review", input="s\nx\nmoved away\n")
    assert result.exit_code == 130, result.output  # like Ctrl-C, and every other command
    assert result.stderr == (
        "cadence: error: stopped at a question (Ctrl-C or end of input): every answer given "
        "before is saved (run it in a terminal, or pipe answers such as 'B', 's', 'x' and 'q')\n"
    )
    out = result.stdout
    assert "Archived #2 Ada: moved away." in out
    assert out.rstrip().endswith(
        "Stopped at card 3 of 4: 0 moved, 1 archived; every answer given is saved."
    )
    assert set(_tiers(cadence)) == {"Lars", "Tom", "Chen"}


def test_archive_without_a_reason_archives_nothing(cadence) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    result = cadence("tier", "review", input="x\n  \n")
    assert result.exit_code == 130, result.output
    assert "No reason given, so not archived: 0 moved, 0 archived" in result.stdout
    assert len(_tiers(cadence)) == 4


def test_no_input_at_all_stops_with_130(cadence) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    result = cadence("tier", "review", input="")
    assert result.exit_code == 130, result.output
    assert result.stderr == (
        "cadence: error: stopped at a question (Ctrl-C or end of input): every answer given "
        "before is saved (run it in a terminal, or pipe answers such as 'B', 's', 'x' and 'q')\n"
    )
    assert _tiers(cadence) == {"Lars": "B", "Ada": "A", "Tom": "B", "Chen": "C"}


def test_filters_and_an_empty_walk(cadence) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    out = cadence.ok("tier", "review", "--tier", "b", "--owner", "me", input="s\nq\n")
    headers = [line for line in out.splitlines() if line.startswith("[")]
    assert headers == ["[1/2] #1 Lars", "[2/2] #3 Tom"]
    out = cadence.ok("tier", "review", "--owner", "nobody", input="")
    assert out == "No active clients to review.\n"
    missing = cadence("tier", "review", "--tier", "Z", input="q\n")
    assert missing.exit_code == 3
    assert "no tier named 'Z'" in missing.stderr


def _meanwhile(monkeypatch, action: Callable[[], None]) -> None:  # type: ignore[no-untyped-def]
    """At the first question (the first card is on screen), let someone else act first."""
    ask = typer.prompt
    pending = [action]

    def prompt(*args: Any, **kwargs: Any) -> Any:
        while pending:
            pending.pop()()
        return ask(*args, **kwargs)

    monkeypatch.setattr(typer, "prompt", prompt)


def _elsewhere(url: str, change: Callable[..., object]) -> Callable[[], None]:
    """Another cadence changing the book through its own connection."""

    def act() -> None:
        opened = alchemy.open_store(url, create=False)
        try:
            with opened.transaction(write=True) as db:
                change(db)
        finally:
            opened.close()

    return act


ELSEWHERE = Stamp(date(2026, 11, 23), datetime(2026, 11, 23, 9, tzinfo=UTC), "jo")


def test_a_tier_changed_by_someone_else_is_said_aloud(cadence, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    moved = _elsewhere(cadence.db, lambda db: writes.set_tier(1, "A", db=db, stamp=ELSEWHERE))
    _meanwhile(monkeypatch, moved)
    out = cadence.ok("tier", "review", input="c\nq\n")
    assert "Lars was moved to A by someone else since this card was shown; now C." in out
    assert _tiers(cadence)["Lars"] == "C"  # last write wins
    # Answering the tier someone else already chose changes nothing and says so.
    moved = _elsewhere(cadence.db, lambda db: writes.set_tier(1, "B", db=db, stamp=ELSEWHERE))
    _meanwhile(monkeypatch, moved)
    out = cadence.ok("tier", "review", input="b\nq\n")
    assert "#1 Lars was already moved to B by someone else." in out


def test_a_client_archived_by_someone_else_is_left_alone(cadence, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _book(cadence)
    gone = _elsewhere(
        cadence.db,
        lambda db: writes.archive_client(1, "retired", db=db, stamp=ELSEWHERE),
    )
    _meanwhile(monkeypatch, gone)
    out = cadence.ok("tier", "review", input="a\nq\n")
    assert (
        "#1 Lars was archived by someone else since this card was shown (retired); "
        "left as it is." in out
    )
    archived = _clients(cadence, "--archived")
    assert archived["Lars"]["tier"] == "B"
