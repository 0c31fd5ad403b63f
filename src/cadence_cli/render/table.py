"""Long tables without colour, drawn directly: Rich measures and renders every cell as an
object (about half a millisecond a row), so `cadence clients | grep …` on a thousand clients
spent most of a second in the table. Where Rich would draw nothing but text and borders (no
colour, every column at its natural width, one line a cell) the lines it would draw are
written here; anything else goes to Rich. Tests compare the two on the same tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

Justify = Literal["left", "right", "center"]
Cell = str | Text


def print_table(
    out: Console,
    title: str,
    columns: Sequence[tuple[str, Justify, str]],
    rows: Sequence[Sequence[Cell]],
) -> None:
    """`columns` are (header, justify, style); a plain drawing when Rich's would be plain."""
    if write_plain(out, title, columns, rows):
        return
    table = Table(title=title, title_justify="left")
    for header, justify, style in columns:
        table.add_column(header, justify=justify, style=style)
    for row in rows:
        table.add_row(*row)
    out.print(table)


def write_plain(
    out: Console,
    title: str,
    columns: Sequence[tuple[str, Justify, str]],
    rows: Sequence[Sequence[Cell]],
    *,
    title_padded: bool = True,
) -> bool:
    """Write the lines Rich would draw for this table (a left title, heavy head, light body)
    when they are plain text; False, having written nothing, when Rich must draw it. Rich
    pads a plain title to the table's width, and not one with a style (`title_padded`)."""
    if out.color_system is not None or out.options.ascii_only:  # colour, or Rich picks ASCII
        return False
    lines = _plain_lines(out, title, columns, rows)
    if lines is None:
        return False
    if not title_padded:
        lines[0] = title
    out.file.write("".join(line + "\n" for line in lines))
    return True


def _plain_lines(
    out: Console,
    title: str,
    columns: Sequence[tuple[str, Justify, str]],
    rows: Sequence[Sequence[Cell]],
) -> list[str] | None:
    texts = [[cell.plain if isinstance(cell, Text) else cell for cell in row] for row in rows]
    headers = [header for header, _justify, _style in columns]
    if any("\n" in cell for row in texts for cell in row):
        return None
    sizes = [[_cells(cell) for cell in row] for row in texts]
    widths = [_cells(h) for h in headers]
    for row_sizes in sizes:
        widths = [max(pair) for pair in zip(widths, row_sizes, strict=True)]
    total = sum(widths) + 3 * len(widths) + 1
    if (total > out.width and out.is_terminal) or _cells(title) > total:
        return None  # on a screen Rich shrinks the table to fit: let it
    # Through a pipe or into a file no cell is cut (`cadence clients | grep gmail` must find
    # every address): the table is as wide as its content.

    justified = [justify for _header, justify, _style in columns]

    def line(cells: Sequence[str], cell_sizes: Sequence[int], bar: str) -> str:
        padded = [
            _justified(cell, width - size, justify)
            for cell, size, width, justify in zip(cells, cell_sizes, widths, justified, strict=True)
        ]
        return bar + bar.join(f" {cell} " for cell in padded) + bar

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    lines = [title + " " * (total - _cells(title)), rule("┏", "━", "┳", "┓")]
    lines += [line(headers, [_cells(h) for h in headers], "┃"), rule("┡", "━", "╇", "┩")]
    lines += [line(row, row_sizes, "│") for row, row_sizes in zip(texts, sizes, strict=True)]
    lines.append(rule("└", "─", "┴", "┘"))
    return lines


def _cells(text: str) -> int:
    """The columns `text` takes on a terminal, as Rich counts them: one per character for
    printable ASCII (most cells of a big book, and the test is fast), else Rich's count."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _justified(text: str, room: int, justify: Justify) -> str:
    """`text` padded with `room` spaces, placed as `justify` says."""
    if justify == "right":
        return " " * room + text
    if justify == "center":
        left = room // 2
        return " " * left + text + " " * (room - left)
    return text + " " * room
