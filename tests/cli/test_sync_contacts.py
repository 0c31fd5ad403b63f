"""`cadence sync contacts DIR`: a vdir of vCards and the book, both ways (issue 16).

Cards are written the way phones and CardDAV servers write them (3.0 with a folded PHOTO,
vendor X- properties, item groups; 4.0 with year-less birthdays); every test reads the
folder and the book back rather than trusting the summary alone.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_output import show_json

from cadence_cli.interop.vcard_lines import content_lines
from harness import Cadence

ADA = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.1//EN\r\n"
    "UID:ada-1\r\n"
    "N:Lovelace;Ada;;;\r\n"
    "FN:Ada Lovelace\r\n"
    "ORG:Analytical Engines;Research\r\n"
    "item1.EMAIL;type=INTERNET;type=HOME;type=pref:ada@example.com\r\n"
    "item2.EMAIL;type=INTERNET;type=WORK:ada@engines.example\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0000\r\n"
    "TEL;type=HOME;type=VOICE:+44 20 7946 0001\r\n"
    "item3.ADR;type=HOME;type=pref:;;12 St James's Square;London;;SW1Y 4JH;United Kingdom\r\n"
    "item3.X-ABADR:gb\r\n"
    "BDAY;VALUE=date:1815-12-10\r\n"
    "X-SOCIALPROFILE;type=twitter:x-apple:adalovelace\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBk\r\n"
    " SEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDR\r\n"
    "NOTE:met at the Royal Society\\, 1833\r\n"
    "REV:2026-11-01T10:00:00Z\r\n"
    "END:VCARD\r\n"
)


def card(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def rewrite(path: Path, text: str) -> None:
    """Edit a card as a phone would: the whole file replaced, line ends as given."""
    path.write_bytes(text.encode("utf-8"))


@pytest.fixture
def vdir(tmp_path: Path) -> Path:
    folder = tmp_path / "contacts"
    folder.mkdir()
    return folder


def sync(cadence: Any, folder: Path, *args: str) -> str:
    return str(cadence.ok("sync", "contacts", str(folder), *args))


def line_names(data: bytes) -> list[str]:
    return [line.name for line in content_lines(data)]


def test_a_new_card_becomes_a_client_and_a_second_sync_changes_nothing(
    cadence: Any, vdir: Path
) -> None:
    path = card(vdir, "ada.vcf", ADA)
    assert sync(cadence, vdir, "--tier", "A", "--owner", "me").splitlines() == [
        f"Synced contacts with {vdir} (1 card): 1 new client."
    ]
    ada = show_json(cadence, "Ada")
    assert (ada["name"], ada["email"], ada["phone"], ada["company"]) == (
        "Ada Lovelace",
        "ada@example.com",
        "+44 20 7946 0000",
        "Analytical Engines",
    )
    assert (ada["tier"], ada["owner"]) == ("A", "sam")
    assert ada["milestones"] == [{"label": "birthday", "date": "1815-12-10"}]
    assert path.read_bytes().decode() == ADA  # nothing to write back
    assert sync(cadence, vdir).splitlines() == [
        f"Synced contacts with {vdir} (1 card): nothing to change."
    ]
    assert len(json.loads(cadence.ok("clients", "--json"))) == 1


def test_a_client_without_a_card_gets_one_with_a_stable_uid(cadence: Any, vdir: Path) -> None:
    cadence.ok("add", "Bob Smith", "--email", "bob@example.org", "--phone", "555 1234")
    cadence.ok("edit", "Bob", "--birthday", "03-15", "--milestone", "anniversary=2001-06-09")
    assert sync(cadence, vdir).splitlines() == [
        f"Synced contacts with {vdir} (0 cards): 1 new card."
    ]
    (made,) = list(vdir.iterdir())
    text = made.read_bytes().decode()
    uid = text.split("UID:", 1)[1].split("\r\n", 1)[0]
    assert made.name == f"{uid}.vcf"
    assert text == (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//cadence//cadence 0.1.0//EN\r\n"
        f"UID:{uid}\r\nFN:Bob Smith\r\nN:Smith;Bob;;;\r\n"
        "EMAIL;TYPE=INTERNET:bob@example.org\r\nTEL:555 1234\r\nBDAY:--0315\r\n"
        "X-ANNIVERSARY:2001-06-09\r\nEND:VCARD\r\n"
    )
    assert sync(cadence, vdir).splitlines() == [
        f"Synced contacts with {vdir} (1 card): nothing to change."
    ]
    assert [p.name for p in vdir.iterdir()] == [made.name]


def test_a_change_in_cadence_rewrites_only_its_lines_of_the_card(cadence: Any, vdir: Path) -> None:
    path = card(vdir, "ada.vcf", ADA)
    sync(cadence, vdir)
    cadence.ok("edit", "Ada", "--phone", "+44 20 1111 2222", "--company", "Engines Ltd")
    cadence.ok("edit", "Ada", "--name", "Ada King", "--birthday", "1815-12-11")
    assert sync(cadence, vdir).splitlines() == [
        f"Synced contacts with {vdir} (1 card): 1 card updated."
    ]
    expected = (
        ADA.replace("N:Lovelace;Ada;;;", "N:King;Ada;;;")
        .replace("FN:Ada Lovelace", "FN:Ada King")
        .replace("ORG:Analytical Engines;Research", "ORG:Engines Ltd;Research")
        .replace("type=pref:+44 20 7946 0000", "type=pref:+44 20 1111 2222")
        .replace("BDAY;VALUE=date:1815-12-10", "BDAY:1815-12-11")
    )
    assert path.read_bytes().decode() == expected
    assert sync(cadence, vdir).splitlines()[0].endswith("nothing to change.")


def test_a_changed_card_updates_its_client(cadence: Any, vdir: Path) -> None:
    path = card(vdir, "ada.vcf", ADA)
    sync(cadence, vdir)
    rewrite(
        path,
        ADA.replace("FN:Ada Lovelace", "FN:Augusta Ada King")
        .replace("type=pref:ada@example.com", "type=pref:ada@king.example")
        .replace("ORG:Analytical Engines;Research\r\n", "")
        .replace("BDAY;VALUE=date:1815-12-10\r\n", "ANNIVERSARY:18350708\r\n"),
    )
    assert sync(cadence, vdir).splitlines() == [
        f"Synced contacts with {vdir} (1 card): 1 client updated."
    ]
    ada = show_json(cadence, "#1")
    assert (ada["name"], ada["email"], ada["company"]) == (
        "Augusta Ada King",
        "ada@king.example",
        None,
    )
    assert ada["milestones"] == [{"label": "anniversary", "date": "1835-07-08"}]
    assert sync(cadence, vdir).splitlines()[0].endswith("nothing to change.")


@pytest.mark.parametrize(
    ("prefer", "phone", "kept"),
    [("cards", "+44 1", "the card's"), ("cadence", "+44 2", "cadence's")],
)
def test_both_sides_changing_a_field_is_a_conflict_that_prefer_settles(
    cadence: Any, vdir: Path, prefer: str, phone: str, kept: str
) -> None:
    path = card(vdir, "ada.vcf", ADA)
    sync(cadence, vdir)
    rewrite(path, ADA.replace("pref:+44 20 7946 0000", "pref:+44 1"))
    cadence.ok("edit", "Ada", "--phone", "+44 2", "--company", "Engines Ltd")
    out = sync(cadence, vdir, "--prefer", prefer).splitlines()
    updated = "1 client updated, 1 card updated" if prefer == "cards" else "1 card updated"
    assert out == [
        f"Synced contacts with {vdir} (1 card): {updated}, 1 conflict.",
        f"conflict: #1 Ada Lovelace: phone: the card has '+44 1', cadence has '+44 2'; "
        f"kept {kept} (--prefer {prefer})",
    ]
    assert show_json(cadence, "Ada")["phone"] == phone
    text = path.read_bytes().decode()
    assert f"pref:{phone}\r\n" in text
    assert "ORG:Engines Ltd;Research\r\n" in text  # cadence's own change went out either way
    assert sync(cadence, vdir).splitlines()[0].endswith("nothing to change.")


def test_a_deleted_card_is_listed_and_its_client_kept(cadence: Any, vdir: Path) -> None:
    path = card(vdir, "ada.vcf", ADA)
    sync(cadence, vdir)
    path.unlink()
    out = sync(cadence, vdir).splitlines()
    assert out == [
        f"Synced contacts with {vdir} (0 cards): 1 deleted card.",
        "deleted card: #1 Ada Lovelace: its card is gone; the client stays in cadence",
    ]
    assert show_json(cadence, "Ada")["status"] == "active"
    assert list(vdir.iterdir()) == []  # not written back either
    cadence.ok("archive", "Ada", "--reason", "moved away")
    assert sync(cadence, vdir).splitlines()[0].endswith("nothing to change.")


def test_a_client_already_in_the_book_is_linked_not_duplicated(cadence: Any, vdir: Path) -> None:
    card(vdir, "ada.vcf", ADA)
    cadence.ok("add", "Ada L.", "--email", "ADA@example.com")
    out = sync(cadence, vdir).splitlines()
    assert out == [
        f"Synced contacts with {vdir} (1 card): 1 client updated, 1 card linked to a client, "
        "1 conflict.",
        "conflict: #1 Ada L.: name: the card has 'Ada Lovelace', cadence has 'Ada L.'; "
        "kept the card's (--prefer cards)",
    ]
    clients = json.loads(cadence.ok("clients", "--json"))
    assert [(c["id"], c["name"]) for c in clients] == [(1, "Ada Lovelace")]
    assert show_json(cadence, "#1")["phone"] == "+44 20 7946 0000"


def test_dry_run_writes_nothing(cadence: Any, vdir: Path) -> None:
    path = card(vdir, "ada.vcf", ADA)
    cadence.ok("add", "Bob", "--email", "bob@example.org")
    assert sync(cadence, vdir, "--dry-run").splitlines() == [
        f"Dry run of a sync with {vdir} (1 card): 1 new client, 1 new card. Nothing was written."
    ]
    assert [p.name for p in vdir.iterdir()] == ["ada.vcf"]
    assert path.read_bytes().decode() == ADA
    assert [c["name"] for c in json.loads(cadence.ok("clients", "--json"))] == ["Bob"]


def test_a_card_that_cannot_be_written_leaves_the_book_as_it_was(
    sqlite_cadence: Any, vdir: Path
) -> None:
    cadence = sqlite_cadence
    cadence.ok("add", "Bob", "--email", "bob@example.org")
    card(vdir, "ada.vcf", ADA)
    from cadence_cli.store import sync as store_sync

    with sqlite3.connect(cadence.db) as conn:
        added_on = conn.execute("SELECT added_on FROM client").fetchone()[0]
    from datetime import date

    from cadence_cli.core.records import ClientInfo

    uid = store_sync.card_uid_for(ClientInfo(1, "Bob", "C", added_on=date.fromisoformat(added_on)))
    (vdir / f"{uid}.vcf").mkdir()  # a folder where Bob's new card must go
    result = cadence("sync", "contacts", str(vdir))
    assert result.exit_code == 6, result.output
    assert result.stderr.startswith(f"cadence: error: cannot use the folder {vdir}: ")
    assert [c["name"] for c in json.loads(cadence.ok("clients", "--json"))] == ["Bob"]
    with sqlite3.connect(cadence.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sync_link").fetchone() == (0,)
    assert sorted(p.name for p in vdir.iterdir()) == sorted(  # no temporary file left
        ["ada.vcf", f"{uid}.vcf"]
    )


def test_a_card_the_book_cannot_take_is_left_alone_with_a_warning(cadence: Any, vdir: Path) -> None:
    card(vdir, "ada.vcf", ADA)
    card(vdir, "junk.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name at all\r\nEND:VCARD\r\n")
    card(vdir, "long.vcf", ADA.replace("Ada Lovelace", "A" * 300).replace("ada-1", "long"))
    card(vdir, "twin.vcf", ADA.replace("Ada Lovelace", "Ada Twin").replace("ada-1", "twin"))
    result = cadence("sync", "contacts", str(vdir))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"Synced contacts with {vdir} (4 cards): 1 new client."]
    assert result.stderr.splitlines() == [
        "warning: card junk.vcf: the card has no name (no FN, N, ORG or EMAIL); left alone",
        "warning: card long.vcf: name is too long (300 characters; at most 200); left alone",
        "warning: card twin.vcf has the email of card ada.vcf; left alone",
    ]
    result = cadence("sync", "contacts", str(vdir))
    assert result.stderr.splitlines()[-1] == (
        "warning: card twin.vcf has the email of #1 Ada Lovelace, which has a card; left alone"
    )
    assert [c["name"] for c in json.loads(cadence.ok("clients", "--json"))] == ["Ada Lovelace"]


def test_an_email_another_client_has_is_not_taken(cadence: Any, vdir: Path) -> None:
    path = card(vdir, "ada.vcf", ADA)
    sync(cadence, vdir)
    cadence.ok("add", "Bob", "--email", "bob@example.org")
    sync(cadence, vdir)
    rewrite(path, ADA.replace("pref:ada@example.com", "pref:bob@example.org"))
    result = cadence("sync", "contacts", str(vdir))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: card ada.vcf (#1 Ada Lovelace): #2 Bob already has the email "
        "bob@example.org; not taken"
    ]
    assert show_json(cadence, "#1")["email"] == "ada@example.com"


def test_bad_options_and_folders_are_refused(cadence: Any, vdir: Path, tmp_path: Path) -> None:
    result = cadence("sync", "contacts", str(vdir), "--prefer", "phone")
    assert (result.exit_code, result.stderr) == (
        2,
        "cadence: error: unknown --prefer 'phone' (use cards or cadence)\n",
    )
    missing = tmp_path / "nowhere"
    result = cadence("sync", "contacts", str(missing))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"cadence: error: folder {missing} does not exist")


def test_a_vcard_4_card_keeps_its_forms(cadence: Any, vdir: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:4f1e\nFN:Chen Wei\nN:Wei;Chen;;;\n"
        "TEL;VALUE=uri;TYPE=cell:tel:+1-555-0100\nBDAY:--0416\n"
        "X-EVOLUTION-ANNIVERSARY:20100501\nANNIVERSARY:20100501\nEND:VCARD\n"
    )
    path = card(vdir, "chen.vcf", text)
    sync(cadence, vdir)
    cadence.ok("edit", "Chen", "--phone", "+1 555 0199", "--birthday", "1980-04-17")
    cadence.ok("edit", "Chen", "--milestone", "anniversary=2011-05-02")
    sync(cadence, vdir)
    assert path.read_bytes().decode() == (
        "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:4f1e\nFN:Chen Wei\nN:Wei;Chen;;;\n"
        "TEL;TYPE=cell:tel:+1-555-0199\nBDAY:19800417\n"
        "X-EVOLUTION-ANNIVERSARY:20110502\nANNIVERSARY:20110502\nEND:VCARD\n"
    )
    assert line_names(path.read_bytes())[0] == "BEGIN"


def test_an_owner_the_book_has_never_seen_needs_new_owner(cadence: Any, vdir: Path) -> None:
    card(vdir, "ada.vcf", ADA)
    refused = cadence("sync", "contacts", str(vdir), "--owner", "kim")
    assert refused.exit_code == 3
    assert refused.stderr == (
        "cadence: error: unknown owner 'kim' "
        "(owners so far: sam; add --new-owner if kim is someone new)\n"
    )
    assert json.loads(cadence.ok("clients", "--json")) == []
    sync(cadence, vdir, "--owner", "kim", "--new-owner")
    assert show_json(cadence, "Ada")["owner"] == "kim"


def test_a_dry_run_before_the_first_sync_previews_into_an_empty_book_and_makes_none(
    new_book: str, vdir: Path
) -> None:
    """A first sync from the phone starts a book, so its dry run shows what it would bring,
    instead of "no book", and still makes none."""
    cadence = Cadence(new_book)
    card(vdir, "ada.vcf", ADA)
    result = cadence("sync", "contacts", str(vdir), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Dry run of a sync with {vdir} (1 card): 1 new client. Nothing was written.\n"
    )
    assert cadence("due").exit_code == 6  # still no book
    if "://" not in new_book:
        assert not Path(new_book).parent.exists()
