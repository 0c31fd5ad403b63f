"""Issue 18.2 from the command line: no door lets an unprintable character into the book.

Typed values (arguments, options, `CADENCE_USER`) are refused with an error naming the field;
imported files (vCard, CSV, JSON dump) are stripped with a warning and imported. Both stores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cadence_cli.cli import app

C1_NAME = "Eve\u009b2J"  # CSI 2J: erase the screen, on terminals that read 8-bit controls
OSC_NAME = "Mallory\u009d0;title\u009c"  # OSC 0: set the window title, hides what follows


def dump_rows(cadence: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cadence.ok("clients", "--json"))
    return sorted(found, key=lambda c: c["id"])


def book_state(cadence: Any) -> str:
    dump = cadence.ok("export", "--format", "json")
    return "\n".join(line for line in dump.splitlines() if '"exported_at"' not in line)


def assert_refused(result: Any, says: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cadence: error: "), result.stderr
    assert says in lines[0]
    assert not any(0x80 <= ord(char) < 0xA0 or char == "\x1b" for char in result.stderr)


# ---------------------------------------------------------------------------------------------
# Typed values: refused, nothing written


def test_a_c0_control_in_a_name_is_refused_as_before(cadence: Any) -> None:
    """The part of the rule the store always applied: the message the new rule keeps."""
    result = cadence("add", "Eve\x1b[2J")
    assert_refused(result, "name contains control characters (remove them)")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", C1_NAME], "name contains control characters (remove them)"),
        (["add", OSC_NAME], "name contains control characters (remove them)"),
        (["add", "Eve", "--tag", "vip\u202e"], "tag contains control characters"),
        (["add", "Eve", "--company", "Acme\u200b"], "company contains control characters"),
        (["add", "Eve", "--email", "eve@x.test\u2066"], "email contains control characters"),
        (["add", "Eve", "--note", "hello\u009b2J"], "note contains control characters"),
    ],
)
def test_an_8bit_control_bidi_or_zero_width_character_typed_is_refused(
    cadence: Any, args: list[str], says: str
) -> None:
    before = book_state(cadence)
    assert_refused(cadence(*args), says)
    assert book_state(cadence) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["edit", "Ada", "--name", C1_NAME], "name contains control characters"),
        (["log", "Ada", "--note", "ok\u009d0;x\u009c"], "note contains control characters"),
        (["log", "Ada", "--by", "s\u202eam"], "--by contains control characters"),
        (["promise", "add", "Ada", "send\nit", "--by", "fri"], "promise contains control"),
    ],
)
def test_edits_touches_and_promises_refuse_them_too(
    cadence: Any, args: list[str], says: str
) -> None:
    cadence.ok("add", "Ada")
    before = book_state(cadence)
    assert_refused(cadence(*args), says)
    assert book_state(cadence) == before


def test_notes_keep_their_newlines_and_tabs(cadence: Any) -> None:
    cadence.ok("add", "Ada", "--note", "first\n\tsecond")
    assert dump_rows(cadence)[0]["notes"] == "first\n\tsecond"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("ali\nce", "CADENCE_USER contains control characters"),
        ("Eve\u009b2J", "CADENCE_USER contains control characters"),
        ("s\u202eam", "CADENCE_USER contains control characters"),
        ("u" * 101, "CADENCE_USER is too long (101 characters; at most 100)"),
    ],
)
def test_a_cadence_user_with_a_newline_or_control_is_refused(
    cadence: Any, value: str, says: str
) -> None:
    cadence.ok("add", "Ada")
    before = book_state(cadence)
    for args in (["log", "Ada"], ["add", "Bob", "--owner", "me", "--new-owner"], ["due"]):
        result = cadence.runner.invoke(
            app, args, env={"CADENCE_DB": cadence.db, "CADENCE_USER": value}
        )
        assert_refused(result, says)
        assert value not in result.stderr
    assert book_state(cadence) == before


def test_a_cadence_user_with_a_trailing_newline_is_just_trimmed(cadence: Any) -> None:
    env = {"CADENCE_DB": cadence.db, "CADENCE_USER": "alice\n"}
    result = cadence.runner.invoke(app, ["add", "Ada", "--owner", "me", "--new-owner"], env=env)
    assert result.exit_code == 0, result.output
    assert dump_rows(cadence)[0]["owner"] == "alice"


# ---------------------------------------------------------------------------------------------
# Files: stripped with a warning, imported


def test_a_vcard_with_csi_and_osc_in_its_name_imports_stripped_with_a_warning(
    cadence: Any, tmp_path: Path
) -> None:
    card = tmp_path / "mallory.vcf"
    card.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{OSC_NAME}\r\nEMAIL:m@x.test\r\nEND:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{C1_NAME}\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = cadence("import", str(card))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: line 1: removed unprintable characters from name (U+009D, U+009C)",
        "warning: line 6: removed unprintable characters from name (U+009B)",
    ]
    assert result.stdout == "Imported 2 clients from mallory.vcf (vcard).\n"
    assert [c["name"] for c in dump_rows(cadence)] == ["Mallory0;title", "Eve2J"]
    for args in (["clients"], ["due"], ["show", "Mallory"], ["export", "--format", "csv"]):
        shown = cadence.ok(*args)
        assert not any(0x80 <= ord(char) < 0xA0 for char in shown), args


def test_a_json_dump_with_a_bidi_override_in_a_tag_imports_stripped_with_a_warning(
    cadence: Any, tmp_path: Path
) -> None:
    dump = tmp_path / "book.json"
    clients = [
        {"id": 1, "name": "Ada", "tags": ["vip\u202e", "golf"], "notes": "a\n\tb\u2066"},
        {"id": 2, "name": "Bob\u200b", "email": "bob@x.test"},
    ]
    dump.write_text(json.dumps(clients, indent=None).replace("}, {", "},\n{"), encoding="utf-8")
    result = cadence("import", str(dump))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: line 1: removed unprintable characters from notes (U+2066), tag (U+202E)",
        "warning: line 2: removed unprintable characters from name (U+200B)",
    ]
    rows = dump_rows(cadence)
    assert [(c["name"], c["tags"], c["notes"]) for c in rows] == [
        ("Ada", ["golf", "vip"], "a\n\tb"),
        ("Bob", [], None),
    ]


def test_a_csv_with_an_escape_in_a_name_imports_stripped_and_is_found_again(
    cadence: Any, tmp_path: Path
) -> None:
    path = tmp_path / "book.csv"
    path.write_text("name,email\nZed \x1b[2J,zed@x.test\n", encoding="utf-8")
    result = cadence("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == "warning: line 2: removed unprintable characters from name (U+001B)\n"
    assert dump_rows(cadence)[0]["name"] == "Zed [2J"
    again = cadence("import", str(path))  # the stripped email still finds the duplicate
    assert again.exit_code == 0, again.output
    assert "1 duplicate skipped" in again.stdout
