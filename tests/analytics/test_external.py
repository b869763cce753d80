"""External influencers, their paid posts, and the comparison with our own ambassadors on the same campaigns."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from duta.analytics.forms_external import ExternalPlacementForm, rupiah_parse
from duta.analytics.models import ExternalInfluencer, ExternalPlacement
from duta.analytics.selectors.external import comparison_for_member
from duta.analytics.services.external import (
    external_influencer_create,
    external_influencer_delete,
    external_influencer_update,
    external_placement_create,
    external_placement_delete,
    external_placement_update,
)
from duta.campaigns.models import Campaign, ContentItem, PostReport
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization, Unit
from tests.campaigns.factories import CampaignFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
HTMX = {"HX-Request": "true", "HX-Target": "results"}


def url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(f"analytics:{name}", kwargs={"org_slug": org.slug, **kwargs})


def in_english(member: Membership) -> Membership:
    member.user.language = "en"
    member.user.save(update_fields=["language"])
    return member


@pytest.fixture
def raffi(pr_admin: Membership) -> ExternalInfluencer:
    return external_influencer_create(
        member=pr_admin,
        name="Raffi Selebgram",
        platform="instagram",
        profile_url="https://www.instagram.com/raffi",
        followers=2_500_000,
    )


@pytest.fixture
def sisca(pr_admin: Membership) -> ExternalInfluencer:
    return external_influencer_create(member=pr_admin, name="Sisca TikTok", platform="tiktok")


@pytest.fixture
def placements(
    pr_admin: Membership, campaign: Campaign, raffi: ExternalInfluencer, sisca: ExternalInfluencer
) -> list[ExternalPlacement]:
    """Raffi reported everything; Sisca reported nothing."""
    return [
        external_placement_create(
            member=pr_admin,
            influencer=raffi,
            campaign=campaign,
            fee=10_000_000,
            post_url="https://www.instagram.com/p/RAFFI1/",
            clicks=400,
            views=100_000,
            engagements=5_000,
        ),
        external_placement_create(member=pr_admin, influencer=sisca, campaign=campaign, fee=5_000_000),
    ]


@pytest.fixture
def internal(
    make_ambassador: Callable[..., Membership], unit_media: Unit, shared: Callable[..., Any], live_item: ContentItem
) -> list[Membership]:
    """Two ambassadors on the same campaign: 40 clicks counted by Duta, two posts, one with views."""
    first = make_ambassador(unit=unit_media, platforms=["instagram"])
    second = make_ambassador(unit=unit_media)
    shared(first, at=TODAY, platform="instagram", clicks=30, post=True, views=1_000, reactions=50)
    shared(second, at=TODAY, platform="whatsapp", clicks=10, post=True)
    PostReport.objects.filter(member=second).update(comments=5)  # engagement without views
    return [first, second]


# --- services ------------------------------------------------------------------------------------------


class TestInfluencerServices:
    def test_the_pr_team_registers_an_influencer(self, pr_admin: Membership, org: Organization) -> None:
        influencer = external_influencer_create(
            member=pr_admin,
            name="  Raffi  ",
            platform="instagram",
            profile_url="https://www.instagram.com/raffi",
            followers=1_000,
            notes="Kontrak 3 unggahan",
        )
        assert (influencer.organization, influencer.name, influencer.followers) == (org, "Raffi", 1_000)
        event = AuditEvent.objects.get(action="external_influencer.create")
        assert event.target_id == str(influencer.pk)
        assert event.changes["name"] == "Raffi"
        assert "notes" not in event.changes

    def test_update_records_the_changes(self, pr_admin: Membership, raffi: ExternalInfluencer) -> None:
        external_influencer_update(
            member=pr_admin, influencer=raffi, name="Raffi A.", platform="instagram", followers=3_000_000, notes="x"
        )
        raffi.refresh_from_db()
        assert (raffi.name, raffi.profile_url, raffi.followers) == ("Raffi A.", "", 3_000_000)
        event = AuditEvent.objects.get(action="external_influencer.update")
        assert event.changes["name"] == ["Raffi Selebgram", "Raffi A."]
        assert event.changes["notes"] == ["…", "…"]

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"name": "  "}, "name"),
            ({"platform": "myspace"}, "platform"),
            ({"profile_url": "javascript:alert(1)"}, "profile_url"),
            ({"profile_url": "ftp://files.example/raffi"}, "profile_url"),
            ({"profile_url": "https://"}, "profile_url"),
            ({"followers": -1}, "followers"),
            ({"name": "x" * 201}, "name"),
        ],
    )
    def test_it_refuses_what_is_not_valid(self, pr_admin: Membership, changes: dict[str, Any], field: str) -> None:
        values = {"name": "Raffi", "platform": "instagram", **changes}
        with pytest.raises(ApplicationError) as refused:
            external_influencer_create(member=pr_admin, **values)
        assert refused.value.field == field
        assert not ExternalInfluencer.objects.exists()

    def test_only_the_pr_team_of_the_organization(
        self,
        coordinator: Membership,
        ambassador: Membership,
        viewer: Membership,
        outsider_admin: Membership,
        raffi: ExternalInfluencer,
    ) -> None:
        for member in (coordinator, ambassador, viewer):
            with pytest.raises(ApplicationError) as refused:
                external_influencer_create(member=member, name="X", platform="x")
            assert refused.value.code == "forbidden"
        for member in (coordinator, viewer, outsider_admin):
            with pytest.raises(ApplicationError):
                external_influencer_update(member=member, influencer=raffi, name="Y", platform="x")
            with pytest.raises(ApplicationError):
                external_influencer_delete(member=member, influencer=raffi)
        raffi.refresh_from_db()
        assert raffi.name == "Raffi Selebgram"

    def test_delete_removes_the_placements_and_is_audited(
        self, pr_admin: Membership, raffi: ExternalInfluencer, placements: list[ExternalPlacement]
    ) -> None:
        external_influencer_delete(member=pr_admin, influencer=raffi)
        assert not ExternalInfluencer.objects.filter(pk=raffi.pk).exists()
        assert list(ExternalPlacement.objects.all()) == [placements[1]]
        event = AuditEvent.objects.get(action="external_influencer.delete")
        assert event.changes["placements"][0]["fee"] == 10_000_000


class TestPlacementServices:
    def test_a_placement_with_reported_figures(
        self, pr_admin: Membership, raffi: ExternalInfluencer, campaign: Campaign
    ) -> None:
        placement = external_placement_create(
            member=pr_admin, influencer=raffi, campaign=campaign, fee=0, clicks=0, views=None
        )
        assert (placement.fee, placement.clicks, placement.views) == (0, 0, None)
        event = AuditEvent.objects.get(action="external_placement.create")
        assert event.changes["campaign"] == campaign.pk
        assert event.changes["fee"] == 0

    def test_update_and_delete_are_audited(
        self, pr_admin: Membership, placements: list[ExternalPlacement], campaign: Campaign
    ) -> None:
        placement = placements[1]
        external_placement_update(member=pr_admin, placement=placement, campaign=campaign, fee=6_000_000, clicks=30)
        placement.refresh_from_db()
        assert (placement.fee, placement.clicks) == (6_000_000, 30)
        event = AuditEvent.objects.get(action="external_placement.update")
        assert event.changes == {"fee": [5_000_000, 6_000_000], "clicks": [None, 30]}
        placement_pk = placement.pk
        external_placement_delete(member=pr_admin, placement=placement)
        assert not ExternalPlacement.objects.filter(pk=placement_pk).exists()
        assert AuditEvent.objects.filter(action="external_placement.delete", target_id=str(placement_pk)).exists()

    def test_the_campaign_must_be_the_organizations(
        self, pr_admin: Membership, raffi: ExternalInfluencer, outsider_admin: Membership
    ) -> None:
        theirs = CampaignFactory(organization=outsider_admin.organization)
        with pytest.raises(ApplicationError) as refused:
            external_placement_create(member=pr_admin, influencer=raffi, campaign=theirs, fee=1)
        assert refused.value.field == "campaign"

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"fee": -1}, "fee"),
            ({"fee": None}, "fee"),
            ({"fee": 1.5}, "fee"),
            ({"clicks": -3}, "clicks"),
            ({"views": True}, "views"),
            ({"post_url": "data:text/html,hi"}, "post_url"),
        ],
    )
    def test_it_refuses_what_is_not_valid(
        self, pr_admin: Membership, raffi: ExternalInfluencer, campaign: Campaign, changes: dict[str, Any], field: str
    ) -> None:
        values = {"fee": 1_000, **changes}
        with pytest.raises(ApplicationError) as refused:
            external_placement_create(member=pr_admin, influencer=raffi, campaign=campaign, **values)
        assert refused.value.field == field
        assert not ExternalPlacement.objects.exists()

    def test_only_the_pr_team_of_the_organization(
        self,
        viewer: Membership,
        outsider_admin: Membership,
        raffi: ExternalInfluencer,
        campaign: Campaign,
        placements: list[ExternalPlacement],
    ) -> None:
        for member in (viewer, outsider_admin):
            with pytest.raises(ApplicationError):
                external_placement_create(member=member, influencer=raffi, campaign=campaign, fee=1)
            with pytest.raises(ApplicationError):
                external_placement_update(member=member, placement=placements[0], campaign=campaign, fee=1)
            with pytest.raises(ApplicationError):
                external_placement_delete(member=member, placement=placements[0])
        assert ExternalPlacement.objects.count() == 2


class TestRupiahParse:
    @pytest.mark.parametrize(
        ("text", "amount"),
        [
            ("15000000", 15_000_000),
            ("15.000.000", 15_000_000),
            ("Rp 15.000.000", 15_000_000),
            ("Rp15.000.000,00", 15_000_000),
            ("15,000,000", 15_000_000),
            ("15 000 000", 15_000_000),
            ("0", 0),
        ],
    )
    def test_as_people_type_it(self, text: str, amount: int) -> None:
        assert rupiah_parse(text) == amount

    @pytest.mark.parametrize("text", ["", "15 juta", "1.5", "15.00.000", "-5", "Rp"])
    def test_anything_else(self, text: str) -> None:
        assert rupiah_parse(text) is None

    def test_the_form_reads_it(self, campaign: Campaign) -> None:
        campaigns = Campaign.objects.all()
        form = ExternalPlacementForm(
            {"campaign": campaign.pk, "fee": "Rp 2.500.000", "clicks": "", "post_url": "instagram.com/p/X"},
            campaigns=campaigns,
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["fee"] == 2_500_000
        assert form.cleaned_data["clicks"] is None
        assert form.cleaned_data["post_url"] == "https://instagram.com/p/X"


# --- the comparison ------------------------------------------------------------------------------------


class TestComparison:
    def test_internal_against_external_on_the_same_campaign(
        self,
        pr_admin: Membership,
        campaign: Campaign,
        placements: list[ExternalPlacement],
        internal: list[Membership],
    ) -> None:
        CampaignFactory(organization=campaign.organization)  # no placements: not compared
        [row] = comparison_for_member(member=pr_admin)
        assert row.campaign == campaign
        ours, theirs = row.internal, row.external
        assert (ours.people, ours.posts, ours.clicks) == (2, 2, 40)
        assert (ours.views, ours.views_reported) == (1_000, 1)
        assert (ours.engagements, ours.engagements_reported) == (55, 2)
        assert ours.engagement_rate == Decimal("0.05")  # 50 / 1,000: only posts with views and engagements
        assert ours.fee == 0
        assert (theirs.people, theirs.posts, theirs.fee) == (2, 2, 15_000_000)
        assert (theirs.clicks, theirs.clicks_reported, theirs.views, theirs.engagements) == (400, 1, 100_000, 5_000)
        assert theirs.cost_per_click == Decimal(25_000)  # Sisca's fee is not spread over Raffi's clicks
        assert theirs.cost_per_engagement == Decimal(2_000)
        assert theirs.engagement_rate == Decimal("0.05")
        assert [placement.placement.influencer.name for placement in row.placements] == [
            "Raffi Selebgram",
            "Sisca TikTok",
        ]
        assert row.placements[1].cost_per_click is None
        assert row.placements[1].clicks_display in ("tidak dilaporkan", "not reported")

    def test_nothing_reported_is_not_zero(
        self, pr_admin: Membership, campaign: Campaign, sisca: ExternalInfluencer, live_item: ContentItem
    ) -> None:
        external_placement_create(member=pr_admin, influencer=sisca, campaign=campaign, fee=5_000_000)
        [row] = comparison_for_member(member=pr_admin)
        assert (row.internal.people, row.internal.clicks, row.internal.views, row.internal.engagements) == (
            0,
            0,
            None,
            None,
        )
        assert (row.external.clicks, row.external.views, row.external.engagements) == (None, None, None)
        assert (row.external.cost_per_click, row.external.engagement_rate) == (None, None)

    def test_reported_zero_clicks_gives_no_cost_per_click(
        self, pr_admin: Membership, campaign: Campaign, sisca: ExternalInfluencer
    ) -> None:
        external_placement_create(member=pr_admin, influencer=sisca, campaign=campaign, fee=5_000_000, clicks=0)
        [row] = comparison_for_member(member=pr_admin)
        assert (row.external.clicks, row.external.cost_per_click) == (0, None)
        assert row.external.cost_per_click_display == "–"

    def test_one_campaign_and_another_organizations(
        self,
        pr_admin: Membership,
        viewer: Membership,
        outsider_admin: Membership,
        campaign: Campaign,
        placements: list[ExternalPlacement],
    ) -> None:
        other = CampaignFactory(organization=campaign.organization)
        assert [row.campaign for row in comparison_for_member(member=viewer, campaign_id=campaign.pk)] == [campaign]
        assert comparison_for_member(member=pr_admin, campaign_id=other.pk) == []
        assert comparison_for_member(member=outsider_admin) == []
        with pytest.raises(Http404):
            comparison_for_member(member=outsider_admin, campaign_id=campaign.pk)

    def test_coordinators_and_ambassadors_may_not(
        self, coordinator: Membership, ambassador: Membership, placements: list[ExternalPlacement]
    ) -> None:
        for member in (coordinator, ambassador):
            with pytest.raises(PermissionDenied):
                comparison_for_member(member=member)

    def test_it_reads_a_fixed_number_of_queries(
        self,
        pr_admin: Membership,
        campaign: Campaign,
        placements: list[ExternalPlacement],
        internal: list[Membership],
        raffi: ExternalInfluencer,
        django_assert_num_queries: Any,
    ) -> None:
        for _number in range(5):
            external_placement_create(
                member=pr_admin,
                influencer=raffi,
                campaign=CampaignFactory(organization=campaign.organization),
                fee=1_000,
            )
        with django_assert_num_queries(3):
            assert len(comparison_for_member(member=pr_admin)) == 6


# --- pages ---------------------------------------------------------------------------------------------


class TestInfluencerPages:
    def test_the_list(
        self, client_for: Any, pr_admin: Membership, org: Organization, placements: list[ExternalPlacement]
    ) -> None:
        page = client_for(pr_admin).get(url("external_list", org)).content.decode()
        assert "Raffi Selebgram" in page
        assert "Rp 10.000.000" in page
        assert "2.500.000" in page  # followers
        assert url("external_create", org) in page

    def test_register_then_add_a_paid_post(
        self, client_for: Any, pr_admin: Membership, org: Organization, campaign: Campaign
    ) -> None:
        client = client_for(pr_admin)
        response = client.post(
            url("external_create", org),
            {"name": "Dewi Vlog", "platform": "youtube", "profile_url": "youtube.com/@dewi", "followers": "800000"},
        )
        influencer = ExternalInfluencer.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("external_edit", org, influencer_id=influencer.pk)
        assert influencer.profile_url == "https://youtube.com/@dewi"
        response = client.post(
            url("placement_create", org, influencer_id=influencer.pk),
            {"campaign": campaign.pk, "fee": "7.500.000", "clicks": "120", "views": "", "engagements": "900"},
        )
        assert response.status_code == 302
        placement = ExternalPlacement.objects.get()
        assert (placement.fee, placement.clicks, placement.views, placement.engagements) == (7_500_000, 120, None, 900)
        assert AuditEvent.objects.filter(action="external_placement.create").exists()
        page = client.get(url("external_edit", org, influencer_id=influencer.pk)).content.decode()
        assert url("placement_edit", org, placement_id=placement.pk) in page
        assert "Rp 7.500.000" in page
        assert "Rp 62.500" in page  # cost per click

    def test_a_refusal_is_shown_on_its_field(
        self, client_for: Any, pr_admin: Membership, org: Organization, raffi: ExternalInfluencer
    ) -> None:
        in_english(pr_admin)
        response = client_for(pr_admin).post(
            url("external_edit", org, influencer_id=raffi.pk),
            {"name": "Raffi", "platform": "instagram", "profile_url": "ftp://raffi.example"},
        )
        assert response.status_code == 200
        assert "Give an address that starts with https:// (or http://)." in response.content.decode()
        raffi.refresh_from_db()
        assert raffi.profile_url == "https://www.instagram.com/raffi"

    def test_edit_and_delete_a_placement_then_the_influencer(
        self,
        client_for: Any,
        pr_admin: Membership,
        org: Organization,
        raffi: ExternalInfluencer,
        campaign: Campaign,
        placements: list[ExternalPlacement],
    ) -> None:
        client = client_for(pr_admin)
        placement = placements[0]
        assert client.get(url("placement_edit", org, placement_id=placement.pk)).status_code == 200
        response = client.post(
            url("placement_edit", org, placement_id=placement.pk),
            {"campaign": campaign.pk, "fee": "11000000", "clicks": "400", "views": "100000", "engagements": "5000"},
        )
        assert response.status_code == 302
        placement.refresh_from_db()
        assert placement.fee == 11_000_000
        assert client.post(url("placement_delete", org, placement_id=placement.pk)).status_code == 302
        assert not ExternalPlacement.objects.filter(pk=placement.pk).exists()
        response = client.post(url("external_delete", org, influencer_id=raffi.pk))
        assert response["Location"] == url("external_list", org)
        assert not ExternalInfluencer.objects.filter(pk=raffi.pk).exists()
        assert AuditEvent.objects.filter(action="external_influencer.delete").exists()

    def test_another_organizations_campaign_is_not_a_choice(
        self,
        client_for: Any,
        pr_admin: Membership,
        org: Organization,
        raffi: ExternalInfluencer,
        outsider_admin: Membership,
    ) -> None:
        theirs = CampaignFactory(organization=outsider_admin.organization)
        response = client_for(pr_admin).post(
            url("placement_create", org, influencer_id=raffi.pk), {"campaign": theirs.pk, "fee": "1000"}
        )
        assert response.status_code == 200
        assert not ExternalPlacement.objects.exists()

    def test_only_the_pr_team(
        self,
        client_for: Any,
        coordinator: Membership,
        ambassador: Membership,
        viewer: Membership,
        org: Organization,
        campaign: Campaign,
        raffi: ExternalInfluencer,
        placements: list[ExternalPlacement],
    ) -> None:
        placement = placements[0]
        for member in (coordinator, ambassador, viewer):
            client = client_for(member)
            for address in (
                url("external_list", org),
                url("external_create", org),
                url("external_edit", org, influencer_id=raffi.pk),
                url("placement_create", org, influencer_id=raffi.pk),
                url("placement_edit", org, placement_id=placement.pk),
            ):
                assert client.get(address).status_code == 403, address
            for address in (
                url("external_create", org),
                url("external_delete", org, influencer_id=raffi.pk),
                url("placement_delete", org, placement_id=placement.pk),
            ):
                assert client.post(address, {"name": "X", "platform": "x"}).status_code == 403, address
        assert ExternalInfluencer.objects.count() == 2
        assert ExternalPlacement.objects.count() == 2

    def test_a_member_of_another_organization_gets_404(
        self,
        client_for: Any,
        outsider_admin: Membership,
        org: Organization,
        raffi: ExternalInfluencer,
        placements: list[ExternalPlacement],
    ) -> None:
        placement = placements[0]
        client = client_for(outsider_admin)
        for address in (
            url("external_list", org),
            url("external_create", org),
            url("external_edit", org, influencer_id=raffi.pk),
            url("placement_create", org, influencer_id=raffi.pk),
            url("placement_edit", org, placement_id=placement.pk),
            url("comparison", org),
        ):
            assert client.get(address).status_code == 404, address
        own = outsider_admin.organization
        assert client.get(url("external_edit", own, influencer_id=raffi.pk)).status_code == 404
        assert client.get(url("placement_edit", own, placement_id=placement.pk)).status_code == 404
        assert client.get(url("placement_create", own, influencer_id=raffi.pk)).status_code == 404
        assert client.post(url("placement_create", own, influencer_id=raffi.pk), {"fee": "1"}).status_code == 404
        assert client.post(url("external_delete", own, influencer_id=raffi.pk)).status_code == 404
        assert client.post(url("placement_delete", own, placement_id=placement.pk)).status_code == 404
        assert client.get(url("comparison", own) + f"?campaign={placement.campaign_id}").status_code == 404
        assert ExternalInfluencer.objects.filter(pk=raffi.pk).exists()
        assert ExternalPlacement.objects.filter(pk=placement.pk).exists()

    def test_posts_need_the_csrf_token_and_deletes_a_post(
        self, pr_admin: Membership, org: Organization, raffi: ExternalInfluencer
    ) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(pr_admin.user)
        response = client.post(url("external_create", org), {"name": "X", "platform": "x"})
        assert response.status_code == 403
        assert client.post(url("external_delete", org, influencer_id=raffi.pk)).status_code == 403
        assert ExternalInfluencer.objects.count() == 1
        assert Client().get(url("external_list", org)).status_code == 302  # to log in
        logged_in = Client()
        logged_in.force_login(pr_admin.user)
        assert logged_in.get(url("external_delete", org, influencer_id=raffi.pk)).status_code == 405


class TestComparisonPage:
    def test_the_pr_team_and_leadership_read_it(
        self,
        client_for: Any,
        pr_admin: Membership,
        viewer: Membership,
        org: Organization,
        placements: list[ExternalPlacement],
        internal: list[Membership],
    ) -> None:
        in_english(viewer)
        page = client_for(viewer).get(url("comparison", org)).content.decode()
        assert "counted by Duta" in page
        assert "as reported by the influencers" in page
        assert "No fee; the program's own costs are not counted." in page
        assert "Rp 15.000.000" in page
        assert "Rp 25.000" in page  # cost per click
        assert "not reported" in page
        assert "5.0 %" in page
        assert url("external_list", org) not in page  # leadership reads, does not manage
        assert url("external_list", org) in client_for(pr_admin).get(url("comparison", org)).content.decode()

    def test_coordinators_and_ambassadors_get_403(
        self, client_for: Any, coordinator: Membership, ambassador: Membership, org: Organization
    ) -> None:
        for member in (coordinator, ambassador):
            assert client_for(member).get(url("comparison", org)).status_code == 403

    def test_one_campaign_with_htmx(
        self,
        client_for: Any,
        pr_admin: Membership,
        org: Organization,
        campaign: Campaign,
        placements: list[ExternalPlacement],
    ) -> None:
        response = client_for(pr_admin).get(url("comparison", org) + f"?campaign={campaign.pk}", headers=HTMX)
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in page
        assert 'id="results"' in page
        assert campaign.name in page

    def test_empty(self, client_for: Any, pr_admin: Membership, org: Organization) -> None:
        in_english(pr_admin)
        page = client_for(pr_admin).get(url("comparison", org)).content.decode()
        assert "No paid post is recorded for a campaign yet." in page

    def test_the_summary_as_csv(
        self,
        client_for: Any,
        pr_admin: Membership,
        org: Organization,
        campaign: Campaign,
        placements: list[ExternalPlacement],
        internal: list[Membership],
    ) -> None:
        in_english(pr_admin)
        response = client_for(pr_admin).get(url("comparison", org) + "?format=csv")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="duta-internal-vs-external.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:5] == ["Campaign", "Side", "People", "Posts", "Clicks"]
        ours, theirs = rows[1], rows[2]
        assert ours[:6] == [campaign.name, "Our ambassadors", "2", "2", "40", "Duta (tracked links)"]
        assert ours[8:11] == ["5.0", "0", ""]
        assert theirs[:5] == [campaign.name, "External influencers", "2", "2", "400"]
        assert theirs[9:12] == ["15000000", "25000", "2000"]

    def test_the_placements_as_xlsx(
        self,
        client_for: Any,
        pr_admin: Membership,
        org: Organization,
        campaign: Campaign,
        placements: list[ExternalPlacement],
    ) -> None:
        response = client_for(pr_admin).get(url("comparison", org) + "?format=xlsx&table=placements")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert len(values) == 3
        assert values[1][:2] == [campaign.name, "Raffi Selebgram"]
        assert values[1][4:9] == [10_000_000, 400, 100_000, 5_000, 25_000]
        assert values[2][5:8] == [None, None, None]  # not reported, not 0

    def test_an_unknown_format_answers_400(
        self, client_for: Any, viewer: Membership, org: Organization, placements: list[ExternalPlacement]
    ) -> None:
        assert client_for(viewer).get(url("comparison", org) + "?format=pdf").status_code == 400

    def test_it_keeps_its_query_budget(
        self,
        client_for: Any,
        pr_admin: Membership,
        org: Organization,
        placements: list[ExternalPlacement],
        internal: list[Membership],
        django_assert_max_num_queries: Any,
    ) -> None:
        client = client_for(pr_admin)
        with django_assert_max_num_queries(14):
            assert client.get(url("comparison", org)).status_code == 200
