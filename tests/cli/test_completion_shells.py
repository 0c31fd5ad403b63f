"""TAB in a real interactive bash, zsh and fish, driven in tmux (issue 18 item 1, issue 14).

Each shell sources the completion script `cadence` generates, types `cadence show PREFIX`,
presses TAB, and then either presses Enter (a name hiding `$(touch …)` must not run it) or
turns the line into `printf '<%s>\\n' cadence show …` to see the words the shell itself reads
back: exactly the stored name, as one argument. A shell that is not installed is skipped.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

PROMPT = "READY> "
START = shlex.quote("import sys; sys.argv[0] = 'cadence'; from cadence_cli.cli import main; main()")
"""`cadence` as installed: click names the completion variable after argv[0]."""
TIMEOUT = 30.0


class Terminal:
    """One shell in a private tmux server (its own socket), 200 columns wide."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.server = f"cadence-test-{uuid.uuid4().hex[:12]}"  # a short socket path
        self.env = env
        self.tmux("new-session", "-d", "-x", "200", "-y", "50", command)

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.server, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=TIMEOUT,
            check=True,
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J")

    def wait(self, what: str, ready: Callable[[str], bool]) -> str:
        """The screen once `ready` holds for it twice in a row (the shell has settled)."""
        deadline, last = time.monotonic() + TIMEOUT, None
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen) and screen == last:
                return screen
            last = screen
            time.sleep(0.2)
        raise AssertionError(f"waiting for {what}; the screen shows:\n{self.screen()}")

    def prompt_line(self, screen: str) -> str:
        lines = [line for line in screen.splitlines() if line.startswith(PROMPT)]
        return lines[-1][len(PROMPT) :].rstrip() if lines else ""

    def fresh(self) -> None:
        """An empty screen with just the prompt (Ctrl-U clears any line, Ctrl-L the screen)."""
        self.tmux("send-keys", "C-u", "C-l")
        self.tmux("clear-history")
        self.wait("a clear screen", lambda s: s.strip() == PROMPT.strip())

    def complete(self, text: str) -> str:
        """Type `text`, press TAB, and return the line the shell made of it."""
        self.fresh()
        self.tmux("send-keys", "-l", text)
        self.wait("the typed text", lambda s: self.prompt_line(s) == text)
        self.tmux("send-keys", "Tab")
        return self.prompt_line(self.wait("a completion", lambda s: self.prompt_line(s) != text))

    def words_of_line(self) -> list[str]:
        """Run the current line as `printf '<%s>\\n' LINE`: the words the shell reads in it."""
        self.tmux("send-keys", "C-a")
        self.tmux("send-keys", "-l", "printf '<%s>\\n' ")
        self.tmux("send-keys", "Enter")
        screen = self.wait("printf", lambda s: s.rstrip().endswith(PROMPT.strip()))
        return re.findall(r"^<(.*)>$", screen, flags=re.MULTILINE)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True, check=False)


def _setup(shell: str, home: Path, script: str) -> str:
    """Write the shell's start-up file (prompt, completion script); return its command."""
    if shell == "bash":
        rc = home / "bashrc"
        rc.write_text(f"PS1='{PROMPT}'\n{script}\n")
        return f"bash --noprofile --rcfile {shlex.quote(str(rc))} -i"
    if shell == "zsh":
        (home / ".zshrc").write_text(
            f"PS1='{PROMPT}'\nunsetopt PROMPT_SP\nbindkey -e\n"
            f"autoload -Uz compinit\ncompinit -u -D\n{script}\n"
        )
        return "zsh -i"
    config = home / ".config" / "fish"
    config.mkdir(parents=True)
    (config / "config.fish").write_text(
        f"function fish_prompt; echo -n '{PROMPT}'; end\nfunction fish_greeting; end\n"
        f"set -g fish_autosuggestion_enabled 0\n{script}\n"
    )
    return "fish -i"


@pytest.fixture
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A factory: `terminal(shell, db)` opens that shell with cadence's completion loaded."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    opened: list[Terminal] = []

    def open_shell(shell: str, db: str) -> Terminal:
        if shutil.which(shell) is None:
            pytest.skip(f"{shell} is not installed: its output format is tested in-process")
        home = tmp_path / f"home-{shell}"
        (home / "bin").mkdir(parents=True)
        cadence = home / "bin" / "cadence"
        cadence.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -c {START} "$@"\n')
        cadence.chmod(0o755)
        env = {
            key: value
            for key, value in os.environ.items()
            if key.startswith("CADENCE_") or key in ("COLUMNS", "NO_COLOR", "PYTHONPATH")
        }
        env |= {
            "PATH": f"{home / 'bin'}:{os.environ['PATH']}",
            "HOME": str(home),
            "ZDOTDIR": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm-256color",
            "CADENCE_DB": db,
        }
        script = subprocess.run(
            [str(cadence)],
            env={**env, "_CADENCE_COMPLETE": f"source_{shell}"},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=True,
        ).stdout
        term = Terminal(_setup(shell, home, script), env)
        opened.append(term)
        term.wait(f"{shell}'s prompt", lambda s: PROMPT.strip() in s)
        return term

    yield open_shell
    for term in opened:
        term.close()


SHELLS = ["bash", "zsh", "fish"]
NAMES = [
    "Sofia Rossi-Bianchi",
    "Seán O'Brien",
    "Zoë *star* [a]",
    'Bang!Bang "quoted" back\\slash $HOME',
    "Kay'",
    "Dollar  two  spaces",
]
TYPED = [  # what is typed after `cadence show `, and the client it must become
    ("sof", "Sofia Rossi-Bianchi"),
    ('"sof', "Sofia Rossi-Bianchi"),
    ("'sof", "Sofia Rossi-Bianchi"),
    ("se", "Seán O'Brien"),
    ("zo", "Zoë *star* [a]"),
    ("bang", 'Bang!Bang "quoted" back\\slash $HOME'),
    ('"bang', 'Bang!Bang "quoted" back\\slash $HOME'),
    ("'kay", "Kay'"),
    ("dol", "Dollar  two  spaces"),
]


@pytest.fixture
def hostile(sqlite_cadence: Any, tmp_path: Path) -> tuple[Any, list[Path]]:
    """A book whose names hide commands that would create marker files."""
    markers = [tmp_path / "PWNED-dollar", tmp_path / "PWNED-backtick"]
    sqlite_cadence.ok("add", f"Jolene$(touch {markers[0]})")
    sqlite_cadence.ok("add", f"Joseph`touch {markers[1]}`")
    return sqlite_cadence, markers


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
def test_enter_after_tab_does_not_run_a_command_hidden_in_a_name(
    shell: str, terminal: Any, hostile: tuple[Any, list[Path]]
) -> None:
    cadence, markers = hostile
    term = terminal(shell, cadence.db)
    cases = [("Jol", f"Jolene$(touch {markers[0]})"), ("Jos", f"Joseph`touch {markers[1]}`")]
    for typed, name in cases:
        term.complete(f"cadence show {typed}")
        term.tmux("send-keys", "Enter")
        screen = term.wait("cadence show", lambda s: s.rstrip().endswith(PROMPT.strip()))
        assert [marker for marker in markers if marker.exists()] == []
        assert name in screen  # `show` found that client: the word was the whole name


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
def test_tab_completes_the_stored_name_as_one_word(
    shell: str, terminal: Any, sqlite_cadence: Any
) -> None:
    for name in NAMES:
        sqlite_cadence.ok("add", name)
    term = terminal(shell, sqlite_cadence.db)
    for typed, name in TYPED:
        line = term.complete(f"cadence show {typed}")
        assert term.words_of_line() == ["cadence", "show", name], (typed, line)
