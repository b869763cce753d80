"""Nudges: a coordinator's one-click reminder to the inactive ambassadors of their units, through the outbox."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from duta.analytics.access import analytics_reader
from duta.analytics.models import MemberStat, Nudge
from duta.analytics.selectors.recognition import analytics_settings_for
from duta.campaigns.selectors import Segment, audience
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership, Role, Unit

NUDGE_INTERVAL_DAYS = 3  # one nudge per ambassador in this many days, whoever sends it
MAX_NUDGES = 500  # per click


@transaction.atomic
def members_nudge(*, member: Membership, member_ids: list[int], now: dt.datetime | None = None) -> int:
    """Remind the chosen ambassadors, who must be inactive and in the sender's units, to share again; those nudged
    in the last ``NUDGE_INTERVAL_DAYS`` days are skipped. Returns how many were nudged."""
    from duta.notifications.services import notifications_send

    try:
        reader = analytics_reader(member)
    except PermissionDenied as error:
        raise ApplicationError(_("You may not nudge ambassadors."), code="forbidden") from error
    if member.role == Role.VIEWER:
        raise ApplicationError(_("You may not nudge ambassadors."), code="forbidden")
    ids = sorted({int(pk) for pk in member_ids})
    if not ids:
        raise ApplicationError(_("Choose at least one ambassador."), field="members")
    if len(ids) > MAX_NUDGES:
        raise ApplicationError(_("Nudge at most %(count)d ambassadors at once.") % {"count": MAX_NUDGES})
    now = now or timezone.now()
    organization = member.organization
    days = analytics_settings_for(organization).inactive_after_days
    cutoff = timezone.localtime(now).date() - dt.timedelta(days=days)
    stats = {
        stat.member_id: stat
        for stat in MemberStat.objects.filter(organization=organization, member_id__in=ids).select_related(
            "member__user"
        )
    }
    paths = dict(
        Unit.objects.filter(organization=organization, pk__in=[s.unit for s in stats.values()]).values_list(
            "id", "path"
        )
    )
    recent = set(
        Nudge.objects.filter(member_id__in=ids, sent_at__gte=now - dt.timedelta(days=NUDGE_INTERVAL_DAYS)).values_list(
            "member_id", flat=True
        )
    )
    # only those content still reaches (an ambassador who withdrew consent is left alone, whatever the figures say)
    reached = set(
        audience(organization=organization, segment=Segment()).filter(pk__in=ids).values_list("pk", flat=True)
    )
    chosen = []
    for pk in ids:
        stat = stats.get(pk)
        if stat is None or not reader.sees_path(paths.get(stat.unit, "")):
            raise ApplicationError(_("One of the chosen ambassadors is not in your units."), code="forbidden")
        if stat.last_shared_on and stat.last_shared_on >= cutoff:
            continue  # shared again meanwhile
        if pk not in recent and pk in reached:
            chosen.append(stat.member)
    if not chosen:
        return 0
    Nudge.objects.bulk_create(
        [Nudge(organization=organization, member=target, sent_by=member.user, sent_at=now) for target in chosen]
    )
    url = reverse("campaigns:feed", kwargs={"org_slug": organization.slug})
    by_language: dict[str, list[Membership]] = defaultdict(list)
    for target in chosen:
        by_language[target.user.language or settings.LANGUAGE_CODE].append(target)
    key = f"nudge:{timezone.localtime(now):%Y-%m-%d}:{member.pk}"
    for language, group in by_language.items():
        with override(language):
            notifications_send(
                organization=organization,
                recipients=[target.user for target in group],
                kind="nudge",
                subject=_("We miss your shares"),
                body=_(
                    "%(sender)s from your unit reminds you: there is new content waiting for you in Duta. "
                    "Share one item this week, in your own words."
                )
                % {"sender": member.user.full_name or member.user.email},
                url=url,
                key=key,
                actor=member.user,
            )
    audit_record(
        actor=member.user,
        action="analytics.nudge",
        organization=organization,
        target=member,
        changes={"members": [target.pk for target in chosen]},
    )
    return len(chosen)
