"""`cadence db path` and `cadence db backup`."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cadence_cli.cli import app


def test_db_path_prints_the_store(cadence: Any) -> None:
    out = cadence.ok("db", "path")
    if "://" in cadence.db:  # PostgreSQL: the URL, its password hidden
        password = cadence.db.split("://", 1)[1].split("@", 1)[0].partition(":")[2]
        assert password and password not in out
        assert out.startswith("postgresql+psycopg://") and ":***@" in out
    else:
        assert out == f"{Path(cadence.db).absolute()}\n"


def test_db_path_never_shows_a_password(tmp_path: Path) -> None:
    runner = CliRunner()
    url = "postgresql+psycopg://sam:s3cr%40t-pw@db.example.com:5432/book"
    result = runner.invoke(app, ["--db", url, "db", "path"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "postgresql+psycopg://sam:***@db.example.com:5432/book\n"
    from_env = runner.invoke(app, ["db", "path"], env={"CADENCE_DB": url})
    assert from_env.stdout == result.stdout
    relative = runner.invoke(app, ["--db", "book.db", "db", "path"])
    assert relative.stdout == f"{Path('book.db').absolute()}\n"  # a plain, absolute path


def test_db_backup_copies_the_book_privately(sqlite_cadence: Any, tmp_path: Path) -> None:
    sqlite_cadence.ok("add", "Ada Lovelace", "--tier", "A")
    sqlite_cadence.ok("add", "Bob Brown")
    sqlite_cadence.ok("log", "ada")
    copy = tmp_path / "copy.db"
    assert sqlite_cadence.ok("db", "backup", str(copy)) == f"Backed up to {copy}.\n"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM client ORDER BY id")]
        touches = conn.execute("SELECT count(*) FROM touch").fetchone()[0]
    conn.close()
    assert (names, touches) == (["Ada Lovelace", "Bob Brown"], 1)

    restored = CliRunner().invoke(app, ["--db", str(copy), "clients", "--json"])
    assert restored.exit_code == 0, restored.output
    assert '"name": "Ada Lovelace"' in restored.stdout

    before = copy.read_bytes()
    again = sqlite_cadence("db", "backup", str(copy))
    assert again.exit_code == 5
    assert again.stderr == (f"cadence: error: {copy} already exists (choose a new file name)\n")
    assert copy.read_bytes() == before
    folder = sqlite_cadence("db", "backup", str(tmp_path))
    assert folder.exit_code == 2
    assert "is a directory" in folder.stderr
    nowhere = sqlite_cadence("db", "backup", str(tmp_path / "missing" / "copy.db"))
    assert nowhere.exit_code == 3
    assert "does not exist" in nowhere.stderr


def test_db_backup_of_postgresql_points_to_pg_dump(cadence: Any, tmp_path: Path) -> None:
    cadence.ok("add", "Ada Lovelace")
    result = cadence("db", "backup", str(tmp_path / "copy.db"))
    if "://" in cadence.db:
        assert result.exit_code == 2
        assert "db backup copies SQLite stores; for PostgreSQL use pg_dump" in result.stderr
        assert not (tmp_path / "copy.db").exists()
    else:
        assert result.exit_code == 0, result.output
