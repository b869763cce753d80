"""The signed token in an e-mail's "open" link: it stands for the recipient, so no log-in is needed to mark
the notification opened. It never expires (an old e-mail's link still leads to the page, which asks for a
log-in itself) and only opens the one notification it was made for."""

from __future__ import annotations

from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "duta.notifications.open"


def open_token(notification_id: int) -> str:
    return signing.Signer(salt=SALT).signature(str(notification_id))


def open_token_valid(notification_id: int, token: str) -> bool:
    return constant_time_compare(open_token(notification_id), token)
