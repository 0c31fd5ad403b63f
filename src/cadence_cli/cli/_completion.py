"""Shell completion that inserts what was stored, as one safe word, in every shell.

Client names come from imported files, so a candidate may hold `$(…)`, quotes, spaces, glob
characters or newlines. Typer's classes pass candidates to the shell as they are: bash puts
them on the command line verbatim (Enter then runs `$(…)`), and its zsh format loses
apostrophes. Each shell gets what its completion script (Typer's, unchanged, so installed
scripts keep working) needs:

- bash: readline inserts COMPREPLY verbatim, replacing the word typed since the last break,
  or, inside an open quote, the text after that quote (and closes the quote itself). So a
  candidate is a complete shell word (`'Sofia Rossi'`), or, after an opening quote, the
  rest of the name escaped for that quote. Characters a quote cannot hold safely (glob
  characters, which the script's unquoted `$(…)` would expand; controls; `!` and `$` in
  double quotes) are written `$'\\xNN'`.
- zsh: the script `eval`s the output, and zsh's `compadd` quotes a match for its context
  itself; every string is sent as `$'…'` with all but plain ASCII as `\\xNN`, so neither
  the eval nor its word splitting can change it. zsh matches case-insensitively.
- fish: quotes completions itself and matches case-insensitively, so candidates are sent as
  stored; one that cannot travel on one line (a control character) is left out.
- PowerShell: inserts candidates verbatim; they are sent single-quoted.

Light on purpose, like `_params`: only the standard library and Typer.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import (
    BashComplete,
    FishComplete,
    PowerShellComplete,
    ZshComplete,
)


@dataclass(frozen=True)
class Typed:
    """A command line as the shell would split it, up to the word being completed."""

    words: list[str]
    """Every word, quotes removed, the one being completed last (if the line ends in one)."""
    open_word: bool
    """The line ends inside a word (no space after it)."""
    quote: str = ""
    """The quote (' or ") still open in the last word, if any."""
    before_quote: int = 0
    """How many characters of the last word come before that open quote."""


def split_line(line: str, *, fish: bool = False) -> Typed:
    """Split as POSIX shells do (fish: `\\'` also escapes inside single quotes), keeping
    track of a quote left open: it decides how bash must write a candidate."""
    words: list[str] = []
    word: list[str] = []
    started, quote, before = False, "", 0
    i = 0
    while i < len(line):
        ch, nxt = line[i], line[i + 1 : i + 2]
        i += 1
        if quote == "'":
            if ch == "'":
                quote = ""
            elif fish and ch == "\\" and nxt in ("'", "\\"):
                word.append(nxt)
                i += 1
            else:
                word.append(ch)
        elif quote == '"':
            if ch == '"':
                quote = ""
            elif ch == "\\" and nxt in ('"', "\\", "$", "`", "\n"):
                word.append(nxt)
                i += 1
            else:
                word.append(ch)
        elif ch.isspace():
            if started:
                words.append("".join(word))
                word, started = [], False
        else:
            started = True
            if ch in ("'", '"'):
                quote, before = ch, len(word)
            elif ch == "\\":
                word.append(nxt)
                i += 1
            else:
                word.append(ch)
    if started:
        words.append("".join(word))
    if not quote:
        before = 0
    return Typed(words, started, quote, before)


# -- bash ---------------------------------------------------------------------------------

_SAFE_WORD = re.compile(r"[\w@%+=:,./-]+", re.ASCII).fullmatch
"""A word bash reads as itself anywhere (shlex.quote's rule)."""
_UNSAFE_IN = {"'": "'*?[\\", '"': '"*?[\\$`!'}
"""What each quote cannot hold for our purpose. Glob characters count: Typer's script
expands the output unquoted, so `*` would match file names. Backslash too (an older bash
treated it as a pattern escape there)."""


def _ansi_c(chars: str) -> str:
    """`$'\\xNN…'`: bash's quoting that says every byte in plain ASCII."""
    data = chars.encode("utf-8", errors="replace")
    return "$'" + "".join(f"\\x{byte:02x}" for byte in data) + "'"


def _inside_quote(text: str, quote: str) -> tuple[str, bool]:
    """`text` written after an opening `quote`; and whether the quote is still open at the
    end (readline then adds the closing quote, as it does for any completion in a quote)."""
    unsafe = _UNSAFE_IN[quote]
    out: list[str] = []
    pending: list[str] = []
    is_open = True
    for ch in text:
        if ch in unsafe or not ch.isprintable():
            if is_open:
                out.append(quote)
                is_open = False
            pending.append(ch)
            continue
        if pending:
            out.append(_ansi_c("".join(pending)))
            pending = []
        if not is_open:
            out.append(quote)
            is_open = True
        out.append(ch)
    if pending:
        out.append(_ansi_c("".join(pending)))
    return "".join(out), is_open


def bash_word(text: str, *, force: bool = False) -> str:
    """`text` as one bash word that means exactly `text`: as is when that is safe (unless
    `force`), else single-quoted, with `$'…'` for what single quotes cannot hold."""
    if not force and _SAFE_WORD(text):
        return text
    body, is_open = _inside_quote(text, "'")
    word = "'" + body + ("'" if is_open else "")
    return word[2:] if word.startswith("''$") else word


def bash_after_quote(text: str, quote: str) -> str:
    """`text` to follow an opening `quote` the user typed. Readline appends the closing
    quote unless the candidate already ends with it, so a candidate ending in `$'…'` inside
    double quotes closes an empty pair to leave nothing open."""
    body, is_open = _inside_quote(text, quote)
    if not is_open and quote == '"':
        body += '""'
    return body


def bash_candidates(values: list[str], typed: Typed, index: int) -> list[str]:
    """The COMPREPLY lines for `values` completing word `index` of `typed`.

    Unquoted, every candidate is quoted as soon as one needs it, so that their common start
    (which readline inserts) is a quoted prefix and a second TAB continues inside the quote.
    """
    if typed.quote and index == len(typed.words) - 1 and typed.open_word:
        typed_before = typed.words[index][: typed.before_quote].casefold()
        size = typed.before_quote
        return [
            bash_after_quote(value[size:], typed.quote)
            for value in values
            if value[:size].casefold() == typed_before
        ]
    force = any(not _SAFE_WORD(value) for value in values)
    return [bash_word(value, force=force) for value in values]


# -- zsh ----------------------------------------------------------------------------------

_ZSH_PLAIN = re.compile(r"[A-Za-z0-9_@%+=,.:/-]")
_ZSH_MATCHER = "m:{[:lower:][:upper:]}={[:upper:][:lower:]}"
"""Lower case matches upper and the reverse: `sof` finds `Sofia`."""


def zsh_string(text: str) -> str:
    """`text` as a zsh `$'…'` string of plain ASCII with no space or glob character, so it
    survives the script's `eval $(…)` (word splitting, GLOB_SUBST) unchanged."""
    out = []
    for ch in text:
        if _ZSH_PLAIN.fullmatch(ch):
            out.append(ch)
        else:
            out.append("".join(f"\\x{byte:02x}" for byte in ch.encode("utf-8", "replace")))
    return "$'" + "".join(out) + "'"


def zsh_script(items: list[CompletionItem]) -> str:
    """One line of zsh for the script to `eval`: `_describe` the candidates (value, and help
    after an unescaped colon), or complete file names when there are none."""
    if not items:
        return "_files"
    entries = []
    for item in items:
        entry = str(item.value).replace("\\", "\\\\").replace(":", "\\:")
        if item.help:
            entry += ":" + " ".join(str(item.help).split())
        entries.append(zsh_string(entry))
    return (
        "local -a _cadence_values; set -A _cadence_values "
        + " ".join(entries)
        + " && _describe -t values value _cadence_values -M "
        + zsh_string(_ZSH_MATCHER)
    )


# -- the classes --------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _shell_values(items: list[CompletionItem]) -> list[CompletionItem]:
    """Candidates the shell should see: a file or folder parameter's placeholder (Typer
    echoes the typed text back) is dropped so the shell completes paths itself."""
    return [item for item in items if item.type not in ("file", "dir")]


class CadenceBashComplete(BashComplete):
    """Typer's bash protocol, with candidates written as bash words (see the module)."""

    typed = Typed([], False)
    index = 0

    def get_completion_args(self) -> tuple[list[str], str]:
        self.typed = split_line(os.environ.get("COMP_WORDS", ""))
        self.index = int(os.environ.get("COMP_CWORD", "0") or 0)
        words = self.typed.words
        incomplete = words[self.index] if self.index < len(words) else ""
        return words[1 : self.index], incomplete

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = _shell_values(self.get_completions(args, incomplete))
        values = [str(item.value) for item in items]
        return "\n".join(bash_candidates(values, self.typed, self.index))


def _args_before_cursor(line: str, *, fish: bool = False) -> tuple[list[str], str]:
    """zsh and fish send the line up to the cursor: every word but the one being typed."""
    typed = split_line(line, fish=fish)
    if typed.open_word:
        return typed.words[1:-1], typed.words[-1]
    return typed.words[1:], ""


class CadenceZshComplete(ZshComplete):
    """Typer's zsh protocol, with the `eval`ed line built by `zsh_script`."""

    def get_completion_args(self) -> tuple[list[str], str]:
        return _args_before_cursor(os.environ.get("_TYPER_COMPLETE_ARGS", ""))

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        return zsh_script(_shell_values(self.get_completions(args, incomplete)))


class CadenceFishComplete(FishComplete):
    """Typer's fish protocol; fish quotes what it inserts, so values go as stored."""

    def get_completion_args(self) -> tuple[list[str], str]:
        return _args_before_cursor(os.environ.get("_TYPER_COMPLETE_ARGS", ""), fish=True)

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        items = _shell_values(super().get_completions(args, incomplete))
        return [item for item in items if not _CONTROL.search(str(item.value))]

    def format_completion(self, item: CompletionItem) -> str:
        if item.help:
            return f"{item.value}\t{' '.join(str(item.help).split())}"
        return str(item.value)


def powershell_word(text: str) -> str:
    """A single-quoted PowerShell string (which also ends at typographic quotes)."""
    if re.fullmatch(r"[A-Za-z0-9_.,/][A-Za-z0-9_.,/-]*", text):
        return text
    return "'" + re.sub("(['\u2018\u2019\u201a\u201b])", r"\1\1", text) + "'"


class CadencePowerShellComplete(PowerShellComplete):
    """Typer's PowerShell protocol, which inserts candidates verbatim: quote them. (Not
    tried in a real PowerShell; `:::` separates a candidate from its help there.)"""

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        items = _shell_values(super().get_completions(args, incomplete))
        return [
            item
            for item in items
            if not _CONTROL.search(str(item.value)) and ":::" not in str(item.value)
        ]

    def format_completion(self, item: CompletionItem) -> str:
        help_text = " ".join(str(item.help).split()) if item.help else " "
        return f"{powershell_word(str(item.value))}:::{help_text}"


def register() -> None:
    """Put these classes in place of Typer's. Typer registers its own each time it builds
    the command, so this runs just before a completion request is answered."""
    add_completion_class(CadenceBashComplete, "bash")
    add_completion_class(CadenceZshComplete, "zsh")
    add_completion_class(CadenceFishComplete, "fish")
    add_completion_class(CadencePowerShellComplete, "powershell")
    add_completion_class(CadencePowerShellComplete, "pwsh")
