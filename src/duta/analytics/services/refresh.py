"""Recompute an organization's figures (``Stat``, ``VariantStat``, ``MemberStat``) from the records of sharing.

A **share** is a tap on a share button that made a tracked link (``links.ShareLink``) or a reported post
(``campaigns.PostReport``); an active ambassador **shared** in a period when they made at least one. Clicks come
from the shipper's rollups (``links.ClickRollup``), never from the clicks themselves. Everything is read in a few
bulk queries and counted in memory per member, so the work grows with the number of members and shares in the
periods, and a dashboard then reads a handful of rows (ADR 0009).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone

from duta.analytics import periods as P
from duta.analytics.models import Refresh, Scope, Stat
from duta.analytics.services.activity import Event, Member, active_members, events_between
from duta.analytics.services.consistency import member_stats_compute, member_stats_store
from duta.analytics.services.variants import variant_stats_store
from duta.campaigns.models import Campaign, PostReport
from duta.campaigns.selectors import audience, campaign_segment
from duta.links.models import ClickRollup, ShareLink
from duta.organizations.models import Organization

HISTORY_DAYS = 371  # a year of weeks back, for streaks and the "last 12 months" totals
ORG, PROGRAM, CAMPAIGN = Scope.ORGANIZATION.value, Scope.PROGRAM.value, Scope.CAMPAIGN.value


@dataclass
class _Bucket:
    sharers: int = 0
    shares: int = 0
    posts: int = 0
    potential_reach: int = 0
    observed_reach: int = 0
    engagements: int = 0
    clicks: int = 0
    previews: int = 0
    active: int = 0


_Adder = Callable[[str, int, int, str], _Bucket]  # the bucket of (scope, key, unit, platform)


@dataclass
class RefreshResult:
    periods: list[str] = field(default_factory=list)
    stats: int = 0
    members: int = 0
    seconds: float = 0.0


def current_periods(today: dt.date) -> list[P.Period]:
    """What a regular refresh recomputes: today and yesterday, and the week, month, quarter and year of today (and
    of yesterday, so that a period is finished once after it ends)."""
    yesterday = today - dt.timedelta(days=1)
    found = {P.period_of(kind, day) for kind in P.KINDS for day in (today, yesterday)}
    return sorted(found)


def all_periods(*, organization: Organization, today: dt.date) -> list[P.Period]:
    """Every period from the organization's first share to today (a rebuild)."""
    first = [
        ShareLink.objects.filter(organization=organization).aggregate(first=Min("created_at"))["first"],
        PostReport.objects.filter(organization=organization).aggregate(first=Min("created_at"))["first"],
    ]
    starts = [timezone.localtime(moment).date() for moment in first if moment]
    start = min(starts, default=today)
    return sorted(P.periods_between(start, today))


def analytics_refresh(
    *, organization: Organization, periods: list[P.Period] | None = None, today: dt.date | None = None
) -> RefreshResult:
    """Recompute the figures of ``periods`` (by default :func:`current_periods`), every active ambassador's
    consistency figures, the variants of the campaigns shared in those periods, and then the points and badges."""
    from duta.analytics.services.recognition import recognition_refresh

    started = time.perf_counter()
    today = today or timezone.localdate()
    periods = sorted(set(periods or current_periods(today) + _periods_with_new_views(organization)))
    history_start = min([today - dt.timedelta(days=HISTORY_DAYS), *(period.start for period in periods)])
    members = active_members(organization)
    events = list(events_between(organization, history_start, today))
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    for event in events:
        if event.member in members:
            by_day[event.day].append(event)

    rows: list[Stat] = []
    for period in periods:
        rows += _period_rows(organization, period, members, by_day)
    member_rows = member_stats_compute(organization, members, events, today)
    covered = {day for period in periods for day in period.days_in()}
    campaign_ids = {event.campaign for event in events if event.day in covered}
    campaign_ids |= set(  # clicks keep coming on the links of older campaigns
        ClickRollup.objects.filter(
            organization=organization, dimension="campaign", day__gte=today - dt.timedelta(days=1)
        )
        .values_list("key", flat=True)
        .distinct()
    )

    with transaction.atomic():
        Stat.objects.filter(organization=organization, period__in=[period.key for period in periods]).delete()
        Stat.objects.bulk_create(rows, batch_size=2000)
        member_stats_store(organization, member_rows)
        variant_stats_store(organization, campaign_ids)
    recognition_refresh(organization=organization, today=today)
    seconds = time.perf_counter() - started
    Refresh.objects.update_or_create(
        organization=organization,
        defaults={
            "finished_at": timezone.now(),
            "seconds": round(seconds, 3),
            "periods": [period.key for period in periods],
        },
    )
    return RefreshResult(
        periods=[period.key for period in periods], stats=len(rows), members=len(member_rows), seconds=seconds
    )


def _periods_with_new_views(organization: Organization) -> list[P.Period]:
    """The periods of the posts whose views and reactions were entered since the last refresh: the figures of a
    finished period change when an ambassador reads their post's views days later."""
    last = Refresh.objects.filter(organization=organization).values_list("finished_at", flat=True).first()
    if last is None:
        return []
    moments = PostReport.objects.filter(organization=organization, metrics_at__gte=last).values_list(
        "created_at", flat=True
    )
    days = {timezone.localtime(moment).date() for moment in moments[:10000]}
    return sorted({period for day in days for period in P.periods_around(day)})


def analytics_refresh_all(*, organization: Organization, today: dt.date | None = None) -> RefreshResult:
    """Recompute every period since the first share (after an import, or a change of definitions)."""
    today = today or timezone.localdate()
    return analytics_refresh(organization=organization, periods=all_periods(organization=organization, today=today))


def _clicks(
    organization: Organization, dimension: str, period: P.Period, by_day: bool = False
) -> Iterable[tuple[int, dt.date | None, str, int, int]]:
    """Counted clicks and previews per key (and day) and platform in a period, summed by the database."""
    fields = ["key", "day", "platform"] if by_day else ["key", "platform"]
    rows = (
        ClickRollup.objects.filter(
            organization=organization, dimension=dimension, day__gte=period.start, day__lte=period.end
        )
        .values(*fields)
        .annotate(total_clicks=Sum("clicks"), total_previews=Sum("previews"))
        .values_list(*fields, "total_clicks", "total_previews")
    )
    for row in rows:
        if by_day:
            key, day, platform, clicks, previews = row
        else:
            (key, platform, clicks, previews), day = row, None
        yield key, day, platform, clicks or 0, previews or 0


# --- counting -----------------------------------------------------------------------------------------------


def _period_rows(
    organization: Organization, period: P.Period, members: dict[int, Member], by_day: dict[dt.date, list[Event]]
) -> list[Stat]:
    """The rows of one period. A day keeps only the organization's and the campaigns' totals (for the charts);
    longer periods also keep each unit's own members and each program's ambassadors."""
    detailed = period.kind != P.DAY
    buckets: dict[tuple[str, int, int, str], _Bucket] = defaultdict(_Bucket)

    def add(scope: str, key: int, unit: int, platform: str) -> _Bucket:
        return buckets[(scope, key, unit, platform)]

    per_member: dict[int, list[Event]] = defaultdict(list)
    for day in period.days_in():
        for event in by_day.get(day, ()):
            per_member[event.member].append(event)

    for member_id, own in per_member.items():
        member = members[member_id]
        targets: list[tuple[str, int, int]] = [(ORG, 0, 0)]
        if detailed:
            targets.append((ORG, 0, member.unit))
            for program in member.programs:
                targets += [(PROGRAM, program, 0), (PROGRAM, program, member.unit)]
        _count(add, targets, own, member)
        for campaign in {event.campaign for event in own}:
            _count(add, [(CAMPAIGN, campaign, 0)], [event for event in own if event.campaign == campaign], member)

    # the denominators: active ambassadors per unit and program; a campaign's audience
    for member in members.values():
        add(ORG, 0, 0, "").active += 1
        if detailed:
            add(ORG, 0, member.unit, "").active += 1
            for program in member.programs:
                add(PROGRAM, program, 0, "").active += 1
                add(PROGRAM, program, member.unit, "").active += 1
    shared_campaigns = {key for scope, key, _unit, _platform in buckets if scope == CAMPAIGN}
    for running in _running_campaigns(organization, period, shared_campaigns):
        add(CAMPAIGN, running.pk, 0, "").active = audience(
            organization=organization, segment=campaign_segment(running)
        ).count()

    _add_clicks(organization, period, members, add, detailed)
    rows = []
    for (scope, key, unit, platform), bucket in buckets.items():
        if platform and not (bucket.sharers or bucket.clicks or bucket.previews):
            continue
        active = buckets.get((scope, key, unit, "")) if platform else None
        rows.append(
            Stat(
                organization=organization,
                period=period.key,
                scope=scope,
                scope_key=key,
                unit=unit,
                platform=platform,
                active=(active or bucket).active,
                sharers=bucket.sharers,
                shares=bucket.shares,
                posts=bucket.posts,
                clicks=bucket.clicks,
                previews=bucket.previews,
                potential_reach=bucket.potential_reach,
                observed_reach=bucket.observed_reach,
                engagements=bucket.engagements,
            )
        )
    return rows


def _count(add: _Adder, targets: list[tuple[str, int, int]], own: list[Event], member: Member) -> None:
    """Add one member's shares in a period to each target (scope, key, unit), per platform and in total: they count
    once as a sharer, and their followers once per platform they shared on."""
    platforms = {event.platform for event in own}
    shares: dict[str, int] = defaultdict(int)
    posts: dict[str, int] = defaultdict(int)
    views: dict[str, int] = defaultdict(int)
    engagements: dict[str, int] = defaultdict(int)
    for event in own:
        if event.post:
            posts[event.platform] += 1
            views[event.platform] += event.views
            engagements[event.platform] += event.engagements
        else:
            shares[event.platform] += 1
    reach = {platform: member.reach.get(platform, 0) for platform in platforms}
    for scope, key, unit in targets:
        total = add(scope, key, unit, "")
        total.sharers += 1
        for platform in platforms:
            bucket = add(scope, key, unit, platform)
            bucket.sharers += 1
            for target in (bucket, total):
                target.shares += shares[platform]
                target.posts += posts[platform]
                target.potential_reach += reach[platform]
                target.observed_reach += views[platform]
                target.engagements += engagements[platform]


def _add_clicks(
    organization: Organization, period: P.Period, members: dict[int, Member], add: _Adder, detailed: bool
) -> None:
    """Clicks from the rollups: per campaign (and so the organization's total), per unit (the link's unit when it
    was made), per program (through the ambassador's clicks)."""
    for campaign, _day, platform, clicks, previews in _clicks(organization, "campaign", period):
        for bucket in (
            add(CAMPAIGN, campaign, 0, platform),
            add(CAMPAIGN, campaign, 0, ""),
            add(ORG, 0, 0, platform),
            add(ORG, 0, 0, ""),
        ):
            bucket.clicks += clicks
            bucket.previews += previews
    if not detailed:
        return
    for unit, _day, platform, clicks, previews in _clicks(organization, "unit", period):
        for bucket in (add(ORG, 0, unit, platform), add(ORG, 0, unit, "")):
            bucket.clicks += clicks
            bucket.previews += previews
    if not any(member.programs for member in members.values()):
        return
    for member_id, _day, platform, clicks, previews in _clicks(organization, "member", period):
        member = members.get(member_id)
        if member is None:
            continue
        for program in member.programs:
            for unit in (0, member.unit):
                for bucket in (add(PROGRAM, program, unit, platform), add(PROGRAM, program, unit, "")):
                    bucket.clicks += clicks
                    bucket.previews += previews


def _running_campaigns(organization: Organization, period: P.Period, shared: set[int]) -> list[Campaign]:
    """The campaigns running in a period, and those shared in it."""
    from django.db.models import Q

    running = Q(starts_on__lte=period.end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    return list(
        Campaign.objects.filter(Q(organization=organization) & (running | Q(pk__in=shared))).prefetch_related(
            "target_units", "target_programs", "target_cohorts"
        )
    )
