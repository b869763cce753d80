from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.core.progress import progress_clear, progress_set
from duta.organizations.models import Unit
from duta.people import services
from duta.people.models import CountSource, Employee, FollowerSnapshot, RosterImport, SocialAccount
from tests.factories import EmployeeFactory, FollowerSnapshotFactory, SocialAccountFactory

HTMX = {"HX-Request": "true"}
FEW_POSTS = {"code": "few_posts", "followers": 6000, "posts": 3}


def url(name: str, *args) -> str:
    return reverse(f"people:{name}", args=["contoh", *args])


def template_names(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


def png_upload(name: str = "bukti.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 80), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def csv_upload(text: str, name: str = "roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def english(client_for):
    """``english(member)``: a client of that member, who reads Duta in English (the source language)."""

    def make(membership):
        membership.user.language = "en"
        membership.user.save(update_fields=["language"])
        return client_for(membership)

    return make


@pytest.fixture
def media_employee(org, unit_media) -> Employee:
    """An employee inside the coordinator's subtree (Biro Humas > Bagian Media)."""
    return EmployeeFactory(
        organization=org,
        unit=unit_media,
        employee_id="199001012015031001",
        name="Putri Media",
        email="putri.media@contoh.test",
        phone="+6281234567890",
    )


@pytest.fixture
def ditjen_employee(org, unit_ditjen) -> Employee:
    """An employee outside the coordinator's subtree."""
    return EmployeeFactory(
        organization=org,
        unit=unit_ditjen,
        employee_id="198512122010011002",
        name="Sari Ditjen",
        email="sari@contoh.test",
    )


@pytest.fixture
def media_account(media_employee) -> SocialAccount:
    return SocialAccountFactory(
        employee=media_employee,
        platform="instagram",
        handle="putri.media",
        profile_url="https://www.instagram.com/putri.media/",
        followers=6000,
        followers_source=CountSource.DECLARED,
    )


@pytest.fixture
def ditjen_account(ditjen_employee) -> SocialAccount:
    return SocialAccountFactory(
        employee=ditjen_employee,
        platform="tiktok",
        handle="@sari",
        profile_url="https://www.tiktok.com/@sari",
        followers=900,
    )


@pytest.fixture
def flagged_snapshot(media_account, ambassador) -> FollowerSnapshot:
    return FollowerSnapshotFactory(
        account=media_account,
        count=6000,
        source=CountSource.DECLARED,
        recorded_by=ambassador.user,
        recorded_at=datetime(2025, 3, 1, 2, 30, tzinfo=UTC),
        flags=[FEW_POSTS],
    )


@pytest.fixture
def ditjen_snapshot(ditjen_account) -> FollowerSnapshot:
    return FollowerSnapshotFactory(account=ditjen_account, count=900, flags=[FEW_POSTS])


@pytest.fixture
def evidence_snapshot(media_account, ambassador) -> FollowerSnapshot:
    return services.follower_count_record(
        account=media_account, count=6100, source=CountSource.EVIDENCE, actor=ambassador.user, evidence=png_upload()
    )


@pytest.fixture
def ditjen_evidence(ditjen_account, other_unit_member) -> FollowerSnapshot:
    return services.follower_count_record(
        account=ditjen_account,
        count=950,
        source=CountSource.EVIDENCE,
        actor=other_unit_member.user,
        evidence=png_upload(),
    )


@pytest.fixture
def checked_job(org, pr_admin) -> RosterImport:
    return RosterImport.objects.create(
        organization=org,
        created_by=pr_admin.user,
        original_name="pegawai.csv",
        status=RosterImport.Status.CHECKED,
        total_rows=3,
        created_count=2,
        updated_count=1,
    )


@pytest.fixture
def people_pages(media_employee, media_account, flagged_snapshot, evidence_snapshot, checked_job):
    """Every page under /o/contoh/people/, as (method, url)."""
    return [
        ("get", url("employee_list")),
        ("get", url("employee_detail", media_employee.pk)),
        ("post", url("account_verify", media_account.pk)),
        ("post", url("snapshot_review", flagged_snapshot.pk)),
        ("get", url("evidence", evidence_snapshot.pk)),
        ("get", url("import")),
        ("post", url("import")),
        ("get", url("import_detail", checked_job.pk)),
        ("post", url("import_confirm", checked_job.pk)),
    ]


class TestPeoplePagesForOutsiders:
    def test_a_member_of_another_organization_gets_404_everywhere(self, client_for, outsider_admin, people_pages):
        client = client_for(outsider_admin)
        audit_before = AuditEvent.objects.count()
        snapshots_before = FollowerSnapshot.objects.count()

        for method, page in people_pages:
            data = {"count": "5", "skip_invalid": "1"} if method == "post" else None
            response = getattr(client, method)(page, data)
            assert response.status_code == 404, (method, page)

        assert FollowerSnapshot.objects.count() == snapshots_before
        assert not FollowerSnapshot.objects.filter(reviewed_at__isnull=False).exists()
        assert RosterImport.objects.get().status == RosterImport.Status.CHECKED
        assert AuditEvent.objects.count() == audit_before

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, people_pages):
        for method, page in people_pages:
            response = getattr(client, method)(page)
            assert response.status_code == 302, (method, page)
            assert response.url.startswith(reverse("accounts:login"))

    def test_objects_of_another_organization_are_404_under_one_s_own_slug(self, client_for, pr_admin, outsider_admin):
        foreign_account = SocialAccountFactory(employee=EmployeeFactory(organization=outsider_admin.organization))
        foreign_snapshot = FollowerSnapshotFactory(account=foreign_account, flags=[FEW_POSTS])
        foreign_job = RosterImport.objects.create(
            organization=outsider_admin.organization,
            created_by=outsider_admin.user,
            original_name="x.csv",
            status=RosterImport.Status.CHECKED,
        )
        client = client_for(pr_admin)

        assert client.get(url("employee_detail", foreign_account.employee_id)).status_code == 404
        assert client.post(url("account_verify", foreign_account.pk), {"count": "10"}).status_code == 404
        assert client.post(url("snapshot_review", foreign_snapshot.pk)).status_code == 404
        assert client.get(url("evidence", foreign_snapshot.pk)).status_code == 404
        assert client.get(url("import_detail", foreign_job.pk)).status_code == 404
        assert client.post(url("import_confirm", foreign_job.pk), {"skip_invalid": "1"}).status_code == 404
        foreign_snapshot.refresh_from_db()
        foreign_job.refresh_from_db()
        assert foreign_snapshot.reviewed_at is None
        assert foreign_job.status == RosterImport.Status.CHECKED


class TestEmployeeList:
    def test_an_ambassador_gets_403(self, client_for, ambassador, media_employee):
        assert client_for(ambassador).get(url("employee_list")).status_code == 403

    def test_an_admin_sees_everyone_and_the_import_button(self, english, pr_admin, media_employee, ditjen_employee):
        response = english(pr_admin).get(url("employee_list"))

        body = response.content.decode()
        assert response.status_code == 200
        assert "people/employees.html" in template_names(response)
        assert "Putri Media" in body
        assert "Sari Ditjen" in body
        assert "Sekretariat Jenderal / Biro Humas / Bagian Media" in body
        assert url("import") in body
        assert url("employee_detail", media_employee.pk) in body

    def test_a_viewer_sees_everyone_without_the_import_button(
        self, client_for, viewer, media_employee, ditjen_employee
    ):
        response = client_for(viewer).get(url("employee_list"))

        body = response.content.decode()
        assert response.status_code == 200
        assert "Putri Media" in body
        assert "Sari Ditjen" in body
        assert url("import") not in body

    def test_a_coordinator_sees_only_their_subtree(self, client_for, coordinator, media_employee, ditjen_employee):
        response = client_for(coordinator).get(url("employee_list"))

        body = response.content.decode()
        assert response.status_code == 200
        assert "Putri Media" in body
        assert "Sari Ditjen" not in body
        assert url("import") not in body

    @pytest.mark.parametrize("query", ["putri", "199001012015031001", "putri.media@contoh"])
    def test_it_searches_name_number_and_email(self, client_for, pr_admin, media_employee, ditjen_employee, query):
        response = client_for(pr_admin).get(url("employee_list"), {"q": query})

        assert [e.pk for e in response.context["page"].object_list] == [media_employee.pk]

    def test_the_needs_review_filter_keeps_unreviewed_flags(
        self, client_for, pr_admin, media_employee, ditjen_employee, flagged_snapshot, ditjen_snapshot
    ):
        ditjen_snapshot.reviewed_at = ditjen_snapshot.recorded_at
        ditjen_snapshot.save()
        EmployeeFactory(organization=media_employee.organization, name="Tanpa Akun")

        response = client_for(pr_admin).get(url("employee_list"), {"flagged_only": "on"})

        assert [e.pk for e in response.context["page"].object_list] == [media_employee.pk]

    def test_an_htmx_request_gets_only_the_rows(self, client_for, pr_admin, media_employee, ditjen_employee):
        response = client_for(pr_admin).get(url("employee_list"), {"q": "sari"}, headers={**HTMX, "HX-Target": "rows"})

        body = response.content.decode()
        assert body.lstrip().startswith('<div id="rows">')
        for frame in ("<html", "<header", "<footer", "<form"):
            assert frame not in body, frame
        assert "Sari Ditjen" in body
        assert "Putri Media" not in body

    def test_the_table_is_phone_friendly(self, client_for, pr_admin, media_employee):
        body = client_for(pr_admin).get(url("employee_list")).content.decode()

        assert 'class="table responsive"' in body
        assert "data-label=" in body

    def test_it_shows_the_latest_counts_and_a_verified_mark(self, english, pr_admin, media_account, ditjen_account):
        ditjen_account.verified_followers = 900
        ditjen_account.save()

        body = english(pr_admin).get(url("employee_list")).content.decode()

        assert "Instagram: 6,000" in body
        assert "TikTok: 900" in body
        assert body.count('class="verified"') == 1

    def test_the_empty_roster_explains_the_import_to_an_admin(self, english, pr_admin):
        body = english(pr_admin).get(url("employee_list")).content.decode()

        assert "No employees yet." in body
        assert "CSV or Excel" in body
        assert url("import") in body

    def test_the_empty_roster_tells_others_whom_to_ask(self, english, viewer):
        body = english(viewer).get(url("employee_list")).content.decode()

        assert "Ask an admin of the PR team to import it." in body

    def test_it_pages_the_roster(self, client_for, pr_admin, org):
        EmployeeFactory.create_batch(51, organization=org)
        client = client_for(pr_admin)

        first = client.get(url("employee_list"))
        second = client.get(url("employee_list"), {"page": "2"})

        assert len(first.context["page"].object_list) == 50
        assert len(second.context["page"].object_list) == 1
        assert "page=2" in first.content.decode()

    def test_the_query_count_does_not_grow_with_the_employees(
        self, client_for, pr_admin, org, unit_media, unit_ditjen, django_assert_max_num_queries
    ):
        client = client_for(pr_admin)

        def add(count: int, unit: Unit) -> None:
            for employee in EmployeeFactory.create_batch(count, organization=org, unit=unit):
                SocialAccountFactory(employee=employee, platform="instagram", followers=100)
                SocialAccountFactory(employee=employee, platform="tiktok", followers=50, verified_followers=50)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url("employee_list")).status_code == 200
            return len(captured)

        add(2, unit_media)
        client.get(url("employee_list"))  # the first request also remembers the organization in the session
        few = queries()
        add(20, unit_media)
        add(20, unit_ditjen)

        with django_assert_max_num_queries(10):
            response = client.get(url("employee_list"))
        assert len(response.context["page"].object_list) == 42
        assert queries() == few

    def test_the_coordinator_s_query_count_does_not_grow_either(
        self, client_for, coordinator, org, unit_media, django_assert_max_num_queries
    ):
        client = client_for(coordinator)
        client.get(url("employee_list"))
        for employee in EmployeeFactory.create_batch(30, organization=org, unit=unit_media):
            SocialAccountFactory(employee=employee)

        with django_assert_max_num_queries(11):
            response = client.get(url("employee_list"))
        assert len(response.context["page"].object_list) == 30


class TestEmployeeDetail:
    def test_an_admin_sees_the_facts_accounts_and_history(
        self, english, pr_admin, media_employee, media_account, flagged_snapshot
    ):
        media_employee.birth_date = datetime(1990, 5, 17).date()
        media_employee.save()

        response = english(pr_admin).get(url("employee_detail", media_employee.pk))

        body = response.content.decode()
        assert response.status_code == 200
        assert "people/employee_detail.html" in template_names(response)
        for text in (
            "Putri Media",
            "199001012015031001",
            "Sekretariat Jenderal / Biro Humas / Bagian Media",
            "17 May 1990",
            "+6281234567890",
            "putri.media@contoh.test",
        ):
            assert text in body, text
        assert (
            '<a href="https://www.instagram.com/putri.media/" rel="noopener noreferrer" target="_blank">putri.media'
            in body
        )
        assert "declared by the employee" in body
        assert "Putri Duta" in body  # who recorded the count
        assert "6,000 followers but only 3 posts" in body
        assert "Mark as reviewed" in body
        assert url("snapshot_review", flagged_snapshot.pk) in body
        assert url("account_verify", media_account.pk) in body
        assert f'id="id_verify_{media_account.pk}_count"' in body

    def test_times_are_shown_in_the_member_s_time_zone(self, english, pr_admin, media_employee, flagged_snapshot):
        pr_admin.user.time_zone = "Asia/Makassar"
        pr_admin.user.save(update_fields=["time_zone"])

        body = english(pr_admin).get(url("employee_detail", media_employee.pk)).content.decode()

        assert "1 Mar 2025 10:30 WITA" in body  # 02:30 UTC

    def test_the_evidence_thumbnail_links_to_the_protected_view(
        self, client_for, pr_admin, media_employee, evidence_snapshot
    ):
        body = client_for(pr_admin).get(url("employee_detail", media_employee.pk)).content.decode()

        assert f'src="{url("evidence", evidence_snapshot.pk)}"' in body
        assert "/media/" not in body

    def test_a_coordinator_reviews_in_their_subtree(self, client_for, coordinator, media_employee, flagged_snapshot):
        response = client_for(coordinator).get(url("employee_detail", media_employee.pk))

        assert response.status_code == 200
        assert response.context["can_review"] is True
        assert url("snapshot_review", flagged_snapshot.pk) in response.content.decode()

    def test_a_coordinator_gets_404_outside_their_subtree(self, client_for, coordinator, ditjen_employee):
        assert client_for(coordinator).get(url("employee_detail", ditjen_employee.pk)).status_code == 404

    def test_a_viewer_reads_without_forms(self, client_for, viewer, media_employee, media_account, flagged_snapshot):
        response = client_for(viewer).get(url("employee_detail", media_employee.pk))

        body = response.content.decode()
        assert response.status_code == 200
        assert url("account_verify", media_account.pk) not in body
        assert url("snapshot_review", flagged_snapshot.pk) not in body

    def test_an_ambassador_gets_403(self, client_for, ambassador, media_employee):
        assert client_for(ambassador).get(url("employee_detail", media_employee.pk)).status_code == 403

    def test_a_reviewed_flag_has_no_button(self, english, pr_admin, media_employee, flagged_snapshot):
        flagged_snapshot.reviewed_at = flagged_snapshot.recorded_at
        flagged_snapshot.save()

        body = english(pr_admin).get(url("employee_detail", media_employee.pk)).content.decode()

        assert "Reviewed on" in body
        assert url("snapshot_review", flagged_snapshot.pk) not in body

    def test_an_employee_without_accounts_says_where_they_come_from(self, english, pr_admin, media_employee):
        body = english(pr_admin).get(url("employee_detail", media_employee.pk)).content.decode()

        assert "No social media accounts recorded." in body


class TestAccountVerify:
    def test_an_admin_verifies_a_count(self, english, pr_admin, media_employee, media_account):
        client = english(pr_admin)
        response = client.post(url("account_verify", media_account.pk), {"count": "5800"})

        assert response.status_code == 302
        assert response.url == url("employee_detail", media_employee.pk)
        snapshot = FollowerSnapshot.objects.get(account=media_account)
        assert (snapshot.count, snapshot.source, snapshot.recorded_by) == (5800, CountSource.VERIFIED, pr_admin.user)
        media_account.refresh_from_db()
        assert media_account.verified_followers == 5800
        event = AuditEvent.objects.get(action="followers.record")
        assert event.actor_id == pr_admin.user.pk
        assert event.organization_id == pr_admin.organization_id
        assert event.target_id == str(media_account.pk)
        assert event.changes["source"] == "verified"
        assert "5,800" in client.get(response.url).content.decode()

    def test_a_coordinator_verifies_in_their_subtree(self, client_for, coordinator, media_account):
        response = client_for(coordinator).post(url("account_verify", media_account.pk), {"count": "6000"})

        assert response.status_code == 302
        assert FollowerSnapshot.objects.filter(account=media_account, source=CountSource.VERIFIED).exists()

    def test_a_coordinator_gets_404_outside_their_subtree(self, client_for, coordinator, ditjen_account):
        response = client_for(coordinator).post(url("account_verify", ditjen_account.pk), {"count": "900"})

        assert response.status_code == 404
        assert not FollowerSnapshot.objects.exists()

    def test_a_viewer_gets_403(self, client_for, viewer, media_account):
        response = client_for(viewer).post(url("account_verify", media_account.pk), {"count": "900"})

        assert response.status_code == 403
        assert not FollowerSnapshot.objects.exists()
        assert not AuditEvent.objects.filter(action="followers.record").exists()

    def test_an_ambassador_gets_403(self, client_for, ambassador, media_account):
        assert client_for(ambassador).post(url("account_verify", media_account.pk), {"count": "9"}).status_code == 403
        assert not FollowerSnapshot.objects.exists()

    @pytest.mark.parametrize("count", ["", "-5", "banyak"])
    def test_a_wrong_number_is_shown_on_the_form(self, client_for, pr_admin, media_account, count):
        response = client_for(pr_admin).post(url("account_verify", media_account.pk), {"count": count})

        assert response.status_code == 200
        assert "people/employee_detail.html" in template_names(response)
        panel = response.context["panels"][0]
        assert panel.verify_form.errors["count"]
        assert 'class="error"' in response.content.decode()
        assert not FollowerSnapshot.objects.exists()

    def test_a_refusal_of_the_service_is_shown_on_the_form(self, client_for, pr_admin, media_account, monkeypatch):
        def refuse(**kwargs):
            raise ApplicationError("Hitungan ini ditolak.", field="count")

        monkeypatch.setattr(services, "follower_count_verify", refuse)

        response = client_for(pr_admin).post(url("account_verify", media_account.pk), {"count": "10"})

        assert response.status_code == 200
        assert "Hitungan ini ditolak." in response.content.decode()

    def test_get_is_not_allowed(self, client_for, pr_admin, media_account):
        assert client_for(pr_admin).get(url("account_verify", media_account.pk)).status_code == 405


class TestSnapshotReview:
    def test_an_admin_marks_a_flag_as_reviewed(self, english, pr_admin, media_employee, flagged_snapshot):
        client = english(pr_admin)
        response = client.post(url("snapshot_review", flagged_snapshot.pk))

        assert response.status_code == 302
        assert response.url == url("employee_detail", media_employee.pk)
        flagged_snapshot.refresh_from_db()
        assert flagged_snapshot.reviewed_at is not None
        event = AuditEvent.objects.get(action="followers.review")
        assert event.actor_id == pr_admin.user.pk
        assert "marked as reviewed" in client.get(response.url).content.decode()

    def test_a_coordinator_marks_in_their_subtree(self, client_for, coordinator, flagged_snapshot):
        assert client_for(coordinator).post(url("snapshot_review", flagged_snapshot.pk)).status_code == 302
        flagged_snapshot.refresh_from_db()
        assert flagged_snapshot.reviewed_at is not None

    def test_a_coordinator_gets_404_outside_their_subtree(self, client_for, coordinator, ditjen_snapshot):
        assert client_for(coordinator).post(url("snapshot_review", ditjen_snapshot.pk)).status_code == 404
        ditjen_snapshot.refresh_from_db()
        assert ditjen_snapshot.reviewed_at is None

    def test_a_viewer_gets_403(self, client_for, viewer, flagged_snapshot):
        assert client_for(viewer).post(url("snapshot_review", flagged_snapshot.pk)).status_code == 403
        flagged_snapshot.refresh_from_db()
        assert flagged_snapshot.reviewed_at is None


class TestEvidence:
    def test_an_admin_gets_the_image_inline_and_private(self, client_for, pr_admin, evidence_snapshot):
        response = client_for(pr_admin).get(url("evidence", evidence_snapshot.pk))

        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.format == "PNG"
        assert image.size == (40, 80)

    def test_a_coordinator_gets_the_image_in_their_subtree(self, client_for, coordinator, evidence_snapshot):
        assert client_for(coordinator).get(url("evidence", evidence_snapshot.pk)).status_code == 200

    def test_a_coordinator_gets_404_outside_their_subtree(self, client_for, coordinator, ditjen_evidence):
        assert client_for(coordinator).get(url("evidence", ditjen_evidence.pk)).status_code == 404

    def test_an_outsider_gets_404(self, client_for, outsider_admin, evidence_snapshot):
        assert client_for(outsider_admin).get(url("evidence", evidence_snapshot.pk)).status_code == 404

    def test_an_ambassador_gets_403(self, client_for, ambassador, evidence_snapshot):
        assert client_for(ambassador).get(url("evidence", evidence_snapshot.pk)).status_code == 403

    def test_a_count_without_a_screenshot_is_404(self, client_for, pr_admin, flagged_snapshot):
        assert client_for(pr_admin).get(url("evidence", flagged_snapshot.pk)).status_code == 404

    def test_a_file_that_is_no_longer_stored_is_404(self, client_for, pr_admin, evidence_snapshot):
        evidence_snapshot.evidence.storage.delete(evidence_snapshot.evidence.name)

        assert client_for(pr_admin).get(url("evidence", evidence_snapshot.pk)).status_code == 404


ROSTER = (
    "NIP,Nama,Email,Unit Kerja,Tanggal Lahir,No HP,Instagram,Pengikut Instagram,Hobi\n"
    "199005172015031001,Budi Santoso,budi@contoh.test,Sekretariat Jenderal / Biro Humas,17/05/1990,"
    "0812-3456-7890,budi.santoso,1.200,bola\n"
    "198801012012012002,Ani Lestari,ani@contoh.test,Sekretariat Jenderal / Biro Baru,01/01/1988,,"
    "ani.lestari,2 rb,catur\n"
)
ROSTER_WITH_AN_INVALID_ROW = ROSTER + "197001012000031003,Citra Salah,bukan-email,,32/13/1970,,,,\n"


class TestRosterImportPermissions:
    @pytest.mark.parametrize("persona", ["coordinator", "viewer", "ambassador"])
    def test_only_admins_import(self, request, client_for, persona, checked_job):
        client = client_for(request.getfixturevalue(persona))

        assert client.get(url("import")).status_code == 403
        assert client.post(url("import"), {"file": csv_upload(ROSTER)}).status_code == 403
        assert client.get(url("import_detail", checked_job.pk)).status_code == 403
        assert client.post(url("import_confirm", checked_job.pk), {"skip_invalid": "0"}).status_code == 403
        assert RosterImport.objects.count() == 1
        checked_job.refresh_from_db()
        assert checked_job.status == RosterImport.Status.CHECKED


class TestRosterImportPage:
    def test_it_offers_the_upload_and_explains_the_columns(self, english, pr_admin):
        response = english(pr_admin).get(url("import"))

        body = response.content.decode()
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in body
        assert 'accept=".csv,.xlsx"' in body
        assert '<label for="id_file">' in body
        for header in ("NIP", "nomor_pegawai", "nama", "unit_kerja", "tanggal_lahir", "no_hp", "pengikut_instagram"):
            assert f"<code>{header}</code>" in body, header
        assert "Sekretariat Jenderal / Biro Humas" in body
        assert "No roster has been uploaded yet." in body

    def test_it_lists_past_imports(self, english, pr_admin, checked_job):
        body = english(pr_admin).get(url("import")).content.decode()

        assert "pegawai.csv" in body
        assert "Checked, waiting for confirmation" in body
        assert "Rina Humas" in body
        assert url("import_detail", checked_job.pk) in body

    @pytest.mark.parametrize(
        ("name", "content"),
        [("laporan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00")],
    )
    def test_other_files_are_refused_with_a_message(
        self, english, pr_admin, name, content, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = english(pr_admin).post(
                url("import"), {"file": SimpleUploadedFile(name, content, "application/octet-stream")}
            )

        assert response.status_code == 200
        assert response.context["form"].errors["file"] == ["Upload the roster as a .csv or .xlsx file."]
        assert "Upload the roster as a .csv or .xlsx file." in response.content.decode()
        assert not RosterImport.objects.exists()

    def test_an_upload_without_a_file_is_refused(self, client_for, pr_admin):
        response = client_for(pr_admin).post(url("import"), {})

        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not RosterImport.objects.exists()


class TestRosterImportFlow:
    def upload(self, client, text: str, django_capture_on_commit_callbacks) -> RosterImport:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("import"), {"file": csv_upload(text)})
        job = RosterImport.objects.get()
        assert response.status_code == 302
        assert response.url == url("import_detail", job.pk)
        return job

    def test_upload_check_confirm_import(
        self, english, pr_admin, unit_humas, media_employee, django_capture_on_commit_callbacks
    ):
        client = english(pr_admin)

        job = self.upload(client, ROSTER, django_capture_on_commit_callbacks)

        assert job.status == RosterImport.Status.CHECKED
        assert (job.total_rows, job.created_count, job.updated_count, job.invalid_count, job.units_created) == (
            2,
            2,
            0,
            0,
            1,
        )
        assert not Employee.objects.filter(employee_id="199005172015031001").exists()
        preview = client.get(url("import_detail", job.pk))
        body = preview.content.decode()
        assert "What the import would do" in body
        assert "employees to add" in body
        assert "new units" in body
        assert "Import all rows" in body
        assert "skip the invalid ones" not in body
        assert "Ignored columns" in body
        assert "<code>Hobi</code>" in body
        assert "hx-trigger" not in body

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("import_confirm", job.pk), {"skip_invalid": "0"})

        assert response.status_code == 302
        assert response.url == url("import_detail", job.pk)
        job.refresh_from_db()
        assert job.status == RosterImport.Status.DONE
        budi = Employee.objects.get(employee_id="199005172015031001")
        assert (budi.name, budi.unit, budi.phone) == ("Budi Santoso", unit_humas, "+6281234567890")
        assert budi.accounts.get().followers == 1200
        assert Employee.objects.get(employee_id="198801012012012002").unit.name == "Biro Baru"
        done = client.get(url("import_detail", job.pk)).content.decode()
        assert "employees added" in done
        assert url("employee_list") in done
        assert "Budi Santoso" in client.get(url("employee_list")).content.decode()
        assert {"roster.upload", "roster.confirm", "roster.import"} <= set(
            AuditEvent.objects.values_list("action", flat=True)
        )

    def test_invalid_rows_are_listed_and_can_be_skipped(
        self, english, pr_admin, unit_humas, django_capture_on_commit_callbacks
    ):
        client = english(pr_admin)
        job = self.upload(client, ROSTER_WITH_AN_INVALID_ROW, django_capture_on_commit_callbacks)

        assert (job.status, job.invalid_count, job.created_count) == (RosterImport.Status.CHECKED, 1, 2)
        body = client.get(url("import_detail", job.pk)).content.decode()
        assert "Invalid rows" in body
        assert "Import the valid rows and skip the invalid ones" in body
        assert "Import all rows" not in body
        assert '<td data-label="Row">4</td>' in body
        assert "bukan-email" in body

        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("import_confirm", job.pk), {"skip_invalid": "1"})

        job.refresh_from_db()
        assert job.status == RosterImport.Status.DONE
        assert set(Employee.objects.values_list("name", flat=True)) == {"Budi Santoso", "Ani Lestari"}

    def test_confirming_all_rows_with_invalid_ones_is_refused(
        self, english, pr_admin, unit_humas, django_capture_on_commit_callbacks
    ):
        client = english(pr_admin)
        job = self.upload(client, ROSTER_WITH_AN_INVALID_ROW, django_capture_on_commit_callbacks)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("import_confirm", job.pk), {"skip_invalid": "0"}, follow=True)

        job.refresh_from_db()
        assert job.status == RosterImport.Status.CHECKED
        assert not Employee.objects.exists()
        assert "The file has invalid rows" in response.content.decode()

    def test_a_file_that_cannot_be_read_fails_in_words(self, english, pr_admin, django_capture_on_commit_callbacks):
        client = english(pr_admin)
        job = self.upload(client, "Kolom,Lain\n1,2\n", django_capture_on_commit_callbacks)

        assert job.status == RosterImport.Status.FAILED
        body = client.get(url("import_detail", job.pk)).content.decode()
        assert "The file could not be read" in body
        assert "no column for the employee ID" in body


class TestRosterImportProgress:
    @pytest.fixture
    def running_job(self, org, pr_admin):
        job = RosterImport.objects.create(
            organization=org, created_by=pr_admin.user, original_name="besar.xlsx", status=RosterImport.Status.IMPORTING
        )
        progress_set(f"roster-{job.pk}", done=2000, total=8000, phase="importing")
        yield job
        progress_clear(f"roster-{job.pk}")

    def test_a_running_job_shows_a_progress_bar_and_polls(self, english, pr_admin, running_job):
        body = english(pr_admin).get(url("import_detail", running_job.pk)).content.decode()

        assert '<progress id="job-progress" class="job-progress" value="2000" max="8000">' in body
        assert "2,000 of 8,000 rows (25%)" in body
        assert f'hx-get="{url("import_detail", running_job.pk)}"' in body
        assert 'hx-trigger="every 1s"' in body
        assert f'href="{url("import_detail", running_job.pk)}"' in body  # a refresh link without JavaScript

    def test_the_poll_gets_only_the_job_partial(self, english, pr_admin, running_job):
        response = english(pr_admin).get(url("import_detail", running_job.pk), headers={**HTMX, "HX-Target": "job"})

        body = response.content.decode()
        assert body.lstrip().startswith('<div id="job"')
        for frame in ("<html", "<header", "<footer", "<h1"):
            assert frame not in body, frame
        assert "2,000 of 8,000 rows" in body

    def test_the_poll_stops_when_the_job_is_done(self, english, pr_admin, running_job):
        RosterImport.objects.filter(pk=running_job.pk).update(status=RosterImport.Status.DONE, created_count=8000)

        response = english(pr_admin).get(url("import_detail", running_job.pk), headers={**HTMX, "HX-Target": "job"})

        body = response.content.decode()
        assert "hx-trigger" not in body
        assert "<progress" not in body
        assert "employees added" in body

    def test_a_job_not_started_yet_shows_a_waiting_bar(self, english, pr_admin, org):
        job = RosterImport.objects.create(organization=org, created_by=pr_admin.user, original_name="a.csv")

        body = english(pr_admin).get(url("import_detail", job.pk)).content.decode()

        assert '<progress id="job-progress" class="job-progress"></progress>' in body
        assert "Waiting for a background worker" in body
