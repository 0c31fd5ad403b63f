"""SPEC §1 "History of terms": changing terms today never changes an answer for a past day.

Hypothesis builds books with a year of history through the CLI (clients added on their own
days, touches, tier moves, charters, snoozes, archives and restores, tier redefinitions, each
made on its day), then changes terms today. Every `due --on` day and every report window that
ends before today must give byte-identical JSON before and after, on both stores.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence_cli.core.records import DueFilters
from cadence_cli.core.report import build_report, window_start
from cadence_cli.core.schedule import build_agenda
from cadence_cli.render.shapes import due_json, report_json
from cadence_cli.store import alchemy, reads
from cadence_cli.store import facts as book_facts
from harness import (
    PG_URL,
    STORES,
    TODAY,
    Cadence,
    empty_pg_schema,
    fresh_sqlite_book,
)

TODAY_D = date.fromisoformat(TODAY)
YEAR_AGO = TODAY_D - timedelta(days=365)
TIERS = ("A", "B", "C")
INTERVALS = ("3d", "1w", "2w", "1m")


@contextmanager
def _fresh_book(kind: str, template: Path) -> Iterator[str]:
    """A new empty store for one example (the `book` fixture is per test, not per example):
    conftest's own copy of the template, or its empty PostgreSQL schema."""
    if kind != "sqlite":
        with empty_pg_schema() as url:
            yield url
        return
    folder = Path(tempfile.mkdtemp())
    try:
        yield str(fresh_sqlite_book(folder, template))
    finally:
        shutil.rmtree(folder)


def _day(offset: int) -> str:
    return (YEAR_AGO + timedelta(days=offset)).isoformat()


# One event: (day offset in the year, kind, client index, value).
_KINDS = ("touch", "touch", "touch", "inbound", "missed", "tier", "charter", "uncharter")
_EVENT = st.tuples(
    st.integers(0, 364),
    st.sampled_from([*_KINDS, "snooze", "archive", "restore", "define"]),
    st.integers(0, 3),
    st.integers(0, 11),
)
_CHANGE = st.tuples(
    st.sampled_from(["tier", "charter", "uncharter", "snooze", "archive", "restore", "define"]),
    st.integers(0, 3),
    st.integers(0, 11),
)


def _apply(
    cadence: Cadence, kind: str, who: int, value: int, day: str, state: dict[int, str]
) -> None:
    """Run one change through the CLI on `day`, if it makes sense for the client's state
    (`state[who]`: active or archived; `state[-1 - who]`: whether it has a charter)."""
    ref = f"#{who + 1}"
    active = state.get(who) == "active"
    if kind == "define":
        tier = TIERS[value % 3]
        every, after = INTERVALS[value % 4], INTERVALS[(value // 4) % 4]
        cadence.ok("tier", "define", tier, "--every", every, "--reactive-after", after, today=day)
        return
    if who not in state:
        return  # not added yet on that day
    if kind == "restore":
        if not active:
            cadence.ok("restore", ref, today=day)
            state[who] = "active"
        return
    if not active:
        return
    if kind in ("touch", "inbound", "missed"):
        extra = {"touch": [], "inbound": ["--inbound"], "missed": ["--outcome", "no-answer"]}[kind]
        channel = ("call", "email", "text")[value % 3]
        cadence.ok("log", ref, "--channel", channel, *extra, "--on", day, today=day)
    elif kind == "tier":
        cadence.ok("tier", "set", ref, TIERS[value % 3], today=day)
    elif kind == "charter":
        cadence.ok("charter", ref, "--every", INTERVALS[value % 4], today=day)
        state[-1 - who] = "chartered"
    elif kind == "uncharter" and state.pop(-1 - who, None):
        cadence.ok("charter", ref, "--clear", today=day)
    elif kind == "snooze":
        until = (date.fromisoformat(day) + timedelta(days=1 + value * 3)).isoformat()
        cadence.ok("snooze", ref, "--until", until, today=day)
    elif kind == "archive":
        cadence.ok("archive", ref, "--reason", "gone", today=day)
        state[who] = "archived"


def _answers(url: str, days: list[date]) -> dict[str, str]:
    """`due --json` on every day and `report --json` (1 and 12 weeks) ending on each day,
    built as the two commands build them."""
    found: dict[str, str] = {}
    store = alchemy.open_store(url, create=False)
    try:
        with store.transaction(write=False) as db:
            for day in days:
                agenda = build_agenda(
                    clients=book_facts.client_facts(db=db, on=day, only_due=True),
                    promises=book_facts.promise_facts(
                        reads.promises(db=db, until=day + timedelta(days=7))
                    ),
                    milestones=book_facts.milestone_facts(db=db, on=day),
                    charters=book_facts.charter_facts(db=db, on=day),
                    today=day,
                    until=day + timedelta(days=7),
                )
                found[f"due {day}"] = json.dumps(due_json(agenda))
                shown = book_facts.tiers_existing(db=db, on=day)
                for weeks in (1, 12):
                    start = window_start(day, weeks)
                    histories = book_facts.report_histories(
                        db=db, start=start, on=day, filters=DueFilters()
                    )
                    result = build_report(histories, on=day, weeks=weeks, tiers=shown)
                    found[f"report {day} {weeks}"] = json.dumps(report_json(result))
    finally:
        store.close()
    return found


@pytest.mark.parametrize("kind", STORES)
@settings(
    max_examples=int(os.environ.get("CADENCE_TERMS_EXAMPLES", "4")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    added=st.lists(st.integers(0, 300), min_size=2, max_size=4),
    tiers=st.lists(st.sampled_from(TIERS), min_size=4, max_size=4),
    events=st.lists(_EVENT, min_size=4, max_size=24),
    changes=st.lists(_CHANGE, min_size=1, max_size=5),
)
def test_changes_today_leave_every_past_answer_as_it_was(
    kind: str,
    migrated_sqlite_template: Path,
    added: list[int],
    tiers: list[str],
    events: list[tuple[int, str, int, int]],
    changes: list[tuple[str, int, int]],
) -> None:
    if kind == "postgres" and not PG_URL:
        pytest.skip("PostgreSQL: set CADENCE_TEST_POSTGRES_URL to run")
    with _fresh_book(kind, migrated_sqlite_template) as url:
        cadence = Cadence(url)
        state: dict[int, str] = {}
        added = sorted(added)
        timeline: list[tuple[int, int, str, int, int]] = [
            (offset, 0, "add", who, 0) for who, offset in enumerate(added)
        ]
        timeline += [(offset, 1, k, who % len(added), v) for offset, k, who, v in events]
        for offset, _order, kind_, who, value in sorted(timeline):
            day = _day(offset)
            if kind_ == "add":
                cadence.ok("add", f"Client {who}", "--tier", tiers[who], today=day)
                state[who] = "active"
            else:
                _apply(cadence, kind_, who, value, day, state)
        # Every day of the last three weeks, and every tenth day before, up to a year ago.
        days = [TODAY_D - timedelta(days=n) for n in range(1, 22)]
        days += [TODAY_D - timedelta(days=n) for n in range(30, 366, 10)]
        before = _answers(url, days)
        cli_before = [
            cadence.ok("due", "--on", "yesterday", "--json"),
            cadence.ok("report", "--on", "yesterday", "--json"),
        ]
        for change, who, value in changes:
            _apply(cadence, change, who % len(added), value, TODAY, state)
        cadence.ok("tier", "define", "P", "--every", "2w", "--reactive-after", "1w")
        after = _answers(url, days)
        for key, answer in before.items():
            assert after[key] == answer, key
        assert [
            cadence.ok("due", "--on", "yesterday", "--json"),
            cadence.ok("report", "--on", "yesterday", "--json"),
        ] == cli_before


def test_a_client_archived_since_is_due_on_a_past_day_and_one_added_later_is_not(
    cadence: Any,
) -> None:
    cadence.ok("add", "Ann", "--tier", "A", today="2026-11-01")
    cadence.ok("add", "Bea", "--tier", "A", today="2026-11-20")
    cadence.ok("archive", "Ann", "--reason", "moved")
    names = lambda out: [c["name"] for c in json.loads(out)["contacts"]]  # noqa: E731
    assert names(cadence.ok("due", "--on", "2026-11-10", "--json")) == ["Ann"]
    assert names(cadence.ok("due", "--json")) == ["Bea"]
    assert names(cadence.ok("due", "--on", "2026-11-21", "--json")) == ["Ann", "Bea"]


def test_due_on_a_past_day_uses_the_tier_and_charter_of_that_day(cadence: Any) -> None:
    cadence.ok("add", "Ann", "--tier", "C", today="2026-09-01")
    cadence.ok("log", "Ann", "--on", "2026-10-01", today="2026-10-01")
    # On 20 Oct Ann was in C (every 3m): not due. Moved to A today: due since 8 Oct.
    cadence.ok("tier", "set", "Ann", "A")
    assert json.loads(cadence.ok("due", "--on", "2026-10-20", "--json"))["contacts"] == []
    now = json.loads(cadence.ok("due", "--json"))["contacts"]
    assert [(c["name"], c["tier"], c["due_on"]) for c in now] == [("Ann", "A", "2026-10-08")]
    # A redefined today (every 2w) leaves yesterday's A (every 1w) as it was.
    yesterday = cadence.ok("due", "--on", "yesterday", "--json")
    cadence.ok("tier", "define", "A", "--every", "2w", "--reactive-after", "1w")
    assert cadence.ok("due", "--on", "yesterday", "--json") == yesterday
    now = json.loads(cadence.ok("due", "--json"))["contacts"]
    assert [(c["name"], c["due_on"]) for c in now] == [("Ann", "2026-10-15")]
