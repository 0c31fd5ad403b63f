"""`store.rules`: every field's limits and shapes, and the one character rule (issue 18.2).

Tables pin the messages the CLI prints; properties pin the character rule itself: whatever a
check accepts holds no forbidden code point, whatever `strip_unprintable` returns is
accepted, and names in every script pass untouched.
"""

from __future__ import annotations

import ast
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cadence_cli.errors import InvalidInput
from cadence_cli.store import rules

SOURCE = Path(rules.__file__)

# ---------------------------------------------------------------------------------------------
# The module stays pure


def test_rules_imports_only_the_standard_library_and_errors() -> None:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    outside = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names and name != "cadence_cli.errors"
    }
    assert outside == set()


# ---------------------------------------------------------------------------------------------
# Messages, as the CLI prints them

LONG = "x" * 201


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "a client needs a name"),
        ({"name": None}, "a client needs a name"),
        ({"name": LONG}, "name is too long (201 characters; at most 200)"),
        ({"name": "Zed\x07"}, "name contains control characters (remove them)"),
        ({"name": "Eve\x9b2J"}, "name contains control characters (remove them)"),
        ({"name": "Eve\u202eevil"}, "name contains control characters (remove them)"),
        ({"name": "Eve\u200b"}, "name contains control characters (remove them)"),
        ({"name": "Eve\nSmith"}, "name contains control characters (remove them)"),
        ({"name": "Eve\tSmith"}, "name contains control characters (remove them)"),
        ({"name": "Eve\ud800"}, "name contains control characters (remove them)"),
        ({"name": "Eve", "email": "x" * 321}, "email is too long (321 characters; at most 320)"),
        (
            {"name": "Eve", "email": "eve@x\u2066"},
            "email contains control characters",
        ),
        ({"name": "Eve", "email": "not-an-email"}, "not an email address: 'not-an-email'"),
        ({"name": "Eve", "phone": "1" * 61}, "phone is too long (61 characters; at most 60)"),
        ({"name": "Eve", "phone": "+44\x7f"}, "phone contains control characters (remove them)"),
        ({"name": "Eve", "company": LONG}, "company is too long (201 characters; at most 200)"),
        ({"name": "Eve", "company": "A\nB"}, "company contains control characters (remove them)"),
        ({"name": "Eve", "owner": "o" * 101}, "owner is too long (101 characters; at most 100)"),
        ({"name": "Eve", "owner": "s\x85am"}, "owner contains control characters (remove them)"),
        (
            {"name": "Eve", "notes": "n" * 10_001},
            "note is too long (10001 characters",
        ),
        ({"name": "Eve", "notes": "a\x1bb"}, "note contains control characters (remove them)"),
        ({"name": "Eve", "notes": "a\r\nb"}, "note contains control characters (remove them)"),
        ({"name": "Eve", "notes": "a\u2028b"}, "note contains control characters (remove them)"),
        ({"name": LONG, "email": "nope"}, "name is too long (201 characters; at most 200)"),
        ({"name": "Eve", "email": "nope", "phone": "1" * 61}, "phone is too long"),
    ],
)
def test_check_client_fields_refuses_with_the_message_the_cli_prints(
    fields: dict[str, str | None], message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        rules.check_client_fields(**fields)  # type: ignore[arg-type]
    assert str(raised.value).startswith(message)
    assert raised.value.exit_code == 2


def test_check_client_fields_returns_the_fields_trimmed_with_blank_as_none() -> None:
    fields = rules.check_client_fields(
        name="  Ada Lovelace ",
        email=" ADA@example.com ",
        phone="",
        company=" ",
        owner=" sam ",
        notes="  first line\n\tindented\n",
    )
    assert fields == {
        "name": "Ada Lovelace",
        "email": "ADA@example.com",
        "phone": None,
        "company": None,
        "owner": "sam",
        "notes": "first line\n\tindented",
    }


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rules.check_promise_text("  "), 'a promise needs a text (e.g. "send the'),
        (lambda: rules.check_promise_text("p" * 2001), "promise is too long (2001 characters"),
        (lambda: rules.check_promise_text("send\nreport"), "promise contains control characters"),
        (lambda: rules.check_promise_text("send\u009b2J"), "promise contains control characters"),
        (lambda: rules.check_touch("n" * 10_001, None), "note is too long (10001 characters"),
        (lambda: rules.check_touch("a\x1bb", None), "note contains control characters"),
        (lambda: rules.check_touch(None, "x" * 101), "--by is too long (101 characters"),
        (lambda: rules.check_touch(None, "sam\n"), None),  # trimmed: nothing is stored
        (lambda: rules.check_touch(None, "s\nam"), "--by contains control characters"),
        (lambda: rules.check_touch_note("a\u202eb"), "note contains control characters"),
        (lambda: rules.check_owner("s\u2067am", label="--owner"), "--owner contains control"),
        (lambda: rules.check_archive_reason(" "), "archiving needs a reason"),
        (lambda: rules.check_archive_reason("r" * 1001), "reason is too long (1001 characters"),
        (lambda: rules.check_archive_reason("a\x9db"), "reason contains control characters"),
        (lambda: rules.milestone_label(" "), "a milestone needs a label (use LABEL=DATE)"),
        (lambda: rules.milestone_label("m" * 61), "milestone label is too long"),
        (lambda: rules.milestone_label("we\u200bdding"), "milestone label contains"),
        (lambda: rules.check_tier_name(""), "bad tier name '' (use a short name without spaces)"),
        (lambda: rules.check_tier_name("Top Ten"), "bad tier name 'Top Ten'"),
        (lambda: rules.check_tier_name("T" * 41), "bad tier name"),
        (lambda: rules.check_tier_name("A\u202e"), "bad tier name 'A\\u202e'"),
        (lambda: rules.check_tier_name("A\u00a0B"), "bad tier name"),
        (lambda: rules.check_tier_description("d" * 501), "description is too long (501"),
        (lambda: rules.check_tier_description("a\x9bb"), "description contains control"),
        (lambda: rules.clean_tags(["ok", "t" * 61]), "tag is too long (61 characters; at most 60)"),
        (lambda: rules.clean_tags(["v\u202eip"]), "tag contains control characters"),
    ],
)
def test_each_check_refuses_with_its_message(call: object, message: str | None) -> None:
    assert callable(call)
    if message is None:
        call()
        return
    with pytest.raises(InvalidInput) as raised:
        call()
    assert str(raised.value).startswith(message)


def test_the_accepted_values_come_back_as_the_book_keeps_them() -> None:
    assert rules.check_promise_text("  send the report ") == "send the report"
    assert rules.check_touch("  called\n\tback ", " sam ") == ("called\n\tback", "sam")
    assert rules.check_touch(" ", None) == (None, None)
    assert rules.check_archive_reason(" moved\naway ") == "moved\naway"
    assert rules.milestone_label(" Home Anniversary ") == "home anniversary"
    assert rules.check_tier_name(" VIP ") == "VIP"
    assert rules.check_tier_name("Ü-1") == "Ü-1"
    assert rules.clean_tags([" VIP ", "vip", "", "  ", "Golf", "golf "]) == ["vip", "golf"]
    assert rules.check_owner("  ") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ada@example.com", True),
        ("a@b", True),
        ("ADA@Example.COM", True),
        ("not-an-email", False),
        ("ada @example.com", False),
        ("ada@example.com\t", False),
        ("ada@\u3000example.com", False),
    ],
)
def test_is_email_is_an_at_sign_and_no_whitespace(text: str, expected: bool) -> None:
    assert rules.is_email(text) is expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
@example("a@\x1c")  # the separators str.isspace counts (U+001C-U+001F) and U+0085
@example("a@\x85b")
@example("a@\u200bb")  # a zero-width space is not whitespace to either
def test_is_email_calls_whitespace_what_str_isspace_does(local: str) -> None:
    """One regex search stands for a test of every character (`rules._WHITESPACE`)."""
    text = f"{local}@x"
    assert rules.is_email(text) is not any(char.isspace() for char in text)


def test_the_email_key_is_trimmed_and_casefolded() -> None:
    assert rules.email_key("  Ada@Example.COM ") == "ada@example.com"
    assert rules.email_key("STRASSE@x.test") == rules.email_key("straße@x.test")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ali\nce", "CADENCE_USER contains control characters or bytes that are not UTF-8"),
        ("Eve\x9b2J", "CADENCE_USER contains control characters"),
        ("Eve\udcff", "CADENCE_USER contains control characters"),
        ("u" * 101, "CADENCE_USER is too long (101 characters; at most 100)"),
    ],
)
def test_an_environment_name_is_one_printable_line(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        rules.check_environment_name("CADENCE_USER", value)
    assert str(raised.value).startswith(message)
    assert value not in str(raised.value)  # never echoed: it may be an escape sequence


def test_an_environment_name_is_trimmed() -> None:
    assert rules.check_environment_name("CADENCE_USER", " sam\n") == "sam"


# ---------------------------------------------------------------------------------------------
# The character rule

FORBIDDEN_EXAMPLES = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\n\t"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u061c",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    "\ud800",
    "\udfff",
    "\U000e0041",
]


@pytest.mark.parametrize("char", FORBIDDEN_EXAMPLES, ids=lambda c: f"U+{ord(c):04X}")
def test_every_listed_character_is_refused_in_a_line_and_in_prose(char: str) -> None:
    assert not rules.is_printable(f"a{char}b")
    assert not rules.is_printable(f"a{char}b", multiline=True)
    assert rules.unprintable(f"a{char}b") == [char]


@pytest.mark.parametrize("char", ["\n", "\t"])
def test_prose_keeps_newlines_and_tabs_a_line_does_not(char: str) -> None:
    assert rules.is_printable(f"a{char}b", multiline=True)
    assert not rules.is_printable(f"a{char}b")


NAMES = [
    "Zoë Ångström",
    "Nguyễn Thị Minh Khai",  # precomposed
    "Nguye\u0302\u0303n",  # combining marks
    "Łukasz Żółć",
    "Þórunn Guðmundsdóttir",
    "Ἀριστοτέλης",
    "Дмитрий Шостакович",
    "Ծովինար",
    "שׁמואל",  # Hebrew with a point
    "محمد بن سلمان",
    "می\u200cخواهم",  # Persian: ZWNJ inside the word
    "ශ්\u200dරී ලංකා",  # Sinhala: ZWJ after the virama
    "क्\u200dष",  # Devanagari half form
    "देवनागरी",
    "தமிழ்",
    "ไทย",
    "ລາວ",
    "မြန်မာ",
    "ᠮᠣᠩᠭᠣᠯ",
    "ትግርኛ",
    "ᏣᎳᎩ",
    "李小龍",
    "やまだ たろう",
    "김정은",
    "𠜎𠜱𠝹",  # outside the BMP
    "O'Brien-Smith, Jr.",
    "Ada\u00a0Lovelace",  # no-break space: printable, kept
    "Ada\u3000Lovelace",  # ideographic space
    "👩\u200d💻 Dev",  # emoji ZWJ sequence
    "❤\ufe0f\u200d🔥",  # a variation selector before the joiner
    "👍🏽",
    "\ue000 private use",
]


@pytest.mark.parametrize("name", NAMES)
def test_names_in_every_script_pass_untouched(name: str) -> None:
    assert rules.check_client_fields(name=name)["name"] == name
    assert rules.strip_unprintable(name) == (name, [])
    assert rules.is_printable(name, multiline=True)


@pytest.mark.parametrize(
    "text",
    [
        "\u200dAda",
        "Ada\u200c",
        "Ada \u200d Lovelace",
        "A\u200d\u200dB",
        "A\u200d\u200bB",
        "1\u200d.",
    ],
)
def test_a_joiner_outside_a_word_is_a_hidden_mark(text: str) -> None:
    assert not rules.is_printable(text)


@pytest.mark.parametrize(
    ("text", "multiline", "cleaned", "removed"),
    [
        ("Mallory\x9d0;title\x9c", False, "Mallory0;title", ["\x9d", "\x9c"]),
        ("Eve\x9b2J", False, "Eve2J", ["\x9b"]),
        ("Zed \x1b[2J", False, "Zed [2J", ["\x1b"]),
        ("v\u202eip", False, "vip", ["\u202e"]),
        ("Ada\nLovelace", False, "Ada Lovelace", ["\n"]),
        ("Ada \r\n Lovelace", False, "Ada  Lovelace", ["\r", "\n"]),
        ("Acme\tLtd\t", False, "Acme Ltd", ["\t", "\t"]),
        ("\u200bAda\u200d", False, "Ada", ["\u200b", "\u200d"]),
        ("line 1\nline\t2\u202e", True, "line 1\nline\t2", ["\u202e"]),
        ("a\r\nb\rc", True, "a\nb\nc", []),
        ("a\x00b", True, "ab", ["\x00"]),
    ],
)
def test_strip_unprintable_removes_what_a_check_refuses(
    text: str, multiline: bool, cleaned: str, removed: list[str]
) -> None:
    assert rules.strip_unprintable(text, multiline=multiline) == (cleaned, removed)


def test_code_points_name_each_character_once() -> None:
    assert rules.code_points("\x9d\x9c\x9d") == "U+009D, U+009C"
    assert rules.code_points("\U000e0041") == "U+E0041"
    assert rules.code_points([chr(c) for c in range(0x80, 0x90)]) == (
        "U+0080, U+0081, U+0082, U+0083, U+0084, …"
    )


def _hidden(text: str, index: int) -> bool:
    """The rule restated independently: a forbidden category, except a joiner between two
    letters, marks, digits or symbols."""
    char = text[index]
    if unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Zl", "Zp"}:
        return False
    if char in "\u200c\u200d" and 0 < index < len(text) - 1:
        around = unicodedata.category(text[index - 1])[0] + unicodedata.category(text[index + 1])[0]
        return not set(around) <= set("LMNS")
    return True


hostile = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from([*FORBIDDEN_EXAMPLES, "\u200c", "\u200d", "\n", "\t", " "]),
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(text=hostile, multiline=st.booleans())
@example(text="a\u200d\u200bb", multiline=False)
@example(text="a\u200d\nb", multiline=False)
def test_whatever_is_accepted_holds_no_forbidden_code_point(text: str, multiline: bool) -> None:
    keeps = "\n\t" if multiline else ""
    try:
        rules.check_text("field", text, 10_000, multiline=multiline)
    except InvalidInput:
        assert any(_hidden(text, i) and text[i] not in keeps for i in range(len(text))), (
            "refused a clean text"
        )
        return
    assert not any(_hidden(text, i) and text[i] not in keeps for i in range(len(text)))


@settings(max_examples=400, deadline=None)
@given(text=hostile, multiline=st.booleans())
def test_what_an_import_strips_to_is_accepted(text: str, multiline: bool) -> None:
    cleaned, removed = rules.strip_unprintable(text, multiline=multiline)
    rules.check_text("field", cleaned, 10_000, multiline=multiline)  # never raises
    assert len(cleaned) <= len(text)
    if not removed and "\r" not in text:
        assert cleaned == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(categories=["L", "M", "N", "P", "S"]), min_size=1, max_size=30))
def test_letters_marks_digits_punctuation_and_symbols_always_pass(text: str) -> None:
    assert rules.is_printable(text)
    assert rules.strip_unprintable(text) == (text, [])


@pytest.mark.parametrize(
    ("label", "multiline"),
    [
        ("note", True),
        ("reason", True),
        ("description", True),
        ("archive reason", True),
        ("charter note", True),
        ("touch note", True),
        ("name", False),
        ("promise", False),
        ("--by", False),
        ("touch by", False),
        ("--owner", False),
        ("milestone label", False),
    ],
)
def test_check_text_knows_which_fields_are_multi_line(label: str, multiline: bool) -> None:
    """Callers name the field; whether it keeps newlines is decided here, once."""
    if multiline:
        rules.check_text(label, "line 1\n\tline 2", 100)
    else:
        with pytest.raises(InvalidInput, match="contains control characters"):
            rules.check_text(label, "line 1\n\tline 2", 100)
    with pytest.raises(InvalidInput, match="contains control characters"):
        rules.check_text(label, "a\u009bb", 100)
    rules.check_text(label, "line 1\nline 2", 100, multiline=True)  # the caller may say


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-11-24", "a note on 2026-11-24 is after today (2026-11-23)"),
        ("2026-10-31", "a note on 2026-10-31 comes before 2026-11-01"),
    ],
)
def test_a_history_day_is_neither_in_the_future_nor_out_of_order(day: str, message: str) -> None:
    from datetime import date

    after, today = date(2026, 11, 1), date(2026, 11, 23)
    with pytest.raises(InvalidInput) as raised:
        rules.check_history_day(date.fromisoformat(day), after=after, today=today, what="a note")
    assert raised.value.message == message
    for fine in (after, today):
        rules.check_history_day(fine, after=after, today=today, what="a note")
