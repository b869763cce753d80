from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from duta.links import services


@db_periodic_task(crontab(hour="19", minute="41"))
def clicks_purge_task() -> tuple[int, int]:
    """Every night (02:41 WIB): stored clicks past their retention and old visitor salts are deleted."""
    return services.clicks_purge()
