"""A member's certificates, their download, and the public page that verifies a code."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from duta.academy.models import Completion, Course
from duta.organizations.models import Membership
from tests.academy.builders import course_make

pytestmark = pytest.mark.django_db

CODE = "ABCD-EFGH-JKMN"


def _complete(member: Membership, course: Course, *, code: str, score: int | None = 91) -> Completion:
    return Completion.objects.create(
        organization=member.organization,
        member=member,
        course=course,
        code=code,
        holder_name=member.user.full_name,
        course_title=course.title,
        score=score,
        completed_at=dt.datetime(2025, 3, 4, 20, 30, tzinfo=dt.UTC),  # 5 March in WIB
    )


@pytest.fixture
def course(org) -> Course:
    return course_make(org, slug="etika")


@pytest.fixture
def completion(ambassador, course) -> Completion:
    return _complete(ambassador, course, code=CODE)


def list_url(org) -> str:
    return reverse("academy:certificate_list", args=[org.slug])


def pdf_url(org, code: str) -> str:
    return reverse("academy:certificate_pdf", args=[org.slug, code])


def verify_url(code: str) -> str:
    return reverse("verify:certificate", args=[code])


def _main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def _pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


class TestCertificateList:
    def test_a_member_sees_their_own_certificates_with_download_and_verification_links(
        self, org, ambassador, other_unit_member, course, completion, client_for
    ):
        other = _complete(other_unit_member, course, code="WXYZ-WXYZ-WXYZ")
        ambassador.user.language = "en"
        ambassador.user.save()
        response = client_for(ambassador).get(list_url(org))
        assert response.status_code == 200
        body = response.content.decode()
        assert course.title in body
        assert CODE in body
        assert pdf_url(org, CODE) in body
        assert settings.SITE_URL + verify_url(CODE) in body
        assert "5 March 2025" in body
        assert other.code not in body

    def test_without_certificates_it_says_so(self, org, pr_admin, completion, client_for):
        response = client_for(pr_admin).get(list_url(org))
        assert response.status_code == 200
        assert CODE not in response.content.decode()

    def test_a_member_of_another_organization_gets_404(self, org, outsider_admin, completion, client_for):
        assert client_for(outsider_admin).get(list_url(org)).status_code == 404

    def test_it_needs_a_login(self, org, completion):
        response = Client().get(list_url(org))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_its_queries_do_not_grow_with_the_certificates(
        self, org, ambassador, completion, client_for, django_assert_max_num_queries
    ):
        for index in range(5):
            _complete(
                ambassador, course_make(org, slug=f"kursus-{index}"), code=f"{index}{index}{index}{index}-AAAA-BBBB"
            )
        client = client_for(ambassador)
        with django_assert_max_num_queries(12):
            response = client.get(list_url(org))
        assert response.content.decode().count("-AAAA-BBBB") >= 5


class TestCertificateDownload:
    def test_the_holder_downloads_a_pdf_in_their_language(self, org, ambassador, completion, client_for):
        ambassador.user.language = "en"
        ambassador.user.save()
        response = client_for(ambassador).get(pdf_url(org, CODE))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="sertifikat-{CODE}.pdf"'
        text = _pdf_text(response)
        assert "Putri Duta" in text
        assert completion.course_title in text
        assert CODE in text
        assert "5 March 2025" in text

    def test_in_indonesian_the_date_is_indonesian(self, org, ambassador, completion, client_for):
        text = _pdf_text(client_for(ambassador).get(pdf_url(org, CODE)))
        assert "5 Maret 2025" in text

    def test_the_date_is_the_holders_day_whoever_downloads(self, org, ambassador, pr_admin, completion, client_for):
        pr_admin.user.time_zone = "Asia/Jayapura"
        pr_admin.user.language = "en"
        pr_admin.user.save()
        completion.completed_at = dt.datetime(2025, 3, 4, 16, 30, tzinfo=dt.UTC)  # 23:30 WIB, 01:30 WIT next day
        completion.save()
        assert "4 March 2025" in _pdf_text(client_for(pr_admin).get(pdf_url(org, CODE)))

    def test_the_code_may_be_typed_in_lower_case_without_dashes(self, org, ambassador, completion, client_for):
        response = client_for(ambassador).get(pdf_url(org, "abcdefghjkmn"))
        assert response.status_code == 200
        assert f"sertifikat-{CODE}.pdf" in response["Content-Disposition"]

    def test_the_pr_team_and_leadership_download_anyones(self, org, pr_admin, viewer, completion, client_for):
        for member in (pr_admin, viewer):
            assert client_for(member).get(pdf_url(org, CODE)).status_code == 200

    def test_another_ambassador_or_a_coordinator_gets_404(
        self, org, other_unit_member, coordinator, completion, client_for
    ):
        for member in (other_unit_member, coordinator):
            assert client_for(member).get(pdf_url(org, CODE)).status_code == 404

    def test_a_member_of_another_organization_gets_404(self, org, outsider_admin, completion, client_for):
        client = client_for(outsider_admin)
        assert client.get(pdf_url(org, CODE)).status_code == 404
        assert client.get(pdf_url(outsider_admin.organization, CODE)).status_code == 404

    def test_an_unknown_or_malformed_code_gets_404(self, org, ambassador, completion, client_for):
        client = client_for(ambassador)
        assert client.get(pdf_url(org, "ZZZZ-ZZZZ-ZZZZ")).status_code == 404
        assert client.get(pdf_url(org, "not-a-code")).status_code == 404

    def test_it_needs_a_login(self, org, completion):
        assert Client().get(pdf_url(org, CODE)).status_code == 302


class TestVerifyPage:
    def test_anyone_sees_the_name_the_course_and_the_date_only(self, org, ambassador, completion):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(verify_url(CODE))
        assert response.status_code == 200
        main = _main(response)
        assert "Putri Duta" in main
        assert completion.course_title in main
        assert "5 March 2025" in main
        assert "91" not in main  # the score
        assert ambassador.user.email not in response.content.decode()
        assert org.name not in response.content.decode()
        assert ambassador.unit.name not in response.content.decode()

    def test_the_page_is_not_indexed_cached_or_referred_and_needs_no_session(self, completion):
        for response in (
            Client().get(verify_url(CODE)),
            Client().get(verify_url("ZZZZ-ZZZZ-ZZZZ")),
            Client().get(reverse("verify:form")),
            Client().get(reverse("verify:form"), {"code": CODE}),
        ):
            assert "noindex" in response["X-Robots-Tag"]
            assert "no-store" in response["Cache-Control"]
            assert response["Referrer-Policy"] == "no-referrer"
            assert settings.SESSION_COOKIE_NAME not in response.cookies

    def test_a_logged_in_member_of_any_organization_sees_it_too(self, completion, outsider_admin, client_for):
        response = client_for(outsider_admin).get(verify_url(CODE))
        assert response.status_code == 200
        assert "Putri Duta" in response.content.decode()

    @pytest.mark.parametrize("typed", ["abcd-efgh-jkmn", "ABCDEFGHJKMN", "abcdefghjkmn", "ABCD-EFGH-JKMN"])
    def test_lower_case_and_unhyphenated_codes_work(self, completion, typed):
        response = Client().get(verify_url(typed))
        assert response.status_code == 200
        assert CODE in response.content.decode()

    def test_an_unknown_code_is_404_with_a_message_and_the_form(self, completion):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(verify_url("ZZZZ-ZZZZ-ZZZZ"))
        assert response.status_code == 404
        main = _main(response)
        assert "No certificate has this code." in main
        assert 'name="code"' in main
        assert "Putri Duta" not in main

    def test_a_malformed_code_is_404_too(self, completion):
        assert Client().get(verify_url("hello")).status_code == 404

    def test_a_renamed_or_deleted_course_still_verifies_as_printed(self, completion, course):
        printed = course.title
        course.title = "Judul baru"
        course.save()
        assert printed in Client().get(verify_url(CODE)).content.decode()
        course.delete()
        response = Client().get(verify_url(CODE))
        assert response.status_code == 200
        assert printed in response.content.decode()

    def test_it_answers_with_one_query(self, completion, django_assert_max_num_queries):
        client = Client()
        with django_assert_max_num_queries(1):
            assert client.get(verify_url(CODE)).status_code == 200

    def test_only_reading_is_allowed(self, completion):
        client = Client()
        assert client.post(verify_url(CODE)).status_code == 405
        assert client.post(reverse("verify:form"), {"code": CODE}).status_code == 405


class TestVerifyForm:
    def test_it_shows_an_empty_form(self):
        response = Client().get(reverse("verify:form"))
        assert response.status_code == 200
        main = _main(response)
        assert 'name="code"' in main
        assert 'method="get"' in main
        assert 'class="error"' not in main

    def test_a_valid_code_as_typed_goes_to_its_page(self, completion):
        response = Client().get(reverse("verify:form"), {"code": " abcd efgh jkmn "})
        assert response.status_code == 302
        assert response["Location"] == verify_url(CODE)

    def test_a_code_that_is_not_one_shows_the_form_with_an_error(self):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(reverse("verify:form"), {"code": "12345"})
        assert response.status_code == 200
        main = _main(response)
        assert "This is not a verification code" in main
        assert re.search(r'name="code"[^>]*value="12345"', main)

    def test_an_empty_code_is_an_error(self):
        response = Client().get(reverse("verify:form"), {"code": ""})
        assert response.status_code == 200
        assert 'class="error"' in _main(response)
