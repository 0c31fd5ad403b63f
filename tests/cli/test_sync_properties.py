"""Properties of `cadence sync contacts` and `sync calendar` (issue 16), over books and
folders hypothesis draws:

* a sync right after a sync changes nothing, in the book or in the folder;
* a card's properties cadence does not know survive any number of syncs, byte for byte and
  in their order, whatever cadence and the card change in between;
* no client is ever lost or duplicated: every client stays, and each card has one client;
* the calendar holds one to-do per touchpoint `due` lists, whatever was delivered, logged
  or completed in another program in between.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence_cli.interop.vcard_lines import content_lines
from harness import Cadence

LETTERS = st.characters(categories=["Lu", "Ll", "Lo"], max_codepoint=0x4FFF)
WORD = st.text(LETTERS, min_size=1, max_size=8)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
PHONE = st.from_regex(r"\+?[0-9]{3}( [0-9]{3,4}){1,2}", fullmatch=True)
UNKNOWN_VALUE = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\r\n"),
    max_size=120,
)
UNKNOWN = st.tuples(
    st.from_regex(r"X-CAD[A-Z]{1,6}", fullmatch=True),
    st.sampled_from(["", ";TYPE=home", ';X-PARAM="a:b;c"', ";CHARSET=UTF-8"]),
    UNKNOWN_VALUE,
)


@contextmanager
def scratch(template: Path, folder: str) -> Iterator[tuple[Cadence, Path]]:
    """A fresh book and an empty vdir per example (the function-scoped fixtures are shared by
    every example hypothesis draws), removed afterwards."""
    work = Path(tempfile.mkdtemp())
    try:
        store = work / "cadence.db"
        shutil.copyfile(template, store)
        (work / folder).mkdir()
        yield Cadence(str(store)), work / folder
    finally:
        shutil.rmtree(work, ignore_errors=True)


def folded(line: str) -> str:
    data = line.encode("utf-8")
    pieces, start = [], 0
    while len(data) - start > 75:
        cut = start + 75
        while (data[cut] & 0xC0) == 0x80:
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8") + "\r\n"


@st.composite
def cards(draw: Any) -> list[tuple[str, str]]:
    """(file name, card text) for a few cards, each with unknown properties among its own."""
    found = []
    for n in range(draw(st.integers(0, 4))):
        unknown = [folded(f"{name}{params}:{value}") for name, params, value in draw(
            st.lists(UNKNOWN, max_size=4)
        )]  # fmt: skip
        known = [
            f"UID:card-{n}\r\n",
            f"FN:{draw(NAME)}\r\n",
            f"EMAIL:person{n}@example.com\r\n",
            f"TEL:{draw(PHONE)}\r\n",
        ]
        lines = list(known)
        for index, line in enumerate(unknown):
            lines.insert(draw(st.integers(0, len(lines))) if index % 2 else len(lines), line)
        found.append(
            (f"c{n}.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(lines) + "END:VCARD\r\n")
        )
    return found


EDIT = st.tuples(
    st.sampled_from(["book", "card"]),
    st.integers(0, 5),
    st.sampled_from(["phone", "name", "company"]),
    st.one_of(PHONE, NAME),
)


def unknown_lines(data: bytes) -> list[bytes]:
    return [line.raw for line in content_lines(data) if line.name.startswith("X-CAD")]


def state(cadence: Cadence, folder: Path) -> tuple[Any, dict[str, bytes]]:
    with sqlite3.connect(cadence.db) as conn:
        rows = conn.execute(
            "SELECT client_id, uid, file, seen_hash, base FROM sync_link"
        ).fetchall()
    book = json.loads(cadence.ok("export", "--format", "json"))
    book.pop("exported_at")
    return (book, sorted(rows)), {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def clients(cadence: Cadence) -> list[dict[str, Any]]:
    return list(json.loads(cadence.ok("clients", "--json")))


def edit_card(folder: Path, index: int, field: str, value: str) -> None:
    files = sorted(folder.iterdir())
    if not files:
        return
    path = files[index % len(files)]
    lines = []
    for line in content_lines(path.read_bytes()):
        if field == "phone" and line.name == "TEL":
            lines.append(f"TEL:{value}\r\n".encode())
        elif field == "name" and line.name == "FN":
            lines.append(f"FN:{value}\r\n".encode())
        else:
            lines.append(line.raw)
    path.write_bytes(b"".join(lines))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    folder_cards=cards(),
    book=st.lists(st.tuples(NAME, st.one_of(st.none(), PHONE)), max_size=3),
    edits=st.lists(st.lists(EDIT, max_size=3), min_size=1, max_size=3),
    prefer=st.sampled_from(["cards", "cadence"]),
)
def test_sync_is_stable_keeps_unknown_properties_and_loses_no_client(
    migrated_sqlite_template: Path,
    folder_cards: list[tuple[str, str]],
    book: list[tuple[str, str | None]],
    edits: list[list[tuple[str, int, str, str]]],
    prefer: str,
) -> None:
    with scratch(migrated_sqlite_template, "cards") as (cadence, folder):
        for n, (name, phone) in enumerate(book):
            cadence.ok(
                "add",
                name,
                "--email",
                f"client{n}@example.org",
                *(["--phone", phone] if phone else []),
            )
        originals = {}
        for file, text in folder_cards:
            (folder / file).write_bytes(text.encode("utf-8"))
            originals[file] = unknown_lines(text.encode("utf-8"))

        def sync() -> None:
            cadence.ok("sync", "contacts", str(folder), "--prefer", prefer)

        sync()
        assert len(clients(cadence)) == len(book) + len(folder_cards)
        for round_edits in edits:
            for side, index, field, value in round_edits:
                if side == "book":
                    ids = [c["id"] for c in clients(cadence)]
                    if ids:
                        option = {"phone": "--phone", "name": "--name", "company": "--company"}
                        cadence.ok("edit", f"#{ids[index % len(ids)]}", option[field], value)
                elif field != "company":
                    edit_card(folder, index, field, value)
            sync()
            first = state(cadence, folder)
            sync()
            assert state(cadence, folder) == first  # twice in a row: nothing changes
            for file, lines in originals.items():
                assert unknown_lines((folder / file).read_bytes()) == lines
            everyone = clients(cadence)
            assert len(everyone) == len(book) + len(folder_cards)
            with sqlite3.connect(cadence.db) as conn:
                links = conn.execute("SELECT client_id, file FROM sync_link").fetchall()
            assert sorted(c for c, _f in links) == sorted(c["id"] for c in everyone)
            assert sorted(f for _c, f in links) == sorted(p.name for p in folder.iterdir())


TODAY = date(2026, 11, 23)
POINT = st.tuples(
    st.sampled_from(["A", "B", "C"]),
    st.sampled_from(["weekly call", "quarterly review", "annual gift"]),
    st.sampled_from(["1w", "2w", "1m", "3m"]),
    st.lists(st.sampled_from(["call", "email", "meeting"]), min_size=1, max_size=3, unique=True),
    st.booleans(),
)
TOUCH = st.tuples(
    st.integers(0, 5),  # whose (an index into the clients)
    st.integers(0, 60),  # days ago (never before the client was added)
    st.sampled_from(["call", "email", "meeting"]),
    st.sampled_from(["reached", "no-answer"]),
    st.booleans(),  # --for the first touchpoint of the client's tier
)


def touchpoint_todos(folder: Path) -> dict[str, tuple[int, str, str]]:
    """File name → (client id, touchpoint name, due day) of each touchpoint to-do."""
    found = {}
    for path in sorted(folder.iterdir()):
        (todo,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VTODO") or [None]
        if todo is None or not str(todo["uid"]).startswith("todo-touchpoint-"):
            continue
        client = int(str(todo["uid"]).split("-")[2])
        name = str(todo["description"]).split(": every ")[0].split("'s ", 1)[1]
        found[path.name] = (client, name, todo["due"].dt.isoformat())
    return found


def due_touchpoints(cadence: Cadence) -> list[tuple[int, str, str]]:
    listed = json.loads(cadence.ok("due", "--json", "--horizon", "14d"))["touchpoints"]
    return sorted((t["client_id"], t["touchpoint"], t["due_on"]) for t in listed)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    points=st.lists(POINT, min_size=1, max_size=4, unique_by=lambda p: (p[0], p[1])),
    book=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 90)), min_size=1, max_size=4),
    touches=st.lists(TOUCH, max_size=5),
    done=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_calendar_sync_holds_the_touchpoints_due_once_and_is_stable(
    migrated_sqlite_template: Path,
    points: list[tuple[str, str, str, list[str], bool]],
    book: list[tuple[int, int]],
    touches: list[tuple[int, int, str, str, bool]],
    done: list[bool],
) -> None:
    with scratch(migrated_sqlite_template, "calendar") as (cadence, folder):
        for tier, name, every, channels, attempts in points:
            cadence.ok(
                "model", "touchpoint", "add", tier, name, "--every", every,
                "--channel", ",".join(channels), *(["--attempt-counts"] if attempts else []),
            )  # fmt: skip
        first = {tier: name for tier, name, *_ in reversed(points)}
        tiers = [points[index % len(points)][0] for index, _ago in book]  # each has a touchpoint
        for n, (tier, (_index, ago)) in enumerate(zip(tiers, book, strict=True)):
            day = (TODAY - timedelta(days=ago)).isoformat()
            cadence.ok("add", f"Client {n}", "--tier", tier, today=day)
        for who, ago, channel, outcome, credited in touches:
            added = book[who % len(book)][1]
            point = first[tiers[who % len(book)]] if credited else None
            cadence.ok(
                "log", f"#{who % len(book) + 1}", "--channel", channel, "--outcome", outcome,
                "--on", (TODAY - timedelta(days=min(ago, added))).isoformat(),
                *(["--for", point] if point else []),
            )  # fmt: skip

        def sync() -> None:
            cadence.ok("sync", "calendar", str(folder))

        def state() -> tuple[Any, dict[str, bytes]]:
            exported = json.loads(cadence.ok("export", "--format", "json"))
            exported.pop("exported_at")
            return exported, {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

        sync()
        assert sorted(touchpoint_todos(folder).values()) == due_touchpoints(cadence)
        written = touchpoint_todos(folder)
        completed = set()
        for path, complete in zip(sorted(folder.iterdir()), done, strict=False):
            if complete:
                if path.name in written:
                    completed.add(written[path.name][:2])
                calendar = icalendar.Calendar.from_ical(path.read_bytes())
                for todo in calendar.walk("VTODO"):
                    todo["status"] = "COMPLETED"
                    todo.add("completed", icalendar.vDDDTypes.from_ical("20261123T090000Z"))
                path.write_bytes(calendar.to_ical())
        sync()
        assert sorted(touchpoint_todos(folder).values()) == due_touchpoints(cadence)
        for client, name in completed:  # delivered on the day it was completed
            shown = json.loads(cadence.ok("show", f"#{client}", "--json"))["touchpoints"]
            assert [t["last_on"] for t in shown if t["touchpoint"] == name] == ["2026-11-23"]
        settled = state()
        sync()
        assert state() == settled  # twice in a row: nothing changes
