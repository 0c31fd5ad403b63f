"""The history of terms in a version-2 dump: read record by record, refused at its line."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from cadence_cli.errors import ImportInvalid
from cadence_cli.interop.jsondump import read_dump

TIER_TERM = (
    '{"tier_id": 1, "effective_on": "0001-01-01", "name": "A", "rank": 1, "every": "1w", '
    '"reactive_after": "1w", "minutes": 10, "retired": false, "change": "defined", "by": null, '
    '"recorded_at": "2026-11-23T09:00:00+00:00"}'
)
CLIENT_TERM = (
    '{"client_id": 1, "effective_on": "2026-11-02", "tier_id": 1, "tier_since": "2026-11-02", '
    '"status": "active", "snoozed_until": null, "owner": "sam", "charter_every": "2w", '
    '"charter_channel": "text", "charter_note": null, "charter_review_every": "6m", '
    '"charter_agreed_on": "2026-11-02", "change": "added in tier A", "by": "sam", '
    '"recorded_at": "2026-11-23T09:00:00+00:00"}'
)


def dump(tier_term: str = TIER_TERM, client_term: str = CLIENT_TERM) -> bytes:
    return "\n".join(
        [
            '{"format": "cadence", "version": 2,',
            ' "tiers": [{"name": "A", "rank": 1, "every": "1w", "reactive_after": "1w"}],',
            ' "clients": [{"id": 1, "name": "Ada", "tier": "A", "added_on": "2026-11-02"}],',
            ' "notes": [],',
            f' "tier_terms": [{tier_term}],',
            f' "client_terms": [{client_term}]',
            "}",
        ]
    ).encode()


def read(data: bytes):  # type: ignore[no-untyped-def]
    return read_dump(data, zone=UTC, today=date(2026, 11, 23))


def test_a_history_is_read_as_the_book_kept_it() -> None:
    batch = read(dump())
    assert batch.tier_terms is not None and batch.client_terms is not None
    ((tier,), (client,)) = batch.tier_terms, batch.client_terms
    assert (tier.tier_id, tier.effective_on, tier.name, str(tier.every), tier.line) == (
        1, date(1, 1, 1), "A", "1w", 5
    )  # fmt: skip
    assert (client.client_ref, client.effective_on, client.line) == (1, date(2026, 11, 2), 6)
    assert (client.terms.charter_every, client.terms.charter_review_every) == ("2w", "6m")


def test_a_dump_without_a_history_says_so() -> None:
    batch = read(b'{"format": "cadence", "version": 1, "clients": [{"id": 1, "name": "Ada"}]}')
    assert (batch.tier_terms, batch.client_terms, batch.notes) == (None, None, [])


@pytest.mark.parametrize(
    ("tier_term", "client_term", "message"),
    [
        (
            TIER_TERM.replace(', "recorded_at": "2026-11-23T09:00:00+00:00"', ""),
            CLIENT_TERM,
            "line 5: tier term: recorded_at is missing",
        ),
        (
            TIER_TERM,
            CLIENT_TERM.replace('"status": "active"', '"status": "gone"'),
            "line 6: client term: status 'gone' is not one of active, archived",
        ),
        (
            TIER_TERM,
            CLIENT_TERM.replace('"charter_every": "2w"', '"charter_every": "often"'),
            "line 6: client term: charter_every: cannot read interval 'often'",
        ),
    ],
)
def test_a_history_record_that_cannot_be_read_refuses_the_file(
    tier_term: str, client_term: str, message: str
) -> None:
    with pytest.raises(ImportInvalid) as raised:
        read(dump(tier_term, client_term))
    assert raised.value.message == message
