"""Who gets which caption variant, when each ambassador's posting window opens, and the sharing guardrails.

Pure functions, no ORM, no clock: the caller passes the time.

Decisions:

* ``variant_index`` and ``stagger_offset`` hash different inputs (prefixed "variant" and "stagger"), so the
  variant a person is offered says nothing about when their window opens. Both are stable across processes and
  releases (SHA-256, not Python's salted ``hash``).
* Sharing hours. No start and no end: always open. Only one of the two: treated as no hours (the settings
  service refuses it anyway). Start equal to end ("07:00 to 07:00"): open all day, the only reading of a
  24-hour window that makes sense; an admin who wants to close sharing has the freeze. Start before end: open
  from the start (included) to the end (excluded). Start after end ("22:00 to 05:00"): overnight, open from the
  start to midnight and from midnight to the end.
* The daily limit counts shares of the member's local day; 0 means no limit.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

__all__ = ["share_delays", "share_refusal", "sharing_open", "stagger_offset", "variant_index"]


def _hash_number(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def variant_index(*, item_id: int, member_id: int, platform: str, count: int) -> int:
    """Which of ``count`` caption variants this member is offered for this item and platform (0-based)."""
    if count <= 0:
        raise ValueError("count must be at least 1")
    return _hash_number(f"variant:{item_id}:{member_id}:{platform}") % count


def stagger_offset(*, item_id: int, member_id: int, window_minutes: int) -> datetime.timedelta:
    """How long after an item goes live this member's posting window opens: whole minutes in [0, window)."""
    if window_minutes <= 0:
        return datetime.timedelta(0)
    return datetime.timedelta(minutes=_hash_number(f"stagger:{item_id}:{member_id}") % window_minutes)


def sharing_open(now: datetime.time, starts: datetime.time | None, ends: datetime.time | None) -> bool:
    """Whether ``now`` (local wall-clock time) falls within the sharing hours; see the module's decisions."""
    if starts is None or ends is None:
        return True
    now, starts, ends = (moment.replace(tzinfo=None) for moment in (now, starts, ends))
    if starts == ends:
        return True
    if starts < ends:
        return starts <= now < ends
    return now >= starts or now < ends


def share_refusal(
    *,
    now_local: datetime.datetime,
    starts: datetime.time | None,
    ends: datetime.time | None,
    daily_limit: int,
    shares_today: int,
) -> str | None:
    """Why this member may not report a share right now, in words; None when they may."""
    if starts is not None and ends is not None and not sharing_open(now_local.time(), starts, ends):
        hours = {"starts": starts.strftime("%H:%M"), "ends": ends.strftime("%H:%M")}
        if starts > ends:
            return _("Sharing is open from %(starts)s to %(ends)s the next morning.") % hours
        return _("Sharing is open from %(starts)s to %(ends)s.") % hours
    if daily_limit > 0 and shares_today >= daily_limit:
        return ngettext(
            "You have shared %(count)d post today, the daily limit: share again tomorrow.",
            "You have shared %(count)d posts today, the daily limit: share again tomorrow.",
            daily_limit,
        ) % {"count": daily_limit}
    return None


def share_delays(
    broadcast_at: datetime.datetime, share_times: Sequence[datetime.datetime]
) -> tuple[datetime.timedelta | None, datetime.timedelta | None]:
    """(time to the first share, median time to share) after a broadcast; shares before it do not count."""
    delays = sorted(moment - broadcast_at for moment in share_times if moment >= broadcast_at)
    if not delays:
        return None, None
    middle = len(delays) // 2
    median = delays[middle] if len(delays) % 2 else (delays[middle - 1] + delays[middle]) / 2
    return delays[0], median


def duration_text(delta: datetime.timedelta | None) -> str:
    """A delay as people say it: "45 s", "4 min", "1 h 12 min", "2 d 3 h" ("—" when there is none)."""
    if delta is None:
        return "—"
    seconds = max(0, round(delta.total_seconds()))
    if seconds < 60:
        return _("%(seconds)d s") % {"seconds": seconds}
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if not minutes:
            return _("%(hours)d h") % {"hours": hours}
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    if not hours:
        return _("%(days)d d") % {"days": days}
    return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
