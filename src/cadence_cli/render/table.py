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
Column = tuple[str, Justify, str]
"""A column of a table: its header, how its cells are justified and their style."""


def print_table(
    out: Console,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
) -> None:
    """Print the table: drawn here, line by line, when Rich's drawing would be plain text."""
    texts = [[cell.plain if isinstance(cell, Text) else cell for cell in column] for column in
             zip(*rows, strict=True)] if rows else [[] for _ in columns]  # fmt: skip
    if write_plain_columns(out, title, columns, texts):
        return
    table = Table(title=title, title_justify="left")
    for header, justify, style in columns:
        table.add_column(header, justify=justify, style=style)
    for row in rows:
        table.add_row(*row)
    out.print(table)


def write_plain_columns(
    out: Console,
    title: str,
    columns: Sequence[Column],
    texts: Sequence[list[str]],
    *,
    title_padded: bool = True,
) -> bool:
    """Write the lines Rich would draw for this table (a left title, heavy head, light body)
    when they are plain text; False, having written nothing, when Rich must draw it. The
    table is given column by column, as plain text (`texts[i]` holds column i's cells): a big
    table need not be turned into rows only to be turned back. Rich pads a plain title to
    the table's width, and not one with a style (`title_padded`)."""
    if out.color_system is not None or out.options.ascii_only:  # colour, or Rich picks ASCII
        return False
    lines = _plain_lines(out, title, columns, texts)
    if lines is None:
        return False
    if not title_padded:
        lines[0] = title
    out.file.write("".join(line + "\n" for line in lines))
    return True


def _plain_lines(
    out: Console,
    title: str,
    columns: Sequence[Column],
    texts: Sequence[list[str]],
) -> list[str] | None:
    # Column by column: a big book's `due > today.txt` has 20,000 rows of nine cells, and
    # a column of printable ASCII (most of them) is measured and padded by `len` alone.
    headers = [header for header, _justify, _style in columns]
    if any("\n" in "".join(column) for column in texts):
        return None
    measured = [_column_cells(column) for column in texts]
    sizes = [column_sizes for column_sizes, _by_len in measured]
    widths = [
        max([_cells(h), *column_sizes]) for h, column_sizes in zip(headers, sizes, strict=True)
    ]
    total = sum(widths) + 3 * len(widths) + 1
    if (total > out.width and out.is_terminal) or _cells(title) > total:
        return None  # on a screen Rich shrinks the table to fit: let it
    # Through a pipe or into a file no cell is cut (`cadence clients | grep gmail` must find
    # every address): the table is as wide as its content.

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    head = [
        _justified(h, width - _cells(h), justify)
        for h, width, (_h, justify, _s) in zip(headers, widths, columns, strict=True)
    ]
    padded = [
        _padded(column, column_sizes, by_len, width, justify)
        for column, (column_sizes, by_len), width, (_h, justify, _s) in zip(
            texts, measured, widths, columns, strict=True
        )
    ]
    lines = [title + " " * (total - _cells(title)), rule("┏", "━", "┳", "┓")]
    lines += ["┃ " + " ┃ ".join(head) + " ┃", rule("┡", "━", "╇", "┩")]
    lines += ["│ " + " │ ".join(cells) + " │" for cells in zip(*padded, strict=True)]
    lines.append(rule("└", "─", "┴", "┘"))
    return lines


def _column_cells(column: list[str]) -> tuple[list[int], bool]:
    """`_cells` of each cell of a column, and whether that is its length: the whole column is
    printable ASCII (then `str.ljust` and `str.rjust` pad it as Rich does)."""
    joined = "".join(column)
    if joined.isascii() and joined.isprintable():
        return [len(cell) for cell in column], True
    # `_cells` of each, inline: most cells of a column with a few accented names are ASCII.
    return [
        len(cell) if cell.isascii() and cell.isprintable() else cell_len(cell) for cell in column
    ], False


def _padded(
    column: list[str], sizes: list[int], by_len: bool, width: int, justify: Justify
) -> list[str]:
    """Each cell of a column padded to `width` terminal columns as `justify` says."""
    if by_len and justify == "left":
        return [cell.ljust(width) for cell in column]
    if by_len and justify == "right":
        return [cell.rjust(width) for cell in column]
    if justify == "left":  # `_justified`, inline: a long column of names
        return [c + " " * (width - size) for c, size in zip(column, sizes, strict=True)]
    if justify == "right":
        return [" " * (width - size) + c for c, size in zip(column, sizes, strict=True)]
    return [_justified(c, width - size, justify) for c, size in zip(column, sizes, strict=True)]


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
