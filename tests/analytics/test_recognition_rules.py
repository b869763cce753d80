"""The pure rules of recognition: points per act (none per Facebook post), the daily cap, levels, badges, ranks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from duta.analytics import recognition_rules as rules

DAY = date(2026, 3, 2)


def event(kind: str = rules.POST, *, minute: int = 0, source: int = 1, day: date = DAY, points: int | None = None):
    return rules.PointEvent(
        at=datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC) + timedelta(minutes=minute),
        day=day,
        kind=kind,
        source_id=source,
        points=rules.points_for(kind) if points is None else points,
    )


class TestPointsFor:
    def test_a_reported_post_earns_ten(self) -> None:
        assert rules.points_for(rules.POST, "instagram") == 10
        assert rules.points_for(rules.POST, "whatsapp") == 10

    def test_a_facebook_post_earns_nothing(self) -> None:
        assert rules.points_for(rules.POST, "facebook") == 0
        assert not rules.is_rewarded_platform("facebook")
        assert rules.is_rewarded_platform("x")

    def test_a_verified_count_and_training(self) -> None:
        assert rules.points_for(rules.VERIFIED) == 20
        assert rules.points_for(rules.TRAINING) == 30

    def test_an_unknown_kind_earns_nothing(self) -> None:
        assert rules.points_for("like") == 0


class TestApplyDailyCap:
    def test_points_under_the_cap_are_kept(self) -> None:
        assert rules.apply_daily_cap([event(source=1), event(source=2, minute=1)], 30) == [10, 10]

    def test_points_past_the_cap_are_cut_then_dropped(self) -> None:
        events = [event(source=n, minute=n) for n in range(1, 5)] + [event(rules.VERIFIED, minute=9, source=7)]
        assert rules.apply_daily_cap(events, 35) == [10, 10, 10, 5, 0]

    def test_the_cap_counts_what_the_day_already_has(self) -> None:
        assert rules.apply_daily_cap([event(source=1), event(source=2, minute=1)], 30, {DAY: 25}) == [5, 0]

    def test_each_day_has_its_own_cap(self) -> None:
        other = DAY + timedelta(days=1)
        events = [event(source=1, points=30), event(source=2, minute=1, points=30, day=other)]
        assert rules.apply_daily_cap(events, 30, {DAY: 0, other: 0}) == [30, 30]

    def test_the_result_does_not_depend_on_the_order_given(self) -> None:
        first, second, third = event(source=3, minute=0), event(source=1, minute=5), event(source=2, minute=5)
        forward = rules.apply_daily_cap([first, second, third], 25)
        backward = rules.apply_daily_cap([third, second, first], 25)
        assert forward == [10, 10, 5]  # at the same minute the lower source id comes first
        assert backward == [5, 10, 10]  # the same points, given back in the order asked

    def test_a_cap_of_zero_gives_nothing(self) -> None:
        assert rules.apply_daily_cap([event()], 0) == [0]

    def test_no_events(self) -> None:
        assert rules.apply_daily_cap([], 30, {DAY: 10}) == []


class TestLevels:
    @pytest.mark.parametrize(
        ("points", "number"), [(0, 1), (99, 1), (100, 2), (299, 2), (300, 3), (700, 4), (1499, 4), (1500, 5), (9999, 5)]
    )
    def test_the_level_follows_the_total(self, points: int, number: int) -> None:
        assert rules.level_number(points) == number

    def test_the_next_level(self) -> None:
        nxt = rules.next_level(120)
        assert nxt is not None
        assert nxt.number == 3
        assert nxt.threshold == 300
        assert rules.next_level(1500) is None

    def test_labels_are_translatable(self) -> None:
        with translation.override("en"):
            assert [str(level.label) for level in rules.LEVELS] == [
                "Beginner",
                "Mover",
                "Inspirer",
                "Role model",
                "Lead ambassador",
            ]
            assert str(rules.level_label(3)) == "Inspirer"
            assert str(rules.level_label(42)) == "Beginner"


class TestBadges:
    def test_nothing_earns_nothing(self) -> None:
        assert rules.badges_earned(rules.MemberFigures()) == []

    def test_each_badge_has_its_rule(self) -> None:
        figures = rules.MemberFigures(
            shares_total=1,
            reported_posts=10,
            streak_weeks=1,
            best_streak_weeks=4,
            clicks_total=1000,
            verified_accounts=1,
            crisis_posts=1,
        )
        assert rules.badges_earned(figures) == [
            "first_share",
            "posts_10",
            "streak_4",
            "crisis_responder",
            "verified",
            "clicks_1000",
        ]

    def test_the_higher_badges(self) -> None:
        figures = rules.MemberFigures(reported_posts=50, streak_weeks=12)
        assert rules.badges_earned(figures) == ["posts_10", "posts_50", "streak_4", "streak_12"]

    def test_badge_ids_fit_the_column_and_are_unique(self) -> None:
        ids = [badge.id for badge in rules.BADGES]
        assert len(ids) == len(set(ids))
        assert all(len(badge_id) <= 32 for badge_id in ids)
        assert set(rules.BADGE_BITS) == set(ids)


class TestDenseRanks:
    def test_ties_share_a_rank_and_zero_has_none(self) -> None:
        assert rules.dense_ranks([30, 50, 30, 0, 10]) == [2, 1, 2, None, 3]

    def test_empty(self) -> None:
        assert rules.dense_ranks([]) == []
