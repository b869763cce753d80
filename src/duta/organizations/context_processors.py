from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from duta.organizations import rules
from duta.organizations.selectors import membership_list_for_user


def membership(request: HttpRequest) -> dict[str, Any]:
    """The organization switcher and the current member's permissions for the page frame."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    member = getattr(request, "member", None)
    context: dict[str, Any] = {
        "my_memberships": membership_list_for_user(user=user),
        "member": member,
    }
    if member is not None:
        context["can"] = {
            "see_overview": rules.can_see_organization_overview(member.role),
            "see_units": rules.can_see_units(member.role),
            "see_members": rules.can_see_members(member.role),
            "invite": bool(rules.invitable_roles(member.role)),
            "browse_audit": rules.can_browse_audit_log(member.role),
            "see_roster": member.role in {"admin", "coordinator", "viewer"},
            "import_roster": member.role == "admin",
            "screen": member.role == "admin",
            "see_campaigns": member.role in {"admin", "coordinator", "viewer"},
        }
    return context
