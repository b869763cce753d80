"""Every read of share links, clicks and their rollups, scoped to the member's organization.

An ambassador sees their own links; the PR team (admins) sees and manages every link of the organization.
The redirector reads the links of every organization (`links_changed_since`): it serves them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from duta.links import rules
from duta.links.models import ClickRollup, ShareLink
from duta.organizations.models import Membership, Role

# Links changed this long before the previous look are read again: a transaction that committed a little after
# it stamped ``updated_at`` (or a node whose clock is a little behind) is not missed.
REFRESH_OVERLAP = timedelta(seconds=5)


# --- the redirector ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedirectRow:
    link_id: int
    code: str
    location: str  # the destination with its UTM parameters
    active: bool


def links_changed_since(watermark: datetime | None) -> tuple[list[RedirectRow], datetime]:
    """The links of every organization changed since ``watermark`` (all of them when None), and the next
    watermark: the time this look started. A destination that is not http(s) is never served: such a link is
    loaded as disabled."""
    started = timezone.now()
    links = ShareLink.objects.order_by()
    if watermark is not None:
        links = links.filter(updated_at__gte=watermark - REFRESH_OVERLAP)
    locations: dict[tuple[str, str, str, str], str] = {}
    rows = []
    fields = ("pk", "code", "destination", "platform", "utm_campaign", "utm_content", "is_active")
    for pk, code, destination, platform, campaign, content, active in links.values_list(*fields).iterator(
        chunk_size=5000
    ):
        key = (destination, platform, campaign, content)
        location = locations.get(key)
        if location is None:
            location = ""
            if rules.is_safe_destination(destination):
                location = rules.tracked_url(destination, source=platform, campaign=campaign, content=content)
            locations[key] = location
        rows.append(RedirectRow(pk, code, location, bool(active and location)))
    return rows, started


# --- ambassadors ------------------------------------------------------------------------------------


def share_link_get_for_member(*, member: Membership, code: str) -> ShareLink:
    """A link of the member's organization: their own, or any for the PR team. Otherwise 404."""
    link = (
        ShareLink.objects.filter(organization=member.organization, code=code)
        .select_related("item__campaign", "member__user", "unit")
        .first()
    )
    if link is None or not member.is_active:
        raise Http404
    if member.role != Role.ADMIN and link.member_id != member.pk:
        raise Http404
    return link


# --- the PR team ------------------------------------------------------------------------------------


def require_link_admin(member: Membership) -> None:
    """The PR team (active admins) manage links; for anyone else the pages do not exist (404)."""
    if member.role != Role.ADMIN or not member.is_active:
        raise Http404


def share_link_list_for_member(
    *, member: Membership, item_pk: int | None = None, query: str = "", state: str = ""
) -> QuerySet[ShareLink]:
    """The organization's links for the PR team, newest first, with their stored clicks; 404 for other roles."""
    require_link_admin(member)
    links = ShareLink.objects.filter(organization=member.organization)
    if item_pk is not None:
        links = links.filter(item_id=item_pk)
    query = query.strip()
    if query:
        code = query.rstrip("/").rsplit("/", 1)[-1]
        links = links.filter(
            Q(code=code)
            | Q(member__user__email__icontains=query)
            | Q(member__user__full_name__icontains=query)
            | Q(item__title__icontains=query)
        )
    if state == "active":
        links = links.filter(is_active=True)
    elif state == "disabled":
        links = links.filter(is_active=False)
    return links.select_related("item__campaign", "member__user", "unit")


@dataclass(frozen=True)
class ClickTotals:
    clicks: int = 0
    previews: int = 0
    filtered: int = 0


def click_totals(
    *, member: Membership, dimension: str, keys: Iterable[int], since: date | None = None
) -> dict[int, ClickTotals]:
    """Clicks per object (links, items, campaigns…) from the daily rollups, for the PR team."""
    require_link_admin(member)
    rollups = ClickRollup.objects.filter(organization=member.organization, dimension=dimension, key__in=list(keys))
    if since is not None:
        rollups = rollups.filter(day__gte=since)
    rows = rollups.values("key").annotate(clicks=Sum("clicks"), previews=Sum("previews"), filtered=Sum("filtered"))
    return {row["key"]: ClickTotals(row["clicks"], row["previews"], row["filtered"]) for row in rows}


def click_days(*, member: Membership, dimension: str, key: int, days: int = 14) -> list[tuple[date, ClickTotals]]:
    """The last ``days`` days of one object's rollups (oldest first, days without clicks included)."""
    require_link_admin(member)
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    rows = (
        ClickRollup.objects.filter(organization=member.organization, dimension=dimension, key=key, day__gte=first)
        .values("day")
        .annotate(clicks=Sum("clicks"), previews=Sum("previews"), filtered=Sum("filtered"))
    )
    by_day = {row["day"]: ClickTotals(row["clicks"], row["previews"], row["filtered"]) for row in rows}
    return [(first + timedelta(days=n), by_day.get(first + timedelta(days=n), ClickTotals())) for n in range(days)]


def click_platforms(*, member: Membership, dimension: str, key: int) -> list[tuple[str, ClickTotals]]:
    """One object's clicks per platform, most clicked first."""
    require_link_admin(member)
    rows = (
        ClickRollup.objects.filter(organization=member.organization, dimension=dimension, key=key)
        .values("platform")
        .annotate(clicks=Sum("clicks"), previews=Sum("previews"), filtered=Sum("filtered"))
        .order_by("-clicks", "platform")
    )
    return [(row["platform"], ClickTotals(row["clicks"], row["previews"], row["filtered"])) for row in rows]
