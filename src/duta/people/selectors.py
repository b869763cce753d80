"""Every read of the roster, scoped to the acting member: admins and viewers see the whole
organization, coordinators the employees of their subtrees, ambassadors only themselves."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from duta.organizations.models import Membership, Role
from duta.organizations.selectors import member_scope_paths
from duta.people.models import Employee, FollowerSnapshot, RosterImport, SocialAccount


def _scoped(member: Membership, employees: QuerySet[Employee]) -> QuerySet[Employee]:
    if member.role in {Role.ADMIN, Role.VIEWER}:
        return employees
    if member.role == Role.COORDINATOR:
        condition = Q(pk__in=[])
        for root in member_scope_paths(member):
            condition |= Q(unit__path__startswith=root)
        return employees.filter(condition)
    raise PermissionDenied


def employee_list_for_member(
    *, member: Membership, query: str | None = None, unit_path: str | None = None, flagged_only: bool = False
) -> QuerySet[Employee]:
    employees = _scoped(member, Employee.objects.filter(organization=member.organization))
    if query:
        employees = employees.filter(
            Q(name__icontains=query) | Q(employee_id__icontains=query) | Q(email__icontains=query)
        )
    if unit_path:
        employees = employees.filter(unit__path__startswith=unit_path)
    if flagged_only:
        flagged = FollowerSnapshot.objects.filter(account__employee=OuterRef("pk"), reviewed_at__isnull=True).exclude(
            flags=[]
        )
        employees = employees.filter(Exists(flagged))
    return (
        employees.select_related("unit")
        .prefetch_related(Prefetch("accounts", queryset=SocialAccount.objects.order_by("platform")))
        .order_by("name", "employee_id")
    )


def employee_get_for_member(*, member: Membership, employee_pk: int) -> Employee:
    employee = employee_list_for_member(member=member).filter(pk=employee_pk).first()
    if employee is None:
        raise Http404
    return employee


def employee_for_user(*, member: Membership) -> Employee | None:
    """The roster entry of the member themselves: linked to their account, else found by e-mail."""
    employees = Employee.objects.filter(organization=member.organization).select_related("unit")
    return (
        employees.filter(user=member.user).first()
        or employees.filter(email__iexact=member.user.email, user__isnull=True).order_by("pk").first()
    )


def snapshot_list_for_account(*, account: SocialAccount, limit: int = 20) -> list[FollowerSnapshot]:
    return list(account.snapshots.select_related("recorded_by").order_by("-recorded_at", "-pk")[:limit])


def account_get_for_member(*, member: Membership, account_pk: int) -> SocialAccount:
    account = (
        SocialAccount.objects.filter(pk=account_pk, employee__in=employee_list_for_member(member=member))
        .select_related("employee", "employee__organization")
        .first()
    )
    if account is None:
        raise Http404
    return account


def roster_import_list_for_member(*, member: Membership) -> QuerySet[RosterImport]:
    if member.role != Role.ADMIN:
        raise PermissionDenied
    return RosterImport.objects.filter(organization=member.organization).select_related("created_by")


def roster_import_get_for_member(*, member: Membership, job_pk: int) -> RosterImport:
    job = roster_import_list_for_member(member=member).filter(pk=job_pk).first()
    if job is None:
        raise Http404
    return job


def snapshot_get_for_member(*, member: Membership, snapshot_pk: int) -> FollowerSnapshot:
    """A follower count of an account the member may see (404 otherwise)."""
    snapshot = (
        FollowerSnapshot.objects.filter(pk=snapshot_pk, account__employee__in=employee_list_for_member(member=member))
        .select_related("account", "account__employee", "account__employee__unit")
        .first()
    )
    if snapshot is None:
        raise Http404
    return snapshot
