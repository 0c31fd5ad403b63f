"""The terminal plumbing every screen shares: the console, JSON out, colours, the progress bar.

Rich handles colour, `NO_COLOR` and non-terminals (plain text, no escape codes); `--json`
output is written with `print` semantics so it never has colour or wrapping. The screens
themselves live beside this module (`due`, `clients`, `book`, `review`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.text import Span, Text

from cadence_cli.render.safe import is_safe, safe_text
from cadence_cli.render.shapes import json_text

PROGRESS_FROM = 1_000
"""Below this many rows an import is over before a bar would help."""

STATUS_STYLE = {"reactive": "bold red", "due": "yellow", "ok": "green"}
FACT_WIDTH = 14
"""`show` and a review card align their values after a label this wide ("Snoozed until:")."""


class SafeConsole(Console):
    """A console that escapes control and invisible characters in every plain string.

    The screens escape each stored field themselves (single-line, so a name cannot fake a
    row); this is the net under every other `print(str)` and table cell, such as a command's
    "Added #3 …" line, and every `Text` handed to `print` (the screens escape theirs where
    they build them; a command's own `Text(...)` lines are escaped here).
    """

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(safe_text(text, multiline=True), **options)

    def on_broken_pipe(self) -> None:
        """The reader of a pipe closed it (`cadence due | head -1`): it has what it wanted,
        so stop writing and exit 0, as `cat` and `grep` do (Rich's default exits 1)."""
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise SystemExit(0)

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(_safe_rich(o) if isinstance(o, Text) else o for o in objects), **options)


def _safe_rich(text: Text) -> Text:
    """`text` escaped piece by piece, each piece keeping the styles it had."""
    if is_safe(text.plain, multiline=True):
        return text
    result = text.blank_copy()
    cuts = sorted({offset for span in text.spans for offset in (span.start, span.end)})
    for piece in text.divide(cuts):
        plain = safe_text(piece.plain, multiline=True)
        result.append_text(Text(plain, spans=[Span(0, len(plain), s.style) for s in piece.spans]))
    return result


def console(*, stderr: bool = False) -> Console:
    # names, notes and reasons are printed as typed: "[b]Ada[/]" or ":wave:" is not markup
    out = SafeConsole(stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)
    # Into a pipe or a file a message stays one line (grep finds it whole); a screen wraps
    # words at its edge.
    out.soft_wrap = not out.is_terminal
    return out


def emit_json(data: Any) -> None:
    """Plain JSON on stdout: no colour, stable key order, one trailing newline."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    sys.stdout.write(json_text(data, ascii_only=not encoding.startswith("utf")) + "\n")


def fact_line(label: str, value: str | Text) -> Text:
    """'  Owner:         sam': a labelled value under a client's name (`value` already safe)."""
    text = Text(f"  {label + ':' if label else '':<{FACT_WIDTH}} ")
    text.append(value)
    return text


@contextmanager
def progress_bar(total: int, *, label: str = "Importing") -> Iterator[Callable[[int], None]]:
    """A transient bar on stderr for long work whose output goes to a terminal (never into
    a pipe or a log file). Yields the function that advances it by a count."""
    err = console(stderr=True)
    if total < PROGRESS_FROM or not sys.stdout.isatty() or not err.is_terminal:
        yield lambda _count: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda count: bar.advance(task, count)
