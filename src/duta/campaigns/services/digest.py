"""The weekly digest: each ambassador hears, once a week, what went live for them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from duta.campaigns import selectors
from duta.organizations.models import Membership, Organization

DIGEST_DAYS = 7


def digest_send(*, organization: Organization, now: datetime | None = None) -> int:
    """Queue this week's digest for every ambassador with new content; sending twice in a week sends nothing new
    (the outbox's key is the ISO week). Returns the number of messages queued."""
    from duta.notifications.services import notifications_send

    now = now or timezone.now()
    year, week, _weekday = timezone.localtime(now).isocalendar()
    by_member = selectors.new_items_by_member(organization=organization, since=now - timedelta(days=DIGEST_DAYS))
    if not by_member:
        return 0
    members = Membership.objects.filter(pk__in=by_member).select_related("user")
    groups: dict[tuple[int, ...], list[Membership]] = {}
    for member in members:
        groups.setdefault(tuple(item.pk for item in by_member[member.pk]), []).append(member)
    url = reverse("campaigns:feed", kwargs={"org_slug": organization.slug})
    sent = 0
    for group in groups.values():
        items = by_member[group[0].pk]
        with override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "This week: %(count)d new item to share", "This week: %(count)d new items to share", len(items)
            ) % {"count": len(items)}
            lines = [f"- {item.title} ({item.campaign.name})" for item in items]
            body = "\n".join(
                [_("New in your Duta feed this week:"), "", *lines, "", _("Rewrite them in your own words.")]
            )
        sent += notifications_send(
            organization=organization,
            recipients=[member.user for member in group],
            kind="digest",
            subject=subject,
            body=body,
            url=url,
            topic=f"digest:{year}-W{week:02d}",
            key=f"digest:{year}-W{week:02d}",
        )
    return sent
