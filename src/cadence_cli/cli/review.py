"""`cadence tier review`: walk the book one client card at a time and re-sort it (SPEC §3).

Every answer is saved in its own transaction the moment it is given, so quitting, Ctrl-C or
running out of piped input loses nothing answered before. No transaction stays open while
the user thinks: each card is read, shown, answered, then written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

from cadence_cli.cli._app import tier_app
from cadence_cli.cli._context import Env, env_of
from cadence_cli.cli._options import OwnerOpt, TagOpt, TierOpt
from cadence_cli.cli._session import ask, still_active
from cadence_cli.errors import Interrupted

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console
    from rich.text import Text

    from cadence_cli.core.records import ClientInfo
    from cadence_cli.core.schedule import TierRule
    from cadence_cli.store.engine import Db

RECENT_TOUCHES = 5


@tier_app.command("review")
def review(
    ctx: typer.Context,
    *,
    tier: TierOpt = None,
    owner: OwnerOpt = None,
    tag: TagOpt = None,
) -> None:
    """Walk every active client, most urgent first, and move, archive or keep each one.

    Each card shows the tier and charter, where the client stands, the last touches, chases
    and inbound touches in 90 days, open promises, and a suggestion with its reason. Answer
    with a tier name to move the client, x to archive (you are asked for the reason: the
    transition plan), s to skip, or q to quit. Each answer is saved at once.

    Example:

        cadence tier review --tier B --owner me
    """
    from cadence_cli.core.records import DueFilters
    from cadence_cli.core.review import review_order
    from cadence_cli.render.terminal import console
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads
    from cadence_cli.store.owners import check_filters

    env = env_of(ctx)
    filters = DueFilters(tier=tier, owner=env.owner_filter(owner), tag=tag)
    with env.read() as db:
        check_filters(filters, db=db, user=env.user, origin=env.owner_origin(owner))
        facts = book_facts.client_facts(db=db, on=env.today, filters=filters)
        tier_names = [t.name for t in reads.tiers(db=db)]
    queue = [s.client.client_id for s in review_order(facts, env.today)]
    out = console()
    if not queue:
        out.print("No active clients to review.")
        return
    _walk(env, queue, tier_names, out)


def _walk(env: Env, queue: list[int], tier_names: list[str], out: Console) -> None:
    """Show each card, read its answer and save it before the next card."""
    from rich.text import Text

    from cadence_cli.core.review import answer_help, read_answer

    prompt = f"Tier ({', '.join(tier_names)}), x archive, s skip, q quit"
    moved = archived = 0
    total = len(queue)
    for position, client_id in enumerate(queue, start=1):
        shown = _show_card(env, client_id, position, total, out)
        if shown is None:
            continue  # archived by someone else since the walk began
        while True:
            text = ask(prompt)
            if text is None:
                _stop(out, f"Stopped at card {position} of {total}: {_tally(moved, archived)}")
            answer = read_answer(text, tier_names)
            if answer.kind != "unknown":
                break
            out.print(Text(answer_help(tier_names)))
        if answer.kind == "quit":
            out.print(f"Stopped at card {position} of {total}: {_tally(moved, archived)}")
            return
        if answer.kind == "archive":
            reason = _ask_reason(shown.name)
            if reason is None:
                _stop(out, f"No reason given, so not archived: {_tally(moved, archived)}")
            archived += _save_archive(env, shown, reason, out)
        elif answer.kind == "tier" and answer.tier is not None:
            moved += _save_tier(env, shown, answer.tier, out)
    out.print(f"Review done: {_tally(moved, archived)}")


def _tally(moved: int, archived: int) -> str:
    return f"{moved} moved, {archived} archived; every answer given is saved."


def _ask_reason(name: str) -> str | None:
    """The archive reason (the transition plan); asked again until it says something."""
    while True:
        reason = ask(f"Why archive {name}? (the transition plan)")
        if reason is None or reason.strip():
            return reason


def _stop(out: Console, tally: str) -> NoReturn:
    """Ctrl-C or end of input at a question: what was answered is saved, and the review
    exits 130 like every other interrupted command."""
    out.print()
    out.print(tally)
    raise Interrupted(
        "stopped at a question (Ctrl-C or end of input): every answer given before is saved",
        hint="run it in a terminal, or pipe answers such as 'B', 's', 'x' and 'q'",
    )


def _show_card(
    env: Env, client_id: int, position: int, total: int, out: Console
) -> ClientInfo | None:
    """Read one client fresh (others may have changed it) and show its card."""
    from cadence_cli.core.review import review_facts
    from cadence_cli.render.review import print_review_card
    from cadence_cli.store import facts as book_facts
    from cadence_cli.store import reads

    with env.read() as db:
        client = reads.get_client(client_id, db=db)
        if client.status != "active":
            return None
        facts = book_facts.client_facts(db=db, on=env.today, client_id=client_id)
        facts = [book_facts.with_timeline(f, db=db, on=env.today) for f in facts]
        history = reads.touch_facts(client_id, db=db, on=env.today)
        recent = reads.touches_of(client_id, db=db, limit=RECENT_TOUCHES)
        promises = reads.promises(db=db, client_id=client_id)
        tiers = [t.rule for t in reads.tiers(db=db)]
        model_lines = _model_lines(db, client_id, facts[0].tier, tiers, env.today)
    measured = review_facts(facts[0], history, tiers, env.today)
    print_review_card(
        out,
        position=position,
        total=total,
        client=client,
        facts=measured,
        touches=recent,
        promises=promises,
        today=env.today,
        model_lines=model_lines,
    )
    return client


def _model_lines(
    db: Db, client_id: int, tier: TierRule, tiers: list[TierRule], today: date
) -> list[tuple[str, str | Text]]:
    """The card's touchpoints (last and next day) and referrals, with the "center of
    influence" advice for a client who referred two or more in the last 12 months."""
    from datetime import timedelta

    from rich.text import Text

    from cadence_cli.core.model import INFLUENCE_DAYS, influence_advice
    from cadence_cli.render.model import touchpoint_facts_lines
    from cadence_cli.render.safe import safe_text
    from cadence_cli.store import model as store
    from cadence_cli.store.referrals import referrals_since

    lines = touchpoint_facts_lines(
        store.touchpoint_facts(db=db, on=today, client_id=client_id), today
    )
    since = today - timedelta(days=INFLUENCE_DAYS - 1)
    referred = referrals_since(client_id, since, db=db)
    if referred:
        lines.append(("Referrals", f"{referred} in the last 12 months"))
    advice = influence_advice(tier, tiers, referred)
    if advice is not None:
        lines.append(("Influence", Text(safe_text(advice), style="bold")))
    return lines


def _save_tier(env: Env, shown: ClientInfo, tier: str, out: Console) -> int:
    """Move the client in its own transaction; last write wins, and a clash is said aloud."""
    from rich.text import Text

    from cadence_cli.cli.tiers import charter_says
    from cadence_cli.store import writes

    with env.write(creates=False) as db:
        current = writes.locked_client(shown.id, db=db)
        if not still_active(current, out):
            return 0
        clash = current.tier != shown.tier
        if current.tier.casefold() == tier.casefold():
            note = f"{shown.ref} stays in {current.tier}."
            if clash:
                note = f"{shown.ref} was already moved to {current.tier} by someone else."
            out.print(Text(note))
            return 0
        _, updated = writes.set_tier(shown.id, tier, db=db, stamp=env.stamp)
    if clash:
        out.print(
            Text(
                f"{shown.name} was moved to {current.tier} by someone else since this card "
                f"was shown; now {updated.tier}."
            )
        )
    else:
        says = charter_says(updated)
        out.print(Text(f"Moved {updated.ref} from {shown.tier} to {updated.tier}{says}."))
    return 1


def _save_archive(env: Env, shown: ClientInfo, reason: str, out: Console) -> int:
    """Archive the client with the reason in its own transaction, unless someone already did."""
    from rich.text import Text

    from cadence_cli.store import reads, writes

    with env.write(creates=False) as db:
        current = writes.locked_client(shown.id, db=db)
        if not still_active(current, out):
            return 0
        owed = reads.promises(db=db, client_id=shown.id)
        if owed:
            out.print(
                Text(
                    f"{shown.ref} has {len(owed)} open promise{'s' if len(owed) != 1 else ''}, "
                    f"so not archived: hand them over with `cadence archive '#{shown.id}' "
                    "--reason R --hand-over-to OWNER`, or --cancel-promises."
                )
            )
            return 0
        updated = writes.archive_client(shown.id, reason, db=db, stamp=env.stamp)
    out.print(Text(f"Archived {updated.ref}: {updated.archived_reason}."))
    return 1
