"""The plain drawing of a table is, character for character, what Rich draws without colour."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cadence_cli.render.table import Justify, print_table

JUSTIFY: list[Justify] = ["left", "right", "center"]
WORDS = st.text(alphabet=st.sampled_from("abcXYZ 019@.,-éü漢字"), min_size=0, max_size=14).map(
    str.strip
)


def rich_drawing(title: str, columns: list[tuple[str, Justify, str]], rows: list[list[str]]) -> str:
    out = Console(file=io.StringIO(), width=120, color_system=None)
    table = Table(title=title, title_justify="left")
    for header, justify, style in columns:
        table.add_column(header, justify=justify, style=style)
    for row in rows:
        table.add_row(*row)
    out.print(table)
    return out.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def our_drawing(title: str, columns: list[tuple[str, Justify, str]], rows: list[list[str]]) -> str:
    out = Console(file=io.StringIO(), width=120, color_system=None)
    print_table(
        out, title, columns, [[Text(c) if i == 1 else c for i, c in enumerate(r)] for r in rows]
    )
    return out.file.getvalue()  # type: ignore[attr-defined,no-any-return]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), width=st.integers(1, 5), height=st.integers(1, 12))
def test_the_plain_drawing_is_richs(data: st.DataObject, width: int, height: int) -> None:
    columns = [
        (data.draw(WORDS.filter(bool)), data.draw(st.sampled_from(JUSTIFY)), "dim")
        for _ in range(width)
    ]
    rows = [[data.draw(WORDS) for _ in range(width)] for _ in range(height)]
    title = data.draw(st.sampled_from(["3 clients", "1 client", "Clients of the whole book"]))
    assert our_drawing(title, columns, rows) == rich_drawing(title, columns, rows)


def test_a_table_wider_than_the_screen_is_cut_on_a_terminal_but_whole_in_a_pipe() -> None:
    columns: list[tuple[str, Justify, str]] = [("Name", "left", ""), ("Email", "left", "")]
    rows = [["Ada", "ada." + "x" * 150 + "@example.com"]]
    screen = Console(file=io.StringIO(), width=60, force_terminal=True, color_system=None)
    print_table(screen, "1 client", columns, rows)
    shown = screen.file.getvalue()  # type: ignore[attr-defined]
    assert "@example.com" not in shown  # Rich fitted it to the screen
    assert max(len(line) for line in shown.splitlines()) <= 60
    pipe = Console(file=io.StringIO(), width=60, color_system=None)
    print_table(pipe, "1 client", columns, rows)
    assert rows[0][1] in pipe.file.getvalue()  # type: ignore[attr-defined]
