"""Build a large, deterministic book for the benchmarks (SPEC §7).

The schema comes from the project's own `store.open_store` (Alembic, default tiers); rows go in
with SQLAlchemy Core `insert` in batches inside one transaction, through the same table
definitions (`models`) the commands read, so the types (UTC timestamps, dates) are stored
exactly as `cadence log` stores them. The same seed always gives the same book.

    python benchmarks/generate.py --clients 10000 --touches-per-client 10 \\
        --out benchmarks/.books/10k.db

`--csv FILE` writes a cadence CSV (the columns `cadence export --format csv` writes) instead
of a store, for timing `cadence import`. `--taskwarrior DIR` writes an equivalent Taskwarrior
2.6 data folder from an existing store: one pending task per active client, due when the
client is due, shifted to the real calendar so `task +OVERDUE count` counts what
`cadence due --count` counts.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_TODAY = date(2026, 11, 23)
DEFAULT_SEED = 7
HISTORY_DAYS = 730  # touches spread over the last two years
BATCH = 20_000

# One client with this exact name is always present: `cadence log "Ada Lovelace"` resolves it.
KNOWN_CLIENT = "Ada Lovelace"

FIRST_NAMES = (
    "Maria", "Mark", "Marcus", "Martin", "Marta", "Mary", "Ada", "Alan", "Grace", "Linus",
    "Olivia", "Noah", "Emma", "Liam", "Sophia", "Lucas", "Mia", "Ethan", "Amara", "Kofi",
    "Chen", "Wei", "Yuki", "Hiro", "Priya", "Arjun", "Fatima", "Omar", "Lena", "Jonas",
    "Ines", "Mateo", "Chloe", "Hugo", "Nora", "Felix", "Zara", "Ivan", "Anya", "Tomas",
    "Sara", "David", "Elena", "Pablo", "Rosa", "Diego", "Hana", "Kenji", "Leila", "Samir",
    "Ruth", "Isaac", "Agnes", "Bruno", "Clara", "Dmitri", "Eva", "Frida", "Gustav", "Helga",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Smith", "Garcia", "Nguyen", "Müller", "Rossi", "Kowalski", "Silva", "Tanaka",
    "Kim", "Patel", "Haddad", "Johansson", "Dubois", "O'Brien", "Novak", "Costa", "Ivanova",
    "Schmidt", "Moreau", "Fischer", "Yilmaz", "Andersen", "Murphy", "Lopez", "Sato", "Chen",
    "Singh", "Ali", "Berg", "Hansen", "Weber", "Romano", "Horvat", "Petrov", "Mensah", "Diallo",
    "Cohen", "Levi", "Brown", "Wilson", "Taylor", "Clarke", "Walker", "Wright", "Hughes",
    "Evans", "Baker", "Hall", "Young", "King", "Green", "Adams", "Nelson", "Carter", "Mitchell",
    "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Edwards", "Collins", "Stewart",
)  # fmt: skip
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay")
TAGS = ("vip", "golf", "referral", "investor", "first-time", "downsizing", "landlord", "family")
OWNERS = ("sam", "alex", "jo", "kim")
NOTES = (
    "talked about the move",
    "sent the market report",
    "asked about refinancing",
    "left a voicemail",
    "quick check-in",
)
# (tier name, share of clients, interval in days: how recent the last touch tends to be)
TIER_MIX = (("A", 0.10, 7), ("B", 0.30, 30), ("C", 0.60, 91))
CHANNEL_MIX = ("call",) * 5 + ("email",) * 3 + ("text",) * 2 + ("meeting", "video", "card")


@dataclass(frozen=True)
class BookShape:
    clients: int
    touches_per_client: int
    today: date
    seed: int


def client_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _tier_of(rng: random.Random) -> tuple[str, int]:
    pick = rng.random()
    for name, share, days in TIER_MIX:
        if pick < share:
            return name, days
        pick -= share
    return TIER_MIX[-1][0], TIER_MIX[-1][2]


def _touch_days(rng: random.Random, count: int, interval: int, today: date) -> list[date]:
    """The latest touch within 1.2 intervals (about one client in six is due), the rest older."""
    if count == 0:
        return []
    latest = today - timedelta(days=rng.randint(0, round(interval * 1.2)))
    oldest = today - timedelta(days=HISTORY_DAYS)
    span = max(1, (latest - oldest).days)
    earlier = [oldest + timedelta(days=rng.randrange(span)) for _ in range(count - 1)]
    return sorted([*earlier, latest])


def _touch_row(rng: random.Random, client_id: int, day: date) -> dict[str, Any]:
    channel = rng.choice(CHANNEL_MIX)
    conversation = channel in ("call", "meeting", "video")
    outcome = "reached" if conversation else "message"
    if channel == "call" and rng.random() < 0.15:
        outcome = "no-answer"
    at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(
        minutes=rng.randrange(600)
    )
    return {
        "client_id": client_id,
        "at": at,
        "day": day,
        "channel": channel,
        "outcome": outcome,
        "inbound": outcome != "no-answer" and rng.random() < 0.1,
        "note": rng.choice(NOTES) if rng.random() < 0.3 else None,
        "by": None,
        "logged_at": at,
    }


def build_store(shape: BookShape, out: Path | str, *, quiet: bool = False) -> None:
    """Create `out` (a new SQLite file, or a PostgreSQL URL whose public schema is replaced)
    and fill it; one transaction for all the rows, then the history of terms as cadence's
    upgrade would write it for a book that old."""
    # One function: the generator's whole book, row by row, reads best in one place.
    from sqlalchemy import insert, select

    from cadence_cli.core.records import Stamp
    from cadence_cli.store.alchemy import open_store
    from cadence_cli.store.models import Client, ClientTag, Milestone, Promise, Tier, Touch
    from cadence_cli.store.terms import record_client_terms

    if isinstance(out, str):
        _empty_postgres(out)
    elif out.exists():
        raise SystemExit(f"{out} already exists; remove it first")
    started = time.perf_counter()
    store = open_store(str(out), create=True)
    rng = random.Random(shape.seed)
    tables = {
        name: model.__table__  # type: ignore[attr-defined]
        for name, model in (
            ("client", Client),
            ("tag", ClientTag),
            ("milestone", Milestone),
            ("promise", Promise),
            ("touch", Touch),
        )
    }
    pending: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    today = shape.today
    touches = 0
    with store.engine.begin() as conn:
        tier_ids = dict(conn.execute(select(Tier.name, Tier.id)).all())  # type: ignore[arg-type]

        def flush(force: bool = False) -> None:
            for name in ("client", "tag", "milestone", "promise", "touch"):
                rows = pending[name]
                if rows and (force or len(rows) >= BATCH or name == "client"):
                    conn.execute(insert(tables[name]), rows)
                    rows.clear()

        for client_id in range(1, shape.clients + 1):
            tier, interval = _tier_of(rng)
            name = KNOWN_CLIENT if client_id == 1 else client_name(rng)
            first, last = name.lower().replace("'", "").split(" ", 1)
            email = f"{first}.{last}.{client_id}@example.com"
            added = today - timedelta(days=HISTORY_DAYS + rng.randrange(365))
            archived = rng.random() < 0.02 and client_id != 1
            charter = rng.random() < 0.02
            pending["client"].append(
                {
                    "id": client_id,
                    "name": name,
                    "name_key": name.casefold(),
                    "tier_id": tier_ids["A" if client_id == 1 else tier],
                    "email": email,
                    "email_key": email.casefold(),
                    "phone": f"+44 7700 {client_id:06d}",
                    "company": rng.choice(COMPANIES) if rng.random() < 0.4 else None,
                    "owner": rng.choice(OWNERS) if rng.random() < 0.5 else None,
                    "notes": None,
                    "status": "archived" if archived else "active",
                    "archived_reason": "moved away" if archived else None,
                    "archived_on": today - timedelta(days=30) if archived else None,
                    "snoozed_until": today + timedelta(days=rng.randrange(1, 30))
                    if rng.random() < 0.01
                    else None,
                    "added_on": added,
                    "charter_every": "2w" if charter else None,
                    "charter_channel": "email" if charter else None,
                    "charter_note": None,
                    "charter_review_every": "6m" if charter else None,
                    "charter_agreed_on": today - timedelta(days=rng.randrange(240))
                    if charter
                    else None,
                }
            )
            for tag in sorted(set(rng.sample(TAGS, rng.choice((0, 0, 0, 1, 1, 2))))):
                pending["tag"].append({"client_id": client_id, "tag": tag})
            if rng.random() < 0.4:
                born = date(1950 + rng.randrange(50), rng.randint(1, 12), rng.randint(1, 28))
                pending["milestone"].append(
                    {
                        "client_id": client_id,
                        "label": "birthday",
                        "month": born.month,
                        "day": born.day,
                        "year": born.year if rng.random() < 0.7 else None,
                    }
                )
            if rng.random() < 0.1:
                bought = today - timedelta(days=rng.randrange(365 * 15))
                pending["milestone"].append(
                    {
                        "client_id": client_id,
                        "label": "home anniversary",
                        "month": bought.month,
                        "day": bought.day,
                        "year": bought.year,
                    }
                )
            if rng.random() < 0.05:
                made = today - timedelta(days=rng.randrange(60))
                due_on = made + timedelta(days=rng.randrange(1, 45))
                kept = made + timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.6 else None
                pending["promise"].append(
                    {
                        "client_id": client_id,
                        "text": "send the market report",
                        "due_on": due_on,
                        "made_on": made,
                        "kept_on": kept if kept is not None and kept <= today else None,
                    }
                )
            for day in _touch_days(rng, shape.touches_per_client, interval, today):
                pending["touch"].append(_touch_row(rng, client_id, day))
                touches += 1
            if len(pending["client"]) >= 2_000 or len(pending["touch"]) >= BATCH:
                flush()
        flush(force=True)
    stamp = Stamp(today, datetime.combine(today, datetime.min.time(), tzinfo=UTC), None)
    with store.transaction(write=True) as db:
        record_client_terms(range(1, shape.clients + 1), db=db, stamp=stamp)
    store.close()
    if not quiet:
        took = time.perf_counter() - started
        from cadence_cli.store.urls import describe_url

        where = describe_url(out) if isinstance(out, str) else out  # never print a password
        print(f"wrote {where}: {shape.clients} clients, {touches} touches in {took:.1f} s")


def _empty_postgres(url: str) -> None:
    """A scratch PostgreSQL database for the benchmark: its public schema is dropped and
    made again (never point `--postgres` at a database you keep)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


CSV_COLUMNS = (
    "name", "email", "phone", "company", "tier", "tags", "birthday", "milestones", "owner",
    "notes", "last_contact", "next_due", "status",
)  # fmt: skip


def csv_rows(shape: BookShape) -> Iterator[list[str]]:
    """Rows of a cadence CSV: unique emails, some tags, birthdays, owners and last contacts."""
    rng = random.Random(shape.seed)
    for index in range(1, shape.clients + 1):
        name = client_name(rng)
        tier, interval = _tier_of(rng)
        first, last = name.lower().replace("'", "").split(" ", 1)
        tags = sorted(set(rng.sample(TAGS, rng.choice((0, 0, 1, 2)))))
        birthday = (
            date(1950 + rng.randrange(50), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            if rng.random() < 0.4
            else ""
        )
        last_contact = shape.today - timedelta(days=rng.randint(0, round(interval * 1.2)))
        yield [
            name,
            f"{first}.{last}.{index}@example.com",
            f"+44 7700 {index:06d}",
            rng.choice(COMPANIES) if rng.random() < 0.4 else "",
            tier,
            ";".join(tags),
            birthday,
            "",
            rng.choice(OWNERS) if rng.random() < 0.5 else "",
            "",
            last_contact.isoformat() if rng.random() < 0.9 else "",
            "",
            "active",
        ]


def write_csv(shape: BookShape, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_rows(shape))
    print(f"wrote {out}: {shape.clients} rows")


def write_taskwarrior(book: Path, folder: Path, *, today: date, real_today: date) -> int:
    """One pending task per active client of `book`, due the day the client is due.

    Dates move from the book's `today` to the real calendar (Taskwarrior has no CADENCE_TODAY).
    Taskwarrior's +OVERDUE means due before now, and cadence counts a client due *on* today,
    so each task is due at local midnight starting its day: both tools then count the same
    clients. Returns how many tasks are overdue, which must equal `cadence due --count`.
    """
    from cadence_cli.core.schedule import standing
    from cadence_cli.store.doors import reading
    from cadence_cli.store.facts import client_facts

    with reading(str(book)) as db:
        facts = client_facts(db=db, on=today)
    folder.mkdir(parents=True, exist_ok=True)
    shift = real_today - today
    entry = int(datetime(real_today.year, real_today.month, real_today.day, tzinfo=UTC).timestamp())
    overdue = 0
    lines = []
    for client in facts:
        due_on = standing(client, today).due_on
        overdue += due_on <= today
        due_day = due_on + shift
        due = datetime(due_day.year, due_day.month, due_day.day).astimezone(UTC)
        description = f"Contact {client.name}".replace("\\", "\\\\").replace('"', '\\"')
        task_uuid = uuid.UUID(int=client.client_id)
        lines.append(
            f'[description:"{description}" due:"{int(due.timestamp())}" entry:"{entry}" '
            f'modified:"{entry}" project:"clients" status:"pending" '
            f'tags:"tier{client.tier.name}" uuid:"{task_uuid}"]\n'
        )
    (folder / "pending.data").write_text("".join(lines), encoding="utf-8")
    (folder / "completed.data").write_text("", encoding="utf-8")
    (folder / "taskrc").write_text(
        f"data.location={folder}\nverbose=nothing\nconfirmation=off\ngc=off\n"
        "hooks=off\nrecurrence=off\nnews.version=2.6.0\n",
        encoding="utf-8",
    )
    return overdue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--touches-per-client", type=int, default=10)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=DEFAULT_TODAY, help="pass as CADENCE_TODAY"
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help="a new SQLite store to fill")
    target.add_argument(
        "--postgres", help="a scratch PostgreSQL URL to fill (its public schema is replaced)"
    )
    target.add_argument("--csv", type=Path, help="write a cadence CSV instead")
    target.add_argument(
        "--taskwarrior", type=Path, help="write a Taskwarrior data folder from --book"
    )
    parser.add_argument("--book", type=Path, help="the store --taskwarrior reads")
    args = parser.parse_args(argv)
    shape = BookShape(args.clients, args.touches_per_client, args.today, args.seed)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        build_store(shape, args.out)
    elif args.postgres is not None:
        build_store(shape, args.postgres)
    elif args.csv is not None:
        write_csv(shape, args.csv)
    else:
        if args.book is None:
            parser.error("--taskwarrior needs --book")
        real_today = datetime.now().date()
        overdue = write_taskwarrior(
            args.book, args.taskwarrior, today=args.today, real_today=real_today
        )
        print(f"wrote {args.taskwarrior}: {overdue} overdue")
    return 0


if __name__ == "__main__":
    sys.exit(main())
