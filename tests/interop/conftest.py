"""Where the interop tests find their sample files.

The ez-vcard samples (BSD-2) are copied into tests/fixtures/vcard and always run. The other
real files (GPL, LGPL) may not be copied into this repository: they are read from
`<repo>/../shared/realdata`, and those tests skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "vcard"
REALDATA = REPO.parent / "shared" / "realdata"


@pytest.fixture
def fixtures() -> Path:
    """tests/fixtures/vcard: the ez-vcard samples."""
    return FIXTURES


@pytest.fixture
def realdata() -> Path:
    """shared/realdata, or skip the test when this checkout has no shared/ beside it."""
    if not REALDATA.is_dir():
        pytest.skip(f"real sample files not found at {REALDATA}")
    return REALDATA
