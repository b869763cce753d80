"""Who does what in the academy: the PR team writes courses and pairs mentors; admins, leadership and coordinators
(their subtrees) follow progress; a pairing's mentor logs its sessions; every member learns."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from duta.academy.models import FollowUp, Mentorship
from duta.organizations.models import Membership, Role


def require_academy_admin(member: Membership) -> None:
    """Writing courses, choosing required courses, pairing mentors: the PR team only (403 for other roles)."""
    if member.role != Role.ADMIN:
        raise PermissionDenied


MENTOR_ROLES = (Role.ADMIN, Role.AMBASSADOR)


# --- mentoring ----------------------------------------------------------------------


def can_log_sessions(member: Membership, mentorship: Mentorship) -> bool:
    """The mentor and the PR team write a pairing's sessions and follow-ups."""
    if member.organization_id != mentorship.organization_id or not member.is_active:
        return False
    return member.role == Role.ADMIN or member.pk == mentorship.mentor_id


def can_mark_follow_up(member: Membership, follow_up: FollowUp, mentorship: Mentorship) -> bool:
    """A follow-up is marked done (or open again) by its owner, the mentor, or the PR team."""
    if member.organization_id != mentorship.organization_id or not member.is_active:
        return False
    return member.role == Role.ADMIN or member.pk in (follow_up.owner_id, mentorship.mentor_id)
