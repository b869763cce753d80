"""Background jobs of the analytics app."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from duta.analytics.services.refresh import analytics_refresh
from duta.analytics.services.reports import monthly_report_build
from duta.organizations.models import Organization

logger = logging.getLogger(__name__)
REFRESH_LOCK = "analytics-refresh"

# --- the monthly report ----------------------------------------------------------------------------------------
# Made only on request (no periodic job): ``services.reports.monthly_report_request`` queues it on commit.


@db_task()
def monthly_report_build_task(report_id: int) -> None:
    """Make a queued monthly report's PDF and XLSX, with its progress under ``report:<id>``."""
    monthly_report_build(report_id=report_id)


# --- the dashboards' figures -----------------------------------------------------------------------------------


@db_periodic_task(crontab(minute=f"*/{settings.ANALYTICS_REFRESH_MINUTES}"))
@HUEY.lock_task(REFRESH_LOCK)
def analytics_refresh_task() -> int:
    """Every ANALYTICS_REFRESH_MINUTES: each organization's current periods recomputed (one run at a time, even
    with several workers). Returns the number of organizations."""
    organizations = list(Organization.objects.order_by("pk"))
    for organization in organizations:
        try:
            analytics_refresh(organization=organization)
        except Exception:  # one organization's failure must not stop the others' figures
            logger.exception("analytics refresh of %s failed", organization.slug)
    return len(organizations)
