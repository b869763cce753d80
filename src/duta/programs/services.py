"""Every write to programs, candidates, consents and cohorts, each with its audit row."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duta.accounts.models import User
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations.models import SLUG_PATTERN, Membership, Organization, Role
from duta.organizations.selectors import member_manages_unit
from duta.people.models import Employee
from duta.people.services import AccountDeclaration, employee_accounts_declare
from duta.programs import pipeline
from duta.programs.models import Candidate, CohortSelection, Consent, Program, Stage, StageChange
from duta.programs.rules import Decision, ProgramRules, RulesError, evaluate, parse_rules, rules_to_json, select_cohort
from duta.programs.selectors import person_facts, program_rules, selection_pool


def _require_admin(member: Membership, program: Program | None = None) -> None:
    if member.role != Role.ADMIN or (program is not None and program.organization_id != member.organization_id):
        raise forbidden()


def rules_parse_or_explain(data: object) -> ProgramRules:
    """The rules, or an ApplicationError that lists every problem in words."""
    try:
        return parse_rules(data)
    except RulesError as error:
        raise ApplicationError(" ".join(error.messages), code="bad_rules", field="rules") from error


# --- programs --------------------------------------------------------------------------------


@transaction.atomic
def program_create(
    *, organization: Organization, actor: User | None, slug: str, name: str, rules: object, description: str = ""
) -> Program:
    parsed = rules_parse_or_explain(rules)
    if not slug or re.fullmatch(SLUG_PATTERN, slug) is None:
        raise ApplicationError(
            _("Use 1 to 50 lowercase letters, digits and hyphens, not starting or ending with a hyphen."), field="slug"
        )
    if Program.objects.filter(organization=organization, slug=slug).exists():
        raise ApplicationError(_("A program with this short name already exists."), field="slug")
    program = Program(
        organization=organization,
        slug=slug,
        name=" ".join(name.split()) or slug,
        description=description.strip(),
        rules=rules_to_json(parsed),
        created_by=actor,
    )
    program.full_clean()
    program.save()
    audit_record(
        actor=actor,
        organization=organization,
        action="program.create",
        target=program,
        changes={"rules": program.rules},
    )
    return program


MAX_WEEKLY_TARGET = 50


@transaction.atomic
def program_update(
    *,
    member: Membership,
    program: Program,
    name: str,
    description: str,
    rules: object,
    open_for_applications: bool,
    weekly_target: int | None = None,
) -> Program:
    """Change a program; ``weekly_target`` (shares a week asked of each ambassador) stays as it is when None."""
    _require_admin(member, program)
    parsed = rules_to_json(rules_parse_or_explain(rules))
    if weekly_target is not None and not 1 <= weekly_target <= MAX_WEEKLY_TARGET:
        raise ApplicationError(
            _("Ask for 1 to %(most)d shares a week.") % {"most": MAX_WEEKLY_TARGET}, field="weekly_target"
        )
    changes: dict[str, Any] = {}
    for field, value in (
        ("name", " ".join(name.split()) or program.name),
        ("description", description.strip()),
        ("rules", parsed),
        ("open_for_applications", open_for_applications),
        ("weekly_target", program.weekly_target if weekly_target is None else weekly_target),
    ):
        if getattr(program, field) != value:
            changes[field] = [getattr(program, field), value]
            setattr(program, field, value)
    if changes:
        program.full_clean()
        program.save()
        audit_record(
            actor=member.user,
            organization=member.organization,
            action="program.update",
            target=program,
            changes=changes,
        )
    return program


# --- the pipeline ------------------------------------------------------------------------------


def _move(candidate: Candidate, to_stage: str, *, reason: str, actor: User | None) -> Candidate:
    from_stage = candidate.stage
    if from_stage == to_stage:
        return candidate
    if from_stage and not pipeline.can_move(from_stage, to_stage):
        raise ApplicationError(
            _("A candidate cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Stage(from_stage).label, "to": Stage(to_stage).label},
            code="bad_move",
        )
    candidate.stage = to_stage
    candidate.stage_reason = reason
    candidate.stage_changed_at = timezone.now()
    candidate.save()
    StageChange.objects.create(
        candidate=candidate, from_stage=from_stage, to_stage=to_stage, reason=reason, actor=actor
    )
    audit_record(
        actor=actor,
        organization=candidate.program.organization,
        action="candidate.move",
        target=candidate,
        changes={"stage": [from_stage, to_stage], "reason": reason},
    )
    return candidate


@transaction.atomic
def candidate_move(*, member: Membership, candidate: Candidate, to_stage: str, reason: str) -> Candidate:
    """Move a candidate one step, with the reason in words (required)."""
    if (
        not member_manages_unit(member, candidate.employee.unit)
        or member.organization_id != candidate.program.organization_id
    ):
        raise forbidden()
    if to_stage not in Stage.values:
        raise ApplicationError(_("Unknown stage."), field="stage")
    if Stage.WITHDRAWN in (candidate.stage, to_stage):
        # consent is the employee's own: they withdraw it, and only they can apply again with a new one
        raise ApplicationError(
            _("Only the employee can withdraw their consent or apply again after withdrawing it."), code="bad_move"
        )
    if not reason.strip():
        raise ApplicationError(_("Say why, in a few words."), field="reason")
    return _move(candidate, to_stage, reason=reason.strip(), actor=member.user)


@transaction.atomic
def candidate_training_passed(*, candidate: Candidate, reason: str, actor: User | None = None) -> Candidate:
    """A candidate in training who passed every course their program requires becomes an active ambassador: the
    academy's automatic move, through the same pipeline (stage change and audit row; ``actor`` None means the
    system). Anyone not in training is left as they are."""
    candidate = Candidate.objects.select_for_update().select_related("program__organization").get(pk=candidate.pk)
    if candidate.stage != Stage.TRAINING:
        return candidate
    return _move(candidate, Stage.ACTIVE, reason=reason, actor=actor)


@transaction.atomic
def candidate_nominate(*, member: Membership, program: Program, employee: Employee, reason: str) -> Candidate:
    """A coordinator puts forward an employee of their own units (an admin, anyone)."""
    if member.role not in {Role.ADMIN, Role.COORDINATOR} or not member_manages_unit(member, employee.unit):
        raise ApplicationError(_("You can only nominate employees of the units you coordinate."), code="forbidden")
    if employee.organization_id != program.organization_id or member.organization_id != program.organization_id:
        raise forbidden()
    existing = Candidate.objects.filter(program=program, employee=employee).first()
    if existing is not None and existing.stage != Stage.WITHDRAWN:
        raise ApplicationError(
            _("This employee is already a candidate (%(stage)s).") % {"stage": existing.get_stage_display()}
        )
    if existing is not None:
        raise ApplicationError(_("This employee withdrew their consent; only they can apply again."))
    candidate = Candidate.objects.create(
        program=program, employee=employee, stage="", source=Candidate.Source.NOMINATED, nominated_by=member.user
    )
    return _move(candidate, Stage.NOMINATED, reason=reason.strip() or _("Nominated."), actor=member.user)


def consent_text(program: Program) -> str:
    """What an applicant agrees to, in the active language (Law 27/2022: what, why, how long, how to withdraw)."""
    return _(
        "I agree that %(organization)s processes, for the program “%(program)s”: my name, employee number, unit, "
        "birth date, date of joining, phone number, the social media accounts I give here with their follower "
        "counts and the screenshots I upload. Purpose: to check whether I meet the program's requirements, to "
        "select its participants and to run the program. My data is kept while I take part and deleted at the "
        "latest 12 months after I leave the program. I can withdraw this consent at any time on the program's "
        "page; the processing then stops within 3 x 24 hours and my social media data is deleted."
    ) % {"organization": program.organization.name, "program": program.name}


@transaction.atomic
def candidate_apply(
    *,
    member: Membership,
    program: Program,
    employee: Employee,
    consent_given: bool,
    code_of_conduct: bool,
    accounts: Iterable[AccountDeclaration] = (),
) -> Candidate:
    """An employee applies themselves with their accounts, counts and screenshots: all or nothing."""
    if (
        employee.organization_id != program.organization_id
        or member.organization_id != program.organization_id
        or (employee.user_id and employee.user_id != member.user_id)
    ):
        raise forbidden()
    if not program.open_for_applications:
        raise ApplicationError(_("This program does not take applications at the moment."))
    if not consent_given:
        raise ApplicationError(_("Applying needs your consent to the processing of your data."), field="consent")
    rules = program_rules(program)
    if rules.require_code_of_conduct and not code_of_conduct:
        raise ApplicationError(_("This program asks you to accept the code of conduct."), field="code_of_conduct")
    candidate = Candidate.objects.filter(program=program, employee=employee).first()
    if candidate is not None and (
        candidate.stage == Stage.REJECTED
        or Consent.objects.filter(program=program, employee=employee, withdrawn_at__isnull=True).exists()
    ):
        raise ApplicationError(_("You have already applied (%(stage)s).") % {"stage": candidate.get_stage_display()})
    now = timezone.now()
    if employee.user_id is None:
        employee.user = member.user
    if code_of_conduct and employee.code_of_conduct_accepted_at is None:
        employee.code_of_conduct_accepted_at = now
    employee.save(update_fields=["user", "code_of_conduct_accepted_at", "updated_at"])
    employee_accounts_declare(actor=member.user, employee=employee, declarations=accounts)
    consent = Consent.objects.create(
        program=program,
        employee=employee,
        text=consent_text(program),
        language=translation.get_language() or "id",
        given_at=now,
        given_by=member.user,
    )
    audit_record(actor=member.user, organization=program.organization, action="consent.give", target=consent)
    if candidate is None:
        candidate = Candidate.objects.create(
            program=program, employee=employee, stage="", source=Candidate.Source.APPLIED
        )
    if candidate.stage not in {"", Stage.WITHDRAWN}:
        return candidate  # nominated or selected already: the consent is what was missing
    return _move(candidate, Stage.APPLIED, reason=_("Applied with consent."), actor=member.user)


@transaction.atomic
def consent_withdraw(*, member: Membership, program: Program, employee: Employee) -> Candidate | None:
    """Withdraw consent: out of the program now, personal social media data deleted by the worker."""
    if employee.user_id != member.user_id or employee.organization_id != program.organization_id:
        raise forbidden()
    now = timezone.now()
    withdrawn = Consent.objects.filter(program=program, employee=employee, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    if not withdrawn:
        raise ApplicationError(_("There is no consent to withdraw."))
    audit_record(actor=member.user, organization=program.organization, action="consent.withdraw", target=employee)
    candidate = Candidate.objects.filter(program=program, employee=employee).first()
    if candidate is not None and pipeline.can_move(candidate.stage, Stage.WITHDRAWN):  # a rejected one stays rejected
        _move(candidate, Stage.WITHDRAWN, reason=_("Consent withdrawn."), actor=member.user)
    if candidate is not None:  # everything of the candidate's reputation checks goes at once
        from duta.screening.selectors import candidate_has_screenings
        from duta.screening.tasks import screenings_erase_for_candidate_task

        if candidate_has_screenings(candidate=candidate):
            candidate_pk = candidate.pk
            transaction.on_commit(lambda: screenings_erase_for_candidate_task(candidate_pk))
    still_consenting = Consent.objects.filter(employee=employee, withdrawn_at__isnull=True).exists()
    if not still_consenting:  # another program may still need the accounts
        from duta.people.tasks import employee_social_data_erase_task

        employee_pk = employee.pk
        transaction.on_commit(lambda: employee_social_data_erase_task(employee_pk))
    return candidate


@transaction.atomic
def program_candidates_evaluate(*, member: Membership, program: Program) -> tuple[int, int]:
    """Move applied and nominated candidates to eligible or not eligible, with the reasons in words."""
    _require_admin(member, program)
    rules = program_rules(program)
    today = timezone.localdate()
    candidates = list(
        Candidate.objects.filter(
            program=program, stage__in=[Stage.APPLIED, Stage.NOMINATED, Stage.ELIGIBLE, Stage.NOT_ELIGIBLE]
        )
        .select_related("employee", "program__organization")
        .prefetch_related("employee__accounts")
    )
    facts = person_facts([c.employee for c in candidates], organization=program.organization)
    eligible = not_eligible = 0
    for candidate, fact in zip(candidates, facts, strict=True):
        result = evaluate(fact, rules, today=today)
        language = translation.get_language() or "id"
        # an eligible person may still fail an informative reason (one platform in followers mode "any")
        texts = [
            reason.text_id if language == "id" else reason.text_en
            for reason in result.reasons
            if not reason.passed and not result.eligible
        ]
        target = Stage.ELIGIBLE if result.eligible else Stage.NOT_ELIGIBLE
        reason = "; ".join(texts) if texts else _("Meets every rule of the program.")
        if candidate.stage != target:
            _move(candidate, target, reason=reason, actor=member.user)
        eligible += result.eligible
        not_eligible += not result.eligible
    return eligible, not_eligible


# --- cohorts ---------------------------------------------------------------------------------


def cohort_compute(*, program: Program, size: int | None = None) -> list[Decision]:
    """Choose a cohort from the eligible employees (nothing is written)."""
    rules = program_rules(program)
    if size is not None and size < 1:
        raise ApplicationError(_("The cohort size must be at least 1."), field="size")
    return select_cohort(selection_pool(program=program), rules, size=size)


@transaction.atomic
def cohort_propose(*, member: Membership, program: Program, size: int | None = None) -> CohortSelection:
    _require_admin(member, program)
    decisions = cohort_compute(program=program, size=size)
    chosen = [d for d in decisions if d.chosen]
    selection = CohortSelection.objects.create(
        program=program,
        size=size or program_rules(program).cohort_size or len(chosen),
        created_by=member.user,
        decisions=[
            {
                "employee_id": d.employee_id,
                "chosen": d.chosen,
                "score": d.score,
                "score_parts": d.score_parts,
                "unit": d.unit,
                "generation": d.generation,
                "reason_id": d.reason_id,
                "reason_en": d.reason_en,
            }
            for d in decisions
        ],
    )
    audit_record(
        actor=member.user,
        organization=program.organization,
        action="cohort.propose",
        target=selection,
        changes={"chosen": [d.employee_id for d in chosen]},
    )
    return selection


@transaction.atomic
def cohort_confirm(*, member: Membership, selection: CohortSelection) -> int:
    """Move the chosen people on to reputation screening (creating their candidacy when needed)."""
    _require_admin(member)
    selection = CohortSelection.objects.select_for_update().select_related("program__organization").get(pk=selection.pk)
    if selection.program.organization_id != member.organization_id:
        raise forbidden()
    if selection.confirmed_at is not None:
        raise ApplicationError(_("This cohort has already been confirmed."))
    program = selection.program
    chosen_ids = [d["employee_id"] for d in selection.decisions if d["chosen"]]
    employees = {
        e.employee_id: e for e in Employee.objects.filter(organization=program.organization, employee_id__in=chosen_ids)
    }
    moved = 0
    for decision in selection.decisions:
        employee = employees.get(decision["employee_id"])
        if not decision["chosen"] or employee is None:
            continue
        candidate = Candidate.objects.filter(program=program, employee=employee).first()
        if candidate is None:
            candidate = Candidate.objects.create(
                program=program, employee=employee, stage="", source=Candidate.Source.SELECTED
            )
            _move(candidate, Stage.ELIGIBLE, reason=_("Meets every rule of the program."), actor=member.user)
        elif candidate.stage in {Stage.APPLIED, Stage.NOMINATED, Stage.NOT_ELIGIBLE}:  # not evaluated since
            _move(candidate, Stage.ELIGIBLE, reason=_("Meets every rule of the program."), actor=member.user)
        if candidate.stage == Stage.ELIGIBLE:
            reason = decision["reason_id"] if translation.get_language() == "id" else decision["reason_en"]
            _move(candidate, Stage.SCREENING, reason=reason, actor=member.user)
            moved += 1
    selection.confirmed_at = timezone.now()
    selection.save(update_fields=["confirmed_at", "updated_at"])
    audit_record(
        actor=member.user,
        organization=program.organization,
        action="cohort.confirm",
        target=selection,
        changes={"moved": moved},
    )
    return moved
