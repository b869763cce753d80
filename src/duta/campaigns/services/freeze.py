"""The freeze: every scheduled or live normal item of the organization paused at once, and put back later."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.accounts.models import User
from duta.campaigns.models import Campaign, ContentItem, Freeze, ItemEvent, ItemStatus
from duta.campaigns.services._common import require_admin, settings_for_update
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership, Organization


def _normal_items(organization: Organization) -> QuerySet[ContentItem]:
    return ContentItem.objects.filter(organization=organization).exclude(campaign__kind=Campaign.Kind.CRISIS)


def _bulk_move(moves: list[tuple[ContentItem, str]], *, actor: User, now: datetime, text: str = "") -> None:
    """Move many items at once, each to the status given with it, each with its history entry."""
    events = []
    for item, to_status in moves:
        events.append(
            ItemEvent(
                item=item,
                kind=ItemEvent.Kind.TRANSITION,
                actor=actor,
                from_status=item.status,
                to_status=to_status,
                text=text,
            )
        )
        item.status = to_status
        item.updated_at = now
    fields = ["status", "paused_from", "freeze", "updated_at"]
    ContentItem.objects.bulk_update([item for item, _status in moves], fields, batch_size=500)
    ItemEvent.objects.bulk_create(events, batch_size=500)


@transaction.atomic
def organization_freeze(*, member: Membership, reason: str) -> Freeze:
    """Pause every scheduled or live non-crisis item of the organization at once; the feed shows the freeze."""
    require_admin(member)
    if not reason.strip():
        raise ApplicationError(_("Say why content is frozen (ambassadors see it)."), field="reason")
    settings_for_update(member.organization)  # one freeze at a time: the settings row is the lock
    if Freeze.objects.filter(organization=member.organization, ended_at__isnull=True).exists():
        raise ApplicationError(_("Content is frozen already."))
    now = timezone.now()
    freeze = Freeze.objects.create(
        organization=member.organization, reason=reason.strip()[:300], started_at=now, started_by=member.user
    )
    items = list(
        _normal_items(member.organization)
        .select_for_update()
        .filter(status__in=[ItemStatus.SCHEDULED, ItemStatus.LIVE])
    )
    for item in items:
        item.paused_from = item.status
        item.freeze = freeze
    _bulk_move([(item, ItemStatus.PAUSED) for item in items], actor=member.user, text=freeze.reason, now=now)
    freeze.items_paused = len(items)
    freeze.save(update_fields=["items_paused"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="content.freeze",
        target=freeze,
        changes={"items_paused": len(items)},
    )
    return freeze


@transaction.atomic
def organization_resume(*, member: Membership) -> Freeze:
    """Lift the freeze: every item it paused returns to where it was (a schedule that passed meanwhile goes live
    at the scheduler's next turn)."""
    require_admin(member)
    settings_for_update(member.organization)
    freeze = Freeze.objects.select_for_update().filter(organization=member.organization, ended_at__isnull=True).first()
    if freeze is None:
        raise ApplicationError(_("Content is not frozen."))
    now = timezone.now()
    items = list(ContentItem.objects.select_for_update().filter(freeze=freeze, status=ItemStatus.PAUSED))
    moves = [(item, item.paused_from or ItemStatus.APPROVED) for item in items]
    for item in items:
        item.paused_from = ""
        item.freeze = None
    _bulk_move(moves, actor=member.user, now=now)
    freeze.ended_at = now
    freeze.ended_by = member.user
    freeze.save(update_fields=["ended_at", "ended_by"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="content.resume",
        target=freeze,
        changes={"items_resumed": len(items)},
    )
    return freeze
