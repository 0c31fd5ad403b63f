"""Every change of terms is appended to the history (SPEC §1), worded once, never overwritten."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cadence_cli.core.dates import Interval
from cadence_cli.core.records import Charter, ClientChanges, ClientDraft, Stamp, TierDraft
from cadence_cli.store import writes
from cadence_cli.store.doors import reading, writing


def stamp(day: int, by: str = "sam") -> Stamp:
    return Stamp(date(2026, 10, day), datetime(2026, 10, day, 9, tzinfo=UTC), by)


def history(book: str) -> list[tuple[str, str, str, str | None]]:
    with reading(book) as db:
        return [
            (str(on)[:10], status, change, by)
            for on, status, change, by in db.rows(
                "SELECT effective_on, status, change, by FROM client_term ORDER BY id"
            )
        ]


def test_each_change_is_one_dated_row_and_no_change_is_none(book: str) -> None:
    with writing(book) as db:
        ada = writes.add_client(ClientDraft(name="Ada", tier="B"), db=db, stamp=stamp(1)).id
    with writing(book) as db:
        writes.set_tier(ada, "A", db=db, stamp=stamp(5, "jo"))
        writes.set_tier(ada, "A", db=db, stamp=stamp(5, "jo"))  # nothing changed: no row
        writes.set_snooze(ada, date(2026, 10, 20), db=db, stamp=stamp(7))
        charter = Charter(Interval(2, "w"), date(2026, 10, 8), Interval(6, "m"), "text")
        writes.set_charter(ada, charter, db=db, stamp=stamp(8))
        writes.edit_client(ada, ClientChanges(owner="jo", phone="+1 555"), db=db, stamp=stamp(9))
        writes.edit_client(ada, ClientChanges(phone="+1 556"), db=db, stamp=stamp(9))
        writes.archive_client(ada, "moved away", db=db, stamp=stamp(10))
        writes.restore_client(ada, db=db, stamp=stamp(11))
        # A "what if" run dated before the latest change never takes effect before it.
        writes.set_snooze(ada, None, db=db, stamp=stamp(3))
    assert history(book) == [
        ("2026-10-01", "active", "added in tier B", "sam"),
        ("2026-10-05", "active", "tier B → A", "jo"),
        ("2026-10-07", "active", "snoozed until 2026-10-20", "sam"),
        ("2026-10-08", "active", "charter agreed: every 2w", "sam"),
        ("2026-10-09", "active", "owner set to jo", "sam"),
        ("2026-10-10", "archived", "archived (moved away)", "sam"),
        ("2026-10-11", "active", "restored", "sam"),
        ("2026-10-11", "active", "snooze cleared", "sam"),
    ]
    with reading(book) as db:
        ((tier_since,),) = db.rows("SELECT tier_since FROM client WHERE id = :id", {"id": ada})
    assert str(tier_since)[:10] == "2026-10-05"


def test_tier_definitions_and_deletions_are_kept(book: str) -> None:
    with writing(book) as db:
        writes.define_tier(
            TierDraft("VIP", Interval(1, "w"), Interval(3, "d")), db=db, stamp=stamp(1)
        )
        ada = writes.add_client(ClientDraft(name="Ada", tier="VIP"), db=db, stamp=stamp(1)).id
        writes.define_tier(
            TierDraft("vip", Interval(2, "w"), Interval(3, "d")), db=db, stamp=stamp(2)
        )
        writes.delete_tier("VIP", db=db, move_to="A", stamp=stamp(3))
    with reading(book) as db:
        rows = db.rows(
            "SELECT effective_on, name, every, retired, change FROM tier_term "
            "WHERE name = 'VIP' ORDER BY id"
        )
    assert [
        (str(on)[:10], every, bool(retired), change) for on, _n, every, retired, change in rows
    ] == [
        ("2026-10-01", "1w", False, "defined: every 1w, reactive after 3d"),
        ("2026-10-02", "2w", False, "every 1w → 2w"),
        ("2026-10-03", "2w", True, "deleted"),
    ]
    assert history(book)[-1] == ("2026-10-03", "active", "tier VIP → A", "sam")
    assert ada == 1
