"""The written service model in the book (SPEC §8): touchpoints and capacity.

Plain SQL through a `Db`, like `reads` and `writes`, returning `core.model` records. The
aggregate behind `due` finds each client's latest satisfying touch per touchpoint with one
grouped query per tier that has touchpoints (a MAX per touchpoint), never loading a
history into Python; a book without touchpoints pays one tiny query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from cadence_cli.core.dates import Interval, parse_interval
from cadence_cli.core.model import (
    DEFAULT_CONTACT_MINUTES,
    DEFAULT_TOUCHPOINT_MINUTES,
    Capacity,
    DemandGroup,
    OnTime,
    TierModel,
    Touchpoint,
    TouchpointDue,
    TouchpointFacts,
    on_time_days,
    parse_workdays,
    touchpoint_agenda,
    workdays_text,
)
from cadence_cli.core.records import DueFilters, Stamp, TierDraft, TierInfo
from cadence_cli.core.schedule import CHANNELS, NO_ANSWER, latest_anchor_due_by
from cadence_cli.errors import Conflict, InvalidInput, NotFound
from cadence_cli.interop.modelfile import ModelSpec
from cadence_cli.store.engine import Db, as_day, in_list
from cadence_cli.store.facts import clients_on
from cadence_cli.store.reads import find_tier, in_view, owner_spellings, tiers
from cadence_cli.store.rules import check_line, check_owner

TOUCHPOINT_NAME_MAX = 60
MAX_MINUTES = 24 * 60

# ---------------------------------------------------------------------------------------------
# Touchpoints


def check_touchpoint_name(name: str) -> str:
    cleaned = check_line("touchpoint name", name, TOUCHPOINT_NAME_MAX)
    if cleaned is None:
        raise InvalidInput("a touchpoint needs a name", hint='e.g. "weekly call"')
    if "," in cleaned:
        raise InvalidInput(f"a touchpoint name cannot hold a comma: {name!r}")
    return cleaned


def check_channels(text: str | Sequence[str]) -> tuple[str, ...]:
    """`call` or `meeting,video`: channels from SPEC §1, each once, in the order given."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    found: list[str] = []
    for part in parts:
        channel = part.strip().lower()
        if channel not in CHANNELS:
            raise InvalidInput(
                f"unknown channel {part.strip()!r}", hint=f"use one of: {', '.join(CHANNELS)}"
            )
        if channel not in found:
            found.append(channel)
    if not found:
        raise InvalidInput("a touchpoint needs a channel", hint="e.g. --channel call")
    return tuple(found)


def check_minutes(minutes: int, *, label: str = "--minutes") -> int:
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput(f"{label} must be between 1 and {MAX_MINUTES}, got {minutes}")
    return minutes


def _touchpoint(row: Sequence[object]) -> Touchpoint:
    name, every, channels, minutes, attempts = row
    return Touchpoint(
        name=str(name),
        every=parse_interval(str(every)),
        channels=tuple(str(channels).split(",")),
        minutes=int(minutes),  # type: ignore[call-overload]
        attempt_counts=bool(attempts),
    )


def touchpoints_by_tier(*, db: Db) -> dict[int, list[Touchpoint]]:
    """Every touchpoint, by tier id, in name order (one small query)."""
    found: dict[int, list[Touchpoint]] = defaultdict(list)
    for tier_id, *row in db.rows(
        "SELECT tier_id, name, every, channels, minutes, attempt_counts FROM touchpoint "
        "ORDER BY tier_id, name_key"
    ):
        found[int(tier_id)].append(_touchpoint(row))
    return dict(found)


def tier_models(*, db: Db) -> list[TierModel]:
    """Every tier in rank order with its minutes per contact and its touchpoints."""
    minutes = {
        int(i): (int(m), d) for i, m, d in db.rows("SELECT id, minutes, description FROM tier")
    }
    points = touchpoints_by_tier(db=db)
    return [
        TierModel(
            tier_id=t.id,
            rule=t.rule,
            minutes=minutes[t.id][0],
            description=minutes[t.id][1] or "",
            touchpoints=tuple(points.get(t.id, ())),
        )
        for t in tiers(db=db)
    ]


def contact_minutes(*, db: Db) -> dict[str, int]:
    """Minutes per contact, by tier name."""
    return {str(n): int(m) for n, m in db.rows("SELECT name, minutes FROM tier")}


def find_touchpoint(tier_id: int, name: str, *, db: Db) -> Touchpoint | None:
    found = db.rows(
        "SELECT name, every, channels, minutes, attempt_counts FROM touchpoint "
        "WHERE tier_id = :tier AND name_key = :key",
        {"tier": tier_id, "key": name.strip().casefold()},
    )
    return _touchpoint(found[0]) if found else None


def add_touchpoint(
    tier: str,
    name: str,
    *,
    db: Db,
    every: Interval,
    channels: Sequence[str],
    minutes: int = DEFAULT_TOUCHPOINT_MINUTES,
    attempt_counts: bool = False,
) -> tuple[str, Touchpoint]:
    """Add a touchpoint to a tier; its name is unique within the tier (any case)."""
    found = find_tier(tier, tiers(db=db))
    clean_name = check_touchpoint_name(name)
    chosen = check_channels(channels)
    if find_touchpoint(found.id, clean_name, db=db) is not None:
        raise Conflict(
            f"tier {found.name} already has a touchpoint {clean_name!r}",
            hint=f"change it with `cadence model touchpoint edit {found.name} '{clean_name}'`",
        )
    db.execute(
        "INSERT INTO touchpoint (tier_id, name, name_key, every, channels, minutes, "
        "attempt_counts) VALUES (:tier, :name, :key, :every, :channels, :minutes, :attempts)",
        {
            "tier": found.id,
            "name": clean_name,
            "key": clean_name.casefold(),
            "every": str(every),
            "channels": ",".join(chosen),
            "minutes": check_minutes(minutes),
            "attempts": attempt_counts,
        },
    )
    return found.name, Touchpoint(clean_name, every, chosen, minutes, attempt_counts)


def _existing(tier: str, name: str, *, db: Db) -> tuple[int, str, Touchpoint]:
    found = find_tier(tier, tiers(db=db))
    point = find_touchpoint(found.id, name, db=db)
    if point is None:
        raise NotFound(
            f"tier {found.name} has no touchpoint {name.strip()!r}",
            hint=_listing(found.id, found.name, db=db),
        )
    return found.id, found.name, point


def _listing(tier_id: int, tier: str, *, db: Db) -> str:
    names = [p.name for p in touchpoints_by_tier(db=db).get(tier_id, [])]
    if not names:
        return f"tier {tier} has none; add one with `cadence model touchpoint add {tier} NAME`"
    return f"{tier}'s touchpoints are: {', '.join(names)}"


def edit_touchpoint(
    tier: str,
    name: str,
    *,
    db: Db,
    every: Interval | None = None,
    channels: Sequence[str] | None = None,
    minutes: int | None = None,
    attempt_counts: bool | None = None,
) -> tuple[str, Touchpoint]:
    """Change what is given, keep the rest."""
    tier_id, tier_name, point = _existing(tier, name, db=db)
    changed = Touchpoint(
        name=point.name,
        every=every if every is not None else point.every,
        channels=check_channels(channels) if channels is not None else point.channels,
        minutes=check_minutes(minutes) if minutes is not None else point.minutes,
        attempt_counts=point.attempt_counts if attempt_counts is None else attempt_counts,
    )
    db.execute(
        "UPDATE touchpoint SET every = :every, channels = :channels, minutes = :minutes, "
        "attempt_counts = :attempts WHERE tier_id = :tier AND name_key = :key",
        {
            "every": str(changed.every),
            "channels": ",".join(changed.channels),
            "minutes": changed.minutes,
            "attempts": changed.attempt_counts,
            "tier": tier_id,
            "key": point.name.casefold(),
        },
    )
    return tier_name, changed


def remove_touchpoint(tier: str, name: str, *, db: Db) -> tuple[str, Touchpoint]:
    """Remove a touchpoint; touches logged `--for` it keep the name they were logged with."""
    tier_id, tier_name, point = _existing(tier, name, db=db)
    db.execute(
        "DELETE FROM touchpoint WHERE tier_id = :tier AND name_key = :key",
        {"tier": tier_id, "key": point.name.casefold()},
    )
    return tier_name, point


def touchpoint_for_client(client_id: int, name: str, *, db: Db) -> Touchpoint:
    """The touchpoint called `name` in the client's tier, or an error listing the tier's."""
    ((tier_id, tier),) = db.rows(
        "SELECT t.id, t.name FROM client AS c JOIN tier AS t ON t.id = c.tier_id WHERE c.id = :id",
        {"id": client_id},
    )
    point = find_touchpoint(int(tier_id), name, db=db)
    if point is None:
        raise NotFound(
            f"tier {tier} has no touchpoint {name.strip()!r}",
            hint=_listing(int(tier_id), str(tier), db=db),
        )
    return point


def credit_touch(touch_id: int, touchpoint: str, *, db: Db) -> None:
    """`log --for`: the touch delivers this touchpoint whatever its channel (rule 1)."""
    db.execute(
        "UPDATE touch SET touchpoint = :name WHERE id = :id", {"name": touchpoint, "id": touch_id}
    )


def touchpoint_names(prefix: str, *, db: Db, limit: int = 50) -> list[str]:
    """Touchpoint names that start with `prefix` (completion of `log --for`)."""
    key = prefix.casefold()
    names = [str(n) for (n,) in db.rows("SELECT DISTINCT name FROM touchpoint ORDER BY name")]
    return [n for n in names if n.casefold().startswith(key)][:limit]


# ---------------------------------------------------------------------------------------------
# The clocks: each active client's latest satisfying touch per touchpoint


def _satisfying(point: Touchpoint, index: int, params: dict[str, object]) -> str:
    """Rule 1 as a condition on `touch AS t`: logged `--for` the touchpoint, or counting on
    one of its channels (with `attempt_counts`, an unanswered outbound attempt too). The
    outcome is a literal, as in `facts`."""
    channels, channel_params = in_list(f"tp{index}_channel", point.channels)
    params.update(channel_params)
    params[f"tp{index}_name"] = point.name
    attempts = " OR t.inbound = :tp_outbound" if point.attempt_counts else ""
    return (
        f"(t.touchpoint = :tp{index}_name OR (t.channel IN {channels} "
        f"AND (t.outcome != '{NO_ANSWER}'{attempts})))"
    )


_CLOCKS_GROUP = " GROUP BY c.id, c.name, c.owner, c.tier_since, c.added_on, c.snoozed_until"


def _clocks_sql(
    tier_id: int,
    points: Sequence[Touchpoint],
    *,
    on: date,
    filters: DueFilters,
    db: Db,
    view: tuple[str, Sequence[TierInfo], dict[str, object]],
) -> tuple[str, dict[str, object]]:
    """The clients of one tier in view on `on` joined to their touches up to `on`, without
    its GROUP BY (`_CLOCKS_GROUP`): id, name, owner, the day it entered the tier (`since`),
    snooze, then `a0`, `a1`… the latest satisfying day of each of `points`."""
    source, known, base = view
    where, params = in_view(filters, db=db, known=known)
    params.update(base, tp_tier=tier_id, tp_on=on, tp_outbound=False)
    latest = [
        f"MAX(CASE WHEN {_satisfying(point, i, params)} THEN t.day END) AS a{i}"
        for i, point in enumerate(points)
    ]
    sql = (
        "SELECT c.id, c.name, c.owner, COALESCE(c.tier_since, c.added_on) AS since, "
        f"c.snoozed_until, {', '.join(latest)} FROM {source} AS c "
        "LEFT JOIN touch AS t ON t.client_id = c.id AND t.day <= :tp_on "
        f"WHERE c.tier_id = :tp_tier AND {where}"
    )
    return sql, params


def touchpoint_facts(
    *,
    db: Db,
    on: date,
    filters: DueFilters = DueFilters(),
    client_id: int | None = None,
    due_by: date | None = None,
) -> list[TouchpointFacts]:
    """Every touchpoint of every client in view active on `on` (or of one client), with the
    day of its latest satisfying touch on or before `on` (SPEC §8 rules 1-2).

    The client's tier, owner, snooze and the day it entered its tier are the terms in force
    on `on` (SPEC §1 "History of terms", through `facts.clients_on`): a client moved from B
    to A yesterday is judged by B's touchpoints for the days before. Touchpoint definitions
    have no history (revision 0004 keeps only the current ones), so a past day is judged by
    the current touchpoints of the tier in force that day, under that tier's definition of
    the day (its name and rank).

    One aggregate per tier that has touchpoints: its clients' touches up to `on`, grouped
    by client, with one MAX per touchpoint. With `due_by`, a client-touchpoint whose latest
    delivery makes it due after that day is left out in SQL (each touchpoint's latest due
    anchor from `schedule.latest_anchor_due_by`; a snooze only pushes the day later).
    """
    by_tier = touchpoints_by_tier(db=db)
    if not by_tier:
        return []
    source, known, base = clients_on(on, db=db)
    rules = {t.id: t.rule for t in known}
    found: list[TouchpointFacts] = []
    days: dict[object, date] = {}

    def day_of(value: object) -> date:
        got = days.get(value)
        if got is None:
            got = days[value] = as_day(value)  # type: ignore[arg-type]
        return got

    for tier_id, points in sorted(by_tier.items()):
        if tier_id not in rules:
            continue
        sql, params = _clocks_sql(
            tier_id, points, on=on, filters=filters, db=db, view=(source, known, base)
        )
        if client_id is not None:
            sql += " AND c.id = :tp_client"
            params["tp_client"] = client_id
        sql += _CLOCKS_GROUP
        cutoffs: list[date | None] = [None] * len(points)
        if due_by is not None:
            cutoffs = [latest_anchor_due_by(point.every, due_by) for point in points]
            maybe = []
            for i, cutoff in enumerate(cutoffs):
                if cutoff is None:
                    maybe.append(f"g.a{i} IS NULL")
                else:
                    maybe.append(f"g.a{i} IS NULL OR g.a{i} <= :tp_cut{i}")
                    params[f"tp_cut{i}"] = cutoff
            sql = f"SELECT * FROM ({sql}) AS g WHERE {' OR '.join(maybe)}"
        rule = rules[tier_id]
        for cid, name, owner, since, snoozed, *anchors in db.rows(sql, params):
            for point, anchor, cutoff in zip(points, anchors, cutoffs, strict=True):
                last = None if anchor is None else day_of(anchor)
                if due_by is not None and last is not None and (cutoff is None or last > cutoff):
                    continue
                found.append(
                    TouchpointFacts(
                        client_id=int(cid),
                        name=name,
                        tier=rule,
                        touchpoint=point,
                        tier_since=day_of(since),
                        anchor=last,
                        snoozed_until=None if snoozed is None else day_of(snoozed),
                        owner=owner,
                    )
                )
    return found


def due_touchpoints(
    *, db: Db, on: date, until: date, filters: DueFilters = DueFilters()
) -> list[TouchpointDue]:
    """The touchpoints due by `until` (SPEC §8 rule 3) over the clients in view, in SPEC
    order: `due`'s section and the calendar's to-dos are this one list."""
    found = touchpoint_facts(db=db, on=on, filters=filters, due_by=until)
    return touchpoint_agenda(found, on, until)


def touchpoint_ids(*, db: Db) -> dict[tuple[str, str], int]:
    """(tier name, touchpoint name folded) → the touchpoint's id, which outlives an edit: the
    calendar's to-do for a client's touchpoint is named by it."""
    return {
        (str(tier), str(key)): int(point_id)
        for point_id, tier, key in db.rows(
            "SELECT p.id, t.name, p.name_key FROM touchpoint AS p "
            "JOIN tier AS t ON t.id = p.tier_id"
        )
    }


def client_touchpoint(client_id: int, touchpoint_id: int, *, db: Db) -> Touchpoint | None:
    """The touchpoint with this id when it is one of the active client's tier (a to-do
    completed after the touchpoint was removed or the client moved tier delivers nothing)."""
    found = db.rows(
        "SELECT p.name, p.every, p.channels, p.minutes, p.attempt_counts "
        "FROM touchpoint AS p JOIN client AS c ON c.tier_id = p.tier_id "
        "WHERE p.id = :point AND c.id = :client AND c.status = 'active'",
        {"point": touchpoint_id, "client": client_id},
    )
    return _touchpoint(found[0]) if found else None


def demand_groups(*, db: Db, on: date) -> list[DemandGroup]:
    """The model's weekly demand (SPEC §8) as counts: the active clients on `on` grouped by
    tier, owner, interval and the day their clock runs from (the latest counting touch, else
    the day added; for a touchpoint its latest delivery, else the day the client entered
    the tier), with the terms in force on `on`. A few thousand rows on a big book."""
    source, known, base = clients_on(on, db=db)
    names = {t.id: t.name for t in known}
    every = {t.id: t.every for t in known}
    minutes = contact_minutes(db=db)
    where, params = in_view(DueFilters(), db=db, known=known)
    params.update(base, on=on)
    groups = [
        DemandGroup(
            tier=names[int(tier_id)],
            owner=owner,
            minutes=minutes.get(names[int(tier_id)], DEFAULT_CONTACT_MINUTES),
            every=every[int(tier_id)] if charter is None else parse_interval(str(charter)),
            base=as_day(day),
            count=int(count),
        )
        for tier_id, owner, charter, day, count in db.rows(
            "SELECT g.tier_id, g.owner, g.charter, g.base, COUNT(*) FROM (SELECT c.id AS id, "
            "c.tier_id AS tier_id, c.owner AS owner, CASE WHEN c.charter_agreed_on IS NOT NULL "
            "THEN c.charter_every END AS charter, COALESCE((SELECT MAX(t.day) FROM touch AS t "
            f"WHERE t.client_id = c.id AND t.outcome != '{NO_ANSWER}' AND t.day <= :on), "
            f"c.added_on) AS base FROM {source} AS c WHERE {where}) AS g "
            "GROUP BY g.tier_id, g.owner, g.charter, g.base ORDER BY MIN(g.id)",
            params,
        )
    ]
    for tier_id, points in sorted(touchpoints_by_tier(db=db).items()):
        if tier_id not in names:
            continue
        sql, params = _clocks_sql(
            tier_id, points, on=on, filters=DueFilters(), db=db, view=(source, known, base)
        )
        bases = ", ".join(f"COALESCE(f.a{i}, f.since)" for i in range(len(points)))
        rows = db.rows(
            f"SELECT f.owner, {bases}, COUNT(*) FROM ({sql}{_CLOCKS_GROUP}) AS f "
            f"GROUP BY f.owner, {bases}",
            params,
        )
        for owner, *days, count in rows:
            groups += [
                DemandGroup(
                    tier=names[tier_id],
                    owner=owner,
                    minutes=point.minutes,
                    every=point.every,
                    base=as_day(day),
                    count=int(count),
                    contact=False,
                )
                for point, day in zip(points, days, strict=True)
            ]
    return groups


def touchpoints_on_time(
    *, db: Db, start: date, on: date, filters: DueFilters = DueFilters()
) -> dict[str, OnTime]:
    """Per tier name (as defined on `on`): client-touchpoint-days in [start, on] and those
    not overdue (the report's "touchpoints on time").

    Each day is judged by the terms in force that day (SPEC §1 "History of terms"): the
    client's tier, status, owner, snooze and the day it entered the tier, from its
    snapshots; a client moved from B to A counts B's touchpoints until the day it moved.
    Touchpoint definitions have no history, so each tier's current ones are used. The tier
    and owner filters apply to each day's terms, the tag filter to today's tags (tags have
    no history). Three queries: the snapshots, each client's latest delivery of every
    touchpoint before the window, and the window's satisfying touches.
    """
    by_tier = touchpoints_by_tier(db=db)
    if not by_tier:
        return {}
    _source, known, _base = clients_on(on, db=db)
    names = {t.id: t.name for t in known}
    rules = {t.id: t.rule for t in known}
    points = [(tier_id, p) for tier_id, found in sorted(by_tier.items()) for p in found]
    tier_ids, params = in_list("tp_tiers", sorted(by_tier))
    params.update(start=start, on=on)
    clients = f"SELECT client_id FROM client_term WHERE tier_id IN {tier_ids}"
    if filters.tag is not None:
        clients += " AND client_id IN (SELECT client_id FROM client_tag WHERE tag = :tp_tag)"
        params["tp_tag"] = filters.tag.strip().lower()
    wanted_tier = None if filters.tier is None else find_tier(filters.tier, known).id
    owners = None if filters.owner is None else set(owner_spellings(filters.owner, db=db))
    terms = _term_stretches(clients, params, db=db)
    before, delivered = _deliveries([p for _t, p in points], clients, params, db=db)
    totals: dict[str, OnTime] = defaultdict(OnTime)
    for cid, rows in terms.items():
        anchors = before.get(cid, [None] * len(points))
        for index, (since, tier_id, tier_since, status, snoozed, owner) in enumerate(rows):
            first = max(since, start)
            last = rows[index + 1][0] - timedelta(days=1) if index + 1 < len(rows) else on
            if last < first or status != "active" or tier_id not in names:
                continue
            if wanted_tier is not None and tier_id != wanted_tier:
                continue
            if owners is not None and owner not in owners:
                continue
            for i, (point_tier, point) in enumerate(points):
                if point_tier != tier_id:
                    continue
                days = [d for d, hits in delivered.get(cid, []) if hits[i]]
                earlier = [d for d in days if d < first]
                anchor = max(earlier) if earlier else anchors[i]
                facts = TouchpointFacts(cid, "", rules[tier_id], point, tier_since, anchor, snoozed)
                totals[names[tier_id]] += on_time_days(
                    facts, [d for d in days if first <= d <= last], first, last
                )
    return dict(totals)


_Stretch = tuple[date, int, date, str, date | None, str | None]
"""One snapshot of a client's terms: from when, tier id, tier since, status, snooze, owner."""


def _term_stretches(
    clients: str, params: dict[str, object], *, db: Db
) -> dict[int, list[_Stretch]]:
    """Every snapshot up to `:on` of the `clients` (a sub-select), oldest first, by client."""
    terms: dict[int, list[_Stretch]] = {}
    for cid, since, tier_id, tier_since, status, snoozed, owner in db.rows(
        "SELECT client_id, effective_on, tier_id, tier_since, status, snoozed_until, owner "
        f"FROM client_term WHERE client_id IN ({clients}) AND effective_on <= :on "
        "ORDER BY client_id, effective_on, id",
        params,
    ):
        terms.setdefault(int(cid), []).append(
            (
                as_day(since),
                int(tier_id),
                as_day(tier_since),
                str(status),
                None if snoozed is None else as_day(snoozed),
                owner,
            )
        )
    return terms


def _deliveries(
    points: Sequence[Touchpoint], clients: str, params: dict[str, object], *, db: Db
) -> tuple[dict[int, list[date | None]], dict[int, list[tuple[date, list[int]]]]]:
    """For the `clients` (a sub-select): each one's latest delivery of each of `points`
    before `:start` (one grouped query), and its touches in [`:start`, `:on`] with a 0/1 per
    point for whether the touch delivers it (one query)."""
    conditions = [_satisfying(point, i, params) for i, point in enumerate(points)]
    params["tp_outbound"] = False
    before: dict[int, list[date | None]] = {}
    latest = ", ".join(f"MAX(CASE WHEN {c} THEN t.day END)" for c in conditions)
    for cid, *days in db.rows(
        f"SELECT t.client_id, {latest} FROM touch AS t WHERE t.day < :start "
        f"AND t.client_id IN ({clients}) GROUP BY t.client_id",
        params,
    ):
        before[int(cid)] = [None if d is None else as_day(d) for d in days]
    flags = ", ".join(f"CASE WHEN {c} THEN 1 ELSE 0 END" for c in conditions)
    delivered: dict[int, list[tuple[date, list[int]]]] = defaultdict(list)
    for cid, day, *hits in db.rows(
        f"SELECT t.client_id, t.day, {flags} FROM touch AS t WHERE t.day >= :start "
        f"AND t.day <= :on AND t.client_id IN ({clients})",
        params,
    ):
        delivered[int(cid)].append((as_day(day), [int(h) for h in hits]))
    return before, delivered


# ---------------------------------------------------------------------------------------------
# Capacity


def capacities(*, db: Db) -> list[Capacity]:
    """Each owner's weekly capacity, by owner name."""
    rows = db.rows("SELECT owner, minutes_per_week, workdays FROM team_capacity ORDER BY owner_key")
    return [Capacity(o, int(m), parse_workdays(w)) for o, m, w in rows]


def set_capacity(owner: str, minutes_per_week: int, workdays: str | None, *, db: Db) -> Capacity:
    """Set (or replace) an owner's capacity; `workdays` None keeps what they had."""
    name = check_owner(owner, label="owner")
    if name is None:
        raise InvalidInput("capacity needs an owner", hint="e.g. cadence team capacity sam 20h")
    key = name.casefold()
    old = db.rows("SELECT workdays FROM team_capacity WHERE owner_key = :key", {"key": key})
    days = parse_workdays(workdays if workdays is not None else (old[0][0] if old else "mon-fri"))
    values = {"key": key, "owner": name, "minutes": minutes_per_week, "days": workdays_text(days)}
    if old:
        db.execute(
            "UPDATE team_capacity SET owner = :owner, minutes_per_week = :minutes, "
            "workdays = :days WHERE owner_key = :key",
            values,
        )
    else:
        db.execute(
            "INSERT INTO team_capacity (owner_key, owner, minutes_per_week, workdays) "
            "VALUES (:key, :owner, :minutes, :days)",
            values,
        )
    return Capacity(name, minutes_per_week, days)


def remove_capacity(owner: str, *, db: Db) -> None:
    db.execute("DELETE FROM team_capacity WHERE owner_key = :key", {"key": owner.casefold()})


# ---------------------------------------------------------------------------------------------
# A whole model at once (`model apply`)


def current_spec(*, db: Db) -> ModelSpec:
    """The book's model as `model export` writes it."""
    return ModelSpec(tuple(tier_models(db=db)), tuple(capacities(db=db)))


def apply_model(spec: ModelSpec, *, db: Db, stamp: Stamp) -> None:
    """Make the book's model the file's, in the caller's one transaction: tiers are defined
    through `writes.define_tier` (so each change is in the tiers' history), then touchpoints
    and capacities follow, and tiers and capacities the file leaves out are removed (a tier
    that still has clients refuses, as `tier delete` does)."""
    from cadence_cli.store import writes

    for tier in spec.tiers:
        rule = tier.rule
        minutes = check_minutes(tier.minutes, label="minutes")
        draft = TierDraft(
            rule.name, rule.every, rule.reactive_after, description=tier.description,
            rank=rule.rank, minutes=minutes,
        )  # fmt: skip
        writes.define_tier(draft, db=db, stamp=stamp)
        have = {p.name.casefold(): p for p in current_points(rule.name, db=db)}
        for point in tier.touchpoints:
            before = have.pop(point.name.casefold(), None)
            if before != point:
                write = add_touchpoint if before is None else edit_touchpoint
                write(
                    rule.name,
                    point.name,
                    db=db,
                    every=point.every,
                    channels=point.channels,
                    minutes=point.minutes,
                    attempt_counts=point.attempt_counts,
                )
        for gone in have.values():
            remove_touchpoint(rule.name, gone.name, db=db)
    wanted = {t.rule.name.casefold() for t in spec.tiers}
    for known in tiers(db=db):
        if known.name.casefold() not in wanted:
            writes.delete_tier(known.name, db=db, move_to=None, stamp=stamp)
    owners = {c.owner.casefold() for c in spec.capacities}
    for capacity in capacities(db=db):
        if capacity.owner.casefold() not in owners:
            remove_capacity(capacity.owner, db=db)
    for capacity in spec.capacities:
        set_capacity(
            capacity.owner, capacity.minutes_per_week, workdays_text(capacity.workdays), db=db
        )


def current_points(tier: str, *, db: Db) -> list[Touchpoint]:
    found = find_tier(tier, tiers(db=db))
    return touchpoints_by_tier(db=db).get(found.id, [])
