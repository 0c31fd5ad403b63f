"""The written service model on a terminal: `model`, `plan`, and the touchpoint lines that
`due`, `show`, a review card and the report add (SPEC §8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.core.model import (
    ModelView,
    OnTime,
    OwnerPlan,
    Touchpoint,
    TouchpointDue,
    TouchpointFacts,
    hours,
)
from cadence_cli.core.wording import day_phrase, long_day, overdue_phrase, plural, short_day
from cadence_cli.render.safe import safe_text
from cadence_cli.render.terminal import fact_line


def describe_touchpoint(point: Touchpoint) -> str:
    """'weekly call: every 1w by call, 15 min, attempts count'."""
    text = f"{point.name}: every {point.every} by {', '.join(point.channels)}, {point.minutes} min"
    return text + (", attempts count" if point.attempt_counts else "")


def print_model(out: Console, view: ModelView) -> None:
    """Every tier with its touchpoints and the hours it asks, then each owner's hours against
    their capacity, and a plain sentence for each owner the model does not fit."""
    out.print(Text(f"Service model · {long_day(view.today)}", style="bold"))
    table = Table(title_justify="left")
    table.add_column("Tier")
    table.add_column("Every")
    table.add_column("Reactive\nafter")
    table.add_column("Min", justify="right")
    table.add_column("Touchpoints")
    table.add_column("Clients", justify="right")
    table.add_column("h/week", justify="right")
    for tier in view.tiers:
        demand = view.tier_demand(tier)
        points = "\n".join(safe_text(describe_touchpoint(p)) for p in tier.touchpoints) or "–"
        table.add_row(
            safe_text(tier.rule.name), str(tier.rule.every), str(tier.rule.reactive_after),
            str(tier.minutes), points, str(demand.clients),
            hours(demand.minutes_per_week),
        )  # fmt: skip
    table.caption = (
        f"Min: minutes per contact. Your model asks {hours(view.total.minutes_per_week)} h a "
        "week in all."
    )
    table.caption_justify = "left"
    out.print(table)
    if not view.owners and not view.unowned.clients:
        out.print("No owners yet: give clients an owner, and each owner a capacity with")
        out.print("`cadence team capacity OWNER 20h`.")
        return
    team = Table(title="Team", title_justify="left", title_style="bold")
    team.add_column("Owner")
    team.add_column("Clients", justify="right")
    team.add_column("Asks h/week", justify="right")
    team.add_column("Has h/week", justify="right")
    team.add_column("Works")
    for owner in view.owners:
        style = "bold red" if owner.fits is False else ""
        team.add_row(
            safe_text(owner.owner), str(owner.demand.clients),
            Text(hours(owner.demand.minutes_per_week), style=style),
            "–" if owner.capacity is None else hours(owner.capacity), owner.workdays or "",
        )  # fmt: skip
    if view.unowned.clients:
        team.add_row(
            "(no owner)", str(view.unowned.clients), hours(view.unowned.minutes_per_week), "", ""
        )
    out.print(team)
    for sentence in view.misfits:
        out.print(Text(safe_text(sentence[0].upper() + sentence[1:] + "."), style="bold red"))
    unset = [o.owner for o in view.owners if o.capacity is None]
    if unset:
        names = safe_text(", ".join(unset))
        out.print(f"No capacity set for {names}: `cadence team capacity OWNER 20h`.")
    elif view.owners and not view.misfits:
        out.print("The model fits every owner's capacity.")


def print_plan(out: Console, plans: Sequence[OwnerPlan], *, start: date, days: int) -> None:
    """Each owner's days: minutes against capacity, the items, and what moved earlier."""
    end = start.fromordinal(start.toordinal() + days - 1)
    out.print(Text(f"Plan · {day_phrase(start, start)} – {day_phrase(end, start)}", style="bold"))
    if not any(d.items for p in plans for d in p.days):
        out.print("Nothing comes due in these days.")
        return
    for plan in plans:
        who = safe_text(plan.owner) if plan.owner is not None else "(no owner)"
        if plan.capacity is not None:
            per_week = hours(plan.capacity.minutes_per_week)
            who += f": {per_week} h a week, {plan.workdays}"
        else:
            who += ": no capacity set"
        body = Text("\n" + who, style="bold")
        for day in plan.days:
            if not day.items and not day.capacity:
                continue
            cap = f"/{day.capacity}" if day.capacity is not None else ""
            body.append(f"\n  {short_day(day.day, start):<10} {day.minutes}{cap} min")
            if day.over:
                body.append("  over capacity", style="bold red")
            for placed in day.items:
                item = placed.item
                what = item.touchpoint if item.kind == "touchpoint" else "contact"
                line = f"#{item.client_id} {item.name} ({item.tier}) {what}, {item.minutes} min"
                body.append("\n    " + safe_text(line))
                if placed.moved:
                    body.append(f" (moved from {short_day(item.day, start)})", style="cyan")
        print_plain_or_rich(out, body)
        if plan.moved:
            out.print(f"  Moved earlier to fit: {plural(len(plan.moved), 'item')}.")


def touchpoint_lines(items: Sequence[TouchpointDue], today: date) -> list[str | Text]:
    """`due`'s touchpoints section: one line per touchpoint, overdue ones in red."""
    lines: list[str | Text] = []
    for t in items:
        f = t.facts
        when = (
            overdue_phrase(t.days_overdue)
            if t.overdue
            else ("due today" if t.due_on == today else f"due {day_phrase(t.due_on, today)}")
        )
        channels = ", ".join(f.touchpoint.channels)
        text = safe_text(f"  #{f.client_id} {f.name}: {f.touchpoint.name} by {channels} ({when})")
        lines.append(Text(text, style="red" if t.overdue else ""))
    return lines


def print_touchpoints(
    out: Console, items: Sequence[TouchpointDue], today: date, limit: int | None
) -> None:
    if not items:
        return
    shown = touchpoint_lines(items if limit is None else items[:limit], today)
    more = len(items) - len(shown)
    body = Text("Touchpoints", style="bold")
    for line in [*shown, *([f"  … and {more} more (--all shows every one)"] if more else [])]:
        body.append("\n")
        body.append(line)
    print_plain_or_rich(out, body)


def print_plain_or_rich(out: Console, body: Text) -> None:
    """Without colour, into a pipe or a file (no wrapping), Rich would write `body`'s plain
    text after splitting and measuring every line: seconds for the tens of thousands of
    lines `due | grep` gets on a big book. Write it directly then; else let Rich draw it."""
    if out.color_system is None and out.soft_wrap and not out.is_terminal:
        out.file.write(body.plain + "\n")
        return
    out.print(body)


def touchpoint_facts_lines(
    facts: Sequence[TouchpointFacts], today: date
) -> list[tuple[str, str | Text]]:
    """`show` and a review card: each touchpoint's last and next day."""
    lines: list[tuple[str, str | Text]] = []
    for index, f in enumerate(sorted(facts, key=lambda f: f.touchpoint.name.casefold())):
        last = short_day(f.anchor, today) if f.anchor is not None else "never"
        due = f.due_on
        late = due < today
        nxt = f"overdue since {short_day(due, today)}" if late else f"next {day_phrase(due, today)}"
        if due == today:
            nxt = "due today"
        text = Text(safe_text(f"{f.touchpoint.name}: last {last}, "))
        text.append(nxt, style="red" if late else "")
        lines.append(("Touchpoints" if index == 0 else "", text))
    return lines


def print_client_model(
    out: Console,
    facts: Sequence[TouchpointFacts],
    referred_by: str | None,
    referred: Sequence[tuple[str, date]],
    today: date,
) -> None:
    """What `show` adds: touchpoints, who referred the client, and whom they referred."""
    lines = touchpoint_facts_lines(facts, today)
    if referred_by is not None:
        lines.append(("Referred by", safe_text(referred_by)))
    for index, (ref, added) in enumerate(referred):
        lines.append(
            (
                "Referred" if index == 0 else "",
                safe_text(f"{ref} (added {short_day(added, today)})"),
            )
        )
    for label, value in lines:
        out.print(fact_line(label, value))


def print_report_model(
    out: Console, on_time: Mapping[str, OnTime], referrals: Mapping[str, int], tiers: Sequence[str]
) -> None:
    """The report's model lines: touchpoints on time and referrals, per tier."""
    parts = []
    for name in tiers:
        rate = on_time.get(name, OnTime()).rate
        if rate is not None:
            parts.append(f"{name} {rate:.0%}")
    if parts:
        out.print(Text(safe_text("Touchpoints on time: " + " · ".join(parts))))
    total = sum(referrals.values())
    if total:
        by_tier = " · ".join(f"{n} {referrals[n]}" for n in tiers if referrals.get(n))
        out.print(Text(safe_text(f"Referrals: {total} in the window ({by_tier})")))
