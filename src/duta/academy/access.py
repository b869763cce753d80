"""Who does what in the academy (no ORM): the PR team writes courses and pairs mentors; admins, leadership and
coordinators (their subtrees) follow progress; every member learns."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from duta.organizations.models import Membership, Role
from duta.organizations.selectors import member_scope_paths


def require_academy_admin(member: Membership) -> None:
    """Writing courses, choosing required courses, pairing mentors: the PR team only (403 for other roles)."""
    if member.role != Role.ADMIN:
        raise PermissionDenied


@dataclass(frozen=True)
class ProgressReader:
    """A member reading training progress: ``paths`` empty means the whole organization."""

    member: Membership
    paths: tuple[str, ...]

    @property
    def whole_organization(self) -> bool:
        return not self.paths

    def sees_path(self, path: str) -> bool:
        return self.whole_organization or any(path.startswith(scope) for scope in self.paths)


def progress_reader(member: Membership) -> ProgressReader:
    """Training progress: admins and viewers (all), coordinators (their subtrees); 403 for others."""
    if member.role in (Role.ADMIN, Role.VIEWER):
        return ProgressReader(member=member, paths=())
    if member.role == Role.COORDINATOR:
        paths = tuple(member_scope_paths(member))
        if paths:
            return ProgressReader(member=member, paths=paths)
    raise PermissionDenied
