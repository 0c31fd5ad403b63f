"""`cadence due` on a terminal: the table of who needs you, then the sections under it."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.core.records import ContactPoints
from cadence_cli.core.schedule import Agenda, Standing
from cadence_cli.core.wording import day_phrase, days_late, long_day, short_day
from cadence_cli.render.safe import is_safe, safe_text
from cadence_cli.render.table import Column, Justify, write_plain_columns
from cadence_cli.render.terminal import STATUS_STYLE

WIDE_TABLE = 110
"""Terminal width from which `due` shows the reason (the Why column) beside the last touch."""
MEDIUM_TABLE = 80
"""Below this width `due` keeps one line per client with fewer, shorter columns."""
SHORT_STATUS = {"reactive": "react"}
CONTACT_WIDTH = 15
"""A narrow screen keeps this much of the contact cell: a phone number, a short email."""
WHOLE = frozenset({"#", "Tier", "Status", "Overdue", "Last touch"})
"""Columns a narrow screen never cuts; the name, contact, owner and reason give way."""
JUSTIFY: dict[str, Justify] = {"left": "left", "right": "right", "center": "center"}
"""The column alignments the plain drawing knows (Rich's "default" is not used here)."""
STATUS_COLUMN = 3
"""Where the status stands among the columns (`_contacts_table`): the one Rich colours."""
PIPE_WIDTH = 100_000
"""Into a pipe a table is as wide as its content: this is only the bound of the measure."""


def print_due(
    out: Console,
    agenda: Agenda,
    *,
    show_owner: bool,
    limit: int | None,
    filtered: bool = False,
    reach: Mapping[int, ContactPoints] | None = None,
) -> None:
    """The morning list: a header, the contacts table (cut at `limit`), then each section."""
    out.print(Text(f"cadence · {long_day(agenda.today)}", style="bold"))
    if agenda.is_empty:
        out.print(_nothing_due(agenda, filtered=filtered))
        return
    contacts = agenda.contacts if limit is None else agenda.contacts[:limit]
    if contacts:
        table, columns = _contacts_table(
            out, agenda, contacts, show_owner=show_owner, reach=reach or {}
        )
        if not _written_plain(out, table, columns):
            rows = _styled_rows(contacts, columns)
            for standing, row in zip(contacts, rows, strict=True):
                table.add_row(*row, style="red" if standing.status == "reactive" else None)
            if out.is_terminal:
                _fit(out, table, rows)
            _natural(out, table)
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
    out: Console,
    agenda: Agenda,
    contacts: Sequence[Standing],
    *,
    show_owner: bool,
    reach: Mapping[int, ContactPoints],
) -> tuple[Table, list[list[str]]]:
    """One line per client at any width: a narrow terminal drops the reason (it is on
    `show`), then the last touch, and shortens status and overdue; a cell too long for the
    screen is cut with '…' rather than wrapped. Into a pipe nothing is cut (`_natural`).

    The cells come column by column, as plain text (a big book's `due > today.txt` has
    20,000 rows): a column is made safe in one test when none of its cells needs it, and the
    few tiers and overdue counts are worded once each. The status is styled only when Rich
    draws the table (`_styled_rows`)."""
    reactive = sum(1 for s in agenda.contacts if s.status == "reactive")
    title = f"{reactive} reactive, {len(agenda.contacts) - reactive} due"
    # A pipe has no width of its own: every column, unless COLUMNS asks for fewer.
    width = out.width if out.is_terminal or os.environ.get("COLUMNS") else WIDE_TABLE
    narrow = width < MEDIUM_TABLE
    show_last = not narrow
    show_why = width >= WIDE_TABLE
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    if narrow:
        table.box, table.pad_edge, table.padding = None, False, (0, 1)  # two spaces apart
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Client", no_wrap=True, overflow="ellipsis")
    table.add_column("Tier", justify="center", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Overdue", justify="right", no_wrap=True)
    if show_last:
        table.add_column("Last touch", no_wrap=True, overflow="ellipsis")
    table.add_column("Contact", no_wrap=True, overflow="ellipsis")
    if show_owner and not narrow:
        table.add_column("Owner", no_wrap=True, overflow="ellipsis")
    if show_why:
        table.add_column("Why", no_wrap=True, overflow="ellipsis")
    today = agenda.today
    clients = [s.client for s in contacts]
    tiers = {c.tier.name: "" for c in clients}
    late = {s.days_overdue: "" for s in contacts}
    for name in tiers:
        tiers[name] = safe_text(name)
    for days in late:
        late[days] = days_late(days, short=narrow)
    columns = [
        [str(c.client_id) for c in clients],
        _safe_column([c.name for c in clients]),
        [tiers[c.tier.name] for c in clients],
        [SHORT_STATUS.get(s.status, s.status) if narrow else s.status for s in contacts],
        [late[s.days_overdue] for s in contacts],
    ]
    if show_last:
        columns.append(
            [
                "never" if last is None else f"{short_day(last.on, today)} {last.channel}"
                for last in (c.last_counting for c in clients)
            ]
        )
    no_reach = ContactPoints()
    columns.append(_safe_column([reach.get(c.client_id, no_reach).preferred for c in clients]))
    if show_owner and not narrow:
        columns.append(_safe_column([c.owner or "" for c in clients]))
    if show_why:
        columns.append(_safe_column([_why(agenda, s) for s in contacts]))
    return table, columns  # the rows go in only if Rich draws it (`print_due`)


def _safe_column(cells: list[str]) -> list[str]:
    """`safe_text` of each cell: one test of the whole column when none needs escaping (a
    character that needs it does so wherever it stands)."""
    if is_safe("".join(cells)):
        return cells
    return [safe_text(cell) for cell in cells]


def _styled_rows(contacts: Sequence[Standing], columns: list[list[str]]) -> list[list[Text | str]]:
    """The rows for Rich to draw, the status coloured as `STATUS_STYLE` says."""
    rows: list[list[Text | str]] = [list(row) for row in zip(*columns, strict=True)]
    for standing, row in zip(contacts, rows, strict=True):
        row[STATUS_COLUMN] = Text(str(row[STATUS_COLUMN]), style=STATUS_STYLE[standing.status])
    return rows


def _written_plain(out: Console, table: Table, columns: Sequence[list[str]]) -> bool:
    """Into a pipe or a file without colour, the lines Rich would draw are written directly
    (`render.table`): Rich takes about a millisecond a row, seconds for a big book's morning
    (`cadence due > today.txt`), and the text is the same."""
    if not _plain_pipe(out) or table.box is None:
        return False
    headings: list[Column] = []
    for column in table.columns:
        justify = JUSTIFY.get(column.justify)
        if justify is None:
            return False
        headings.append((str(column.header), justify, ""))
    return write_plain_columns(out, str(table.title), headings, columns, title_padded=False)


def _fit(out: Console, table: Table, rows: Sequence[Sequence[Text | str]]) -> None:
    """Cap the long columns (name, contact, owner, reason) so the table fits the screen on
    one line a row: the short facts stay whole, the long ones share what is left and are
    cut with '…'. (Rich alone would squeeze every no-wrap column, the short ones to nothing.)"""
    from rich.measure import Measurement

    natural = [
        max(
            cell_len(str(column.header)),
            *(cell_len(c if isinstance(c, str) else c.plain) for c in (r[i] for r in rows)),
        )
        for i, column in enumerate(table.columns)
    ]
    total = Measurement.get(out, out.options.update_width(PIPE_WIDTH), table).maximum
    room = out.width - (total - sum(natural))  # what the cells may take, borders aside
    long = [i for i, column in enumerate(table.columns) if column.header not in WHOLE]
    room -= sum(w for i, w in enumerate(natural) if i not in long)
    # The contact is what the list is acted on with: it goes first, whole up to a phone
    # number or a short email; then the narrowest long columns keep their width and the
    # rest share equally.
    headers = [str(column.header) for column in table.columns]
    if "Contact" in headers and len(long) > 1:
        i = headers.index("Contact")
        given = min(natural[i], max(room // len(long), CONTACT_WIDTH))
        table.columns[i].max_width = given
        room -= given
        long.remove(i)
    for count, i in enumerate(sorted(long, key=natural.__getitem__)):
        share = max(room // (len(long) - count), 1)
        given = min(natural[i], share)
        table.columns[i].max_width = given
        room -= given


def print_due_plain(
    agenda: Agenda, contacts: Sequence[Standing], reach: Mapping[int, ContactPoints]
) -> None:
    """`due --plain`: a header, then one tab-separated line per client due (every column,
    days as numbers), for `cut`, `awk` and spreadsheets; tabs and newlines in a cell are
    escaped so a line is always one client."""
    import sys

    header = ["id", "name", "tier", "status", "days_overdue", "due_on", "last_touch"]
    lines = ["\t".join([*header, "contact", "owner", "why"])]
    for s in contacts:
        last = s.client.last_counting
        found = reach.get(s.client.client_id)
        cells = [
            str(s.client.client_id),
            s.client.name,
            s.client.tier.name,
            s.status,
            str(s.days_overdue),
            s.due_on.isoformat(),
            f"{last.on.isoformat()} {last.channel}" if last else "",
            found.preferred if found is not None else "",
            s.client.owner or "",
            _why(agenda, s),
        ]
        lines.append("\t".join(safe_text(cell) for cell in cells))
    sys.stdout.write("".join(line + "\n" for line in lines))


def _plain_pipe(out: Console) -> bool:
    """A pipe or a file, without colour: what Rich would draw is plain text, written directly."""
    return not out.is_terminal and out.color_system is None and not out.options.ascii_only


def _natural(out: Console, table: Table) -> None:
    """Print `table` whole: on a screen within its width, into a pipe or a file as wide as
    its content, so `cadence due | grep` finds every cell uncut and each row on one line."""
    if out.is_terminal:
        out.print(table)
        return
    from rich.measure import Measurement

    screen = out.width
    out.width = Measurement.get(out, out.options.update_width(PIPE_WIDTH), table).maximum
    try:
        out.print(table)
    finally:
        out.width = screen


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
    if _plain_pipe(out):  # the text Rich writes with soft wrap, without its cost per line
        plain = [line.plain if isinstance(line, Text) else line for line in shown]
        out.file.write(safe_text("\n".join([title, *plain]), multiline=True) + "\n")
        return
    body = Text(title, style="bold")
    for line in shown:
        body.append("\n")
        body.append(line)
    out.print(body)
