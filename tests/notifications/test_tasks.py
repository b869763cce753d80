"""The outbox's jobs: priorities in Huey's real storages, the periodic sweep."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.utils import timezone
from huey import RedisHuey, SqliteHuey

from duta.notifications import tasks
from duta.notifications.models import Delivery


def test_priorities_where_the_storage_has_them(tmp_path: Path) -> None:
    sqlite = SqliteHuey("duta-test", filename=str(tmp_path / "huey.sqlite3"))
    assert tasks.task_priority(sqlite, high=True) == tasks.HIGH_PRIORITY
    assert tasks.task_priority(sqlite, high=False) is None
    # plain RedisHuey raises NotImplementedError for any priority: none is passed (no connection is made here)
    redis = RedisHuey("duta-test", url="redis://127.0.0.1:6379/15")
    assert tasks.task_priority(redis, high=True) is None


def test_a_high_priority_job_leaves_the_sqlite_queue_first(tmp_path: Path) -> None:
    huey = SqliteHuey("duta-test", filename=str(tmp_path / "huey.sqlite3"))
    job = huey.task(name="deliveries_send_task")(lambda delivery_ids: delivery_ids)
    job([1], priority=tasks.task_priority(huey, high=False))
    job([2], priority=tasks.task_priority(huey, high=True))
    first = huey.dequeue()
    assert first is not None
    assert first.args == ([2],)


def test_the_periodic_sweep_sends_what_is_due(send, ambassador) -> None:
    send([ambassador.user])
    Delivery.objects.filter(channel="email").update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert tasks.deliveries_send_due_task.call_local() == 1
    assert len(mail.outbox) == 1
    assert tasks.deliveries_send_due_task.call_local() == 0


def test_new_deliveries_go_out_in_jobs_on_commit(send, org, django_capture_on_commit_callbacks) -> None:
    from duta.accounts.models import User
    from duta.organizations.models import Membership

    users = User.objects.bulk_create([User(email=f"p{n}@bulk.test", full_name=f"P {n}") for n in range(120)])
    users = list(User.objects.filter(email__endswith="@bulk.test"))
    Membership.objects.bulk_create([Membership(user=user, organization=org) for user in users])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send(users, priority="high", kind="crisis", key="crisis:1")
    assert len(callbacks) == 1
    assert Delivery.objects.filter(channel="email", status="sent").count() == 120
    assert len(mail.outbox) == 120
