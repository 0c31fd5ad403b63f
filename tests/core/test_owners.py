"""The rule for an owner typed by a person: refused when written, a typo when close. Pure."""

from __future__ import annotations

from cadence_cli.core.owners import (
    close_spellings,
    is_known,
    mistyped_filter_owner,
    unknown_written_owner,
)


def test_an_owner_is_known_in_any_case_but_not_in_other_accents() -> None:
    assert is_known(" KIM ", ["kim"])
    assert is_known("élodie", ["Élodie"])
    assert not is_known("elodie", ["Élodie"])
    assert close_spellings("elodie", ["Élodie", "sam"]) == ["Élodie"]
    assert close_spellings("smа", ["sam", "kim"]) == ["sam"]  # a Cyrillic а
    assert close_spellings("zed", ["sam", "kim"]) == []


def test_a_written_owner_is_refused_with_or_without_a_suggestion() -> None:
    assert unknown_written_owner("Kim", ["kim", "sam"]) is None
    assert unknown_written_owner("  ", ["sam"]) is None  # a cleared owner
    close = unknown_written_owner("kin", ["kim", "sam"])
    assert close is not None and close.exit_code == 3
    assert (
        str(close)
        == "unknown owner 'kin': did you mean kim? (add --new-owner if kin is someone new)"
    )
    far = unknown_written_owner("zed", ["sam", "Kim", "KIM"])
    assert str(far) == (
        "unknown owner 'zed' (owners so far: Kim, sam; add --new-owner if zed is someone new)"
    )
    many = unknown_written_owner("zed", [f"o{n:02}" for n in range(12)])
    assert str(many).startswith("unknown owner 'zed' (owners so far: o00, o01,")
    assert "o09 and 2 more;" in str(many)


def test_a_filter_owner_is_a_typo_only_when_close_to_a_known_one() -> None:
    assert mistyped_filter_owner("SAM", ["sam"]) is None
    assert mistyped_filter_owner("nobody", ["sam", "jo"]) is None
    typo = mistyped_filter_owner("sma", ["sam", "jo"])
    assert typo is not None and typo.exit_code == 3
    assert str(typo) == "no owner 'sma' in this book: did you mean sam?"
