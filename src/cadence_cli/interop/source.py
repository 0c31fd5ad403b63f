"""Reading an import file within sane limits: a regular file (or `-`, standard input), at most
MAX_IMPORT_BYTES, and no line past MAX_LINE_BYTES.

Without limits `import /dev/zero` ran out of memory and one 20 MB vCard line took 3 GB
(vobject copies a long value many times over). The limits are far above any real address
book: 128 MiB holds thousands of contacts with photos, and a contact's longest field (a note)
is 10,000 characters, while a photo, the one long value a vCard has, is not counted.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from typing import BinaryIO

from cadence_cli.errors import ImportInvalid, InvalidInput, NotFound

__all__ = ["MAX_IMPORT_BYTES", "MAX_LINE_BYTES", "STDIN", "check_lines", "read_source"]

MAX_IMPORT_BYTES = 128 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
STDIN = "-"
"""The file name that means standard input (`cat book.vcf | cadence import -`)."""

_CHUNK = 1024 * 1024
# vCard: a logical line runs on over folded lines (starting with a space or tab) and over
# quoted-printable soft breaks (a line ending in `=`); anything else starts a new one.
_VCARD_BREAK = re.compile(rb"(?<!=)(?<!=\r)\n(?![ \t])")
_LINE_BREAK = re.compile(rb"\n")
# Binary vCard properties: dropped before vobject sees them, so their length costs nothing.
_BINARY = re.compile(rb"[ \t]*(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[ \t]*[;:]", re.I)


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MiB"


def _too_big(name: str) -> ImportInvalid:
    return ImportInvalid(
        f"{name} is larger than {_size(MAX_IMPORT_BYTES)}, more than any address book needs",
        hint="split it, or export it without photos",
    )


def _read_all(stream: BinaryIO, name: str) -> bytes:
    """The stream's bytes, refusing (before holding more) once past MAX_IMPORT_BYTES."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > MAX_IMPORT_BYTES:
            raise _too_big(name)
        chunks.append(chunk)
    return b"".join(chunks)


def read_source(path: str | os.PathLike[str]) -> bytes:
    """A regular file's bytes, or standard input's for `-`.

    A missing file raises NotFound; a folder, a device, a FIFO or a socket InvalidInput (read
    them through `-`); a file past MAX_IMPORT_BYTES ImportInvalid. The file is opened without
    blocking and checked on its descriptor, so a FIFO never hangs the import.
    """
    name = os.fspath(path)
    if name == STDIN:
        return _read_all(sys.stdin.buffer, "standard input")
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise NotFound(f"no such file: {name}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        _check_regular(os.fstat(fd), name)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as stream:
        try:
            return _read_all(stream, name)
        except OSError as exc:
            raise InvalidInput(f"cannot read {name}: {exc.strerror or exc}") from None


def _check_regular(mode: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(mode.st_mode):
        raise InvalidInput(f"{name} is a folder, not a file")
    if not stat.S_ISREG(mode.st_mode):
        raise InvalidInput(
            f"{name} is not a regular file (a device, pipe or socket)",
            hint=f"to read from a pipe or device, redirect it: cadence import {STDIN} < FILE",
        )
    if mode.st_size > MAX_IMPORT_BYTES:
        raise _too_big(name)


def check_lines(data: bytes, format: str) -> None:
    """Refuse a line longer than MAX_LINE_BYTES, naming its number, before a parser holds it.

    vCard lines count unfolded (without their photo); a JSON dump is one document that the
    JSON reader holds cheaply, so only its size is limited.
    """
    if format == "json" or len(data) <= MAX_LINE_BYTES:
        return
    vcard = format == "vcard"
    start = 0
    for match in (_VCARD_BREAK if vcard else _LINE_BREAK).finditer(data):
        _check_line(data, start, match.start(), vcard=vcard)
        start = match.end()
    _check_line(data, start, len(data), vcard=vcard)


def _check_line(data: bytes, start: int, end: int, *, vcard: bool) -> None:
    if end - start <= MAX_LINE_BYTES or (vcard and _BINARY.match(data, start)):
        return
    number = data.count(b"\n", 0, start) + 1
    raise ImportInvalid(
        f"line {number} is longer than {_size(MAX_LINE_BYTES)}: nothing was imported",
        hint="no contact field is that long; is this the right file?",
    )
