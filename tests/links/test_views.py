"""The pages of tracked sharing: the share row under each caption of the feed, the share buttons' endpoint, the QR
codes, and the PR team's link list and link page (disable, enable, retarget)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from PIL import Image

import tests.campaigns.conftest as campaign_fixtures
from duta.campaigns import selectors as campaign_selectors
from duta.campaigns import services as campaign_services
from duta.campaigns.models import Campaign, ContentItem
from duta.core.models import AuditEvent
from duta.links.models import ClickRollup, Dimension, ShareLink
from duta.links.services import share_link_ensure, share_link_set_active
from duta.organizations.models import Membership, Organization, Role, Unit
from tests.campaigns.factories import DISCLOSURE_TAG
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]

# The campaigns fixtures, so that items are built exactly as there (tests/links/conftest.py may bring them too).
bring_live = campaign_fixtures.bring_live
brief = campaign_fixtures.brief
campaign = campaign_fixtures.campaign
crisis = campaign_fixtures.crisis
live_crisis_item = campaign_fixtures.live_crisis_item
live_item = campaign_fixtures.live_item
make_ambassador = campaign_fixtures.make_ambassador
make_item = campaign_fixtures.make_item
second_admin = campaign_fixtures.second_admin
update_settings = campaign_fixtures.update_settings
SHORT = "https://s.duta.example"
HTMX = {"HX-Request": "true"}
CAPTION = f"Saya sudah mencoba kanal aduan 24 jam sendiri. {DISCLOSURE_TAG}"


# --- helpers ----------------------------------------------------------------------------------------


def links_url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(f"links:{name}", kwargs={"org_slug": org.slug, **kwargs})


def share_url(org: Organization, item: ContentItem, platform: str = "whatsapp") -> str:
    return links_url("share", org, item_pk=item.pk, platform=platform)


def feed_url(org: Organization) -> str:
    return reverse("campaigns:feed", kwargs={"org_slug": org.slug})


def in_english(member: Membership) -> Membership:
    member.user.language = "en"
    member.user.save(update_fields=["language"])
    return member


def in_language(member: Membership, language: str) -> Membership:
    member.user.language = language
    member.user.save(update_fields=["language"])
    return member


def short_url(link: ShareLink) -> str:
    return f"{SHORT}/s/{link.code}"


def offered(member: Membership, item: ContentItem, platform: str) -> str:
    """The caption the feed offers this member for the platform."""
    entry = campaign_selectors.feed_item_for_member(member=member, item_pk=item.pk, language=member.user.language)
    return next(offer.variant.text for offer in entry.offers if offer.platform == platform)


def share_row(page: str, item: ContentItem, platform: str) -> str:
    """The share row of one caption of the feed (up to the "I posted it" part after it)."""
    start = page.index(f'id="share-{item.pk}-{platform}"')
    return page[start : page.index('<div class="feed-report">', start)]


def query_of(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


def table_row(page: str, marker: str) -> str:
    rows = [row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if marker in row]
    assert len(rows) == 1, f"{len(rows)} table rows contain {marker!r}"
    return rows[0]


def numbers(row: str) -> list[int]:
    return [int(number) for number in re.findall(r'class="num">(\d+)</td>', row)]


def day_entry(page: str, day: Any) -> str:
    """The <li> of one day in a "clicks per day" list (English dates)."""
    with translation.override("en"):
        label = dateformat.format(day, "D j M")
    found = re.search(rf'<li><span class="click-day">{re.escape(label)}</span>.*?</li>', page, re.S)
    assert found is not None, f"no day {label}"
    return found.group(0)


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 40, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("poster.png", buffer.getvalue(), content_type="image/png")


def rollup(
    org: Organization, dimension: str, key: int, *, days_ago: int = 0, platform: str = "whatsapp", **counts: int
) -> None:
    ClickRollup.objects.create(
        organization=org,
        dimension=dimension,
        key=key,
        day=timezone.localdate() - timedelta(days=days_ago),
        platform=platform,
        **counts,
    )


# --- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _short_links(settings: Any) -> None:
    settings.SHORT_LINK_URL = SHORT


@pytest.fixture
def open_sharing(update_settings: Maker) -> None:
    """No posting window and no sharing hours: an item is open to share as soon as it is live."""
    update_settings(stagger_minutes=0, sharing_starts_at=None, sharing_ends_at=None)


@pytest.fixture
def close_sharing_hours(update_settings: Maker) -> Callable[[], None]:
    """``close_sharing_hours()``: the organization's sharing hours start in two hours."""

    def _close() -> None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        update_settings(
            stagger_minutes=0,
            sharing_starts_at=(now + timedelta(hours=2)).time(),
            sharing_ends_at=(now + timedelta(hours=3)).time(),
        )

    return _close


@pytest.fixture
def putri(ambassador: Membership, open_sharing: None) -> Membership:
    """The ambassador persona (WhatsApp only: no social accounts), in English, sharing open."""
    return in_english(ambassador)


@pytest.fixture
def sari(make_ambassador: Maker, unit_media: Unit, open_sharing: None) -> Membership:
    """An ambassador with X and Facebook accounts, in English."""
    return in_english(make_ambassador(unit=unit_media, platforms=["x", "facebook"]))


@pytest.fixture
def social_item(make_item: Maker, bring_live: Maker) -> ContentItem:
    """A live item with one caption each for WhatsApp, X and Facebook."""
    return bring_live(
        make_item(
            title="Kanal aduan di media sosial",
            variants=[
                ("whatsapp", f"WhatsApp: kanal aduan kini 24 jam. {DISCLOSURE_TAG}"),
                ("x", f"X: kanal aduan kini 24 jam. {DISCLOSURE_TAG}"),
                ("facebook", f"Facebook: kanal aduan kini 24 jam. {DISCLOSURE_TAG}"),
            ],
        )
    )


@pytest.fixture
def linkless_item(pr_admin: Membership, campaign: Campaign, bring_live: Maker) -> ContentItem:
    """A live item without a target address (WhatsApp only)."""
    item = campaign_services.item_create(
        member=pr_admin,
        campaign=campaign,
        title="Poster tanpa tautan",
        target_url="",
        variants=[campaign_services.VariantData(platform="whatsapp", text=CAPTION)],
    )
    return bring_live(item)


@pytest.fixture
def foreign_item(outsider_admin: Membership, brief: Maker) -> ContentItem:
    """A live item of another organization (its own two admins, for the four-eyes rule)."""
    colleague = cast(Membership, MembershipFactory(organization=outsider_admin.organization, role=Role.ADMIN))
    other_campaign = campaign_services.campaign_create(member=outsider_admin, data=brief(name="Kampanye lain"))
    item = campaign_services.item_create(
        member=outsider_admin,
        campaign=other_campaign,
        title="Konten organisasi lain",
        target_url="https://lain.example/berita",
        variants=[campaign_services.VariantData(platform="whatsapp", text=CAPTION)],
    )
    campaign_services.item_submit(member=outsider_admin, item=item)
    campaign_services.item_approve(member=colleague, item=item)
    return campaign_services.item_publish(member=outsider_admin, item=item)


def ensured(member: Membership, item: ContentItem, platform: str) -> ShareLink:
    """The member's link, made by the service (the items here all have a page to link to)."""
    link = share_link_ensure(member=member, item_pk=item.pk, platform=platform)
    assert link is not None
    return link


@pytest.fixture
def putri_link(putri: Membership, live_item: ContentItem) -> ShareLink:
    return ensured(putri, live_item, "whatsapp")


@pytest.fixture
def admin(pr_admin: Membership) -> Membership:
    return in_english(pr_admin)


# --- the share row in the feed ----------------------------------------------------------------------


class TestShareRowShow:
    def test_it_shows_the_platform_buttons_and_my_link_under_each_caption(
        self, client_for: Any, sari: Membership, org: Organization, social_item: ContentItem
    ) -> None:
        page = client_for(sari).get(feed_url(org)).content.decode()
        action = share_url(org, social_item, "whatsapp")
        whatsapp = share_row(page, social_item, "whatsapp")
        assert f'action="{action}"' in whatsapp
        assert 'name="channel" value="whatsapp" formtarget="_blank"' in whatsapp
        assert "Send on WhatsApp" in whatsapp
        assert "My link, QR code and more" in whatsapp
        assert f'hx-post="{action}"' in whatsapp
        assert f'hx-target="#share-{social_item.pk}-whatsapp"' in whatsapp
        assert f'data-share-caption="caption-{social_item.pk}-whatsapp"' in whatsapp
        assert f'id="caption-{social_item.pk}-whatsapp"' in page  # the textarea the buttons read
        assert f'value="{offered(sari, social_item, "whatsapp")}"' in whatsapp  # the caption, without JavaScript
        assert "Your tracked link" not in whatsapp  # no link before the first share
        assert "Post on X" in share_row(page, social_item, "x")
        assert "Share on Facebook" in share_row(page, social_item, "facebook")
        assert "My link, QR code and more" in share_row(page, social_item, "x")

    def test_it_shows_the_link_and_its_qr_codes_once_made(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem, putri_link: ShareLink
    ) -> None:
        row = share_row(client_for(putri).get(feed_url(org)).content.decode(), live_item, "whatsapp")
        assert f'data-share-url="{short_url(putri_link)}"' in row
        assert f'value="{short_url(putri_link)}" readonly' in row
        assert "Your tracked link" in row
        assert links_url("qr", org, code=putri_link.code, kind="png") in row
        assert links_url("qr", org, code=putri_link.code, kind="svg") in row
        assert "Copy caption and link" in row
        assert "My link, QR code and more" not in row
        assert "Send on WhatsApp" in row

    def test_it_does_not_offer_a_link_the_pr_team_disabled(
        self,
        client_for: Any,
        putri: Membership,
        admin: Membership,
        org: Organization,
        live_item: ContentItem,
        putri_link: ShareLink,
    ) -> None:
        share_link_set_active(member=admin, link=putri_link, active=False)
        row = share_row(client_for(putri).get(feed_url(org)).content.decode(), live_item, "whatsapp")
        assert short_url(putri_link) not in row
        assert "Send on WhatsApp" not in row
        assert "The PR team has turned off your link for this item" in row

    def test_it_is_in_indonesian_by_default(
        self, client_for: Any, ambassador: Membership, open_sharing: None, org: Organization, live_item: ContentItem
    ) -> None:
        row = share_row(client_for(ambassador).get(feed_url(org)).content.decode(), live_item, "whatsapp")
        assert "Kirim lewat WhatsApp" in row
        assert "Tautan saya, kode QR, dan lainnya" in row

    def test_it_shows_no_link_button_for_an_item_without_a_target(
        self, client_for: Any, putri: Membership, org: Organization, linkless_item: ContentItem
    ) -> None:
        row = share_row(client_for(putri).get(feed_url(org)).content.decode(), linkless_item, "whatsapp")
        assert "Send on WhatsApp" in row  # the caption alone still goes to WhatsApp
        assert "My link, QR code and more" not in row
        assert 'value="link"' not in row
        assert "Your tracked link" not in row
        assert "data-share-url" not in row

    def test_it_shows_no_buttons_while_the_posting_window_is_not_open(
        self,
        client_for: Any,
        make_ambassador: Maker,
        unit_media: Unit,
        update_settings: Maker,
        org: Organization,
        live_item: ContentItem,
    ) -> None:
        update_settings(stagger_minutes=180)
        for _attempt in range(20):  # a member whose window opens at least a minute after the item went live
            member = make_ambassador(unit=unit_media)
            if not campaign_selectors.feed_item_for_member(member=member, item_pk=live_item.pk).is_open:
                break
        else:
            pytest.fail("every member's posting window is already open")
        page = client_for(in_english(member)).get(feed_url(org)).content.decode()
        assert "Your posting window opens at" in page
        row = share_row(page, live_item, "whatsapp")
        assert "<form" not in row
        assert "Send on WhatsApp" not in row
        assert "My link, QR code and more" not in row
        assert share_url(org, live_item) not in page

    def test_it_shows_no_buttons_outside_the_sharing_hours_but_a_crisis_keeps_them(
        self,
        client_for: Any,
        ambassador: Membership,
        close_sharing_hours: Callable[[], None],
        org: Organization,
        live_item: ContentItem,
        live_crisis_item: ContentItem,
    ) -> None:
        close_sharing_hours()
        page = client_for(in_english(ambassador)).get(feed_url(org)).content.decode()
        assert "Sharing is open from" in page
        normal = share_row(page, live_item, "whatsapp")
        assert "Send on WhatsApp" not in normal
        assert share_url(org, live_item) not in page
        crisis_row = share_row(page, live_crisis_item, "whatsapp")
        assert "Send on WhatsApp" in crisis_row
        assert "My link, QR code and more" in crisis_row
        assert f'action="{share_url(org, live_crisis_item)}"' in crisis_row

    def test_it_keeps_the_feed_query_budget_with_one_query_for_all_links(
        self,
        client_for: Any,
        sari: Membership,
        pr_admin: Membership,
        org: Organization,
        campaign: Campaign,
        bring_live: Maker,
        django_assert_max_num_queries: Any,
    ) -> None:
        poster = campaign_services.attachment_add(member=pr_admin, campaign=campaign, upload=png(), title="Poster")
        items = [
            bring_live(
                campaign_services.item_create(
                    member=pr_admin,
                    campaign=campaign,
                    title=f"Konten {number}",
                    target_url=f"https://contoh.example/berita/{number}",
                    variants=[
                        campaign_services.VariantData(platform="whatsapp", text=CAPTION),
                        campaign_services.VariantData(platform="x", text=CAPTION),
                    ],
                    attachments=[poster],
                )
            )
            for number in range(10)
        ]
        for item in items[:6]:
            share_link_ensure(member=sari, item_pk=item.pk, platform="whatsapp")
        share_link_ensure(member=sari, item_pk=items[0].pk, platform="x")
        client = client_for(sari)
        with django_assert_max_num_queries(25) as captured:
            response = client.get(feed_url(org))
        page = response.content.decode()
        assert page.count('class="card feed-card') == 10
        assert page.count('class="share-link"') == 7
        assert page.count("My link, QR code and more") == 13
        link_queries = [query["sql"] for query in captured.captured_queries if "links_sharelink" in query["sql"]]
        assert len(link_queries) == 1, link_queries


# --- the share buttons ------------------------------------------------------------------------------


class TestShareSend:
    def test_it_makes_the_link_and_opens_whatsapp_with_the_caption_and_the_link(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        text = "Saya tulis dengan kata-kata saya sendiri: kanal aduan buka 24 jam!"
        response = client_for(putri).post(share_url(org, live_item), {"text": text, "channel": "whatsapp"})
        assert response.status_code == 303
        link = ShareLink.objects.get(member=putri, item=live_item, platform="whatsapp")
        assert response["Location"].startswith("https://wa.me/?text=")
        assert query_of(response["Location"]) == {"text": [f"{text}\n\n{SHORT}/s/{link.code}"]}
        assert link.destination == live_item.target_url
        assert link.organization_id == org.pk
        assert AuditEvent.objects.filter(action="links.share_link.create", target_id=str(link.pk)).exists()

    def test_it_reuses_the_link_on_the_next_share(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        client = client_for(putri)
        first = client.post(share_url(org, live_item), {"text": "Satu", "channel": "whatsapp"})
        second = client.post(share_url(org, live_item), {"text": "Dua", "channel": "whatsapp"})
        link = ShareLink.objects.get(member=putri, item=live_item)
        assert query_of(first["Location"])["text"] == [f"Satu\n\n{short_url(link)}"]
        assert query_of(second["Location"])["text"] == [f"Dua\n\n{short_url(link)}"]
        assert ShareLink.objects.count() == 1

    def test_it_opens_x_with_the_text_and_the_url(
        self, client_for: Any, sari: Membership, org: Organization, social_item: ContentItem
    ) -> None:
        text = offered(sari, social_item, "x")
        response = client_for(sari).post(share_url(org, social_item, "x"), {"text": text, "channel": "x"})
        assert response.status_code == 303
        link = ShareLink.objects.get(member=sari, item=social_item, platform="x")
        assert response["Location"].startswith("https://x.com/intent/post?")
        assert query_of(response["Location"]) == {"text": [text], "url": [short_url(link)]}

    def test_it_opens_facebook_with_the_link_only(
        self, client_for: Any, sari: Membership, org: Organization, social_item: ContentItem
    ) -> None:
        response = client_for(sari).post(
            share_url(org, social_item, "facebook"), {"text": "tidak dikirim", "channel": "facebook"}
        )
        assert response.status_code == 303
        link = ShareLink.objects.get(member=sari, item=social_item, platform="facebook")
        assert response["Location"].startswith("https://www.facebook.com/sharer/sharer.php?")
        assert query_of(response["Location"]) == {"u": [short_url(link)]}

    def test_it_shows_the_row_with_the_link_for_htmx(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        response = client_for(putri).post(
            share_url(org, live_item), {"text": "", "channel": "link", "next": feed_url(org)}, headers=HTMX
        )
        assert response.status_code == 200
        link = ShareLink.objects.get(member=putri, item=live_item, platform="whatsapp")
        row = response.content.decode()
        assert "<html" not in row
        assert row.startswith(f'<div class="share-row" id="share-{live_item.pk}-whatsapp"')
        assert f'<input id="link-{live_item.pk}-whatsapp" type="text" value="{short_url(link)}" readonly' in row
        assert links_url("qr", org, code=link.code, kind="png") in row
        assert links_url("qr", org, code=link.code, kind="svg") in row
        assert "Your tracked link" in row
        assert "Send on WhatsApp" in row
        assert "My link, QR code and more" not in row
        assert 'name="csrfmiddlewaretoken"' in row
        assert f'value="{offered(putri, live_item, "whatsapp")}"' in row
        assert f'name="next" value="{feed_url(org)}"' in row

    @pytest.mark.parametrize(
        ("posted", "expected"),
        [
            ("/o/contoh/campaigns/feed/?page=2#item-{pk}", "/o/contoh/campaigns/feed/?page=2#item-{pk}"),
            ("https://evil.example/", "/o/contoh/campaigns/feed/#item-{pk}"),
            ("//evil.example/phish", "/o/contoh/campaigns/feed/#item-{pk}"),
            ("", "/o/contoh/campaigns/feed/#item-{pk}"),
        ],
    )
    def test_it_goes_back_to_a_safe_next_without_htmx(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem, posted: str, expected: str
    ) -> None:
        response = client_for(putri).post(
            share_url(org, live_item), {"channel": "link", "next": posted.format(pk=live_item.pk)}
        )
        assert response.status_code == 302
        assert response["Location"] == expected.format(pk=live_item.pk)
        assert ShareLink.objects.filter(member=putri, item=live_item, platform="whatsapp").exists()

    def test_it_refuses_a_channel_that_is_not_the_platform(
        self, client_for: Any, sari: Membership, org: Organization, social_item: ContentItem
    ) -> None:
        client = client_for(sari)
        assert client.post(share_url(org, social_item, "whatsapp"), {"channel": "x"}).status_code == 404
        assert client.post(share_url(org, social_item, "x"), {"channel": "telegram"}).status_code == 404
        assert not ShareLink.objects.exists()

    def test_it_refuses_an_unknown_platform(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        client = client_for(putri)
        assert client.post(share_url(org, live_item, "myspace"), {"channel": "myspace"}).status_code == 404
        assert client.post(share_url(org, live_item, "myspace"), {"channel": "link"}).status_code == 404
        assert not ShareLink.objects.exists()

    def test_it_refuses_a_platform_not_offered_to_the_member(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        # the item has an X caption, but Putri has no X account: X is not offered to her
        response = client_for(putri).post(share_url(org, live_item, "x"), {"channel": "x"}, follow=True)
        assert "This item is not offered to you for this platform." in response.content.decode()
        assert not ShareLink.objects.exists()

    def test_it_answers_get_with_405(
        self, client_for: Any, putri: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        assert client_for(putri).get(share_url(org, live_item)).status_code == 405

    def test_it_does_not_find_an_item_of_another_organization(
        self, client_for: Any, putri: Membership, org: Organization, foreign_item: ContentItem
    ) -> None:
        response = client_for(putri).post(share_url(org, foreign_item), {"text": CAPTION, "channel": "whatsapp"})
        assert response.status_code == 404
        assert not ShareLink.objects.exists()

    def test_it_does_not_find_an_item_that_is_not_in_the_feed(
        self, client_for: Any, putri: Membership, org: Organization, make_item: Maker
    ) -> None:
        draft = make_item(title="Masih draf")
        response = client_for(putri).post(share_url(org, draft), {"text": CAPTION, "channel": "whatsapp"})
        assert response.status_code == 404
        assert not ShareLink.objects.exists()

    def test_it_does_not_let_another_organization_share_through_its_own_address(
        self, client_for: Any, outsider_admin: Membership, live_item: ContentItem
    ) -> None:
        outsider = MembershipFactory(organization=outsider_admin.organization, role=Role.AMBASSADOR)
        response = client_for(outsider).post(share_url(outsider_admin.organization, live_item), {"channel": "whatsapp"})
        assert response.status_code == 404
        assert client_for(outsider).post(share_url(live_item.organization, live_item)).status_code == 404
        assert not ShareLink.objects.exists()

    def test_it_refuses_outside_the_sharing_hours_with_a_message(
        self,
        client_for: Any,
        putri: Membership,
        close_sharing_hours: Callable[[], None],
        org: Organization,
        live_item: ContentItem,
    ) -> None:
        close_sharing_hours()
        next_url = f"{feed_url(org)}#item-{live_item.pk}"
        client = client_for(putri)
        response = client.post(share_url(org, live_item), {"text": CAPTION, "channel": "whatsapp", "next": next_url})
        assert response.status_code == 302
        assert response["Location"] == next_url
        assert "Sharing is open from" in client.get(feed_url(org)).content.decode()
        assert not ShareLink.objects.exists()

    def test_it_refuses_outside_the_sharing_hours_in_the_row_for_htmx(
        self,
        client_for: Any,
        putri: Membership,
        close_sharing_hours: Callable[[], None],
        org: Organization,
        live_item: ContentItem,
    ) -> None:
        close_sharing_hours()
        response = client_for(putri).post(share_url(org, live_item), {"channel": "link"}, headers=HTMX)
        assert response.status_code == 200
        body = response.content.decode()
        assert body.startswith('<p class="share-status error" role="alert">Sharing is open from')
        assert not ShareLink.objects.exists()

    def test_it_shares_a_crisis_item_outside_the_sharing_hours(
        self,
        client_for: Any,
        putri: Membership,
        close_sharing_hours: Callable[[], None],
        org: Organization,
        live_crisis_item: ContentItem,
    ) -> None:
        close_sharing_hours()
        response = client_for(putri).post(
            share_url(org, live_crisis_item), {"text": "Klarifikasi", "channel": "whatsapp"}
        )
        assert response.status_code == 303
        link = ShareLink.objects.get(member=putri, item=live_crisis_item)
        assert query_of(response["Location"])["text"] == [f"Klarifikasi\n\n{short_url(link)}"]

    def test_it_refuses_a_link_the_pr_team_disabled(
        self, client_for: Any, putri: Membership, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        share_link_set_active(member=admin, link=putri_link, active=False)
        response = client_for(putri).post(share_url(org, putri_link.item), {"channel": "whatsapp"}, headers=HTMX)
        assert "The PR team has disabled your link for this item." in response.content.decode()

    def test_it_sends_only_the_caption_for_an_item_without_a_target(
        self, client_for: Any, putri: Membership, org: Organization, linkless_item: ContentItem
    ) -> None:
        response = client_for(putri).post(share_url(org, linkless_item), {"text": CAPTION, "channel": "whatsapp"})
        assert response.status_code == 303
        assert query_of(response["Location"]) == {"text": [CAPTION]}
        assert not ShareLink.objects.exists()

    def test_it_refuses_my_link_for_an_item_without_a_target(
        self, client_for: Any, putri: Membership, org: Organization, linkless_item: ContentItem
    ) -> None:
        client = client_for(putri)
        response = client.post(share_url(org, linkless_item), {"channel": "link"}, headers=HTMX)
        assert response.content.decode() == (
            '<p class="share-status error" role="alert">'
            "This item has no link to share: share the caption and the files.</p>"
        )
        response = client.post(share_url(org, linkless_item), {"channel": "link"}, follow=True)
        assert "This item has no link to share" in response.content.decode()
        assert not ShareLink.objects.exists()

    def test_it_needs_the_csrf_token(self, putri: Membership, org: Organization, live_item: ContentItem) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(putri.user)
        response = client.post(share_url(org, live_item), {"text": CAPTION, "channel": "whatsapp"})
        assert response.status_code == 403
        assert not ShareLink.objects.exists()


# --- QR codes ---------------------------------------------------------------------------------------


class TestQrCodeShow:
    def test_it_gives_the_owner_a_png(
        self, client_for: Any, putri: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        response = client_for(putri).get(links_url("qr", org, code=putri_link.code, kind="png"))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG")
        assert response["Content-Disposition"] == f'inline; filename="duta-{putri_link.code}.png"'

    def test_it_gives_the_owner_an_svg_of_the_short_link(
        self, client_for: Any, putri: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        response = client_for(putri).get(links_url("qr", org, code=putri_link.code, kind="svg"))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        svg = response.content.decode()
        assert "<svg" in svg
        assert f"<title>{short_url(putri_link)}</title>" in svg
        assert response["Content-Security-Policy"].startswith("default-src 'none'")
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_it_hides_a_link_from_another_ambassador(
        self, client_for: Any, sari: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        assert client_for(sari).get(links_url("qr", org, code=putri_link.code, kind="png")).status_code == 404

    def test_it_gives_an_admin_any_link_of_the_organization(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        response = client_for(admin).get(links_url("qr", org, code=putri_link.code, kind="svg"))
        assert response.status_code == 200
        assert short_url(putri_link) in response.content.decode()

    @pytest.mark.parametrize("kind", ["gif", "png.exe", "PNG"])
    def test_it_refuses_another_kind(
        self, client_for: Any, putri: Membership, org: Organization, putri_link: ShareLink, kind: str
    ) -> None:
        assert client_for(putri).get(links_url("qr", org, code=putri_link.code, kind=kind)).status_code == 404

    def test_it_does_not_know_an_unknown_code(self, client_for: Any, putri: Membership, org: Organization) -> None:
        assert client_for(putri).get(links_url("qr", org, code="AAAAAAAAA", kind="png")).status_code == 404

    def test_it_hides_the_link_from_another_organization(
        self, client_for: Any, outsider_admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        client = client_for(outsider_admin)
        assert client.get(links_url("qr", org, code=putri_link.code, kind="png")).status_code == 404
        own = outsider_admin.organization
        assert client.get(links_url("qr", own, code=putri_link.code, kind="png")).status_code == 404


# --- the PR team: the link list ---------------------------------------------------------------------


@pytest.fixture
def two_links(putri: Membership, sari: Membership, live_item: ContentItem, social_item: ContentItem) -> list[ShareLink]:
    """Putri's WhatsApp link of ``live_item`` and Sari's X link of ``social_item``."""
    return [
        ensured(putri, live_item, "whatsapp"),
        ensured(sari, social_item, "x"),
    ]


class TestLinkListShow:
    def test_it_shows_every_link_with_its_clicks(
        self, client_for: Any, admin: Membership, org: Organization, two_links: list[ShareLink]
    ) -> None:
        first, second = two_links
        rollup(org, Dimension.LINK, first.pk, clicks=7, previews=3, filtered=2)
        rollup(org, Dimension.LINK, first.pk, days_ago=1, clicks=5, previews=1)
        rollup(org, Dimension.LINK, second.pk, platform="x", clicks=4)
        response = client_for(admin).get(links_url("list", org))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Tracked links" in page
        row = table_row(page, f"/s/{first.code}")
        assert numbers(row) == [12, 4]  # clicks, link previews
        assert links_url("detail", org, code=first.code) in row
        assert "Putri Duta" in row
        assert "Kanal aduan 24 jam" in row
        assert "WhatsApp" in row
        assert numbers(table_row(page, f"/s/{second.code}")) == [4, 0]

    def test_it_shows_zero_for_a_link_without_clicks(
        self, client_for: Any, admin: Membership, org: Organization, two_links: list[ShareLink]
    ) -> None:
        page = client_for(admin).get(links_url("list", org)).content.decode()
        assert numbers(table_row(page, f"/s/{two_links[0].code}")) == [0, 0]

    def test_it_says_when_there_are_no_links_yet(self, client_for: Any, admin: Membership, org: Organization) -> None:
        page = client_for(admin).get(links_url("list", org)).content.decode()
        assert "No tracked links yet" in page

    @pytest.mark.parametrize("query", ["code", "short", "Putri", "kanal aduan 24"])
    def test_it_finds_a_link_by_code_ambassador_or_item(
        self, client_for: Any, admin: Membership, org: Organization, two_links: list[ShareLink], query: str
    ) -> None:
        first, second = two_links
        q = {"code": first.code, "short": short_url(first), "Putri": "Putri", "kanal aduan 24": "kanal aduan 24"}[query]
        page = client_for(admin).get(links_url("list", org), {"q": q}).content.decode()
        assert f"/s/{first.code}" in page
        assert f"/s/{second.code}" not in page

    def test_it_filters_by_state(
        self, client_for: Any, admin: Membership, org: Organization, two_links: list[ShareLink]
    ) -> None:
        first, second = two_links
        share_link_set_active(member=admin, link=first, active=False)
        client = client_for(admin)
        disabled = client.get(links_url("list", org), {"state": "disabled"}).content.decode()
        assert f"/s/{first.code}" in disabled
        assert f"/s/{second.code}" not in disabled
        active = client.get(links_url("list", org), {"state": "active"}).content.decode()
        assert f"/s/{first.code}" not in active
        assert f"/s/{second.code}" in active

    def test_it_answers_htmx_with_the_rows_only(
        self, client_for: Any, admin: Membership, org: Organization, two_links: list[ShareLink]
    ) -> None:
        response = client_for(admin).get(links_url("list", org), {"q": "Putri"}, headers={**HTMX, "HX-Target": "rows"})
        body = response.content.decode()
        assert "<html" not in body
        assert body.strip().startswith('<div id="rows">')
        assert f"/s/{two_links[0].code}" in body

    def test_it_shows_an_items_clicks_per_day_and_platform(
        self,
        client_for: Any,
        admin: Membership,
        org: Organization,
        live_item: ContentItem,
        two_links: list[ShareLink],
    ) -> None:
        first, second = two_links
        rollup(org, Dimension.ITEM, live_item.pk, clicks=7, previews=3, filtered=2)
        rollup(org, Dimension.ITEM, live_item.pk, days_ago=2, clicks=5, previews=1)
        rollup(org, Dimension.ITEM, live_item.pk, platform="x", clicks=4, filtered=1)
        rollup(org, Dimension.ITEM, second.item_id, clicks=99)  # another item: not counted here
        response = client_for(admin).get(links_url("list", org), {"item": live_item.pk})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Tracked links of “Kanal aduan 24 jam”" in page
        assert f"/s/{first.code}" in page
        assert f"/s/{second.code}" not in page  # only the item's links
        today = timezone.localdate()
        assert '<span class="num">11</span>' in day_entry(page, today)  # 7 + 4, both platforms
        assert "3 previews" in day_entry(page, today)
        assert '<span class="num">5</span>' in day_entry(page, today - timedelta(days=2))
        assert "1 preview<" in day_entry(page, today - timedelta(days=2))
        assert '<span class="num">0</span>' in day_entry(page, today - timedelta(days=1))
        assert numbers(table_row(page, "<td>WhatsApp</td>")) == [12, 4, 2]  # clicks, previews, not counted
        assert numbers(table_row(page, "<td>X (Twitter)</td>")) == [4, 0, 1]
        assert links_url("item_retarget", org, item_pk=live_item.pk) in page
        assert f'value="{live_item.target_url}"' in page  # the retarget form starts from the item's address

    def test_it_ignores_an_item_that_is_not_a_number(
        self, client_for: Any, admin: Membership, org: Organization, two_links: list[ShareLink]
    ) -> None:
        response = client_for(admin).get(links_url("list", org), {"item": "²"})
        assert response.status_code in (200, 404)

    def test_it_does_not_show_another_organizations_item(
        self, client_for: Any, admin: Membership, org: Organization, foreign_item: ContentItem
    ) -> None:
        assert client_for(admin).get(links_url("list", org), {"item": foreign_item.pk}).status_code == 404

    @pytest.mark.parametrize("persona", ["coordinator", "ambassador", "viewer"])
    def test_it_is_only_for_the_pr_team(
        self,
        request: pytest.FixtureRequest,
        client_for: Any,
        org: Organization,
        live_item: ContentItem,
        persona: str,
    ) -> None:
        client = client_for(request.getfixturevalue(persona))
        assert client.get(links_url("list", org)).status_code == 404
        assert client.get(links_url("list", org), {"q": "Putri", "state": "active"}).status_code == 404

    @pytest.mark.parametrize("persona", ["coordinator", "ambassador", "viewer"])
    def test_it_is_only_for_the_pr_team_with_an_item(
        self,
        request: pytest.FixtureRequest,
        client_for: Any,
        org: Organization,
        live_item: ContentItem,
        persona: str,
    ) -> None:
        client = client_for(request.getfixturevalue(persona))
        assert client.get(links_url("list", org), {"item": live_item.pk}).status_code == 404

    def test_it_is_hidden_from_another_organization(
        self, client_for: Any, outsider_admin: Membership, org: Organization, two_links: list[ShareLink]
    ) -> None:
        client = client_for(outsider_admin)
        assert client.get(links_url("list", org)).status_code == 404
        own = client.get(links_url("list", outsider_admin.organization))
        assert own.status_code == 200
        assert f"/s/{two_links[0].code}" not in own.content.decode()


# --- the PR team: one link --------------------------------------------------------------------------


class TestLinkDetailShow:
    def test_it_shows_the_link_with_its_tracked_location_and_clicks(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        rollup(org, Dimension.LINK, putri_link.pk, clicks=7, previews=3, filtered=2)
        response = client_for(admin).get(links_url("detail", org, code=putri_link.code))
        assert response.status_code == 200
        page = response.content.decode()
        assert f"<code>/s/{putri_link.code}</code>" in page
        assert f'href="{short_url(putri_link)}"' in page
        location = re.search(r'<dd class="break"><code>(.*?)</code></dd>', page)
        assert location is not None
        tracked = location.group(1).replace("&amp;", "&")
        assert tracked.startswith(f"{putri_link.item.target_url}?")
        assert query_of(tracked) == {
            "utm_source": ["whatsapp"],
            "utm_medium": ["ambassador"],
            "utm_campaign": [putri_link.utm_campaign],
            "utm_content": [putri_link.utm_content],
        }
        assert putri_link.utm_campaign.startswith("kanal-aduan-24-jam-")
        assert "7 counted, 3 link previews, 2 not counted" in page
        assert "Disable this link" in page
        assert links_url("active", org, code=putri_link.code) in page
        assert links_url("retarget", org, code=putri_link.code) in page

    @pytest.mark.parametrize("persona", ["coordinator", "viewer"])
    def test_it_is_only_for_the_pr_team(
        self, request: pytest.FixtureRequest, client_for: Any, org: Organization, putri_link: ShareLink, persona: str
    ) -> None:
        response = client_for(request.getfixturevalue(persona)).get(links_url("detail", org, code=putri_link.code))
        assert response.status_code == 404

    def test_it_is_not_for_the_ambassador_either(
        self, client_for: Any, putri: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        assert client_for(putri).get(links_url("detail", org, code=putri_link.code)).status_code == 404

    def test_it_is_hidden_from_another_organization(
        self, client_for: Any, outsider_admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        client = client_for(outsider_admin)
        assert client.get(links_url("detail", org, code=putri_link.code)).status_code == 404
        own = outsider_admin.organization
        assert client.get(links_url("detail", own, code=putri_link.code)).status_code == 404


class TestLinkActiveUpdate:
    def test_it_disables_then_enables_a_link(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        client = client_for(admin)
        detail = links_url("detail", org, code=putri_link.code)
        response = client.post(links_url("active", org, code=putri_link.code), {"active": "0"}, follow=True)
        assert response.redirect_chain == [(detail, 302)]
        putri_link.refresh_from_db()
        assert putri_link.is_active is False
        assert putri_link.changed_by == admin.user
        page = response.content.decode()
        assert "The link is disabled." in page
        assert "Enable this link again" in page
        disable = AuditEvent.objects.get(action="links.share_link.disable")
        assert (disable.target_id, disable.actor_id, disable.organization_id) == (
            str(putri_link.pk),
            admin.user.pk,
            org.pk,
        )

        response = client.post(links_url("active", org, code=putri_link.code), {"active": "1"}, follow=True)
        putri_link.refresh_from_db()
        assert putri_link.is_active is True
        assert "The link is active again." in response.content.decode()
        assert AuditEvent.objects.filter(action="links.share_link.enable", target_id=str(putri_link.pk)).count() == 1

    def test_it_refuses_other_roles(
        self,
        client_for: Any,
        putri: Membership,
        coordinator: Membership,
        viewer: Membership,
        org: Organization,
        putri_link: ShareLink,
    ) -> None:
        for member in (putri, coordinator, viewer):
            response = client_for(member).post(links_url("active", org, code=putri_link.code), {"active": "0"})
            assert response.status_code == 404
        putri_link.refresh_from_db()
        assert putri_link.is_active is True
        assert not AuditEvent.objects.filter(action__startswith="links.share_link.disable").exists()

    def test_it_refuses_another_organizations_admin(
        self, client_for: Any, outsider_admin: Membership, putri_link: ShareLink
    ) -> None:
        own = outsider_admin.organization
        client = client_for(outsider_admin)
        assert client.post(links_url("active", own, code=putri_link.code), {"active": "0"}).status_code == 404
        putri_link.refresh_from_db()
        assert putri_link.is_active is True

    def test_it_answers_get_with_405(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        assert client_for(admin).get(links_url("active", org, code=putri_link.code)).status_code == 405


class TestLinkRetarget:
    def test_it_refuses_another_organizations_admin(
        self, client_for: Any, outsider_admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        client = client_for(outsider_admin)
        data = {"destination": "https://contoh.example/lain"}
        for organization in (org, outsider_admin.organization):
            assert client.post(links_url("retarget", organization, code=putri_link.code), data).status_code == 404
        before = putri_link.destination
        putri_link.refresh_from_db()
        assert putri_link.destination == before
        assert not AuditEvent.objects.filter(action="links.share_link.retarget").exists()

    def test_it_points_the_link_at_another_page(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        before = putri_link.destination
        response = client_for(admin).post(
            links_url("retarget", org, code=putri_link.code),
            {"destination": "  https://contoh.example/aduan-baru?ref=duta  "},
            follow=True,
        )
        assert response.redirect_chain == [(links_url("detail", org, code=putri_link.code), 302)]
        putri_link.refresh_from_db()
        assert putri_link.destination == "https://contoh.example/aduan-baru?ref=duta"
        page = response.content.decode()
        assert "The link now leads to the new page." in page
        assert "https://contoh.example/aduan-baru?ref=duta&amp;utm_source=whatsapp" in page
        event = AuditEvent.objects.get(action="links.share_link.retarget")
        assert event.target_id == str(putri_link.pk)
        assert event.changes == {"destination": [before, "https://contoh.example/aduan-baru?ref=duta"]}

    @pytest.mark.parametrize("destination", ["javascript:alert(1)", "ftp://x", "/relative", "//evil.example/x", ""])
    def test_it_refuses_an_address_that_is_not_http(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink, destination: str
    ) -> None:
        before = putri_link.destination
        response = client_for(admin).post(
            links_url("retarget", org, code=putri_link.code), {"destination": destination}, follow=True
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert ("Enter a full web address that starts with https:// or http://." in page) or (
            destination == "" and "This field is required." in page
        )
        putri_link.refresh_from_db()
        assert putri_link.destination == before
        assert not AuditEvent.objects.filter(action="links.share_link.retarget").exists()

    def test_it_refuses_other_roles(
        self, client_for: Any, putri: Membership, coordinator: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        for member in (putri, coordinator):
            response = client_for(member).post(
                links_url("retarget", org, code=putri_link.code), {"destination": "https://evil.example/"}
            )
            assert response.status_code == 404
        putri_link.refresh_from_db()
        assert putri_link.destination == "https://contoh.example/aduan"

    def test_it_answers_get_with_405(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        assert client_for(admin).get(links_url("retarget", org, code=putri_link.code)).status_code == 405


class TestItemRetarget:
    def test_it_points_every_link_of_the_item_at_another_page(
        self,
        client_for: Any,
        admin: Membership,
        org: Organization,
        putri: Membership,
        sari: Membership,
        live_item: ContentItem,
        social_item: ContentItem,
    ) -> None:
        mine = ensured(putri, live_item, "whatsapp")
        hers = ensured(sari, live_item, "x")
        other = ensured(sari, social_item, "x")
        client = client_for(admin)
        response = client.post(
            links_url("item_retarget", org, item_pk=live_item.pk), {"destination": "https://contoh.example/pindah"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"{links_url('list', org)}?item={live_item.pk}"
        for link in (mine, hers, other):
            link.refresh_from_db()
        assert mine.destination == hers.destination == "https://contoh.example/pindah"
        assert other.destination == "https://contoh.example/aduan"
        event = AuditEvent.objects.get(action="links.share_link.retarget_item")
        assert event.changes == {"destination": "https://contoh.example/pindah", "links": 2}
        page = client.get(response["Location"]).content.decode()
        assert "2 links now lead to the new page." in page

    def test_it_refuses_an_address_that_is_not_http(
        self, client_for: Any, admin: Membership, org: Organization, putri_link: ShareLink
    ) -> None:
        response = client_for(admin).post(
            links_url("item_retarget", org, item_pk=putri_link.item_id),
            {"destination": "javascript:alert(1)"},
            follow=True,
        )
        assert "Enter a full web address that starts with https:// or http://." in response.content.decode()
        putri_link.refresh_from_db()
        assert putri_link.destination == "https://contoh.example/aduan"

    def test_it_refuses_other_roles_and_organizations(
        self,
        client_for: Any,
        putri: Membership,
        coordinator: Membership,
        outsider_admin: Membership,
        org: Organization,
        putri_link: ShareLink,
    ) -> None:
        data = {"destination": "https://evil.example/"}
        for member in (putri, coordinator):
            url = links_url("item_retarget", org, item_pk=putri_link.item_id)
            assert client_for(member).post(url, data).status_code == 404
        url = links_url("item_retarget", outsider_admin.organization, item_pk=putri_link.item_id)
        assert client_for(outsider_admin).post(url, data).status_code == 404
        putri_link.refresh_from_db()
        assert putri_link.destination == "https://contoh.example/aduan"

    def test_it_answers_get_with_405(
        self, client_for: Any, admin: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        assert client_for(admin).get(links_url("item_retarget", org, item_pk=live_item.pk)).status_code == 405


# --- both languages ---------------------------------------------------------------------------------


class TestPagesRender:
    @pytest.mark.parametrize(
        ("language", "words"),
        [
            ("en", ["Send on WhatsApp", "Your tracked link", "QR code (PNG)", "My link, QR code and more"]),
            ("id", ["Kirim lewat WhatsApp", "Tautan terlacak Anda", "Tautan saya, kode QR, dan lainnya"]),
        ],
    )
    def test_it_renders_the_feed_rows(
        self,
        client_for: Any,
        putri: Membership,
        org: Organization,
        live_item: ContentItem,
        social_item: ContentItem,
        putri_link: ShareLink,
        language: str,
        words: list[str],
    ) -> None:
        client = client_for(in_language(putri, language))
        page = client.get(feed_url(org)).content.decode()
        for word in words:
            assert word in page
        row = client.post(share_url(org, social_item), {"channel": "link"}, headers=HTMX)
        assert row.status_code == 200
        assert words[1] in row.content.decode()

    @pytest.mark.parametrize(
        ("language", "words"),
        [
            (
                "en",
                ["Tracked links", "Link previews", "Clicks in the last 14 days", "3 previews", "Retarget every link"],
            ),
            ("id", ["Tautan terlacak", "Pratinjau tautan"]),
        ],
    )
    def test_it_renders_the_pr_team_pages(
        self,
        client_for: Any,
        pr_admin: Membership,
        org: Organization,
        putri_link: ShareLink,
        language: str,
        words: list[str],
    ) -> None:
        rollup(org, Dimension.ITEM, putri_link.item_id, clicks=2, previews=3, filtered=1)
        rollup(org, Dimension.LINK, putri_link.pk, clicks=2, previews=3, filtered=1)
        client = client_for(in_language(pr_admin, language))
        pages = [
            client.get(links_url("list", org)),
            client.get(links_url("list", org), {"item": putri_link.item_id}),
            client.get(links_url("detail", org, code=putri_link.code)),
        ]
        assert [page.status_code for page in pages] == [200, 200, 200]
        text = "".join(page.content.decode() for page in pages)
        for word in words:
            assert word in text
        if language == "id":
            assert "Tracked links" not in text
            assert "2 dihitung, 3 pratinjau tautan, 1 tidak" in text
