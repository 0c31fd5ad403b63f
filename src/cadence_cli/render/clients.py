"""Clients on a terminal: the `clients` table, one client's `show` page, promises, a touch."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.core.records import Charter, ClientInfo, NoteInfo, PromiseInfo, TouchInfo
from cadence_cli.core.schedule import Chase, Standing, promise_overdue
from cadence_cli.core.wording import (
    charter_wishes,
    day_phrase,
    plural,
    short_day,
    standing_phrase,
)
from cadence_cli.render.safe import noted, safe_text
from cadence_cli.render.table import Cell, Column, print_table
from cadence_cli.render.terminal import FACT_WIDTH, STATUS_STYLE, fact_line


def charter_line(ref: str, charter: Charter | None, tier: str, today: date) -> str:
    """'Charter for #1 Ada: every 2w, prefers text, after 6pm; agreed Mon 2 Nov, review every
    6m, next Sun 2 May 2027.': `charter CLIENT` with no option."""
    if charter is None:
        return safe_text(f"{ref} has no charter; tier {tier}'s cadence applies.")
    review_on = charter.review_every.after(charter.agreed_on)
    wishes = charter_wishes(charter.channel, charter.note)
    return safe_text(
        f"Charter for {ref}: every {charter.every}{wishes}; "
        f"agreed {day_phrase(charter.agreed_on, today)}, "
        f"review every {charter.review_every}, next {day_phrase(review_on, today)}."
    )


def charter_set_line(ref: str, charter: Charter, today: date, *, reviewed: bool) -> str:
    """'Charter for #1 Ada: every 2w by text; next review Sun 23 May 2027.' after a change."""
    review_on = charter.review_every.after(charter.agreed_on)
    verb = "Reviewed" if reviewed else "Charter for"
    by = f" by {charter.channel}" if charter.channel else ""
    return safe_text(
        f"{verb} {ref}: every {charter.every}{by}; next review {day_phrase(review_on, today)}."
    )


def print_clients(
    out: Console, clients: Sequence[ClientInfo], standings: dict[int, Standing], today: date
) -> None:
    if not clients:
        out.print('No clients match. Add one with: cadence add "Ada Lovelace" --tier A')
        return
    columns: list[Column] = [
        ("#", "right", "dim"), ("Name", "left", ""), ("Tier", "center", ""),
        ("Next due", "left", ""), ("Email", "left", ""), ("Phone", "left", ""),
        ("Owner", "left", ""), ("Tags", "left", ""),
    ]  # fmt: skip
    rows: list[list[Cell]] = []
    for c in clients:
        s = standings.get(c.id)
        if c.status == "archived":
            next_due: Text | str = Text(safe_text(f"archived: {c.archived_reason}"), style="dim")
        elif s is None:
            next_due = ""
        else:
            next_due = Text(
                day_phrase(s.due_on, today) if s.status == "ok" else s.status,
                style=STATUS_STYLE[s.status] if s.status != "ok" else "",
            )
        rows.append([
            str(c.id), safe_text(c.name), safe_text(c.tier), next_due, safe_text(c.email or ""),
            safe_text(c.phone or ""), safe_text(c.owner or ""), safe_text(", ".join(c.tags)),
        ])  # fmt: skip
    print_table(out, plural(len(clients), "client"), columns, rows)


def describe_touch(t: TouchInfo, today: date) -> str:
    """'call with Ada on Mon 23 Nov (reached): note', as `undo` shows the touch it removes."""
    direction = "from" if t.inbound else "with"
    return noted(
        f"{t.channel} {direction} {t.client_name} on {day_phrase(t.day, today)} ({t.outcome})",
        t.note,
    )


def touch_origin(t: TouchInfo, zone: tzinfo, today: date) -> str:
    """'logged by sam on Mon 23 Nov at 09:14': whose touch it is, and when it was written."""
    who = f"logged by {t.by}" if t.by else "logged"
    if t.logged_at is None:
        return safe_text(who)
    moment = t.logged_at.astimezone(zone)
    return safe_text(f"{who} on {day_phrase(moment.date(), today)} at {moment:%H:%M}")


def print_touches(out: Console, touches: Sequence[TouchInfo], today: date) -> None:
    """`cadence touches`: the latest touches with their ids, for `touch edit` and `delete`."""
    if not touches:
        out.print('No touches yet. Log one with: cadence log "Ada" --channel call')
        return
    columns: list[Column] = [
        ("Id", "right", "dim"), ("Day", "left", ""), ("Client", "left", ""), ("", "center", ""),
        ("Channel", "left", ""), ("Outcome", "left", ""), ("By", "left", ""), ("Note", "left", ""),
    ]  # fmt: skip
    rows: list[list[Cell]] = [
        [
            str(t.id), day_phrase(t.day, today), safe_text(f"#{t.client_id} {t.client_name}"),
            "←" if t.inbound else "→", t.channel, t.outcome, safe_text(t.by or ""),
            safe_text(" ".join((t.note or "").split())),
        ]
        for t in touches
    ]  # fmt: skip
    print_table(out, plural(len(touches), "touch", "touches"), columns, rows)


def print_show(
    out: Console,
    client: ClientInfo,
    standing: Standing | None,
    touches: Sequence[TouchInfo],
    promises: Sequence[PromiseInfo],
    milestones: Sequence[tuple[str, str, date]],
    chases: Sequence[Chase],
    today: date,
    notes: Sequence[NoteInfo] = (),
) -> None:
    """One client on one page: profile, where they stand and why, then their history."""
    out.print(Text(safe_text(f"#{client.id} {client.name}"), style="bold"))
    for label, value in _profile(client, today):
        out.print(fact_line(label, value))
    if standing is not None:
        line = standing_phrase(standing.status, standing.due_on, standing.days_overdue, today)
        out.print(fact_line("Cadence", Text(line, style=STATUS_STYLE[standing.status])))
        out.print(fact_line("Why", safe_text(standing.reason)))
    if client.charter is not None:
        c = client.charter
        wishes = safe_text(charter_wishes(c.channel, c.note))
        review = c.review_every.after(c.agreed_on)
        out.print(
            fact_line(
                "Charter",
                f"every {c.every}{wishes}; agreed {day_phrase(c.agreed_on, today)}, "
                f"review {day_phrase(review, today)}",
            )
        )
    if chases:
        out.print(fact_line("Chased you", ", ".join(short_day(c.on, today) for c in chases)))
    _show_promises(out, promises, today)
    _show_milestones(out, milestones, today)
    _show_notes(out, notes, today)
    _show_touches(out, touches, today)


def _profile(client: ClientInfo, today: date) -> list[tuple[str, str]]:
    """The labelled facts that are set, escaped; notes keep their lines, indented."""
    status = client.status if client.status != "active" else ""
    if client.status == "archived":
        status = f"archived: {client.archived_reason}"
    notes = safe_text(client.notes or "", multiline=True)
    facts = [
        ("Tier", client.tier),
        ("Status", status),
        ("Email", client.email),
        ("Phone", client.phone),
        ("Company", client.company),
        ("Owner", client.owner),
        ("Referred to", client.partner),
        ("Tags", ", ".join(client.tags)),
        ("Added", day_phrase(client.added_on, today) if client.added_on else None),
        (
            "Snoozed until",
            day_phrase(client.snoozed_until, today) if client.snoozed_until else None,
        ),
    ]
    shown = [(label, safe_text(value)) for label, value in facts if value]
    if notes:
        shown.append(("Notes", notes.replace("\n", "\n" + " " * (FACT_WIDTH + 3))))
    return shown


def _show_promises(out: Console, promises: Sequence[PromiseInfo], today: date) -> None:
    if not promises:
        return
    out.print(Text("Promises", style="bold"))
    for p in promises:
        if p.kept_on:
            state = f"kept {day_phrase(p.kept_on, today)}"
        else:
            state = "OVERDUE" if promise_overdue(p.due_on, p.kept_on, today) else "open"
        if p.handed_to and p.is_open:
            state += f", handed to {p.handed_to}"
        text = safe_text(f"  [{p.id}] {p.text}")
        out.print(Text(f"{text} by {day_phrase(p.due_on, today)} ({state})"))


def _show_milestones(
    out: Console, milestones: Sequence[tuple[str, str, date]], today: date
) -> None:
    if not milestones:
        return
    out.print(Text("Milestones", style="bold"))
    for label, description, on in milestones:
        # "7th home anniversary" already says what it is; "turns 41" needs "birthday: "
        named = description if label.casefold() in description.casefold() else None
        text = safe_text(named or f"{label}: {description}")
        out.print(Text(f"  {text} on {day_phrase(on, today)}"))


def _show_notes(out: Console, notes: Sequence[NoteInfo], today: date) -> None:
    """The latest entries of the notes journal, each with its day and author."""
    if not notes:
        return
    out.print(Text("Notes", style="bold"))
    for n in notes:
        by = f" ({n.by})" if n.by else ""
        text = safe_text(f"{n.text}{by}", multiline=True).replace("\n", "\n" + " " * 14)
        out.print(Text(f"  {short_day(n.noted_on, today):>11} {text}"))


def _show_touches(out: Console, touches: Sequence[TouchInfo], today: date) -> None:
    out.print(Text("Touches", style="bold"))
    if not touches:
        out.print("  none yet")
    for t in touches:
        arrow = "←" if t.inbound else "→"
        line = f"  {short_day(t.day, today):>11} {arrow} {t.channel:<8} {t.outcome:<10}"
        if t.by:
            line += f" by {t.by}"
        if t.note:
            line += f"  {t.note}"
        out.print(Text(safe_text(line.rstrip())))


def print_promises(out: Console, promises: Sequence[PromiseInfo], today: date) -> None:
    if not promises:
        out.print("No open promises.")
        return
    table = Table(title="Promises", title_justify="left")
    table.add_column("Id", justify="right")
    table.add_column("Client")
    table.add_column("Promise")
    table.add_column("By")
    table.add_column("State")
    for p in promises:
        if p.cancelled_on is not None:
            state = Text(f"cancelled {short_day(p.cancelled_on, today)}", style="dim")
        elif p.kept_on is not None:
            state = Text(f"kept {short_day(p.kept_on, today)}", style="green")
        elif promise_overdue(p.due_on, p.kept_on, today):
            state = Text("overdue", style="bold red")
        else:
            state = Text("open")
        if p.handed_to and p.is_open:
            state.append(f" (handed to {safe_text(p.handed_to)})")
        table.add_row(
            str(p.id), safe_text(p.client_name), safe_text(p.text), day_phrase(p.due_on, today),
            state,
        )  # fmt: skip
    out.print(table)
