"""`cadence export`: CSV safe for spreadsheets, the JSON dump, and a valid RFC 5545 calendar."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import vobject
from icalendar import Calendar

HEADER = (
    "name,email,phone,company,tier,tags,birthday,milestones,owner,notes,last_contact,next_due,"
    "status"
)


def small_book(cadence: Any) -> None:
    cadence.ok(
        "add", "Ada Lovelace", "--tier", "A", "--email", "ada@example.com", "--phone",
        "+44 20 7946 0000", "--company", "Analytical", "--tag", "vip", "--tag", "golf",
        "--birthday", "1985-12-10", "--milestone", "home anniversary=2019-06-01", "--owner", "kim",
        "--new-owner", "--note", "likes tea",
    )  # fmt: skip
    cadence.ok("log", "Ada", "--on", "2026-11-20")
    cadence.ok("log", "Ada", "--on", "2026-11-21", "--outcome", "no-answer")
    cadence.ok(
        "add", "=HYPERLINK(\"http://x.test\",\"click\")", "--company", "@SUM(A1:A9)",
        "--note=-2+3", "--tag", "+tag",
    )  # fmt: skip
    cadence.ok("add", "Gone Away", "--tier", "B", "--email", "gone@example.com")
    cadence.ok("archive", "Gone", "--reason", "moved to Lisbon")


def test_csv_has_one_row_per_client_with_due_and_last_touch(cadence: Any) -> None:
    small_book(cadence)
    result = cadence("export")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8").split("\r\n") == [  # RFC 4180: CRLF
        HEADER,
        "Ada Lovelace,ada@example.com,'+44 20 7946 0000,Analytical,A,golf;vip,1985-12-10,"
        "home anniversary=2019-06-01,kim,likes tea,2026-11-20,2026-11-27,active",
        '"\'=HYPERLINK(""http://x.test"",""click"")",,,\'@SUM(A1:A9),C,\'+tag,,,,\'-2+3,,'
        "2026-11-23,active",
        "Gone Away,gone@example.com,,,B,,,,,,,,archived",
        "",
    ]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cadence: Any) -> None:
    """OWASP CSV injection: every cell starting with = + - @ tab or CR gets a leading quote."""
    import csv
    import io

    for value in ["=1+1", "+1", "-1", "@x", "\tx", "'=already quoted"]:
        # a name is one line (store.rules refuses a tab in it); the note keeps the tab
        cadence.ok("add", f"n{value}".replace("\t", " "), "--note", value)
    rows = list(csv.reader(io.StringIO(cadence.ok("export"), newline="")))
    notes = {row[0]: row[9] for row in rows[1:]}
    for name, note in notes.items():
        assert note[:1] not in ("=", "+", "-", "@", "\t", "\r"), (name, note)
    assert notes["n=1+1"] == "'=1+1"
    assert notes["n'=already quoted"] == "''=already quoted"  # so the reader can undo one quote


def test_export_to_a_file_is_private_atomic_and_excel_friendly(
    cadence: Any, tmp_path: Path
) -> None:
    small_book(cadence)
    target = tmp_path / "out" / "book.csv"
    target.parent.mkdir()
    target.write_text("an older export\n")
    target.chmod(0o644)
    out = cadence.ok("export", "--out", str(target))
    assert out == f"Exported 3 clients to {target} (csv).\n"
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")  # BOM: Excel reads UTF-8
    assert data[3:] == cadence("export").stdout_bytes  # stdout has no BOM
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["book.csv"]  # no temp file left


def test_a_failed_export_leaves_the_old_file_and_no_temp_file(
    sqlite_cadence: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadence_cli.cli import interop

    small_book(sqlite_cadence)
    target = tmp_path / "book.json"
    target.write_text("the previous export")

    def broken(**_: Any) -> Any:
        yield from ()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cadence_cli.store.dump.dump_touches", broken)
    result = sqlite_cadence("export", "--format", "json", "--out", str(target))
    assert result.exit_code == 6
    assert result.stderr == (
        f"cadence: error: cannot write {target}: No space left on device (choose another place)\n"
    )
    assert target.read_text() == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book", "book.json"]
    assert interop  # imported for monkeypatch's sake: the command looks the store up by name


def test_export_to_a_missing_folder_or_a_folder_is_refused(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    result = sqlite_cadence("export", "--out", str(tmp_path / "nope" / "book.csv"))
    assert result.exit_code == 3
    assert result.stderr == (
        f"cadence: error: folder {tmp_path / 'nope'} does not exist (create it first)\n"
    )
    result = sqlite_cadence("export", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"cadence: error: {tmp_path} is a folder (give a file name)\n"
    result = sqlite_cadence("export", "--out", str(tmp_path / ("x" * 300)))
    assert result.exit_code == 6
    assert result.stderr.endswith(": File name too long (choose another place)\n")
    result = sqlite_cadence("export", "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr == "cadence: error: unknown --format 'xlsx' (use csv, json, ics)\n"


def test_json_is_the_whole_book_one_record_per_line(cadence: Any) -> None:
    small_book(cadence)
    cadence.ok("promise", "add", "Ada", "send the report", "--by", "2026-11-27")
    cadence.ok("charter", "Ada", "--every", "2w", "--channel", "text", "--note", "after 6pm")
    text = cadence.ok("export", "--format", "json")
    dump = json.loads(text)
    assert list(dump) == ["format", "version", "exported_at", "tiers", "clients", "touches",
                          "promises", "notes", "tier_terms", "client_terms"]  # fmt: skip
    assert (dump["format"], dump["version"]) == ("cadence", 2)
    assert datetime.fromisoformat(dump["exported_at"]).tzinfo is not None
    assert [t["name"] for t in dump["tiers"]] == ["A", "B", "C"]
    ada = dump["clients"][0]
    assert ada == {
        "id": 1,
        "name": "Ada Lovelace",
        "tier": "A",
        "status": "active",
        "email": "ada@example.com",
        "phone": "+44 20 7946 0000",
        "company": "Analytical",
        "owner": "kim",
        "tags": ["golf", "vip"],
        "notes": "likes tea",
        "added_on": "2026-11-23",
        "snoozed_until": None,
        "archived_reason": None,
        "archived_on": None,
        "milestones": [
            {"label": "birthday", "date": "1985-12-10"},
            {"label": "home anniversary", "date": "2019-06-01"},
        ],
        "charter": {
            "every": "2w",
            "channel": "text",
            "note": "after 6pm",
            "review_every": "6m",
            "agreed_on": "2026-11-23",
        },
    }
    gone = dump["clients"][2]
    assert (gone["status"], gone["archived_reason"], gone["archived_on"]) == (
        "archived", "moved to Lisbon", "2026-11-23"
    )  # fmt: skip
    first, second = dump["touches"]
    assert {k: first[k] for k in ("id", "client_id", "day", "channel", "outcome", "inbound")} == {
        "id": 1, "client_id": 1, "day": "2026-11-20", "channel": "call", "outcome": "reached",
        "inbound": False,
    }  # fmt: skip
    assert first["at"] == "2026-11-20T12:00:00+00:00" and first["by"] == "sam"
    assert second["outcome"] == "no-answer"
    assert dump["promises"] == [
        {"id": 1, "client_id": 1, "text": "send the report", "due_on": "2026-11-27",
         "made_on": "2026-11-23", "kept_on": None, "by": "sam"},
    ]  # fmt: skip
    # The history of terms, as `client_term` keeps it: Ada added, then her charter agreed.
    assert [(t["client_id"], t["change"]) for t in dump["client_terms"]] == [
        (1, "added in tier A"), (2, "added in tier C"), (3, "added in tier B"),
        (3, "archived (moved to Lisbon)"), (1, "charter agreed: every 2w"),
    ]  # fmt: skip
    charter = dump["client_terms"][-1]
    assert {k: v for k, v in charter.items() if k != "recorded_at"} == {
        "client_id": 1, "effective_on": "2026-11-23", "tier_id": 1, "tier_since": "2026-11-23",
        "status": "active", "snoozed_until": None, "owner": "kim", "charter_every": "2w",
        "charter_channel": "text", "charter_note": "after 6pm", "charter_review_every": "6m",
        "charter_agreed_on": "2026-11-23", "change": "charter agreed: every 2w", "by": "sam",
    }  # fmt: skip
    assert [(t["tier_id"], t["effective_on"], t["name"]) for t in dump["tier_terms"]] == [
        (1, "0001-01-01", "A"), (2, "0001-01-01", "B"), (3, "0001-01-01", "C"),
    ]  # fmt: skip
    lines = text.splitlines()
    records = 3 + 3 + 2 + 1 + 3 + 5  # tiers, clients, touches, promises, tier and client terms
    assert sum(line.startswith('    {"') for line in lines) == records


# ---------------------------------------------------------------------------------------------
# ICS


def calendar_book(cadence: Any) -> None:
    small_book(cadence)
    cadence.ok("add", "Leap Day", "--birthday", "02-29")
    cadence.ok("add", "Overdue Olga", "--tier", "A")
    cadence.ok("log", "Olga", "--on", "2026-10-01")
    cadence.ok("promise", "add", "Ada", "send the market report", "--by", "2026-11-27")
    cadence.ok("promise", "add", "Ada", "done already", "--by", "2026-11-24")
    cadence.ok("promise", "done", "2")
    cadence.ok("add", "Late Leaver")
    cadence.ok("promise", "add", "Late Leaver", "never shown", "--by", "2026-11-30")
    cadence.ok(
        "archive", "Late Leaver", "--reason", "retired", "--cancel-promises"
    )  # none of its events: archived, and its promise cancelled


def events(ics: str) -> dict[str, Any]:
    calendar = Calendar.from_ical(ics)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_ics_is_valid_rfc5545_for_two_independent_parsers(cadence: Any) -> None:
    calendar_book(cadence)
    result = cadence("export", "--format", "ics")
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # every line ends in CRLF
    assert all(len(line) <= 75 for line in lines)  # folded
    parsed = vobject.readOne(raw.decode("utf-8"))
    parsed.validate()  # raises on a missing UID, DTSTAMP or PRODID
    assert parsed.prodid.value == "-//cadence//cadence 0.1.0//EN"
    uids = [event.uid.value for event in parsed.vevent_list]
    assert len(uids) == len(set(uids))
    for event in parsed.vevent_list:
        assert event.dtstamp.value.tzinfo is not None
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"


def test_ics_holds_due_dates_milestones_and_open_promises(cadence: Any) -> None:
    calendar_book(cadence)
    found = events(cadence.ok("export", "--format", "ics"))
    assert sorted(found) == sorted(
        [
            "due-1@cadence",
            "due-2@cadence",
            "due-4@cadence",
            "due-5@cadence",
            "milestone-1-birthday@cadence",
            "milestone-1-home_anniversary_" + found_suffix(found, "milestone-1-home_anniversary_"),
            "milestone-4-birthday@cadence",
            "promise-1@cadence",
        ]
    )  # fmt: skip  (archived clients have no events; promise 2 is kept)

    def day(uid: str) -> date:
        value: date = found[uid]["DTSTART"].dt
        return value

    assert str(found["due-1@cadence"]["SUMMARY"]) == "Contact Ada Lovelace (A)"
    assert day("due-1@cadence") == date(2026, 11, 27)
    assert found["due-1@cadence"]["DTEND"].dt == date(2026, 11, 28)
    olga = found["due-5@cadence"]
    assert day("due-5@cadence") == date(2026, 11, 23)  # overdue: shown today
    assert str(olga["DESCRIPTION"]).startswith("due since Thu 8 Oct 2026 (reactive): ")
    birthday = found["milestone-1-birthday@cadence"]
    assert str(birthday["SUMMARY"]) == "Ada Lovelace: birthday (1985)"
    assert day("milestone-1-birthday@cadence") == date(1985, 12, 10)
    assert birthday["RRULE"]["FREQ"] == ["YEARLY"]
    leap = found["milestone-4-birthday@cadence"]
    assert day("milestone-4-birthday@cadence") == date(2024, 2, 29)  # a leap year without a year
    assert leap["RRULE"]["BYMONTHDAY"] == [-1]  # Feb 28 in common years
    promise = found["promise-1@cadence"]
    assert str(promise["SUMMARY"]) == "Promise to Ada Lovelace: send the market report"
    assert day("promise-1@cadence") == date(2026, 11, 27)
    assert "RRULE" not in promise


def found_suffix(found: dict[str, Any], prefix: str) -> str:
    (uid,) = [uid for uid in found if uid.startswith(prefix)]
    return uid[len(prefix) :]


def test_ics_uids_are_stable_so_a_calendar_updates_instead_of_duplicating(cadence: Any) -> None:
    calendar_book(cadence)
    before = events(cadence.ok("export", "--format", "ics"))
    cadence.ok("log", "Ada", "--on", "2026-11-23")
    after = events(cadence.ok("export", "--format", "ics"))
    assert set(before) == set(after)
    assert before["due-1@cadence"]["DTSTART"].dt == date(2026, 11, 27)
    assert after["due-1@cadence"]["DTSTART"].dt == date(2026, 11, 30)
