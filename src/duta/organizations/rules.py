"""Who may do what in an organization: pure functions over roles and unit paths, no ORM."""

from __future__ import annotations

from collections.abc import Iterable

ADMIN = "admin"
COORDINATOR = "coordinator"
AMBASSADOR = "ambassador"
VIEWER = "viewer"


def path_in_scope(path: str, scope_paths: Iterable[str]) -> bool:
    """True when the unit at ``path`` lies in one of the subtrees rooted at ``scope_paths``."""
    return any(path.startswith(root) for root in scope_paths)


def path_strictly_below_scope(path: str, scope_paths: Iterable[str]) -> bool:
    return any(path.startswith(root) and path != root for root in scope_paths)


def can_see_organization_overview(role: str) -> bool:
    return role in {ADMIN, COORDINATOR, VIEWER}


def can_see_members(role: str) -> bool:
    return role in {ADMIN, COORDINATOR}


def can_see_units(role: str) -> bool:
    return role in {ADMIN, COORDINATOR, VIEWER}


def can_browse_audit_log(role: str) -> bool:
    return role == ADMIN


def can_create_unit(role: str, parent_path: str | None, scope_paths: Iterable[str]) -> bool:
    """Admins create anywhere; coordinators only below units they coordinate."""
    if role == ADMIN:
        return True
    if role == COORDINATOR and parent_path is not None:
        return path_in_scope(parent_path, scope_paths)
    return False


def can_change_unit(role: str, unit_path: str, scope_paths: Iterable[str]) -> bool:
    """Rename, archive or delete: admins anywhere; coordinators strictly inside their subtrees.

    A coordinator cannot change the very unit they were made coordinator of: that is the
    admin's decision.
    """
    if role == ADMIN:
        return True
    return role == COORDINATOR and path_strictly_below_scope(unit_path, scope_paths)


def can_move_unit(role: str, unit_path: str, new_parent_path: str | None, scope_paths: Iterable[str]) -> bool:
    if new_parent_path is not None and new_parent_path.startswith(unit_path):
        return False  # a unit cannot go under itself or its own descendants
    if role == ADMIN:
        return True
    return (
        role == COORDINATOR
        and new_parent_path is not None
        and path_strictly_below_scope(unit_path, scope_paths)
        and path_in_scope(new_parent_path, scope_paths)
    )


def invitable_roles(role: str) -> tuple[str, ...]:
    if role == ADMIN:
        return (ADMIN, COORDINATOR, AMBASSADOR, VIEWER)
    if role == COORDINATOR:
        return (AMBASSADOR,)
    return ()


def can_manage_member(role: str, member_unit_path: str | None, scope_paths: Iterable[str]) -> bool:
    """Change a member's unit or deactivate them: admins, or coordinators for their subtrees."""
    if role == ADMIN:
        return True
    return role == COORDINATOR and member_unit_path is not None and path_in_scope(member_unit_path, scope_paths)


def can_assign_role(actor_role: str, new_role: str) -> bool:
    return new_role in invitable_roles(actor_role)
