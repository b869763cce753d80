"""What the figures are counted from: the active ambassadors (with their unit, programs and followers) and their
shares (a tracked link made, or a reported post) in the organization's time zone. Read in a few bulk queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from duta.campaigns.models import PostReport
from duta.campaigns.selectors import Segment, audience
from duta.links.models import ShareLink
from duta.organizations.models import Organization
from duta.people.models import SocialAccount
from duta.programs.models import Candidate, Stage


@dataclass
class Member:
    unit: int
    programs: tuple[int, ...]
    reach: dict[str, int]  # followers per platform: the verified count where there is one, else the latest


@dataclass
class Event:
    member: int
    platform: str
    day: dt.date
    campaign: int
    post: bool
    views: int = 0
    engagements: int = 0


def active_members(organization: Organization) -> dict[int, Member]:
    """The active ambassadors (those content reaches), with their unit, programs and followers."""
    rows = list(audience(organization=organization, segment=Segment()).values_list("id", "user_id", "unit_id"))
    programs: dict[int, list[int]] = defaultdict(list)
    for program_id, user_id in Candidate.objects.filter(
        program__organization=organization, stage=Stage.ACTIVE, employee__user__isnull=False
    ).values_list("program_id", "employee__user_id"):
        programs[user_id].append(program_id)
    reach: dict[int, dict[str, int]] = defaultdict(dict)
    for user_id, platform, followers, verified in SocialAccount.objects.filter(
        employee__organization=organization, employee__user__isnull=False
    ).values_list("employee__user_id", "platform", "followers", "verified_followers"):
        count = verified if verified is not None else followers
        if count:
            reach[user_id][platform] = max(count, reach[user_id].get(platform, 0))
    return {
        member_id: Member(unit=unit_id or 0, programs=tuple(sorted(set(programs[user_id]))), reach=reach[user_id])
        for member_id, user_id, unit_id in rows
    }


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def events_between(organization: Organization, start: dt.date, end: dt.date) -> Iterable[Event]:
    """Every share tap (a link made) and reported post between two days, in the organization's time zone."""
    low, high = _bounds(start, end)
    zone = timezone.get_current_timezone()
    links = ShareLink.objects.filter(organization=organization, created_at__gte=low, created_at__lt=high)
    for member_id, platform, created_at, campaign_id in links.values_list(
        "member_id", "platform", "created_at", "campaign_id"
    ).iterator(chunk_size=20000):
        yield Event(member_id, platform, created_at.astimezone(zone).date(), campaign_id or 0, False)
    reports = PostReport.objects.filter(organization=organization, created_at__gte=low, created_at__lt=high)
    for member_id, platform, created_at, campaign_id, views, reactions, comments, reshares in reports.values_list(
        "member_id", "platform", "created_at", "item__campaign_id", "views", "reactions", "comments", "reshares"
    ).iterator(chunk_size=20000):
        yield Event(
            member_id,
            platform,
            created_at.astimezone(zone).date(),
            campaign_id,
            True,
            views or 0,
            (reactions or 0) + (comments or 0) + (reshares or 0),
        )
