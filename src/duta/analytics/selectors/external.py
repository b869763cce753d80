"""External influencers, their placements, and their comparison with the organization's own ambassadors on the same
campaigns.

The PR team (admins) manages influencers; the comparison is read by the PR team and leadership (viewers). Other
roles get 403; another organization's influencer, placement or campaign is not found (404).

How the comparison counts, per campaign that has placements:

- Internal (our ambassadors): clicks are counted by Duta on its tracked links (the links app's daily rollups for
  the campaign; never the click journal); posts are the posts reported on the campaign's items; views and
  engagements (reactions + comments + reshares) are what the ambassadors read off their posts. There is no fee:
  the program's own costs (staff time, training) are not counted, so no cost per click is shown.
- External (paid influencers): the fees, and the clicks, views and engagements as the influencers reported them.
  A cost per click divides the fees of the placements that reported clicks by those clicks (a placement that
  reported nothing does not make the others look cheaper); the same for the cost per engagement.
- The engagement rate is engagements / views, over the posts (or placements) that reported both.
- A figure nobody reported is None ("not reported"), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from duta.analytics.access import require_analytics_admin
from duta.analytics.models import ExternalInfluencer, ExternalPlacement
from duta.analytics.value import rupiah, thousands
from duta.campaigns.models import Campaign, PostReport
from duta.links.models import ClickRollup, Dimension
from duta.organizations.models import Membership, Role

COMPARISON_READERS = (Role.ADMIN, Role.VIEWER)


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    return Decimal(numerator) / Decimal(denominator) if denominator else None


def _count_display(value: int | None) -> str:
    return _("not reported") if value is None else thousands(value)


def _money_display(value: Decimal | None, *, basis: int | None) -> str:
    """A cost per click or engagement; ``basis`` is the clicks (engagements) it divides by."""
    if basis is None:
        return _("not reported")
    if value is None:
        return "–"  # reported, but none: a cost per nothing
    return rupiah(value)


def _percent_display(value: Decimal | None) -> str:
    return _("not reported") if value is None else f"{number_format(value * 100, decimal_pos=1)} %"


def percent(value: Decimal | None) -> float | None:
    """A rate as a percentage with two decimals, for exports."""
    return None if value is None else round(float(value * 100), 2)


def money(value: Decimal | None) -> int | None:
    """Whole rupiah, rounded half up, for exports."""
    return None if value is None else int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- influencers and placements (the PR team) ---------------------------------------------------------------


def external_influencer_list_for_member(*, member: Membership) -> QuerySet[ExternalInfluencer]:
    """The organization's external influencers with their number of placements and total fees (PR team; 403)."""
    require_analytics_admin(member)
    return (
        ExternalInfluencer.objects.filter(organization=member.organization)
        .annotate(placement_count=Count("placements"), fee_total=Sum("placements__fee"))
        .order_by("name", "pk")
    )


def external_influencer_get_for_member(*, member: Membership, influencer_id: int) -> ExternalInfluencer:
    """One influencer of the member's organization (PR team; 403 for other roles; 404 for another organization's)."""
    require_analytics_admin(member)
    influencer = ExternalInfluencer.objects.filter(organization=member.organization, pk=influencer_id).first()
    if influencer is None:
        raise Http404
    return influencer


def external_placement_list_for_influencer(*, influencer: ExternalInfluencer) -> QuerySet[ExternalPlacement]:
    return influencer.placements.select_related("campaign").order_by("-created_at", "-pk")


def external_placement_get_for_member(*, member: Membership, placement_id: int) -> ExternalPlacement:
    """One placement of the member's organization (PR team; 403; 404 for another organization's)."""
    require_analytics_admin(member)
    placement = (
        ExternalPlacement.objects.filter(influencer__organization=member.organization, pk=placement_id)
        .select_related("influencer", "campaign")
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def placement_campaign_choices(*, member: Membership) -> QuerySet[Campaign]:
    """The campaigns a placement may belong to: the organization's, newest first."""
    return Campaign.objects.filter(organization=member.organization).order_by("-starts_on", "-pk")


# --- the comparison ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InternalSide:
    """The organization's ambassadors on one campaign. Clicks are counted by Duta; there is no fee."""

    people: int  # ambassadors who reported a post
    posts: int
    clicks: int
    views: int | None
    views_reported: int  # posts with views
    engagements: int | None
    engagements_reported: int  # posts with reactions, comments or reshares
    engagement_rate: Decimal | None

    fee = 0

    @property
    def clicks_display(self) -> str:
        return thousands(self.clicks)

    @property
    def views_display(self) -> str:
        return _count_display(self.views)

    @property
    def engagements_display(self) -> str:
        return _count_display(self.engagements)

    @property
    def engagement_rate_display(self) -> str:
        return _percent_display(self.engagement_rate)


@dataclass(frozen=True)
class ExternalSide:
    """The paid influencers on one campaign: fees, and figures as they reported them."""

    people: int  # influencers
    posts: int  # placements
    fee: int
    clicks: int | None
    clicks_reported: int  # placements that reported clicks
    views: int | None
    engagements: int | None
    cost_per_click: Decimal | None
    cost_per_engagement: Decimal | None
    engagement_rate: Decimal | None

    @property
    def fee_display(self) -> str:
        return rupiah(self.fee)

    @property
    def clicks_display(self) -> str:
        return _count_display(self.clicks)

    @property
    def views_display(self) -> str:
        return _count_display(self.views)

    @property
    def engagements_display(self) -> str:
        return _count_display(self.engagements)

    @property
    def cost_per_click_display(self) -> str:
        return _money_display(self.cost_per_click, basis=self.clicks)

    @property
    def cost_per_engagement_display(self) -> str:
        return _money_display(self.cost_per_engagement, basis=self.engagements)

    @property
    def engagement_rate_display(self) -> str:
        return _percent_display(self.engagement_rate)


@dataclass(frozen=True)
class PlacementRow:
    placement: ExternalPlacement
    cost_per_click: Decimal | None
    cost_per_engagement: Decimal | None
    engagement_rate: Decimal | None

    @property
    def fee_display(self) -> str:
        return rupiah(self.placement.fee)

    @property
    def clicks_display(self) -> str:
        return _count_display(self.placement.clicks)

    @property
    def views_display(self) -> str:
        return _count_display(self.placement.views)

    @property
    def engagements_display(self) -> str:
        return _count_display(self.placement.engagements)

    @property
    def cost_per_click_display(self) -> str:
        return _money_display(self.cost_per_click, basis=self.placement.clicks)

    @property
    def cost_per_engagement_display(self) -> str:
        return _money_display(self.cost_per_engagement, basis=self.placement.engagements)

    @property
    def engagement_rate_display(self) -> str:
        return _percent_display(self.engagement_rate)


@dataclass(frozen=True)
class CampaignComparison:
    campaign: Campaign
    internal: InternalSide
    external: ExternalSide
    placements: list[PlacementRow] = field(default_factory=list)


def placement_row(placement: ExternalPlacement) -> PlacementRow:
    clicks, views, engagements = placement.clicks, placement.views, placement.engagements
    return PlacementRow(
        placement=placement,
        cost_per_click=_ratio(placement.fee, clicks) if clicks is not None else None,
        cost_per_engagement=_ratio(placement.fee, engagements) if engagements is not None else None,
        engagement_rate=_ratio(engagements, views) if engagements is not None and views is not None else None,
    )


def _external(placements: list[ExternalPlacement]) -> ExternalSide:
    with_clicks = [p for p in placements if p.clicks is not None]
    with_engagements = [p for p in placements if p.engagements is not None]
    with_views = [p for p in placements if p.views is not None]
    with_both = [p for p in with_engagements if p.views is not None]
    clicks = sum(p.clicks or 0 for p in with_clicks)
    engagements = sum(p.engagements or 0 for p in with_engagements)
    return ExternalSide(
        people=len({p.influencer_id for p in placements}),
        posts=len(placements),
        fee=sum(p.fee for p in placements),
        clicks=clicks if with_clicks else None,
        clicks_reported=len(with_clicks),
        views=sum(p.views or 0 for p in with_views) if with_views else None,
        engagements=engagements if with_engagements else None,
        cost_per_click=_ratio(sum(p.fee for p in with_clicks), clicks),
        cost_per_engagement=_ratio(sum(p.fee for p in with_engagements), engagements),
        engagement_rate=_ratio(sum(p.engagements or 0 for p in with_both), sum(p.views or 0 for p in with_both)),
    )


def _internal_figures(member: Membership, campaign_ids: list[int]) -> dict[int, InternalSide]:
    engagement = (
        Coalesce(F("reactions"), Value(0), output_field=BigIntegerField())
        + Coalesce(F("comments"), Value(0), output_field=BigIntegerField())
        + Coalesce(F("reshares"), Value(0), output_field=BigIntegerField())
    )
    engaged = Q(reactions__isnull=False) | Q(comments__isnull=False) | Q(reshares__isnull=False)
    both = engaged & Q(views__isnull=False)
    rows = (
        PostReport.objects.filter(organization=member.organization, item__campaign_id__in=campaign_ids)
        .values("item__campaign_id")
        .annotate(
            people=Count("member_id", distinct=True),
            posts=Count("id"),
            views_sum=Sum("views"),
            views_reported=Count("views"),
            engagements_sum=Sum(engagement, filter=engaged),
            engagements_reported=Count("id", filter=engaged),
            both_engagements=Sum(engagement, filter=both),
            both_views=Sum("views", filter=both),
        )
        .order_by()
    )
    reports: dict[int, dict[str, Any]] = {row["item__campaign_id"]: dict(row) for row in rows}
    clicks = dict(
        ClickRollup.objects.filter(organization=member.organization, dimension=Dimension.CAMPAIGN, key__in=campaign_ids)
        .values("key")
        .annotate(clicks=Sum("clicks"))
        .order_by()
        .values_list("key", "clicks")
    )
    sides = {}
    for campaign_id in campaign_ids:
        row: dict[str, Any] = reports.get(campaign_id, {})
        views_reported = row.get("views_reported", 0)
        engagements_reported = row.get("engagements_reported", 0)
        sides[campaign_id] = InternalSide(
            people=row.get("people", 0),
            posts=row.get("posts", 0),
            clicks=int(clicks.get(campaign_id) or 0),
            views=int(row["views_sum"] or 0) if views_reported else None,
            views_reported=views_reported,
            engagements=int(row["engagements_sum"] or 0) if engagements_reported else None,
            engagements_reported=engagements_reported,
            engagement_rate=_ratio(int(row.get("both_engagements") or 0), int(row.get("both_views") or 0)),
        )
    return sides


def require_comparison_reader(member: Membership) -> None:
    """The PR team and leadership; 403 for coordinators (the figures span the whole organization) and ambassadors."""
    if member.role not in COMPARISON_READERS:
        raise PermissionDenied


def comparison_campaigns_for_member(*, member: Membership) -> QuerySet[Campaign]:
    """The organization's campaigns that have placements (the comparison's filter)."""
    require_comparison_reader(member)
    ids = ExternalPlacement.objects.filter(influencer__organization=member.organization).values("campaign_id")
    return Campaign.objects.filter(organization=member.organization, pk__in=ids).order_by("-starts_on", "-pk")


def comparison_for_member(*, member: Membership, campaign_id: int | None = None) -> list[CampaignComparison]:
    """Per campaign with placements (only ``campaign_id`` when given; 404 for another organization's), our
    ambassadors against the paid influencers. Newest campaign first; four queries whatever the numbers."""
    require_comparison_reader(member)
    placements_query = ExternalPlacement.objects.filter(influencer__organization=member.organization)
    if campaign_id is not None:
        if not Campaign.objects.filter(organization=member.organization, pk=campaign_id).exists():
            raise Http404
        placements_query = placements_query.filter(campaign_id=campaign_id)
    placements = list(
        placements_query.select_related("influencer", "campaign").order_by("influencer__name", "-created_at", "-pk")
    )
    by_campaign: dict[int, list[ExternalPlacement]] = {}
    campaigns: dict[int, Campaign] = {}
    for placement in placements:
        by_campaign.setdefault(placement.campaign_id, []).append(placement)
        campaigns[placement.campaign_id] = placement.campaign
    internal = _internal_figures(member, list(campaigns))
    ordered = sorted(campaigns.values(), key=lambda campaign: (campaign.starts_on, campaign.pk), reverse=True)
    return [
        CampaignComparison(
            campaign=campaign,
            internal=internal[campaign.pk],
            external=_external(by_campaign[campaign.pk]),
            placements=[placement_row(placement) for placement in by_campaign[campaign.pk]],
        )
        for campaign in ordered
    ]
