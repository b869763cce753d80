"""Reported posts, copy-paste across ambassadors, and the response to crisis broadcasts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from duta.campaigns import rules
from duta.campaigns.models import (
    Campaign,
    ContentItem,
    CrisisBroadcast,
    PostReport,
)
from duta.organizations.models import Membership, Organization, Role
from duta.organizations.selectors import member_scope_paths

# --- copy-paste, crisis response -------------------------------------------------------------------


def post_reports_for_item(*, member: Membership, item: ContentItem) -> QuerySet[PostReport]:
    """The reports of an item the member may see: all for the PR team and leadership, a coordinator's subtrees."""
    reports = PostReport.objects.filter(item=item, organization=member.organization)
    if member.role == Role.COORDINATOR:
        paths = member_scope_paths(member)
        if not paths:
            return reports.none()
        reports = reports.filter(reduce(or_, (Q(member__unit__path__startswith=path) for path in paths)))
    return reports


def copy_clusters_for_item(*, member: Membership, item: ContentItem) -> list[rules.CopyCluster]:
    """Groups of ambassadors who posted the same words (the anti-"buzzer" check), among the reports the member
    may see."""
    posts = list(
        post_reports_for_item(member=member, item=item).exclude(text="").values_list("id", "member_id", "text")
    )
    variants = list(item.variants.values_list("id", "text"))
    return rules.copy_clusters(posts, variants)


def copy_cluster_members(*, organization: Organization, member_ids: list[int]) -> dict[int, Membership]:
    return {
        member.pk: member
        for member in Membership.objects.filter(organization=organization, pk__in=member_ids).select_related(
            "user", "unit"
        )
    }


def broadcast_list_for_campaign(*, campaign: Campaign) -> QuerySet[CrisisBroadcast]:
    return campaign.broadcasts.select_related("sent_by")


@dataclass(frozen=True)
class CrisisResponse:
    broadcast: CrisisBroadcast
    recipients: int
    delivered: int
    opened: int
    failed: int
    pending: int
    shared: int
    first_share: timedelta | None
    median_share: timedelta | None


def crisis_response(*, broadcast: CrisisBroadcast) -> CrisisResponse:
    """Delivered, opened (from the outbox) and shared (the recipients' reports on the crisis's items since the
    broadcast; a later broadcast's shares count for the earlier ones too: the crisis is the same)."""
    from duta.notifications.selectors import delivery_stats, topic_recipients

    organization = broadcast.campaign.organization
    stats = delivery_stats(organization=organization, topic=broadcast.topic)
    reports = PostReport.objects.filter(
        item__campaign=broadcast.campaign,
        created_at__gte=broadcast.sent_at,
        member__user_id__in=topic_recipients(organization=organization, topic=broadcast.topic),
    )
    firsts: dict[int, datetime] = {}
    for member_id, created_at in reports.order_by("created_at").values_list("member_id", "created_at"):
        firsts.setdefault(member_id, created_at)
    first, median = rules.share_delays(broadcast.sent_at, sorted(firsts.values()))
    return CrisisResponse(
        broadcast=broadcast,
        recipients=stats["recipients"],
        delivered=stats["delivered"],
        opened=stats["opened"],
        failed=stats["failed"],
        pending=stats["pending"],
        shared=len(firsts),
        first_share=first,
        median_share=median,
    )
