"""What the tests of every layer share besides fixtures: the stores they run on, a private
PostgreSQL schema, a fresh SQLite book and the in-process CLI runner.

A module of its own, not `conftest`: test modules import these names, and `import conftest`
finds whichever conftest.py pytest loaded first under that name (tests/interop has one too),
so `pytest tests/interop tests/cli` failed to collect the CLI tests that imported from it.
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


def fresh_sqlite_book(tmp_path: Path, template: Path) -> Path:
    """tmp_path/book/cadence.db: a private copy of the migrated template."""
    folder = tmp_path / "book"
    folder.mkdir(mode=0o700)
    target = folder / "cadence.db"
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return target


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
