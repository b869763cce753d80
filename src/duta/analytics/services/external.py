"""External (paid) influencers and their placements in the organization's campaigns, registered by the PR team to
compare them with the organization's own ambassadors. Every write: PR team only, validated, one audit row."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from duta.analytics.models import ExternalInfluencer, ExternalPlacement
from duta.campaigns.models import Campaign, Platform
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden, full_clean_or_refuse
from duta.organizations.models import Membership, Role

MAX_FEE = 10**15  # rupiah: a quadrillion, far beyond any fee
MAX_COUNT = 2_000_000_000
INFLUENCER_FIELDS = ("name", "platform", "profile_url", "followers", "notes")
PLACEMENT_FIELDS = ("campaign", "post_url", "fee", "clicks", "views", "engagements")


def _require_admin(member: Membership) -> None:
    if member.role != Role.ADMIN or not member.is_active:
        raise forbidden()


def _own_influencer(member: Membership, influencer: ExternalInfluencer) -> None:
    _require_admin(member)
    if influencer.organization_id != member.organization_id:
        raise forbidden()


def _web_address(value: str, field: str) -> str:
    """An ``http(s)://`` address with a host, or ``""``."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ApplicationError(_("Give an address that starts with https:// (or http://)."), field=field)
    return value


def _count(value: int | None, field: str, *, maximum: int = MAX_COUNT) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApplicationError(_("Enter a whole number of 0 or more."), field=field)
    if value > maximum:
        raise ApplicationError(_("This number is too large."), field=field)
    return value


def _plain(value: object) -> object:
    return value.pk if isinstance(value, Campaign) else value


# --- influencers -------------------------------------------------------------------------------------------


def _influencer_values(
    *, name: str, platform: str, profile_url: str, followers: int | None, notes: str
) -> dict[str, object]:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the influencer's name."), field="name")
    if platform not in Platform.values:
        raise ApplicationError(_("Choose a platform."), field="platform")
    return {
        "name": name,
        "platform": platform,
        "profile_url": _web_address(profile_url, "profile_url"),
        "followers": _count(followers, "followers"),
        "notes": (notes or "").strip(),
    }


@transaction.atomic
def external_influencer_create(
    *,
    member: Membership,
    name: str,
    platform: str,
    profile_url: str = "",
    followers: int | None = None,
    notes: str = "",
) -> ExternalInfluencer:
    """Register an outside influencer of the member's organization (PR team only)."""
    _require_admin(member)
    values = _influencer_values(name=name, platform=platform, profile_url=profile_url, followers=followers, notes=notes)
    influencer = ExternalInfluencer(organization=member.organization, **values)
    full_clean_or_refuse(influencer, exclude=["organization"])
    influencer.save()
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="external_influencer.create",
        target=influencer,
        changes={name: value for name, value in values.items() if name != "notes"},
    )
    return influencer


@transaction.atomic
def external_influencer_update(
    *,
    member: Membership,
    influencer: ExternalInfluencer,
    name: str,
    platform: str,
    profile_url: str = "",
    followers: int | None = None,
    notes: str = "",
) -> ExternalInfluencer:
    """Change an influencer's name, platform, profile address, followers or notes (PR team only)."""
    _own_influencer(member, influencer)
    values = _influencer_values(name=name, platform=platform, profile_url=profile_url, followers=followers, notes=notes)
    influencer = ExternalInfluencer.objects.select_for_update().get(pk=influencer.pk)
    before = {name: getattr(influencer, name) for name in INFLUENCER_FIELDS}
    for field, value in values.items():
        setattr(influencer, field, value)
    full_clean_or_refuse(influencer, exclude=["organization"])
    influencer.save()
    changes = {field: [before[field], values[field]] for field in INFLUENCER_FIELDS if before[field] != values[field]}
    if "notes" in changes:
        changes["notes"] = ["…", "…"]  # changed; the text itself stays out of the log
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="external_influencer.update",
        target=influencer,
        changes=changes,
    )
    return influencer


@transaction.atomic
def external_influencer_delete(*, member: Membership, influencer: ExternalInfluencer) -> None:
    """Remove an influencer and their placements (PR team only)."""
    _own_influencer(member, influencer)
    placements = list(influencer.placements.values("pk", "campaign_id", "fee"))
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="external_influencer.delete",
        target=influencer,
        changes={"name": influencer.name, "platform": influencer.platform, "placements": placements},
    )
    influencer.delete()


# --- placements --------------------------------------------------------------------------------------------


def _placement_values(
    *,
    member: Membership,
    campaign: Campaign,
    post_url: str,
    fee: int,
    clicks: int | None,
    views: int | None,
    engagements: int | None,
) -> dict[str, object]:
    if campaign is None or campaign.organization_id != member.organization_id:
        raise ApplicationError(_("Choose one of the organization's campaigns."), field="campaign")
    if fee is None:
        raise ApplicationError(_("Give the fee in rupiah (0 if there was none)."), field="fee")
    return {
        "campaign": campaign,
        "post_url": _web_address(post_url, "post_url"),
        "fee": _count(fee, "fee", maximum=MAX_FEE),
        "clicks": _count(clicks, "clicks"),
        "views": _count(views, "views"),
        "engagements": _count(engagements, "engagements"),
    }


@transaction.atomic
def external_placement_create(
    *,
    member: Membership,
    influencer: ExternalInfluencer,
    campaign: Campaign,
    fee: int,
    post_url: str = "",
    clicks: int | None = None,
    views: int | None = None,
    engagements: int | None = None,
) -> ExternalPlacement:
    """Record one paid post of an influencer in one of the organization's campaigns: the fee in whole rupiah and,
    when the influencer reported them, clicks, views and engagements (None: not reported)."""
    _own_influencer(member, influencer)
    values = _placement_values(
        member=member,
        campaign=campaign,
        post_url=post_url,
        fee=fee,
        clicks=clicks,
        views=views,
        engagements=engagements,
    )
    placement = ExternalPlacement(influencer=influencer, **values)
    full_clean_or_refuse(placement, exclude=["influencer", "campaign"])
    placement.save()
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="external_placement.create",
        target=placement,
        changes={"influencer": influencer.pk, **{name: _plain(value) for name, value in values.items()}},
    )
    return placement


def _own_placement(member: Membership, placement: ExternalPlacement) -> None:
    _require_admin(member)
    if placement.influencer.organization_id != member.organization_id:
        raise forbidden()


@transaction.atomic
def external_placement_update(
    *,
    member: Membership,
    placement: ExternalPlacement,
    campaign: Campaign,
    fee: int,
    post_url: str = "",
    clicks: int | None = None,
    views: int | None = None,
    engagements: int | None = None,
) -> ExternalPlacement:
    """Change a placement's campaign, address, fee or reported figures (PR team only)."""
    _own_placement(member, placement)
    values = _placement_values(
        member=member,
        campaign=campaign,
        post_url=post_url,
        fee=fee,
        clicks=clicks,
        views=views,
        engagements=engagements,
    )
    placement = ExternalPlacement.objects.select_for_update().select_related("influencer").get(pk=placement.pk)
    before = {name: _plain(getattr(placement, name)) for name in PLACEMENT_FIELDS}
    for name, value in values.items():
        setattr(placement, name, value)
    full_clean_or_refuse(placement, exclude=["influencer", "campaign"])
    placement.save()
    after = {name: _plain(value) for name, value in values.items()}
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="external_placement.update",
        target=placement,
        changes={name: [before[name], after[name]] for name in PLACEMENT_FIELDS if before[name] != after[name]},
    )
    return placement


@transaction.atomic
def external_placement_delete(*, member: Membership, placement: ExternalPlacement) -> None:
    """Remove a placement (PR team only)."""
    _own_placement(member, placement)
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="external_placement.delete",
        target=placement,
        changes={
            "influencer": placement.influencer_id,
            "campaign": placement.campaign_id,
            "fee": placement.fee,
        },
    )
    placement.delete()
