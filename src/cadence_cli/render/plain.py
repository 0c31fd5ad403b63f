"""A command's short confirmation lines ("Logged call with Ada…"), without loading Rich when
Rich would write them unchanged.

`terminal.console` prints a plain string with no markup, highlighting or emoji, and wraps it
only on a screen narrower than the line (into a pipe or a file it stays one line). So a line
of printable ASCII (nothing for `SafeConsole` to escape, no tab or newline) that fits the
narrowest width Rich could use is written as it is; anything else goes through Rich.
Importing Rich's console is about 40 ms, a fifth of `cadence log` (benchmarks/README.md).
Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import sys

_TERMINAL_ENV = ("TTY_COMPATIBLE", "FORCE_COLOR")
"""Rich treats stdout as a screen when these say so, whatever `isatty` says."""


def say(text: str) -> None:
    """Print one line of a command's own output as `terminal.console().print` prints it."""
    if text.isascii() and text.isprintable() and len(text) < _room():
        try:
            sys.stdout.write(text + "\n")
        except BrokenPipeError:
            from cadence_cli.render.terminal import console

            console().on_broken_pipe()
        return
    from cadence_cli.render.terminal import console

    console().print(text)


def _room() -> float:
    """The widest line Rich is sure to leave unwrapped: any length into a pipe or a file;
    on a screen, less than every width Rich could take (COLUMNS, the size of any standard
    stream that is a terminal, 80 for a dumb one); 0 where this module does not know Rich's
    rules (Windows' legacy console), so Rich prints."""
    if sys.platform == "win32":
        return 0
    on_screen = any(os.environ.get(name) for name in _TERMINAL_ENV)
    try:
        on_screen = on_screen or sys.stdout.isatty()
    except ValueError:  # a closed stdout: let Rich say what it says
        return 0
    if not on_screen:
        return float("inf")
    widths = [80]
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        widths.append(int(columns))
    for stream in (0, 1, 2):
        with contextlib.suppress(AttributeError, ValueError, OSError):  # not a terminal
            widths.append(os.get_terminal_size(stream).columns or 80)
    return min(widths)
