"""A row's columns as the keyword arguments of the core's shared record fields.

`core.records` declares each concept's fields once for every shape that carries them
(`ClientState`, `TouchFields`, `PromiseFields`…); this module reads them from a row once,
for every query that builds one of those shapes: `reads` (a `ClientInfo`, a `TouchInfo`…)
and `dump` (the export's records). Each `…_FIELDS` / `CLIENT_STATE` names the columns in the
order its reader takes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from cadence_cli.core.dates import Interval, parse_interval
from cadence_cli.core.records import CLIENT_TEXT, Charter
from cadence_cli.core.schedule import DEFAULT_REVIEW_EVERY
from cadence_cli.store.engine import as_day, as_instant


def listed(columns: Sequence[str], alias: str = "") -> str:
    """`columns` as a SELECT lists them, each on the table `alias` when one is given."""
    return ", ".join(f"{alias}.{column}" if alias else column for column in columns)


TIER_RULE = ("name", "rank", "every", "reactive_after")
"""The columns of a tier's rule (in `tier` and in `tier_term`), as `tier_rule_fields` reads them."""


def tier_rule_fields(row: Sequence[Any]) -> dict[str, Any]:
    """The `TIER_RULE` columns of one row as keyword arguments: what a `TierInfo` and a dump's
    `TierTermRecord` share."""
    name, rank, every, reactive_after = row
    return {
        "name": name,
        "rank": rank,
        "every": parse_interval(every),
        "reactive_after": parse_interval(reactive_after),
    }


CLIENT_STATE = listed(
    (
        "status", "archived_reason", "archived_on", "snoozed_until", "added_on", "charter_every",
        "charter_agreed_on", "charter_review_every", "charter_channel", "charter_note",
        *CLIENT_TEXT,
    ),
    "c",
)  # fmt: skip
"""The columns of `client AS c` that `client_state` reads: a client's `ClientState`. Built
from `CLIENT_TEXT`, so a new text field of `ClientFields` needs no edit here."""


def client_state(
    values: Sequence[Any], *, parse: Callable[[str], Interval] = parse_interval
) -> dict[str, Any]:
    """The `CLIENT_STATE` columns of one row as `ClientState`'s keyword arguments (less tags
    and milestones, which have tables of their own): what a `ClientInfo` and a dump's
    `ClientRecord` share. `parse` as `charter_of`'s."""
    (
        status, archived_reason, archived_on, snoozed_until, added_on, every, agreed_on,
        review_every, channel, note, *text,
    ) = values  # fmt: skip
    state = {  # a literal, then the text fields: a big book's `clients` builds one a client
        "status": status,
        "archived_reason": archived_reason,
        "archived_on": None if archived_on is None else as_day(archived_on),
        "snoozed_until": None if snoozed_until is None else as_day(snoozed_until),
        "added_on": as_day(added_on),
        "charter": charter_of(every, agreed_on, review_every, channel, note, parse=parse),
    }
    state.update(zip(CLIENT_TEXT, text, strict=True))
    return state


def charter_of(
    every: str | None,
    agreed_on: date | str | None,
    review_every: str | None,
    channel: str | None,
    note: str | None,
    *,
    parse: Callable[[str], Interval] = parse_interval,
) -> Charter | None:
    """A client's charter columns as a `Charter`: none unless its cadence and day are set.
    `parse` may cache intervals (an export reads the same few thousands of times)."""
    if every is None or agreed_on is None:
        return None
    return Charter(
        every=parse(every),
        agreed_on=as_day(agreed_on),
        review_every=parse(review_every) if review_every else DEFAULT_REVIEW_EVERY,
        channel=channel,
        note=note,
    )


TOUCH_FIELDS = ("at", "day", "channel", "outcome", "inbound", "note", "by", "logged_at")
"""The touch columns `touch_fields` reads, in its order: a touch's `TouchFields`."""


def touch_fields(row: Sequence[Any]) -> dict[str, Any]:
    """The `TOUCH_FIELDS` of one row as `TouchFields`' keyword arguments: what a `TouchInfo`
    and a dump's `TouchRecord` share."""
    at, day, channel, outcome, inbound, note, by, logged_at = row
    return {
        "at": as_instant(at),
        "day": as_day(day),
        "channel": channel,
        "outcome": outcome,
        "inbound": bool(inbound),
        "note": note,
        "by": by,
        "logged_at": None if logged_at is None else as_instant(logged_at),
    }


PROMISE_FIELDS = (
    "text", "due_on", "made_on", "kept_on", "cancelled_on", "cancel_reason", "handed_to", "by"
)  # fmt: skip
"""The promise columns `promise_fields` reads, in its order: a promise's `PromiseFields`."""


def promise_fields(row: Sequence[Any]) -> dict[str, Any]:
    """The `PROMISE_FIELDS` of one row as `PromiseFields`' keyword arguments: what a
    `PromiseInfo` and a dump's `PromiseRecord` share."""
    text, due_on, made_on, kept_on, cancelled_on, cancel_reason, handed_to, by = row
    return {
        "text": text,
        "due_on": as_day(due_on),
        "made_on": as_day(made_on),
        "kept_on": None if kept_on is None else as_day(kept_on),
        "cancelled_on": None if cancelled_on is None else as_day(cancelled_on),
        "cancel_reason": cancel_reason,
        "handed_to": handed_to,
        "by": by,
    }
