"""`cadence sync calendar DIR`: the due list as to-dos, milestones as yearly events, and
to-dos completed elsewhere back in the book (issue 16). Files are read back with icalendar.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
import pytest


@pytest.fixture
def vdir(tmp_path: Path) -> Path:
    folder = tmp_path / "calendar"
    folder.mkdir()
    return folder


def sync(cadence: Any, folder: Path, *args: str) -> list[str]:
    return str(cadence.ok("sync", "calendar", str(folder), *args)).splitlines()


def items(folder: Path) -> dict[str, tuple[str, str, str]]:
    """UID → (component, summary, due or start day) for every file of the folder."""
    found = {}
    for path in sorted(folder.iterdir()):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        (component,) = [c for c in calendar.walk() if c.name in ("VTODO", "VEVENT")]
        day = component.get("due") or component.get("dtstart")
        assert path.name == f"{component['uid']}.ics"
        found[str(component["uid"])] = (component.name, str(component["summary"]), str(day.dt))
    return found


def complete(folder: Path, uid: str, *, prodid: str | None, when: str) -> None:
    """Complete a to-do the way todoman and phones do: STATUS and a COMPLETED stamp."""
    path = folder / f"{uid}.ics"
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    if prodid is not None:
        calendar["prodid"] = prodid
    for component in calendar.walk("VTODO"):
        component["status"] = "COMPLETED"
        component.add("completed", icalendar.vDDDTypes.from_ical(when))
    path.write_bytes(calendar.to_ical())


def test_the_due_list_becomes_to_dos_and_a_second_sync_changes_nothing(
    cadence: Any, vdir: Path
) -> None:
    cadence.ok("add", "Ada", "--tier", "A", "--birthday", "1815-12-10")
    cadence.ok("add", "Bob", "--tier", "B", "--milestone", "home anniversary=--02-29")
    cadence.ok("log", "Bob", "--outcome", "no-answer", "--on", "yesterday")
    cadence.ok("promise", "add", "Ada", "send the report", "--by", "2026-12-04")
    cadence.ok("promise", "add", "Ada", "call back", "--by", "2027-01-30")
    out = sync(cadence, vdir)
    assert out == [f"Synced the calendar with {vdir}: 6 items written, 0 unchanged, 0 removed."]
    assert items(vdir) == {
        "todo-due-1-20261123@cadence": ("VTODO", "Contact Ada (A)", "2026-11-23"),
        "todo-due-2-20261123@cadence": ("VTODO", "Contact Bob (B)", "2026-11-23"),
        "todo-followup-2-20261122@cadence": ("VTODO", "Follow up with Bob", "2026-11-22"),
        "todo-promise-1@cadence": ("VTODO", "Promise to Ada: send the report", "2026-12-04"),
        "milestone-1-birthday@cadence": ("VEVENT", "Ada: birthday (1815)", "1815-12-10"),
        "milestone-2-home_anniversary_55c2e51d@cadence": (
            "VEVENT",
            "Bob: home anniversary",
            "2024-02-29",
        ),
    }
    before = {p.name: p.read_bytes() for p in vdir.iterdir()}
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 0 items written, 6 unchanged, 0 removed."
    ]
    assert {p.name: p.read_bytes() for p in vdir.iterdir()} == before


def test_what_is_no_longer_due_is_removed_and_other_programs_items_stay(
    cadence: Any, vdir: Path
) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    sync(cadence, vdir)
    theirs = vdir / "dentist.ics"
    theirs.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VTODO\r\n"
        b"UID:dentist-1\r\nSUMMARY:Dentist\r\nSTATUS:COMPLETED\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    cadence.ok("log", "Ada")
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 0 items written, 0 unchanged, 1 removed."
    ]
    assert [p.name for p in vdir.iterdir()] == ["dentist.ics"]


def test_a_to_do_completed_elsewhere_logs_one_touch_on_its_day(cadence: Any, vdir: Path) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    cadence.ok("charter", "Ada", "--every", "2w", "--channel", "email")
    cadence.ok("add", "Bob", "--tier", "B")
    cadence.ok("promise", "add", "Bob", "send the report", "--by", "fri", today="2026-11-20")
    sync(cadence, vdir)
    complete(
        vdir, "todo-due-1-20261123@cadence", prodid="-//Apple Inc.//iOS 17.1//EN",
        when="20261121T150000Z",
    )  # fmt: skip
    complete(vdir, "todo-due-2-20261123@cadence", prodid=None, when="20261123T090000Z")
    complete(vdir, "todo-promise-1@cadence", prodid="nl.whynothugo.todoman", when="20261122")
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 0 items written, 0 unchanged, 3 removed.",
        "logged: email with #1 Ada on Sat 21 Nov (done in Apple Inc. iOS 17.1)",
        "logged: call with #2 Bob on Mon 23 Nov (done in another program)",
        "kept: #2 Bob: send the report on Sun 22 Nov (done in nl.whynothugo.todoman)",
    ]
    ada = json.loads(cadence.ok("show", "Ada", "--json"))
    assert [(t["on"], t["channel"], t["outcome"], t["note"]) for t in ada["touches"]] == [
        ("2026-11-21", "email", "message", "done in Apple Inc. iOS 17.1")
    ]
    promises = json.loads(cadence.ok("show", "Bob", "--json"))["promises"]
    assert [(p["text"], p["kept_on"]) for p in promises] == [("send the report", "2026-11-22")]
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 0 items written, 0 unchanged, 0 removed."
    ]


def test_a_completion_seen_twice_is_logged_once(cadence: Any, vdir: Path) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    sync(cadence, vdir)
    uid = "todo-due-1-20261123@cadence"
    complete(vdir, uid, prodid=None, when="20261123T090000Z")
    kept = (vdir / f"{uid}.ics").read_bytes()
    sync(cadence, vdir)
    (vdir / f"{uid}.ics").write_bytes(kept)  # as if the removal had not happened (a crash)
    sync(cadence, vdir)
    touches = json.loads(cadence.ok("show", "Ada", "--json"))["touches"]
    assert len(touches) == 1
    assert not (vdir / f"{uid}.ics").exists()


def test_dry_run_writes_nothing(cadence: Any, vdir: Path) -> None:
    cadence.ok("add", "Ada", "--tier", "A")
    assert sync(cadence, vdir, "--dry-run") == [
        f"Dry run of a sync with {vdir}: 1 item written, 0 unchanged, 0 removed, "
        "0 completed to-dos to take in. Nothing was written."
    ]
    assert list(vdir.iterdir()) == []


def todo(folder: Path, uid: str) -> Any:
    """The VTODO of the file named after `uid`, read with icalendar."""
    calendar = icalendar.Calendar.from_ical((folder / f"{uid}.ics").read_bytes())
    (component,) = calendar.walk("VTODO")
    return component


def test_a_touchpoint_due_is_one_to_do_until_it_is_delivered(cadence: Any, vdir: Path) -> None:
    cadence.ok(
        "model", "touchpoint", "add", "A", "quarterly review", "--every", "3m",
        "--channel", "meeting,video", "--minutes", "60",
    )  # fmt: skip
    cadence.ok(
        "model", "touchpoint", "add", "B", "monthly note", "--every", "1m", "--channel", "email"
    )
    cadence.ok("add", "Ada Lovelace", "--tier", "A", today="2026-11-01")
    cadence.ok("log", "Ada Lovelace", "--channel", "call", today="2026-11-20")
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 1 item written, 0 unchanged, 0 removed."
    ]
    uid = "todo-touchpoint-1-1-20261101@cadence"
    assert items(vdir) == {
        uid: ("VTODO", "Quarterly review: Ada Lovelace (meeting, video, 60 min)", "2026-11-01")
    }
    component = todo(vdir, uid)
    assert str(component["description"]) == (
        "Tier A's quarterly review: every 3m by meeting, video; an unanswered attempt does not "
        "count. Never delivered."
    )
    assert [str(name) for name in component["categories"].cats] == ["A", "touchpoint"]
    assert (str(component["status"]), component["priority"]) == ("NEEDS-ACTION", 5)
    before = {p.name: p.read_bytes() for p in vdir.iterdir()}
    for _ in range(2):
        assert sync(cadence, vdir) == [
            f"Synced the calendar with {vdir}: 0 items written, 1 unchanged, 0 removed."
        ]
    assert {p.name: p.read_bytes() for p in vdir.iterdir()} == before

    cadence.ok("log", "Ada Lovelace", "--for", "quarterly review")
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 0 items written, 0 unchanged, 1 removed."
    ]
    assert list(vdir.iterdir()) == []
    assert sync(cadence, vdir, "--horizon", "3m") == [
        f"Synced the calendar with {vdir}: 1 item written, 0 unchanged, 0 removed."
    ]
    later = "todo-touchpoint-1-1-20270223@cadence"
    assert items(vdir) == {
        later: ("VTODO", "Quarterly review: Ada Lovelace (meeting, video, 60 min)", "2027-02-23")
    }
    assert str(todo(vdir, later)["description"]).endswith(
        "an unanswered attempt does not count. Last delivered Mon 23 Nov 2026."
    )


def test_a_touchpoint_to_do_completed_elsewhere_logs_a_credited_touch(
    cadence: Any, vdir: Path
) -> None:
    cadence.ok(
        "model", "touchpoint", "add", "A", "weekly call", "--every", "1w", "--channel",
        "call,video", "--attempt-counts",
    )  # fmt: skip
    cadence.ok("add", "Ada", "--tier", "A")
    cadence.ok("charter", "Ada", "--every", "2w", "--channel", "email")
    assert sync(cadence, vdir)[0].endswith("2 items written, 0 unchanged, 0 removed.")
    point = "todo-touchpoint-1-1-20261123@cadence"
    assert str(todo(vdir, point)["description"]) == (
        "Tier A's weekly call: every 1w by call, video; an unanswered attempt counts. "
        "Never delivered."
    )
    for uid in ("todo-due-1-20261123@cadence", point):
        complete(vdir, uid, prodid="nl.whynothugo.todoman", when="20261122T100000Z")
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 1 item written, 0 unchanged, 2 removed.",
        "logged: email with #1 Ada on Sun 22 Nov (done in nl.whynothugo.todoman)",
        "logged: call with #1 Ada on Sun 22 Nov for 'weekly call' (done in nl.whynothugo.todoman)",
    ]
    assert items(vdir) == {
        "todo-touchpoint-1-1-20261129@cadence": (
            "VTODO",
            "Weekly call: Ada (call, video, 15 min)",
            "2026-11-29",
        )
    }
    ada = json.loads(cadence.ok("show", "Ada", "--json"))
    assert [(t["on"], t["channel"], t["outcome"], t["note"]) for t in ada["touches"]] == [
        ("2026-11-22", "call", "reached", "done in nl.whynothugo.todoman"),
        ("2026-11-22", "email", "message", "done in nl.whynothugo.todoman"),
    ]
    assert ada["touchpoints"] == [
        {
            "touchpoint": "weekly call",
            "channels": ["call", "video"],
            "last_on": "2026-11-22",
            "due_on": "2026-11-29",
        }
    ]
    due = json.loads(cadence.ok("due", "--json", "--horizon", "14d"))
    assert [(t["touchpoint"], t["due_on"], t["overdue"]) for t in due["touchpoints"]] == [
        ("weekly call", "2026-11-29", False)
    ]
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 0 items written, 1 unchanged, 0 removed."
    ]
    assert len(json.loads(cadence.ok("show", "Ada", "--json"))["touches"]) == 2


def test_removing_a_touchpoint_removes_its_to_do_and_a_late_completion_logs_nothing(
    cadence: Any, vdir: Path
) -> None:
    for name in ("weekly call", "annual gift"):
        cadence.ok("model", "touchpoint", "add", "B", name, "--every", "1w", "--channel", "call")
    cadence.ok("add", "Bob", "--tier", "B", today="2026-11-01")
    cadence.ok("log", "Bob", "--channel", "email", "--outcome", "message")
    assert sync(cadence, vdir)[0].endswith("2 items written, 0 unchanged, 0 removed.")
    assert sorted(items(vdir)) == [
        "todo-touchpoint-1-1-20261101@cadence",
        "todo-touchpoint-1-2-20261101@cadence",
    ]
    cadence.ok("model", "touchpoint", "remove", "B", "weekly call")
    assert sync(cadence, vdir)[0].endswith("0 items written, 1 unchanged, 1 removed.")
    assert sorted(items(vdir)) == ["todo-touchpoint-1-2-20261101@cadence"]

    complete(vdir, "todo-touchpoint-1-2-20261101@cadence", prodid=None, when="20261123T090000Z")
    cadence.ok("model", "touchpoint", "remove", "B", "annual gift")
    result = cadence("sync", "calendar", str(vdir))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Synced the calendar with {vdir}: 0 items written, 0 unchanged, 1 removed."
    ]
    assert result.stderr.splitlines() == [
        "warning: to-do 'Annual gift: Bob (call, 15 min)' was completed in another program, "
        "but the client no longer has that touchpoint; nothing logged"
    ]
    touches = json.loads(cadence.ok("show", "Bob", "--json"))["touches"]
    assert [t["channel"] for t in touches] == ["email"]


def test_a_review_to_do_completed_after_the_charter_was_cleared_says_so_and_reviews_nothing(
    cadence: Any, vdir: Path
) -> None:
    cadence.ok("add", "Ada", "--tier", "A", today="2026-10-01")
    cadence.ok("charter", "Ada", "--every", "2w", "--review-every", "1m", today="2026-10-30")
    cadence.ok("log", "Ada", "--on", "2026-11-20")
    assert sync(cadence, vdir)[0].endswith("1 item written, 0 unchanged, 0 removed.")
    complete(vdir, "todo-review-1-20261130@cadence", prodid=None, when="20261122")
    cadence.ok("charter", "Ada", "--clear")
    result = cadence("sync", "calendar", str(vdir))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Synced the calendar with {vdir}: 0 items written, 0 unchanged, 1 removed."
    ]
    assert result.stderr.splitlines() == [
        "warning: to-do 'Review the charter with Ada' was completed in another program, "
        "but the client no longer has a charter; nothing reviewed"
    ]
    assert cadence.ok("charter", "Ada").splitlines() == [
        "#1 Ada has no charter; tier A's cadence applies."
    ]


def test_a_charter_review_is_a_to_do_and_completed_elsewhere_reviews_the_charter(
    cadence: Any, vdir: Path
) -> None:
    cadence.ok("add", "Ada", "--tier", "A", today="2026-10-01")
    cadence.ok(
        "charter", "Ada", "--every", "2w", "--channel", "email", "--review-every", "1m",
        today="2026-10-30",
    )  # fmt: skip
    cadence.ok("log", "Ada", "--on", "2026-11-20")
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 1 item written, 0 unchanged, 0 removed."
    ]
    uid = "todo-review-1-20261130@cadence"
    assert items(vdir) == {uid: ("VTODO", "Review the charter with Ada", "2026-11-30")}
    assert str(todo(vdir, uid)["description"]) == (
        "Agreed Fri 30 Oct 2026: every 2w, prefers email; reviewed every 1m."
    )
    assert sync(cadence, vdir)[0].endswith("0 items written, 1 unchanged, 0 removed.")

    complete(vdir, uid, prodid="nl.whynothugo.todoman", when="20261122")
    assert sync(cadence, vdir) == [
        f"Synced the calendar with {vdir}: 0 items written, 0 unchanged, 1 removed.",
        "reviewed: #1 Ada: the charter on Sun 22 Nov (done in nl.whynothugo.todoman)",
    ]
    assert cadence.ok("charter", "Ada").splitlines() == [
        "Charter for #1 Ada: every 2w, prefers email; agreed Sun 22 Nov, review every 1m, "
        "next Tue 22 Dec."
    ]
    assert json.loads(cadence.ok("due", "--json", "--horizon", "14d"))["reviews"] == []
    assert sync(cadence, vdir, "--horizon", "1m") == [
        f"Synced the calendar with {vdir}: 1 item written, 0 unchanged, 0 removed."
    ]
    assert items(vdir) == {
        "todo-review-1-20261222@cadence": ("VTODO", "Review the charter with Ada", "2026-12-22")
    }
