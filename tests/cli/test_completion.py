"""What `cadence` answers to each shell's completion request (issue 18 item 1, issue 14).

Client names come from imported files, so a candidate can hold `$(…)`, quotes, globs and
spaces. bash inserts a candidate verbatim, so it must be one quoted word (or the rest of a
quote the user opened); zsh and fish quote what they insert, so they must receive the name
unchanged through their scripts. The requests are made in-process with the variables each
shell's script sets; the strings are then read back by the real shells where installed
(test_completion_shells.py drives them interactively).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cadence_cli.cli import app
from cadence_cli.cli._completion import (
    Typed,
    bash_after_quote,
    bash_word,
    powershell_word,
    split_line,
    zsh_script,
)
from harness import Cadence

JOLENE = "Jolene$(touch${IFS}/tmp/PWNED)"
NASTY = [  # markers are relative: the round trips run in a temporary folder
    "Jolene$(touch${IFS}PWNED)",
    "Sofia Rossi-Bianchi",
    "Seán O'Brien",
    "Kay'",
    'Xavi "',
    'Bang!Bang "quoted" back\\slash `tick` $HOME',
    "Dollar  two  spaces",
    "Zoë *star* ?[a] ~x {a,b}",
    "*",
    "New\nline $(touch PWNED2) `touch PWNED3`",
    "Tab\there\r\x1b[2J\u202eend",
    "plain",
]


def ask(cadence: Any, shell: str, line: str) -> str:
    """`cadence`'s answer to `shell` completing the end of `line` (its script's protocol)."""
    env = {"_CADENCE_COMPLETE": f"complete_{shell}", "CADENCE_DB": cadence.db}
    if shell == "bash":  # bash's words (quotes kept), joined by the script's IFS: newline
        quoted = min([line.find(q) for q in "'\"" if q in line] or [len(line)])
        words = line[:quoted].split(" ")
        words[-1] += line[quoted:]  # a quoted word stays one word
        env |= {"COMP_WORDS": "\n".join(words), "COMP_CWORD": str(len(words) - 1)}
    elif shell == "powershell":
        word = line.rpartition(" ")[2]
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_WORD_TO_COMPLETE": word}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = cadence.runner.invoke(app, [], env=env, prog_name="cadence")
    assert result.exit_code == 0, result.output
    return str(result.stdout)


@pytest.fixture
def clients(cadence: Any) -> Any:
    for name in ("Sofia Rossi-Bianchi", "Sofia Marin", "Ada", "Ada Lovelace", JOLENE):
        cadence.ok("add", name)
    cadence.ok("add", "Seán O'Brien")
    cadence.ok("add", "Kay'")
    cadence.ok("add", "Sofia Gone")
    cadence.ok("archive", "Sofia Gone", "--reason", "moved away")
    return cadence


# -- reading the command line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("cadence show sof", Typed(["cadence", "show", "sof"], True)),
        ("cadence show ", Typed(["cadence", "show"], False)),
        ('cadence show "sof', Typed(["cadence", "show", "sof"], True, '"', 0)),
        ("cadence show 'Sofia R", Typed(["cadence", "show", "Sofia R"], True, "'", 0)),
        ("cadence show Sofia' R", Typed(["cadence", "show", "Sofia R"], True, "'", 5)),
        ('cadence log "Ada L" --channel ', Typed(["cadence", "log", "Ada L", "--channel"], False)),
        ("cadence show Ada\\ L", Typed(["cadence", "show", "Ada L"], True)),
        ('cadence show "a\\"b\\\\c', Typed(["cadence", "show", 'a"b\\c'], True, '"', 0)),
        ("cadence\nshow\n'Kay", Typed(["cadence", "show", "Kay"], True, "'", 0)),
    ],
)
def test_the_line_is_split_as_the_shell_does(line: str, expected: Typed) -> None:
    assert split_line(line) == expected


def test_fish_escapes_quotes_inside_single_quotes() -> None:
    assert split_line("cadence show 'O\\'Br", fish=True).words[-1] == "O'Br"


# -- bash -----------------------------------------------------------------------------------


def test_bash_gets_a_hostile_name_as_one_single_quoted_word(clients: Any) -> None:
    assert ask(clients, "bash", "cadence show Jol").splitlines() == [f"'{JOLENE}'"]


def test_bash_gets_the_stored_names_quoted_whatever_the_case_typed(clients: Any) -> None:
    expected = ["'Sofia Marin'", "'Sofia Rossi-Bianchi'"]  # not the archived one
    assert ask(clients, "bash", "cadence show sof").splitlines() == expected
    assert ask(clients, "bash", "cadence show SOF").splitlines() == expected


def test_bash_quotes_every_candidate_when_one_needs_it(clients: Any) -> None:
    """Readline inserts the common start, `'Ada`, and a second TAB goes on in the quote."""
    assert ask(clients, "bash", "cadence show ad").splitlines() == ["'Ada'", "'Ada Lovelace'"]
    assert ask(clients, "bash", "cadence show 'Ada").splitlines() == ["Ada", "Ada Lovelace"]


def test_bash_after_an_opening_quote_gets_the_rest_for_that_quote(clients: Any) -> None:
    """Readline replaces the text after the quote and closes the quote itself."""
    assert ask(clients, "bash", 'cadence show "sof').splitlines() == [
        "Sofia Marin",
        "Sofia Rossi-Bianchi",
    ]
    assert ask(clients, "bash", "cadence show 'Se").splitlines() == ["Seán O'$'\\x27''Brien"]
    assert ask(clients, "bash", 'cadence show "Jol').splitlines() == [
        "Jolene\"$'\\x24'\"(touch\"$'\\x24'\"{IFS}/tmp/PWNED)"
    ]


def test_bash_keeps_what_was_typed_before_a_quote_in_the_word(clients: Any) -> None:
    assert ask(clients, "bash", "cadence show Sofia' R").splitlines() == [" Rossi-Bianchi"]


def test_bash_commands_and_options_stay_plain(clients: Any) -> None:
    assert ask(clients, "bash", "cadence sho").splitlines() == ["show"]
    assert "--channel" in ask(clients, "bash", "cadence log Ada --ch").splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_book_not_made_yet_offers_nothing_silently_and_stays_unmade(
    new_book: str, shell: str
) -> None:
    """Completion on a missing file or an empty database: no candidate, no error line inside
    the shell, and no book made by a TAB press (a read afterwards still finds none)."""
    unmade = Cadence(new_book)
    env = {"_CADENCE_COMPLETE": f"complete_{shell}", "CADENCE_DB": new_book}
    env |= {"COMP_WORDS": "cadence\nshow\nAd", "COMP_CWORD": "2"}
    env |= {"_TYPER_COMPLETE_ARGS": "cadence show Ad", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = unmade.runner.invoke(app, [], env=env, prog_name="cadence")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "error" not in result.stdout and "Ad" not in result.stdout
    assert unmade("touches").exit_code == 6  # still no book
    if "://" not in new_book:
        assert not Path(new_book).parent.exists()


def test_bash_leaves_file_names_to_the_shell(clients: Any) -> None:
    """Typer echoes the typed text back for a path; nothing lets `complete -o default`
    complete real file names instead."""
    assert ask(clients, "bash", "cadence import bo").strip() == ""


def _bash(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script, "bash", *args],
        cwd=cwd,
        capture_output=True,
        env={"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8"},
        timeout=30,
        check=False,
    )


# Typer's script splits the answer into COMPREPLY unquoted (IFS newline, then globbing);
# readline then puts the candidate on the line, after an opening quote if one was typed, and
# closes that quote unless the candidate ends with it. The line is then read by bash.
AS_BASH_DOES = r"""
quote=$1 candidate=$2
local_ifs() { local IFS=$'\n'; COMPREPLY=( $(printf '%s\n' "$candidate") ); }
local_ifs
[ "${#COMPREPLY[@]}" = 1 ] || { echo "split into ${#COMPREPLY[@]}"; exit 3; }
line=$quote${COMPREPLY[0]}
[ -n "$quote" ] && [ "${line: -1}" != "$quote" ] && line=$line$quote
eval "set -- $line"
[ $# = 1 ] || { echo "$# words"; exit 4; }
printf '%s' "$1"
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("quote", ["", "'", '"'], ids=["unquoted", "single", "double"])
@pytest.mark.parametrize("name", NASTY, ids=range(len(NASTY)))
def test_bash_reads_each_candidate_back_as_the_name(quote: str, name: str, tmp_path: Path) -> None:
    for bait in ("*", "Zoë x", "a", "'*'", "Wendy", "star*", "-"):
        (tmp_path / bait).touch()  # files the globs in the names would match
    candidate = bash_after_quote(name, quote) if quote else bash_word(name)
    assert not any(c in candidate for c in "*?[\n")  # nothing for the script to expand
    result = _bash(AS_BASH_DOES, quote, candidate, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.decode() == name
    assert list(tmp_path.glob("PWNED*")) == []


def test_bash_leaves_a_safe_name_bare_unless_told() -> None:
    assert bash_word("Ada") == "Ada"
    assert bash_word("Ada", force=True) == "'Ada'"
    assert bash_word("*x") == "$'\\x2a''x'"
    assert bash_word("") == "''"


# -- zsh ------------------------------------------------------------------------------------


def test_zsh_gets_one_eval_line_of_plain_ascii(clients: Any) -> None:
    out = ask(clients, "zsh", "cadence show sof").strip()
    assert out.isascii()
    assert "\n" not in out
    assert out.startswith("local -a _cadence_values; set -A _cadence_values ")
    assert "$'Sofia\\x20Marin' $'Sofia\\x20Rossi-Bianchi'" in out
    assert "_describe -t values value _cadence_values -M " in out


def test_zsh_gets_the_stored_names_and_describes_commands(clients: Any) -> None:
    assert "$'Seán" not in ask(clients, "zsh", "cadence show se")
    assert "$'Se\\xc3\\xa1n\\x20O\\x27Brien'" in ask(clients, "zsh", "cadence show se")
    assert "$'show:One\\x20client" in ask(clients, "zsh", "cadence sho")


def test_zsh_completes_files_when_nothing_matches(clients: Any) -> None:
    assert ask(clients, "zsh", "cadence show zz").strip() == "_files"
    assert ask(clients, "zsh", "cadence import bo").strip() == "_files"


def test_zsh_does_not_take_an_open_quote_for_a_finished_word(clients: Any) -> None:
    """Typer read `"Sofia ` (space, no closing quote) as a finished argument."""
    assert "Rossi" in ask(clients, "zsh", 'cadence show "Sofia ')


# zsh runs `eval $(…)` on the answer: word splitting of the output, then eval.
# `_describe` is stood in for, to print the values it would offer.
AS_ZSH_DOES = r"""
_describe() { printf '%s\0' "${(@P)4}" }
eval $(printf '%s' "$1")
"""


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_reads_each_value_back_unchanged(tmp_path: Path) -> None:
    from typer._click.shell_completion import CompletionItem

    (tmp_path / "Zoë x").touch()
    names = [name for name in NASTY if name]
    script = zsh_script([CompletionItem(name) for name in names])
    result = subprocess.run(
        ["zsh", "-f", "-o", "globsubst", "-c", AS_ZSH_DOES, "zsh", script],
        cwd=tmp_path,
        capture_output=True,
        env={"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8"},
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    escaped = [n.replace("\\", "\\\\").replace(":", "\\:") for n in names]
    assert result.stdout.decode().split("\0")[:-1] == escaped
    assert list(tmp_path.glob("PWNED*")) == []


# -- fish -----------------------------------------------------------------------------------


def test_fish_gets_the_names_as_stored(clients: Any) -> None:
    """fish escapes what it inserts and matches without case: quoting here would double."""
    assert ask(clients, "fish", "cadence show jol").splitlines() == [JOLENE]
    assert ask(clients, "fish", "cadence show sof").splitlines() == [
        "Sofia Marin",
        "Sofia Rossi-Bianchi",
    ]
    assert ask(clients, "fish", "cadence show 'Sofia R").splitlines() == ["Sofia Rossi-Bianchi"]


def test_fish_drops_a_name_that_cannot_travel_on_one_line(cadence: Any) -> None:
    """The book refuses such a name now; one stored before that rule (or by hand) remains."""
    from cadence_cli.store.doors import writing

    cadence.ok("add", "Tabitha")
    with writing(cadence.db) as db:
        db.execute(
            "INSERT INTO client (name, name_key, tier_id, status, added_on) "
            "VALUES ('Tab\tbed', 'tab\tbed', 1, 'active', :day)",
            {"day": date(2026, 11, 23)},
        )
    assert ask(cadence, "fish", "cadence show tab").splitlines() == ["Tabitha"]


def test_fish_gets_help_after_a_tab(clients: Any) -> None:
    assert ask(clients, "fish", "cadence sho").splitlines()[0].startswith("show\tOne client")


# -- PowerShell (no real shell tried) ------------------------------------------------------


def test_powershell_gets_single_quoted_names(clients: Any) -> None:
    assert ask(clients, "powershell", "cadence show Jol").splitlines() == [f"'{JOLENE}':::" + " "]
    assert powershell_word("Seán O'Brien") == "'Seán O''Brien'"
    assert powershell_word("Kay\u2019s") == "'Kay\u2019\u2019s'"
    assert powershell_word("show") == "show"
    assert powershell_word("-x") == "'-x'"
