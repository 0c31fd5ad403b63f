"""What each kind of start-up imports (SPEC §7; not timed: benchmarks/ does the timing).

`--help`, `--version` and shell completion run on every keystroke-sized action and must never
import SQLAlchemy (it costs more than the rest of the start-up together); completion reads
client names with sqlite3. `due` and `report` on a current SQLite store read it through
sqlite3 too (`reader.py`), and any other command on a current store must not import Alembic:
only an upgrade needs it. Each case runs `cadence` in a fresh interpreter and
reports which top-level packages ended up in `sys.modules`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness import Cadence, empty_pg_schema

PROBE = r"""
import json, sys
report, args = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["cadence", *args]
from cadence_cli.cli import main
code = 0
try:
    main()
except SystemExit as stop:
    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
with open(report, "w") as out:
    json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}, out)
"""

HEAVY = {"sqlalchemy", "sqlmodel", "alembic", "pydantic"}
"""What the daily commands must never load: the ORM, migrations, and pydantic (which Typer
0.29 imports to build a TypeAdapter per option; pyproject pins Typer below it)."""


def start(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """Run `cadence ARGS` in a new interpreter; its stdout and its imported packages."""
    report = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), json.dumps(list(args))],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(report.read_text())
    assert found["code"] == 0, result.stdout + result.stderr
    return result.stdout, set(found["modules"])


def completion_env(words: str, db: str | None = None) -> dict[str, str]:
    """The variables bash's completion function sets (Typer's `complete_bash` protocol)."""
    env = {
        "_CADENCE_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    if db is not None:
        env["CADENCE_DB"] = db
    return env


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["due", "--help"], ["log", "--help"], ["tier", "--help"]],
    ids=" ".join,
)
def test_help_and_version_do_not_import_the_database_stack(tmp_path: Path, args: list[str]) -> None:
    out, modules = start(tmp_path, *args)
    assert "cadence" in out.lower()
    assert modules & HEAVY == set()


def test_version_prints_only_the_version(tmp_path: Path) -> None:
    from cadence_cli import __version__

    out, _ = start(tmp_path, "--version")
    assert out == f"cadence {__version__}\n"


def _book_with_clients(cadence: Any) -> None:
    for name in ("Maria Okafor", "Mark Smith", "Ada Lovelace", "Marta Silva"):
        cadence.ok("add", name)
    cadence.ok("archive", "Marta Silva", "--reason", "moved away")


def test_completing_a_client_name_reads_sqlite_without_sqlalchemy(
    tmp_path: Path, sqlite_cadence: Any
) -> None:
    _book_with_clients(sqlite_cadence)
    out, modules = start(tmp_path, env=completion_env("cadence log Mar", sqlite_cadence.db))
    assert out.splitlines() == ["'Maria Okafor'", "'Mark Smith'"]  # not the archived Marta
    assert modules & HEAVY == set()
    # nor the core's records and schedule: their dataclasses are a fifth of a TAB press
    assert {"cadence_cli.core.records", "cadence_cli.core.schedule"} & modules == set()


def test_completion_offers_the_stored_name_whatever_the_case_typed(
    tmp_path: Path, sqlite_cadence: Any
) -> None:
    """bash replaces the typed `mar` with the candidate, quoted as one word (test_completion)."""
    _book_with_clients(sqlite_cadence)
    out, _ = start(tmp_path, env=completion_env("cadence log mar", sqlite_cadence.db))
    assert out.splitlines() == ["'Maria Okafor'", "'Mark Smith'"]


def test_completion_follows_the_db_option(tmp_path: Path, sqlite_cadence: Any) -> None:
    _book_with_clients(sqlite_cadence)
    words = f"cadence --db {sqlite_cadence.db} show Ad"
    out, _ = start(tmp_path, env=completion_env(words, str(tmp_path / "elsewhere.db")))
    assert out.splitlines() == ["'Ada Lovelace'"]


def test_completion_on_every_store_offers_matching_active_names(
    tmp_path: Path, cadence: Any
) -> None:
    _book_with_clients(cadence)
    out, _ = start(tmp_path, env=completion_env("cadence log Ma", cadence.db))
    assert out.splitlines() == ["'Maria Okafor'", "'Mark Smith'"]
    out, _ = start(tmp_path, env=completion_env("cadence log zz", cadence.db))
    assert out.strip() == ""


def test_completion_without_a_store_offers_nothing_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such.db"
    out, modules = start(tmp_path, env=completion_env("cadence log Ma", str(missing)))
    assert out.strip() == ""
    assert not missing.parent.exists()
    assert modules & HEAVY == set()


def test_due_and_report_on_a_current_sqlite_store_read_through_sqlite3(
    tmp_path: Path, sqlite_cadence: Any
) -> None:
    """The morning list, the report and the promise list only read: no ORM, no SQLAlchemy."""
    _book_with_clients(sqlite_cadence)  # creates the store and migrates it to head
    env = {"CADENCE_DB": sqlite_cadence.db}
    for args in (["due"], ["due", "--json"], ["due", "--count"], ["report"], ["promise", "list"]):
        out, modules = start(tmp_path, *args, env=env)
        assert out.strip(), args
        assert modules & HEAVY == set(), args
    out, _ = start(tmp_path, "due", env=env)
    assert "Maria Okafor" in out


@pytest.mark.postgres
def test_reads_of_a_current_postgresql_store_go_through_psycopg_alone(tmp_path: Path) -> None:
    """On a PostgreSQL store at alembic head the read door is psycopg's (store/postgres.py):
    `due` and the other reads import no SQLAlchemy, SQLModel or Alembic, and give what the
    SQLAlchemy path gives. A store that is behind is upgraded through SQLAlchemy first."""
    with empty_pg_schema() as url:
        pg = Cadence(url)
        _, modules = start(tmp_path, "add", "Maria Okafor", env={"CADENCE_DB": url})
        assert {"sqlalchemy", "alembic"} <= modules  # made and migrated by the full path
        _book_with_clients(pg)
        pg.ok("log", "Ada", "--note", "50% off: 10:30")  # a `%` and `:` as data, not SQL
        env = {"CADENCE_DB": url}
        for args in (["due"], ["due", "--json"], ["due", "--count"], ["report"],
                     ["promise", "list"], ["show", "Ada"]):  # fmt: skip
            out, modules = start(tmp_path, *args, env=env)
            assert out.strip(), args
            assert modules & HEAVY == set(), args
            assert "psycopg" in modules, args
            assert out == pg.ok(*args), args  # the same as in-process
        out, _ = start(tmp_path, "due", env=env)
        assert "Maria Okafor" in out


def test_a_new_store_is_made_through_the_store_and_then_read_fast(tmp_path: Path) -> None:
    """A store that must first be created takes the full path (and Alembic); the next read
    does not."""
    db = str(tmp_path / "new.db")
    _, modules = start(tmp_path, "add", "Ada Lovelace", env={"CADENCE_DB": db})
    assert {"sqlalchemy", "alembic"} <= modules  # the probe sees real imports
    out, modules = start(tmp_path, "due", env={"CADENCE_DB": db})
    assert "Ada Lovelace" in out
    assert modules & HEAVY == set()  # created, migrated and in WAL mode: the fast path


def test_log_and_show_on_a_current_store_import_no_sqlalchemy(
    tmp_path: Path, sqlite_cadence: Any
) -> None:
    """The write door runs the same SQL through sqlite3 on a current store (issue 17)."""
    _book_with_clients(sqlite_cadence)
    env = {"CADENCE_DB": sqlite_cadence.db}
    out, modules = start(tmp_path, "log", "Ada", env=env)
    assert out.startswith("Logged call with Ada Lovelace")
    assert modules & HEAVY == set()
    assert "rich" not in modules  # its lines are plain ASCII (render.plain)
    out, modules = start(tmp_path, "show", "Ada", env=env)
    assert "Ada Lovelace" in out
    assert modules & HEAVY == set()


def test_the_toml_reader_loads_only_when_there_is_a_config_file(
    tmp_path: Path, sqlite_cadence: Any
) -> None:
    """`due --count` is timed against Taskwarrior (issue 17): without a config file it skips
    tomllib; with one, the file is read and its settings apply."""
    _book_with_clients(sqlite_cadence)
    config = tmp_path / "config" / "config.toml"
    env = {"CADENCE_DB": sqlite_cadence.db, "CADENCE_CONFIG": str(config)}
    out, modules = start(tmp_path, "due", "--count", env=env)
    assert out.strip().isdigit()
    assert "tomllib" not in modules
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('horizon = "21d"\n', encoding="utf-8")
    out, modules = start(tmp_path, "config", "show", env=env)
    assert "tomllib" in modules
    assert "21d" in out


# ---------------------------------------------------------------------------------------------
# The console script builds only the command it runs


def _script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("cadence")  # the console script: `main()`
    return subprocess.run(
        [str(script), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [["due", "--help"], ["log", "-h"], ["tier", "list", "--help"], ["promise", "--help"]],
)
def test_a_command_built_alone_reads_as_in_the_whole_tree(args: list[str]) -> None:
    whole = subprocess.run(
        [sys.executable, "-c", "from cadence_cli.cli import app; app(prog_name='cadence')", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        timeout=120,
        check=False,
    )
    alone = _script(*args)
    assert alone.returncode == whole.returncode == 0, alone.stderr
    assert alone.stdout == whole.stdout


def test_a_mistyped_command_still_gets_its_suggestion(tmp_path: Path) -> None:
    result = _script("--db", str(tmp_path / "b.db"), "dew")
    assert result.returncode == 2
    assert "no such command 'dew'. Did you mean 'due'?" in result.stderr


def test_the_root_option_before_the_command_is_skipped_over(tmp_path: Path) -> None:
    book = str(tmp_path / "b.db")
    assert _script(f"--db={book}", "add", "Ada Lovelace").returncode == 0
    result = _script("--db", book, "due", "--count")
    assert (result.returncode, result.stdout) == (0, "1\n")


COMPLETIONS = {
    "bash: a client": {"_CADENCE_COMPLETE": "complete_bash", "COMP_WORDS": "cadence log Ad",
                       "COMP_CWORD": "2"},
    "bash: in a group": {"_CADENCE_COMPLETE": "complete_bash",
                         "COMP_WORDS": "cadence tier set Ad", "COMP_CWORD": "3"},
    "bash: an option's value": {"_CADENCE_COMPLETE": "complete_bash",
                                "COMP_WORDS": "cadence log --channel ", "COMP_CWORD": "3"},
    "bash: the command": {"_CADENCE_COMPLETE": "complete_bash", "COMP_WORDS": "cadence lo",
                          "COMP_CWORD": "1"},
    "bash: after --db": {"_CADENCE_COMPLETE": "complete_bash",
                         "COMP_WORDS": "cadence --db {db} show Ad", "COMP_CWORD": "4"},
    "zsh": {"_CADENCE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "cadence show Ad"},
    "zsh: a new word": {"_CADENCE_COMPLETE": "complete_zsh",
                        "_TYPER_COMPLETE_ARGS": "cadence show "},
    "fish": {"_CADENCE_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "cadence show Ad",
             "_TYPER_COMPLETE_WORD_TO_COMPLETE": "Ad", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
}  # fmt: skip


@pytest.mark.parametrize("shell", COMPLETIONS)
def test_completion_built_for_one_command_answers_as_the_whole_tree(
    sqlite_cadence: Any, shell: str
) -> None:
    """Completion builds only the command being completed (a third less start-up): the
    answer must be the one the whole tree gives, in every shell's protocol."""
    sqlite_cadence.ok("add", "Ada Lovelace")
    sqlite_cadence.ok("add", "Adam Żak")
    env = {key: value.format(db=sqlite_cadence.db) for key, value in COMPLETIONS[shell].items()}
    env["CADENCE_DB"] = sqlite_cadence.db
    whole = subprocess.run(
        [sys.executable, "-c", "from cadence_cli.cli import app; app(prog_name='cadence')"],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=120, check=False,
    )  # fmt: skip
    alone = _script(env=env)
    assert alone.returncode == whole.returncode == 0, alone.stderr
    assert alone.stdout == whole.stdout
    assert alone.stdout.strip()


def test_one_module_of_interop_loads_without_the_file_readers() -> None:
    """`show` reads the model's records from `interop.modelfile`; the package must not load
    the CSV and vCard readers for that (about a tenth of `show`'s start-up)."""
    listing = "print(sorted(m for m in sys.modules if m.startswith('cadence_cli.interop.')))"

    def loaded(imports: str) -> str:
        code = f"import sys; {imports}; {listing}"
        found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               timeout=60, check=True)  # fmt: skip
        return found.stdout

    alone = loaded("from cadence_cli.interop import modelfile")
    assert "cadence_cli.interop.csvfile" not in alone
    assert "cadence_cli.interop.detect" not in alone
    named = loaded("from cadence_cli.interop import parse_bytes")
    assert "cadence_cli.interop.detect" in named  # the package's names load on first use
