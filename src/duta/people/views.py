from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.core.progress import progress_get
from duta.organizations import selectors as organization_selectors
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required
from duta.people import selectors, services
from duta.people.forms import EmployeeFilterForm, FollowerCountVerifyForm, RosterImportConfirmForm, RosterUploadForm
from duta.people.models import Employee, FollowerSnapshot, RosterImport, SocialAccount
from duta.people.rules import flag_text

# Screenshots are re-encoded by ``people.images`` into one of these; anything else is never served inline.
EVIDENCE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
RUNNING = (RosterImport.Status.CHECKING, RosterImport.Status.IMPORTING)


def _verify_form(account: SocialAccount, data: Any = None) -> FollowerCountVerifyForm:
    """One verification form per account on the page, each with its own element ids."""
    return FollowerCountVerifyForm(data, auto_id=f"id_verify_{account.pk}_%s")


# --- roster --------------------------------------------------------------------------------


@member_required
@require_safe
def employee_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    form = EmployeeFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {"query": form.cleaned_data["q"] or None, "flagged_only": form.cleaned_data["flagged_only"]}
    employees = selectors.employee_list_for_member(member=member, **filters)
    context = {
        "form": form,
        "page": page_of(request, employees),
        "unit_labels": organization_selectors.unit_label_map(organization=member.organization),
        "querystring": request.GET.copy(),
        "filtered": any(filters.values()),
        "can_import": member.role == Role.ADMIN,
    }
    return render_page_or_partial(request, "people/employees.html", context, partial="rows")


@dataclass(frozen=True)
class CountRow:
    """One point of an account's history, with its flags in words."""

    snapshot: FollowerSnapshot
    flag_texts: list[str]

    @property
    def needs_review(self) -> bool:
        return bool(self.flag_texts) and self.snapshot.reviewed_at is None


@dataclass(frozen=True)
class AccountPanel:
    account: SocialAccount
    history: list[CountRow]
    verify_form: FollowerCountVerifyForm | None


def _employee_page(
    request: HttpRequest,
    member: Membership,
    employee: Employee,
    *,
    bound_forms: dict[int, FollowerCountVerifyForm] | None = None,
) -> HttpResponse:
    can_review = organization_selectors.member_manages_unit(member, employee.unit)
    bound_forms = bound_forms or {}
    panels = [
        AccountPanel(
            account=account,
            history=[
                CountRow(snapshot=snapshot, flag_texts=[flag_text(flag) for flag in snapshot.flags])
                for snapshot in selectors.snapshot_list_for_account(account=account)
            ],
            verify_form=(bound_forms.get(account.pk) or _verify_form(account)) if can_review else None,
        )
        for account in employee.accounts.all()
    ]
    context = {
        "employee": employee,
        "unit_label": (
            organization_selectors.unit_label_map(organization=member.organization).get(employee.unit_id, "")
            if employee.unit_id
            else ""
        ),
        "panels": panels,
        "can_review": can_review,
    }
    return render(request, "people/employee_detail.html", context)


@member_required
@require_safe
def employee_detail_view(request: HttpRequest, member: Membership, employee_pk: int) -> HttpResponse:
    employee = selectors.employee_get_for_member(member=member, employee_pk=employee_pk)
    return _employee_page(request, member, employee)


@member_required
@require_POST
def account_verify_view(request: HttpRequest, member: Membership, account_pk: int) -> HttpResponse:
    account = selectors.account_get_for_member(member=member, account_pk=account_pk)
    employee = selectors.employee_get_for_member(member=member, employee_pk=account.employee_id)
    if not organization_selectors.member_manages_unit(member, employee.unit):
        return render(request, "403.html", status=403)
    form = _verify_form(account, request.POST)
    if form.is_valid():
        try:
            services.follower_count_verify(member=member, account=account, count=form.cleaned_data["count"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Verified: %(account)s has %(count)s followers.")
                % {"account": account, "count": number_format(form.cleaned_data["count"], force_grouping=True)},
            )
            return redirect("people:employee_detail", org_slug=member.organization.slug, employee_pk=employee.pk)
    return _employee_page(request, member, employee, bound_forms={account.pk: form})


@member_required
@require_POST
def snapshot_review_view(request: HttpRequest, member: Membership, snapshot_pk: int) -> HttpResponse:
    snapshot = selectors.snapshot_get_for_member(member=member, snapshot_pk=snapshot_pk)
    employee = snapshot.account.employee
    if not organization_selectors.member_manages_unit(member, employee.unit):
        return render(request, "403.html", status=403)
    try:
        services.snapshot_review_mark(member=member, snapshot=snapshot)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The count of %(account)s is marked as reviewed.") % {"account": snapshot.account})
    return redirect("people:employee_detail", org_slug=member.organization.slug, employee_pk=employee.pk)


@member_required  # type: ignore[arg-type]  # a FileResponse streams: it is no HttpResponse
@require_safe
def evidence_view(request: HttpRequest, member: Membership, snapshot_pk: int) -> FileResponse:
    """A screenshot uploaded as evidence, to the people who may see the account (MEDIA is never public)."""
    snapshot = selectors.snapshot_get_for_member(member=member, snapshot_pk=snapshot_pk)
    name = snapshot.evidence.name
    content_type = EVIDENCE_TYPES.get(PurePosixPath(name).suffix.lower()) if name else None
    if not name or content_type is None:
        raise Http404
    try:
        stored = snapshot.evidence.storage.open(name, "rb")
    except OSError as error:  # deleted since, or the storage is unreachable
        raise Http404 from error
    response = FileResponse(stored, content_type=content_type, filename=PurePosixPath(name).name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- roster imports --------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def roster_import_view(request: HttpRequest, member: Membership) -> HttpResponse:
    jobs = selectors.roster_import_list_for_member(member=member)  # admins only
    form = RosterUploadForm(request.POST, request.FILES) if request.method == "POST" else RosterUploadForm()
    if request.method == "POST" and form.is_valid():
        try:
            job = services.roster_import_job_create(member=member, upload=form.cleaned_data["file"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("File received. Nothing is imported before you confirm the check below."))
            return redirect("people:import_detail", org_slug=member.organization.slug, job_pk=job.pk)
    context = {"form": form, "page": page_of(request, jobs), "querystring": request.GET.copy()}
    return render_page_or_partial(request, "people/import.html", context, partial="rows")


@member_required
@require_safe
def roster_import_detail_view(request: HttpRequest, member: Membership, job_pk: int) -> HttpResponse:
    job = selectors.roster_import_get_for_member(member=member, job_pk=job_pk)
    running = job.status in RUNNING
    context = {
        "job": job,
        "running": running,
        "progress": progress_get(f"roster-{job.pk}") if running else None,
        "valid_rows": max(job.total_rows - job.invalid_count, 0),
        "errors_capped": len(job.errors) >= services.STORED_ERRORS,
    }
    return render_page_or_partial(request, "people/import_detail.html", context, partial="job")


@member_required
@require_POST
def roster_import_confirm_view(request: HttpRequest, member: Membership, job_pk: int) -> HttpResponse:
    job = selectors.roster_import_get_for_member(member=member, job_pk=job_pk)
    form = RosterImportConfirmForm(request.POST)
    skip_invalid = bool(form.is_valid() and form.cleaned_data["skip_invalid"])
    try:
        services.roster_import_job_confirm(member=member, job=job, skip_invalid=skip_invalid)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Import started. The roster is updated when the bar is full."))
    return redirect("people:import_detail", org_slug=member.organization.slug, job_pk=job.pk)
