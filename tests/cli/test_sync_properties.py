"""Properties of `cadence sync contacts` (issue 16), over books and folders hypothesis draws:

* a sync right after a sync changes nothing, in the book or in the folder;
* a card's properties cadence does not know survive any number of syncs, byte for byte and
  in their order, whatever cadence and the card change in between;
* no client is ever lost or duplicated: every client stays, and each card has one client.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence_cli.interop.vcard_lines import content_lines
from conftest import Cadence

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
    work = Path(tempfile.mkdtemp())
    try:
        store = work / "cadence.db"
        shutil.copyfile(migrated_sqlite_template, store)
        cadence = Cadence(str(store))
        folder = work / "cards"
        folder.mkdir()
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
            with sqlite3.connect(store) as conn:
                links = conn.execute("SELECT client_id, file FROM sync_link").fetchall()
            assert sorted(c for c, _f in links) == sorted(c["id"] for c in everyone)
            assert sorted(f for _c, f in links) == sorted(p.name for p in folder.iterdir())
    finally:
        shutil.rmtree(work, ignore_errors=True)
