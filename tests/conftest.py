"""Fixtures shared by every layer of tests.

`book` gives each test a fresh, empty store: a SQLite file under tmp_path, or (for the
`postgres` parameter) a private schema on the server named by CADENCE_TEST_POSTGRES_URL.
Without that variable the PostgreSQL half skips with a reason; nothing is mocked.
The autouse `cli_env` pins CADENCE_TODAY, CADENCE_TZ, CADENCE_USER and the terminal width
so CLI output is exact, and points CADENCE_CONFIG into tmp_path: a developer's own config
file never reaches a test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cadence_cli.cli import app

TODAY = "2026-11-23"  # a Monday
PG_URL = os.environ.get("CADENCE_TEST_POSTGRES_URL")
STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new store per test worker, migrated once; `book` copies it (a copy is what a
    first run creates, without paying Alembic's import and upgrade in every test)."""
    from cadence_cli.store.alchemy import open_store

    path = tmp_path_factory.mktemp("template") / "cadence.db"
    open_store(str(path), create=True).close()
    return path


def _fresh_sqlite_book(tmp_path: Path, template: Path) -> Path:
    """tmp_path/book/cadence.db: a private copy of the migrated template."""
    folder = tmp_path / "book"
    folder.mkdir(mode=0o700)
    target = folder / "cadence.db"
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return target


@pytest.fixture(params=STORES)
def book(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite_template: Path
) -> Iterator[str]:
    """The URL (or path) of a store with no clients yet, on each kind of backend.

    On SQLite it is a copy of a freshly migrated store; on PostgreSQL a private schema,
    migrated here (a read never creates a book). Tests that need a truly empty file or
    schema make their own.
    """
    if request.param == "sqlite":
        yield str(_fresh_sqlite_book(tmp_path, migrated_sqlite_template))
        return
    with empty_pg_schema() as url:
        from cadence_cli.store.alchemy import open_store

        open_store(url, create=True).close()
        yield url


@pytest.fixture(params=STORES)
def new_book(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The address of a book not made yet: a SQLite file that does not exist, or a
    PostgreSQL schema with no tables (how a team's database starts)."""
    if request.param == "sqlite":
        yield str(tmp_path / "new" / "cadence.db")
        return
    with empty_pg_schema() as url:
        yield url


@contextmanager
def empty_pg_schema() -> Iterator[str]:
    """A private schema with no tables on the server of CADENCE_TEST_POSTGRES_URL (else the
    test skips), dropped afterwards."""
    if not PG_URL:
        pytest.skip("PostgreSQL: set CADENCE_TEST_POSTGRES_URL to run (bash .ci/run does)")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield _pg_schema_url(PG_URL, schema)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CADENCE_DB", str(tmp_path / "default" / "cadence.db"))
    monkeypatch.setenv("CADENCE_TODAY", TODAY)
    monkeypatch.setenv("CADENCE_TZ", "Europe/London")
    monkeypatch.setenv("CADENCE_USER", "sam")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("CADENCE_CONFIG", str(tmp_path / "config" / "config.toml"))
    for variable in ("CADENCE_DEBUG", "CADENCE_OWNER", "CADENCE_HORIZON", "CADENCE_ROWS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


class Cadence:
    """Runs `cadence …` in-process against one store and returns the result."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, today: str | None = None):  # type: ignore[no-untyped-def]
        env = {"CADENCE_DB": self.db}
        if today is not None:
            env["CADENCE_TODAY"] = today
        return self.runner.invoke(app, list(args), input=input, env=env)

    def ok(self, *args: str, input: str | None = None, today: str | None = None) -> str:
        result = self(*args, input=input, today=today)
        assert result.exit_code == 0, result.output
        return result.stdout


@pytest.fixture
def cadence(book: str) -> Cadence:
    """A CLI bound to a fresh store, on SQLite and on PostgreSQL."""
    return Cadence(book)


@pytest.fixture
def sqlite_cadence(tmp_path: Path, migrated_sqlite_template: Path) -> Cadence:
    """A CLI bound to a fresh SQLite store only (file-level behaviour): a book with no
    clients yet, as `book` makes (a read never creates one)."""
    return Cadence(str(_fresh_sqlite_book(tmp_path, migrated_sqlite_template)))
