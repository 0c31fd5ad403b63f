"""One client per email address: enforced by the schema (revision 0003), and imports that run
at the same moment wait for each other instead of each adding the same contacts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cadence_cli.cli import app
from cadence_cli.errors import Conflict
from cadence_cli.store import alchemy
from cadence_cli.store.doors import writing

CARDS = 2_000

# argv: ready file, go file, the import's arguments. All workers start the import together.
WORKER = r"""
import os, sys, time

import typer.main

from cadence_cli.cli import app

ready, go, args = sys.argv[1], sys.argv[2], sys.argv[3:]
command = typer.main.get_command(app)
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.002)
command.main(args, prog_name="cadence")
"""


def ok(db: str, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"CADENCE_DB": db})
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def count(db: str, sql: str) -> int:
    opened = alchemy.open_store(db, create=False)
    try:
        with opened.transaction(write=False) as tx:
            return int(tx.rows(sql)[0][0])
    finally:
        opened.close()


def test_three_imports_of_one_file_at_once_add_each_contact_once(book: str, tmp_path: Path) -> None:
    ok(book, "tier", "list")  # create and migrate the store before the race
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Contact {n}\r\nEMAIL:c{n}@example.com\r\nEND:VCARD\r\n"
        for n in range(CARDS)
    )
    path = tmp_path / "phone.vcf"
    path.write_text(cards, encoding="utf-8")
    env = {**os.environ, "CADENCE_DB": book}
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(3)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(flag), str(go), "import", str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    deadline = time.monotonic() + 120
    while not all(flag.exists() for flag in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    outcomes = [(proc.communicate(timeout=300), proc.returncode) for proc in procs]
    assert all(code == 0 for _out, code in outcomes), outcomes
    said = sorted(out.split(" from ")[0] for (out, _err), _code in outcomes)
    skipped = f"Imported 0 clients ({CARDS:,} duplicates skipped)"
    assert said == [skipped, skipped, f"Imported {CARDS:,} clients"]  # one after the other
    assert count(book, "SELECT COUNT(*) FROM client") == CARDS
    assert count(book, "SELECT COUNT(DISTINCT email_key) FROM client") == CARDS


def test_the_schema_refuses_a_second_client_with_the_same_email(book: str) -> None:
    ok(book, "add", "Ada Lovelace", "--email", "Ada@Example.com")
    insert = (
        "INSERT INTO client (name, name_key, tier_id, email, email_key, status, added_on) "
        "VALUES ('Eve', 'eve', 1, 'ADA@example.com', 'ada@example.com', 'active', :day)"
    )
    with pytest.raises(Conflict) as refused, writing(book) as db:
        db.execute(insert, {"day": "2026-11-23"} if "://" not in book else {"day": None})
    assert refused.value.message == (
        "another client already has this email address; nothing was changed"
    )
    assert "INSERT" not in refused.value.message


def test_an_upgrade_keeps_an_email_shared_by_two_clients_in_the_later_ones_notes(
    tmp_path: Path,
) -> None:
    from alembic import command
    from alembic.config import Config

    from cadence_cli.store import migrations

    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        for cid, name, email, notes in [
            (1, "Ada Lovelace", "ada@example.com", None),
            (2, "Ada L.", "ADA@example.com", "met at the fair"),
            (3, "Bob", "bob@example.com", None),
        ]:
            conn.execute(
                sa.text(
                    "INSERT INTO client (id, name, name_key, tier_id, email, email_key, notes, "
                    "status, added_on) VALUES (:id, :name, :key, 1, :email, :ekey, :notes, "
                    "'active', '2026-01-05')"
                ),
                {"id": cid, "name": name, "key": name.casefold(), "email": email,
                 "ekey": email.casefold(), "notes": notes},
            )  # fmt: skip
    engine.dispose()
    shown = ok(str(path), "show", "#2", "--json")
    assert '"email": null' in shown
    assert (
        "met at the fair\\n(email ADA@example.com moved here by cadence's upgrade: client #1 "
        "has the same address)"
    ) in shown
    assert '"email": "ada@example.com"' in ok(str(path), "show", "#1", "--json")
