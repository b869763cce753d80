"""Share links: made for an ambassador when they share, disabled or retargeted by the PR team."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.campaigns import selectors as campaign_selectors
from duta.campaigns import services as campaign_services
from duta.campaigns.models import ContentItem
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.links import rules
from duta.links.models import Click, ShareLink, VisitorSalt, click_id_floor
from duta.organizations.models import Membership, Role


def _require_admin(member: Membership, link: ShareLink | ContentItem) -> None:
    if member.role != Role.ADMIN or not member.is_active or link.organization_id != member.organization_id:
        raise forbidden()


def share_link_ensure(*, member: Membership, item_pk: int, platform: str, language: str = "id") -> ShareLink | None:
    """The member's link for one platform of an item in their feed, made on first use (404 for an item that is
    not in their feed); None when the item has no page to link to (the caption and files are shared alone), once
    sharing itself is allowed. Refused when the platform is not offered to them, when sharing is closed for them
    now (their posting window, sharing hours, the daily limit; never for a crisis), or when the PR team disabled
    their link."""
    entry = campaign_selectors.feed_item_for_member(member=member, item_pk=item_pk, language=language)
    offer = next((offer for offer in entry.offers if offer.platform == platform), None)
    if offer is None:
        raise ApplicationError(_("This item is not offered to you for this platform."), code="platform")
    if not entry.is_crisis:
        if not entry.is_open:
            opens = timezone.localtime(entry.opens_at).strftime("%H:%M")
            raise ApplicationError(_("Your posting window opens at %(time)s.") % {"time": opens}, code="window")
        found = campaign_selectors.campaign_settings_for(member.organization)
        refusal = campaign_selectors.share_refusal_for(member=member, found=found)
        if refusal:
            raise ApplicationError(refusal, code="closed")
    if not entry.item.target_url:
        return None
    link = ShareLink.objects.filter(item=entry.item, member=member, platform=platform).first()
    if link is None:
        link = _create(member=member, item=entry.item, platform=platform, position=offer.position)
    if not link.is_active:
        raise ApplicationError(
            _("The PR team has disabled your link for this item. Ask them before you share it."), code="disabled"
        )
    return link


def share_link_build(*, member: Membership, item: ContentItem, platform: str, position: int) -> ShareLink:
    """A new link (not saved) for the member, item and platform, with a fresh code; ``position`` is the caption
    variant offered (``utm_content``). The campaign and the member's unit are copied for the rollups."""
    return ShareLink(
        organization_id=member.organization_id,
        code=rules.new_code(),
        item=item,
        member=member,
        platform=platform,
        campaign_id=item.campaign_id,
        unit_id=member.unit_id,
        destination=item.target_url,
        utm_campaign=rules.utm_campaign_value(item.campaign.name, item.campaign_id),
        utm_content=rules.utm_content_value(position),
    )


def _create(*, member: Membership, item: ContentItem, platform: str, position: int) -> ShareLink:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                link = share_link_build(member=member, item=item, platform=platform, position=position)
                link.full_clean(validate_unique=False, validate_constraints=False)
                link.save()
                audit_record(
                    actor=member.user,
                    action="links.share_link.create",
                    organization=member.organization,
                    target=link,
                    changes={"item": item.pk, "platform": platform, "utm_content": link.utm_content},
                )
                return link
        except IntegrityError:
            # two taps at once made the same link (or, very rarely, the random code was taken: draw again)
            found = ShareLink.objects.filter(item=item, member=member, platform=platform).first()
            if found is not None:
                return found
    raise ApplicationError(_("The link could not be made. Please try again."), code="retry")


@transaction.atomic
def share_link_set_active(*, member: Membership, link: ShareLink, active: bool) -> ShareLink:
    """Disable a link (it answers 410 with a friendly page) or enable it again. PR team only."""
    _require_admin(member, link)
    link = ShareLink.objects.select_for_update().get(pk=link.pk)
    if link.is_active == active:
        return link
    link.is_active = active
    link.changed_by = member.user
    link.save(update_fields=["is_active", "changed_by", "updated_at"])
    audit_record(
        actor=member.user,
        action="links.share_link.enable" if active else "links.share_link.disable",
        organization=member.organization,
        target=link,
        changes={"is_active": active},
    )
    return link


def _clean_destination(destination: str) -> str:
    destination = destination.strip()
    if not rules.is_safe_destination(destination):
        raise ApplicationError(
            _("Enter a full web address that starts with https:// or http://."), code="destination", field="destination"
        )
    return destination


@transaction.atomic
def share_link_retarget(*, member: Membership, link: ShareLink, destination: str) -> ShareLink:
    """Point a link at another page (the UTM parameters stay). PR team only; http(s) addresses only."""
    _require_admin(member, link)
    destination = _clean_destination(destination)
    link = ShareLink.objects.select_for_update().get(pk=link.pk)
    before = link.destination
    if before == destination:
        return link
    link.destination = destination
    link.changed_by = member.user
    link.save(update_fields=["destination", "changed_by", "updated_at"])
    audit_record(
        actor=member.user,
        action="links.share_link.retarget",
        organization=member.organization,
        target=link,
        changes={"destination": [before, destination]},
    )
    return link


@transaction.atomic
def share_links_retarget_item(*, member: Membership, item: ContentItem, destination: str) -> int:
    """Point every link of an item, and the item itself, at another page (when the page moved). Returns how many
    links changed."""
    _require_admin(member, item)
    destination = _clean_destination(destination)
    if item.target_url != destination:  # links made from now on go there too
        campaign_services.item_target_move(member=member, item=item, target_url=destination)
    links = ShareLink.objects.filter(item=item).exclude(destination=destination)
    changed = links.update(destination=destination, changed_by=member.user, updated_at=timezone.now())
    if not changed:
        return 0  # nothing moved (the item's own page, if it moved, has its audit row)
    audit_record(
        actor=member.user,
        action="links.share_link.retarget_item",
        organization=member.organization,
        target=item,
        changes={"destination": destination, "links": changed},
    )
    return changed


# --- the visitor salts and retention ----------------------------------------------------------------


def visitor_salts_ensure(*, days: Iterable[date]) -> dict[date, str]:
    """The salts of these days, made on first use (every redirector node reads the same ones)."""
    wanted = list(days)
    salts = dict(VisitorSalt.objects.filter(day__in=wanted).values_list("day", "salt"))
    for day in wanted:
        if day not in salts:
            try:
                with transaction.atomic():
                    salts[day] = VisitorSalt.objects.create(day=day, salt=secrets.token_hex(32)).salt
            except IntegrityError:  # another node made it first
                salts[day] = VisitorSalt.objects.get(day=day).salt
    return salts


@transaction.atomic
def clicks_purge(*, today: date | None = None) -> tuple[int, int]:
    """Delete the stored clicks older than ``LINKS_CLICK_RETENTION_DAYS`` (the daily rollups stay) and the salts
    of days before yesterday. Returns (clicks, salts) deleted."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=settings.LINKS_CLICK_RETENTION_DAYS)
    clicks, _details = Click.objects.filter(id__lt=click_id_floor(int(cutoff.timestamp() * 1000))).delete()
    salts, _details = VisitorSalt.objects.filter(day__lt=today - timedelta(days=1)).delete()
    if clicks or salts:
        audit_record(actor=None, action="links.clicks.purge", changes={"clicks": clicks, "salts": salts})
    return clicks, salts
