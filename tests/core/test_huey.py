"""Huey is wired to real storage: SQLite by default, Redis when REDIS_URL is set. A real task of
the project (the invitation e-mail) goes through each storage and a worker executes it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from huey import PriorityRedisHuey, SqliteHuey

from duta.organizations.models import Invitation
from duta.organizations.services import invitation_token_hash
from duta.organizations.tasks import invitation_send_email
from tests.config.test_env import run_duta
from tests.factories import InvitationFactory
from tests.support import require_or_skip

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _run_through(huey: Any, invitation: Invitation, token: str) -> Any:
    task = huey.task(name="invitation_send_email")(invitation_send_email.call_local)
    result = task(invitation.pk, token)
    assert huey.pending_count() == 1
    queued = huey.dequeue()
    assert queued is not None
    huey.execute(queued)
    return result.get()


@pytest.fixture
def invitation(pr_admin: Any) -> tuple[Invitation, str]:
    token = "t-" + uuid.uuid4().hex
    return InvitationFactory(
        organization=pr_admin.organization, invited_by=pr_admin.user, token_hash=invitation_token_hash(token)
    ), token


@pytest.mark.django_db
class TestHueyStorage:
    def test_a_task_runs_through_sqlite_storage(self, tmp_path: Path, invitation: tuple[Invitation, str]) -> None:
        huey = SqliteHuey("duta-test", filename=str(tmp_path / "huey.sqlite3"))
        assert _run_through(huey, *invitation) is True
        assert len(mail.outbox) == 1
        assert f"/invite/{invitation[1]}/" in mail.outbox[0].body

    def test_a_task_runs_through_redis_storage(self, invitation: tuple[Invitation, str]) -> None:
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            require_or_skip(f"Redis at {REDIS_URL} does not answer: {error}")
        huey = PriorityRedisHuey(f"duta-test-{uuid.uuid4().hex}", url=REDIS_URL)
        try:
            assert _run_through(huey, *invitation) is True
        finally:
            huey.storage.flush_all()
        assert len(mail.outbox) == 1


def test_settings_choose_redis_when_redis_url_is_set(tmp_path: Path) -> None:
    code = "from huey.contrib.djhuey import HUEY; print(type(HUEY).__name__)"
    code_args = ("shell", "--no-imports", "-c", code)
    with_redis = run_duta(*code_args, REDIS_URL="redis://127.0.0.1:6379/15", DUTA_VAR_DIR=str(tmp_path))
    without = run_duta(*code_args, DUTA_VAR_DIR=str(tmp_path))
    assert with_redis.stdout.strip() == "PriorityRedisHuey", with_redis.stderr
    assert without.stdout.strip() == "SqliteHuey", without.stderr
