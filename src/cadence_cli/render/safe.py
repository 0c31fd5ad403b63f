"""Stored text made safe to show: the output side of issue 18's control-character rule.

A name or note may come from a vCard, a CSV or a teammate, and a terminal obeys what it
prints: ESC and the 8-bit C1 controls (U+009B is CSI, U+009D is OSC) can erase the screen,
retitle the window or hide rows; bidi overrides reorder what is read; zero-width characters
hide what is there. Input refuses or strips these too; this is the defence in depth, applied
when text is shown, so even a store written by an older cadence (or by hand) prints safely.
Standard library only: `render.shapes` uses it for `--json`.
"""

from __future__ import annotations

import re

_C0 = "\x00-\x1f"
_INVISIBLE = (
    "\x7f-\x9f"  # DEL and the C1 controls
    "\u200b-\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates (undecodable bytes): they cannot even be encoded
)
_ONE_LINE = re.compile(f"[{_C0}{_INVISIBLE}]")
_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]")  # keeps tab and newline
_JSON = re.compile(f"[{_INVISIBLE}]")  # json.dumps already escapes C0


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    """'\\n', '\\x1b', '\\x9b', '\\u202e': the escapes Python (and `one_line` in errors)
    writes."""
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def safe_text(text: str, *, multiline: bool = False) -> str:
    """`text` with every control or invisible character written as a visible escape.

    A single-line field (name, tag, owner, email, promise, reason) escapes newlines too, so
    it cannot fake a row; `multiline` (notes shown on their own lines) keeps newlines and
    tabs, and a CR before a newline (a file from Windows) is dropped.
    """
    if multiline:
        return _LINES.sub(_visible, text.replace("\r\n", "\n"))
    return _ONE_LINE.sub(_visible, text)


def is_safe(text: str, *, multiline: bool = False) -> bool:
    """Whether `safe_text` would leave `text` as it is."""
    return (_LINES if multiline else _ONE_LINE).search(text) is None


def escape_json(encoded: str) -> str:
    """JSON text with DEL, C1, bidi, zero-width and surrogate code points as `\\uXXXX`.

    `json.dumps(ensure_ascii=False)` escapes only C0, quotes and backslashes. The others can
    stand only inside strings, where `\\uXXXX` means the same character, so the data a
    reader decodes is unchanged and the bytes are safe to `cat`.
    """
    return _JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def noted(text: str, note: str | None) -> str:
    """The text, then ': note' when there is a note; escaped for the terminal."""
    return safe_text(f"{text}: {note}" if note else text)
