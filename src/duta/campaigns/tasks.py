from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from duta.campaigns import services
from duta.core.schedule import local_crontab
from duta.organizations.models import Organization


@db_periodic_task(crontab(minute="*"))
def items_publish_due_task() -> int:
    """Scheduled content goes live on time (every minute)."""
    return services.items_publish_due()


@db_task(retries=3, retry_delay=60)
def item_announce_task(item_pk: int) -> int:
    return services.item_announce(item_pk=item_pk)


@db_periodic_task(local_crontab(hour=8, days_of_week=(1,)))
def digest_send_task() -> int:
    """Mondays at 08:00 (TIME_ZONE): the weekly digest of new content, per organization."""
    return sum(services.digest_send(organization=organization) for organization in Organization.objects.all())
