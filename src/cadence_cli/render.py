"""All terminal output and every `--json` shape, in one place.

Commands compute; this module shows. Rich handles colour, `NO_COLOR` and non-terminals
(plain text, no escape codes); `--json` output is written with `print` so it never has
colour or wrapping. JSON shapes of SPEC §2 (contract) are built by the `*_json` functions.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.dates import short_day
from cadence_cli.domain import ClientInfo, PromiseInfo, TierLoad, TouchInfo
from cadence_cli.schedule import Agenda, Chase, Standing

STATUS_STYLE = {"reactive": "bold red", "due": "yellow", "ok": "green"}


def console(*, stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def emit_json(data: Any) -> None:
    """Plain JSON on stdout: no colour, stable key order, one trailing newline."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(day: date, today: date) -> str:
    return f"{day:%a} {short_day(day, today)}"


def _waited(days: int) -> str:
    if days == 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks, rest = divmod(days, 7)
    return f"{weeks}w {rest}d" if rest else f"{weeks} weeks"


# ---------------------------------------------------------------------------------------------
# due


def due_json(agenda: Agenda) -> dict[str, Any]:
    """The contract shape of `cadence due --json` (SPEC §2), plus a few extra keys."""
    return {
        "date": agenda.today.isoformat(),
        "contacts": [
            {
                "client_id": s.client.client_id,
                "name": s.client.name,
                "tier": s.client.tier.name,
                "status": s.status,
                "due_on": s.due_on.isoformat(),
                "reactive_on": s.reactive_on.isoformat(),
                "days_overdue": s.days_overdue,
                "last_touch_on": _iso(s.last_touch_on),
                "owner": s.client.owner,
                "last_channel": s.client.last_counting.channel if s.client.last_counting else None,
                "every": str(s.every),
                "reason": s.reason,
            }
            for s in agenda.contacts
        ],
        "follow_ups": [
            {
                "client_id": f.client.client_id,
                "name": f.client.name,
                "attempted_on": f.attempted_on.isoformat(),
                "channel": f.channel,
                "reason": f.reason,
            }
            for f in agenda.follow_ups
        ],
        "promises": [
            {
                "id": p.promise.promise_id,
                "client_id": p.promise.client_id,
                "name": p.promise.name,
                "text": p.promise.text,
                "due_on": p.promise.due_on.isoformat(),
                "overdue": p.overdue,
            }
            for p in agenda.promises
        ],
        "milestones": [
            {
                "client_id": m.milestone.client_id,
                "name": m.milestone.name,
                "label": m.milestone.label,
                "on": m.on.isoformat(),
                "years": m.years,
                "description": m.description,
            }
            for m in agenda.milestones
        ],
        "reviews": [
            {
                "client_id": r.charter.client_id,
                "name": r.charter.name,
                "review_on": r.review_on.isoformat(),
                "overdue": r.overdue,
            }
            for r in agenda.reviews
        ],
    }


def print_due(out: Console, agenda: Agenda, *, show_owner: bool, limit: int | None) -> None:
    today = agenda.today
    out.print(Text(f"cadence · {_day(today, today)} {today.year}", style="bold"))
    if agenda.is_empty:
        out.print("Nothing due today: every client has heard from you.")
        if agenda.next_up is not None:
            nxt = agenda.next_up
            out.print(
                f"Next: {nxt.client.name} ({nxt.client.tier.name}) on {_day(nxt.due_on, today)}."
            )
        return
    contacts = agenda.contacts if limit is None else agenda.contacts[:limit]
    if contacts:
        reactive = sum(1 for s in agenda.contacts if s.status == "reactive")
        due = len(agenda.contacts) - reactive
        title = f"{reactive} reactive, {due} due"
        table = Table(title=title, title_justify="left", title_style="bold", expand=False)
        table.add_column("#", justify="right", style="dim")
        table.add_column("Client")
        table.add_column("Tier", justify="center")
        table.add_column("Status")
        table.add_column("Overdue", justify="right")
        table.add_column("Last touch")
        if show_owner:
            table.add_column("Owner")
        table.add_column("Why")
        for s in contacts:
            last = s.client.last_counting
            last_text = f"{short_day(last.on, today)} {last.channel}" if last else "never"
            charter = agenda.charters.get(s.client.client_id)
            why = s.reason
            if charter is not None and (charter.channel or charter.note):
                prefs = ", ".join(x for x in (charter.channel, charter.note) if x)
                why = f"{why}; prefers {prefs}"
            row: list[Text | str] = [
                str(s.client.client_id),
                s.client.name,
                s.client.tier.name,
                Text(s.status, style=STATUS_STYLE[s.status]),
                _waited(s.days_overdue),
                last_text,
            ]
            if show_owner:
                row.append(s.client.owner or "")
            row.append(why)
            table.add_row(*row, style="red" if s.status == "reactive" else None)
        out.print(table)
        if limit is not None and len(agenda.contacts) > limit:
            out.print(f"… and {len(agenda.contacts) - limit} more (drop --limit to see all)")
    if agenda.follow_ups:
        out.print(Text("Follow-ups", style="bold"))
        for f in agenda.follow_ups:
            out.print(f"  #{f.client.client_id} {f.client.name}: {f.reason}")
    if agenda.promises:
        out.print(Text("Promises", style="bold"))
        for p in agenda.promises:
            style = "red" if p.overdue else ""
            out.print(
                Text(
                    f"  [{p.promise.promise_id}] {p.promise.name}: {p.promise.text} ({p.reason})",
                    style=style,
                )
            )
    if agenda.milestones:
        out.print(Text("Milestones", style="bold"))
        for m in agenda.milestones:
            when = "today" if m.on == today else _day(m.on, today)
            out.print(f"  #{m.milestone.client_id} {m.milestone.name}: {m.description}, {when}")
    if agenda.reviews:
        out.print(Text("Charter reviews", style="bold"))
        for r in agenda.reviews:
            state = "overdue since" if r.overdue else "due"
            out.print(
                f"  #{r.charter.client_id} {r.charter.name}: review the charter "
                f"({state} {_day(r.review_on, today)})"
            )


# ---------------------------------------------------------------------------------------------
# clients and show


def client_json(client: ClientInfo) -> dict[str, Any]:
    charter = client.charter
    return {
        "id": client.id,
        "name": client.name,
        "tier": client.tier,
        "status": client.status,
        "email": client.email,
        "phone": client.phone,
        "company": client.company,
        "owner": client.owner,
        "tags": list(client.tags),
        "notes": client.notes,
        "added_on": _iso(client.added_on),
        "snoozed_until": _iso(client.snoozed_until),
        "archived_reason": client.archived_reason,
        "milestones": [{"label": label, "date": when.iso()} for label, when in client.milestones],
        "charter": None
        if charter is None
        else {
            "every": str(charter.every),
            "channel": charter.channel,
            "note": charter.note,
            "review_every": str(charter.review_every),
            "agreed_on": charter.agreed_on.isoformat(),
        },
    }


def print_clients(
    out: Console, clients: Sequence[ClientInfo], standings: dict[int, Standing], today: date
) -> None:
    if not clients:
        out.print('No clients match. Add one with: cadence add "Ada Lovelace" --tier A')
        return
    table = Table(
        title=f"{len(clients)} client{'s' if len(clients) != 1 else ''}", title_justify="left"
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("Name")
    table.add_column("Tier", justify="center")
    table.add_column("Next due")
    table.add_column("Email")
    table.add_column("Phone")
    table.add_column("Owner")
    table.add_column("Tags")
    for c in clients:
        s = standings.get(c.id)
        if c.status == "archived":
            next_due: Text | str = Text(f"archived: {c.archived_reason}", style="dim")
        elif s is None:
            next_due = ""
        else:
            next_due = Text(
                _day(s.due_on, today) if s.status == "ok" else s.status,
                style=STATUS_STYLE[s.status] if s.status != "ok" else "",
            )
        table.add_row(
            str(c.id), c.name, c.tier, next_due, c.email or "", c.phone or "", c.owner or "",
            ", ".join(c.tags),
        )  # fmt: skip
    out.print(table)


def touch_json(t: TouchInfo) -> dict[str, Any]:
    return {
        "id": t.id,
        "on": t.day.isoformat(),
        "at": t.at.isoformat(),
        "channel": t.channel,
        "outcome": t.outcome,
        "direction": "inbound" if t.inbound else "outbound",
        "note": t.note,
        "by": t.by,
    }


def promise_json(p: PromiseInfo, today: date) -> dict[str, Any]:
    return {
        "id": p.id,
        "client_id": p.client_id,
        "name": p.client_name,
        "text": p.text,
        "due_on": p.due_on.isoformat(),
        "made_on": p.made_on.isoformat(),
        "kept_on": _iso(p.kept_on),
        "overdue": p.kept_on is None and p.due_on < today,
    }


def describe_touch(t: TouchInfo, today: date) -> str:
    direction = "from" if t.inbound else "with"
    text = f"{t.channel} {direction} {t.client_name} on {_day(t.day, today)} ({t.outcome})"
    if t.note:
        text += f": {t.note}"
    return text


def print_show(
    out: Console,
    client: ClientInfo,
    standing: Standing | None,
    touches: Sequence[TouchInfo],
    promises: Sequence[PromiseInfo],
    milestones: Sequence[tuple[str, str, date]],
    chases: Sequence[Chase],
    today: date,
) -> None:
    out.print(Text(f"#{client.id} {client.name}", style="bold"))
    facts = [
        ("Tier", client.tier),
        ("Status", client.status if client.status != "active" else ""),
        ("Email", client.email),
        ("Phone", client.phone),
        ("Company", client.company),
        ("Owner", client.owner),
        ("Tags", ", ".join(client.tags)),
        ("Added", _day(client.added_on, today) if client.added_on else None),
        ("Snoozed until", _day(client.snoozed_until, today) if client.snoozed_until else None),
        ("Notes", client.notes),
    ]
    if client.status == "archived":
        facts[1] = ("Status", f"archived: {client.archived_reason}")
    for label, value in facts:
        if value:
            out.print(f"  {label + ':':<14} {value}")
    if standing is not None:
        style = STATUS_STYLE[standing.status]
        if standing.status == "ok":
            line = f"ok, next due {_day(standing.due_on, today)}"
        else:
            since = _day(standing.due_on, today)
            line = f"{standing.status} since {since} ({_waited(standing.days_overdue)})"
        out.print(Text("  Cadence:       ", style="") + Text(line, style=style))
        out.print(f"  {'Why:':<14} {standing.reason}")
    if client.charter is not None:
        c = client.charter
        extra = "".join(
            f", {x}" for x in (f"prefers {c.channel}" if c.channel else None, c.note) if x
        )
        review = c.review_every.after(c.agreed_on)
        out.print(
            f"  {'Charter:':<14} every {c.every}{extra}; agreed {_day(c.agreed_on, today)}, "
            f"review {_day(review, today)}"
        )
    if chases:
        out.print(f"  {'Chased you:':<14} " + ", ".join(short_day(c.on, today) for c in chases))
    if promises:
        out.print(Text("Promises", style="bold"))
        for p in promises:
            state = (
                f"kept {_day(p.kept_on, today)}"
                if p.kept_on
                else ("OVERDUE" if p.due_on < today else "open")
            )
            out.print(f"  [{p.id}] {p.text} by {_day(p.due_on, today)} ({state})")
    if milestones:
        out.print(Text("Milestones", style="bold"))
        for label, description, on in milestones:
            out.print(f"  {label}: {description} on {_day(on, today)}")
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
        out.print(line.rstrip())


def print_tiers(out: Console, loads: Sequence[TierLoad]) -> None:
    table = Table(title="Tiers", title_justify="left")
    table.add_column("Tier")
    table.add_column("Every")
    table.add_column("Reactive after")
    table.add_column("Clients", justify="right")
    table.add_column("Due now", justify="right")
    table.add_column("Reactive", justify="right")
    table.add_column("Touches/week", justify="right")
    table.add_column("Description")
    for load in loads:
        t = load.tier
        table.add_row(
            t.name, str(t.every), str(t.reactive_after), str(load.clients), str(load.due),
            str(load.reactive), f"{load.per_week:.1f}", t.description,
        )  # fmt: skip
    total = sum(load.per_week for load in loads)
    table.caption = f"Your model asks for {total:.1f} touches a week."
    table.caption_justify = "left"
    out.print(table)


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
        if p.kept_on is not None:
            state = Text(f"kept {short_day(p.kept_on, today)}", style="green")
        elif p.due_on < today:
            state = Text("overdue", style="bold red")
        else:
            state = Text("open")
        table.add_row(str(p.id), p.client_name, p.text, _day(p.due_on, today), state)
    out.print(table)
