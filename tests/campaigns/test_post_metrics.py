"""Observed reach: the figures an ambassador reads off their own reported post, and the page where they enter them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from duta.campaigns import services
from duta.campaigns.forms.feed import PostMetricsForm, count_parse
from duta.campaigns.models import ContentItem, PostReport
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization, Role, Unit
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "post-0"}
FIGURES = {"views": 1200, "reactions": 80, "comments": 7, "reshares": 3}


def url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(f"campaigns:{name}", kwargs={"org_slug": org.slug, **kwargs})


def in_english(member: Membership) -> Membership:
    member.user.language = "en"
    member.user.save(update_fields=["language"])
    return member


def report_of(member: Membership, item: ContentItem, number: int = 1) -> PostReport:
    return PostReport.objects.create(
        organization=member.organization,
        item=item,
        member=member,
        platform="x",
        url=f"https://x.com/duta/status/17900000000000000{number:02d}",
        canonical_url=f"x.com/duta/status/17900000000000000{number:02d}",
    )


@pytest.fixture
def report(ambassador: Membership, live_item: ContentItem) -> PostReport:
    return report_of(ambassador, live_item)


@pytest.fixture
def colleague(org: Organization, unit_media: Unit) -> Membership:
    return MembershipFactory(organization=org, role=Role.AMBASSADOR, unit=unit_media)


class TestPostReportMetricsUpdate:
    def test_the_reporter_saves_the_figures(self, ambassador: Membership, report: PostReport) -> None:
        updated = services.post_report_metrics_update(member=ambassador, report=report, **FIGURES)
        report.refresh_from_db()
        assert (report.views, report.reactions, report.comments, report.reshares) == (1200, 80, 7, 3)
        assert report.metrics_at is not None
        assert updated.metrics_at == report.metrics_at
        event = AuditEvent.objects.get(action="post_report.metrics")
        assert event.target_id == str(report.pk)
        assert event.changes == {
            "views": [None, 1200],
            "reactions": [None, 80],
            "comments": [None, 7],
            "reshares": [None, 3],
        }

    def test_unknown_figures_stay_empty(self, ambassador: Membership, report: PostReport) -> None:
        services.post_report_metrics_update(
            member=ambassador, report=report, views=500, reactions=None, comments=None, reshares=None
        )
        report.refresh_from_db()
        assert (report.views, report.reactions, report.comments, report.reshares) == (500, None, None, None)
        assert report.metrics_at is not None

    def test_clearing_every_figure_clears_the_time(self, ambassador: Membership, report: PostReport) -> None:
        services.post_report_metrics_update(member=ambassador, report=report, **FIGURES)
        services.post_report_metrics_update(
            member=ambassador, report=report, views=None, reactions=None, comments=None, reshares=None
        )
        report.refresh_from_db()
        assert report.views is None
        assert report.metrics_at is None
        assert AuditEvent.objects.filter(action="post_report.metrics").count() == 2

    def test_zero_is_a_figure(self, ambassador: Membership, report: PostReport) -> None:
        services.post_report_metrics_update(
            member=ambassador, report=report, views=0, reactions=0, comments=0, reshares=0
        )
        report.refresh_from_db()
        assert (report.views, report.reactions) == (0, 0)
        assert report.metrics_at is not None

    @pytest.mark.parametrize("bad", [-1, 1.5, "12", True, 3_000_000_000])
    def test_only_whole_numbers_of_zero_or_more(self, ambassador: Membership, report: PostReport, bad: Any) -> None:
        with pytest.raises(ApplicationError) as refused:
            services.post_report_metrics_update(
                member=ambassador, report=report, views=10, reactions=bad, comments=None, reshares=None
            )
        assert refused.value.field == "reactions"
        report.refresh_from_db()
        assert report.views is None
        assert not AuditEvent.objects.filter(action="post_report.metrics").exists()

    def test_nobody_else_may_enter_them(
        self,
        ambassador: Membership,
        colleague: Membership,
        pr_admin: Membership,
        outsider_admin: Membership,
        report: PostReport,
    ) -> None:
        for member in (colleague, pr_admin, outsider_admin):
            with pytest.raises(ApplicationError) as refused:
                services.post_report_metrics_update(member=member, report=report, **FIGURES)
            assert refused.value.code == "forbidden"
        report.refresh_from_db()
        assert report.views is None
        assert not AuditEvent.objects.filter(action="post_report.metrics").exists()


class TestCountParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1234", 1234),
            ("1.234", 1234),
            ("1,234", 1234),
            ("1.234.567", 1234567),
            ("0", 0),
            ("1,2 rb", 1200),
            ("1,2rb", 1200),
            ("12 ribu", 12000),
            ("1.2K", 1200),
            ("3,4 jt", 3400000),
            ("3.4M", 3400000),
            (" 15 ", 15),
        ],
    )
    def test_counts_as_phones_show_them(self, text: str, expected: int) -> None:
        assert count_parse(text) == expected

    @pytest.mark.parametrize("text", ["", "abc", "-5", "1.2.3 rb", "1e3", "12 x", "1,5", "12,5", "1" * 5000])
    def test_anything_else_is_refused(self, text: str) -> None:
        assert count_parse(text) is None

    def test_the_form_reads_them(self) -> None:
        form = PostMetricsForm({"views": "1,2 rb", "reactions": "", "comments": "4", "reshares": ""})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {"views": 1200, "reactions": None, "comments": 4, "reshares": None}
        assert not PostMetricsForm({"views": "-3"}).is_valid()


class TestMyPostsPage:
    def test_the_ambassador_sees_their_own_posts_with_a_form_each(
        self, client_for: Any, ambassador: Membership, colleague: Membership, live_item: ContentItem, org: Organization
    ) -> None:
        mine = report_of(ambassador, live_item, 1)
        theirs = report_of(colleague, live_item, 2)
        page = client_for(ambassador).get(url("my_posts", org)).content.decode()
        assert url("post_metrics", org, report_pk=mine.pk) in page
        assert url("post_metrics", org, report_pk=theirs.pk) not in page
        assert f'id="post-{mine.pk}"' in page
        assert 'inputmode="numeric"' in page

    def test_without_posts_it_says_how_to_report_one(
        self, client_for: Any, ambassador: Membership, org: Organization
    ) -> None:
        in_english(ambassador)
        page = client_for(ambassador).get(url("my_posts", org)).content.decode()
        assert "You have not reported any post yet." in page

    def test_the_feed_links_to_it(
        self, client_for: Any, ambassador: Membership, org: Organization, live_item: ContentItem
    ) -> None:
        page = client_for(ambassador).get(url("feed", org)).content.decode()
        assert url("my_posts", org) in page

    def test_it_keeps_its_query_budget(
        self,
        client_for: Any,
        ambassador: Membership,
        org: Organization,
        live_item: ContentItem,
        django_assert_max_num_queries: Any,
    ) -> None:
        for number in range(1, 16):
            report_of(ambassador, live_item, number)
        client = client_for(ambassador)
        with django_assert_max_num_queries(12):
            assert client.get(url("my_posts", org)).status_code == 200


class TestPostMetricsView:
    def test_a_post_saves_the_figures_and_goes_back(
        self, client_for: Any, ambassador: Membership, org: Organization, report: PostReport
    ) -> None:
        in_english(ambassador)
        client = client_for(ambassador)
        response = client.post(url("post_metrics", org, report_pk=report.pk), {"views": "1.200", "reactions": "80"})
        assert response.status_code == 302
        assert response["Location"] == url("my_posts", org) + f"#post-{report.pk}"
        report.refresh_from_db()
        assert (report.views, report.reactions, report.comments) == (1200, 80, None)
        assert AuditEvent.objects.filter(action="post_report.metrics", target_id=str(report.pk)).exists()
        page = client.get(response["Location"]).content.decode()
        assert "Thank you: the figures are saved." in page
        assert 'value="1200"' in page

    def test_with_htmx_only_the_post_comes_back(
        self, client_for: Any, ambassador: Membership, org: Organization, report: PostReport
    ) -> None:
        in_english(ambassador)
        response = client_for(ambassador).post(
            url("post_metrics", org, report_pk=report.pk), {"views": "1,2 rb"}, headers=HTMX
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in page
        assert f'id="post-{report.pk}"' in page
        assert "Thank you: the figures are saved." in page
        report.refresh_from_db()
        assert report.views == 1200

    def test_a_bad_number_is_shown_at_its_box(
        self, client_for: Any, ambassador: Membership, org: Organization, report: PostReport
    ) -> None:
        in_english(ambassador)
        client = client_for(ambassador)
        page = client.post(
            url("post_metrics", org, report_pk=report.pk), {"views": "banyak"}, headers=HTMX
        ).content.decode()
        assert "Enter a number, such as 1234 or 1,2 rb." in page
        response = client.post(url("post_metrics", org, report_pk=report.pk), {"views": "-4"})
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.views is None
        assert not AuditEvent.objects.filter(action="post_report.metrics").exists()

    def test_someone_elses_post_is_not_found(
        self,
        client_for: Any,
        colleague: Membership,
        pr_admin: Membership,
        org: Organization,
        report: PostReport,
    ) -> None:
        for member in (colleague, pr_admin):
            response = client_for(member).post(url("post_metrics", org, report_pk=report.pk), {"views": "5"})
            assert response.status_code == 404
        report.refresh_from_db()
        assert report.views is None

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Any, outsider_admin: Membership, org: Organization, report: PostReport
    ) -> None:
        client = client_for(outsider_admin)
        assert client.get(url("my_posts", org)).status_code == 404
        assert client.post(url("post_metrics", org, report_pk=report.pk), {"views": "5"}).status_code == 404
        own = outsider_admin.organization
        assert client.post(url("post_metrics", own, report_pk=report.pk), {"views": "5"}).status_code == 404
        report.refresh_from_db()
        assert report.views is None

    def test_the_methods_and_the_csrf_token_are_enforced(
        self, client_for: Any, ambassador: Membership, org: Organization, report: PostReport
    ) -> None:
        assert client_for(ambassador).get(url("post_metrics", org, report_pk=report.pk)).status_code == 405
        assert client_for(ambassador).post(url("my_posts", org)).status_code == 405
        client = Client(enforce_csrf_checks=True)
        client.force_login(ambassador.user)
        assert client.post(url("post_metrics", org, report_pk=report.pk), {"views": "5"}).status_code == 403
        report.refresh_from_db()
        assert report.views is None

    def test_anonymous_visitors_are_sent_to_log_in(self, org: Organization, report: PostReport) -> None:
        for response in (
            Client().get(url("my_posts", org)),
            Client().post(url("post_metrics", org, report_pk=report.pk), {"views": "5"}),
        ):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
