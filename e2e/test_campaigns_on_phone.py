"""The daily loop on a phone: a brief with three caption variants is approved by a colleague and goes live for
two units; an ambassador reports their post; then a crisis: normal content frozen, the holding statement
broadcast to 300 ambassadors after the admin confirms the audience, and the response watched."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from duta.campaigns import services
from duta.campaigns.models import CampaignSettings, ContentItem, CrisisBroadcast, ItemStatus, PostReport
from duta.notifications.models import Notification
from duta.organizations.models import Membership, Role
from e2e.steps import log_in
from tests.factories import MembershipFactory, OrganizationFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_out(phone: Any) -> None:
    phone.get_by_role("button", name="Log out").click()


def test_a_campaign_and_a_crisis_from_brief_to_response(live_server: Any, phone: Any) -> None:
    from playwright.sync_api import expect

    organization = OrganizationFactory(name="Kementerian Uji", slug="uji")
    humas = UnitFactory(organization=organization, name="Biro Humas")
    media = UnitFactory(organization=organization, name="Bagian Media", parent=humas)
    ditjen = UnitFactory(organization=organization, name="Direktorat Jenderal A")
    gudang = UnitFactory(organization=organization, name="Bagian Gudang")
    author = MembershipFactory(
        organization=organization,
        role=Role.ADMIN,
        user=UserFactory(email="rina@uji.test", full_name="Rina Humas", language="en"),
    )
    MembershipFactory(
        organization=organization,
        role=Role.ADMIN,
        user=UserFactory(email="dewi@uji.test", full_name="Dewi Humas", language="en"),
    )
    putri = MembershipFactory(
        organization=organization,
        role=Role.AMBASSADOR,
        unit=media,
        user=UserFactory(email="putri@uji.test", full_name="Putri Duta", language="en"),
    )
    # 300 ambassadors in the crisis's audience, and some the two-unit campaign does not reach
    for number in range(299):
        MembershipFactory(organization=organization, role=Role.AMBASSADOR, unit=(media, ditjen)[number % 2])
    outside = MembershipFactory(organization=organization, role=Role.AMBASSADOR, unit=gudang)
    CampaignSettings.objects.create(organization=organization, stagger_minutes=0)

    # the admin writes the brief and three caption variants for two units
    campaign = services.campaign_create(
        member=author,
        data=services.BriefData(
            name="Cek Dulu Baru Bagi",
            starts_on=timezone.localdate() - timedelta(days=1),
            units=[humas, ditjen],
            key_messages="Periksa sumber sebelum membagikan kabar.",
            facts="Kanal aduan buka 24 jam | https://aduankonten.id",
            disclosure_tag="#DutaUji",
        ),
    )
    log_in(phone, live_server.url, "rina@uji.test")
    phone.goto(f"{live_server.url}/o/uji/campaigns/{campaign.pk}/items/new/")
    phone.get_by_label("Title").fill("Cek dulu baru bagi")
    captions = [
        "Pagi itu ibu saya hampir meneruskan kabar palsu ke grup keluarga. Kami cek bersama, ternyata hoaks. "
        "Yuk cek dulu baru bagi! #DutaUji",
        "Saya selalu cek sumber sebelum membagikan kabar. Kemarin satu pesan bansos ternyata palsu. #DutaUji",
        "Kabar heboh di grup kantor ternyata hoaks. Saya cek sumbernya dulu, dua menit saja. #DutaUji",
    ]
    for number, caption in enumerate(captions):
        phone.locator(f"#id_variants-{number}-text").fill(caption)
    expect(phone.locator("#coach-0")).to_contain_text("/100")  # the live coach scores as the admin types
    phone.get_by_role("button", name="Save the draft").click()
    phone.get_by_role("button", name="Send for review").click()
    expect(phone.locator(".messages")).to_contain_text("Sent for review.")
    item = ContentItem.objects.get(title="Cek dulu baru bagi")
    assert item.variants.count() == 3
    _log_out(phone)

    # a colleague approves (the author could not), then it goes live
    log_in(phone, live_server.url, "dewi@uji.test")
    phone.goto(f"{live_server.url}/o/uji/campaigns/items/{item.pk}/")
    phone.get_by_role("button", name="Approve").click()
    phone.get_by_role("button", name="Go live now").click()
    expect(phone.locator(".messages")).to_contain_text("Live")
    assert ContentItem.objects.get(pk=item.pk).status == ItemStatus.LIVE
    _log_out(phone)

    # the ambassador sees it on a phone and reports the post
    log_in(phone, live_server.url, "putri@uji.test")
    phone.goto(f"{live_server.url}/o/uji/campaigns/feed/")
    card = phone.locator(f"#item-{item.pk}")
    expect(card).to_contain_text("Periksa sumber sebelum membagikan kabar.")
    card.get_by_label("I shared it on WhatsApp").check()
    card.get_by_role("button", name="I posted it").click()
    expect(phone.locator(f"#item-{item.pk}")).to_contain_text("You shared it on WhatsApp.")
    assert PostReport.objects.filter(member=putri, item=item, platform="whatsapp").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    _log_out(phone)
    assert not PostReport.objects.filter(member=outside).exists()

    # a crisis: the admin opens it, freezes normal content and broadcasts after confirming the audience
    crisis = services.campaign_create(
        member=author,
        data=services.BriefData(
            kind="crisis",
            name="Isu kebocoran data",
            starts_on=timezone.localdate(),
            units=[humas, ditjen],
            holding_statement="Kami sedang memeriksa laporan ini dan akan menyampaikan perkembangan pukul 16.00.",
            questions_answers="T: Apakah data saya bocor?\nJ: Kami masih memeriksa; tunggu keterangan resmi.",
        ),
    )
    log_in(phone, live_server.url, "rina@uji.test")
    phone.goto(f"{live_server.url}/o/uji/campaigns/")
    phone.get_by_text("Freeze all normal content").click()
    phone.get_by_label("Why (ambassadors see it)").fill("Isu kebocoran data sedang ditangani")
    phone.get_by_role("button", name="Freeze now").click()
    expect(phone.locator(".freeze-banner")).to_contain_text("Normal content is frozen")
    assert ContentItem.objects.get(pk=item.pk).status == ItemStatus.PAUSED

    phone.goto(f"{live_server.url}/o/uji/campaigns/{crisis.pk}/broadcast/")
    phone.get_by_role("button", name="Count the audience").click()
    expect(phone.locator(".crisis-count")).to_contain_text("This will go to 300 ambassadors")
    assert not Notification.objects.filter(kind="crisis").exists()  # nothing is sent before the admin confirms
    phone.get_by_role("button", name="Send now to 300 ambassadors").click()
    broadcast = CrisisBroadcast.objects.get(campaign=crisis)
    assert broadcast.audience_size == 300
    assert Notification.objects.filter(topic=broadcast.topic, kind="crisis", priority="high").count() == 300
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Response")
    expect(phone.locator("body")).to_contain_text("300")
    _log_out(phone)

    # the ambassador sees the freeze and the holding statement first
    log_in(phone, live_server.url, "putri@uji.test")
    phone.goto(f"{live_server.url}/o/uji/campaigns/feed/")
    expect(phone.locator("body")).to_contain_text("Isu kebocoran data sedang ditangani")
    expect(phone.locator("body")).to_contain_text("Kami sedang memeriksa laporan ini")
    expect(phone.locator(f"#item-{item.pk}")).to_have_count(0)
    assert Membership.objects.filter(organization=organization, role=Role.AMBASSADOR).count() == 301
