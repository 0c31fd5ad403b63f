"""`cadence work`: the morning list as a session, one card and one key at a time.

`due` says who needs you; acting on it meant a `show` and a `log` per client. Here each
card carries what the call needs and one key records what happened. Like `tier review`,
every answer is saved in its own transaction the moment it is given, and no transaction
stays open while the user is on the phone: each card is read, shown, answered, then written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from cadence_cli.cli._app import app
from cadence_cli.cli._context import Env, env_of
from cadence_cli.cli._options import OwnerOpt, TagOpt, TierOpt, horizon_option
from cadence_cli.cli._session import ask, ask_key, still_active
from cadence_cli.core.dates import parse_day, parse_horizon
from cadence_cli.errors import Interrupted, InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from rich.console import Console

    from cadence_cli.core.records import ClientInfo, DueFilters
    from cadence_cli.core.schedule import ClientFacts, FollowUp, MilestoneDue, Standing
    from cadence_cli.core.work import Card, Key
    from cadence_cli.store.engine import Db

RECENT_TOUCHES = 3
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Shown:
    """The card as it was shown: the client read fresh, and whether it still needs you."""

    client: ClientInfo
    follow_up: FollowUp | None


@app.command()
def work(
    ctx: typer.Context,
    *,
    tier: TierOpt = None,
    owner: OwnerOpt = None,
    tag: TagOpt = None,
    horizon: Annotated[
        str | None,
        horizon_option(
            "How far ahead a card shows milestones (default 7d, or `horizon` in `cadence config`)."
        ),
    ] = None,
) -> None:
    """Work the morning list: one client at a time, in `due` order, one key per answer.

    Follow-ups come first, then the clients due, most urgent first. Each card shows why the
    client needs you, their phone and email, the charter's channel and note, the last three
    touches, open promises and a milestone coming up. Answer with one key: r reached (a
    call), n no answer (then offers the text or email the follow-up asks for), t texted,
    e emailed, m met, p add a promise, z snooze, s skip, q quit. Each answer is saved at
    once; the end says what was saved and how many are still due. Answers can be piped, one
    a line.

    Example:

        cadence work --owner me
    """
    from cadence_cli.core.records import DueFilters
    from cadence_cli.render.terminal import console
    from cadence_cli.render.work import print_session_start

    env = env_of(ctx)
    until = parse_horizon(env.horizon(horizon), today=env.today)
    filters = DueFilters(tier=tier, owner=env.owner_filter(owner), tag=tag)
    cards, milestones = _morning_cards(env, filters, until, origin=env.owner_origin(owner))
    out = console()
    if not cards:
        out.print("Nothing due today: every client has heard from you.")
        return
    print_session_start(out, env.today, len(cards))
    _walk(env, cards, milestones, filters, out)


def _morning_cards(
    env: Env, filters: DueFilters, until: date, *, origin: str | None = None
) -> tuple[list[Card], dict[int, list[MilestoneDue]]]:
    """The cards in `due` order, and the milestones in the horizon by client: one read
    (`origin`: see `Env.owner_origin`)."""
    from cadence_cli.core.schedule import build_agenda
    from cadence_cli.core.work import session_order
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store.owners import check_filters

    with env.read() as db:
        check_filters(filters, db=db, user=env.user, origin=origin)
        clients = book_facts.client_facts(db=db, on=env.today, filters=filters, only_due=True)
        found = book_facts.milestone_facts(db=db, filters=filters, between=(env.today, until))
    agenda = build_agenda(
        clients=clients, promises=[], milestones=found, charters=[], today=env.today, until=until
    )
    milestones: dict[int, list[MilestoneDue]] = {}
    for m in agenda.milestones:
        milestones.setdefault(m.milestone.client_id, []).append(m)
    return session_order(agenda.follow_ups, agenda.contacts), milestones


def _walk(
    env: Env,
    cards: list[Card],
    milestones: dict[int, list[MilestoneDue]],
    filters: DueFilters,
    out: Console,
) -> None:
    """Show each card, read its answer and save it before the next card."""
    from rich.text import Text

    from cadence_cli.core.work import answer_help, prompt_line, read_key

    counts: Counter[str] = Counter()
    prompt = prompt_line()
    total = len(cards)
    for position, card in enumerate(cards, start=1):
        shown = _show_card(env, card, position, total, milestones, out)
        if shown is None:
            continue
        while True:
            typed = ask_key(out, prompt)
            if typed is None:
                _stop(env, filters, counts, out, f"Stopped at card {position} of {total}")
            answer = read_key(typed)
            if answer is None:
                out.print(Text(f"Answer with one key: {answer_help()}."))
                continue
            if answer.action == "quit":
                _end(env, filters, counts, out, f"Stopped at card {position} of {total}")
                return
            if answer.action == "promise":
                counts["promise"] += _save_promise(env, shown.client, out)
                continue  # a promise is not a contact: the card still wants its answer
            break
        if answer.action == "log":
            counts.update(_save_touches(env, shown, answer, out))
        elif answer.action == "snooze":
            counts["snoozed"] += _save_snooze(env, shown.client, out)
        else:
            counts["skipped"] += 1
    _end(env, filters, counts, out, "Done")


def _end(env: Env, filters: DueFilters, counts: Counter[str], out: Console, head: str) -> None:
    """'Done: 9 reached, 3 no answer, 2 texts; 4 still due.' (still due read afresh)."""
    from cadence_cli.core.work import summary

    cards, _ = _morning_cards(env, filters, env.today)
    out.print()
    out.print(f"{head}: {summary(counts, len(cards))}.")


def _stop(env: Env, filters: DueFilters, counts: Counter[str], out: Console, head: str) -> NoReturn:
    """Input ended (Ctrl-C, Ctrl-D, the end of a pipe): the summary, then exit 130."""
    _end(env, filters, counts, out, head)
    raise Interrupted(
        "the session ended before its last card; every answer given is saved",
        hint="run `cadence work` again for the rest",
    )


def _show_card(
    env: Env,
    card: Card,
    position: int,
    total: int,
    milestones: dict[int, list[MilestoneDue]],
    out: Console,
) -> _Shown | None:
    """Read the client fresh (a teammate may have called them since) and show the card."""
    from rich.text import Text

    from cadence_cli.core.schedule import follow_up, standing
    from cadence_cli.render.work import print_work_card
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads

    with env.read() as db:
        client = reads.get_client(card.client.client_id, db=db)
        facts = book_facts.client_facts(db=db, on=env.today, client_id=client.id)
        recent = reads.touches_of(client.id, db=db, limit=RECENT_TOUCHES)
        promises = reads.promises(db=db, client_id=client.id)
    if not facts:  # archived since the list was read
        return None
    now: Standing = standing(facts[0], env.today)
    pending = follow_up(facts[0], env.today)
    if now.status == "ok" and pending is None:
        out.print(Text(safe(f"{client.ref} was touched since the list was read: skipped.")))
        return None
    print_work_card(
        out,
        position=position,
        total=total,
        client=client,
        now=now,
        follow_up=pending,
        touches=recent,
        promises=promises,
        milestones=milestones.get(client.id, []),
        today=env.today,
    )
    return _Shown(client, pending)


def safe(text: str) -> str:
    from cadence_cli.render.safe import safe_text

    return safe_text(text)


def _save_touches(env: Env, shown: _Shown, answer: Key, out: Console) -> Counter[str]:
    """Log the answer's touch; after an unanswered call, offer the message that follows it."""
    from cadence_cli.core.work import BY_KEY, FOLLOW_UP_KEYS, prompt_line, read_key

    saved: Counter[str] = Counter()
    if not _log(env, shown.client, answer, out):
        return saved
    assert answer.tally is not None
    saved[answer.tally] += 1
    if answer.outcome != "no-answer":
        return saved
    offer = prompt_line([BY_KEY[k] for k in FOLLOW_UP_KEYS]) + ", Enter: not now"
    typed = ask_key(out, f"Follow up now? {offer}")
    then = read_key(typed) if typed is not None else None
    if then is not None and then.key in FOLLOW_UP_KEYS and _log(env, shown.client, then, out):
        assert then.tally is not None
        saved[then.tally] += 1
    return saved


def _log(env: Env, shown: ClientInfo, answer: Key, out: Console) -> bool:
    """One touch, today, by you, in its own transaction; then where the client stands."""
    from rich.text import Text

    from cadence_cli.core.records import TouchFields
    from cadence_cli.core.schedule import standing
    from cadence_cli.core.wording import day_phrase
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import writes

    assert answer.channel is not None and answer.outcome is not None
    touch = TouchFields(
        at=env.now, day=env.today, channel=answer.channel, outcome=answer.outcome, by=env.user,
        logged_at=env.now,
    )  # fmt: skip

    def write(db: Db) -> ClientFacts:
        writes.log_touch(shown.id, touch, db=db)
        return book_facts.client_facts(db=db, on=env.today, client_id=shown.id)[0]

    facts = _if_active(env, shown, out, write)
    if facts is None:
        return False
    now = standing(facts, env.today)
    after = (
        f"next due {day_phrase(now.due_on, env.today)}"
        if now.status == "ok"
        else f"still {now.status}"
    )
    out.print(Text(safe(f"Logged {answer.channel} with {shown.name} ({answer.outcome}); {after}.")))
    return True


def _save_promise(env: Env, shown: ClientInfo, out: Console) -> int:
    """Ask what was promised and by when, then save it in its own transaction."""
    from rich.text import Text

    from cadence_cli.core.wording import day_phrase
    from cadence_cli.store import writes

    text = ask(f"What did you promise {shown.name}?")
    if text is None or not text.strip():
        out.print("No promise saved.")
        return 0
    by = _ask_day("By when? (fri, 1w, 2026-12-01)", env.today, today_ok=True)
    if by is None:
        out.print("No promise saved.")
        return 0
    promise = _if_active(
        env,
        shown,
        out,
        lambda db: writes.add_promise(shown.id, text, db=db, due_on=by, today=env.today),
    )
    if promise is None:
        return 0
    when = day_phrase(promise.due_on, env.today)
    out.print(Text(safe(f"Promise [{promise.id}] to {shown.name}: {promise.text}, by {when}.")))
    return 1


def _save_snooze(env: Env, shown: ClientInfo, out: Console) -> int:
    """Ask until when, then snooze the client in its own transaction."""
    from rich.text import Text

    from cadence_cli.core.wording import day_phrase
    from cadence_cli.store import writes

    until = _ask_day("Snooze until? (fri, 2w, 2026-12-01)", env.today, today_ok=False, default="1w")
    if until is None:
        out.print("Not snoozed.")
        return 0
    snoozed = _if_active(
        env, shown, out, lambda db: writes.set_snooze(shown.id, until, db=db, stamp=env.stamp)
    )
    if snoozed is None:
        return 0
    out.print(Text(safe(f"Snoozed {shown.name} until {day_phrase(until, env.today)}.")))
    return 1


def _if_active(env: Env, shown: ClientInfo, out: Console, write: Callable[[Db], _T]) -> _T | None:
    """`write` in its own transaction, on the client locked; None (and said) when someone
    archived the client since its card was shown."""
    from cadence_cli.store import writes

    with env.write(creates=False) as db:
        if not still_active(writes.locked_client(shown.id, db=db), out):
            return None
        return write(db)


def _ask_day(
    question: str, today: date, *, today_ok: bool, default: str | None = None
) -> date | None:
    """A future day, asked again until it reads as one; None when input ended."""
    from cadence_cli.render.terminal import console

    while True:
        typed = ask(question, default=default)
        if typed is None:
            return None
        day = _future_day(typed, today, today_ok=today_ok)
        if isinstance(day, str):
            console(stderr=True).print(day)
            continue
        return day


def _future_day(typed: str, today: date, *, today_ok: bool) -> date | str:
    """The day typed, or the reason it is not one (said, then asked again: a typo at a
    question must not end the session)."""
    try:
        day = parse_day(typed, today=today, direction="future")
    except InvalidInput as error:
        return str(error)
    if day < today or (day == today and not today_ok):
        return "give a day after today" if not today_ok else "give today or a later day"
    return day
