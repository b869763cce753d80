"""Reads of the monthly reports: the PR team (admins) and leadership (viewers) see their organization's reports;
other roles get 403, another organization's report is not found (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from duta.analytics.models import MonthlyReport
from duta.analytics.reports.data import READER_ROLES
from duta.core.progress import ProgressState, progress_get
from duta.organizations.models import Membership

RUNNING = (MonthlyReport.Status.QUEUED, MonthlyReport.Status.RUNNING)


def progress_key(report_id: int) -> str:
    return f"report:{report_id}"


def require_report_reader(member: Membership) -> None:
    """Admins and viewers read and ask for reports (403 for other roles)."""
    if member.role not in READER_ROLES:
        raise PermissionDenied


def monthly_report_list_for_member(*, member: Membership) -> QuerySet[MonthlyReport]:
    require_report_reader(member)
    return MonthlyReport.objects.filter(organization=member.organization).select_related("requested_by")


def monthly_report_get_for_member(*, member: Membership, report_id: int) -> MonthlyReport:
    require_report_reader(member)
    return get_object_or_404(
        MonthlyReport.objects.select_related("organization", "requested_by"),
        pk=report_id,
        organization=member.organization,
    )


def monthly_report_progress(report: MonthlyReport) -> ProgressState | None:
    """How far the background work got, while the report is queued or being made."""
    if report.status not in RUNNING:
        return None
    return progress_get(progress_key(report.pk))
