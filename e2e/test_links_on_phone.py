"""Tracked sharing on a phone, the issue's "done when": an ambassador shares a content item to WhatsApp from a phone,
a friend's click is counted once (the WhatsApp preview fetch is not), and the admin sees it in the rollups within a
minute.

The real redirector (``duta.links.redirector.Redirector``) serves the short links on a port of its own and journals
the clicks; the real shipper stores them. Nothing leaves the machine: wa.me and the item's page are fulfilled by
Playwright. Playwright does not route the target of a redirect (its handler sees only the first address), so the
share button's POST and the short link are fetched through ``route.fetch`` without following redirects (the request
keeps the phone's headers: its User-Agent is what the redirector journals), and the phone then goes to the
``Location`` answered, a navigation that is routed.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.db.models import Sum
from django.utils import timezone

from duta.campaigns import services
from duta.campaigns.models import CampaignSettings, ContentItem
from duta.links.models import Click, ClickRollup, Dimension, ShareLink, Verdict
from duta.links.redirector import Redirector
from duta.links.services.shipping import Shipper
from duta.organizations.models import Membership, Organization, Role
from e2e.steps import log_in
from tests.factories import MembershipFactory, OrganizationFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET = "https://example.org/berita/kanal-aduan"
CAPTION = "Kanal aduan kini buka 24 jam: saya sudah mencobanya sendiri. #DutaUji"
REWRITTEN = "Tadi malam saya lapor lewat kanal aduan, pagi ini sudah dijawab. Coba juga! #DutaUji"
WHATSAPP_PREVIEW = "WhatsApp/2.23.20.0 A"
FRIEND_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile "
    "Safari/537.36"
)
REDIRECTS = {301, 302, 303, 307, 308}


# --- the redirector on a port of its own ------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the signature of the base class
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per connection: an idle connection a browser opened ahead of time must not hold the others."""

    daemon_threads = True


@dataclass
class Served:
    redirector: Redirector
    url: str  # http://127.0.0.1:<port>
    journal_dir: Path


@pytest.fixture
def served(live_server: Any, tmp_path: Path, settings: Any) -> Iterator[Served]:
    """The real redirector, refreshing its links every 0.2 s, served on 127.0.0.1; the short links point at it."""
    journal_dir = tmp_path / "clicks"
    before = set(threading.enumerate())
    redirector = Redirector(journal_dir=journal_dir, refresh_seconds=0.2)
    redirector.start()
    server = make_server("127.0.0.1", 0, redirector, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    serving = threading.Thread(target=server.serve_forever, name="redirector-server", daemon=True)
    serving.start()
    url = f"http://127.0.0.1:{server.server_port}"
    settings.SHORT_LINK_URL = url
    try:
        yield Served(redirector=redirector, url=url, journal_dir=journal_dir)
    finally:
        server.shutdown()
        server.server_close()
        redirector.stop()
        serving.join(timeout=10)
        for thread in set(threading.enumerate()) - before:
            if thread.name == "duta-links-refresh":
                thread.join(timeout=10)  # its database connection is closed before the tables are flushed


# --- the network, without the network ---------------------------------------------------------------


def _page(title: str) -> dict[str, Any]:
    body = f'<!doctype html><meta charset="utf-8"><title>{title}</title><h1>{title}</h1>'
    return {"status": 200, "content_type": "text/html; charset=utf-8", "body": body}


def _fetch_then_go(answers: list[tuple[int, str]]) -> Any:
    """A route handler: the request is made without following redirects (the answer is kept in ``answers``); a
    redirect becomes a navigation of the page to its Location (which the other routes then fulfil)."""

    def handle(route: Any) -> None:
        response = route.fetch(max_redirects=0)
        location = response.headers.get("location", "")
        answers.append((response.status, location))
        if response.status in REDIRECTS:
            route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                body=f"<!doctype html><script>location.replace({json.dumps(location)})</script>",
            )
        else:
            route.fulfill(response=response)

    return handle


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _preview_fetch(url: str) -> tuple[int, str]:
    """What WhatsApp's server does when a link is pasted: a GET with its own User-Agent, no redirect followed."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": WHATSAPP_PREVIEW})  # noqa: S310  # http://127.0.0.1
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


# --- the people -------------------------------------------------------------------------------------


def _log_out(phone: Any) -> None:
    phone.get_by_role("button", name="Log out").click()


def _live_item() -> tuple[Membership, Membership, ContentItem]:
    """An organization with a PR admin, a colleague (four eyes), an ambassador and a live item with a link."""
    organization = cast(Organization, OrganizationFactory(name="Kementerian Uji", slug="uji"))
    media = UnitFactory(organization=organization, name="Bagian Media")
    admin: Membership = MembershipFactory.create(
        organization=organization,
        role=Role.ADMIN,
        user=UserFactory(email="rina@uji.test", full_name="Rina Humas", language="en"),
    )
    colleague: Membership = MembershipFactory.create(
        organization=organization, role=Role.ADMIN, user=UserFactory(email="dewi@uji.test", language="en")
    )
    putri: Membership = MembershipFactory.create(
        organization=organization,
        role=Role.AMBASSADOR,
        unit=media,
        user=UserFactory(email="putri@uji.test", full_name="Putri Duta", language="en"),
    )
    CampaignSettings.objects.create(
        organization=organization, stagger_minutes=0, sharing_starts_at=None, sharing_ends_at=None
    )
    campaign = services.campaign_create(
        member=admin,
        data=services.BriefData(
            name="Kanal Aduan 24 Jam",
            starts_on=timezone.localdate() - timedelta(days=1),
            key_messages="Kanal aduan buka 24 jam.",
            disclosure_tag="#DutaUji",
        ),
    )
    item = services.item_create(
        member=admin,
        campaign=campaign,
        title="Kanal aduan 24 jam",
        target_url=TARGET,
        variants=[services.VariantData(platform="whatsapp", text=CAPTION)],
    )
    services.item_submit(member=admin, item=item)
    services.item_approve(member=colleague, item=item)
    return admin, putri, services.item_publish(member=admin, item=item)


# --- the story --------------------------------------------------------------------------------------


def test_a_share_to_whatsapp_is_counted_once_and_seen_by_the_admin(
    live_server: Any, served: Served, phone: Any, browser: Any
) -> None:
    from playwright.sync_api import expect

    admin, putri, item = _live_item()
    base = live_server.url

    # the ambassador rewrites the caption and taps "Send on WhatsApp" on her phone
    shares: list[tuple[int, str]] = []
    phone.context.route(f"{base}/o/uji/links/share/**", _fetch_then_go(shares))
    phone.context.route("https://wa.me/**", lambda route: route.fulfill(**_page("WhatsApp")))
    log_in(phone, base, putri.user.email)
    phone.goto(f"{base}/o/uji/campaigns/feed/")
    card = phone.locator(f"#item-{item.pk}")
    expect(card.locator(f"#caption-{item.pk}-whatsapp")).to_have_value(CAPTION)
    card.locator(f"#caption-{item.pk}-whatsapp").fill(REWRITTEN)
    with phone.context.expect_page() as opened:
        card.get_by_role("button", name="Send on WhatsApp").click()
    whatsapp = opened.value
    whatsapp.wait_for_url("https://wa.me/**")
    expect(whatsapp.locator("h1")).to_have_text("WhatsApp")

    link = ShareLink.objects.get(member=putri, item=item, platform="whatsapp")
    short = f"{served.url}/s/{link.code}"
    assert [status for status, _location in shares] == [303]
    assert parse_qs(urlsplit(whatsapp.url).query) == {"text": [f"{REWRITTEN}\n\n{short}"]}
    whatsapp.close()
    # the row now shows her tracked link
    phone.reload()
    expect(phone.locator(f"#link-{item.pk}-whatsapp")).to_have_value(short)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    _log_out(phone)

    # WhatsApp's server fetches the link for its preview card (as soon as the redirector has read the new link)
    deadline = time.monotonic() + 5
    status, location = _preview_fetch(short)
    while status == 404 and time.monotonic() < deadline:
        time.sleep(0.1)
        status, location = _preview_fetch(short)
    assert status == 302
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{TARGET}?")
    assert query["utm_source"] == ["whatsapp"]
    assert query["utm_medium"] == ["ambassador"]
    assert query["utm_campaign"] == [link.utm_campaign]
    assert query["utm_content"] == ["v1"]

    # a friend opens the link twice on their phone: the second visit is a repeat
    friend = browser.new_context(
        user_agent=FRIEND_PHONE, viewport={"width": 390, "height": 844}, is_mobile=True, locale="id-ID"
    )
    try:
        clicks: list[tuple[int, str]] = []
        friend.route(f"{served.url}/s/**", _fetch_then_go(clicks))
        friend.route("https://example.org/**", lambda route: route.fulfill(**_page("Berita kanal aduan")))
        clicked_at = time.monotonic()
        for _visit in range(2):
            page = friend.new_page()
            page.set_default_timeout(15_000)
            page.goto(short)
            page.wait_for_url(f"{TARGET}?**")
            expect(page.locator("h1")).to_have_text("Berita kanal aduan")
            assert parse_qs(urlsplit(page.url).query)["utm_source"] == ["whatsapp"]
            page.close()
        assert clicks == [(302, location), (302, location)]
    finally:
        friend.close()

    # the shipper stores the journal (still .active: the redirector is running) and counts
    report = Shipper(served.journal_dir).ship_all()
    assert (report.stored, report.counted, report.previews, report.filtered) == (3, 1, 1, 1)
    verdicts = sorted(Click.objects.filter(link=link).values_list("verdict", flat=True))
    assert verdicts == sorted([Verdict.COUNTED, Verdict.PREVIEW, Verdict.REPEAT])
    totals = ClickRollup.objects.filter(dimension=Dimension.ITEM, key=item.pk).aggregate(
        clicks=Sum("clicks"), previews=Sum("previews"), filtered=Sum("filtered")
    )
    assert totals == {"clicks": 1, "previews": 1, "filtered": 1}

    # the admin sees it on her phone
    log_in(phone, base, admin.user.email)
    phone.goto(f"{base}/o/uji/links/?item={item.pk}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tracked links of “Kanal aduan 24 jam”")
    today = phone.locator(".click-days li").last
    expect(today.locator(".num")).to_have_text("1")
    expect(today).to_contain_text("1 preview")
    platform = phone.locator("section.card table tbody tr")
    expect(platform.locator("td")).to_have_text(["WhatsApp", "1", "1", "1"])  # clicks, previews, not counted
    row = phone.locator("#rows tbody tr", has_text=f"/s/{link.code}")
    expect(row).to_contain_text("Putri Duta")
    expect(row.locator("td.num")).to_have_text(["1", "1"])  # clicks, link previews
    assert time.monotonic() - clicked_at < 60
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
