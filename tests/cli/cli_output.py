"""Readers for what the CLI prints, shared by the CLI test modules."""

from __future__ import annotations

import json
from typing import Any


def table_rows(text: str) -> list[list[str]]:
    """The body rows of a Rich table as lists of cells; wrapped cells are joined back."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if rows and not cells[0]:  # a wrapped row continues: its first cell is blank
            rows[-1] = [" ".join(filter(None, pair)) for pair in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def lines(text: str) -> list[str]:
    """Output lines without Rich's right padding."""
    return [line.rstrip() for line in text.splitlines()]


def due_json(cadence: Any, *args: str, today: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cadence.ok("due", "--json", *args, today=today))
    return data


def show_json(cadence: Any, ref: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cadence.ok("show", ref, "--json"))
    return data
