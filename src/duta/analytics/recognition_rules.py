"""Recognition rules (pure, no ORM): points per act of participation, the daily cap, levels and badges.

Points (``POINTS``), one ``PointEntry`` per act, derived from the record of the act:

- ``post``: a share with a reported post (``campaigns.PostReport``), 10 points, **only when the post is not on
  Facebook**: Meta's platform policy forbids rewarding people per Facebook post, so a Facebook post earns nothing,
  and it does not count towards the post badges or the crisis badge either.
- ``verified``: a follower count verified by a coordinator (``people.FollowerSnapshot`` with the source
  ``verified``), 20 points per account: only the account's first verified count earns them.
- ``training``: training completed, 30 points. The academy app comes later: the kind is defined here (and in
  ``PointEntry.Kind``) but nothing produces it yet.

Points beyond the organization's daily cap (``AnalyticsSettings.points_daily_cap``) are not counted
(``apply_daily_cap``). Levels follow the total points; badges follow a member's figures (``MemberFigures``).
Badges are never taken back once awarded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

POST, VERIFIED, TRAINING = "post", "verified", "training"  # the values of ``PointEntry.Kind``
KINDS = (POST, VERIFIED, TRAINING)
POINTS: Mapping[str, int] = {POST: 10, VERIFIED: 20, TRAINING: 30}

# Platforms on which a post never earns points (nor counts for a badge): Meta's platform policy.
UNREWARDED_PLATFORMS = frozenset({"facebook"})


def points_for(kind: str, platform: str = "") -> int:
    """The points of one act before the daily cap: 0 for a post on Facebook, or for an unknown kind."""
    if kind == POST and platform in UNREWARDED_PLATFORMS:
        return 0
    return POINTS.get(kind, 0)


def is_rewarded_platform(platform: str) -> bool:
    """Whether a reported post on this platform may earn points or count for a badge."""
    return platform not in UNREWARDED_PLATFORMS


# --- the daily cap -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointEvent:
    """One act of one member that may earn points: ``at`` orders the acts of a day, ``day`` is the local date."""

    at: datetime
    day: date
    kind: str
    source_id: int
    points: int  # before the cap

    @property
    def order_key(self) -> tuple[datetime, int, int]:
        return (self.at, KINDS.index(self.kind) if self.kind in KINDS else len(KINDS), self.source_id)


def apply_daily_cap(
    events: Sequence[PointEvent], cap: int, already_awarded_by_day: Mapping[date, int] | None = None
) -> list[int]:
    """The points each of one member's events keeps under a cap of ``cap`` points a day, in the order of
    ``events``.

    Events are taken in time order (ties broken by kind, then source id, so the result never depends on the
    order they were read in); ``already_awarded_by_day`` holds the points the member already has on each day. An
    event that would pass the cap keeps what is left of the day (possibly 0). A cap of 0 means no points at all."""
    cap = max(cap, 0)
    used = dict(already_awarded_by_day or {})
    kept = [0] * len(events)
    for index in sorted(range(len(events)), key=lambda position: events[position].order_key):
        event = events[index]
        room = max(cap - used.get(event.day, 0), 0)
        awarded = min(max(event.points, 0), room)
        kept[index] = awarded
        used[event.day] = used.get(event.day, 0) + awarded
    return kept


# --- levels --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    number: int
    threshold: int  # total points from which the level is reached
    label: Promise


LEVELS: tuple[Level, ...] = (
    # Translators: recognition level 1 of 5; in Indonesian "Pemula".
    Level(1, 0, pgettext_lazy("recognition level", "Beginner")),
    # Translators: recognition level 2 of 5; in Indonesian "Penggerak".
    Level(2, 100, pgettext_lazy("recognition level", "Mover")),
    # Translators: recognition level 3 of 5; in Indonesian "Inspirator".
    Level(3, 300, pgettext_lazy("recognition level", "Inspirer")),
    # Translators: recognition level 4 of 5; in Indonesian "Teladan".
    Level(4, 700, pgettext_lazy("recognition level", "Role model")),
    # Translators: recognition level 5 of 5; in Indonesian "Duta Utama".
    Level(5, 1500, pgettext_lazy("recognition level", "Lead ambassador")),
)


def level_for(points_total: int) -> Level:
    """The highest level whose threshold the total reaches."""
    found = LEVELS[0]
    for level in LEVELS:
        if points_total >= level.threshold:
            found = level
    return found


def level_number(points_total: int) -> int:
    return level_for(points_total).number


def level_label(number: int) -> Promise:
    """The name of a level by its number (the first level for an unknown number)."""
    for level in LEVELS:
        if level.number == number:
            return level.label
    return LEVELS[0].label


def next_level(points_total: int) -> Level | None:
    """The next level to reach, or None at the top."""
    for level in LEVELS:
        if level.threshold > points_total:
            return level
    return None


# --- badges --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberFigures:
    """What badges look at, for one member."""

    shares_total: int = 0
    reported_posts: int = 0  # reported posts that are not on Facebook
    streak_weeks: int = 0
    best_streak_weeks: int = 0
    clicks_total: int = 0
    verified_accounts: int = 0
    crisis_posts: int = 0  # reported posts (not on Facebook) of a crisis campaign's items

    @property
    def longest_streak(self) -> int:
        return max(self.streak_weeks, self.best_streak_weeks)


@dataclass(frozen=True)
class Badge:
    id: str  # stored in ``BadgeAward.badge`` (at most 32 characters): never rename one
    label: Promise
    description: Promise
    earned: Callable[[MemberFigures], bool]


BADGES: tuple[Badge, ...] = (
    Badge("first_share", _("First share"), _("Shared content for the first time."), lambda f: f.shares_total >= 1),
    Badge(
        "posts_10",
        _("10 posts"),
        _("Reported 10 posts (posts on Facebook do not count)."),
        lambda f: f.reported_posts >= 10,
    ),
    Badge(
        "posts_50",
        _("50 posts"),
        _("Reported 50 posts (posts on Facebook do not count)."),
        lambda f: f.reported_posts >= 50,
    ),
    Badge(
        "streak_4", _("4-week streak"), _("Met the weekly target 4 weeks in a row."), lambda f: f.longest_streak >= 4
    ),
    Badge(
        "streak_12",
        _("12-week streak"),
        _("Met the weekly target 12 weeks in a row."),
        lambda f: f.longest_streak >= 12,
    ),
    Badge(
        "crisis_responder",
        _("Crisis responder"),
        _("Reported a post of a crisis response."),
        lambda f: f.crisis_posts >= 1,
    ),
    Badge(
        "verified",
        _("Verified reach"),
        _("Has a follower count verified by a coordinator."),
        lambda f: f.verified_accounts >= 1,
    ),
    Badge("clicks_1000", _("1,000 clicks"), _("Their links brought 1,000 clicks."), lambda f: f.clicks_total >= 1000),
)
BADGES_BY_ID: Mapping[str, Badge] = {badge.id: badge for badge in BADGES}
BADGE_BITS: Mapping[str, int] = {badge.id: 1 << position for position, badge in enumerate(BADGES)}


def badges_earned(figures: MemberFigures) -> list[str]:
    """The ids of every badge the figures earn, in the order of ``BADGES``."""
    return [badge.id for badge in BADGES if badge.earned(figures)]


# --- ranks ---------------------------------------------------------------------------------------------------


def dense_ranks(points: Sequence[int]) -> list[int | None]:
    """Dense ranks by points, highest first (ties share a rank, the next rank follows on: 1, 1, 2); None for 0."""
    distinct = sorted({value for value in points if value > 0}, reverse=True)
    rank_of = {value: position for position, value in enumerate(distinct, start=1)}
    return [rank_of.get(value) if value > 0 else None for value in points]
