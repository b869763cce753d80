from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required
from duta.programs import selectors as program_selectors
from duta.screening import selectors, services
from duta.screening.engine import finding_from_dict, finding_reason
from duta.screening.findings import CATEGORY_LABELS, KIND_LABELS, PLATFORM_LABELS, Category
from duta.screening.forms import (
    DecisionForm,
    DismissForm,
    ScreeningFilterForm,
    SelfConsentForm,
    TermForm,
    UploadForm,
    WrittenConsentForm,
)
from duta.screening.models import ScreenedPost, Screening
from duta.screening.rules import level_rule_text, timeline

POSTS_PER_PAGE = 25


def _require_admin(member: Membership) -> None:
    if member.role != Role.ADMIN:
        raise Http404


# --- the PR team's pages ------------------------------------------------------------------------


@member_required
@require_safe
def screening_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    _require_admin(member)
    form = ScreeningFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    screenings = selectors.screening_list_for_member(
        member=member, status=filters.get("status", ""), level=filters.get("level", "")
    )
    context = {"form": form, "page": page_of(request, screenings), "querystring": request.GET.copy()}
    return render_page_or_partial(request, "screening/list.html", context, partial="rows")


@member_required
@require_http_methods(["GET", "POST"])
def candidate_screening_view(request: HttpRequest, member: Membership, candidate_pk: int) -> HttpResponse:
    """A candidate's reputation check: open the latest one, or start one."""
    _require_admin(member)
    candidate = program_selectors.candidate_get_in_organization(member=member, candidate_pk=candidate_pk)
    if request.method == "POST":
        try:
            screening = services.screening_start(member=member, candidate=candidate)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Reputation check started. Record the consent, then upload the exports."))
            return redirect("screening:detail", org_slug=member.organization.slug, screening_pk=screening.pk)
    latest = selectors.screening_latest_for_candidate(candidate=candidate)
    if latest is not None and request.method == "GET":
        return redirect("screening:detail", org_slug=member.organization.slug, screening_pk=latest.pk)
    return render(request, "screening/start.html", {"candidate": candidate})


def _posts_context(request: HttpRequest, screening: Screening) -> dict[str, Any]:
    category = request.GET.get("category", "")
    if category not in Category._value2member_map_:
        category = ""
    page = page_of(request, selectors.flagged_post_list(screening=screening, category=category), size=POSTS_PER_PAGE)
    rows = [_post_row(post) for post in page.object_list]
    return {"page": page, "post_rows": rows, "category": category, "querystring": request.GET.copy()}


def _post_row(post: ScreenedPost) -> dict[str, Any]:
    findings = [finding_from_dict(data) for data in post.findings]
    return {
        "post": post,
        "platform": PLATFORM_LABELS.get(post.platform, post.platform),
        "kind": KIND_LABELS.get(post.kind, post.kind),
        "flags": [
            {
                "category": category,
                "label": CATEGORY_LABELS[Category(category)],
                "dismissed": category in post.dismissed,
                "reasons": [finding_reason(f) for f in findings if f.category.value == category],
            }
            for category in post.categories
        ],
    }


def _detail_context(request: HttpRequest, member: Membership, screening: Screening) -> dict[str, Any]:
    uploads = selectors.upload_list(screening=screening)
    totals = screening.summary.get("categories", {})
    active = [category for category in Category if totals.get(category.value)]
    return {
        "screening": screening,
        "candidate": screening.candidate,
        "uploads": uploads,
        "reading": any(upload.is_running for upload, _progress in uploads),
        "rule_text": level_rule_text(screening.level_rule) if screening.level_rule else "",
        "category_totals": [(category.value, CATEGORY_LABELS[category], totals[category.value]) for category in active],
        "columns": [(category.value, CATEGORY_LABELS[category]) for category in active],
        "timeline": [
            {**row, "counts": [row["counts"][index] for index, category in enumerate(Category) if category in active]}
            for row in timeline(screening.summary)
        ],
        "upload_form": UploadForm(),
        "consent_form": WrittenConsentForm(),
        "decision_form": DecisionForm(),
        "retention_days": settings.SCREENING_RAW_RETENTION_DAYS,
        "consent_text": services.consent_text(screening),
        **_posts_context(request, screening),
    }


@member_required
@require_safe
def screening_detail_view(request: HttpRequest, member: Membership, screening_pk: int) -> HttpResponse:
    screening = selectors.screening_get_for_member(member=member, screening_pk=screening_pk)
    context = _detail_context(request, member, screening)
    partial = request.GET.get("part") if request.headers.get("HX-Request") else None
    return render_page_or_partial(
        request, "screening/detail.html", context, partial="posts" if partial == "posts" else "report"
    )


def _back(member: Membership, screening_pk: int) -> HttpResponse:
    return redirect("screening:detail", org_slug=member.organization.slug, screening_pk=screening_pk)


def _rerender(
    request: HttpRequest, member: Membership, screening: Screening, *, form_name: str, form: Any
) -> HttpResponse:
    context = _detail_context(request, member, screening)
    context[form_name] = form
    return render(request, "screening/detail.html", context, status=400)


@member_required
@require_POST
def consent_record_view(request: HttpRequest, member: Membership, screening_pk: int) -> HttpResponse:
    screening = selectors.screening_get_for_member(member=member, screening_pk=screening_pk)
    form = WrittenConsentForm(request.POST)
    if form.is_valid():
        try:
            services.screening_consent_record(
                member=member, screening=screening, reference=form.cleaned_data["reference"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Consent recorded. You can upload the candidate's exports now."))
            return _back(member, screening.pk)
    return _rerender(request, member, screening, form_name="consent_form", form=form)


def _upload(request: HttpRequest, member: Membership, screening: Screening) -> tuple[bool, UploadForm]:
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.screening_upload_add(
                member=member,
                screening=screening,
                upload=form.cleaned_data["file"],
                fmt=form.cleaned_data["format"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("File received. It is read in the background; the report fills in below."))
            return True, form
    return False, form


@member_required
@require_POST
def upload_view(request: HttpRequest, member: Membership, screening_pk: int) -> HttpResponse:
    screening = selectors.screening_get_for_member(member=member, screening_pk=screening_pk)
    saved, form = _upload(request, member, screening)
    if saved:
        return _back(member, screening.pk)
    return _rerender(request, member, screening, form_name="upload_form", form=form)


def _post_action(
    request: HttpRequest, member: Membership, post: ScreenedPost, error: ApplicationError | None
) -> HttpResponse:
    """After a change to one post: its row again for HTMX (with the level above), else back to the report.

    A refused change (or a post gone meanwhile) sends the browser back to the whole report, where the message shows.
    """
    fresh = ScreenedPost.objects.filter(pk=post.pk).first()
    if error is not None:
        messages.error(request, error.message)
    if not request.headers.get("HX-Request") or error is not None or fresh is None:
        response = _back(member, post.screening_id)
        if request.headers.get("HX-Request"):
            response = HttpResponse(headers={"HX-Redirect": response["Location"]})
        return response
    screening = selectors.screening_get_for_member(member=member, screening_pk=post.screening_id)
    context = {
        "row": _post_row(fresh),
        "screening": screening,
        "oob_level": True,
        "rule_text": level_rule_text(screening.level_rule) if screening.level_rule else "",
    }
    return render(request, "screening/_post.html", context)


@member_required
@require_POST
def flag_dismiss_view(request: HttpRequest, member: Membership, post_pk: int) -> HttpResponse:
    post = selectors.flagged_post_get_for_member(member=member, post_pk=post_pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.screening_flag_dismiss(
            member=member, post=post, category=form.cleaned_data["category"], note=form.cleaned_data["note"]
        )
    except ApplicationError as error:
        return _post_action(request, member, post, error)
    return _post_action(request, member, post, None)


@member_required
@require_POST
def flag_restore_view(request: HttpRequest, member: Membership, post_pk: int) -> HttpResponse:
    post = selectors.flagged_post_get_for_member(member=member, post_pk=post_pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.screening_flag_restore(member=member, post=post, category=form.cleaned_data["category"])
    except ApplicationError as error:
        return _post_action(request, member, post, error)
    return _post_action(request, member, post, None)


@member_required
@require_POST
def excerpt_keep_view(request: HttpRequest, member: Membership, post_pk: int) -> HttpResponse:
    post = selectors.flagged_post_get_for_member(member=member, post_pk=post_pk)
    try:
        services.screening_excerpt_keep(member=member, post=post, keep=request.POST.get("keep") == "1")
    except ApplicationError as error:
        return _post_action(request, member, post, error)
    return _post_action(request, member, post, None)


@member_required
@require_POST
def decide_view(request: HttpRequest, member: Membership, screening_pk: int) -> HttpResponse:
    screening = selectors.screening_get_for_member(member=member, screening_pk=screening_pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.screening_decide(
                member=member,
                screening=screening,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            if error.field is None:  # about the check, not the form: shown above the report
                messages.error(request, error.message)
                return _back(member, screening.pk)
            add_application_error(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return _back(member, screening.pk)
    return _rerender(request, member, screening, form_name="decision_form", form=form)


@member_required
@require_POST
def erase_view(request: HttpRequest, member: Membership, screening_pk: int) -> HttpResponse:
    """The PR team records that the candidate withdrew their consent in writing: everything goes."""
    screening = selectors.screening_get_for_member(member=member, screening_pk=screening_pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that the candidate withdrew their consent."))
        return _back(member, screening.pk)
    candidate = screening.candidate
    services.screening_consent_withdraw(member=member, screening=screening)
    messages.success(request, _("Consent withdrawn: everything of the reputation check is deleted."))
    return redirect(
        "programs:candidate_detail",
        org_slug=member.organization.slug,
        program_slug=candidate.program.slug,
        candidate_pk=candidate.pk,
    )


# --- the organization's terms -------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def term_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    _require_admin(member)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_term_add(
                member=member,
                kind=form.cleaned_data["kind"],
                term=form.cleaned_data["term"],
                election=form.cleaned_data["election"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Term added. It counts from the next upload on."))
            return redirect("screening:terms", org_slug=member.organization.slug)
    terms = selectors.term_list_for_member(member=member)
    return render(request, "screening/terms.html", {"form": form, "terms": terms}, status=400 if form.errors else 200)


@member_required
@require_POST
def term_delete_view(request: HttpRequest, member: Membership, term_pk: int) -> HttpResponse:
    term = selectors.term_get_for_member(member=member, term_pk=term_pk)
    services.screening_term_delete(member=member, term=term)
    messages.success(request, _("Term removed."))
    return redirect("screening:terms", org_slug=member.organization.slug)


# --- the candidate's own page -------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def mine_view(request: HttpRequest, member: Membership, screening_pk: int) -> HttpResponse:
    """The candidate gives consent, uploads their own exports, follows the reading, or withdraws."""
    screening = selectors.screening_get_for_candidate(member=member, screening_pk=screening_pk)
    consent_form = SelfConsentForm()
    upload_form = UploadForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "consent":
            consent_form = SelfConsentForm(request.POST)
            if consent_form.is_valid():
                try:
                    services.screening_consent_give(member=member, screening=screening, agreed=True)
                except ApplicationError as error:
                    add_application_error(consent_form, error)
                else:
                    messages.success(request, _("Thank you. Upload your data exports below."))
                    return redirect("screening:mine", org_slug=member.organization.slug, screening_pk=screening.pk)
        elif action == "upload":
            saved, upload_form = _upload(request, member, screening)
            if saved:
                return redirect("screening:mine", org_slug=member.organization.slug, screening_pk=screening.pk)
        elif action == "withdraw" and request.POST.get("confirm") == "1":
            services.screening_consent_withdraw(member=member, screening=screening)
            messages.success(request, _("Consent withdrawn: everything of the reputation check is deleted."))
            return redirect("organizations:organization_home", org_slug=member.organization.slug)
        else:
            messages.error(request, _("Tick the box to confirm."))
        status = 400
    context = {
        "screening": screening,
        "uploads": selectors.upload_list(screening=screening),
        "consent_text": services.consent_text(screening),
        "consent_form": consent_form,
        "upload_form": upload_form,
        "retention_days": settings.SCREENING_RAW_RETENTION_DAYS,
    }
    return render_page_or_partial(request, "screening/mine.html", context, partial="uploads", status=status)
