"""Every read of programs and candidates, scoped to the acting member's organization."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from duta.organizations.models import Membership, Organization, Role, Unit
from duta.organizations.selectors import member_scope_paths, unit_name_paths
from duta.people.models import Employee, SocialAccount
from duta.programs import pipeline
from duta.programs.models import Candidate, CohortSelection, Consent, Program
from duta.programs.rules import Evaluation, FollowerFact, PersonFacts, ProgramRules, evaluate, parse_rules


def program_list_for_member(*, member: Membership) -> QuerySet[Program]:
    return (
        Program.objects.filter(organization=member.organization)
        .annotate(candidate_count=Count("candidates"))
        .order_by("name")
    )


def program_get_for_member(*, member: Membership, slug: str) -> Program:
    program = Program.objects.filter(organization=member.organization, slug=slug).first()
    if program is None:
        raise Http404
    return program


def program_rules(program: Program) -> ProgramRules:
    return parse_rules(program.rules or {})


def person_facts(employees: Iterable[Employee], *, organization: Organization) -> list[PersonFacts]:
    """What the rules need to know about each employee (accounts must be prefetched)."""
    unit_names = unit_name_paths(organization=organization)
    facts = []
    for employee in employees:
        followers = {
            account.platform: FollowerFact(
                count=account.followers,
                verified_count=account.verified_followers,
                handle=account.handle,
            )
            for account in employee.accounts.all()
        }
        facts.append(
            PersonFacts(
                employee_id=employee.employee_id,
                name=employee.name,
                unit_path=unit_names.get(employee.unit_id, ()) if employee.unit_id else (),
                birth_date=employee.birth_date,
                joined_on=employee.joined_on,
                followers=followers,
                code_of_conduct_accepted=employee.code_of_conduct_accepted_at is not None,
            )
        )
    return facts


def _roster(organization: Organization) -> QuerySet[Employee]:
    return (
        Employee.objects.filter(organization=organization)
        .prefetch_related(
            Prefetch(
                "accounts",
                queryset=SocialAccount.objects.only(
                    "employee_id", "platform", "handle", "followers", "verified_followers"
                ),
            )
        )
        .order_by("employee_id")
    )


def program_evaluate(*, program: Program, today: date | None = None) -> list[tuple[Employee, Evaluation]]:
    """Every employee of the organization against the program's rules, with the reasons."""
    rules = program_rules(program)
    today = today or timezone.localdate()
    employees = list(_roster(program.organization))
    facts = person_facts(employees, organization=program.organization)
    return [(employee, evaluate(fact, rules, today=today)) for employee, fact in zip(employees, facts, strict=True)]


def program_evaluate_for_member(*, member: Membership, program: Program) -> list[tuple[Employee, Evaluation]]:
    if member.role not in {Role.ADMIN, Role.VIEWER, Role.COORDINATOR}:
        raise PermissionDenied
    results = program_evaluate(program=program)
    if member.role == Role.COORDINATOR:
        roots = member_scope_paths(member)
        unit_paths = dict(Unit.objects.filter(organization=member.organization).values_list("pk", "path"))
        results = [
            (employee, evaluation)
            for employee, evaluation in results
            if employee.unit_id and any(unit_paths.get(employee.unit_id, "").startswith(root) for root in roots)
        ]
    return results


def selection_pool(*, program: Program) -> list[PersonFacts]:
    """The eligible employees that a cohort may be chosen from: not rejected, not withdrawn."""
    closed = set(
        Candidate.objects.filter(program=program, stage__in=pipeline.CLOSED_STAGES).values_list(
            "employee__employee_id", flat=True
        )
    )
    rules = program_rules(program)
    today = timezone.localdate()
    employees = [e for e in _roster(program.organization) if e.employee_id not in closed]
    facts = person_facts(employees, organization=program.organization)
    return [fact for fact in facts if evaluate(fact, rules, today=today).eligible]


def candidate_list_for_member(*, member: Membership, program: Program, stage: str | None = None) -> QuerySet[Candidate]:
    candidates = Candidate.objects.filter(program=program, program__organization=member.organization).select_related(
        "employee", "employee__unit"
    )
    if member.role == Role.COORDINATOR:
        condition = Q(pk__in=[])
        for root in member_scope_paths(member):
            condition |= Q(employee__unit__path__startswith=root)
        candidates = candidates.filter(condition)
    elif member.role not in {Role.ADMIN, Role.VIEWER}:
        raise PermissionDenied
    if stage:
        candidates = candidates.filter(stage=stage)
    return candidates.order_by("employee__name")


def candidate_get_for_member(*, member: Membership, program: Program, candidate_pk: int) -> Candidate:
    candidate = candidate_list_for_member(member=member, program=program).filter(pk=candidate_pk).first()
    if candidate is None:
        raise Http404
    return candidate


def candidate_get_in_organization(*, member: Membership, candidate_pk: int) -> Candidate:
    """Any candidate of the member's organization, whatever the program (for the PR team's own pages)."""
    candidate = (
        Candidate.objects.filter(pk=candidate_pk, program__organization=member.organization)
        .select_related("employee", "program")
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def candidate_for_employee(*, program: Program, employee: Employee) -> Candidate | None:
    return Candidate.objects.filter(program=program, employee=employee).first()


def latest_selection(*, program: Program) -> CohortSelection | None:
    return CohortSelection.objects.filter(program=program).order_by("-created_at", "-pk").first()


def consent_active_for(*, program: Program, employee: Employee) -> Consent | None:
    return (
        Consent.objects.filter(program=program, employee=employee, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )
