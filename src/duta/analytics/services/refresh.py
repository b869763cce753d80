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
from duta.analytics.models import MemberStat, Refresh, Scope, Stat, VariantStat
from duta.campaigns.models import Campaign, CaptionVariant, PostReport
from duta.campaigns.selectors import Segment, audience, campaign_segment
from duta.links.models import ClickRollup, ShareLink
from duta.organizations.models import Organization
from duta.people.models import SocialAccount
from duta.programs.models import Candidate, Program, Stage

DEFAULT_WEEKLY_TARGET = 3
HISTORY_DAYS = 371  # a year of weeks back, for streaks and the "last 12 months" totals
ORG, PROGRAM, CAMPAIGN = Scope.ORGANIZATION.value, Scope.PROGRAM.value, Scope.CAMPAIGN.value


@dataclass
class _Member:
    unit: int
    programs: tuple[int, ...]
    reach: dict[str, int]  # followers per platform: the verified count where there is one, else the latest


@dataclass
class _Event:
    member: int
    platform: str
    day: dt.date
    campaign: int
    post: bool
    views: int = 0
    engagements: int = 0


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
    periods = sorted(set(periods or current_periods(today)))
    history_start = min([today - dt.timedelta(days=HISTORY_DAYS), *(period.start for period in periods)])
    members = _members(organization)
    events = list(_events(organization, history_start, today))
    by_day: dict[dt.date, list[_Event]] = defaultdict(list)
    for event in events:
        if event.member in members:
            by_day[event.day].append(event)

    rows: list[Stat] = []
    for period in periods:
        rows += _period_rows(organization, period, members, by_day)
    member_rows = _member_stats(organization, members, events, today)
    campaign_ids = {event.campaign for event in events if any(period.contains(event.day) for period in periods)}

    with transaction.atomic():
        Stat.objects.filter(organization=organization, period__in=[period.key for period in periods]).delete()
        Stat.objects.bulk_create(rows, batch_size=2000)
        _store_member_stats(organization, member_rows)
        _store_variants(organization, campaign_ids)
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


def analytics_refresh_all(*, organization: Organization, today: dt.date | None = None) -> RefreshResult:
    """Recompute every period since the first share (after an import, or a change of definitions)."""
    today = today or timezone.localdate()
    return analytics_refresh(organization=organization, periods=all_periods(organization=organization, today=today))


# --- reading ------------------------------------------------------------------------------------------------


def _members(organization: Organization) -> dict[int, _Member]:
    """The active ambassadors (those content reaches), with their unit, programs and followers."""
    rows = list(audience(organization=organization, segment=Segment()).values_list("id", "user_id", "unit_id"))
    programs: dict[int, list[int]] = defaultdict(list)
    for program_id, user_id in Candidate.objects.filter(
        program__organization=organization, stage=Stage.ACTIVE, employee__user__isnull=False
    ).values_list("program_id", "employee__user_id"):
        programs[user_id].append(program_id)
    reach: dict[int, dict[str, int]] = defaultdict(dict)
    for user_id, platform, followers, verified in SocialAccount.objects.filter(
        employee__organization=organization, employee__user__isnull=False
    ).values_list("employee__user_id", "platform", "followers", "verified_followers"):
        count = verified if verified is not None else followers
        if count:
            reach[user_id][platform] = max(count, reach[user_id].get(platform, 0))
    return {
        member_id: _Member(unit=unit_id or 0, programs=tuple(sorted(set(programs[user_id]))), reach=reach[user_id])
        for member_id, user_id, unit_id in rows
    }


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _events(organization: Organization, start: dt.date, end: dt.date) -> Iterable[_Event]:
    """Every share tap (a link made) and reported post between two days, in the organization's time zone."""
    low, high = _bounds(start, end)
    zone = timezone.get_current_timezone()
    links = ShareLink.objects.filter(organization=organization, created_at__gte=low, created_at__lt=high)
    for member_id, platform, created_at, campaign_id in links.values_list(
        "member_id", "platform", "created_at", "campaign_id"
    ).iterator(chunk_size=20000):
        yield _Event(member_id, platform, created_at.astimezone(zone).date(), campaign_id or 0, False)
    reports = PostReport.objects.filter(organization=organization, created_at__gte=low, created_at__lt=high)
    for member_id, platform, created_at, campaign_id, views, reactions, comments, reshares in reports.values_list(
        "member_id", "platform", "created_at", "item__campaign_id", "views", "reactions", "comments", "reshares"
    ).iterator(chunk_size=20000):
        yield _Event(
            member_id,
            platform,
            created_at.astimezone(zone).date(),
            campaign_id,
            True,
            views or 0,
            (reactions or 0) + (comments or 0) + (reshares or 0),
        )


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
    organization: Organization, period: P.Period, members: dict[int, _Member], by_day: dict[dt.date, list[_Event]]
) -> list[Stat]:
    """The rows of one period. A day keeps only the organization's and the campaigns' totals (for the charts);
    longer periods also keep each unit's own members and each program's ambassadors."""
    detailed = period.kind != P.DAY
    buckets: dict[tuple[str, int, int, str], _Bucket] = defaultdict(_Bucket)

    def add(scope: str, key: int, unit: int, platform: str) -> _Bucket:
        return buckets[(scope, key, unit, platform)]

    per_member: dict[int, list[_Event]] = defaultdict(list)
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


def _count(add: _Adder, targets: list[tuple[str, int, int]], own: list[_Event], member: _Member) -> None:
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
    organization: Organization, period: P.Period, members: dict[int, _Member], add: _Adder, detailed: bool
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


# --- consistency --------------------------------------------------------------------------------------------


def _member_stats(
    organization: Organization, members: dict[int, _Member], events: list[_Event], today: dt.date
) -> dict[int, MemberStat]:
    targets: dict[int, int] = dict(Program.objects.filter(organization=organization).values_list("id", "weekly_target"))
    week = P.period_of(P.WEEK, today)
    per_week: dict[int, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    last: dict[int, dt.date] = {}
    shares: dict[int, int] = defaultdict(int)
    posts: dict[int, int] = defaultdict(int)
    year_ago = today - dt.timedelta(days=365)
    for event in events:
        if event.member not in members:
            continue
        per_week[event.member][event.day - dt.timedelta(days=event.day.weekday())] += 1
        if event.day > last.get(event.member, dt.date.min):
            last[event.member] = event.day
        if event.day > year_ago:
            if event.post:
                posts[event.member] += 1
            else:
                shares[event.member] += 1
    clicks = dict(
        ClickRollup.objects.filter(organization=organization, dimension="member", day__gt=year_ago)
        .values("key")
        .annotate(total=Sum("clicks"))
        .values_list("key", "total")
    )
    result = {}
    for member_id, member in members.items():
        target = max((targets.get(program, 0) for program in member.programs), default=0) or DEFAULT_WEEKLY_TARGET
        weeks = per_week.get(member_id, {})
        streak, best = _streaks(weeks, week.start, target)
        result[member_id] = MemberStat(
            organization=organization,
            member_id=member_id,
            unit=member.unit,
            weekly_target=target,
            last_shared_on=last.get(member_id),
            shares_this_week=weeks.get(week.start, 0),
            streak_weeks=streak,
            best_streak_weeks=best,
            shares_total=shares[member_id],
            posts_total=posts[member_id],
            clicks_total=clicks.get(member_id, 0),
        )
    return result


def _streaks(weeks: dict[dt.date, int], this_week: dt.date, target: int) -> tuple[int, int]:
    """Weeks in a row that reached the target, ending with this week (when it already did) or the last one; and
    the longest run in the history read."""
    week = this_week if weeks.get(this_week, 0) >= target else this_week - dt.timedelta(days=7)
    streak = 0
    while weeks.get(week, 0) >= target:
        streak += 1
        week -= dt.timedelta(days=7)
    best = run = 0
    previous = None
    for start in sorted(day for day, count in weeks.items() if count >= target):
        run = run + 1 if previous is not None and (start - previous).days == 7 else 1
        best = max(best, run)
        previous = start
    return streak, max(best, streak)


def _store_member_stats(organization: Organization, rows: dict[int, MemberStat]) -> None:
    existing = {stat.member_id: stat for stat in MemberStat.objects.filter(organization=organization)}
    gone = set(existing) - set(rows)  # no longer active ambassadors
    for start in range(0, len(gone), 500):
        MemberStat.objects.filter(member_id__in=sorted(gone)[start : start + 500]).delete()
    fields = [
        "unit",
        "weekly_target",
        "last_shared_on",
        "shares_this_week",
        "streak_weeks",
        "best_streak_weeks",
        "shares_total",
        "posts_total",
        "clicks_total",
    ]
    changed, new = [], []
    for member_id, row in rows.items():
        stat = existing.get(member_id)
        if stat is None:
            new.append(row)
            continue
        row.best_streak_weeks = max(row.best_streak_weeks, stat.best_streak_weeks)
        if stat.last_shared_on and (row.last_shared_on is None or stat.last_shared_on > row.last_shared_on):
            row.last_shared_on = stat.last_shared_on
        if any(getattr(stat, name) != getattr(row, name) for name in fields):
            for name in fields:
                setattr(stat, name, getattr(row, name))
            changed.append(stat)
    MemberStat.objects.bulk_create(new, batch_size=2000)
    MemberStat.objects.bulk_update(changed, fields, batch_size=2000)


# --- variants -----------------------------------------------------------------------------------------------


def _store_variants(organization: Organization, campaign_ids: set[int]) -> None:
    """Shares, posts and clicks per caption variant over each campaign's life, for the campaigns shared lately."""
    campaign_ids.discard(0)
    if not campaign_ids:
        return
    totals: dict[tuple[int, int, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    link_variant: dict[int, tuple[int, int, str, str]] = {}
    for link_id, campaign_id, item_id, platform, content in ShareLink.objects.filter(
        organization=organization, campaign_id__in=campaign_ids
    ).values_list("id", "campaign_id", "item_id", "platform", "utm_content"):
        key = (campaign_id, item_id, platform, content or "v1")
        link_variant[link_id] = key
        totals[key][0] += 1
    positions: dict[int, str] = {}
    seen: dict[tuple[int, str, str], int] = defaultdict(int)
    for variant_id, item_id, platform, language in CaptionVariant.objects.filter(
        item__campaign_id__in=campaign_ids
    ).values_list("id", "item_id", "platform", "language"):
        positions[variant_id] = f"v{seen[(item_id, platform, language)] + 1}"
        seen[(item_id, platform, language)] += 1
    for campaign_id, item_id, platform, variant_id in PostReport.objects.filter(
        organization=organization, item__campaign_id__in=campaign_ids
    ).values_list("item__campaign_id", "item_id", "platform", "variant_id"):
        totals[(campaign_id, item_id, platform, positions.get(variant_id, "v1"))][1] += 1
    for link_id, clicks, previews in (
        ClickRollup.objects.filter(
            organization=organization,
            dimension="link",
            key__in=ShareLink.objects.filter(organization=organization, campaign_id__in=campaign_ids).values("id"),
        )
        .values("key")
        .annotate(total_clicks=Sum("clicks"), total_previews=Sum("previews"))
        .values_list("key", "total_clicks", "total_previews")
    ):
        variant_key = link_variant.get(link_id)
        if variant_key is not None:
            totals[variant_key][2] += clicks or 0
            totals[variant_key][3] += previews or 0
    VariantStat.objects.filter(organization=organization, campaign_id__in=campaign_ids).delete()
    VariantStat.objects.bulk_create(
        [
            VariantStat(
                organization=organization,
                campaign_id=campaign_id,
                item_id=item_id,
                platform=platform,
                variant=variant,
                shares=shares,
                posts=posts,
                clicks=clicks,
                previews=previews,
            )
            for (campaign_id, item_id, platform, variant), (shares, posts, clicks, previews) in totals.items()
        ],
        batch_size=2000,
    )
