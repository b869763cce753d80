"""Reads of recognition: the organization's settings, seasons, leaderboards of people and of units, and a member's
own points, level and badges.

Leaderboards exist only while the organization has switched them on (after its impact assessment, Law 27/2022):
until then they answer 404 (the page shows the PR team a notice instead). When on, ambassadors and viewers see the
whole organization, coordinators the subtrees of their units. A name its owner chose to hide is hidden from every
reader but the owner, the PR team included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from duta.analytics import periods
from duta.analytics import recognition_rules as rules
from duta.analytics.access import require_analytics_admin
from duta.analytics.models import AnalyticsSettings, BadgeAward, MemberStat, PointEntry, RecognitionPreference, Season
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.organizations.rules import path_in_scope
from duta.organizations.selectors import member_scope_paths, subtree_filter

RECENT_POINTS = 20


def analytics_settings_for(organization: Organization) -> AnalyticsSettings:
    """The organization's analytics settings, or an unsaved row with the defaults when it has none yet."""
    found = AnalyticsSettings.objects.filter(organization=organization).first()
    return found if found is not None else AnalyticsSettings(organization=organization)


def analytics_settings_for_member(member: Membership) -> AnalyticsSettings:
    """``analytics_settings_for`` the member's organization, read once per member object (one request)."""
    cached: AnalyticsSettings | None = getattr(member, "_analytics_settings", None)
    if cached is None:
        cached = analytics_settings_for(member.organization)
        member._analytics_settings = cached  # type: ignore[attr-defined]
    return cached


# --- seasons -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeasonSpan:
    """The stretch whose points make the leaderboards: a running season, or else the calendar quarter."""

    start: date
    end: date
    season: Season | None

    @property
    def label(self) -> str:
        if self.season is not None:
            return self.season.name
        return periods.period_of(periods.QUARTER, self.start).label()


def season_span(*, organization: Organization, today: date) -> SeasonSpan:
    """The latest season that contains ``today``; when none does, the calendar quarter that contains it."""
    season = (
        Season.objects.filter(organization=organization, starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on", "-pk")
        .first()
    )
    if season is not None:
        return SeasonSpan(season.starts_on, season.ends_on, season)
    quarter = periods.period_of(periods.QUARTER, today)
    return SeasonSpan(quarter.start, quarter.end, None)


def season_list_for_member(*, member: Membership) -> QuerySet[Season]:
    """The organization's seasons, latest first (PR team; 403 for other roles)."""
    require_analytics_admin(member)
    return Season.objects.filter(organization=member.organization).order_by("-starts_on", "-pk")


def season_get_for_member(*, member: Membership, season_id: int) -> Season:
    """One season of the member's organization (PR team; 403 for other roles, 404 for another organization's)."""
    require_analytics_admin(member)
    season = Season.objects.filter(organization=member.organization, pk=season_id).first()
    if season is None:
        raise Http404
    return season


# --- leaderboards --------------------------------------------------------------------------------------------


def leaderboards_enabled(organization: Organization) -> bool:
    return analytics_settings_for(organization).leaderboards_enabled


def _leaderboard_paths(member: Membership) -> tuple[str, ...]:
    """The subtrees the member's leaderboards cover (empty: the whole organization); 404 while they are off."""
    if not member.is_active or not analytics_settings_for_member(member).leaderboards_enabled:
        raise Http404
    if member.role == Role.COORDINATOR:
        roots = _roots(member_scope_paths(member))
        if not roots:  # a coordinator of no unit sees no one's points
            raise Http404
        return roots
    return ()


def _roots(paths: list[str]) -> tuple[str, ...]:
    """The paths that are not inside another one of them."""
    ordered = sorted(set(paths), key=len)
    roots: list[str] = []
    for path in ordered:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return tuple(roots)


def leaderboard_unit_for_member(*, member: Membership, unit_id: int) -> Unit:
    """A unit the member's leaderboards may narrow to (404 for one outside their scope or organization)."""
    paths = _leaderboard_paths(member)
    unit = Unit.objects.filter(organization=member.organization, pk=unit_id).first()
    if unit is None or (paths and not path_in_scope(unit.path, paths)):
        raise Http404
    return unit


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    name: str
    hidden: bool  # the name shown is not the person's (they chose to hide it)
    is_me: bool
    points: int
    level: int
    level_label: Promise
    unit_name: str


def leaderboard_members(*, member: Membership, unit_id: int | None = None, limit: int = 50) -> list[LeaderboardRow]:
    """The ambassadors with the most points this season (only those with points), best first: the whole
    organization, a coordinator's subtrees, or one unit's subtree (``unit_id``). Ranks are dense (ties share one)
    within what is listed. A hidden name reads "Hidden ambassador" for everyone but its owner. Two queries."""
    paths = _leaderboard_paths(member)
    # the refresh ranks those with points (densely, by the season's points): reading in rank order walks an index
    stats = MemberStat.objects.filter(
        organization=member.organization, rank__isnull=False, member__is_active=True, member__role=Role.AMBASSADOR
    )
    if unit_id is not None:
        unit = leaderboard_unit_for_member(member=member, unit_id=unit_id)
        paths = (unit.path,)
    if paths:
        stats = stats.filter(
            unit__in=Unit.objects.filter(subtree_filter(paths), organization=member.organization).values("pk")
        )
    hidden = RecognitionPreference.objects.filter(member_id=OuterRef("member_id"), hide_name=True)
    found = list(
        stats.annotate(hidden=Exists(hidden))
        .order_by("rank", "member_id")
        .values_list("member_id", "points_season", "level", "unit", "hidden", "member__user__full_name")[
            : max(limit, 0)
        ]
    )
    unit_names = dict(
        Unit.objects.filter(organization=member.organization, pk__in={row[3] for row in found if row[3]}).values_list(
            "pk", "name"
        )
    )
    rows: list[LeaderboardRow] = []
    ranks = rules.dense_ranks([row[1] for row in found])
    for (member_id, points, level, unit_key, is_hidden, full_name), rank in zip(found, ranks, strict=True):
        is_me = member_id == member.pk
        shown_hidden = bool(is_hidden) and not is_me
        rows.append(
            LeaderboardRow(
                rank=rank or 0,
                name=_("Hidden ambassador") if shown_hidden else (full_name or _("Ambassador")),
                hidden=shown_hidden,
                is_me=is_me,
                points=points,
                level=level,
                level_label=rules.level_label(level),
                unit_name=unit_names.get(unit_key, ""),
            )
        )
    return rows


@dataclass
class UnitRow:
    unit_id: int
    name: str
    path: str
    has_children: bool = False
    ambassadors: int = 0
    participating: int = 0  # of them, those with points this season
    total_points: int = 0
    rank: int = 0

    @property
    def average_points(self) -> float:
        return self.total_points / self.ambassadors if self.ambassadors else 0.0

    @property
    def participation(self) -> float:
        """The share of the unit's ambassadors with points this season, from 0 to 1."""
        return self.participating / self.ambassadors if self.ambassadors else 0.0

    @property
    def participation_percent(self) -> int:
        return round(self.participation * 100)


def leaderboard_units(*, member: Membership, parent_unit_id: int | None = None) -> list[UnitRow]:
    """Units compared by the season's points of their ambassadors (their whole subtree): the sub-units of
    ``parent_unit_id``, or else the top-level units (a coordinator: the units they coordinate). Best average
    first, so that small units compete with large ones. Two queries: the units, and one aggregate per unit."""
    paths = _leaderboard_paths(member)
    units = list(
        Unit.objects.filter(organization=member.organization, archived_at__isnull=True).values_list(
            "pk", "name", "path", "parent_id"
        )
    )
    by_id = {pk: (name, path, parent_id) for pk, name, path, parent_id in units}
    if parent_unit_id is not None:
        parent = by_id.get(parent_unit_id)
        if parent is None or (paths and not path_in_scope(parent[1], paths)):
            raise Http404
        shown = [pk for pk, (_name, _path, parent_id) in by_id.items() if parent_id == parent_unit_id]
    elif paths:
        shown = [pk for pk, (_name, path, _parent) in by_id.items() if path in paths]
    else:
        shown = [pk for pk, (_name, _path, parent_id) in by_id.items() if parent_id is None]
    parents = {parent_id for _name, _path, parent_id in by_id.values() if parent_id is not None}
    rows = {pk: UnitRow(pk, by_id[pk][0], by_id[pk][1], has_children=pk in parents) for pk in shown}
    if not rows:
        return []
    figures = (
        MemberStat.objects.filter(
            organization=member.organization, member__is_active=True, member__role=Role.AMBASSADOR
        )
        .exclude(unit=0)
        .values("unit")
        .annotate(
            ambassadors=Count("id"),
            participating=Count("id", filter=Q(points_season__gt=0)),
            total=Sum("points_season"),
        )
        .order_by()
    )
    for figure in figures:
        found = by_id.get(figure["unit"])
        if found is None:
            continue
        row = next((rows[int(part)] for part in found[1].strip("/").split("/") if int(part) in rows), None)
        if row is None:
            continue
        row.ambassadors += figure["ambassadors"]
        row.participating += figure["participating"]
        row.total_points += figure["total"] or 0
    ordered = sorted(rows.values(), key=lambda row: (-row.average_points, -row.total_points, row.name.casefold()))
    previous: tuple[float, int] | None = None
    rank = 0
    for row in ordered:
        key = (row.average_points, row.total_points)
        if key != previous:
            rank += 1
            previous = key
        row.rank = rank
    return ordered


# --- a member's own recognition ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EarnedBadge:
    badge: rules.Badge
    awarded_on: date


@dataclass(frozen=True)
class MyRecognition:
    stat: MemberStat | None
    level: rules.Level
    next_level: rules.Level | None
    badges: list[EarnedBadge]
    recent: list[PointEntry]
    span: SeasonSpan
    hide_name: bool
    leaderboards_on: bool
    daily_cap: int
    unearned: list[rules.Badge] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        """Whether the organization's leaderboards are on (points and ranks are shown beside other figures)."""
        return self.leaderboards_on

    @property
    def level_label(self) -> Promise:
        return self.level.label

    @property
    def points_total(self) -> int:
        return self.stat.points_total if self.stat else 0

    @property
    def points_season(self) -> int:
        return self.stat.points_season if self.stat else 0

    @property
    def rank(self) -> int | None:
        return self.stat.rank if self.stat else None

    @property
    def points_to_next(self) -> int | None:
        return self.next_level.threshold - self.points_total if self.next_level else None

    @property
    def progress_percent(self) -> int:
        """How far from this level to the next one, from 0 to 100 (100 at the top)."""
        if self.next_level is None:
            return 100
        span = self.next_level.threshold - self.level.threshold
        return min(100, max(0, round((self.points_total - self.level.threshold) * 100 / span)))


def recognition_preference_for(member: Membership) -> bool:
    """Whether the member chose to hide their name from leaderboards."""
    return RecognitionPreference.objects.filter(member=member, hide_name=True).exists()


def member_recognition(*, member: Membership, today: date | None = None) -> MyRecognition:
    """The member's own figures (None before the first refresh), level, badges and latest points."""
    today = today or timezone.localdate()
    found = analytics_settings_for_member(member)
    stat = MemberStat.objects.filter(member=member, organization=member.organization).first()
    total = stat.points_total if stat else 0
    awards = BadgeAward.objects.filter(member=member).order_by("awarded_on", "badge")
    badges = [
        EarnedBadge(rules.BADGES_BY_ID[award.badge], award.awarded_on)
        for award in awards
        if award.badge in rules.BADGES_BY_ID
    ]
    earned = {earned.badge.id for earned in badges}
    recent = list(PointEntry.objects.filter(member=member).order_by("-day", "-id")[:RECENT_POINTS])
    return MyRecognition(
        stat=stat,
        level=rules.level_for(total),
        next_level=rules.next_level(total),
        badges=badges,
        recent=recent,
        span=season_span(organization=member.organization, today=today),
        hide_name=recognition_preference_for(member),
        leaderboards_on=found.leaderboards_enabled,
        daily_cap=found.points_daily_cap,
        unearned=[badge for badge in rules.BADGES if badge.id not in earned],
    )
