"""Who reads which figures: the PR team and leadership see the whole organization, a coordinator
the subtrees of their units, an ambassador only their own page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from duta.organizations.models import Membership, Role
from duta.organizations.selectors import ScopeReader, scope_reader

Reader = ScopeReader  # the dashboards' reader: the organization's shared scope of figures


def analytics_reader(member: Membership) -> Reader:
    """The organization's dashboards: admins and viewers (all), coordinators (their subtrees); 403 for others."""
    return scope_reader(member)


def require_analytics_admin(member: Membership) -> None:
    """Settings, seasons, external influencers: the PR team only (403 for other roles)."""
    if member.role != Role.ADMIN:
        raise PermissionDenied
