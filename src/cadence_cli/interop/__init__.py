"""Import and export formats, without the store: files in, `ContactRecord`s out, and back.

`parse_file` / `parse_bytes` detect the format by content and return a `ParseResult`;
`write_cadence_csv` writes the export CSV. The vCard reader (vobject) and the ICS writer
(icalendar) live in `interop.vcard` and `interop.ics` and are imported only when used, so
`import cadence_cli.interop` stays cheap for every other command; the names below load
their module on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cadence_cli.interop.csvfile import (
        CADENCE_COLUMNS,
        CSV_FORMATS,
        contact_row,
        neutralise,
        parse_csv,
        unneutralise,
        write_cadence_csv,
    )
    from cadence_cli.interop.detect import FORMATS, detect_format, parse_bytes, parse_file
    from cadence_cli.interop.records import ContactRecord, ParseResult, RowError

_HOME = {
    **dict.fromkeys(
        ("CADENCE_COLUMNS", "CSV_FORMATS", "contact_row", "neutralise", "parse_csv",
         "unneutralise", "write_cadence_csv"),
        "csvfile",
    ),
    **dict.fromkeys(("FORMATS", "detect_format", "parse_bytes", "parse_file"), "detect"),
    **dict.fromkeys(("ContactRecord", "ParseResult", "RowError"), "records"),
}  # fmt: skip
"""Where each name lives: loaded on first use (PEP 562), so a command that needs one small
module of the package (`show` reads the model file's records) does not load the CSV readers."""


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"cadence_cli.interop.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CADENCE_COLUMNS",
    "CSV_FORMATS",
    "FORMATS",
    "ContactRecord",
    "ParseResult",
    "RowError",
    "contact_row",
    "detect_format",
    "neutralise",
    "parse_bytes",
    "parse_csv",
    "parse_file",
    "unneutralise",
    "write_cadence_csv",
]
