"""The whole book on a terminal: `tier list`, `team` and the consistency `report`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.core.records import TeamMember, TierLoad
from cadence_cli.core.report import Report, TierStats, pace_number, sparkline
from cadence_cli.core.wording import day_phrase, long_day, plural, short_day
from cadence_cli.render.safe import safe_text


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
            safe_text(t.name), str(t.every), str(t.reactive_after), str(load.clients),
            str(load.due), str(load.reactive), f"{load.per_week:.1f}", safe_text(t.description),
        )  # fmt: skip
    total = sum(load.per_week for load in loads)
    table.caption = f"Your model asks for {total:.1f} touches a week."
    table.caption_justify = "left"
    out.print(table)


def print_team(
    out: Console, members: Sequence[TeamMember], unassigned: TeamMember, *, today: date, me: str
) -> None:
    if not members and not unassigned.clients:
        out.print('No team yet. Give clients an owner: cadence edit "Ada" --owner NAME')
        return
    table = Table(title=f"Team · {long_day(today)}", title_justify="left")
    table.add_column("Member", no_wrap=True)
    table.add_column("Clients", justify="right")
    table.add_column("Due", justify="right")
    table.add_column("Reactive", justify="right")
    table.add_column("Load/wk", justify="right")
    table.add_column("Logged 7d", justify="right")
    table.add_column("Last touch", no_wrap=True)
    rows = [*members, unassigned] if unassigned.clients else list(members)
    for m in rows:
        name = safe_text(m.name) if m.name is not None else "(no owner)"
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


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _report_row(stats: TierStats, label: str) -> list[str | Text]:
    return [
        Text(safe_text(label)),  # a tier name is data, never markup
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
    window = f"{day_phrase(report.start, today)} – {day_phrase(report.on, today)}"
    out.print(Text(f"Consistency over {plural(report.weeks, 'week')}: {window}", style="bold"))
    if report.overall.clients == 0:
        out.print("No active clients in view: add clients, or widen --owner / --tier / --tag.")
        out.print(Text(report.pace_sentence))
        return
    out.print(_report_table(report))
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
        separator = " · " if index else ""
        who = safe_text(f"#{spell.client_id} {spell.name} ({spell.tier})")
        slid.append(f"{separator}{who} {plural(spell.reactive_days, 'day')}")
    out.print(slid)


def _report_table(report: Report) -> Table:
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
    return table


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
