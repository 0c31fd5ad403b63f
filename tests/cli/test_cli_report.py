"""`cadence report` end to end on a tiny book whose every number is worked out by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cadence_cli.core.records import DueFilters
from cadence_cli.core.report import ClientHistory, Report, build_report, window_start
from cadence_cli.core.schedule import ClientFacts
from cadence_cli.core.terms import client_timeline
from cadence_cli.store import alchemy, facts, reads, terms
from cadence_cli.store.engine import as_day

# The window of `--weeks 2` on Mon 23 Nov 2026 is Tue 10 Nov … Mon 23 Nov (14 days). Buckets
# start on 10 and 17 Nov.
#
# Ann, A (every 1w, reactive after 1w), added 1 Oct, owner sam. Reached 5 Nov (before the
#   window): due 12 Nov, reactive from 19 Nov. She calls in on 20 Nov: a chase, and the new
#   anchor (due 27 Nov). 10-11 ok · 12-18 due · 19 reactive · 20-23 ok: ok 6, due 7,
#   reactive 1; on cadence 2 + 1 + 4 = 7. Promise due 12 Nov kept 11 Nov: on time.
# Ben, B (every 1m, reactive after 2w), added 1 Sep, owner sam. Emailed 31 Oct: 31 Oct + 1m
#   clamps to 30 Nov, so all 14 days are ok and on cadence. The unanswered call of 16 Nov
#   leaves a follow-up open. Demand 7/30 a week.
# Cara, C (every 3m, reactive after 1m), added 1 Jun, owner ana, snoozed until 17 Nov. Met
#   1 Aug: due 1 Nov, pushed by the snooze to 17 Nov. Texted 21 Nov (proactive): due 21 Feb.
#   10-16 ok · 17-20 due · 21-23 ok: ok 10, due 4; on cadence 7 + 1 + 3 = 11. Demand: 21 Nov
#   to 21 Feb is 92 days, 7/92 a week.
# Dan, A, added Mon 16 Nov, owner sam, never touched: due at once, reactive from 23 Nov.
#   8 client-days: due 16-22, reactive 23; on cadence only 16 Nov. Promises: due 18 Nov kept
#   20 Nov (late), due 19 Nov open (overdue), due 23 Nov open (due today: not overdue yet).
# Eve, B, archived on 9 Nov, before the window: in no count (nor is the touch of 15 Nov,
#   logged while she was archived).
#
# Overall: 4 clients, 50 client-days, on cadence 7 + 14 + 11 + 1 = 33 (66%), reactive days 2,
# 1 chase, 1 open follow-up, 3 touches (2 counting, 1 proactive: 0.5 a week), promises 1 on
# time, 1 late, 1 overdue. Demand: each client-day asks 1 / interval_days touches, averaged
# over the 14 days: Ann 14/7, Ben 14/30, Cara 14/92, Dan 8/7 (his 8 days) → per week
# 1 + 7/30 + 7/92 + 4/7 = 1.8808…

DEMAND = 1 + 7 / 30 + 7 / 92 + 4 / 7


def _tiny_book(cadence) -> None:  # type: ignore[no-untyped-def]
    cadence.ok("add", "Ann", "--tier", "A", "--owner", "sam", "--new-owner", today="2026-10-01")
    cadence.ok(
        "add",
        "Ben",
        "--tier",
        "B",
        "--owner",
        "sam",
        "--new-owner",
        "--tag",
        "vip",
        today="2026-09-01",
    )
    cadence.ok("add", "Cara", "--tier", "C", "--owner", "ana", "--new-owner", today="2026-06-01")
    cadence.ok("add", "Dan", "--tier", "A", "--owner", "sam", "--new-owner", today="2026-11-16")
    cadence.ok("add", "Eve", "--tier", "B", "--owner", "sam", "--new-owner", today="2026-09-01")
    cadence.ok("log", "Ann", "--channel", "call", "--on", "2026-11-05")
    cadence.ok("log", "Ann", "--channel", "call", "--inbound", "--on", "2026-11-20")
    cadence.ok("log", "Ben", "--channel", "email", "--on", "2026-10-31")
    cadence.ok("log", "Ben", "--channel", "call", "--outcome", "no-answer", "--on", "2026-11-16")
    cadence.ok("log", "Cara", "--channel", "meeting", "--on", "2026-08-01")
    cadence.ok("snooze", "Cara", "--until", "2026-11-17", today="2026-11-09")
    cadence.ok("log", "Cara", "--channel", "text", "--on", "2026-11-21")
    cadence.ok("log", "Eve", "--channel", "call", "--on", "2026-11-15")
    cadence.ok("archive", "Eve", "--reason", "moved away", today="2026-11-09")
    cadence.ok("promise", "add", "Ann", "valuation", "--by", "2026-11-12", today="2026-11-01")
    cadence.ok("promise", "done", "1", "--on", "2026-11-11")
    cadence.ok("promise", "add", "Dan", "brochure", "--by", "2026-11-18", today="2026-11-16")
    cadence.ok("promise", "done", "2", "--on", "2026-11-20")
    cadence.ok("promise", "add", "Dan", "intro", "--by", "2026-11-19", today="2026-11-16")
    cadence.ok("promise", "add", "Dan", "lunch", "--by", "2026-11-23", today="2026-11-16")


def _report(cadence, *args: str, today: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    out = cadence.ok("report", "--weeks", "2", "--json", *args, today=today)
    return json.loads(out)  # type: ignore[no-any-return]


def test_json_by_hand(cadence) -> None:  # type: ignore[no-untyped-def]
    _tiny_book(cadence)
    data = _report(cadence)
    assert (data["date"], data["weeks"], data["start"]) == ("2026-11-23", 2, "2026-11-10")
    assert data["overall"] == {
        "tier": "all",
        "rank": None,
        "clients": 4,
        "client_days": 50,
        "on_cadence_days": 33,
        "on_cadence_rate": 0.66,
        "ok_days": 30,
        "due_days": 18,
        "reactive_days": 2,
        "chases": 1,
        "open_follow_ups": 1,
        "touches": 3,
        "counting_touches": 2,
        "proactive_touches": 1,
        "demanded_per_week": round(DEMAND, 4),
        "logged_per_week": 0.5,
        "promises_due": 4,
        "promises_kept_on_time": 1,
        "promises_kept_late": 1,
        "promises_open_overdue": 1,
        "promise_on_time_rate": 0.3333,
        "touchpoint_days": 0,  # the written model's figures (SPEC §8): no touchpoints here
        "touchpoints_on_time_rate": None,
        "referrals": 0,
    }
    a, b, c = data["tiers"]
    assert (a["tier"], a["clients"], a["client_days"], a["on_cadence_days"]) == ("A", 2, 22, 8)
    assert (a["ok_days"], a["due_days"], a["reactive_days"], a["chases"]) == (6, 14, 2, 1)
    # A: Ann's 14 days and Dan's 8 weekly days, averaged over the 14 days: 22/14 a week.
    assert (a["demanded_per_week"], a["promises_due"], a["promises_open_overdue"]) == (
        1.5714,
        4,
        1,
    )
    assert (b["tier"], b["client_days"], b["on_cadence_rate"], b["open_follow_ups"]) == (
        "B",
        14,
        1.0,
        1,
    )
    assert (b["touches"], b["counting_touches"], b["demanded_per_week"]) == (1, 0, 0.2333)
    assert (c["tier"], c["on_cadence_days"], c["ok_days"], c["due_days"]) == ("C", 11, 10, 4)
    assert (c["proactive_touches"], c["demanded_per_week"]) == (1, 0.0761)
    assert data["weekly_touches"] == [
        {"start": "2026-11-10", "touches": 1, "counting": 0, "proactive": 0},
        {"start": "2026-11-17", "touches": 2, "counting": 2, "proactive": 1},
    ]
    assert [(s["name"], s["reactive_days"]) for s in data["longest_reactive"]] == [
        ("Ann", 1),
        ("Dan", 1),
    ]
    assert data["pace"] == {
        "demanded_per_week": round(DEMAND, 4),
        "logged_per_week": 0.5,
        "sentence": "Your model asks for 1.9 touches a week; you averaged 0.5 over 2 weeks: "
        "1.4 a week behind.",
    }


def test_text_by_hand(cadence) -> None:  # type: ignore[no-untyped-def]
    _tiny_book(cadence)
    out = cadence.ok("report", "--weeks", "2")
    lines = out.splitlines()
    assert lines[0] == "Consistency over 2 weeks: Tue 10 Nov – Mon 23 Nov"
    rows = [" ".join(line.strip("│ ").replace("│", " ").split()) for line in lines]
    # Tier, clients, on cadence, reactive client-days, chases, open follow-ups,
    # touches a week logged/asked, promises kept on time/late/open and overdue.
    assert "A 2 36% 2 1 0 0/1.6 1/1/1" in rows
    assert "B 1 100% 0 0 1 0/0.23 0/0/0" in rows
    assert "C 1 79% 0 0 0 0.5/0.08 0/0/0" in rows
    assert "All 4 66% 2 1 1 0.5/1.9 1/1/1" in rows
    assert "Touches a week (proactive, oldest first): │ █│ busiest 1, last week 1" in lines
    assert (
        "Your model asks for 1.9 touches a week; you averaged 0.5 over 2 weeks: 1.4 a week behind."
        in lines
    )
    assert "Reactive longest: #1 Ann (A) 1 day · #4 Dan (A) 1 day" in lines
    assert "Eve" not in out


def test_owner_tier_and_tag_filters(cadence) -> None:  # type: ignore[no-untyped-def]
    _tiny_book(cadence)
    mine = _report(cadence, "--owner", "me")  # sam: Ann, Ben and Dan (Eve is archived)
    assert mine["overall"]["clients"] == 3
    assert mine["overall"]["client_days"] == 36
    assert [t["tier"] for t in mine["tiers"]] == ["A", "B", "C"]  # every tier is listed
    assert mine["tiers"][2]["clients"] == 0
    assert mine["overall"]["proactive_touches"] == 0
    ana = _report(cadence, "--owner", "ANA")
    assert (ana["overall"]["clients"], ana["overall"]["on_cadence_days"]) == (1, 11)
    only_a = _report(cadence, "--tier", "a")
    assert [t["tier"] for t in only_a["tiers"]] == ["A"]
    assert (only_a["overall"]["clients"], only_a["overall"]["promises_due"]) == (2, 4)
    assert only_a["overall"]["demanded_per_week"] == 1.5714  # 22 weekly client-days / 2 weeks
    vip = _report(cadence, "--tag", "vip")
    assert [s["name"] for s in vip["longest_reactive"]] == []
    assert (vip["overall"]["clients"], vip["overall"]["open_follow_ups"]) == (1, 1)


def test_on_moves_the_window(cadence) -> None:  # type: ignore[no-untyped-def]
    _tiny_book(cadence)
    # One week ending Mon 16 Nov (10-16 Nov). Ann: ok 10-11, due 12-16 (on cadence 3 of 7).
    # Dan exists only on 16 Nov (due: on cadence). Cara is ok all week; Ben too.
    data = _report(cadence, "--on", "2026-11-16", "--weeks", "1")
    assert (data["date"], data["start"]) == ("2026-11-16", "2026-11-10")
    o = data["overall"]
    assert (o["clients"], o["client_days"], o["on_cadence_days"]) == (4, 22, 18)
    assert (o["due_days"], o["reactive_days"], o["chases"], o["touches"]) == (6, 0, 0, 1)
    assert (o["promises_due"], o["promises_kept_on_time"]) == (1, 1)
    assert data["weekly_touches"] == [
        {"start": "2026-11-10", "touches": 1, "counting": 0, "proactive": 0}
    ]


def test_archived_clients_keep_their_past_days(cadence) -> None:  # type: ignore[no-untyped-def]
    """SPEC §1: a client counts until the day it is archived; archiving never rewrites the past."""
    _tiny_book(cadence)
    yesterday = _report(cadence, "--on", "2026-11-22")
    cadence.ok("archive", "Ann", "--reason", "retired")
    assert _report(cadence, "--on", "2026-11-22") == yesterday
    data = _report(cadence)
    # Ann counts 10-22 Nov (13 days, her chase of 20 Nov with them), not on 23 Nov.
    assert data["overall"]["clients"] == 4
    assert data["overall"]["client_days"] == 50 - 1
    assert data["overall"]["chases"] == 1
    assert data["overall"]["promises_due"] == 4
    tomorrow = _report(cadence, "--on", "2026-11-24", today="2026-11-24")
    cadence.ok("restore", "Ann", today="2026-11-24")
    after = _report(cadence, "--on", "2026-11-24", today="2026-11-24")
    assert after["overall"]["client_days"] == tomorrow["overall"]["client_days"] + 1


def test_empty_book(cadence) -> None:  # type: ignore[no-untyped-def]
    out = cadence.ok("report")
    assert out.splitlines() == [
        "Consistency over 12 weeks: Tue 1 Sep – Mon 23 Nov",
        "No active clients in view: add clients, or widen --owner / --tier / --tag.",
        "No active clients, so your model asks for no touches over 12 weeks.",
    ]
    data = json.loads(cadence.ok("report", "--json"))
    assert data["overall"]["clients"] == 0
    assert len(data["weekly_touches"]) == 12
    assert [t["tier"] for t in data["tiers"]] == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--weeks", "0"], 2, "--weeks must be between 1 and 520, got 0"),
        (["--weeks", "521"], 2, "--weeks must be between 1 and 520, got 521"),
        (["--on", "someday"], 2, "someday"),
        (["--tier", "Z"], 3, "no tier named 'Z'"),
    ],
)
def test_bad_options(sqlite_cadence, args: list[str], code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    result = sqlite_cadence("report", *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("cadence: error: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def _full_history_report(url: str, *, on: date, weeks: int) -> Report:
    """The report from every touch of every client, each with its whole timeline of terms:
    what the windowed load must equal."""
    opened = alchemy.open_store(url, create=False)
    try:
        with opened.transaction(write=False) as db:
            tiers = terms.tier_definitions(db=db)
            every = db.rows("SELECT id, name, added_on FROM client ORDER BY id")
            rows = terms.term_rows([i for i, *_ in every], db=db, start=date.min, on=on)
            histories = [
                ClientHistory(
                    ClientFacts(
                        client_id,
                        name,
                        tiers[1][0].rule,  # unread: the timeline has every day's tier
                        as_day(added_on),
                        timeline=client_timeline(
                            rows.get(client_id, []), tiers, start=date.min, on=on
                        ),
                    ),
                    tuple(reads.touch_facts(client_id, db=db, on=on)),
                    tuple(
                        facts.promise_facts(
                            reads.promises(db=db, client_id=client_id, include_kept=True)
                        )
                    ),
                )
                for client_id, name, added_on in every
            ]
            windowed = facts.report_histories(
                db=db,
                start=window_start(on, weeks),
                on=on,
                filters=DueFilters(),
            )
    finally:
        opened.close()
    full = build_report(histories, on=on, weeks=weeks)
    assert build_report(windowed, on=on, weeks=weeks) == full
    return full


def test_windowed_load_equals_the_whole_history(cadence) -> None:  # type: ignore[no-untyped-def]
    """Only the anchor and the last attempt before the window matter; the rest may stay put."""
    _tiny_book(cadence)
    # Gus: an unanswered call before the window after his last conversation: the follow-up
    # is still open in it. Several counting touches before the window; only the last counts.
    cadence.ok("add", "Gus", "--tier", "B", today="2026-01-05")
    for day in ("2026-03-02", "2026-06-01", "2026-09-20"):
        cadence.ok("log", "Gus", "--on", day)
    cadence.ok("log", "Gus", "--outcome", "no-answer", "--on", "2026-10-25")
    # Hal: chased before the window and again inside it, on an anchor from before it.
    cadence.ok("add", "Hal", "--tier", "A", today="2026-01-05")
    cadence.ok("log", "Hal", "--on", "2026-09-01")
    cadence.ok("log", "Hal", "--inbound", "--channel", "email", "--on", "2026-09-14")
    cadence.ok("log", "Hal", "--inbound", "--channel", "text", "--on", "2026-11-02")
    cadence.ok("log", "Hal", "--inbound", "--outcome", "no-answer", "--on", "2026-11-12")
    for on, weeks in [(date(2026, 11, 23), 2), (date(2026, 11, 23), 4), (date(2026, 11, 12), 1)]:
        _full_history_report(cadence.db, on=on, weeks=weeks)
    report = _full_history_report(cadence.db, on=date(2026, 11, 23), weeks=4)
    assert report.overall.clients == 7  # Eve too: active from 27 Oct until archived on 9 Nov
    # Ben, Gus since 25 Oct, and Hal: his missed call on 12 Nov is a call-back
    assert report.overall.open_follow_ups == 3
    # Ann on 20 Nov; Hal on 2 Nov (reactive) and 12 Nov (due: a missed call from him counts).
    assert report.overall.chases == 3


def test_a_long_window_charts_the_latest_weeks_that_fit(sqlite_cadence) -> None:  # type: ignore[no-untyped-def]
    _tiny_book(sqlite_cadence)
    lines = sqlite_cadence.ok("report", "--weeks", "100").splitlines()
    chart = next(line for line in lines if "(proactive, oldest first)" in line)
    # 120 columns less the words around the bars (65) and room for two numbers: 53 weeks.
    assert chart.startswith("Last 53 weeks (proactive, oldest first): │")
    assert chart.endswith("█│ busiest 1, last week 1")
    assert len(chart) == 119
    data = json.loads(sqlite_cadence.ok("report", "--weeks", "100", "--json"))
    assert len(data["weekly_touches"]) == 100  # JSON keeps every week
