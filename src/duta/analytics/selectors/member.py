"""An ambassador's own page: their figures, clicks of the last 30 days, recent posts and what to share next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from duta.analytics.selectors.recognition import member_recognition
from duta.campaigns.models import PostReport
from duta.campaigns.selectors import feed_for_member
from duta.links.models import ClickRollup
from duta.organizations.models import Membership

DAYS = 30
NEXT_ITEMS = 3


def member_page(*, member: Membership, language: str) -> dict[str, Any]:
    today = timezone.localdate()
    start = today - dt.timedelta(days=DAYS - 1)
    clicks = dict(
        ClickRollup.objects.filter(
            organization=member.organization, dimension="member", key=member.pk, day__gte=start, day__lte=today
        )
        .values("day")
        .annotate(total=Sum("clicks"))
        .values_list("day", "total")
    )
    days = [
        (start + dt.timedelta(days=offset), clicks.get(start + dt.timedelta(days=offset), 0)) for offset in range(DAYS)
    ]
    entries = feed_for_member(member=member, language=language).entries
    reported = set(
        PostReport.objects.filter(member=member, item__in=[entry.item for entry in entries]).values_list(
            "item_id", flat=True
        )
    )
    recognition = member_recognition(member=member)
    return {
        "stat": recognition.stat,
        "recognition": recognition,
        "days": days,
        "clicks_30": sum(clicks.values()),
        "posts": list(PostReport.objects.filter(member=member).select_related("item")[:10]),
        "next_entries": [entry for entry in entries if entry.is_open and entry.item.pk not in reported][:NEXT_ITEMS],
    }
