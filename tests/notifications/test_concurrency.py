"""Several workers at once: each delivery is claimed by exactly one of them."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from duta.notifications import services
from duta.notifications.channels import Channel, register, unregister
from duta.notifications.models import Delivery


class SlowChannel(Channel):
    """Takes a while to send, as a mail server does, and counts what it sent."""

    name = "slow"
    label = "Slow"

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.lock = threading.Lock()

    def send(self, delivery: Delivery) -> None:
        time.sleep(0.05)
        with self.lock:
            self.sent.append(delivery.pk)


@pytest.fixture
def slow():
    channel = register(SlowChannel())
    yield channel
    unregister("slow")


@pytest.mark.django_db(transaction=True)
def test_many_workers_send_each_delivery_once(send, org, slow) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent workers are tested in the PostgreSQL pass (the SQLite test database lives in memory)")
    from duta.accounts.models import User
    from duta.organizations.models import Membership

    users = User.objects.bulk_create([User(email=f"w{n}@bulk.test", full_name=f"W {n}") for n in range(10)])
    Membership.objects.bulk_create([Membership(user=user, organization=org) for user in users])
    send(users)  # outside a test transaction this commits, and the inline job already sends: start again
    Delivery.objects.filter(channel="slow").update(
        status="ready", attempts=0, sent_at=None, next_attempt_at=timezone.now()
    )
    slow.sent.clear()
    ids = list(Delivery.objects.filter(channel="slow").values_list("pk", flat=True))
    now = timezone.now() + timedelta(seconds=1)
    errors: list[BaseException] = []
    workers = 6
    start = threading.Barrier(workers)

    def worker() -> None:
        try:
            connection.ensure_connection()
            start.wait(timeout=10)  # all at once, on the same deliveries in the same order
            services.deliveries_send(delivery_ids=ids, now=now)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(slow.sent) == sorted(ids)  # every delivery once, none twice
    assert set(Delivery.objects.filter(channel="slow").values_list("status", "attempts")) == {("sent", 1)}
