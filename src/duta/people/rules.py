"""Pure rules about follower counts: which growth looks bought, explained in words. No ORM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from statistics import median
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# A jump is suspicious when it is this many times the person's usual daily growth ...
JUMP_FACTOR = 10
# ... and at least this large, absolutely and relatively.
JUMP_MIN_FOLLOWERS = 500
JUMP_MIN_SHARE = 0.2
# Without a history: doubling by at least this many followers within this many days.
DOUBLING_MIN_FOLLOWERS = 1000
DOUBLING_MAX_DAYS = 90
# Ratios: many followers with almost no posts; following almost as many as follow (follow-for-follow).
FEW_POSTS_MIN_FOLLOWERS = 5000
FEW_POSTS_MAX = 10
FOLLOW_BACK_MIN_FOLLOWERS = 2000
FOLLOW_BACK_RATIO = 0.9


@dataclass(frozen=True)
class Point:
    at: datetime
    count: int


def _days(earlier: datetime, later: datetime) -> float:
    return max((later - earlier).total_seconds() / 86400, 1.0)


def usual_daily_growth(history: Sequence[Point]) -> float | None:
    """The median daily growth between consecutive points, or None with fewer than two points."""
    points = sorted(history, key=lambda point: point.at)
    rates = [(b.count - a.count) / _days(a.at, b.at) for a, b in pairwise(points)]
    return median(rates) if rates else None


def growth_flags(
    history: Sequence[Point], new: Point, *, following: int | None = None, posts: int | None = None
) -> list[dict[str, Any]]:
    """Why the count ``new`` needs a human look, as ``[{"code": ..., **numbers}]`` (empty when it looks normal).

    ``history`` holds the earlier points of the same account. Render the flags with :func:`flag_text`.
    """
    flags: list[dict[str, Any]] = []
    earlier = sorted((point for point in history if point.at <= new.at), key=lambda point: point.at)
    if earlier:
        previous = earlier[-1]
        gained = new.count - previous.count
        days = _days(previous.at, new.at)
        usual = usual_daily_growth(earlier)
        if gained >= JUMP_MIN_FOLLOWERS and previous.count and gained / previous.count >= JUMP_MIN_SHARE:
            if usual is not None and gained / days > JUMP_FACTOR * max(usual, 1.0):
                flags.append({"code": "jump", "gained": gained, "days": round(days), "usual": round(max(usual, 0), 1)})
            elif usual is None and gained >= max(DOUBLING_MIN_FOLLOWERS, previous.count) and days <= DOUBLING_MAX_DAYS:
                flags.append({"code": "doubled", "before": previous.count, "after": new.count, "days": round(days)})
    if posts is not None and new.count >= FEW_POSTS_MIN_FOLLOWERS and posts < FEW_POSTS_MAX:
        flags.append({"code": "few_posts", "followers": new.count, "posts": posts})
    if following is not None and new.count >= FOLLOW_BACK_MIN_FOLLOWERS and following >= FOLLOW_BACK_RATIO * new.count:
        flags.append({"code": "follow_back", "followers": new.count, "following": following})
    return flags


def flag_text(flag: dict[str, Any]) -> str:
    """One flag in words, in the active language."""
    numbers = {key: number_format(value, force_grouping=True) for key, value in flag.items() if key != "code"}
    code = flag.get("code")
    if code == "jump":
        return (
            _("Gained %(gained)s followers in %(days)s days, far above the usual %(usual)s a day for this account.")
            % numbers
        )
    if code == "doubled":
        return _("Followers went from %(before)s to %(after)s in %(days)s days.") % numbers
    if code == "few_posts":
        return _("%(followers)s followers but only %(posts)s posts: bought followers often look like this.") % numbers
    if code == "follow_back":
        return (
            _("Follows %(following)s accounts with %(followers)s followers: a sign of follow-for-follow schemes.")
            % numbers
        )
    return _("Unusual count.")
