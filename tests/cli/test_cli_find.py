"""`cadence find TEXT`, and names matched without regard to accents wherever a client is
named (issue 14): on SQLite and PostgreSQL, whose own case folding disagree."""

from __future__ import annotations

import json
from typing import Any

from cli_output import table_rows


def _book(cadence: Any) -> None:
    cadence.ok("add", "Jürgen Müller", "--phone", "(415) 555-0101", "--company", "Acme Corp")
    cadence.ok("add", "Rob Smithers", "--email", "rob@acme.com", "--tag", "past-client")
    cadence.ok("add", "Zoë Adams", "--phone", "+1 415.555.0199", "--note", "loves sailing")
    cadence.ok("add", "Chloé Martin", "--tier", "A")
    cadence.ok("log", "Jürgen", "--note", "asked about the loft")
    cadence.ok("archive", "Chloé", "--reason", "moved away")


def _found(cadence: Any, text: str) -> list[tuple[str, str]]:
    return [(c["name"], c["found_in"]) for c in json.loads(cadence.ok("find", text, "--json"))]


def test_find_looks_wherever_a_person_would(cadence: Any) -> None:
    _book(cadence)
    assert _found(cadence, "415 555 0101") == [("Jürgen Müller", "phone")]
    assert _found(cadence, "4155550199") == [("Zoë Adams", "phone")]
    assert _found(cadence, "MULLER") == [("Jürgen Müller", "name")]
    assert _found(cadence, "zoe") == [("Zoë Adams", "name")]
    assert _found(cadence, "acme") == [("Jürgen Müller", "company"), ("Rob Smithers", "email")]
    assert _found(cadence, "past-client") == [("Rob Smithers", "tag")]
    assert _found(cadence, "sailing") == [("Zoë Adams", "notes")]
    assert _found(cadence, "LOFT") == [("Jürgen Müller", "touch note")]
    assert _found(cadence, "chloe") == [("Chloé Martin", "name")]  # archived ones too


def test_find_prints_a_table_and_says_when_nothing_matches(cadence: Any) -> None:
    _book(cadence)
    out = cadence.ok("find", "a")
    names = [row[1] for row in table_rows(out)]
    assert names == [
        "Jürgen Müller", "Rob Smithers", "Zoë Adams", "Chloé Martin (archived)"
    ]  # fmt: skip
    assert out.splitlines()[0].rstrip() == "4 found"
    missing = cadence("find", "nobody here")
    assert missing.exit_code == 3
    assert "no client matches 'nobody here'" in missing.stderr


def test_a_client_is_named_without_its_accents(cadence: Any) -> None:
    _book(cadence)
    shown = json.loads(cadence.ok("show", "muller", "--json"))
    assert shown["name"] == "Jürgen Müller"
    assert "Logged call with Zoë Adams" in cadence.ok("log", "ZOE ADAMS")
    cadence.ok("add", "Jurgen Muller")
    assert json.loads(cadence.ok("show", "jurgen muller", "--json"))["id"] == 5  # exact first
    cadence.ok("add", "José Müller")
    both = cadence("log", "muller")  # three Müllers now: "muller" is part of each
    assert both.exit_code == 4
    assert "#1 Jürgen Müller" in both.stderr and "#6 José Müller" in both.stderr
