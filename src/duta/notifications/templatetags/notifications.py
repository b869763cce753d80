from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from duta.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_nav_link.html", takes_context=True)
def notifications_nav_link(context: template.Context) -> dict[str, Any]:
    """The navigation's link to the inbox with the number of unread notifications (one query)."""
    member = context.get("member")
    request = context.get("request")
    if member is None:
        return {"show": False}
    return {
        "show": True,
        "inbox_url": reverse("notifications:inbox", args=[member.organization.slug]),
        "unread": unread_count(user=member.user, organization=member.organization),
        "current_path": request.path if request is not None else "",
    }
