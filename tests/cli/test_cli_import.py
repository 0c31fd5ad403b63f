"""`cadence import`: real files from other tools, duplicates, all or nothing, --spread.

Real files: the ez-vcard samples (BSD-2) are in tests/fixtures/vcard and always run; the GPL and
LGPL files are read from `<repo>/../shared/realdata` and skip with a reason when it is absent.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence_cli.core.dates import Interval
from cadence_cli.core.schedule import SpreadItem, spread_first_due
from harness import Cadence

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "vcard"
REALDATA = REPO.parent / "shared" / "realdata"
TODAY = date(2026, 11, 23)
HEADER = (
    "name,email,phone,company,tier,tags,birthday,milestones,owner,notes,last_contact,next_due,"
    "status"
)

# What each real file becomes in the book: (name, email, phone, milestones, tags, company).
# The book keeps one email and one phone (the file's preferred, else first); milestones
# include the birthday; tags are lower-cased.
Row = tuple[str, str | None, str | None, dict[str, str], list[str], str | None]
EXPECTED: dict[str, list[Row]] = {
    "davx5_allfields_v30.vcf": [
        ("Ämi Display", "private@example.com", "+49 1234 56788",
         {"anniversary": "2014-08-12", "birthday": "1996-04-15", "custom date": "2021-07-29"},
         ["a", "b'c"], "ABC, Inc."),
    ],
    "davx5_v40_bday_noyear.vcf": [("VCard 4 Test", None, None, {"birthday": "--04-16"}, [], None)],
    "ezvcard_android_v21_qp.vcf": [
        ("john.doe@company.com", "john.doe@company.com", None, {}, [], None),
        ("jane.doe@company.com", "jane.doe@company.com", None, {}, [], None),
        ("Ñ Ñ Ñ Ñ Ñ", None, "123456789", {}, [], None),
        (" ".join(["Ñ"] * 11), None, "123456", {}, [], None),
        ("Ñ Ñ Ñ Ñ", "bob@company.com", "123456", {}, [], "Ñ" * 12),
        ("ÑÑÑÑ", "henry@company.com", "55556666", {}, [], "Ñ" * 44),
    ],
    "ezvcard_evolution_v30.vcf": [
        ("Mr. John Richter, James Doe Sr.", "john.doe@ibm.com", "905-666-1234",
         {"anniversary": "1980-03-22", "birthday": "1980-03-22"}, ["vip"], "IBM"),
    ],
    "ezvcard_gmail_v30_abdate.vcf": [
        ("Mr. John Richter, James Doe Sr.", "john.doe@ibm.com", "905-555-1234",
         {"anniversary": "1975-03-01", "birthday": "1980-03-22"}, [], "IBM"),
    ],
    "ezvcard_gmail_v30_many_fields.vcf": [
        ("VCard Test", "email@example.com", "5555551111",
         {"anniversary": "1930-03-20", "birthday": "1912-06-23",
          "customdatecategory": "2000-09-12", "other": "1776-07-04"}, [], "TheCompany"),
    ],
    "ezvcard_outlook_v21.vcf": [
        ("Mr. John Richter James Doe Sr.", "john.doe@ibm.cm", "(905) 555-1234",
         {"anniversary": "2011-01-13", "birthday": "1980-03-22"}, [], "IBM"),
    ],
    "ezvcard_v40_caret_label.vcf": [
        ("Dummy, Dummy", "dummy.dummy@dummy.com", "+49 1234 56789", {}, [], "Dummy GmbH"),
    ],
    "kcontacts_owncloud_v30_multibyte_fold.vcf": [("βγδεαβγδ1" * 11, None, None, {}, [], None)],
    "kcontacts_v40_full.vcf": [
        ("Sherlock Holmes", "detective@sherlockholmes.com", "+44-555-555-5555 ext. 5555",
         {"anniversary": "1996-04-15", "birthday": "1953-10-15"}, ["fiction", "literature"],
         None),
    ],
    "khard_v40_text_bday.vcf": [("text birthday", None, None, {}, [], None)],
    "radicale_cardbook_bday_1604.vcf": [
        ("Test bday without year Thunderbird CardBook", None, None, {"birthday": "--01-01"}, [],
         None),
    ],
    "roundcube_google_legacy.csv": [
        ("Prefix Firstname Middle Lastname Suffix", "home@aaa.pl", None,
         {"birthday": "1975-12-12"}, ["test"], "company"),
    ],
    "roundcube_outlook_minimal.csv": [
        ("test1@domain.tld", "test1@domain.tld", None, {}, [], None),
    ],
    "roundcube_thunderbird.csv": [
        ("Displayname", "test@domain.tld", None, {"birthday": "1970-11-15"}, [],
         "Organization"),
    ],
}  # fmt: skip
FORMAT = {".vcf": "vcard", ".csv": None}
CSV_FORMATS = {
    "roundcube_google_legacy.csv": "google",
    "roundcube_outlook_minimal.csv": "outlook",
    "roundcube_thunderbird.csv": "thunderbird",
}
EZVCARD = sorted(p.name for p in FIXTURES.glob("*.vcf"))
OTHERS = sorted(name for name in EXPECTED if name not in EZVCARD)


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"real sample files not found at {REALDATA}")
    return REALDATA


def book_rows(cadence: Any, *, archived: bool = False) -> list[dict[str, Any]]:
    args = ["clients", "--json", *(["--archived"] if archived else [])]
    found: list[dict[str, Any]] = json.loads(cadence.ok(*args))
    return sorted(found, key=lambda c: c["id"])


def as_rows(clients: list[dict[str, Any]]) -> list[Row]:
    return [
        (c["name"], c["email"], c["phone"], {m["label"]: m["date"] for m in c["milestones"]},
         c["tags"], c["company"])
        for c in clients
    ]  # fmt: skip


def import_and_check(cadence: Any, path: Path) -> None:
    result = cadence("import", str(path))
    assert result.exit_code == 0, result.output
    expected = EXPECTED[path.name]
    kind = "vcard" if path.suffix == ".vcf" else CSV_FORMATS[path.name]
    count = f"{len(expected)} client{'s' if len(expected) != 1 else ''}"
    assert result.stdout == f"Imported {count} from {path.name} ({kind}).\n"
    assert as_rows(book_rows(cadence)) == expected


@pytest.mark.parametrize("name", EZVCARD)
def test_ez_vcard_fixtures_import_with_their_names_emails_phones_and_dates(
    cadence: Any, name: str
) -> None:
    import_and_check(cadence, FIXTURES / name)


@pytest.mark.parametrize("name", OTHERS)
def test_real_files_import_with_their_names_emails_phones_and_dates(
    cadence: Any, realdata: Path, name: str
) -> None:
    folder = "vcard" if name.endswith(".vcf") else "csv"
    import_and_check(cadence, realdata / folder / name)


def test_every_real_file_is_checked(realdata: Path) -> None:
    found = {p.name for p in (realdata / "vcard").glob("*.vcf")}
    found |= {p.name for p in (realdata / "csv").glob("*.csv")}
    assert found == set(EXPECTED)


def test_nothing_a_card_holds_is_lost_other_emails_and_phones_go_to_the_notes(
    sqlite_cadence: Any,
) -> None:
    sqlite_cadence.ok("import", str(FIXTURES / "ezvcard_gmail_v30_many_fields.vcf"))
    (card,) = book_rows(sqlite_cadence)
    assert card["notes"] == (
        "note line 1\nnote line 2\nCustomField: field value\n\n"
        "Other emails: homeemail@example.com, workemail@example.com, otheremail@example.com, "
        "customcategory@example.com\n"
        "Other phones: 5555551112, 5555551113, 5555551114, 5555551115, 5555551116, 5555551119, "
        "5555551121, 5555551117, 5555551118, 5555551120"
    )


def test_cards_without_a_name_are_named_after_their_email_with_a_warning(
    sqlite_cadence: Any,
) -> None:
    result = sqlite_cadence("import", str(FIXTURES / "ezvcard_android_v21_qp.vcf"))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: line 1: the card has no name: named after its email john.doe@company.com\n"
        "warning: line 6: the card has no name: named after its email jane.doe@company.com\n"
    )


def test_format_is_detected_by_content_not_by_extension(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    phone_export = tmp_path / "contacts.txt"
    phone_export.write_bytes((FIXTURES / "ezvcard_outlook_v21.vcf").read_bytes())
    out = sqlite_cadence.ok("import", str(phone_export))
    assert out == "Imported 1 client from contacts.txt (vcard).\n"
    google = tmp_path / "google.vcf"  # a CSV with the wrong extension
    google.write_text("Name,Given Name,E-mail 1 - Value\nAnn Lee,Ann,ann@x.test\n")
    assert (
        sqlite_cadence.ok("import", str(google)) == "Imported 1 client from google.vcf (google).\n"
    )


def test_a_forced_format_that_does_not_fit_is_refused(sqlite_cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text("name,email\nAnn,ann@x.test\n")
    result = sqlite_cadence("import", str(path), "--format", "vcard")
    assert result.exit_code == 9
    assert result.stderr == "cadence: error: no vCard in this file (no BEGIN:VCARD line)\n"
    result = sqlite_cadence("import", str(path), "--format", "excel")
    assert result.exit_code == 2
    assert "unknown --format 'excel'" in result.stderr


def test_a_missing_file_is_not_found(sqlite_cadence: Any, tmp_path: Path) -> None:
    result = sqlite_cadence("import", str(tmp_path / "nope.vcf"))
    assert result.exit_code == 3
    assert result.stderr == f"cadence: error: no such file: {tmp_path / 'nope.vcf'}\n"


# ---------------------------------------------------------------------------------------------
# cadence CSV: tiers, owners, last contact


def csv_file(tmp_path: Path, *rows: str, name: str = "book.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_cadence_csv_brings_tier_tags_dates_owner_and_last_contact(
    cadence: Any, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path,
        "Ada Lovelace,ada@example.com,'+44 20 7946 0000,Analytical,A,vip;Golf,1985-12-10,"
        "home anniversary=2019-06-01;client since=--03-01,kim,likes tea,2026-11-10,,active",
        "Bob Stone,,,,,,,,,,,,",
    )
    assert (
        cadence.ok("import", str(path)) == "Imported 2 clients and 1 touch from book.csv (csv).\n"
    )
    ada, bob = book_rows(cadence)
    assert (ada["tier"], ada["phone"], ada["company"], ada["owner"], ada["notes"]) == (
        "A", "+44 20 7946 0000", "Analytical", "kim", "likes tea"
    )  # fmt: skip
    assert ada["tags"] == ["golf", "vip"]
    assert {m["label"]: m["date"] for m in ada["milestones"]} == {
        "birthday": "1985-12-10",
        "client since": "--03-01",
        "home anniversary": "2019-06-01",
    }
    assert (bob["tier"], bob["owner"]) == ("C", None)  # the book's defaults
    shown = json.loads(cadence.ok("show", "Ada", "--json"))
    (touch,) = shown["touches"]
    assert {k: touch[k] for k in ("on", "channel", "outcome", "direction", "note", "by")} == {
        "on": "2026-11-10",
        "channel": "other",
        "outcome": "message",
        "direction": "outbound",
        "note": "last contact, from the imported file",
        "by": None,
    }
    assert touch["at"] == "2026-11-10T12:00:00+00:00"  # noon in Europe/London
    assert shown["standing"]["due_on"] == "2026-11-17"  # the clock starts from the last contact


def test_tier_and_owner_options_fill_in_what_the_file_leaves_out(
    cadence: Any, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "Ann,,,,A,,,,kim,,,,", "Bob,,,,,,,,,,,,")
    cadence.ok("import", str(path), "--tier", "b", "--owner", "me")
    ann, bob = book_rows(cadence)
    assert (ann["tier"], ann["owner"]) == ("A", "kim")
    assert (bob["tier"], bob["owner"]) == ("B", "sam")  # CADENCE_USER=sam is "me"
    result = cadence("import", str(path), "--tier", "Z")
    assert result.exit_code == 3
    assert result.stderr == "cadence: error: no tier named 'Z' (tiers are: A, B, C)\n"


# ---------------------------------------------------------------------------------------------
# All or nothing


def table_dump(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of a SQLite store, in a stable order."""
    with sqlite3.connect(db) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }


def book_state(cadence: Any) -> str:
    """The whole book as a JSON dump, without the moment it was taken."""
    dump = cadence.ok("export", "--format", "json")
    return "\n".join(line for line in dump.splitlines() if '"exported_at"' not in line)


def seed(cadence: Any) -> None:
    cadence.ok("add", "Old Friend", "--tier", "A", "--email", "old@x.test")
    cadence.ok("log", "Old Friend", "--on", "2026-11-20")
    cadence.ok("promise", "add", "Old Friend", "call back", "--by", "2026-11-25")


def test_one_bad_row_means_nothing_is_written_and_every_bad_row_is_listed(
    cadence: Any, tmp_path: Path
) -> None:
    seed(cadence)
    before = book_state(cadence)
    path = csv_file(
        tmp_path,
        "Ann,ann@x.test,,,A,,,,,,,,",
        "Bad Email,not-an-email,,,,,,,,,,,",
        "Zed,zed@x.test,,,Z,,,,,,,,",
        "Cy,cy@x.test,,,,,1980-02-30,,,,,,",
        "Fine,,,,,,,,,,,,",
        "Future,,,,,,,,,,2027-01-01,,",
        "Archived?,,,,,,,,,,,,gone",
    )
    result = cadence("import", str(path))
    assert result.exit_code == 9
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "invalid: line 3: not an email address: 'not-an-email'",
        "invalid: line 4: unknown tier 'Z' (tiers are: A, B, C)",
        "invalid: line 5: birthday: no such day: 1980-02-30",
        "invalid: line 7: last_contact 2027-01-01 is in the future",
        "invalid: line 8: status 'gone' is not active or archived",
        "cadence: error: 5 invalid rows in book.csv (listed above): nothing was imported "
        "(fix them, or use --skip-invalid to import the other 2 clients)",
    ]
    assert book_state(cadence) == before


def test_store_validation_is_applied_to_every_field(cadence: Any, tmp_path: Path) -> None:
    name = "N" * 201
    path = csv_file(
        tmp_path,
        f"{name},,,,,,,,,,,,",
        "Phone,,'+44 " + "1" * 60 + ",,,,,,,,,,",
        '"Bell\x07",,,,,,,,,,,,',
        "Tags,,,,,x;" + "t" * 61 + ",,,,,,,",
        "Owner,,,,,,,," + "o" * 101 + ",,,,",
    )
    result = cadence("import", str(path))
    assert result.exit_code == 9
    assert result.stderr.splitlines()[:-1] == [
        # an import strips control characters with a warning (issue 18.2), never refuses them
        "warning: line 4: removed unprintable characters from name (U+0007)",
        "invalid: line 2: name is too long (201 characters; at most 200)",
        "invalid: line 3: phone is too long (64 characters; at most 60)",
        "invalid: line 5: tag is too long (61 characters; at most 60)",
        "invalid: line 6: owner is too long (101 characters; at most 100)",
    ]


def test_skip_invalid_imports_the_rest_and_reports_the_skipped(
    cadence: Any, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "Ann,ann@x.test,,,,,,,,,,,", "Bad,nope,,,,,,,,,,,", "Bo,,,,,,,,,,,,")
    result = cadence("import", str(path), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert result.stderr == "skipped: line 3: not an email address: 'nope'\n"
    assert result.stdout == "Imported 2 clients (1 invalid row skipped) from book.csv (csv).\n"
    assert [c["name"] for c in book_rows(cadence)] == ["Ann", "Bo"]


def test_dry_run_says_what_would_happen_and_writes_nothing(cadence: Any, tmp_path: Path) -> None:
    seed(cadence)
    before = book_state(cadence)
    path = csv_file(
        tmp_path,
        "Ann,ann@x.test,,,,,,,,,2026-11-01,,",
        "Old Friend,OLD@x.test,,,,,,,,,,,",
        "Ann Again,ann@X.test,,,,,,,,,,,",
        "Bad,nope,,,,,,,,,,,",
    )
    result = cadence("import", str(path), "--dry-run", "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Dry run of book.csv (csv): 1 new, 2 duplicates skipped, 1 invalid, 1 touch. "
        "Nothing was written.\n"
    )
    assert result.stderr.splitlines() == [
        "skipped: line 5: not an email address: 'nope'",
        "duplicate: line 3: Old Friend is #1 Old Friend",
        "duplicate: line 4: Ann Again is line 2",
    ]
    result = cadence("import", str(path), "--dry-run")
    assert result.exit_code == 9  # the real import would refuse the file
    assert result.stderr.splitlines()[-1] == (
        "cadence: error: 1 invalid row in book.csv (listed above): the import would write "
        "nothing (fix them, or use --skip-invalid to import the other 1 client)"
    )
    assert book_state(cadence) == before


def test_dry_run_before_the_first_import_previews_into_an_empty_book_and_makes_none(
    new_book: str, tmp_path: Path
) -> None:
    """The advice "`cadence import FILE` starts one" must hold for --dry-run too: it is
    what a careful user tries first, so it shows what the import would make, and still
    makes no book (on SQLite, no file or folder; on PostgreSQL, no table)."""
    cadence = Cadence(new_book)
    path = csv_file(
        tmp_path, "Ann,ann@x.test,,,,,,,,,2026-11-01,,", "Ann Again,ann@X.test,,,,,,,,,,,"
    )
    result = cadence("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Dry run of book.csv (csv): 1 new, 1 duplicate skipped, 0 invalid, 1 touch. "
        "Nothing was written.\n"
    )
    assert result.stderr == "duplicate: line 3: Ann Again is line 2\n"
    assert cadence("due").exit_code == 6  # still no book
    if "://" not in new_book:
        assert not Path(new_book).parent.exists()
    result = cadence("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Imported 1 client and 1 touch (1 duplicate skipped) from book.csv (csv).\n"
    )


def big_csv(path: Path, rows: int, *, bad_at: int | None = None) -> None:
    lines = [HEADER]
    for n in range(1, rows + 1):
        email = "not-an-email" if n == bad_at else f"client{n}@example.com"
        tier = "ABC"[n % 3]
        lines.append(
            f"Client {n},{email},+44 7700 {n:06d},,{tier},t{n % 5},1980-01-{n % 28 + 1:02d},,,,"
            f"{'2026-11-01' if n % 2 else ''},,active"
        )
    path.write_text("\r\n".join(lines) + "\r\n")


def test_a_bad_row_in_the_middle_of_10000_leaves_the_store_exactly_as_it_was(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    seed(sqlite_cadence)
    before = table_dump(sqlite_cadence.db)
    path = tmp_path / "big.csv"
    big_csv(path, 10_000, bad_at=5_000)
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 9
    assert result.stderr.splitlines() == [
        "invalid: line 5001: not an email address: 'not-an-email'",
        "cadence: error: 1 invalid row in big.csv (listed above): nothing was imported "
        "(fix them, or use --skip-invalid to import the other 9,999 clients)",
    ]
    assert table_dump(sqlite_cadence.db) == before


@pytest.mark.parametrize(
    ("failure", "code", "message"),
    [
        (RuntimeError("disk on fire"), 1, "cadence: internal error: RuntimeError: disk on fire"),
        (KeyboardInterrupt(), 130, "cadence: error: interrupted: the change in progress was"),
    ],
)
def test_a_failure_while_writing_rolls_the_whole_import_back(
    sqlite_cadence: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    code: int,
    message: str,
) -> None:
    """10,000 clients are already inserted (uncommitted) when the failure hits: none stay."""
    from cadence_cli.store import bulk_write

    seed(sqlite_cadence)
    before = table_dump(sqlite_cadence.db)
    path = tmp_path / "big.csv"
    big_csv(path, 10_000)
    inserted: list[int] = []

    def fail(plan: Any, tiers: Any, *, db: Any) -> None:
        inserted.append(db.rows("SELECT COUNT(*) FROM client")[0][0])
        raise failure

    monkeypatch.setattr(bulk_write, "_apply_updates", fail)
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == code
    assert result.stderr.startswith(message)
    assert inserted == [10_001]
    assert table_dump(sqlite_cadence.db) == before


def test_ctrl_c_after_the_import_is_committed_says_it_was_saved(
    sqlite_cadence: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18.7: Ctrl-C while the summary prints must not claim a roll-back."""
    from cadence_cli.cli import interop

    path = tmp_path / "few.csv"
    big_csv(path, 3)

    def ctrl_c(*_args: Any, **_kwargs: Any) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(interop, "_summary", ctrl_c)
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == (
        "cadence: error: interrupted: every change made before it is saved"
    )
    assert len(json.loads(sqlite_cadence.ok("clients", "--json"))) == 3


def test_a_10000_row_import_lands_whole(sqlite_cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    big_csv(path, 10_000)
    out = sqlite_cadence.ok("import", str(path))
    assert out == "Imported 10,000 clients and 5,000 touches from big.csv (csv).\n"
    tables = table_dump(sqlite_cadence.db)
    assert len(tables["client"]) == 10_000
    assert len(tables["touch"]) == 5_000
    assert len(tables["client_tag"]) == 10_000
    assert len(tables["milestone"]) == 10_000
    assert sqlite_cadence.ok("clients", "--tag", "t3", "--tier", "A").count("Client") > 600


# ---------------------------------------------------------------------------------------------
# Duplicates


def test_duplicates_within_the_file_are_imported_once(cadence: Any, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "Ann Lee,ann@x.test,,,,,,,,,,,",
        "Ann L.,ANN@X.TEST,,,,,,,,,,,",  # same email, other case
        "Bob Stone,,+44 20 7946 0000,,,,,,,,,,",
        "bob stone,,+442079460000,,,,,,,,,,",  # same name and phone, other spelling
        "Cy,,,,,,,,,,,,",
        "Cy,,,,,,,,,,,,",  # only a name, twice
        "Bob Stone,,+44 1,,,,,,,,,,",  # same name, another phone: another person
    )
    result = cadence("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 4 clients (3 duplicates skipped) from book.csv (csv).\n"
    rows = book_rows(cadence)
    assert [(c["name"], c["phone"]) for c in rows] == [
        ("Ann Lee", None),
        ("Bob Stone", "+44 20 7946 0000"),
        ("Cy", None),
        ("Bob Stone", "+44 1"),
    ]


def test_clients_already_in_the_book_are_skipped_archived_ones_too(
    cadence: Any, tmp_path: Path
) -> None:
    cadence.ok("add", "Ann Lee", "--email", "Ann@X.test")
    cadence.ok("add", "Gone", "--phone", "555 0100")
    cadence.ok("archive", "Gone", "--reason", "moved")
    path = csv_file(tmp_path, "Ann,ann@x.TEST,,,,,,,,,,,", "gone,,5550100,,,,,,,,,,")
    out = cadence.ok("import", str(path))
    assert out == "Imported 0 clients (2 duplicates skipped) from book.csv (csv).\n"
    assert [c["name"] for c in book_rows(cadence)] == ["Ann Lee"]
    assert cadence.ok("import", str(path)) == out  # and again: still nothing new


def test_on_duplicate_update_takes_the_files_values_and_adds_tags_and_dates(
    cadence: Any, tmp_path: Path
) -> None:
    cadence.ok("add", "Ann Lee", "--email", "ann@x.test", "--tag", "vip", "--phone", "1")
    cadence.ok("log", "Ann", "--on", "2026-11-10")
    path = csv_file(
        tmp_path,
        "Ann Q. Lee,ANN@x.test,555 0199,Acme,A,golf,1980-03-22,,kim,new note,2026-11-01,,",
        "Ann Lee,ann@x.test,,,,tennis,,,,,,,",  # a second row for her: merged in order
        "New Person,new@x.test,,,,,,,,,,,",
    )
    out = cadence.ok("import", str(path), "--on-duplicate", "update")
    assert out == "Imported 1 client and 1 touch (1 duplicate updated) from book.csv (csv).\n"
    ann, new = book_rows(cadence)
    assert (ann["name"], ann["email"], ann["phone"], ann["company"], ann["tier"]) == (
        "Ann Lee", "ann@x.test", "555 0199", "Acme", "A"
    )  # fmt: skip
    assert (ann["owner"], ann["notes"], ann["tags"]) == (
        "kim",
        "new note",
        ["golf", "tennis", "vip"],
    )
    assert ann["milestones"] == [{"label": "birthday", "date": "1980-03-22"}]
    assert new["name"] == "New Person"
    touches = json.loads(cadence.ok("show", "Ann", "--json"))["touches"]
    assert [t["on"] for t in touches] == ["2026-11-10", "2026-11-01"]
    # The same file again adds nothing: the last contact is already there.
    again = cadence.ok("import", str(path), "--on-duplicate", "update")
    assert again == "Imported 0 clients (2 duplicates updated) from book.csv (csv).\n"
    assert len(json.loads(cadence.ok("show", "Ann", "--json"))["touches"]) == 2


def test_unknown_on_duplicate_is_refused(sqlite_cadence: Any, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "Ann,,,,,,,,,,,,")
    result = sqlite_cadence("import", str(path), "--on-duplicate", "merge")
    assert result.exit_code == 2
    assert result.stderr == ("cadence: error: unknown --on-duplicate 'merge' (use skip, update)\n")


# ---------------------------------------------------------------------------------------------
# --spread


def test_spread_is_empty_for_no_clients() -> None:
    assert spread_first_due([], TODAY) == {}


def test_spread_places_a_weekly_tier_over_seven_days_in_the_given_order() -> None:
    items = [SpreadItem(key, 1, Interval(1, "w")) for key in (5, 3, 9, 1, 2, 8, 7)]
    days = spread_first_due(items, TODAY)
    assert [(days[key] - TODAY).days for key in (5, 3, 9, 1, 2, 8, 7)] == [0, 1, 2, 3, 4, 5, 6]


def test_spread_uses_the_real_length_of_a_month_from_today() -> None:
    start = date(2027, 1, 31)  # + 1m = Feb 28: 28 days
    days = spread_first_due([SpreadItem(k, 2, Interval(1, "m")) for k in range(3)], start)
    assert [(days[k] - start).days for k in range(3)] == [0, 9, 18]


def test_spread_handles_tiers_separately_a_first() -> None:
    items = [
        SpreadItem(1, 3, Interval(3, "m")),
        SpreadItem(2, 1, Interval(1, "w")),
        SpreadItem(3, 3, Interval(3, "m")),
        SpreadItem(4, 1, Interval(1, "w")),
        SpreadItem(5, 1, Interval(2, "w")),  # same rank, a charter's interval: its own group
    ]
    days = spread_first_due(items, TODAY)
    assert list(days) == [2, 4, 5, 1, 3]  # rank order, file order within a tier
    assert {k: (d - TODAY).days for k, d in days.items()} == {2: 0, 4: 3, 5: 0, 1: 0, 3: 46}


@settings(max_examples=200, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=3),
    offset=st.integers(min_value=0, max_value=3000),
)
def test_spread_is_level_and_within_the_first_interval(counts: list[int], offset: int) -> None:
    today = TODAY + timedelta(days=offset)
    intervals = [Interval(1, "w"), Interval(1, "m"), Interval(3, "m")]
    items = [
        SpreadItem(rank * 1000 + n, rank, intervals[rank])
        for rank, count in enumerate(counts)
        for n in range(count)
    ]
    days = spread_first_due(items, today)
    assert set(days) == {item.key for item in items}
    for rank, count in enumerate(counts):
        if not count:
            continue
        length = intervals[rank].days_from(today)
        mine = [days[rank * 1000 + n] for n in range(count)]
        assert mine == sorted(mine) and mine[0] == today
        assert all(today <= day < today + timedelta(days=length) for day in mine)
        per_day = [mine.count(today + timedelta(days=d)) for d in range(length)]
        assert max(per_day) - min(per_day) <= 1  # level: no day carries two more than another


def test_spread_staggers_never_contacted_clients_as_snoozes(cadence: Any, tmp_path: Path) -> None:
    rows = [f"A{n},,,,A,,,,,,,," for n in range(14)]
    rows += [f"B{n},,,,B,,,,,,,," for n in range(30)]
    rows += [f"C{n},,,,C,,,,,,,," for n in range(9)]
    rows.append("Met,,,,A,,,,,,2026-11-20,,")  # contacted: its clock runs from the touch
    path = csv_file(tmp_path, *rows)
    result = cadence("import", str(path), "--spread")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Spread 53 never-contacted clients over their first interval: first due Mon 23 Nov to "
        "Fri 12 Feb 2027 (kept as snoozes; see `cadence show`).",
        "Imported 54 clients and 1 touch from book.csv (csv).",
    ]
    first_due = {
        c["name"]: date.fromisoformat(c["snoozed_until"]) if c["snoozed_until"] else TODAY
        for c in book_rows(cadence)
    }
    offsets = {name: (day - TODAY).days for name, day in first_due.items()}
    assert [offsets[f"A{n}"] for n in range(14)] == [n // 2 for n in range(14)]
    assert [offsets[f"B{n}"] for n in range(30)] == list(range(30))
    assert [offsets[f"C{n}"] for n in range(9)] == [n * 92 // 9 for n in range(9)]  # 92 days
    assert offsets["Met"] == 0 and first_due["Met"] == TODAY  # no snooze
    due = json.loads(cadence.ok("due", "--json"))
    assert [c["name"] for c in due["contacts"]] == ["A0", "A1", "B0", "C0"]  # A first
    assert "snoozed until" in cadence.ok("show", "C1")
    # Without --spread everyone never contacted is due today.
    cadence.ok(
        "import", str(csv_file(tmp_path, "Z1,,,,C,,,,,,,,", "Z2,,,,C,,,,,,,,", name="2.csv"))
    )
    due = json.loads(cadence.ok("due", "--json"))
    assert [c["name"] for c in due["contacts"]] == ["A0", "A1", "B0", "C0", "Z1", "Z2"]


# ---------------------------------------------------------------------------------------------
# cadence JSON: reading errors


def test_json_that_is_not_json_is_refused_with_its_line(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    path = tmp_path / "book.json"
    path.write_text('{\n  "format": "cadence",\n  "clients": [\n    {"name": "Ann",}\n  ]\n}\n')
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 9
    assert result.stderr == (
        "cadence: error: line 4: not valid JSON (Expecting property name enclosed in double "
        "quotes)\n"
    )


def test_a_dump_from_a_newer_cadence_is_refused(sqlite_cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text('{"format": "cadence", "version": 3, "clients": []}')
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 9
    assert result.stderr == (
        "cadence: error: this dump was written by a newer cadence (format version 3) "
        "(upgrade cadence to import it)\n"
    )


def test_bad_records_in_a_dump_are_listed_by_line(sqlite_cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text(
        "\n".join(
            [
                '{"format": "cadence", "version": 1,',
                ' "clients": [',
                '  {"id": 1, "name": "Ann", "added_on": "2026-11-01"},',
                '  {"id": 1, "name": "Twin"},',
                '  {"id": 2, "tier": "A"},',
                '  {"id": 3, "name": "Cy", "added_on": "yesterday", "status": "gone"}',
                " ],",
                ' "touches": [',
                '  {"client_id": 1, "day": "2026-11-20", "channel": "pigeon"},',
                '  {"client_id": 9, "day": "2026-11-20"},',
                '  {"client_id": 1, "at": "2026-11-20T10:00:00"},',
                '  {"client_id": 3, "day": "2026-11-20"}',
                " ],",
                ' "promises": [{"client_id": 1, "text": "call"}]',
                "}",
            ]
        )
    )
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 9
    assert result.stderr.splitlines() == [
        "invalid: line 4: id 1 was used on line 3",
        "invalid: line 5: name is missing",
        "invalid: line 6: status 'gone' is not one of active, archived; "
        "added_on 'yesterday' is not YYYY-MM-DD",
        "invalid: line 9: touch: channel 'pigeon' is not one of call, text, email, meeting, "
        "video, gift, card, social, other",
        "invalid: line 10: touch: client_id 9 is not a client in this file",
        "invalid: line 11: touch: at '2026-11-20T10:00:00' has no UTC offset",
        "invalid: line 14: promise: due_on is missing",
        "cadence: error: 7 invalid rows in book.json (listed above): nothing was imported "
        "(fix them, or use --skip-invalid to import the other 1 client)",
    ]  # the touch of Cy (line 12) goes with Cy, whose own line is reported


def test_a_list_of_clients_as_clients_json_prints_it_imports(cadence: Any, tmp_path: Path) -> None:
    cadence.ok("add", "Ann", "--tier", "A", "--email", "ann@x.test", "--tag", "vip")
    listing = tmp_path / "clients.json"
    listing.write_text(cadence.ok("clients", "--json"))
    other = type(cadence)(str(tmp_path / "other" / "cadence.db"))
    assert other.ok("import", str(listing)) == "Imported 1 client from clients.json (json).\n"
    assert as_rows(book_rows(other)) == as_rows(book_rows(cadence))


# ---------------------------------------------------------------------------------------------
# The progress bar


def test_no_progress_bar_when_output_is_not_a_terminal(sqlite_cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    big_csv(path, 2_000)
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_progress_bar_shows_on_a_terminal_for_long_imports_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cadence_cli.render.terminal import PROGRESS_FROM, progress_bar

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    with progress_bar(PROGRESS_FROM - 1) as step:
        step(10)
    assert capsys.readouterr().err == ""
    with progress_bar(5_000) as step:
        step(2_500)
    assert "Importing" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Issue 16: files from other tools that were refused, misread or silently lost details

GERMAN_OUTLOOK = (
    '"Anrede","Vorname","Weitere Vornamen","Nachname","Suffix","Firma","Telefon geschäftlich",'
    '"Mobiltelefon","E-Mail-Adresse","E-Mail-Typ","Geburtstag","Jahrestag","Kategorien",'
    '"Notizen"\r\n'
    '"Frau","Eva","","Bauer","","Bauer GmbH","BusinessPhone","0170 5550100",'
    '"eva@bauer.example","SMTP","31.12.1980","5.6.2010","Kunden",""\r\n'
)


def test_a_german_outlook_export_imports_with_its_email_birthday_and_anniversary(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    path = tmp_path / "Kontakte.CSV"
    path.write_bytes(GERMAN_OUTLOOK.encode("cp1252"))  # Outlook 2016 on German Windows
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 1 client from Kontakte.CSV (outlook).\n"
    assert "line 2: the row has phone 'BusinessPhone' with no digits: not stored" in result.stderr
    assert as_rows(book_rows(sqlite_cadence)) == [
        ("Eva Bauer", "eva@bauer.example", "0170 5550100",
         {"anniversary": "2010-06-05", "birthday": "1980-12-31"}, ["kunden"], "Bauer GmbH"),
    ]  # fmt: skip


def test_format_outlook_on_a_file_without_outlook_name_columns_is_refused(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    path = tmp_path / "kunden.csv"
    path.write_text("Kundennummer,Straße,Ort\r\n4711,Hauptstr. 1,Berlin\r\n", encoding="utf-8")
    for layout in ("outlook", "google", "thunderbird", "csv"):
        result = sqlite_cadence("import", str(path), "--format", layout)
        assert result.exit_code == 9, (layout, result.output)
        assert "none of its name or email columns" in result.stderr
    assert book_rows(sqlite_cadence) == []


def test_a_bomless_utf16_vcard_from_mac_os_x_imports(sqlite_cadence: Any, tmp_path: Path) -> None:
    path = tmp_path / "vCards.vcf"
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Zoë;;;\r\nFN:Zoë Müller\r\n"
        "EMAIL;type=INTERNET;type=pref:zoe@cafe.example\r\nBDAY;value=date:1980-12-31\r\n"
        "END:VCARD\r\n"
    )
    path.write_bytes(card.encode("utf-16-be"))
    assert sqlite_cadence.ok("import", str(path)) == "Imported 1 client from vCards.vcf (vcard).\n"
    assert as_rows(book_rows(sqlite_cadence)) == [
        ("Zoë Müller", "zoe@cafe.example", None, {"birthday": "1980-12-31"}, [], None)
    ]


def test_a_kaddressbook_anniversary_is_kept_and_an_unknown_x_date_is_warned(
    sqlite_cadence: Any, tmp_path: Path
) -> None:
    path = tmp_path / "kaddressbook.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva Bauer\r\nN:Bauer;Eva;;;\r\n"
        b"X-KADDRESSBOOK-X-Anniversary:2010-06-05\r\nX-KADDRESSBOOK-X-FirstMet:2015-03-01\r\n"
        b"END:VCARD\r\n"
    )
    result = sqlite_cadence("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: line 1: X-KADDRESSBOOK-X-FIRSTMET '2015-03-01' is a date cadence does not "
        "know; skipped\n"
    )
    assert as_rows(book_rows(sqlite_cadence)) == [
        ("Eva Bauer", None, None, {"anniversary": "2010-06-05"}, [], None)
    ]


def test_an_owner_option_the_book_has_never_seen_needs_new_owner(
    cadence: Any, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "Ann,,,,,,,,,,,,")
    typo = cadence("import", str(path), "--owner", "sma")
    assert typo.exit_code == 3
    assert typo.stderr == (
        "cadence: error: unknown owner 'sma': did you mean sam? "
        "(add --new-owner if sma is someone new)\n"
    )
    assert book_rows(cadence) == []
    cadence.ok("import", str(path), "--owner", "lee", "--new-owner")
    assert [row["owner"] for row in book_rows(cadence)] == ["lee"]
