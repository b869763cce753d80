"""The crisis lane: broadcast the holding statement to a confirmed audience, through the outbox, at high priority."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.campaigns import selectors
from duta.campaigns.models import Campaign, CrisisBroadcast
from duta.campaigns.services._common import check_words, require_admin
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership


@transaction.atomic
def crisis_broadcast(
    *,
    member: Membership,
    campaign: Campaign,
    message: str,
    segment: selectors.Segment,
    confirmed_size: int,
    confirmation: str,
) -> CrisisBroadcast:
    """Send ``message`` to the segment's ambassadors, once the admin has confirmed how many they are.

    The audience is counted again here: if it changed since the admin saw it, nothing is sent and the admin
    confirms the new number. ``confirmation`` is the one-time id of the page the admin confirmed on: sending
    it again (a double click, the back button) returns the broadcast already sent and sends nothing.
    """
    require_admin(member, campaign.organization)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_crisis:
        raise ApplicationError(_("Broadcasts belong to the crisis lane."))
    if campaign.is_closed:
        raise ApplicationError(_("This crisis is closed."))
    if not confirmation:
        raise ApplicationError(_("Count the audience and confirm it first."), code="audience_changed")
    already = CrisisBroadcast.objects.filter(campaign=campaign, confirmation=confirmation).first()
    if already is not None:
        return already
    message = message.strip()
    if not message:
        raise ApplicationError(_("Write the message (the holding statement)."), field="message")
    check_words(campaign.organization, [message], field="message")
    user_ids = list(
        selectors.audience(organization=campaign.organization, segment=segment).values_list("user_id", flat=True)
    )
    if not user_ids:
        raise ApplicationError(_("Nobody is in this audience: choose other units, programs or platforms."))
    if len(user_ids) != confirmed_size:
        raise ApplicationError(
            _("The audience is now %(count)d ambassadors, not %(confirmed)d: check and confirm again.")
            % {"count": len(user_ids), "confirmed": confirmed_size},
            code="audience_changed",
        )
    broadcast = CrisisBroadcast.objects.create(
        campaign=campaign,
        message=message,
        segment=segment.as_dict(),
        audience_size=len(user_ids),
        sent_at=timezone.now(),
        sent_by=member.user,
        confirmation=confirmation[:40],
    )
    from duta.notifications.services import notifications_send

    notifications_send(
        organization=campaign.organization,
        recipients=user_ids,
        kind="crisis",
        priority="high",
        subject=_("Crisis: %(name)s") % {"name": campaign.name},
        body=message,
        url=reverse("campaigns:feed", kwargs={"org_slug": campaign.organization.slug}),
        topic=broadcast.topic,
        key=broadcast.topic,
        actor=member.user,
    )
    audit_record(
        actor=member.user,
        organization=campaign.organization,
        action="crisis.broadcast",
        target=broadcast,
        changes={"campaign": campaign.pk, "audience": len(user_ids), "segment": segment.as_dict()},
    )
    return broadcast
