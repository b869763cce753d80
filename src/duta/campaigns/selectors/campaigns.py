"""Campaigns, content items and the organization's settings, scoped to the member's organization."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from duta.campaigns import rules
from duta.campaigns.models import (
    Campaign,
    CampaignSettings,
    ContentItem,
    Freeze,
    ItemEvent,
    ItemStatus,
    Platform,
)
from duta.coach import CoachBrief, ElectionRules
from duta.organizations.models import Membership, Organization, Role

READERS = (Role.ADMIN, Role.COORDINATOR, Role.VIEWER)
MESSENGERS = frozenset({Platform.WHATSAPP, Platform.TELEGRAM})  # everyone can share there: no account to check


def _require_reader(member: Membership) -> None:
    if member.role not in READERS:
        raise PermissionDenied


# --- settings -----------------------------------------------------------------------------------


def campaign_settings_for(organization: Organization) -> CampaignSettings:
    """The organization's approval rules and guardrails (defaults, unsaved, before an admin changes them)."""
    found = CampaignSettings.objects.filter(organization=organization).first()
    return found if found is not None else CampaignSettings(organization=organization)


def election_rules(found: CampaignSettings, *, today: date | None = None) -> ElectionRules | None:
    """The election rules while election mode is on (between its dates, both included), else None."""
    today = today or timezone.localdate()
    if found.election_starts_on is None or found.election_starts_on > today:
        return None
    if found.election_ends_on is not None and found.election_ends_on < today:
        return None
    return ElectionRules(
        candidates=tuple(rules.lines(found.election_candidates)),
        parties=tuple(rules.lines(found.election_parties)),
        numbers=tuple(rules.lines(found.election_numbers)),
        hashtags=tuple(rules.lines(found.election_hashtags)),
    )


def coach_brief_for_organization(*, organization: Organization) -> CoachBrief:
    """What the coach checks for any caption of the organization: blocklist, election rules, disclosure tag."""
    found = campaign_settings_for(organization)
    return CoachBrief(
        disclosure_tag=found.default_disclosure_tag,
        blocklist=tuple(rules.lines(found.blocklist)),
        election=election_rules(found),
    )


def coach_brief_for_campaign(*, campaign: Campaign) -> CoachBrief:
    """The organization's brief with the campaign's key messages, hashtags and disclosure tag."""
    base = coach_brief_for_organization(organization=campaign.organization)
    return CoachBrief(
        key_messages=tuple(rules.lines(campaign.key_messages)),
        hashtags=tuple(rules.hashtags_parse(campaign.hashtags)) if campaign.hashtags else (),
        disclosure_tag=campaign.disclosure_tag or base.disclosure_tag,
        blocklist=base.blocklist,
        election=base.election,
    )


def freeze_active(*, organization: Organization) -> Freeze | None:
    return Freeze.objects.filter(organization=organization, ended_at__isnull=True).first()


# --- campaigns and items --------------------------------------------------------------------------


def campaign_list_for_member(*, member: Membership, kind: str = "", state: str = "") -> QuerySet[Campaign]:
    _require_reader(member)
    campaigns = (
        Campaign.objects.filter(organization=member.organization)
        .annotate(
            item_count=Count("items", distinct=True),
            live_count=Count("items", filter=Q(items__status=ItemStatus.LIVE), distinct=True),
        )
        .order_by("-starts_on", "-id")
    )
    if kind:
        campaigns = campaigns.filter(kind=kind)
    if state == "open":
        campaigns = campaigns.filter(closed_at__isnull=True)
    elif state == "closed":
        campaigns = campaigns.filter(closed_at__isnull=False)
    return campaigns


def campaign_get_for_member(*, member: Membership, campaign_pk: int) -> Campaign:
    _require_reader(member)
    campaign = (
        Campaign.objects.filter(organization=member.organization, pk=campaign_pk)
        .select_related("organization", "created_by")
        .prefetch_related("target_units", "target_programs", "target_cohorts__program", "attachments")
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def item_list_for_campaign(*, campaign: Campaign) -> QuerySet[ContentItem]:
    return (
        ContentItem.objects.filter(campaign=campaign)
        .select_related("author")
        .annotate(variant_count=Count("variants", distinct=True), report_count=Count("reports", distinct=True))
        .order_by("-created_at", "-id")
    )


def item_list_for_member(*, member: Membership, status: str = "") -> QuerySet[ContentItem]:
    """Every item of the organization (the approval queue filters by status)."""
    _require_reader(member)
    items = ContentItem.objects.filter(organization=member.organization).select_related("campaign", "author")
    return items.filter(status=status) if status else items


def item_get_for_member(*, member: Membership, item_pk: int) -> ContentItem:
    _require_reader(member)
    item = (
        ContentItem.objects.filter(organization=member.organization, pk=item_pk)
        .select_related("campaign__organization", "author")
        .prefetch_related("variants", "attachments")
        .first()
    )
    if item is None:
        raise Http404
    return item


def item_exists(*, organization: Organization, item_pk: int) -> bool:
    return ContentItem.objects.filter(organization=organization, pk=item_pk).exists()


def item_history(*, item: ContentItem) -> QuerySet[ItemEvent]:
    return item.events.select_related("actor")


def item_approvals_pending(*, item: ContentItem) -> list[ItemEvent]:
    """The approvals given since the item was last sent for review."""
    submitted = (
        item.events.filter(kind=ItemEvent.Kind.TRANSITION, to_status=ItemStatus.IN_REVIEW).order_by("-id").first()
    )
    if submitted is None:
        return []
    return list(item.events.filter(kind=ItemEvent.Kind.APPROVAL, id__gt=submitted.pk).select_related("actor"))


def may_approve(member: Membership, found: CampaignSettings) -> bool:
    """Whether the member is one of the organization's approvers (every admin when none are listed)."""
    if not member.is_active:
        return False
    if found.pk is None or not found.approvers.exists():
        return member.role == Role.ADMIN
    return found.approvers.filter(pk=member.pk).exists()
