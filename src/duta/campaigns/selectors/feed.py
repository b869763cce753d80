"""The ambassador's feed: what to share now, per platform, with the freeze and the guardrails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from duta.campaigns import rules
from duta.campaigns.models import (
    Attachment,
    Campaign,
    CampaignSettings,
    CaptionVariant,
    ContentItem,
    Freeze,
    ItemStatus,
    Platform,
    PostReport,
)
from duta.campaigns.selectors.audience import (
    MemberProfile,
    audience,
    audience_includes,
    item_segment,
    profile_for_member,
)
from duta.campaigns.selectors.campaigns import READERS, campaign_settings_for, election_rules, freeze_active
from duta.coach import election_hits
from duta.organizations.models import Membership, Organization

# --- the ambassador's feed --------------------------------------------------------------------------


@dataclass
class Offer:
    """One platform of one item, as offered to one ambassador."""

    platform: str
    variant: CaptionVariant
    variant_count: int
    reported: PostReport | None = None
    position: int = 0  # the variant's place among the item's variants for the platform (utm_content "v1", "v2"…)

    @property
    def platform_label(self) -> str:
        return str(Platform(self.platform).label)


@dataclass
class FeedEntry:
    item: ContentItem
    offers: list[Offer]
    opens_at: datetime
    is_open: bool

    @property
    def is_crisis(self) -> bool:
        return self.item.campaign.is_crisis


@dataclass
class Feed:
    entries: list[FeedEntry]
    crises: list[Campaign]
    freeze: Freeze | None
    refusal: str | None  # why sharing is closed right now (hours or the daily limit), or None
    shares_today: int
    settings: CampaignSettings


def _offers(item: ContentItem, member: Membership, profile: MemberProfile, language: str) -> list[Offer]:
    by_platform: dict[str, list[CaptionVariant]] = {}
    for variant in item.variants.all():
        by_platform.setdefault(variant.platform, []).append(variant)
    wanted = set(item.campaign.target_platforms)
    offers = []
    for platform in Platform.values:
        variants = by_platform.get(platform)
        if not variants or (wanted and platform not in wanted) or platform not in profile.platforms:
            continue
        own_language = [variant for variant in variants if variant.language == language] or variants
        index = rules.variant_index(item_id=item.pk, member_id=member.pk, platform=platform, count=len(own_language))
        offers.append(
            Offer(platform=platform, variant=own_language[index], variant_count=len(own_language), position=index)
        )
    return offers


def shares_today(*, member: Membership, now: datetime | None = None) -> int:
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return PostReport.objects.filter(
        member=member, created_at__gte=start, created_at__lt=start + timedelta(days=1)
    ).count()


def share_refusal_for(
    *, member: Membership, found: CampaignSettings, now: datetime | None = None, shares: int | None = None
) -> str | None:
    """Why the member may not share now (sharing hours, the daily limit), or None; ``shares`` when counted."""
    return rules.share_refusal(
        now_local=timezone.localtime(now),
        starts=found.sharing_starts_at,
        ends=found.sharing_ends_at,
        daily_limit=found.daily_share_limit,
        shares_today=shares_today(member=member, now=now) if shares is None else shares,
    )


def live_items(*, organization: Organization, today: date) -> QuerySet[ContentItem]:
    """Live items of open campaigns running today (crises have no end), with what the feed shows."""
    return (
        ContentItem.objects.filter(organization=organization, status=ItemStatus.LIVE, campaign__closed_at__isnull=True)
        .filter(Q(campaign__kind=Campaign.Kind.CRISIS) | Q(campaign__starts_on__lte=today))
        .filter(
            Q(campaign__kind=Campaign.Kind.CRISIS) | Q(campaign__ends_on__isnull=True) | Q(campaign__ends_on__gte=today)
        )
        .select_related("campaign")
        .prefetch_related(
            "variants",
            "attachments",
            "campaign__target_units",
            "campaign__target_programs",
            "campaign__target_cohorts",
        )
        .order_by("-live_at", "-id")
    )


def _entries(
    items: QuerySet[ContentItem], *, member: Membership, found: CampaignSettings, language: str, now: datetime
) -> tuple[list[FeedEntry], MemberProfile]:
    """The entries of ``items`` that reach this member now, with their offers and the member's reports."""
    profile = profile_for_member(member)
    election = election_rules(found, today=timezone.localdate(now))
    entries = []
    for item in items:
        if not audience_includes(item.campaign, profile):
            continue
        if election is not None and election_hits(
            "\n".join([item.title, *(variant.text for variant in item.variants.all())]), election
        ):
            continue  # approved before election mode began: held back while it lasts
        offers = _offers(item, member, profile, language)
        if not offers:
            continue
        opens_at = item.live_at or now
        if not item.campaign.is_crisis and found.stagger_minutes:
            opens_at += rules.stagger_offset(item_id=item.pk, member_id=member.pk, window_minutes=found.stagger_minutes)
        entries.append(FeedEntry(item=item, offers=offers, opens_at=opens_at, is_open=opens_at <= now))
    reports = PostReport.objects.filter(member=member, item__in=[entry.item for entry in entries])
    reported = {(report.item_id, report.platform): report for report in reports}
    for entry in entries:
        for offer in entry.offers:
            offer.reported = reported.get((entry.item.pk, offer.platform))
    return entries, profile


def feed_for_member(*, member: Membership, language: str = "id", now: datetime | None = None) -> Feed:
    """What this member should share now, per platform, crises first; with the freeze and the guardrails."""
    now = now or timezone.now()
    found = campaign_settings_for(member.organization)
    items = live_items(organization=member.organization, today=timezone.localdate(now))
    entries, profile = _entries(items, member=member, found=found, language=language, now=now)
    entries.sort(key=lambda entry: (not entry.is_crisis, not entry.is_open, -entry.opens_at.timestamp()))
    crises = [
        campaign
        for campaign in Campaign.objects.filter(
            organization=member.organization, kind=Campaign.Kind.CRISIS, closed_at__isnull=True
        ).prefetch_related("target_units", "target_programs", "target_cohorts")
        if campaign.holding_statement and audience_includes(campaign, profile)
    ]
    count = shares_today(member=member, now=now)
    return Feed(
        entries=entries,
        crises=crises,
        freeze=freeze_active(organization=member.organization),
        refusal=share_refusal_for(member=member, found=found, now=now, shares=count),
        shares_today=count,
        settings=found,
    )


def feed_item_for_member(*, member: Membership, item_pk: int, language: str = "id") -> FeedEntry:
    """One entry of the member's feed (404 when the item is not live for them), read alone."""
    now = timezone.now()
    items = live_items(organization=member.organization, today=timezone.localdate(now)).filter(pk=item_pk)
    found = campaign_settings_for(member.organization)
    entries, _profile = _entries(items, member=member, found=found, language=language, now=now)
    if not entries:
        raise Http404
    return entries[0]


def post_report_list_for_member(*, member: Membership) -> QuerySet[PostReport]:
    """The member's own reported posts."""
    return PostReport.objects.filter(member=member).select_related("item__campaign")


def attachment_get_for_member(*, member: Membership, attachment_pk: int) -> Attachment:
    """An attachment of the organization: readers see all; ambassadors those of live items that reach them."""
    attachment = (
        Attachment.objects.filter(campaign__organization=member.organization, pk=attachment_pk)
        .select_related("campaign")
        .first()
    )
    if attachment is None:
        raise Http404
    if member.role in READERS:
        return attachment
    live = attachment.items.filter(status=ItemStatus.LIVE).select_related("campaign")
    profile = profile_for_member(member)
    if not any(audience_includes(item.campaign, profile) for item in live):
        raise Http404
    return attachment


def items_due(*, now: datetime) -> QuerySet[ContentItem]:
    """Scheduled items whose time has come."""
    return ContentItem.objects.filter(status=ItemStatus.SCHEDULED, scheduled_for__lte=now)


def new_items_by_member(*, organization: Organization, since: datetime) -> dict[int, list[ContentItem]]:
    """For the weekly digest: per active ambassador, the items that went live since ``since`` for them."""
    today = timezone.localdate(since + timedelta(days=7))
    items = [
        item for item in live_items(organization=organization, today=today) if item.live_at and item.live_at >= since
    ]
    if not items:
        return {}
    by_member: dict[int, list[ContentItem]] = {}
    for item in items:
        for member_id in audience(organization=organization, segment=item_segment(item)).values_list("pk", flat=True):
            by_member.setdefault(member_id, []).append(item)
    return by_member
