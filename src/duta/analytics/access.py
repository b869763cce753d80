"""Who reads which figures (pure, no ORM): the PR team and leadership see the whole organization, a coordinator
the subtrees of their units, an ambassador only their own page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from duta.organizations.models import Membership, Role
from duta.organizations.selectors import member_scope_paths


@dataclass(frozen=True)
class Reader:
    """A member reading analytics: ``paths`` empty means the whole organization."""

    member: Membership
    paths: tuple[str, ...]

    @property
    def whole_organization(self) -> bool:
        return not self.paths

    @property
    def can_change(self) -> bool:
        return self.member.role == Role.ADMIN

    def sees_path(self, path: str) -> bool:
        return self.whole_organization or any(path.startswith(scope) for scope in self.paths)


def analytics_reader(member: Membership) -> Reader:
    """The organization's dashboards: admins and viewers (all), coordinators (their subtrees); 403 for others."""
    if member.role in (Role.ADMIN, Role.VIEWER):
        return Reader(member=member, paths=())
    if member.role == Role.COORDINATOR:
        paths = tuple(member_scope_paths(member))
        if paths:
            return Reader(member=member, paths=paths)
    raise PermissionDenied


def require_analytics_admin(member: Membership) -> None:
    """Settings, seasons, external influencers: the PR team only (403 for other roles)."""
    if member.role != Role.ADMIN:
        raise PermissionDenied
