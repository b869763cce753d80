"""The figures the dashboards read, recomputed from shares, reported posts and click rollups."""

from __future__ import annotations

import datetime as dt

import pytest

from duta.analytics import periods as P
from duta.analytics.access import analytics_reader
from duta.analytics.models import MemberStat, Stat, VariantStat
from duta.analytics.selectors import dashboards as selectors
from duta.analytics.services.refresh import analytics_refresh, analytics_refresh_all, current_periods
from duta.people.models import SocialAccount
from duta.programs.models import Program

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)  # a Friday
NOVEMBER = P.parse("2026-11")


def stat(org, period="2026-11", scope="org", key=0, unit=0, platform=""):
    return Stat.objects.get(organization=org, period=period, scope=scope, scope_key=key, unit=unit, platform=platform)


@pytest.fixture
def team(make_ambassador, unit_media, unit_ditjen, program):
    """Three ambassadors in unit_media (two in the program) and one in unit_ditjen."""
    members = [
        make_ambassador(unit=unit_media, platforms=["instagram"], programs=[program]),
        make_ambassador(unit=unit_media, platforms=["instagram", "x"], programs=[program]),
        make_ambassador(unit=unit_media),
        make_ambassador(unit=unit_ditjen, platforms=["instagram"]),
    ]
    for member, followers in zip(members, (1000, 250, 0, 40), strict=True):
        SocialAccount.objects.filter(employee__user=member.user, platform="instagram").update(
            followers=followers, verified_followers=followers // 2 if followers == 1000 else None
        )
    return members


class TestAnalyticsRefresh:
    def test_it_counts_participation_shares_posts_clicks_and_reach_per_unit_and_platform(
        self, org, team, shared, unit_media, unit_ditjen
    ):
        first, second, _third, fourth = team
        shared(first, at=dt.date(2026, 11, 3), platform="instagram", clicks=7, previews=2, post=True, views=300)
        shared(first, at=dt.date(2026, 11, 4), platform="whatsapp", clicks=3)
        shared(second, at=dt.date(2026, 11, 10), platform="instagram", post=True, reactions=12)
        shared(fourth, at=dt.date(2026, 10, 30), platform="instagram", clicks=1)  # October: not in November

        analytics_refresh(organization=org, today=TODAY)

        total = stat(org)
        assert (total.active, total.sharers) == (4, 2)
        assert (total.shares, total.posts) == (3, 2)
        assert (total.clicks, total.previews) == (10, 2)
        # potential reach: the verified count where there is one (500), else the declared one (250)
        assert total.potential_reach == 500 + 250
        assert (total.observed_reach, total.engagements) == (300, 12)
        instagram = stat(org, platform="instagram")
        assert (instagram.active, instagram.sharers, instagram.clicks) == (4, 2, 7)
        assert stat(org, platform="whatsapp").sharers == 1
        media = stat(org, unit=unit_media.pk)
        assert (media.active, media.sharers, media.clicks) == (3, 2, 10)
        ditjen = stat(org, unit=unit_ditjen.pk)
        assert (ditjen.active, ditjen.sharers) == (1, 0)
        assert not Stat.objects.filter(period="2026-10").exists()  # a regular refresh leaves past periods alone
        analytics_refresh(organization=org, today=TODAY, periods=[P.parse("2026-10")])
        assert stat(org, period="2026-10").sharers == 1

    def test_it_keeps_program_figures_for_the_programs_ambassadors_only(self, org, team, shared, program):
        first, _second, third, fourth = team
        shared(first, at=dt.date(2026, 11, 3), clicks=4)
        shared(third, at=dt.date(2026, 11, 3))
        shared(fourth, at=dt.date(2026, 11, 3))
        analytics_refresh(organization=org, today=TODAY)
        figures = stat(org, scope="program", key=program.pk)
        assert (figures.active, figures.sharers, figures.clicks) == (2, 1, 4)

    def test_days_keep_the_totals_for_the_charts(self, org, team, shared, live_item):
        shared(team[0], at=dt.date(2026, 11, 19), clicks=5)
        analytics_refresh(organization=org, today=TODAY)
        day = stat(org, period="2026-11-19")
        assert (day.sharers, day.clicks) == (1, 5)
        assert stat(org, period="2026-11-19", scope="campaign", key=live_item.campaign_id).clicks == 5
        assert not Stat.objects.filter(period="2026-11-19", unit__gt=0).exists()

    def test_running_it_again_gives_the_same_rows(self, org, team, shared):
        shared(team[0], at=dt.date(2026, 11, 3), clicks=4, post=True)
        analytics_refresh(organization=org, today=TODAY)
        before = sorted(Stat.objects.values_list("period", "scope", "unit", "platform", "sharers", "clicks"))
        analytics_refresh(organization=org, today=TODAY)
        assert sorted(Stat.objects.values_list("period", "scope", "unit", "platform", "sharers", "clicks")) == before

    def test_a_rebuild_covers_every_period_since_the_first_share(self, org, team, shared):
        shared(team[0], at=dt.date(2026, 3, 2), clicks=1)
        result = analytics_refresh_all(organization=org, today=TODAY)
        assert {"2026-03", "2026-Q1", "2026-W10", "2026-03-02", "2026"} <= set(result.periods)
        assert stat(org, period="2026-03").sharers == 1

    def test_the_regular_refresh_covers_today_and_yesterdays_periods(self):
        keys = {period.key for period in current_periods(dt.date(2026, 12, 1))}
        assert {"2026-12-01", "2026-11-30", "2026-W49", "2026-12", "2026-11", "2026-Q4", "2026"} <= keys

    def test_it_keeps_variants_of_the_campaigns_shared(self, org, team, shared, live_item):
        shared(team[0], at=dt.date(2026, 11, 3), clicks=6, post=True, platform="instagram")
        analytics_refresh(organization=org, today=TODAY)
        variant = VariantStat.objects.get(item_id=live_item.pk, platform="instagram")
        assert (variant.variant, variant.shares, variant.posts, variant.clicks) == ("v1", 1, 1, 6)

    def test_a_withdrawn_or_inactive_member_is_not_an_active_ambassador(self, org, make_ambassador, unit_media):
        make_ambassador(unit=unit_media, is_active=False)
        make_ambassador(unit=unit_media)
        analytics_refresh(organization=org, today=TODAY)
        assert stat(org).active == 1


class TestConsistency:
    def test_streaks_count_the_weeks_that_reach_the_programs_target(self, org, team, shared, program, make_item):
        Program.objects.filter(pk=program.pk).update(weekly_target=2)
        member = team[0]
        items = iter([make_item(title=f"Kabar {number}") for number in range(7)])
        for week_start in (dt.date(2026, 10, 26), dt.date(2026, 11, 2), dt.date(2026, 11, 9)):
            shared(member, at=week_start, item=next(items))
            shared(member, at=week_start + dt.timedelta(days=1), item=next(items))
        shared(member, at=dt.date(2026, 11, 16), item=next(items))  # this week: one of two so far
        analytics_refresh(organization=org, today=TODAY)
        found = MemberStat.objects.get(member=member)
        assert found.weekly_target == 2
        assert found.shares_this_week == 1
        assert (found.streak_weeks, found.best_streak_weeks) == (3, 3)
        assert found.last_shared_on == dt.date(2026, 11, 16)

    def test_without_a_program_the_default_target_applies(self, org, team):
        analytics_refresh(organization=org, today=TODAY)
        assert MemberStat.objects.get(member=team[2]).weekly_target == 3
        assert MemberStat.objects.get(member=team[2]).last_shared_on is None

    def test_members_who_stopped_being_ambassadors_lose_their_row(self, org, team):
        analytics_refresh(organization=org, today=TODAY)
        team[3].is_active = False
        team[3].save()
        analytics_refresh(organization=org, today=TODAY)
        assert not MemberStat.objects.filter(member=team[3]).exists()


class TestDashboardSelectors:
    def test_a_coordinator_sums_only_their_subtrees(self, org, team, shared, coordinator, unit_media):
        shared(team[0], at=dt.date(2026, 11, 3), clicks=2)
        shared(team[3], at=dt.date(2026, 11, 3), clicks=9)
        analytics_refresh(organization=org, today=TODAY)
        reader = analytics_reader(coordinator)
        figures = selectors.figures(reader=reader, filters=selectors.Filters(period=NOVEMBER))
        assert (figures.active, figures.sharers, figures.clicks) == (3, 1, 2)

    def test_unit_rows_go_down_the_tree_one_level_at_a_time(
        self, org, team, shared, pr_admin, unit_setjen, unit_humas, unit_media, unit_ditjen
    ):
        shared(team[0], at=dt.date(2026, 11, 3), clicks=2)
        analytics_refresh(organization=org, today=TODAY)
        reader = analytics_reader(pr_admin)
        trail, rows = selectors.unit_rows(reader=reader, filters=selectors.Filters(period=NOVEMBER))
        assert trail == []
        by_name = {row.unit.name: row for row in rows}
        assert set(by_name) == {unit_setjen.name, unit_ditjen.name}
        assert (by_name[unit_setjen.name].figures.active, by_name[unit_setjen.name].figures.sharers) == (3, 1)
        assert by_name[unit_setjen.name].has_children
        trail, rows = selectors.unit_rows(reader=reader, filters=selectors.Filters(period=NOVEMBER, unit=unit_humas))
        assert trail == [unit_setjen, unit_humas]
        assert [(row.unit, row.figures.clicks) for row in rows] == [(unit_media, 2)]

    def test_the_trend_has_every_period_even_empty_ones(self, org, team, shared, pr_admin):
        shared(team[0], at=dt.date(2026, 11, 3))
        analytics_refresh(organization=org, today=TODAY)
        trend = selectors.trend(
            reader=analytics_reader(pr_admin),
            filters=selectors.Filters(period=NOVEMBER),
            kind=P.MONTH,
            count=3,
            today=TODAY,
        )
        assert [(period.key, figures.sharers) for period, figures in trend] == [
            ("2026-09", 0),
            ("2026-10", 0),
            ("2026-11", 1),
        ]

    def test_the_inactivity_list_has_the_silent_in_the_readers_units(self, org, team, shared, coordinator, pr_admin):
        shared(team[0], at=dt.date(2026, 11, 18))
        shared(team[1], at=dt.date(2026, 10, 1))
        analytics_refresh(organization=org, today=TODAY)
        found = selectors.inactive_members(reader=analytics_reader(coordinator), unit=None, today=TODAY, days=14)
        assert [stat.member for stat in found] == [team[2], team[1]]  # never shared first
        everyone = selectors.inactive_members(reader=analytics_reader(pr_admin), unit=None, today=TODAY, days=14)
        assert {stat.member for stat in everyone} == {team[1], team[2], team[3]}


class TestAnalyticsRefreshTask:
    def test_it_recomputes_every_organization(self, org, team, shared, outsider_admin):
        from duta.analytics.models import Refresh
        from duta.analytics.tasks import analytics_refresh_task
        from duta.organizations.models import Organization

        shared(team[0], at=dt.date.today(), clicks=1)
        assert analytics_refresh_task.call_local() == Organization.objects.count() >= 2
        assert set(Refresh.objects.values_list("organization", flat=True)) == {
            org.pk,
            outsider_admin.organization_id,
        } | set(Organization.objects.values_list("pk", flat=True))
