"""UTF-16 and UTF-32 without a byte-order mark, told apart by where the NUL bytes fall.

Mac OS X's Address Book exported vCards as UTF-16 big-endian without a BOM, and Windows
tools write UTF-16 little-endian CSV the same way. Contact files start with ASCII (a header
row, `BEGIN:VCARD`), so in a wide encoding every ASCII character brings its NUL bytes at fixed
positions: a pattern no 8-bit text has.
"""

from __future__ import annotations

__all__ = ["wide_encoding"]

_SAMPLE = 4096
_MOSTLY = 0.7  # share of code units whose high bytes must be NUL
_RARELY = 0.1  # share of low bytes that may be NUL


def _share_nul(data: bytes, offsets: tuple[int, ...], width: int) -> float:
    """Share of code units in `data` whose bytes at every one of `offsets` are NUL."""
    units = len(data) // width
    if units == 0:
        return 0.0
    hits = sum(
        all(data[start + offset] == 0 for offset in offsets)
        for start in range(0, units * width, width)
    )
    return hits / units


def wide_encoding(data: bytes) -> str | None:
    """`utf-32-le`, `utf-32-be`, `utf-16-le` or `utf-16-be` for BOM-less wide text, else None.

    UTF-32 is tested first: its units also look like two UTF-16 units, one of them all NUL.
    """
    sample = data[:_SAMPLE]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    if _share_nul(sample, (1, 2, 3), 4) >= _MOSTLY and _share_nul(sample, (0,), 4) <= _RARELY:
        return "utf-32-le"
    if _share_nul(sample, (0, 1, 2), 4) >= _MOSTLY and _share_nul(sample, (3,), 4) <= _RARELY:
        return "utf-32-be"
    if _share_nul(sample, (1,), 2) >= _MOSTLY and _share_nul(sample, (0,), 2) <= _RARELY:
        return "utf-16-le"
    if _share_nul(sample, (0,), 2) >= _MOSTLY and _share_nul(sample, (1,), 2) <= _RARELY:
        return "utf-16-be"
    return None
