"""End to end against real servers: cadence → vdir → vdirsyncer → Radicale → vdirsyncer →
a second vdir (the phone) → khard and todoman, and back (issue 16).

Nothing is mocked: a Radicale server runs on 127.0.0.1 (a free port, no authentication,
storage in a temporary folder) for the session, vdirsyncer moves the items over CardDAV and
CalDAV, khard and todoman read the "phone" side and todoman completes a to-do there. The
tools come from the folder named by CADENCE_TEST_PIM_BIN (`.ci/run` installs them into a
venv of their own, so their dependencies never meet cadence's); without it every test here
skips with the reason. `.ci/run` prints how many of these ran.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PIM_BIN = os.environ.get("CADENCE_TEST_PIM_BIN")
TOOLS = ("radicale", "vdirsyncer", "khard", "todo")


def _missing() -> str | None:
    if not PIM_BIN:
        return "end-to-end sync: set CADENCE_TEST_PIM_BIN to a folder with " + (
            "radicale, vdirsyncer, khard and todo (bash .ci/run does)"
        )
    absent = [tool for tool in TOOLS if not (Path(PIM_BIN) / tool).exists()]
    if absent:
        return f"end-to-end sync: {', '.join(absent)} not in CADENCE_TEST_PIM_BIN={PIM_BIN}"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def tool(name: str, *args: str, cwd: Path | None = None) -> str:
    assert PIM_BIN is not None
    result = subprocess.run(
        [str(Path(PIM_BIN) / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, f"{name} {args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A Radicale server for the session: its base URL and its storage folder."""
    assert PIM_BIN is not None
    home = tmp_path_factory.mktemp("radicale")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = home / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {home / 'storage'}\n[logging]\nlevel = warning\n"
    )
    log = (home / "radicale.log").open("w")
    server = subprocess.Popen(
        [str(Path(PIM_BIN) / "radicale"), "--config", str(config)], stdout=log, stderr=log
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail(f"Radicale did not start: {(home / 'radicale.log').read_text()}")
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}", home / "storage"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@dataclass
class Rig:
    """One user's address book and calendar on the server, a vdir pair on each side."""

    root: Path
    config: Path

    @property
    def cadence_contacts(self) -> Path:
        return self.root / "cadence" / "contacts"

    @property
    def cadence_calendar(self) -> Path:
        return self.root / "cadence" / "calendar"

    @property
    def phone_contacts(self) -> Path:
        return self.root / "phone" / "contacts"

    @property
    def phone_calendar(self) -> Path:
        return self.root / "phone" / "calendar"

    def vdirsyncer(self, *args: str) -> str:
        return tool("vdirsyncer", "-c", str(self.config), *args)

    def up(self) -> None:
        """cadence's vdirs to the server, then the server to the phone."""
        self.vdirsyncer("sync", "cadence_contacts", "cadence_calendar")
        self.vdirsyncer("sync", "phone_contacts", "phone_calendar")

    def down(self) -> None:
        """The phone's changes to the server, then the server to cadence's vdirs."""
        self.vdirsyncer("sync", "phone_contacts", "phone_calendar")
        self.vdirsyncer("sync", "cadence_contacts", "cadence_calendar")

    def khard(self, *args: str) -> str:
        config = self.root / "khard.conf"
        config.write_text(
            f"[addressbooks]\n[[phone]]\npath = {self.phone_contacts}/\n"
            "[general]\neditor = true\nmerge_editor = true\n"
        )
        return tool("khard", "-c", str(config), *args)

    def todo(self, *args: str) -> str:
        config = self.root / "todoman_config.py"
        config.write_text(
            f'path = "{self.phone_calendar}"\ndate_format = "%Y-%m-%d"\n'
            f'time_format = "%H:%M"\ncache_path = "{self.root / "todoman.cache"}"\n'
        )
        return tool("todo", "--config", str(config), *args)


def _pair(name: str, a: str, b: str) -> str:
    return (
        f'[pair {name}]\na = "{a}"\nb = "{b}"\ncollections = null\nconflict_resolution = "a wins"\n'
    )


def _local(name: str, path: Path, ext: str) -> str:
    return f'[storage {name}]\ntype = "filesystem"\npath = "{path}/"\nfileext = "{ext}"\n'


def _remote(name: str, kind: str, url: str) -> str:
    return (
        f'[storage {name}]\ntype = "{kind}"\nurl = "{url}"\n'
        'username = "cadence"\npassword = "unused"\n'
    )


@pytest.fixture
def rig(radicale: tuple[str, Path], tmp_path: Path) -> Rig:
    base, storage = radicale
    user = f"u{uuid.uuid4().hex[:10]}"
    for collection, props in (
        ("contacts", {"tag": "VADDRESSBOOK"}),
        ("calendar", {"tag": "VCALENDAR", "C:supported-calendar-component-set": "VEVENT,VTODO"}),
    ):
        folder = storage / "collection-root" / user / collection
        folder.mkdir(parents=True)
        (folder / ".Radicale.props").write_text(json.dumps(props))
    config = tmp_path / "vdirsyncer.conf"
    rig = Rig(tmp_path, config)
    for path in (
        rig.cadence_contacts,
        rig.cadence_calendar,
        rig.phone_contacts,
        rig.phone_calendar,
    ):
        path.mkdir(parents=True)
    config.write_text(
        "\n".join(
            [
                f'[general]\nstatus_path = "{tmp_path / "status"}/"\n',
                _pair("cadence_contacts", "server_contacts", "cadence_contacts_vdir"),
                _pair("cadence_calendar", "server_calendar", "cadence_calendar_vdir"),
                _pair("phone_contacts", "server_contacts", "phone_contacts_vdir"),
                _pair("phone_calendar", "server_calendar", "phone_calendar_vdir"),
                _local("cadence_contacts_vdir", rig.cadence_contacts, ".vcf"),
                _local("cadence_calendar_vdir", rig.cadence_calendar, ".ics"),
                _local("phone_contacts_vdir", rig.phone_contacts, ".vcf"),
                _local("phone_calendar_vdir", rig.phone_calendar, ".ics"),
                _remote("server_contacts", "carddav", f"{base}/{user}/contacts/"),
                _remote("server_calendar", "caldav", f"{base}/{user}/calendar/"),
            ]
        )
    )
    rig.vdirsyncer("discover")
    return rig


def sync(cadence: Any, kind: str, folder: Path) -> list[str]:
    return str(cadence.ok("sync", kind, str(folder))).splitlines()


def test_e2e_clients_reach_khard_and_a_phone_edit_comes_back(sqlite_cadence: Any, rig: Rig) -> None:
    cadence = sqlite_cadence
    cadence.ok("add", "Ada Lovelace", "--email", "ada@example.com", "--phone", "+44 20 7946 0000")
    cadence.ok("add", "Bob Smith", "--email", "bob@example.org", "--birthday", "1970-03-15")
    assert sync(cadence, "contacts", rig.cadence_contacts)[0].endswith("2 new cards.")
    rig.up()

    listing = rig.khard("list", "--parsable")
    assert sorted(line.split("\t")[1] for line in listing.splitlines()) == [
        "Ada Lovelace",
        "Bob Smith",
    ]
    assert "ada@example.com" in rig.khard("show", "Ada")

    (ada,) = [p for p in rig.phone_contacts.iterdir() if b"Ada Lovelace" in p.read_bytes()]
    text = ada.read_bytes().decode()
    eol = "\r\n" if "\r\n" in text else "\n"
    edited = text.replace("TEL:+44 20 7946 0000", "TEL;TYPE=CELL:+44 7700 900123")
    edited = edited.replace(
        f"END:VCARD{eol}", f"X-PHONE-ONLY;X-A=1:kept by cadence{eol}END:VCARD{eol}"
    )
    assert edited != text
    ada.write_bytes(edited.encode())
    rig.down()

    assert sync(cadence, "contacts", rig.cadence_contacts)[0].endswith("1 client updated.")
    shown = json.loads(cadence.ok("show", "Ada", "--json"))
    assert shown["phone"] == "+44 7700 900123"

    cadence.ok("edit", "Ada", "--company", "Analytical Engines")
    assert sync(cadence, "contacts", rig.cadence_contacts)[0].endswith("1 card updated.")
    rig.up()
    back = ada.read_bytes().decode()
    assert "ORG:Analytical Engines" in back
    assert "X-PHONE-ONLY;X-A=1:kept by cadence" in back
    assert "Analytical Engines" in rig.khard("show", "Ada")
    assert sync(cadence, "contacts", rig.cadence_contacts)[0].endswith("nothing to change.")
    assert len(json.loads(cadence.ok("clients", "--json"))) == 2


def test_e2e_a_task_done_in_todoman_logs_a_touch(sqlite_cadence: Any, rig: Rig) -> None:
    cadence = sqlite_cadence
    cadence.ok("add", "Ada Lovelace", "--tier", "A", "--birthday", "1815-12-10")
    cadence.ok("add", "Bob Smith", "--tier", "B")
    cadence.ok("charter", "Bob", "--every", "2w", "--channel", "text")
    cadence.ok("model", "touchpoint", "add", "B", "monthly note", "--every", "1m", "--channel",
               "email,card", "--minutes", "5")  # fmt: skip
    cadence.ok("promise", "add", "Ada", "send the market report", "--by", "fri")
    out = sync(cadence, "calendar", rig.cadence_calendar)
    assert out == [
        f"Synced the calendar with {rig.cadence_calendar}: 5 items written, 0 unchanged, 0 removed."
    ]
    rig.up()

    todos = json.loads(rig.todo("--porcelain", "list"))
    by_summary = {t["summary"]: t["id"] for t in todos}
    assert sorted(by_summary) == [
        "Contact Ada Lovelace (A)",
        "Contact Bob Smith (B)",
        "Monthly note: Bob Smith (email, card, 5 min)",
        "Promise to Ada Lovelace: send the market report",
    ]
    (note,) = [t for t in todos if t["summary"].startswith("Monthly note")]
    assert sorted(note["categories"]) == ["B", "touchpoint"]
    rig.todo("done", str(by_summary["Contact Bob Smith (B)"]))
    rig.todo("done", str(by_summary["Promise to Ada Lovelace: send the market report"]))
    rig.todo("done", str(by_summary["Monthly note: Bob Smith (email, card, 5 min)"]))
    rig.down()

    out = sync(cadence, "calendar", rig.cadence_calendar)
    assert out == [
        f"Synced the calendar with {rig.cadence_calendar}: 0 items written, 2 unchanged, "
        "3 removed.",
        "logged: text with #2 Bob Smith on Mon 23 Nov (done in another program)",
        "kept: #1 Ada Lovelace: send the market report on Mon 23 Nov (done in another program)",
        "logged: email with #2 Bob Smith on Mon 23 Nov for 'monthly note' "
        "(done in another program)",
    ]
    bob = json.loads(cadence.ok("show", "Bob", "--json"))
    assert sorted((t["channel"], t["outcome"], t["note"]) for t in bob["touches"]) == [
        ("email", "message", "done in another program"),
        ("text", "message", "done in another program"),
    ]
    assert [(t["last_on"], t["due_on"]) for t in bob["touchpoints"]] == [
        ("2026-11-23", "2026-12-23")
    ]
    rig.up()
    left = {t["summary"] for t in json.loads(rig.todo("--porcelain", "list", "--status", "ANY"))}
    assert left == {"Contact Ada Lovelace (A)"}
    assert sync(cadence, "calendar", rig.cadence_calendar)[0].endswith(
        "0 items written, 2 unchanged, 0 removed."
    )
    assert len(bob["touches"]) == len(json.loads(cadence.ok("show", "Bob", "--json"))["touches"])
