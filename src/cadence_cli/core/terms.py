"""The history of terms (SPEC §1): what a client was served on, and from which day. Pure.

Every change of a client's tier, charter, snooze, owner or status is kept as a full snapshot
of its terms with the day it took effect; a past day is judged by the snapshot in force that
day. This module words a change for `cadence history` and `show` from two snapshots, so no
command has to describe its own change (and none can forget to).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True, slots=True)
class ClientTerms:
    """One snapshot of the terms a client is served on (a `client_term` row's values)."""

    tier_id: int
    status: str
    snoozed_until: date | None = None
    owner: str | None = None
    charter_every: str | None = None
    charter_channel: str | None = None
    charter_note: str | None = None
    charter_review_every: str | None = None
    charter_agreed_on: date | None = None


TERM_FIELDS = tuple(f.name for f in fields(ClientTerms))


def describe_change(
    before: ClientTerms | None,
    after: ClientTerms,
    *,
    tier_names: Mapping[int, str],
    archived_reason: str | None = None,
) -> str | None:
    """'tier B → A; snoozed until 2026-12-10', or None when nothing changed.

    `tier_names` names every tier id either snapshot holds (a deleted tier by its last name).
    """
    if before is None:
        added = f"added in tier {tier_names.get(after.tier_id, '?')}"
        return added if after.status == "active" else f"{added}; archived"
    parts: list[str] = []
    if before.status != after.status:
        if after.status == "archived":
            parts.append(f"archived ({archived_reason})" if archived_reason else "archived")
        else:
            parts.append("restored")
    if before.tier_id != after.tier_id:
        old, new = tier_names.get(before.tier_id, "?"), tier_names.get(after.tier_id, "?")
        parts.append(f"tier {old} → {new}")
    if before.owner != after.owner:
        parts.append(_moved("owner", before.owner, after.owner))
    if before.snoozed_until != after.snoozed_until:
        parts.append(
            "snooze cleared"
            if after.snoozed_until is None
            else f"snoozed until {after.snoozed_until.isoformat()}"
        )
    parts.extend(_charter_changes(before, after))
    return "; ".join(parts) or None


def _moved(what: str, old: str | None, new: str | None) -> str:
    if old is None:
        return f"{what} set to {new}"
    if new is None:
        return f"{what} {old} cleared"
    return f"{what} {old} → {new}"


def _charter_changes(before: ClientTerms, after: ClientTerms) -> list[str]:
    if after.charter_every is None:
        return ["charter cleared"] if before.charter_every is not None else []
    if before.charter_every is None:
        return [f"charter agreed: every {after.charter_every}"]
    parts = []
    if before.charter_every != after.charter_every:
        parts.append(f"charter every {before.charter_every} → {after.charter_every}")
    if before.charter_channel != after.charter_channel:
        parts.append(_moved("charter channel", before.charter_channel, after.charter_channel))
    if before.charter_note != after.charter_note:
        parts.append("charter note changed")
    if before.charter_review_every != after.charter_review_every:
        parts.append(
            _moved("charter review", before.charter_review_every, after.charter_review_every)
        )
    if not parts and before.charter_agreed_on != after.charter_agreed_on:
        parts.append("charter reviewed")
    return parts
