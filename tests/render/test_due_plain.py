"""`cadence due` into a pipe or a file writes its table directly (render.table) instead of
through Rich: the text must be exactly what Rich draws, for every kind of cell."""

from __future__ import annotations

from typing import Any

import pytest

from cadence_cli.cli import app
from cadence_cli.render import due as render_due


@pytest.fixture
def varied_book(sqlite_cadence: Any) -> Any:
    """Reactive and due rows, owners, wide and accented names, a long reason, and a line in
    each section under the table (a follow-up, a promise, a milestone)."""
    cadence = sqlite_cadence
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--phone", "(415) 555-0101",
               "--owner", "sam", today="2026-09-01")  # fmt: skip
    cadence.ok("add", "李小龍", "--tier", "B", "--email", "lee@example.com",
               "--owner", "kim", "--new-owner", today="2026-09-01")  # fmt: skip
    cadence.ok("add", "Zoë Ångström-Müller de la Fuente", "--tier", "A", today="2026-11-20")
    cadence.ok("log", "Ada", "--on", "2026-09-02", "--channel", "text")
    cadence.ok("charter", "Zoë", "--every", "2w", "--channel", "email", "--note", "mornings")
    cadence.ok("log", "李小龍", "--outcome", "no-answer", "--on", "2026-11-20")
    cadence.ok("promise", "add", "Ada", "send the «report»", "--by", "2026-11-20",
               today="2026-11-10")  # fmt: skip
    cadence.ok("edit", "Ada", "--birthday", "1815-12-10")
    return cadence


@pytest.mark.parametrize("columns", ["200", "100", "80"])
@pytest.mark.parametrize("args", [["due"], ["due", "--all"], ["due", "--tier", "A"]], ids=str)
def test_the_direct_table_is_what_rich_draws(
    varied_book: Any, monkeypatch: pytest.MonkeyPatch, columns: str, args: list[str]
) -> None:
    env = {"CADENCE_DB": varied_book.db, "COLUMNS": columns}
    direct = varied_book.runner.invoke(app, args, env=env)
    assert direct.exit_code == 0, direct.output
    monkeypatch.setattr(render_due, "_plain_pipe", lambda _out: False)
    drawn = varied_book.runner.invoke(app, args, env=env)
    assert drawn.exit_code == 0, drawn.output
    assert direct.stdout == drawn.stdout
    assert "Ada Lovelace" in direct.stdout and "┃" in direct.stdout
    assert "Promises" in direct.stdout
