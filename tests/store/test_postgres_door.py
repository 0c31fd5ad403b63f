"""The psycopg read door (store/postgres.py): its URL and SQL translations match what
SQLAlchemy does with the same text. These need no server; the CLI suite on PostgreSQL
(tests/cli, `postgres` parameter) and tests/cli/test_startup.py run the door itself."""

from __future__ import annotations

import pytest

from cadence_cli.store import alchemy
from cadence_cli.store.postgres import CONNECT_TIMEOUT_S, connect_args, pyformat

URLS = [
    "postgresql+psycopg://cadence:cadence-ci@127.0.0.1:5432/cadence_test",
    "postgresql://sam@db.example/book",
    "postgres://sam:p%40ss%2Fw%3Ard@db:6543/my%20book",
    "postgresql+psycopg://u@h/d?options=-csearch_path%3Dt_abc&sslmode=require",
    "postgresql+psycopg://u@h/d?connect_timeout=3",
    "postgresql+psycopg://h/d",
    "postgresql+psycopg://u:@h",
    "postgresql+psycopg://:@h:0/",
]


@pytest.mark.parametrize("url", URLS)
def test_connection_arguments_are_the_ones_sqlalchemy_gives_psycopg(url: str) -> None:
    sa = pytest.importorskip("sqlalchemy")
    from cadence_cli.store.urls import normalise_url

    engine = sa.create_engine(normalise_url(url))
    _, expected = engine.dialect.create_connect_args(engine.url)
    expected.pop("context", None)  # SQLAlchemy's adapters map: none registered for our columns
    expected.setdefault("connect_timeout", alchemy.CONNECT_TIMEOUT_S)
    assert connect_args(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:p@ss@h/d",  # SQLAlchemy and libpq part an `@` in the password differently
        "postgresql://u@h1,h2/d",  # several hosts
        "postgresql://u@[::1]/d",
        "postgresql://u@h:port/d",
        "postgresql://u@h/d?a=1&a=2",
        "postgresql:///d",  # a Unix socket: libpq's defaults
        "sqlite:///tmp/x.db",
        "/tmp/x.db",
        "host=h dbname=d",
    ],
)
def test_an_address_the_door_might_read_otherwise_is_left_to_sqlalchemy(url: str) -> None:
    assert connect_args(url) is None


def test_the_connect_timeout_is_the_engine_s() -> None:
    assert CONNECT_TIMEOUT_S == alchemy.CONNECT_TIMEOUT_S


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT a FROM t WHERE id = :id", "SELECT a FROM t WHERE id = %(id)s"),
        ("SELECT :a, :b_2", "SELECT %(a)s, %(b_2)s"),
        ("SELECT day::date FROM t WHERE x = :x", "SELECT day::date FROM t WHERE x = %(x)s"),
        ("SELECT '10%' LIKE :p ESCAPE '\\'", "SELECT '10%%' LIKE %(p)s ESCAPE '\\'"),
        ("SELECT x = ANY(:ids)", "SELECT x = ANY(%(ids)s)"),
        ("SELECT 'a\\:b'", "SELECT 'a:b'"),
    ],
)
def test_named_parameters_become_pyformat_as_sqlalchemy_text_reads_them(
    sql: str, expected: str
) -> None:
    assert pyformat(sql) == expected
    sa = pytest.importorskip("sqlalchemy")
    named = {part.split(")s")[0] for part in expected.split("%(")[1:]}
    assert set(sa.text(sql)._bindparams) == named  # what SQLAlchemy takes for parameters
