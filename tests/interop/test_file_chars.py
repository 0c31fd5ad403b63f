"""Issue 18.2 at the file door: what a vCard, CSV or JSON dump brings is stripped of the
characters `store.rules` forbids, with one warning per record, before the store sees it."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from cadence_cli.interop import parse_bytes
from cadence_cli.interop.batch import ImportBatch
from cadence_cli.interop.intake import contacts_batch
from cadence_cli.interop.jsondump import read_dump
from cadence_cli.store import rules

ZONE = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)


def _batch(data: bytes, format: str = "auto") -> ImportBatch:
    result = parse_bytes(data, format)
    if result.format == "json":
        return read_dump(data, zone=ZONE, today=TODAY)
    return contacts_batch(result, zone=ZONE, today=TODAY)


def _all_texts(batch: ImportBatch) -> list[tuple[str, bool]]:
    """Every stored text of the batch, with whether it is multi-line."""
    texts: list[tuple[str | None, bool]] = []
    for client in batch.clients:
        texts += [(client.name, False), (client.email, False), (client.phone, False)]
        texts += [(client.company, False), (client.owner, False), (client.tier, False)]
        texts += [(client.notes, True), (client.archived_reason, True)]
        texts += [(tag, False) for tag in client.tags]
        texts += [(label, False) for label, _ in client.milestones]
        texts += [(email, False) for email in client.other_emails]
    texts += [(t.note, True) for t in batch.touches] + [(t.by, False) for t in batch.touches]
    texts += [(p.text, False) for p in batch.promises]
    texts += [(t.name, False) for t in batch.tiers] + [(t.description, True) for t in batch.tiers]
    return [(text, multi) for text, multi in texts if text is not None]


def _assert_clean(batch: ImportBatch) -> None:
    for text, multiline in _all_texts(batch):
        assert rules.is_printable(text, multiline=multiline), repr(text)


def test_a_vcard_name_with_csi_and_osc_is_stripped_with_a_warning() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory\u009d0;title\u009c\r\n"
        "EMAIL:mallory@example.com\r\nNOTE:hi\\nthere\u009b2J\r\nEND:VCARD\r\n"
    )
    batch = _batch(card.encode())
    assert [c.name for c in batch.clients] == ["Mallory0;title"]
    assert batch.clients[0].notes == "hi\nthere2J"
    assert batch.errors == []
    assert [str(w) for w in batch.warnings] == [
        "line 1: removed unprintable characters from name (U+009D, U+009C), notes (U+009B)"
    ]
    _assert_clean(batch)


def test_a_csv_with_escapes_bidi_and_zero_width_is_stripped_field_by_field() -> None:
    header = "name,email,phone,company,tier,tags,birthday,milestones,owner,notes,last_contact"
    row = '"Zed \x1b[2J",zed\u200b@example.com,+44\x7f 1,"Acme\nLtd",,vip\u202e;ok,,,sam\u2066,,'
    batch = _batch(f"{header}\n{row}\n".encode())
    client = batch.clients[0]
    assert (client.name, client.email, client.phone, client.company, client.owner) == (
        "Zed [2J", "zed@example.com", "+44 1", "Acme Ltd", "sam",
    )  # fmt: skip
    assert client.tags == ("vip", "ok")
    assert [str(w) for w in batch.warnings] == [
        "line 2: removed unprintable characters from name (U+001B), email (U+200B), "
        "phone (U+007F), company (U+000A), owner (U+2066), tag (U+202E)"
    ]
    _assert_clean(batch)


def _dump(**lists: list[dict[str, object]]) -> bytes:
    lines = ["{", '  "format": "cadence",', '  "version": 1,']
    keys = ("tiers", "clients", "touches", "promises")
    for index, key in enumerate(keys):
        items = ",\n    ".join(json.dumps(item) for item in lists.get(key, []))
        comma = "," if index < len(keys) - 1 else ""
        lines.append(f'  "{key}": [\n    {items}\n  ]{comma}' if items else f'  "{key}": []{comma}')
    return ("\n".join(lines) + "\n}\n").encode()


def test_a_json_dump_with_a_bidi_override_in_a_tag_is_stripped_with_a_warning() -> None:
    data = _dump(
        tiers=[{"name": "A\u2067", "rank": 1, "every": "1w", "reactive_after": "1w"}],
        clients=[
            {"id": 1, "name": "Ada", "tier": "A", "tags": ["vip\u202e", "golf"]},
            {"id": 2, "name": "Bob\u200b", "charter": {"every": "2w", "note": "a\tb\u2028c"}},
        ],
        touches=[{"client_id": 1, "day": "2026-11-01", "note": "ok\u009b", "by": "s\nam"}],
        promises=[{"client_id": 2, "text": "send\u202a it", "due_on": "2026-12-01"}],
    )
    batch = _batch(data)
    assert batch.errors == []
    assert batch.tiers[0].name == "A"
    assert batch.clients[0].tags == ("vip", "golf")
    assert batch.clients[1].name == "Bob"
    assert batch.clients[1].charter is not None and batch.clients[1].charter.note == "a\tbc"
    assert (batch.touches[0].note, batch.touches[0].by) == ("ok", "s am")
    assert batch.promises[0].text == "send it"
    assert [str(w) for w in batch.warnings] == [
        "line 5: removed unprintable characters from tier name (U+2067)",
        "line 8: removed unprintable characters from tag (U+202E)",
        "line 9: removed unprintable characters from name (U+200B), charter note (U+2028)",
        "line 12: removed unprintable characters from touch note (U+009B), touch by (U+000A)",
        "line 15: removed unprintable characters from promise (U+202A)",
    ]
    _assert_clean(batch)


def test_clean_files_bring_no_warning_and_keep_every_script() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:ශ්\u200dරී Zoë 👩\u200d💻\r\n"
        "NOTE:two\\nlines\ttab\r\nCATEGORIES:می\u200cخواهم\r\nEND:VCARD\r\n"
    )
    batch = _batch(card.encode())
    assert batch.warnings == []
    assert batch.clients[0].name == "ශ්\u200dරී Zoë 👩\u200d💻"
    assert batch.clients[0].tags == ("می\u200cخواهم",)
    assert batch.clients[0].notes == "two\nlines\ttab"
