"""Pieces shared by the commands that walk cards and take an answer at each one
(`tier review`, `work`): how an answer is read (and every yes/no question's), and how a
card that changed under the user is noticed. Every answer is saved by its command in its
own transaction."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from cadence_cli.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from cadence_cli.core.records import ClientInfo


def confirm(question: str) -> bool:
    """A yes/no question on stderr, "no" unless answered yes; a piped answer counts.

    `typer.confirm(err=True)` asks on stderr but then writes a space to stdout (click reads
    with `input(" ")`), so `echo n | cadence undo` printed " Kept it.". End of input or
    Ctrl-C is `typer.Abort`, which the one handler reports as a stopped question (exit 130).
    """
    while True:
        sys.stderr.write(f"{question} [y/N]: ")
        sys.stderr.flush()
        try:
            line = input() if sys.stdin.isatty() else sys.stdin.readline()
        except (KeyboardInterrupt, EOFError):
            raise typer.Abort() from None
        if not line and not sys.stdin.isatty():
            raise typer.Abort()
        answer = line.strip().casefold()
        if answer in ("", "n", "no"):
            return False
        if answer in ("y", "yes"):
            return True
        sys.stderr.write("Please answer y or n.\n")


def ask(text: str, *, default: str | None = None, show_default: bool = True) -> str | None:
    """One line from the user, or None when input ended (or Ctrl-C at the prompt)."""
    try:
        answer: str = typer.prompt(text, default=default, show_default=show_default)
    except typer.Abort:
        return None
    return answer


def ask_key(out: Console, text: str) -> str | None:
    """One answer: a single key press in a terminal (no Enter), a line from a pipe.

    None when input ended: Ctrl-C or Ctrl-D at the key, the end of piped input.
    """
    if not sys.stdin.isatty():
        return ask(text, default="", show_default=False)  # an empty line is an answer too
    from rich.text import Text

    out.print(Text(f"{text}: "), end="")
    out.file.flush()
    try:
        key = typer.getchar()
    except (KeyboardInterrupt, EOFError):
        out.print()
        return None
    out.print(Text(key if key.isprintable() else ""))
    return key


def refuse_empty_input(command: str, answers: str, *, answered: bool) -> None:
    """No answer at all from a pipe is a mistake, not a quit: say how to run the command."""
    if not answered and not sys.stdin.isatty():
        raise InvalidInput(
            f"{command} needs answers and its input ended before the first one",
            hint=f"run it in a terminal, or pipe answers such as {answers}",
        )


def still_active(current: ClientInfo, out: Console) -> bool:
    """False (and said) when someone archived the client since its card was shown."""
    from rich.text import Text

    if current.status == "active":
        return True
    out.print(
        Text(
            f"{current.ref} was archived by someone else since this card was shown "
            f"({current.archived_reason}); left as it is."
        )
    )
    return False
