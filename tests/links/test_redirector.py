"""`/s/<code>`: the WSGI redirector called as a server calls it, on links made through the services, with its real
refresh thread (its own database connection: the tests commit, hence ``transaction=True``) and its journal in
``tmp_path``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from duta.campaigns.models import ContentItem
from duta.links import rules
from duta.links.journal import LINE, journal_files
from duta.links.models import ShareLink, VisitorSalt
from duta.links.redirector import Redirector, mount
from duta.links.selectors import links_changed_since
from duta.links.services import share_link_retarget, share_link_set_active, share_links_retarget_item
from duta.organizations.models import Membership
from tests.links.conftest import IPHONE, PHONE, WHATSAPP_PREVIEW, Response, call

pytestmark = pytest.mark.django_db(transaction=True)

MakeRedirector = Callable[..., Redirector]
MakeLink = Callable[..., ShareLink]


def journal_lines(directory: Path) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for file in journal_files(directory):
        found += LINE.findall(file.path.read_text(encoding="utf-8"))
    return found


def journal_text(directory: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in directory.iterdir())


def todays_salt() -> bytes:
    today = datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    return bytes.fromhex(VisitorSalt.objects.get(day=today).salt)


def visit(redirector: Any, code: str, **options: Any) -> Response:
    return call(redirector, f"/s/{code}", **options)


class TestRedirectorAnswer:
    def test_it_sends_the_visitor_to_the_tracked_destination(
        self, make_redirector: MakeRedirector, share_link: MakeLink, live_item: ContentItem
    ) -> None:
        link = share_link("whatsapp")
        redirector = make_redirector()

        response = visit(redirector, link.code, HTTP_USER_AGENT=PHONE)

        assert response.status == 302
        assert response.body == b""
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex"
        location = response.headers["Location"]
        assert location == rules.tracked_url(
            live_item.target_url, source="whatsapp", campaign=link.utm_campaign, content=link.utm_content
        )
        assert location.startswith(live_item.target_url + "?")
        assert parse_qs(urlsplit(location).query) == {
            "utm_source": ["whatsapp"],
            "utm_medium": ["ambassador"],
            "utm_campaign": [link.utm_campaign],
            "utm_content": [link.utm_content],
        }

    def test_it_writes_one_journal_line_per_redirect(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        whatsapp, x = share_link("whatsapp"), share_link("x")
        redirector = make_redirector()

        visit(redirector, whatsapp.code, HTTP_USER_AGENT=PHONE, HTTP_REFERER="https://wa.me/")
        visit(redirector, x.code, HTTP_USER_AGENT=IPHONE)
        visit(redirector, whatsapp.code + "/", HTTP_USER_AGENT=WHATSAPP_PREVIEW)
        visit(redirector, "ZZZZZZZZZ", HTTP_USER_AGENT=PHONE)  # unknown: no line

        lines = journal_lines(journal_dir)
        assert [(line[1], line[3], line[4]) for line in lines] == [
            (whatsapp.code, "https://wa.me/", PHONE),
            (x.code, "", IPHONE),
            (whatsapp.code, "", WHATSAPP_PREVIEW),
        ]
        now = datetime.now().timestamp() * 1000
        assert all(0 <= now - int(line[0][:12], 16) < 60_000 for line in lines)  # the ids carry the time
        assert len({line[0] for line in lines}) == 3

    def test_it_never_writes_the_address(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector()

        for address in ("203.0.113.45", "2001:db8:abcd:12::7"):
            visit(redirector, link.code, address=address, HTTP_USER_AGENT=PHONE)
        redirector.stop()

        text = journal_text(journal_dir)
        assert text.count("\n") == 2
        for fragment in ("203.0.113.45", "203.0.113", "2001:db8:abcd:12::7", "2001:db8"):
            assert fragment not in text

    def test_it_journals_the_hash_of_the_network_and_browser_with_the_days_salt(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector()

        visit(redirector, link.code, address="203.0.113.45", HTTP_USER_AGENT=PHONE)
        visit(redirector, link.code, address="203.0.113.200", HTTP_USER_AGENT=PHONE)
        visit(redirector, link.code, address="198.51.100.1", HTTP_USER_AGENT=PHONE)

        visitors = [line[2] for line in journal_lines(journal_dir)]
        assert visitors[0] == rules.visitor_hash(todays_salt(), "203.0.113.45", PHONE)
        assert visitors[0] == visitors[1]
        assert visitors[2] != visitors[0]

    def test_it_keeps_tabs_and_line_breaks_of_headers_out_of_the_journal(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector()

        visit(redirector, link.code, HTTP_USER_AGENT="Mozilla\t5.0\nforged", HTTP_REFERER="a\tb" + "c" * 500)

        text = journal_text(journal_dir)
        assert text.count("\n") == 1
        (line,) = LINE.findall(text)
        assert line[4] == "Mozilla 5.0 forged"
        assert line[3] == "a b" + "c" * 297

    def test_it_redirects_a_head_request_too(self, make_redirector: MakeRedirector, share_link: MakeLink) -> None:
        link = share_link()

        assert visit(make_redirector(), link.code, method="HEAD").status == 302


class TestRedirectorRefuse:
    def test_it_answers_an_unknown_code_with_the_not_found_page(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        share_link()
        redirector = make_redirector()

        for path in ("/s/ZZZZZZZZZ", "/s/", "/s/../admin", "/s/" + "a" * 300):
            response = call(redirector, path, HTTP_USER_AGENT=PHONE)
            assert response.status == 404
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert response.headers["Cache-Control"] == "no-store"
            assert int(response.headers["Content-Length"]) == len(response.body)
            assert b"This link does not exist" in response.body
            assert "Location" not in response.headers
        assert journal_lines(journal_dir) == []

    def test_it_answers_a_disabled_link_with_the_gone_page_after_a_refresh(
        self, make_redirector: MakeRedirector, share_link: MakeLink, pr_admin: Membership, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector()
        assert visit(redirector, link.code).status == 302

        share_link_set_active(member=pr_admin, link=link, active=False)
        redirector.refresh()

        response = visit(redirector, link.code)
        assert response.status == 410
        assert b"This link has been turned off" in response.body
        assert "Location" not in response.headers
        assert len(journal_lines(journal_dir)) == 1  # the 302 only

        share_link_set_active(member=pr_admin, link=link, active=True)
        redirector.refresh()
        assert visit(redirector, link.code).status == 302

    def test_it_knows_a_link_disabled_before_the_start_from_the_first_load(
        self, make_redirector: MakeRedirector, share_link: MakeLink, pr_admin: Membership
    ) -> None:
        link = share_link_set_active(member=pr_admin, link=share_link(), active=False)

        assert visit(make_redirector(), link.code).status == 410

    @pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
    def test_it_does_not_allow_other_methods(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path, method: str
    ) -> None:
        link = share_link()

        response = visit(make_redirector(), link.code, method=method)

        assert response.status == 405
        assert response.headers["Allow"] == "GET, HEAD"
        assert journal_lines(journal_dir) == []

    @pytest.mark.parametrize(
        "destination",
        ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "//evil.example/"],
    )
    def test_it_never_serves_an_unsafe_destination_from_the_database(
        self, make_redirector: MakeRedirector, share_link: MakeLink, destination: str
    ) -> None:
        link, other = share_link("whatsapp"), share_link("x")
        redirector = make_redirector()
        assert visit(redirector, link.code).status == 302

        ShareLink.objects.filter(pk=link.pk).update(destination=destination)  # past the services' check
        redirector.refresh()

        response = visit(redirector, link.code)
        assert response.status == 410
        assert "Location" not in response.headers
        assert visit(redirector, other.code).status == 302
        fresh = make_redirector(journal_dir=Path(redirector.journal_dir) / "second")
        assert visit(fresh, link.code).status == 410  # from the first load too


class TestRedirectorRefresh:
    def test_it_answers_a_retargeted_links_new_address_after_a_refresh(
        self, make_redirector: MakeRedirector, share_link: MakeLink, pr_admin: Membership
    ) -> None:
        link = share_link()
        redirector = make_redirector()
        assert visit(redirector, link.code).headers["Location"].startswith("https://contoh.example/aduan?")

        share_link_retarget(member=pr_admin, link=link, destination="https://contoh.example/baru?ref=1#isi")
        assert redirector.refresh() >= 1

        location = visit(redirector, link.code).headers["Location"]
        assert location.startswith("https://contoh.example/baru?ref=1&utm_source=whatsapp&")
        assert location.endswith("#isi")

    def test_it_moves_all_links_of_a_retargeted_item(
        self, make_redirector: MakeRedirector, share_link: MakeLink, pr_admin: Membership, live_item: ContentItem
    ) -> None:
        links = [share_link("whatsapp"), share_link("x")]
        redirector = make_redirector()

        share_links_retarget_item(member=pr_admin, item=live_item, destination="https://contoh.example/pindah")
        redirector.refresh()

        for link in links:
            location = visit(redirector, link.code).headers["Location"]
            assert location.startswith(f"https://contoh.example/pindah?utm_source={link.platform}&")

    def test_it_serves_a_link_made_after_the_start_after_a_refresh(
        self, make_redirector: MakeRedirector, share_link: MakeLink
    ) -> None:
        first = share_link("whatsapp")
        redirector = make_redirector()
        assert visit(redirector, first.code).status == 302

        later = share_link("x")
        assert visit(redirector, later.code).status == 404
        redirector.refresh()

        assert visit(redirector, later.code).status == 302

    def test_it_reads_only_what_changed(
        self, make_redirector: MakeRedirector, share_link: MakeLink, pr_admin: Membership
    ) -> None:
        link = share_link("whatsapp")
        share_link("x")
        redirector = make_redirector()
        visit(redirector, link.code)
        ShareLink.objects.update(updated_at=datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
        redirector._watermark = datetime(2026, 1, 2, tzinfo=ZoneInfo("UTC"))  # as after a load of those rows

        assert redirector.refresh() == 0
        share_link_set_active(member=pr_admin, link=link, active=False)
        assert redirector.refresh() == 1
        assert visit(redirector, link.code).status == 410


class TestLinksChangedSince:
    def test_it_reads_every_link_with_its_tracked_location_the_first_time(
        self, share_link: MakeLink, pr_admin: Membership
    ) -> None:
        whatsapp, x = share_link("whatsapp"), share_link("x")
        share_link_set_active(member=pr_admin, link=x, active=False)

        rows, watermark = links_changed_since(None)

        by_code = {row.code: row for row in rows}
        assert set(by_code) == {whatsapp.code, x.code}
        assert (by_code[whatsapp.code].link_id, by_code[whatsapp.code].active) == (whatsapp.pk, True)
        assert by_code[whatsapp.code].location == rules.tracked_url(
            whatsapp.destination, source="whatsapp", campaign=whatsapp.utm_campaign, content=whatsapp.utm_content
        )
        assert by_code[x.code].active is False
        assert watermark is not None

    def test_it_loads_an_unsafe_destination_as_disabled_without_a_location(self, share_link: MakeLink) -> None:
        link = share_link()
        ShareLink.objects.filter(pk=link.pk).update(destination="javascript:alert(1)")

        (row,) = links_changed_since(None)[0]

        assert (row.active, row.location) == (False, "")

    def test_it_reads_only_the_links_changed_since_the_watermark(
        self, share_link: MakeLink, pr_admin: Membership
    ) -> None:
        link = share_link("whatsapp")
        share_link("x")
        ShareLink.objects.update(updated_at=datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
        watermark = datetime(2026, 1, 2, tzinfo=ZoneInfo("UTC"))

        assert links_changed_since(watermark)[0] == []
        share_link_set_active(member=pr_admin, link=link, active=False)

        (row,) = links_changed_since(watermark)[0]
        assert (row.code, row.active) == (link.code, False)

    def test_it_reads_nothing_without_links(self) -> None:
        assert links_changed_since(None)[0] == []


class TestRedirectorForwardedFor:
    def test_it_ignores_x_forwarded_for_unless_trusted(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector(trust_forwarded_for=False)

        for forwarded in ("198.51.100.7", "192.0.2.9"):
            visit(redirector, link.code, address="203.0.113.45", HTTP_USER_AGENT=PHONE, HTTP_X_FORWARDED_FOR=forwarded)

        visitors = [line[2] for line in journal_lines(journal_dir)]
        assert visitors == [rules.visitor_hash(todays_salt(), "203.0.113.45", PHONE)] * 2

    def test_it_takes_the_last_forwarded_address_from_a_trusted_proxy(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector(trust_forwarded_for=True)

        visit(
            redirector,
            link.code,
            address="10.0.0.2",
            HTTP_USER_AGENT=PHONE,
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
        )
        visit(redirector, link.code, address="10.0.0.2", HTTP_USER_AGENT=PHONE, HTTP_X_FORWARDED_FOR="192.0.2.9")
        visit(redirector, link.code, address="192.0.2.77", HTTP_USER_AGENT=PHONE)  # no header: the peer

        salt = todays_salt()
        visitors = [line[2] for line in journal_lines(journal_dir)]
        assert visitors == [
            rules.visitor_hash(salt, "198.51.100.7", PHONE),
            rules.visitor_hash(salt, "192.0.2.9", PHONE),
            rules.visitor_hash(salt, "192.0.2.77", PHONE),
        ]
        assert "198.51.100" not in journal_text(journal_dir)


class TestRedirectorStop:
    def test_it_closes_the_journal_for_the_shipper(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector()
        visit(redirector, link.code)

        assert [file.closed for file in journal_files(journal_dir)] == [False]
        redirector.stop()

        assert [file.closed for file in journal_files(journal_dir)] == [True]

    def test_it_shares_the_days_salt_through_the_database(
        self, make_redirector: MakeRedirector, share_link: MakeLink, tmp_path: Path
    ) -> None:
        link = share_link()
        first, second = make_redirector(), make_redirector(journal_dir=tmp_path / "other", node="web-2")

        visit(first, link.code, HTTP_USER_AGENT=PHONE)
        visit(second, link.code, HTTP_USER_AGENT=PHONE)

        assert VisitorSalt.objects.count() == 2  # today and tomorrow
        (one,) = journal_lines(Path(first.journal_dir))
        (two,) = journal_lines(tmp_path / "other")
        assert one[2] == two[2]


class TestMount:
    def test_it_sends_s_to_the_redirector_and_the_rest_to_the_site(
        self, make_redirector: MakeRedirector, share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        seen: list[str] = []

        def site(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            seen.append(environ["PATH_INFO"])
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"site"]

        app = mount(site, make_redirector())

        assert call(app, f"/s/{link.code}").status == 302
        assert call(app, "/s/ZZZZZZZZZ").status == 404
        for path in ("/", "/feed/", "/static/s/x.css", "/share/x"):
            response = call(app, path)
            assert (response.status, response.body) == (200, b"site")
        assert seen == ["/", "/feed/", "/static/s/x.css", "/share/x"]
        assert len(journal_lines(journal_dir)) == 1

    def test_it_makes_a_redirector_from_the_settings_when_given_none(
        self, share_link: MakeLink, journal_dir: Path, settings: Any, make_redirector: MakeRedirector
    ) -> None:
        link = share_link()
        settings.LINKS_REFRESH_SECONDS = 3600
        site_calls: list[str] = []

        def site(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            site_calls.append(environ["PATH_INFO"])
            start_response("200 OK", [])
            return [b""]

        app = mount(site)
        try:
            assert call(app, "/").status == 200
            assert list(journal_dir.iterdir()) == []  # no redirector yet
            assert call(app, f"/s/{link.code}").status == 302
            assert call(app, f"/s/{link.code}").status == 302
        finally:
            redirector = next(
                cell.cell_contents[0]
                for cell in app.__closure__ or ()
                if isinstance(cell.cell_contents, list) and cell.cell_contents
            )
            redirector.stop()
        assert site_calls == ["/"]
        (file,) = journal_files(journal_dir)
        assert file.node == "test-node"
        assert len(journal_lines(journal_dir)) == 2
