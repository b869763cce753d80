"""Whom content reaches: segments of an organization's ambassadors, as one query or tested for one member."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from duta.campaigns.models import (
    Campaign,
    ContentItem,
)
from duta.campaigns.selectors.campaigns import MESSENGERS
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.people.models import Employee, SocialAccount
from duta.programs.models import Candidate, CohortSelection, Program, Stage

# --- audiences ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """Whom a campaign or a broadcast reaches: every part empty means "everyone" for that part."""

    unit_paths: tuple[str, ...] = ()
    program_ids: tuple[int, ...] = ()
    cohort_ids: tuple[int, ...] = ()
    platforms: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[Any]]:
        return {
            "units": list(self.unit_paths),
            "programs": list(self.program_ids),
            "cohorts": list(self.cohort_ids),
            "platforms": list(self.platforms),
        }


def campaign_segment(campaign: Campaign) -> Segment:
    return Segment(
        unit_paths=tuple(unit.path for unit in campaign.target_units.all()),
        program_ids=tuple(program.pk for program in campaign.target_programs.all()),
        cohort_ids=tuple(cohort.pk for cohort in campaign.target_cohorts.all()),
        platforms=tuple(campaign.target_platforms),
    )


def item_segment(item: ContentItem) -> Segment:
    """Whom one item reaches: its campaign's audience, on the platforms it has captions for."""
    segment = campaign_segment(item.campaign)
    platforms = {variant.platform for variant in item.variants.all()}
    if segment.platforms:
        platforms &= set(segment.platforms)
    return Segment(
        unit_paths=segment.unit_paths,
        program_ids=segment.program_ids,
        cohort_ids=segment.cohort_ids,
        platforms=tuple(sorted(platforms)),  # never empty: captions are for the campaign's platforms
    )


def segment_for_organization(
    *,
    organization: Organization,
    units: list[Unit] | None = None,
    programs: list[Program] | None = None,
    cohorts: list[CohortSelection] | None = None,
    platforms: list[str] | None = None,
) -> Segment:
    if any(unit.organization_id != organization.pk for unit in units or []):
        raise Http404
    if any(program.organization_id != organization.pk for program in programs or []):
        raise Http404
    for cohort in cohorts or []:
        if cohort.program.organization_id != organization.pk:
            raise Http404
    return Segment(
        unit_paths=tuple(unit.path for unit in units or []),
        program_ids=tuple(program.pk for program in programs or []),
        cohort_ids=tuple(cohort.pk for cohort in cohorts or []),
        platforms=tuple(platforms or []),
    )


def _withdrawn_user_ids(organization: Organization) -> QuerySet[Candidate, int]:
    """People who withdrew their consent in a program and are active in none (Law 27/2022): content stops."""
    candidacies = Candidate.objects.filter(program__organization=organization, employee__user__isnull=False)
    active = candidacies.filter(stage=Stage.ACTIVE).values("employee__user_id")
    return (
        candidacies.filter(stage=Stage.WITHDRAWN)
        .exclude(employee__user_id__in=active)
        .values_list("employee__user_id", flat=True)
    )


def _cohort_user_ids(organization: Organization, cohort_ids: tuple[int, ...]) -> set[int]:
    programs_of: dict[int, set[int]] = {}
    for cohort in CohortSelection.objects.filter(pk__in=cohort_ids, program__organization=organization):
        for decision in cohort.decisions:
            if decision.get("chosen"):
                programs_of.setdefault(decision["employee_id"], set()).add(cohort.program_id)
    active = Candidate.objects.filter(employee_id__in=programs_of, stage=Stage.ACTIVE).values_list(
        "employee_id", "program_id", "employee__user_id"
    )
    return {
        user_id for employee_id, program_id, user_id in active if user_id and program_id in programs_of[employee_id]
    }


def audience(*, organization: Organization, segment: Segment) -> QuerySet[Membership]:
    """The active ambassadors a segment reaches: in one of its units' subtrees, in one of its programs or
    cohorts (as active ambassadors), with an account on one of its platforms. One query when evaluated."""
    members = Membership.objects.filter(
        organization=organization, role=Role.AMBASSADOR, is_active=True, user__is_active=True
    ).exclude(user_id__in=_withdrawn_user_ids(organization))
    if segment.unit_paths:
        members = members.filter(reduce(or_, (Q(unit__path__startswith=path) for path in segment.unit_paths)))
    if segment.program_ids or segment.cohort_ids:
        groups = Q(pk__in=[])
        if segment.program_ids:
            active = Candidate.objects.filter(
                program__organization=organization, program_id__in=segment.program_ids, stage=Stage.ACTIVE
            )
            groups |= Q(user_id__in=active.values("employee__user_id"))
        if segment.cohort_ids:
            groups |= Q(user_id__in=_cohort_user_ids(organization, segment.cohort_ids))
        members = members.filter(groups)
    networks = [platform for platform in segment.platforms if platform not in MESSENGERS]
    if networks and len(networks) == len(segment.platforms):
        accounts = SocialAccount.objects.filter(employee__organization=organization, platform__in=networks)
        members = members.filter(user_id__in=accounts.values("employee__user_id"))
    return members


@dataclass(frozen=True)
class MemberProfile:
    """What decides whether content reaches one member: computed once per page."""

    member: Membership
    unit_path: str | None
    program_ids: frozenset[int] = frozenset()
    cohort_ids: frozenset[int] = frozenset()
    platforms: frozenset[str] = field(default_factory=frozenset)
    withdrawn: bool = False


def profile_for_member(member: Membership) -> MemberProfile:
    employees = Employee.objects.filter(organization=member.organization, user=member.user)
    stages = list(Candidate.objects.filter(employee__in=employees).values_list("program_id", "employee_id", "stage"))
    candidacies = [(program_id, employee_id) for program_id, employee_id, stage in stages if stage == Stage.ACTIVE]
    employee_ids = {employee_id for _program_id, employee_id in candidacies}
    cohort_ids = set()
    if employee_ids:
        for cohort in CohortSelection.objects.filter(
            program_id__in={program_id for program_id, _employee_id in candidacies}
        ):
            if any(d.get("chosen") and d["employee_id"] in employee_ids for d in cohort.decisions):
                cohort_ids.add(cohort.pk)
    platforms = set(SocialAccount.objects.filter(employee__in=employees).values_list("platform", flat=True))
    return MemberProfile(
        member=member,
        unit_path=member.unit.path if member.unit_id and member.unit else None,
        program_ids=frozenset(program_id for program_id, _employee_id in candidacies),
        cohort_ids=frozenset(cohort_ids),
        platforms=frozenset(platforms | MESSENGERS),
        withdrawn=not candidacies and any(stage == Stage.WITHDRAWN for _p, _e, stage in stages),
    )


def segment_includes(segment: Segment, profile: MemberProfile) -> bool:
    """The same test as :func:`audience`, for one member, without a query."""
    member = profile.member
    if member.role != Role.AMBASSADOR or not member.is_active or not member.user.is_active or profile.withdrawn:
        return False
    if segment.unit_paths and not (
        profile.unit_path and any(profile.unit_path.startswith(path) for path in segment.unit_paths)
    ):
        return False
    if (segment.program_ids or segment.cohort_ids) and not (
        profile.program_ids & set(segment.program_ids) or profile.cohort_ids & set(segment.cohort_ids)
    ):
        return False
    return not segment.platforms or bool(profile.platforms & set(segment.platforms))


def audience_includes(campaign: Campaign, profile: MemberProfile) -> bool:
    return segment_includes(campaign_segment(campaign), profile)
