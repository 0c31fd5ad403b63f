"""How names and numbers are compared when a person types them. Pure.

Case and accents are set aside ("muller" is Müller), and a phone number is its digits, so
what is typed on any keyboard, or read off a caller ID, finds the client.
"""

from __future__ import annotations

import unicodedata


def folded(text: str) -> str:
    """'muller' for 'Müller', 'Muller' and 'MÜLLER': case and accents set aside, so a name
    is found however it is typed on a keyboard without the accent."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def digits_of(text: str) -> str:
    """'4155550101' for '(415) 555-0101': a phone number as it is compared."""
    return "".join(ch for ch in text if ch.isdigit())
