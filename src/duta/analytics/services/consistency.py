"""Each active ambassador's consistency figures: the last share, this week's shares against the target of their
programs, streaks of weeks that reached it, and the last twelve months' totals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Sum

from duta.analytics import periods as P
from duta.analytics.models import MemberStat
from duta.analytics.services.activity import Event, Member
from duta.links.models import ClickRollup
from duta.organizations.models import Organization
from duta.programs.models import Program

DEFAULT_WEEKLY_TARGET = 3


def member_stats_compute(
    organization: Organization, members: dict[int, Member], events: list[Event], today: dt.date
) -> dict[int, MemberStat]:
    """The figures of every active ambassador (unsaved), from a year of their shares and the click rollups."""
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


def member_stats_store(organization: Organization, rows: dict[int, MemberStat]) -> None:
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
