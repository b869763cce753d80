"""Shares, reported posts and clicks per caption variant of each item, over the campaign's life."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum

from duta.analytics.models import VariantStat
from duta.campaigns.models import CaptionVariant, PostReport
from duta.links.models import ClickRollup, ShareLink
from duta.organizations.models import Organization


def variant_stats_store(organization: Organization, campaign_ids: set[int]) -> None:
    """Shares, posts and clicks per caption variant over each campaign's life, for the campaigns shared lately."""
    campaign_ids.discard(0)
    if not campaign_ids:
        return
    totals: dict[tuple[int, int, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    link_variant: dict[int, tuple[int, int, str, str]] = {}
    for link_id, campaign_id, item_id, platform, content in ShareLink.objects.filter(
        organization=organization, campaign_id__in=campaign_ids
    ).values_list("id", "campaign_id", "item_id", "platform", "utm_content"):
        key = (campaign_id, item_id, platform, content or "v1")
        link_variant[link_id] = key
        totals[key][0] += 1
    positions: dict[int, str] = {}
    seen: dict[tuple[int, str, str], int] = defaultdict(int)
    for variant_id, item_id, platform, language in CaptionVariant.objects.filter(
        item__campaign_id__in=campaign_ids
    ).values_list("id", "item_id", "platform", "language"):
        positions[variant_id] = f"v{seen[(item_id, platform, language)] + 1}"
        seen[(item_id, platform, language)] += 1
    for campaign_id, item_id, platform, variant_id in PostReport.objects.filter(
        organization=organization, item__campaign_id__in=campaign_ids
    ).values_list("item__campaign_id", "item_id", "platform", "variant_id"):
        totals[(campaign_id, item_id, platform, positions.get(variant_id, "v1"))][1] += 1
    for link_id, clicks, previews in (
        ClickRollup.objects.filter(
            organization=organization,
            dimension="link",
            key__in=ShareLink.objects.filter(organization=organization, campaign_id__in=campaign_ids).values("id"),
        )
        .values("key")
        .annotate(total_clicks=Sum("clicks"), total_previews=Sum("previews"))
        .values_list("key", "total_clicks", "total_previews")
    ):
        variant_key = link_variant.get(link_id)
        if variant_key is not None:
            totals[variant_key][2] += clicks or 0
            totals[variant_key][3] += previews or 0
    VariantStat.objects.filter(organization=organization, campaign_id__in=campaign_ids).delete()
    VariantStat.objects.bulk_create(
        [
            VariantStat(
                organization=organization,
                campaign_id=campaign_id,
                item_id=item_id,
                platform=platform,
                variant=variant,
                shares=shares,
                posts=posts,
                clicks=clicks,
                previews=previews,
            )
            for (campaign_id, item_id, platform, variant), (shares, posts, clicks, previews) in totals.items()
        ],
        batch_size=2000,
    )
