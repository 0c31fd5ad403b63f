"""Client reviews (SPEC §3 `tier review`): the order of the cards, what each one measures,
the tier it suggests and why, and how an answer is read. Pure.

A review re-sorts the book: clients who keep chasing you belong in a closer tier; clients you
have not spoken to for several of their cycles belong in a looser one, or in a transition
plan. The thresholds are plain constants so the card can say exactly why it suggests a move.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from cadence_cli.core.dates import Interval
from cadence_cli.core.schedule import (
    ClientFacts,
    Standing,
    TierRule,
    TouchFact,
    chases,
    effective_every,
    standing,
    urgency_key,
)
from cadence_cli.core.wording import plural, short_day, times

LOOKBACK_DAYS = 90
"""Chases and inbound touches are counted over this many days, ending on the review day."""
CHASES_FOR_CLOSER_TIER = 3
"""This many chases in the lookback suggest the next closer tier."""
QUIET_CYCLES = 3
"""This many whole cycles without a conversation suggest the next looser tier, or archiving."""

AnswerKind = Literal["tier", "archive", "skip", "quit", "unknown"]
COMMANDS: dict[str, AnswerKind] = {"x": "archive", "s": "skip", "q": "quit"}


# ---------------------------------------------------------------------------------------------
# Order


def review_order(clients: Iterable[ClientFacts], today: date) -> list[Standing]:
    """Every client's standing, most urgent first: the order of `due`, then the ok ones."""
    return sorted((standing(c, today) for c in clients), key=urgency_key)


# ---------------------------------------------------------------------------------------------
# What a card measures and suggests


def whole_cycles(every: Interval, base: date, today: date) -> int:
    """How many whole intervals fit between `base` and `today` (calendar steps for months)."""
    if today < base:
        return 0
    # Start one interval short of the average-length estimate, then step in exact calendar
    # steps from `base` (never step by step, which would drift: Jan 31 → Feb 28 → Mar 28).
    cycles = max(0, int((today - base).days / every.nominal_days) - 1)
    while True:
        try:
            following = every.after(base, times=cycles + 1)
        except (OverflowError, ValueError):  # past the year 9999: no further cycle fits
            return cycles
        if following > today:
            return cycles
        cycles += 1


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the review suggests for one client: a tier (maybe the same one) and the reason.

    `text` reads as one line on the card: 'chased you 3 times in 90 days: consider tier A'.
    """

    tier: str
    current: str
    archive: bool
    reason: str
    advice: str

    @property
    def moves(self) -> bool:
        return self.tier != self.current

    @property
    def text(self) -> str:
        return f"{self.reason}: {self.advice}"


def neighbours(
    tier: TierRule, tiers: Sequence[TierRule]
) -> tuple[TierRule | None, TierRule | None]:
    """The next closer tier (lower rank) and the next looser one (higher rank), if any."""
    ordered = sorted({t.name: t for t in (*tiers, tier)}.values(), key=_tier_order)
    index = [t.name for t in ordered].index(tier.name)
    closer = ordered[index - 1] if index > 0 else None
    looser = ordered[index + 1] if index + 1 < len(ordered) else None
    return closer, looser


def _tier_order(tier: TierRule) -> tuple[int, str]:
    return (tier.rank, tier.name.casefold())


def suggest(
    *,
    tier: TierRule,
    tiers: Sequence[TierRule],
    chases_in_lookback: int,
    quiet_cycles: int,
    last_conversation: date | None,
    added_on: date,
    today: date,
) -> Suggestion:
    """The review's advice for one client, by the first rule that applies.

    1. Chased `CHASES_FOR_CLOSER_TIER` times or more in the lookback: the next closer tier
       (in the closest tier already: keep it and agree a shorter charter interval).
    2. No conversation for `QUIET_CYCLES` whole cycles or more: the next looser tier or
       archive (in the loosest tier already: archive).
    3. Otherwise keep the tier, saying when you last spoke and how often they chased.
    """
    closer, looser = neighbours(tier, tiers)
    chased = f"chased you {times(chases_in_lookback)} in {LOOKBACK_DAYS} days"
    if chases_in_lookback >= CHASES_FOR_CLOSER_TIER:
        if closer is not None:
            return Suggestion(closer.name, tier.name, False, chased, f"consider tier {closer.name}")
        advice = f"keep in {tier.name}, the closest tier, and agree a shorter charter interval"
        return Suggestion(tier.name, tier.name, False, chased, advice)
    if quiet_cycles >= QUIET_CYCLES:
        quiet = f"no conversation in {plural(quiet_cycles, 'cycle')}"
        if looser is not None:
            return Suggestion(
                looser.name, tier.name, True, quiet, f"consider {looser.name} or archive"
            )
        return Suggestion(tier.name, tier.name, True, quiet, "consider archiving")
    if last_conversation is None:
        spoke = f"no conversation yet (added {short_day(added_on, today)})"
    else:
        spoke = f"last conversation {short_day(last_conversation, today)}"
    chased = chased if chases_in_lookback else f"no chases in {LOOKBACK_DAYS} days"
    return Suggestion(tier.name, tier.name, False, f"{spoke}; {chased}", f"keep in {tier.name}")


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """What one card measures about a client on the review day, and what it suggests."""

    standing: Standing
    chases: int
    inbound: int
    last_conversation: date | None
    quiet_cycles: int
    suggestion: Suggestion


def review_facts(
    client: ClientFacts, touches: Sequence[TouchFact], tiers: Sequence[TierRule], today: date
) -> ReviewFacts:
    """Measure one client from its touches (any order; those after `today` are ignored).

    The standing is computed from these touches too, so the card never disagrees with itself.

    A conversation is a touch whose outcome is `reached`, in either direction. Quiet cycles
    are counted from the last one, or from the day the client was added.
    """
    kept = sorted((t for t in touches if t.on <= today), key=lambda t: t.on)
    counting = [t for t in kept if t.counts]
    attempts = [t for t in kept if not t.counts]
    missed = [t.on for t in attempts if t.inbound]
    client = replace(
        client,
        last_counting=counting[-1] if counting else None,
        last_attempt=attempts[-1] if attempts else None,
        last_missed_call=missed[-1] if missed else None,
    )
    since = today - timedelta(days=LOOKBACK_DAYS - 1)
    chased = sum(1 for c in chases(client, kept) if c.on >= since)
    inbound = sum(1 for t in kept if t.inbound and t.on >= since)
    talks = [t.on for t in kept if t.outcome == "reached"]
    last_conversation = max(talks, default=None)
    every = effective_every(client.tier, client.charter_every)
    base = last_conversation if last_conversation is not None else client.added_on
    quiet = whole_cycles(every, base, today)
    suggestion = suggest(
        tier=client.tier,
        tiers=tiers,
        chases_in_lookback=chased,
        quiet_cycles=quiet,
        last_conversation=last_conversation,
        added_on=client.added_on,
        today=today,
    )
    return ReviewFacts(
        standing(client, today), chased, inbound, last_conversation, quiet, suggestion
    )


# ---------------------------------------------------------------------------------------------
# Answers


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer at a card: move to `tier`, archive, skip, quit, or `unknown` (ask again)."""

    kind: AnswerKind
    tier: str | None = None


def read_answer(text: str, tier_names: Sequence[str]) -> Answer:
    """A tier name (any case), `x`, `s` or `q`; `tier NAME` picks a tier named like a command."""
    cleaned = " ".join(text.split())
    by_key = {name.casefold(): name for name in tier_names}
    head, _, rest = cleaned.partition(" ")
    if head.casefold() == "tier" and rest:
        found = by_key.get(rest.casefold())
        return Answer("tier", found) if found is not None else Answer("unknown")
    key = cleaned.casefold()
    if key in COMMANDS:
        return Answer(COMMANDS[key])
    if key in by_key:
        return Answer("tier", by_key[key])
    return Answer("unknown")


def answer_help(tier_names: Sequence[str]) -> str:
    """The line shown after an answer that cannot be read."""
    return f"Answer with a tier ({', '.join(tier_names)}), x to archive, s to skip or q to quit."
