"""All terminal output and every `--json` shape, in one place.

Commands compute; this module shows. Rich handles colour, `NO_COLOR` and non-terminals
(plain text, no escape codes); `--json` output is written with `print` so it never has
colour or wrapping. JSON shapes of SPEC §2 (contract) are built by the `*_json` functions.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.core.records import ClientInfo, PromiseInfo, TierLoad, TouchInfo
from cadence_cli.core.report import Report, TierStats, pace_number, sparkline
from cadence_cli.core.review import LOOKBACK_DAYS, ReviewFacts
from cadence_cli.core.schedule import Agenda, Chase, Standing
from cadence_cli.core.wording import short_day

if TYPE_CHECKING:
    from cadence_cli.core.records import TeamMember

WIDE_TABLE = 110
"""Terminal width from which `due` shows the Last touch column beside the reason."""

PROGRESS_FROM = 1_000
"""Below this many rows an import is over before a bar would help."""

STATUS_STYLE = {"reactive": "bold red", "due": "yellow", "ok": "green"}


def console(*, stderr: bool = False) -> Console:
    # names, notes and reasons are printed as typed: "[b]Ada[/]" or ":wave:" is not markup
    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)


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


def print_due(
    out: Console, agenda: Agenda, *, show_owner: bool, limit: int | None, filtered: bool = False
) -> None:
    today = agenda.today
    out.print(Text(f"cadence · {_day(today, today)} {today.year}", style="bold"))
    if agenda.is_empty and agenda.next_up is None:
        if filtered:
            out.print("No active client matches these filters.")
        else:
            out.print("Your book has no active clients yet: add one with `cadence add NAME`.")
        return
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
        # The reason already names the last touch; a narrow terminal keeps the reason.
        show_last = out.width >= WIDE_TABLE
        if show_last:
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
            ]
            if show_last:
                row.append(last_text)
            if show_owner:
                row.append(s.client.owner or "")
            row.append(why)
            table.add_row(*row, style="red" if s.status == "reactive" else None)
        out.print(table)
        if limit is not None and len(agenda.contacts) > limit:
            out.print(f"… and {len(agenda.contacts) - limit} more (--all shows every one)")
    _section(
        out,
        "Follow-ups",
        [f"  #{f.client.client_id} {f.client.name}: {f.reason}" for f in agenda.follow_ups],
        limit,
    )
    _section(
        out,
        "Promises",
        [
            Text(
                f"  [{p.promise.promise_id}] {p.promise.name}: {p.promise.text} ({p.reason})",
                style="red" if p.overdue else "",
            )
            for p in agenda.promises
        ],
        limit,
    )
    _section(
        out,
        "Milestones",
        [
            f"  #{m.milestone.client_id} {m.milestone.name}: {m.description}, "
            + ("today" if m.on == today else _day(m.on, today))
            for m in agenda.milestones
        ],
        limit,
    )
    _section(
        out,
        "Charter reviews",
        [
            f"  #{r.charter.client_id} {r.charter.name}: review the charter "
            f"({'overdue since' if r.overdue else 'due'} {_day(r.review_on, today)})"
            for r in agenda.reviews
        ],
        limit,
    )


def _section(out: Console, title: str, lines: Sequence[str | Text], limit: int | None) -> None:
    """A titled list under the table, cut at `limit` lines like the table, printed at once
    (one `Console.print` per line cost a big book's morning list seconds)."""
    if not lines:
        return
    shown = list(lines if limit is None else lines[:limit])
    if len(lines) > len(shown):
        shown.append(f"  … and {len(lines) - len(shown)} more (--all shows every one)")
    body = Text(title, style="bold")
    for line in shown:
        body.append("\n")
        body.append(line)
    out.print(body)


# ---------------------------------------------------------------------------------------------
# clients and show


def client_json(client: ClientInfo) -> dict[str, Any]:
    """The `clients --json` shape, shared with the JSON dump (`interop.jsondump`)."""
    from cadence_cli.interop.jsondump import client_fields

    return client_fields(client, ident=client.id)


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
            # "7th home anniversary" already says what it is; "turns 41" needs "birthday: "
            named = description if label.casefold() in description.casefold() else None
            text = named or f"{label}: {description}"
            out.print(f"  {text} on {_day(on, today)}")
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


# ---------------------------------------------------------------------------------------------
# ---- team


def team_json(
    members: Sequence[TeamMember], unassigned: TeamMember, *, today: date, me: str
) -> dict[str, Any]:
    """`cadence team --json`: who serves how many clients, who is behind, who is logging."""

    def counts(m: TeamMember) -> dict[str, Any]:
        return {
            "clients": m.clients,
            "due": m.due,
            "reactive": m.reactive,
            "touches_per_week_needed": round(m.per_week, 2),
        }

    return {
        "date": today.isoformat(),
        "members": [
            {
                "name": m.name,
                "me": (m.name or "").casefold() == me.casefold(),
                **counts(m),
                "touches_7d": m.touches_week,
                "last_touch_on": _iso(m.last_touch_on),
            }
            for m in members
        ],
        "unassigned": counts(unassigned),
    }


def print_team(
    out: Console, members: Sequence[TeamMember], unassigned: TeamMember, *, today: date, me: str
) -> None:
    if not members and not unassigned.clients:
        out.print('No team yet. Give clients an owner: cadence edit "Ada" --owner NAME')
        return
    table = Table(title=f"Team · {_day(today, today)} {today.year}", title_justify="left")
    table.add_column("Member", no_wrap=True)
    table.add_column("Clients", justify="right")
    table.add_column("Due", justify="right")
    table.add_column("Reactive", justify="right")
    table.add_column("Load/wk", justify="right")
    table.add_column("Logged 7d", justify="right")
    table.add_column("Last touch", no_wrap=True)
    rows = [*members, unassigned] if unassigned.clients else list(members)
    for m in rows:
        name = m.name if m.name is not None else "(no owner)"
        if m.name is not None and m.name.casefold() == me.casefold():
            name += " (you)"
        last = short_day(m.last_touch_on, today) if m.last_touch_on else ""
        table.add_row(
            name, str(m.clients), str(m.due),
            Text(str(m.reactive), style="bold red" if m.reactive else ""),
            f"{m.per_week:.1f}", str(m.touches_week) if m.name is not None else "", last,
        )  # fmt: skip
    table.caption = "Load/wk: touches a week the tiers ask for. Logged 7d: by them, last 7 days."
    table.caption_justify = "left"
    out.print(table)


# ---------------------------------------------------------------------------------------------
# ---- report


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _report_row(stats: TierStats, label: str) -> list[str | Text]:
    return [
        Text(label),  # a tier name is data, never markup
        str(stats.clients),
        _share(stats.on_cadence_rate if stats.client_days else None),
        str(stats.reactive_days),
        str(stats.chases),
        str(stats.open_follow_ups),
        f"{pace_number(stats.logged_per_week)}/{pace_number(stats.demanded_per_week)}",
        f"{stats.promises_kept_on_time}/{stats.promises_kept_late}/{stats.promises_open_overdue}",
    ]


def print_report(out: Console, report: Report, *, today: date) -> None:
    """The consistency report: per-tier table, weekly chart, pace, and who slid longest."""
    weeks = f"{report.weeks} week{'s' if report.weeks != 1 else ''}"
    window = f"{_day(report.start, today)} – {_day(report.on, today)}"
    out.print(Text(f"Consistency over {weeks}: {window}", style="bold"))
    if report.overall.clients == 0:
        out.print("No active clients in view: add clients, or widen --owner / --tier / --tag.")
        out.print(Text(report.pace_sentence))
        return
    table = Table(title_justify="left", expand=False)
    table.add_column("Tier")
    table.add_column("Clients", justify="right")
    table.add_column("On\ncadence", justify="right")
    table.add_column("Reactive\ndays", justify="right")
    table.add_column("Chases", justify="right")
    table.add_column("Open\nfollow-ups", justify="right")
    table.add_column("Touches a week\nlogged / asked", justify="right")
    table.add_column("Promises kept\n/ late / overdue", justify="right")
    for stats in report.tiers:
        table.add_row(*_report_row(stats, stats.tier))
    table.add_section()
    table.add_row(*_report_row(report.overall, "All"), style="bold")
    out.print(table)
    legend = (
        "On cadence: share of client-days not past due. Reactive days: client-days reactive.",
        "Chases: a client reached you while overdue. Promises: kept on time/late/open overdue.",
    )
    for line in legend:
        out.print(Text(line, style="dim"))
    out.print(_weekly_chart(out, [w.proactive for w in report.weekly_touches]))
    out.print(Text(report.pace_sentence))
    if not report.longest_reactive:
        out.print("No client was reactive in the window.")
        return
    slid = Text("Reactive longest: ")
    for index, spell in enumerate(report.longest_reactive):
        days = f"{spell.reactive_days} day{'s' if spell.reactive_days != 1 else ''}"
        separator = " · " if index else ""
        slid.append(f"{separator}#{spell.client_id} {spell.name} ({spell.tier}) {days}")
    out.print(slid)


def _weekly_chart(out: Console, weekly: Sequence[int]) -> Text:
    """One line: a bar a week, cut to the latest weeks that fit the terminal."""
    words = len(f"Last {len(weekly)} weeks (proactive, oldest first): ││ busiest , last week ")
    room = max(8, out.width - words - 2 * len(str(max(weekly, default=0))))
    shown = weekly[-room:]
    label = "Touches a week" if len(shown) == len(weekly) else f"Last {len(shown)} weeks"
    chart = Text(f"{label} (proactive, oldest first): │")
    chart.append(sparkline(shown), style="cyan")
    chart.append(f"│ busiest {max(shown)}, last week {shown[-1]}")
    return chart


# ---------------------------------------------------------------------------------------------
# ---- tier review


def _card_line(out: Console, label: str, value: str | Text) -> None:
    text = Text(f"  {label + ':' if label else '':<14} ")
    text.append(value)
    out.print(text)


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
) -> None:
    """One client at a review: where they stand, the last touches, chases, promises, advice."""
    now = facts.standing
    rule = now.client.tier
    out.print()
    out.print(Text(f"[{position}/{total}] #{client.id} {client.name}", style="bold"))
    line = partial(_card_line, out)
    line("Tier", f"{rule.name}: every {rule.every}, reactive after {rule.reactive_after}")
    if client.charter is not None:
        c = client.charter
        wishes = (f"prefers {c.channel}" if c.channel else None, c.note)
        prefs = "".join(f", {x}" for x in wishes if x)
        line("Charter", f"every {c.every}{prefs} (agreed {_day(c.agreed_on, today)})")
    if now.status == "ok":
        state = Text(f"ok, next due {_day(now.due_on, today)}")
    else:
        since = f"{now.status} since {_day(now.due_on, today)} ({_waited(now.days_overdue)})"
        state = Text(since, style=STATUS_STYLE[now.status])
    line("Now", state)
    if client.snoozed_until is not None and client.snoozed_until > today:
        line("Snoozed", f"until {_day(client.snoozed_until, today)}")
    if client.owner:
        line("Owner", client.owner)
    if not touches:
        line("Last touches", "none yet")
    for index, t in enumerate(touches):
        arrow = "←" if t.inbound else "→"
        text = f"{short_day(t.day, today)} {arrow} {t.channel} ({t.outcome})"
        if t.note:
            text += f": {t.note}"
        line("Last touches" if index == 0 else "", text)
    chases = f"{facts.chases} chase{'s' if facts.chases != 1 else ''}"
    line(f"Last {LOOKBACK_DAYS} days", f"{chases}, {facts.inbound} inbound")
    for index, p in enumerate(promises):
        overdue = " (overdue)" if p.due_on < today else ""
        text = f"[{p.id}] {p.text} by {_day(p.due_on, today)}{overdue}"
        line("Open promises" if index == 0 else "", text)
    line("Suggestion", Text(facts.suggestion.text, style="bold"))


# ---- progress


@contextmanager
def progress_bar(total: int, *, label: str = "Importing") -> Iterator[Callable[[int], None]]:
    """A transient bar on stderr for long work whose output goes to a terminal (never into
    a pipe or a log file). Yields the function that advances it by a count."""
    err = console(stderr=True)
    if total < PROGRESS_FROM or not sys.stdout.isatty() or not err.is_terminal:
        yield lambda _count: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda count: bar.advance(task, count)
