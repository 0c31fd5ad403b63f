"""`cadence import` and `cadence export`: bring a book in from the tools people use, take it out.

The file formats live in `cadence_cli.interop` (no store), the duplicate rules and the bulk
writes in `store` (section "import and export"); this module wires them together, reports
rows on stderr and prints one summary line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from cadence_cli.cli._app import app, one_line
from cadence_cli.cli._context import Env, env_of
from cadence_cli.cli._options import NewOwnerOpt, dry_run_option, owner_option, tier_option
from cadence_cli.core.wording import long_day, plural
from cadence_cli.errors import ImportInvalid, InvalidInput

if TYPE_CHECKING:
    from cadence_cli.interop.batch import ImportBatch
    from cadence_cli.interop.records import RowError
    from cadence_cli.store.bulk import ImportOutcome, ImportPlan

IMPORT_FORMATS = ("auto", "csv", "google", "outlook", "thunderbird", "vcard", "json")
EXPORT_FORMATS = ("csv", "json", "ics")
"""Imports smaller than this finish before a progress bar would tell anyone anything."""
SHOWN_WARNINGS = 20
"""Warnings (a birthday that is no date…) listed before "… and N more"; bad rows are all listed."""


def _choice(value: str, allowed: Sequence[str], option: str) -> str:
    chosen = value.strip().lower()
    if chosen not in allowed:
        raise InvalidInput(f"unknown {option} {value!r}", hint=f"use {', '.join(allowed)}")
    return chosen


def _say(text: str) -> None:
    """One line on stdout, never wrapped and never read as Rich markup (it names files)."""
    sys.stdout.write(one_line(text) + "\n")


def _note(kind: str, row: RowError) -> None:
    sys.stderr.write(f"{kind}: {one_line(str(row))}\n")


def _read_batch(data: bytes, format: str, env: Env) -> ImportBatch:
    from cadence_cli.interop import parse_bytes
    from cadence_cli.interop.intake import contacts_batch
    from cadence_cli.interop.jsondump import read_dump

    result = parse_bytes(data, format)
    if result.format == "json":
        return read_dump(data, zone=env.zone, today=env.today)
    return contacts_batch(result, zone=env.zone, today=env.today)


def _report_rows(plan: ImportPlan, *, skip_invalid: bool, dry_run: bool) -> None:
    """Warnings (capped), every invalid row, and in a dry run the duplicates (capped), on
    stderr: stdout keeps the one summary line."""
    warnings = plan.batch.warnings
    for row in warnings[:SHOWN_WARNINGS]:
        _note("warning", row)
    if len(warnings) > SHOWN_WARNINGS:
        sys.stderr.write(f"warning: … and {plural(len(warnings) - SHOWN_WARNINGS, 'more')}\n")
    for row in plan.invalid:
        _note("skipped" if skip_invalid else "invalid", row)
    if dry_run:
        for duplicate in plan.duplicates[:SHOWN_WARNINGS]:
            record = duplicate.record
            sys.stderr.write(
                one_line(f"duplicate: line {record.line}: {record.name} is {duplicate.of}") + "\n"
            )
        if len(plan.duplicates) > SHOWN_WARNINGS:
            more = len(plan.duplicates) - SHOWN_WARNINGS
            sys.stderr.write(f"duplicate: … and {plural(more, 'more')}\n")


def _refusal(plan: ImportPlan, name: str, *, dry_run: bool) -> ImportInvalid:
    bad = plural(len(plan.invalid), "invalid row")
    rest = len(plan.new) + len(plan.updates)
    what = "the import would write nothing" if dry_run else "nothing was imported"
    return ImportInvalid(
        f"{bad} in {name} (listed above): {what}",
        hint=f"fix them, or use --skip-invalid to import the other {plural(rest, 'client')}",
    )


def _counts(plan: ImportPlan, *, updating: bool) -> list[str]:
    parts = []
    duplicates = len(plan.updates) if updating else len(plan.duplicates)
    if duplicates:
        verb = "updated" if updating else "skipped"
        parts.append(f"{plural(duplicates, 'duplicate')} {verb}")
    if plan.invalid:
        parts.append(f"{plural(len(plan.invalid), 'invalid row')} skipped")
    return parts


def _listing(clients: int, touches: int, promises: int) -> str:
    """How much moved: `480 clients`, `3 clients and 2 touches`, `3 clients, 9 touches and 1
    promise`."""
    items = [plural(clients, "client")]
    if touches:
        items.append(plural(touches, "touch", "touches"))
    if promises:
        items.append(plural(promises, "promise"))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _summary(outcome: ImportOutcome, plan: ImportPlan, name: str, *, updating: bool) -> str:
    text = "Imported " + _listing(outcome.created, outcome.touches, outcome.promises)
    parts = _counts(plan, updating=updating)
    if parts:
        text += f" ({', '.join(parts)})"
    return f"{text} from {name} ({plan.batch.format})."


def _dry_run_summary(plan: ImportPlan, name: str, *, updating: bool) -> str:
    parts = [f"{len(plan.new):,} new"]
    if updating:
        parts.append(f"{plural(len(plan.updates), 'duplicate')} updated")
    else:
        parts.append(f"{plural(len(plan.duplicates), 'duplicate')} skipped")
    parts.append(f"{len(plan.invalid):,} invalid")
    if plan.touches:
        parts.append(plural(len(plan.touches), "touch", "touches"))
    if plan.promises:
        parts.append(plural(len(plan.promises), "promise"))
    return f"Dry run of {name} ({plan.batch.format}): {', '.join(parts)}. Nothing was written."


def _spread_line(first_due: dict[int, date]) -> str:
    first, last = min(first_due.values()), max(first_due.values())
    span = long_day(last)
    if first != last:
        span = f"{first:%a} {first.day} {first:%b} to {span}"
    return (
        f"Spread {plural(len(first_due), 'never-contacted client')} over their first "
        f"interval: first due {span} (kept as snoozes; see `cadence show`)."
    )


@app.command("import")
def import_book(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="The file: .vcf, .csv or cadence .json (- for standard input).",
            show_default=False,
        ),
    ],
    *,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="auto (by content), csv (cadence), google, outlook, thunderbird, vcard or json.",
        ),
    ] = "auto",
    tier: Annotated[
        str | None, tier_option("Tier for clients the file gives none (default: the lowest).")
    ] = None,
    owner: Annotated[
        str | None, owner_option("Owner for clients the file gives none ('me' for you).")
    ] = None,
    new_owner: NewOwnerOpt = False,
    dry_run: Annotated[bool, dry_run_option("Show what would happen; write nothing.")] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import the good rows and list the bad ones."),
    ] = False,
    spread: Annotated[
        bool,
        typer.Option(
            "--spread",
            help="Stagger the first due dates of never-contacted clients over their first "
            "interval (A tier first) instead of making them all due today.",
        ),
    ] = False,
    on_duplicate: Annotated[
        str,
        typer.Option(
            "--on-duplicate",
            help="A client already in the book (same email, or same name and phone): skip it, "
            "or update it with the file's values.",
        ),
    ] = "skip",
) -> None:
    """Bring a book in: vCard, Google, Outlook or Thunderbird CSV, cadence CSV or JSON.

    All or nothing: if any row is bad, every bad row is listed with its line and nothing is
    written (or use --skip-invalid). Duplicates are never created twice.

    Example:

        cadence import contacts.vcf --tier B --spread
    """
    from cadence_cli.interop.source import STDIN, read_source
    from cadence_cli.render.terminal import progress_bar
    from cadence_cli.store import bulk, bulk_write
    from cadence_cli.store.owners import check_new_owner

    env = env_of(ctx)
    chosen = _choice(format, IMPORT_FORMATS, "--format")
    updating = _choice(on_duplicate, ("skip", "update"), "--on-duplicate") == "update"
    batch = _read_batch(read_source(file), chosen, env)
    name = "standard input" if str(file) == STDIN else file.name
    with env.preview() if dry_run else env.write() as db:
        check_new_owner(env.owner(owner), db=db, user=env.user, new=new_owner)
        plan = bulk.plan_import(
            batch,
            db=db,
            on_duplicate="update" if updating else "skip",
            default_tier=tier,
            default_owner=env.owner(owner),
            today=env.today,
        )
        _report_rows(plan, skip_invalid=skip_invalid, dry_run=dry_run)
        if dry_run:
            _say(_dry_run_summary(plan, name, updating=updating))
        if plan.invalid and not skip_invalid:
            raise _refusal(plan, name, dry_run=dry_run)
        if dry_run:
            return
        with progress_bar(plan.work) as step:
            outcome = bulk_write.apply_import(
                plan,
                db=db,
                stamp=env.stamp,
                spread=spread,
                progress=step,
            )
    for tier_name in outcome.tiers_created:
        sys.stderr.write(one_line(f"note: added tier {tier_name} from the file") + "\n")
    for tier_name in outcome.tiers_kept:
        sys.stderr.write(
            one_line(f"warning: tier {tier_name} differs in the file; the book's is kept") + "\n"
        )
    if batch.restore and not plan.book_was_empty and outcome.created:
        sys.stderr.write("note: the book was not empty, so the imported clients got new ids\n")
        if batch.client_terms is not None:
            sys.stderr.write(
                "note: their terms start on the day each was added "
                "(a dump's history of terms is restored only into an empty book)\n"
            )
    if outcome.first_due:
        _say(_spread_line(outcome.first_due))
    _say(_summary(outcome, plan, name, updating=updating))


# ---------------------------------------------------------------------------------------------
# export


@contextmanager
def _output(target: Path | None, *, bom: bool = False) -> Iterator[TextIO]:
    """Text out with newlines as written (CSV and ICS lines end in CRLF): stdout, or a path
    (`open_export`: a file replaced atomically, mode 0600; a FIFO or device written through)."""
    if target is None:
        import io

        sys.stdout.flush()
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
            stream.flush()
        finally:
            stream.detach()
        return
    from cadence_cli.interop.files import open_export

    with open_export(target.expanduser(), encoding="utf-8-sig" if bom else "utf-8") as out:
        yield out


@app.command("export")
def export_book(
    ctx: typer.Context,
    *,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="csv (one row per client), json (the whole book) or ics (a calendar).",
        ),
    ] = "csv",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to this file (atomically, mode 0600) instead of stdout."
        ),
    ] = None,
) -> None:
    """Take the book out: a spreadsheet (CSV), a full dump (JSON) or a calendar (ICS).

    The CSV is safe to open in a spreadsheet (cells that would run as formulas are
    neutralised) and imports back; the JSON restores the whole book into an empty one.

    Example:

        cadence export --format ics --out ~/cadence.ics
    """
    from cadence_cli import __version__
    from cadence_cli.interop import write_cadence_csv
    from cadence_cli.interop.ics import stream_ics
    from cadence_cli.interop.jsondump import write_dump
    from cadence_cli.store import dump, export

    env = env_of(ctx)
    chosen = _choice(format, EXPORT_FORMATS, "--format")
    with env.read() as db:
        if chosen == "json":
            with _output(out) as stream:
                clients, touches, promises = write_dump(
                    stream,
                    exported_at=env.now,
                    tiers=dump.dump_tiers(db=db),
                    clients=dump.dump_clients(db=db),
                    touches=dump.dump_touches(db=db),
                    promises=dump.dump_promises(db=db),
                    notes=dump.dump_notes(db=db),
                    tier_terms=dump.dump_tier_terms(db=db),
                    client_terms=dump.dump_client_terms(db=db),
                )
            written = _listing(clients, touches, promises)
        elif chosen == "csv":
            with _output(out, bom=out is not None) as stream:
                count = write_cadence_csv(export.csv_rows(db=db, today=env.today), stream)
            written = plural(count, "client")
        else:
            with _output(out) as stream:
                count = stream_ics(
                    export.calendar_events(db=db, today=env.today),
                    stream,
                    prodid=f"-//cadence//cadence {__version__}//EN",
                    dtstamp=env.now,
                    name="cadence",
                )
            written = plural(count, "event")
    if out is not None:
        from cadence_cli.interop.files import writes_through

        summary = one_line(f"Exported {written} to {out} ({chosen}).") + "\n"
        # through a pipe or device the summary would land in the data (`--out /dev/stdout`)
        (sys.stderr if writes_through(out.expanduser()) else sys.stdout).write(summary)
