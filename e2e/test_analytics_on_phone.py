"""Consistency and reporting on a phone: a coordinator sees their unit's participation fall from last month,
nudges the inactive ambassadors through the outbox, and the leadership downloads the monthly PDF."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from duta.analytics import periods as P
from duta.analytics.services.refresh import analytics_refresh
from duta.campaigns.models import Campaign, ContentItem, ItemStatus
from duta.links.services import share_link_build
from duta.notifications.models import Notification
from duta.organizations.models import Role
from e2e.steps import log_in
from tests.factories import MembershipFactory, OrganizationFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_nudges_a_falling_unit_and_leadership_downloads_the_report(live_server: Any, phone: Any) -> None:
    from playwright.sync_api import expect

    organization = OrganizationFactory(name="Kementerian Uji Analitik", slug="uji")
    humas = UnitFactory(organization=organization, name="Biro Humas")
    media = UnitFactory(organization=organization, name="Bagian Media", parent=humas)
    admin = MembershipFactory(organization=organization, role=Role.ADMIN, user=UserFactory(language="en"))
    MembershipFactory(
        organization=organization,
        role=Role.COORDINATOR,
        unit=humas,
        coordinated_units=[humas],
        user=UserFactory(email="pic@uji.test", full_name="Hendra Koordinator", language="en"),
    )
    MembershipFactory(
        organization=organization,
        role=Role.VIEWER,
        user=UserFactory(email="pimpinan@uji.test", full_name="Bambang Pimpinan", language="en"),
    )
    ambassadors = [
        MembershipFactory(organization=organization, role=Role.AMBASSADOR, unit=media, user=UserFactory(language="en"))
        for _ in range(6)
    ]
    today = timezone.localdate()
    last_month = P.period_of(P.MONTH, today).previous()
    campaign = Campaign.objects.create(
        organization=organization, name="Layanan Publik 24 Jam", starts_on=last_month.start, created_by=admin.user
    )
    item = ContentItem.objects.create(
        organization=organization,
        campaign=campaign,
        title="Kanal aduan 24 jam",
        target_url="https://contoh.example/aduan",
        status=ItemStatus.LIVE,
        author=admin.user,
    )
    zone = timezone.get_current_timezone()

    def share(member: Any, day: dt.date, platform: str) -> None:
        link = share_link_build(member=member, item=item, platform=platform, position=0)
        link.save()
        at = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
        type(link).objects.filter(pk=link.pk).update(created_at=at, updated_at=at)

    # last month four of the six shared; this month only one
    for member in ambassadors[:4]:
        share(member, last_month.start + dt.timedelta(days=3), "whatsapp")
    share(ambassadors[0], today, "x")
    analytics_refresh(organization=organization, periods=[last_month, *P.periods_around(today)])

    base = live_server.url
    log_in(phone, base, "pic@uji.test")
    phone.get_by_role("link", name="Analytics").click()
    phone.get_by_role("navigation", name="Analytics").get_by_role("link", name="Units").click()
    phone.get_by_role("link", name="Biro Humas").click()
    row = phone.locator("#table tr", has_text="Bagian Media")
    expect(row).to_contain_text("16.7%")  # 1 of 6
    expect(row).to_contain_text("-50.0")  # from 66.7% last month

    phone.get_by_role("navigation", name="Analytics").get_by_role("link", name="Inactive ambassadors").click()
    expect(phone.locator("input[name=members]")).to_have_count(5)
    phone.get_by_role("button", name="Nudge the chosen ambassadors").click()
    expect(phone.get_by_text("5 ambassadors nudged.")).to_be_visible()
    nudged = Notification.objects.filter(kind="nudge").values_list("recipient_id", flat=True)
    assert set(nudged) == {member.user_id for member in ambassadors[1:]}
    phone.get_by_role("button", name="Log out").click()

    log_in(phone, base, "pimpinan@uji.test")
    phone.get_by_role("link", name="Analytics").click()
    phone.get_by_role("navigation", name="Analytics").get_by_role("link", name="Monthly reports").click()
    phone.get_by_role("button", name="Make the report").click()
    download_link = phone.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=60_000)
    with phone.expect_download() as waiting:
        download_link.click()
    path = waiting.value.path()
    with open(path, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Kementerian Uji Analitik" in text
    assert last_month.start.strftime("%Y") in text
