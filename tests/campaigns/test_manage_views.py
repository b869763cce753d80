"""The PR team's pages: campaigns and briefs, content with its approvals, settings and the freeze."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from duta.campaigns import services
from duta.campaigns.models import Campaign, CampaignSettings, ContentItem, Freeze, ItemStatus
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization, Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client_for: Any) -> Any:
    """Pages in English here: the assertions read the source strings (Indonesian is the default language)."""

    def make(membership: Membership) -> Any:
        membership.user.language = "en"
        membership.user.save(update_fields=["language"])
        return client_for(membership)

    return make


@pytest.fixture
def colleague(org: Organization) -> Membership:
    return MembershipFactory(
        organization=org, role=Role.ADMIN, user=UserFactory(email="humas2@contoh.test", full_name="Dewi Humas")
    )


@pytest.fixture
def campaign(pr_admin: Membership) -> Campaign:
    return services.campaign_create(
        member=pr_admin,
        data=services.BriefData(
            name="Cek Dulu Baru Bagi",
            starts_on=timezone.localdate() - timedelta(days=1),
            key_messages="Periksa sumber sebelum membagikan.",
            facts="Kanal aduan buka 24 jam | https://aduankonten.id",
            disclosure_tag="#DutaContoh",
        ),
    )


def _item(admin: Membership, campaign: Campaign, *, title: str = "Cek dulu") -> ContentItem:
    return services.item_create(
        member=admin,
        campaign=campaign,
        title=title,
        variants=[
            services.VariantData(platform="whatsapp", text=f"Saya selalu cek sumber dulu. {n} #DutaContoh")
            for n in range(3)
        ],
    )


def _url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(f"campaigns:{name}", kwargs={"org_slug": org.slug, **kwargs})


class TestCampaignPages:
    def test_an_admin_creates_a_campaign_with_its_brief(
        self, client_for: Any, pr_admin: Membership, org: Organization, unit_humas: Any
    ) -> None:
        response = client_for(pr_admin).post(
            _url("create", org),
            {
                "kind": "normal",
                "name": "Vaksin untuk Negeri",
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-31",
                "units": [unit_humas.pk],
                "platforms": ["instagram", "whatsapp"],
                "key_messages": "Satu\nDua",
                "facts": "Fasilitas tersertifikasi | Siaran pers Juni 2026",
                "hashtags": "#VaksinUntukNegeri",
                "disclosure_tag": "#DutaContoh",
            },
        )
        campaign = Campaign.objects.get(name="Vaksin untuk Negeri")
        assert response.status_code == 302
        assert response["Location"] == _url("detail", org, campaign_pk=campaign.pk)
        assert campaign.facts == [{"fact": "Fasilitas tersertifikasi", "source": "Siaran pers Juni 2026"}]
        assert list(campaign.target_units.all()) == [unit_humas]
        assert AuditEvent.objects.filter(action="campaign.create", target_id=str(campaign.pk)).exists()

    def test_a_fact_without_a_source_is_shown_at_the_form(
        self, client_for: Any, pr_admin: Membership, org: Organization
    ) -> None:
        response = client_for(pr_admin).post(
            _url("create", org),
            {"kind": "normal", "name": "X", "starts_on": "2026-12-01", "facts": "Tanpa sumber"},
        )
        assert response.status_code == 200
        assert "Line 1 has no source" in response.content.decode()
        assert not Campaign.objects.exists()

    def test_a_crisis_needs_a_holding_statement(self, client_for: Any, pr_admin: Membership, org: Organization) -> None:
        response = client_for(pr_admin).post(
            _url("create", org), {"kind": "crisis", "name": "Isu produk", "starts_on": "2026-12-01"}
        )
        assert response.status_code == 200
        assert not Campaign.objects.exists()

    def test_readers_see_campaigns_but_do_not_write(
        self, client_for: Any, campaign: Campaign, viewer: Membership, coordinator: Membership, org: Organization
    ) -> None:
        for reader in (viewer, coordinator):
            client = client_for(reader)
            assert client.get(_url("list", org)).status_code == 200
            assert client.get(_url("detail", org, campaign_pk=campaign.pk)).status_code == 200
            assert client.get(_url("create", org)).status_code == 403
            assert client.post(_url("close", org, campaign_pk=campaign.pk)).status_code == 403
        assert not Campaign.objects.get(pk=campaign.pk).is_closed

    def test_an_ambassador_may_not_open_the_campaign_pages(
        self, client_for: Any, campaign: Campaign, ambassador: Membership, org: Organization
    ) -> None:
        client = client_for(ambassador)
        assert client.get(_url("list", org)).status_code == 403
        assert client.get(_url("detail", org, campaign_pk=campaign.pk)).status_code == 403

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, outsider_admin: Membership, org: Organization
    ) -> None:
        item = _item(pr_admin, campaign)
        client = client_for(outsider_admin)
        for url in (
            _url("list", org),
            _url("detail", org, campaign_pk=campaign.pk),
            _url("item_detail", org, item_pk=item.pk),
            _url("settings", org),
        ):
            assert client.get(url).status_code == 404
        own = reverse("campaigns:detail", kwargs={"org_slug": "lain", "campaign_pk": campaign.pk})
        assert client.get(own).status_code == 404
        own_item = reverse("campaigns:item_action", kwargs={"org_slug": "lain", "item_pk": item.pk, "action": "submit"})
        assert client.post(own_item).status_code == 404
        assert ContentItem.objects.get(pk=item.pk).status == ItemStatus.DRAFT

    def test_the_list_answers_its_partial_with_a_bounded_number_of_queries(
        self, client_for: Any, pr_admin: Membership, org: Organization, django_assert_max_num_queries: Any
    ) -> None:
        for number in range(12):
            services.campaign_create(
                member=pr_admin, data=services.BriefData(name=f"Kampanye {number}", starts_on=timezone.localdate())
            )
        client = client_for(pr_admin)
        with django_assert_max_num_queries(14):
            response = client.get(_url("list", org), headers={"HX-Request": "true", "HX-Target": "rows"})
        assert response.status_code == 200
        assert "Kampanye 11" in response.content.decode()


class TestItemPages:
    def test_three_variants_written_approved_by_a_colleague_and_live(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, colleague: Membership, org: Organization
    ) -> None:
        author = client_for(pr_admin)
        data = {
            "title": "Cek dulu baru bagi",
            "target_url": "https://contoh.go.id/cek",
            "variants-TOTAL_FORMS": "3",
            "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "0",
            "variants-MAX_NUM_FORMS": "30",
        }
        for number, platform in enumerate(["whatsapp", "instagram", "x"]):
            data[f"variants-{number}-platform"] = platform
            data[f"variants-{number}-language"] = "id"
            data[f"variants-{number}-text"] = f"Pagi itu saya cek sumbernya dulu ({platform}). #DutaContoh"
        response = author.post(_url("item_create", org, campaign_pk=campaign.pk), data)
        item = ContentItem.objects.get(title="Cek dulu baru bagi")
        assert response.status_code == 302
        assert item.variants.count() == 3

        author.post(_url("item_action", org, item_pk=item.pk, action="submit"))
        item.refresh_from_db()
        assert item.status == ItemStatus.IN_REVIEW
        # four eyes: the author's own approval is refused and shown
        response = author.post(_url("item_action", org, item_pk=item.pk, action="approve"), follow=True)
        assert "Four-eyes rule" in response.content.decode()
        item.refresh_from_db()
        assert item.status == ItemStatus.IN_REVIEW

        client_for(colleague).post(_url("item_action", org, item_pk=item.pk, action="approve"), {"text": "OK"})
        item.refresh_from_db()
        assert item.status == ItemStatus.APPROVED
        author.post(_url("item_action", org, item_pk=item.pk, action="publish"))
        item.refresh_from_db()
        assert item.status == ItemStatus.LIVE
        page = author.get(_url("item_detail", org, item_pk=item.pk)).content.decode()
        assert "Coach" in page
        assert [event.to_status for event in item.events.exclude(to_status="")] == [
            ItemStatus.DRAFT,
            ItemStatus.IN_REVIEW,
            ItemStatus.APPROVED,
            ItemStatus.LIVE,
        ]

    def test_an_unknown_action_is_404_and_a_get_is_refused(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, org: Organization
    ) -> None:
        item = _item(pr_admin, campaign)
        client = client_for(pr_admin)
        assert client.post(_url("item_action", org, item_pk=item.pk, action="delete")).status_code == 404
        assert client.get(_url("item_action", org, item_pk=item.pk, action="submit")).status_code == 405

    def test_only_drafts_open_in_the_editor(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, org: Organization
    ) -> None:
        item = _item(pr_admin, campaign)
        services.item_submit(member=pr_admin, item=item)
        response = client_for(pr_admin).get(_url("item_edit", org, item_pk=item.pk))
        assert response.status_code == 302
        assert response["Location"] == _url("item_detail", org, item_pk=item.pk)

    def test_the_queue_lists_items_in_review(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, viewer: Membership, org: Organization
    ) -> None:
        waiting = _item(pr_admin, campaign, title="Menunggu")
        services.item_submit(member=pr_admin, item=waiting)
        _item(pr_admin, campaign, title="Masih draf")
        page = client_for(viewer).get(_url("queue", org)).content.decode()
        assert "Menunggu" in page
        assert "Masih draf" not in page


class TestSettingsAndFreeze:
    def test_an_admin_sets_election_mode_and_a_draft_naming_a_candidate_is_refused(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, org: Organization
    ) -> None:
        today = timezone.localdate()
        client = client_for(pr_admin)
        response = client.post(
            _url("settings", org),
            {
                "four_eyes": "on",
                "approvals_required": "1",
                "daily_share_limit": "5",
                "stagger_minutes": "60",
                "election_starts_on": (today - timedelta(days=1)).isoformat(),
                "election_ends_on": (today + timedelta(days=30)).isoformat(),
                "election_candidates": "Budi Santoso",
                "election_numbers": "2",
            },
        )
        assert response.status_code == 302
        assert CampaignSettings.objects.get(organization=org).election_candidates == "Budi Santoso"
        data = {
            "title": "Dukungan",
            "variants-TOTAL_FORMS": "1",
            "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "0",
            "variants-MAX_NUM_FORMS": "30",
            "variants-0-platform": "whatsapp",
            "variants-0-language": "id",
            "variants-0-text": "Ayo dukung Budi Santoso! #DutaContoh",
        }
        response = client.post(_url("item_create", org, campaign_pk=campaign.pk), data)
        assert response.status_code == 200
        assert "Election mode" in response.content.decode()
        assert not ContentItem.objects.exists()

    def test_settings_are_for_admins(self, client_for: Any, viewer: Membership, org: Organization) -> None:
        assert client_for(viewer).get(_url("settings", org)).status_code == 403

    def test_freeze_and_resume_from_the_list(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, colleague: Membership, org: Organization
    ) -> None:
        item = _item(pr_admin, campaign)
        services.item_submit(member=pr_admin, item=item)
        services.item_approve(member=colleague, item=item)
        services.item_publish(member=pr_admin, item=ContentItem.objects.get(pk=item.pk))
        client = client_for(pr_admin)
        client.post(_url("freeze", org), {"reason": "Isu produk sedang ditangani"})
        item.refresh_from_db()
        assert item.status == ItemStatus.PAUSED
        assert "Normal content is frozen" in client.get(_url("list", org)).content.decode()
        client.post(_url("freeze", org), {"resume": "1"})
        item.refresh_from_db()
        assert item.status == ItemStatus.LIVE
        assert Freeze.objects.get().ended_at is not None

    def test_a_freeze_without_a_reason_is_refused(
        self, client_for: Any, pr_admin: Membership, org: Organization
    ) -> None:
        response = client_for(pr_admin).post(_url("freeze", org), {"reason": ""}, follow=True)
        assert "Say why" in response.content.decode()
        assert not Freeze.objects.exists()


class TestAttachments:
    def _jpeg(self) -> bytes:
        import io

        from PIL import Image

        image = Image.new("RGB", (1600, 1200), (200, 40, 40))
        exif = Image.Exif()
        exif[0x010F] = "KameraRahasia"  # Make
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", exif=exif)
        return buffer.getvalue()

    def test_an_image_is_cleaned_resized_per_platform_and_audited(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, org: Organization
    ) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from duta.campaigns.models import Attachment

        upload = SimpleUploadedFile("foto.jpg", self._jpeg(), content_type="image/jpeg")
        response = client_for(pr_admin).post(
            _url("attachment_add", org, campaign_pk=campaign.pk), {"title": "Foto kegiatan", "file": upload}
        )
        assert response.status_code == 302
        attachment = Attachment.objects.get(campaign=campaign)
        assert attachment.kind == "image"
        assert {"instagram", "story", "square", "landscape", "whatsapp"} <= set(attachment.renditions)
        with attachment.file.open("rb") as stored:
            assert b"KameraRahasia" not in stored.read()
        assert AuditEvent.objects.filter(action="attachment.add", target_id=str(attachment.pk)).exists()

        again = SimpleUploadedFile("lagi.jpg", self._jpeg(), content_type="image/jpeg")
        response = client_for(pr_admin).post(
            _url("attachment_add", org, campaign_pk=campaign.pk), {"file": again}, follow=True
        )
        assert "attached to the campaign already" in response.content.decode()
        assert Attachment.objects.count() == 1

    def test_a_file_that_is_not_an_image_video_or_pdf_is_refused(
        self, client_for: Any, campaign: Campaign, pr_admin: Membership, org: Organization
    ) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from duta.campaigns.models import Attachment

        upload = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
        response = client_for(pr_admin).post(
            _url("attachment_add", org, campaign_pk=campaign.pk), {"file": upload}, follow=True
        )
        assert response.status_code == 200
        assert not Attachment.objects.exists()
        assert "Upload a JPEG" in response.content.decode()

    def test_an_attachment_is_removed_with_its_files_unless_live_content_uses_it(
        self,
        client_for: Any,
        campaign: Campaign,
        pr_admin: Membership,
        colleague: Membership,
        outsider_admin: Membership,
        org: Organization,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from duta.campaigns.models import Attachment

        upload = SimpleUploadedFile("foto.jpg", self._jpeg(), content_type="image/jpeg")
        attachment = services.attachment_add(member=pr_admin, campaign=campaign, upload=upload)
        names = [attachment.file.name, *(entry["name"] for entry in attachment.renditions.values())]
        storage = attachment.file.storage
        item = services.item_create(
            member=pr_admin,
            campaign=campaign,
            title="Dengan foto",
            variants=[services.VariantData(platform="whatsapp", text="Foto kegiatan pagi ini. #DutaContoh")],
            attachments=[attachment],
        )
        services.item_submit(member=pr_admin, item=item)
        delete = _url("attachment_delete", org, attachment_pk=attachment.pk)
        assert client_for(outsider_admin).post(delete).status_code == 404
        response = client_for(pr_admin).post(delete, follow=True)
        assert "archive that content first" in response.content.decode()
        services.item_archive(member=pr_admin, item=item)
        with django_capture_on_commit_callbacks(execute=True):
            client_for(pr_admin).post(delete)
        assert not Attachment.objects.filter(pk=attachment.pk).exists()
        assert not any(storage.exists(name) for name in names)
        assert AuditEvent.objects.filter(action="attachment.delete", target_id=str(attachment.pk)).exists()
