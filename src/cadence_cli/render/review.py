"""A `tier review` card on a terminal: one client, where they stand, and the advice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.text import Text

from cadence_cli.core.records import ClientInfo, PromiseInfo, TouchInfo
from cadence_cli.core.review import LOOKBACK_DAYS, ReviewFacts
from cadence_cli.core.schedule import Standing, promise_overdue
from cadence_cli.core.wording import charter_wishes, day_phrase, plural, short_day, standing_phrase
from cadence_cli.render.safe import noted, safe_text
from cadence_cli.render.terminal import STATUS_STYLE, fact_line

CardLine = tuple[str, str | Text]
"""One line of a card: its label (empty to continue the one above) and its value."""


def print_review_card(
    out: Console,
    *,
    position: int,
    total: int,
    client: ClientInfo,
    facts: ReviewFacts,
    touches: Sequence[TouchInfo],
    promises: Sequence[PromiseInfo],
    today: date,
    model_lines: Sequence[tuple[str, str | Text]] = (),
) -> None:
    """One client at a review: where they stand, the last touches, chases, promises, advice."""
    now = facts.standing
    rule = now.client.tier
    lines: list[CardLine] = []
    lines.append(
        (
            "Tier",
            safe_text(f"{rule.name}: every {rule.every}, reactive after {rule.reactive_after}"),
        )
    )
    if client.charter is not None:
        c = client.charter
        wishes = safe_text(charter_wishes(c.channel, c.note))
        lines.append(
            ("Charter", f"every {c.every}{wishes} (agreed {day_phrase(c.agreed_on, today)})")
        )
    lines.append(now_line(now, today))
    if client.snoozed_until is not None and client.snoozed_until > today:
        lines.append(("Snoozed", f"until {day_phrase(client.snoozed_until, today)}"))
    lines.extend(owner_and_touches(client, touches, today))
    chases = plural(facts.chases, "chase")
    lines.append((f"Last {LOOKBACK_DAYS} days", f"{chases}, {facts.inbound} inbound"))
    lines.extend(promise_lines("Open promises", promises, today))
    lines.extend(model_lines)  # touchpoints and referrals (render/model.py)
    lines.append(("Suggestion", Text(safe_text(facts.suggestion.text), style="bold")))
    out.print()
    out.print(card_title(position, total, client))
    for label, value in lines:
        out.print(fact_line(label, value))


# The lines a `tier review` card and a `work` card share (render/work.py).


def card_title(position: int, total: int, client: ClientInfo) -> Text:
    """'[2/5] #12 Ada Lovelace', bold: the first line of a card."""
    return Text(safe_text(f"[{position}/{total}] #{client.id} {client.name}"), style="bold")


def now_line(now: Standing, today: date) -> CardLine:
    """'Now: overdue by 3 days', styled by the status."""
    state = standing_phrase(now.status, now.due_on, now.days_overdue, today)
    return ("Now", Text(state, style=STATUS_STYLE[now.status] if now.status != "ok" else ""))


def owner_and_touches(
    client: ClientInfo, touches: Sequence[TouchInfo], today: date
) -> list[CardLine]:
    """The owner (if any), then the last touches, one a line ('none yet' when there are none)."""
    lines: list[CardLine] = [("Owner", safe_text(client.owner))] if client.owner else []
    if not touches:
        lines.append(("Last touches", "none yet"))
    for index, t in enumerate(touches):
        lines.append(("Last touches" if index == 0 else "", touch_line(t, today)))
    return lines


def promise_lines(label: str, promises: Sequence[PromiseInfo], today: date) -> list[CardLine]:
    """One line a promise, `label` on the first: '[3] send the deck by Fri 27 Nov (overdue)'."""
    lines: list[CardLine] = []
    for index, p in enumerate(promises):
        overdue = " (overdue)" if promise_overdue(p.due_on, p.kept_on, today) else ""
        text = f"{safe_text(f'[{p.id}] {p.text}')} by {day_phrase(p.due_on, today)}{overdue}"
        lines.append((label if index == 0 else "", text))
    return lines


def touch_line(t: TouchInfo, today: date) -> str:
    """'20 Nov ← email (message): note': one past touch on a card, escaped."""
    arrow = "←" if t.inbound else "→"
    return noted(f"{short_day(t.day, today)} {arrow} {t.channel} ({t.outcome})", t.note)
