from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from duta.people.services import employee_social_data_erase, roster_import_job_run, roster_import_jobs_expire


@db_task()
def roster_import_job_task(job_id: int, apply: bool) -> None:
    """Check (``apply=False``) or import (``apply=True``) an uploaded roster in the background."""
    roster_import_job_run(job_id=job_id, apply=apply)


@db_task(retries=3, retry_delay=300)
def employee_social_data_erase_task(employee_pk: int) -> int:
    return employee_social_data_erase(employee_pk=employee_pk)


@db_periodic_task(crontab(minute="41"))
def roster_import_jobs_expire_task() -> int:
    return roster_import_jobs_expire()
