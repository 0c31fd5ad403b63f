"""Import and export formats, without the store: files in, `ContactRecord`s out, and back.

`parse_file` / `parse_bytes` detect the format by content and return a `ParseResult`;
`write_cadence_csv` writes the export CSV. The vCard reader (vobject) and the ICS writer
(icalendar) live in `interop.vcard` and `interop.ics` and are imported only when used, so
`import cadence_cli.interop` stays cheap for every other command.
"""

from __future__ import annotations

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
