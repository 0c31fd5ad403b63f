"""`cadence work` on a terminal: one card with what a call needs, and the lines around it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.text import Text

from cadence_cli.core.records import ClientInfo, PromiseInfo, TouchInfo
from cadence_cli.core.schedule import FollowUp, MilestoneDue, Standing
from cadence_cli.core.wording import charter_wishes, day_phrase, long_day, plural
from cadence_cli.render.review import (
    CardLine,
    card_title,
    now_line,
    owner_and_touches,
    promise_lines,
)
from cadence_cli.render.safe import safe_text
from cadence_cli.render.terminal import STATUS_STYLE, fact_line


def print_session_start(out: Console, today: date, cards: int) -> None:
    """'cadence work · Mon 23 Nov 2026 · 5 to call': the session's first line."""
    out.print(Text(f"cadence work · {long_day(today)} · {plural(cards, 'card')}", style="bold"))


def print_work_card(
    out: Console,
    *,
    position: int,
    total: int,
    client: ClientInfo,
    now: Standing,
    follow_up: FollowUp | None,
    touches: Sequence[TouchInfo],
    promises: Sequence[PromiseInfo],
    milestones: Sequence[MilestoneDue],
    today: date,
) -> None:
    """Everything a call needs, without running `show`: who, why now, how to reach them,
    what was said last, what was promised, and what is coming up."""
    lines: list[CardLine] = []
    if follow_up is not None:
        lines.append(("Follow up", Text(safe_text(follow_up.reason), style="bold")))
    lines.append(now_line(now, today))
    lines.append(("Why", safe_text(now.reason)))
    if client.phone:
        lines.append(("Phone", safe_text(client.phone)))
    if client.email:
        lines.append(("Email", safe_text(client.email)))
    if client.charter is not None and (client.charter.channel or client.charter.note):
        wishes = charter_wishes(client.charter.channel, client.charter.note).removeprefix(", ")
        lines.append(("Charter", safe_text(wishes)))
    lines.extend(owner_and_touches(client, touches, today))
    lines.extend(promise_lines("Promises", promises, today))
    for m in milestones:
        when = "today" if m.on == today else day_phrase(m.on, today)
        lines.append(("Coming up", f"{safe_text(m.description)}, {when}"))
    header = card_title(position, total, client)
    header.append(safe_text(f" · {client.tier} · "))
    if follow_up is not None and now.status == "ok":
        header.append("follow-up", style=STATUS_STYLE["due"])
    else:
        header.append(now.status, style=STATUS_STYLE[now.status])
    out.print()
    out.print(header)
    for label, value in lines:
        out.print(fact_line(label, value))
