"""Every write to organizations, units, memberships and invitations, each with its audit row."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duta.accounts.models import User, normalize_email
from duta.accounts.services import user_create
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations import rules
from duta.organizations.models import Invitation, Membership, Organization, Role, Unit
from duta.organizations.selectors import member_scope_paths
from duta.organizations.signals import organization_created

MAX_UNIT_DEPTH = 12


def _too_deep() -> ApplicationError:
    return ApplicationError(_("The unit tree cannot be deeper than %(depth)d levels.") % {"depth": MAX_UNIT_DEPTH})


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ApplicationError(_("The name cannot be empty."), field="name")
    if len(cleaned) > 200:
        raise ApplicationError(_("The name can be at most 200 characters long."), field="name")
    return cleaned


# --- organizations -------------------------------------------------------------------------


@transaction.atomic
def organization_create(*, actor: User | None, name: str, slug: str, kind: str, admin: User | None) -> Organization:
    """A new tenant; ``admin`` (when given) becomes its first admin."""
    if Organization.objects.filter(slug=slug).exists():
        raise ApplicationError(_("This short name is already taken."), field="slug")
    organization = Organization(name=_clean_name(name), slug=slug, kind=kind)
    organization.full_clean()
    organization.save()
    audit_record(actor=actor, organization=organization, action="organization.create", target=organization)
    if admin is not None:
        membership = Membership.objects.create(user=admin, organization=organization, role=Role.ADMIN)
        audit_record(
            actor=actor,
            organization=organization,
            action="membership.create",
            target=membership,
            changes={"role": Role.ADMIN},
        )
    organization_created.send(sender=Organization, organization=organization, actor=actor)
    return organization


# --- units ---------------------------------------------------------------------------------


def _check_sibling_name(
    *, organization: Organization, parent: Unit | None, name: str, exclude: Unit | None = None
) -> None:
    siblings = Unit.objects.filter(
        organization=organization, parent=parent, archived_at__isnull=True, name__iexact=name
    )
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.exists():
        raise ApplicationError(_("A unit with this name already exists at this place in the tree."), field="name")


@transaction.atomic
def unit_create(*, member: Membership, name: str, parent: Unit | None = None) -> Unit:
    organization = member.organization
    if parent is not None and (parent.organization_id != organization.pk or parent.is_archived):
        raise ApplicationError(_("Choose an active unit of this organization as the parent."), field="parent")
    if not rules.can_create_unit(member.role, parent.path if parent else None, member_scope_paths(member)):
        raise forbidden()
    name = _clean_name(name)
    _check_sibling_name(organization=organization, parent=parent, name=name)
    return _unit_insert(organization=organization, parent=parent, name=name, actor=member.user)


def _unit_insert(*, organization: Organization, parent: Unit | None, name: str, actor: User | None) -> Unit:
    """Save a new unit and give it its path (which needs its id), with the audit row."""
    if parent is not None and parent.depth + 1 >= MAX_UNIT_DEPTH:
        raise _too_deep()
    unit = Unit(organization=organization, parent=parent, name=name, path="/", depth=parent.depth + 1 if parent else 0)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_record(
        actor=actor,
        organization=organization,
        action="unit.create",
        target=unit,
        changes={"parent": parent.name if parent else None},
    )
    return unit


@transaction.atomic
def unit_ensure_path(*, organization: Organization, names: tuple[str, ...], actor: User | None) -> Unit | None:
    """The unit at ``names`` (``("Sekretariat Jenderal", "Biro Humas")``), creating what is missing.

    For imports by an admin or by the system: no member scope applies. Archived units are not
    reused; a missing level is created beside them.
    """
    parent: Unit | None = None
    for raw in names:
        name = _clean_name(raw)
        unit = (
            Unit.objects.filter(organization=organization, parent=parent, archived_at__isnull=True, name__iexact=name)
            .order_by("pk")
            .first()
        )
        if unit is None:
            unit = _unit_insert(organization=organization, parent=parent, name=name, actor=actor)
        parent = unit
    return parent


@transaction.atomic
def unit_rename(*, member: Membership, unit: Unit, name: str) -> Unit:
    if not rules.can_change_unit(member.role, unit.path, member_scope_paths(member)):
        raise forbidden()
    name = _clean_name(name)
    if name == unit.name:
        return unit
    _check_sibling_name(organization=unit.organization, parent=unit.parent, name=name, exclude=unit)
    old = unit.name
    unit.name = name
    unit.full_clean()
    unit.save(update_fields=["name", "updated_at"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="unit.rename",
        target=unit,
        changes={"name": [old, name]},
    )
    return unit


@transaction.atomic
def unit_move(*, member: Membership, unit: Unit, new_parent: Unit | None) -> Unit:
    if new_parent is not None and (new_parent.organization_id != unit.organization_id or new_parent.is_archived):
        raise ApplicationError(_("Choose an active unit of this organization as the new parent."), field="parent")
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ApplicationError(_("A unit cannot be moved under itself or one of its own sub-units."), field="parent")
    if not rules.can_move_unit(
        member.role, unit.path, new_parent.path if new_parent else None, member_scope_paths(member)
    ):
        raise forbidden()
    if new_parent == unit.parent:
        return unit
    subtree = list(Unit.objects.select_for_update().filter(organization=unit.organization, path__startswith=unit.path))
    height = max(u.depth for u in subtree) - unit.depth
    new_depth = new_parent.depth + 1 if new_parent else 0
    if new_depth + height >= MAX_UNIT_DEPTH:
        raise _too_deep()
    _check_sibling_name(organization=unit.organization, parent=new_parent, name=unit.name, exclude=unit)
    old_parent = unit.parent
    old_prefix = unit.path
    new_prefix = f"{new_parent.path if new_parent else '/'}{unit.pk}/"
    shift = new_depth - unit.depth
    for node in subtree:
        node.path = new_prefix + node.path[len(old_prefix) :]
        node.depth = node.depth + shift
        if node.pk == unit.pk:
            node.parent = new_parent
    Unit.objects.bulk_update(subtree, ["path", "depth", "parent"])
    unit.refresh_from_db()
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="unit.move",
        target=unit,
        changes={"parent": [old_parent.name if old_parent else None, new_parent.name if new_parent else None]},
    )
    return unit


def _active_members_below(unit: Unit) -> int:
    return Membership.objects.filter(unit__path__startswith=unit.path, is_active=True).count()


@transaction.atomic
def unit_archive(*, member: Membership, unit: Unit) -> Unit:
    if not rules.can_change_unit(member.role, unit.path, member_scope_paths(member)):
        raise forbidden()
    if unit.is_archived:
        return unit
    if unit.children.filter(archived_at__isnull=True).exists():
        raise ApplicationError(_("Archive or move its sub-units first."), code="has_children")
    members = _active_members_below(unit)
    if members:
        raise ApplicationError(
            ngettext(
                "%(count)d active member still belongs to this unit or its sub-units. Move them to another unit first.",
                "%(count)d active members still belong to this unit or its sub-units. Move them to another unit first.",
                members,
            )
            % {"count": members},
            code="has_members",
        )
    unit.archived_at = timezone.now()
    unit.save(update_fields=["archived_at", "updated_at"])
    audit_record(actor=member.user, organization=member.organization, action="unit.archive", target=unit)
    return unit


@transaction.atomic
def unit_restore(*, member: Membership, unit: Unit) -> Unit:
    if not rules.can_change_unit(member.role, unit.path, member_scope_paths(member)):
        raise forbidden()
    if not unit.is_archived:
        return unit
    if unit.parent is not None and unit.parent.is_archived:
        raise ApplicationError(_("Restore its parent unit first."))
    _check_sibling_name(organization=unit.organization, parent=unit.parent, name=unit.name, exclude=unit)
    unit.archived_at = None
    unit.save(update_fields=["archived_at", "updated_at"])
    audit_record(actor=member.user, organization=member.organization, action="unit.restore", target=unit)
    return unit


@transaction.atomic
def unit_delete(*, member: Membership, unit: Unit) -> None:
    """Delete a unit that nobody belongs to or coordinates (not even inactive members); others are archived."""
    if not rules.can_change_unit(member.role, unit.path, member_scope_paths(member)):
        raise forbidden()
    if unit.children.exists():
        raise ApplicationError(_("This unit has sub-units. Move or delete them first."), code="has_children")
    people = Membership.objects.filter(unit=unit).count() + unit.coordinators.count()
    if people:
        raise ApplicationError(
            ngettext(
                "%(count)d person, active or not, belongs to or coordinates this unit. Archive it instead.",
                "%(count)d people, active or not, belong to or coordinate this unit. Archive it instead.",
                people,
            )
            % {"count": people},
            code="has_members",
        )
    if (
        Invitation.objects.filter(unit=unit).exists()
        or Invitation.coordinated_units.through.objects.filter(unit=unit).exists()
    ):
        raise ApplicationError(_("Invitations refer to this unit. Archive it instead."), code="has_invitations")
    label = str(unit)
    audit_record(
        actor=member.user, organization=member.organization, action="unit.delete", target=unit, changes={"name": label}
    )
    unit.delete()


# --- memberships ---------------------------------------------------------------------------


def _validate_placement(
    *, member: Membership, role: str, unit: Unit | None, coordinated_units: Iterable[Unit]
) -> list[Unit]:
    organization = member.organization
    coordinated = list(coordinated_units)
    scope = member_scope_paths(member)
    for chosen in [unit, *coordinated]:
        if chosen is None:
            continue
        if chosen.organization_id != organization.pk or chosen.is_archived:
            raise ApplicationError(_("Choose active units of this organization."), field="unit")
        if member.role == Role.COORDINATOR and not rules.path_in_scope(chosen.path, scope):
            raise ApplicationError(_("You can only choose units you coordinate."), field="unit")
    if role == Role.COORDINATOR and not coordinated:
        raise ApplicationError(_("A coordinator needs at least one unit to coordinate."), field="coordinated_units")
    if role != Role.COORDINATOR:
        coordinated = []
    if member.role == Role.COORDINATOR and unit is None:
        raise ApplicationError(_("Choose the unit this person works in."), field="unit")
    return coordinated


def _other_active_admins(membership: Membership) -> int:
    return (
        Membership.objects.filter(organization=membership.organization, role=Role.ADMIN, is_active=True)
        .exclude(pk=membership.pk)
        .count()
    )


@transaction.atomic
def membership_update(
    *, member: Membership, membership: Membership, role: str, unit: Unit | None, coordinated_units: Iterable[Unit] = ()
) -> Membership:
    if membership.organization_id != member.organization_id:
        raise forbidden()
    scope = member_scope_paths(member)
    if not rules.can_manage_member(member.role, membership.unit.path if membership.unit else None, scope):
        raise forbidden()
    if member.role != Role.ADMIN and membership.role != Role.AMBASSADOR:
        raise forbidden()
    if role != membership.role and not (
        rules.can_assign_role(member.role, role) and rules.can_assign_role(member.role, membership.role)
    ):
        raise forbidden()
    if membership.role == Role.ADMIN and role != Role.ADMIN and not _other_active_admins(membership):
        raise ApplicationError(_("An organization needs at least one admin."), field="role")
    coordinated = _validate_placement(member=member, role=role, unit=unit, coordinated_units=coordinated_units)
    before = {
        "role": membership.role,
        "unit": membership.unit.name if membership.unit else None,
        "coordinated_units": sorted(u.name for u in membership.coordinated_units.all()),
    }
    membership.role = role
    membership.unit = unit
    membership.full_clean()
    membership.save(update_fields=["role", "unit", "updated_at"])
    membership.coordinated_units.set(coordinated)
    after = {
        "role": role,
        "unit": unit.name if unit else None,
        "coordinated_units": sorted(u.name for u in coordinated),
    }
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        audit_record(
            actor=member.user,
            organization=member.organization,
            action="membership.update",
            target=membership,
            changes=changes,
        )
    return membership


@transaction.atomic
def membership_set_active(*, member: Membership, membership: Membership, active: bool) -> Membership:
    if membership.organization_id != member.organization_id:
        raise forbidden()
    if not rules.can_manage_member(
        member.role, membership.unit.path if membership.unit else None, member_scope_paths(member)
    ):
        raise forbidden()
    if member.role != Role.ADMIN and membership.role != Role.AMBASSADOR:
        raise forbidden()
    if membership.is_active == active:
        return membership
    if not active and membership.role == Role.ADMIN and not _other_active_admins(membership):
        raise ApplicationError(_("An organization needs at least one admin."))
    if active and membership.unit is not None and membership.unit.is_archived:
        raise ApplicationError(_("Their unit is archived. Move them to an active unit first."))
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="membership.reactivate" if active else "membership.deactivate",
        target=membership,
    )
    return membership


# --- invitations ---------------------------------------------------------------------------


def _check_invitation_manager(member: Membership, invitation: Invitation) -> None:
    if invitation.organization_id != member.organization_id or invitation.role not in rules.invitable_roles(
        member.role
    ):
        raise forbidden()
    if member.role != Role.ADMIN and invitation.invited_by_id != member.user_id:
        raise forbidden()


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, invitation_token_hash(token)


def _send_invitation_on_commit(invitation: Invitation, token: str) -> None:
    from duta.organizations.tasks import invitation_send_email

    invitation_id = invitation.pk
    transaction.on_commit(lambda: invitation_send_email(invitation_id, token))


@transaction.atomic
def invitation_create(
    *,
    member: Membership,
    email: str,
    role: str,
    unit: Unit | None = None,
    coordinated_units: Iterable[Unit] = (),
) -> tuple[Invitation, str]:
    """Invite someone by e-mail. Returns the invitation and the token that only the e-mail carries."""
    organization = member.organization
    if role not in rules.invitable_roles(member.role):
        raise forbidden()
    email = normalize_email(email)
    coordinated = _validate_placement(member=member, role=role, unit=unit, coordinated_units=coordinated_units)
    if Membership.objects.filter(organization=organization, user__email=email, is_active=True).exists():
        raise ApplicationError(_("This person is already a member of the organization."), field="email")
    pending = Invitation.objects.select_for_update().filter(
        organization=organization,
        email=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise ApplicationError(
            _("An invitation to this address is still open. Send it again or revoke it first."), field="email"
        )
    token, token_hash = _new_token()
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        unit=unit,
        token_hash=token_hash,
        invited_by=member.user,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    invitation.coordinated_units.set(coordinated)
    audit_record(
        actor=member.user,
        organization=organization,
        action="invitation.create",
        target=invitation,
        changes={"email": email, "role": role, "unit": unit.name if unit else None},
    )
    _send_invitation_on_commit(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_resend(*, member: Membership, invitation: Invitation) -> tuple[Invitation, str]:
    """A fresh token and a fresh expiry; the old link stops working."""
    _check_invitation_manager(member, invitation)
    if invitation.accepted_at or invitation.revoked_at:
        raise ApplicationError(_("Only open or expired invitations can be sent again."))
    token, token_hash = _new_token()
    invitation.token_hash = token_hash
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at", "updated_at"])
    audit_record(actor=member.user, organization=member.organization, action="invitation.resend", target=invitation)
    _send_invitation_on_commit(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_revoke(*, member: Membership, invitation: Invitation) -> Invitation:
    _check_invitation_manager(member, invitation)
    if invitation.accepted_at:
        raise ApplicationError(_("This invitation has already been accepted."))
    if invitation.revoked_at:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=member.user, organization=member.organization, action="invitation.revoke", target=invitation)
    return invitation


def invitation_check_usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise ApplicationError(_("This invitation link is not valid. Ask for a new invitation."), code="invalid")
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise ApplicationError(_("This invitation has already been used. Log in instead."), code="used")
    if status == Invitation.Status.REVOKED:
        raise ApplicationError(_("This invitation has been withdrawn."), code="revoked")
    if status == Invitation.Status.EXPIRED:
        raise ApplicationError(_("This invitation has expired. Ask for a new one."), code="expired")
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None = None, full_name: str = "", password: str | None = None
) -> Membership:
    """Accept an invitation as the logged-in ``user``, or as a new account made here.

    The invitation is claimed with a conditional update, so that two clicks on the same link
    give one membership.
    """
    invitation_check_usable(invitation)
    if user is None:
        user = user_create(email=invitation.email, full_name=full_name, password=password)
    elif normalize_email(user.email) != invitation.email:
        raise ApplicationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email},
            code="wrong_account",
        )
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now(), accepted_by=user, updated_at=timezone.now())
    if claimed != 1:
        raise ApplicationError(_("This invitation has already been used. Log in instead."), code="used")
    if Membership.objects.filter(user=user, organization=invitation.organization, is_active=True).exists():
        # the transaction rolls back, so the invitation stays open for whoever it was meant for
        raise ApplicationError(_("You are already a member of this organization."), code="already_member")
    coordinated = list(invitation.coordinated_units.filter(archived_at__isnull=True))
    unit = invitation.unit if invitation.unit is not None and not invitation.unit.is_archived else None
    membership, created = Membership.objects.get_or_create(
        user=user,
        organization=invitation.organization,
        defaults={"role": invitation.role, "unit": unit},
    )
    if not created:  # a former member, deactivated, comes back with the invited role
        membership.role = invitation.role
        membership.unit = unit or membership.unit
        membership.is_active = True
        membership.save(update_fields=["role", "unit", "is_active", "updated_at"])
    membership.coordinated_units.set(coordinated if invitation.role == Role.COORDINATOR else [])
    audit_record(
        actor=user,
        organization=invitation.organization,
        action="invitation.accept",
        target=invitation,
        changes={"role": invitation.role},
    )
    return membership


@transaction.atomic
def membership_add(
    *,
    member: Membership | None,
    user: User,
    organization: Organization,
    role: str,
    unit: Unit | None = None,
    coordinated_units: Iterable[Unit] = (),
) -> Membership:
    """Add an existing account to the organization directly (by an admin, or by the system with ``member=None``)."""
    if member is not None:
        if member.organization_id != organization.pk or role not in rules.invitable_roles(member.role):
            raise forbidden()
        coordinated = _validate_placement(member=member, role=role, unit=unit, coordinated_units=coordinated_units)
    else:
        coordinated = list(coordinated_units) if role == Role.COORDINATOR else []
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise ApplicationError(_("This person is already a member of the organization."), field="email")
    membership = Membership(user=user, organization=organization, role=role, unit=unit)
    membership.full_clean()
    membership.save()
    membership.coordinated_units.set(coordinated)
    audit_record(
        actor=member.user if member else None,
        organization=organization,
        action="membership.create",
        target=membership,
        changes={"role": role, "unit": unit.name if unit else None},
    )
    return membership
