from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from duta.accounts.services import login_failure_prune


@db_periodic_task(crontab(minute="*/30"))
def login_failure_prune_task() -> int:
    return login_failure_prune()
