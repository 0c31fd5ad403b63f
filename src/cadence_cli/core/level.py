"""Levelling a plan (SPEC §8): each day's work laid out under an owner's daily capacity. Pure.

`model.plan_items` turns clients and touchpoints into dated `PlanItem`s; this module only
moves items between days, so it knows nothing of clients, tiers or clocks: a day's minutes,
an item's place in SPEC order, and how many minutes each day has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

Kind = Literal["contact", "touchpoint"]
Order = tuple[int, int, float, int, str, int, str]


class DailyCapacity(Protocol):
    """How many minutes an owner can give on a day (`model.Capacity` is one)."""

    def per_day(self, day: date) -> int: ...


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One piece of work on the day it comes due (overdue work on the first day).

    `order` is its place in SPEC order among the items of its day: contacts first in the
    order of `due`, then touchpoints in the order of `touchpoints`.
    """

    day: date
    order: Order
    minutes: int
    client_id: int
    name: str
    tier: str
    owner: str | None
    kind: Kind
    touchpoint: str | None = None
    due_on: date | None = None


@dataclass(frozen=True, slots=True)
class Placed:
    item: PlanItem
    day: date

    @property
    def moved(self) -> bool:
        return self.day != self.item.day


@dataclass(frozen=True, slots=True)
class PlanDay:
    day: date
    capacity: int | None
    items: tuple[Placed, ...]

    @property
    def minutes(self) -> int:
        return sum(p.item.minutes for p in self.items)

    @property
    def over(self) -> bool:
        return self.capacity is not None and self.minutes > self.capacity


def level(
    items: Iterable[PlanItem],
    *,
    start: date,
    days: int,
    capacity: DailyCapacity | None,
) -> list[PlanDay]:
    """Lay the items out over `days` days from `start` under one owner's daily capacity.

    Each day's items are placed in SPEC order; while a day's minutes exceed its capacity, its
    items last in that order move to the latest earlier day (never before `start`) that has
    room for them. Early contact is never late: nothing moves to a later day, and an item no
    earlier day has room for stays where it is (the day shows over capacity). Without a
    capacity nothing moves.
    """
    dates = [start + timedelta(days=i) for i in range(days)]
    limit = {d: (capacity.per_day(d) if capacity is not None else None) for d in dates}
    own: dict[date, list[PlanItem]] = defaultdict(list)
    for item in items:
        if start <= item.day < start + timedelta(days=days):
            own[item.day].append(item)
    placed: dict[date, list[Placed]] = {d: [] for d in dates}
    used = dict.fromkeys(dates, 0)
    for index, day in enumerate(dates):
        mine = sorted(own[day], key=lambda i: i.order)
        used[day] += sum(i.minutes for i in mine)
        staying = list(mine)
        cap = limit[day]
        if cap is not None and used[day] > cap:
            for item in reversed(mine):
                if used[day] <= cap:
                    break
                target = _latest_room(dates[:index], item.minutes, used, limit)
                if target is None:
                    continue
                staying.remove(item)
                used[day] -= item.minutes
                used[target] += item.minutes
                placed[target].append(Placed(item, target))
        placed[day][:0] = [Placed(i, day) for i in staying]
    return [
        PlanDay(d, limit[d], tuple(sorted(placed[d], key=lambda p: (p.item.day, p.item.order))))
        for d in dates
    ]


def _latest_room(
    earlier: Sequence[date],
    minutes: int,
    used: Mapping[date, int],
    limit: Mapping[date, int | None],
) -> date | None:
    for day in reversed(earlier):
        cap = limit[day]
        if cap is None or used[day] + minutes <= cap:
            return day
    return None
