"""Content items on their way: draft -> in review -> approved -> scheduled -> live -> archived, and the freeze.

Every transition is one service with an ``ItemEvent`` (the history shown on the item) and an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from duta.accounts.models import User
from duta.campaigns import selectors
from duta.campaigns.models import (
    Attachment,
    Campaign,
    CaptionVariant,
    ContentItem,
    ItemEvent,
    ItemStatus,
    Platform,
)
from duta.campaigns.services._common import check_words, item_event, require_admin, settings_for_update
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations.models import Membership, Role

MAX_VARIANTS = 30


@dataclass(frozen=True)
class VariantData:
    platform: str
    text: str
    language: str = "id"


def _lock(item: ContentItem) -> ContentItem:
    return ContentItem.objects.select_for_update(of=("self",)).select_related("campaign__organization").get(pk=item.pk)


def _transition(item: ContentItem, to_status: str, *, actor: User | None, text: str = "", action: str) -> None:
    from_status = item.status
    item.status = to_status
    item.save()
    item_event(item, actor=actor, from_status=from_status, to_status=to_status, text=text)
    audit_record(
        actor=actor,
        organization=item.campaign.organization,
        action=action,
        target=item,
        changes={"status": [from_status, to_status]},
    )


def _check_variants(campaign: Campaign, variants: list[VariantData]) -> list[VariantData]:
    cleaned = []
    for variant in variants:
        text = variant.text.strip()
        if not text:
            continue
        if variant.platform not in Platform.values:
            raise ApplicationError(_("Unknown platform: %(name)s.") % {"name": variant.platform}, field="variants")
        if variant.language not in ("id", "en"):
            raise ApplicationError(_("Captions are in Indonesian or English."), field="variants")
        cleaned.append(VariantData(platform=variant.platform, text=text, language=variant.language))
    if len(cleaned) > MAX_VARIANTS:
        raise ApplicationError(_("At most %(count)d caption variants.") % {"count": MAX_VARIANTS}, field="variants")
    wanted = set(campaign.target_platforms)
    outside = [variant.platform for variant in cleaned if wanted and variant.platform not in wanted]
    if outside:
        raise ApplicationError(
            _("The campaign does not target %(platform)s.") % {"platform": Platform(outside[0]).label},
            field="variants",
        )
    return cleaned


def _save_content(
    item: ContentItem, *, title: str, target_url: str, variants: list[VariantData], attachments: list[Attachment]
) -> None:
    if any(attachment.campaign_id != item.campaign_id for attachment in attachments):
        raise ApplicationError(_("Attach files of this campaign."), field="attachments")
    cleaned = _check_variants(item.campaign, variants)
    item.title = title.strip()
    item.target_url = target_url.strip()
    check_words(item.campaign.organization, [item.title, *(variant.text for variant in cleaned)])
    item.full_clean(exclude=["author", "organization", "campaign"])
    item.save()
    item.variants.all().delete()
    CaptionVariant.objects.bulk_create(
        CaptionVariant(item=item, platform=variant.platform, language=variant.language, text=variant.text)
        for variant in cleaned
    )
    item.attachments.set(attachments)


@transaction.atomic
def item_create(
    *,
    member: Membership,
    campaign: Campaign,
    title: str,
    target_url: str = "",
    variants: list[VariantData],
    attachments: list[Attachment] | None = None,
) -> ContentItem:
    require_admin(member, campaign.organization)
    if campaign.is_closed:
        raise ApplicationError(_("This campaign is closed."))
    item = ContentItem(organization=campaign.organization, campaign=campaign, author=member.user)
    _save_content(item, title=title, target_url=target_url, variants=variants, attachments=attachments or [])
    item_event(item, actor=member.user, to_status=ItemStatus.DRAFT)
    audit_record(
        actor=member.user,
        organization=campaign.organization,
        action="content.create",
        target=item,
        changes={"campaign": campaign.pk, "variants": item.variants.count()},
    )
    return item


@transaction.atomic
@transaction.atomic
def item_target_move(*, member: Membership, item: ContentItem, target_url: str) -> ContentItem:
    """Change the page an item links to, whatever its status (the page moved; the approved words stay)."""
    require_admin(member, item.organization)
    try:
        URLValidator(schemes=["http", "https"])(target_url)
    except ValidationError:
        raise ApplicationError(
            _("Enter a full web address that starts with https:// or http://."), field="target_url"
        ) from None
    item = _lock(item)
    before = item.target_url
    item.target_url = target_url
    item.save(update_fields=["target_url", "updated_at"])
    audit_record(
        actor=member.user,
        organization=item.organization,
        action="content.target_move",
        target=item,
        changes={"target_url": [before, target_url]},
    )
    return item


def item_update(
    *,
    member: Membership,
    item: ContentItem,
    title: str,
    target_url: str = "",
    variants: list[VariantData],
    attachments: list[Attachment] | None = None,
) -> ContentItem:
    """Only drafts change: an item in review goes back to draft first, so that what was approved is what goes out."""
    require_admin(member, item.organization)
    item = _lock(item)
    if item.status != ItemStatus.DRAFT:
        raise ApplicationError(_("Only drafts can be edited; send the item back to draft first."))
    _save_content(item, title=title, target_url=target_url, variants=variants, attachments=attachments or [])
    audit_record(
        actor=member.user,
        organization=item.organization,
        action="content.update",
        target=item,
        changes={"variants": item.variants.count()},
    )
    return item


@transaction.atomic
def item_comment(*, member: Membership, item: ContentItem, text: str) -> ItemEvent:
    """Admins and approvers discuss an item; the comment stays in its history."""
    found = selectors.campaign_settings_for(item.organization)
    if item.organization_id != member.organization_id:
        raise forbidden()
    if member.role != Role.ADMIN and not selectors.may_approve(member, found):
        raise forbidden()
    if not text.strip():
        raise ApplicationError(_("Write a comment."), field="text")
    event = item_event(item, actor=member.user, kind=ItemEvent.Kind.COMMENT, text=text.strip()[:4000])
    audit_record(actor=member.user, organization=item.organization, action="content.comment", target=item)
    return event


@transaction.atomic
def item_submit(*, member: Membership, item: ContentItem) -> ContentItem:
    """Send a draft for review: it needs a caption and, in every caption, the campaign's disclosure tag."""
    require_admin(member, item.organization)
    item = _lock(item)
    if item.status != ItemStatus.DRAFT:
        raise ApplicationError(_("Only drafts can be sent for review."))
    variants = list(item.variants.all())
    if not variants:
        raise ApplicationError(_("Write at least one caption before sending the item for review."))
    tag = item.campaign.disclosure_tag or selectors.campaign_settings_for(item.organization).default_disclosure_tag
    if tag:
        folded = "".join(tag.lower().split())
        missing = [variant for variant in variants if folded not in "".join(variant.text.lower().split())]
        if missing:
            raise ApplicationError(
                _("%(count)d caption(s) lack the disclosure tag “%(tag)s”: every post must carry it.")
                % {"count": len(missing), "tag": tag}
            )
    check_words(item.organization, [item.title, *(variant.text for variant in variants)])
    _transition(item, ItemStatus.IN_REVIEW, actor=member.user, action="content.submit")
    return item


@transaction.atomic
def item_approve(*, member: Membership, item: ContentItem, comment: str = "") -> ContentItem:
    """One approval; the item is approved when it has the approvals the organization requires (one in a crisis).

    The four-eyes rule (on by default): the author does not approve their own item, and nobody approves twice.
    """
    item = _lock(item)
    found = selectors.campaign_settings_for(item.organization)
    if item.organization_id != member.organization_id or not selectors.may_approve(member, found):
        raise forbidden()
    if item.status != ItemStatus.IN_REVIEW:
        raise ApplicationError(_("Only items in review can be approved."))
    if found.four_eyes and item.author_id == member.user_id:
        raise ApplicationError(_("Four-eyes rule: someone other than the author must approve this item."))
    given = selectors.item_approvals_pending(item=item)
    if any(event.actor_id == member.user_id for event in given):
        raise ApplicationError(_("You have approved this item already; it needs another approver."))
    check_words(item.organization, _words(item))
    item_event(item, actor=member.user, kind=ItemEvent.Kind.APPROVAL, text=comment.strip()[:4000])
    required = 1 if item.campaign.is_crisis else found.approvals_required
    if len(given) + 1 >= required:
        _transition(item, ItemStatus.APPROVED, actor=member.user, action="content.approve")
    else:
        audit_record(
            actor=member.user,
            organization=item.organization,
            action="content.approval",
            target=item,
            changes={"approvals": [len(given), len(given) + 1], "required": required},
        )
    return item


@transaction.atomic
def item_return(*, member: Membership, item: ContentItem, comment: str) -> ContentItem:
    """Send an item in review (or approved, not yet live) back to its author, with the reason."""
    item = _lock(item)
    found = selectors.campaign_settings_for(item.organization)
    if item.organization_id != member.organization_id or not (
        member.role == Role.ADMIN or selectors.may_approve(member, found)
    ):
        raise forbidden()
    if item.status not in (ItemStatus.IN_REVIEW, ItemStatus.APPROVED, ItemStatus.SCHEDULED):
        raise ApplicationError(_("Only items in review, approved or scheduled can go back to draft."))
    if not comment.strip():
        raise ApplicationError(_("Say what should change."), field="comment")
    item.scheduled_for = None
    _transition(item, ItemStatus.DRAFT, actor=member.user, text=comment.strip()[:4000], action="content.return")
    return item


def _refuse_outside_period(item: ContentItem, today: date) -> None:
    campaign = item.campaign
    if campaign.is_crisis:
        return
    if campaign.starts_on > today:
        raise ApplicationError(
            _("The campaign starts on %(date)s: schedule the item instead.")
            % {"date": campaign.starts_on.strftime("%d-%m-%Y")}
        )
    if campaign.ends_on is not None and campaign.ends_on < today:
        raise ApplicationError(_("The campaign ended on %(date)s.") % {"date": campaign.ends_on.strftime("%d-%m-%Y")})


def _words(item: ContentItem) -> list[str]:
    return [item.title, *item.variants.values_list("text", flat=True)]


def _refuse_while_frozen(item: ContentItem) -> None:
    """Checked under the lock the freeze takes, so an item never goes live while a freeze is being made."""
    if item.campaign.is_crisis:
        return
    settings_for_update(item.organization)
    if selectors.freeze_active(organization=item.organization) is not None:
        raise ApplicationError(_("Normal content is frozen: resume it first, or publish in the crisis lane."))


@transaction.atomic
def item_schedule(*, member: Membership, item: ContentItem, when: datetime) -> ContentItem:
    require_admin(member, item.organization)
    item = _lock(item)
    if item.status not in (ItemStatus.APPROVED, ItemStatus.SCHEDULED):
        raise ApplicationError(_("Only approved items can be scheduled."))
    if when <= timezone.now():
        raise ApplicationError(_("Choose a time in the future."), field="when")
    _refuse_while_frozen(item)
    item.scheduled_for = when
    _transition(item, ItemStatus.SCHEDULED, actor=member.user, action="content.schedule")
    return item


def _go_live(item: ContentItem, *, actor: User | None, now: datetime) -> None:
    item.live_at = now
    item.scheduled_for = None
    _transition(item, ItemStatus.LIVE, actor=actor, action="content.publish")
    transaction.on_commit(lambda: _announce(item.pk))


@transaction.atomic
def item_publish(*, member: Membership, item: ContentItem) -> ContentItem:
    """Put an approved (or scheduled) item in the ambassadors' feed now."""
    require_admin(member, item.organization)
    item = _lock(item)
    if item.status not in (ItemStatus.APPROVED, ItemStatus.SCHEDULED):
        raise ApplicationError(_("Only approved items can go live."))
    if item.campaign.is_closed:
        raise ApplicationError(_("This campaign is closed."))
    _refuse_while_frozen(item)
    now = timezone.now()
    _refuse_outside_period(item, timezone.localdate(now))
    check_words(item.organization, _words(item))  # election mode may have begun since the approval
    _go_live(item, actor=member.user, now=now)
    return item


def items_publish_due(*, now: datetime | None = None) -> int:
    """The scheduler: scheduled items whose time has come go live (each in its own transaction)."""
    now = now or timezone.now()
    published = 0
    for pk in list(selectors.items_due(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            item = ContentItem.objects.select_for_update().select_related("campaign__organization").get(pk=pk)
            if item.status != ItemStatus.SCHEDULED or item.scheduled_for is None or item.scheduled_for > now:
                continue
            if item.campaign.is_closed:
                continue
            try:
                _refuse_while_frozen(item)
                _refuse_outside_period(item, timezone.localdate(now))
                check_words(item.organization, _words(item))
            except ApplicationError as error:  # stays scheduled; the PR team sees why in the item's history
                if not item.events.filter(kind=ItemEvent.Kind.COMMENT, actor=None, text=error.message).exists():
                    item_event(item, actor=None, kind=ItemEvent.Kind.COMMENT, text=error.message)
                    audit_record(
                        actor=None,
                        organization=item.organization,
                        action="content.publish_held",
                        target=item,
                        changes={"code": error.code},
                    )
                continue
            _go_live(item, actor=None, now=now)
            published += 1
    return published


def _announce(item_pk: int) -> None:
    from duta.campaigns.tasks import item_announce_task

    item_announce_task(item_pk)


def item_announce(*, item_pk: int) -> int:
    """Tell the item's audience that there is something new to share (in-app and e-mail, as each prefers)."""
    from duta.notifications.services import notifications_send

    item = ContentItem.objects.select_related("campaign__organization").get(pk=item_pk)
    if item.status != ItemStatus.LIVE:
        return 0
    organization = item.campaign.organization
    members = selectors.audience(organization=organization, segment=selectors.item_segment(item))
    url = reverse("campaigns:feed_item", kwargs={"org_slug": organization.slug, "item_pk": item.pk})
    with override(settings.LANGUAGE_CODE):  # one message for all: the organization's language
        kind = "crisis" if item.campaign.is_crisis else "content"
        subject = _("New to share: %(title)s") % {"title": item.title}
        body = _("“%(title)s” (%(campaign)s) is in your feed. Rewrite it in your own words before you share it.") % {
            "title": item.title,
            "campaign": item.campaign.name,
        }
    return notifications_send(
        organization=organization,
        recipients=list(members.values_list("user_id", flat=True)),
        kind=kind,
        subject=subject,
        body=body,
        url=url,
        topic=f"item:{item.pk}",
        key=f"item-live:{item.pk}",
        priority="high" if item.campaign.is_crisis else "normal",
    )


@transaction.atomic
def item_archive(*, member: Membership, item: ContentItem) -> ContentItem:
    require_admin(member, item.organization)
    item = _lock(item)
    if item.status == ItemStatus.ARCHIVED:
        raise ApplicationError(_("This item is archived already."))
    item.archived_at = timezone.now()
    item.scheduled_for = None
    _transition(item, ItemStatus.ARCHIVED, actor=member.user, action="content.archive")
    return item


def items_archive_for_campaign(*, campaign: Campaign, actor: User) -> int:
    """Archive every item of a closed campaign (inside the caller's transaction)."""
    count = 0
    for item in ContentItem.objects.select_for_update().filter(campaign=campaign).exclude(status=ItemStatus.ARCHIVED):
        item.archived_at = timezone.now()
        item.scheduled_for = None
        from_status = item.status
        item.status = ItemStatus.ARCHIVED
        item.save()
        item_event(item, actor=actor, from_status=from_status, to_status=ItemStatus.ARCHIVED)
        count += 1
    return count
