"""The leadership's monthly report: asked for on a page, made in the background (PDF and XLSX), then downloaded.

    report = monthly_report_request(member=member, month=date(2026, 10, 1), language="id")
    # on commit: tasks.monthly_report_build_task(report.pk) -> monthly_report_build(report_id=report.pk)

The build shows its progress under ``report:<id>`` (``duta.core.progress``) in four phases: collecting figures,
drawing charts, writing the PDF, writing the XLSX. Both files are made in memory and stored together at the end;
a failure stores neither and leaves the report ``failed`` with a message in the report's language.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duta.analytics.models import MonthlyReport
from duta.analytics.reports.data import READER_ROLES, report_data_collect
from duta.analytics.reports.selectors import RUNNING, progress_key
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.core.progress import progress_clear, progress_set
from duta.organizations.models import Membership

logger = logging.getLogger(__name__)

COLLECTING, CHARTS, PDF, XLSX = "collecting", "charts", "pdf", "xlsx"
PHASES = (COLLECTING, CHARTS, PDF, XLSX)
# A report queued or being made for longer than this is taken as lost (a worker stopped): asking again makes a new one.
STALE_AFTER = dt.timedelta(hours=1)


def _zone(report: MonthlyReport) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(report.requested_by.time_zone or settings.TIME_ZONE)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@transaction.atomic
def monthly_report_request(*, member: Membership, month: dt.date, language: str) -> MonthlyReport:
    """Ask for the report of a month (any day of it) in a language; the PR team and leadership only. The same
    request while one is queued or being made returns that one instead of a second."""
    if member.role not in READER_ROLES or not member.is_active:
        raise forbidden()
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ApplicationError(_("This month has not started yet."), field="month")
    if language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Choose one of the languages offered."), field="language")
    now = timezone.now()
    pending = MonthlyReport.objects.select_for_update().filter(
        organization=member.organization, month=month, language=language, status__in=RUNNING
    )
    for found in pending.order_by("-created_at"):
        if found.updated_at >= now - STALE_AFTER:
            return found
        _stale(found, now)
    report = MonthlyReport(
        organization=member.organization,
        month=month,
        language=language,
        requested_by=member.user,
        status=MonthlyReport.Status.QUEUED,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="report.request",
        target=report,
        changes={"month": month.isoformat(), "language": language},
    )
    from duta.analytics.tasks import monthly_report_build_task

    report_id = report.pk
    transaction.on_commit(lambda: monthly_report_build_task(report_id))
    return report


def _stale(report: MonthlyReport, now: dt.datetime) -> None:
    with translation.override(report.language):
        report.error = _("The report was not finished within an hour and was asked for again.")
    report.status = MonthlyReport.Status.FAILED
    report.finished_at = now
    report.save(update_fields=["status", "error", "finished_at", "updated_at"])
    audit_record(
        actor=None,
        organization=report.organization,
        action="report.fail",
        target=report,
        changes={"error": report.error},
    )


def monthly_report_build(*, report_id: int) -> MonthlyReport | None:
    """Make the PDF and XLSX of a queued report (the background half). A report that is not queued any more (made,
    failed, or taken by another worker) is left alone: None."""
    report = _claim(report_id)
    if report is None:
        return None
    key = progress_key(report.pk)
    total = len(PHASES)
    try:
        with translation.override(report.language), timezone.override(_zone(report)):
            from duta.analytics.reports.pdf import report_charts, report_pdf
            from duta.analytics.reports.xlsx import report_xlsx

            progress_set(key, done=0, total=total, phase=COLLECTING)
            data = report_data_collect(report)
            progress_set(key, done=1, total=total, phase=CHARTS)
            charts = report_charts(data)
            progress_set(key, done=2, total=total, phase=PDF)
            pdf = report_pdf(data, charts)
            progress_set(key, done=3, total=total, phase=XLSX)
            xlsx = report_xlsx(data)
            progress_set(key, done=4, total=total, phase=XLSX)
            return _finish(report.pk, pdf=pdf, xlsx=xlsx)
    except ApplicationError as error:
        return _fail(report.pk, message=error.message)
    except Exception:
        logger.exception("monthly report %s could not be made", report.pk)
        with translation.override(report.language):
            message = _("The report could not be made. Ask for it again; if it fails again, tell the PR team.")
        return _fail(report.pk, message=message)
    finally:
        progress_clear(key)


@transaction.atomic
def _claim(report_id: int) -> MonthlyReport | None:
    report = (
        MonthlyReport.objects.select_for_update()
        .select_related("organization", "requested_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status != MonthlyReport.Status.QUEUED:
        return None
    report.status = MonthlyReport.Status.RUNNING
    report.save(update_fields=["status", "updated_at"])
    return report


def _file_name(report: MonthlyReport, extension: str) -> str:
    return f"{report.organization.slug}-{report.month:%Y-%m}-{report.language}-{report.pk}.{extension}"


@transaction.atomic
def _finish(report_id: int, *, pdf: bytes, xlsx: bytes) -> MonthlyReport:
    report = MonthlyReport.objects.select_for_update().select_related("organization").get(pk=report_id)
    if report.status != MonthlyReport.Status.RUNNING:
        return report  # given up on meanwhile (a newer request replaced it): its files are not kept
    stored: list[str] = []
    try:
        report.pdf.save(_file_name(report, "pdf"), ContentFile(pdf), save=False)
        stored.append(report.pdf.name or "")
        report.xlsx.save(_file_name(report, "xlsx"), ContentFile(xlsx), save=False)
        stored.append(report.xlsx.name or "")
        report.status = MonthlyReport.Status.DONE
        report.error = ""
        report.finished_at = timezone.now()
        report.save()
        audit_record(
            actor=None,
            organization=report.organization,
            action="report.done",
            target=report,
            changes={"pdf_bytes": len(pdf), "xlsx_bytes": len(xlsx)},
        )
    except Exception:
        storage = report.pdf.storage
        for name in stored:
            if name:
                storage.delete(name)
        raise
    return report


@transaction.atomic
def _fail(report_id: int, *, message: str) -> MonthlyReport:
    report = MonthlyReport.objects.select_for_update().select_related("organization").get(pk=report_id)
    if report.status not in (MonthlyReport.Status.QUEUED, MonthlyReport.Status.RUNNING):
        return report
    for stored in (report.pdf, report.xlsx):
        if stored:
            stored.delete(save=False)
    report.status = MonthlyReport.Status.FAILED
    report.error = message
    report.finished_at = timezone.now()
    report.save()
    audit_record(
        actor=None, organization=report.organization, action="report.fail", target=report, changes={"error": message}
    )
    return report
