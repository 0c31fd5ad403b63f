"""`cadence history` and the History section of `show`: each change on its own line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.text import Text

from cadence_cli.core.records import ClientInfo
from cadence_cli.core.terms import TermChange
from cadence_cli.core.wording import short_day
from cadence_cli.render.safe import safe_text

SHOW_LATEST = 5
"""`show` lists this many of the latest changes; `cadence history` lists them all."""


def history_lines(changes: Sequence[TermChange], today: date) -> list[Text]:
    """'  12 Oct 2025  tier B → A  by sam', oldest first; words and names are data, escaped."""
    lines = []
    for change in changes:
        line = f"  {short_day(change.on, today):>11}  {change.what}"
        if change.by:
            line += f"  by {change.by}"
        lines.append(Text(safe_text(line)))
    return lines


def print_history(
    out: Console, client: ClientInfo, changes: Sequence[TermChange], today: date
) -> None:
    """Every change of the client's terms: the day it took effect, what, and who made it."""
    out.print(Text(safe_text(f"#{client.id} {client.name}: history of terms"), style="bold"))
    if not changes:
        out.print("  no changes recorded")
    for line in history_lines(changes, today):
        out.print(line)


def print_show_history(out: Console, changes: Sequence[TermChange], today: date) -> None:
    """The latest few changes, for `show` (and how to see the rest)."""
    out.print(Text("History", style="bold"))
    for line in history_lines(changes[-SHOW_LATEST:], today):
        out.print(line)
    if len(changes) > SHOW_LATEST:
        out.print(Text(f"  … {len(changes) - SHOW_LATEST} earlier: cadence history", style="dim"))
