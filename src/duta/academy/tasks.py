"""Background jobs of the academy, at times of day in TIME_ZONE (``core.schedule``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from duta.academy.services.learning import training_promote_due
from duta.academy.services.reminders import follow_ups_remind, training_reminders_send
from duta.core.schedule import local_crontab, local_today
from duta.organizations.models import Organization

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
