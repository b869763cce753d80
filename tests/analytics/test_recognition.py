"""Recognition: points derived from reported posts and verified counts (never per Facebook post, capped per day),
levels, ranks and badges; seasons; hiding one's name; the impact-assessment gate of the leaderboards; and their
pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from duta.academy.models import Completion, Course
from duta.analytics import recognition_rules as rules
from duta.analytics.models import AnalyticsSettings, BadgeAward, MemberStat, PointEntry, RecognitionPreference, Season
from duta.analytics.selectors import recognition as selectors
from duta.analytics.services import recognition as services
from duta.campaigns.models import ContentItem
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization, Role, Unit
from tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]
ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
TODAY = dt.date(2026, 3, 20)  # in the first quarter of 2026


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of a day in the organization's time zone."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE)


def refresh(org: Organization, today: dt.date = TODAY) -> None:
    services.recognition_refresh(organization=org, today=today)


def entries(member: Membership) -> list[tuple[str, dt.date, int]]:
    return list(PointEntry.objects.filter(member=member).order_by("day", "id").values_list("kind", "day", "points"))


def stat_of(member: Membership) -> MemberStat:
    return MemberStat.objects.get(member=member)


def refused(call: Callable[[], Any]) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


def audit_actions(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def in_english(member: Membership) -> Membership:
    member.user.language = "en"
    member.user.save(update_fields=["language"])
    return member


def url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(f"analytics:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def putri(ambassador: Membership, rec_stat: Maker) -> Membership:
    """The ``ambassador`` persona (Bagian Media), with her figures row."""
    rec_stat(ambassador)
    return ambassador


@pytest.fixture
def make_duta(org: Organization, rec_stat: Maker) -> Maker:
    """``make_duta(unit=, name=, **stat_fields)``: an active ambassador of ``org`` with a figures row."""

    def _make(*, unit: Unit | None = None, name: str = "", **fields: Any) -> Membership:
        user = UserFactory(full_name=name) if name else UserFactory()
        member = MembershipFactory(organization=org, role=Role.AMBASSADOR, unit=unit, user=user)
        rec_stat(member, **fields)
        return member

    return _make


def give_points(member: Membership, points: int, *, day: dt.date = TODAY, source: int | None = None) -> None:
    """Points straight in the table (the refresh recomputes the figures from them), as for a training completed:
    a post's points go with a report that does not exist."""
    PointEntry.objects.create(
        organization=member.organization,
        member=member,
        kind=rules.TRAINING,
        source_id=source if source is not None else PointEntry.objects.count() + 1_000_000,
        day=day,
        points=points,
    )


# --- points ----------------------------------------------------------------------------------------------------


class TestRecognitionRefreshPoints:
    def test_a_reported_post_earns_ten_points(self, org: Organization, putri: Membership, rec_report: Maker) -> None:
        report = rec_report(putri, at=at(TODAY))
        refresh(org)
        assert entries(putri) == [("post", TODAY, 10)]
        assert PointEntry.objects.get(member=putri).source_id == report.pk
        assert stat_of(putri).points_total == 10

    def test_a_facebook_post_earns_nothing(self, org: Organization, putri: Membership, rec_report: Maker) -> None:
        rec_report(putri, at=at(TODAY), platform="facebook")
        refresh(org)
        assert entries(putri) == []
        assert stat_of(putri).points_total == 0
        assert stat_of(putri).rank is None

    def test_the_day_is_the_organizations_day(self, org: Organization, putri: Membership, rec_report: Maker) -> None:
        rec_report(putri, at=dt.datetime(2026, 3, 1, 18, 30, tzinfo=dt.UTC))  # 01:30 WIB on 2 March
        refresh(org)
        assert entries(putri) == [("post", dt.date(2026, 3, 2), 10)]

    def test_points_past_the_daily_cap_are_not_counted(
        self, org: Organization, putri: Membership, rec_report: Maker
    ) -> None:
        for minute in range(4):
            rec_report(putri, at=at(TODAY, minute=minute))
        rec_report(putri, at=at(TODAY + dt.timedelta(days=1)))
        refresh(org, TODAY + dt.timedelta(days=1))
        assert entries(putri) == [
            ("post", TODAY, 10),
            ("post", TODAY, 10),
            ("post", TODAY, 10),
            ("post", TODAY, 0),  # stored, so that it is never counted later
            ("post", TODAY + dt.timedelta(days=1), 10),
        ]
        assert stat_of(putri).points_total == 40

    def test_the_organizations_cap_applies(self, org: Organization, putri: Membership, rec_report: Maker) -> None:
        AnalyticsSettings.objects.create(organization=org, points_daily_cap=15)
        rec_report(putri, at=at(TODAY, 8))
        rec_report(putri, at=at(TODAY, 9))
        refresh(org)
        assert [points for _kind, _day, points in entries(putri)] == [10, 5]

    def test_it_is_idempotent(self, org: Organization, putri: Membership, rec_report: Maker) -> None:
        rec_report(putri, at=at(TODAY))
        refresh(org)
        refresh(org)
        assert entries(putri) == [("post", TODAY, 10)]
        assert audit_actions("analytics.recognition.refresh") == 1  # the second run changed nothing

    def test_a_later_run_adds_only_new_reports_under_the_same_cap(
        self, org: Organization, putri: Membership, rec_report: Maker
    ) -> None:
        rec_report(putri, at=at(TODAY, 8))
        rec_report(putri, at=at(TODAY, 9))
        refresh(org)
        rec_report(putri, at=at(TODAY, 15))
        rec_report(putri, at=at(TODAY, 16))
        refresh(org)
        assert [points for _kind, _day, points in entries(putri)] == [10, 10, 10, 0]
        assert stat_of(putri).points_total == 30

    def test_a_late_report_inside_the_overlap_still_counts(
        self, org: Organization, putri: Membership, rec_report: Maker
    ) -> None:
        rec_report(putri, at=at(TODAY))
        refresh(org)
        rec_report(putri, at=at(TODAY - dt.timedelta(days=1)))  # committed after the run, dated the day before
        refresh(org)
        assert [day for _kind, day, _points in entries(putri)] == [TODAY - dt.timedelta(days=1), TODAY]

    def test_only_active_ambassadors_earn_points(
        self, org: Organization, coordinator: Membership, make_duta: Maker, rec_report: Maker
    ) -> None:
        gone = make_duta()
        gone.is_active = False
        gone.save(update_fields=["is_active"])
        rec_report(coordinator, at=at(TODAY))
        rec_report(gone, at=at(TODAY))
        refresh(org)
        assert not PointEntry.objects.exists()

    def test_a_verified_count_earns_twenty_once_per_account(
        self, org: Organization, putri: Membership, rec_verified: Maker
    ) -> None:
        first = rec_verified(putri, platform="instagram", at=at(TODAY, 8))
        rec_verified(putri, platform="instagram", at=at(TODAY, 9))  # verified again: no more points
        rec_verified(putri, platform="tiktok", at=at(TODAY - dt.timedelta(days=1)))
        rec_verified(putri, platform="x", source="declared")  # not verified: nothing
        refresh(org)
        assert entries(putri) == [("verified", TODAY - dt.timedelta(days=1), 20), ("verified", TODAY, 20)]
        assert PointEntry.objects.filter(member=putri, source_id=first.pk).exists()
        rec_verified(putri, platform="instagram", at=at(TODAY, 11))
        refresh(org)
        assert len(entries(putri)) == 2

    def test_the_cap_applies_across_kinds(
        self, org: Organization, putri: Membership, rec_report: Maker, rec_verified: Maker
    ) -> None:
        rec_report(putri, at=at(TODAY, 8))
        rec_report(putri, at=at(TODAY, 9))
        rec_verified(putri, at=at(TODAY, 10))
        refresh(org)
        assert entries(putri) == [("post", TODAY, 10), ("post", TODAY, 10), ("verified", TODAY, 10)]

    def test_a_course_completed_in_the_academy_earns_thirty_once(
        self, org: Organization, putri: Membership, make_duta: Maker
    ) -> None:
        course = Course.objects.create(organization=org, slug="etika", title="Etika bermedia sosial")
        completion = Completion.objects.create(
            organization=org,
            member=putri,
            course=course,
            code="AAAA-BBBB-CCCC",
            holder_name="Putri Duta",
            course_title=course.title,
            completed_at=at(TODAY, 10),
        )
        admin = MembershipFactory(organization=org, role=Role.ADMIN)
        Completion.objects.create(  # the PR team's own completions earn nothing: points are for ambassadors
            organization=org,
            member=admin,
            course=course,
            code="AAAA-BBBB-DDDD",
            holder_name="Rina",
            course_title=course.title,
            completed_at=at(TODAY, 11),
        )
        refresh(org)
        refresh(org)
        assert entries(putri) == [("training", TODAY, 30)]
        assert PointEntry.objects.get(member=putri).source_id == completion.pk
        assert not PointEntry.objects.filter(member=admin).exists()

    def test_counts_verified_in_another_organization_earn_nothing_here(
        self, org: Organization, putri: Membership, outsider_admin: Membership, rec_verified: Maker
    ) -> None:
        elsewhere = MembershipFactory(organization=outsider_admin.organization, user=putri.user)
        rec_verified(elsewhere, at=at(TODAY))
        refresh(org)
        assert not PointEntry.objects.filter(member=putri).exists()

    def test_the_audit_row_counts_what_was_awarded(
        self, org: Organization, putri: Membership, rec_report: Maker
    ) -> None:
        rec_report(putri, at=at(TODAY))
        refresh(org)
        event = AuditEvent.objects.get(action="analytics.recognition.refresh")
        assert event.organization_id == org.pk
        assert event.changes == {"points": 1, "badges": 0}


# --- figures, ranks, seasons and badges --------------------------------------------------------------------------


class TestPointsTakenBack:
    def test_a_deleted_report_takes_its_points_with_it(
        self, org: Organization, putri: Membership, rec_report: Maker
    ) -> None:
        report = rec_report(putri, at=at(TODAY))
        refresh(org)
        assert PointEntry.objects.filter(member=putri, kind=rules.POST).count() == 1
        report.delete()
        refresh(org)
        assert not PointEntry.objects.filter(member=putri, kind=rules.POST).exists()


class TestRecognitionRefreshFigures:
    def test_season_points_levels_and_dense_ranks(self, org: Organization, make_duta: Maker) -> None:
        ana, budi, citra, dedi = (make_duta() for _ in range(4))
        give_points(ana, 150)
        give_points(budi, 30)
        give_points(citra, 150)
        refresh(org)
        assert [(stat_of(m).points_season, stat_of(m).level, stat_of(m).rank) for m in (ana, budi, citra, dedi)] == [
            (150, 2, 1),
            (30, 1, 2),
            (150, 2, 1),
            (0, 1, None),
        ]

    def test_a_running_season_decides_the_season_points(self, org: Organization, make_duta: Maker) -> None:
        ana = make_duta()
        Season.objects.create(organization=org, name="Musim 1", starts_on=dt.date(2026, 3, 10), ends_on=TODAY)
        give_points(ana, 10, day=dt.date(2026, 3, 9))
        give_points(ana, 20, day=dt.date(2026, 3, 10))
        refresh(org)
        assert (stat_of(ana).points_season, stat_of(ana).points_total) == (20, 30)

    def test_without_a_season_the_quarter_decides(self, org: Organization, make_duta: Maker) -> None:
        ana = make_duta()
        Season.objects.create(
            organization=org, name="Lalu", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 31)
        )
        give_points(ana, 10, day=dt.date(2025, 12, 31))
        give_points(ana, 20, day=dt.date(2026, 1, 2))
        give_points(ana, 5, day=dt.date(2026, 3, 1))
        refresh(org)
        assert (stat_of(ana).points_season, stat_of(ana).points_total) == (25, 35)

    def test_badges_are_awarded_once_and_never_taken_back(
        self,
        org: Organization,
        make_duta: Maker,
        rec_report: Maker,
        rec_verified: Maker,
        rec_crisis_item: ContentItem,
    ) -> None:
        ana = make_duta(shares_total=3, clicks_total=1200, streak_weeks=1, best_streak_weeks=4)
        rec_report(ana, at=at(TODAY), item=rec_crisis_item)
        rec_verified(ana, at=at(TODAY - dt.timedelta(days=3)))
        refresh(org)
        expected = {"first_share", "streak_4", "crisis_responder", "verified", "clicks_1000"}
        assert set(BadgeAward.objects.filter(member=ana).values_list("badge", flat=True)) == expected
        assert set(BadgeAward.objects.filter(member=ana).values_list("awarded_on", flat=True)) == {TODAY}
        MemberStat.objects.filter(member=ana).update(shares_total=0, clicks_total=0, best_streak_weeks=0)
        refresh(org, TODAY + dt.timedelta(days=1))
        assert set(BadgeAward.objects.filter(member=ana).values_list("badge", flat=True)) == expected

    def test_ten_posts_earn_the_posts_badge_but_facebook_posts_do_not_count(
        self, org: Organization, make_duta: Maker, rec_report: Maker, rec_crisis_item: ContentItem
    ) -> None:
        ana, budi = make_duta(), make_duta()
        for number in range(10):
            rec_report(ana, at=at(TODAY - dt.timedelta(days=number)))
            rec_report(budi, at=at(TODAY - dt.timedelta(days=number)), platform="facebook")
        rec_report(budi, at=at(TODAY), platform="facebook", item=rec_crisis_item)
        refresh(org)
        assert list(BadgeAward.objects.filter(member=ana).values_list("badge", flat=True)) == ["posts_10"]
        assert not BadgeAward.objects.filter(member=budi).exists()

    def test_its_queries_do_not_grow_with_the_ambassadors(
        self, org: Organization, make_duta: Maker, rec_report: Maker, rec_verified: Maker
    ) -> None:
        def run(count: int, day: dt.date) -> int:
            for _number in range(count):
                member = make_duta(shares_total=1)
                rec_report(member, at=at(day))
                rec_report(member, at=at(day, 11))
                rec_verified(member, at=at(day))
            with CaptureQueriesContext(connection) as captured:
                refresh(org, day)
            return len(captured.captured_queries)

        few = run(2, TODAY)
        many = run(12, TODAY + dt.timedelta(days=1))
        assert many == few
        assert few <= 21  # one read per source of points: reports, verified counts, courses completed


# --- seasons -----------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
class TestSeasons:
    def test_the_pr_team_creates_a_season(self, pr_admin: Membership) -> None:
        season = services.season_create(
            member=pr_admin, name=" Musim 1 ", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        assert season.name == "Musim 1"
        event = AuditEvent.objects.get(action="analytics.season.create")
        assert event.target_id == str(season.pk)
        assert event.actor_id == pr_admin.user_id

    def test_a_season_cannot_end_before_it_starts(self, pr_admin: Membership) -> None:
        error = refused(
            lambda: services.season_create(
                member=pr_admin, name="Musim", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 2, 1)
            )
        )
        assert error.field == "ends_on"
        assert not Season.objects.exists()

    def test_seasons_cannot_overlap(self, pr_admin: Membership) -> None:
        first = services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        error = refused(
            lambda: services.season_create(
                member=pr_admin, name="Musim 2", starts_on=dt.date(2026, 3, 31), ends_on=dt.date(2026, 6, 30)
            )
        )
        assert error.code == "overlap"
        assert "Musim 1" in error.message
        services.season_update(
            member=pr_admin, season=first, name="Musim 1", starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 3, 30)
        )  # moving itself is no overlap
        services.season_create(
            member=pr_admin, name="Musim 2", starts_on=dt.date(2026, 3, 31), ends_on=dt.date(2026, 6, 30)
        )

    def test_seasons_of_another_organization_do_not_overlap(
        self, pr_admin: Membership, outsider_admin: Membership
    ) -> None:
        services.season_create(
            member=outsider_admin, name="Lain", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31)
        )
        services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )

    def test_an_update_is_audited_with_its_changes(self, pr_admin: Membership) -> None:
        season = services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        services.season_update(
            member=pr_admin, season=season, name="Musim Satu", starts_on=season.starts_on, ends_on=season.ends_on
        )
        services.season_update(
            member=pr_admin, season=season, name="Musim Satu", starts_on=season.starts_on, ends_on=season.ends_on
        )
        events = AuditEvent.objects.filter(action="analytics.season.update")
        assert [event.changes for event in events] == [{"name": ["Musim 1", "Musim Satu"]}]

    def test_a_season_is_deleted_with_an_audit_row(self, pr_admin: Membership) -> None:
        season = services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        pk = season.pk
        services.season_delete(member=pr_admin, season=season)
        assert not Season.objects.exists()
        assert AuditEvent.objects.get(action="analytics.season.delete").target_id == str(pk)

    def test_only_the_pr_team_writes_seasons(
        self, pr_admin: Membership, coordinator: Membership, viewer: Membership, outsider_admin: Membership
    ) -> None:
        for member in (coordinator, viewer):
            error = refused(
                lambda member=member: services.season_create(
                    member=member, name="Musim", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 2)
                )
            )
            assert error.code == "forbidden"
        season = services.season_create(
            member=pr_admin, name="Musim", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 2)
        )
        assert refused(lambda: services.season_delete(member=outsider_admin, season=season)).code == "forbidden"
        assert Season.objects.filter(pk=season.pk).exists()


# --- hiding one's name, switching leaderboards -------------------------------------------------------------------


class TestRecognitionPreference:
    def test_a_member_hides_their_name_and_shows_it_again(self, putri: Membership) -> None:
        services.recognition_preference_set(member=putri, hide_name=True)
        services.recognition_preference_set(member=putri, hide_name=True)  # no change, no audit row
        assert RecognitionPreference.objects.get(member=putri).hide_name
        services.recognition_preference_set(member=putri, hide_name=False)
        changes = list(
            AuditEvent.objects.filter(action="analytics.recognition_preference.set")
            .order_by("id")
            .values_list("changes", flat=True)
        )
        assert changes == [{"hide_name": [False, True]}, {"hide_name": [True, False]}]


@pytest.mark.usefixtures("english")
class TestLeaderboardsSwitch:
    def test_switching_on_needs_the_impact_assessment(self, pr_admin: Membership) -> None:
        assert (
            refused(
                lambda: services.leaderboards_enable(member=pr_admin, impact_assessment_on=None, reference="DPIA-1")
            ).field
            == "impact_assessment_on"
        )
        assert (
            refused(
                lambda: services.leaderboards_enable(
                    member=pr_admin, impact_assessment_on=timezone.localdate(), reference="  "
                )
            ).field
            == "reference"
        )
        future = timezone.localdate() + dt.timedelta(days=1)
        assert (
            refused(
                lambda: services.leaderboards_enable(member=pr_admin, impact_assessment_on=future, reference="DPIA-1")
            ).field
            == "impact_assessment_on"
        )
        assert not selectors.leaderboards_enabled(pr_admin.organization)

    def test_switching_on_records_the_assessment(self, pr_admin: Membership) -> None:
        day = timezone.localdate() - dt.timedelta(days=2)
        found = services.leaderboards_enable(member=pr_admin, impact_assessment_on=day, reference=" DPIA-2026/01 ")
        found.refresh_from_db()
        assert found.leaderboards_enabled
        assert (found.impact_assessment_on, found.impact_assessment_reference) == (day, "DPIA-2026/01")
        assert found.impact_assessment_by == pr_admin.user
        event = AuditEvent.objects.get(action="analytics.leaderboards.enable")
        assert event.changes["leaderboards_enabled"] == [False, True]

    def test_switching_off_keeps_the_assessment(self, pr_admin: Membership, rec_leaderboards_on: Any) -> None:
        services.leaderboards_disable(member=pr_admin)
        services.leaderboards_disable(member=pr_admin)  # already off: no second audit row
        found = AnalyticsSettings.objects.get(organization=pr_admin.organization)
        assert not found.leaderboards_enabled
        assert found.impact_assessment_reference == "DPIA-2026/01"
        assert audit_actions("analytics.leaderboards.disable") == 1

    def test_only_the_pr_team_switches(
        self, coordinator: Membership, viewer: Membership, ambassador: Membership
    ) -> None:
        for member in (coordinator, viewer, ambassador):
            call = lambda member=member: services.leaderboards_enable(  # noqa: E731
                member=member, impact_assessment_on=timezone.localdate(), reference="DPIA-1"
            )
            assert refused(call).code == "forbidden"
            assert refused(lambda member=member: services.leaderboards_disable(member=member)).code == "forbidden"
        assert not AnalyticsSettings.objects.exists()


# --- selectors ---------------------------------------------------------------------------------------------------


@pytest.fixture
def board(
    org: Organization, unit_humas: Unit, unit_media: Unit, unit_ditjen: Unit, make_duta: Maker, putri: Membership
) -> dict[str, Membership]:
    """Ambassadors with season points: Putri (Bagian Media, 40), Ana (Biro Humas, 90), Budi (Ditjen, 40, hidden),
    Citra (Ditjen, 0)."""
    ana = make_duta(unit=unit_humas, name="Ana Humas", points_season=90, level=1)
    budi = make_duta(unit=unit_ditjen, name="Budi Rahasia", points_season=40, level=1)
    citra = make_duta(unit=unit_ditjen, name="Citra Baru")
    MemberStat.objects.filter(member=putri).update(points_season=40, level=1, rank=2)  # ranked as ana and budi are
    RecognitionPreference.objects.create(member=budi, hide_name=True)
    return {"putri": putri, "ana": ana, "budi": budi, "citra": citra}


@pytest.mark.usefixtures("english")
class TestLeaderboardMembers:
    def test_there_is_none_while_leaderboards_are_off(self, pr_admin: Membership, board: dict[str, Membership]) -> None:
        with pytest.raises(Http404):
            selectors.leaderboard_members(member=pr_admin)

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_best_first_with_shared_ranks_and_hidden_names(
        self, pr_admin: Membership, board: dict[str, Membership]
    ) -> None:
        rows = selectors.leaderboard_members(member=pr_admin)
        assert [(row.rank, row.name, row.points, row.unit_name) for row in rows] == [
            (1, "Ana Humas", 90, "Biro Humas"),
            (2, "Putri Duta", 40, "Bagian Media"),
            (2, "Hidden ambassador", 40, "Direktorat Jenderal A"),  # hidden from the PR team too
        ]
        assert [row.hidden for row in rows] == [False, False, True]
        assert str(rows[0].level_label) == "Beginner"

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_the_owner_of_a_hidden_name_sees_it(self, board: dict[str, Membership]) -> None:
        rows = selectors.leaderboard_members(member=board["budi"])
        mine = next(row for row in rows if row.is_me)
        assert (mine.name, mine.hidden) == ("Budi Rahasia", False)

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_the_limit(self, pr_admin: Membership, board: dict[str, Membership]) -> None:
        assert [row.points for row in selectors.leaderboard_members(member=pr_admin, limit=1)] == [90]

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_a_coordinator_sees_their_subtrees(
        self, coordinator: Membership, board: dict[str, Membership], unit_media: Unit, unit_ditjen: Unit
    ) -> None:
        assert [row.name for row in selectors.leaderboard_members(member=coordinator)] == ["Ana Humas", "Putri Duta"]
        assert [row.name for row in selectors.leaderboard_members(member=coordinator, unit_id=unit_media.pk)] == [
            "Putri Duta"
        ]
        with pytest.raises(Http404):
            selectors.leaderboard_members(member=coordinator, unit_id=unit_ditjen.pk)

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_an_ambassador_sees_the_organization(self, board: dict[str, Membership], unit_ditjen: Unit) -> None:
        rows = selectors.leaderboard_members(member=board["putri"], unit_id=unit_ditjen.pk)
        assert [(row.rank, row.name) for row in rows] == [(1, "Hidden ambassador")]

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_a_unit_of_another_organization_is_not_found(
        self, pr_admin: Membership, outsider_admin: Membership
    ) -> None:
        foreign = UnitFactory(organization=outsider_admin.organization)
        with pytest.raises(Http404):
            selectors.leaderboard_members(member=pr_admin, unit_id=foreign.pk)


@pytest.mark.usefixtures("rec_leaderboards_on")
class TestLeaderboardUnits:
    def test_top_level_units_add_up_their_subtrees(
        self, pr_admin: Membership, board: dict[str, Membership], unit_setjen: Unit, unit_ditjen: Unit
    ) -> None:
        rows = selectors.leaderboard_units(member=pr_admin)
        assert [(row.rank, row.unit_id, row.ambassadors, row.participating, row.total_points) for row in rows] == [
            (1, unit_setjen.pk, 2, 2, 130),
            (2, unit_ditjen.pk, 2, 1, 40),
        ]
        assert rows[0].average_points == 65
        assert rows[1].participation_percent == 50
        assert rows[0].has_children
        assert not rows[1].has_children

    def test_drilling_down(
        self, pr_admin: Membership, board: dict[str, Membership], unit_setjen: Unit, unit_humas: Unit
    ) -> None:
        rows = selectors.leaderboard_units(member=pr_admin, parent_unit_id=unit_setjen.pk)
        assert [(row.unit_id, row.total_points) for row in rows] == [(unit_humas.pk, 130)]

    def test_a_coordinator_compares_their_units(
        self, coordinator: Membership, board: dict[str, Membership], unit_humas: Unit, unit_ditjen: Unit
    ) -> None:
        assert [row.unit_id for row in selectors.leaderboard_units(member=coordinator)] == [unit_humas.pk]
        with pytest.raises(Http404):
            selectors.leaderboard_units(member=coordinator, parent_unit_id=unit_ditjen.pk)

    def test_a_unit_of_another_organization_is_not_found(
        self, pr_admin: Membership, outsider_admin: Membership
    ) -> None:
        foreign = UnitFactory(organization=outsider_admin.organization)
        with pytest.raises(Http404):
            selectors.leaderboard_units(member=pr_admin, parent_unit_id=foreign.pk)


class TestMemberRecognition:
    def test_before_the_first_refresh(self, ambassador: Membership) -> None:
        mine = selectors.member_recognition(member=ambassador, today=TODAY)
        assert (mine.stat, mine.points_total, mine.level.number, mine.rank) == (None, 0, 1, None)
        assert mine.next_level is not None
        assert mine.points_to_next == 100
        assert mine.badges == []
        assert len(mine.unearned) == len(rules.BADGES)
        assert mine.span.season is None
        assert (mine.span.start, mine.span.end) == (
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 31),
        )

    def test_points_level_badges_and_latest_points(
        self, org: Organization, putri: Membership, rec_report: Maker
    ) -> None:
        for number in range(12):
            rec_report(putri, at=at(TODAY - dt.timedelta(days=number)))
        refresh(org)
        mine = selectors.member_recognition(member=putri, today=TODAY)
        assert (mine.points_total, mine.points_season, mine.level.number, mine.rank) == (120, 120, 2, 1)
        assert mine.points_to_next == 180
        assert mine.progress_percent == 10
        assert [earned.badge.id for earned in mine.badges] == ["posts_10"]
        assert len(mine.recent) == 12
        assert mine.recent[0].day == TODAY
        assert not mine.hide_name
        assert not mine.leaderboards_on
        assert mine.daily_cap == 30


def test_the_settings_have_defaults_before_they_are_saved(org: Organization) -> None:
    found = selectors.analytics_settings_for(org)
    assert found.pk is None
    assert (found.leaderboards_enabled, found.points_daily_cap) == (False, 30)


# --- pages -------------------------------------------------------------------------------------------------------


class TestLeaderboardView:
    def test_while_off_the_pr_team_sees_how_to_switch_it_on(self, client_for: Maker, pr_admin: Membership) -> None:
        in_english(pr_admin)
        response = client_for(pr_admin).get(url("leaderboard", pr_admin.organization))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Leaderboards are off" in text
        assert url("impact_assessment_template", pr_admin.organization) in text
        assert 'name="impact_assessment_on"' in text
        assert 'name="reference"' in text

    def test_while_off_nobody_else_finds_it(
        self, client_for: Maker, coordinator: Membership, viewer: Membership, ambassador: Membership
    ) -> None:
        for member in (coordinator, viewer, ambassador):
            assert client_for(member).get(url("leaderboard", member.organization)).status_code == 404

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_an_ambassador_sees_the_board_with_hidden_names_hidden(
        self, client_for: Maker, board: dict[str, Membership]
    ) -> None:
        putri = in_english(board["putri"])
        response = client_for(putri).get(url("leaderboard", putri.organization))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Ana Humas" in text
        assert "Putri Duta" in text
        assert "Budi Rahasia" not in text
        assert "Hidden ambassador" in text
        assert "Your standing" in text

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_the_pr_team_does_not_see_hidden_names_either(
        self, client_for: Maker, pr_admin: Membership, board: dict[str, Membership]
    ) -> None:
        text = client_for(pr_admin).get(url("leaderboard", pr_admin.organization)).content.decode()
        assert "Budi Rahasia" not in text
        assert url("leaderboards_toggle", pr_admin.organization) in text  # the switch-off button

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_the_units_tab_and_its_htmx_partial(
        self, client_for: Maker, viewer: Membership, board: dict[str, Membership], unit_setjen: Unit
    ) -> None:
        client = client_for(viewer)
        page = client.get(url("leaderboard", viewer.organization), {"tab": "units"})
        assert page.status_code == 200
        assert "Sekretariat Jenderal" in page.content.decode()
        partial = client.get(
            url("leaderboard", viewer.organization),
            {"tab": "units", "unit": unit_setjen.pk},
            headers={"HX-Request": "true", "HX-Target": "board"},
        )
        text = partial.content.decode()
        assert text.lstrip().startswith('<div id="board">')
        assert "Biro Humas" in text
        assert "<html" not in text

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_a_unit_out_of_scope_or_malformed_is_not_found(
        self, client_for: Maker, coordinator: Membership, board: dict[str, Membership], unit_ditjen: Unit
    ) -> None:
        client = client_for(coordinator)
        assert client.get(url("leaderboard", coordinator.organization), {"unit": unit_ditjen.pk}).status_code == 404
        assert client.get(url("leaderboard", coordinator.organization), {"unit": "x"}).status_code == 404

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_a_member_of_another_organization_gets_404(
        self, client_for: Maker, outsider_admin: Membership, org: Organization
    ) -> None:
        assert client_for(outsider_admin).get(url("leaderboard", org)).status_code == 404

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_its_queries_do_not_grow_with_the_board(
        self,
        client_for: Maker,
        board: dict[str, Membership],
        make_duta: Maker,
        unit_media: Unit,
        django_assert_max_num_queries: Any,
    ) -> None:
        for number in range(40):
            member = make_duta(unit=unit_media, points_season=number + 1)
            if number % 3 == 0:
                RecognitionPreference.objects.create(member=member, hide_name=True)
        client = client_for(board["putri"])
        with django_assert_max_num_queries(16):
            assert client.get(url("leaderboard", board["putri"].organization)).status_code == 200
        with django_assert_max_num_queries(13):
            response = client.get(url("leaderboard", board["putri"].organization), {"tab": "units"})
            assert response.status_code == 200


class TestLeaderboardsToggleView:
    def test_the_pr_team_switches_them_on_with_the_assessment(self, client_for: Maker, pr_admin: Membership) -> None:
        day = timezone.localdate() - dt.timedelta(days=1)
        response = client_for(pr_admin).post(
            url("leaderboards_toggle", pr_admin.organization),
            {"action": "enable", "impact_assessment_on": day.isoformat(), "reference": "DPIA-7"},
        )
        assert response.status_code == 302
        assert response["Location"] == url("leaderboard", pr_admin.organization)
        assert selectors.leaderboards_enabled(pr_admin.organization)
        assert audit_actions("analytics.leaderboards.enable") == 1

    def test_without_the_reference_they_stay_off(self, client_for: Maker, pr_admin: Membership) -> None:
        in_english(pr_admin)
        response = client_for(pr_admin).post(
            url("leaderboards_toggle", pr_admin.organization),
            {"action": "enable", "impact_assessment_on": timezone.localdate().isoformat(), "reference": ""},
        )
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
        assert not selectors.leaderboards_enabled(pr_admin.organization)

    def test_a_future_assessment_is_refused_on_the_form(self, client_for: Maker, pr_admin: Membership) -> None:
        in_english(pr_admin)
        future = timezone.localdate() + dt.timedelta(days=3)
        response = client_for(pr_admin).post(
            url("leaderboards_toggle", pr_admin.organization),
            {"action": "enable", "impact_assessment_on": future.isoformat(), "reference": "DPIA-7"},
        )
        assert response.status_code == 200
        assert "cannot be in the future" in response.content.decode()
        assert not selectors.leaderboards_enabled(pr_admin.organization)

    @pytest.mark.usefixtures("rec_leaderboards_on")
    def test_the_pr_team_switches_them_off(self, client_for: Maker, pr_admin: Membership) -> None:
        response = client_for(pr_admin).post(url("leaderboards_toggle", pr_admin.organization), {"action": "disable"})
        assert response.status_code == 302
        assert not selectors.leaderboards_enabled(pr_admin.organization)
        assert audit_actions("analytics.leaderboards.disable") == 1

    def test_other_roles_get_403(
        self, client_for: Maker, coordinator: Membership, viewer: Membership, ambassador: Membership
    ) -> None:
        for member in (coordinator, viewer, ambassador):
            response = client_for(member).post(
                url("leaderboards_toggle", member.organization),
                {"action": "enable", "impact_assessment_on": "2026-01-01", "reference": "DPIA-7"},
            )
            assert response.status_code == 403
        assert not AnalyticsSettings.objects.exists()

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Maker, outsider_admin: Membership, org: Organization
    ) -> None:
        response = client_for(outsider_admin).post(url("leaderboards_toggle", org), {"action": "disable"})
        assert response.status_code == 404

    def test_it_needs_a_post_with_the_csrf_token(self, pr_admin: Membership) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(pr_admin.user)
        target = url("leaderboards_toggle", pr_admin.organization)
        data = {"action": "enable", "impact_assessment_on": "2026-01-01", "reference": "DPIA-7"}
        assert client.post(target, data).status_code == 403
        assert client.get(target).status_code == 405
        assert not AnalyticsSettings.objects.exists()


class TestImpactAssessmentTemplate:
    def test_the_pr_team_downloads_it(self, client_for: Maker, pr_admin: Membership) -> None:
        in_english(pr_admin)  # the template is in Bahasa Indonesia whatever the reader's language
        response = client_for(pr_admin).get(url("impact_assessment_template", pr_admin.organization))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/markdown; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        text = response.content.decode()
        assert text.startswith("# Penilaian Dampak Pelindungan Data Pribadi")
        assert "Kementerian Contoh" in text
        for heading in ("[Purpose]", "[Legal basis]", "[Data used]", "[Risks]", "[Measures]", "[Sign-off]"):
            assert heading in text
        assert "Pasal 34" in text
        assert "pesan pribadi" in text
        assert "&amp;" not in text
        assert "&#x27;" not in text

    def test_other_roles_get_403(self, client_for: Maker, viewer: Membership, ambassador: Membership) -> None:
        for member in (viewer, ambassador):
            assert client_for(member).get(url("impact_assessment_template", member.organization)).status_code == 403

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Maker, outsider_admin: Membership, org: Organization
    ) -> None:
        assert client_for(outsider_admin).get(url("impact_assessment_template", org)).status_code == 404


class TestSeasonViews:
    def test_the_pr_team_lists_and_creates_seasons(self, client_for: Maker, pr_admin: Membership) -> None:
        client = client_for(pr_admin)
        assert client.get(url("seasons", pr_admin.organization)).status_code == 200
        response = client.post(
            url("seasons", pr_admin.organization),
            {"name": "Musim 1", "starts_on": "2026-01-01", "ends_on": "2026-03-31"},
        )
        assert response.status_code == 302
        season = Season.objects.get()
        assert season.organization == pr_admin.organization
        assert audit_actions("analytics.season.create") == 1
        assert "Musim 1" in client.get(url("seasons", pr_admin.organization)).content.decode()

    def test_mistakes_come_back_on_the_form(self, client_for: Maker, pr_admin: Membership) -> None:
        in_english(pr_admin)
        client = client_for(pr_admin)
        services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        backwards = client.post(
            url("seasons", pr_admin.organization), {"name": "X", "starts_on": "2026-05-01", "ends_on": "2026-04-01"}
        )
        assert backwards.status_code == 200
        assert "cannot end before it starts" in backwards.content.decode()
        overlapping = client.post(
            url("seasons", pr_admin.organization), {"name": "Y", "starts_on": "2026-03-01", "ends_on": "2026-04-01"}
        )
        assert overlapping.status_code == 200
        assert "Seasons cannot overlap" in overlapping.content.decode()
        assert Season.objects.count() == 1

    def test_the_pr_team_edits_and_deletes_a_season(self, client_for: Maker, pr_admin: Membership) -> None:
        season = services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        client = client_for(pr_admin)
        edit = url("season_edit", pr_admin.organization, season_id=season.pk)
        assert client.get(edit).status_code == 200
        response = client.post(edit, {"name": "Musim Satu", "starts_on": "2026-01-01", "ends_on": "2026-03-31"})
        assert response.status_code == 302
        season.refresh_from_db()
        assert season.name == "Musim Satu"
        delete = url("season_delete", pr_admin.organization, season_id=season.pk)
        assert client.get(delete).status_code == 405
        assert client.post(delete).status_code == 302
        assert not Season.objects.exists()
        assert audit_actions("analytics.season.update") == 1
        assert audit_actions("analytics.season.delete") == 1

    def test_other_roles_get_403(
        self, client_for: Maker, pr_admin: Membership, coordinator: Membership, ambassador: Membership
    ) -> None:
        season = services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        for member in (coordinator, ambassador):
            client = client_for(member)
            org = member.organization
            assert client.get(url("seasons", org)).status_code == 403
            data = {"name": "Z", "starts_on": "2027-01-01", "ends_on": "2027-01-31"}
            assert client.post(url("seasons", org), data).status_code == 403
            assert client.post(url("season_edit", org, season_id=season.pk), data).status_code == 403
            assert client.post(url("season_delete", org, season_id=season.pk)).status_code == 403
        assert list(Season.objects.values_list("name", flat=True)) == ["Musim 1"]

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Maker, pr_admin: Membership, outsider_admin: Membership, org: Organization
    ) -> None:
        season = services.season_create(
            member=pr_admin, name="Musim 1", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31)
        )
        client = client_for(outsider_admin)
        own = outsider_admin.organization
        assert client.get(url("seasons", org)).status_code == 404
        assert client.get(url("season_edit", own, season_id=season.pk)).status_code == 404
        assert client.post(url("season_delete", own, season_id=season.pk)).status_code == 404
        assert Season.objects.filter(pk=season.pk).exists()

    def test_it_needs_the_csrf_token(self, pr_admin: Membership) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(pr_admin.user)
        data = {"name": "Musim 1", "starts_on": "2026-01-01", "ends_on": "2026-03-31"}
        assert client.post(url("seasons", pr_admin.organization), data).status_code == 403
        assert not Season.objects.exists()


class TestPrivacyView:
    def test_a_member_sees_their_points_and_badges(
        self, client_for: Maker, putri: Membership, rec_report: Maker
    ) -> None:
        rec_report(putri, at=timezone.now())
        refresh(putri.organization, timezone.localdate())
        in_english(putri)
        response = client_for(putri).get(url("privacy", putri.organization))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Hide my name on leaderboards" in text
        assert "Posts on Facebook earn no points" in text
        assert "a share with a reported post" in text  # the latest points

    def test_a_member_hides_their_name(self, client_for: Maker, putri: Membership) -> None:
        response = client_for(putri).post(url("privacy", putri.organization), {"hide_name": "on"})
        assert response.status_code == 302
        assert RecognitionPreference.objects.get(member=putri).hide_name
        assert audit_actions("analytics.recognition_preference.set") == 1
        client_for(putri).post(url("privacy", putri.organization), {})
        assert not RecognitionPreference.objects.get(member=putri).hide_name

    def test_every_role_has_the_page(self, client_for: Maker, pr_admin: Membership, viewer: Membership) -> None:
        for member in (pr_admin, viewer):
            assert client_for(member).get(url("privacy", member.organization)).status_code == 200

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Maker, outsider_admin: Membership, org: Organization
    ) -> None:
        assert client_for(outsider_admin).post(url("privacy", org), {"hide_name": "on"}).status_code == 404
        assert not RecognitionPreference.objects.exists()

    def test_it_needs_the_csrf_token(self, putri: Membership) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(putri.user)
        assert client.post(url("privacy", putri.organization), {"hide_name": "on"}).status_code == 403
        assert not RecognitionPreference.objects.exists()
