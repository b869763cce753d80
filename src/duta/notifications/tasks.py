from __future__ import annotations

from typing import Any

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from duta.notifications import rules
from duta.notifications.services import deliveries_send, deliveries_send_due

# deliveries per job: thousands of recipients become a few hundred jobs that many workers share
JOB_SIZE = 50
HIGH_PRIORITY = 10


@db_task()
def deliveries_send_task(delivery_ids: list[int]) -> int:
    """Send new deliveries (queued on commit by ``notifications_send``)."""
    return deliveries_send(delivery_ids=delivery_ids)


@db_periodic_task(crontab(minute="*"))
def deliveries_send_due_task() -> int:
    """Every minute: retries that are due, deliveries whose worker died, and anything a lost job left."""
    return deliveries_send_due()


def task_priority(huey: Any, *, high: bool) -> int | None:
    """Huey's priority for a job, where its storage has priorities (SQLite, memory, PriorityRedisHuey); plain
    ``RedisHuey`` refuses any priority, so there high-priority jobs simply queue in order."""
    if not high or not getattr(huey.storage, "priority", False):
        return None
    return HIGH_PRIORITY


def deliveries_enqueue(delivery_ids: list[int], *, high: bool) -> None:
    priority = task_priority(HUEY, high=high)
    for chunk in rules.chunks(delivery_ids, JOB_SIZE):
        deliveries_send_task(chunk, priority=priority)
