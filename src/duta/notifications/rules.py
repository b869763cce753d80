"""Pure rules of the outbox: retry schedule, safe links, preferences, Message-IDs. No ORM."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Minutes to wait after the 1st, 2nd, 3rd, 4th failed attempt; the attempt after the last wait is the last one.
RETRY_DELAYS_MINUTES: tuple[int, ...] = (1, 5, 30, 120)
MAX_ATTEMPTS = len(RETRY_DELAYS_MINUTES) + 1
REASON_MAX_CHARS = 255

IN_APP = "in_app"
CRISIS = "crisis"


def retry_delay(attempts: int, schedule: tuple[int, ...] = RETRY_DELAYS_MINUTES) -> timedelta | None:
    """How long to wait after ``attempts`` failed attempts; ``None`` when that was the last one."""
    if attempts < 1:
        raise ValueError("attempts counts from 1")
    if attempts > len(schedule):
        return None
    return timedelta(minutes=schedule[attempts - 1])


def next_attempt_at(attempts: int, now: datetime, schedule: tuple[int, ...] = RETRY_DELAYS_MINUTES) -> datetime | None:
    delay = retry_delay(attempts, schedule)
    return None if delay is None else now + delay


def is_stuck(claimed_at: datetime | None, now: datetime, timeout: timedelta) -> bool:
    """A delivery marked ``sending`` for longer than ``timeout``: its worker died."""
    return claimed_at is not None and claimed_at <= now - timeout


def is_internal_path(url: str) -> bool:
    """A path on this site ("/o/x/..."), never another host: no scheme, no "//host", no backslash tricks."""
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")):
        return False
    if "\\" in url or any(ord(char) < 0x21 or ord(char) == 0x7F for char in url):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def internal_path_validator(value: str) -> None:
    if value and not is_internal_path(value):
        raise ValidationError(
            _("The link must be a path on this site starting with a single “/”, not another address."),
            code="external_url",
        )


def is_locked_on(kind: str, channel: str) -> bool:
    """Crisis messages always reach the in-app inbox: that switch cannot be turned off."""
    return kind == CRISIS and channel == IN_APP


def channel_enabled(kind: str, channel: str, stored: bool | None) -> bool:
    """Whether a person gets ``kind`` on ``channel``: their stored choice, on by default, crisis in-app always."""
    if is_locked_on(kind, channel):
        return True
    return True if stored is None else stored


def short_reason(text: str) -> str:
    """A failure reason that fits the status row: one line, at most ``REASON_MAX_CHARS``."""
    line = " ".join(str(text).split())
    if len(line) > REASON_MAX_CHARS:
        line = line[: REASON_MAX_CHARS - 1] + "…"
    return line


def message_id(delivery_id: int, site_url: str) -> str:
    """The e-mail's Message-ID, the same for every attempt of one delivery, so that a resend is a duplicate."""
    host = urlsplit(site_url).hostname or "localhost"
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"<duta.delivery.{delivery_id}@{host}>"


def chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
