"""The analytics settings (earned media value and its rates, the points cap, inactivity) and their form."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from duta.analytics.forms_settings import AnalyticsSettingsForm
from duta.analytics.models import AnalyticsSettings
from duta.analytics.services.settings import analytics_settings_update
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization

pytestmark = pytest.mark.django_db


class TestAnalyticsSettingsUpdate:
    def test_the_pr_team_turns_on_emv_with_rates(self, pr_admin: Membership, org: Organization) -> None:
        found = analytics_settings_update(
            member=pr_admin,
            emv_enabled=True,
            emv_cpc={"x": 1_000, "instagram": 1_500},
            emv_cpm={"instagram": 25_000},
        )
        found.refresh_from_db()
        assert found.organization == org
        assert found.emv_enabled is True
        assert found.emv_cpc == {"instagram": 1_500, "x": 1_000}
        assert found.emv_cpm == {"instagram": 25_000}
        assert (found.points_daily_cap, found.inactive_after_days) == (30, 14)  # untouched: the defaults
        event = AuditEvent.objects.get(action="analytics_settings.update")
        assert event.organization_id == org.pk
        assert event.changes == {
            "emv_enabled": [False, True],
            "emv_cpc": [{}, {"instagram": 1_500, "x": 1_000}],
            "emv_cpm": [{}, {"instagram": 25_000}],
        }

    def test_fields_not_given_keep_their_value(self, pr_admin: Membership) -> None:
        analytics_settings_update(member=pr_admin, emv_enabled=True, emv_cpc={"x": 900})
        found = analytics_settings_update(member=pr_admin, points_daily_cap=50, inactive_after_days=30)
        assert (found.emv_enabled, found.emv_cpc, found.points_daily_cap, found.inactive_after_days) == (
            True,
            {"x": 900},
            50,
            30,
        )
        assert AnalyticsSettings.objects.count() == 1
        last = AuditEvent.objects.filter(action="analytics_settings.update").order_by("-id").first()
        assert last is not None
        assert last.changes == {"points_daily_cap": [30, 50], "inactive_after_days": [14, 30]}

    def test_a_platform_given_none_has_no_rate(self, pr_admin: Membership) -> None:
        found = analytics_settings_update(member=pr_admin, emv_cpc={"x": 900, "whatsapp": None, "tiktok": 0})
        assert found.emv_cpc == {"tiktok": 0, "x": 900}

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"emv_cpc": {"x": -1}}, "emv_cpc_x"),
            ({"emv_cpm": {"instagram": 1.5}}, "emv_cpm_instagram"),
            ({"emv_cpm": {"instagram": "1000"}}, "emv_cpm_instagram"),
            ({"emv_cpc": {"x": True}}, "emv_cpc_x"),
            ({"emv_cpc": {"x": 10**12}}, "emv_cpc_x"),
            ({"emv_cpc": {"myspace": 100}}, "emv_cpc"),
            ({"emv_cpc": [100]}, "emv_cpc"),
            ({"points_daily_cap": 0}, "points_daily_cap"),
            ({"points_daily_cap": 1001}, "points_daily_cap"),
            ({"inactive_after_days": 0}, "inactive_after_days"),
            ({"inactive_after_days": 366}, "inactive_after_days"),
            ({"inactive_after_days": "14"}, "inactive_after_days"),
            ({"emv_enabled": "yes"}, "emv_enabled"),
        ],
    )
    def test_it_refuses_what_is_not_valid(self, pr_admin: Membership, fields: dict[str, Any], field: str) -> None:
        with pytest.raises(ApplicationError) as refused:
            analytics_settings_update(member=pr_admin, **fields)
        assert refused.value.field == field
        assert not AnalyticsSettings.objects.exists()
        assert not AuditEvent.objects.filter(action="analytics_settings.update").exists()

    def test_the_bounds_are_allowed(self, pr_admin: Membership) -> None:
        found = analytics_settings_update(member=pr_admin, points_daily_cap=1, inactive_after_days=365)
        assert (found.points_daily_cap, found.inactive_after_days) == (1, 365)
        found = analytics_settings_update(member=pr_admin, points_daily_cap=1000, inactive_after_days=1)
        assert (found.points_daily_cap, found.inactive_after_days) == (1000, 1)

    def test_only_the_pr_team(
        self,
        coordinator: Membership,
        ambassador: Membership,
        viewer: Membership,
    ) -> None:
        for member in (coordinator, ambassador, viewer):
            with pytest.raises(ApplicationError) as refused:
                analytics_settings_update(member=member, emv_enabled=True)
            assert refused.value.code == "forbidden"
        assert not AnalyticsSettings.objects.exists()

    def test_another_organizations_admin_changes_only_their_own(
        self, pr_admin: Membership, outsider_admin: Membership, org: Organization
    ) -> None:
        analytics_settings_update(member=pr_admin, emv_enabled=False)
        analytics_settings_update(member=outsider_admin, emv_enabled=True)
        assert AnalyticsSettings.objects.get(organization=org).emv_enabled is False
        assert AnalyticsSettings.objects.get(organization=outsider_admin.organization).emv_enabled is True

    def test_leaderboards_are_not_changed_here(self, pr_admin: Membership) -> None:
        with pytest.raises(TypeError, match="leaderboards_enabled"):
            analytics_settings_update(member=pr_admin, leaderboards_enabled=True)


class TestAnalyticsSettingsForm:
    def data(self, **changes: Any) -> dict[str, Any]:
        values = {"points_daily_cap": "30", "inactive_after_days": "14"}
        values.update(changes)
        return values

    def test_cleaned_data_are_the_services_arguments(self, pr_admin: Membership) -> None:
        form = AnalyticsSettingsForm(
            self.data(emv_enabled="on", emv_cpc_x="1000", emv_cpm_instagram="25000", emv_cpc_whatsapp=""),
            instance=None,
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {
            "emv_enabled": True,
            "emv_cpm": {"instagram": 25_000},
            "emv_cpc": {"x": 1_000},
            "points_daily_cap": 30,
            "inactive_after_days": 14,
        }
        found = analytics_settings_update(member=pr_admin, **form.cleaned_data)
        assert found.emv_cpc == {"x": 1_000}

    def test_it_starts_from_the_current_settings(self, pr_admin: Membership) -> None:
        current = analytics_settings_update(
            member=pr_admin, emv_enabled=True, emv_cpc={"tiktok": 700}, points_daily_cap=40
        )
        form = AnalyticsSettingsForm(instance=current)
        assert form["emv_cpc_tiktok"].value() == 700
        assert form["emv_cpm_tiktok"].value() is None
        assert form["points_daily_cap"].value() == 40
        assert form["emv_enabled"].value() is True
        rows = form.rate_rows
        assert [row.platform for row in rows][:2] == ["whatsapp", "instagram"]
        assert rows[0].cpc.name == "emv_cpc_whatsapp"
        assert [field.name for field in form.general_fields] == [
            "emv_enabled",
            "points_daily_cap",
            "inactive_after_days",
        ]

    @pytest.mark.parametrize(
        "changes",
        [{"emv_cpc_x": "-5"}, {"emv_cpm_x": "abc"}, {"points_daily_cap": "0"}, {"inactive_after_days": "400"}],
    )
    def test_it_refuses_bad_numbers(self, changes: dict[str, str]) -> None:
        form = AnalyticsSettingsForm(self.data(**changes))
        assert not form.is_valid()
        assert set(changes) <= set(form.errors)


class TestSettingsPage:
    """The lead's settings page uses this form and service: the contract between them."""

    def test_the_rates_are_saved_through_the_page(
        self, client_for: Any, pr_admin: Membership, org: Organization
    ) -> None:
        address = reverse("analytics:settings", kwargs={"org_slug": org.slug})
        client = client_for(pr_admin)
        assert 'name="emv_cpc_instagram"' in client.get(address).content.decode()
        response = client.post(
            address,
            {
                "emv_enabled": "on",
                "emv_cpc_instagram": "1500",
                "emv_cpm_instagram": "25000",
                "points_daily_cap": "30",
                "inactive_after_days": "21",
            },
        )
        assert response.status_code == 302
        found = AnalyticsSettings.objects.get(organization=org)
        assert (found.emv_enabled, found.emv_cpc, found.emv_cpm, found.inactive_after_days) == (
            True,
            {"instagram": 1500},
            {"instagram": 25000},
            21,
        )
        assert AuditEvent.objects.filter(action="analytics_settings.update").exists()

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Any, outsider_admin: Membership, org: Organization
    ) -> None:
        address = reverse("analytics:settings", kwargs={"org_slug": org.slug})
        assert client_for(outsider_admin).post(address, {"points_daily_cap": "5"}).status_code == 404
        assert not AnalyticsSettings.objects.exists()


@pytest.mark.django_db
def test_the_program_page_leads_the_pr_team_to_the_rates_it_shows(
    client_for, pr_admin: Membership, viewer: Membership
) -> None:
    analytics_settings_update(member=pr_admin, emv_enabled=True, emv_cpc={"x": 900})
    settings_url = f"/o/{pr_admin.organization.slug}/analytics/settings/"
    admin_page = client_for(pr_admin).get(f"/o/{pr_admin.organization.slug}/analytics/")
    assert f'href="{settings_url}"' in admin_page.content.decode()
    viewer_page = client_for(viewer).get(f"/o/{viewer.organization.slug}/analytics/")
    assert viewer_page.context["valuation"] is not None
    assert f'href="{settings_url}"' not in viewer_page.content.decode()
