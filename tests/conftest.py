"""Fixtures shared by every layer of tests.

`book` gives each test a fresh, empty store: a SQLite file under tmp_path, or (for the
`postgres` parameter) a private schema on the server named by CADENCE_TEST_POSTGRES_URL.
Without that variable the PostgreSQL half skips with a reason; nothing is mocked.
The autouse `cli_env` pins CADENCE_TODAY, CADENCE_TZ, CADENCE_USER and the terminal width
so CLI output is exact, and points CADENCE_CONFIG into tmp_path: a developer's own config
file never reaches a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import STORES, TODAY, Cadence, empty_pg_schema, fresh_sqlite_book


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new store per test worker, migrated once; `book` copies it (a copy is what a
    first run creates, without paying Alembic's import and upgrade in every test)."""
    from cadence_cli.store.alchemy import open_store

    path = tmp_path_factory.mktemp("template") / "cadence.db"
    open_store(str(path), create=True).close()
    return path


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
        yield str(fresh_sqlite_book(tmp_path, migrated_sqlite_template))
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


@pytest.fixture
def cadence(book: str) -> Cadence:
    """A CLI bound to a fresh store, on SQLite and on PostgreSQL."""
    return Cadence(book)


@pytest.fixture
def sqlite_cadence(tmp_path: Path, migrated_sqlite_template: Path) -> Cadence:
    """A CLI bound to a fresh SQLite store only (file-level behaviour): a book with no
    clients yet, as `book` makes (a read never creates one)."""
    return Cadence(str(fresh_sqlite_book(tmp_path, migrated_sqlite_template)))
