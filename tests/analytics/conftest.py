"""Fixtures of the analytics tests: ambassadors (from the campaigns fixtures) and their activity written as the
other apps write it — share links, reported posts and the shipper's daily click rollups — at chosen times.

    def test_x(make_ambassador, live_item, shared, unit_media):
        member = make_ambassador(unit=unit_media, platforms=["instagram"])
        shared(member, at=day(2026, 11, 3), platform="instagram", clicks=5, post=True)
        analytics_refresh(organization=org, today=...)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from duta.campaigns.models import ContentItem, PostReport
from duta.links.models import ClickRollup, ShareLink
from duta.links.services import share_link_build
from duta.organizations.models import Membership
from tests.campaigns.conftest import (
    brief,
    bring_live,
    campaign,
    crisis,
    live_crisis_item,
    live_item,
    make_ambassador,
    make_item,
    program,
    second_admin,
    update_settings,
)

__all__ = [
    "brief",
    "bring_live",
    "campaign",
    "crisis",
    "live_crisis_item",
    "live_item",
    "make_ambassador",
    "make_item",
    "program",
    "second_admin",
    "update_settings",
]


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    """A time on a day in the organization's time zone."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def shared(live_item: ContentItem) -> Callable[..., ShareLink]:
    """``shared(member, at=date, platform=, item=, clicks=, previews=, post=, views=)``: the member tapped a share
    button on that day (a link made), optionally reported the post, and the link's clicks were shipped."""
    counter = iter(range(1, 10**6))

    def _share(
        member: Membership,
        *,
        at: dt.date,
        platform: str = "whatsapp",
        item: ContentItem | None = None,
        clicks: int = 0,
        previews: int = 0,
        post: bool = False,
        views: int | None = None,
        reactions: int | None = None,
    ) -> ShareLink:
        item = item or live_item
        link = ShareLink.objects.filter(item=item, member=member, platform=platform).first()
        if link is None:
            link = share_link_build(member=member, item=item, platform=platform, position=0)
            link.save()
            ShareLink.objects.filter(pk=link.pk).update(created_at=moment(at), updated_at=moment(at))
        if post:
            number = next(counter)
            report = PostReport.objects.create(
                organization=member.organization,
                item=item,
                member=member,
                platform=platform,
                url=f"https://www.instagram.com/p/TEST{number}/" if platform != "whatsapp" else "",
                canonical_url=f"instagram.com/p/test{number}" if platform != "whatsapp" else "",
                views=views,
                reactions=reactions,
            )
            PostReport.objects.filter(pk=report.pk).update(created_at=moment(at, 12))
        if clicks or previews:
            for dimension, key in (
                ("link", link.pk),
                ("member", member.pk),
                ("item", item.pk),
                ("campaign", item.campaign_id),
                ("unit", link.unit_id),
            ):
                if key is None:
                    continue
                row, _created = ClickRollup.objects.get_or_create(
                    organization=member.organization,
                    dimension=dimension,
                    key=key,
                    day=at,
                    platform=platform,
                )
                ClickRollup.objects.filter(pk=row.pk).update(
                    clicks=row.clicks + clicks, previews=row.previews + previews
                )
        return link

    return _share


# --- recognition (points, badges, leaderboards): fixtures prefixed rec_ -----------------------------------------


@pytest.fixture
def rec_item(org: Any) -> ContentItem:
    """A live item of a normal campaign of ``org`` (written directly, without the campaigns services)."""
    from tests.campaigns.factories import LiveItemFactory

    return LiveItemFactory(campaign__organization=org)


@pytest.fixture
def rec_crisis_item(org: Any) -> ContentItem:
    """A live item of a crisis of ``org``."""
    from tests.campaigns.factories import CrisisFactory, LiveItemFactory

    return LiveItemFactory(campaign=CrisisFactory(organization=org))


@pytest.fixture
def rec_report(rec_item: ContentItem) -> Callable[..., PostReport]:
    """``rec_report(member, at=datetime, platform="instagram", item=None)``: a reported post made at ``at``."""
    counter = iter(range(1, 10**6))

    def _report(
        member: Membership, *, at: dt.datetime, platform: str = "instagram", item: ContentItem | None = None
    ) -> PostReport:
        number = next(counter)
        report = PostReport.objects.create(
            organization=member.organization,
            item=item or rec_item,
            member=member,
            platform=platform,
            url=f"https://posts.example/{platform}/{member.pk}/{number}",
            canonical_url=f"posts.example/{platform}/{member.pk}/{number}",
        )
        PostReport.objects.filter(pk=report.pk).update(created_at=at)
        report.created_at = at
        return report

    return _report


@pytest.fixture
def rec_verified() -> Callable[..., Any]:
    """``rec_verified(member, platform="instagram", at=datetime, source="verified")``: a follower count of the
    member's account on that platform (their roster entry and the account made on first use)."""
    from duta.people.models import Employee, SocialAccount
    from tests.factories import EmployeeFactory, FollowerSnapshotFactory, SocialAccountFactory

    def _verified(
        member: Membership, *, platform: str = "instagram", at: dt.datetime | None = None, source: str = "verified"
    ) -> Any:
        employee = Employee.objects.filter(organization=member.organization, user=member.user).first()
        if employee is None:
            employee = EmployeeFactory(organization=member.organization, user=member.user, unit=member.unit)
        account = SocialAccount.objects.filter(employee=employee, platform=platform).first()
        if account is None:
            account = SocialAccountFactory(employee=employee, platform=platform)
        return FollowerSnapshotFactory(account=account, source=source, recorded_at=at or timezone.now())

    return _verified


@pytest.fixture
def rec_stat() -> Callable[..., Any]:
    """``rec_stat(member, **fields)``: the member's ``MemberStat`` row, as the figures' refresh writes it."""
    from duta.analytics.models import MemberStat
    from duta.analytics.recognition_rules import dense_ranks

    def _stat(member: Membership, **fields: Any) -> MemberStat:
        stat, _created = MemberStat.objects.update_or_create(
            member=member,
            defaults={"organization": member.organization, "unit": member.unit_id or 0, **fields},
        )
        # ranked as the refresh ranks: densely by the season's points, those with points only
        ranked = list(MemberStat.objects.filter(organization=member.organization).order_by("-points_season"))
        for row, rank in zip(ranked, dense_ranks([row.points_season for row in ranked]), strict=True):
            MemberStat.objects.filter(pk=row.pk).update(rank=rank)
        stat.refresh_from_db()
        return stat

    return _stat


@pytest.fixture
def rec_leaderboards_on(pr_admin: Membership) -> Any:
    """Leaderboards switched on by ``pr_admin`` with an impact assessment of last week."""
    from duta.analytics.services.recognition import leaderboards_enable

    return leaderboards_enable(
        member=pr_admin, impact_assessment_on=timezone.localdate() - dt.timedelta(days=7), reference="DPIA-2026/01"
    )


# --- the monthly report (rep_ fixtures) -------------------------------------------------------------------------


@pytest.fixture
def rep_data():
    """``rep_data(**changes)``: a made-up ``ReportData`` for October 2026 (no database), with every section filled."""
    from dataclasses import replace

    from duta.analytics import periods as P
    from duta.analytics import value
    from duta.analytics.reports.data import (
        AmbassadorLine,
        CampaignLine,
        CrisisLine,
        PlatformLine,
        ReportData,
        UnitLine,
        WeekLine,
    )
    from duta.analytics.selectors.dashboards import Figures

    weeks = [
        WeekLine(start=period.start, end=period.end, key=period.key, totals=Figures(active=40, sharers=10 + index % 7))
        for index, period in enumerate(P.recent(P.WEEK, dt.date(2026, 10, 31), 27))
    ]
    data = ReportData(
        organization="Kementerian Contoh",
        organization_slug="contoh",
        month=dt.date(2026, 10, 1),
        language="id",
        generated_at=dt.datetime(2026, 11, 2, 1, 30, tzinfo=dt.UTC),
        time_zone="Asia/Jakarta",
        current=Figures(
            active=40,
            sharers=18,
            shares=64,
            posts=21,
            clicks=1234,
            previews=88,
            potential_reach=56789,
            observed_reach=4321,
            engagements=210,
        ),
        previous=Figures(active=36, sharers=12, shares=40, posts=15, clicks=987, potential_reach=40000),
        weeks=weeks,
        platforms=[
            PlatformLine("whatsapp", "WhatsApp", Figures(active=40, sharers=15, shares=50, clicks=1000)),
            PlatformLine("instagram", "Instagram", Figures(active=40, sharers=5, shares=14, clicks=234)),
        ],
        units=[
            UnitLine("Biro Humas", Figures(active=10, sharers=8), Figures(active=10, sharers=5)),
            UnitLine("Direktorat Jenderal A", Figures(active=30, sharers=10), Figures(active=26, sharers=7)),
        ],
        ambassadors=[
            AmbassadorLine(1, "Putri Duta", "Bagian Media", 120, 2, "Penggerak"),
            AmbassadorLine(2, "Duta tersembunyi", "Biro Humas", 90, 1, "Pemula"),
        ],
        campaigns=[
            CampaignLine("Kanal Aduan 24 Jam", False, "Normal", Figures(active=40, sharers=18, posts=21, clicks=1234))
        ],
        crises=[
            CrisisLine(
                campaign="Isu kebocoran data",
                sent_at=dt.datetime(2026, 10, 14, 3, 0, tzinfo=dt.UTC),
                audience=40,
                recipients=40,
                delivered=39,
                opened=30,
                shared=12,
                first_share=dt.timedelta(minutes=6),
                median_share=dt.timedelta(hours=1, minutes=10),
            )
        ],
        emv=value.emv(
            {"whatsapp": 1000, "instagram": 234}, {"instagram": 56789}, {"whatsapp": 500}, {"instagram": 20000}
        ),
        emv_previous=400000,
    )
    return lambda **changes: replace(data, **changes)


@pytest.fixture
def rep_activity(org, pr_admin, make_ambassador, shared, unit_media, unit_ditjen, live_item):
    """This month: three ambassadors, two of whom shared (one chose to hide their name on leaderboards), a third
    silent; leaderboards and earned media value on; the figures refreshed."""
    from duta.analytics.models import AnalyticsSettings, RecognitionPreference
    from duta.analytics.services.refresh import analytics_refresh

    today = timezone.localdate()
    AnalyticsSettings.objects.create(
        organization=org,
        leaderboards_enabled=True,
        impact_assessment_on=today,
        impact_assessment_reference="DPIA-2026-01",
        emv_enabled=True,
        emv_cpc={"whatsapp": 500, "instagram": 1500},
        emv_cpm={"instagram": 20000},
    )
    shown = make_ambassador(unit=unit_media, platforms=["instagram"])
    shown.user.full_name = "Wulan Terlihat"
    shown.user.save(update_fields=["full_name"])
    hidden = make_ambassador(unit=unit_ditjen, platforms=["instagram"])
    hidden.user.full_name = "Rahasia Tersembunyi"
    hidden.user.save(update_fields=["full_name"])
    RecognitionPreference.objects.create(member=hidden, hide_name=True)
    silent = make_ambassador(unit=unit_ditjen)
    shared(shown, at=today, platform="instagram", clicks=7, post=True, views=300)
    shared(shown, at=today, platform="whatsapp", clicks=3)
    shared(hidden, at=today, platform="instagram", clicks=2, post=True, views=50)
    analytics_refresh(organization=org, today=today)
    return {"shown": shown, "hidden": hidden, "silent": silent, "month": today.replace(day=1)}


@pytest.fixture
def rep_make(django_capture_on_commit_callbacks):
    """``rep_make(member, month=, language=)``: ask for a report and run the background job (as on commit)."""
    from duta.analytics.models import MonthlyReport
    from duta.analytics.services.reports import monthly_report_request

    def _make(member: Membership, *, month: dt.date | None = None, language: str = "id") -> MonthlyReport:
        with django_capture_on_commit_callbacks(execute=True):
            report = monthly_report_request(
                member=member, month=month or timezone.localdate().replace(day=1), language=language
            )
        report.refresh_from_db()
        return report

    return _make
