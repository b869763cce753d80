from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from duta.screening.services import screening_upload_read, screenings_erase_for_candidate, screenings_purge


@db_task()
def screening_upload_read_task(upload_id: int) -> None:
    """Read one uploaded data export and screen its posts."""
    screening_upload_read(upload_id=upload_id)


@db_task(retries=3, retry_delay=300)
def screenings_erase_for_candidate_task(candidate_pk: int) -> int:
    return screenings_erase_for_candidate(candidate_pk=candidate_pk)


@db_periodic_task(crontab(minute="17", hour="2"))
def screenings_purge_task() -> int:
    """Every night: delete the raw posts whose retention period after the decision has ended."""
    return screenings_purge()
