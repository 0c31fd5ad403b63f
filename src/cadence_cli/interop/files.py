"""Writing an export to a path without replacing what is there by mistake.

A regular file (or nothing) is replaced atomically: a private temporary file beside it, mode
0600, renamed over it at the end, so a failed export never leaves half a file. A FIFO or a
character device (`/dev/stdout`, a named pipe, `/dev/null`) is written through, as a shell's
`>` would: renaming over it would put a file where a pipe or a device was (as root, over
`/dev/null`). A symbolic link, a folder or anything else is refused: renaming would replace
the link itself, not the file it names.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cadence_cli.errors import CadenceError, InvalidInput, NotFound, StoreError

__all__ = ["open_export", "writes_through"]


def _kind(target: Path) -> str:
    """`new`, `file`, `stream` (FIFO or character device, maybe through a link) or `link`."""
    try:
        here = target.lstat()
    except FileNotFoundError:
        return "new"
    if stat.S_ISREG(here.st_mode):
        return "file"
    try:
        there = target.stat()
    except OSError:
        there = here  # a dangling link
    if stat.S_ISFIFO(there.st_mode) or stat.S_ISCHR(there.st_mode):
        return "stream"
    if stat.S_ISDIR(there.st_mode):
        raise InvalidInput(f"{target} is a folder", hint="give a file name")
    if stat.S_ISLNK(here.st_mode):
        raise InvalidInput(
            f"{target} is a symbolic link: cadence will not replace it",
            hint="give the path of the file itself",
        )
    raise InvalidInput(f"{target} is not a regular file", hint="give a file name")


def writes_through(target: Path) -> bool:
    """Whether `open_export` writes into `target` as it is (a FIFO or character device)."""
    try:
        return _kind(target) == "stream"
    except (CadenceError, OSError):
        return False


@contextmanager
def open_export(target: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream (newlines as written) to `target`, replaced whole or written through.

    InvalidInput for a path that must not be replaced, NotFound for a missing folder,
    StoreError when the system refuses the write (a full disk, a read-only folder…).
    """
    try:
        kind = _kind(target)
        if kind == "stream":
            with _through(target, encoding) as stream:
                yield stream
            return
        if not target.parent.is_dir():
            raise NotFound(f"folder {target.parent} does not exist", hint="create it first")
        with _replacing(target, encoding) as stream:
            yield stream
    except OSError as exc:  # a name too long, a full disk, a read-only folder, a closed pipe…
        raise StoreError(
            f"cannot write {target}: {exc.strerror or exc}", hint="choose another place"
        ) from None


@contextmanager
def _through(target: Path, encoding: str) -> Iterator[TextIO]:
    """Write into a FIFO or device as it is (opened without creating or truncating)."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    mode = os.fstat(fd).st_mode
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):  # swapped since we looked
        os.close(fd)
        raise InvalidInput(f"{target} changed while cadence was opening it", hint="try again")
    with os.fdopen(fd, "w", encoding=encoding, newline="") as stream:
        yield stream


@contextmanager
def _replacing(target: Path, encoding: str) -> Iterator[TextIO]:
    """A private temporary file beside `target`, renamed over it once complete and on disk."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temp: Path | None = Path(name)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        assert temp is not None
        temp.chmod(0o600)
        if _kind(target) not in ("new", "file"):  # something else appeared there meanwhile
            raise InvalidInput(f"{target} changed while cadence was writing", hint="try again")
        temp.replace(target)
        temp = None
    finally:
        if temp is not None:  # half an export must not pass for one
            temp.unlink(missing_ok=True)
