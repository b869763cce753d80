"""``{% leaderboards_shown member as shown %}``: whether the navigation offers the leaderboard (when it is on, or
to the PR team, who switch it on)."""

from __future__ import annotations

from django import template

from duta.analytics.selectors.recognition import analytics_settings_for_member
from duta.organizations.models import Membership, Role

register = template.Library()


@register.simple_tag
def leaderboards_shown(member: Membership) -> bool:
    return member.role == Role.ADMIN or analytics_settings_for_member(member).leaderboards_enabled
