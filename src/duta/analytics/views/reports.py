"""The monthly reports for leadership: the list with the form that asks for one, a report's page (its progress,
polled by HTMX while it is being made) and the downloads. The PR team and leadership only (403 for other roles)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from duta.analytics.forms_reports import MonthlyReportForm
from duta.analytics.models import MonthlyReport
from duta.analytics.reports import selectors
from duta.analytics.reports.text import download_name
from duta.analytics.services.reports import PHASES, monthly_report_request
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.organizations.models import Membership
from duta.organizations.views import member_required

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@member_required
@require_http_methods(["GET", "POST"])
def reports_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The organization's reports, newest first, and the form that asks for one (then: its page)."""
    reports = selectors.monthly_report_list_for_member(member=member)
    today = timezone.localdate()
    form = MonthlyReportForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            report = monthly_report_request(
                member=member, month=form.cleaned_data["month"], language=form.cleaned_data["language"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The report is being made. You may leave this page: it stays in the list."))
            return redirect("analytics:report_detail", org_slug=member.organization.slug, report_id=report.pk)
    page = page_of(request, reports)
    context = {
        "form": form,
        "page": page,
        "querystring": request.GET.copy(),
        "running": any(report.status in selectors.RUNNING for report in page),
    }
    return render_page_or_partial(request, "analytics/reports/list.html", context, partial="rows")


@member_required
@require_safe
def report_detail_view(request: HttpRequest, member: Membership, report_id: int) -> HttpResponse:
    """One report: its progress while it is being made (the ``status`` partial polls every 2 s), then the
    downloads, or why it failed."""
    report = selectors.monthly_report_get_for_member(member=member, report_id=report_id)
    progress = selectors.monthly_report_progress(report)
    context = {
        "report": report,
        "running": report.status in selectors.RUNNING,
        "progress": progress,
        "phase": progress.phase if progress else "",
        "phases": PHASES,
    }
    return render_page_or_partial(request, "analytics/reports/detail.html", context, partial="status")


@member_required  # type: ignore[arg-type]  # a FileResponse streams: it is no HttpResponse
@require_safe
def report_download_view(request: HttpRequest, member: Membership, report_id: int, kind: str) -> FileResponse:
    """The report's PDF or XLSX as a download (404 before it is ready)."""
    if kind not in CONTENT_TYPES:
        raise Http404
    report = selectors.monthly_report_get_for_member(member=member, report_id=report_id)
    stored = report.pdf if kind == "pdf" else report.xlsx
    if report.status != MonthlyReport.Status.DONE or not stored:
        raise Http404
    try:
        handle = stored.storage.open(stored.name or "", "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(report.organization.slug, report.month, report.language, kind),
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
