"""The ambassadors' pages: the feed, one item, "I posted it", the live coach and attachment downloads."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from duta.campaigns import rules, services
from duta.campaigns.models import Attachment, Campaign, CampaignSettings, ContentItem, PostReport
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization, Role, Unit
from tests.factories import EmployeeFactory, MembershipFactory, SocialAccountFactory, UserFactory

pytestmark = pytest.mark.django_db

TAG = "#DutaContoh"
HTMX = {"HX-Request": "true", "HX-Target": "item-0"}
X_POST = "https://x.com/putriduta/status/1790000000000000001"
WEAK_CAPTION = "info"
STRONG_CAPTION = (
    "Pagi tadi saya melihat sendiri: antrean di loket aduan yang biasanya sampai siang, sekarang selesai dalam "
    "sepuluh menit lewat kanal 24 jam. Dulu warga harus datang pagi-pagi; kini cukup dari rumah. Coba sendiri "
    f"dan ceritakan pengalamanmu! {TAG}"
)


def url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(f"campaigns:{name}", kwargs={"org_slug": org.slug, **kwargs})


def in_english(member: Membership) -> Membership:
    """Messages are asserted in the source language (the default, Indonesian, is the lead's translation)."""
    member.user.language = "en"
    member.user.save(update_fields=["language"])
    return member


def png(width: int = 1200, height: int = 900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("poster.png", buffer.getvalue(), content_type="image/png")


# --- the data, built through the services -----------------------------------------------------------


@pytest.fixture
def guardrails(org: Organization) -> CampaignSettings:
    """No staggered window unless a test asks for one: the item is open as soon as it is live."""
    return CampaignSettings.objects.create(organization=org, stagger_minutes=0, daily_share_limit=5)


@pytest.fixture
def colleague(org: Organization) -> Membership:
    """A second admin: the four-eyes rule keeps the author from approving."""
    return MembershipFactory(organization=org, role=Role.ADMIN, user=UserFactory(email="humas2@contoh.test"))


@pytest.fixture
def campaign(pr_admin: Membership, unit_humas: Unit, guardrails: CampaignSettings) -> Campaign:
    return services.campaign_create(
        member=pr_admin,
        data=services.BriefData(
            name="Layanan Aduan 24 Jam",
            starts_on=timezone.localdate() - timedelta(days=1),
            units=[unit_humas],
            key_messages="Kanal aduan buka 24 jam.\nAduan dijawab dalam satu hari kerja.",
            facts="Kanal aduan buka 24 jam | https://aduan.example",
            say="Ceritakan pengalaman Anda sendiri.",
            avoid="Jangan menyebut nama petugas.",
            hashtags="#LayananPrima",
            disclosure_tag=TAG,
        ),
    )


def publish(
    author: Membership,
    approver: Membership,
    campaign: Campaign,
    *,
    title: str = "Kanal aduan baru",
    platforms: tuple[str, ...] = ("whatsapp", "x"),
    attachments: list[Attachment] | None = None,
) -> ContentItem:
    item = services.item_create(
        member=author,
        campaign=campaign,
        title=title,
        target_url="https://aduan.example/berita",
        variants=[
            services.VariantData(platform=platform, text=f"Saya sudah mencoba kanal aduan ({platform}). {TAG}")
            for platform in platforms
        ],
        attachments=attachments or [],
    )
    services.item_submit(member=author, item=item)
    services.item_approve(member=approver, item=item)
    return services.item_publish(member=author, item=item)


@pytest.fixture
def item(pr_admin: Membership, colleague: Membership, campaign: Campaign, x_account: Any) -> ContentItem:
    return publish(pr_admin, colleague, campaign)


@pytest.fixture
def x_account(org: Organization, ambassador: Membership) -> Any:
    """The ambassador's X account (WhatsApp needs none): without it they are offered WhatsApp only."""
    employee = EmployeeFactory(organization=org, user=ambassador.user, unit=ambassador.unit)
    return SocialAccountFactory(
        employee=employee, platform="x", handle="putriduta", profile_url="https://x.com/putriduta"
    )


@pytest.fixture
def outsider_ambassador(outsider_admin: Membership) -> Membership:
    return MembershipFactory(organization=outsider_admin.organization, role=Role.AMBASSADOR)


# --- the feed -----------------------------------------------------------------------------------------


class TestFeedPage:
    def test_an_ambassador_in_a_targeted_unit_sees_the_item(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        response = client_for(ambassador).get(url("feed", org))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Kanal aduan baru" in page
        assert "Layanan Aduan 24 Jam" in page
        assert "Kanal aduan buka 24 jam." in page  # the key points
        assert "Aduan dijawab dalam satu hari kerja." in page
        assert "Jangan menyebut nama petugas." in page  # folded in <details>
        assert "Saya sudah mencoba kanal aduan (whatsapp)." in page
        assert "Saya sudah mencoba kanal aduan (x)." in page
        assert page.count(url("report", org, item_pk=item.pk)) >= 4  # action and hx-post, per platform
        assert f'hx-post="{url("coach", org)}"' in page
        assert 'data-feed-copy="caption-' in page
        assert f'id="item-{item.pk}"' in page
        assert f'name="next" value="{url("feed", org)}#item-{item.pk}"' in page  # back to this card without JS

    def test_an_ambassador_outside_the_units_does_not(
        self, client_for: Any, other_unit_member: Membership, org: Organization, item: ContentItem
    ) -> None:
        client = client_for(in_english(other_unit_member))
        response = client.get(url("feed", org))
        assert response.status_code == 200
        assert "Kanal aduan baru" not in response.content.decode()
        # the link of a notification about an item not (or no longer) for them leads to their feed, with a word
        response = client.get(url("feed_item", org, item_pk=item.pk), follow=True)
        assert response.redirect_chain == [(url("feed", org), 302)]
        assert "not in your feed" in response.content.decode()

    def test_an_ambassador_without_an_x_account_is_offered_whatsapp_only(
        self, client_for: Any, org: Organization, unit_media: Unit, item: ContentItem
    ) -> None:
        other = MembershipFactory(organization=org, role=Role.AMBASSADOR, unit=unit_media)
        page = client_for(other).get(url("feed", org)).content.decode()
        assert "Saya sudah mencoba kanal aduan (whatsapp)." in page
        assert "Saya sudah mencoba kanal aduan (x)." not in page

    def test_other_roles_are_told_the_feed_is_for_ambassadors(
        self, client_for: Any, pr_admin: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(pr_admin)
        page = client_for(pr_admin).get(url("feed", org)).content.decode()
        assert "The feed is for ambassadors." in page
        assert url("list", org) in page
        assert "Kanal aduan baru" not in page

    def test_the_freeze_banner(
        self, client_for: Any, ambassador: Membership, pr_admin: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        services.organization_freeze(member=pr_admin, reason="Duka nasional: hentikan unggahan kampanye.")
        page = client_for(ambassador).get(url("feed", org)).content.decode()
        assert "Normal content is paused" in page
        assert "Duka nasional: hentikan unggahan kampanye." in page
        assert "Kanal aduan baru" not in page  # paused

    def test_open_crises_come_first_with_their_holding_statement_and_answers(
        self,
        client_for: Any,
        ambassador: Membership,
        pr_admin: Membership,
        colleague: Membership,
        org: Organization,
        item: ContentItem,
    ) -> None:
        crisis = services.campaign_create(
            member=pr_admin,
            data=services.BriefData(
                name="Isu produk",
                kind=Campaign.Kind.CRISIS,
                starts_on=timezone.localdate(),
                holding_statement="Kami sedang memeriksa laporan ini.",
                questions_answers="T: Apakah produk aman?\nJ: Ya, sudah diuji.",
                disclosure_tag=TAG,
            ),
        )
        publish(pr_admin, colleague, crisis, title="Klarifikasi resmi")
        in_english(ambassador)
        page = client_for(ambassador).get(url("feed", org)).content.decode()
        assert "Kami sedang memeriksa laporan ini." in page
        assert "Apakah produk aman?" in page
        assert "Ya, sudah diuji." in page
        assert page.index("Kami sedang memeriksa") < page.index("Klarifikasi resmi") < page.index("Kanal aduan baru")
        assert "feed-badge-crisis" in page

    def test_the_guardrails_close_sharing_at_the_daily_limit(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem, guardrails: Any
    ) -> None:
        guardrails.daily_share_limit = 1
        guardrails.save()
        in_english(ambassador)
        client = client_for(ambassador)
        client.post(url("report", org, item_pk=item.pk), {"platform": "whatsapp", "shared": "on"})
        page = client.get(url("feed", org)).content.decode()
        assert "Sharing is closed now." in page
        assert "the daily limit" in page
        assert "Shared today: 1 of 1" in page
        assert 'class="feed-report-form"' not in page  # no form that would be refused

    def test_the_item_page_shows_the_card(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        response = client_for(ambassador).get(url("feed_item", org, item_pk=item.pk))
        assert response.status_code == 200
        page = response.content.decode()
        assert "<html" in page
        assert f'id="item-{item.pk}"' in page
        partial = client_for(ambassador).get(url("feed_item", org, item_pk=item.pk), headers=HTMX).content.decode()
        assert "<html" not in partial
        assert f'id="item-{item.pk}"' in partial

    def test_the_feed_keeps_its_query_budget(
        self,
        client_for: Any,
        ambassador: Membership,
        pr_admin: Membership,
        colleague: Membership,
        org: Organization,
        campaign: Campaign,
        x_account: Any,
        django_assert_max_num_queries: Any,
    ) -> None:
        poster = services.attachment_add(member=pr_admin, campaign=campaign, upload=png(), title="Poster")
        for number in range(10):
            publish(pr_admin, colleague, campaign, title=f"Konten {number}", attachments=[poster])
        client = client_for(ambassador)
        client.post(url("report", org, item_pk=ContentItem.objects.first().pk), {"platform": "x", "url": X_POST})
        with django_assert_max_num_queries(25):  # 21 today, whatever the number of items
            response = client.get(url("feed", org))
        assert response.content.decode().count('class="card feed-card') == 10


# --- "I posted it" ------------------------------------------------------------------------------------


class TestReport:
    def test_a_post_address_is_recognized(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        client = client_for(ambassador)
        response = client.post(
            url("report", org, item_pk=item.pk),
            {"platform": "x", "url": "https://twitter.com/PutriDuta/status/1790000000000000001?s=20", "text": "Saya"},
        )
        assert response.status_code == 302
        assert response["Location"] == url("feed", org) + f"#item-{item.pk}"
        report = PostReport.objects.get(member=ambassador)
        assert (report.platform, report.item_id, report.text) == ("x", item.pk, "Saya")
        assert report.canonical_url == rules.post_url_parse(X_POST).canonical
        assert AuditEvent.objects.filter(action="post_report.create", target_id=str(report.pk)).exists()
        page = client.get(response["Location"]).content.decode()
        assert "Thank you: your post is counted." in page
        assert url("report_delete", org, report_pk=report.pk) in page

    def test_an_address_copied_without_its_scheme_is_accepted(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        response = client_for(ambassador).post(
            url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST.removeprefix("https://")}
        )
        assert response.status_code == 302
        assert PostReport.objects.get().url == X_POST

    def test_a_duplicate_is_refused_with_the_message(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        client = client_for(ambassador)
        client.post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
        response = client.post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST}, follow=True)
        assert PostReport.objects.count() == 1
        assert "You have reported this post already." in response.content.decode()

    def test_a_colleague_cannot_report_the_same_post(
        self, client_for: Any, ambassador: Membership, org: Organization, unit_media: Unit, item: ContentItem
    ) -> None:
        colleague = in_english(MembershipFactory(organization=org, role=Role.AMBASSADOR, unit=unit_media))
        SocialAccountFactory(
            employee=EmployeeFactory(organization=org, user=colleague.user), platform="x", handle="rekan"
        )
        client_for(ambassador).post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
        response = client_for(colleague).post(
            url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST}, follow=True
        )
        assert "reported by a colleague already" in response.content.decode()
        assert PostReport.objects.count() == 1

    def test_with_htmx_the_card_shows_the_error_at_the_form(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        client = client_for(ambassador)
        client.post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
        response = client.post(
            url("report", org, item_pk=item.pk),
            {"platform": "whatsapp", "url": "", "text": "Kata-kata saya sendiri"},
            headers=HTMX,
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in page
        assert f'id="item-{item.pk}"' in page
        assert "once you have shared it" in page
        assert "Kata-kata saya sendiri" in page  # the rewrite is kept
        assert f'id="id_{item.pk}_whatsapp_shared"' in page

    def test_with_htmx_a_report_rerenders_the_card(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        response = client_for(ambassador).post(
            url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST}, headers=HTMX
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in page
        assert "Thank you: your post is counted." in page
        assert X_POST in page

    def test_whatsapp_needs_no_address(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        client = client_for(ambassador)
        response = client.post(url("report", org, item_pk=item.pk), {"platform": "whatsapp", "shared": "on"})
        assert response.status_code == 302
        report = PostReport.objects.get()
        assert (report.platform, report.url, report.canonical_url) == ("whatsapp", "", "")
        page = client.get(url("feed", org)).content.decode()
        assert "You shared it on WhatsApp." in page
        again = client.post(url("report", org, item_pk=item.pk), {"platform": "whatsapp", "shared": "on"}, follow=True)
        assert "You have reported your WhatsApp post of this item already." in again.content.decode()

    def test_whatsapp_without_the_tick_is_refused(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        response = client_for(ambassador).post(
            url("report", org, item_pk=item.pk), {"platform": "whatsapp"}, follow=True
        )
        assert "once you have shared it" in response.content.decode()
        assert not PostReport.objects.exists()

    def test_an_address_of_another_platform_is_refused(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        in_english(ambassador)
        response = client_for(ambassador).post(
            url("report", org, item_pk=item.pk),
            {"platform": "x", "url": "https://www.instagram.com/p/C7abcdEFGhi/"},
            follow=True,
        )
        assert "not on X" in response.content.decode()
        assert not PostReport.objects.exists()

    def test_the_staggered_window_refuses_an_early_report(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem, guardrails: Any
    ) -> None:
        window = next(
            minutes
            for minutes in range(600, 700)
            if rules.stagger_offset(item_id=item.pk, member_id=ambassador.pk, window_minutes=minutes)
            > timedelta(minutes=5)
        )
        guardrails.stagger_minutes = window
        guardrails.save()
        ContentItem.objects.filter(pk=item.pk).update(live_at=timezone.now())
        in_english(ambassador)
        client = client_for(ambassador)
        page = client.get(url("feed", org)).content.decode()
        opens = timezone.localtime(
            timezone.now() + rules.stagger_offset(item_id=item.pk, member_id=ambassador.pk, window_minutes=window),
            timezone.get_default_timezone(),
        )
        assert "Your posting window opens at" in page
        assert 'class="feed-report-form"' not in page
        response = client.post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST}, follow=True)
        assert "Your posting window for this item opens at" in response.content.decode()
        assert not PostReport.objects.exists()
        assert opens.strftime("%H:") in page  # shown in the member's time zone (WIB)

    def test_next_leads_back_to_a_page_of_this_site_only(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        client = client_for(ambassador)
        item_page = url("feed_item", org, item_pk=item.pk)
        response = client.post(
            url("report", org, item_pk=item.pk), {"platform": "whatsapp", "shared": "on", "next": item_page}
        )
        assert response["Location"] == item_page
        response = client.post(
            url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST, "next": "https://evil.example/"}
        )
        assert response["Location"] == url("feed", org) + f"#item-{item.pk}"
        response = client.post(
            url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST, "next": "//evil.example/x"}
        )
        assert response["Location"] == url("feed", org) + f"#item-{item.pk}"

    def test_an_item_outside_the_feed_is_not_found(
        self, client_for: Any, other_unit_member: Membership, pr_admin: Membership, org: Organization, item: ContentItem
    ) -> None:
        for member in (other_unit_member, pr_admin):
            response = client_for(member).post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
            assert response.status_code == 404
        assert not PostReport.objects.exists()


class TestReportDelete:
    def test_an_ambassador_removes_their_own_report(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        client = client_for(ambassador)
        client.post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
        report = PostReport.objects.get()
        response = client.post(url("report_delete", org, report_pk=report.pk))
        assert response.status_code == 302
        assert not PostReport.objects.exists()
        assert AuditEvent.objects.filter(action="post_report.delete", target_id=str(report.pk)).exists()

    def test_with_htmx_the_card_offers_the_form_again(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        client = client_for(ambassador)
        client.post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
        report = PostReport.objects.get()
        page = client.post(url("report_delete", org, report_pk=report.pk), headers=HTMX).content.decode()
        assert "<html" not in page
        assert url("report_delete", org, report_pk=report.pk) not in page
        assert 'class="feed-report-form"' in page

    def test_someone_elses_report_is_not_found(
        self, client_for: Any, ambassador: Membership, org: Organization, unit_media: Unit, item: ContentItem
    ) -> None:
        client_for(ambassador).post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
        report = PostReport.objects.get()
        colleague = MembershipFactory(organization=org, role=Role.AMBASSADOR, unit=unit_media)
        for member in (colleague,):
            assert client_for(member).post(url("report_delete", org, report_pk=report.pk)).status_code == 404
        assert PostReport.objects.filter(pk=report.pk).exists()


# --- the live coach -----------------------------------------------------------------------------------


class TestCoach:
    def test_a_weak_caption_gets_a_low_score_with_reasons(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem, campaign: Campaign
    ) -> None:
        in_english(ambassador)
        response = client_for(ambassador).post(
            url("coach", org), {"text": WEAK_CAPTION, "platform": "instagram", "campaign": campaign.pk}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in page
        assert "coach-verdict" in page
        assert "Needs work" in page
        assert "coach-fail" in page
        assert "Suggestions" in page

    def test_a_strong_caption_scores_higher(
        self, client_for: Any, pr_admin: Membership, org: Organization, campaign: Campaign
    ) -> None:
        client = client_for(pr_admin)

        def score(text: str) -> int:
            page = client.post(url("coach", org), {"text": text, "platform": "instagram", "campaign": campaign.pk})
            value = page.content.decode().split('class="coach-score-value">', 1)[1].split("<", 1)[0]
            return int(value)

        assert score(STRONG_CAPTION) > score(WEAK_CAPTION)

    def test_without_a_campaign_the_organizations_guardrails_apply(
        self, client_for: Any, ambassador: Membership, org: Organization, guardrails: Any
    ) -> None:
        guardrails.blocklist = "kata terlarang"
        guardrails.save()
        in_english(ambassador)
        page = (
            client_for(ambassador)
            .post(url("coach", org), {"text": "Ini kata terlarang sekali.", "platform": "x"})
            .content.decode()
        )
        assert "coach-is-blocked" in page

    def test_an_empty_text_gives_an_empty_box(self, client_for: Any, ambassador: Membership, org: Organization) -> None:
        response = client_for(ambassador).post(url("coach", org), {"text": "  ", "platform": "x"})
        assert response.status_code == 200
        assert "coach-verdict" in response.content.decode()
        assert "coach-score" not in response.content.decode()

    def test_a_bad_platform_or_a_long_text_answers_400(
        self, client_for: Any, ambassador: Membership, org: Organization
    ) -> None:
        in_english(ambassador)
        client = client_for(ambassador)
        response = client.post(url("coach", org), {"text": "Halo", "platform": "myspace"})
        assert response.status_code == 400
        assert "Choose one of the platforms." in response.content.decode()
        response = client.post(url("coach", org), {"text": "a" * 10_001, "platform": "x"})
        assert response.status_code == 400

    def test_a_campaign_out_of_reach_is_not_found(
        self,
        client_for: Any,
        ambassador: Membership,
        other_unit_member: Membership,
        outsider_admin: Membership,
        org: Organization,
        item: ContentItem,
        campaign: Campaign,
    ) -> None:
        data = {"text": "Halo", "platform": "x", "campaign": campaign.pk}
        assert client_for(ambassador).post(url("coach", org), data).status_code == 200
        assert client_for(other_unit_member).post(url("coach", org), data).status_code == 404  # not in their feed
        outsider_org = outsider_admin.organization
        assert client_for(outsider_admin).post(url("coach", outsider_org), data).status_code == 404


# --- attachments --------------------------------------------------------------------------------------


@pytest.fixture
def poster(pr_admin: Membership, colleague: Membership, campaign: Campaign, x_account: Any) -> Attachment:
    attachment = services.attachment_add(member=pr_admin, campaign=campaign, upload=png(), title="Poster Aduan")
    publish(pr_admin, colleague, campaign, attachments=[attachment])
    return attachment


class TestAttachmentDownload:
    def test_an_ambassador_with_the_item_downloads_the_file(
        self, client_for: Any, ambassador: Membership, org: Organization, poster: Attachment
    ) -> None:
        feed = client_for(ambassador).get(url("feed", org)).content.decode()
        assert url("attachment", org, attachment_pk=poster.pk) in feed
        assert f"{url('attachment', org, attachment_pk=poster.pk)}?rendition=instagram" in feed
        response = client_for(ambassador).get(url("attachment", org, attachment_pk=poster.pk))
        assert response.status_code == 200
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert body == poster.file.storage.open(poster.file.name).read()
        assert response["Content-Type"] == poster.content_type
        assert response["Content-Disposition"].startswith("attachment;")
        assert f'filename="poster-aduan{PurePosixPath(poster.file.name).suffix}"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private"

    def test_a_rendition(self, client_for: Any, ambassador: Membership, org: Organization, poster: Attachment) -> None:
        response = client_for(ambassador).get(url("attachment", org, attachment_pk=poster.pk) + "?rendition=story")
        assert response.status_code == 200
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert Image.open(io.BytesIO(body)).size == (
            poster.renditions["story"]["width"],
            poster.renditions["story"]["height"],
        )
        suffix = PurePosixPath(poster.renditions["story"]["name"]).suffix
        assert f'filename="poster-aduan-story{suffix}"' in response["Content-Disposition"]
        unknown = client_for(ambassador).get(url("attachment", org, attachment_pk=poster.pk) + "?rendition=billboard")
        assert unknown.status_code == 404

    def test_who_may_download(
        self,
        client_for: Any,
        pr_admin: Membership,
        viewer: Membership,
        other_unit_member: Membership,
        org: Organization,
        poster: Attachment,
    ) -> None:
        address = url("attachment", org, attachment_pk=poster.pk)
        assert client_for(pr_admin).get(address).status_code == 200
        assert client_for(viewer).get(address).status_code == 200
        assert client_for(other_unit_member).get(address).status_code == 404  # no live item of theirs carries it

    def test_a_file_of_content_not_yet_live_is_not_for_ambassadors(
        self, client_for: Any, ambassador: Membership, pr_admin: Membership, org: Organization, campaign: Campaign
    ) -> None:
        draft_file = services.attachment_add(member=pr_admin, campaign=campaign, upload=png(800, 800), title="Draf")
        response = client_for(ambassador).get(url("attachment", org, attachment_pk=draft_file.pk))
        assert response.status_code == 404


# --- tenancy and log-in -------------------------------------------------------------------------------


def every_view(
    org: Organization, item: ContentItem, report: PostReport, attachment: Attachment
) -> list[tuple[str, str]]:
    return [
        ("get", url("feed", org)),
        ("get", url("feed_item", org, item_pk=item.pk)),
        ("post", url("report", org, item_pk=item.pk)),
        ("post", url("report_delete", org, report_pk=report.pk)),
        ("post", url("coach", org)),
        ("get", url("attachment", org, attachment_pk=attachment.pk)),
    ]


class TestTenancy:
    def test_a_member_of_another_organization_gets_404_on_every_view(
        self,
        client_for: Any,
        ambassador: Membership,
        outsider_admin: Membership,
        outsider_ambassador: Membership,
        org: Organization,
        item: ContentItem,
        poster: Attachment,
    ) -> None:
        client_for(ambassador).post(url("report", org, item_pk=item.pk), {"platform": "x", "url": X_POST})
        report = PostReport.objects.get()
        for member in (outsider_admin, outsider_ambassador):
            client = client_for(member)
            for method, address in every_view(org, item, report, poster):
                response = getattr(client, method)(address, {"platform": "x", "url": X_POST, "text": "x"})
                assert response.status_code == 404, address
        # and under their own organization's address, our rows are not found either
        own = outsider_admin.organization
        client = client_for(outsider_ambassador)
        assert client.get(url("feed_item", own, item_pk=item.pk)).status_code == 404
        assert client.post(url("report", own, item_pk=item.pk), {"platform": "x", "url": X_POST}).status_code == 404
        assert client.post(url("report_delete", own, report_pk=report.pk)).status_code == 404
        assert client.get(url("attachment", own, attachment_pk=poster.pk)).status_code == 404
        coach = client.post(url("coach", own), {"text": "Halo", "platform": "x", "campaign": item.campaign_id})
        assert coach.status_code == 404
        assert PostReport.objects.count() == 1

    def test_anonymous_visitors_are_sent_to_log_in(
        self, ambassador: Membership, org: Organization, item: ContentItem, poster: Attachment
    ) -> None:
        report = PostReport.objects.create(
            organization=org, item=item, member=ambassador, platform="whatsapp", url="", canonical_url=""
        )
        client = Client()
        for method, address in every_view(org, item, report, poster):
            response = getattr(client, method)(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith(reverse("accounts:login")), address

    def test_the_methods_are_enforced(
        self, client_for: Any, ambassador: Membership, org: Organization, item: ContentItem
    ) -> None:
        client = client_for(ambassador)
        assert client.get(url("report", org, item_pk=item.pk)).status_code == 405
        assert client.get(url("coach", org)).status_code == 405
        assert client.post(url("feed", org)).status_code == 405

    def test_posts_need_the_csrf_token(self, ambassador: Membership, org: Organization, item: ContentItem) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(ambassador.user)
        response = client.post(url("report", org, item_pk=item.pk), {"platform": "whatsapp", "shared": "on"})
        assert response.status_code == 403
        assert not PostReport.objects.exists()
