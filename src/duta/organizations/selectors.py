"""Every read of organizations, units, members and invitations, scoped to the acting member.

``member`` is always the acting user's :class:`Membership` in the organization being read, as
returned by :func:`membership_get_for_user`; nothing of another organization is ever returned,
and what lies outside a coordinator's subtrees answers 404 like something that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from duta.accounts.models import User
from duta.core.models import AuditEvent
from duta.organizations import rules
from duta.organizations.models import Invitation, Membership, Organization, Role, Unit


def organization_list_for_user(*, user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user, memberships__is_active=True).order_by("name")


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("organization__name")
    )


def membership_get_for_user(*, user: User, organization_slug: str) -> Membership:
    """The user's active membership in the organization; 404 when there is none."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.filter(user=user, organization__slug=organization_slug, is_active=True)
        .select_related("organization", "unit", "user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def member_scope_paths(member: Membership) -> list[str]:
    """The roots of the subtrees a coordinator manages (empty for other roles)."""
    cached: list[str] | None = getattr(member, "_scope_paths", None)
    if cached is None:
        cached = (
            list(member.coordinated_units.values_list("path", flat=True)) if member.role == Role.COORDINATOR else []
        )
        member._scope_paths = cached  # type: ignore[attr-defined]
    return cached


def member_manages_unit(member: Membership, unit: Unit | None) -> bool:
    """Whether the member manages the people of ``unit``: admins everywhere, coordinators in their subtrees."""
    return rules.can_manage_member(member.role, unit.path if unit is not None else None, member_scope_paths(member))


@dataclass(frozen=True)
class ScopeReader:
    """A member reading an organization's figures (dashboards, training progress): ``paths`` empty means the whole
    organization, else the subtrees a coordinator manages."""

    member: Membership
    paths: tuple[str, ...]

    @property
    def whole_organization(self) -> bool:
        return not self.paths

    def sees_path(self, path: str) -> bool:
        return self.whole_organization or rules.path_in_scope(path, self.paths)


def scope_reader(member: Membership) -> ScopeReader:
    """Who reads an organization's figures: admins and viewers all of it, coordinators their subtrees;
    ``PermissionDenied`` (403) for anyone else."""
    if member.role in (Role.ADMIN, Role.VIEWER):
        return ScopeReader(member=member, paths=())
    if member.role == Role.COORDINATOR:
        paths = tuple(member_scope_paths(member))
        if paths:
            return ScopeReader(member=member, paths=paths)
    raise PermissionDenied


def subtree_filter(paths: Iterable[str], field: str = "path") -> Q:
    """Rows whose ``field`` (a unit path) lies in one of the subtrees rooted at ``paths``."""
    condition = Q(pk__in=[])
    for root in paths:
        condition |= Q(**{f"{field}__startswith": root})
    return condition


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def unit_list_for_member(*, member: Membership, include_archived: bool = False) -> QuerySet[Unit]:
    _require(rules.can_see_units(member.role))
    units = Unit.objects.filter(organization=member.organization)
    if member.role == Role.COORDINATOR:
        units = units.filter(subtree_filter(member_scope_paths(member)))
    if not include_archived:
        units = units.filter(archived_at__isnull=True)
    return units.annotate(member_count=Count("members", filter=Q(members__is_active=True), distinct=True)).order_by(
        "path"
    )


def unit_tree_for_member(
    *, member: Membership, include_archived: bool = False, max_depth: int | None = None
) -> list[Unit]:
    """The visible units in tree order (siblings by name), each with ``member_count`` (its own
    active members) and ``member_total`` (with all its sub-units). Two queries."""
    units = list(unit_list_for_member(member=member, include_archived=include_archived))
    totals: dict[int, int] = {}
    for unit in units:
        for ancestor_id in (int(part) for part in unit.path.strip("/").split("/")):
            totals[ancestor_id] = totals.get(ancestor_id, 0) + unit.member_count  # type: ignore[attr-defined]
    names = {unit.pk: unit.name.casefold() for unit in units}

    def sort_key(unit: Unit) -> list[str]:
        return [names.get(int(part), "") for part in unit.path.strip("/").split("/")]

    tree = sorted(units, key=sort_key)
    for unit in tree:
        unit.member_total = totals.get(unit.pk, 0)  # type: ignore[attr-defined]
    if max_depth is not None:
        tree = [unit for unit in tree if unit.depth <= max_depth]
    return tree


def unit_choices_for_member(*, member: Membership) -> QuerySet[Unit]:
    """Active units the member may place people or new units in."""
    units = Unit.objects.filter(organization=member.organization, archived_at__isnull=True)
    if member.role == Role.COORDINATOR:
        units = units.filter(subtree_filter(member_scope_paths(member)))
    elif member.role != Role.ADMIN:
        units = units.none()
    return units.order_by("path")


def unit_get_for_member(*, member: Membership, unit_id: int) -> Unit:
    _require(rules.can_see_units(member.role))
    unit = Unit.objects.filter(organization=member.organization, pk=unit_id).select_related("parent").first()
    if unit is None:
        raise Http404
    if member.role == Role.COORDINATOR and not rules.path_in_scope(unit.path, member_scope_paths(member)):
        raise Http404
    return unit


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    ids = unit.ancestor_ids()
    by_id = {u.pk: u for u in Unit.objects.filter(organization_id=unit.organization_id, pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def unit_name_paths(*, organization: Organization, active_only: bool = False) -> dict[int, tuple[str, ...]]:
    """Each unit's names from the top of the tree down to it, in one query.

    With ``active_only``, archived units and the units below them are left out.
    """
    units = Unit.objects.filter(organization=organization)
    if active_only:
        units = units.filter(archived_at__isnull=True)
    rows = list(units.values_list("pk", "name", "path"))
    names = {pk: name for pk, name, _path in rows}
    paths: dict[int, tuple[str, ...]] = {}
    for pk, _name, path in rows:
        ids = [int(part) for part in path.strip("/").split("/") if part]
        if all(i in names for i in ids):
            paths[pk] = tuple(names[i] for i in ids)
    return paths


def unit_label_map(*, organization: Organization) -> dict[int, str]:
    """Full names (``Sekretariat Jenderal / Biro Humas``) of every unit, in one query."""
    return {pk: " / ".join(names) for pk, names in unit_name_paths(organization=organization).items()}


def member_list_for_member(
    *,
    member: Membership,
    unit_id: int | None = None,
    role: str | None = None,
    query: str | None = None,
    include_inactive: bool = False,
) -> QuerySet[Membership]:
    _require(rules.can_see_members(member.role))
    members = Membership.objects.filter(organization=member.organization).select_related("user", "unit")
    if member.role == Role.COORDINATOR:
        members = members.filter(subtree_filter(member_scope_paths(member), "unit__path"))
    if unit_id is not None:
        unit = unit_get_for_member(member=member, unit_id=unit_id)
        members = members.filter(unit__path__startswith=unit.path)
    if role:
        members = members.filter(role=role)
    if query:
        members = members.filter(Q(user__full_name__icontains=query) | Q(user__email__icontains=query))
    if not include_inactive:
        members = members.filter(is_active=True)
    return members.order_by("user__full_name", "pk")


def membership_get_for_member(*, member: Membership, membership_id: int) -> Membership:
    memberships = member_list_for_member(member=member, include_inactive=True)
    found = memberships.prefetch_related("coordinated_units").filter(pk=membership_id).first()
    if found is None:
        raise Http404
    return found


def invitation_list_for_member(*, member: Membership, status: str | None = None) -> QuerySet[Invitation]:
    _require(bool(rules.invitable_roles(member.role)))
    invitations = Invitation.objects.filter(organization=member.organization).select_related("unit", "invited_by")
    if member.role == Role.COORDINATOR:
        invitations = invitations.filter(invited_by=member.user)
    now = timezone.now()
    if status == Invitation.Status.PENDING:
        invitations = invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
    elif status == Invitation.Status.ACCEPTED:
        invitations = invitations.filter(accepted_at__isnull=False)
    elif status == Invitation.Status.REVOKED:
        invitations = invitations.filter(revoked_at__isnull=False, accepted_at__isnull=True)
    elif status == Invitation.Status.EXPIRED:
        invitations = invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    return invitations.order_by("-created_at", "-pk")


def invitation_get_for_member(*, member: Membership, invitation_id: int) -> Invitation:
    invitation = invitation_list_for_member(member=member).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_get_by_token_hash(*, token_hash: str) -> Invitation | None:
    return Invitation.objects.select_related("organization", "unit").filter(token_hash=token_hash).first()


def audit_event_list_for_member(
    *,
    member: Membership,
    action: str | None = None,
    actor_query: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    _require(rules.can_browse_audit_log(member.role))
    events = AuditEvent.objects.filter(organization_id=member.organization_id)
    if action:
        events = events.filter(action__startswith=action)
    if actor_query:
        events = events.filter(actor_label__icontains=actor_query)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        events = events.filter(created_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone))
    return events.order_by("-created_at", "-pk")


def audit_action_list_for_member(*, member: Membership) -> list[str]:
    _require(rules.can_browse_audit_log(member.role))
    return list(
        AuditEvent.objects.filter(organization_id=member.organization_id)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def organization_overview_for_member(*, member: Membership) -> dict[str, int]:
    _require(rules.can_see_organization_overview(member.role))
    organization = member.organization
    memberships = Membership.objects.filter(organization=organization, is_active=True)
    units = Unit.objects.filter(organization=organization, archived_at__isnull=True)
    if member.role == Role.COORDINATOR:
        scope = member_scope_paths(member)
        memberships = memberships.filter(subtree_filter(scope, "unit__path"))
        units = units.filter(subtree_filter(scope))
    counts = memberships.aggregate(
        total=Count("pk"),
        admins=Count("pk", filter=Q(role=Role.ADMIN)),
        coordinators=Count("pk", filter=Q(role=Role.COORDINATOR)),
        ambassadors=Count("pk", filter=Q(role=Role.AMBASSADOR)),
        viewers=Count("pk", filter=Q(role=Role.VIEWER)),
    )
    counts["units"] = units.count()
    pending = Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if member.role == Role.COORDINATOR:
        pending = pending.filter(invited_by=member.user)
    counts["pending_invitations"] = pending.count() if rules.invitable_roles(member.role) else 0
    return counts


def user_exists(*, email: str) -> bool:
    return User.objects.filter(email=email.strip().lower()).exists()
