"""What cadence shows: terminal output and every JSON shape. Nothing here reads or writes
the store, and nothing imports `interop`: commands compute, these modules show.

- `safe`: `safe_text`, the escape every stored text passes through before it is shown.
- `shapes`: every `--json` shape and the JSON dump's records (standard library only).
- `terminal`: the Rich console, `emit_json`, status colours, fact lines, the progress bar.
- `due`, `clients`, `book` (tiers, team, report) and `review`: one module per screen.

This package file stays empty of imports so that `--help` and completion load no Rich.
"""
