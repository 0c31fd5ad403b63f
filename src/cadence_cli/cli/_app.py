"""The Typer apps and the one error handler every command runs under."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from cadence_cli.errors import CadenceError, Interrupted

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def report_error(error: CadenceError) -> None:
    """One line on stderr, no traceback: the whole user-facing error contract."""
    message = " ".join(str(error).split())
    sys.stderr.write(f"cadence: error: {message}\n")


class CadenceGroup(TyperGroup):
    """The root group: turns every CadenceError (and Ctrl-C) into a message and an exit code.

    Sub-groups are invoked inside the root's `invoke`, so this single handler covers every
    command; commands never catch CadenceError themselves (todoman's `catch_errors`).
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CadenceError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            report_error(Interrupted("interrupted: the change in progress was rolled back"))
            raise typer.Exit(Interrupted.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            if os.environ.get("CADENCE_DEBUG"):
                raise
            name = type(error).__name__
            sys.stderr.write(
                f"cadence: internal error: {name}: {error}. Nothing else was changed; "
                "please report this (set CADENCE_DEBUG=1 for details)\n"
            )
            raise typer.Exit(1) from None


def _sub(name: str, help_text: str) -> typer.Typer:
    return typer.Typer(
        name=name,
        help=help_text,
        context_settings=CONTEXT,
        no_args_is_help=True,
        rich_markup_mode=None,
    )


app = typer.Typer(
    name="cadence",
    cls=CadenceGroup,
    help=(
        "Stay proactive with every client: tiers, touches, and who is due today.\n\n"
        "Example:\n\n    cadence due"
    ),
    context_settings=CONTEXT,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
tier_app = _sub(
    "tier",
    "Tiers and client reviews: how often each group of clients hears from you.\n\n"
    "Example:\n\n    cadence tier list",
)
promise_app = _sub(
    "promise",
    "Promises: tell them what you will do, then do it.\n\n"
    'Example:\n\n    cadence promise add "Ada" "send the market report" --by fri',
)
db_app = _sub(
    "db",
    "Where the book is stored, and safe copies of it.\n\nExample:\n\n    cadence db path",
)
app.add_typer(tier_app)
app.add_typer(promise_app)
app.add_typer(db_app)
