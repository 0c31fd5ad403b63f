"""Referrals (SPEC §8): who referred a client, whom a client referred, and how many.

A client's `referred_by` column names the client that brought it (revision 0004); these are
the plain SQL reads and the one write of that link, returning `Referral` records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cadence_cli.core.records import DueFilters
from cadence_cli.errors import InvalidInput
from cadence_cli.store.engine import Db, as_day
from cadence_cli.store.reads import in_view


@dataclass(frozen=True, slots=True)
class Referral:
    client_id: int
    name: str
    added_on: date
    status: str

    @property
    def ref(self) -> str:
        return f"#{self.client_id} {self.name}"


def set_referred_by(client_id: int, referrer_id: int | None, *, db: Db) -> None:
    """Who referred the client (None: nobody); a client cannot refer itself."""
    if referrer_id == client_id:
        raise InvalidInput("a client cannot refer itself")
    db.execute(
        "UPDATE client SET referred_by = :by WHERE id = :id", {"by": referrer_id, "id": client_id}
    )


def referred_by(client_id: int, *, db: Db) -> Referral | None:
    found = db.rows(
        "SELECT r.id, r.name, r.added_on, r.status FROM client AS c "
        "JOIN client AS r ON r.id = c.referred_by WHERE c.id = :id",
        {"id": client_id},
    )
    return _referrals(found)[0] if found else None


def referrals_of(client_id: int, *, db: Db) -> list[Referral]:
    """The clients this client referred, oldest first."""
    return _referrals(
        db.rows(
            "SELECT id, name, added_on, status FROM client WHERE referred_by = :id "
            "ORDER BY added_on, id",
            {"id": client_id},
        )
    )


def _referrals(rows: Sequence[Sequence[object]]) -> list[Referral]:
    return [Referral(int(i), str(n), as_day(a), str(s)) for i, n, a, s in rows]  # type: ignore[call-overload,arg-type]


def referral_counts(
    *, db: Db, start: date, on: date, filters: DueFilters = DueFilters()
) -> dict[str, int]:
    """Per tier name (the referrer's tier): clients added in [start, on] whom a client in
    view referred."""
    where, params = in_view(filters, db=db)
    params.update(start=start, on=on)
    return {
        str(tier): int(count)
        for tier, count in db.rows(
            "SELECT t.name, COUNT(*) FROM client AS n JOIN client AS c ON c.id = n.referred_by "
            "JOIN tier AS t ON t.id = c.tier_id "
            f"WHERE n.added_on >= :start AND n.added_on <= :on AND {where} GROUP BY t.name",
            params,
        )
    }


def referrals_since(client_id: int, since: date, *, db: Db) -> int:
    ((count,),) = db.rows(
        "SELECT COUNT(*) FROM client WHERE referred_by = :id AND added_on >= :since",
        {"id": client_id, "since": since},
    )
    return int(count)
