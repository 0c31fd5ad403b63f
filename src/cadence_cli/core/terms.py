"""The history of terms (SPEC §1): what a client was served on, and from which day. Pure.

Every change of a client's tier, charter, snooze, owner or status is kept as a full snapshot
of its terms with the day it took effect; a past day is judged by the snapshot in force that
day. This module words a change for `cadence history` and `show` from two snapshots, so no
command has to describe its own change (and none can forget to).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

from cadence_cli.core.dates import Interval, parse_interval
from cadence_cli.core.schedule import Terms, TierRule


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


# ---------------------------------------------------------------------------------------------
# Reading the history: the terms in force on a day, and a client's timeline over a window


@dataclass(frozen=True, slots=True)
class TierDefinition:
    """A tier as defined from `since` (one `tier_term` row); `retired` once deleted."""

    tier_id: int
    since: date
    rule: TierRule
    retired: bool = False


def definition_on(definitions: Sequence[TierDefinition], day: date) -> TierDefinition:
    """One tier's definition in force on `day` (`definitions` oldest first, never empty).

    Before its first definition the first one applies: a tier's history starts when the
    book learnt of it, and the clients already in it were served on that definition.
    """
    found = definitions[0]
    for definition in definitions[1:]:
        if definition.since > day:
            break
        found = definition
    return found


def definitions_by_tier(
    definitions: Iterable[TierDefinition],
) -> dict[int, list[TierDefinition]]:
    """Each tier's definitions, oldest first (`definitions` in the order they were made)."""
    by_tier: dict[int, list[TierDefinition]] = {}
    for definition in definitions:
        by_tier.setdefault(definition.tier_id, []).append(definition)
    return by_tier


def tiers_on(by_tier: Mapping[int, Sequence[TierDefinition]], day: date) -> list[TierDefinition]:
    """The tiers that existed on `day` (defined by then, not yet deleted), in rank order."""
    found = [
        definition_on(defs, day)
        for defs in by_tier.values()
        if defs[0].since <= day and not definition_on(defs, day).retired
    ]
    return sorted(found, key=lambda d: (d.rule.rank, d.rule.name.casefold()))


@dataclass(frozen=True, slots=True)
class TermRow:
    """A client's terms from `since` (one `client_term` row)."""

    since: date
    terms: ClientTerms


def in_force(rows: Sequence[TermRow], day: date) -> TermRow | None:
    """The row in force on `day` (`rows` oldest first); None before the client was added."""
    found = None
    for row in rows:
        if row.since > day:
            break
        found = row
    return found


def client_timeline(
    rows: Sequence[TermRow],
    tiers: Mapping[int, Sequence[TierDefinition]],
    *,
    start: date,
    on: date,
    counts: Callable[[ClientTerms], bool] | None = None,
) -> tuple[Terms, ...]:
    """The client's terms over [start, on], oldest first, for `schedule.chases` and the report.

    `rows` are the client's snapshots oldest first: at least the one in force on `start` (if
    any) and every later one up to `on`. Each stretch is also split where its tier was
    redefined, so every day reads the tier as defined that day. `counts` says whether a
    stretch counts (default: the client was active); stretches that read the same are merged.
    """
    intervals: dict[str, Interval] = {}
    wanted = counts if counts is not None else (lambda terms: terms.status == "active")
    kept = [row for row in rows if row.since <= on]
    first = in_force(kept, start)
    if first is not None:
        kept = [first, *(row for row in kept if row.since > start)]
    found: list[Terms] = []
    for index, row in enumerate(kept):
        until = kept[index + 1].since if index + 1 < len(kept) else None
        terms = row.terms
        charter = None
        if terms.charter_every is not None and terms.charter_agreed_on is not None:
            charter = intervals.get(terms.charter_every)
            if charter is None:
                charter = intervals[terms.charter_every] = parse_interval(terms.charter_every)
        active = wanted(terms)
        definitions = tiers.get(terms.tier_id)
        if not definitions:
            continue  # a tier the book never defined: nothing to judge by
        begin = max(row.since, start)
        changes = [
            d.since
            for d in definitions
            if begin < d.since <= on and (until is None or d.since < until)
        ]
        for since in (row.since, *changes):
            rule = definition_on(definitions, max(since, start)).rule
            piece = Terms(since, rule, charter, terms.snoozed_until, active)
            last = found[-1] if found else None
            if last is not None and (
                last.tier,
                last.charter_every,
                last.snoozed_until,
                last.active,
            ) == (rule, charter, terms.snoozed_until, active):
                continue
            found.append(piece)
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# `cadence history`: every change, in words


@dataclass(frozen=True, slots=True)
class TermChange:
    """One line of a client's history: the day a change took effect, what, and who made it."""

    on: date
    what: str
    by: str | None = None


@dataclass(frozen=True, slots=True)
class TierRedefinition:
    """A tier's definition changing (a `tier_term` row after the tier's first): the change,
    in the tier's own words, of the tier `tier_id` as it was named then."""

    tier_id: int
    name: str
    change: TermChange


def client_history(
    changes: Sequence[tuple[date, int, TermChange]],
    redefinitions: Iterable[TierRedefinition],
) -> list[TermChange]:
    """A client's changes (`changes`: each snapshot's day, its tier id and its words, oldest
    first), with every redefinition of the tier it was in on that day, oldest first.

    A redefinition on the day the client changes tier applies to the tier it moved to.
    """
    found = [change for _on, _tier, change in changes]
    for redefinition in redefinitions:
        change = redefinition.change
        tier_id = None
        for on, tier, _change in changes:
            if on > change.on:
                break
            tier_id = tier
        if tier_id == redefinition.tier_id:
            what = f"tier {redefinition.name} redefined: {change.what}"
            found.append(replace(change, what=what))
    return sorted(found, key=lambda change: change.on)  # stable: client changes first
