"""The Typer apps and the one error handler every command runs under."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from cadence_cli.errors import CadenceError, Interrupted, InvalidInput
from cadence_cli.store.urls import mask_secrets, passwords

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
MAX_MESSAGE = 600
"""Longer messages (a pasted 100k-character name echoed back) keep their start and end."""

# click's UsageError and ClickException, whether Typer vendors click or depends on it.
_USAGE_ERROR: type[Exception] = typer.BadParameter.__mro__[1]
_CLICK_ERROR: type[Exception] = _USAGE_ERROR.__mro__[1]


def one_line(text: str) -> str:
    """Whitespace collapsed, control/invisible characters escaped, overlong text shortened.

    Messages echo user input and book data (names from an imported file), so an escape
    sequence must never reach the terminal raw; a database password never appears at all
    (masked by field in any URL or `password=` pair, never by searching for its text).
    """
    text = mask_secrets(text)
    flat = " ".join(text.split())
    safe = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in flat
    )
    if len(safe) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2
        safe = f"{safe[:half]} … {safe[-half:]}"
    return safe


def report_error(error: CadenceError) -> None:
    """One line on stderr, no traceback: the whole user-facing error contract."""
    sys.stderr.write(f"cadence: error: {one_line(str(error))}\n")


def warn(message: str) -> None:
    """'cadence: warning: …' on stderr, one escaped line: the command still succeeds."""
    sys.stderr.write(f"cadence: warning: {one_line(message)}\n")


def usage_problem(error: Exception, where: str = "cadence") -> InvalidInput:
    """click's multi-line "Usage: … Error: …" as one InvalidInput naming the help to read.

    `where` is the command path to name when click did not attach its context to the error.
    """
    format_message = getattr(error, "format_message", None)
    text = str(format_message() if callable(format_message) else error).strip().rstrip(".")
    if text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None) or where
    return InvalidInput(text or "bad command line", hint=f"see `{path} --help`")


def check_arguments(args: Sequence[str]) -> None:
    """Refuse what no store can hold before it reaches one: non-UTF-8 bytes (which arrive as
    lone surrogates) and NUL characters (a shell cannot pass them; a calling program can)."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(
                f"an argument is not valid UTF-8 text: {arg!r}",
                hint="retype it, or use a UTF-8 locale such as LANG=C.UTF-8",
            ) from None
        if "\x00" in arg:
            raise InvalidInput(f"an argument contains a NUL character: {arg!r}", hint="remove it")


def interrupted_message(how: str = "interrupted") -> str:
    """What Ctrl-C did to the book, from the write doors' own count (never a guess)."""
    doors = sys.modules.get("cadence_cli.store.doors")  # not imported: nothing was written
    saved = doors.WRITES.saved if doors is not None else 0
    if doors is not None and doors.WRITES.rolled_back:
        earlier = "; every change made before it is saved" if saved else ""
        return f"{how}: the change in progress was rolled back{earlier}"
    if saved:
        return f"{how}: every change made before it is saved"
    return f"{how}: nothing was changed"


class CadenceGroup(TyperGroup):
    """The root group: turns every CadenceError (and Ctrl-C) into a message and an exit code.

    Sub-groups are invoked inside the root's `invoke`, so this single handler covers every
    command; commands never catch CadenceError themselves (todoman's `catch_errors`). Usage
    errors of the root's own options surface in `make_context`, so it reports them too.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            check_arguments(args)
            _name_metavars(self)
            return super().make_context(info_name, args, parent=parent, **extra)
        except CadenceError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except _USAGE_ERROR as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                raise  # plain `cadence`: the help is the answer
            problem = usage_problem(error)
            report_error(problem)
            raise typer.Exit(problem.exit_code) from None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands grouped by use, the daily ones first (`HELP_GROUPS`)."""
        commands = {name: self.get_command(ctx, name) for name in self.list_commands(ctx)}
        visible = {n: c for n, c in commands.items() if c is not None and not c.hidden}
        width = formatter.width - 6 - max(map(len, visible), default=0)
        listed: set[str] = set()
        for title, names in (*HELP_GROUPS, ("Other", tuple(visible))):
            rows = [(n, visible[n].get_short_help_str(width)) for n in names if n in visible]
            rows = [row for row in rows if row[0] not in listed]
            listed.update(n for n, _ in rows)
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        """Answer a TAB press with candidates quoted for the shell that asked (`_completion`).

        Typer registers its own completion classes whenever it builds the command, so ours
        replace them here, after the build and before the request is answered. Every other
        run (no request in the environment, as Click tells) leaves them unloaded.
        """
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(var):
            from cadence_cli.cli._completion import register

            register()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def invoke(self, ctx: Any) -> Any:
        doors = sys.modules.get("cadence_cli.store.doors")
        if doors is not None:  # a new command in the same process (tests, a shell): count anew
            doors.WRITES.saved = doors.WRITES.rolled_back = 0
        try:
            return super().invoke(ctx)
        except CadenceError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            report_error(Interrupted(interrupted_message()))
            raise typer.Exit(Interrupted.exit_code) from None
        except typer.Abort:
            # click turns Ctrl-C or end of input at a prompt into Abort; end the prompt's line
            sys.stderr.write("\n")
            report_error(
                Interrupted(
                    interrupted_message("stopped at a question (Ctrl-C or end of input)"),
                    hint="answer the question, or use --yes where the command offers it",
                )
            )
            raise typer.Exit(Interrupted.exit_code) from None
        except typer.Exit:
            raise
        except _CLICK_ERROR as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                raise  # `cadence tier`: show the group's help
            where = " ".join(filter(None, [ctx.command_path, ctx.invoked_subcommand]))
            problem = usage_problem(error, where)
            report_error(problem)
            raise typer.Exit(problem.exit_code) from None
        except OSError as error:
            if error.errno == errno.EPIPE:
                _quiet_closed_pipe()  # `cadence due | head -1`: the reader has all it wants
                raise typer.Exit(0) from None
            if error.errno == errno.ENAMETOOLONG:  # a folder or file name no disk can hold
                problem = InvalidInput(
                    "a file or folder name given is too long for this system",
                    hint="give a shorter path",
                )
                report_error(problem)
                raise typer.Exit(problem.exit_code) from None
            self._internal(error, ctx.params.get("db_option"))
        except Exception as error:
            self._internal(error, ctx.params.get("db_option"))

    @staticmethod
    def _internal(error: Exception, db_option: object) -> None:
        if os.environ.get("CADENCE_DEBUG"):
            raise error
        detail = f"{type(error).__name__}: {error}"
        targets = [os.environ.get("CADENCE_DB"), db_option if isinstance(db_option, str) else None]
        if any(secret in detail for target in targets for secret in passwords(target)):
            # a bug's message is free text: rather than edit it, leave it out
            detail = f"{type(error).__name__} (its message quotes the database password)"
        detail = one_line(detail)
        sys.stderr.write(
            f"cadence: internal error: {detail} (a bug: please report it; "
            "CADENCE_DEBUG=1 shows the details)\n"
        )
        raise typer.Exit(1) from None


HELP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Daily", ("due", "work", "log", "find", "undo")),
    (
        "Clients",
        (
            "add",
            "edit",
            "clients",
            "show",
            "history",
            "note",
            "touches",
            "touch",
            "snooze",
            "archive",
            "restore",
        ),
    ),
    ("Service model", ("model", "plan", "tier", "charter", "promise")),
    ("Reports", ("report", "team")),
    ("Data", ("import", "export", "sync", "db", "config")),
)
"""`cadence --help` lists commands by use. Kept here, not on each decorator, so the grouping
is one table to read (a command missing from it is listed under "Other")."""

METAVARS = {
    "on": "DATE", "until": "DATE", "birthday": "DATE", "horizon": "DAYS",
    "every": "INTERVAL", "reactive_after": "INTERVAL", "review_every": "INTERVAL",
    "tier": "TIER", "move_to": "TIER", "owner": "OWNER", "by": "OWNER", "tag": "TAG",
    "channel": "CHANNEL", "outcome": "OUTCOME", "note": "TEXT", "description": "TEXT",
    "reason": "TEXT", "email": "EMAIL", "phone": "PHONE", "company": "COMPANY",
    "milestone": "LABEL=DATE", "remove_milestone": "LABEL", "name": "NAME",
    "limit": "N", "rank": "N", "weeks": "N", "db_option": "PATH_OR_URL", "out": "FILE",
    "minutes": "N", "capacity": "N", "days": "N", "referred_by": "CLIENT", "key": "KEY",
    "value": "VALUE",
}  # fmt: skip
"""Option values named in words in `--help` (`--on DATE`, not `--on <str>`); a command's
own `metavar=` wins. `promise add --by` is a day: see `_name_metavars`."""


def _name_metavars(group: Any, path: tuple[str, ...] = ()) -> None:
    """Give every option without a metavar its word from METAVARS (else its name, upper)."""
    for name, command in getattr(group, "commands", {}).items():
        _name_metavars(command, (*path, name))
    for param in getattr(group, "params", []):
        if param.metavar is not None:
            continue
        if param.param_type_name == "argument":
            param.metavar = (param.name or "value").upper()  # CLIENT, not {client}
            continue
        if param.param_type_name != "option" or param.is_flag:
            continue
        word = METAVARS.get(param.name or "", (param.name or "value").upper())
        if param.name == "by" and path[-2:] == ("promise", "add"):
            word = "DATE"
        if getattr(param.type, "name", "") == "choice":
            continue  # click lists the choices: [csv|json|ics]
        param.metavar = word


def _quiet_closed_pipe() -> None:
    """Point stdout at /dev/null so the flush at exit does not fail on the closed pipe
    again (Python's documented way to leave quietly after EPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file descriptor (a test's capture)
        pass
    finally:
        os.close(devnull)


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
touch_app = _sub(
    "touch",
    "Correct a touch: change it or delete it (`cadence touches` shows the ids).\n\n"
    "Example:\n\n    cadence touch edit 12 --outcome no-answer",
)
db_app = _sub(
    "db",
    "Where the book is stored, and safe copies of it.\n\nExample:\n\n    cadence db path",
)
config_app = _sub(
    "config",
    "Settings you make once: the book, your default --owner, the horizon, the screen rows.\n\n"
    "Example:\n\n    cadence config set owner me",
)
app.add_typer(tier_app)
app.add_typer(promise_app)
app.add_typer(touch_app)
app.add_typer(db_app)
app.add_typer(config_app)
