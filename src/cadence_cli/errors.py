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

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class InvalidInput(CadenceError):
    """A value on the command line (date, interval, channel…) that cannot be understood."""

    exit_code = 2


class NotFound(CadenceError):
    """A client, tier, promise or file that does not exist."""

    exit_code = 3


class Ambiguous(CadenceError):
    """A client reference that matches more than one client."""

    exit_code = 4

    def __init__(self, message: str, *, candidates: Sequence[str] = ()) -> None:
        listing = "; ".join(candidates)
        super().__init__(f"{message}: {listing}" if listing else message)
        self.candidates = list(candidates)


class Conflict(CadenceError):
    """The request contradicts what the book holds (e.g. deleting a tier that has clients)."""

    exit_code = 5


class StoreError(CadenceError):
    """The store cannot be opened, read or written: missing, corrupt, unwritable, unreachable."""

    exit_code = 6


class StoreBusy(StoreError):
    """Another process held the store's write lock for longer than the busy timeout."""

    exit_code = 7


class StoreTooNew(StoreError):
    """The store was written by a newer cadence; we refuse rather than damage it."""

    exit_code = 8


class ImportInvalid(CadenceError):
    """An import file with bad rows; nothing was written."""

    exit_code = 9


class Interrupted(CadenceError):
    """Ctrl-C: the current transaction was rolled back."""

    exit_code = 130


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
    Interrupted.exit_code: "interrupted (Ctrl-C); the current change was rolled back",
}
