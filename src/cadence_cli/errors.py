"""One exception family for everything a user can get wrong or run into.

Each subclass carries its exit code; `cli.main` catches `CadenceError` in one place, prints
the message on one line to stderr and exits with the code. Commands never catch these
themselves. The table of codes is documented in README.md ("Exit codes") and tested.
"""

from __future__ import annotations

from collections.abc import Sequence


class CadenceError(Exception):
    """Base: a message for the user and the process exit code."""

    exit_code = 1

    def __init_subclass__(cls, *, code: int | None = None) -> None:
        """`class NotFound(CadenceError, code=3)`: a kind states its exit code where it is named."""
        super().__init_subclass__()
        if code is not None:
            cls.exit_code = code

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class InvalidInput(CadenceError, code=2):
    """A value on the command line (date, interval, channel…) that cannot be understood."""


class NotFound(CadenceError, code=3):
    """A client, tier, promise or file that does not exist."""


class Ambiguous(CadenceError, code=4):
    """A client reference that matches more than one client."""

    def __init__(self, message: str, *, candidates: Sequence[str] = ()) -> None:
        listing = "; ".join(candidates)
        super().__init__(f"{message}: {listing}" if listing else message)
        self.candidates = list(candidates)


class Conflict(CadenceError, code=5):
    """The request contradicts what the book holds (e.g. deleting a tier that has clients)."""


class StoreError(CadenceError, code=6):
    """The store cannot be opened, read or written: missing, corrupt, unwritable, unreachable."""


class NoBook(StoreError, code=6):
    """A read found no book where one was asked for (only a write makes one)."""


class StoreBusy(StoreError, code=7):
    """Another process held the store's write lock for longer than the busy timeout."""


class StoreTooNew(StoreError, code=8):
    """The store was written by a newer cadence; we refuse rather than damage it."""


class ImportInvalid(CadenceError, code=9):
    """An import file with bad rows; nothing was written."""


class Interrupted(CadenceError, code=130):
    """Ctrl-C: the current transaction was rolled back."""


EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "unexpected internal error (a bug: please report it)",
    InvalidInput.exit_code: "invalid input: a bad date, interval, option or value",
    NotFound.exit_code: "not found: no such client, tier, promise or file",
    Ambiguous.exit_code: "ambiguous client reference: several clients match",
    Conflict.exit_code: "conflict with the book (e.g. a tier that still has clients)",
    StoreError.exit_code: "store unavailable: missing, corrupt, unwritable or unreachable",
    StoreBusy.exit_code: "store busy: another process held the lock too long",
    StoreTooNew.exit_code: "store written by a newer cadence",
    ImportInvalid.exit_code: "import file has invalid rows; nothing was written",
    Interrupted.exit_code: "interrupted (Ctrl-C or end of input at a question): the message "
    "says what was saved",
}


def translate_db_error(exc: BaseException, where: str) -> CadenceError:
    """Turn a driver error into one line a user can act on (no SQL, no password)."""
    # Over 60 lines: one flat branch per driver message, each with its own words and hint.
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    low = text.lower()
    if "too complex" in low or "too big" in low:
        return InvalidInput(
            "a value is too long for the store to handle; nothing was changed", hint="shorten it"
        )
    if "cannot contain nul" in low:
        return InvalidInput(
            "a value contains a NUL character, which the store cannot hold; nothing was changed",
            hint="remove it",
        )
    if "locked" in low or "busy" in low or "lock timeout" in low:
        return StoreBusy(
            f"the store {where} is busy: another cadence kept it locked too long",
            hint="try again in a moment",
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return StoreError(
            f"the store {where} is damaged ({text})",
            hint="restore it from a backup made with `cadence db backup`",
        )
    if "readonly" in low or "read-only" in low:
        return StoreError(
            f"the store {where} is read-only: nothing was changed",
            hint="check the file's permissions",
        )
    if "disk is full" in low:
        return StoreError(
            f"cannot write the store {where}: {text}; nothing was changed",
            hint="free some disk space and try again",
        )
    if "disk i/o" in low:  # a full disk, but also a failing one, a FIFO, a lost network mount
        return StoreError(
            f"cannot write the store {where}: {text}; nothing was changed",
            hint="check that it is a file on a disk with free space, and that the disk works",
        )
    if "unable to open" in low:
        return StoreError(f"cannot open the store {where}", hint="check the path and permissions")
    if "password" in low or "authentication" in low or ('role "' in low and "not exist" in low):
        return StoreError(
            f"the database server refused the login for {where}",
            hint="check the user, and the password (in PGPASSWORD, ~/.pgpass or the URL)",
        )
    if "database" in low and "does not exist" in low:
        return StoreError(
            f"the database named in {where} does not exist", hint="create it, or fix the URL"
        )
    if "resolve host" in low or "translate host" in low or "name or service not known" in low:
        return StoreError(
            f"cannot find the database host of {where}", hint="check the host name in the URL"
        )
    if "invalid connection option" in low or "invalid dsn" in low or "invalid port" in low:
        return InvalidInput(f"cannot use the database address {where}: {text}", hint="fix the URL")
    if "connect" in low or "timeout" in low:
        reason = text.rsplit("failed:", 1)[-1].strip(" :")
        return StoreError(
            f"cannot reach the database {where} ({reason})",
            hint="is the server running and the URL right?",
        )
    return StoreError(f"store error at {where}: {text}")
