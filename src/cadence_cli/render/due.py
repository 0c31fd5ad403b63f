"""`cadence due` on a terminal: the table of who needs you, then the sections under it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.core.schedule import Agenda, Standing
from cadence_cli.core.wording import day_phrase, long_day, short_day, waited
from cadence_cli.render.safe import safe_text
from cadence_cli.render.terminal import STATUS_STYLE

WIDE_TABLE = 110
"""Terminal width from which `due` shows the Last touch column beside the reason."""


def print_due(
    out: Console, agenda: Agenda, *, show_owner: bool, limit: int | None, filtered: bool = False
) -> None:
    """The morning list: a header, the contacts table (cut at `limit`), then each section."""
    out.print(Text(f"cadence · {long_day(agenda.today)}", style="bold"))
    if agenda.is_empty:
        out.print(_nothing_due(agenda, filtered=filtered))
        return
    contacts = agenda.contacts if limit is None else agenda.contacts[:limit]
    if contacts:
        out.print(_contacts_table(out, agenda, contacts, show_owner=show_owner))
        if limit is not None and len(agenda.contacts) > limit:
            out.print(f"… and {len(agenda.contacts) - limit} more (--all shows every one)")
    for title, lines in _sections(agenda):
        _section(out, title, lines, limit)


def _nothing_due(agenda: Agenda, *, filtered: bool) -> str:
    """What an empty list says: why it is empty, and who comes next."""
    nxt = agenda.next_up
    if nxt is None and filtered:
        return "No active client matches these filters."
    if nxt is None:
        return "Your book has no active clients yet: add one with `cadence add NAME`."
    who = safe_text(f"{nxt.client.name} ({nxt.client.tier.name})")
    return (
        "Nothing due today: every client has heard from you.\n"
        f"Next: {who} on {day_phrase(nxt.due_on, agenda.today)}."
    )


def _contacts_table(
    out: Console, agenda: Agenda, contacts: Sequence[Standing], *, show_owner: bool
) -> Table:
    reactive = sum(1 for s in agenda.contacts if s.status == "reactive")
    title = f"{reactive} reactive, {len(agenda.contacts) - reactive} due"
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
    today = agenda.today
    for s in contacts:
        last = s.client.last_counting
        row: list[Text | str] = [
            str(s.client.client_id),
            safe_text(s.client.name),
            safe_text(s.client.tier.name),
            Text(s.status, style=STATUS_STYLE[s.status]),
            waited(s.days_overdue),
        ]
        if show_last:
            row.append(f"{short_day(last.on, today)} {last.channel}" if last else "never")
        if show_owner:
            row.append(safe_text(s.client.owner or ""))
        row.append(safe_text(_why(agenda, s)))
        table.add_row(*row, style="red" if s.status == "reactive" else None)
    return table


def _why(agenda: Agenda, s: Standing) -> str:
    """The reason, and how the client likes to be reached when a charter says so."""
    charter = agenda.charters.get(s.client.client_id)
    if charter is None or not (charter.channel or charter.note):
        return s.reason
    return f"{s.reason}; prefers {', '.join(x for x in (charter.channel, charter.note) if x)}"


def _sections(agenda: Agenda) -> list[tuple[str, list[str | Text]]]:
    """The lists under the table, in SPEC order, each line already escaped."""
    today = agenda.today
    promises: list[str | Text] = [
        Text(
            safe_text(
                f"  [{p.promise.promise_id}] {p.promise.name}: {p.promise.text} ({p.reason})"
            ),
            style="red" if p.overdue else "",
        )
        for p in agenda.promises
    ]
    return [
        (
            "Follow-ups",
            [
                safe_text(f"  #{f.client.client_id} {f.client.name}: {f.reason}")
                for f in agenda.follow_ups
            ],
        ),
        ("Promises", promises),
        (
            "Milestones",
            [
                safe_text(f"  #{m.milestone.client_id} {m.milestone.name}: {m.description}, ")
                + ("today" if m.on == today else day_phrase(m.on, today))
                for m in agenda.milestones
            ],
        ),
        (
            "Charter reviews",
            [
                safe_text(f"  #{r.charter.client_id} {r.charter.name}: review the charter ")
                + f"({'overdue since' if r.overdue else 'due'} {day_phrase(r.review_on, today)})"
                for r in agenda.reviews
            ],
        ),
    ]


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
