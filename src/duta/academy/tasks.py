"""Background jobs of the academy. Huey reads crontabs in UTC: times meant in TIME_ZONE go through
``local_crontab``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from duta.academy.services.learning import training_promote_due
from duta.academy.services.reminders import follow_ups_remind, training_reminders_send
from duta.organizations.models import Organization


def local_crontab(*, hour: int, minute: int = 0, days_of_week: tuple[int, ...] = ()) -> crontab:
    """At ``hour``:``minute`` in settings.TIME_ZONE, every day or on ``days_of_week`` (0 = Sunday ... 6 = Saturday,
    as in cron), as Huey's UTC crontab: the zone's offset of today (Indonesia's zones keep one all year); the days
    move with a time that falls on another day in UTC."""
    offset = dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).utcoffset() or dt.timedelta()
    day_shift, utc_minutes = divmod(hour * 60 + minute - int(offset.total_seconds()) // 60, 24 * 60)
    days = ",".join(str((day + day_shift) % 7) for day in sorted(days_of_week)) or "*"
    return crontab(minute=str(utc_minutes % 60), hour=str(utc_minutes // 60), day_of_week=days)


def local_today() -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(settings.TIME_ZONE))


# --- mentoring ---------------------------------------------------------------------------------------------------


@db_periodic_task(local_crontab(hour=7))
def follow_ups_remind_task() -> int:
    """Every day at 07:00 (TIME_ZONE): the owners of mentoring follow-ups that fell due are reminded, once each."""
    return follow_ups_remind(today=local_today())


# --- training --------------------------------------------------------------------------------------------------


@db_periodic_task(local_crontab(hour=8, days_of_week=(1,)))
def training_reminders_task() -> int:
    """Mondays at 08:00 (TIME_ZONE): every learner is reminded of the courses they have not finished."""
    today = local_today()
    return sum(
        training_reminders_send(organization=organization, today=today)
        for organization in Organization.objects.order_by("pk")
    )


@db_periodic_task(crontab(minute="*/15"))
def training_promote_due_task() -> int:
    """Every 15 minutes: candidates moved to training who had already passed every course their program requires
    become active (passing a course moves them at once; this catches the other way round)."""
    return sum(training_promote_due(organization=organization) for organization in Organization.objects.order_by("pk"))
