"""The written service model (SPEC §8): touchpoint clocks, hour math and a level plan. Pure.

A tier says how often a client hears from you; its touchpoints say which services they get
(a weekly call, a quarterly review, an annual gift), each on its own clock. This module
decides when each touchpoint is due, how many hours a week the model asks of each owner,
and which work each owner's week holds (`level` lays it out under their capacity). Like
`schedule`, it takes frozen records and a day, and never reads the clock or the book.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from cadence_cli.core.dates import Interval
from cadence_cli.core.level import Placed, PlanDay, PlanItem, level
from cadence_cli.core.schedule import (
    ClientFacts,
    ClientRef,
    TierRule,
    client_key,
    due_day,
    effective_every,
    interval_after,
    is_counting,
    standing,
    urgency_key,
)
from cadence_cli.errors import InvalidInput

DEFAULT_CONTACT_MINUTES = 10
DEFAULT_TOUCHPOINT_MINUTES = 15
INFLUENCE_REFERRALS = 2
"""This many referrals in `INFLUENCE_DAYS` make a client a center of influence."""
INFLUENCE_DAYS = 365
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WORKDAYS = "mon-fri"

# ---------------------------------------------------------------------------------------------
# Touchpoints: SPEC §8 rules 1-3


@dataclass(frozen=True, slots=True)
class Touchpoint:
    """A named service of a tier: how often, by which channels, how long, and whether an
    unanswered attempt delivers it ("at least a phone call attempt")."""

    name: str
    every: Interval
    channels: tuple[str, ...]
    minutes: int = DEFAULT_TOUCHPOINT_MINUTES
    attempt_counts: bool = False


@dataclass(frozen=True, slots=True)
class TierModel:
    """A tier as the written model shows it: its rule, minutes per contact, description and
    touchpoints (in name order)."""

    tier_id: int
    rule: TierRule
    minutes: int
    description: str
    touchpoints: tuple[Touchpoint, ...] = ()


def satisfies(
    touchpoint: Touchpoint,
    *,
    channel: str,
    outcome: str,
    inbound: bool,
    logged_for: str | None = None,
) -> bool:
    """Rule 1: a touch logged `--for` the touchpoint, or a counting touch on one of its
    channels (with `attempt_counts`, an unanswered outbound attempt on them too)."""
    if logged_for is not None and logged_for.casefold() == touchpoint.name.casefold():
        return True
    if channel not in touchpoint.channels:
        return False
    return is_counting(outcome) or (touchpoint.attempt_counts and not inbound)


def touchpoint_due_on(
    every: Interval, anchor: date | None, tier_since: date, snoozed_until: date | None
) -> date:
    """Rule 2: the latest satisfying touch plus the touchpoint's interval; with none, the day
    the client entered its tier. A snooze only ever pushes the day later."""
    due_on = interval_after(every, anchor) if anchor is not None else tier_since
    if snoozed_until is not None and snoozed_until > due_on:
        return snoozed_until
    return due_on


@dataclass(frozen=True, slots=True)
class TouchpointFacts(ClientRef):
    """One touchpoint of one active client: what rule 2 needs (the store finds `anchor`,
    the day of the latest satisfying touch, with one indexed sub-select)."""

    touchpoint: Touchpoint
    tier_since: date
    anchor: date | None = None
    snoozed_until: date | None = None
    owner: str | None = None

    @property
    def due_on(self) -> date:
        return touchpoint_due_on(
            self.touchpoint.every, self.anchor, self.tier_since, self.snoozed_until
        )

    @property
    def interval_days(self) -> int:
        """The touchpoint's interval measured from its anchor (or tier day), as in §1."""
        base = self.anchor if self.anchor is not None else self.tier_since
        return self.touchpoint.every.days_from(base)


@dataclass(frozen=True, slots=True)
class TouchpointDue:
    """A touchpoint in `due`: rule 3."""

    facts: TouchpointFacts
    due_on: date
    overdue: bool
    days_overdue: int


def touchpoint_key(facts: TouchpointFacts, due_on: date) -> tuple[date, int, str, int, str]:
    """The order of `touchpoints` (SPEC §8): due day, tier rank, client name, id, touchpoint."""
    return (due_on, *client_key(facts), facts.touchpoint.name.casefold())


def touchpoint_agenda(
    facts: Iterable[TouchpointFacts], today: date, until: date
) -> list[TouchpointDue]:
    """Rule 3: touchpoints due on or before `until`; those due before `today` are overdue."""
    found = []
    for item in facts:
        due_on = item.due_on
        if due_on > until:
            continue
        late = max(0, (today - due_on).days)
        found.append(TouchpointDue(item, due_on, due_on < today, late))
    return sorted(found, key=lambda t: touchpoint_key(t.facts, t.due_on))


# ---------------------------------------------------------------------------------------------
# Hour math


def weekly_minutes(minutes: int, interval_days: int) -> float:
    """A task of `minutes` every `interval_days` costs 7 x minutes / interval_days a week."""
    return 7 * minutes / interval_days


def client_weekly_minutes(
    client: ClientFacts,
    today: date,
    *,
    contact_minutes: int,
    touchpoints: Iterable[TouchpointFacts] = (),
) -> float:
    """One client's weekly demand (SPEC §8): its contacts plus each touchpoint, every
    interval measured from its own anchor (or the day added / the day it entered its tier)."""
    contact = weekly_minutes(contact_minutes, standing(client, today).interval_days)
    return contact + sum(weekly_minutes(t.touchpoint.minutes, t.interval_days) for t in touchpoints)


@dataclass(frozen=True, slots=True)
class Demand:
    """Minutes a week the model asks for one group of clients (a tier, an owner)."""

    clients: int = 0
    minutes_per_week: float = 0.0

    @property
    def hours_per_week(self) -> float:
        return self.minutes_per_week / 60

    def add(self, clients: int, minutes: float) -> Demand:
        return Demand(self.clients + clients, self.minutes_per_week + minutes)


@dataclass(frozen=True, slots=True)
class Capacity:
    """What one owner can give the model: minutes a week, on which days of the week."""

    owner: str
    minutes_per_week: int
    workdays: frozenset[int] = field(default_factory=lambda: parse_workdays(DEFAULT_WORKDAYS))

    def per_day(self, day: date) -> int:
        """The weekly minutes shared evenly over the working days; none on the others."""
        if day.weekday() not in self.workdays:
            return 0
        return self.minutes_per_week // len(self.workdays)


@dataclass(frozen=True, slots=True)
class ModelDemand:
    """The model's weekly demand per tier (by name) and per owner (by owner key; None for
    the clients nobody owns), and each owner's spelling."""

    tiers: dict[str, Demand]
    owners: dict[str | None, Demand]
    spelling: dict[str, str]


def owner_key(owner: str | None) -> str | None:
    """Owners are matched without case, as `--owner` filters them."""
    return owner.strip().casefold() if owner else None


@dataclass(frozen=True, slots=True)
class DemandGroup:
    """`count` active clients of one tier and owner whose contact (`contact`) or one of
    whose touchpoints takes `minutes` every `every`, measured from `base`: all the hour math
    needs, so a big book is summed from a few thousand groups, not a record per client."""

    tier: str
    owner: str | None
    minutes: int
    every: Interval
    base: date
    count: int = 1
    contact: bool = True


def demand_of(groups: Iterable[DemandGroup]) -> ModelDemand:
    """Sum weekly demand by tier and by owner (SPEC §8). Contact groups count clients; an
    owner is spelled as in its first group (the store orders groups by their first client)."""
    tiers: dict[str, Demand] = defaultdict(Demand)
    owners: dict[str | None, Demand] = defaultdict(Demand)
    spelling: dict[str, str] = {}
    for group in groups:
        minutes = group.count * weekly_minutes(group.minutes, group.every.days_from(group.base))
        clients = group.count if group.contact else 0
        tiers[group.tier] = tiers[group.tier].add(clients, minutes)
        key = owner_key(group.owner)
        if key is not None and group.owner is not None:
            spelling.setdefault(key, group.owner.strip())
        owners[key] = owners[key].add(clients, minutes)
    return ModelDemand(dict(tiers), dict(owners), spelling)


def model_demand(
    clients: Iterable[ClientFacts],
    touchpoints: Iterable[TouchpointFacts],
    *,
    contact_minutes: Mapping[str, int],
) -> ModelDemand:
    """Sum each active client's weekly demand by tier and by owner, from one record per
    client and per client-touchpoint (each a group of one)."""
    groups = [
        DemandGroup(
            tier=client.tier.name,
            owner=client.owner,
            minutes=contact_minutes.get(client.tier.name, DEFAULT_CONTACT_MINUTES),
            every=effective_every(client.tier, client.charter_every),
            base=client.last_counting.on if client.last_counting is not None else client.added_on,
        )
        for client in clients
    ]
    groups += [
        DemandGroup(
            tier=t.tier.name,
            owner=t.owner,
            minutes=t.touchpoint.minutes,
            every=t.touchpoint.every,
            base=t.anchor if t.anchor is not None else t.tier_since,
            contact=False,
        )
        for t in touchpoints
    ]
    return demand_of(groups)


def hours(minutes: float) -> str:
    """'31', '2.5', '0.2': hours to one decimal, without a trailing .0."""
    text = f"{minutes / 60:.1f}"
    return text[:-2] if text.endswith(".0") else text


def misfit_sentence(owner: str, demanded_minutes: float, capacity: Capacity) -> str | None:
    """'your model asks 31 h a week of sam; sam has 20', or None when it fits."""
    if round(demanded_minutes) <= capacity.minutes_per_week:
        return None
    return (
        f"your model asks {hours(demanded_minutes)} h a week of {owner}; "
        f"{owner} has {hours(capacity.minutes_per_week)}"
    )


def parse_workdays(text: str) -> frozenset[int]:
    """`mon-fri`, `mon,wed,fri`, `mon-thu,sat`: the weekdays (0 = Monday) someone works."""
    days: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        first, sep, last = part.partition("-")
        if not part or first[:3] not in WEEKDAYS or (sep and last[:3] not in WEEKDAYS):
            raise InvalidInput(
                f"cannot read workdays {text!r}", hint="use days like mon-fri or mon,wed,fri"
            )
        start = WEEKDAYS.index(first[:3])
        end = WEEKDAYS.index(last[:3]) if sep else start
        span = (end - start) % 7
        days.update((start + i) % 7 for i in range(span + 1))
    return frozenset(days)


def workdays_text(days: frozenset[int]) -> str:
    """The shortest spelling of a set of weekdays: `mon-fri`, `mon,wed,fri`."""
    parts: list[str] = []
    ordered = sorted(days)
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = WEEKDAYS[ordered[index]], WEEKDAYS[ordered[end]]
        parts.append(first if end == index else f"{first}-{last}")
        index = end + 1
    return ",".join(parts)


def parse_hours(text: str) -> int:
    """`20h`, `20`, `7.5h`, `90m`, `1h30m`: a weekly capacity, in minutes."""
    cleaned = text.strip().lower().replace(" ", "")
    total = 0.0
    number = ""
    seen = False
    try:
        for ch in cleaned:
            if ch.isdigit() or ch == ".":
                number += ch
            elif ch in "hm" and number:
                total += float(number) * (60 if ch == "h" else 1)
                number, seen = "", True
            else:
                raise ValueError(ch)
        if number:
            total += float(number) * 60
            seen = True
    except ValueError:
        seen = False
    if not seen or total < 0 or total > 168 * 60:
        raise InvalidInput(
            f"cannot read hours {text!r}", hint="use hours a week like 20h, 7.5h or 1h30m"
        )
    return round(total)


# ---------------------------------------------------------------------------------------------
# The plan: a level week


def plan_items(
    clients: Iterable[ClientFacts],
    touchpoints: Iterable[TouchpointFacts],
    *,
    start: date,
    days: int,
    contact_minutes: Mapping[str, int],
) -> list[PlanItem]:
    """Every contact and touchpoint that comes due in [start, start + days), each on its due
    day (overdue ones on `start`); a clock that comes round again within the window (a weekly
    client in a fortnight's plan) is assumed kept on its day and comes again one interval on."""
    end = start + timedelta(days=days)
    items: list[PlanItem] = []
    for client in clients:
        every = effective_every(client.tier, client.charter_every)
        anchor = client.last_counting.on if client.last_counting is not None else None
        due_on = due_day(every, anchor, client.added_on, client.snoozed_until)[0]
        minutes = contact_minutes.get(client.tier.name, DEFAULT_CONTACT_MINUTES)
        while due_on < end:
            day = max(due_on, start)
            now = standing(client, day) if day == start else None
            urgency = urgency_key(now) if now is not None else (1, 0.0, *client_key(client))
            items.append(
                PlanItem(
                    day=day,
                    order=(0, urgency[0], urgency[1], urgency[2], urgency[3], urgency[4], ""),
                    minutes=minutes,
                    client_id=client.client_id,
                    name=client.name,
                    tier=client.tier.name,
                    owner=client.owner,
                    kind="contact",
                    due_on=due_on,
                )
            )
            due_on = interval_after(every, day)
    for facts in touchpoints:
        due_on = facts.due_on
        while due_on < end:
            day = max(due_on, start)
            key = touchpoint_key(facts, due_on)
            items.append(
                PlanItem(
                    day=day,
                    order=(1, key[0].toordinal(), 0.0, key[1], key[2], key[3], key[4]),
                    minutes=facts.touchpoint.minutes,
                    client_id=facts.client_id,
                    name=facts.name,
                    tier=facts.tier.name,
                    owner=facts.owner,
                    kind="touchpoint",
                    touchpoint=facts.touchpoint.name,
                    due_on=due_on,
                )
            )
            due_on = interval_after(facts.touchpoint.every, day)
    return items


# ---------------------------------------------------------------------------------------------
# Referrals


def influence_advice(
    tier: TierRule, tiers: Sequence[TierRule], referred_in_year: int
) -> str | None:
    """'referred 2 clients in 12 months: a center of influence; consider tier A' (the next
    closer tier), or None when the client referred fewer."""
    if referred_in_year < INFLUENCE_REFERRALS:
        return None
    closer = [t for t in tiers if (t.rank, t.name.casefold()) < (tier.rank, tier.name.casefold())]
    said = f"referred {referred_in_year} clients in 12 months: a center of influence"
    if not closer:
        return f"{said}; keep in {tier.name}, the closest tier"
    best = max(closer, key=lambda t: (t.rank, t.name.casefold()))
    return f"{said}; consider tier {best.name}"


# ---------------------------------------------------------------------------------------------
# Report: touchpoints delivered on time


@dataclass(frozen=True, slots=True)
class OnTime:
    """Client-touchpoint-days in a window, and those on which the touchpoint was not overdue."""

    days: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return self.on_time / self.days if self.days else None

    def __add__(self, other: OnTime) -> OnTime:
        return OnTime(self.days + other.days, self.on_time + other.on_time)


def on_time_days(
    facts: TouchpointFacts, delivered: Iterable[date], start: date, end: date
) -> OnTime:
    """How many days of [start, end] the touchpoint was not overdue (rule 3: `due_on_T` >= the
    day), given `facts.anchor` as of the day before `start` and the days it was delivered in
    the window. Counted from the day the client entered its tier, if later than `start`."""
    first = max(start, facts.tier_since)
    if first > end:
        return OnTime()
    anchor = facts.anchor
    days = on_time = 0
    moments = sorted(d for d in set(delivered) if start <= d <= end)
    segment_start = first
    for moment in [*moments, end + timedelta(days=1)]:
        segment_end = moment - timedelta(days=1)  # a delivery counts from its own day
        if segment_end >= segment_start:
            due_on = touchpoint_due_on(
                facts.touchpoint.every, anchor, facts.tier_since, facts.snoozed_until
            )
            length = (segment_end - segment_start).days + 1
            late = max(0, (segment_end - max(due_on, segment_start - timedelta(days=1))).days)
            late = min(late, length)
            days += length
            on_time += length - late
        anchor = moment
        segment_start = max(segment_start, moment)
    return OnTime(days, on_time)


# ---------------------------------------------------------------------------------------------
# The model on one page, and the plan per owner


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """What the model asks of one owner against what they have (`capacity` in minutes)."""

    owner: str
    demand: Demand
    capacity: int | None
    workdays: str | None
    misfit: str | None

    @property
    def fits(self) -> bool | None:
        return None if self.capacity is None else self.misfit is None


@dataclass(frozen=True, slots=True)
class ModelView:
    today: date
    tiers: tuple[TierModel, ...]
    demand: ModelDemand
    owners: tuple[OwnerLoad, ...]

    def tier_demand(self, tier: TierModel) -> Demand:
        return self.demand.tiers.get(tier.rule.name, Demand())

    @property
    def unowned(self) -> Demand:
        return self.demand.owners.get(None, Demand())

    @property
    def total(self) -> Demand:
        found = list(self.demand.tiers.values())
        return Demand(sum(d.clients for d in found), sum(d.minutes_per_week for d in found))

    @property
    def misfits(self) -> tuple[str, ...]:
        return tuple(o.misfit for o in self.owners if o.misfit is not None)


def model_view(
    tiers: Sequence[TierModel], demand: ModelDemand, capacities: Sequence[Capacity], today: date
) -> ModelView:
    """Every owner who has clients or a capacity, by name, with the sentence when the model
    asks more of them than they have."""
    by_key = {c.owner.casefold(): c for c in capacities}
    keys = {k for k in demand.owners if k is not None} | set(by_key)
    owners = []
    for key in sorted(keys):
        capacity = by_key.get(key)
        name = capacity.owner if capacity is not None else demand.spelling.get(key, key)
        asked = demand.owners.get(key, Demand())
        owners.append(
            OwnerLoad(
                owner=name,
                demand=asked,
                capacity=None if capacity is None else capacity.minutes_per_week,
                workdays=None if capacity is None else workdays_text(capacity.workdays),
                misfit=None
                if capacity is None
                else misfit_sentence(name, asked.minutes_per_week, capacity),
            )
        )
    return ModelView(today, tuple(tiers), demand, tuple(owners))


@dataclass(frozen=True, slots=True)
class OwnerPlan:
    owner: str | None
    capacity: Capacity | None
    days: tuple[PlanDay, ...]

    @property
    def workdays(self) -> str | None:
        return None if self.capacity is None else workdays_text(self.capacity.workdays)

    @property
    def moved(self) -> list[Placed]:
        return [p for d in self.days for p in d.items if p.moved]


def owner_plans(
    items: Iterable[PlanItem],
    capacities: Sequence[Capacity],
    *,
    start: date,
    days: int,
    workdays: frozenset[int] | None = None,
) -> list[OwnerPlan]:
    """The plan of each owner (by name; the clients nobody owns last, without a capacity),
    levelled under the owner's capacity; `workdays` overrides the days each one works."""
    by_key = {c.owner.casefold(): c for c in capacities}
    groups: dict[str | None, list[PlanItem]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for item in items:
        key = owner_key(item.owner)
        if key is not None and item.owner is not None:
            spelling.setdefault(key, item.owner.strip())
        groups[key].append(item)
    plans = []
    for key in sorted(groups, key=lambda k: (k is None, k or "")):
        capacity = by_key.get(key) if key is not None else None
        if capacity is not None and workdays is not None:
            capacity = Capacity(capacity.owner, capacity.minutes_per_week, workdays)
        name = None if key is None else (capacity.owner if capacity else spelling[key])
        laid = level(groups[key], start=start, days=days, capacity=capacity)
        plans.append(OwnerPlan(name, capacity, tuple(laid)))
    return plans
