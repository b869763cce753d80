"""Writes of recognition: points and badges derived from the other apps' records, seasons, a member's choice to hide
their name, and switching leaderboards on (only with an impact assessment, Law 27/2022) or off.

``recognition_refresh`` is called by the figures' refresh (``services.refresh``) after it has written the
``MemberStat`` rows; every other service here is called by a page.
"""

from __future__ import annotations

import itertools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.academy.models import Completion
from duta.analytics import recognition_rules as rules
from duta.analytics.models import AnalyticsSettings, BadgeAward, MemberStat, PointEntry, RecognitionPreference, Season
from duta.analytics.selectors.recognition import analytics_settings_for, season_span
from duta.campaigns.models import Campaign, PostReport
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations.models import Membership, Organization, Role
from duta.people.models import CountSource, FollowerSnapshot

# Reports are read again from this many days before the latest day that has points: a report whose transaction
# committed late, or that was made just before midnight, is not missed (the ones already counted are skipped).
OVERLAP_DAYS = 2
BATCH = 5000


def _require_admin(member: Membership) -> None:
    if member.role != Role.ADMIN or not member.is_active:
        raise forbidden()


def _zone() -> zoneinfo.ZoneInfo:
    """The organization's time zone: the days of points are days of ``settings.TIME_ZONE``."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# --- points and badges ---------------------------------------------------------------------------------------


@transaction.atomic
def recognition_refresh(*, organization: Organization, today: date) -> None:
    """Award the points and badges earned since the last run, and recompute every ambassador's season and total
    points, level and rank (``MemberStat``, whose rows the figures' refresh has made).

    - Points (``PointEntry``, one per act, ``recognition_rules``): reported posts of active ambassadors (not on
      Facebook), by the report's day in ``settings.TIME_ZONE``; the first verified follower count of each
      account of the ambassador's roster entry (employee linked by organization and user); each course completed
      in the academy (``academy.Completion``). After the first run
      only reports from a few days before the latest points are read again. The organization's daily cap applies
      across kinds; an act over the cap is stored with the points it kept (possibly 0), so it is never counted
      twice.
    - ``points_season``: points within the latest season that contains ``today``, or, when no season does, within
      the calendar quarter that contains ``today``. ``points_total``: every point. ``level`` from the total.
      ``rank``: dense rank by the season's points in the organization (ties share a rank); None without points.
    - Badges (``BadgeAward``, awarded on ``today``) are never taken back.

    Bulk queries only (no query per ambassador), so it stays fast for 100,000 ambassadors."""
    found = analytics_settings_for(organization)
    # a report taken back takes its points with it: reporting, deleting and reporting again earns nothing more
    # (NOT EXISTS: an anti-join through the reports' primary key, where NOT IN would compare every pair on PostgreSQL)
    PointEntry.objects.filter(organization=organization, kind=rules.POST).exclude(
        Exists(PostReport.objects.filter(pk=OuterRef("source_id")))
    ).delete()
    points = _points_derive(organization=organization, cap=found.points_daily_cap)
    earned = _member_stats_update(organization=organization, today=today)
    badges = _badges_award(organization=organization, today=today, earned=earned)
    if points or badges:
        audit_record(
            actor=None,
            action="analytics.recognition.refresh",
            organization=organization,
            changes={"points": points, "badges": badges},
        )


def _post_rows(organization: Organization, zone: zoneinfo.ZoneInfo) -> tuple[Iterator[tuple[int, int, datetime]], date]:
    """Reports that may earn points and have none yet: (member, report, created at), by member then time; and the
    first day read (``date.min`` on the first run)."""
    reports = PostReport.objects.filter(
        organization=organization, member__role=Role.AMBASSADOR, member__is_active=True
    ).exclude(platform__in=rules.UNREWARDED_PLATFORMS)
    latest = PointEntry.objects.filter(organization=organization, kind=rules.POST).aggregate(latest=Max("day"))[
        "latest"
    ]
    since = date.min
    if latest is not None:
        since = latest - timedelta(days=OVERLAP_DAYS)
        reports = reports.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    counted = PointEntry.objects.filter(member_id=OuterRef("member_id"), kind=rules.POST, source_id=OuterRef("pk"))
    rows = (
        reports.exclude(Exists(counted))
        .order_by("member_id", "created_at", "pk")
        .values_list("member_id", "pk", "created_at")
        .iterator(chunk_size=BATCH)
    )
    return rows, since


def _verified_events(organization: Organization, zone: zoneinfo.ZoneInfo) -> dict[int, list[rules.PointEvent]]:
    """The first verified count of each account that has earned nothing yet, per active ambassador."""
    rewarded = FollowerSnapshot.objects.filter(
        pk__in=PointEntry.objects.filter(organization=organization, kind=rules.VERIFIED).values("source_id")
    ).values("account_id")
    rows = list(
        FollowerSnapshot.objects.filter(
            source=CountSource.VERIFIED,
            account__employee__organization=organization,
            account__employee__user__isnull=False,
        )
        .exclude(account_id__in=rewarded)
        .order_by("account_id", "pk")
        .values_list("account_id", "pk", "recorded_at", "account__employee__user_id")
    )
    if not rows:
        return {}
    members = dict(
        Membership.objects.filter(organization=organization, role=Role.AMBASSADOR, is_active=True).values_list(
            "user_id", "pk"
        )
    )
    events: dict[int, list[rules.PointEvent]] = defaultdict(list)
    for _account, group in itertools.groupby(rows, key=lambda row: row[0]):
        _account_id, snapshot_id, recorded_at, user_id = next(group)  # the account's first verified count
        member_id = members.get(user_id)
        if member_id is None:
            continue
        events[member_id].append(
            rules.PointEvent(
                at=recorded_at,
                day=recorded_at.astimezone(zone).date(),
                kind=rules.VERIFIED,
                source_id=snapshot_id,
                points=rules.points_for(rules.VERIFIED),
            )
        )
    return events


def _training_events(organization: Organization, zone: zoneinfo.ZoneInfo) -> dict[int, list[rules.PointEvent]]:
    """Each course an active ambassador completed in the academy that has earned nothing yet."""
    rewarded = PointEntry.objects.filter(
        organization=organization, kind=rules.TRAINING, member_id=OuterRef("member_id"), source_id=OuterRef("pk")
    )
    events: dict[int, list[rules.PointEvent]] = defaultdict(list)
    for member_id, completion_id, completed_at in (
        Completion.objects.filter(organization=organization, member__role=Role.AMBASSADOR, member__is_active=True)
        .exclude(Exists(rewarded))
        .values_list("member_id", "pk", "completed_at")
    ):
        events[member_id].append(
            rules.PointEvent(
                at=completed_at,
                day=completed_at.astimezone(zone).date(),
                kind=rules.TRAINING,
                source_id=completion_id,
                points=rules.points_for(rules.TRAINING),
            )
        )
    return events


def _awarded_by_member_day(organization: Organization, since: date) -> dict[int, dict[date, int]]:
    entries = PointEntry.objects.filter(organization=organization)
    if since > date.min:
        entries = entries.filter(day__gte=since)
    awarded: dict[int, dict[date, int]] = defaultdict(dict)
    for member_id, day, total in (
        entries.values("member_id", "day").annotate(total=Sum("points")).values_list("member_id", "day", "total")
    ):
        awarded[member_id][day] = total or 0
    return awarded


def _points_derive(*, organization: Organization, cap: int) -> int:
    """Store the points of acts not counted yet; returns how many acts were stored."""
    zone = _zone()
    verified = _verified_events(organization, zone)  # and the courses completed, which earn once as well
    for member_id, events in _training_events(organization, zone).items():
        verified.setdefault(member_id, []).extend(events)
    post_rows, since = _post_rows(organization, zone)
    earliest = min([since, *(event.day for events in verified.values() for event in events)])
    awarded = _awarded_by_member_day(organization, earliest)
    pending: list[PointEntry] = []
    stored = 0

    def add(member_id: int, events: list[rules.PointEvent]) -> None:
        nonlocal stored
        kept = rules.apply_daily_cap(events, cap, awarded.get(member_id, {}))
        for event, points in zip(events, kept, strict=True):
            pending.append(
                PointEntry(
                    organization=organization,
                    member_id=member_id,
                    kind=event.kind,
                    source_id=event.source_id,
                    day=event.day,
                    points=points,
                )
            )
        if len(pending) >= BATCH:
            stored += len(pending)
            PointEntry.objects.bulk_create(pending, batch_size=BATCH, ignore_conflicts=True)
            pending.clear()

    post_points = rules.points_for(rules.POST)
    for member_id, group in itertools.groupby(post_rows, key=lambda row: row[0]):
        events = [
            rules.PointEvent(
                at=created_at,
                day=created_at.astimezone(zone).date(),
                kind=rules.POST,
                source_id=report_id,
                points=post_points,
            )
            for _member, report_id, created_at in group
        ]
        add(member_id, events + verified.pop(member_id, []))
    for member_id, events in verified.items():
        add(member_id, events)
    if pending:
        stored += len(pending)
        PointEntry.objects.bulk_create(pending, batch_size=BATCH, ignore_conflicts=True)
    return stored


def _member_stats_update(*, organization: Organization, today: date) -> dict[int, rules.MemberFigures]:
    """Write points, level and rank of every ``MemberStat`` row of the organization (only the rows that change);
    returns each member's figures for the badges."""
    span = season_span(organization=organization, today=today)
    sums = {
        row[0]: row[1:]
        for row in PointEntry.objects.filter(organization=organization)
        .values("member_id")
        .annotate(
            total=Sum("points"),
            season=Sum("points", filter=Q(day__gte=span.start, day__lte=span.end)),
            posts=Count("pk", filter=Q(kind=rules.POST)),
            verified=Count("pk", filter=Q(kind=rules.VERIFIED)),
        )
        .order_by()
        .values_list("member_id", "total", "season", "posts", "verified")
    }
    crisis = set(
        PostReport.objects.filter(organization=organization, item__campaign__kind=Campaign.Kind.CRISIS)
        .exclude(platform__in=rules.UNREWARDED_PLATFORMS)
        .order_by()
        .values_list("member_id", flat=True)
        .distinct()
    )
    stats = list(
        MemberStat.objects.filter(organization=organization).values_list(
            "pk",
            "member_id",
            "points_season",
            "points_total",
            "level",
            "rank",
            "shares_total",
            "clicks_total",
            "streak_weeks",
            "best_streak_weeks",
        )
    )
    seasons = [(sums.get(row[1]) or (0, 0))[1] or 0 for row in stats]
    ranks = rules.dense_ranks(seasons)
    # (field, new value) -> the rows whose field changes to that value
    changed: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    figures: dict[int, rules.MemberFigures] = {}
    for row, season_points, rank in zip(stats, seasons, ranks, strict=True):
        pk, member_id, old_season, old_total, old_level, old_rank, shares, clicks, streak, best = row
        total, _season, posts, verified = sums.get(member_id) or (0, 0, 0, 0)
        total = total or 0
        level = rules.level_number(total)
        for name, old, new in (
            ("points_season", old_season, season_points),
            ("points_total", old_total, total),
            ("level", old_level, level),
            ("rank", old_rank, rank),
        ):
            if old != new:
                changed[(name, new)].append(pk)
        figures[member_id] = rules.MemberFigures(
            shares_total=shares,
            reported_posts=posts,
            streak_weeks=streak,
            best_streak_weeks=best,
            clicks_total=clicks,
            verified_accounts=verified,
            crisis_posts=1 if member_id in crisis else 0,
        )
    # One UPDATE per field and value (points and ranks take few distinct values), much faster than bulk_update's
    # CASE per row at 100,000 rows.
    for (name, value), pks in changed.items():
        for start in range(0, len(pks), BATCH):
            MemberStat.objects.filter(pk__in=pks[start : start + BATCH]).update(**{name: value})
    return figures


def _badges_award(*, organization: Organization, today: date, earned: dict[int, rules.MemberFigures]) -> int:
    """Award the badges newly earned; returns how many."""
    held: dict[int, int] = defaultdict(int)
    for member_id, badge in (
        BadgeAward.objects.filter(organization=organization)
        .values_list("member_id", "badge")
        .iterator(chunk_size=BATCH)
    ):
        held[member_id] |= rules.BADGE_BITS.get(badge, 0)
    awards = [
        BadgeAward(organization=organization, member_id=member_id, badge=badge, awarded_on=today)
        for member_id, figures in earned.items()
        for badge in rules.badges_earned(figures)
        if not held[member_id] & rules.BADGE_BITS[badge]
    ]
    BadgeAward.objects.bulk_create(awards, batch_size=BATCH, ignore_conflicts=True)
    return len(awards)


# --- seasons -------------------------------------------------------------------------------------------------


def _season_check(*, organization: Organization, name: str, starts_on: date, ends_on: date, pk: int | None) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the season a name."), field="name")
    if ends_on < starts_on:
        raise ApplicationError(_("A season cannot end before it starts."), field="ends_on")
    # one season at a time: lock the organization's row so that two overlapping seasons cannot be made at once
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    others = Season.objects.filter(organization=organization, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if pk is not None:
        others = others.exclude(pk=pk)
    overlapping = others.order_by("starts_on").first()
    if overlapping is not None:
        raise ApplicationError(
            _("Seasons cannot overlap: “%(name)s” runs from %(start)s to %(end)s.")
            % {"name": overlapping.name, "start": overlapping.starts_on, "end": overlapping.ends_on},
            code="overlap",
            field="starts_on",
        )
    return name


@transaction.atomic
def season_create(*, member: Membership, name: str, starts_on: date, ends_on: date) -> Season:
    """A new season (PR team): its points make the leaderboards while it runs. Seasons never overlap."""
    _require_admin(member)
    name = _season_check(organization=member.organization, name=name, starts_on=starts_on, ends_on=ends_on, pk=None)
    season = Season(organization=member.organization, name=name, starts_on=starts_on, ends_on=ends_on)
    season.full_clean()
    season.save()
    audit_record(
        actor=member.user,
        action="analytics.season.create",
        organization=member.organization,
        target=season,
        changes={"name": name, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return season


@transaction.atomic
def season_update(*, member: Membership, season: Season, name: str, starts_on: date, ends_on: date) -> Season:
    """Rename a season or move its dates (PR team). The season's points follow at the next refresh."""
    _require_admin(member)
    if season.organization_id != member.organization_id:
        raise forbidden()
    name = _season_check(
        organization=member.organization, name=name, starts_on=starts_on, ends_on=ends_on, pk=season.pk
    )
    season = Season.objects.select_for_update().get(pk=season.pk)
    before = {"name": season.name, "starts_on": season.starts_on.isoformat(), "ends_on": season.ends_on.isoformat()}
    season.name, season.starts_on, season.ends_on = name, starts_on, ends_on
    after = {"name": name, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()}
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changes:
        return season
    season.full_clean()
    season.save()
    audit_record(
        actor=member.user,
        action="analytics.season.update",
        organization=member.organization,
        target=season,
        changes=changes,
    )
    return season


@transaction.atomic
def season_delete(*, member: Membership, season: Season) -> None:
    """Delete a season (PR team). Points stay: they count in the totals, and in the quarter's leaderboard."""
    _require_admin(member)
    if season.organization_id != member.organization_id:
        raise forbidden()
    audit_record(
        actor=member.user,
        action="analytics.season.delete",
        organization=member.organization,
        target=season,
        changes={"name": season.name, "starts_on": season.starts_on.isoformat(), "ends_on": season.ends_on.isoformat()},
    )
    season.delete()


# --- the member's own choice ---------------------------------------------------------------------------------


@transaction.atomic
def recognition_preference_set(*, member: Membership, hide_name: bool) -> RecognitionPreference:
    """The member hides their name from the leaderboards others see (or shows it again). Their own choice only:
    the member passed is the one acting."""
    if not member.is_active:
        raise forbidden()
    preference, _created = RecognitionPreference.objects.select_for_update().get_or_create(member=member)
    before = preference.hide_name
    if before == hide_name:  # nothing changes (a new row starts with the name shown)
        return preference
    preference.hide_name = hide_name
    preference.full_clean()
    preference.save()
    audit_record(
        actor=member.user,
        action="analytics.recognition_preference.set",
        organization=member.organization,
        target=preference,
        changes={"hide_name": [before, hide_name]},
    )
    return preference


# --- leaderboards on and off ---------------------------------------------------------------------------------


def _settings_for_update(organization: Organization) -> AnalyticsSettings:
    found, _created = AnalyticsSettings.objects.select_for_update().get_or_create(organization=organization)
    return found


@transaction.atomic
def leaderboards_enable(*, member: Membership, impact_assessment_on: date | None, reference: str) -> AnalyticsSettings:
    """Switch leaderboards on (PR team). Scoring people is high-risk processing (Law 27/2022, art. 34): the date
    the data protection impact assessment was completed and its reference are required, and recorded with who
    gave them."""
    _require_admin(member)
    reference = (reference or "").strip()
    if impact_assessment_on is None:
        raise ApplicationError(
            _("Give the date the impact assessment was completed."),
            code="impact_assessment",
            field="impact_assessment_on",
        )
    if impact_assessment_on > timezone.localdate():
        raise ApplicationError(
            _(
                "The impact assessment must be completed before leaderboards are switched on: "
                "its date cannot be in the future."
            ),
            code="impact_assessment",
            field="impact_assessment_on",
        )
    if not reference:
        raise ApplicationError(
            _("Give the reference of the impact assessment (its document number or location)."),
            code="impact_assessment",
            field="reference",
        )
    found = _settings_for_update(member.organization)
    before = {
        "leaderboards_enabled": found.leaderboards_enabled,
        "impact_assessment_on": found.impact_assessment_on.isoformat() if found.impact_assessment_on else None,
        "impact_assessment_reference": found.impact_assessment_reference,
    }
    found.leaderboards_enabled = True
    found.impact_assessment_on = impact_assessment_on
    found.impact_assessment_reference = reference
    found.impact_assessment_by = member.user
    found.full_clean(exclude=["organization"])
    found.save()
    after = {
        "leaderboards_enabled": True,
        "impact_assessment_on": impact_assessment_on.isoformat(),
        "impact_assessment_reference": reference,
    }
    audit_record(
        actor=member.user,
        action="analytics.leaderboards.enable",
        organization=member.organization,
        target=found,
        changes={key: [before[key], after[key]] for key in after},
    )
    member._analytics_settings = found  # type: ignore[attr-defined]  # what the member reads next
    return found


@transaction.atomic
def leaderboards_disable(*, member: Membership) -> AnalyticsSettings:
    """Switch leaderboards off (PR team): nobody sees them any more; points and badges stay. The impact
    assessment stays on record."""
    _require_admin(member)
    found = _settings_for_update(member.organization)
    member._analytics_settings = found  # type: ignore[attr-defined]  # what the member reads next
    if not found.leaderboards_enabled:
        return found
    found.leaderboards_enabled = False
    found.save(update_fields=["leaderboards_enabled", "updated_at"])
    audit_record(
        actor=member.user,
        action="analytics.leaderboards.disable",
        organization=member.organization,
        target=found,
        changes={"leaderboards_enabled": [True, False]},
    )
    return found
