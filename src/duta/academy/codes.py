"""Certificate verification codes: 12 characters of Crockford's base32 (no I, L, O or U to misread), printed in
three groups of four (``7KQ2-M9XD-4RTA``). Whatever a person types or pastes is normalized before it is looked up."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
LENGTH = 12
GROUP = 4
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_ALLOWED = frozenset(ALPHABET)
_DASHES = str.maketrans(dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014\u2212"))


def _grouped(raw: str) -> str:
    return "-".join(raw[start : start + GROUP] for start in range(0, len(raw), GROUP))


def code_new() -> str:
    """A fresh random code (60 bits from ``secrets``), grouped ``XXXX-XXXX-XXXX``."""
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def code_normalize(text: str) -> str | None:
    """The grouped code that ``text`` stands for, or None when it cannot be one.

    Upper-cases, drops spaces and dashes, reads O as 0 and I or L as 1. A whole verification address (what a QR
    code gives) stands for the code at its end."""
    text = text.strip().rstrip("/")
    if "/" in text:
        text = text.rsplit("/", 1)[1]
    raw = "".join(text.split()).translate(_DASHES).upper().translate(_LOOKALIKES)
    if len(raw) != LENGTH or not set(raw) <= _ALLOWED:
        return None
    return _grouped(raw)
