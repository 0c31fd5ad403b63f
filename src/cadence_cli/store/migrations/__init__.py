"""Alembic migrations. This package imports nothing heavy: the store reads the revision
ids from the file names in `versions/` to decide, without importing Alembic, whether a
store is current, behind (upgrade it) or ahead (refuse it)."""

from __future__ import annotations

from pathlib import Path

VERSIONS = Path(__file__).with_name("versions")


def known_revisions() -> list[str]:
    """Revision ids in order: files are named `NNNN_slug.py` and revision ids are `NNNN`."""
    return sorted(p.name.split("_", 1)[0] for p in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


def head_revision() -> str:
    return known_revisions()[-1]
