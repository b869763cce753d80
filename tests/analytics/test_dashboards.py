"""The dashboard pages: who sees what, filters, exports, nudges, and bounded queries."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from duta.analytics.models import Nudge
from duta.analytics.services.nudges import members_nudge
from duta.analytics.services.refresh import analytics_refresh
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.notifications.models import Notification
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"analytics:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def figures(org, make_ambassador, shared, unit_media, unit_ditjen, live_item):
    """Two ambassadors who shared this month and two silent ones, with the figures computed."""
    today = timezone.localdate()
    active = [make_ambassador(unit=unit_media, platforms=["instagram"]) for _ in range(2)]
    silent = [make_ambassador(unit=unit_media), make_ambassador(unit=unit_ditjen)]
    shared(active[0], at=today, platform="instagram", clicks=4, post=True, views=120)
    shared(active[1], at=today, clicks=1)
    analytics_refresh(organization=org)
    return {"active": active, "silent": silent, "campaign": live_item.campaign}


PAGES = ["program", "units", "campaigns", "inactive"]


class TestDashboardPages:
    @pytest.mark.parametrize("name", PAGES)
    def test_the_pr_team_and_leadership_see_them(self, name, org, figures, pr_admin, viewer, client_for):
        for member in (pr_admin, viewer):
            response = client_for(member).get(url(name, org))
            assert response.status_code == 200

    def test_the_program_page_shows_participation_and_both_reaches_apart(self, org, figures, pr_admin, client_for):
        pr_admin.user.language = "en"
        pr_admin.user.save()
        body = client_for(pr_admin).get(url("program", org)).content.decode()
        assert "50.0%" in body  # 2 of 4 active ambassadors shared
        assert "Potential reach" in body
        assert "Observed reach" in body
        assert "<svg" in body

    def test_a_campaign_page_has_its_days_platforms_and_variants(self, org, figures, pr_admin, client_for):
        response = client_for(pr_admin).get(url("campaign", org, campaign_id=figures["campaign"].pk))
        assert response.status_code == 200
        assert figures["campaign"].name in response.content.decode()

    @pytest.mark.parametrize("name", [*PAGES, "member", "settings"])
    def test_a_member_of_another_organization_gets_404(self, name, org, figures, outsider_admin, client_for):
        assert client_for(outsider_admin).get(url(name, org)).status_code == 404

    def test_a_member_of_another_organization_cannot_nudge(self, org, figures, outsider_admin, client_for):
        response = client_for(outsider_admin).post(url("nudge", org), {"members": [figures["silent"][0].pk]})
        assert response.status_code == 404
        assert not Nudge.objects.exists()

    def test_another_organizations_unit_or_program_is_not_found(self, org, figures, outsider_admin, client_for):
        own = outsider_admin.organization
        client = client_for(outsider_admin)
        unit = figures["silent"][0].unit
        program = ProgramFactory(organization=org)
        for name in ("program", "units", "inactive"):
            assert client.get(url(name, own) + f"?unit={unit.pk}").status_code == 404, name
        response = client.get(url("program", own) + f"?program={program.pk}")  # not one of the menu's programs
        assert response.context["form"].errors["program"]
        assert 'class="error"' in response.content.decode()  # said on the page, not silently dropped
        assert program.name not in response.content.decode()

    def test_another_organizations_members_are_never_nudged(self, org, figures, outsider_admin, client_for):
        silent = figures["silent"][0]
        response = client_for(outsider_admin).post(url("nudge", outsider_admin.organization), {"members": [silent.pk]})
        assert response.status_code in (403, 404)
        assert not Notification.objects.filter(recipient=silent.user).exists()

    def test_another_organizations_campaign_is_not_found(self, org, figures, outsider_admin, client_for):
        page = url("campaign", outsider_admin.organization, campaign_id=figures["campaign"].pk)
        assert client_for(outsider_admin).get(page).status_code == 404

    def test_a_coordinator_sees_units_and_the_inactive_but_not_campaigns(
        self, org, figures, coordinator, client_for, unit_ditjen
    ):
        client = client_for(coordinator)
        assert client.get(url("units", org)).status_code == 200
        assert client.get(url("program", org)).status_code == 200
        assert client.get(url("campaigns", org)).status_code == 403
        assert client.get(url("campaign", org, campaign_id=figures["campaign"].pk)).status_code == 403
        assert client.get(url("units", org) + f"?unit={unit_ditjen.pk}").status_code == 404

    def test_an_ambassador_has_their_own_page_only(self, org, figures, client_for):
        client = client_for(figures["active"][0])
        assert client.get(url("program", org)).url == url("member", org)
        response = client.get(url("member", org))
        assert response.status_code == 200
        for name in ("units", "campaigns", "inactive"):
            assert client.get(url(name, org)).status_code == 403

    @pytest.mark.parametrize("query", ["?period=2026-13&unit=x", "?period=0001", "?period=0001-Q1", "?period=2999"])
    def test_a_bad_period_falls_back_to_this_month(self, query, org, figures, pr_admin, client_for):
        response = client_for(pr_admin).get(url("program", org) + query)
        assert response.status_code == 200

    @pytest.mark.parametrize("name", ["program", "units", "campaigns", "inactive"])
    def test_every_table_exports_to_csv_and_xlsx(self, name, org, figures, pr_admin, client_for):
        client = client_for(pr_admin)
        csv = client.get(url(name, org) + "?format=csv")
        assert csv.status_code == 200
        assert csv["Content-Type"].startswith("text/csv")
        xlsx = client.get(url(name, org) + "?format=xlsx")
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True)
        assert len(list(book.worksheets[0].rows)) >= 2
        assert client.get(url(name, org) + "?format=pdf").status_code == 400

    @pytest.mark.parametrize("name", ["program", "units", "inactive"])
    def test_queries_do_not_grow_with_the_ambassadors(
        self,
        name,
        org,
        figures,
        pr_admin,
        client_for,
        make_ambassador,
        shared,
        unit_media,
        django_assert_max_num_queries,
    ):
        client = client_for(pr_admin)
        client.get(url(name, org))
        for _ in range(15):
            shared(make_ambassador(unit=unit_media), at=timezone.localdate() - dt.timedelta(days=30), clicks=2)
        analytics_refresh(organization=org)
        with django_assert_max_num_queries(30):
            assert client.get(url(name, org)).status_code == 200


class TestPlatformFilter:
    def test_participation_on_a_platform_counts_every_active_ambassador(
        self, org, figures, coordinator, unit_media, client_for
    ):
        from duta.analytics.access import analytics_reader
        from duta.analytics.periods import MONTH, period_of
        from duta.analytics.selectors import dashboards

        reader = analytics_reader(coordinator)
        filters = dashboards.Filters(period=period_of(MONTH, timezone.localdate()), platform="instagram")
        found = dashboards.figures(reader=reader, filters=filters)
        assert (found.active, found.sharers) == (3, 1)  # all three of Bagian Media, one shared on Instagram
        _trail, rows = dashboards.unit_rows(reader=reader, filters=filters)
        assert [(row.figures.active, row.figures.sharers) for row in rows] == [(3, 1)]
        platforms = dict(dashboards.platform_figures(reader=reader, filters=filters))
        assert platforms["instagram"].active == platforms["whatsapp"].active == 3


class TestNudges:
    def test_a_coordinator_nudges_the_inactive_of_their_units(self, org, figures, coordinator, client_for):
        silent = figures["silent"][0]
        response = client_for(coordinator).post(url("nudge", org), {"members": [silent.pk]})
        assert response.status_code == 302
        assert Notification.objects.filter(recipient=silent.user, kind="nudge").count() == 1
        assert Nudge.objects.filter(member=silent, sent_by=coordinator.user).exists()
        assert AuditEvent.objects.filter(action="analytics.nudge", actor_id=coordinator.user.pk).exists()

    def test_nobody_is_nudged_twice_within_three_days(self, figures, coordinator):
        silent = figures["silent"][0]
        assert members_nudge(member=coordinator, member_ids=[silent.pk]) == 1
        assert members_nudge(member=coordinator, member_ids=[silent.pk]) == 0
        later = timezone.now() + dt.timedelta(days=4)
        assert members_nudge(member=coordinator, member_ids=[silent.pk], now=later) == 1

    def test_someone_who_shared_lately_is_not_nudged(self, figures, pr_admin):
        assert members_nudge(member=pr_admin, member_ids=[figures["active"][0].pk]) == 0

    def test_outside_the_coordinators_units_is_forbidden(self, org, figures, coordinator, client_for):
        outside = figures["silent"][1]
        with pytest.raises(ApplicationError):
            members_nudge(member=coordinator, member_ids=[outside.pk])
        assert client_for(coordinator).post(url("nudge", org), {"members": [outside.pk]}).status_code == 403
        assert not Nudge.objects.exists()

    def test_viewers_and_ambassadors_may_not_nudge(self, org, figures, viewer, client_for):
        silent = figures["silent"][0]
        assert client_for(viewer).post(url("nudge", org), {"members": [silent.pk]}).status_code == 403
        assert client_for(figures["active"][0]).post(url("nudge", org), {"members": [silent.pk]}).status_code == 403

    def test_a_nudge_needs_the_csrf_token(self, org, figures, coordinator):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(coordinator.user)
        assert client.post(url("nudge", org), {"members": [figures["silent"][0].pk]}).status_code == 403
