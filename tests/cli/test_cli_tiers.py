"""`cadence tier list/define/set/delete`. Today is Mon 2026-11-23 (conftest)."""

from __future__ import annotations

import json
from typing import Any

from cli_output import table_rows


def tiers(cadence: Any) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in json.loads(cadence.ok("tier", "list", "--json"))}


def test_a_new_book_has_the_default_tiers(cadence: Any) -> None:
    out = cadence.ok("tier", "list")
    assert out.splitlines()[0].rstrip() == "Tiers"
    assert table_rows(out) == [
        ["A", "1w", "1w", "0", "0", "0", "0.0", "Your best clients: every week."],
        ["B", "1m", "2w", "0", "0", "0", "0.0", "Regular clients: every month."],
        ["C", "3m", "1m", "0", "0", "0", "0.0", "Everyone else: every quarter."],
    ]
    assert [
        (t["name"], t["rank"], t["every"], t["reactive_after"])
        for t in json.loads(cadence.ok("tier", "list", "--json"))
    ] == [("A", 1, "1w", "1w"), ("B", 2, "1m", "2w"), ("C", 3, "3m", "1m")]
    cadence.ok("add", "Ada Lovelace")
    assert tiers(cadence)["C"]["clients"] == 1  # new clients go to the lowest-ranked tier


def test_tier_list_counts_clients_due_reactive_and_weekly_load(cadence: Any) -> None:
    for name, tier, touched in [
        ("Ada", "A", "2026-11-02"),  # reactive
        ("Bob", "A", "2026-11-16"),  # due
        ("Cy", "A", "2026-11-23"),  # ok
        ("Dee", "B", "2026-11-23"),  # ok: 30 days to 23 Dec
        ("Eve", "B", None),  # due (never contacted): 30 days from 23 Nov
    ]:
        cadence.ok("add", name, "--tier", tier)
        if touched:
            cadence.ok("log", name, "--on", touched)
    out = cadence.ok("tier", "list")
    assert [row[:7] for row in table_rows(out)] == [
        ["A", "1w", "1w", "3", "1", "1", "3.0"],
        ["B", "1m", "2w", "2", "1", "0", "0.5"],
        ["C", "3m", "1m", "0", "0", "0", "0.0"],
    ]
    assert "Your model asks for 3.5 touches a week." in out
    data = tiers(cadence)
    assert (data["A"]["clients"], data["A"]["due"], data["A"]["reactive"]) == (3, 1, 1)
    assert data["A"]["touches_per_week"] == 3.0
    assert data["B"]["touches_per_week"] == round(2 * 7 / 30, 2)


def test_define_a_new_tier_and_redefine_one(cadence: Any) -> None:
    vip = ("tier", "define", "VIP", "--every", "2w", "--reactive-after", "3d", "-d", "top")
    assert cadence.ok(*vip) == "Defined tier VIP: every 2w, reactive after 3d.\n"
    assert cadence.ok("tier", "define", "vip", "--every", "biweekly", "--reactive-after", "1w") == (
        "Redefined tier VIP: every 2w, reactive after 1w.\n"
    )
    assert cadence.ok("tier", "define", "A", "--every", "10d", "--reactive-after", "5d") == (
        "Redefined tier A: every 10d, reactive after 5d.\n"
    )
    data = tiers(cadence)
    assert list(data) == ["A", "B", "C", "VIP"]
    assert (data["VIP"]["every"], data["VIP"]["reactive_after"]) == ("2w", "1w")
    assert data["VIP"]["description"] == "top"  # kept when not given again
    assert data["A"]["every"] == "10d"
    assert data["A"]["description"] == "Your best clients: every week."

    cadence.ok("add", "Ada Lovelace", "--tier", "A")
    cadence.ok("log", "ada")
    due = json.loads(cadence.ok("due", "--json", "--on", "2026-12-03"))["contacts"]
    assert [(c["name"], c["due_on"], c["reactive_on"]) for c in due] == [
        ("Ada Lovelace", "2026-12-03", "2026-12-08")  # the new A: every 10d, reactive after 5d
    ]

    for args, message in [
        (["tier", "define", "X", "--every", "0w", "--reactive-after", "1w"], "must be positive"),
        (["tier", "define", "X", "--every", "often", "--reactive-after", "1w"], "cannot read"),
        (["tier", "define", "X", "--every", "1w", "--reactive-after", "-1w"], "must be positive"),
        (["tier", "define", "Top Ten", "--every", "1w", "--reactive-after", "1w"], "bad tier name"),
    ]:
        result = cadence(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert list(tiers(cadence)) == ["A", "B", "C", "VIP"]


def test_set_moves_a_client(cadence: Any) -> None:
    cadence.ok("add", "Ada Lovelace")
    assert cadence.ok("tier", "set", "ada", "a") == "Moved #1 Ada Lovelace from C to A.\n"
    assert json.loads(cadence.ok("show", "#1", "--json"))["tier"] == "A"
    for args, code, message in [
        (["tier", "set", "ada", "Z"], 3, "no tier named 'Z' (tiers are: A, B, C)"),
        (["tier", "set", "nobody", "A"], 3, "no client matches 'nobody'"),
    ]:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr


def test_delete_needs_somewhere_for_the_clients(cadence: Any) -> None:
    cadence.ok("tier", "define", "VIP", "--every", "2w", "--reactive-after", "1w")
    cadence.ok("add", "Ada Lovelace", "--tier", "VIP")
    cadence.ok("add", "Bob Brown", "--tier", "VIP")

    refused = cadence("tier", "delete", "VIP")
    assert refused.exit_code == 5
    assert refused.stderr == (
        "cadence: error: tier VIP still has 2 clients "
        "(move them with `cadence tier delete VIP --move-to OTHER`)\n"
    )
    for args, code, message in [
        (["tier", "delete", "VIP", "--move-to", "VIP"], 2, "--move-to must name another tier"),
        (["tier", "delete", "VIP", "--move-to", "Z"], 3, "no tier named 'Z'"),
        (["tier", "delete", "Z"], 3, "no tier named 'Z' (tiers are: A, B, C, VIP)"),
    ]:
        result = cadence(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.stderr
    assert list(tiers(cadence)) == ["A", "B", "C", "VIP"]

    assert cadence.ok("tier", "delete", "vip", "--move-to", "a") == (
        "Deleted tier VIP; moved 2 clients to A.\n"
    )
    data = tiers(cadence)
    assert list(data) == ["A", "B", "C"]
    assert data["A"]["clients"] == 2
    assert cadence.ok("tier", "delete", "B") == "Deleted tier B.\n"  # empty: no --move-to needed
    assert list(tiers(cadence)) == ["A", "C"]
