"""Issue 14 items 4-6: bulk touches, names you type once, the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import Cadence


def err(result) -> str:  # type: ignore[no-untyped-def]
    return result.stderr.strip()


def seed(cadence: Cadence) -> None:
    cadence.ok("add", "Ann", "--tag", "past-client, vip", "--owner", "kim", "--new-owner")
    cadence.ok("add", "Bob", "--tag", "past-client", "--owner", "me")
    cadence.ok("add", "Cy", "--tag", "past-client")
    cadence.ok("archive", "Cy", "--reason", "moved away")
    cadence.ok("add", "Dee", "--tier", "A", "--owner", "me")


def test_bulk_log_logs_every_active_client_in_the_selection(cadence: Cadence) -> None:
    seed(cadence)
    out = cadence.ok(
        "log", "--tag", "past-client", "-c", "email", "--note", "market update", "--yes"
    )
    assert out == "Logged an email with 2 clients tagged past-client on Mon 23 Nov.\n"
    assert "market update" in cadence.ok("show", "Ann")
    assert "market update" in cadence.ok("show", "Bob")
    assert "market update" not in cadence.ok("show", "Dee")
    out = cadence.ok("log", "--tier", "A", "--owner", "me", "-c", "card", "--yes")
    assert out == "Logged a card with 1 client in tier A owned by sam on Mon 23 Nov.\n"
    cadence.ok("config", "set", "owner", "kim")  # a list's default, not a bulk selection's
    out = cadence.ok("log", "--owner", "all", "-c", "card", "--yes")
    assert out == "Logged a card with 3 clients on Mon 23 Nov.\n"


def test_bulk_log_asks_first_like_every_question(cadence: Cadence) -> None:
    seed(cadence)
    question = "Log an email with 2 clients tagged past-client on Mon 23 Nov? [y/N]: "
    declined = cadence("log", "--tag", "past-client", "-c", "email", input="n\n")
    assert declined.exit_code == 0, declined.output
    assert declined.stderr == question
    assert declined.stdout == "Logged nothing.\n"  # no stray space from the question
    unanswered = cadence("log", "--tag", "past-client", "-c", "email", input="")
    assert unanswered.exit_code == 130
    assert "stopped at a question" in unanswered.stderr
    assert "email" not in cadence.ok("show", "Bob")
    out = cadence.ok("log", "--tag", "past-client", "-c", "email", "--on", "fri", input="y\n")
    assert (
        out.splitlines()[-1] == "Logged an email with 2 clients tagged past-client on Fri 20 Nov."
    )
    assert "email" in cadence.ok("show", "Bob")


def test_bulk_log_usage_errors(cadence: Cadence) -> None:
    seed(cadence)
    assert err(cadence("log")) == (
        "cadence: error: log needs a CLIENT, or --tag, --tier or --owner to log with many "
        "(see `cadence log --help`)"
    )
    assert "not both" in err(cadence("log", "Ann", "--tag", "vip"))
    assert "needs --channel" in err(cadence("log", "--tag", "vip", "--yes"))
    assert err(cadence("log", "--tag", "nobody", "-c", "email", "--yes")) == (
        "cadence: error: no active client tagged nobody"
    )


def test_an_unknown_owner_written_into_the_book_is_refused(cadence: Cadence) -> None:
    seed(cadence)
    result = cadence("add", "Eve", "--owner", "smа")  # a Cyrillic а
    assert result.exit_code == 3
    assert err(result) == (
        "cadence: error: unknown owner 'smа': did you mean sam? "
        "(add --new-owner if smа is someone new)"
    )
    assert err(cadence("log", "Ann", "--by", "KIN")) == (
        "cadence: error: unknown owner 'KIN': did you mean kim? "
        "(add --new-owner if KIN is someone new)"
    )
    assert "did you mean kim?" in err(cadence("edit", "Bob", "--owner", "kimm"))
    assert err(cadence("add", "Eve", "--owner", "Zed")) == (
        "cadence: error: unknown owner 'Zed' "
        "(owners so far: kim, sam; add --new-owner if Zed is someone new)"
    )
    assert "did you mean kim?" in err(
        cadence("archive", "Bob", "--reason", "moved", "--hand-over-to", "kin")
    )
    assert "did you mean sam?" in err(cadence("team", "capacity", "sma", "20h"))
    assert cadence.ok("clients", "--owner", "all", "--json").count('"name"') == 3  # nothing added
    cadence.ok("edit", "Dee", "--owner", "KIM")  # known, in any case
    cadence.ok("add", "Fay", "--owner", "me")  # the current user is always known
    cadence.ok("log", "Bob", "--by", "lee", "--new-owner")
    cadence.ok("add", "Gil", "--owner", "Lee")  # a touch's author is known too
    cadence.ok("team", "capacity", "Ola", "10h", "--new-owner")
    cadence.ok("edit", "Gil", "--owner", "ola")  # and an owner with a capacity


def test_a_new_owner_starts_an_empty_book_only_on_purpose(cadence: Cadence) -> None:
    refused = cadence("add", "Ann", "--owner", "kim")
    assert refused.exit_code == 3
    assert err(refused) == (
        "cadence: error: unknown owner 'kim' "
        "(owners so far: sam; add --new-owner if kim is someone new)"
    )
    assert cadence.ok("clients", "--json") == "[]\n"
    cadence.ok("add", "Ann", "--owner", "kim", "--new-owner")
    cadence.ok("add", "Bob", "--owner", "Kim")


def test_a_filter_owner_close_to_a_known_one_is_taken_for_a_typo(cadence: Cadence) -> None:
    seed(cadence)
    cadence.ok("edit", "Dee", "--owner", "Élodie", "--new-owner")
    for command in (
        ["due"], ["clients"], ["report"], ["plan"], ["work"], ["tier", "review"],
        ["log", "-c", "email", "--yes"],
    ):  # fmt: skip
        result = cadence(*command, "--owner", "kin", input="q\n")
        assert result.exit_code == 3, (command, result.output)
        assert err(result) == "cadence: error: no owner 'kin' in this book: did you mean kim?"
    assert err(cadence("due", "--owner", "elodie")) == (
        "cadence: error: no owner 'elodie' in this book: did you mean Élodie?"
    )  # the same letters, another spelling: the list would be empty
    assert "Dee" in cadence.ok("due", "--owner", "ÉLODIE")


def test_a_filter_owner_close_to_nobody_matches_nobody(cadence: Cadence) -> None:
    seed(cadence)
    assert cadence.ok("clients", "--owner", "zed", "--json") == "[]\n"
    assert cadence.ok("due", "--owner", "zed", "--count") == "0\n"
    assert err(cadence("log", "--owner", "zed", "-c", "email", "--yes")) == (
        "cadence: error: no active client owned by zed"
    )


def test_a_configured_owner_in_an_empty_book(
    cadence: Cadence, monkeypatch: pytest.MonkeyPatch
) -> None:
    cadence.ok("config", "set", "owner", "me")
    assert cadence.ok("due", "--count") == "0\n"
    assert cadence.ok("clients", "--json") == "[]\n"
    monkeypatch.setenv("CADENCE_OWNER", "jo")
    assert cadence.ok("due", "--count") == "0\n"
    assert cadence.ok("clients", "--json") == "[]\n"
    cadence.ok("add", "Ann", "--tier", "A", "--owner", "jo", "--new-owner")
    assert cadence.ok("due", "--count") == "1\n"
    monkeypatch.setenv("CADENCE_OWNER", "sma")
    assert err(cadence("due")) == (
        "cadence: error: no owner 'sma' in this book: did you mean sam? "
        "(the owner comes from CADENCE_OWNER; --owner all lists everyone)"
    )
    monkeypatch.delenv("CADENCE_OWNER")
    cadence.ok("config", "set", "owner", "joe")
    assert err(cadence("work", input="q\n")) == (
        "cadence: error: no owner 'joe' in this book: did you mean jo? "
        "(the owner comes from the config file; --owner all lists everyone)"
    )
    assert err(cadence("clients", "--owner", "sma")) == (
        "cadence: error: no owner 'sma' in this book: did you mean sam?"
    )  # typed: no word about where it came from


def test_a_tag_with_a_comma_is_split(cadence: Cadence) -> None:
    seed(cadence)
    cadence.ok("edit", "Bob", "--tag", "golf,  Tennis")
    out = cadence.ok("clients", "--tag", "tennis")
    assert "Bob" in out and "Ann" not in out
    assert "Ann" in cadence.ok("clients", "--tag", "vip")
    assert "names several tags" in err(cadence("due", "--tag", "golf,tennis"))


def test_config_set_show_unset_and_precedence(cadence: Cadence, tmp_path: Path) -> None:
    seed(cadence)
    path = tmp_path / "config" / "config.toml"
    assert cadence.ok("config", "path") == f"{path}\n"
    assert cadence.ok("config", "set", "owner", "kim") == f"Set owner = kim in {path}.\n"
    cadence.ok("config", "set", "rows", "1")
    assert 'owner = "kim"\nrows = 1\n' in path.read_text()
    out = cadence.ok("clients")
    assert "Ann" in out and "Bob" not in out  # the configured owner
    out = cadence.ok("clients", "--owner", "all")
    assert "Ann" in out and "Bob" in out
    assert "Bob" in cadence.ok("clients", "--owner", "me")  # a flag wins
    shown = cadence.ok("config", "show")
    assert "owner    kim  (config file)" in shown
    assert "horizon  7d  (default)" in shown
    cadence.ok("config", "unset", "owner")
    assert "Bob" in cadence.ok("clients")


def test_environment_beats_the_config_file(
    cadence: Cadence, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(cadence)
    cadence.ok("config", "set", "owner", "kim")
    monkeypatch.setenv("CADENCE_OWNER", "all")
    assert "Bob" in cadence.ok("clients")


def test_config_errors_are_one_clear_line(cadence: Cadence, tmp_path: Path) -> None:
    result = cadence("config", "set", "colour", "red")
    assert err(result) == (
        "cadence: error: unknown config key 'colour' for `cadence config set` "
        "(known keys: db, owner, horizon, rows)"
    )
    assert "at least 1" in err(cadence("config", "set", "rows", "0"))
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir()
    path.write_text("owner = [broken\n")
    result = cadence("due")
    assert result.exit_code == 2
    assert err(result).startswith(f"cadence: error: cannot read the config file {path}: ")
    assert len(err(result).splitlines()) == 1
    path.write_text('colour = "red"\n')
    assert "unknown config key 'colour'" in err(cadence("due"))


def test_config_db_is_the_book_when_no_flag_or_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "configured" / "cadence.db"
    monkeypatch.delenv("CADENCE_DB")
    from typer.testing import CliRunner

    from cadence_cli.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["config", "set", "db", str(book)]).exit_code == 0
    assert runner.invoke(app, ["add", "Ann"]).exit_code == 0
    assert book.is_file()
    assert runner.invoke(app, ["db", "path"]).stdout == f"{book}\n"
