"""Every `--json` shape cadence writes, and the records a JSON dump shares with them.

One builder per record where `--json` and the dump overlap, so a tier, client, touch or
promise looks the same in both; the dump (`interop.jsondump`) builds its records on them,
adding what a restore needs (`archived_on`, `logged_at`, raw `inbound`). A shared builder
takes the book's records (`core.records`) and the dump's (`interop.batch`, named for the type
checker only). Standard library and the pure core only at run time: `--json` must not pay for
Rich. `json_text` is the one serialiser: stable key order, non-ASCII kept readable, and code
points a terminal would obey escaped (`render.safe`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from cadence_cli.core.schedule import promise_overdue
from cadence_cli.render.safe import escape_json

if TYPE_CHECKING:
    from cadence_cli.core.model import (
        ModelView,
        OnTime,
        OwnerPlan,
        Touchpoint,
        TouchpointDue,
        TouchpointFacts,
    )
    from cadence_cli.core.records import (
        ClientInfo,
        NoteInfo,
        PromiseFields,
        PromiseInfo,
        TeamMember,
        TierInfo,
        TierLoad,
        TouchFields,
        TouchInfo,
    )
    from cadence_cli.core.report import Report
    from cadence_cli.core.schedule import Agenda, Chase, MilestoneDue, Standing
    from cadence_cli.core.terms import TermChange
    from cadence_cli.interop.batch import ClientRecord, TierRecord, TierTermRecord


def json_text(data: Any, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON as cadence writes it: `--json` indented, a dump's records one per line.
    `ascii_only` escapes every non-ASCII character (`\\u00fc`), for a stdout that cannot
    encode them: the same data, still valid JSON."""
    return escape_json(json.dumps(data, indent=indent, ensure_ascii=ascii_only))


def iso_or_none(day: date | datetime | None) -> str | None:
    """A day or an instant in ISO 8601, or None: the JSON of an optional date."""
    return None if day is None else day.isoformat()


# ---------------------------------------------------------------------------------------------
# Records shared by `--json` and the dump


def tier_rule_json(tier: TierInfo | TierRecord | TierTermRecord) -> dict[str, Any]:
    """A tier's rule (`core.schedule.TierRule`: name, rank and intervals), as a tier and each
    of its definitions in the dump's history of terms (`tier_terms`) have it."""
    return {
        "name": tier.name,
        "rank": tier.rank,
        "every": str(tier.every),
        "reactive_after": str(tier.reactive_after),
    }


def tier_json(tier: TierInfo | TierRecord) -> dict[str, Any]:
    """A tier in the dump; `tier list --json` adds its load (`tier_load_json`)."""
    return {**tier_rule_json(tier), "description": tier.description}


def tier_load_json(load: TierLoad) -> dict[str, Any]:
    """`tier list --json`: the tier, its active clients, who is due, the weekly load."""
    return {
        **tier_json(load.tier),
        **_load_json(load),
        "touches_per_week": round(load.per_week, 2),
    }


def _load_json(load: TierLoad | TeamMember) -> dict[str, Any]:
    """The active clients and how many are due or reactive: a tier's load, an owner's too."""
    return {"clients": load.clients, "due": load.due, "reactive": load.reactive}


def client_json(client: ClientInfo | ClientRecord, *, ident: int) -> dict[str, Any]:
    """One client as `clients --json` and `show --json` show it (`ident`: its id)."""
    charter = client.charter
    return {
        "id": ident,
        "name": client.name,
        "tier": client.tier,
        "status": client.status,
        "email": client.email,
        "phone": client.phone,
        "company": client.company,
        "owner": client.owner,
        "tags": list(client.tags),
        "notes": client.notes,
        "added_on": iso_or_none(client.added_on),
        "snoozed_until": iso_or_none(client.snoozed_until),
        "archived_reason": client.archived_reason,
        "milestones": [{"label": label, "date": day.iso()} for label, day in client.milestones],
        "charter": None
        if charter is None
        else {
            "every": str(charter.every),
            "channel": charter.channel,
            "note": charter.note,
            "review_every": str(charter.review_every),
            "agreed_on": charter.agreed_on.isoformat(),
        },
    }


def touch_json(touch: TouchFields, *, ident: int | None, dump: bool = False) -> dict[str, Any]:
    """One touch. `show --json` reads as a sentence (`on`, `direction`); the dump keeps the
    store's columns (`day`, `inbound`, `client_id`, `logged_at`) so a restore is exact. Both
    keep their historical key order, hence the two branches around the shared fields."""
    when: dict[str, Any] = {"on": touch.day.isoformat(), "at": touch.at.isoformat()}
    way: dict[str, Any] = {"direction": "inbound" if touch.inbound else "outbound"}
    if dump:
        when = {"at": touch.at.isoformat(), "day": touch.day.isoformat()}
        way = {"inbound": touch.inbound}
    return {
        "id": ident,
        **when,
        "channel": touch.channel,
        "outcome": touch.outcome,
        **way,
        "note": touch.note,
        "by": touch.by,
    }


def promise_fields_json(promise: PromiseFields) -> dict[str, Any]:
    """What a promise says, in `--json` and the dump alike."""
    return {
        "text": promise.text,
        "due_on": promise.due_on.isoformat(),
        "made_on": promise.made_on.isoformat(),
        "kept_on": iso_or_none(promise.kept_on),
    }


def promise_json(promise: PromiseInfo, today: date) -> dict[str, Any]:
    """`promise list --json` and `show --json`: the dump's fields, the client's name,
    whether it is overdue today, and whether it was cancelled or handed over."""
    return {
        "id": promise.id,
        "client_id": promise.client_id,
        "name": promise.client_name,
        **promise_fields_json(promise),
        "overdue": promise.cancelled_on is None
        and promise_overdue(promise.due_on, promise.kept_on, today),
        **promise_closing_json(promise),
    }


def promise_closing_json(promise: PromiseFields) -> dict[str, Any]:
    """How a promise ended other than kept: cancelled (and why) or handed to someone."""
    return {
        "cancelled_on": iso_or_none(promise.cancelled_on),
        "cancel_reason": promise.cancel_reason,
        "handed_to": promise.handed_to,
    }


# ---------------------------------------------------------------------------------------------
# Command output


def show_json(
    client: ClientInfo,
    *,
    ident: int,
    standing: Standing | None,
    chases: Sequence[Chase],
    promises: Sequence[PromiseInfo],
    milestones: Sequence[MilestoneDue],
    touches: Sequence[TouchInfo],
    today: date,
    history: Sequence[TermChange] = (),
    notes: Sequence[NoteInfo] = (),
    partner: str | None = None,
) -> dict[str, Any]:
    """`show --json`: the client as `clients --json` has it, and what `show` prints."""
    data = client_json(client, ident=ident)
    data["partner"] = partner
    data["standing"] = (
        None
        if standing is None
        else {
            "status": standing.status,
            "due_on": standing.due_on.isoformat(),
            "reactive_on": standing.reactive_on.isoformat(),
            "days_overdue": standing.days_overdue,
            "reason": standing.reason,
        }
    )
    data["chases"] = [{"on": c.on.isoformat(), "channel": c.channel} for c in chases]
    data["promises"] = [promise_json(p, today) for p in promises]
    data["next_milestones"] = [
        {"label": m.milestone.label, "on": m.on.isoformat(), "years": m.years} for m in milestones
    ]
    data["touches"] = [touch_json(t, ident=t.id) for t in touches]
    data["history"] = [change_json(c) for c in history]
    data["journal"] = [note_json(n) for n in notes]  # "notes" is the free-text field
    return data


def change_json(change: TermChange) -> dict[str, Any]:
    return {"on": change.on.isoformat(), "change": change.what, "by": change.by}


def history_json(ident: int, name: str, changes: Sequence[TermChange]) -> dict[str, Any]:
    """`history --json`: the client, and every change of its terms, oldest first."""
    return {"client_id": ident, "name": name, "changes": [change_json(c) for c in changes]}


def note_json(note: NoteInfo) -> dict[str, Any]:
    """One entry of a client's notes journal."""
    return {"id": note.id, "on": note.noted_on.isoformat(), "text": note.text, "by": note.by}


def touches_json(touches: Sequence[TouchInfo]) -> list[dict[str, Any]]:
    """`touches --json`: each touch as `show --json` has it, with its client."""
    return [
        {"client_id": t.client_id, "name": t.client_name, **touch_json(t, ident=t.id)}
        for t in touches
    ]


def due_json(agenda: Agenda, *, limit: int | None = None) -> dict[str, Any]:
    """The contract shape of `cadence due --json` (SPEC §2), plus a few extra keys; `limit`
    cuts the contacts (never the sections under them)."""
    contacts = agenda.contacts if limit is None else agenda.contacts[:limit]
    return {
        "date": agenda.today.isoformat(),
        "contacts": [_contact_json(s) for s in contacts],
        "follow_ups": [
            {
                "client_id": f.client.client_id,
                "name": f.client.name,
                "attempted_on": f.attempted_on.isoformat(),
                "channel": f.channel,
                "inbound": f.inbound,
                "reason": f.reason,
            }
            for f in agenda.follow_ups
        ],
        "promises": [
            {
                "id": p.promise.promise_id,
                "client_id": p.promise.client_id,
                "name": p.promise.name,
                "text": p.promise.text,
                "due_on": p.promise.due_on.isoformat(),
                "overdue": p.overdue,
            }
            for p in agenda.promises
        ],
        "milestones": [_milestone_json(m) for m in agenda.milestones],
        "reviews": [
            {
                "client_id": r.charter.client_id,
                "name": r.charter.name,
                "review_on": r.review_on.isoformat(),
                "overdue": r.overdue,
            }
            for r in agenda.reviews
        ],
    }


def _contact_json(s: Standing) -> dict[str, Any]:
    last = s.client.last_counting
    return {
        "client_id": s.client.client_id,
        "name": s.client.name,
        "tier": s.client.tier.name,
        "status": s.status,
        "due_on": s.due_on.isoformat(),
        "reactive_on": s.reactive_on.isoformat(),
        "days_overdue": s.days_overdue,
        "last_touch_on": iso_or_none(s.last_touch_on),
        "owner": s.client.owner,
        "last_channel": last.channel if last else None,
        "every": str(s.every),
        "reason": s.reason,
    }


def _milestone_json(m: MilestoneDue) -> dict[str, Any]:
    return {
        "client_id": m.milestone.client_id,
        "name": m.milestone.name,
        "label": m.milestone.label,
        "on": m.on.isoformat(),
        "years": m.years,
        "description": m.description,
    }


def team_json(
    members: Sequence[TeamMember], unassigned: TeamMember, *, today: date, me: str
) -> dict[str, Any]:
    """`cadence team --json`: who serves how many clients, who is behind, who is logging."""

    def counts(m: TeamMember) -> dict[str, Any]:
        return {**_load_json(m), "touches_per_week_needed": round(m.per_week, 2)}

    return {
        "date": today.isoformat(),
        "members": [
            {
                "name": m.name,
                "me": (m.name or "").casefold() == me.casefold(),
                **counts(m),
                "touches_7d": m.touches_week,
                "last_touch_on": iso_or_none(m.last_touch_on),
            }
            for m in members
        ],
        "unassigned": counts(unassigned),
    }


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def _record(item: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(item, f.name)) for f in fields(item)}


def report_json(report: Report) -> dict[str, Any]:
    """`report --json`: every figure of the report, dates as YYYY-MM-DD, floats to 4 places."""
    return {
        "date": report.on.isoformat(),
        "weeks": report.weeks,
        "start": report.start.isoformat(),
        "overall": _record(report.overall),
        "tiers": [_record(t) for t in report.tiers],
        "weekly_touches": [_record(w) for w in report.weekly_touches],
        "longest_reactive": [_record(s) for s in report.longest_reactive],
        "pace": {
            "demanded_per_week": round(report.overall.demanded_per_week, 4),
            "logged_per_week": round(report.overall.logged_per_week, 4),
            "sentence": report.pace_sentence,
        },
    }


# ---------------------------------------------------------------------------------------------
# The written service model (SPEC §8): `model`, `plan`, `due`'s touchpoints, show and report


def touchpoint_json(point: Touchpoint) -> dict[str, Any]:
    return {
        "name": point.name,
        "every": str(point.every),
        "channels": list(point.channels),
        "minutes": point.minutes,
        "attempt_counts": point.attempt_counts,
    }


def model_json(view: ModelView) -> dict[str, Any]:
    """`model --json`: every tier with its touchpoints and weekly hours, every owner against
    their capacity, and the sentences that say where the model does not fit."""
    return {
        "date": view.today.isoformat(),
        "tiers": [
            {
                "name": t.rule.name,
                "rank": t.rule.rank,
                "every": str(t.rule.every),
                "reactive_after": str(t.rule.reactive_after),
                "minutes": t.minutes,
                "description": t.description,
                "touchpoints": [touchpoint_json(p) for p in t.touchpoints],
                "clients": view.tier_demand(t).clients,
                "hours_per_week": round(view.tier_demand(t).hours_per_week, 2),
            }
            for t in view.tiers
        ],
        "owners": [
            {
                "owner": o.owner,
                "clients": o.demand.clients,
                "hours_per_week": round(o.demand.hours_per_week, 2),
                "capacity_hours": None if o.capacity is None else round(o.capacity / 60, 2),
                "workdays": o.workdays,
                "fits": o.fits,
            }
            for o in view.owners
        ],
        "unowned": {
            "clients": view.unowned.clients,
            "hours_per_week": round(view.unowned.hours_per_week, 2),
        },
        "hours_per_week": round(view.total.hours_per_week, 2),
        "misfits": list(view.misfits),
    }


def due_touchpoints_json(items: Sequence[TouchpointDue]) -> list[dict[str, Any]]:
    """`due --json`'s `touchpoints` (SPEC §8), in its order."""
    return [
        {
            "client_id": t.facts.client_id,
            "name": t.facts.name,
            "tier": t.facts.tier.name,
            "touchpoint": t.facts.touchpoint.name,
            "channels": list(t.facts.touchpoint.channels),
            "due_on": t.due_on.isoformat(),
            "overdue": t.overdue,
            "days_overdue": t.days_overdue,
            "owner": t.facts.owner,
        }
        for t in items
    ]


def plan_json(plans: Sequence[OwnerPlan], *, start: date, days: int) -> dict[str, Any]:
    """`plan --json`: per owner, each day's items with minutes against capacity."""
    return {
        "start": start.isoformat(),
        "days": days,
        "owners": [
            {
                "owner": p.owner,
                "capacity_minutes_per_week": p.capacity.minutes_per_week if p.capacity else None,
                "workdays": p.workdays,
                "days": [
                    {
                        "date": d.day.isoformat(),
                        "capacity_minutes": d.capacity,
                        "minutes": d.minutes,
                        "over": d.over,
                        "items": [
                            {
                                "client_id": x.item.client_id,
                                "name": x.item.name,
                                "tier": x.item.tier,
                                "kind": x.item.kind,
                                "touchpoint": x.item.touchpoint,
                                "minutes": x.item.minutes,
                                "due_on": iso_or_none(x.item.due_on),
                                "moved_from": x.item.day.isoformat() if x.moved else None,
                            }
                            for x in d.items
                        ],
                    }
                    for d in p.days
                ],
            }
            for p in plans
        ],
    }


def model_show_json(
    touchpoints: Sequence[TouchpointFacts],
    referred_by: ReferralFields | None,
    referred: Sequence[ReferralFields],
) -> dict[str, Any]:
    """What `show --json` adds: each touchpoint's last and next day, and the referrals."""

    def who(r: ReferralFields) -> dict[str, Any]:
        return {"id": r.client_id, "name": r.name, "added_on": r.added_on.isoformat()}

    return {
        "touchpoints": [
            {
                "touchpoint": t.touchpoint.name,
                "channels": list(t.touchpoint.channels),
                "last_on": iso_or_none(t.anchor),
                "due_on": t.due_on.isoformat(),
            }
            for t in sorted(touchpoints, key=lambda t: t.touchpoint.name.casefold())
        ],
        "referred_by": None if referred_by is None else who(referred_by),
        "referred": [who(r) for r in referred],
    }


class ReferralFields(Protocol):
    @property
    def client_id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def added_on(self) -> date: ...


def add_model_figures(
    data: dict[str, Any], on_time: Mapping[str, OnTime], referrals: Mapping[str, int]
) -> dict[str, Any]:
    """`report --json` with the written model's figures beside each tier's on-cadence rate:
    `touchpoint_days`, `touchpoints_on_time_rate` (null without touchpoints) and `referrals`
    (clients added in the window whom a client of the tier referred)."""
    rows = [*data["tiers"]]
    for row in rows:
        figures = on_time.get(row["tier"])
        row["touchpoint_days"] = figures.days if figures else 0
        rate = figures.rate if figures else None
        row["touchpoints_on_time_rate"] = None if rate is None else round(rate, 4)
        row["referrals"] = referrals.get(row["tier"], 0)
    shown = {row["tier"] for row in rows}
    days = sum(f.days for name, f in on_time.items() if name in shown)
    kept = sum(f.on_time for name, f in on_time.items() if name in shown)
    overall = data["overall"]
    overall["touchpoint_days"] = days
    overall["touchpoints_on_time_rate"] = round(kept / days, 4) if days else None
    overall["referrals"] = sum(n for name, n in referrals.items() if name in shown)
    return data
