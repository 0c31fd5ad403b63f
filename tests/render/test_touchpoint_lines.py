"""`due`'s touchpoints section written directly into a pipe is what Rich draws there."""

from __future__ import annotations

import io
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from cadence_cli.core.dates import parse_interval
from cadence_cli.core.model import Touchpoint, TouchpointFacts, touchpoint_agenda
from cadence_cli.core.schedule import TierRule
from cadence_cli.render.model import print_plain_or_rich, print_touchpoints

TODAY = date(2026, 11, 23)
RULE = TierRule("A", 1, parse_interval("1w"), parse_interval("1w"))
POINT = Touchpoint("weekly call", parse_interval("1w"), ("call", "video"))
NAMES = st.text(alphabet=st.sampled_from("abcXYZ 019@.,-éü漢字[]"), min_size=1, max_size=40)


def pipe() -> Console:
    out = Console(file=io.StringIO(), width=30, color_system=None, force_terminal=False)
    out.soft_wrap = True  # as `terminal.console` sets it into a pipe
    return out


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(NAMES, min_size=1, max_size=12), red=st.booleans())
def test_plain_writing_is_what_rich_draws_into_a_pipe(lines: list[str], red: bool) -> None:
    body = Text("Title", style="bold")
    for line in lines:
        body.append("\n")
        body.append(Text(line, style="red" if red else ""))
    ours, rich = pipe(), pipe()
    print_plain_or_rich(ours, body)
    rich.print(body)
    assert ours.file.getvalue() == rich.file.getvalue()  # type: ignore[attr-defined]


def test_the_section_is_cut_at_the_limit_and_says_how_many_more() -> None:
    items = [
        TouchpointFacts(i, f"Client {i}", RULE, POINT, TODAY - timedelta(days=60), TODAY)
        for i in range(1, 6)
    ]
    out = pipe()
    print_touchpoints(out, touchpoint_agenda(items, TODAY, TODAY + timedelta(days=7)), TODAY, 2)
    assert out.file.getvalue().splitlines() == [  # type: ignore[attr-defined]
        "Touchpoints",
        "  #1 Client 1: weekly call by call, video (due Mon 30 Nov)",
        "  #2 Client 2: weekly call by call, video (due Mon 30 Nov)",
        "  … and 3 more (--all shows every one)",
    ]
