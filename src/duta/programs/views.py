from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.organizations.models import Membership, Role
from duta.organizations.selectors import unit_label_map
from duta.organizations.views import member_required
from duta.people import selectors as people_selectors
from duta.people.models import Employee
from duta.programs import pipeline, selectors, services, texts
from duta.programs.forms import (
    ApplyForm,
    CandidateFilterForm,
    CandidateMoveForm,
    CohortForm,
    EvaluationFilterForm,
    NominateForm,
    ProgramCreateForm,
    ProgramEditForm,
    rules_text,
)
from duta.programs.models import CohortSelection, Consent, Program, Stage
from duta.programs.rules import Evaluation, rules_to_json

STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.VIEWER})  # who sees candidates and evaluations
NOMINATING_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})
NOMINATE_MATCHES = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _active_consent(program: Program, employee: Employee) -> Consent | None:
    return selectors.consent_active_for(program=program, employee=employee)


# --- programs ----------------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def program_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    is_admin = member.role == Role.ADMIN
    form = ProgramCreateForm(request.POST or None, request.FILES or None) if is_admin else None
    if request.method == "POST":
        _require(is_admin)
        assert form is not None
        if form.is_valid():
            data = form.cleaned_data
            try:
                program = services.program_create(
                    organization=member.organization,
                    actor=member.user,
                    slug=data["slug"],
                    name=data["name"],
                    description=data["description"],
                    rules=data["rules_data"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Program “%(name)s” created.") % {"name": program.name})
                return redirect("programs:program_detail", org_slug=member.organization.slug, program_slug=program.slug)
    programs = selectors.program_list_for_member(member=member)
    if member.role not in STAFF_ROLES:
        programs = programs.filter(open_for_applications=True)
    context = {"programs": programs, "form": form, "show_counts": member.role in STAFF_ROLES}
    return render(request, "programs/programs.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def program_detail_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    if request.method == "POST":
        _require(member.role == Role.ADMIN)
        if request.POST.get("action") == "evaluate":
            try:
                eligible, not_eligible = services.program_candidates_evaluate(member=member, program=program)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Candidates evaluated: %(eligible)d eligible, %(not_eligible)d not eligible.")
                    % {"eligible": eligible, "not_eligible": not_eligible},
                )
        else:
            messages.error(request, _("Unknown action."))
        return redirect("programs:program_detail", org_slug=member.organization.slug, program_slug=program.slug)
    eligibility, selection = texts.rules_in_words(selectors.program_rules(program))
    stage_counts: list[tuple[str, str, int]] = []
    if member.role in STAFF_ROLES:
        counts = dict(
            selectors.candidate_list_for_member(member=member, program=program)
            .order_by()
            .values("stage")
            .annotate(total=Count("pk"))
            .values_list("stage", "total")
        )
        stage_counts = [(value, str(label), counts[value]) for value, label in Stage.choices if counts.get(value)]
    employee = people_selectors.employee_for_user(member=member)
    context = {
        "program": program,
        "eligibility": eligibility,
        "selection": selection,
        "stage_counts": stage_counts,
        "candidate_total": sum(count for _value, _label, count in stage_counts),
        "my_candidate": selectors.candidate_for_employee(program=program, employee=employee) if employee else None,
        "is_admin": member.role == Role.ADMIN,
        "can_nominate": member.role in NOMINATING_ROLES,
        "can_see_candidates": member.role in STAFF_ROLES,
    }
    return render(request, "programs/program_detail.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def program_edit_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    _require(member.role == Role.ADMIN)
    initial = {
        "name": program.name,
        "description": program.description,
        "open_for_applications": program.open_for_applications,
        "weekly_target": program.weekly_target,
        "rules": rules_text(rules_to_json(selectors.program_rules(program))),
    }
    form = ProgramEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.program_update(
                member=member,
                program=program,
                name=data["name"],
                description=data["description"],
                rules=data["rules_data"],
                open_for_applications=data["open_for_applications"],
                weekly_target=data["weekly_target"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Program saved."))
            return redirect("programs:program_detail", org_slug=member.organization.slug, program_slug=program.slug)
    return render(request, "programs/program_edit.html", {"program": program, "form": form})


@member_required
@require_GET
def program_rules_export_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    _require(member.role == Role.ADMIN)
    document = rules_text(rules_to_json(selectors.program_rules(program))) + "\n"
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-rules.json"'
    return response


# --- evaluation and candidates ---------------------------------------------------------------


def _evaluation_row(employee: Employee, evaluation: Evaluation, unit_labels: dict[int, str]) -> dict[str, Any]:
    return {
        "employee": employee,
        "unit": unit_labels.get(employee.unit_id, "") if employee.unit_id else "",
        "eligible": evaluation.eligible,
        "reasons": [
            {
                "passed": reason.passed,
                "decisive": reason.decisive,
                "text": texts.in_language(reason.text_id, reason.text_en),
            }
            for reason in evaluation.reasons
        ],
    }


@member_required
def program_evaluation_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    results = selectors.program_evaluate_for_member(member=member, program=program)
    form = EvaluationFilterForm(request.GET or None)
    show = form.cleaned_data["eligible"] if form.is_valid() else ""
    eligible_count = sum(1 for _employee, evaluation in results if evaluation.eligible)
    if show:
        results = [(employee, evaluation) for employee, evaluation in results if evaluation.eligible == (show == "yes")]
    page = page_of(request, results)
    unit_labels = unit_label_map(organization=member.organization)
    context = {
        "program": program,
        "form": form,
        "page": page,
        "rows": [_evaluation_row(employee, evaluation, unit_labels) for employee, evaluation in page.object_list],
        "eligible_count": eligible_count,
        "querystring": request.GET.copy(),
    }
    return render_page_or_partial(request, "programs/evaluation.html", context, partial="rows")


@member_required
def candidate_list_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    form = CandidateFilterForm(request.GET or None)
    stage = form.cleaned_data["stage"] if form.is_valid() else ""
    candidates = selectors.candidate_list_for_member(member=member, program=program, stage=stage or None)
    context = {
        "program": program,
        "form": form,
        "page": page_of(request, candidates),
        "unit_labels": unit_label_map(organization=member.organization),
        "querystring": request.GET.copy(),
        "can_nominate": member.role in NOMINATING_ROLES,
    }
    return render_page_or_partial(request, "programs/candidates.html", context, partial="rows")


@member_required
@require_http_methods(["GET", "POST"])
def candidate_detail_view(
    request: HttpRequest, member: Membership, program_slug: str, candidate_pk: int
) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    candidate = selectors.candidate_get_for_member(member=member, program=program, candidate_pk=candidate_pk)
    can_move = member.role in NOMINATING_ROLES
    stages = pipeline.next_stages(candidate.stage)
    form = CandidateMoveForm(request.POST or None, stages=stages) if can_move and stages else None
    if request.method == "POST":
        _require(can_move)
        if form is not None and form.is_valid():
            try:
                services.candidate_move(
                    member=member,
                    candidate=candidate,
                    to_stage=form.cleaned_data["stage"],
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Moved to “%(stage)s”.") % {"stage": candidate.get_stage_display()})
                return redirect(
                    "programs:candidate_detail",
                    org_slug=member.organization.slug,
                    program_slug=program.slug,
                    candidate_pk=candidate.pk,
                )
    employee = candidate.employee
    context = {
        "program": program,
        "candidate": candidate,
        "employee": employee,
        "unit_label": unit_label_map(organization=member.organization).get(employee.unit_id or 0, ""),
        "accounts": list(employee.accounts.order_by("platform")),
        "history": list(candidate.history.select_related("actor")),
        "consent": _active_consent(program, employee),
        "form": form,
    }
    return render(request, "programs/candidate_detail.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def candidate_nominate_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    _require(member.role in NOMINATING_ROLES)
    form = NominateForm(request.POST or None, employees=people_selectors.employee_list_for_member(member=member))
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_nominate(
                member=member,
                program=program,
                employee=form.cleaned_data["employee"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("%(name)s is nominated.") % {"name": candidate.employee.name})
            return redirect(
                "programs:candidate_detail",
                org_slug=member.organization.slug,
                program_slug=program.slug,
                candidate_pk=candidate.pk,
            )
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()[:100]
    found = people_selectors.employee_list_for_member(member=member, query=query or None)
    matches = list(found[:NOMINATE_MATCHES])
    already = dict(
        selectors.candidate_list_for_member(member=member, program=program)
        .filter(employee__in=[employee.pk for employee in matches])
        .values_list("employee_id", "stage")
    )
    context = {
        "program": program,
        "form": form,
        "q": query,
        "matches": [
            (employee, Stage(already[employee.pk]).label if already.get(employee.pk) else "") for employee in matches
        ],
        "match_total": found.count() if len(matches) == NOMINATE_MATCHES else len(matches),
        "chosen": str(form["employee"].value() or ""),
        "unit_labels": unit_label_map(organization=member.organization),
    }
    return render_page_or_partial(request, "programs/nominate.html", context, partial="matches")


# --- applying and withdrawing ---------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def program_apply_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    employee = people_selectors.employee_for_user(member=member)
    context: dict[str, Any] = {"program": program, "employee": employee}
    if employee is None:
        if request.method == "POST":
            return redirect("programs:program_apply", org_slug=member.organization.slug, program_slug=program.slug)
        return render(request, "programs/apply.html", context)
    candidate = selectors.candidate_for_employee(program=program, employee=employee)
    consent = _active_consent(program, employee)
    # anyone without an active consent may give it: a new applicant, someone who withdrew, or a
    # candidate who was nominated or selected from the roster
    can_apply = program.open_for_applications and (
        candidate is None or (candidate.stage != Stage.REJECTED and consent is None)
    )
    form = None
    if can_apply:
        rules = selectors.program_rules(program)
        initial = {f"{account.platform}_handle": account.handle for account in employee.accounts.all()}
        form = ApplyForm(
            request.POST or None,
            request.FILES or None,
            require_code_of_conduct=rules.require_code_of_conduct,
            initial=initial,
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("You cannot apply to this program now."))
            return redirect("programs:program_apply", org_slug=member.organization.slug, program_slug=program.slug)
        if form.is_valid():
            try:
                services.candidate_apply(
                    member=member,
                    program=program,
                    employee=employee,
                    consent_given=form.cleaned_data["consent"],
                    code_of_conduct=form.cleaned_data.get("code_of_conduct", False),
                    accounts=form.declarations,
                )
            except ApplicationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Thank you: your application is in. The PR team will check it."))
                return redirect("programs:program_apply", org_slug=member.organization.slug, program_slug=program.slug)
    context.update(
        {
            "candidate": candidate,
            "consent": consent,
            "form": form,
            "consent_text": services.consent_text(program),
        }
    )
    return render(request, "programs/apply.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def program_withdraw_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    employee = people_selectors.employee_for_user(member=member)
    if employee is None:
        raise Http404
    apply_page = redirect("programs:program_apply", org_slug=member.organization.slug, program_slug=program.slug)
    if _active_consent(program, employee) is None:
        messages.info(request, _("There is no consent to withdraw."))
        return apply_page
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.consent_withdraw(member=member, program=program, employee=employee)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your consent is withdrawn. You are out of the program, and your social media data is "
                    "being deleted."
                ),
            )
        return apply_page
    return render(request, "programs/withdraw.html", {"program": program})


# --- cohort ----------------------------------------------------------------------------------


def _decision_rows(selection: CohortSelection, member: Membership) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(chosen with their rank, not chosen) with each person's roster entry when the member may see it."""
    ids = [decision["employee_id"] for decision in selection.decisions]
    employees = {
        employee.employee_id: employee
        for employee in people_selectors.employee_list_for_member(member=member).filter(employee_id__in=ids)
    }
    chosen: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for decision in selection.decisions:
        parts = decision.get("score_parts") or {}
        row = {
            "employee_id": decision["employee_id"],
            "employee": employees.get(decision["employee_id"]),
            "score": decision["score"],
            "reach": parts.get("reach"),
            "verification": parts.get("verification"),
            "unit": decision.get("unit") or "",
            "generation": texts.GENERATION_NAMES.get(decision.get("generation") or "", ""),
            "reason": texts.in_language(decision["reason_id"], decision["reason_en"]),
        }
        if decision["chosen"]:
            row["rank"] = len(chosen) + 1
            chosen.append(row)
        else:
            others.append(row)
    return chosen, others


@member_required
@require_http_methods(["GET", "POST"])
def cohort_view(request: HttpRequest, member: Membership, program_slug: str) -> HttpResponse:
    program = selectors.program_get_for_member(member=member, slug=program_slug)
    _require(member.role == Role.ADMIN)
    rules = selectors.program_rules(program)
    form = CohortForm(initial={"size": rules.cohort_size})
    here = redirect("programs:cohort", org_slug=member.organization.slug, program_slug=program.slug)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "propose":
            form = CohortForm(request.POST)
            if form.is_valid():
                try:
                    proposal = services.cohort_propose(member=member, program=program, size=form.cleaned_data["size"])
                except ApplicationError as error:
                    add_application_error(form, error)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "Proposal ready: %(count)d person chosen.",
                            "Proposal ready: %(count)d people chosen.",
                            proposal.size,
                        )
                        % {"count": proposal.size},
                    )
                    return here
        elif action == "confirm":
            latest = selectors.latest_selection(program=program)
            if latest is None or str(latest.pk) != request.POST.get("selection"):
                messages.error(request, _("A newer proposal was made meanwhile: check it before confirming."))
                return here
            try:
                moved = services.cohort_confirm(member=member, selection=latest)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Cohort confirmed: %(count)d person moved to reputation screening.",
                        "Cohort confirmed: %(count)d people moved to reputation screening.",
                        moved,
                    )
                    % {"count": moved},
                )
            return here
        else:
            messages.error(request, _("Unknown action."))
            return here
    selection = selectors.latest_selection(program=program)
    chosen, others = _decision_rows(selection, member) if selection is not None else ([], [])
    context = {"program": program, "form": form, "selection": selection, "chosen": chosen, "others": others}
    return render(request, "programs/cohort.html", context)
