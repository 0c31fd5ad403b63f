"""The service model: who is due, who is reactive, and why (SPEC §1). Pure.

Every rule of the service model lives here, and nowhere else: inputs are frozen dataclasses
and a `today: date`; outputs are frozen dataclasses that carry a human reason. This module
imports no storage, terminal or CLI code and never reads the clock (ruff's banned-api
enforces both), so each rule can be tested with a table of plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from cadence_cli.core.dates import Interval, YearlyDate
from cadence_cli.core.wording import day_phrase, overdue_phrase, short_day

Status = Literal["ok", "due", "reactive"]

CHANNELS = ("call", "text", "email", "meeting", "video", "gift", "card", "social", "other")
OUTCOMES = ("reached", "message", "no-answer")
CONVERSATION_CHANNELS = frozenset({"call", "meeting", "video"})
NO_ANSWER = "no-answer"


def default_outcome(channel: str) -> str:
    """`reached` for a conversation channel (call, meeting, video), else `message`."""
    return "reached" if channel in CONVERSATION_CHANNELS else "message"


def is_counting(outcome: str) -> bool:
    """Only touches that reached the client or left a message reset the clock."""
    return outcome != NO_ANSWER


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, slots=True)
class TierRule:
    """A tier's promise: how often (`every`) and how long past due before it is reactive."""

    name: str
    rank: int
    every: Interval
    reactive_after: Interval


@dataclass(frozen=True, slots=True)
class TouchFact:
    """One touch as the model sees it: its local day and what happened."""

    on: date
    channel: str
    outcome: str
    inbound: bool = False

    @property
    def counts(self) -> bool:
        return is_counting(self.outcome)


@dataclass(frozen=True, slots=True)
class Terms:
    """The terms a client was served on from `since` until its next change (SPEC §1, "History
    of terms"): its tier as defined then, charter interval, snooze, and whether it counted.

    `active` is False while the client was archived (or, in a filtered report, outside the
    view): those days are nobody's.
    """

    since: date
    tier: TierRule
    charter_every: Interval | None = None
    snoozed_until: date | None = None
    active: bool = True


def terms_on(timeline: Sequence[Terms], day: date) -> Terms | None:
    """The terms in force on `day`: the latest whose `since` is on or before it (a change
    takes effect on its own day). None before the first: the client did not exist yet."""
    found = None
    for terms in timeline:
        if terms.since > day:
            break
        found = terms
    return found


@dataclass(frozen=True, slots=True)
class ClientRef:
    """Which client a fact is about, and its tier: what the lists of the model sort by
    (`client_key`). `ClientFacts` and `model.TouchpointFacts` start with these."""

    client_id: int
    name: str
    tier: TierRule


@dataclass(frozen=True, slots=True)
class ClientFacts(ClientRef):
    """What the model needs to know about one active client on one day.

    `last_counting` is the latest counting touch on or before that day, `last_attempt`
    the latest `no-answer` touch (either direction) on or before it, and `last_missed_call`
    the day of the latest inbound `no-answer` (the store finds all three with one SQL
    aggregate, so `due` never loads a whole history).

    `timeline`, when given, is the client's terms over time, oldest first: chases and the
    report judge each past day by the terms in force that day. Empty: the terms above held
    throughout (the daily commands need no more).
    """

    added_on: date
    last_counting: TouchFact | None = None
    last_attempt: TouchFact | None = None
    snoozed_until: date | None = None
    charter_every: Interval | None = None
    owner: str | None = None
    last_missed_call: date | None = None
    timeline: tuple[Terms, ...] = ()

    @property
    def terms(self) -> Terms:
        """The terms above as one `Terms`, in force since the day the client was added."""
        return Terms(self.added_on, self.tier, self.charter_every, self.snoozed_until)


# ---------------------------------------------------------------------------------------------
# Contacts: rules 1-5 of "When a client is due"


@dataclass(frozen=True, slots=True)
class Clock:
    """The dates rules 1-5 derive for one client, before any wording."""

    every: Interval
    base: date
    due_on: date
    reactive_on: date
    status: Status
    days_overdue: int
    interval_days: int
    snoozed: bool


def effective_every(tier: TierRule, charter_every: Interval | None) -> Interval:
    """Rule 2: the charter's agreed interval overrides the tier's."""
    return charter_every if charter_every is not None else tier.every


@lru_cache(maxsize=1 << 16)
def interval_after(interval: Interval, day: date) -> date:
    """`interval.after(day)`, remembered: a book has a few intervals and a few hundred touch
    days, so 100,000 clients ask the same few thousand questions (calendar months are slow)."""
    return interval.after(day)


def clock(
    *,
    every: Interval,
    reactive_after: Interval,
    anchor: date | None,
    added_on: date,
    snoozed_until: date | None,
    today: date,
) -> Clock:
    """Rules 1, 3, 4 and 5 for one client on `today`.

    `anchor` is the day of the latest counting touch on or before `today` (rule 1). With no
    touch the client is due from the day it was added. A snooze only ever pushes the due day
    later, and a snooze whose day has passed still counts (the client became due that day).
    """
    return Clock(*_clock_fields(every, reactive_after, anchor, added_on, snoozed_until, today))


_ClockFields = tuple[Interval, date, date, date, Status, int, int, bool]


def _clock_fields(
    every: Interval,
    reactive_after: Interval,
    anchor: date | None,
    added_on: date,
    snoozed_until: date | None,
    today: date,
) -> _ClockFields:
    """`clock`'s values in `Clock`'s field order: a `Standing` is made of them directly (one
    frozen record a due client, not two: 20,000 on a big book's morning)."""
    base = anchor if anchor is not None else added_on
    due_on, snoozed = due_day(every, anchor, added_on, snoozed_until)
    reactive_on = interval_after(reactive_after, due_on)
    if today < due_on:
        status: Status = "ok"
    elif today < reactive_on:
        status = "due"
    else:
        status = "reactive"
    return (
        every,
        base,
        due_on,
        reactive_on,
        status,
        max(0, (today - due_on).days),
        (interval_after(every, base) - base).days,  # every.days_from(base)
        snoozed,
    )


def due_day(
    every: Interval, anchor: date | None, added_on: date, snoozed_until: date | None
) -> tuple[date, bool]:
    """Rules 1 and 3: the due day, and whether a snooze pushed it (a client is `ok` before)."""
    due_on = interval_after(every, anchor) if anchor is not None else added_on
    if snoozed_until is not None and snoozed_until > due_on:
        return snoozed_until, True
    return due_on, False


def latest_anchor_due_by(every: Interval, day: date) -> date | None:
    """The latest anchor from which `every` makes a client due on or before `day`.

    A client whose anchor is later cannot be due on `day` (a snooze only pushes the due day
    later), so the store can leave it out in SQL. `every.after` never decreases as the anchor
    moves later, but month steps clamp, so the answer is searched for, not subtracted.
    None: no anchor at all would do (the calendar starts too late for `every`).
    """

    def due_by_day(anchor: date) -> bool:
        try:
            return interval_after(every, anchor) <= day
        except (OverflowError, ValueError):  # past the calendar's end: certainly later
            return False

    low, high = date.min, day  # due_by_day(high) is False: every interval is positive
    if not due_by_day(low):
        return None
    while high.toordinal() - low.toordinal() > 1:  # invariant: due_by_day(low), not (high)
        middle = date.fromordinal((low.toordinal() + high.toordinal()) // 2)
        if due_by_day(middle):
            low = middle
        else:
            high = middle
    return low


def touches_per_week(interval_days: int) -> float:
    """A cadence of `interval_days` asks for 7 / interval_days touches a week."""
    return 7 / interval_days


@dataclass(frozen=True, slots=True)
class Standing(Clock):
    """Where one client stands on `today`, and why, in words a person reads at a glance: the
    client's `Clock` on that day, with the client and the day.

    The reason is worded when it is read: a big book has thousands of due clients, and a
    screenful of them is shown.
    """

    client: ClientFacts
    today: date

    @property
    def cycles_overdue(self) -> float:
        """How far through an extra cycle the client is: the ordering key after status."""
        return self.days_overdue / self.interval_days

    @property
    def per_week(self) -> float:
        """The touches a week this client's cadence asks for (a tier's or the team's load)."""
        return touches_per_week(self.interval_days)

    @property
    def last_touch_on(self) -> date | None:
        last = self.client.last_counting
        return last.on if last is not None else None

    @property
    def reason(self) -> str:
        """'last reached 2 Nov by call; A every 1w', and the snooze when it set the due day."""
        client, today = self.client, self.today
        last = client.last_counting
        if last is None:
            history = f"never contacted (added {short_day(client.added_on, today)})"
        elif last.inbound:
            history = f"they reached you {short_day(last.on, today)} by {last.channel}"
        elif last.outcome == "reached":
            history = f"last reached {short_day(last.on, today)} by {last.channel}"
        else:
            history = f"last {last.channel} {short_day(last.on, today)} ({last.outcome})"
        source = "charter" if client.charter_every is not None else client.tier.name
        parts = [history, f"{source} every {self.every}"]
        if self.snoozed:
            parts.append(f"snoozed until {short_day(self.due_on, today)}")
        return "; ".join(parts)


def standing(client: ClientFacts, today: date) -> Standing:
    """Apply the service model to one client on `today`."""
    last = client.last_counting
    tier = client.tier
    values = _clock_fields(
        effective_every(tier, client.charter_every),
        tier.reactive_after,
        last.on if last is not None else None,
        client.added_on,
        client.snoozed_until,
        today,
    )
    return Standing(*values, client, today)


def client_key(client: ClientRef) -> tuple[int, str, int]:
    """The tie-breakers of every list: tier rank, then name (case-insensitive), then id."""
    return (client.tier.rank, client.name.casefold(), client.client_id)


def urgency_key(item: Standing) -> tuple[int, float, int, str, int]:
    """SPEC order: reactive first; then cycles overdue (desc); tier rank; name; id."""
    return (0 if item.status == "reactive" else 1, -item.cycles_overdue, *client_key(item.client))


def due_list(clients: Iterable[ClientFacts], today: date) -> list[Standing]:
    """Every due or reactive client on `today`, most urgent first."""
    standings = (standing(client, today) for client in clients)
    return sorted((s for s in standings if s.status != "ok"), key=urgency_key)


# ---------------------------------------------------------------------------------------------
# Follow-ups and chases


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An unanswered attempt that has not been followed by a counting touch: a call-back
    (`inbound`) when the client tried to reach you and you missed it."""

    client: ClientFacts
    attempted_on: date
    channel: str
    reason: str
    inbound: bool = False


def follow_up(client: ClientFacts, today: date) -> FollowUp | None:
    """A no-answer on a day later than the latest counting touch leaves one item per client
    (SPEC "Call-backs"): the latest attempt's day and channel, a call-back when any of the
    attempts since was the client's missed call.

    A no-answer and a message on the same day leave none: the message was the follow-up.
    """
    attempt = client.last_attempt
    if attempt is None or attempt.counts:
        return None
    last = client.last_counting
    if last is not None and attempt.on <= last.on:
        return None
    when = day_phrase(attempt.on, today)
    missed = client.last_missed_call
    if attempt.inbound and (missed is None or attempt.on > missed):
        missed = attempt.on
    if missed is not None and (last is None or missed > last.on):
        reason = f"they called {day_phrase(missed, today)} and you missed it"
        if attempt.on > missed:
            reason += f"; your {attempt.channel} on {when} went unanswered"
        return FollowUp(client, attempt.on, attempt.channel, f"{reason}: call back", inbound=True)
    suggestion = "a text or email" if attempt.channel in CONVERSATION_CHANNELS else "a call"
    return FollowUp(
        client=client,
        attempted_on=attempt.on,
        channel=attempt.channel,
        reason=f"{attempt.channel} unanswered on {when}: follow up with {suggestion}",
    )


def follow_ups(clients: Iterable[ClientFacts], today: date) -> list[FollowUp]:
    """Open follow-ups: call-backs first (the client is waiting), then oldest attempt first."""
    found = [f for f in (follow_up(c, today) for c in clients) if f is not None]
    return sorted(found, key=lambda f: (not f.inbound, f.attempted_on, *client_key(f.client)))


@dataclass(frozen=True, slots=True)
class Chase:
    """An inbound touch that arrived while the client was already due or reactive."""

    on: date
    channel: str
    status: Status
    days_overdue: int


def chases(client: ClientFacts, touches: Sequence[TouchFact]) -> list[Chase]:
    """Inbound touches on a day T when, from the touches before T, the client was due or worse.

    Each day T is judged by the terms in force on T (`client.timeline`, else the client's
    terms): moving a client to a looser tier today does not forgive last month's chase, and
    a touch while archived chases no one. At most one chase per day: two calls from an
    impatient client in one morning are one failure of proactive service, not two.
    """
    ordered = sorted(touches, key=lambda t: t.on)
    timeline = client.timeline or (client.terms,)
    found: list[Chase] = []
    anchor: date | None = None
    index = 0
    for touch in ordered:
        while index < len(ordered) and ordered[index].on < touch.on:
            if ordered[index].counts:
                anchor = ordered[index].on
            index += 1
        if not touch.inbound or (found and found[-1].on == touch.on):
            continue
        if anchor is None and touch.on <= client.added_on:
            continue  # a client who calls in the day you add them has not chased you
        terms = terms_on(timeline, touch.on) if client.timeline else timeline[0]
        if terms is None or not terms.active:
            continue
        result = clock(
            every=effective_every(terms.tier, terms.charter_every),
            reactive_after=terms.tier.reactive_after,
            anchor=anchor,
            added_on=client.added_on,
            snoozed_until=terms.snoozed_until,
            today=touch.on,
        )
        if result.status != "ok":
            found.append(Chase(touch.on, touch.channel, result.status, result.days_overdue))
    return found


# ---------------------------------------------------------------------------------------------
# Promises, milestones and charter reviews (the look-ahead sections of `due`)


@dataclass(frozen=True, slots=True)
class PromiseFacts:
    promise_id: int
    client_id: int
    name: str
    text: str
    due_on: date
    kept_on: date | None = None


@dataclass(frozen=True, slots=True)
class PromiseDue:
    promise: PromiseFacts
    overdue: bool
    reason: str


def promise_overdue(due_on: date, kept_on: date | None, today: date) -> bool:
    """A promise is overdue while it is open after its day: on its day it is only due.

    The one rule `due`, `show`, `promise list`, a review card and the report all apply.
    """
    return kept_on is None and due_on < today


def promise_agenda(promises: Iterable[PromiseFacts], today: date, until: date) -> list[PromiseDue]:
    """Open promises due on or before `until`; those due before `today` are overdue."""
    agenda = []
    for promise in promises:
        if promise.kept_on is not None or promise.due_on > until:
            continue
        overdue = promise_overdue(promise.due_on, promise.kept_on, today)
        if overdue:
            reason = overdue_phrase((today - promise.due_on).days)
        elif promise.due_on == today:
            reason = "due today"
        else:
            reason = f"due {day_phrase(promise.due_on, today)}"
        agenda.append(PromiseDue(promise, overdue, reason))
    return sorted(
        agenda,
        key=lambda p: (p.promise.due_on, p.promise.name.casefold(), p.promise.promise_id),
    )


def kept_on_time(promise: PromiseFacts) -> bool | None:
    """True if kept by its day, False if kept late, None while still open."""
    if promise.kept_on is None:
        return None
    return promise.kept_on <= promise.due_on


@dataclass(frozen=True, slots=True)
class MilestoneFacts:
    client_id: int
    name: str
    label: str
    date: YearlyDate


@dataclass(frozen=True, slots=True)
class MilestoneDue:
    milestone: MilestoneFacts
    on: date
    years: int | None
    description: str


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st…"""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def next_milestone(milestone: MilestoneFacts, today: date) -> MilestoneDue:
    """The next occurrence on or after `today` (never the original day itself), with its years."""
    original = milestone.date
    start = today
    if original.year is not None:
        start = max(today, original.occurrence_in(original.year) + timedelta(days=1))
    on = original.next_on_or_after(start)
    years = on.year - original.year if original.year is not None else None
    return MilestoneDue(milestone, on, years, describe_milestone(milestone.label, years))


def describe_milestone(label: str, years: int | None) -> str:
    """'turns 40', '5th home anniversary', 'birthday', 'client since (3rd anniversary)'."""
    if label == "birthday":
        return f"turns {years}" if years is not None else "birthday"
    if years is None:
        return label
    if "anniversary" in label.casefold():
        return f"{ordinal(years)} {label}"
    return f"{label} ({ordinal(years)} anniversary)"


def milestone_agenda(
    milestones: Iterable[MilestoneFacts], today: date, until: date
) -> list[MilestoneDue]:
    """Milestones whose next occurrence falls within [today, until], soonest first."""
    upcoming = [next_milestone(m, today) for m in milestones]
    return sorted(
        (m for m in upcoming if m.on <= until),
        key=lambda m: (m.on, m.milestone.name.casefold(), m.milestone.client_id, m.milestone.label),
    )


DEFAULT_REVIEW_EVERY = Interval(6, "m")


@dataclass(frozen=True, slots=True)
class CharterFacts:
    client_id: int
    name: str
    every: Interval
    agreed_on: date
    review_every: Interval = DEFAULT_REVIEW_EVERY
    channel: str | None = None
    note: str | None = None

    @property
    def review_on(self) -> date:
        return self.review_every.after(self.agreed_on)


@dataclass(frozen=True, slots=True)
class ReviewDue:
    charter: CharterFacts
    review_on: date
    overdue: bool


def review_agenda(charters: Iterable[CharterFacts], today: date, until: date) -> list[ReviewDue]:
    """Charter reviews that come due on or before `until`, earliest first."""
    due = [ReviewDue(c, c.review_on, c.review_on < today) for c in charters if c.review_on <= until]
    return sorted(due, key=lambda r: (r.review_on, r.charter.name.casefold(), r.charter.client_id))


# ---------------------------------------------------------------------------------------------
# The morning agenda: every section of `due`, in SPEC order


@dataclass(frozen=True, slots=True)
class Agenda:
    today: date
    until: date
    contacts: list[Standing]
    follow_ups: list[FollowUp]
    promises: list[PromiseDue]
    milestones: list[MilestoneDue]
    reviews: list[ReviewDue]
    next_up: Standing | None
    charters: dict[int, CharterFacts]

    @property
    def is_empty(self) -> bool:
        return not (
            self.contacts or self.follow_ups or self.promises or self.milestones or self.reviews
        )


def client_due_on(client: ClientFacts) -> date:
    """Rules 1 to 3: the day the client becomes due (from then on it is due or reactive)."""
    last = client.last_counting
    return due_day(
        effective_every(client.tier, client.charter_every),
        last.on if last is not None else None,
        client.added_on,
        client.snoozed_until,
    )[0]


def count_due(clients: Iterable[ClientFacts], today: date) -> int:
    """How many clients are due or reactive on `today`: `due --count`, which needs neither
    their order nor their reasons (the length of `build_agenda`'s contacts)."""
    return sum(1 for client in clients if client_due_on(client) <= today)


def build_agenda(
    *,
    clients: Sequence[ClientFacts],
    promises: Iterable[PromiseFacts],
    milestones: Iterable[MilestoneFacts],
    charters: Sequence[CharterFacts],
    today: date,
    until: date,
) -> Agenda:
    """Everything that needs the user on `today`, looking ahead to `until`.

    Every client gets its due day, but only the due ones and the next one up get a full
    `Standing` with its worded reason: on a big book most clients are fine, and a clock and
    a reason for each of them is most of the work.
    """
    due: list[ClientFacts] = []
    soonest: ClientFacts | None = None
    soonest_key: tuple[date, int, str, int] | None = None
    for client in clients:
        due_on = client_due_on(client)
        if today >= due_on:
            due.append(client)
        elif soonest_key is None or due_on <= soonest_key[0]:
            key = (due_on, *client_key(client))
            if soonest_key is None or key < soonest_key:
                soonest, soonest_key = client, key
    contacts = due_list(due, today)  # the one due order (tests/core pin it)
    return Agenda(
        today=today,
        until=until,
        contacts=contacts,
        follow_ups=follow_ups(clients, today),
        promises=promise_agenda(promises, today, until),
        milestones=milestone_agenda(milestones, today, until),
        reviews=review_agenda(charters, today, until),
        next_up=standing(soonest, today) if soonest is not None else None,
        charters={c.client_id: c for c in charters},
    )


# ---------------------------------------------------------------------------------------------
# ---- import spreading


@dataclass(frozen=True, slots=True)
class SpreadItem:
    """A never-contacted client to place: `key` names it, `every` is its first interval."""

    key: int
    rank: int
    every: Interval


def spread_first_due(items: Sequence[SpreadItem], today: date) -> dict[int, date]:
    """First due days that stagger a big import evenly instead of making everyone due today.

    The clients of each tier (same rank and interval) are spaced evenly over that interval,
    in the order given, starting today: n clients of a weekly tier fall on days 0, 7/n, 14/n…
    (rounded down), so every client is due within one interval, and the daily load from the
    first day on is the steady load the tiers demand once everyone is in rhythm. Tiers are
    placed in rank order, so A clients are all due within the first week and come first on a
    shared day.
    """
    groups: dict[tuple[int, Interval], list[int]] = {}
    for item in sorted(items, key=lambda item: item.rank):  # stable: keeps the given order
        groups.setdefault((item.rank, item.every), []).append(item.key)
    first_due: dict[int, date] = {}
    for (_rank, every), keys in groups.items():
        length = every.days_from(today)
        for index, key in enumerate(keys):
            first_due[key] = today + timedelta(days=index * length // len(keys))
    return first_due
