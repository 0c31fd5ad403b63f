"""The written service model (SPEC §8) on both stores: touchpoints, `due`'s touchpoints,
`log --for`, `model`, `team capacity`, `plan`, export/apply, referrals and the report's
figures. Today is Mon 2026-11-23 (conftest)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_output import due_json, lines


def model(cadence: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cadence.ok("model", "--json"))
    return data


def touchpoints(cadence: Any) -> None:
    cadence.ok(
        "model", "touchpoint", "add", "A", "weekly call", "--every", "1w", "--channel", "call",
        "--attempt-counts",
    )  # fmt: skip
    cadence.ok(
        "model", "touchpoint", "add", "A", "quarterly review", "--every", "3m",
        "--channel", "meeting,video", "--minutes", "60",
    )  # fmt: skip


def test_touchpoint_add_edit_remove(cadence: Any) -> None:
    out = cadence.ok(
        "model", "touchpoint", "add", "a", "Weekly call", "--every", "weekly", "-c", "call",
        "--attempt-counts",
    )  # fmt: skip
    assert out == "Added to tier A: Weekly call: every 1w by call, 15 min, attempts count.\n"
    clash = cadence("model", "touchpoint", "add", "A", "weekly CALL", "--every", "1w", "-c", "call")
    assert clash.exit_code == 5
    assert "tier A already has a touchpoint 'weekly CALL'" in clash.stderr
    bad = cadence("model", "touchpoint", "add", "A", "x", "--every", "1w", "-c", "fax")
    assert bad.exit_code == 2 and "unknown channel 'fax'" in bad.stderr
    assert cadence.ok(
        "model", "touchpoint", "edit", "A", "weekly call", "--every", "2w", "-c", "call,video",
        "--no-attempt-counts", "--minutes", "20",
    ) == "Changed in tier A: Weekly call: every 2w by call, video, 20 min.\n"  # fmt: skip
    assert model(cadence)["tiers"][0]["touchpoints"] == [
        {
            "name": "Weekly call",
            "every": "2w",
            "channels": ["call", "video"],
            "minutes": 20,
            "attempt_counts": False,
        }
    ]
    missing = cadence("model", "touchpoint", "remove", "A", "gift")
    assert missing.exit_code == 3
    assert "A's touchpoints are: Weekly call" in missing.stderr
    assert cadence.ok("model", "touchpoint", "remove", "A", "WEEKLY call") == (
        "Removed 'Weekly call' from tier A.\n"
    )
    assert model(cadence)["tiers"][0]["touchpoints"] == []


def test_due_lists_touchpoints_on_their_own_clocks(cadence: Any) -> None:
    touchpoints(cadence)
    cadence.ok("add", "Ann", "--tier", "A", "--owner", "sam", "--new-owner", today="2026-10-01")
    cadence.ok("add", "Bob", "--tier", "A", today="2026-11-20")
    cadence.ok("log", "Ann", "--channel", "call", "--outcome", "no-answer", "--on", "2026-11-20")
    cadence.ok("log", "Ann", "--channel", "video", "--on", "2026-09-01", today="2026-10-01")
    cadence.ok(
        "log", "Bob", "--channel", "email", "--for", "quarterly review", "--on", "2026-11-21"
    )
    data = due_json(cadence)
    assert [
        (t["name"], t["touchpoint"], t["due_on"], t["overdue"], t["days_overdue"])
        for t in data["touchpoints"]
    ] == [
        ("Bob", "weekly call", "2026-11-20", True, 3),  # never called: due from the tier day
        ("Ann", "weekly call", "2026-11-27", False, 0),  # an attempt counts for this one
    ]
    assert data["touchpoints"][1] == {
        "client_id": 1,
        "name": "Ann",
        "tier": "A",
        "touchpoint": "weekly call",
        "channels": ["call"],
        "due_on": "2026-11-27",
        "overdue": False,
        "days_overdue": 0,
        "owner": "sam",
    }
    # the video on Sep 1 satisfied the review until Dec 1; Bob's email was logged --for it
    later = due_json(cadence, "--horizon", "10d")
    assert [(t["name"], t["touchpoint"]) for t in later["touchpoints"]][-1] == (
        "Ann",
        "quarterly review",
    )
    # touchpoints leave the contact rules alone: Ann's unanswered call did not reset her
    # clock, and Bob's email (logged for the review) reset his
    assert [c["name"] for c in data["contacts"]] == ["Ann"]
    out = cadence.ok("due")
    assert "Touchpoints\n  #2 Bob: weekly call by call (overdue by 3 days)\n" in out
    assert "  #1 Ann: weekly call by call (due Fri 27 Nov)" in out


def test_log_for_names_the_tier_touchpoints_when_unknown(cadence: Any) -> None:
    touchpoints(cadence)
    cadence.ok("add", "Ann", "--tier", "A")
    out = cadence.ok("log", "Ann", "--for", "QUARTERLY REVIEW")
    assert lines(out)[:2] == [
        "Logged meeting with Ann on Mon 23 Nov (reached).",
        "Delivered 'quarterly review'; next one Tue 23 Feb 2027.",
    ]
    bad = cadence("log", "Ann", "--for", "gift")
    assert bad.exit_code == 3
    assert bad.stderr == (
        "cadence: error: tier A has no touchpoint 'gift' (A's touchpoints are: quarterly "
        "review, weekly call)\n"
    )
    cadence.ok("add", "Cy", "--tier", "C")
    none = cadence("log", "Cy", "--for", "gift")
    assert "tier C has none; add one with `cadence model touchpoint add C NAME`" in none.stderr
    shown = cadence.ok("show", "Ann")
    assert "  Touchpoints:   quarterly review: last 23 Nov, next Tue 23 Feb 2027" in shown
    assert "                 weekly call: last never, due today" in shown
    data = json.loads(cadence.ok("show", "Ann", "--json"))
    assert data["touchpoints"][0] == {
        "touchpoint": "quarterly review",
        "channels": ["meeting", "video"],
        "last_on": "2026-11-23",
        "due_on": "2027-02-23",
    }


def test_model_hours_against_capacity(cadence: Any) -> None:
    touchpoints(cadence)
    cadence.ok("tier", "define", "A", "--every", "1w", "--reactive-after", "1w", "--minutes", "30")
    for name in ("Ann", "Bob"):
        cadence.ok("add", name, "--tier", "A", "--owner", "sam", "--new-owner")
        cadence.ok("log", name, "--channel", "meeting")  # today: review every 3m = 92 days
    cadence.ok("add", "Cy", "--tier", "B", "--owner", "Ana", "--new-owner")
    assert cadence.ok("team", "capacity", "sam", "1h") == (
        "sam has 1 h a week for the model, mon-fri.\n"
    )
    assert cadence.ok("team", "capacity", "ana", "7.5h", "--workdays", "mon-thu") == (
        "ana has 7.5 h a week for the model, mon-thu.\n"
    )
    data = model(cadence)
    per_client = 30 + 15 + 7 * 60 / 92  # contact (30 min a week), weekly call, review
    assert data["tiers"][0]["minutes"] == 30
    assert data["tiers"][0]["clients"] == 2
    assert data["tiers"][0]["hours_per_week"] == round(2 * per_client / 60, 2)
    assert [(o["owner"], o["clients"], o["capacity_hours"], o["fits"]) for o in data["owners"]] == [
        ("ana", 1, 7.5, True),
        ("sam", 2, 1.0, False),
    ]
    assert data["misfits"] == ["your model asks 1.7 h a week of sam; sam has 1"]
    out = cadence.ok("model")
    assert "Your model asks 1.7 h a week of sam; sam has 1." in out
    assert "weekly call: every 1w by call, 15 min, attempts count" in out
    assert cadence("team", "capacity", "sam", "lots").exit_code == 2
    assert "sam (you)" in cadence.ok("team")  # the team view is still there


def test_plan_levels_an_over_full_day_onto_earlier_days(cadence: Any) -> None:
    cadence.ok("tier", "define", "A", "--every", "1w", "--reactive-after", "1w", "--minutes", "30")
    for name in ("Ann", "Bob", "Cy"):
        cadence.ok("add", name, "--tier", "A", "--owner", "sam", "--new-owner", today="2026-11-18")
        cadence.ok("log", name, "--on", "2026-11-18", today="2026-11-18")  # all due Wed 25th
    cadence.ok("team", "capacity", "sam", "5h")  # 60 minutes a day, Monday to Friday
    data = json.loads(cadence.ok("plan", "--json"))
    days = data["owners"][0]["days"]
    assert [(d["date"], d["minutes"], [i["name"] for i in d["items"]]) for d in days[:3]] == [
        ("2026-11-23", 0, []),
        ("2026-11-24", 30, ["Cy"]),  # the last of Wednesday's three, on the latest day with room
        ("2026-11-25", 60, ["Ann", "Bob"]),
    ]
    assert days[1]["items"][0]["moved_from"] == "2026-11-25"
    out = cadence.ok("plan", "--days", "3")
    assert "    #3 Cy (A) contact, 30 min (moved from 25 Nov)" in out
    assert "Moved earlier to fit: 1 item." in out
    wide = json.loads(cadence.ok("plan", "--json", "--workdays", "mon-sun", "--days", "3"))
    assert wide["owners"][0]["workdays"] == "mon-sun"
    assert cadence("plan", "--days", "0").exit_code == 2


def test_export_then_apply_on_an_empty_book_gives_the_same_model(
    cadence: Any, tmp_path: Path
) -> None:
    empty = type(cadence)(str(tmp_path / "empty.db"))  # a new SQLite book beside it
    touchpoints(cadence)
    cadence.ok("tier", "define", "VIP", "--every", "2w", "--reactive-after", "3d", "-d", 'top "10"')
    cadence.ok("tier", "delete", "C")
    cadence.ok("team", "capacity", "Élodie", "12h", "--workdays", "tue-sat", "--new-owner")
    cadence.ok("team", "capacity", "sam", "20h")
    text = cadence.ok("model", "export")
    assert '[[tier.touchpoint]]\nname = "quarterly review"' in text
    assert 'description = "top \\"10\\""' in text
    file = tmp_path / "model.toml"
    file.write_text(text, encoding="utf-8")
    dry = empty.ok("model", "apply", str(file), "--dry-run")
    assert "  remove tier C" in dry and dry.endswith("nothing was written.\n")
    assert not (tmp_path / "empty.db").exists()  # a dry run makes no book either
    applied = empty.ok("model", "apply", str(file))
    assert "  add touchpoint A 'weekly call': every 1w by call" in applied
    assert model(empty) == model(cadence)
    assert empty.ok("model", "apply", str(file)) == (
        "The book already follows this model: nothing to change.\n"
    )
    markdown = cadence.ok("model", "export", "--format", "md")
    assert "| quarterly review | 3 months | meeting, video | 60 | no |" in markdown
    # a tier the file leaves out that still has clients refuses, and nothing is applied
    empty.ok("tier", "define", "Z", "--every", "1w", "--reactive-after", "1w")
    empty.ok("add", "Zed", "--tier", "Z")
    empty.ok("model", "touchpoint", "remove", "A", "weekly call")
    refused = empty("model", "apply", str(file))
    assert refused.exit_code == 5 and "tier Z still has 1 client" in refused.stderr
    assert model(empty)["tiers"][0]["touchpoints"][-1]["name"] == "quarterly review"
    file.write_text("[[tier]]\nname = 'A'\n", encoding="utf-8")
    bad = empty("model", "apply", str(file))
    assert bad.exit_code == 2 and "tier 1: missing rank" in bad.stderr


def test_referrals_show_report_and_review(cadence: Any) -> None:
    cadence.ok("add", "Ann", "--tier", "B", today="2026-01-05")
    cadence.ok("add", "Bob", "--referred-by", "ann", today="2026-06-01")
    cadence.ok("add", "Cy", today="2026-11-20")
    cadence.ok("edit", "Cy", "--referred-by", "#1")
    self_ref = cadence("edit", "Ann", "--referred-by", "Ann")
    assert self_ref.exit_code == 2 and "cannot refer itself" in self_ref.stderr
    out = cadence.ok("show", "Ann")
    assert "  Referred:      #2 Bob (added 1 Jun)\n                 #3 Cy (added 20 Nov)" in out
    assert "  Referred by:   #1 Ann" in cadence.ok("show", "Bob")
    report = json.loads(cadence.ok("report", "--json", "--weeks", "4"))
    assert {t["tier"]: t["referrals"] for t in report["tiers"]} == {"A": 0, "B": 1, "C": 0}
    assert report["overall"]["referrals"] == 1
    card = cadence.ok("tier", "review", "--tier", "B", input="q\n")
    assert "  Referrals:     2 in the last 12 months" in card
    assert (
        "  Influence:     referred 2 clients in 12 months: a center of influence; consider tier A"
        in card
    )
    cadence.ok("edit", "Cy", "--referred-by", "")
    assert "Referred:" in cadence.ok("show", "Ann")
    assert "Influence" not in cadence.ok("tier", "review", "--tier", "B", input="q\n")


def test_report_counts_touchpoints_delivered_on_time(cadence: Any) -> None:
    touchpoints(cadence)
    cadence.ok("add", "Ann", "--tier", "A", today="2026-10-01")
    cadence.ok("log", "Ann", "--channel", "meeting", "--on", "2026-10-01", today="2026-10-01")
    for day in ("2026-10-27", "2026-11-03", "2026-11-17"):  # a call missed the week of Nov 10
        cadence.ok("log", "Ann", "--on", day)
    data = json.loads(cadence.ok("report", "--json", "--weeks", "4"))  # Oct 27 - Nov 23
    tier_a = data["tiers"][0]
    # weekly call: due Nov 10, late Nov 11-16 (6 days), due again Nov 24; review: on time
    assert tier_a["touchpoint_days"] == 2 * 28
    assert tier_a["touchpoints_on_time_rate"] == round((56 - 6) / 56, 4)
    assert "Touchpoints on time: A 89%" in cadence.ok("report", "--weeks", "4")


def test_due_capacity_shows_the_first_n_and_how_many_wait(cadence: Any) -> None:
    for name in ("Ann", "Bob", "Cy"):
        cadence.ok("add", name, "--tier", "A")
    data = due_json(cadence, "--capacity", "2")
    assert [c["name"] for c in data["contacts"]] == ["Ann", "Bob"]
    assert data["waiting"] == 1
    assert data["touchpoints"] == []
    assert "1 more wait for another day (--capacity 2)." in cadence.ok("due", "--capacity", "2")


def test_model_hours_from_counts_are_the_per_client_sum(cadence: Any) -> None:
    """`model` sums counts per tier, owner and clock day (`store.model.demand_groups`); the
    figures are those of one record per client and per client-touchpoint."""
    from datetime import date

    from cadence_cli.core.model import demand_of, model_demand
    from cadence_cli.store import alchemy
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import model as store

    touchpoints(cadence)
    cadence.ok("model", "touchpoint", "add", "B", "annual", "--every", "1y", "--channel", "meeting")
    for i, (tier, owner) in enumerate(
        [("A", "sam"), ("A", "Sam"), ("B", "ana"), ("B", ""), ("C", "jo")]
    ):
        cadence.ok(
            "add",
            f"P{i}",
            "--tier",
            tier,
            *(["--owner", owner, "--new-owner"] if owner else []),
            today="2026-01-30",
        )
    cadence.ok("log", "P0", "--channel", "meeting", "--on", "2026-01-31", today="2026-01-31")
    cadence.ok("log", "P1", "--channel", "call", "--outcome", "no-answer", "--on", "2026-11-20")
    cadence.ok("log", "P2", "--channel", "meeting", "--on", "2026-02-28", today="2026-02-28")
    cadence.ok("charter", "P4", "--every", "1m", today="2026-03-31")
    cadence.ok("tier", "set", "P3", "A", today="2026-05-31")
    on = date(2026, 11, 23)
    opened = alchemy.open_store(cadence.db, create=False)
    try:
        with opened.transaction(write=False) as db:
            counted = demand_of(store.demand_groups(db=db, on=on))
            each = model_demand(
                book_facts.client_facts(db=db, on=on),
                store.touchpoint_facts(db=db, on=on),
                contact_minutes=store.contact_minutes(db=db),
            )
    finally:
        opened.close()
    assert counted.spelling == each.spelling == {"sam": "sam", "ana": "ana", "jo": "jo"}
    for ours, theirs in ((counted.tiers, each.tiers), (counted.owners, each.owners)):
        assert ours.keys() == theirs.keys()
        for key, demand in ours.items():
            assert demand.clients == theirs[key].clients
            assert abs(demand.minutes_per_week - theirs[key].minutes_per_week) < 1e-9
