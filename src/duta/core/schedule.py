"""Periodic jobs at a time of day in ``settings.TIME_ZONE``. Huey reads crontabs in UTC, so a job meant for 08:00
WIB (or WITA, WIT) goes through ``local_crontab``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from huey import crontab


def local_crontab(*, hour: int, minute: int = 0, days_of_week: tuple[int, ...] = ()) -> crontab:
    """At ``hour``:``minute`` in settings.TIME_ZONE, every day or on ``days_of_week`` (0 = Sunday ... 6 = Saturday,
    as in cron), as Huey's UTC crontab: the zone's offset of today (Indonesia's zones keep one all year); the days
    move with a time that falls on another day in UTC."""
    offset = dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).utcoffset() or dt.timedelta()
    day_shift, utc_minutes = divmod(hour * 60 + minute - int(offset.total_seconds()) // 60, 24 * 60)
    days = ",".join(str((day + day_shift) % 7) for day in sorted(days_of_week)) or "*"
    return crontab(minute=str(utc_minutes % 60), hour=str(utc_minutes // 60), day_of_week=days)


def local_today() -> dt.date:
    """Today in settings.TIME_ZONE (a periodic job has no member whose zone to use)."""
    return timezone.localdate(timezone=ZoneInfo(settings.TIME_ZONE))
