"""The reviewer's pages and the candidate's own page: permissions, uploads, corrections, decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from duta.core.models import AuditEvent
from duta.programs.models import Candidate, Stage
from duta.screening import services
from duta.screening.models import FlagCorrection, ScreenedPost, Screening, ScreeningTerm, ScreeningUpload
from tests.factories import CandidateFactory, EmployeeFactory, ProgramFactory
from tests.screening.exports import CAMPAIGN, PLAIN, RADICAL, upload, x_archive_bytes
from tests.support import login_client

HTMX = {"HX-Request": "true", "HX-Target": "posts"}


def url(name: str, *args) -> str:
    return reverse(f"screening:{name}", args=["contoh", *args])


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def client_for():
    """Clients of members who read the pages in English, so that assertions read the source texts."""

    def make(membership):
        membership.user.language = "en"
        membership.user.save(update_fields=["language"])
        return login_client(membership.user)

    return make


@pytest.fixture
def candidate(org, ambassador) -> Candidate:
    employee = EmployeeFactory(organization=org, user=ambassador.user, unit=ambassador.unit, name="Putri Duta")
    return CandidateFactory(
        program=ProgramFactory(organization=org, slug="duta"), employee=employee, stage=Stage.ELIGIBLE
    )


@pytest.fixture
def screening(pr_admin, candidate) -> Screening:
    screening = services.screening_start(member=pr_admin, candidate=candidate)
    return services.screening_consent_record(member=pr_admin, screening=screening, reference="ND-1/2026")


@pytest.fixture
def read_screening(pr_admin, screening, django_capture_on_commit_callbacks) -> Screening:
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_upload_add(
            member=pr_admin, screening=screening, upload=upload(x_archive_bytes([RADICAL, *CAMPAIGN, *PLAIN]), "x.zip")
        )
    screening.refresh_from_db()
    return screening


class TestStart:
    def test_the_candidate_page_offers_a_check_and_starting_it_moves_the_candidate(
        self, client_for, pr_admin, candidate
    ) -> None:
        client = client_for(pr_admin)
        page = client.get(reverse("programs:candidate_detail", args=["contoh", "duta", candidate.pk]))
        assert url("candidate", candidate.pk) in html(page)
        response = client.post(url("candidate", candidate.pk))
        screening = Screening.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("detail", screening.pk)
        candidate.refresh_from_db()
        assert candidate.stage == Stage.SCREENING
        assert client.get(url("candidate", candidate.pk))["Location"] == url("detail", screening.pk)

    @pytest.mark.parametrize("who", ["coordinator", "viewer", "ambassador", "outsider_admin"])
    def test_nobody_else_sees_or_starts_checks(self, who, request, client_for, candidate, screening) -> None:
        client = client_for(request.getfixturevalue(who))
        for response in (
            client.get(url("list")),
            client.get(url("detail", screening.pk)),
            client.post(url("candidate", candidate.pk)),
            client.post(url("decide", screening.pk), {"decision": "approve", "reason": "ok"}),
            client.post(url("erase", screening.pk), {"confirm": "1"}),
        ):
            assert response.status_code == 404
        assert Screening.objects.count() == 1


class TestReport:
    def test_the_upload_form_reads_an_export_and_the_report_shows_why(
        self, client_for, pr_admin, screening, django_capture_on_commit_callbacks
    ) -> None:
        client = client_for(pr_admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url("upload", screening.pk),
                {"file": upload(x_archive_bytes([RADICAL, *CAMPAIGN, *PLAIN]), "twitter.zip"), "format": "auto"},
            )
        assert response.status_code == 302
        page = html(client.get(url("detail", screening.pk)))
        assert "High risk" in page
        assert "halal darahnya" in page  # the post, with the evidence
        assert "Radicalism" in page
        assert "Political partisanship" in page
        assert "https://x.com/calon_duta/status/" in page
        assert "Flags over time" in page
        assert "2023-01" in page

    def test_a_bad_file_is_refused_with_a_message_and_nothing_stored(self, client_for, pr_admin, screening) -> None:
        response = client_for(pr_admin).post(
            url("upload", screening.pk), {"file": upload(b"just some words", "notes.txt"), "format": "auto"}
        )
        assert response.status_code == 400
        assert 'class="error"' in html(response)
        assert not ScreeningUpload.objects.exists()

    def test_posts_filter_by_category(self, client_for, pr_admin, read_screening) -> None:
        client = client_for(pr_admin)
        page = html(
            client.get(url("detail", read_screening.pk), {"category": "political", "part": "posts"}, headers=HTMX)
        )
        assert CAMPAIGN[0][:20] in page
        assert "halal darahnya" not in page
        assert "<html" not in page

    def test_marking_a_flag_wrong_updates_the_post_and_the_level(self, client_for, pr_admin, read_screening) -> None:
        post = ScreenedPost.objects.get(text=RADICAL)
        client = client_for(pr_admin)
        for category in post.categories:
            response = client.post(
                url("flag_dismiss", post.pk), {"category": category, "note": "kutipan"}, HTTP_HX_REQUEST="true"
            )
            assert response.status_code == 200
        body = html(response)
        assert "marked wrong" in body
        assert 'hx-swap-oob="true"' in body
        assert FlagCorrection.objects.filter(post=post).count() == len(post.categories)
        restore = client.post(url("flag_restore", post.pk), {"category": post.categories[0]})
        assert restore.status_code == 302
        post.refresh_from_db()
        assert post.categories[0] not in post.dismissed
        assert not FlagCorrection.objects.filter(post=post, category=post.categories[0]).exists()

    def test_a_refused_change_sends_htmx_back_to_the_report_with_the_message(
        self, client_for, pr_admin, read_screening
    ) -> None:
        post = ScreenedPost.objects.get(text=RADICAL)
        client = client_for(pr_admin)
        response = client.post(url("flag_dismiss", post.pk), {"category": "hoax"}, headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == url("detail", read_screening.pk)
        page = html(client.get(url("detail", read_screening.pk)))
        assert "not flagged for that category" in page

    @pytest.mark.parametrize("name", ["upload", "consent", "decide", "erase", "mine"])
    def test_another_organization_gets_a_404(self, client_for, outsider_admin, read_screening, name) -> None:
        assert client_for(outsider_admin).post(url(name, read_screening.pk), {}).status_code == 404

    @pytest.mark.parametrize("name", ["flag_dismiss", "flag_restore", "excerpt_keep"])
    def test_another_organizations_posts_are_404(self, client_for, outsider_admin, read_screening, name) -> None:
        post = ScreenedPost.objects.get(text=RADICAL)
        response = client_for(outsider_admin).post(url(name, post.pk), {"category": post.categories[0]})
        assert response.status_code == 404

    def test_deciding_moves_the_candidate(self, client_for, pr_admin, read_screening) -> None:
        client = client_for(pr_admin)
        missing = client.post(url("decide", read_screening.pk), {"decision": "approve", "reason": ""})
        assert missing.status_code == 400
        response = client.post(url("decide", read_screening.pk), {"decision": "approve", "reason": "Hanya kutipan."})
        assert response.status_code == 302
        read_screening.refresh_from_db()
        read_screening.candidate.refresh_from_db()
        assert read_screening.decision == "approve"
        assert read_screening.candidate.stage == Stage.INTERVIEW
        page = html(client.get(url("detail", read_screening.pk)))
        assert "Hanya kutipan." in page
        assert "This flag is wrong" not in page

    def test_a_recorded_withdrawal_erases_the_check(self, client_for, pr_admin, read_screening) -> None:
        client = client_for(pr_admin)
        unconfirmed = client.post(url("erase", read_screening.pk))
        assert unconfirmed.status_code == 302
        assert Screening.objects.exists()
        client.post(url("erase", read_screening.pk), {"confirm": "1"})
        assert not Screening.objects.exists()
        assert not ScreenedPost.objects.exists()

    def test_the_list_filters_by_level(
        self, client_for, pr_admin, read_screening, django_assert_max_num_queries
    ) -> None:
        client = client_for(pr_admin)
        with django_assert_max_num_queries(10):
            page = html(client.get(url("list"), {"level": "high"}))
        assert "Putri Duta" in page
        assert "Putri Duta" not in html(client.get(url("list"), {"level": "clear"}))


class TestTerms:
    def test_admins_add_and_remove_terms(self, client_for, pr_admin) -> None:
        client = client_for(pr_admin)
        response = client.post(url("terms"), {"kind": "political", "term": "#BangJago2029", "election": "Pilkada"})
        assert response.status_code == 302
        term = ScreeningTerm.objects.get()
        assert term.term == "#bangjago2029"
        client.post(url("term_delete", term.pk))
        assert not ScreeningTerm.objects.exists()

    def test_others_cannot(self, client_for, coordinator, outsider_admin, pr_admin) -> None:
        term = services.screening_term_add(member=pr_admin, kind="leak", term="sangat terbatas")
        assert client_for(coordinator).get(url("terms")).status_code == 404
        assert client_for(outsider_admin).post(url("term_delete", term.pk)).status_code == 404
        own = outsider_admin.organization.slug  # through the outsider's own organization: still not theirs
        assert client_for(outsider_admin).post(reverse("screening:term_delete", args=[own, term.pk])).status_code == 404
        assert ScreeningTerm.objects.exists()

    def test_another_organizations_check_is_404_under_ones_own_address(
        self, client_for, outsider_admin, read_screening
    ) -> None:
        own, post = outsider_admin.organization.slug, ScreenedPost.objects.get(text=RADICAL)
        client = client_for(outsider_admin)
        assert client.get(reverse("screening:detail", args=[own, read_screening.pk])).status_code == 404
        assert client.get(reverse("screening:mine", args=[own, read_screening.pk])).status_code == 404
        decide = reverse("screening:decide", args=[own, read_screening.pk])
        assert client.post(decide, {"decision": "approve", "reason": "ok"}).status_code == 404
        dismiss = reverse("screening:flag_dismiss", args=[own, post.pk])
        assert client.post(dismiss, {"category": post.categories[0]}).status_code == 404
        assert not FlagCorrection.objects.exists()


class TestCandidatePage:
    def test_the_candidate_agrees_uploads_and_sees_the_reading(
        self, client_for, pr_admin, ambassador, candidate, django_capture_on_commit_callbacks
    ) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        client = client_for(ambassador)
        program_page = html(client.get(reverse("programs:program_detail", args=["contoh", "duta"])))
        assert url("mine", screening.pk) in program_page
        page = html(client.get(url("mine", screening.pk)))
        assert "I agree" in page
        assert "30 days after the decision" in page
        assert client.post(url("mine", screening.pk), {"action": "consent"}).status_code == 400
        client.post(url("mine", screening.pk), {"action": "consent", "consent": "on"})
        screening.refresh_from_db()
        assert screening.consent_source == "self"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url("mine", screening.pk),
                {"action": "upload", "file": upload(x_archive_bytes([*PLAIN, RADICAL]), "x.zip"), "format": "auto"},
            )
        assert response.status_code == 302
        assert ScreeningUpload.objects.get().status == ScreeningUpload.Status.DONE
        page = html(client.get(url("mine", screening.pk)))
        assert "x.zip" in page
        assert "1 flagged of 5" in page
        assert "halal darahnya" not in page  # the candidate sees counts, not the reviewer's report

    def test_another_employee_cannot_open_it(self, client_for, pr_admin, other_unit_member, candidate) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        assert client_for(other_unit_member).get(url("mine", screening.pk)).status_code == 404

    def test_the_candidate_withdraws_and_everything_goes(self, client_for, ambassador, read_screening) -> None:
        client = client_for(ambassador)
        response = client.post(url("mine", read_screening.pk), {"action": "withdraw", "confirm": "1"})
        assert response.status_code == 302
        assert not Screening.objects.exists()
        assert AuditEvent.objects.filter(action="screening.erase").exists()
