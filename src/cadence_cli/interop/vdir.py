"""A vdir: a folder with one item per file (`.vcf` cards, `.ics` calendar items).

The storage format vdirsyncer, khard, khal and todoman share (pimutils' vdir spec): the file
name is free, the item inside names itself by its UID. cadence reads every item of one kind
at once and writes each changed item to a private temporary file beside it, renamed over the
old one once complete, so a crash or a full disk leaves either the old item or the new one,
never half a card; the temporary name starts with a dot and ends in `.tmp`, which no vdir
reader takes for an item.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cadence_cli.errors import InvalidInput, NotFound, StoreError

__all__ = ["VdirItem", "digest", "file_name_for", "read_items", "remove_item", "write_item"]


@dataclass(frozen=True, slots=True)
class VdirItem:
    """One file of the folder: its name, bytes and their SHA-256 (`digest`)."""

    name: str
    data: bytes
    hash: str


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _problem(folder: Path, exc: OSError) -> StoreError:
    return StoreError(
        f"cannot use the folder {folder}: {exc.strerror or exc}",
        hint="check that it exists and that you may write in it",
    )


def check_folder(folder: Path) -> Path:
    """The folder itself, or a clear error when it is missing or is no folder."""
    if not folder.exists():
        raise NotFound(
            f"folder {folder} does not exist",
            hint="create it, or point vdirsyncer's local storage at it",
        )
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder", hint="give the vdir's folder")
    return folder


def read_items(folder: Path, suffix: str) -> list[VdirItem]:
    """Every `*suffix` file of the folder (not hidden ones, not sub-folders), by name."""
    check_folder(folder)
    items = []
    try:
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.suffix.lower() != suffix or not path.is_file():
                continue
            data = path.read_bytes()
            items.append(VdirItem(path.name, data, digest(data)))
    except OSError as exc:
        raise _problem(folder, exc) from None
    return items


_SAFE_NAME = re.compile(r"[A-Za-z0-9_.@-]+")


def file_name_for(uid: str, suffix: str) -> str:
    """A file name for a new item: its UID when that is a safe name, else a hash of it."""
    if _SAFE_NAME.fullmatch(uid) and len(uid) <= 200 and not uid.startswith("."):
        return uid + suffix
    return hashlib.sha256(uid.encode("utf-8")).hexdigest()[:32] + suffix


def write_item(folder: Path, name: str, data: bytes) -> None:
    """Replace (or create) `folder/name` with `data` through a temporary file and a rename.
    A replaced item keeps its permissions; a new one is private (0600)."""
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            target = folder / name
            temp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o600)
            temp.replace(target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _problem(folder, exc) from None


def remove_item(folder: Path, name: str) -> None:
    try:
        (folder / name).unlink(missing_ok=True)
    except OSError as exc:
        raise _problem(folder, exc) from None
