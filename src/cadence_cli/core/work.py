"""The morning session (`cadence work`): the order of the cards, what each key means, and
the tally at the end. Pure.

A card is answered with one key so that working a list of twenty calls is twenty key
presses, not twenty `cadence log` command lines. The keys and what they log live here, in
one table, so the prompt, the help line and the saved touch can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from cadence_cli.core.schedule import FollowUp, Standing

Action = Literal["log", "promise", "snooze", "skip", "quit"]


@dataclass(frozen=True, slots=True)
class Key:
    """One answer at a card: the key, what it says, and the touch it logs (if any)."""

    key: str
    label: str
    action: Action
    channel: str | None = None
    outcome: str | None = None
    tally: str | None = None
    """The summary word this answer counts under ('reached', 'no answer', 'text'…)."""


KEYS: tuple[Key, ...] = (
    Key("r", "reached", "log", "call", "reached", "reached"),
    Key("n", "no answer", "log", "call", "no-answer", "no answer"),
    Key("t", "texted", "log", "text", "message", "text"),
    Key("e", "emailed", "log", "email", "message", "email"),
    Key("m", "met", "log", "meeting", "reached", "meeting"),
    Key("p", "promise", "promise", tally="promise"),
    Key("z", "snooze", "snooze", tally="snoozed"),
    Key("s", "skip", "skip", tally="skipped"),
    Key("q", "quit", "quit"),
)
BY_KEY = {k.key: k for k in KEYS}
FOLLOW_UP_KEYS = ("t", "e")
"""After an unanswered call, the message the follow-up asks for: a text or an email."""

Card = Standing | FollowUp


def read_key(text: str) -> Key | None:
    """The answer typed: its key or its label ('r', 'R', 'reached', 'no answer'); else None."""
    cleaned = text.strip().casefold()
    if not cleaned:
        return None
    found = BY_KEY.get(cleaned)
    if found is not None:
        return found
    for key in KEYS:
        if cleaned in (key.label, key.tally):
            return key
    return None


def prompt_line(keys: Sequence[Key] = KEYS) -> str:
    """'[r]eached [n]o answer … snoo[z]e [s]kip [q]uit': the choices, short enough for 80
    columns, each key marked where it falls in its word."""
    return " ".join(_marked(k) for k in keys)


def answer_help() -> str:
    """'r reached (a call), n no answer, …': the keys spelled out after an unknown answer."""
    return ", ".join(f"{k.key} {k.label}" + (" (a call)" if k.key == "r" else "") for k in KEYS)


def _marked(key: Key) -> str:
    at = key.label.find(key.key)
    if at < 0:
        return f"[{key.key}] {key.label}"
    return f"{key.label[:at]}[{key.key}]{key.label[at + 1 :]}"


def session_order(follow_ups: Sequence[FollowUp], contacts: Sequence[Standing]) -> list[Card]:
    """The cards in `due` order: follow-ups (call-backs first, as `due` lists them), then the
    contacts most urgent first; a client with a follow-up gets one card, the follow-up."""
    seen = {f.client.client_id for f in follow_ups}
    return [*follow_ups, *(s for s in contacts if s.client.client_id not in seen)]


def summary(counts: Mapping[str, int], still_due: int) -> str:
    """'9 reached, 3 no answer, 2 texts; 4 still due': what a session saved, in key order."""
    parts = [
        _counted(counts.get(k.tally, 0), k.tally)
        for k in KEYS
        if k.tally is not None and counts.get(k.tally, 0)
    ]
    done = ", ".join(parts) if parts else "nothing saved"
    return f"{done}; {still_due} still due"


def _counted(count: int, word: str) -> str:
    if word in ("text", "email", "meeting", "promise"):
        return f"{count} {word}{'' if count == 1 else 's'}"
    return f"{count} {word}"
